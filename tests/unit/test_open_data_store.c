/* test_open_data_store: store/open_data.c on a fresh database per test
 * (db_fixture.h: SQLite, or PostgreSQL with WIJKAGENDA_TEST_PG): the
 * pages of signals and kwesties by id (none twice, none missed, fewer
 * than the limit at the end), the period's bounds as stored moments
 * compare, demo rows only when asked, another municipality's never, a
 * signal's kwesties in order, a kwestie's regisseur and count; the
 * population of an area by code and level, and the import's use case
 * (app/population.c): all or nothing, with its report and audit row.
 * The inhabitants are made up for the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/actor.h"
#include "app/population.h"
#include "base/arena.h"
#include "base/util.h"
#include "store/kwestie.h"
#include "store/open_data.h"
#include "store/store.h"

#include "db_fixture.h"

#define MUNI "GM0363"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena arena;
	char now[32];
};

/* SQL used only to make rows behind the store's back. */
static const char sql_signal[] =
	"INSERT INTO signals (municipality, token, kind, body, lat, lon,"
	" buurt_code, wijk_code, status, created_at, dedupe_key, is_demo)"
	" VALUES ($1, $2, 'melding', 'geheim', 52.37, 4.89, $3, 'AA', 'gemeld',"
	" $4, $2, $5) RETURNING id";
static const char sql_link[] =
	"INSERT INTO kwestie_signals (kwestie_id, signal_id, linked_at)"
	" VALUES ($1, $2, $3)";
static const char sql_org[] =
	"INSERT INTO organisations (municipality, name, kind, created_at,"
	" updated_at, name_key) VALUES ($1, 'Stadsdeel Centrum', 'stadsdeel', $2,"
	" $2, 'stadsdeel centrum') RETURNING id";
static const char sql_chain[] =
	"INSERT INTO kwestie_chain (kwestie_id, organisation_id, role)"
	" VALUES ($1, $2, 'regisseur')";
static const char sql_population[] =
	"SELECT population, population_year FROM areas WHERE code = $1";

static int64_t signal(struct fixture *f, const char *muni, const char *token,
		      const char *at, int demo)
{
	struct db_stmt *st = db_prepare(f->db, sql_signal);
	int64_t id = 0;

	db_bind_text(st, 1, muni);
	db_bind_text(st, 2, token);
	db_bind_text(st, 3, "AA01");
	db_bind_text(st, 4, at);
	db_bind_int(st, 5, demo);
	assert_int_equal(db_run_returning(f->db, st, &id), ERR_OK);
	return id;
}

static int64_t kwestie(struct fixture *f, const char *title)
{
	struct kwestie_new k;
	int64_t id = 0;

	memset(&k, 0, sizeof(k));
	k.municipality = MUNI;
	k.title = title;
	k.description = "Bij de containers.";
	k.area_code = "AA01";
	k.area_level = "buurt";
	k.chain_codes[0] = "AA01";
	k.topic = "afval";
	k.level = KW_BUURT;
	k.level_reason = "Een straat.";
	k.status = KS_NIEUW;
	k.has_point = true;
	k.lat = 52.37;
	k.lon = 4.89;
	assert_int_equal(store_kwestie_insert(f->db, &k, f->now, &id), ERR_OK);
	return id;
}

