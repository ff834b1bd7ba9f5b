/* invitation: the page where an account answers an invitation into an
 * organisation.  An address that already has an account is not added
 * when someone invites it: it gets a link here (an "invite" token that
 * names the account, valid 7 days), and only when that account, signed
 * in, accepts does it become a member.
 *
 * Opening the link (GET, HEAD) never uses it: mail scanners open links.
 * The page shows two buttons in one form that posts back here with the
 * session's CSRF token; the post uses the token, and adds the membership
 * or not, with its audit entry, in one transaction.  Anyone else who
 * opens the link sees who must log in (the mailbox's owner does), never
 * the buttons.  A link that is used, expired or revoked answers 410. */
#include <string.h>

#include "base/token.h"
#include "domain/member.h"
#include "domain/token.h"
#include "i18n/i18n.h"
#include "views/account.h"
#include "views/invitation.h"
#include "web/auth.h"
#include "web/beheer.h"
#include "app/member.h"
#include "web/web.h"

/* The live token of the path, its hash (in hash) and its invitation;
 * else answers 410 and returns false. */
static bool live(struct http_req *req, struct http_resp *resp, struct db *db,
		 struct token_row *t, char *hash)
{
	const char *token = http_param(req, "token");
	const char *parts[1] = {token};
	char now[32];

	if (token_valid(token)) {
		token_hash_parts(hash, parts, 1);
		store_now(now, sizeof(now));
		if (store_token_get(db, req->arena, hash, t) == ERR_OK &&
		    strcmp(t->kind, "invite") == 0 && t->account_id &&
		    token_live(t->expires_at, t->used_at, now))
			return true;
	}
	resp->no_store = true;
	web_html_error(req, resp, 410,
		       _("Deze uitnodiging is verlopen, ingetrokken of al "
			 "beantwoord."));
	return false;
}

/* Signed in as the invited account?  Anyone else: to log in (no
 * session), or 403 (another account); returns false then. */
static bool is_invited(struct http_req *req, struct http_resp *resp,
		       const struct token_row *t)
{
	const struct principal *p = auth_principal(req);

	if (p->kind == PRINCIPAL_ACCOUNT && p->account_id == t->account_id)
		return true;
	if (p->kind == PRINCIPAL_ACCOUNT)
		web_html_error(req, resp, 403,
			       arena_printf(req->arena,
					    _("Deze uitnodiging is voor een ander "
					      "account. Log uit en log in als %s."),
					    t->email));
	else {
		resp->status = 303;
		http_resp_header(resp, "Location",
				 arena_printf(req->arena, "/login?next=%s",
					      req->path));
	}
	return false;
}

static const char *role_word(const char *role)
{
	return _(member_role_label(role));
}

void web_invitation_page(struct http_req *req, struct http_resp *resp)
{
	const struct principal *p;
	struct invitation_view v;
	struct token_row t;
	struct org_row org;
	struct page pg;
	char hash[33];
	struct db *db = web_db(req, resp, 0);

	if (!db || !live(req, resp, db, &t, hash))
		return;
	p = auth_principal(req);
	if (p->kind == PRINCIPAL_ACCOUNT && !is_invited(req, resp, &t))
		return;
	if (store_org_get(db, req->arena, t.org_id, &org) != ERR_OK) {
		web_html_error(req, resp, 500, _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	memset(&v, 0, sizeof(v));
	v.action = req->path;
	v.org_name = org.name;
	v.role = role_word(t.role);
	v.email = t.email;
	v.csrf = p->kind == PRINCIPAL_ACCOUNT ? p->csrf : NULL;
	v.login = arena_printf(req->arena, "/login?next=%s", req->path);
	pg = web_page(req, _("Uitnodiging"));
	resp->status = 200;
	resp->no_store = true;
	view_invitation(HTML_ON(&resp->body), &pg, &v);
}

/* "accept", "decline", or answers 400 and returns -1. */
static int read_answer(struct http_req *req, struct http_resp *resp)
{
	const char *a = form_get(web_form(req), "answer");

	if (a && strcmp(a, "accept") == 0)
		return 1;
	if (a && strcmp(a, "decline") == 0)
		return 0;
	web_html_error(req, resp, 400, _("Kies aannemen of afwijzen."));
	return -1;
}

static void answered(struct http_req *req, struct http_resp *resp,
		     struct db *db, const struct token_row *t, bool accept)
{
	struct page pg = web_page(req, _("Uitnodiging"));
	struct org_row org;
	const char *name = store_org_get(db, req->arena, t->org_id, &org) == ERR_OK
				   ? org.name
				   : "";

	resp->status = 200;
	resp->no_store = true;
	if (accept)
		view_message(HTML_ON(&resp->body), &pg, _("Welkom"),
			     arena_printf(req->arena,
					  _("U bent nu lid van %s, als %s."), name,
					  role_word(t->role)),
			     "/werk", _("Naar uw werk"));
	else
		view_message(HTML_ON(&resp->body), &pg, _("Uitnodiging afgewezen"),
			     arena_printf(req->arena,
					  _("U bent geen lid geworden van %s."), name),
			     "/werk", _("Naar uw werk"));
}

void web_invitation_post(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	struct token_row t;
	char hash[33];
	enum err e;
	int accept;

	if (!db || !live(req, resp, db, &t, hash) || !is_invited(req, resp, &t))
		return;
	if (!auth_csrf_ok(req)) {
		web_html_error(req, resp, 403, _("Het formulier is verlopen. Laad de "
						 "pagina opnieuw."));
		return;
	}
	if ((accept = read_answer(req, resp)) < 0)
		return;
	e = invitation_answer(db, req->arena, auth_actor(req), hash, &t,
			      accept == 1);
	if (e == ERR_CONFLICT || e == ERR_NOT_FOUND) {
		web_html_error(req, resp, 410, _("Deze uitnodiging is net beantwoord "
						 "of ingetrokken."));
		return;
	}
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	answered(req, resp, db, &t, accept == 1);
}
