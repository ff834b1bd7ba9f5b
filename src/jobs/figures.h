/* figures (job): the public figures of the city and its stadsdelen over
 * the default period (the last twelve months) computed ahead into the
 * cache before their entries end (app/figures.h figures_refresh), for
 * the scopes someone read in the last day, so that a visitor does not
 * wait for the city's signals to be counted; entries older than a day
 * are dropped. */
#ifndef WA_JOBS_FIGURES_H
#define WA_JOBS_FIGURES_H
#include <stddef.h>

#include "app/figures.h" /* FIGURES_REFRESH_S */

struct db;

/* The signature of struct job's run; ctx: the app. */
int figures_refresh_run(struct db *db, void *ctx, char *msg, size_t msglen);

#endif
