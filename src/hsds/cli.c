/* cli: the commands import-hsds and export-hsds (main.c dispatches to
 * them with argv[0] the command name).
 *
 *   wijkagenda import-hsds FILE [--db URL] [--municipality CODE]
 *                          [--kind KIND] [--demo]
 *   wijkagenda export-hsds [--db URL] [--municipality CODE]
 *                          [--base-url URL] > file.json
 *
 * FILE may be "-" for standard input; it is read whole, at most
 * HSDS_MAX_BYTES.  An empty database gets the bundled areas first, as
 * serve does, so that an import has its municipality. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/token.h"
#include "base/util.h"
#include "hsds/hsds.h"
#include "store/store.h"

static const char usage_import[] =
	"usage: wijkagenda import-hsds FILE [options]\n"
	"\n"
	"Import an Open Referral HSDS 3.0 JSON document (a service, an\n"
	"organization with services, an array, an API page, a package with\n"
	"organizations/services/taxonomies/taxonomy_terms, or the tabular form)\n"
	"into the social map.  All or nothing; problems are printed with their\n"
	"JSON path.  FILE - reads standard input.  See docs/hsds.md.\n"
	"\n"
	"  --db URL               database (WIJKAGENDA_DB; default var/wijkagenda.db)\n"
	"  --municipality CODE    CBS code of this installation (default GM0363)\n"
	"  --kind KIND            what the top-level objects are when their fields\n"
	"                         do not tell: service, organization, taxonomy,\n"
	"                         taxonomy_term or service_at_location\n"
	"  --demo                 mark what is written as demo data\n";

static const char usage_export[] =
	"usage: wijkagenda export-hsds [options] > file.json\n"
	"\n"
	"Write the whole social map as one HSDS 3.0 package (organizations,\n"
	"services, taxonomies, taxonomy_terms) to standard output.\n"
	"\n"
	"  --db URL               database (WIJKAGENDA_DB; default var/wijkagenda.db)\n"
	"  --municipality CODE    CBS code (default GM0363)\n"
	"  --base-url URL         how this server is reached, for the profile and\n"
	"                         area links (WIJKAGENDA_BASE_URL)\n";

struct cli_opts {
	const char *db, *municipality, *kind, *base_url;
	bool demo;
};

enum { O_DB = 300, O_MUNI, O_KIND, O_DEMO, O_BASE, O_HELP };

static const struct option options[] = {
	{"db", required_argument, NULL, O_DB},
	{"municipality", required_argument, NULL, O_MUNI},
	{"kind", required_argument, NULL, O_KIND},
	{"demo", no_argument, NULL, O_DEMO},
	{"base-url", required_argument, NULL, O_BASE},
	{"help", no_argument, NULL, O_HELP},
	{NULL, 0, NULL, 0},
};

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

/* 0, 1 for --help (printed), -1 on a bad option (printed). */
static int parse(int argc, char **argv, struct cli_opts *o, const char *usage)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->db = env_or("WIJKAGENDA_DB", "var/wijkagenda.db");
	o->municipality = "GM0363";
	o->base_url = env_or("WIJKAGENDA_BASE_URL", NULL);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case O_DB: o->db = optarg; break;
		case O_MUNI: o->municipality = optarg; break;
		case O_KIND: o->kind = optarg; break;
		case O_DEMO: o->demo = true; break;
		case O_BASE: o->base_url = optarg; break;
		case O_HELP: fputs(usage, stdout); return 1;
		default:
			fputs("wijkagenda: see --help for the options\n", stderr);
			return -1;
		}
	}
	if (strlen(o->municipality) != 6) {
		fprintf(stderr, "wijkagenda: --municipality must be a CBS code "
				"such as GM0363\n");
		return -1;
	}
	return 0;
}

