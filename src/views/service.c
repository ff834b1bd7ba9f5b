/* service: a coordinator's pages of the services of an organisation on
 * the social map (see sociale_kaart.h): the list, with each service's
 * freshness and a button to confirm it, and the form of one service. */
#include "views/sociale_kaart.h"

#include <stdio.h>
#include <string.h>

#include "html/html.h"
#include "views/account.h"
#include "views/form.h"

/* --- beheer: the form of a service --------------------------------------- */

static const char *field_name(const char *field)
{
	static const struct {
		const char *field, *label;
	} names[] = {
		{"name", N_("Naam")},
		{"description", N_("Wat doet u?")},
		{"eligibility", N_("Voor wie")},
		{"application", N_("Hoe komt iemand in contact")},
		{"opening_hours", N_("Openingstijden")},
		{"cost", N_("Kosten")},
		{"fees", N_("Uitleg over de kosten")},
		{"languages", N_("Talen")},
		{"phone", N_("Telefoon")},
		{"email", N_("E-mail")},
		{"url", N_("Website")},
		{"address", N_("Adres")},
		{"postal_code", N_("Postcode")},
		{"city", N_("Plaats")},
		{"norm_days", N_("Eerste antwoord binnen")},
		{"norm_text", N_("Wat mag iemand verwachten")},
		{"status", N_("Status")},
		{"areas", N_("Waar")},
		{"areas_other", N_("Andere gebieden")},
		{"terms", N_("Doelgroepen en onderwerpen")},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(field, names[i].field) == 0)
			return _(names[i].label);
	return field;
}

static struct form_field ffield(const struct dienst_form *f, const char *name,
				const char *hint)
{
	struct form_field ff = {name, field_name(name), hint,
				form_error_find(f->errors, f->nerrors, name)};

	return ff;
}

static void text_field(struct html *out, const struct dienst_form *f,
		       const char *name, const char *hint, const char *type,
		       const char *value)
{
	struct form_field ff = ffield(f, name, hint);

	form_input(out, &ff, type, "off", NULL, value);
}

static void area_field(struct html *out, const struct dienst_form *f,
		       const char *name, const char *hint, const char *value,
		       int rows)
{
	struct form_field ff = ffield(f, name, hint);

	form_textarea(out, &ff, value, rows);
}

static bool is_checked(const struct dienst_form *f, const char *code)
{
	for (size_t i = 0; i < f->nchecked; i++)
		if (f->checked[i] && strcmp(f->checked[i], code) == 0)
			return true;
	return false;
}

/* Checkboxes named `name`; the first carries id f-NAME for the summary. */
static void checkboxes(struct html *out, const struct dienst_form *f,
		       const char *name, const char *legend,
		       const struct choice *opts, size_t n, size_t *seq)
{
	struct form_field ff = ffield(f, name, NULL);

	html_lit(out, "<fieldset class=\"wa-fieldset\">\n");
	view_el(out, "legend class=\"wa-legend\"", legend);
	if (ff.error && *seq == 0)
		form_notes(out, &ff);
	html_lit(out, "<div class=\"wa-radios\">\n");
	for (size_t i = 0; i < n; i++, (*seq)++) {
		char id[48];

		if (*seq == 0)
			snprintf(id, sizeof(id), "f-%s", name);
		else
			snprintf(id, sizeof(id), "f-%s-%zu", name, *seq);
		html_lit(out, "<div class=\"wa-radio\">\n<input type=\"checkbox\" id=\"");
		html_value(out, id);
		html_lit(out, "\" name=\"");
		html_value(out, name);
		html_lit(out, "\" value=\"");
		html_value(out, opts[i].value);
		if (is_checked(f, opts[i].value))
			html_lit(out, "\" checked>\n");
		else
			html_lit(out, "\">\n");
		html_lit(out, "<label for=\"");
		html_value(out, id);
		html_lit(out, "\">");
		html_text(out, opts[i].label);
		html_lit(out, "</label>\n</div>\n");
	}
	html_lit(out, "</div>\n</fieldset>\n");
}

