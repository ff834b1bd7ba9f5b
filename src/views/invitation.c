/* invitation: see invitation.h. */
#include "views/invitation.h"

#include <stdbool.h>

#include "html/html.h"
#include "views/account.h"

static void answer_button(struct buf *out, const char *value, const char *text,
			  bool secondary)
{
	buf_adds(out, secondary ? "<button type=\"submit\" class=\"wa-button "
				  "wa-button--secondary\" name=\"answer\" value=\""
				: "<button type=\"submit\" class=\"wa-button\" "
				  "name=\"answer\" value=\"");
	buf_adds(out, value);
	buf_adds(out, "\">");
	html_txt(out, text);
	buf_adds(out, "</button>\n");
}

static void answer_form(struct buf *out, const struct invitation_view *v)
{
	buf_adds(out, "<form class=\"wa-form\" method=\"post\" action=\"");
	html_url_attr(out, v->action);
	buf_adds(out, "\" accept-charset=\"utf-8\">\n");
	view_csrf(out, v->csrf);
	buf_adds(out, "<div class=\"wa-actions\">\n");
	answer_button(out, "accept", _("Aannemen"), false);
	answer_button(out, "decline", _("Afwijzen"), true);
	buf_adds(out, "</div>\n</form>\n");
}

static void login_link(struct buf *out, const struct invitation_view *v)
{
	buf_adds(out, "<p>");
	html_txtf(out, _("Log in als %s om de uitnodiging aan te nemen of af te "
			 "wijzen."),
		  v->email);
	buf_adds(out, "</p>\n<p><a class=\"wa-button\" href=\"");
	html_url_attr(out, v->login);
	buf_adds(out, "\">");
	html_txt(out, _("Inloggen"));
	buf_adds(out, "</a></p>\n");
}

void view_invitation(struct buf *out, const struct page *p,
		     const struct invitation_view *v)
{
	view_begin(out, p);
	buf_adds(out, "<h1>");
	html_txtf(out, _("Uitnodiging voor %s"), v->org_name);
	buf_adds(out, "</h1>\n<p class=\"wa-lead\">");
	html_txtf(out, _("U bent uitgenodigd om in wijkagenda ook te werken voor "
			 "%s, als %s. Neemt u de uitnodiging aan, dan wordt u lid "
			 "van die organisatie. Wijst u haar af, dan verandert er "
			 "niets."),
		  v->org_name, v->role);
	buf_adds(out, "</p>\n");
	if (v->csrf)
		answer_form(out, v);
	else
		login_link(out, v);
	view_end(out, p);
}
