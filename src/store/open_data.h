/* open_data: the rows of the public open data of signals and kwesties
 * (docs/open-data.md), read a page at a time by id (keyset), so that an
 * export of a million signals never holds more than one page, and the
 * population of areas from the CBS (areas.population, migration 015).
 *
 * What a row holds is what may be published: no signal text, no
 * coordinates, no contact data, token, resident key or person; the
 * statements below do not select them, so no caller can leak them by
 * accident.  Reading pages by id is no snapshot: rows added while an
 * export runs are in it when their id is past the page being read. */
#ifndef WA_STORE_OPEN_DATA_H
#define WA_STORE_OPEN_DATA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

/* Which rows: created_at in [from, to) (ISO 8601 UTC text; "" and NULL
 * for no bound), with demo rows or without, ids after `after`. */
struct open_data_query {
	const char *municipality;
	const char *from, *to;
	bool demo;
	int64_t after;
	int64_t limit; /* rows in one page, 1..OPEN_DATA_PAGE_MAX */
	/* signals only: the last id of the period (0: not known yet, -1:
	 * the period has none); store_open_signal_span sets it */
	int64_t upto;
};

#define OPEN_DATA_PAGE_MAX 5000

struct open_signal_row {
	int64_t id;
	char *created_at, *closed_at, *kind, *category_code, *status, *outcome;
	char *buurt_code, *buurt_name, *wijk_code, *gebied_code,
		*stadsdeel_code;
	bool demo;
	const char *category_name; /* filled by app/open_data.c */
	int64_t *kwesties; /* the kwesties it is in, by id */
	size_t nkwesties;
};

struct open_kwestie_row {
	int64_t id;
	char *title, *description, *area_code, *area_level, *area_name;
	char *buurt_code, *buurt_name, *wijk_code, *gebied_code,
		*stadsdeel_code;
	char *theme, *category_code, *topic, *level, *status, *outcome;
	int64_t duplicate_of, merged_into; /* 0: none */
	char *forwarded_to, *regisseur;
	int64_t urgency, residents, signals;
	char *created_at, *closed_at;
	bool demo;
};

/* One page of signals (with their kwesties) or kwesties, by id upward;
 * fewer than q->limit rows means the end. */
enum err store_open_signals(struct db *db, struct arena *ar,
			    const struct open_data_query *q,
			    struct open_signal_row **out, size_t *n);
/* Narrow q to the ids between its period's first and last signal (after
 * and upto), so that the pages walk those alone.  Once per download,
 * before the first page; a period without signals gets upto -1. */
enum err store_open_signal_span(struct db *db, struct open_data_query *q);
enum err store_open_kwesties(struct db *db, struct arena *ar,
			     const struct open_data_query *q,
			     struct open_kwestie_row **out, size_t *n);

/* Write an area's population and its year; level NULL: any level.
 * ERR_NOT_FOUND when no such area.  Inside the caller's transaction. */
enum err store_area_population(struct db *db, const char *municipality,
			       const char *code, const char *level,
			       int64_t population, int year);

#endif
