/* open311: the one statement Open311's request list needs
 * (app/open311.c): the tracking tokens of the signals that match its
 * filters, newest first, one page.  The token only goes to signal_track
 * (app/signal.c), which reads what a resident's tracking page shows; it
 * is never written into an Open311 answer. */
#ifndef WA_STORE_OPEN311_H
#define WA_STORE_OPEN311_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"
#include "store/store.h"
#include "store/timeline.h"

enum open311_status { O311_ANY,
		      O311_OPEN,
		      O311_CLOSED };

struct open311_query {
	const char *municipality;
	const char *from, *to; /* stored-moment bounds, inclusive */
	const char *codes;     /* ",a,b," or "" for every category */
	enum open311_status status;
	bool demo; /* demo rows too (an installation run with --demo) */
	int64_t offset, limit;
};

/* A signal of the list: its token and when it was closed (NULL: open),
 * the column the status filter reads. */
/* A request of the list: its signal row (store_signal_read's columns),
 * when it was closed and its outcome, read by the list statement itself
 * so the caller need not read the signal again by its token. */
struct open311_ref {
	struct signal_row s;
	char *token, *closed_at, *outcome;
	char *kwestie_title, *regisseur; /* of its first kwestie, or NULL */
	char *due;			 /* its earliest open promise's, or NULL */
	struct timeline_row last;	 /* its newest timeline entry */
	bool has_last;
};

enum err store_open311_refs(struct db *db, struct arena *ar,
			    const struct open311_query *q,
			    struct open311_ref **out, size_t *n);

/* One signal by id, as the list reads it: ERR_NOT_FOUND for none, one of
 * another municipality, or a demo row when demo is false. */
enum err store_open311_ref(struct db *db, struct arena *ar,
			   const char *municipality, bool demo, int64_t id,
			   struct open311_ref *out);

#endif
