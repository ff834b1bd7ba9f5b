/* account: see account.h. */
#include "account.h"

#include <string.h>

#include "app/audit.h"
#include "app/mailer.h"
#include "base/log.h"
#include "base/token.h"
#include "store/accounts.h"
#include "store/store.h"

void account_reset_mail(const struct app *app, struct db *db, struct arena *ar,
			const char *email)
{
	struct mail_env env = {app, ar};
	struct account_row a;
	char token[TOKEN_LEN + 1];

	if (store_account_by_email(db, ar, email, &a) != ERR_OK || a.disabled_at)
		return;
	token_new(token);
	if (mailer_token_mail(&env, db, "password", email, a.id, 0, NULL, NULL,
			      token, ACCOUNT_RESET_VALID_S) != ERR_OK)
		log_event("error", "reset_link_not_queued");
}

/* Account id for the token: the reset's account, or the invited one
 * (made when new).  Inside the write transaction. */
static enum err token_account(struct arena *ar, struct db *db,
			      const struct token_row *t, int64_t *id)
{
	struct account_row a;
	enum err e;

	if (strcmp(t->kind, "password") == 0) {
		*id = t->account_id;
		return *id ? ERR_OK : ERR_NOT_FOUND;
	}
	e = store_account_by_email(db, ar, t->email, &a);
	if (e == ERR_OK) {
		*id = a.id;
	} else if (e == ERR_NOT_FOUND) {
		e = store_account_create(db, t->email, "", false, false, id);
	}
	if (e == ERR_OK)
		e = store_membership_put(db, *id, t->org_id, t->role);
	return e;
}

/* Using the token inside db_write; id is the account it is for. */
struct password_tx {
	struct arena *ar;
	const char *hash, *pw_hash, *now;
	const struct token_row *t;
	int64_t id;
};

static enum err apply_tx(struct db *db, void *p)
{
	struct password_tx *x = p;
	const struct token_row *t = x->t;
	struct actor who;
	enum err e;

	x->id = 0;
	e = store_token_use(db, x->hash, x->now);
	if (e == ERR_OK)
		e = token_account(x->ar, db, t, &x->id);
	if (e == ERR_OK)
		e = store_account_set_password(db, x->id, x->pw_hash);
	if (e == ERR_OK)
		e = store_sessions_delete_account(db, x->id);
	if (e == ERR_OK) {
		who = actor_nobody;
		who.kind = ACTOR_ACCOUNT;
		who.account_id = x->id;
		who.email = who.label = t->email;
		e = app_audit(db, &who,
			      strcmp(t->kind, "invite") == 0 ? "invitation.accept"
							     : "account.password",
			      "account", x->id, NULL);
	}
	/* accounts, sessions and memberships are on no public answer */
	return db_end_unseen(db, e);
}

enum err account_password_set(struct db *db, struct arena *ar, const char *hash,
			      const struct token_row *t, const char *pw_hash,
			      int64_t *id)
{
	char now[32];
	struct password_tx x = {ar, hash, pw_hash, now, t, 0};
	enum err e;

	store_now(now, sizeof(now));
	e = db_write(db, apply_tx, &x);
	*id = x.id;
	return e;
}
