/* timeline: what residents read of a signal or a kwestie (table timeline,
 * migration 012).  An entry names what changed (kind, from_value,
 * to_value, reason), the organisation that did it (actor: a name, never a
 * person) and, when a professional wrote one, a message for residents;
 * app/timeline.c turns an entry into the words people read.
 *
 * The audit log is not the timeline: that one names people and is for
 * professionals.  No function here begins a transaction: the use case
 * writes its change and its timeline entry in one. */
#ifndef WA_STORE_TIMELINE_H
#define WA_STORE_TIMELINE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

/* The most entries one read returns (the newest ones are kept). */
#define TIMELINE_MAX 500

struct timeline_row {
	int64_t id, kwestie_id, signal_id, promise_id; /* 0: none */
	char *at, *actor, *kind, *from_value, *to_value, *reason, *subject,
		*message;
	const char *text; /* the words people read: app/timeline.c fills it */
};

/* An entry of a kwestie (kwestie_id) or of a signal (signal_id). */
struct timeline_new {
	int64_t kwestie_id, signal_id, promise_id;
	const char *at, *actor, *kind, *from_value, *to_value, *reason, *subject,
		*message;
};

/* The columns of an entry, in the order store_timeline_read reads them
 * (store/notify.c selects entries after a mailed cursor with it). */
#define TIMELINE_COLS                                                          \
	"id, kwestie_id, signal_id, promise_id, at, actor, kind, from_value,"  \
	" to_value, reason, subject, message"
void store_timeline_read(struct arena *ar, struct db_stmt *st, void *row);
/* The same columns of the entry t, read from column col on (store/open311.c
 * reads a signal's last entry in its list statement). */
#define TIMELINE_COLS_T                                                      \
	"t.id, t.kwestie_id, t.signal_id, t.promise_id, t.at, t.actor, t.kind," \
	" t.from_value, t.to_value, t.reason, t.subject, t.message"
void store_timeline_read_from(struct arena *ar, struct db_stmt *st, int col,
			      struct timeline_row *r);

enum err store_timeline_add(struct db *db, const struct timeline_new *t);
/* Which entry is the newest of signal s, its own or of one of its
 * kwesties, with k its first kwestie (s.first_kwestie, joined; NULL when
 * none): what migration 027 keeps (s.own_entry, s.kwestie_count,
 * k.last_entry) read as signal_summary.last_entry defines it; own and
 * last are what the CASE gives when it is the signal's own or k's.  The
 * other kwesties are looked at only for a signal in more than one (a
 * split), whose newest id it gives. */
#define TIMELINE_SIGNAL_NEWEST_CASE(s, k, own, last)                         \
	"CASE WHEN " s ".kwestie_count > 1 THEN (SELECT MAX(m.id) FROM"      \
	" (SELECT " s ".own_entry AS id UNION ALL SELECT k2.last_entry FROM" \
	" kwestie_signals ks2 JOIN kwesties k2 ON k2.id = ks2.kwestie_id"    \
	" WHERE ks2.signal_id = " s ".id) m) WHEN " k ".last_entry IS NULL"  \
	" OR " s ".own_entry > " k ".last_entry THEN " own " ELSE " last " END"
/* The id of that entry; NULL when there is none. */
#define TIMELINE_SIGNAL_NEWEST_SQL(s, k) \
	TIMELINE_SIGNAL_NEWEST_CASE(s, k, s ".own_entry", k ".last_entry")
/* The same entry where its words must be read from the timeline: NULL
 * where migration 028 keeps them beside the id (s.own_kind, k.last_kind
 * not NULL: the entry says no more than its kind and values) or where
 * there is none.  A signal in more than one kwestie reads its entry. */
#define TIMELINE_SIGNAL_NEWEST_READ_SQL(s, k)                                \
	TIMELINE_SIGNAL_NEWEST_CASE(                                         \
		s, k,                                                        \
		"CASE WHEN " s ".own_kind IS NULL THEN " s ".own_entry END", \
		"CASE WHEN " k ".last_kind IS NULL THEN " k ".last_entry END")
/* What a reader of TIMELINE_SIGNAL_NEWEST_READ_SQL takes instead of the
 * entry (store/open311.c): the ids it chooses by and the kept words. */
#define TIMELINE_SIGNAL_WORDS_SQL(s, k)                                       \
	s ".kwestie_count, " s ".own_entry, " s ".own_at, " s ".own_kind, " s \
	  ".own_from, " s ".own_to, " k ".id, " k ".last_entry, " k ".last_at, " k ".last_kind, " k ".last_from, " k ".last_to"
/* The entry from those columns, read from column col on: true when it
 * was kept there (r filled but for its reason, subject, message and
 * promise, which a kept entry does not have, and its actor, which is not
 * kept). */
bool store_timeline_words_from(struct arena *ar, struct db_stmt *st, int col,
			       int64_t signal_id, struct timeline_row *r);

/* A kwestie's entries, oldest first. */
enum err store_timeline_kwestie(struct db *db, struct arena *ar, int64_t id,
				struct timeline_row **out, size_t *n);
/* A signal's own entries and those of the kwesties it is in, oldest
 * first. */
enum err store_timeline_signal(struct db *db, struct arena *ar,
			       int64_t signal_id, struct timeline_row **out,
			       size_t *n);

#endif
