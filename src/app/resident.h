/* resident: what a resident does without an account: ask for a mailed
 * link to "mijn meldingen". */
#ifndef WA_APP_RESIDENT_H
#define WA_APP_RESIDENT_H
#include "base/arena.h"

struct app;
struct db;

#define RESIDENT_LINK_VALID_S 7200 /* a magic link works two hours, once */

/* Mail a link when signals carry this (normalised) address; nothing
 * otherwise.  Runs later (app/later.h), so that the answer takes the same
 * time either way; its signature is later_fn's. */
void resident_link_mail(const struct app *app, struct db *db, struct arena *ar,
			const char *email);

#endif
