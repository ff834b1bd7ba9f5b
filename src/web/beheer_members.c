/* beheer_members: the members of an organisation, on the beheer pages and
 * in the JSON API.  Coordinators invite colleagues into their own
 * organisation, the beheerder into any.  Every address gets an invitation
 * by mail (beheer_invitations.c): a new address chooses a password with
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
#include "web/mailer.h"
#include "web/web.h"

#define EMAIL_MAX 254

static int result(struct member_result *r, int status, const char *field,
		  const char *message)
{
	r->status = status;
	r->field = field;
	r->message = message;
	return status;
}

static bool role_valid(const char *role)
{
	return role && (strcmp(role, "medewerker") == 0 ||
			strcmp(role, "coordinator") == 0);
}

static const char *member_role(const struct account_row *a, int64_t org_id)
{
	for (size_t i = 0; i < a->nmemberships; i++)
		if (a->memberships[i].org_id == org_id)
			return a->memberships[i].role;
	return NULL;
}

/* A member change inside db_write.  The transaction may decide the
 * answer itself without writing (409, or 200 for nothing to change): it
 * sets r->status then, and is committed with nothing in it. */
struct member_tx {
	struct http_req *req;
	const struct org_row *org;
	const char *email, *role;
	int64_t account_id;
	struct member_result *r;
};

/* An address the organisation has not seen yet (neither a member nor
 * invited): sets the account it has, or 0. */
static enum err invite_check(struct member_tx *t, struct db *db,
			     int64_t *account_id)
{
	struct invitation_row inv;
	struct account_row a;
	char now[32];
	enum err e;

	*account_id = 0;
	e = store_account_by_email(db, t->req->arena, t->email, &a);
	if (e == ERR_OK)
		e = store_account_memberships(db, t->req->arena, &a);
	if (e == ERR_OK && member_role(&a, t->org->id)) {
		result(t->r, 409, "email", N_("is al lid van deze organisatie"));
		return ERR_OK;
	}
	if (e == ERR_OK)
		*account_id = a.id;
	else if (e != ERR_NOT_FOUND)
		return e;
	store_now(now, sizeof(now));
	e = store_invitation_pending_email(db, t->req->arena, t->org->id,
					   t->email, now, &inv);
	if (e == ERR_OK)
		result(t->r, 409, "email",
		       N_("heeft al een openstaande uitnodiging voor deze "
			  "organisatie"));
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

static enum err invite_tx(struct db *db, void *p)
{
	struct member_tx *t = p;
	int64_t account_id;
	enum err e;

	memset(t->r, 0, sizeof(*t->r));
	e = invite_check(t, db, &account_id);
	if (e != ERR_OK || t->r->status)
		return e;
	return invitation_send(t->req, db, t->org, t->email, t->role, account_id,
			       &t->r->invitation_id);
}

int member_invite(struct http_req *req, struct db *db, const struct org_row *org,
		   const char *email_raw, const char *role, struct member_result *r)
{
	const char *email = email_normalise(req->arena, email_raw);
	struct member_tx t = {req, org, email, role, 0, r};
	enum err e;

	memset(r, 0, sizeof(*r));
	if (!email)
		return result(r, 400, "email",
			      email_raw && *email_raw
				      ? N_("is geen geldig e-mailadres")
				      : N_("is verplicht"));
	if (!role_valid(role))
		return result(r, 400, "role", N_("kies medewerker of coördinator"));
	if ((e = db_write(db, invite_tx, &t)) != ERR_OK)
		return result(r, http_status_for(e), NULL,
			      N_("Er ging iets mis. Probeer het opnieuw."));
	if (r->status)
		return r->status;
	mailer_kick(req);
	return result(r, 201, NULL, N_("De uitnodiging is verstuurd."));
}

/* The target and the number of coordinators, inside the transaction. */
static enum err find_member(struct http_req *req, struct db *db, int64_t org_id,
			    int64_t account_id, struct account_row *out,
			    size_t *coordinators)
{
	struct account_row *rows;
	size_t n;
	enum err e = store_org_members(db, req->arena, org_id, &rows, &n);

	*coordinators = 0;
	if (e != ERR_OK)
		return e;
	e = ERR_NOT_FOUND;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].memberships->role, "coordinator") == 0)
			(*coordinators)++;
		if (rows[i].id == account_id) {
			*out = rows[i];
			e = ERR_OK;
		}
	}
	return e;
}

/* Would this leave the organisation without a coordinator, by the hand
 * of someone who is not the beheerder? */
