/* notify: the jobs that mail residents the news of their signals and of
 * what they follow, and professionals their promises due (see
 * docs/notifications.md).
 *
 * notify_direct_run (every minute): for each subscription with frequency
 * direct, one mail per kwestie or signal with the timeline entries after
 * its mailed_upto.  notify_digest_run (ctx "daily" at 07:00, "weekly" on
 * Monday at 07:00, Amsterdam): one mail per address with the new entries
 * of all its subscriptions of that frequency.  Each mail, its link (a
 * fresh token, stored hashed, standing for the subscriptions it covers)
 * and the new mailed_upto are written in one transaction, so an entry is
 * mailed once.  An address marked bounced is skipped (its cursor still
 * moves, so no backlog follows a cleared mark).
 *
 * notify_professional_run (07:00): each organisation with open promises
 * late or due within NOTIFY_SOON_WORKDAYS working days mails the list to
 * every active member; nothing when there is nothing.
 *
 * ctx of every job: the struct app (base URL, areas).  The mails are in
 * the language the person subscribed in (professionals: Dutch). */
#ifndef WA_JOBS_NOTIFY_H
#define WA_JOBS_NOTIFY_H
#include <stddef.h>

struct db;

#define NOTIFY_SOON_WORKDAYS 3

int notify_direct_run(struct db *db, void *ctx, char *msg, size_t msglen);
/* notify_daily_run and notify_weekly_run: the digests. */
int notify_daily_run(struct db *db, void *ctx, char *msg, size_t msglen);
int notify_weekly_run(struct db *db, void *ctx, char *msg, size_t msglen);
int notify_professional_run(struct db *db, void *ctx, char *msg,
			    size_t msglen);

#endif
