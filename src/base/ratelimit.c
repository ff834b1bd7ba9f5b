/* ratelimit: see ratelimit.h.  An open-addressing table of fixed size
 * under one mutex; a lookup is a hash and a few compares.  A bucket keeps
 * a 128-bit BLAKE2b hash of its key, never the key (an address or e-mail
 * address) and never a cut-off copy: keys of any length find their own
 * bucket. */
#include "ratelimit.h"

#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

#define KEY_HASH 16

struct bucket {
	unsigned char key[KEY_HASH]; /* all zero: unused */
	bool used;
	double tokens;
	double updated; /* seconds, monotonic */
};

struct ratelimit {
	pthread_mutex_t mu;
	char name[32];
	double per_second, burst;
	ratelimit_shared_fn shared;
	void *shared_ctx;
	struct bucket slots[RATELIMIT_KEYS];
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct ratelimit *ratelimit_new(const char *name, double per_minute,
				double burst)
{
	struct ratelimit *rl = xcalloc(1, sizeof(*rl));

	strlcpy_checked(rl->name, name, sizeof(rl->name));
	pthread_mutex_init(&rl->mu, NULL);
	rl->per_second = per_minute / 60.0;
	rl->burst = burst < 1 ? 1 : burst;
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	pthread_mutex_destroy(&rl->mu);
	free(rl);
}

static void key_hash(const char *key, unsigned char out[KEY_HASH])
{
	crypto_generichash(out, KEY_HASH, (const unsigned char *)key,
			   strlen(key), NULL, 0);
}

/* The key's bucket, or the stalest of the probed ones to reuse. */
static struct bucket *find(struct ratelimit *rl, const char *key, double now)
{
	unsigned char h[KEY_HASH];
	struct bucket *stalest = NULL;
	uint64_t start;

	key_hash(key, h);
	memcpy(&start, h, sizeof(start));
	for (int probe = 0; probe < 8; probe++) {
		struct bucket *b =
			&rl->slots[(start + (uint64_t)probe) % RATELIMIT_KEYS];

		if (b->used && memcmp(b->key, h, KEY_HASH) == 0)
			return b;
		if (!stalest || !b->used ||
		    (stalest->used && b->updated < stalest->updated))
			stalest = b;
	}
	memcpy(stalest->key, h, KEY_HASH);
	stalest->used = true;
	stalest->tokens = rl->burst;
	stalest->updated = now;
	return stalest;
}

void ratelimit_share(struct ratelimit *rl, ratelimit_shared_fn take,
		     void *ctx)
{
	rl->shared = take;
	rl->shared_ctx = ctx;
}

bool ratelimit_take(struct ratelimit *rl, const char *key, int *retry_after)
{
	double now = now_s();
	struct bucket *b;
	bool ok;
	int r;

	if (rl->shared) {
		r = rl->shared(rl->shared_ctx, rl->name, key, rl->per_second * 60.0,
			       rl->burst, retry_after);
		if (r >= 0)
			return r == 1;
	}

	pthread_mutex_lock(&rl->mu);
	b = find(rl, key, now);
	b->tokens = fmin(rl->burst, b->tokens + (now - b->updated) * rl->per_second);
	b->updated = now;
	ok = b->tokens >= 1.0;
	if (ok)
		b->tokens -= 1.0;
	else if (retry_after)
		*retry_after = (int)ceil((1.0 - b->tokens) / rl->per_second);
	pthread_mutex_unlock(&rl->mu);
	if (retry_after && !ok && *retry_after < 1)
		*retry_after = 1;
	return ok;
}
