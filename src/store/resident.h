/* resident: the SQL behind a resident's "mijn meldingen" (their signals,
 * found by the contact e-mail they gave, and changing or deleting their
 * contact data) and behind the professionals' signal pages (the signals of
 * their organisations, one signal, and its contact data).
 *
 * E-mail addresses are matched case-insensitively: intake stores them as
 * typed, the magic link carries them in lower case.  Anonymised contact
 * rows (e-mail and phone blanked) never match.
 *
 * No function here begins a transaction: the callers that write put the
 * change and its audit entries in one write transaction. */
#ifndef WA_STORE_RESIDENT_H
#define WA_STORE_RESIDENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"
#include "store/store.h"

#define RESIDENT_SIGNALS_MAX 500 /* shown on one page of mijn meldingen */

/* The contact data of one signal; NULL where absent. */
struct contact_row {
	int64_t signal_id;
	char *email, *phone, *age_band, *anonymised_at; /* arena */
};

/* A signal with its contact data: only for the resident themselves and
 * for professionals of an involved organisation. */
struct resident_signal {
	struct signal_row signal;
	struct contact_row contact;
};

/* Is there a signal whose contact e-mail is email? */
enum err store_resident_known(struct db *db, const char *email, bool *known);
/* The signals of municipality with contact e-mail email, newest first,
 * at most limit (a resident's list through one municipality's site). */
enum err store_resident_signals(struct db *db, struct arena *ar,
				const char *municipality, const char *email,
				int limit, struct resident_signal **out,
				size_t *n);
/* The contact rows with e-mail email, by signal id (all of them: for the
 * write transaction that changes or deletes them). */
enum err store_resident_contacts(struct db *db, struct arena *ar,
				 const char *email, struct contact_row **out,
				 size_t *n);
/* Set e-mail, phone and age band of one signal's contact row (NULL
 * clears); ERR_NOT_FOUND when it is gone or anonymised. */
enum err store_contact_update(struct db *db, int64_t signal_id,
			      const char *email, const char *phone,
			      const char *age_band);
/* Blank e-mail and phone of one signal's contact row and set
 * anonymised_at (the age band stays, as with retention). */
enum err store_contact_anonymise(struct db *db, int64_t signal_id,
				 const char *now);

/* One signal by id. */
enum err store_signal_by_id(struct db *db, struct arena *ar, int64_t id,
			    struct signal_row *out);
/* The contact data of a signal; ERR_NOT_FOUND when it has none. */
enum err store_signal_contact(struct db *db, struct arena *ar,
			      int64_t signal_id, struct contact_row *out);
/* Signals linked to an organisation of account_id (by membership) or to
 * org_id (an API key's organisation; 0 for none), newest first, with id
 * below before_id (0: from the newest), at most limit; of municipality
 * only (the site the list is asked through). */
enum err store_org_signals(struct db *db, struct arena *ar,
			   const char *municipality, int64_t account_id,
			   int64_t org_id, int64_t before_id, int limit,
			   struct signal_row **out, size_t *n);

#endif
