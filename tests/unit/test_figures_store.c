/* test_figures_store: the counts behind the public figures
 * (store/figures.c) on a fresh database per test (db_fixture.h: SQLite,
 * or PostgreSQL with WIJKAGENDA_TEST_PG), for a scene of seven signals,
 * two kwesties, supporters, eleven grades and eight promises whose every
 * figure is worked out by hand in the comments: each scope kind and
 * level, the edges of the period in Amsterdam time (a signal at 23:30 UTC
 * on 31 December counts in January; one at 22:30 UTC on 31 March in
 * April), reach counting a resident who reported twice and supported
 * once as one, first response and closing days, the norm in working
 * days, outcomes of kwesties and lone signals, and the cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/closing_days.h"
#include "app/figures.h"
#include "base/arena.h"
#include "base/util.h"
#include "store/accounts.h"
#include "store/figures.h"
#include "store/store.h"

#include "db_fixture.h"

#define MUNI "GM0363"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena arena;
	int64_t org_e, org_p;
	int64_t s[8]; /* s[1]..s[7] */
	int64_t k1, k2;
};

static const char sql_signal[] =
	"INSERT INTO signals (municipality, token, kind, body, buurt_code,"
	" wijk_code, gebied_code, stadsdeel_code, category_code, created_at,"
	" dedupe_key, resident_key, closed_at, outcome, status) VALUES"
	" ('" MUNI "', $1, 'melding', 'Een melding.', $2, $3, $4, $5, $6, $7, $1,"
	" $8, $9, $10, $11) RETURNING id";
static const char sql_kwestie[] =
	"INSERT INTO kwesties (municipality, title, description, area_code,"
	" area_level, buurt_code, wijk_code, gebied_code, stadsdeel_code, topic,"
	" level, level_rank, level_reason, status, outcome, created_at,"
	" updated_at, closed_at) VALUES ('" MUNI "', 'K', 'K.', $1, $2, $3, $4,"
	" $5, $6, 'afval', $2, $7, 'r', $8, $9, $10, $10, $11) RETURNING id";
static const char sql_link[] =
	"INSERT INTO kwestie_signals (kwestie_id, signal_id, linked_at)"
	" VALUES ($1, $2, $3)";
static const char sql_chain[] =
	"INSERT INTO kwestie_chain (kwestie_id, organisation_id, role)"
	" VALUES ($1, $2, 'uitvoerder')";
static const char sql_support[] =
	"INSERT INTO kwestie_supporters (kwestie_id, supporter_key, created_at)"
	" VALUES ($1, $2, $3)";
static const char sql_timeline[] =
	"INSERT INTO timeline (signal_id, at, actor, kind) VALUES ($1, $2, 'x', $3)";
static const char sql_so[] =
	"INSERT INTO signal_organisations (signal_id, organisation_id)"
	" VALUES ($1, $2)";
static const char sql_grade[] =
	"INSERT INTO grades (municipality, kwestie_id, signal_id, person_key,"
	" grade, solved, buurt_code, wijk_code, gebied_code, stadsdeel_code,"
	" topic, organisation_id, created_at, updated_at) VALUES ('" MUNI "',"
	" $1, $2, $3, $4, $5, $6, $7, $8, $9, 'afval', $10, $11, $11)";
static const char sql_promise[] =
	"INSERT INTO promises (municipality, kwestie_id, signal_id,"
	" organisation_id, what, made_on, due, status, done_on, explanation,"
	" created_at, updated_at) VALUES ('" MUNI "', $1, $2, $3, 'Iets.', $4,"
	" $5, $6, $7, $8, $9, $9)";

static void areas(struct fixture *f)
{
	static const struct {
		enum area_level level;
		const char *code, *parent;
	} a[] = {
		{AREA_GEMEENTE, MUNI, NULL},
		{AREA_STADSDEEL, "A", MUNI},
		{AREA_STADSDEEL, "E", MUNI},
		{AREA_GEBIED, "G1", "A"},
		{AREA_GEBIED, "G2", "E"},
		{AREA_WIJK, "AA", "G1"},
		{AREA_WIJK, "AB", "G1"},
		{AREA_WIJK, "EA", "G2"},
		{AREA_BUURT, "AA01", "AA"},
		{AREA_BUURT, "AA02", "AA"},
		{AREA_BUURT, "AB01", "AB"},
		{AREA_BUURT, "EA01", "EA"},
	};

	for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
		struct area_rec r = {a[i].level, (char *)a[i].code,
				     (char *)a[i].code, (char *)a[i].parent, NULL};

		assert_int_equal(store_area_put(f->db, MUNI, &r), ERR_OK);
	}
}

static int64_t org(struct fixture *f, const char *name, const char *area)
{
	struct org_row o;
	char *codes[1] = {(char *)area};
	int64_t id = 0;

	memset(&o, 0, sizeof(o));
	o.municipality = MUNI;
	o.name = (char *)name;
	o.kind = "welzijn";
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_OK);
	assert_int_equal(store_org_set_areas(f->db, id, MUNI, codes, 1), ERR_OK);
	return id;
}

