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
	char *municipality;
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
/* The same for a signal row s of a list, which keeps in how many
 * kwesties it is and the first (kwestie_count, first_kwestie, migration
 * 027): a signal in one kwestie reads that kwestie's open promises
 * directly (the small index promises_open_by_kwestie) instead of first
 * its links (a random page of kwestie_signals for each row: an eighth of
 * a cold Open311 list at 1M signals), one in none reads no kwestie's. */
#define PROMISE_SIGNAL_ROW_DUE_SQL(s)                                          \
	"(SELECT MIN(m.due) FROM (SELECT MIN(p.due) AS due FROM promises p"    \
	" WHERE p.status = 'open' AND p.signal_id = " s ".id UNION ALL"        \
	" SELECT MIN(p.due) FROM promises p WHERE p.status = 'open' AND"       \
	" p.kwestie_id = " s ".first_kwestie AND " s ".kwestie_count = 1"      \
	" UNION ALL SELECT MIN(p.due) FROM kwestie_signals ks JOIN promises p" \
	" ON p.kwestie_id = ks.kwestie_id WHERE ks.signal_id = " s ".id AND"   \
	" p.status = 'open' AND " s ".kwestie_count > 1) m)"
/* The same on PostgreSQL: the smaller of the reads (LEAST passes over a
 * NULL), a kwestie's only for a signal in one.  The subquery above ran
 * as one plan per row (12 ms for a page of 1,000 at 1M signals); a
 * grouping over the page's promises, read before, was planned as a walk
 * of every open promise (17 ms, and growing with the table:
 * bench/RESULTS.md, issue 16). */
#define PROMISE_SIGNAL_DUE_PG_SQL(s)                                          \
	"LEAST((SELECT MIN(p.due) FROM promises p WHERE p.signal_id = " s     \
	".id AND p.status = 'open'), CASE WHEN " s ".kwestie_count = 1 THEN"  \
	" (SELECT MIN(p.due) FROM promises p WHERE p.kwestie_id = " s         \
	".first_kwestie AND p.status = 'open') WHEN " s ".kwestie_count > 1"  \
	" THEN (SELECT MIN(p.due) FROM kwestie_signals ks JOIN promises p ON" \
	" p.kwestie_id = ks.kwestie_id WHERE ks.signal_id = " s ".id AND"     \
	" p.status = 'open') END)"
/* That date for signal_id; *due NULL when there is none. */
enum err store_promise_signal_due(struct db *db, struct arena *ar,
				  int64_t signal_id, char **due);

/* The organisations responsible for a signal (the view
 * signal_responsible: routing), by name, at most
 * STORE_RESPONSIBLE_PER_SIGNAL (what a resident is told: "A, B en C"). */
#define STORE_RESPONSIBLE_PER_SIGNAL 3
struct promise_org {
	int64_t id;
	char *name;
};
enum err store_signal_responsible(struct db *db, struct arena *ar,
				  int64_t signal_id, struct promise_org **out,
				  size_t *n);
/* The same for many signals in one read (an Open311 page: one
 * statement instead of one per signal): the signals ids (n of them, at
 * most STORE_RESPONSIBLE_MAX), rows (signal, organisation) ordered by
 * signal id and then name, at most STORE_RESPONSIBLE_PER_SIGNAL per
 * signal as above.  Inside a
 * read transaction (on PostgreSQL it turns parallel workers off for the
 * rest of it, see store/promise.c). */
#define STORE_RESPONSIBLE_MAX 1000
struct signal_org {
	int64_t signal_id;
	struct promise_org org;
};
enum err store_signals_responsible(struct db *db, struct arena *ar,
				   const int64_t *ids, size_t n,
				   struct signal_org **out, size_t *nout);

#endif
