/* mijn: see mijn.h.  Every text is escaped; markup comes from literals;
 * no script, no inline style (the CSP forbids both). */
#include "views/mijn.h"

#include <stdio.h>
#include <string.h>

#include "html/html.h"
#include "views/account.h"
#include "views/describe.h"
#include "views/form.h"

#define MIJN_EXCERPT 160

void view_excerpt(struct buf *out, const char *text, size_t max_bytes)
{
	size_t n = text ? strlen(text) : 0;

	if (n <= max_bytes) {
		html_txt(out, text);
		return;
	}
	/* Back up to the start of a UTF-8 sequence. */
	n = max_bytes;
	while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
		n--;
	html_txtn(out, text, n);
	buf_adds(out, "…");
}

void view_mijn_request(struct buf *out, const struct page *p,
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
	buf_adds(out, "<form class=\"wa-form\" method=\"post\" action=\"/mijn\">\n");
	view_csrf(out, f->csrf);
	form_input(out, &email, "email", "email", NULL, f->email);
	buf_adds(out, "<button type=\"submit\" class=\"wa-button\">");
	html_txt(out, _("Stuur mij een link"));
	buf_adds(out, "</button>\n</form>\n");
	view_end(out, p);
}

void view_mijn_open(struct buf *out, const struct page *p, const char *action,
		    const char *csrf)
{
	view_begin(out, p);
	view_el(out, "h1", _("Uw meldingen openen"));
	view_el(out, "p class=\"wa-lead\"",
		_("Klik op de knop om uw meldingen te zien. De link in uw mail "
		  "werkt daarna niet meer; u blijft wel ingelogd."));
	buf_adds(out, "<form class=\"wa-form\" method=\"post\" action=\"");
	html_url_attr(out, action);
	buf_adds(out, "\">\n");
	view_csrf(out, csrf);
	buf_adds(out, "<button type=\"submit\" class=\"wa-button\">");
	html_txt(out, _("Open mijn meldingen"));
	buf_adds(out, "</button>\n</form>\n");
	view_end(out, p);
}

static void row(struct buf *out, const char *term, const char *value)
{
	view_el(out, "dt", term);
	view_el(out, "dd", value && *value ? value : _("niet opgegeven"));
}

static const char *place(struct buf *tmp, const struct signal_view *s)
{
	buf_reset(tmp);
	buf_adds(tmp, s->buurt ? s->buurt : s->buurt_code ? s->buurt_code : "");
	if (s->stadsdeel) {
		buf_adds(tmp, ", ");
		buf_adds(tmp, s->stadsdeel);
	}
	return buf_str(tmp);
}

static void item(struct buf *out, const struct mijn_item *it)
{
	const struct signal_view *s = &it->signal;
	char when[64];
	struct buf tmp;

	buf_init(&tmp, 1024);
	if (describe_time(when, sizeof(when), s->created_at) != 0)
		snprintf(when, sizeof(when), "%s", s->created_at ? s->created_at : "");
	buf_adds(out, "<li>\n<h3>");
	/* TRANSLATORS: "Melding van 27 november 2026, 18:20" */
	html_txtf(out, _("%s van %s"), describe_kind(s->kind), when);
	buf_adds(out, "</h3>\n<p class=\"wa-text\">");
	view_excerpt(out, s->text, MIJN_EXCERPT);
	buf_adds(out, "</p>\n<dl class=\"wa-summary\">\n");
	row(out, _("Status"), describe_status(s->status));
	row(out, _("Plek"), place(&tmp, s));
	row(out, _("Uw e-mailadres"), it->email);
	row(out, _("Uw telefoonnummer"), it->phone);
	row(out, _("Uw leeftijdsgroep"), it->age_band);
	buf_adds(out, "</dl>\n<p><a class=\"wa-track-link\" href=\"");
	html_url_attr(out, s->track_url);
	buf_adds(out, "\">");
	html_txt(out, _("Bekijk deze melding"));
	buf_adds(out, "</a></p>\n</li>\n");
	buf_release(&tmp);
}

static void items(struct buf *out, const struct mijn_page *m)
{
	if (!m->nitems) {
		view_el(out, "p", _("Er zijn geen meldingen (meer) met dit "
				    "e-mailadres."));
		return;
	}
	buf_adds(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < m->nitems; i++)
		item(out, &m->items[i]);
	buf_adds(out, "</ul>\n");
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

static void contact_form(struct buf *out, const struct mijn_page *m)
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
	buf_adds(out, "<form class=\"wa-form\" method=\"post\" "
		      "action=\"/mijn/contact\">\n");
	view_csrf(out, m->csrf);
	form_input(out, &email, "email", "email", NULL, m->form_email);
	form_input(out, &phone, "tel", "tel", "tel", m->form_phone);
	form_select(out, &age, _("Zeg ik liever niet"), m->age_bands,
		    m->nage_bands, m->form_age_band);
	buf_adds(out, "<button type=\"submit\" class=\"wa-button\">");
	html_txt(out, _("Opslaan"));
	buf_adds(out, "</button>\n</form>\n");
}

static void delete_form(struct buf *out, const struct mijn_page *m)
{
	view_el(out, "h2", _("Contactgegevens wissen"));
	view_el(out, "p", _("Wij wissen dan meteen uw e-mailadres en "
			    "telefoonnummer bij al uw meldingen. Daarna kunnen "
			    "wij u niet meer bereiken over deze meldingen en "
			    "werkt deze pagina niet meer. De meldingen zelf "
			    "blijven bestaan, zonder uw gegevens."));
	buf_adds(out, "<form class=\"wa-form\" method=\"post\" "
		      "action=\"/mijn/wissen\">\n");
	view_csrf(out, m->csrf);
	buf_adds(out, "<button type=\"submit\" class=\"wa-button\">");
	html_txt(out, _("Wis mijn contactgegevens"));
	buf_adds(out, "</button>\n</form>\n");
}

void view_mijn_meldingen(struct buf *out, const struct page *p,
			 const struct mijn_page *m)
{
	view_begin(out, p);
	view_el(out, "h1", _("Mijn meldingen"));
	if (m->notice)
		view_el(out, "p class=\"wa-panel wa-panel--success\" role=\"status\"",
			m->notice);
	buf_adds(out, "<p>");
	html_txtf(out, _("Meldingen met het e-mailadres %s."), m->email);
	buf_adds(out, "</p>\n");
	items(out, m);
	if (m->nitems) {
		contact_form(out, m);
		delete_form(out, m);
	}
	/* Log out: the button in the header (views/layout.c). */
	view_end(out, p);
}
