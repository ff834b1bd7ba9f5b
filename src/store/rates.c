/* rates: token buckets in the database, so that several server instances
 * on one PostgreSQL count together (base/ratelimit.h shares a limiter
 * through store_rate_take).  One statement per request: an upsert that
 * refills the bucket by the time since its last use, takes a token if
 * there is one and says whether it did.  PostgreSQL locks the row for the
 * ON CONFLICT update, so concurrent takes on one key from any instance
 * queue on it and never both take the last token.  Times are the
 * database server's (now(), the statement's start), in seconds. */
#include "store.h"

#include <math.h>

/* The bucket's tokens after refilling, from the row as it was. */
#define REFILL                                                              \
	"LEAST($4::float8, rate_buckets.tokens + GREATEST(0, EXTRACT(EPOCH"  \
	" FROM now())::float8 - rate_buckets.at_s) * $3::float8 / 60.0)"

static const char sql_take_pg[] =
	"INSERT INTO rate_buckets (name, key_hash, tokens, allowed, at_s)"
	" VALUES ($1, $2, $4::float8 - 1, 1, EXTRACT(EPOCH FROM now()))"
	" ON CONFLICT (name, key_hash) DO UPDATE SET"
	" allowed = CASE WHEN " REFILL " >= 1 THEN 1 ELSE 0 END,"
	" tokens = CASE WHEN " REFILL " >= 1 THEN " REFILL " - 1"
	" ELSE " REFILL " END,"
	" at_s = EXTRACT(EPOCH FROM now())"
	" RETURNING allowed, tokens";

int store_rate_take(struct db *db, const char *name, const char *key_hash,
		    double per_minute, double burst, int *retry_after)
{
	struct db_stmt *st;
	int allowed = -1;
	double tokens = 0;

	if (db_dialect(db) != DB_POSTGRES || per_minute <= 0)
		return -1;
	st = db_prepare(db, sql_take_pg);
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, key_hash);
	db_bind_double(st, 3, per_minute);
	db_bind_double(st, 4, burst < 1 ? 1 : burst);
	if (db_step(st) == DB_ROW) {
		allowed = db_col_int(st, 0) ? 1 : 0;
		tokens = db_col_double(st, 1);
	} else {
		db_error(db, st);
	}
	db_done(st);
	if (allowed == 0 && retry_after) {
		*retry_after = (int)ceil((1.0 - tokens) * 60.0 / per_minute);
		if (*retry_after < 1)
			*retry_after = 1;
	}
	return allowed;
}
