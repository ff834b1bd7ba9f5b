/* fuzz_hsds: hsds_import (hsds/import.c and the files it calls), the
 * HSDS 3.0 importer, on arbitrary bytes, against an in-memory SQLite
 * store.  The first byte picks the kind option (none, service,
 * organization, taxonomy, taxonomy_term, service_at_location) and, with
 * 0x80, is_demo; the rest is the document, in a buffer of exactly its
 * size (not NUL-terminated: the HTTP body is passed with its length).
 *
 * The importer checks references against the database inside its write
 * transaction, so it cannot run without a store.  The store is made once
 * in LLVMFuzzerInitialize (migrations, municipality GM0363, five areas and
 * a small package imported for real, so that updates and references to
 * existing rows are reached).  The driver wraps the backend's operation
 * table (store/db_backend.h, otherwise private to store/) to watch every
 * statement and transaction; once the set-up is done, COMMIT becomes
 * ROLLBACK, so every input starts from the same store and a crash
 * reproduces from its input alone.
 *
 * Properties, besides "no sanitizer report":
 *   - the answer is ERR_OK or ERR_INVALID (ERR_BUSY, ERR_INTERNAL and
 *     ERR_TOO_LARGE cannot happen here: a DB error on some input is a bug);
 *   - ERR_OK: no problems reported, exactly one COMMIT;
 *   - ERR_INVALID: at least one problem, no COMMIT: a refused document
 *     leaves the store as it was;
 *   - nothing is written outside the write transaction (every statement
 *     stepped outside it is a SELECT), and no transaction is left open;
 *   - every problem has a path starting with '$' and a message, both
 *     valid UTF-8 without control characters, at most HSDS_MAX_ERRORS of
 *     them; the report converts to JSON with one entry per problem. */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/token.h"
#include "hsds/hsds.h"
#include "store/db_backend.h"
#include "store/store.h"

#define MUNI "GM0363"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct db *db;
static struct db_ops fuzz_ops;
static bool in_write;	/* between begin_write and commit/rollback */
static int commits;	/* COMMITs asked for during this input */

/* The SQL of each prepared statement (the backend caches at most 256). */
static struct {
	struct db_stmt *st;
	const char *sql;
} stmts[512];
static size_t nstmts;
static bool verbose; /* FUZZ_HSDS_VERBOSE set: print each report */
static bool ready;   /* set-up done: check, and COMMIT is ROLLBACK */

/* --- the wrapped backend --------------------------------------------- */

/* db.c names both backends; this driver never opens PostgreSQL, so libpq
 * is not linked. */
static enum err no_pg(const char *url, struct db **out, char *msg,
		      size_t msglen)
{
	snprintf(msg, msglen, "fuzz_hsds: no PostgreSQL");
	return ERR_INTERNAL;
}

const struct db_ops db_pg_ops = {.dialect = DB_POSTGRES, .open = no_pg};

static struct db_stmt *fuzz_prepare(struct db *d, const char *sql)
{
	struct db_stmt *st = db_sqlite_ops.prepare(d, sql);

	for (size_t i = 0; i < nstmts; i++)
		if (stmts[i].st == st)
			return st;
	assert(nstmts < sizeof(stmts) / sizeof(stmts[0]));
	stmts[nstmts].st = st;
	stmts[nstmts++].sql = sql;
	return st;
}

static bool read_only(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	return strncasecmp(sql, "SELECT", 6) == 0;
}

static enum db_step fuzz_step(struct db_stmt *st)
{
	if (ready && !in_write)
		for (size_t i = 0; i < nstmts; i++)
			if (stmts[i].st == st && !read_only(stmts[i].sql)) {
				fprintf(stderr, "write outside a transaction:\n%s\n",
					stmts[i].sql);
				abort();
			}
	return db_sqlite_ops.step(st);
}

static enum err fuzz_exec(struct db *d, const char *sql, char *msg, size_t len)
{
	assert(!ready); /* migrations only */
	return db_sqlite_ops.exec(d, sql, msg, len);
}