/* A signal in buurt b at created; key, closed, outcome may be NULL. */
static int64_t sig(struct fixture *f, const char *b, const char *cat,
		   const char *created, const char *key, const char *closed,
		   const char *outcome)
{
	static int n;
	struct db_stmt *st = db_prepare(f->db, sql_signal);
	int64_t id = 0;

	db_bind_text(st, 1, arena_printf(&f->arena, "t%d", ++n));
	db_bind_text(st, 2, b);
	db_bind_text(st, 3, b[0] == 'E' ? "EA" : b[1] == 'B' ? "AB"
							     : "AA");
	db_bind_text(st, 4, b[0] == 'E' ? "G2" : "G1");
	db_bind_text(st, 5, b[0] == 'E' ? "E" : "A");
	db_bind_text(st, 6, cat);
	db_bind_text(st, 7, created);
	db_bind_text(st, 8, key);
	db_bind_text(st, 9, closed);
	db_bind_text(st, 10, outcome);
	db_bind_text(st, 11, closed ? "afgerond" : "gemeld");
	assert_int_equal(db_run_returning(f->db, st, &id), ERR_OK);
	return id;
}

static int64_t kwestie(struct fixture *f, const char *level, int rank,
		       const char *area, const char *chain[4], const char *status,
		       const char *outcome, const char *created,
		       const char *closed)
{
	struct db_stmt *st = db_prepare(f->db, sql_kwestie);
	int64_t id = 0;

	db_bind_text(st, 1, area);
	db_bind_text(st, 2, level);
	for (int i = 0; i < 4; i++)
		db_bind_text(st, 3 + i, chain[i]);
	db_bind_int(st, 7, rank);
	db_bind_text(st, 8, status);
	db_bind_text(st, 9, outcome);
	db_bind_text(st, 10, created);
	db_bind_text(st, 11, closed);
	assert_int_equal(db_run_returning(f->db, st, &id), ERR_OK);
	return id;
}

static void run3(struct fixture *f, const char *sql, int64_t a, int64_t b,
		 const char *c)
{
	struct db_stmt *st = db_prepare(f->db, sql);

	db_bind_int(st, 1, a);
	if (sql == sql_chain || sql == sql_so) {
		db_bind_int(st, 2, b);
	} else if (sql == sql_support || sql == sql_timeline) {
		db_bind_text(st, 2, (const char *)(intptr_t)b);
		db_bind_text(st, 3, c);
	} else {
		db_bind_int(st, 2, b);
		db_bind_text(st, 3, c);
	}
	assert_int_equal(db_run(f->db, st, true), ERR_OK);
}

#define TXT(s) ((int64_t)(intptr_t)(s))

/* grade g, solved, on kwestie k or signal s, in the chain of buurt b (or
 * wijk level: b NULL, chain of AA) */
static void grade(struct fixture *f, int64_t k, int64_t s, int n, int g,
		  const char *solved, const char *b, const char *at, int64_t org_id)
{
	struct db_stmt *st = db_prepare(f->db, sql_grade);
	const char *w = b[0] == 'E' ? "EA" : "AA";

	db_bind_id(st, 1, k);
	db_bind_id(st, 2, s);
	db_bind_text(st, 3, arena_printf(&f->arena, "p%d", n));
	db_bind_int(st, 4, g);
	db_bind_text(st, 5, solved);
	db_bind_text(st, 6, b);
	db_bind_text(st, 7, w);
	db_bind_text(st, 8, b[0] == 'E' ? "G2" : "G1");
	db_bind_text(st, 9, b[0] == 'E' ? "E" : "A");
	db_bind_id(st, 10, org_id);
	db_bind_text(st, 11, at);
	assert_int_equal(db_run(f->db, st, true), ERR_OK);
}

static void promise(struct fixture *f, int64_t k, int64_t s, int64_t o,
		    const char *made, const char *due, const char *status,
		    const char *done)
{
	struct db_stmt *st = db_prepare(f->db, sql_promise);

	db_bind_id(st, 1, k);
	db_bind_id(st, 2, s);
	db_bind_int(st, 3, o);
	db_bind_text(st, 4, made);
	db_bind_text(st, 5, due);
	db_bind_text(st, 6, status);
	db_bind_text(st, 7, done);
	db_bind_text(st, 8,
		     strcmp(status, "open") && strcmp(status, "gehaald") ? "Omdat." : NULL);
	db_bind_text(st, 9, arena_printf(&f->arena, "%sT09:00:00.000Z", made));
	assert_int_equal(db_run(f->db, st, true), ERR_OK);
}

