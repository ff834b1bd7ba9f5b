/* population: see population.h. */
#include "population.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "domain/population.h"
#include "store/open_data.h"

struct import {
	const struct actor *who;
	const char *municipality;
	const struct pop_table *t;
	int year;
	struct population_report *r;
};

static void count_match(struct population_report *r, const char *level)
{
	r->matched++;
	if (!level)
		r->own++;
	else if (strcmp(level, "buurt") == 0)
		r->buurt++;
	else if (strcmp(level, "wijk") == 0)
		r->wijk++;
	else
		r->gemeente++;
}

static void count_miss(struct population_report *r, const struct pop_row *row)
{
	if (r->unmatched < POPULATION_UNMATCHED_SHOWN) {
		snprintf(r->unmatched_codes[r->unmatched],
			 sizeof(r->unmatched_codes[0]), "%s%s%s", row->code,
			 row->level ? " " : "", row->level ? row->level : "");
		r->unmatched_lines[r->unmatched] = row->line;
	}
	r->unmatched++;
}

static enum err import_tx(struct db *db, void *p)
{
	struct import *im = p;
	struct population_report *r = im->r;
	enum err e;

	/* a second run after a serialization failure starts afresh */
	r->matched = r->unmatched = r->buurt = r->wijk = r->gemeente = r->own = 0;
	for (size_t i = 0; i < im->t->n; i++) {
		const struct pop_row *row = &im->t->rows[i];

		e = store_area_population(db, im->municipality, row->code,
					  row->level, row->inhabitants, im->year);
		/* areas imported with CBS's own codes (BU05180000) */
		if (e == ERR_NOT_FOUND && row->level &&
		    strcmp(row->code, row->given) != 0)
			e = store_area_population(db, im->municipality, row->given,
						  NULL, row->inhabitants, im->year);
		if (e == ERR_OK)
			count_match(r, row->level);
		else if (e == ERR_NOT_FOUND)
			count_miss(r, row);
		else
			return e;
	}
	if (r->matched == 0)
		return ERR_INVALID;
	return app_audit_code(db, im->who, "population.import", "areas",
			      im->municipality,
			      json_pack("{s:i, s:I, s:I, s:I, s:I}", "year", im->year,
					"matched", (json_int_t)r->matched,
					"unmatched", (json_int_t)r->unmatched,
					"other", (json_int_t)r->other,
					"unknown", (json_int_t)r->unknown));
}

enum err population_import(struct db *db, const struct actor *who,
			   const char *municipality, const char *data,
			   size_t len, int year, struct population_report *r,
			   char *msg, size_t msglen)
{
	struct arena ar;
	struct pop_table t;
	struct pop_error pe = {0, ""};
	struct import im = {who, municipality, &t, year, r};
	enum err e;

	memset(r, 0, sizeof(*r));
	if (year < POPULATION_YEAR_MIN || year > POPULATION_YEAR_MAX) {
		snprintf(msg, msglen, "--year must be %d..%d", POPULATION_YEAR_MIN,
			 POPULATION_YEAR_MAX);
		return ERR_INVALID;
	}
	arena_init(&ar);
	e = pop_parse(&ar, data, len, municipality, &t, &pe);
	if (e != ERR_OK) {
		if (pe.line)
			snprintf(msg, msglen, "line %zu: %s", pe.line, pe.msg);
		else
			snprintf(msg, msglen, "%s", pe.msg);
		goto out;
	}
	r->lines = t.lines;
	r->other = t.other;
	r->unknown = t.unknown;
	snprintf(r->code_header, sizeof(r->code_header), "%s", t.code_header);
	snprintf(r->inhabitants_header, sizeof(r->inhabitants_header), "%s",
		 t.inhabitants_header);
	e = db_write(db, import_tx, &im);
	if (e == ERR_INVALID)
		snprintf(msg, msglen,
			 "no row matched an area of %s (%zu rows with a figure, "
			 "%zu of other regions): nothing changed",
			 municipality, t.n, t.other);
	else if (e != ERR_OK)
		snprintf(msg, msglen, "the database refused: %s", err_name(e));
out:
	arena_clear(&ar);
	return e;
}
