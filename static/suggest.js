/* suggest.js: the category suggestion on the report form, live.
 *
 * After the resident stops typing in the text (#f-text) for a moment,
 * and while no category is chosen (#f-category), the text goes to
 * GET /api/v1/categories/suggest.  When the answer has a suggestion the
 * box #f-category-suggest (aria-live="polite", made by views/suggest.c)
 * says which category and "because you wrote: ...", with a button that
 * chooses it in the list; it empties when there is none.  Its labels
 * come from the box's data-l-* attributes, in the page's language.
 * Without this script the form asks in a second step
 * (views/melden_hint.c); the hidden field voorstel_getoond this script
 * adds tells the server it need not.
 * SPDX-License-Identifier: EUPL-1.2 */
(function () {
	"use strict";
	var PAUSE_MS = 600;
	var MIN_CHARS = 10;

	function label(box, name) {
		return box.getAttribute("data-l-" + name) || "";
	}

	function el(tag, text, cls) {
		var e = document.createElement(tag);
		if (text)
			e.textContent = text;
		if (cls)
			e.className = cls;
		return e;
	}

	function clear(box) {
		while (box.firstChild)
			box.removeChild(box.firstChild);
		box.hidden = true;
	}

	function hasOption(select, code) {
		for (var i = 0; i < select.options.length; i++)
			if (select.options[i].value === code)
				return true;
		return false;
	}

	function show(box, select, s) {
		var p = el("p"), why = el("p", null, "wa-hint"), button;

		clear(box);
		p.appendChild(document.createTextNode(label(box, "suggest") + " "));
		p.appendChild(el("strong", s.name));
		why.appendChild(document.createTextNode(label(box, "because") + " "));
		s.words.forEach(function (w, i) {
			if (i)
				why.appendChild(document.createTextNode(", "));
			why.appendChild(el("strong", w));
		});
		button = el("button", label(box, "choose"), "wa-button wa-button--secondary");
		button.type = "button";
		button.setAttribute("data-code", s.code);
		button.addEventListener("click", function () {
			select.value = s.code;
			select.dispatchEvent(new Event("change"));
			clear(box);
			box.appendChild(el("p", label(box, "chosen") + " " + s.name));
			box.hidden = false;
			select.focus();
		});
		box.appendChild(p);
		box.appendChild(why);
		box.appendChild(button);
		box.hidden = false;
	}

	function setup() {
		var text = document.getElementById("f-text");
		var select = document.getElementById("f-category");
		var box = document.getElementById("f-category-suggest");
		var timer = null, asked = "", seq = 0;

		if (!text || !select || !box || !window.fetch)
			return;
		/* the form's step without JavaScript need not ask again */
		if (select.form) {
			var flag = document.createElement("input");
			flag.type = "hidden";
			flag.name = "voorstel_getoond";
			flag.value = "1";
			select.form.appendChild(flag);
		}

		function ask() {
			var t = text.value.trim(), mine;

			if (select.value || t.length < MIN_CHARS) {
				if (!select.value)
					clear(box);
				return;
			}
			if (t === asked)
				return;
			asked = t;
			mine = ++seq;
			fetch("/api/v1/categories/suggest?text=" + encodeURIComponent(t),
			      {headers: {"Accept": "application/json"}})
				.then(function (r) { return r.ok ? r.json() : null; })
				.then(function (j) {
					if (mine !== seq || select.value)
						return; /* a later answer, or already chosen */
					if (j && j.suggestions && j.suggestions.length &&
					    hasOption(select, j.suggestions[0].code))
						show(box, select, j.suggestions[0]);
					else
						clear(box);
				})
				.catch(function () { /* a courtesy: the form works without */ });
		}

		text.addEventListener("input", function () {
			clearTimeout(timer);
			timer = setTimeout(ask, PAUSE_MS);
		});
		select.addEventListener("change", function () {
			if (select.value && !box.hidden && box.querySelector("button"))
				clear(box);
		});
		if (text.value)
			ask();
	}

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", setup);
	else
		setup();
})();