static enum err fuzz_begin_write(struct db *d)
{
	enum err e;

	assert(!in_write);
	e = db_sqlite_ops.begin_write(d);
	in_write = e == ERR_OK;
	return e;
}

/* COMMIT is ROLLBACK: every input sees the store of LLVMFuzzerInitialize. */
static enum err fuzz_commit(struct db *d)
{
	assert(in_write);
	in_write = false;
	if (!ready)
		return db_sqlite_ops.commit(d);
	commits++;
	db_sqlite_ops.rollback(d);
	return ERR_OK;
}

static void fuzz_rollback(struct db *d)
{
	db_sqlite_ops.rollback(d);
	in_write = false;
}

/* --- set-up ---------------------------------------------------------- */

/* Imported for real: two organisations, a taxonomy with a term and a
 * service, with ids that the seed corpus reuses. */
static const char baseline[] =
	"{\"organizations\": ["
	" {\"id\": \"6b8f7a52-6a4e-5b4c-9a3e-1f0e2d3c4b01\","
	"  \"name\": \"Buurtwerk Centrum\", \"description\": \"Welzijnswerk.\","
	"  \"x_wijkagenda\": {\"kind\": \"welzijn\", \"areas\": [\"EK01\"]}},"
	" {\"id\": \"6b8f7a52-6a4e-5b4c-9a3e-1f0e2d3c4b02\","
	"  \"name\": \"Geldzorgen\", \"description\": \"Schuldhulp.\","
	"  \"website\": \"https://geld.example\"}],"
	" \"taxonomies\": [{\"id\": \"6b8f7a52-6a4e-5b4c-9a3e-1f0e2d3c4b03\","
	"  \"name\": \"Thema\", \"description\": \"Thema's.\"}],"
	" \"taxonomy_terms\": [{\"id\": \"6b8f7a52-6a4e-5b4c-9a3e-1f0e2d3c4b04\","
	"  \"name\": \"Schulden\", \"code\": \"schulden\","
	"  \"description\": \"schulden\","
	"  \"taxonomy_id\": \"6b8f7a52-6a4e-5b4c-9a3e-1f0e2d3c4b03\"}],"
	" \"services\": [{\"id\": \"6b8f7a52-6a4e-5b4c-9a3e-1f0e2d3c4b05\","
	"  \"name\": \"Spreekuur\", \"status\": \"active\","
	"  \"description\": \"Hulp bij schulden.\","
	"  \"organization_id\": \"6b8f7a52-6a4e-5b4c-9a3e-1f0e2d3c4b02\","
	"  \"attributes\": [{\"id\": \"6b8f7a52-6a4e-5b4c-9a3e-1f0e2d3c4b06\","
	"   \"taxonomy_term_id\": \"6b8f7a52-6a4e-5b4c-9a3e-1f0e2d3c4b04\"}],"
	"  \"x_wijkagenda\": {\"norm_days\": 5, \"cost\": \"gratis\","
	"   \"areas\": [\"EK02\"]}}]}";

static void put_area(enum area_level level, const char *code,
		     const char *name, const char *parent)
{
	struct area_rec a = {level, (char *)code, (char *)name, (char *)parent,
			     NULL};

	if (store_area_put(db, MUNI, &a) != ERR_OK)
		abort();
}

