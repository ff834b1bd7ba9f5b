/* account: what a professional does with an account of their own: ask
 * for a new password by mail. */
#ifndef WA_APP_ACCOUNT_H
#define WA_APP_ACCOUNT_H
#include "base/arena.h"

struct app;
struct db;

#define ACCOUNT_RESET_VALID_S 3600 /* a reset link works one hour */

/* Mail a link to choose a password when an account that may log in has
 * this (normalised) address; nothing otherwise.  Runs later
 * (app/later.h), so that the answer takes the same time either way; its
 * signature is later_fn's. */
void account_reset_mail(const struct app *app, struct db *db, struct arena *ar,
			const char *email);

#endif
