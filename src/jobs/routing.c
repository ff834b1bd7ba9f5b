/* routing: see routing.h. */
#include "routing.h"

#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "app/routing.h"
#include "base/arena.h"
#include "base/log.h"
#include "base/util.h"

int routing_warm_run(struct db *db, void *ctx, char *msg, size_t msglen)
{
	struct arena ar;
	long long t0 = mono_ms();
	size_t kept = 0;
	char keys[24], ms[24];
	enum err e;

	(void)ctx;
	arena_init(&ar);
	e = routing_memo_warm(db, &ar, &kept);
	arena_clear(&ar);
#ifdef __GLIBC__
	/* The rows read (some 30 MB at 1M) lie freed between the memo's
	 * entries, which stay: without a trim the process kept them (RSS
	 * after the start 67 MB instead of 38, bench/RESULTS.md). */
	if (kept)
		malloc_trim(0);
#endif
	if (e != ERR_OK) {
		snprintf(msg, msglen, "routing memo not filled: %s", err_name(e));
		return -1;
	}
	snprintf(msg, msglen, "keys read: %zu", kept);
	if (kept) {
		snprintf(keys, sizeof(keys), "%zu", kept);
		snprintf(ms, sizeof(ms), "%lld", mono_ms() - t0);
		log_event("info", "routing_warm", "keys", keys, "ms", ms);
	}
	return 0;
}
