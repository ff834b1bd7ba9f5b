/* account: what a professional does with an account of their own: ask
 * for a new password by mail, and choose one through a mailed link. */
#ifndef WA_APP_ACCOUNT_H
#define WA_APP_ACCOUNT_H
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/accounts.h"

struct app;
struct db;

#define ACCOUNT_RESET_VALID_S 3600 /* a reset link works one hour */

/* Mail a link to choose a password when an account that may log in has
 * this (normalised) address; nothing otherwise.  Runs later
 * (app/later.h), so that the answer takes the same time either way; its
 * signature is later_fn's. */
void account_reset_mail(const struct app *app, struct db *db, struct arena *ar,
			const char *email);

/* Use the one-time link (token row t, hash its hash) to set the password
 * (pw_hash, hashed by the caller off the transaction): the token is used,
 * the account made or joined for an invitation, its other sessions ended
 * and the change audited, in one transaction.  *id: the account. */
enum err account_password_set(struct db *db, struct arena *ar, const char *hash,
			      const struct token_row *t, const char *pw_hash,
			      int64_t *id);

#endif
