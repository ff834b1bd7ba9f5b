/* member: see member.h. */
#include "member.h"

#include <jansson.h>
#include <string.h>

#include "app/app.h"
#include "app/audit.h"
#include "app/mailer.h"
#include "base/token.h"
#include "domain/email.h"
#include "domain/member.h"
#include "i18n/i18n.h"
#include "store/outbox.h"
#include "store/store.h"

static enum err outcome(struct member_outcome *o, enum err e,
			const char *field, const char *msgid)
{
	o->err = e;
	o->field = field;
	o->msgid = msgid;
	return e;
}

static const char *member_role(const struct account_row *a, int64_t org_id)
{
	for (size_t i = 0; i < a->nmemberships; i++)
		if (a->memberships[i].org_id == org_id)
			return a->memberships[i].role;
	return NULL;
}

static const char *role_word(const char *role)
{
	return _(member_role_label(role));
}

/* A change inside db_write.  The transaction may decide the outcome
 * itself without writing (a conflict, or nothing to change): it sets
 * out->err or out->unchanged then, and commits with nothing in it.
 * Memberships, invitations, their tokens and mail are on no public
 * answer (who may work on a kwestie is read per actor, never kept):
 * each transaction ends with db_end_unseen, keeping every kept answer. */
struct member_tx {
	const struct app *app;
	struct arena *ar;
	const struct actor *who;
	const struct org_row *org;
	const char *email, *role;
	int64_t account_id;
	struct member_outcome *out;
};

/* --- inviting ------------------------------------------------------- */

/* The mail: a password link for a new address, a consent link for an
 * account. */
static void invite_mail(const struct member_tx *t, int64_t account_id,
			const char *token, const char **subject,
			const char **body)
{
	struct mail_env env = {t->app, t->ar};

	*subject = _("Uitnodiging voor wijkagenda");
	if (!account_id) {
		*body = arena_printf(t->ar,
				     _("U bent uitgenodigd om in wijkagenda te werken voor "
				       "%s, als %s.\n\nKies met deze link een wachtwoord (de "
				       "link werkt 7 dagen en één keer):\n%s\n\nKende u deze "
				       "uitnodiging niet? Dan kunt u deze mail negeren.\n"),
				     t->org->name, role_word(t->role),
				     mailer_link(&env, "invite", token));
		return;
	}
	*body = arena_printf(t->ar,
			     _("U bent uitgenodigd om in wijkagenda ook te werken voor "
			       "%s, als %s.\n\nU heeft al een account. Kies met deze "
			       "link, ingelogd, of u de uitnodiging aanneemt (de link "
			       "werkt 7 dagen en één keer):\n%s\n\nKende u deze "
			       "uitnodiging niet? Dan kunt u deze mail negeren; er "
			       "verandert dan niets.\n"),
			     t->org->name, role_word(t->role),
			     mailer_link(&env, "join", token));
}

/* The token, the invitations row, the mail and the audit entry. */
static enum err invitation_send(const struct member_tx *t, struct db *db,
				int64_t account_id, int64_t *id)
{
	char token[TOKEN_LEN + 1], hash[33], now[32], exp[32];
	const char *parts[1] = {token}, *subject, *body;
	struct token_row tk;
	enum err e;

	token_new(token);
	token_hash_parts(hash, parts, 1);
	store_now(now, sizeof(now));
	store_time_ago(exp, sizeof(exp), -MEMBER_INVITE_VALID_S);
	memset(&tk, 0, sizeof(tk));
	tk.token_hash = hash;
	tk.kind = "invite";
	tk.email = (char *)t->email;
	tk.account_id = account_id;
	tk.org_id = t->org->id;
	tk.role = (char *)t->role;
	tk.created_at = now;
	tk.expires_at = exp;
	invite_mail(t, account_id, token, &subject, &body);
	e = store_token_create(db, &tk);
	if (e == ERR_OK)
		e = store_invitation_create(db, hash,
					    t->who->kind == ACTOR_ACCOUNT
						    ? t->who->account_id
						    : 0,
					    t->who->label, id);
	if (e == ERR_OK)
		e = outbox_add(db, t->email, subject, body);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "member.invite", "organisation", t->org->id,
			      json_pack("{s:s, s:s, s:I}", "email", t->email, "role",
					t->role, "invitation_id", (json_int_t)*id));
	return e;
}

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
	e = store_account_by_email(db, t->ar, t->email, &a);
	if (e == ERR_OK)
		e = store_account_memberships(db, t->ar, &a);
	if (e == ERR_OK && member_role(&a, t->org->id)) {
		outcome(t->out, ERR_CONFLICT, "email", N_("is al lid van deze organisatie"));
		return ERR_OK;
	}
	if (e == ERR_OK)
		*account_id = a.id;
	else if (e != ERR_NOT_FOUND)
		return e;
	store_now(now, sizeof(now));
	e = store_invitation_pending_email(db, t->ar, t->org->id, t->email, now,
					   &inv);
	if (e == ERR_OK)
		outcome(t->out, ERR_CONFLICT, "email",
			N_("heeft al een openstaande uitnodiging voor deze "
			   "organisatie"));
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

