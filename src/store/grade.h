/* grade: the storage of residents' grades (rapportcijfers) and of the
 * invitations to give one (tables grades and grade_invites, migration
 * 015).  SPDX-License-Identifier: EUPL-1.2
 *
 * A grade's subject is a kwestie (kwestie_id) or a signal in no kwestie
 * (signal_id), exactly one of the two; one row per subject and
 * person_key (the unique index grades_once).  No function here begins a
 * transaction: app/grade.c checks the rules (domain/grade.c: the grade,
 * the 14 days) and writes the grade, its audit row and a reopening in
 * one; the demo history (seed/) writes through store_grade_put too. */
#ifndef WA_STORE_GRADE_H
#define WA_STORE_GRADE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

/* The most grades one read of a subject returns (newest first). */
#define GRADE_LIST_MAX 500

struct grade_row {
	int64_t id;
	const char *municipality;
	int64_t kwestie_id, signal_id; /* exactly one is not 0 */
	const char *person_key;
	int grade;          /* 1-10 */
	const char *solved; /* "ja", "deels", "nee" */
	const char *comment; /* NULL: none */
	const char *buurt_code, *wijk_code, *gebied_code, *stadsdeel_code;
	const char *topic;
	int64_t organisation_id; /* 0: none */
	const char *created_at, *updated_at;
	bool demo;
};

/* Inside the caller's write transaction: insert g, or, when the subject
 * already has a grade of g->person_key, update that row's grade, solved,
 * comment and updated_at (created_at, the area chain, topic and
 * organisation stay as first copied; *replaced true).  *id: the row's
 * id.  The 14-day rule is the use case's, not the store's. */
enum err store_grade_put(struct db *db, const struct grade_row *g,
			 int64_t *id, bool *replaced);

/* The grade person_key gave the subject (kwestie_id or signal_id, the
 * other 0); ERR_NOT_FOUND when none. */
enum err store_grade_get(struct db *db, struct arena *ar, int64_t kwestie_id,
			 int64_t signal_id, const char *person_key,
			 struct grade_row *out);

/* The grades of a subject, newest first, at most GRADE_LIST_MAX (for the
 * professionals: they include the comments). */
enum err store_grades_subject(struct db *db, struct arena *ar,
			      int64_t kwestie_id, int64_t signal_id,
			      struct grade_row **out, size_t *n);

/* --- invitations -------------------------------------------------------- */

struct grade_invite_row {
	char *token_hash, *municipality, *person_key, *created_at;
	int64_t kwestie_id, signal_id; /* exactly one is not 0 */
};

/* Inside the caller's write transaction. */
enum err store_grade_invite_add(struct db *db,
				const struct grade_invite_row *inv);
/* The invitation of a hashed token; ERR_NOT_FOUND when none. */
enum err store_grade_invite_get(struct db *db, struct arena *ar,
				const char *token_hash,
				struct grade_invite_row *out);
/* Whether person_key was invited to grade the subject already. */
enum err store_grade_invited(struct db *db, int64_t kwestie_id,
			     int64_t signal_id, const char *person_key,
			     bool *invited);

/* --- what the use case reads and changes around a grade ------------------ */

/* Whether organisation org reopens on a "nee" (organisations.reopen_on_nee,
 * migration 015); false for 0 or an unknown one. */
enum err store_grade_org_reopens(struct db *db, int64_t org, bool *reopens);
enum err store_grade_org_set_reopens(struct db *db, int64_t org, bool reopens);

/* The reporter's e-mail address as the contact row has it now (NULL when
 * none was left, or retention or the resident wiped it): a grade's
 * person_key is its resident_key (app/resident.h), which is what intake
 * wrote into signals.resident_key, and also right for signals older
 * than that column.
 * graded_key: when retention blanked the address, the signal's
 * resident_key if one of its subjects was graded under it (else NULL). */
enum err store_grade_reporter(struct db *db, struct arena *ar,
			      int64_t signal_id, char **email,
			      char **graded_key);

/* A closed signal in no kwestie back to triage: status gemeld, outcome
 * and closed_at cleared; ERR_CONFLICT when it is open or in a kwestie. */
enum err store_grade_signal_reopen(struct db *db, int64_t signal_id);

/* Who is invited when a subject closes: the reporters of its signals
 * who left an address (token: their tracking token) and, of a kwestie,
 * its confirmed followers (token NULL); not those who stopped the mails
 * about it (frequency none).  Reporters first, oldest signal
 * first; an address may come more than once (the caller mails it once). */
struct grade_recipient {
	char *email, *token, *lang; /* lang: "nl", "en" as they chose */
};
#define GRADE_RECIPIENTS_MAX 2000
enum err store_grade_recipients(struct db *db, struct arena *ar,
				int64_t kwestie_id, int64_t signal_id,
				struct grade_recipient **out, size_t *n);

#endif
