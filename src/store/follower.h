/* follower: residents who follow a kwestie or the agenda of an area by
 * e-mail (table followers, migration 010).  A row is made unconfirmed
 * with two secrets, stored only as hashes (base/token.h): the confirm
 * link of the first mail and the unsubscribe link every mail carries.
 * Confirming clears the confirm hash, so the link works once;
 * unsubscribing deletes the row.  One row per address and kwestie or
 * area (the unique index followers_once).
 *
 * No function here begins a transaction: app/follower.c puts the row, its
 * mail (outbox) and its audit row in one. */
#ifndef WA_STORE_FOLLOWER_H
#define WA_STORE_FOLLOWER_H
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

/* Unconfirmed rows are kept this long; so long works the confirm link. */
#define FOLLOWER_CONFIRM_DAYS 7

struct follower_row {
	int64_t id;
	int64_t kwestie_id; /* 0 when an area is followed */
	char *area_code;    /* NULL when a kwestie is followed */
	char *email, *created_at, *confirmed_at;
};

/* What is followed: a kwestie (kwestie_id) or an area (area_code).
 * unsubscribe_hash: the token of this mail's unsubscribe link, added to
 * follower_tokens (earlier mails' links keep working). */
struct follower_new {
	const char *municipality;
	int64_t kwestie_id;
	const char *area_code;
	const char *email, *confirm_hash, *unsubscribe_hash, *now;
	const char *lang; /* the mails' language, "nl" or "en"; NULL: nl */
	/* how often news comes (domain/notify.h), checked by the caller;
	 * NULL: direct */
	const char *frequency;
};

/* The row of f's address for f's kwestie or area; ERR_NOT_FOUND. */
enum err store_follower_find(struct db *db, struct arena *ar,
			     const struct follower_new *f,
			     struct follower_row *out);
enum err store_follower_insert(struct db *db, const struct follower_new *f,
			       int64_t *id);
/* An unconfirmed row gets f's new secrets and frequency and starts its
 * days again;
 * ERR_NOT_FOUND when it was confirmed or is gone. */
enum err store_follower_refresh(struct db *db, int64_t id,
				const struct follower_new *f);
/* The unconfirmed row whose confirm link this is, made at or after
 * since; ERR_NOT_FOUND otherwise. */
enum err store_follower_by_confirm(struct db *db, struct arena *ar,
				   const char *hash, const char *since,
				   struct follower_row *out);
enum err store_follower_by_unsubscribe(struct db *db, struct arena *ar,
				       const char *hash,
				       struct follower_row *out);
/* Confirmed at now, its confirm link spent, mailed from the newest
 * timeline entry on (migration 014); ERR_NOT_FOUND when it was
 * confirmed already (a second click, or a race) or is gone. */
enum err store_follower_confirm(struct db *db, int64_t id, const char *now);
/* ERR_NOT_FOUND when it is gone already. */
enum err store_follower_delete(struct db *db, int64_t id);
/* Retention: unconfirmed rows made before created_before, and the
 * followers of kwesties closed before closed_before (their last mail has
 * gone).  *count: how many rows went. */
enum err store_followers_purge(struct db *db, const char *created_before,
			       const char *closed_before, int64_t *count);

#endif
