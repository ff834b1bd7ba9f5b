/* kwestie: the periodic job of kwesties: parked ones whose date to look
 * again has come return to opgepakt, on the regisseur's list, with a line
 * in their history (app/kwestie.h kwestie_unpark_due). */
#ifndef WA_JOBS_KWESTIE_H
#define WA_JOBS_KWESTIE_H
#include <stddef.h>

struct db;

/* Returns 0 (msg: how many) or -1 with a message; the signature of struct
 * job's run (ctx unused). */
int kwestie_unpark_run(struct db *db, void *ctx, char *msg, size_t msglen);

#endif
