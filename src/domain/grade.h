/* grade: the rules of a resident's grade (rapportcijfer).  Pure: no SQL,
 * no HTTP, no clock (now comes in).  Messages are Dutch msgids (N_()).
 * SPDX-License-Identifier: EUPL-1.2
 *
 * A grade is a whole number 1-10 (not 7.5, not the text "8", not 0 or
 * 11), whether it is solved (ja, deels, nee) and an optional comment:
 * free text by the rules of domain/fields.c (trimmed, NFC, no control
 * characters, lines allowed), at most GRADE_COMMENT_MAX characters.  A
 * person's grade of a subject can be changed for GRADE_CHANGE_DAYS days
 * after it was first given (created_at); after that it stands. */
#ifndef WA_DOMAIN_GRADE_H
#define WA_DOMAIN_GRADE_H
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "domain/fields.h"

#define GRADE_MIN 1
#define GRADE_MAX 10
#define GRADE_COMMENT_MAX 1000
#define GRADE_CHANGE_DAYS 14

/* A grade as sent.  grade_text is the form's value (a string of digits
 * only, "8"); a JSON body gives a number: has_grade with grade, and
 * grade_wrong_type when "grade" was there but not a whole number (a
 * string, 8.5, true), which the web layer cannot put in grade. */
struct grade_input {
	bool has_grade, grade_wrong_type;
	int64_t grade;
	const char *grade_text; /* a form's field, or NULL */
	const char *solved;	/* "ja", "deels", "nee" */
	const char *comment;	/* NULL or "": none */
};

/* The checked grade: grade 1-10, solved one of the three (the stored
 * value), comment trimmed NFC or NULL. */
struct grade_checked {
	int grade;
	const char *solved;
	const char *comment;
};

/* Check every field of in (errors under "grade", "solved", "comment",
 * one each); true and *out filled when all are right. */
bool grade_check(struct arena *ar, const struct grade_input *in,
		 struct grade_checked *out, struct field_errors *errs);

/* A form's grade: only the digits of 1..10, without sign, space or
 * leading zero; -1 otherwise. */
int grade_parse_text(const char *s);

/* Whether "ja", "deels" or "nee". */
bool grade_solved_valid(const char *s);

/* May a grade first given at created_at (a stored moment, ISO 8601 UTC)
 * still be changed at now?  Until GRADE_CHANGE_DAYS * 24 hours after it;
 * false when either moment does not parse. */
bool grade_changeable(const char *created_at, const char *now);
/* The last moment it may be changed, as seconds since 1970 (UTC); -1
 * when created_at does not parse. */
int64_t grade_changeable_until(const char *created_at);

#endif
