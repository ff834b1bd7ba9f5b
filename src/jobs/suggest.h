/* suggest (job): trains the category suggestion's model again when it
 * is due (app/suggest.h suggest_train: no model yet, enough newly
 * confirmed categories, or a week old), every SUGGEST_TRAIN_EVERY_S
 * seconds, once across instances.  The first tick of a server trains a
 * new installation's first model (from its demo signals). */
#ifndef WA_JOBS_SUGGEST_H
#define WA_JOBS_SUGGEST_H
#include <stddef.h>

struct db;

#define SUGGEST_TRAIN_EVERY_S 60

/* The signature of struct job's run; ctx: the app. */
int suggest_train_run(struct db *db, void *ctx, char *msg, size_t msglen);

#endif
