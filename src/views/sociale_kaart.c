/* sociale_kaart: the public pages of the social map (see sociale_kaart.h):
 * search, a service, an organisation.  A coordinator's pages of services
 * are views/service.c. */
#include "views/sociale_kaart.h"

#include <stdio.h>
#include <string.h>

#include "html/html.h"
#include "views/account.h"
#include "views/form.h"

/* --- words for codes ------------------------------------------------- */

const struct choice view_kaart_languages[] = {
	{"nl", N_("Nederlands"), NULL},	 {"en", N_("Engels"), NULL},
	{"ar", N_("Arabisch"), NULL},	 {"tr", N_("Turks"), NULL},
	{"ber", N_("Berbers (Tamazight)"), NULL},
	{"pl", N_("Pools"), NULL},	 {"es", N_("Spaans"), NULL},
	{"pt", N_("Portugees"), NULL},	 {"fr", N_("Frans"), NULL},
	{"de", N_("Duits"), NULL},	 {"pap", N_("Papiaments"), NULL},
	{"srn", N_("Sranantongo"), NULL}, {"ti", N_("Tigrinya"), NULL},
	{"so", N_("Somalisch"), NULL},	 {"fa", N_("Perzisch"), NULL},
	{"uk", N_("Oekraïens"), NULL},	 {"ru", N_("Russisch"), NULL},
	{"bg", N_("Bulgaars"), NULL},	 {"ro", N_("Roemeens"), NULL},
	{"zh", N_("Chinees"), NULL},	 {"hi", N_("Hindi"), NULL},
	{"ngt", N_("Nederlandse Gebarentaal"), NULL},
};
const size_t view_kaart_nlanguages =
	sizeof(view_kaart_languages) / sizeof(view_kaart_languages[0]);

const char *view_kaart_language(const char *code)
{
	for (size_t i = 0; code && i < view_kaart_nlanguages; i++)
		if (strcmp(code, view_kaart_languages[i].value) == 0)
			return _(view_kaart_languages[i].label);
	return code;
}

const char *view_kaart_cost(const char *cost)
{
	if (!cost)
		return NULL;
	if (strcmp(cost, "gratis") == 0)
		return _("Gratis");
	if (strcmp(cost, "eigen bijdrage") == 0)
		return _("Eigen bijdrage");
	if (strcmp(cost, "betaald") == 0)
		return _("U betaalt zelf");
	return cost;
}

const char *view_kaart_status(const char *status)
{
	if (!status || strcmp(status, "active") == 0)
		return _("Actief");
	if (strcmp(status, "temporarily closed") == 0)
		return _("Tijdelijk gesloten");
	if (strcmp(status, "inactive") == 0)
		return _("Niet actief");
	if (strcmp(status, "defunct") == 0)
		return _("Opgeheven");
	return status;
}

static const char *const months[12] = {
	N_("januari"), N_("februari"), N_("maart"),	N_("april"),
	N_("mei"),     N_("juni"),	N_("juli"),	N_("augustus"),
	N_("september"), N_("oktober"), N_("november"), N_("december"),
};

/* "12 maart 2025" from an ISO 8601 date; the text as given when it is
 * not one. */
void view_kaart_date(struct html *out, const char *iso)
{
	int y, m, d;

	if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 &&
	    m <= 12 && d >= 1 && d <= 31)
		html_textf(out, "%d %s %d", d, _(months[m - 1]), y);
	else
		html_text(out, iso ? iso : "?");
}

/* "Nederlands, Engels" from "nl en". */
static void write_languages(struct html *out, const char *codes)
{
	char code[8];
	int first = 1;

	for (const char *p = codes; p && *p;) {
		size_t n = strcspn(p, " ");

		if (n && n < sizeof(code)) {
			memcpy(code, p, n);
			code[n] = '\0';
			if (!first)
				html_lit(out, ", ");
			html_text(out, view_kaart_language(code));
			first = 0;
		}
		p += n;
		p += strspn(p, " ");
	}
}

static void write_norm(struct html *out, int days)
{
	if (days == 0)
		html_text(out, _("U krijgt dezelfde werkdag antwoord."));
	else if (days == 1)
		html_text(out, _("U krijgt binnen 1 werkdag antwoord."));
	else
		html_textf(out, _("U krijgt binnen %d werkdagen antwoord."), days);
}

static void write_where(struct html *out, int level, const char *name)
{
	switch (level) {
	case 0: html_textf(out, _("In uw buurt (%s)"), name); break;
	case 1: html_textf(out, _("In uw wijk (%s)"), name); break;
	case 2: html_textf(out, _("In uw gebied (%s)"), name); break;
	case 3: html_textf(out, _("In uw stadsdeel (%s)"), name); break;
	default: html_textf(out, _("In heel %s"), name); break;
	}
}