/* The scene (period 2026 in the tests; today 2026-12-04):
 *  s1 AA01 grofvuil 10 Mar 10:00 r1, closed 12 Mar 10:00 (2 days) opgelost
 *  s2 AA02 grofvuil 11 Mar 10:00 r1, in K1 (linked 11 Mar 22:00), open
 *  s3 AB01 grofvuil  1 Apr 00:00 no key, open, a status entry 2 Apr 00:00
 *  s4 EA01 grofvuil  6 May 00:00 r2, closed 12 May 00:00 (6 days)
 *     geen_actie_nodig; signal_organisations: org_e
 *  s5 AA01 grofvuil  1 Jun 2025 r9 (before the period)
 *  s6 AA01 overlast/x 31 Mar 22:30 UTC = 1 Apr 00:30 Amsterdam, r3
 *  s7 AA01 grofvuil 31 Dec 2025 23:30 UTC = 1 Jan 00:30 Amsterdam, r4
 *  K1 wijk AA, opgepakt, 11 Mar 22:00, chain org_p; supporters r1, r5
 *  K2 buurt EA01, afgerond opgelost, made 6 May, closed 1 Jun
 *  grades: on K2 (EA01 chain) 6 7 7 8 8 8 9 9 10 10 on 2 Jun, ja x6
 *    deels x3 nee x1; on s1 (AA01) a 4, nee, 13 Mar
 *  promises on K1 by org_p made 12 Mar: due 20 Mar done 19 Mar (on
 *    time), due 20 Mar done 25 Mar (late), due 1 Apr open (late), due
 *    10 Jan 2027 open, niet_gehaald, gewijzigd; made 1 Jan 2025 (before);
 *    on s4 by org_e made 7 May 2026 (09:00 UTC) due 15 May done 8 May
 *    (on time). */
static void scene(struct fixture *f)
{
	const char *k1c[4] = {NULL, "AA", "G1", "A"}, *k2c[4] = {"EA01", "EA", "G2", "E"};

	f->s[1] = sig(f, "AA01", "afval/grofvuil", "2026-03-10T10:00:00.000Z",
		      "r1", "2026-03-12T10:00:00.000Z", "opgelost");
	f->s[2] = sig(f, "AA02", "afval/grofvuil", "2026-03-11T10:00:00.000Z",
		      "r1", NULL, NULL);
	f->s[3] = sig(f, "AB01", "afval/grofvuil", "2026-04-01T00:00:00.000Z",
		      NULL, NULL, NULL);
	f->s[4] = sig(f, "EA01", "afval/grofvuil", "2026-05-06T00:00:00.000Z",
		      "r2", "2026-05-12T00:00:00.000Z", "geen_actie_nodig");
	f->s[5] = sig(f, "AA01", "afval/grofvuil", "2025-06-01T10:00:00.000Z",
		      "r9", NULL, NULL);
	f->s[6] = sig(f, "AA01", "overlast/x", "2026-03-31T22:30:00.000Z", "r3",
		      NULL, NULL);
	f->s[7] = sig(f, "AA01", "afval/grofvuil", "2025-12-31T23:30:00.000Z",
		      "r4", NULL, NULL);
	f->k1 = kwestie(f, "wijk", 1, "AA", k1c, "opgepakt", NULL,
			"2026-03-11T22:00:00.000Z", NULL);
	f->k2 = kwestie(f, "buurt", 0, "EA01", k2c, "afgerond", "opgelost",
			"2026-05-06T00:00:00.000Z", "2026-06-01T00:00:00.000Z");
	run3(f, sql_link, f->k1, f->s[2], "2026-03-11T22:00:00.000Z");
	run3(f, sql_chain, f->k1, f->org_p, NULL);
	run3(f, sql_support, f->k1, TXT("r1"), "2026-03-15T00:00:00.000Z");
	run3(f, sql_support, f->k1, TXT("r5"), "2026-03-15T00:00:00.000Z");
	run3(f, sql_timeline, f->s[3], TXT("2026-04-01T00:00:00.000Z"), "received");
	run3(f, sql_timeline, f->s[3], TXT("2026-04-02T00:00:00.000Z"), "status");
	run3(f, sql_so, f->s[4], f->org_e, NULL);
	static const int g[10] = {6, 7, 7, 8, 8, 8, 9, 9, 10, 10};
	static const char *const solved[10] = {"nee", "deels", "deels", "deels", "ja",
					       "ja", "ja", "ja", "ja", "ja"};
	for (int i = 0; i < 10; i++)
		grade(f, f->k2, 0, i, g[i], solved[i], "EA01",
		      "2026-06-02T10:00:00.000Z", f->org_e);
	grade(f, 0, f->s[1], 10, 4, "nee", "AA01", "2026-03-13T10:00:00.000Z",
	      f->org_p);
	promise(f, f->k1, 0, f->org_p, "2026-03-12", "2026-03-20", "gehaald", "2026-03-19");
	promise(f, f->k1, 0, f->org_p, "2026-03-12", "2026-03-20", "gehaald", "2026-03-25");
	promise(f, f->k1, 0, f->org_p, "2026-03-12", "2026-04-01", "open", NULL);
	promise(f, f->k1, 0, f->org_p, "2026-03-12", "2027-01-10", "open", NULL);
	promise(f, f->k1, 0, f->org_p, "2026-03-12", "2026-04-01", "niet_gehaald", NULL);
	promise(f, f->k1, 0, f->org_p, "2026-03-12", "2026-04-01", "gewijzigd", NULL);
	promise(f, f->k1, 0, f->org_p, "2025-01-01", "2025-01-10", "open", NULL);
	promise(f, 0, f->s[4], f->org_e, "2026-05-07", "2026-05-15", "gehaald", "2026-05-08");
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "figures", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->arena);
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"), ERR_OK);
	areas(f);
	assert_int_equal(store_category_put(f->db, MUNI, "afval", NULL, "Afval", true, 0),
			 ERR_OK);
	assert_int_equal(store_category_put(f->db, MUNI, "afval/grofvuil", "afval",
					    "Grofvuil", true, 1),
			 ERR_OK);
	assert_int_equal(store_category_set_norm(f->db, MUNI, "afval/grofvuil", 3),
			 ERR_OK);
	assert_int_equal(store_category_put(f->db, MUNI, "overlast", NULL,
					    "Overlast", true, 2),
			 ERR_OK);
	assert_int_equal(store_category_put(f->db, MUNI, "overlast/x", "overlast",
					    "X", true, 3),
			 ERR_OK);
	f->org_e = org(f, "Stadsdeel E", "E");
	f->org_p = org(f, "Buurtwerk", "A");
	scene(f);
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

