/* installation: the installation_state table (migration 017) and the
 * one-time keying of the pseudonymous keys made before the installation
 * secret existed (app/resident.c says why).  No function here begins a
 * transaction: app/resident.c runs them in one write transaction. */
#ifndef WA_STORE_INSTALLATION_H
#define WA_STORE_INSTALLATION_H
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

/* The value of name; NULL when unset. */
enum err store_state_get(struct db *db, struct arena *ar, const char *name,
			 char **value);
enum err store_state_set(struct db *db, const char *name, const char *value);

/* The columns that hold pseudonymous keys. */
enum key_column {
	KEYCOL_SIGNAL_RESIDENT,	 /* signals.resident_key */
	KEYCOL_SIGNAL_DEDUPE,	 /* signals.dedupe_key: retired, not keyed */
	KEYCOL_GRADE_PERSON,	 /* grades.person_key */
	KEYCOL_INVITE_PERSON,	 /* grade_invites.person_key */
	KEYCOL_SUPPORTER,	 /* kwestie_supporters.supporter_key */
	KEYCOL_BOUNCE,		 /* mail_bounces.address_hash */
	KEYCOL_COUNT
};

/* Replace every value v of the column by map(v): a page of rows read,
 * then updated by primary key (on PostgreSQL the page in one statement),
 * then the next page; *changed counts the rows.  The
 * duplicate check's keys are replaced by "retired-<id>" instead: they
 * only matter for minutes. */
typedef void (*key_map_fn)(char *out33, const char *old, void *ctx);
enum err store_keys_rekey(struct db *db, enum key_column col, key_map_fn map,
			  void *ctx, size_t *changed);

#endif