static enum err invite_tx(struct db *db, void *p)
{
	struct member_tx *t = p;
	int64_t account_id;
	enum err e;

	memset(t->out, 0, sizeof(*t->out));
	e = invite_check(t, db, &account_id);
	if (e != ERR_OK || t->out->err)
		return e;
	return db_end_unseen(db, invitation_send(t, db, account_id,
						 &t->out->invitation_id));
}

enum err member_invite(const struct app *app, struct db *db, struct arena *ar,
		       const struct actor *who, const struct org_row *org,
		       const char *email_raw, const char *role,
		       struct member_outcome *out)
{
	const char *email = email_normalise(ar, email_raw);
	struct member_tx t = {app, ar, who, org, email, role, 0, out};
	enum err e;

	memset(out, 0, sizeof(*out));
	if (!email)
		return outcome(out, ERR_INVALID, "email",
			       email_raw && *email_raw ? N_("is geen geldig e-mailadres")
						       : N_("is verplicht"));
	if (!member_role_valid(role))
		return outcome(out, ERR_INVALID, "role", N_("kies medewerker of coördinator"));
	if ((e = db_write(db, invite_tx, &t)) != ERR_OK)
		return outcome(out, e, NULL, N_("Er ging iets mis. Probeer het opnieuw."));
	if (out->err)
		return out->err;
	mailer_kick(app);
	return outcome(out, ERR_OK, NULL, N_("De uitnodiging is verstuurd."));
}

/* --- revoking ------------------------------------------------------- */

/* reason: "revoked" by hand, or why it went with its sender. */
static enum err revoke_one(struct db *db, const struct actor *who,
			   const struct invitation_row *inv, const char *now,
			   const char *reason)
{
	enum err e = store_invitation_revoke(db, inv->id, now);

	if (e == ERR_OK)
		e = app_audit(db, who, "invitation.revoke", "organisation", inv->org_id,
			      json_pack("{s:I, s:s, s:s, s:s}", "invitation_id",
					(json_int_t)inv->id, "email", inv->email,
					"role", inv->role, "reason", reason));
	return e;
}

static enum err revoke_sent_by(const struct member_tx *t, struct db *db,
			       const char *reason)
{
	struct invitation_row *rows;
	char now[32];
	size_t n;
	enum err e;

	store_now(now, sizeof(now));
	e = store_invitations_pending_by(db, t->ar, t->org->id, t->account_id, now,
					 &rows, &n);
	for (size_t i = 0; e == ERR_OK && i < n; i++)
		e = revoke_one(db, t->who, &rows[i], now, reason);
	return e;
}

struct revoke_tx {
	struct arena *ar;
	const struct actor *who;
	int64_t org_id, id;
};

static enum err revoke_tx(struct db *db, void *p)
{
	struct revoke_tx *t = p;
	struct invitation_row inv;
	char now[32];
	enum err e;

	store_now(now, sizeof(now));
	e = store_invitation_pending_get(db, t->ar, t->org_id, t->id, now, &inv);
	if (e == ERR_OK)
		e = revoke_one(db, t->who, &inv, now, "revoked");
	return db_end_unseen(db, e);
}

enum err invitation_revoke(struct db *db, struct arena *ar,
			   const struct actor *who, int64_t org_id,
			   int64_t invitation_id, struct member_outcome *out)
{
	struct revoke_tx t = {ar, who, org_id, invitation_id};
	enum err e = invitation_id ? db_write(db, revoke_tx, &t) : ERR_NOT_FOUND;

	memset(out, 0, sizeof(*out));
	if (e == ERR_OK)
		return outcome(out, e, NULL, N_("De uitnodiging is ingetrokken."));
	return outcome(out, e, NULL,
		       e == ERR_NOT_FOUND
			       ? N_("Deze uitnodiging bestaat niet, of is al gebruikt, "
				    "verlopen of ingetrokken.")
			       : N_("Er ging iets mis. Probeer het opnieuw."));
}

/* --- roles and removal ---------------------------------------------- */

/* The target and the number of coordinators, inside the transaction. */
static enum err find_member(const struct member_tx *t, struct db *db,
			    struct account_row *out, size_t *coordinators)
{
	struct account_row *rows;
	size_t n;
	enum err e = store_org_members(db, t->ar, t->org->id, &rows, &n);

	*coordinators = 0;
	if (e != ERR_OK)
		return e;
	e = ERR_NOT_FOUND;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].memberships->role, "coordinator") == 0)
			(*coordinators)++;
		if (rows[i].id == t->account_id) {
			*out = rows[i];
			e = ERR_OK;
		}
	}
	return e;
}

static void refuse_last(struct member_outcome *o)
{
	outcome(o, ERR_CONFLICT, NULL,
		N_("Dit is de laatste coördinator van de organisatie. Maak eerst "
		   "iemand anders coördinator."));
}

