/* cmd_population: `wijkagenda import-population`, the number of
 * inhabitants per area from a CBS "Kerncijfers wijken en buurten" CSV
 * (docs/open-data.md, "Population (CBS)").  The file is read whole, up
 * to POP_MAX_BYTES; the use case (app/population.c) writes it all or
 * nothing. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/actor.h"
#include "app/population.h"
#include "cli.h"
#include "domain/population.h"
#include "store/store.h"

static const char usage_population[] =
	"usage: wijkagenda import-population --year YEAR [options] FILE.csv\n"
	"\n"
	"Write the number of inhabitants of each area in a CBS 'Kerncijfers\n"
	"wijken en buurten' table (CSV from StatLine, ';' or ',' separated)\n"
	"to the areas: a code column (Codering_3: BU0363AA01, WK0363AA, GM0363,\n"
	"or our own area code) and AantalInwoners_5.  All or nothing: a bad\n"
	"line changes nothing.  Rows of other municipalities are skipped.\n"
	"\n"
	"  --year YEAR            the year the figures are of (required)\n"
	"  --db URL               as for serve\n"
	"  --municipality CODE    CBS code (default GM0363)\n";

static void print_report(const struct population_report *r, const char *muni,
			 long year)
{
	printf("%s: %zu data lines (columns %s, %s), year %ld\n", muni, r->lines,
	       r->code_header, r->inhabitants_header, year);
	printf("matched %zu areas (%zu buurt, %zu wijk, %zu gemeente, %zu by our "
	       "own code)\n",
	       r->matched, r->buurt, r->wijk, r->gemeente, r->own);
	printf("unmatched %zu, other municipalities or regions %zu, without a "
	       "figure %zu\n",
	       r->unmatched, r->other, r->unknown);
	for (size_t i = 0; i < r->unmatched && i < POPULATION_UNMATCHED_SHOWN; i++)
		printf("  unmatched: line %zu: %s\n", r->unmatched_lines[i],
		       r->unmatched_codes[i]);
}

int cmd_import_population(int argc, char **argv)
{
	struct config c = {0};
	struct population_report r;
	struct db *db;
	char msg[512] = "";
	char *data;
	size_t len = 0;
	enum err e;

	if (cli_parse(argc, argv, &c, usage_population) != 0)
		return 2;
	if (optind != argc - 1 || !c.year) {
		fputs(usage_population, stderr);
		return 2;
	}
	if (!(data = cli_read_file(argv[optind], POP_MAX_BYTES, &len, msg, sizeof(msg)))) {
		fprintf(stderr, "wijkagenda: import-population: %s\n", msg);
		return 1;
	}
	if (!(db = cli_open_migrated(&c))) {
		free(data);
		return 1;
	}
	e = population_import(db, &actor_cli, c.municipality, data, len,
			      (int)c.year, &r, msg, sizeof(msg));
	free(data);
	db_close(db);
	if (e != ERR_OK) {
		fprintf(stderr, "wijkagenda: import-population: %s\n", msg);
		return 1;
	}
	print_report(&r, c.municipality, c.year);
	return 0;
}
