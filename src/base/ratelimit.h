/* ratelimit: in-memory token buckets keyed by a string (client address,
 * account e-mail, ...), per server instance.  With N instances behind a
 * load balancer the effective limit would be up to N times higher, so
 * those share their limiters through the database (ratelimit_share).
 *
 * A bucket holds `burst` tokens and refills `per_minute` per minute; a
 * request takes one.  Memory is bounded: at most RATELIMIT_KEYS keys per
 * limiter; the oldest are forgotten first. */
#ifndef WA_RATELIMIT_H
#define WA_RATELIMIT_H
#include <stdbool.h>

#define RATELIMIT_KEYS 4096

struct ratelimit;

struct ratelimit *ratelimit_new(const char *name, double per_minute,
				double burst);
void ratelimit_free(struct ratelimit *rl);
/* Share a limiter between server instances: take() is asked first, with
 * the limiter's name and rates; it returns 1 (taken), 0 (empty, with
 * *retry_after set) or -1 (not available), and on -1 the in-process
 * bucket decides, so a database outage damps abuse per instance instead
 * of letting everything through.  main.c shares every limiter through
 * store_rate_take on PostgreSQL. */
typedef int (*ratelimit_shared_fn)(void *ctx, const char *name,
				   const char *key, double per_minute,
				   double burst, int *retry_after);
void ratelimit_share(struct ratelimit *rl, ratelimit_shared_fn take,
		     void *ctx);
/* Take a token for key.  false when empty; *retry_after gets the seconds
 * until the next token (at least 1). */
bool ratelimit_take(struct ratelimit *rl, const char *key, int *retry_after);

#endif
