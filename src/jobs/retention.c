/* retention: see retention.h. */
#include "retention.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/actor.h"
#include "app/audit.h"
#include "app/photo.h"
#include "base/log.h"
#include "store/store.h"

struct retention {
	const struct retention_config *cfg;
	const char *closed_before, *now, *idle;
	struct retention_counts c;
};

static enum err retention_tx(struct db *db, void *p)
{
	struct retention *r = p;
	enum err e;

	e = store_retention(db, r->closed_before, r->now, r->idle, &r->c);
	if (e == ERR_OK)
		e = app_audit_code(db, &actor_system, "retention.run", "retention",
				   r->now,
				   json_pack("{s:i, s:I, s:I, s:I, s:I, s:I}", "days",
					     r->cfg->days, "anonymised",
					     (json_int_t)r->c.anonymised, "tokens",
					     (json_int_t)r->c.tokens, "sessions",
					     (json_int_t)r->c.sessions, "mails",
					     (json_int_t)r->c.mails, "followers",
					     (json_int_t)r->c.followers));
	return e;
}

int retention_run(struct db *db, void *ctx, char *msg, size_t msglen)
{
	const struct retention_config *cfg = ctx;
	char closed_before[32], now[32], idle[32];
	struct retention r = {cfg, closed_before, now, idle, {0, 0, 0, 0, 0}};
	int64_t photos = 0;
	enum err e;

	store_time_ago(closed_before, sizeof(closed_before), cfg->days * 86400);
	store_now(now, sizeof(now));
	store_time_ago(idle, sizeof(idle), cfg->idle_minutes * 60);
	if ((e = db_write(db, retention_tx, &r)) != ERR_OK) {
		snprintf(msg, msglen, "retention failed: %s", err_name(e));
		return -1;
	}
	/* after the contact data: their photos go in the same run */
	if ((e = photo_retention(cfg->photo_dir, db, closed_before, &photos)) != ERR_OK) {
		snprintf(msg, msglen, "retention of photos failed: %s", err_name(e));
		return -1;
	}
	snprintf(msg, msglen,
		 "days %d: anonymised %lld, tokens %lld, sessions %lld, mails %lld,"
		 " followers %lld, photos %lld",
		 cfg->days, (long long)r.c.anonymised, (long long)r.c.tokens,
		 (long long)r.c.sessions, (long long)r.c.mails,
		 (long long)r.c.followers, (long long)photos);
	log_event("info", "retention", "result", msg);
	return 0;
}
