/* intake: the one way a signal enters, for the report form, the JSON API
 * and Open311 alike: the client's rate limit, validation
 * (domain/signal), its place in the area hierarchy, the category,
 * deduplication, one write.  Nothing is written unless every check
 * passed.  No HTTP here: the caller passes the client's address (for the
 * limit and the duplicate check) and maps the answer to a status. */
#ifndef WA_APP_INTAKE_H
#define WA_APP_INTAKE_H
#include <stdbool.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/signal.h"
#include "store/kwestie.h"
#include "store/store.h"
#include "app/signal.h"

struct app;

struct intake_outcome {
	struct signal_row row; /* the signal, new or the earlier duplicate */
	bool replayed;	       /* the same submission came in moments ago */
	int retry_after;       /* seconds, with ERR_LIMITED */
};

/* A signal in steps, for a server thread that does not wait for the
 * commit (web/intake.c parks the request's connection meanwhile).
 * intake_prepare takes the rate limit and checks: ERR_INVALID: errs holds
 * the malformed fields; ERR_UNPROCESSABLE: well-formed, but errs names a
 * place outside the municipality, an unknown buurt or category, or a
 * photo that is gone or taken (app/photo.h); ERR_LIMITED: this client
 * reported too much just now (out->retry_after); ERR_BUSY: no database.
 * On ERR_OK *pending holds the signal ready to store (in ar; out and
 * track are filled later).  intake_store stores it: queued for
 * the group writer (store_signal_queue), done(arg) called on the
 * writer's thread after the commit; where nothing can be queued
 * (PostgreSQL), stored at once and done(arg) called before it returns.
 * Nothing of ar, in, out or track may be touched between intake_store
 * and done.  intake_finish then gives the result: ERR_OK, stored or
 * replayed (out->replayed: the same submission came in moments ago; out
 * the earlier one); ERR_CONFLICT: a photo was taken meanwhile; ERR_BUSY
 * or ERR_INTERNAL: not stored.  track, unless NULL, gets with ERR_OK what
 * signal_track (app/signal.h) reads of the signal, with its photos, read
 * in the transaction that stored it (the API answers with it). */
struct intake_pending;
enum err intake_prepare(const struct app *app, struct db *db, struct arena *ar,
			const char *client, struct signal_input *in,
			struct field_errors *errs, struct intake_outcome *out,
			struct signal_track *track, struct intake_pending **pending);
void intake_store(struct intake_pending *p, void (*done)(void *arg), void *arg);
enum err intake_finish(struct intake_pending *p);

/* "Is het dit?": the open kwesties a report may be about (kwestie_suggest
 * of app/kwestie.h, at most max), for a report that passes every check of
 * intake_prepare; none for one that does not (intake_prepare then says
 * why).  Reads only: no rate limit taken, nothing written, in unchanged. */
enum err intake_suggest(const struct app *app, struct db *db, struct arena *ar,
			const struct signal_input *in, size_t max,
			struct kwestie_row **out, size_t *n);

#endif
