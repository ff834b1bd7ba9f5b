/* beheer_invitations: an organisation's pending invitations, as its
 * coordinators and the beheerder see them (the members page and the JSON
 * API), and revoking them.  The routes need member.invite: whoever may
 * invite may see and revoke.
 *
 * Sending: one transaction holds the token (only its hash), the
 * invitations row with who sent it, the mail (outbox) and the audit
 * entry.  An address without an account gets a link to choose a password
 * (web/password.c); an address with one gets a link to the consent page
 * (web/invitation.c), and joins only when it accepts there.  Whoever
 * invites learns nothing of which it was: the answer, the list and the
 * audit entry look the same.
 *
 * Revoking deletes the token, so the link answers 410 like an expired
 * one.  A coordinator who is demoted or removed takes the invitations
 * they sent for that organisation along, in the same transaction as the
 * change (member_set_role, member_remove). */
#include <string.h>

#include "base/token.h"
#include "i18n/i18n.h"
#include "store/outbox.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/beheer.h"
#include "app/mailer.h"
#include "web/web.h"

static const char *role_word(const char *role)
{
	return strcmp(role, "coordinator") == 0 ? _("coördinator") : _("medewerker");
}

/* The mail: a password link for a new address, a consent link for an
 * account. */
static void invite_mail(struct http_req *req, const struct org_row *org,
			const char *role, int64_t account_id, const char *token,
			const char **subject, const char **body)
{
	*subject = _("Uitnodiging voor wijkagenda");
	if (!account_id) {
		*body = arena_printf(req->arena,
				     _("U bent uitgenodigd om in wijkagenda te werken voor "
				       "%s, als %s.\n\nKies met deze link een wachtwoord (de "
				       "link werkt 7 dagen en één keer):\n%s\n\nKende u deze "
				       "uitnodiging niet? Dan kunt u deze mail negeren.\n"),
				     org->name, role_word(role),
				     mailer_link(MAIL_ENV(req), "invite", token));
		return;
	}
	*body = arena_printf(req->arena,
			     _("U bent uitgenodigd om in wijkagenda ook te werken voor "
			       "%s, als %s.\n\nU heeft al een account. Kies met deze "
			       "link, ingelogd, of u de uitnodiging aanneemt (de link "
			       "werkt 7 dagen en één keer):\n%s\n\nKende u deze "
			       "uitnodiging niet? Dan kunt u deze mail negeren; er "
			       "verandert dan niets.\n"),
			     org->name, role_word(role), mailer_link(MAIL_ENV(req), "join", token));
}

enum err invitation_send(struct http_req *req, struct db *db,
			 const struct org_row *org, const char *email,
			 const char *role, int64_t account_id, int64_t *id)
{
	const struct principal *p = auth_principal(req);
	char token[TOKEN_LEN + 1], hash[33], now[32], exp[32];
	const char *parts[1] = {token}, *subject, *body;
	struct token_row t;
	enum err e;

	token_new(token);
	token_hash_parts(hash, parts, 1);
	store_now(now, sizeof(now));
	store_time_ago(exp, sizeof(exp), -INVITE_VALID_S);
	memset(&t, 0, sizeof(t));
	t.token_hash = hash;
	t.kind = "invite";
	t.email = (char *)email;
	t.account_id = account_id;
	t.org_id = org->id;
	t.role = (char *)role;
	t.created_at = now;
	t.expires_at = exp;
	invite_mail(req, org, role, account_id, token, &subject, &body);
	e = store_token_create(db, &t);
	if (e == ERR_OK)
		e = store_invitation_create(db, hash,
					    p->kind == PRINCIPAL_ACCOUNT ? p->account_id : 0,
					    auth_label(p), id);
	if (e == ERR_OK)
		e = outbox_add(db, email, subject, body);
	if (e == ERR_OK)
		e = beheer_audit(req, db, "member.invite", "organisation", org->id,
				 json_pack("{s:s, s:s, s:I}", "email", email, "role",
					   role, "invitation_id", (json_int_t)*id));
	return e;
}

/* reason: "revoked" by hand, or why it went with its sender. */
static enum err revoke_one(struct http_req *req, struct db *db,
			   const struct invitation_row *inv, const char *now,
			   const char *reason)
{
	enum err e = store_invitation_revoke(db, inv->id, now);

	if (e == ERR_OK)
		e = beheer_audit(req, db, "invitation.revoke", "organisation",
				 inv->org_id,
				 json_pack("{s:I, s:s, s:s, s:s}", "invitation_id",
					   (json_int_t)inv->id, "email", inv->email,
					   "role", inv->role, "reason", reason));
	return e;
}

