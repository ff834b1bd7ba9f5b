/* grade: a resident's rapportcijfer of a closed kwestie or signal, and
 * the invitations to give one.  SPDX-License-Identifier: EUPL-1.2
 *
 * Who grades (person_key, never who by name):
 *   - through a signal's tracking token (/m/{token}): the reporter.  When
 *     the reporter left an e-mail address, the signal's resident_key (the
 *     hash of that address, app/resident.h), so the same person through
 *     an invitation link or a second signal counts once; else a hash of
 *     the token;
 *   - through an invitation token (/beoordelen/{token}, grade_invites,
 *     hashed): the person_key the invitation names (the hash of the
 *     follower's confirmed address).
 * What is graded (the subject): the signal's kwestie when it is in one
 * (of several, the most recently closed; refused while none is closed),
 * else the signal itself, which must be closed.  One grade per person
 * and subject, changeable for 14 days (domain/grade.h).
 *
 * A "nee" reopens the subject when the regisseur's organisation (a lone
 * signal: the organisation that answers for it) chose so
 * (organisations.reopen_on_nee): the kwestie back to opgepakt through
 * its own rules (app/kwestie.h), the signal back to triage, with a
 * public timeline entry in plain words; the comment is for the
 * professionals (their kwestie page), never public. */
#ifndef WA_APP_GRADE_H
#define WA_APP_GRADE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/actor.h"
#include "base/arena.h"
#include "base/err.h"
#include "domain/fields.h"
#include "domain/grade.h"
#include "store/grade.h"
#include "store/kwestie.h"

struct app;
struct db;

/* Whose grade: exactly one of the two tokens. */
struct grade_who {
	const char *signal_token; /* the tracking token */
	const char *invite_token; /* an invitation's token */
};

/* What the grade form shows: the subject, whether it can be graded now,
 * and this person's grade with the moment it stops being changeable. */
struct grade_subject {
	int64_t kwestie_id, signal_id; /* the subject, one of them */
	const char *title;	       /* the kwestie's title; NULL for a signal */
	const char *signal_token;      /* the signal's (tracking page), or NULL */
	bool closed;		       /* can be graded */
	bool has_grade;
	struct grade_row grade;	   /* has_grade: this person's */
	const char *changeable_until; /* ISO 8601 UTC; NULL when no grade */
	bool changeable;	      /* the grade may still be changed */
	/* private to the use case */
	const char *person_key;
	struct kwestie_row k;
	struct signal_row s;
};

/* Whether a signal with these kwesties and this outcome (as
 * signal_track read them) can be graded: what grade_subject_read would
 * call closed.  The tracking page asks first and spares the open
 * signal's page the subject's five reads. */
bool grade_signal_closed(const struct kwestie_row *ks, size_t n,
			 const char *outcome);

/* The subject and this person's grade, for the pages.  ERR_NOT_FOUND for
 * an unknown token; ERR_OK with closed false while nothing can be
 * graded. */
enum err grade_subject_read(const struct app *app, struct db *db,
			    struct arena *ar, const struct grade_who *who,
			    struct grade_subject *out);

struct grade_result {
	int64_t id;
	bool replaced;	/* this person's grade was changed (200, not 201) */
	bool reopened;	/* the "nee" reopened the subject */
	struct grade_subject subject;
	int retry_after; /* ERR_LIMITED */
};

/* Give or change a grade.  ERR_INVALID (errs: grade, solved, comment):
 * nothing read; ERR_LIMITED: the client's intake limit (retry_after);
 * ERR_NOT_FOUND: no such token; ERR_CONFLICT (errs: subject or grade):
 * nothing closed to grade yet, or this person's grade is older than 14
 * days.  Nothing is stored on any error. */
enum err grade_submit(const struct app *app, struct db *db, struct arena *ar,
		      const char *client, const struct grade_who *who,
		      const struct grade_input *in, struct field_errors *errs,
		      struct grade_result *out);

/* An organisation's choice whether a "nee" reopens (who may: the
 * router, organisation.update); with its audit row.  ERR_NOT_FOUND for
 * an unknown organisation. */
enum err grade_org_set_reopen(struct db *db, const struct actor *who,
			      int64_t org, bool reopen);

/* Inside the caller's write transaction, when a kwestie (kwestie_id) is
 * afgerond or a lone signal (signal_id) is closed: queue one invitation
 * mail per address to its reporters (a link to their tracking page) and,
 * of a kwestie, its confirmed followers (an invitation link), each with
 * its grade_invites row.  A person invited to grade this subject before
 * is not invited again (a kwestie closed a second time sends nothing
 * new to them).  *queued: how many mails (the caller kicks the mailer
 * after the commit). */
enum err grade_invite_on_close(const struct app *app, struct db *db,
			       struct arena *ar, int64_t kwestie_id,
			       int64_t signal_id, const char *now,
			       size_t *queued);

#endif