static void choice_select(struct html *out, const struct dienst_form *f,
			  const char *name, const char *first,
			  const char *const *values, size_t n, const char *sel,
			  const char *(*label)(const char *))
{
	struct form_field ff = ffield(f, name, NULL);
	struct choice opts[8];

	for (size_t i = 0; i < n && i < 8; i++)
		opts[i] = (struct choice){values[i], label(values[i]), NULL};
	form_select(out, &ff, first, opts, n < 8 ? n : 8, sel);
}

static void form_what(struct html *out, const struct dienst_form *f)
{
	static const char *const statuses[] = {"active", "temporarily closed",
					       "inactive", "defunct"};

	text_field(out, f, "name", _("Een korte naam die zegt wat het is, "
				     "zoals \"Hulp bij geldzaken\"."),
		   "text", f->name);
	area_field(out, f, "description", _("In gewone woorden: wat doet u "
					    "voor bewoners?"),
		   f->description, 5);
	area_field(out, f, "eligibility", _("Bijvoorbeeld: \"Voor iedereen "
					    "vanaf 65 jaar in Nieuw-West\"."),
		   f->eligibility, 2);
	choice_select(out, f, "status", _("Actief"), statuses + 1, 3, f->status,
		      view_kaart_status);
}

static void form_contact(struct html *out, const struct dienst_form *f)
{
	area_field(out, f, "application", _("Bellen, mailen, langskomen, een "
					    "verwijzing van de huisarts?"),
		   f->application, 3);
	text_field(out, f, "phone", NULL, "tel", f->phone);
	text_field(out, f, "email", NULL, "email", f->email);
	text_field(out, f, "url", _("Begint met https://"), "url", f->url);
	text_field(out, f, "address", NULL, "text", f->address);
	text_field(out, f, "postal_code", NULL, "text", f->postal_code);
	text_field(out, f, "city", NULL, "text", f->city);
	area_field(out, f, "opening_hours", _("Bijvoorbeeld: \"Maandag tot en "
					      "met donderdag van 9.00 tot 17.00 "
					      "uur\"."),
		   f->opening_hours, 3);
}

static void form_cost(struct html *out, const struct dienst_form *f)
{
	static const char *const costs[] = {"gratis", "eigen bijdrage", "betaald"};

	choice_select(out, f, "cost", _("Niet bekend"), costs, 3, f->cost,
		      view_kaart_cost);
	area_field(out, f, "fees", NULL, f->fees, 2);
	text_field(out, f, "languages",
		   _("Taalcodes met een spatie ertussen, zoals \"nl en ar tr\"."),
		   "text", f->languages);
}

static void form_expect(struct html *out, const struct dienst_form *f)
{
	text_field(out, f, "norm_days",
		   _("Aantal werkdagen (0 tot 365). Leeg: u belooft geen "
		     "termijn."),
		   "text", f->norm_days);
	area_field(out, f, "norm_text",
		   _("Wat mag iemand van u verwachten? Bijvoorbeeld: \"Binnen "
		     "een week heeft u een eerste gesprek.\""),
		   f->norm_text, 2);
}

static void form_where(struct html *out, const struct dienst_form *f)
{
	size_t seq = 0;

	checkboxes(out, f, "areas", _("Waar werkt deze dienst?"), f->area_opts,
		   f->narea_opts, &seq);
	text_field(out, f, "areas_other",
		   _("Codes van gebieden, wijken of buurten, met een spatie "
		     "ertussen, zoals \"AF AA01\"."),
		   "text", f->areas_other);
	seq = 0;
	checkboxes(out, f, "terms", _("Voor wie is deze dienst?"), f->doelgroepen,
		   f->ndoelgroepen, &seq);
	checkboxes(out, f, "terms", _("Bij welke onderwerpen helpt deze dienst?"),
		   f->themas, f->nthemas, &seq);
}

static void dienst_form(struct html *out, const struct dienst_form *f)
{
	form_error_summary(out, f->errors, f->nerrors, field_name);
	html_lit(out, "<form method=\"post\" class=\"wa-form\" action=\"");
	html_url(out, f->action);
	html_lit(out, "\" novalidate>\n");
	view_csrf(out, f->csrf);
	form_what(out, f);
	form_expect(out, f);
	form_contact(out, f);
	form_cost(out, f);
	form_where(out, f);
	if (f->ask_plain)
		form_checkbox(out, "confirm_plain", "1",
			      _("Ik heb de score gezien: publiceer de tekst zoals hij is"),
			      false);
	html_lit(out, "<div class=\"wa-actions\"><button type=\"submit\" "
		      "class=\"wa-button\">");
	html_text(out, f->submit);
	html_lit(out, "</button></div>\n</form>\n");
}