/* <dt>term</dt><dd> ... the caller writes the value and closes. */
static void dt(struct html *out, const char *term)
{
	html_lit(out, "<dt>");
	html_text(out, term);
	html_lit(out, "</dt>\n<dd>");
}

void view_kaart_stale_note(struct html *out, const char *confirmed_at,
			   int days)
{
	html_lit(out, "<p class=\"wa-note wa-stale\"><strong>");
	html_text(out, _("Mogelijk verouderd."));
	html_lit(out, "</strong> ");
	html_textf(out, _("De organisatie heeft deze informatie langer dan %d "
			  "dagen niet bevestigd. Laatst bevestigd op"),
		   days);
	html_lit(out, " ");
	view_kaart_date(out, confirmed_at);
	html_lit(out, ".</p>\n");
}

static void closed_note(struct html *out)
{
	html_lit(out, "<p><strong>");
	html_text(out, _("Tijdelijk gesloten."));
	html_lit(out, "</strong></p>\n");
}

static void contact_lines(struct html *out, const struct sk_card *c)
{
	if (c->how) {
		html_text(out, c->how);
		html_lit(out, "<br>");
	}
	if (c->phone) {
		html_textf(out, _("Telefoon: %s"), c->phone);
		html_lit(out, "<br>");
	}
	if (c->email) {
		html_textf(out, _("E-mail: %s"), c->email);
		html_lit(out, "<br>");
	}
	if (c->url && html_url_ok(c->url))
		view_link(out, c->url, _("Website"));
}

static void cost_line(struct html *out, const struct sk_card *c)
{
	html_text(out, c->cost ? view_kaart_cost(c->cost) : _("Niet bekend"));
	if (c->fees) {
		html_lit(out, ". ");
		html_text(out, c->fees);
	}
}

static void expect_line(struct html *out, const struct sk_card *c)
{
	if (c->norm_days >= 0)
		write_norm(out, c->norm_days);
	else
		html_text(out, _("De organisatie heeft niet gezegd hoe snel u "
				 "antwoord krijgt."));
	if (c->norm_text) {
		html_lit(out, " ");
		html_text(out, c->norm_text);
	}
}

static void card(struct html *out, const struct sk_card *c, int days)
{
	html_lit(out, "<li>\n<h3>");
	view_link(out, c->href, c->name);
	html_lit(out, "</h3>\n");
	if (c->org_name) {
		html_lit(out, "<p>");
		if (c->org_href)
			view_link(out, c->org_href, c->org_name);
		else
			html_text(out, c->org_name);
		html_lit(out, "</p>\n");
	}
	if (c->closed)
		closed_note(out);
	if (c->stale)
		view_kaart_stale_note(out, c->confirmed_at, days);
	html_lit(out, "<dl class=\"wa-summary\">\n");
	if (c->for_whom) {
		dt(out, _("Voor wie"));
		html_text(out, c->for_whom);
		html_lit(out, "</dd>\n");
	}
	if (c->level >= 0 && c->area_name) {
		dt(out, _("Waar"));
		write_where(out, c->level, c->area_name);
		html_lit(out, "</dd>\n");
	}
	if (c->how || c->phone || c->email || c->url) {
		dt(out, _("Contact"));
		contact_lines(out, c);
		html_lit(out, "</dd>\n");
	}
	if (c->opening_hours) {
		dt(out, _("Open"));
		html_text(out, c->opening_hours);
		html_lit(out, "</dd>\n");
	}
	dt(out, _("Kosten"));
	cost_line(out, c);
	html_lit(out, "</dd>\n");
	if (c->languages && *c->languages) {
		dt(out, _("Talen"));
		write_languages(out, c->languages);
		html_lit(out, "</dd>\n");
	}
	dt(out, _("Wat mag u verwachten"));
	expect_line(out, c);
	html_lit(out, "</dd>\n</dl>\n</li>\n");
}

/* --- search ---------------------------------------------------------- */

