/* readability: see readability.h.  The texts of the box are written
 * here once: the live box carries the same labels as data- attributes,
 * so static/readability.js says what this file says, in the same
 * language. */
#include "readability.h"

#include <stdio.h>

static const char *const label_heading = N_("Leesbaarheid");
static const char *const label_target = N_("doel: %d of meer, ongeveer taalniveau B1");
static const char *const label_ok = N_("Goed leesbaar.");
static const char *const label_low =
	N_("Onder het doel: maak zinnen korter en kies kortere woorden.");
static const char *const label_indicative =
	N_("Indicatief: de tekst heeft minder dan %d woorden.");
static const char *const label_long = N_("Lange zinnen (meer dan %d woorden)");
static const char *const label_words = N_("%d woorden");
static const char *const label_plain = N_("Woorden met een gewoner alternatief");
static const char *const label_instead = N_("schrijf liever");

/* One decimal, with a decimal comma in Dutch. */
static void score(struct html *out, const struct page *p, double v)
{
	char s[32];

	snprintf(s, sizeof(s), "%.1f", v);
	if (p->lang == LANG_NL)
		for (char *c = s; *c; c++)
			if (*c == '.')
				*c = ',';
	html_text(out, s);
}

static void heading(struct html *out, const char *id)
{
	html_lit(out, "<h2 id=\"");
	html_value(out, id);
	html_lit(out, "-kop\">");
	html_text(out, _(label_heading));
	html_lit(out, "</h2>\n");
}

static void verdict(struct html *out, const struct page *p,
		    const struct readability *r)
{
	html_lit(out, "<p class=\"wa-readability-score\"><strong>");
	html_textf(out, "%s: ", _("Score"));
	score(out, p, r->score);
	html_lit(out, "</strong> (");
	html_textf(out, _(label_target), READABILITY_TARGET);
	html_lit(out, ").</p>\n");
	if (r->indicative) {
		html_lit(out, "<p class=\"wa-readability-indicative\">");
		html_textf(out, _(label_indicative), READABILITY_MIN_WORDS);
		html_lit(out, "</p>\n");
	}
	if (r->score >= READABILITY_TARGET)
		html_el(out, "p class=\"wa-readability-ok\"", _(label_ok));
	else
		html_el(out, "p class=\"wa-readability-low\"", _(label_low));
}

static void long_sentences(struct html *out, const char *text,
			   const struct readability *r)
{
	if (!r->nlong)
		return;
	html_lit(out, "<h3>");
	html_textf(out, _(label_long), READABILITY_LONG_SENTENCE);
	html_lit(out, "</h3>\n<ul class=\"wa-readability-long\">\n");
	for (size_t i = 0; i < r->nlong; i++) {
		html_lit(out, "<li><q>");
		html_textn(out, text + r->long_sentences[i].start,
			   r->long_sentences[i].len);
		html_lit(out, "</q> (");
		html_textf(out, _(label_words), r->long_sentences[i].words);
		html_lit(out, ")</li>\n");
	}
	html_lit(out, "</ul>\n");
}

/* Each word once, in the order found. */
static bool seen_before(const struct readability *r, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (r->plain[j].word == r->plain[i].word)
			return true;
	return false;
}

static void plain_words(struct html *out, const char *text,
			const struct readability *r)
{
	if (!r->nplain)
		return;
	html_lit(out, "<h3>");
	html_text(out, _(label_plain));
	html_lit(out, "</h3>\n<ul class=\"wa-readability-plain\">\n");
	for (size_t i = 0; i < r->nplain; i++) {
		if (seen_before(r, i))
			continue;
		html_lit(out, "<li><strong>");
		html_textn(out, text + r->plain[i].at, r->plain[i].len);
		html_lit(out, "</strong>: ");
		html_text(out, _(label_instead));
		html_lit(out, " <q>");
		html_text(out, r->plain[i].instead);
		html_lit(out, "</q></li>\n");
	}
	html_lit(out, "</ul>\n");
}

static void section_open(struct html *out, const char *id)
{
	html_lit(out, "<section class=\"wa-readability\" id=\"");
	html_value(out, id);
	html_lit(out, "\" aria-labelledby=\"");
	html_value(out, id);
	html_lit(out, "-kop\" aria-live=\"polite\">\n");
}

void view_readability(struct html *out, const struct page *p, const char *id,
		      const char *text, const struct readability *r)
{
	section_open(out, id);
	heading(out, id);
	if (r->words) {
		verdict(out, p, r);
		long_sentences(out, text, r);
		plain_words(out, text, r);
	}
	html_lit(out, "</section>\n");
}

/* The labels as the script needs them; %d stands where the number goes. */
void view_readability_live(struct html *out, const struct page *p, const char *id)
{
	/* hidden until the script fills it: without JavaScript an empty
	 * box says nothing (the preview step shows the filled one) */
	html_lit(out, "<section hidden class=\"wa-readability\" id=\"");
	html_value(out, id);
	html_lit(out, "\" aria-labelledby=\"");
	html_value(out, id);
	html_lit(out, "-kop\" aria-live=\"polite\" data-l-score=\"");
	html_value(out, _("Score"));
	html_lit(out, "\" data-l-target=\"");
	html_value(out, _(label_target));
	html_lit(out, "\" data-l-ok=\"");
	html_value(out, _(label_ok));
	html_lit(out, "\" data-l-low=\"");
	html_value(out, _(label_low));
	html_lit(out, "\" data-l-indicative=\"");
	html_value(out, _(label_indicative));
	html_lit(out, "\" data-l-long=\"");
	html_value(out, _(label_long));
	html_lit(out, "\" data-l-words=\"");
	html_value(out, _(label_words));
	html_lit(out, "\" data-l-plain=\"");
	html_value(out, _(label_plain));
	html_lit(out, "\" data-l-instead=\"");
	html_value(out, _(label_instead));
	html_lit(out, "\" data-decimal=\"");
	html_value(out, p->lang == LANG_NL ? "," : ".");
	html_lit(out, "\" data-target=\"");
	html_int(out, READABILITY_TARGET);
	html_lit(out, "\" data-min-words=\"");
	html_int(out, READABILITY_MIN_WORDS);
	html_lit(out, "\" data-long=\"");
	html_int(out, READABILITY_LONG_SENTENCE);
	html_lit(out, "\">\n");
	heading(out, id);
	html_lit(out, "</section>\n");
}

void view_readability_script(struct html *out)
{
	html_lit(out, "<script src=\"/static/readability.js\" defer></script>\n");
}
