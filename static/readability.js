/* readability.js: the plain-language box beside a text, live.
 *
 * For every <textarea data-readability="BOX-ID">, after the writer stops
 * typing for a moment, the text goes to POST /api/v1/readability and the
 * box (a <section aria-live="polite">, made by views/readability.c's
 * view_readability_live, or made here when the page has none) shows the
 * score, the target, "indicatief" under 40 words, the long sentences and
 * the words with a plainer alternative.  Its labels come from the box's
 * data-l-* attributes, in the page's language.  Without this script the
 * form's preview step shows the same box from the server.
 * SPDX-License-Identifier: EUPL-1.2 */
(function () {
	"use strict";
	var PAUSE_MS = 700;
	var DEFAULTS = {
		heading: "Leesbaarheid",
		score: "Score",
		target: "doel: %d of meer, ongeveer taalniveau B1",
		ok: "Goed leesbaar.",
		low: "Onder het doel: maak zinnen korter en kies kortere woorden.",
		indicative: "Indicatief: de tekst heeft minder dan %d woorden.",
		long: "Lange zinnen (meer dan %d woorden)",
		words: "%d woorden",
		plain: "Woorden met een gewoner alternatief",
		instead: "schrijf liever"
	};

	function label(box, name) {
		return box.getAttribute("data-l-" + name) || DEFAULTS[name];
	}

	function number(box, name, fallback) {
		var v = parseInt(box.getAttribute("data-" + name), 10);
		return isNaN(v) ? fallback : v;
	}

	function el(tag, text, cls) {
		var e = document.createElement(tag);
		if (text !== undefined && text !== null)
			e.textContent = text;
		if (cls)
			e.className = cls;
		return e;
	}

	function boxFor(area, n) {
		var id = area.getAttribute("data-readability") ||
			(area.id || "wa-tekst-" + n) + "-leesbaarheid";
		var box = document.getElementById(id);
		var described = area.getAttribute("aria-describedby") || "";

		if (!box) {
			box = el("section", null, "wa-readability");
			box.id = id;
			box.setAttribute("aria-live", "polite");
			box.setAttribute("aria-labelledby", id + "-kop");
			area.parentNode.insertBefore(box, area.nextSibling);
		}
		box.removeAttribute("hidden");
		if ((" " + described + " ").indexOf(" " + id + " ") < 0)
			area.setAttribute("aria-describedby", (described + " " + id).trim());
		return box;
	}

	function scoreText(box, score) {
		var dec = box.getAttribute("data-decimal") || ",";
		return score === null ? "-" : score.toFixed(1).replace(".", dec);
	}

	function verdict(box, j) {
		var p = el("p", null, "wa-readability-score");
		var strong = el("strong", label(box, "score") + ": " + scoreText(box, j.score));
		var target = label(box, "target").replace("%d", String(j.target));

		p.appendChild(strong);
		p.appendChild(document.createTextNode(" (" + target + ")."));
		box.appendChild(p);
		if (j.indicative)
			box.appendChild(el("p", label(box, "indicative").replace(
				"%d", String(number(box, "min-words", 40))),
				"wa-readability-indicative"));
		if (j.score !== null && j.score >= j.target)
			box.appendChild(el("p", label(box, "ok"), "wa-readability-ok"));
		else
			box.appendChild(el("p", label(box, "low"), "wa-readability-low"));
	}

	function longSentences(box, j) {
		var ul;

		if (!j.long_sentences.length)
			return;
		box.appendChild(el("h3", label(box, "long").replace(
			"%d", String(number(box, "long", 20)))));
		ul = el("ul", null, "wa-readability-long");
		j.long_sentences.forEach(function (s) {
			var li = el("li");
			li.appendChild(el("q", s.text));
			li.appendChild(document.createTextNode(
				" (" + label(box, "words").replace("%d", String(s.words)) + ")"));
			ul.appendChild(li);
		});
		box.appendChild(ul);
	}

	function plainWords(box, j) {
		var ul, seen = {};

		if (!j.plain_alternatives.length)
			return;
		box.appendChild(el("h3", label(box, "plain")));
		ul = el("ul", null, "wa-readability-plain");
		j.plain_alternatives.forEach(function (w) {
			var li;
			if (seen[w.word])
				return;
			seen[w.word] = true;
			li = el("li");
			li.appendChild(el("strong", w.found || w.word));
			li.appendChild(document.createTextNode(": " + label(box, "instead") + " "));
			li.appendChild(el("q", w.instead));
			ul.appendChild(li);
		});
		box.appendChild(ul);
	}

	function render(box, j) {
		var h = el("h2", label(box, "heading"));

		h.id = box.id + "-kop";
		while (box.firstChild)
			box.removeChild(box.firstChild);
		box.appendChild(h);
		if (!j.words)
			return;
		verdict(box, j);
		longSentences(box, j);
		plainWords(box, j);
	}

	function watch(area, n) {
		var box = boxFor(area, n), timer = null, sent = null;

		if (!box.getAttribute("data-l-heading")) {
			var h = box.querySelector("h2");
			if (h)
				box.setAttribute("data-l-heading", h.textContent);
		}
		function check() {
			var text = area.value;
			if (text === sent)
				return;
			sent = text;
			fetch("/api/v1/readability", {
				method: "POST",
				headers: {"Content-Type": "application/json"},
				body: JSON.stringify({text: text}),
				credentials: "same-origin"
			}).then(function (r) {
				return r.ok ? r.json() : null;
			}).then(function (j) {
				/* an answer for an older text is dropped */
				if (j && area.value === text)
					render(box, j);
			}).catch(function () {
				sent = null; /* try again after the next pause */
			});
		}
		area.addEventListener("input", function () {
			clearTimeout(timer);
			timer = setTimeout(check, PAUSE_MS);
		});
		if (area.value)
			check();
	}

	function start() {
		var areas = document.querySelectorAll("textarea[data-readability]");
		for (var i = 0; i < areas.length; i++)
			watch(areas[i], i);
	}

	if (!window.fetch)
		return;
	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", start);
	else
		start();
})();
