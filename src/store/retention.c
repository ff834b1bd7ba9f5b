/* retention: what we keep, and for how long.  Contact data of a signal are
 * blanked a set number of days after the signal was closed (the age band
 * stays: it says nothing about who someone is, and reach per age group is
 * reported); expired sessions and one-time links are removed, and so
 * are followers who never confirmed (after FOLLOWER_CONFIRM_DAYS) and the
 * followers of kwesties closed as long ago as contact data are kept.  One
 * transaction; callers log the counts in the audit log. */
#include "store.h"

#include <time.h>

#include "store/accounts.h"
#include "store/follower.h"

static const char sql_anonymise[] =
	"UPDATE signal_contacts SET email = NULL, phone = NULL,"
	" anonymised_at = $2 WHERE anonymised_at IS NULL AND signal_id IN"
	" (SELECT id FROM signals WHERE closed_at IS NOT NULL AND closed_at < $1)";

/* Sent mail keeps addresses and one-time links: gone after a week; mail
 * given up on after a month. */
static const char sql_outbox_purge[] =
	"DELETE FROM outbox WHERE (sent_at IS NOT NULL AND sent_at < $1)"
	" OR (sent_at IS NULL AND attempts >= 10 AND created_at < $2)";

/* Rate buckets untouched for a day are full again: forget them. */
static const char sql_rates_purge[] =
	"DELETE FROM rate_buckets WHERE at_s < $1";

static enum err exec_count(struct db *db, const char *sql, const char *a,
			   const char *b, int64_t *count)
{
	struct db_stmt *st = db_prepare(db, sql);
	enum err e = ERR_OK;

	db_bind_text(st, 1, a);
	db_bind_text(st, 2, b);
	if (db_step(st) != DB_DONE)
		e = db_error(db, st);
	else
		*count = db_changes(db);
	db_done(st);
	return e;
}

enum err store_retention(struct db *db, const char *closed_before,
			 const char *now, const char *idle_before,
			 struct retention_counts *c)
{
	enum err e;

	c->anonymised = c->tokens = c->sessions = c->mails = c->followers = 0;
	e = exec_count(db, sql_anonymise, closed_before, now, &c->anonymised);
	if (e == ERR_OK && (e = store_tokens_expire(db, now)) == ERR_OK)
		c->tokens = db_changes(db);
	if (e == ERR_OK && (e = store_sessions_expire(db, now, idle_before)) == ERR_OK)
		c->sessions = db_changes(db);
	if (e == ERR_OK) {
		char week[32], month[32];

		store_time_ago(week, sizeof(week), 7 * 86400);
		store_time_ago(month, sizeof(month), 30 * 86400);
		e = exec_count(db, sql_outbox_purge, week, month, &c->mails);
	}
	if (e == ERR_OK) {
		char unconfirmed[32];

		store_time_ago(unconfirmed, sizeof(unconfirmed),
			       FOLLOWER_CONFIRM_DAYS * 86400);
		e = store_followers_purge(db, unconfirmed, closed_before,
					  &c->followers);
	}
	if (e == ERR_OK) {
		struct db_stmt *st = db_prepare(db, sql_rates_purge);

		db_bind_double(st, 1, (double)time(NULL) - 86400.0);
		e = db_run(db, st, false);
	}
	return e;
}