static bool last_coordinator(struct http_req *req, const struct account_row *a,
			     size_t coordinators)
{
	return !auth_principal(req)->is_admin &&
	       strcmp(a->memberships->role, "coordinator") == 0 &&
	       coordinators <= 1;
}

/* Shared ending: say what happened. */
static int finish(enum err e, struct member_result *r, int status,
		  const char *message)
{
	if (e != ERR_OK)
		return result(r, e == ERR_NOT_FOUND ? 404 : http_status_for(e), NULL,
			      e == ERR_NOT_FOUND
				      ? N_("Deze persoon is geen lid van deze organisatie.")
				      : N_("Er ging iets mis. Probeer het opnieuw."));
	if (r->status) /* decided inside the transaction */
		return r->status;
	return result(r, status, NULL, message);
}

static int refuse_last(struct member_result *r)
{
	return result(r, 409, NULL,
		      N_("Dit is de laatste coördinator van de organisatie. "
			"Maak eerst iemand anders coördinator."));
}

static enum err set_role_tx(struct db *db, void *p)
{
	struct member_tx *t = p;
	struct account_row a;
	size_t coordinators;
	enum err e;

	memset(t->r, 0, sizeof(*t->r));
	e = find_member(t->req, db, t->org->id, t->account_id, &a, &coordinators);
	if (e == ERR_OK && strcmp(a.memberships->role, t->role) == 0) {
		result(t->r, 200, NULL, N_("De rol was al zo."));
		return ERR_OK;
	}
	if (e == ERR_OK && last_coordinator(t->req, &a, coordinators)) {
		refuse_last(t->r);
		return ERR_OK;
	}
	if (e == ERR_OK)
		e = store_membership_put(db, t->account_id, t->org->id, t->role);
	if (e == ERR_OK)
		e = beheer_audit(t->req, db, "member.role", "organisation",
				 t->org->id,
				 json_pack("{s:I, s:s, s:{s:s, s:s}}", "account_id",
					   (json_int_t)t->account_id, "email",
					   a.email, "role", "old",
					   a.memberships->role, "new", t->role));
	if (e == ERR_OK && strcmp(t->role, "coordinator") != 0)
		e = invitations_revoke_sent_by(t->req, db, t->org->id,
					       t->account_id, "inviter_demoted");
	return e;
}

int member_set_role(struct http_req *req, struct db *db,
		     const struct org_row *org, int64_t account_id,
		     const char *role, struct member_result *r)
{
	struct member_tx t = {req, org, NULL, role, account_id, r};

	memset(r, 0, sizeof(*r));
	if (!role_valid(role))
		return result(r, 400, "role", N_("kies medewerker of coördinator"));
	return finish(db_write(db, set_role_tx, &t), r, 200,
		      N_("De rol is gewijzigd."));
}

static enum err remove_tx(struct db *db, void *p)
{
	struct member_tx *t = p;
	struct account_row a;
	size_t coordinators;
	enum err e;

	memset(t->r, 0, sizeof(*t->r));
	e = find_member(t->req, db, t->org->id, t->account_id, &a, &coordinators);
	if (e == ERR_OK && last_coordinator(t->req, &a, coordinators)) {
		refuse_last(t->r);
		return ERR_OK;
	}
	if (e == ERR_OK)
		e = store_membership_delete(db, t->account_id, t->org->id);
	if (e == ERR_OK)
		e = beheer_audit(t->req, db, "member.remove", "organisation",
				 t->org->id,
				 json_pack("{s:I, s:s, s:s}", "account_id",
					   (json_int_t)t->account_id, "email",
					   a.email, "role", a.memberships->role));
	if (e == ERR_OK)
		e = invitations_revoke_sent_by(t->req, db, t->org->id,
					       t->account_id, "inviter_removed");
	return e;
}

int member_remove(struct http_req *req, struct db *db,
		   const struct org_row *org, int64_t account_id,
		   struct member_result *r)
{
	struct member_tx t = {req, org, NULL, NULL, account_id, r};

	memset(r, 0, sizeof(*r));
	return finish(db_write(db, remove_tx, &t), r, 200,
		      N_("Het lid is uit de organisatie gehaald."));
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
	member_invite(req, db, &org, email, role, &r);
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
	member_set_role(req, db, &org, account, form_get(web_form(req), "role"), &r);
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
	member_remove(req, db, &org, account, &r);
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
	    !(root = beheer_json_body(req, resp, fields, 2)))
		return;
	email = json_object_get(root, "email");
	role = json_object_get(root, "role");
	member_invite(req, db, &org,
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
	member_remove(req, db, &org, web_param_id(req, "account"), &r);
	if (r.status != 200) {
		json_result(req, resp, &r);
		return;
	}
	resp->status = 204;
}
