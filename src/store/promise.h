/* promise: the storage of promises to residents (table promises,
 * migration 012).  A change of status is an UPDATE guarded by the row's
 * version, so two professionals cannot both close one promise.  No
 * function here begins a transaction: app/promise.c writes the promise,
 * its timeline entry and its audit row in one. */
#ifndef WA_STORE_PROMISE_H
#define WA_STORE_PROMISE_H
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

/* The most promises one read returns. */
#define PROMISE_LIST_MAX 200
/* The closed promises a record is computed from (the newest). */
#define PROMISE_RECORD_MAX 500

struct promise_row {
	int64_t id, kwestie_id, signal_id, organisation_id, replaces, version;
	char *organisation; /* its name */
	char *what, *made_on, *due, *status, *done_on, *explanation;
	char *category_code, *created_at, *updated_at;
	int64_t workdays; /* 0: given as a date */
};

struct promise_new {
	const char *municipality;
	int64_t kwestie_id, signal_id, organisation_id, replaces;
	const char *what, *made_on, *due, *category_code, *now;
	int64_t workdays; /* 0: given as a date */
};

enum err store_promise_insert(struct db *db, const struct promise_new *p,
			      int64_t *id);
enum err store_promise_get(struct db *db, struct arena *ar, int64_t id,
			   struct promise_row *out);
/* The promises of a kwestie, or of a signal, oldest first. */
enum err store_promises_kwestie(struct db *db, struct arena *ar, int64_t id,
				struct promise_row **out, size_t *n);
enum err store_promises_signal(struct db *db, struct arena *ar, int64_t id,
			       struct promise_row **out, size_t *n);
/* Close an open promise: status, done_on (gehaald) or explanation; ERR_CONFLICT
 * when its version is not version any more. */
enum err store_promise_close(struct db *db, int64_t id, int64_t version,
			     const char *status, const char *done_on,
			     const char *explanation, const char *now);
/* The organisation's closed promises (gehaald, niet_gehaald) of a
 * category (NULL: all), newest first, for its record. */
enum err store_promises_record(struct db *db, struct arena *ar, int64_t org,
			       const char *category, struct promise_row **out,
			       size_t *n);

/* The earliest due date of the open promises on the signal sig ("$1",
 * "s.id") or on a kwestie it is in, as a scalar subquery: the smaller of
 * two index reads (one OR of both made PostgreSQL read every open
 * promise).  store/open311.c reads it in its list statement. */
#define PROMISE_SIGNAL_DUE_SQL(sig)                                            \
	"(SELECT MIN(m.due) FROM (SELECT MIN(p.due) AS due FROM promises p"    \
	" WHERE p.status = 'open' AND p.signal_id = " sig " UNION ALL SELECT" \
	" MIN(p.due) FROM kwestie_signals ks JOIN promises p ON p.kwestie_id" \
	" = ks.kwestie_id WHERE ks.signal_id = " sig " AND p.status = 'open')" \
	" m)"
/* That date for signal_id; *due NULL when there is none. */
enum err store_promise_signal_due(struct db *db, struct arena *ar,
				  int64_t signal_id, char **due);

/* The organisations responsible for a signal (the view
 * signal_responsible: routing), by name, at most 3. */
struct promise_org {
	int64_t id;
	char *name;
};
enum err store_signal_responsible(struct db *db, struct arena *ar,
				  int64_t signal_id, struct promise_org **out,
				  size_t *n);

#endif
