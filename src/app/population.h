/* population: the use case of `wijkagenda import-population`: the number
 * of inhabitants per area from a CBS table (domain/population.h reads
 * it), written to areas.population and population_year in one
 * transaction with its audit row.  A file with a bad line changes
 * nothing; neither does a file of which no row matches an area of this
 * municipality (the wrong file, or the old numeric CBS codes).  Areas
 * not in the file keep what they had. */
#ifndef WA_APP_POPULATION_H
#define WA_APP_POPULATION_H
#include <stddef.h>

#include "app/actor.h"
#include "base/err.h"
#include "store/db.h"

#define POPULATION_UNMATCHED_SHOWN 20
#define POPULATION_YEAR_MIN 1900
#define POPULATION_YEAR_MAX 2999

struct population_report {
	size_t lines, matched, unmatched, other, unknown;
	size_t buurt, wijk, gemeente, own; /* matched, by how the code was given */
	/* The first unmatched codes, with their lines. */
	char unmatched_codes[POPULATION_UNMATCHED_SHOWN][40];
	size_t unmatched_lines[POPULATION_UNMATCHED_SHOWN];
	char code_header[64], inhabitants_header[64]; /* the columns read */
};

/* data, len: the file's bytes.  ERR_OK with the report; otherwise
 * nothing changed and msg says why ("line 12: ..."). */
enum err population_import(struct db *db, const struct actor *who,
			   const char *municipality, const char *data,
			   size_t len, int year, struct population_report *r,
			   char *msg, size_t msglen);

#endif
