/* figures (job): the public figures of the city and its stadsdelen over
 * the default period (the last twelve months) computed ahead into the
 * cache (app/figures.h figures_refresh), so that no visitor waits for the
 * city's million signals to be counted, and entries of other periods
 * older than a day dropped. */
#ifndef WA_JOBS_FIGURES_H
#define WA_JOBS_FIGURES_H
#include <stddef.h>

struct db;

/* Every FIGURES_REFRESH_S: within FIGURES_MAX_AGE_S (app/figures.h), so
 * the default period of those scopes is always served from the cache. */
#define FIGURES_REFRESH_S 600

/* The signature of struct job's run; ctx: the app. */
int figures_refresh_run(struct db *db, void *ctx, char *msg, size_t msglen);

#endif
