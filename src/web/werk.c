/* werk: a professional's start page after logging in: their organisations
 * and roles, and the way to what they may do. */
#include <string.h>

#include "html/html.h"
#include "i18n/i18n.h"
#include "views/account.h"
#include "web/auth.h"
#include "web/web.h"

static void org_list(struct buf *out, const struct principal *p)
{
	if (!p->nmemberships) {
		buf_adds(out, "<p>");
		html_txt(out, _("U bent nog geen lid van een organisatie."));
		buf_adds(out, "</p>\n");
		return;
	}
	buf_adds(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < p->nmemberships; i++) {
		const struct membership_row *m = &p->memberships[i];

		buf_addf(out, "<li><a href=\"/beheer/organisaties/%lld\">",
			 (long long)m->org_id);
		html_txt(out, m->org_name);
		buf_adds(out, "</a> (");
		html_txt(out, strcmp(m->role, "coordinator") == 0 ? _("coördinator")
								 : _("medewerker"));
		buf_adds(out, ")</li>\n");
	}
	buf_adds(out, "</ul>\n");
}

void web_werk(struct http_req *req, struct http_resp *resp)
{
	const struct principal *p = auth_principal(req);
	struct page pg = web_page(req, _("Mijn werk"));
	struct buf *out = &resp->body;

	resp->no_store = true;
	view_begin(HTML_ON(out), &pg);
	view_el(HTML_ON(out), "h1", _("Mijn werk"));
	buf_adds(out, "<p>");
	html_txtf(out, _("Ingelogd als %s."), p->email);
	buf_adds(out, "</p>\n");
	view_el(HTML_ON(out), "h2", _("Mijn organisaties"));
	org_list(out, p);
	if (p->is_admin) {
		view_el(HTML_ON(out), "h2", _("Beheer"));
		buf_adds(out, "<ul class=\"wa-list\"><li><a href=\"/beheer/organisaties\">");
		html_txt(out, _("Alle organisaties"));
		buf_adds(out, "</a></li><li><a href=\"/beheer/audit\">");
		html_txt(out, _("Auditlog"));
		buf_adds(out, "</a></li></ul>\n");
	}
	/* Log out: the button in the header (views/layout.c). */
	view_end(HTML_ON(out), &pg);
}
