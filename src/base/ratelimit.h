/* ratelimit: in-memory token buckets keyed by a string (client address,
 * account e-mail, ...), per server instance.  With N instances behind a
 * load balancer the effective limit is up to N times higher: acceptable
 * for abuse damping; accounts are also protected by argon2id's cost.
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
/* Take a token for key.  false when empty; *retry_after gets the seconds
 * until the next token (at least 1). */
bool ratelimit_take(struct ratelimit *rl, const char *key, int *retry_after);

#endif
