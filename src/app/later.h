/* later: use cases that run after the answer, off the request.  A request
 * for a mailed link (/mijn, a forgotten password) must take the same time
 * whether or not the address is known: the answer goes out at once, and
 * the lookup and the mail follow on a background thread (its own
 * database connection) in the language of the request.
 *
 * What is queued lives in memory: a crash loses at most the links asked
 * for in the last moment, and the person asks again.  Signals never take
 * this path. */
#ifndef WA_APP_LATER_H
#define WA_APP_LATER_H
#include <stdbool.h>

#include "base/arena.h"

struct app;
struct db;
struct workq;

typedef void (*later_fn)(const struct app *app, struct db *db,
			 struct arena *ar, const char *arg);

/* The background thread and its queue (at most max_queued waiting). */
struct workq *later_start(size_t max_queued);
void later_stop(struct workq *q);
/* Run fn(app, db, ar, arg) later in language lang; arg is copied.  With no
 * queue (app->later NULL: tests, the command line) it runs now.  false
 * when the queue is full: nothing will run (logged). */
bool later(const struct app *app, int lang, later_fn fn, const char *arg);

#endif
