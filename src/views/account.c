/* account: see account.h. */
#include "account.h"

#include "html/html.h"
#include "views/form.h"

void view_csrf(struct html *out, const char *csrf)
{
	html_lit(out, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_value(out, csrf ? csrf : "");
	html_lit(out, "\">\n");
}

static void error_alert(struct html *out, const char *error)
{
	if (!error)
		return;
	html_lit(out, "<div class=\"wa-error-summary\" role=\"alert\"><p>");
	html_text(out, error);
	html_lit(out, "</p></div>\n");
}

void view_login(struct html *out, const struct page *p, const struct login_form *f)
{
	struct form_field email = {"email", _("E-mailadres"), NULL, NULL};
	struct form_field pw = {"password", _("Wachtwoord"), NULL, NULL};

	view_begin(out, p);
	view_el(out, "h1", _("Inloggen voor professionals"));
	view_el(out, "p class=\"wa-lead\"",
		_("Bewoners hebben geen account nodig om iets te melden."));
	error_alert(out, f->error);
	html_lit(out, "<form class=\"wa-form\" method=\"post\" action=\"/login\">\n");
	view_csrf(out, f->csrf);
	html_lit(out, "<input type=\"hidden\" name=\"next\" value=\"");
	html_value(out, f->next ? f->next : "");
	html_lit(out, "\">\n");
	form_input(out, &email, "email", "username", NULL, f->email);
	form_input(out, &pw, "password", "current-password", NULL, NULL);
	html_lit(out, "<button type=\"submit\" class=\"wa-button\">");
	html_text(out, _("Inloggen"));
	html_lit(out, "</button>\n</form>\n<p><a href=\"/wachtwoord-vergeten\">");
	html_text(out, _("Wachtwoord vergeten?"));
	html_lit(out, "</a></p>\n");
	view_end(out, p);
}

void view_reset_request(struct html *out, const struct page *p,
			const char *email, const char *csrf, const char *error)
{
	struct form_field f = {"email", _("E-mailadres"),
			       _("U krijgt een mail met een link om een nieuw "
				 "wachtwoord te kiezen."),
			       error};

	view_begin(out, p);
	view_el(out, "h1", _("Wachtwoord vergeten"));
	html_lit(out, "<form class=\"wa-form\" method=\"post\" "
		      "action=\"/wachtwoord-vergeten\">\n");
	view_csrf(out, csrf);
	form_input(out, &f, "email", "username", NULL, email);
	html_lit(out, "<button type=\"submit\" class=\"wa-button\">");
	html_text(out, _("Stuur mij een link"));
	html_lit(out, "</button>\n</form>\n");
	view_end(out, p);
}

void view_password(struct html *out, const struct page *p,
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
		html_lit(out, "<p>");
		html_textf(out, _("Voor het account %s."), f->email);
		html_lit(out, "</p>\n");
	}
	form_error_summary(out, f->errors, f->nerrors, NULL);
	html_lit(out, "<form class=\"wa-form\" method=\"post\" action=\"/wachtwoord/");
	html_value(out, f->token);
	html_lit(out, "\">\n");
	view_csrf(out, f->csrf);
	form_input(out, &pw, "password", "new-password", NULL, NULL);
	form_input(out, &pw2, "password", "new-password", NULL, NULL);
	html_lit(out, "<button type=\"submit\" class=\"wa-button\">");
	html_text(out, _("Wachtwoord opslaan"));
	html_lit(out, "</button>\n</form>\n");
	view_end(out, p);
}

void view_message(struct html *out, const struct page *p, const char *heading,
		  const char *message, const char *link, const char *link_text)
{
	view_begin(out, p);
	view_el(out, "h1", heading);
	if (message)
		view_el(out, "p class=\"wa-lead\"", message);
	if (link && link_text) {
		html_lit(out, "<p><a href=\"");
		html_url(out, link);
		html_lit(out, "\">");
		html_text(out, link_text);
		html_lit(out, "</a></p>\n");
	}
	view_end(out, p);
}