static void search_form(struct html *out, const struct kaart_search_page *s)
{
	struct form_field f;

	html_lit(out, "<form method=\"get\" action=\"/sociale-kaart\" "
		      "class=\"wa-form\" role=\"search\">\n");
	f = (struct form_field){"q", _("Waar zoekt u hulp bij?"),
				_("Bijvoorbeeld: schulden, eenzaamheid, "
				  "lantaarnpaal, mantelzorg"),
				NULL};
	form_input(out, &f, "search", "off", NULL, s->q);
	f = (struct form_field){"buurt", _("Waar woont u?"),
				_("Kies uw buurt. Dan ziet u ook wat er in uw "
				  "wijk, stadsdeel en de hele stad is."),
				NULL};
	form_select(out, &f, _("Heel de stad"), s->buurten, s->nbuurten,
		    s->buurt);
	f = (struct form_field){"doelgroep", _("Voor wie?"), NULL, NULL};
	form_select(out, &f, _("Voor iedereen"), s->doelgroepen,
		    s->ndoelgroepen, s->doelgroep);
	f = (struct form_field){"thema", _("Onderwerp"), NULL, NULL};
	form_select(out, &f, _("Alle onderwerpen"), s->themas, s->nthemas,
		    s->thema);
	f = (struct form_field){"kosten", _("Kosten"), NULL, NULL};
	form_select(out, &f, _("Maakt niet uit"), s->kosten_opts, s->nkosten,
		    s->kosten);
	f = (struct form_field){"taal", _("Taal"),
				_("In welke taal wilt u geholpen worden?"), NULL};
	form_select(out, &f, _("Maakt niet uit"), s->talen, s->ntalen, s->taal);
	html_lit(out, "<div class=\"wa-actions\"><button type=\"submit\" "
		      "class=\"wa-button\">");
	html_text(out, _("Zoeken"));
	html_lit(out, "</button></div>\n</form>\n");
}

static void search_error(struct html *out, const char *msg)
{
	html_lit(out, "<div class=\"wa-error-summary\" role=\"alert\">\n<h2>");
	html_text(out, _("Zoeken lukte niet"));
	html_lit(out, "</h2>\n<p>");
	html_text(out, msg);
	html_lit(out, "</p>\n</div>\n");
}

static void pager(struct html *out, const struct kaart_search_page *s)
{
	if (s->pages <= 1)
		return;
	html_lit(out, "<nav aria-label=\"");
	html_value(out, _("Pagina's"));
	html_lit(out, "\"><p>");
	if (s->prev_href) {
		view_link(out, s->prev_href, _("Vorige pagina"));
		html_lit(out, " · ");
	}
	html_textf(out, _("Pagina %d van %d"), s->page, s->pages);
	if (s->next_href) {
		html_lit(out, " · ");
		view_link(out, s->next_href, _("Volgende pagina"));
	}
	html_lit(out, "</p></nav>\n");
}

static void results(struct html *out, const struct kaart_search_page *s)
{
	html_lit(out, "<section aria-labelledby=\"resultaten\">\n"
		      "<h2 id=\"resultaten\">");
	if (s->total == 1)
		html_text(out, _("1 resultaat"));
	else
		html_textf(out, _("%lld resultaten"), s->total);
	html_lit(out, "</h2>\n");
	if (s->broadened)
		view_el(out, "p class=\"wa-note\"",
			_("Geen enkele dienst past bij alle woorden. Dit zijn de "
			  "diensten die bij een deel van de woorden passen."));
	if (s->nresults == 0)
		view_el(out, "p",
			s->total ? _("Op deze pagina staan geen resultaten meer.")
				 : _("We vonden niets. Probeer een ander woord, of "
				     "kies minder filters."));
	html_lit(out, "<ol class=\"wa-choices\">\n");
	for (size_t i = 0; i < s->nresults; i++)
		card(out, &s->results[i], s->freshness_days);
	html_lit(out, "</ol>\n");
	pager(out, s);
	html_lit(out, "</section>\n");
}

void view_kaart_search(struct html *out, const struct page *p,
		       const struct kaart_search_page *s)
{
	view_begin(out, p);
	view_el(out, "h1", _("Waar kan ik terecht?"));
	view_el(out, "p class=\"wa-lead\"",
		_("Zoek hulp, advies en activiteiten bij u in de buurt. Bij "
		  "elke dienst staat voor wie die is, hoe u contact opneemt en "
		  "wat u mag verwachten."));
	if (s->error)
		search_error(out, s->error);
	search_form(out, s);
	if (s->note)
		view_el(out, "p class=\"wa-note\"", s->note);
	if (!s->error)
		results(out, s);
	view_end(out, p);
}

/* --- a service ---------------------------------------------------------- */

static void service_contact(struct html *out, const struct sk_card *c,
			    const char *address)
{
	view_el(out, "h2", _("Hoe komt u in contact?"));
	html_lit(out, "<p>");
	contact_lines(out, c);
	html_lit(out, "</p>\n");
	if (address)
		view_el(out, "p", address);
	if (c->opening_hours) {
		view_el(out, "h3", _("Wanneer open?"));
		view_el(out, "p class=\"wa-text\"", c->opening_hours);
	}
}

