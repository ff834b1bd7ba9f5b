/* bevestiging: the page right after a report is sent.  Its most important
 * job is to hand over the private link to the signal: there is no account,
 * so that link is the only way back.  It also says who looks at the
 * signal and what happens next, and repeats what was sent. */
#include "html/html.h"
#include "domain/describe.h"
#include "views/views.h"

static void write_track_link(struct html *out, const struct signal_view *s)
{
	view_el(out, "h2", _("Bewaar deze link"));
	view_el(out, "p", _("Met deze link vindt u uw melding altijd terug en "
			    "ziet u wat ermee gebeurt:"));
	html_lit(out, "<p class=\"wa-track-link\"><a href=\"");
	html_url(out, s->track_url);
	html_lit(out, "\">");
	html_text(out, s->track_link ? s->track_link : s->track_url);
	html_lit(out, "</a></p>\n");
	view_el(out, "p", _("Zet de link bijvoorbeeld in uw bladwijzers of "
			    "in een notitie. Iedereen die de link heeft, kan "
			    "uw melding zien. Uw e-mailadres en "
			    "telefoonnummer ziet niemand."));
}

static void write_next(struct html *out, const struct signal_view *s)
{
	view_el(out, "h2", _("Wat gebeurt er nu?"));
	html_lit(out, "<ol class=\"wa-steps\">\n");
	view_el(out, "li", s->who && *s->who
				   ? s->who
				   : _("Een medewerker van de gemeente "
				       "bekijkt uw melding."));
	if (s->expected_by) {
		html_lit(out, "<li><strong>");
		html_textf(out, _("U hoort uiterlijk %s wat er met uw melding gebeurt."),
			   s->expected_by);
		html_lit(out, "</strong></li>\n");
	}
	view_el(out, "li", _("Wij zoeken uit wie het kan oplossen: de "
			     "gemeente of een partner."));
	view_el(out, "li", _("Op de pagina van uw melding ziet u wat ermee "
			     "gebeurt."));
	view_el(out, "li", _("Hebt u uw e-mailadres of telefoonnummer "
			     "gegeven? Dan nemen wij contact op als we een "
			     "vraag hebben."));
	html_lit(out, "</ol>\n");
}

static void summary_row(struct html *out, const char *term, const char *value)
{
	view_el(out, "dt", term);
	view_el(out, "dd", value);
}

static void write_summary(struct html *out, const struct signal_view *s)
{
	view_el(out, "h2", _("Wat u hebt gestuurd"));
	html_lit(out, "<dl class=\"wa-summary\">\n");
	summary_row(out, _("Soort"), describe_kind(s->kind));
	view_el(out, "dt", _("Uw bericht"));
	view_el(out, "dd class=\"wa-text\"", s->text);
	summary_row(out, _("Onderwerp"),
		    s->category ? s->category : _("Nog geen categorie"));
	summary_row(out, _("Buurt"), s->buurt ? s->buurt : _("Onbekend"));
	html_lit(out, "</dl>\n");
}

void view_bevestiging(struct html *out, const struct page *p,
		      const struct signal_view *s)
{
	view_begin(out, p);
	html_lit(out, "<div class=\"wa-panel wa-panel--success\">\n");
	view_el(out, "h1", _("Bedankt, uw melding is ontvangen"));
	html_lit(out, "</div>\n");
	write_track_link(out, s);
	write_next(out, s);
	write_summary(out, s);
	view_end(out, p);
}
