/* mailer: one-time links by mail.  The token row (only its hash) and the
 * mail that carries the link go into the database in one transaction, so
 * there is never a mail for a token that was not stored, nor a stored
 * token whose mail was lost; the mail worker sends it afterwards.  No
 * HTTP here: the texts are in the language of struct mail_env (the
 * caller's thread has it in use: i18n_use), the links on the app's
 * base URL. */
#ifndef WA_APP_MAILER_H
#define WA_APP_MAILER_H
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

struct app;
struct db;

/* Where a mail is made: the app (base URL, mail worker) and an arena for
 * the texts. */
struct mail_env {
	const struct app *app;
	struct arena *ar;
};

/* kind: "password" (reset or first password), "invite", "magic".
 * role and org_name: for invitations (org_name is shown in the mail).
 * token: the secret. */
enum err mailer_token_mail(const struct mail_env *env, struct db *db,
			   const char *kind, const char *email,
			   int64_t account_id, int64_t org_id,
			   const char *role, const char *org_name,
			   const char *token, int valid_s);
/* The link a token kind opens; "join": an invitation for an existing
 * account (an "invite" token), which opens the consent page. */
const char *mailer_link(const struct mail_env *env, const char *kind,
			const char *token);
/* Wake the mail worker (no-op when mail is not configured). */
void mailer_kick(const struct app *app);

#endif
