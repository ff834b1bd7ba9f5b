/* member: the members of an organisation, on the beheer pages and
 * in the JSON API.  Coordinators invite colleagues into their own
 * organisation, the beheerder into any.  Every address gets an invitation
 * by mail (web/member_invitation.c): a new address chooses a password with
 * it, an existing account accepts or declines it.  Nobody becomes a
 * member without having answered, and the inviter's answer is the same
 * either way, so inviting tells nobody whether an address has an account.
 *
 * What the inviter may learn: that an address is a member already, or
 * has a pending invitation, of this organisation (409).  Both are on the
 * members page for whoever may invite, so the answer tells nothing new.
 *
 * An organisation keeps at least one coordinator: a coordinator cannot
 * remove or demote the last one (that would be themselves).  The
 * beheerder can, to clean up after someone left.  A coordinator who is
 * demoted or removed takes the pending invitations they sent along. */
#include <ctype.h>
#include <string.h>

#include "domain/email.h"
#include "i18n/i18n.h"
#include "mail/smtp.h"
#include "views/account.h"
#include "views/beheer.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/beheer.h"
#include "app/member.h"
#include "web/web.h"

/* The use case's outcome (app/member.h) as a status and a message: ok
 * when it went through, else the error's status. */
static void result_of(const struct member_outcome *o, int ok,
		      struct member_result *r)
{
	r->status = o->err == ERR_OK ? ok : http_status_for(o->err);
	r->field = o->field;
	r->message = o->msgid;
	r->invitation_id = o->invitation_id;
}

static void invite(struct http_req *req, struct db *db,
		   const struct org_row *org, const char *email,
		   const char *role, struct member_result *r)
{
	struct member_outcome o = {ERR_OK, NULL, NULL, false, 0};

	member_invite(req->app, db, req->arena, auth_actor(req), org, email, role,
		      &o);
	result_of(&o, 201, r);
}

static void set_role(struct http_req *req, struct db *db,
		     const struct org_row *org, int64_t account_id,
		     const char *role, struct member_result *r)
{
	struct member_outcome o = {ERR_OK, NULL, NULL, false, 0};

	member_set_role(req->app, db, req->arena, auth_actor(req), org,
			account_id, role, &o);
	result_of(&o, 200, r);
}

static void remove_member(struct http_req *req, struct db *db,
			  const struct org_row *org, int64_t account_id,
			  struct member_result *r)
{
	struct member_outcome o = {ERR_OK, NULL, NULL, false, 0};

	member_remove(req->app, db, req->arena, auth_actor(req), org, account_id,
		      &o);
	result_of(&o, 200, r);
}

/* --- pages --------------------------------------------------------------- */

static const char *notice_for(struct http_req *req)
{
	const char *k = form_get(&req->query, "klaar");

	if (!k)
		return NULL;
	if (strcmp(k, "uitgenodigd") == 0)
		return _("De uitnodiging is verstuurd. De link werkt 7 dagen.");
	if (strcmp(k, "ingetrokken") == 0)
		return _("De uitnodiging is ingetrokken. De link werkt niet meer.");
	if (strcmp(k, "rol") == 0)
		return _("De rol is gewijzigd.");
	if (strcmp(k, "verwijderd") == 0)
		return _("Het lid is uit de organisatie gehaald.");
	return NULL;
}

