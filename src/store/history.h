/* history: writes of rows dated in the past, which only the demo history
 * (seed/demo_history.c) makes: intake and the use cases stamp their rows
 * with the clock, and a year of invented history needs its own dates.
 *
 * Everything else the history writes goes through the ordinary store
 * functions, which take the moment as an argument already (kwesties,
 * their timeline, promises, support, grades).  No function here begins a
 * transaction. */
#ifndef WA_STORE_HISTORY_H
#define WA_STORE_HISTORY_H
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/db.h"

/* A signal as it was reported at created_at: no contact row, no mail,
 * no dedupe check (the caller makes dedupe_key unique). */
struct signal_past {
	const char *municipality, *token, *kind, *body, *category;
	const char *codes[4]; /* buurt, wijk, gebied, stadsdeel */
	const char *created_at, *dedupe_key;
	const char *resident_key; /* NULL: none (migration 015) */
	bool demo;
};

/* In the caller's write transaction; *id the new signal's. */
enum err store_signal_insert_past(struct db *db, const struct signal_past *s,
				  int64_t *id);

#endif