enum err invitations_revoke_sent_by(struct http_req *req, struct db *db,
				    int64_t org_id, int64_t account_id,
				    const char *reason)
{
	struct invitation_row *rows;
	char now[32];
	size_t n;
	enum err e;

	store_now(now, sizeof(now));
	e = store_invitations_pending_by(db, req->arena, org_id, account_id, now,
					 &rows, &n);
	for (size_t i = 0; e == ERR_OK && i < n; i++)
		e = revoke_one(req, db, &rows[i], now, reason);
	return e;
}

/* Revoking one by its id, inside db_write. */
struct revoke_tx {
	struct http_req *req;
	int64_t org_id, id;
};

static enum err revoke_tx(struct db *db, void *p)
{
	struct revoke_tx *t = p;
	struct invitation_row inv;
	char now[32];
	enum err e;

	store_now(now, sizeof(now));
	e = store_invitation_pending_get(db, t->req->arena, t->org_id, t->id, now,
					 &inv);
	if (e == ERR_OK)
		e = revoke_one(t->req, db, &inv, now, "revoked");
	return e;
}

/* 200, 404 when it is not (or no longer) pending, else the error's. */
static int invitation_revoke(struct http_req *req, struct db *db,
			     int64_t org_id, const char **message)
{
	struct revoke_tx t = {req, org_id, web_param_id(req, "invitation")};
	enum err e = t.id ? db_write(db, revoke_tx, &t) : ERR_NOT_FOUND;

	if (e == ERR_OK) {
		*message = N_("De uitnodiging is ingetrokken.");
		return 200;
	}
	*message = e == ERR_NOT_FOUND
			   ? N_("Deze uitnodiging bestaat niet, of is al gebruikt, "
				"verlopen of ingetrokken.")
			   : N_("Er ging iets mis. Probeer het opnieuw.");
	return e == ERR_NOT_FOUND ? 404 : http_status_for(e);
}

void web_beheer_invitation_revoke(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	struct org_row org;
	const char *message;
	int status;

	if (!db || !org_load(req, resp, db, false, &org))
		return;
	status = invitation_revoke(req, db, org.id, &message);
	if (status != 200) {
		web_html_error(req, resp, status, _(message));
		return;
	}
	beheer_redirect(req, resp,
			arena_printf(req->arena,
				     "/beheer/organisaties/%lld/leden?klaar=ingetrokken",
				     (long long)org.id));
}

/* --- JSON ------------------------------------------------------------------ */

/* The same keys for every invitation: nothing tells an invitation for an
 * account from one for a new address. */
static json_t *invitation_json(const struct invitation_row *r)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:s, s:s}", "id", (json_int_t)r->id,
			 "email", r->email, "role", r->role, "invited_by",
			 *r->invited_by_label ? json_string(r->invited_by_label)
					      : json_null(),
			 "created_at", r->created_at, "expires_at", r->expires_at);
}

void web_api_invitations(struct http_req *req, struct http_resp *resp)
{
	struct invitation_row *rows;
	struct org_row org;
	struct db *db;
	char now[32];
	json_t *list;
	size_t n;

	resp->no_store = true;
	if (web_query_only(req, resp, NULL, 0) != 0 || !(db = web_db(req, resp, 1)) ||
	    !org_load(req, resp, db, true, &org))
		return;
	store_now(now, sizeof(now));
	if (store_invitations_pending(db, req->arena, org.id, now, &rows, &n) !=
	    ERR_OK) {
		web_json_error(resp, 500, _("Er ging iets mis."), NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, invitation_json(&rows[i]));
	web_json(resp, 200, json_pack("{s:I, s:o}", "organisation",
				      (json_int_t)org.id, "invitations", list));
}

void web_api_invitation_delete(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 1);
	struct org_row org;
	const char *message;
	int status;

	if (!db || !org_load(req, resp, db, true, &org))
		return;
	status = invitation_revoke(req, db, org.id, &message);
	if (status != 200) {
		web_json_error(resp, status, _(message), NULL);
		return;
	}
	resp->status = 204;
}