static void service_areas(struct html *out, const struct kaart_service_page *s)
{
	if (!s->nareas)
		return;
	view_el(out, "h2", _("Waar?"));
	html_lit(out, "<ul>\n");
	for (size_t i = 0; i < s->nareas; i++)
		view_el(out, "li", s->areas[i]);
	html_lit(out, "</ul>\n");
}

static void service_expect(struct html *out, const struct sk_card *c)
{
	view_el(out, "h2", _("Wat mag u verwachten?"));
	html_lit(out, "<p class=\"wa-status\">");
	expect_line(out, c);
	html_lit(out, "</p>\n");
}

static void service_facts(struct html *out, const struct kaart_service_page *s)
{
	const struct sk_card *c = s->card;

	view_el(out, "h2", _("Voor wie?"));
	view_el(out, "p class=\"wa-text\"",
		c->for_whom ? c->for_whom : _("Iedereen kan hier terecht."));
	if (s->doelgroepen)
		view_el(out, "p", s->doelgroepen);
	service_contact(out, c, s->address);
	view_el(out, "h2", _("Kosten"));
	html_lit(out, "<p>");
	cost_line(out, c);
	html_lit(out, "</p>\n");
	if (c->languages && *c->languages) {
		view_el(out, "h2", _("In welke talen?"));
		html_lit(out, "<p>");
		write_languages(out, c->languages);
		html_lit(out, "</p>\n");
	}
	service_areas(out, s);
	if (s->themas) {
		view_el(out, "h2", _("Onderwerpen"));
		view_el(out, "p", s->themas);
	}
}

static void confirmed_line(struct html *out, const char *confirmed_at)
{
	html_lit(out, "<p class=\"wa-note\">");
	html_text(out, _("De organisatie heeft deze informatie voor het laatst "
			 "bevestigd op"));
	html_lit(out, " ");
	view_kaart_date(out, confirmed_at);
	html_lit(out, ".</p>\n");
}

void view_kaart_service_main(struct html *out,
			    const struct kaart_service_page *s)
{
	const struct sk_card *c = s->card;

	if (s->status && strcmp(s->status, "active") != 0 &&
	    strcmp(s->status, "temporarily closed") != 0)
		view_el(out, "p", view_kaart_status(s->status));
	if (c->closed)
		closed_note(out);
	if (c->stale)
		view_kaart_stale_note(out, c->confirmed_at, s->freshness_days);
	if (s->description)
		view_el(out, "p class=\"wa-text\"", s->description);
	service_expect(out, c);
	service_facts(out, s);
	confirmed_line(out, c->confirmed_at);
}

void view_kaart_service(struct html *out, const struct page *p,
			const struct kaart_service_page *s)
{
	const struct sk_card *c = s->card;

	view_begin(out, p);
	html_lit(out, "<p>");
	view_link(out, "/sociale-kaart", _("Terug naar zoeken"));
	html_lit(out, "</p>\n");
	view_el(out, "h1", c->name);
	html_lit(out, "<p class=\"wa-lead\">");
	html_text(out, _("Van"));
	html_lit(out, " ");
	view_link(out, c->org_href, c->org_name);
	html_lit(out, "</p>\n");
	view_kaart_service_main(out, s);
	view_end(out, p);
}

/* --- an organisation -------------------------------------------------- */

void view_kaart_org(struct html *out, const struct page *p,
		    const struct kaart_org_page *o)
{
	view_begin(out, p);
	html_lit(out, "<p>");
	view_link(out, "/sociale-kaart", _("Terug naar zoeken"));
	html_lit(out, "</p>\n");
	view_el(out, "h1", o->name);
	if (o->kind)
		view_el(out, "p class=\"wa-lead\"", o->kind);
	if (o->description)
		view_el(out, "p class=\"wa-text\"", o->description);
	if (o->website || o->email) {
		html_lit(out, "<p>");
		if (o->website && html_url_ok(o->website)) {
			view_link(out, o->website, _("Website"));
			html_lit(out, "<br>");
		}
		if (o->email)
			html_textf(out, _("E-mail: %s"), o->email);
		html_lit(out, "</p>\n");
	}
	view_el(out, "h2", _("Waarvoor kunt u hier terecht?"));
	if (!o->nservices)
		view_el(out, "p", _("Deze organisatie heeft nog geen diensten "
				    "op de sociale kaart."));
	html_lit(out, "<ul class=\"wa-choices\">\n");
	for (size_t i = 0; i < o->nservices; i++)
		card(out, &o->services[i], o->freshness_days);
	html_lit(out, "</ul>\n");
	view_end(out, p);
}
