/* home: the start page.  It says in plain Dutch (B1) what a resident can
 * do here, leads to the report form with one big link, and tells what
 * happens afterwards, because not knowing that is what residents complain
 * about most (DOMAIN.md: verwachtingsmanagement). */
#include "views/views.h"

#include "base/util.h"
#include "html/html.h"

static const struct {
	const char *what, *example;
} choices[] = {
	{N_("Iets melden"),
	 N_("Bijvoorbeeld een losse stoeptegel, afval op straat of overlast.")},
	{N_("Een vraag stellen"),
	 N_("U weet niet wie iets regelt of wat u mag verwachten.")},
	{N_("Een idee"),
	 N_("U hebt een plan om uw straat of buurt beter te maken.")},
};

static const char *const next_steps[] = {
	N_("U krijgt meteen een eigen link. Daarmee vindt u uw melding altijd "
	   "terug."),
	N_("Wij zoeken uit wie het kan oplossen: de gemeente of een partner, "
	   "zoals een woningcorporatie."),
	N_("Op de pagina van uw melding ziet u wat ermee gebeurt."),
};

static void write_choices(struct html *out)
{
	html_lit(out, "<ul class=\"wa-choices\">\n");
	for (size_t i = 0; i < ARRAY_SIZE(choices); i++) {
		html_lit(out, "<li>");
		view_el(out, "strong", _(choices[i].what));
		view_el(out, "span", _(choices[i].example));
		html_lit(out, "</li>\n");
	}
	html_lit(out, "</ul>\n");
}

static void write_next_steps(struct html *out)
{
	view_el(out, "h2", _("Wat gebeurt er daarna?"));
	html_lit(out, "<ol class=\"wa-steps\">\n");
	for (size_t i = 0; i < ARRAY_SIZE(next_steps); i++)
		view_el(out, "li", _(next_steps[i]));
	html_lit(out, "</ol>\n");
	view_el(out, "p", _("U hoeft geen account te maken en uw naam niet "
			    "te geven."));
}

void view_home(struct html *out, const struct page *p)
{
	view_begin(out, p);
	view_el(out, "h1", _("Iets zien, vragen of bedenken in uw buurt?"));
	view_el(out, "p class=\"wa-lead\"",
		_("Laat het de gemeente en haar partners weten. Dat kan over "
		  "uw eigen straat of buurt:"));
	write_choices(out);
	html_lit(out, "<p><a class=\"wa-button wa-button--large\" "
		      "href=\"/melden\">");
	html_text(out, _("Melding maken"));
	html_lit(out, "</a></p>\n");
	write_next_steps(out);
	view_end(out, p);
}
