/* resident: see resident.h.  Every text is escaped; markup comes from literals;
 * no script, no inline style (the CSP forbids both). */
#include "views/resident.h"

#include <stdio.h>
#include <string.h>

#include "html/html.h"
#include "views/account.h"
#include "domain/describe.h"
#include "views/form.h"

#define MIJN_EXCERPT 160

void view_excerpt(struct html *out, const char *text, size_t max_bytes)
{
	size_t n = text ? strlen(text) : 0;

	if (n <= max_bytes) {
		html_text(out, text);
		return;
	}
	/* Back up to the start of a UTF-8 sequence. */
	n = max_bytes;
	while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
		n--;
	html_textn(out, text, n);
	html_lit(out, "…");
}

void view_mijn_request(struct html *out, const struct page *p,
		       const struct mijn_request_form *f)
{
	struct form_field email = {"email", _("E-mailadres"),
				   _("Het adres dat u bij uw melding heeft "
				     "opgegeven."),
				   f->error};

	view_begin(out, p);
	view_el(out, "h1", _("Mijn meldingen"));
	view_el(out, "p class=\"wa-lead\"",
		_("Wilt u al uw meldingen zien, of uw contactgegevens "
		  "veranderen of wissen? Vul het e-mailadres in dat u bij uw "
		  "melding heeft opgegeven. U krijgt dan een mail met een "
		  "link. U heeft geen account nodig."));
	html_lit(out, "<form class=\"wa-form\" method=\"post\" action=\"/mijn\">\n");
	view_csrf(out, f->csrf);
	form_input(out, &email, "email", "email", NULL, f->email);
	html_lit(out, "<button type=\"submit\" class=\"wa-button\">");
	html_text(out, _("Stuur mij een link"));
	html_lit(out, "</button>\n</form>\n");
	view_end(out, p);
}

void view_mijn_open(struct html *out, const struct page *p, const char *action,
		    const char *csrf)
{
	view_begin(out, p);
	view_el(out, "h1", _("Uw meldingen openen"));
	view_el(out, "p class=\"wa-lead\"",
		_("Klik op de knop om uw meldingen te zien. De link in uw mail "
		  "werkt daarna niet meer; u blijft wel ingelogd."));
	html_lit(out, "<form class=\"wa-form\" method=\"post\" action=\"");
	html_url(out, action);
	html_lit(out, "\">\n");
	view_csrf(out, csrf);
	html_lit(out, "<button type=\"submit\" class=\"wa-button\">");
	html_text(out, _("Open mijn meldingen"));
	html_lit(out, "</button>\n</form>\n");
	view_end(out, p);
}

static void row(struct html *out, const char *term, const char *value)
{
	view_el(out, "dt", term);
	view_el(out, "dd", value && *value ? value : _("niet opgegeven"));
}

/* The buurt and its stadsdeel: "Burgwallen-Oost, Centrum". */
static void place_row(struct html *out, const struct signal_view *s)
{
	const char *buurt = s->buurt ? s->buurt : s->buurt_code;

	if ((!buurt || !*buurt) && !s->stadsdeel) {
		row(out, _("Plek"), NULL);
		return;
	}
	view_el(out, "dt", _("Plek"));
	html_lit(out, "<dd>");
	html_text(out, buurt);
	if (s->stadsdeel) {
		html_lit(out, ", ");
		html_text(out, s->stadsdeel);
	}
	html_lit(out, "</dd>\n");
}

static void item(struct html *out, const struct mijn_item *it)
{
	const struct signal_view *s = &it->signal;
	char when[64];

	if (describe_time(when, sizeof(when), s->created_at) != 0)
		snprintf(when, sizeof(when), "%s", s->created_at ? s->created_at : "");
	html_lit(out, "<li>\n<h3>");
	/* TRANSLATORS: "Melding van 27 november 2026, 18:20" */
	html_textf(out, _("%s van %s"), describe_kind(s->kind), when);
	html_lit(out, "</h3>\n<p class=\"wa-text\">");
	view_excerpt(out, s->text, MIJN_EXCERPT);
	html_lit(out, "</p>\n<dl class=\"wa-summary\">\n");
	row(out, _("Status"), describe_status(s->status));
	place_row(out, s);
	row(out, _("Uw e-mailadres"), it->email);
	row(out, _("Uw telefoonnummer"), it->phone);
	row(out, _("Uw leeftijdsgroep"), it->age_band);
	html_lit(out, "</dl>\n<p><a class=\"wa-track-link\" href=\"");
	html_url(out, s->track_url);
	html_lit(out, "\">");
	html_text(out, _("Bekijk deze melding"));
	html_lit(out, "</a></p>\n</li>\n");
}

