/* organisation: the use cases of an organisation (app/organisation.c):
 * create, change, delete, and the refusal of what only the beheerder may
 * change.  No HTTP: the actor acts, the caller maps enum err to a status
 * and the field errors to its form or JSON. */
#ifndef WA_APP_ORGANISATION_H
#define WA_APP_ORGANISATION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/actor.h"
#include "base/arena.h"
#include "base/err.h"
#include "domain/fields.h"
#include "domain/organisation.h"
#include "store/accounts.h"

struct app;
struct db;

/* An organisation as sent by a form or the API.  org_validate normalises
 * in place: the name is trimmed (NFC), kvk NULL when blank, areas sorted
 * without duplicates. */
struct org_input {
	const char *name, *kind, *kvk;
	char **areas;
	size_t nareas, cap;
	/* set by org_validate: the codes that name no area of the
	 * municipality (space-separated; only well-formed codes) */
	const char *unknown_areas;
	/* Whether the request carried the field at all: only the beheerder
	 * changes what an organisation is and where it works (org_guard). */
	bool kind_sent, areas_sent;
};

/* Add one area code (from a checkbox, or one word of a text field). */
void org_input_add_area(struct arena *ar, struct org_input *in, const char *code,
			size_t len);
/* Add every code of a text, separated by spaces or commas. */
void org_input_add_areas(struct arena *ar, struct org_input *in, const char *text);
/* Check every field (errs: field and Dutch msgid); the area codes are
 * looked up in the database, and their errors reported as areas_field
 * ("areas" in the API, "areas_other" on the form).  Returns the number of
 * errors. */
size_t org_validate(const struct app *app, struct db *db, struct arena *ar,
		    struct org_input *in, const char *areas_field,
		    struct field_errors *errs);
/* Only the beheerder changes an organisation's kind and areas: they decide
 * which signals, and so whose contact data, its members reach.  For anyone
 * else, a kind or areas left out keep the stored ones (filled in here) and
 * the same ones sent back are accepted; a different one is refused:
 * returns the field ("kind" or "areas"), else NULL.  Call before
 * org_validate. */
const char *org_guard(const struct actor *who, const struct org_row *old,
		      struct org_input *in);
/* Record a refused change of field in the audit log (its own
 * transaction: nothing else changes). */
enum err org_refuse(struct db *db, const struct actor *who,
		    const struct org_row *old, const char *field,
		    const struct org_input *in);
/* Create, update or delete in one transaction with the audit entry.
 * ERR_CONFLICT: another organisation has that name (ignoring case);
 * ERR_NOT_FOUND: no such organisation. */
enum err org_create(const struct app *app, struct db *db, struct arena *ar,
		    const struct actor *who, const struct org_input *in,
		    int64_t *id);
/* org_update writes kind and areas only for the beheerder; for anyone else
 * it keeps those of the row it reads in its own transaction, so a change
 * the beheerder makes meanwhile is never undone. */
enum err org_update(const struct app *app, struct db *db, struct arena *ar,
		    const struct actor *who, int64_t id,
		    const struct org_input *in);
enum err org_delete(const struct app *app, struct db *db, struct arena *ar,
		    const struct actor *who, int64_t id);

#endif
