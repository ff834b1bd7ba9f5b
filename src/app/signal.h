/* signal: what professionals do with a signal once it is in (intake is
 * app/intake.h): read the resident's contact data, which is recorded in
 * the audit log in the same transaction that reads it, so every view is
 * on record; and what a resident's tracking page shows of the signal
 * and its kwesties. */
#ifndef WA_APP_SIGNAL_H
#define WA_APP_SIGNAL_H
#include <stdbool.h>
#include <stdint.h>

#include "app/actor.h"
#include "app/promise.h"
#include "base/arena.h"
#include "base/err.h"
#include "store/kwestie.h"
#include "store/resident.h"
#include "store/photo.h"
#include "store/store.h"
#include "store/timeline.h"

struct db;

/* The contact data of signal id (*found false when it has none), read
 * and audited ("signal.contact.view") in one transaction.  Whether who
 * may is the router's decision (AZ_SIGNAL_CONTACT). */
enum err signal_contact_view(struct db *db, struct arena *ar,
			     const struct actor *who, int64_t id,
			     struct contact_row *out, bool *found);

/* What the resident's tracking page shows (/m/{token}, its JSON and its
 * feed): the signal, how it ended once closed, the kwesties it is part
 * of (open ones first), each with its level, regisseur and status, and
 * the timeline (the signal's own entries and its kwesties', oldest
 * first, each with the words people read, app/timeline.h).  No contact
 * data. */
struct signal_track {
	struct signal_row s;
	char *outcome; /* a kw_outcomes value, NULL while open */
	struct kwestie_row *kwesties;
	size_t nkwesties;
	struct timeline_row *timeline;
	size_t ntimeline;
	/* while open: who looks at it and by when (app/promise.h) */
	bool has_expect;
	struct expectation expect;
	/* its photos (store/photo.h), read by signal_track and intake only */
	struct photo_row *photos;
	size_t nphotos;
};

/* ERR_NOT_FOUND for a token no signal of municipality has: a signal is
 * seen only through its own municipality's site (web/site.h). */
enum err signal_track(struct db *db, struct arena *ar, const char *municipality,
		      const char *token, struct signal_track *out);
/* The same from a signal row and its outcome already read (the Open311
 * list reads them for a whole page in one statement). */
enum err signal_track_of(struct db *db, struct arena *ar,
			 const struct signal_row *s, const char *outcome,
			 struct signal_track *out);
/* The same with what the caller already has: the expectation worked out
 * in this transaction (intake's acknowledgement), or a memo for a list
 * read in one snapshot (Open311's page: what depends only on category
 * and areas is read once, app/promise.h); NULL for either: read it. */
enum err signal_track_with(struct db *db, struct arena *ar,
			   const struct signal_row *s, const char *outcome,
			   const struct expectation *expect,
			   struct expect_memo *memo, struct signal_track *out);

#endif
