/* werk: a professional's start page after logging in: their organisations
 * and roles, and the way to what they may do (views/werk.c). */
#include "i18n/i18n.h"
#include "views/werk.h"
#include "web/auth.h"
#include "web/web.h"

void web_werk(struct http_req *req, struct http_resp *resp)
{
	const struct principal *p = auth_principal(req);
	struct page pg = web_page(req, _("Mijn werk"));
	/* a key's prefix: a key has no e-mail address */
	struct werk_page w = {auth_label(p), p->memberships, p->nmemberships,
			      p->is_admin};

	resp->no_store = true;
	view_werk(HTML_ON(&resp->body), &pg, &w);
}
