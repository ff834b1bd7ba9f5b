/* figures (job): see figures.h. */
#include "figures.h"

#include <stdio.h>

#include "app/app.h"
#include "app/figures.h"
#include "base/arena.h"
#include "base/err.h"

int figures_refresh_run(struct db *db, void *ctx, char *msg, size_t msglen)
{
	struct arena ar;
	enum err e;

	arena_init(&ar);
	e = figures_refresh(ctx, db, &ar);
	arena_clear(&ar);
	if (e != ERR_OK) {
		snprintf(msg, msglen, "figures refresh failed: %s", err_name(e));
		return -1;
	}
	snprintf(msg, msglen, "figures of the city and stadsdelen refreshed");
	return 0;
}
