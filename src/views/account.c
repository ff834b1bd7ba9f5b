/* account: see account.h. */
#include "account.h"

#include "html/html.h"
#include "views/form.h"

void view_csrf(struct buf *out, const char *csrf)
{
	buf_adds(out, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(out, csrf ? csrf : "");
	buf_adds(out, "\">\n");
}

static void error_alert(struct buf *out, const char *error)
{
	if (!error)
		return;
	buf_adds(out, "<div class=\"wa-error-summary\" role=\"alert\"><p>");
	html_txt(out, error);
	buf_adds(out, "</p></div>\n");
}

void view_login(struct buf *out, const struct page *p, const struct login_form *f)
{
	struct form_field email = {"email", _("E-mailadres"), NULL, NULL};
	struct form_field pw = {"password", _("Wachtwoord"), NULL, NULL};

	view_begin(out, p);
	view_el(out, "h1", _("Inloggen voor professionals"));
	view_el(out, "p class=\"wa-lead\"",
		_("Bewoners hebben geen account nodig om iets te melden."));
	error_alert(out, f->error);
	buf_adds(out, "<form class=\"wa-form\" method=\"post\" action=\"/login\">\n");
	view_csrf(out, f->csrf);
	buf_adds(out, "<input type=\"hidden\" name=\"next\" value=\"");
	html_attr(out, f->next ? f->next : "");
	buf_adds(out, "\">\n");
	form_input(out, &email, "email", "username", NULL, f->email);
	form_input(out, &pw, "password", "current-password", NULL, NULL);
	buf_adds(out, "<button type=\"submit\" class=\"wa-button\">");
	html_txt(out, _("Inloggen"));
	buf_adds(out, "</button>\n</form>\n<p><a href=\"/wachtwoord-vergeten\">");
	html_txt(out, _("Wachtwoord vergeten?"));
	buf_adds(out, "</a></p>\n");
	view_end(out, p);
}

void view_reset_request(struct buf *out, const struct page *p,
			const char *email, const char *csrf, const char *error)
{
	struct form_field f = {"email", _("E-mailadres"),
			       _("U krijgt een mail met een link om een nieuw "
				 "wachtwoord te kiezen."),
			       error};

	view_begin(out, p);
	view_el(out, "h1", _("Wachtwoord vergeten"));
	buf_adds(out, "<form class=\"wa-form\" method=\"post\" "
		      "action=\"/wachtwoord-vergeten\">\n");
	view_csrf(out, csrf);
	form_input(out, &f, "email", "username", NULL, email);
	buf_adds(out, "<button type=\"submit\" class=\"wa-button\">");
	html_txt(out, _("Stuur mij een link"));
	buf_adds(out, "</button>\n</form>\n");
	view_end(out, p);
}

void view_password(struct buf *out, const struct page *p,
		   const struct password_form *f)
{
	struct form_field pw = {"password", _("Nieuw wachtwoord"),
				_("Minstens 12 tekens. Een zin van een paar "
				  "woorden is sterk en goed te onthouden."),
				form_error_find(f->errors, f->nerrors, "password")};
	struct form_field pw2 = {"password2", _("Herhaal het wachtwoord"), NULL,
				 form_error_find(f->errors, f->nerrors, "password2")};

	view_begin(out, p);
	view_el(out, "h1", _("Kies een wachtwoord"));
	if (f->welcome)
		view_el(out, "p class=\"wa-lead\"", f->welcome);
	if (f->email) {
		buf_adds(out, "<p>");
		html_txtf(out, _("Voor het account %s."), f->email);
		buf_adds(out, "</p>\n");
	}
	form_error_summary(out, f->errors, f->nerrors, NULL);
	buf_adds(out, "<form class=\"wa-form\" method=\"post\" action=\"/wachtwoord/");
	html_attr(out, f->token);
	buf_adds(out, "\">\n");
	view_csrf(out, f->csrf);
	form_input(out, &pw, "password", "new-password", NULL, NULL);
	form_input(out, &pw2, "password", "new-password", NULL, NULL);
	buf_adds(out, "<button type=\"submit\" class=\"wa-button\">");
	html_txt(out, _("Wachtwoord opslaan"));
	buf_adds(out, "</button>\n</form>\n");
	view_end(out, p);
}

void view_message(struct buf *out, const struct page *p, const char *heading,
		  const char *message, const char *link, const char *link_text)
{
	view_begin(out, p);
	view_el(out, "h1", heading);
	if (message)
		view_el(out, "p class=\"wa-lead\"", message);
	if (link && link_text) {
		buf_adds(out, "<p><a href=\"");
		html_url_attr(out, link);
		buf_adds(out, "\">");
		html_txt(out, link_text);
		buf_adds(out, "</a></p>\n");
	}
	view_end(out, p);
}
