/* routing: the job that fills this process's routing memo ahead
 * (app/routing.h routing_memo_warm): a local job (jobs.h), run by every
 * instance, at its start and every minute after; a run finds nothing to
 * do unless the rules changed or the memo was emptied. */
#ifndef WA_JOBS_ROUTING_H
#define WA_JOBS_ROUTING_H
#include <stddef.h>

struct db;

#define ROUTING_WARM_EVERY_S 60

/* Returns 0 (msg: how many keys were read) or -1 with a message; the
 * signature of struct job's run (ctx unused). */
int routing_warm_run(struct db *db, void *ctx, char *msg, size_t msglen);

#endif
