/* notify: the store of notifications (migration 014): who hears of what
 * and how often (followers.frequency, signal_notify), how far each has
 * been mailed (mailed_upto, a timeline id), the links of the mails
 * (notify_tokens, hash only; follower_tokens of the confirmation mail
 * count too), bounced addresses (mail_bounces), and what the
 * professional digest reads (promises due and the members' addresses).
 *
 * A subscription is a follower row ('f') or a reporter's signal ('s').
 * The reporter's address is read from signal_contacts, never copied, so
 * retention's blanking ends the mail.  Functions without _tx begin no
 * transaction: the caller puts them with its mail in one. */
#ifndef WA_STORE_NOTIFY_H
#define WA_STORE_NOTIFY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"
#include "store/timeline.h"

/* At most this many timeline entries go into one mail (the rest follow
 * in the next one). */
#define NOTIFY_ENTRIES_MAX 100

struct notify_sub {
	char kind;	    /* 'f' follower, 's' reporter */
	int64_t id;	    /* followers.id or signals.id */
	int64_t kwestie_id; /* 'f': 0 when an area is followed */
	char *area_code;    /* 'f' of an area */
	char *email;	    /* NULL: blanked by retention */
	char *frequency, *lang, *confirmed_at;
	int64_t mailed_upto;
};

/* Confirmed followers and reporters with an address, of one frequency
 * and one municipality (its mails link to its own site), ordered by
 * address. */
enum err store_notify_subs(struct db *db, struct arena *ar,
			   const char *municipality, const char *frequency,
			   struct notify_sub **out, size_t *n);
/* The subscriptions a mailed link stands for (none: ERR_NOT_FOUND). */
enum err store_notify_by_token(struct db *db, struct arena *ar,
			       const char *hash, struct notify_sub **out,
			       size_t *n);
/* The timeline entries of s after its mailed_upto, oldest first, at most
 * NOTIFY_ENTRIES_MAX. */
enum err store_notify_entries(struct db *db, struct arena *ar,
			      const struct notify_sub *s,
			      struct timeline_row **out, size_t *n);
enum err store_notify_advance(struct db *db, const struct notify_sub *s,
			      int64_t upto);
enum err store_notify_token_add(struct db *db, const char *hash,
				const struct notify_sub *s, const char *now);
enum err store_notify_set_frequency(struct db *db, const struct notify_sub *s,
				    const char *frequency);
/* A reporter's choice at intake; mailed from the newest entry on. */
enum err store_notify_reporter_add(struct db *db, int64_t signal_id,
				   const char *frequency, const char *lang,
				   const char *now);
/* What a mail names: a kwestie's title, a signal's token. */
enum err store_notify_signal_token(struct db *db, struct arena *ar,
				   int64_t signal_id, char **token);

/* --- bounces ----------------------------------------------------------- */
/* The key of an address in mail_bounces (33 bytes). */
void store_bounce_key(const char *address, char *out);
bool store_bounced(struct db *db, const char *address);
/* Mark it (first, last, count); in tx. */
enum err store_bounce_record(struct db *db, const char *address,
			     bool permanent);
/* The same in a transaction of its own. */
enum err store_bounce_record_tx(struct db *db, const char *address,
				bool permanent);
/* Clear the mark (the person confirmed or chose again); in tx. */
enum err store_bounce_clear(struct db *db, const char *address);

/* --- the professional digest -------------------------------------------- */
struct promise_due {
	int64_t id, organisation_id, kwestie_id, signal_id;
	char *organisation, *what, *due, *title;
};
/* Open promises of the municipality's organisations due on or before
 * until (YYYY-MM-DD), by organisation and date. */
enum err store_promises_due(struct db *db, struct arena *ar,
			    const char *municipality, const char *until,
			    struct promise_due **out, size_t *n);
/* The addresses of an organisation's active members. */
enum err store_org_member_emails(struct db *db, struct arena *ar,
				 int64_t org_id, char ***out, size_t *n);

#endif