static void run(struct fixture *f, const char *sql, int64_t a, int64_t b,
		const char *c)
{
	struct db_stmt *st = db_prepare(f->db, sql);

	db_bind_int(st, 1, a);
	db_bind_int(st, 2, b);
	if (c)
		db_bind_text(st, 3, c);
	assert_int_equal(db_run(f->db, st, true), ERR_OK);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct area_rec b = {AREA_BUURT, "AA01", "Kop Zeedijk", NULL, NULL};
	struct area_rec w = {AREA_WIJK, "AA", "Burgwallen-Oude Zijde", NULL, NULL};

	if (db_fixture_open(&f->fx, "opendata", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->arena);
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"), ERR_OK);
	assert_int_equal(store_municipality_put(f->db, "GM0518", "Den Haag"), ERR_OK);
	assert_int_equal(store_area_put(f->db, MUNI, &b), ERR_OK);
	assert_int_equal(store_area_put(f->db, MUNI, &w), ERR_OK);
	store_now(f->now, sizeof(f->now));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_fixture_close(&f->fx, f->db);
	arena_clear(&f->arena);
	free(f);
	return 0;
}

/* Ten signals of ours, a demo one and one of The Hague, read in pages of
 * three: every one of ours once, in id order. */
static void test_signal_pages(void **state)
{
	struct fixture *f = *state;
	struct open_data_query q = {MUNI, NULL, NULL, false, 0, 3, 0};
	struct open_signal_row *r;
	int64_t ids[10], seen[12];
	size_t n, total = 0, pages = 0;
	char tok[32];
	int64_t demo, other;

	for (int i = 0; i < 10; i++) {
		snprintf(tok, sizeof(tok), "t%d", i);
		ids[i] = signal(f, MUNI, tok, "2026-03-01T10:00:00.000Z", 0);
		if (i == 4) {
			demo = signal(f, MUNI, "demo", "2026-03-01T10:00:00.000Z", 1);
			other = signal(f, "GM0518", "haag", "2026-03-01T10:00:00.000Z", 0);
		}
	}
	do {
		assert_int_equal(store_open_signals(f->db, &f->arena, &q, &r, &n), ERR_OK);
		for (size_t i = 0; i < n; i++) {
			assert_true(total < 10);
			seen[total++] = r[i].id;
			assert_string_equal(r[i].buurt_code, "AA01");
			assert_string_equal(r[i].buurt_name, "Kop Zeedijk");
			assert_string_equal(r[i].created_at, "2026-03-01T10:00:00.000Z");
			assert_false(r[i].demo);
			q.after = r[i].id;
		}
		pages++;
	} while (n == 3);
	assert_int_equal(total, 10);
	assert_int_equal(pages, 4);
	assert_memory_equal(seen, ids, sizeof(ids));
	q.after = 0;
	q.demo = true;
	q.limit = OPEN_DATA_PAGE_MAX;
	assert_int_equal(store_open_signals(f->db, &f->arena, &q, &r, &n), ERR_OK);
	assert_int_equal(n, 11);
	assert_int_equal(r[5].id, demo);
	assert_true(r[5].demo);
	for (size_t i = 0; i < n; i++)
		assert_true(r[i].id != other);
}

/* [from, to) as stored moments compare: the first second is in, the
 * bound itself is out. */
static void test_signal_period(void **state)
{
	struct fixture *f = *state;
	struct open_data_query q = {MUNI, "2026-02-28T23:00:00",
				    "2026-03-01T23:00:00", false, 0, 100, 0};
	struct open_signal_row *r;
	size_t n;

	signal(f, MUNI, "a", "2026-02-28T22:59:59.999Z", 0);
	int64_t b = signal(f, MUNI, "b", "2026-02-28T23:00:00.000Z", 0);
	int64_t c = signal(f, MUNI, "c", "2026-03-01T22:59:59.999Z", 0);
	signal(f, MUNI, "d", "2026-03-01T23:00:00.000Z", 0);
	assert_int_equal(store_open_signals(f->db, &f->arena, &q, &r, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].id, b);
	assert_int_equal(r[1].id, c);
	/* narrowed to the period's ids first (migration 019): the same rows */
	assert_int_equal(store_open_signal_span(f->db, &q), ERR_OK);
	assert_int_equal(q.after, b - 1);
	assert_int_equal(q.upto, c);
	assert_int_equal(store_open_signals(f->db, &f->arena, &q, &r, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].id, b);
	assert_int_equal(r[1].id, c);
	/* a period without signals */
	q.from = "2027-01-01T00:00:00";
	q.to = "2027-01-02T00:00:00";
	q.after = 0;
	q.upto = 0;
	assert_int_equal(store_open_signal_span(f->db, &q), ERR_OK);
	assert_int_equal(q.upto, -1);
}

/* A signal in two kwesties lists both; a kwestie has its regisseur and
 * the number of its signals; a page of signals that ends before the
 * links of a later signal does not take them. */
static void test_kwesties(void **state)
{
	struct fixture *f = *state;
	struct open_data_query q = {MUNI, NULL, NULL, false, 0, 1, 0};
	struct open_signal_row *s;
	struct open_kwestie_row *k;
	int64_t s1 = signal(f, MUNI, "s1", f->now, 0);
	int64_t s2 = signal(f, MUNI, "s2", f->now, 0);
	int64_t k1 = kwestie(f, "=Eerste"), k2 = kwestie(f, "Tweede"), org = 0;
	struct db_stmt *st;
	size_t n;

	run(f, sql_link, k2, s1, f->now);
	run(f, sql_link, k1, s1, f->now);
	run(f, sql_link, k1, s2, f->now);
	st = db_prepare(f->db, sql_org);
	db_bind_text(st, 1, MUNI);
	db_bind_text(st, 2, f->now);
	assert_int_equal(db_run_returning(f->db, st, &org), ERR_OK);
	run(f, sql_chain, k1, org, NULL);

	assert_int_equal(store_open_signals(f->db, &f->arena, &q, &s, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(s[0].id, s1);
	assert_int_equal(s[0].nkwesties, 2);
	assert_int_equal(s[0].kwesties[0], k1);
	assert_int_equal(s[0].kwesties[1], k2);
	q.after = s1;
	assert_int_equal(store_open_signals(f->db, &f->arena, &q, &s, &n), ERR_OK);
	assert_int_equal(s[0].nkwesties, 1);
	assert_int_equal(s[0].kwesties[0], k1);

	q.after = 0;
	q.limit = 10;
	assert_int_equal(store_open_kwesties(f->db, &f->arena, &q, &k, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(k[0].title, "=Eerste");
	assert_string_equal(k[0].regisseur, "Stadsdeel Centrum");
	assert_int_equal(k[0].signals, 2);
	assert_string_equal(k[0].area_name, "Kop Zeedijk");
	assert_string_equal(k[0].buurt_name, "Kop Zeedijk");
	assert_null(k[1].regisseur);
	assert_int_equal(k[1].signals, 1);
	assert_null(k[0].closed_at);
	assert_int_equal(k[0].duplicate_of, 0);
}

static void population_of(struct fixture *f, const char *code, int64_t *pop,
			  int64_t *year)
{
	struct db_stmt *st = db_prepare(f->db, sql_population);

	db_bind_text(st, 1, code);
	assert_int_equal(db_step(st), DB_ROW);
	*pop = db_col_null(st, 0) ? -1 : db_col_int(st, 0);
	*year = db_col_null(st, 1) ? -1 : db_col_int(st, 1);
	db_done(st);
}

static void test_population(void **state)
{
	struct fixture *f = *state;
	int64_t pop, year;

	assert_int_equal(store_area_population(f->db, MUNI, "AA01", "buurt", 1234, 2024),
			 ERR_OK);
	assert_int_equal(store_area_population(f->db, MUNI, "AA", NULL, 5000, 2024),
			 ERR_OK);
	assert_int_equal(store_area_population(f->db, MUNI, "AA", "buurt", 1, 2024),
			 ERR_NOT_FOUND);
	assert_int_equal(store_area_population(f->db, MUNI, "ZZ99", NULL, 1, 2024),
			 ERR_NOT_FOUND);
	assert_int_equal(store_area_population(f->db, "GM0518", "AA01", NULL, 1, 2024),
			 ERR_NOT_FOUND);
	population_of(f, "AA01", &pop, &year);
	assert_int_equal(pop, 1234);
	assert_int_equal(year, 2024);
	population_of(f, "AA", &pop, &year);
	assert_int_equal(pop, 5000);
}

static const char sql_audits[] =
	"SELECT count(*) FROM audit_log WHERE action = 'population.import'";

static int64_t audits(struct fixture *f)
{
	struct db_stmt *st = db_prepare(f->db, sql_audits);
	int64_t n = -1;

	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static enum err import(struct fixture *f, const char *file, int year,
		       struct population_report *r, char *msg)
{
	return population_import(f->db, &actor_cli, MUNI, file, strlen(file), year,
				 r, msg, 256);
}

/* CBS codes, our own, an area imported under CBS's code, one that
 * matches nothing; then three files refused with nothing changed. */
static void test_population_import(void **state)
{
	struct fixture *f = *state;
	struct area_rec cbs = {AREA_BUURT, "BU03630000", "Kop Zeedijk (CBS)", NULL, NULL};
	struct population_report r;
	char msg[256];
	int64_t pop, year;

	assert_int_equal(store_area_put(f->db, MUNI, &cbs), ERR_OK);
	assert_int_equal(import(f, "Codering_3;AantalInwoners_5\r\n"
				   "BU0363AA01;10\r\nWK0363AA;20\r\n"
				   "BU03630000;7\r\nBU0363ZZ99;3\r\n"
				   "BU0518AA01;4\r\nBU0363AA02;.\r\n",
				2023, &r, msg),
			 ERR_OK);
	assert_int_equal(r.lines, 6);
	assert_int_equal(r.matched, 3);
	assert_int_equal(r.buurt, 2);
	assert_int_equal(r.wijk, 1);
	assert_int_equal(r.unmatched, 1);
	assert_string_equal(r.unmatched_codes[0], "ZZ99 buurt");
	assert_int_equal(r.unmatched_lines[0], 5);
	assert_int_equal(r.other, 1);
	assert_int_equal(r.unknown, 1);
	assert_int_equal(audits(f), 1);
	population_of(f, "BU03630000", &pop, &year);
	assert_int_equal(pop, 7);
	assert_int_equal(year, 2023);

	/* a bad last line: the good lines before it change nothing */
	assert_int_equal(import(f, "Codering_3;AantalInwoners_5\nAA01;99\nAA;1e3\n",
				2024, &r, msg),
			 ERR_INVALID);
	assert_non_null(strstr(msg, "line 3"));
	/* nothing of this municipality */
	assert_int_equal(import(f, "Codering_3;AantalInwoners_5\nBU05180000;5\n"
				   "XX99;5\n",
				2024, &r, msg),
			 ERR_INVALID);
	assert_non_null(strstr(msg, "no row matched"));
	assert_int_equal(import(f, "Codering_3;AantalInwoners_5\nAA01;5\n", 1800,
				&r, msg),
			 ERR_INVALID);
	population_of(f, "AA01", &pop, &year);
	assert_int_equal(pop, 10);
	assert_int_equal(year, 2023);
	assert_int_equal(audits(f), 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_signal_pages),
		T(test_signal_period),
		T(test_kwesties),
		T(test_population),
		T(test_population_import),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