static enum err set_role_tx(struct db *db, void *p)
{
	struct member_tx *t = p;
	struct account_row a;
	size_t coordinators;
	enum err e;

	memset(t->out, 0, sizeof(*t->out));
	e = find_member(t, db, &a, &coordinators);
	if (e == ERR_OK && strcmp(a.memberships->role, t->role) == 0) {
		t->out->unchanged = true;
		return ERR_OK;
	}
	if (e == ERR_OK &&
	    member_leaves_no_coordinator(a.memberships->role, t->role, coordinators,
					 t->who->is_admin)) {
		refuse_last(t->out);
		return ERR_OK;
	}
	if (e == ERR_OK)
		e = store_membership_put(db, t->account_id, t->org->id, t->role);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "member.role", "organisation", t->org->id,
			      json_pack("{s:I, s:s, s:{s:s, s:s}}", "account_id",
					(json_int_t)t->account_id, "email", a.email,
					"role", "old", a.memberships->role, "new",
					t->role));
	if (e == ERR_OK && strcmp(t->role, "coordinator") != 0)
		e = revoke_sent_by(t, db, "inviter_demoted");
	return db_end_unseen(db, e);
}

/* Shared ending: what happened, or why not. */
static enum err finish(enum err e, struct member_outcome *o, const char *done)
{
	if (e != ERR_OK)
		return outcome(o, e, NULL,
			       e == ERR_NOT_FOUND
				       ? N_("Deze persoon is geen lid van deze organisatie.")
				       : N_("Er ging iets mis. Probeer het opnieuw."));
	if (o->err) /* decided inside the transaction */
		return o->err;
	return outcome(o, ERR_OK, NULL, o->unchanged ? N_("De rol was al zo.") : done);
}

enum err member_set_role(const struct app *app, struct db *db, struct arena *ar,
			 const struct actor *who, const struct org_row *org,
			 int64_t account_id, const char *role,
			 struct member_outcome *out)
{
	struct member_tx t = {app, ar, who, org, NULL, role, account_id, out};

	memset(out, 0, sizeof(*out));
	if (!member_role_valid(role))
		return outcome(out, ERR_INVALID, "role", N_("kies medewerker of coördinator"));
	return finish(db_write(db, set_role_tx, &t), out, N_("De rol is gewijzigd."));
}

static enum err remove_tx(struct db *db, void *p)
{
	struct member_tx *t = p;
	struct account_row a;
	size_t coordinators;
	enum err e;

	memset(t->out, 0, sizeof(*t->out));
	e = find_member(t, db, &a, &coordinators);
	if (e == ERR_OK &&
	    member_leaves_no_coordinator(a.memberships->role, NULL, coordinators,
					 t->who->is_admin)) {
		refuse_last(t->out);
		return ERR_OK;
	}
	if (e == ERR_OK)
		e = store_membership_delete(db, t->account_id, t->org->id);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "member.remove", "organisation", t->org->id,
			      json_pack("{s:I, s:s, s:s}", "account_id",
					(json_int_t)t->account_id, "email", a.email,
					"role", a.memberships->role));
	if (e == ERR_OK)
		e = revoke_sent_by(t, db, "inviter_removed");
	return db_end_unseen(db, e);
}

enum err member_remove(const struct app *app, struct db *db, struct arena *ar,
		       const struct actor *who, const struct org_row *org,
		       int64_t account_id, struct member_outcome *out)
{
	struct member_tx t = {app, ar, who, org, NULL, NULL, account_id, out};

	memset(out, 0, sizeof(*out));
	return finish(db_write(db, remove_tx, &t), out,
		      N_("Het lid is uit de organisatie gehaald."));
}

/* --- an existing account's answer ------------------------------------ */

struct answer_tx {
	struct arena *ar;
	const struct actor *who;
	const char *hash;
	const struct token_row *t;
	bool accept;
};

static enum err answer_tx(struct db *db, void *p)
{
	struct answer_tx *x = p;
	const struct token_row *t = x->t;
	struct invitation_row inv;
	char now[32];
	enum err e;

	store_now(now, sizeof(now));
	e = store_invitation_by_token(db, x->ar, x->hash, &inv);
	if (e == ERR_OK)
		e = store_token_use(db, x->hash, now);
	if (e == ERR_OK && x->accept)
		e = store_membership_put(db, t->account_id, t->org_id, t->role);
	if (e == ERR_OK)
		e = app_audit(db, x->who,
			      x->accept ? "invitation.accept" : "invitation.decline",
			      "organisation", t->org_id,
			      json_pack("{s:I, s:I, s:s, s:s}", "invitation_id",
					(json_int_t)inv.id, "account_id",
					(json_int_t)t->account_id, "email", t->email,
					"role", t->role));
	return db_end_unseen(db, e);
}

enum err invitation_answer(struct db *db, struct arena *ar,
			   const struct actor *who, const char *hash,
			   const struct token_row *t, bool accept)
{
	struct answer_tx x = {ar, who, hash, t, accept};

	return db_write(db, answer_tx, &x);
}