/* The whole file (or stdin), at most HSDS_MAX_BYTES; malloc'ed. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, got;
	char *buf;

	if (!f) {
		fprintf(stderr, "wijkagenda: cannot open %s: %s\n", path,
			strerror(errno));
		return NULL;
	}
	buf = xmalloc(cap);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n > HSDS_MAX_BYTES)
			break;
		if (n == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	if (f != stdin)
		fclose(f);
	if (n > HSDS_MAX_BYTES) {
		fprintf(stderr, "wijkagenda: %s is larger than %zu bytes; split it\n",
			path, HSDS_MAX_BYTES);
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static struct db *open_db(const char *url, const char *municipality,
			  hsds_seed_fn seed)
{
	struct db *db;
	char msg[600] = "";

	if (store_open_migrated(url, &db, msg, sizeof(msg)) != ERR_OK) {
		fprintf(stderr, "wijkagenda: %s\n", msg);
		return NULL;
	}
	if (!store_has_municipality(db, municipality) &&
	    seed(db, msg, sizeof(msg)) != 0)
		fprintf(stderr, "wijkagenda: loading bundled data: %s\n", msg);
	if (!store_has_municipality(db, municipality)) {
		fprintf(stderr, "wijkagenda: the database has no municipality %s; "
				"use import-areas first\n", municipality);
		db_close(db);
		return NULL;
	}
	return db;
}

static void print_counts(const struct hsds_report *r, const char *muni)
{
	printf("imported into %s: organizations %zu new %zu updated, services "
	       "%zu new %zu updated, taxonomies %zu new %zu updated, taxonomy "
	       "terms %zu new %zu updated\n",
	       muni, r->organizations.created, r->organizations.updated,
	       r->services.created, r->services.updated, r->taxonomies.created,
	       r->taxonomies.updated, r->taxonomy_terms.created,
	       r->taxonomy_terms.updated);
}

int hsds_cli_import(int argc, char **argv, hsds_seed_fn seed)
{
	struct cli_opts c;
	struct hsds_import_opts o;
	struct hsds_report rep;
	struct arena ar;
	struct db *db;
	char *text;
	size_t len = 0;
	enum err e;
	int rc = parse(argc, argv, &c, usage_import);

	if (rc)
		return rc > 0 ? 0 : 2;
	if (optind != argc - 1) {
		fputs(usage_import, stderr);
		return 2;
	}
	if (token_init() != 0 || !(text = read_all(argv[optind], &len)))
		return 1;
	if (!(db = open_db(c.db, c.municipality, seed))) {
		free(text);
		return 1;
	}
	memset(&o, 0, sizeof(o));
	o.municipality = c.municipality;
	o.kind = c.kind;
	o.is_demo = c.demo;
	o.source = argv[optind];
	o.actor_label = "command line";
	arena_init(&ar);
	hsds_report_init(&rep, &ar);
	e = hsds_import(db, &ar, text, len, &o, &rep);
	if (e == ERR_OK) {
		print_counts(&rep, c.municipality);
	} else {
		fprintf(stderr, "wijkagenda: import-hsds: %s: nothing imported (%s)\n",
			argv[optind], err_name(e));
		hsds_report_print(&rep, stderr);
	}
	arena_clear(&ar);
	db_close(db);
	free(text);
	return e == ERR_OK ? 0 : 1;
}

int hsds_cli_export(int argc, char **argv, hsds_seed_fn seed)
{
	struct cli_opts c;
	struct hsds_export_opts o;
	struct arena ar;
	struct db *db;
	json_t *pkg = NULL;
	enum err e;
	int rc = parse(argc, argv, &c, usage_export);

	if (rc)
		return rc > 0 ? 0 : 2;
	if (optind != argc) {
		fputs(usage_export, stderr);
		return 2;
	}
	if (token_init() != 0 || !(db = open_db(c.db, c.municipality, seed)))
		return 1;
	o.municipality = c.municipality;
	o.base_url = c.base_url;
	arena_init(&ar);
	e = db_begin_read(db);
	if (e == ERR_OK)
		e = hsds_export_package(db, &ar, &o, &pkg);
	db_rollback(db);
	if (e == ERR_OK &&
	    (json_dumpf(pkg, stdout, JSON_INDENT(2)) != 0 || fputc('\n', stdout) == EOF ||
	     fflush(stdout) != 0))
		e = ERR_INTERNAL;
	if (e != ERR_OK)
		fprintf(stderr, "wijkagenda: export-hsds failed: %s\n", err_name(e));
	json_decref(pkg);
	arena_clear(&ar);
	db_close(db);
	return e == ERR_OK ? 0 : 1;
}
