/* promise: the rules of a promise to residents (toezegging).  Pure: no
 * SQL, no HTTP, no clock (today comes in as "YYYY-MM-DD", the date in
 * Europe/Amsterdam).  Messages are Dutch msgids (N_()).
 *
 * A promise says what will happen, which organisation of the chain does
 * it and by when (due, a date; given as a date or as a number of working
 * days, which the use case turns into a date with domain/calendar.c).
 *
 *   open          -> gehaald (kept, on the date it was done: not in the
 *                    future, not before it was made),
 *                 -> niet_gehaald (broken, with an explanation),
 *                 -> gewijzigd (a new date and a reason: the row keeps
 *                    its old date and the new date is a new open promise
 *                    that replaces it, so the old one stays visible).
 *   gehaald, niet_gehaald, gewijzigd are final.
 *
 * Late is never stored nor typed: an open promise is late once today is
 * after its due date (promise_late). */
#ifndef WA_DOMAIN_PROMISE_H
#define WA_DOMAIN_PROMISE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "domain/fields.h"
#include "domain/kwestie.h"

#define PROMISE_WHAT_MIN 5
#define PROMISE_WHAT_MAX 500
#define PROMISE_EXPLANATION_MAX 1000
#define PROMISE_WORKDAYS_MAX 250
/* A due date at most this many days ahead: a promise for a later day is
 * not one a resident can hold anyone to. */
#define PROMISE_HORIZON_DAYS 731

enum promise_status {
	PS_OPEN,
	PS_GEHAALD,
	PS_NIET_GEHAALD,
	PS_GEWIJZIGD,
	PS_STATUSES
};

extern const struct kw_name promise_statuses[PS_STATUSES];
int promise_status_parse(const char *s);

/* When, as sent: a date or a number of working days, exactly one. */
struct promise_when {
	const char *due; /* YYYY-MM-DD or NULL */
	bool has_workdays;
	int64_t workdays;
};

/* Exactly one of due and workdays, workdays 1..PROMISE_WORKDAYS_MAX;
 * errors under field (and "workdays"). */
bool promise_when_check(const struct promise_when *w, const char *field,
			struct field_errors *errs);
/* A due date (as sent, or made from working days): a real date, not
 * before today, not after max_due. */
bool promise_due_check(const char *due, const char *today,
		       const char *max_due, const char *field,
		       struct field_errors *errs);
/* The text of what is promised (trimmed NFC copy in *out). */
bool promise_what_check(struct arena *ar, const char *what,
			struct field_errors *errs, const char **out);

/* A change of an open promise, as sent. */
struct promise_change {
	const char *status;	 /* gehaald, niet_gehaald, gewijzigd */
	const char *explanation; /* required for niet_gehaald, gewijzigd */
	const char *done_on;	 /* gehaald: NULL is today */
	struct promise_when when; /* gewijzigd: the new date */
	bool plain_confirmed;	  /* the explanation below the plain-language
				   * target (app/plain.h) */
};

/* The change checked against the promise as it is (its status, the day
 * it was made, its due date); the new date of gewijzigd is checked by
 * the caller with promise_due_check once it is a date.  *status the new
 * status, *explanation trimmed, *done_on (gehaald) the date.  A final
 * promise: errs "status", and false. */
bool promise_change_check(struct arena *ar, int cur_status, const char *made_on,
			  const struct promise_change *ch, const char *today,
			  struct field_errors *errs, int *status,
			  const char **explanation, const char **done_on);

/* Open and today after due. */
bool promise_late(int status, const char *due, const char *today);
/* Kept on time: gehaald on or before its due date. */
bool promise_kept_on_time(int status, const char *due, const char *done_on);

#endif