/* --- beheer: the list ----------------------------------------------------- */

static void confirmed_state(struct html *out, const char *confirmed_at,
			    bool stale, int days)
{
	if (stale) {
		view_kaart_stale_note(out, confirmed_at, days);
		return;
	}
	html_lit(out, "<p class=\"wa-note\">");
	html_text(out, _("Laatst bevestigd op"));
	html_lit(out, " ");
	view_kaart_date(out, confirmed_at);
	html_lit(out, ".</p>\n");
}

static void dienst_item(struct html *out, const struct diensten_page *d,
			const struct dienst_row *r)
{
	html_lit(out, "<li>\n<h3>");
	view_link(out, r->edit_href, r->name);
	html_lit(out, "</h3>\n");
	if (r->status && strcmp(r->status, "active") != 0)
		view_el(out, "p", view_kaart_status(r->status));
	confirmed_state(out, r->confirmed_at, r->stale, d->freshness_days);
	html_lit(out, "<p>");
	view_link(out, r->public_href, _("Bekijk zoals bewoners het zien"));
	html_lit(out, "</p>\n");
	if (d->can_edit)
		form_button_only(out, r->confirm_action, d->csrf,
			    _("Klopt nog: bevestigen"), true);
	html_lit(out, "</li>\n");
}

void view_diensten(struct html *out, const struct page *p,
		   const struct diensten_page *d)
{
	view_begin(out, p);
	html_lit(out, "<p>");
	view_link(out, d->org_href, d->org_name);
	html_lit(out, "</p>\n<h1>");
	html_textf(out, _("Diensten van %s op de sociale kaart"), d->org_name);
	html_lit(out, "</h1>\n");
	view_notice(out, d->notice);
	html_lit(out, "<p>");
	html_textf(out, _("Bewoners zien hier wie wat doet en wat ze mogen "
			  "verwachten. Bevestig minstens elke %d dagen dat de "
			  "informatie nog klopt; anders staat er \"mogelijk "
			  "verouderd\" bij."),
		   d->freshness_days);
	html_lit(out, "</p>\n");
	view_el(out, "h2", _("Uw diensten"));
	if (!d->nrows)
		view_el(out, "p", _("Er staan nog geen diensten op de kaart."));
	html_lit(out, "<ul class=\"wa-choices\">\n");
	for (size_t i = 0; i < d->nrows; i++)
		dienst_item(out, d, &d->rows[i]);
	html_lit(out, "</ul>\n");
	if (d->form) {
		html_lit(out, "<h2 id=\"nieuw\">");
		html_text(out, _("Nieuwe dienst"));
		html_lit(out, "</h2>\n");
		dienst_form(out, d->form);
	}
	view_end(out, p);
}

void view_dienst(struct html *out, const struct page *p,
		 const struct dienst_page *d)
{
	view_begin(out, p);
	html_lit(out, "<p>");
	view_link(out, d->list_href, _("Alle diensten"));
	html_lit(out, " · ");
	view_link(out, d->public_href, _("Bekijk zoals bewoners het zien"));
	html_lit(out, "</p>\n");
	view_el(out, "h1", d->name);
	view_notice(out, d->notice);
	confirmed_state(out, d->confirmed_at, d->stale, d->freshness_days);
	if (d->can_edit)
		form_button_only(out, d->confirm_action, d->csrf,
			    _("Klopt nog: bevestigen"), true);
	if (d->form) {
		view_el(out, "h2", _("Aanpassen"));
		dienst_form(out, d->form);
	} else if (d->details) {
		view_kaart_service_main(out, d->details);
	}
	if (d->can_edit) {
		view_el(out, "h2", _("Verwijderen"));
		view_el(out, "p", _("Bestaat deze dienst niet meer? Verwijder hem "
				    "dan van de sociale kaart."));
		form_button_only(out, d->delete_action, d->csrf,
			    _("Dienst verwijderen"), true);
	}
	view_end(out, p);
}
