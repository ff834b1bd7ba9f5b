/* demo_history: a year of invented history for the demo (serve --demo),
 * so that the public figures (grades, promises, speed, outcomes, reach,
 * the trend by month) show real numbers at once: about a thousand
 * signals across Amsterdam's buurten over the last twelve months, most
 * in West and Noord; kwesties made of them at every scale level, taken
 * up, carried out and closed with an outcome after a realistic time;
 * promises kept on time, kept late, broken and changed; supporters; and
 * the grades of residents after the closing.  Every row is marked demo
 * and every text for residents ends in "(demo)".
 *
 * Deterministic: a fixed-seed generator draws everything, and the dates
 * count back from today, so every run (and every backend) holds the same
 * numbers, shifted to the day of the run.  Nothing happens today or
 * later: the newest event is of yesterday.  Made once, with the rest of
 * the demo (seed_demo). */
#ifndef WA_SEED_DEMO_HISTORY_H
#define WA_SEED_DEMO_HISTORY_H
#include <stddef.h>

struct db;
struct app;

/* Returns 0 or -1 with a message. */
int demo_history_seed(struct db *db, struct app *app, char *err, size_t errlen);

#endif
