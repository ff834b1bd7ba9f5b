/* routing: the rules that say which organisations get a new signal
 * (migration 011 holds them as rows; the views signal_routing and
 * signal_responsible apply them).  Pure: the form of a rule and the
 * guard on deleting one.
 *
 * A rule is category x area -> organisation:
 *
 *   category      NULL: every category; a main category ("afval") also
 *                 takes its sub-categories ("afval/grofvuil")
 *   area          NULL: anywhere; else the code of an area of any level,
 *                 matched against the signal's buurt, wijk, gebied,
 *                 stadsdeel and municipality
 *   organisation  0: the default, "the municipality's own organisations
 *                 (kind gemeente or stadsdeel) that work in one of the
 *                 signal's areas"; else that organisation, whatever its
 *                 kind and areas
 *
 * Rules add up.  A rule of every category everywhere covers every
 * signal; the last one of a municipality may not be deleted, so its
 * signals never go nowhere unseen. */
#ifndef WA_DOMAIN_ROUTING_H
#define WA_DOMAIN_ROUTING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "domain/fields.h"

#define ROUTING_NOTE_MAX 200	 /* characters */
#define ROUTING_CATEGORY_MAX 128 /* bytes, as a signal's category */

struct routing_input {
	const char *category; /* NULL or "" : every category */
	const char *area;     /* NULL or "" : everywhere */
	int64_t organisation; /* 0: the default rule; < 0 is refused */
	const char *note;     /* NULL or "": none */
};

/* "afval" or "afval/grofvuil": one or two slugs of [a-z0-9_-]. */
bool routing_category_valid(const char *s);
/* Normalise in place (blanks to NULL, the note trimmed and NFC, "" when
 * none) and check the form of every field: category, area, organisation,
 * note (field names as in the API).  Whether the codes and the
 * organisation exist is the use case's to check.  Returns the number of
 * errors added. */
size_t routing_check(struct arena *ar, struct routing_input *in,
		     struct field_errors *errs);
/* Does the rule take every category everywhere? */
bool routing_covers_all(const char *category, const char *area);
/* Would deleting a rule leave the municipality without a rule that
 * covers everything?  ncovering: how many such rules it has now. */
bool routing_delete_leaves_none(const char *category, const char *area,
				size_t ncovering);

#endif
