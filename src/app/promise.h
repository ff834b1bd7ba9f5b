/* promise: promises to residents (toezeggingen) on a kwestie or a
 * signal, as use cases.  Each runs one db_write that re-reads what it
 * checks, writes the promise, the timeline entry residents read and the
 * audit row.  Due dates are dates in Europe/Amsterdam; a number of
 * working days becomes a date with domain/calendar.c and the promising
 * organisation's closing days.
 *
 * Who may: on a kwestie, an organisation that steers it (regisseur,
 * uitvoerder, those answering for its signals) promises for any
 * organisation of its chain; on a signal, an organisation working on
 * it promises for itself.  Closing or changing a promise is for the
 * same: the kwestie's steering organisations, or the promising
 * organisation itself. */
#ifndef WA_APP_PROMISE_H
#define WA_APP_PROMISE_H
#include <stddef.h>
#include <stdint.h>

#include "app/actor.h"
#include "base/arena.h"
#include "base/err.h"
#include "domain/fields.h"
#include "domain/promise.h"
#include "store/promise.h"
#include "store/store.h"

struct app;

struct promise_input {
	const char *what;
	int64_t organisation; /* 0: the actor's own */
	struct promise_when when;
	bool plain_confirmed; /* publish what below the plain-language target */
};

/* A promise on kwestie_id or signal_id (exactly one).  ERR_OK (*id);
 * ERR_INVALID / ERR_UNPROCESSABLE with errs; ERR_NOT_FOUND: no such
 * kwestie or signal; ERR_FORBIDDEN: the actor may not; ERR_CONFLICT: the
 * kwestie is closed or merged. */
enum err promise_make(const struct app *app, struct db *db, struct arena *ar,
		      const struct actor *who, int64_t kwestie_id,
		      int64_t signal_id, const struct promise_input *in,
		      struct field_errors *errs, int64_t *id);
/* Close promise id (gehaald, niet_gehaald) or change its date
 * (gewijzigd: *new_id the new open promise).  ERR_CONFLICT: version is
 * not the current one, or the promise is closed already. */
enum err promise_update(const struct app *app, struct db *db, struct arena *ar,
			const struct actor *who, int64_t id, int64_t version,
			const struct promise_change *ch,
			struct field_errors *errs, int64_t *new_id);

/* An organisation's record on similar promises (its closed ones of the
 * category; all of them when category is NULL or has too few). */
struct promise_record {
	size_t closed;	       /* gehaald + niet gehaald */
	size_t kept_on_time;   /* gehaald on or before due */
	int median_days;       /* calendar days from made to done, kept ones; -1: none */
	const char *category;  /* the category it is about, NULL: all */
};
enum err promise_record(struct db *db, struct arena *ar, int64_t org,
			const char *category, struct promise_record *out);

/* The earliest due date of the open promises; NULL when none. */
const char *promise_expected_by(const struct promise_row *p, size_t n);

/* The service norm of the organisation on the social map, in words
 * ("Schuldhulp: binnen 10 dagen. ..."), from its first service with a
 * norm; NULL when it has none. */
const char *promise_norm(struct db *db, struct arena *ar, int64_t org);

/* Working days a resident may expect an answer in when the category has
 * no norm (or the signal no category). */
#define PROMISE_DEFAULT_NORM 5

/* What a resident may expect of a signal: who looks at it (the
 * organisations responsible for it, "A en B"; NULL while none is) and by
 * when (by, YYYY-MM-DD): the earliest open promise on it or on its
 * kwestie (promised true), else its category's norm in working days
 * (PROMISE_DEFAULT_NORM without one) after the day it came in, counting
 * the first responsible organisation's closing days. */
struct expectation {
	const char *who;
	size_t nwho; /* how many organisations who names */
	char by[11];
	bool promised;
	int workdays; /* the norm used; 0 when promised */
};
enum err promise_expect_signal(struct db *db, struct arena *ar,
			       const struct signal_row *s,
			       struct expectation *out);
/* What promise_expect_signal reads that depends only on a signal's
 * category and areas (who is responsible: the routing rules; the
 * category's norm) and on the closing days from a day on, kept while one
 * list of signals is read in one snapshot (Open311's page of up to
 * 1,000): memo from expect_memo_new in that list's arena.
 * promise_expect_signal is the same with no memo. */
struct expect_memo;
struct expect_memo *expect_memo_new(struct arena *ar);
enum err promise_expect_memo(struct db *db, struct arena *ar,
			     const struct signal_row *s,
			     struct expect_memo *memo, struct expectation *out);
/* The same, with the signal's earliest open promise's due date already
 * read (NULL: none), as Open311's list statement reads it for its page. */
enum err promise_expect_due(struct db *db, struct arena *ar,
			    const struct signal_row *s, const char *due,
			    struct expect_memo *memo, struct expectation *out);

/* Who is responsible for the signals of a list, read for all of them
 * at once (store_signals_responsible) and kept in memo, so that
 * promise_expect_due reads nothing more for them: one statement for an
 * Open311 page instead of one per distinct category and areas (some 280
 * round trips on PostgreSQL, bench/RESULTS.md, issue 16).  s: the n
 * signals; the closed ones may be left out. */
enum err expect_memo_load(struct db *db, struct arena *ar,
			  struct expect_memo *memo,
			  const struct signal_row *const *s, size_t n);

/* "Stadsdeel West bekijkt uw melding." (or "... bekijken ...", or the
 * municipality when none is responsible yet), translated. */
const char *promise_who_looks(struct arena *ar, const struct expectation *ex);

/* Today in Europe/Amsterdam, "YYYY-MM-DD". */
void promise_today(char out[11]);
/* What a resident may expect: n working days after today for org (its
 * closing days count); false when it cannot be computed. */
bool promise_workdays_due(struct db *db, struct arena *ar, int64_t org,
			  int n, char out[11]);

#endif
