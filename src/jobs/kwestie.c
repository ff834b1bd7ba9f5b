/* kwestie: see kwestie.h. */
#include "kwestie.h"

#include <stdio.h>

#include "app/kwestie.h"
#include "base/arena.h"
#include "base/log.h"

int kwestie_unpark_run(struct db *db, void *ctx, char *msg, size_t msglen)
{
	struct arena ar;
	int64_t n = 0;
	enum err e;

	arena_init(&ar);
	e = kwestie_unpark_due(db, &ar, &n);
	arena_clear(&ar);
	if (e != ERR_OK) {
		snprintf(msg, msglen, "unpark failed: %s", err_name(e));
		return -1;
	}
	snprintf(msg, msglen, "back from parking: %lld", (long long)n);
	if (n)
		log_event("info", "kwestie_unpark", "result", msg);
	return 0;
}
