/* signal_werk: the signals of a professional's organisations, newest
 * first, and one signal with the resident's contact data when they were
 * asked for (see werk.h).  The list never shows contact data. */
#include "html/html.h"
#include "views/account.h"
#include "views/grade.h"
#include "domain/describe.h"
#include "views/resident.h"
#include "views/photo.h"
#include "views/werk.h"

/* --- the list -------------------------------------------------------- */

static void list_head(struct html *out)
{
	static const char *const cols[] = {
		N_("Gemeld op"), N_("Melding"), N_("Onderwerp"), N_("Buurt"),
		N_("Stadsdeel"), N_("Status")};

	html_lit(out, "<table class=\"wa-table\">\n<thead>\n<tr>");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		view_el(out, "th scope=\"col\"", _(cols[i]));
	html_lit(out, "</tr>\n</thead>\n<tbody>\n");
}

static void list_row(struct html *out, const struct werk_item *it)
{
	const struct signal_view *v = &it->signal;
	char when[64];

	html_lit(out, "<tr>");
	view_el(out, "td", describe_time(when, sizeof(when), v->created_at) == 0
				   ? when
				   : v->created_at);
	html_lit(out, "<td><a href=\"/werk/meldingen/");
	html_int(out, it->id);
	html_lit(out, "\">");
	html_text(out, describe_kind(v->kind));
	html_lit(out, ":</a> ");
	view_excerpt(out, v->text, 100);
	html_lit(out, "</td>\n");
	view_el(out, "td", v->category ? v->category : "");
	view_el(out, "td", v->buurt ? v->buurt : v->buurt_code);
	view_el(out, "td", v->stadsdeel ? v->stadsdeel : "");
	view_el(out, "td", describe_status(v->status));
	html_lit(out, "</tr>\n");
}

void view_werk_meldingen(struct html *out, const struct page *p,
			 const struct werk_list_page *l)
{
	view_begin(out, p);
	view_el(out, "h1", _("Meldingen van mijn organisaties"));
	view_el(out, "p class=\"wa-lead\"",
		_("De meldingen waarbij uw organisaties betrokken zijn, de "
		  "nieuwste eerst."));
	if (!l->nitems) {
		view_el(out, "p", _("Er zijn (nog) geen meldingen."));
	} else {
		list_head(out);
		for (size_t i = 0; i < l->nitems; i++)
			list_row(out, &l->items[i]);
		html_lit(out, "</tbody>\n</table>\n");
	}
	if (l->older) {
		html_lit(out, "<p><a href=\"/werk/meldingen?voor=");
		html_int(out, l->older);
		html_lit(out, "\">");
		html_text(out, _("Oudere meldingen"));
		html_lit(out, "</a></p>\n");
	}
	html_lit(out, "<p><a href=\"/werk\">");
	html_text(out, _("Terug naar mijn werk"));
	html_lit(out, "</a></p>\n");
	view_end(out, p);
}

/* --- one signal ------------------------------------------------------ */

static void facts(struct html *out, const struct signal_view *v)
{
	view_signal_facts(out, v);
	view_el(out, "h2", _("Wat er is gemeld"));
	view_el(out, "p class=\"wa-text\"", v->text);
	view_signal_place(out, v);
}

static void orgs(struct html *out, const struct werk_signal_page *s)
{
	if (!s->norgs)
		return;
	view_el(out, "h2", _("Betrokken organisaties"));
	html_lit(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < s->norgs; i++)
		view_el(out, "li", s->orgs[i]);
	html_lit(out, "</ul>\n");
}

static void contact_data(struct html *out, const struct contact_row *c)
{
	if (!c || (!c->email && !c->phone && !c->age_band)) {
		view_el(out, "p", _("Bij deze melding staan geen contactgegevens."));
	} else if (c->anonymised_at && !c->email && !c->phone) {
		view_el(out, "p", _("De melder heeft zijn of haar e-mailadres en "
				    "telefoonnummer laten wissen, of ze zijn na "
				    "de bewaartermijn gewist."));
	}
	if (c && (c->email || c->phone || c->age_band)) {
		html_lit(out, "<dl class=\"wa-summary\">\n");
		view_term(out, _("E-mailadres"), c->email);
		view_term(out, _("Telefoonnummer"), c->phone);
		view_term(out, _("Leeftijdsgroep"), c->age_band);
		html_lit(out, "</dl>\n");
	}
	view_el(out, "p class=\"wa-note\"",
		_("Deze inzage is vastgelegd in het auditlog: wie, wanneer en "
		  "bij welke melding."));
}

static void contact_section(struct html *out, const struct werk_signal_page *s)
{
	view_el(out, "h2", _("Contactgegevens van de melder"));
	if (s->contact_shown) {
		contact_data(out, s->contact);
		return;
	}
	view_el(out, "p", _("Alleen medewerkers van een betrokken organisatie "
			    "kunnen de contactgegevens zien. Elke inzage wordt "
			    "vastgelegd: wie, wanneer en bij welke melding."));
	html_lit(out, "<form class=\"wa-form\" method=\"post\" "
		      "action=\"/werk/meldingen/");
	html_int(out, s->id);
	html_lit(out, "/contact\">\n");
	view_csrf(out, s->csrf);
	html_lit(out, "<button type=\"submit\" class=\"wa-button\">");
	html_text(out, _("Toon de contactgegevens"));
	html_lit(out, "</button>\n</form>\n");
}

void view_werk_melding(struct html *out, const struct page *p,
		       const struct werk_signal_page *s)
{
	view_begin(out, p);
	html_lit(out, "<h1>");
	html_textf(out, "%s %lld", describe_kind(s->signal->kind),
		   (long long)s->id);
	html_lit(out, "</h1>\n");
	facts(out, s->signal);
	view_photos_werk(out, s->id, s->csrf, s->photos, s->nphotos);
	orgs(out, s);
	view_grades_werk(out, s->grades, s->ngrades);
	contact_section(out, s);
	html_lit(out, "<p><a href=\"/werk/meldingen\">");
	html_text(out, _("Terug naar de meldingen"));
	html_lit(out, "</a></p>\n");
	view_end(out, p);
}