static void render(struct http_req *req, struct http_resp *resp, struct db *db,
		   int status, const struct org_row *org, const char *email,
		   const char *role, const struct field_error *errs, size_t n)
{
	const struct principal *p = auth_principal(req);
	struct page pg = web_page(req, org->name);
	struct members_page m;
	char now[32];
	enum err e;

	memset(&m, 0, sizeof(m));
	e = store_org_members(db, req->arena, org->id,
			      (struct account_row **)&m.members, &m.nmembers);
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	m.org = org;
	m.can_manage = authz_allows(AZ_MEMBER_INVITE, p->is_admin,
				    auth_rel_org(p, org->id));
	store_now(now, sizeof(now));
	if (m.can_manage &&
	    (e = store_invitations_pending(db, req->arena, org->id, now,
					   (struct invitation_row **)&m.invitations,
					   &m.ninvitations)) != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	m.self_id = p->kind == PRINCIPAL_ACCOUNT ? p->account_id : 0;
	m.csrf = p->csrf;
	m.notice = status == 200 ? notice_for(req) : NULL;
	m.invite_email = email;
	m.invite_role = role;
	m.errors = errs;
	m.nerrors = n;
	pg.title = n ? arena_printf(req->arena, "%s %s", _("Fout:"), _("Leden"))
		     : _("Leden");
	resp->status = status;
	resp->no_store = true;
	view_beheer_members(HTML_ON(&resp->body), &pg, &m);
}

void web_beheer_members(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	struct org_row org;

	if (db && org_load(req, resp, db, false, &org))
		render(req, resp, db, 200, &org, NULL, NULL, NULL, 0);
}

static const char *members_path(struct http_req *req, int64_t org_id,
				const char *klaar)
{
	return arena_printf(req->arena, "/beheer/organisaties/%lld/leden?klaar=%s",
			    (long long)org_id, klaar);
}

void web_beheer_invite(struct http_req *req, struct http_resp *resp)
{
	const struct form *f = web_form(req);
	const char *email = form_get(f, "email"), *role = form_get(f, "role");
	struct db *db = web_db(req, resp, 0);
	struct member_result r = {0};
	struct field_error fe;
	struct org_row org;

	if (!db || !org_load(req, resp, db, false, &org))
		return;
	invite(req, db, &org, email, role, &r);
	if (r.status == 201) {
		beheer_redirect(req, resp, members_path(req, org.id, "uitgenodigd"));
	} else if (r.field) {
		fe = (struct field_error){r.field, _(r.message)};
		render(req, resp, db, r.status, &org, email, role, &fe, 1);
	} else {
		web_html_error(req, resp, r.status, _(r.message));
	}
}

/* After a change by a form: back to the list, or an error page.  Who
 * removed themselves goes to their own start page. */
static void after_change(struct http_req *req, struct http_resp *resp,
			 const struct member_result *r, int64_t org_id,
			 int64_t account_id, const char *klaar)
{
	const struct principal *p = auth_principal(req);

	if (r->status != 200) {
		web_html_error(req, resp, r->status, _(r->message));
		return;
	}
	if (p->kind == PRINCIPAL_ACCOUNT && p->account_id == account_id &&
	    !p->is_admin && strcmp(klaar, "verwijderd") == 0)
		beheer_redirect(req, resp, "/werk");
	else
		beheer_redirect(req, resp, members_path(req, org_id, klaar));
}

void web_beheer_member_role(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	int64_t account = web_param_id(req, "account");
	struct member_result r = {0};
	struct org_row org;

	if (!db || !org_load(req, resp, db, false, &org))
		return;
	set_role(req, db, &org, account, form_get(web_form(req), "role"), &r);
	after_change(req, resp, &r, org.id, account, "rol");
}

void web_beheer_member_remove(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	int64_t account = web_param_id(req, "account");
	struct member_result r = {0};
	struct org_row org;

	if (!db || !org_load(req, resp, db, false, &org))
		return;
	remove_member(req, db, &org, account, &r);
	after_change(req, resp, &r, org.id, account, "verwijderd");
}

/* --- JSON ------------------------------------------------------------------ */

/* E-mail addresses of colleagues: the route lets only members, the
 * beheerder and the organisation's own keys (scope member.list) here. */
void web_api_members(struct http_req *req, struct http_resp *resp)
{
	struct account_row *rows;
	struct org_row org;
	struct db *db;
	json_t *list;
	size_t n;

	resp->no_store = true;
	if (web_query_only(req, resp, NULL, 0) != 0 || !(db = web_db(req, resp, 1)) ||
	    !org_load(req, resp, db, true, &org))
		return;
	if (store_org_members(db, req->arena, org.id, &rows, &n) != ERR_OK) {
		web_json_error(resp, 500, _("Er ging iets mis."), NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list,
				      json_pack("{s:I, s:s, s:s, s:s}", "account_id",
						(json_int_t)rows[i].id, "email",
						rows[i].email, "name", rows[i].name,
						"role", rows[i].memberships->role));
	web_json(resp, 200, json_pack("{s:I, s:o}", "organisation",
				      (json_int_t)org.id, "members", list));
}

/* A refusal in JSON; a field error names its field. */
static void json_result(struct http_req *req, struct http_resp *resp,
			const struct member_result *r)
{
	struct field_errors errs;

	memset(&errs, 0, sizeof(errs));
	if (!r->field) {
		web_json_error(resp, r->status, _(r->message), NULL);
		return;
	}
	field_errors_add(&errs, r->field, r->message);
	web_json_error(resp, r->status,
		       arena_printf(req->arena, "%s: %s", r->field, _(r->message)),
		       &errs);
}

void web_api_member_invite(struct http_req *req, struct http_resp *resp)
{
	static const char *const fields[] = {"email", "role"};
	struct member_result r = {0};
	struct org_row org;
	struct db *db = web_db(req, resp, 1);
	json_t *root, *email, *role;

	if (!db || !org_load(req, resp, db, true, &org) ||
	    !(root = web_json_body(req, resp, 0, fields, 2)))
		return;
	email = json_object_get(root, "email");
	role = json_object_get(root, "role");
	invite(req, db, &org,
		      json_is_string(email) ? arena_strdup(req->arena,
							   json_string_value(email))
					    : NULL,
		      json_is_string(role) ? arena_strdup(req->arena,
							  json_string_value(role))
					   : NULL,
		      &r);
	json_decref(root);
	if (r.status != 201) {
		json_result(req, resp, &r);
		return;
	}
	web_json(resp, 201, json_pack("{s:s, s:s, s:I}", "status", "invited",
				      "message", _(r.message), "invitation_id",
				      (json_int_t)r.invitation_id));
}

void web_api_member_delete(struct http_req *req, struct http_resp *resp)
{
	struct member_result r = {0};
	struct org_row org;
	struct db *db = web_db(req, resp, 1);

	if (!db || !org_load(req, resp, db, true, &org))
		return;
	remove_member(req, db, &org, web_param_id(req, "account"), &r);
	if (r.status != 200) {
		json_result(req, resp, &r);
		return;
	}
	resp->status = 204;
}