static struct fig_raw figs(struct fixture *f, enum fig_scope_kind kind,
			   const char *code, int64_t org_id, const char *child)
{
	struct fig_scope sc = {.kind = kind, .code = code, .org_id = org_id};
	struct fig_area *areas;
	size_t nareas;
	struct fig_window w;
	struct fig_raw raw = {0};
	static const char *const kids_gemeente[] = {"A", "E"};

	fig_window_make(&w, (struct cal_date){2026, 1, 1},
			(struct cal_date){2026, 12, 31}, (struct cal_date){2026, 12, 4});
	/* an area's level from the areas table, as app/figures.c finds it */
	assert_int_equal(store_figures_areas(f->db, &f->arena, MUNI, &areas, &nareas),
			 ERR_OK);
	for (size_t i = 0; kind == FIG_AREA && i < nareas; i++)
		if (strcmp(areas[i].code, code) == 0)
			sc.level = areas[i].level;
	if (child && strcmp(code, MUNI) == 0) {
		raw.children = arena_alloc(&f->arena, 2 * sizeof(*raw.children));
		for (int i = 0; i < 2; i++)
			raw.children[i] = (struct fig_child){
				.code = (char *)kids_gemeente[i]};
		raw.nchildren = 2;
	} else if (child) { /* the areas below, as app/figures.c lists them */
		raw.children = arena_alloc(&f->arena, nareas * sizeof(*raw.children));
		for (size_t i = 0; i < nareas; i++)
			if (areas[i].parent_code && strcmp(areas[i].parent_code, code) == 0)
				raw.children[raw.nchildren++] = (struct fig_child){
					.code = areas[i].code};
	}
	assert_int_equal(store_figures_read(f->db, &f->arena, MUNI, &sc, &w, &raw),
			 ERR_OK);
	return raw;
}

