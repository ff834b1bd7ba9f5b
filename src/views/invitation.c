/* invitation: see invitation.h. */
#include "views/invitation.h"

#include <stdbool.h>

#include "html/html.h"
#include "views/account.h"

static void answer_button(struct html *out, const char *value, const char *text,
			  bool secondary)
{
	if (secondary)
		html_lit(out, "<button type=\"submit\" class=\"wa-button "
			      "wa-button--secondary\" name=\"answer\" value=\"");
	else
		html_lit(out, "<button type=\"submit\" class=\"wa-button\" "
			      "name=\"answer\" value=\"");
	html_value(out, value);
	html_lit(out, "\">");
	html_text(out, text);
	html_lit(out, "</button>\n");
}

static void answer_form(struct html *out, const struct invitation_view *v)
{
	html_lit(out, "<form class=\"wa-form\" method=\"post\" action=\"");
	html_url(out, v->action);
	html_lit(out, "\" accept-charset=\"utf-8\">\n");
	view_csrf(out, v->csrf);
	html_lit(out, "<div class=\"wa-actions\">\n");
	answer_button(out, "accept", _("Aannemen"), false);
	answer_button(out, "decline", _("Afwijzen"), true);
	html_lit(out, "</div>\n</form>\n");
}

static void login_link(struct html *out, const struct invitation_view *v)
{
	html_lit(out, "<p>");
	html_textf(out, _("Log in als %s om de uitnodiging aan te nemen of af te "
			  "wijzen."),
		   v->email);
	html_lit(out, "</p>\n<p><a class=\"wa-button\" href=\"");
	html_url(out, v->login);
	html_lit(out, "\">");
	html_text(out, _("Inloggen"));
	html_lit(out, "</a></p>\n");
}

void view_invitation(struct html *out, const struct page *p,
		     const struct invitation_view *v)
{
	view_begin(out, p);
	html_lit(out, "<h1>");
	html_textf(out, _("Uitnodiging voor %s"), v->org_name);
	html_lit(out, "</h1>\n<p class=\"wa-lead\">");
	html_textf(out, _("U bent uitgenodigd om in wijkagenda ook te werken voor "
			  "%s, als %s. Neemt u de uitnodiging aan, dan wordt u lid "
			  "van die organisatie. Wijst u haar af, dan verandert er "
			  "niets."),
		   v->org_name, v->role);
	html_lit(out, "</p>\n");
	if (v->csrf)
		answer_form(out, v);
	else
		login_link(out, v);
	view_end(out, p);
}