static void items(struct html *out, const struct mijn_page *m)
{
	if (!m->nitems) {
		view_el(out, "p", _("Er zijn geen meldingen (meer) met dit "
				    "e-mailadres."));
		return;
	}
	html_lit(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < m->nitems; i++)
		item(out, &m->items[i]);
	html_lit(out, "</ul>\n");
}

static const char *field_name(const char *field)
{
	if (strcmp(field, "email") == 0)
		return _("E-mailadres");
	if (strcmp(field, "phone") == 0)
		return _("Telefoonnummer");
	if (strcmp(field, "age_band") == 0)
		return _("Leeftijdsgroep");
	return NULL;
}

static void contact_form(struct html *out, const struct mijn_page *m)
{
	const struct field_error *e = m->errors;
	size_t n = m->nerrors;
	struct form_field email = {"email", _("E-mailadres"),
				   _("Hier sturen we berichten over uw "
				     "meldingen heen."),
				   form_error_find(e, n, "email")};
	struct form_field phone = {"phone", _("Telefoonnummer (mag leeg)"), NULL,
				   form_error_find(e, n, "phone")};
	struct form_field age = {"age_band", _("Leeftijdsgroep (mag leeg)"), NULL,
				 form_error_find(e, n, "age_band")};

	view_el(out, "h2 id=\"wijzigen\"", _("Contactgegevens veranderen"));
	view_el(out, "p", _("Wat u hier opslaat, geldt voor al uw meldingen."));
	form_error_summary(out, e, n, field_name);
	html_lit(out, "<form class=\"wa-form\" method=\"post\" "
		      "action=\"/mijn/contact\">\n");
	view_csrf(out, m->csrf);
	form_input(out, &email, "email", "email", NULL, m->form_email);
	form_input(out, &phone, "tel", "tel", "tel", m->form_phone);
	form_select(out, &age, _("Zeg ik liever niet"), m->age_bands,
		    m->nage_bands, m->form_age_band);
	html_lit(out, "<button type=\"submit\" class=\"wa-button\">");
	html_text(out, _("Opslaan"));
	html_lit(out, "</button>\n</form>\n");
}

static void delete_form(struct html *out, const struct mijn_page *m)
{
	view_el(out, "h2", _("Contactgegevens wissen"));
	view_el(out, "p", _("Wij wissen dan meteen uw e-mailadres en "
			    "telefoonnummer bij al uw meldingen. Daarna kunnen "
			    "wij u niet meer bereiken over deze meldingen en "
			    "werkt deze pagina niet meer. De meldingen zelf "
			    "blijven bestaan, zonder uw gegevens."));
	html_lit(out, "<form class=\"wa-form\" method=\"post\" "
		      "action=\"/mijn/wissen\">\n");
	view_csrf(out, m->csrf);
	html_lit(out, "<button type=\"submit\" class=\"wa-button\">");
	html_text(out, _("Wis mijn contactgegevens"));
	html_lit(out, "</button>\n</form>\n");
}

void view_mijn_meldingen(struct html *out, const struct page *p,
			 const struct mijn_page *m)
{
	view_begin(out, p);
	view_el(out, "h1", _("Mijn meldingen"));
	if (m->notice)
		view_el(out, "p class=\"wa-panel wa-panel--success\" role=\"status\"",
			m->notice);
	html_lit(out, "<p>");
	html_textf(out, _("Meldingen met het e-mailadres %s."), m->email);
	html_lit(out, "</p>\n");
	items(out, m);
	if (m->nitems) {
		contact_form(out, m);
		delete_form(out, m);
	}
	/* Log out: the button in the header (views/layout.c). */
	view_end(out, p);
}