static int64_t count_of(const struct fig_count *v, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return v[i].n;
	return 0;
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void test_window(void **state)
{
	struct fig_window w;

	(void)state;
	/* winter: midnight in Amsterdam is 23:00 UTC the day before; summer 22:00 */
	fig_window_make(&w, (struct cal_date){2026, 1, 1},
			(struct cal_date){2026, 6, 30}, (struct cal_date){2026, 12, 4});
	assert_string_equal(w.from_ts, "2025-12-31T23:00:00.000Z");
	assert_string_equal(w.to_ts, "2026-06-30T22:00:00.000Z");
	assert_string_equal(w.from_day, "2026-01-01");
	assert_string_equal(w.today, "2026-12-04");
	assert_int_equal(w.nmonths, 6);
	fig_window_make(&w, (struct cal_date){2025, 11, 15},
			(struct cal_date){2026, 2, 1}, (struct cal_date){2026, 12, 4});
	assert_int_equal(w.nmonths, 4);
}

/* The whole city: six signals in the period (s5 before it); reach r1 (s1,
 * s2 and a supporter of K1), s3 (no key), r2, r3, r4, r5 (supporter): 6. */
static void test_gemeente(void **state)
{
	struct fixture *f = *state;
	struct fig_raw r = figs(f, FIG_AREA, MUNI, 0, "stadsdeel");

	assert_int_equal(r.signals, 6);
	assert_int_equal(r.closed, 2);
	assert_int_equal(r.residents, 6);
	/* grades 4 and K2's ten */
	assert_int_equal(r.grade_dist[3], 1);
	assert_int_equal(r.grade_dist[5], 1);
	assert_int_equal(r.grade_dist[7], 3);
	assert_int_equal(r.grade_dist[9], 2);
	assert_int_equal(r.ja, 6);
	assert_int_equal(r.deels, 3);
	assert_int_equal(r.nee, 2);
	/* promises made in 2026: p1..p6 and the one on s4 */
	assert_int_equal(r.promises_made, 7);
	assert_int_equal(r.kept_on_time, 2);
	assert_int_equal(r.kept_late, 1);
	assert_int_equal(r.late_open, 1);
	assert_int_equal(r.broken, 1);
	assert_int_equal(r.changed, 1);
	assert_int_equal(r.open, 2);
	/* first response: s1 2 days (closed), s2 0.5 (linked), s3 1 (status
	 * entry), s4 1.375 (the promise, 7 May 09:00 UTC, before closing):
	 * median (1 + 1.375) / 2 = 1.1875; closing 2 and 6: median 4 */
	assert_int_equal(r.nfirst, 4);
	NEAR(r.first_median, 1.1875);
	assert_int_equal(r.nclose, 2);
	NEAR(r.close_median, 4);
	/* norm 3 working days: s1 Tue 10 -> Thu 12 March: 2, within; s4 Wed 6
	 * -> Tue 12 May: 4, not; s2, s3, s7 open long past it */
	assert_int_equal(r.norm_n, 5);
	assert_int_equal(r.norm_within, 1);
	assert_int_equal(r.noutcomes, 2);
	assert_int_equal(count_of(r.outcomes, r.noutcomes, "opgelost"), 2);
	assert_int_equal(count_of(r.outcomes, r.noutcomes, "geen_actie_nodig"), 1);
	assert_int_equal(count_of(r.levels, r.nlevels, "wijk"), 1);
	assert_int_equal(count_of(r.levels, r.nlevels, "buurt"), 1);
	/* the trend in Amsterdam months */
	assert_int_equal(r.months[0].signals, 1); /* s7 */
	assert_int_equal(r.months[2].signals, 2); /* s1, s2 */
	assert_int_equal(r.months[3].signals, 2); /* s3, s6 */
	assert_int_equal(r.months[4].signals, 1); /* s4 */
	assert_int_equal(r.months[2].closed, 1);
	assert_int_equal(r.months[4].closed, 1);
	assert_int_equal(r.months[2].grades, 1);
	assert_int_equal(r.months[2].grade_sum, 4);
	assert_int_equal(r.months[5].grades, 10);
	assert_int_equal(r.months[5].grade_sum, 82);
	/* the stadsdelen: A has s1 s2 s3 s6 s7 (r1, s3, r3, r4) and K1's
	 * supporters (r1, r5): 5; E has s4 */
	assert_string_equal(r.children[0].code, "A");
	assert_int_equal(r.children[0].signals, 5);
	assert_int_equal(r.children[0].residents, 5);
	assert_int_equal(r.children[0].grade_n, 1);
	assert_int_equal(r.children[1].signals, 1);
	assert_int_equal(r.children[1].residents, 1);
	assert_int_equal(r.children[1].grade_n, 10);
	assert_int_equal(r.children[1].grade_sum, 82);
}

/* A buurt: s1, s6, s7 (K1 is a wijk's); a stadsdeel; a wijk with K1. */
static void test_levels(void **state)
{
	struct fixture *f = *state;
	struct fig_raw b = figs(f, FIG_AREA, "AA01", 0, NULL);
	struct fig_raw sd = figs(f, FIG_AREA, "A", 0, NULL);
	struct fig_raw w = figs(f, FIG_AREA, "AA", 0, NULL);
	struct fig_raw e = figs(f, FIG_AREA, "E", 0, NULL);

	assert_int_equal(b.signals, 3);
	assert_int_equal(b.residents, 3);
	assert_int_equal(b.promises_made, 0);
	assert_int_equal(b.grade_dist[3], 1);
	assert_int_equal(b.nlevels, 0);
	assert_int_equal(sd.signals, 5);
	assert_int_equal(sd.residents, 5);
	assert_int_equal(sd.promises_made, 6);
	assert_int_equal(sd.kept_on_time, 1);
	assert_int_equal(count_of(sd.levels, sd.nlevels, "wijk"), 1);
	assert_int_equal(w.signals, 4);   /* s1, s2, s6, s7 */
	assert_int_equal(w.residents, 4); /* r1, r3, r4, r5 */
	assert_int_equal(e.signals, 1);
	assert_int_equal(e.promises_made, 1);
	assert_int_equal(count_of(e.outcomes, e.noutcomes, "opgelost"), 1);
	assert_int_equal(count_of(e.outcomes, e.noutcomes, "geen_actie_nodig"), 1);
	assert_int_equal(e.grade_dist[7], 3);
}

static const struct fig_child *child_of(const struct fig_raw *r, const char *code)
{
	for (size_t i = 0; i < r->nchildren; i++)
		if (strcmp(r->children[i].code, code) == 0)
			return &r->children[i];
	fail_msg("no child %s", code);
	return NULL;
}

/* The areas one level down come with the reach in one pass: r1 reported
 * in AA01 and AA02 and supported K1 (a wijk's kwestie: in no buurt) and
 * counts once for the wijk and once in each buurt. */
static void test_children(void **state)
{
	struct fixture *f = *state;
	struct fig_raw w = figs(f, FIG_AREA, "AA", 0, "buurt");
	struct fig_raw g = figs(f, FIG_AREA, "G1", 0, "wijk");
	struct fig_raw alone = figs(f, FIG_AREA, "G1", 0, NULL);

	assert_int_equal(w.nchildren, 2);
	assert_int_equal(w.signals, 4);
	assert_int_equal(w.residents, 4); /* r1, r3, r4, r5 */
	assert_int_equal(child_of(&w, "AA01")->signals, 3);
	assert_int_equal(child_of(&w, "AA01")->residents, 3); /* r1, r3, r4 */
	assert_int_equal(child_of(&w, "AA01")->grade_n, 1);
	assert_int_equal(child_of(&w, "AA02")->signals, 1);
	assert_int_equal(child_of(&w, "AA02")->residents, 1);
	assert_int_equal(child_of(&w, "AA02")->grade_n, 0);
	/* a gebied: AA and AB (s3, no key); K1 is in AA */
	assert_int_equal(g.nchildren, 2);
	assert_int_equal(g.signals, 5);
	assert_int_equal(g.residents, 5);
	assert_int_equal(alone.residents, 5);
	assert_int_equal(g.promises_made, 6);
	assert_int_equal(g.grade_dist[3], 1);
	assert_int_equal(child_of(&g, "AA")->signals, 4);
	assert_int_equal(child_of(&g, "AA")->residents, 4);
	assert_int_equal(child_of(&g, "AB")->signals, 1);
	assert_int_equal(child_of(&g, "AB")->residents, 1);
}

/* Each level has its statements (migration 029's indexes); a level the
 * areas table cannot hold reads nothing. */
static void test_unknown_level(void **state)
{
	struct fixture *f = *state;
	struct fig_scope sc = {.kind = FIG_AREA, .code = "AA", .level = "regio"};
	struct fig_window w;
	struct fig_raw raw = {0};

	fig_window_make(&w, (struct cal_date){2026, 1, 1},
			(struct cal_date){2026, 12, 31}, (struct cal_date){2026, 12, 4});
	assert_int_equal(store_figures_read(f->db, &f->arena, MUNI, &sc, &w, &raw),
			 ERR_INVALID);
	sc.level = NULL;
	assert_int_equal(store_figures_read(f->db, &f->arena, MUNI, &sc, &w, &raw),
			 ERR_INVALID);
	assert_int_equal(raw.signals, 0);
}

/* An organisation: org_p is in K1's chain (s2) and made six promises in
 * the period; org_e answers for s4 and graded K2. */
static void test_organisation(void **state)
{
	struct fixture *f = *state;
	struct fig_raw p = figs(f, FIG_ORGANISATION, NULL, f->org_p, NULL);
	struct fig_raw e = figs(f, FIG_ORGANISATION, NULL, f->org_e, NULL);

	assert_int_equal(p.signals, 1);
	assert_int_equal(p.residents, 2); /* r1, and r5 supporting K1 */
	assert_int_equal(p.promises_made, 6);
	assert_int_equal(p.grade_dist[3], 1);
	assert_int_equal(count_of(p.levels, p.nlevels, "wijk"), 1);
	assert_int_equal(e.signals, 1);
	assert_int_equal(e.promises_made, 1);
	assert_int_equal(e.grade_dist[9], 2);
	assert_int_equal(e.nlevels, 0);
}

/* A theme: afval holds K1 (s2) and the lone grofvuil signals s1, s3, s4,
 * s7; overlast only s6. */
static void test_theme(void **state)
{
	struct fixture *f = *state;
	struct fig_raw a = figs(f, FIG_THEME, "afval", 0, NULL);
	struct fig_raw o = figs(f, FIG_THEME, "overlast", 0, NULL);
	struct fig_raw none = figs(f, FIG_THEME, "afv", 0, NULL);
	bool known = false;

	assert_int_equal(a.signals, 5);
	assert_int_equal(a.promises_made, 7);
	assert_int_equal(count_of(a.levels, a.nlevels, "buurt"), 1);
	assert_int_equal(o.signals, 1);
	assert_int_equal(o.residents, 1);
	assert_int_equal(none.signals, 0); /* a prefix is no theme */
	assert_int_equal(store_figures_theme_known(f->db, MUNI, "overlast", &known),
			 ERR_OK);
	assert_true(known);
	assert_int_equal(store_figures_theme_known(f->db, MUNI, "overlast/x", &known),
			 ERR_OK);
	assert_false(known);
}

/* An organisation's and a theme's signals are read by their ids, bound
 * by the ids of the period's first and last signal for the signals made
 * in it, not for those closed in it: s8 is made after the period, s9 in
 * it, s10 before it and closed in it (Feb), each for org_e and afval, in
 * that order of ids.  s11's category is afval's, its kwestie overlast's:
 * it is overlast's. */
static void test_listed_by_id(void **state)
{
	struct fixture *f = *state;
	int64_t s8 = sig(f, "AA01", "afval/grofvuil", "2027-02-01T10:00:00.000Z",
			 "r6", NULL, NULL);
	int64_t s9 = sig(f, "AA01", "afval/grofvuil", "2026-07-01T10:00:00.000Z",
			 "r6", "2026-07-02T10:00:00.000Z", "opgelost");
	int64_t s10 = sig(f, "AA01", "afval/grofvuil", "2025-05-01T10:00:00.000Z",
			  "r7", "2026-02-01T10:00:00.000Z", "opgelost");
	int64_t s11 = sig(f, "EA01", "afval/grofvuil", "2026-07-01T11:00:00.000Z",
			  "r8", NULL, NULL);
	struct db_stmt *st = db_prepare(
		f->db, "UPDATE kwesties SET topic = 'overlast' WHERE id = $1");
	struct fig_raw e, a, o;

	/* s11: an afval category in an overlast kwestie is overlast's */
	db_bind_int(st, 1, f->k2);
	assert_int_equal(db_run(f->db, st, false), ERR_OK);
	run3(f, sql_link, f->k2, s11, "2026-07-01T12:00:00.000Z");
	run3(f, sql_so, s8, f->org_e, NULL);
	run3(f, sql_so, s9, f->org_e, NULL);
	run3(f, sql_so, s10, f->org_e, NULL);
	e = figs(f, FIG_ORGANISATION, NULL, f->org_e, NULL);
	a = figs(f, FIG_THEME, "afval", 0, NULL);
	o = figs(f, FIG_THEME, "overlast", 0, NULL);
	assert_int_equal(e.signals, 2);   /* s4, s9 */
	assert_int_equal(e.residents, 2); /* r2, r6 */
	assert_int_equal(e.months[6].signals, 1);
	assert_int_equal(e.months[6].closed, 1); /* s9 */
	assert_int_equal(e.months[1].closed, 1); /* s10 */
	assert_int_equal(a.signals, 6);          /* the scene's five and s9 */
	assert_int_equal(a.months[1].closed, 1);
	assert_int_equal(a.months[6].closed, 1);
	assert_int_equal(o.signals, 2); /* s6, s11 */
	assert_int_equal(o.months[6].signals, 1);
}

/* A signal keeps the area chain it was reported in: one in a buurt the
 * areas no longer have (ZZ99, after a new division) is the city's, though
 * no area under it names it any more. */
static void test_city_keeps_former_buurten(void **state)
{
	struct fixture *f = *state;
	struct fig_raw before = figs(f, FIG_AREA, MUNI, 0, NULL);
	struct fig_raw a_before = figs(f, FIG_AREA, "A", 0, NULL);
	struct fig_raw after, a_after;

	sig(f, "ZZ99", "afval/grofvuil", "2026-08-01T10:00:00.000Z", "r9",
	    "2026-08-03T10:00:00.000Z", "opgelost");
	after = figs(f, FIG_AREA, MUNI, 0, NULL);
	a_after = figs(f, FIG_AREA, "A", 0, NULL);
	assert_int_equal(after.signals, before.signals + 1);
	assert_int_equal(after.closed, before.closed + 1);
	assert_int_equal(after.months[7].closed, before.months[7].closed + 1);
	assert_int_equal(a_after.signals, a_before.signals);
}

static void test_areas_and_cache(void **state)
{
	struct fixture *f = *state;
	struct fig_area *a;
	size_t n;
	char *body = NULL, *at = NULL, *read = NULL;
	struct fig_key k = {MUNI, "area", "A", "2026-01-01", "2026-12-31"};

	assert_int_equal(store_figures_areas(f->db, &f->arena, MUNI, &a, &n), ERR_OK);
	assert_int_equal(n, 12);
	assert_int_equal(a[0].population, -1);
	assert_int_equal(store_figures_cache_get(f->db, &f->arena, &k, "2026-01-01",
						 &body, &at, &read),
			 ERR_NOT_FOUND);
	assert_int_equal(store_figures_cache_put(f->db, &k, "{\"a\":1}",
						 "2026-12-04T10:00:00.000Z",
						 "2026-12-04T10:00:00.000Z"),
			 ERR_OK);
	assert_int_equal(store_figures_cache_get(f->db, &f->arena, &k,
						 "2026-12-04T09:00:00.000Z", &body, &at, &read),
			 ERR_OK);
	assert_string_equal(body, "{\"a\":1}");
	/* too old for the caller */
	assert_int_equal(store_figures_cache_get(f->db, &f->arena, &k,
						 "2026-12-04T11:00:00.000Z", &body, &at, &read),
			 ERR_NOT_FOUND);
	/* an older answer never replaces a newer one */
	assert_int_equal(store_figures_cache_put(f->db, &k, "{\"a\":0}",
						 "2026-12-04T09:00:00.000Z", NULL),
			 ERR_OK);
	/* the job's counting keeps when it was last read */
	assert_int_equal(store_figures_cache_put(f->db, &k, "{\"a\":2}",
						 "2026-12-04T12:00:00.000Z", NULL),
			 ERR_OK);
	assert_int_equal(store_figures_cache_get(f->db, &f->arena, &k, "2026-01-01",
						 &body, &at, &read),
			 ERR_OK);
	assert_string_equal(body, "{\"a\":2}");
	assert_string_equal(at, "2026-12-04T12:00:00.000Z");
	assert_string_equal(read, "2026-12-04T10:00:00.000Z");
	assert_int_equal(store_figures_cache_read(f->db, &k, "2026-12-04T13:00:00.000Z"),
			 ERR_OK);
	assert_int_equal(store_figures_cache_get(f->db, &f->arena, &k, "2026-01-01",
						 &body, &at, &read),
			 ERR_OK);
	assert_string_equal(read, "2026-12-04T13:00:00.000Z");
	assert_int_equal(store_figures_cache_prune(f->db, "2026-12-05"), ERR_OK);
	assert_int_equal(store_figures_cache_get(f->db, &f->arena, &k, "2026-01-01",
						 &body, &at, &read),
			 ERR_NOT_FOUND);
}

static int64_t cached(struct fixture *f, const char *code, const char *from,
		      const char *to, const char *after)
{
	struct db_stmt *st = db_prepare(
		f->db, "SELECT COUNT(*) FROM figures_cache WHERE scope_code = $1"
		       " AND ($2 = '' OR period_from = $2) AND ($3 = '' OR period_to = $3)"
		       " AND computed_at > $4");
	int64_t n = -1;

	db_bind_text(st, 1, code);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	db_bind_text(st, 4, after);
	assert_int_equal(db_get_one(f->db, st, NULL, db_read_int, &n), ERR_OK);
	return n;
}

/* The job counts ahead only what someone reads: nothing on a fresh
 * database; the default period of a stadsdeel read (in any period) in
 * the last day; again when its entry nears its end; never a buurt. */
static void test_refresh(void **state)
{
	struct fixture *f = *state;
	struct app app = {.municipality = MUNI, .municipality_name = "Amsterdam"};
	struct fig_period p;
	struct field_errors errs = {0};
	char from[11], to[11], now[32], old[32], older[32];
	struct fig_key other = {MUNI, "area", "A", "2026-01-01", "2026-01-31"};
	struct fig_key city;

	fig_period_parse(NULL, NULL, closing_days_today(), &p, &errs);
	cal_date_format(p.from, from);
	cal_date_format(p.to, to);
	city = (struct fig_key){MUNI, "area", MUNI, from, to};
	assert_int_equal(figures_refresh(&app, f->db, &f->arena), ERR_OK);
	assert_int_equal(cached(f, "", "", "", ""), 0);
	/* someone read stadsdeel A (another period) and the city's default
	 * 14 minutes ago: both default periods are counted now, E is not */
	store_now(now, sizeof(now));
	store_time_ago(old, sizeof(old), FIGURES_MAX_AGE_S - 60);
	store_time_ago(older, sizeof(older), 2 * 86400);
	assert_int_equal(store_figures_cache_put(f->db, &other, "{}", now, now), ERR_OK);
	assert_int_equal(store_figures_cache_put(f->db, &city, "{}", old, old), ERR_OK);
	assert_int_equal(figures_refresh(&app, f->db, &f->arena), ERR_OK);
	assert_int_equal(cached(f, "A", from, to, ""), 1);
	assert_int_equal(cached(f, MUNI, from, to, old), 1);
	assert_int_equal(cached(f, "E", "", "", ""), 0);
	/* read two days ago only: dropped, not counted */
	assert_int_equal(store_figures_cache_put(
				 f->db, &(struct fig_key){MUNI, "area", "E", from, to},
				 "{}", older, older),
			 ERR_OK);
	assert_int_equal(figures_refresh(&app, f->db, &f->arena), ERR_OK);
	assert_int_equal(cached(f, "E", "", "", ""), 0);
	/* counted by the job only, read by no one in the last day (the last
	 * reading two days ago): near its end it is not counted again, as
	 * it was for ever when the job's own counting looked like reading */
	{
		struct fig_key west = {MUNI, "area", "E", from, to};

		assert_int_equal(store_figures_cache_put(f->db, &west, "{}", older,
							 older),
				 ERR_OK);
		assert_int_equal(store_figures_cache_put(f->db, &west, "{}", old, NULL),
				 ERR_OK);
		assert_int_equal(figures_refresh(&app, f->db, &f->arena), ERR_OK);
		assert_int_equal(cached(f, "E", from, to, old), 0);
	}
}

/* A reader's miss is counted on a counting thread (app/figures.c):
 * without the threads it is ERR_BUSY at once; with them and no wait the
 * reader is told the figures are being counted (ERR_BUSY, counting); a
 * reader who waits gets them, the count joined or read from the cache;
 * then a reader who does not wait finds them in the cache; after
 * figures_stop a new period is ERR_BUSY at once again. */
static void test_counted_off_the_request(void **state)
{
	struct fixture *f = *state;
	struct app app = {.municipality = MUNI, .municipality_name = "Amsterdam"};
	struct figures_query q = {.kind = FIG_AREA, .code = "A",
				  .from = "2026-01-01", .to = "2026-01-31"};
	struct field_errors errs = {0};
	struct figures out;

	assert_int_equal(figures_get(&app, f->db, &f->arena, &q, &out, &errs),
			 ERR_BUSY);
	assert_false(out.counting);
	store_configure(f->fx.url);
	figures_start();
	assert_int_equal(figures_get(&app, f->db, &f->arena, &q, &out, &errs),
			 ERR_BUSY);
	assert_true(out.counting);
	assert_string_equal(out.scope_code, "A");
	app.figures_wait_ms = 30000;
	assert_int_equal(figures_get(&app, f->db, &f->arena, &q, &out, &errs),
			 ERR_OK);
	assert_false(out.counting);
	assert_non_null(out.computed_at);
	assert_string_equal(out.from, "2026-01-01");
	app.figures_wait_ms = 0;
	assert_int_equal(figures_get(&app, f->db, &f->arena, &q, &out, &errs),
			 ERR_OK);
	assert_int_equal(cached(f, "A", "2026-01-01", "2026-01-31", ""), 1);
	figures_stop();
	store_release();
	q.to = "2026-01-30";
	assert_int_equal(figures_get(&app, f->db, &f->arena, &q, &out, &errs),
			 ERR_BUSY);
	assert_false(out.counting);
	assert_int_equal(cached(f, "A", "2026-01-01", "2026-01-30", ""), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window),
		cmocka_unit_test_setup_teardown(test_gemeente, setup, teardown),
		cmocka_unit_test_setup_teardown(test_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_children, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_organisation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_theme, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listed_by_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_city_keeps_former_buurten, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_areas_and_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counted_off_the_request, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