static void import_baseline(void)
{
	struct hsds_import_opts o = {.municipality = MUNI, .source = "fuzz",
				     .actor_label = "fuzz"};
	struct hsds_report rep;
	struct arena ar;

	arena_init(&ar);
	hsds_report_init(&rep, &ar);
	if (hsds_import(db, &ar, baseline, sizeof(baseline) - 1, &o, &rep) !=
	    ERR_OK) {
		hsds_report_print(&rep, stderr);
		abort();
	}
	arena_clear(&ar);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char msg[256] = "";

	verbose = getenv("FUZZ_HSDS_VERBOSE") != NULL;
	log_set_quiet(!verbose);
	if (token_init() != 0 ||
	    db_open(":memory:", &db, msg, sizeof(msg)) != ERR_OK) {
		fprintf(stderr, "fuzz_hsds: store: %s\n", msg);
		abort();
	}
	/* Wrapped from the start, so that every statement is known. */
	fuzz_ops = db_sqlite_ops;
	fuzz_ops.prepare = fuzz_prepare;
	fuzz_ops.step = fuzz_step;
	fuzz_ops.exec = fuzz_exec;
	fuzz_ops.begin_write = fuzz_begin_write;
	fuzz_ops.commit = fuzz_commit;
	fuzz_ops.rollback = fuzz_rollback;
	db->ops = &fuzz_ops;
	if (store_migrate(db, msg, sizeof(msg)) != ERR_OK ||
	    store_municipality_put(db, MUNI, "Amsterdam") != ERR_OK) {
		fprintf(stderr, "fuzz_hsds: store: %s\n", msg);
		abort();
	}
	put_area(AREA_GEMEENTE, MUNI, "Amsterdam", NULL);
	put_area(AREA_STADSDEEL, "E", "West", MUNI);
	put_area(AREA_WIJK, "EK", "Kolenkitbuurt", "E");
	put_area(AREA_BUURT, "EK01", "Kolenkitbuurt-Noord", "EK");
	put_area(AREA_BUURT, "EK02", "Kolenkitbuurt-Zuid", "EK");
	import_baseline();
	ready = true;
	if (verbose)
		fprintf(stderr, "fuzz_hsds: %zu statements prepared\n", nstmts);
	return 0;
}

/* --- properties ------------------------------------------------------ */

static void check_text(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(n - i), &c);

		assert(k > 0);
		assert(c >= 0x20 && c != 0x7f);
		i += (size_t)k;
	}
}

static void check_report(const struct hsds_report *rep)
{
	json_t *errs = hsds_report_errors_json(rep), *counts;

	assert(rep->nerrors <= HSDS_MAX_ERRORS);
	assert(!rep->truncated || rep->nerrors == HSDS_MAX_ERRORS);
	for (size_t i = 0; i < rep->nerrors; i++) {
		const struct hsds_error *e = &rep->errors[i];

		assert(e->path && e->path[0] == '$' && e->message && e->message[0]);
		check_text(e->path);
		check_text(e->message);
	}
	assert(json_array_size(errs) == rep->nerrors);
	json_decref(errs);
	counts = hsds_report_counts_json(rep);
	assert(counts);
	json_decref(counts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {NULL, "service", "organization",
					    "taxonomy", "taxonomy_term",
					    "service_at_location"};
	struct hsds_import_opts o = {.municipality = MUNI, .source = "fuzz",
				     .actor_label = "fuzz"};
	struct hsds_report rep;
	struct arena ar;
	char *text;
	enum err e;

	if (size == 0)
		return 0;
	o.kind = kinds[(data[0] & 0x7f) % 6];
	o.is_demo = data[0] & 0x80;
	text = malloc(size - 1 ? size - 1 : 1);
	memcpy(text, data + 1, size - 1);
	commits = 0;
	arena_init(&ar);
	hsds_report_init(&rep, &ar);
	e = hsds_import(db, &ar, text, size - 1, &o, &rep);
	if (verbose) {
		fprintf(stderr, "fuzz_hsds: %s, %zu problems\n", err_name(e),
			rep.nerrors);
		hsds_report_print(&rep, stderr);
	}
	assert(e == ERR_OK || e == ERR_INVALID);
	assert(!in_write);
	if (e == ERR_OK)
		assert(rep.nerrors == 0 && commits == 1);
	else
		assert(rep.nerrors > 0 && commits == 0);
	check_report(&rep);
	arena_clear(&ar);
	free(text);
	return 0;
}
