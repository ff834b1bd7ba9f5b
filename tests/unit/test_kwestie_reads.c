/* test_kwestie_reads: the agenda and triage reads of store/kwestie.c on a
 * fresh database per test (db_fixture.h: SQLite, or PostgreSQL with
 * WIJKAGENDA_TEST_PG).  Both were rewritten for speed after the figures of
 * issue 12 (bench/RESULTS.md): the agenda ranks on its indexes first and
 * reads only the rows it keeps, triage walks the open signals in no
 * kwestie and checks access per signal.  These tests hold what they must
 * still answer: the ranking and its limit, the levels an agenda rolls up,
 * the areas above; triage's access (responsible links only, declines, an
 * account's several organisations without doubles), kwesties and closed
 * signals left out, a signal back in triage when it leaves its last
 * kwestie, paging and filters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "app/promise.h"
#include "app/routing.h"
#include "base/util.h"
#include "store/accounts.h"
#include "store/kwestie.h"
#include "store/open311.h"
#include "store/promise.h"
#include "store/routing.h"
#include "store/store.h"
#include "store/timeline.h"

#include "db_fixture.h"

#define MUNI "GM0363"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena arena;
	char now[32];
	int64_t org_a, org_e, org_g, org_p; /* stadsdelen A, E, gemeente, partner */
};

/* SQL used only to set the scene behind the store's back. */
static const char sql_signal[] =
	"INSERT INTO signals (municipality, token, kind, body, buurt_code,"
	" wijk_code, gebied_code, stadsdeel_code, category_code, created_at,"
	" dedupe_key) VALUES ('" MUNI "', $1, $2, 'Een melding.', $3, $4, $5,"
	" $6, 'afval/grofvuil', $7, $1) RETURNING id";
static const char sql_link[] =
	"INSERT INTO signal_organisations (signal_id, organisation_id)"
	" VALUES ($1, $2)";
static const char sql_close_signal[] =
	"UPDATE signals SET status = 'afgerond', outcome = 'opgelost',"
	" closed_at = $2 WHERE id = $1";
static const char sql_rank[] =
	"UPDATE kwesties SET urgency = $2, residents = $3, updated_at = $4"
	" WHERE id = $1";
static const char sql_close_kwestie[] =
	"UPDATE kwesties SET status = 'afgerond', outcome = 'opgelost',"
	" closed_at = $2 WHERE id = $1";
static const char sql_account[] =
	"INSERT INTO accounts (email, created_at) VALUES ($1, $2) RETURNING id";
static const char sql_member[] =
	"INSERT INTO memberships (account_id, organisation_id, role, created_at)"
	" VALUES ($1, $2, 'medewerker', $3)";

/* Two buurten in wijk AA and one in AB (gebied G1, stadsdeel A), one in
 * EA (gebied G2, stadsdeel E). */
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

static int64_t org(struct fixture *f, const char *name, const char *kind,
		   const char *area)
{
	struct org_row o;
	char *codes[1] = {(char *)area};
	int64_t id = 0;

	memset(&o, 0, sizeof(o));
	o.municipality = MUNI;
	o.name = (char *)name;
	o.kind = (char *)kind;
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_OK);
	assert_int_equal(store_org_set_areas(f->db, id, MUNI, codes, 1), ERR_OK);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "kwreads", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->arena);
	store_now(f->now, sizeof(f->now));
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"), ERR_OK);
	areas(f);
	f->org_a = org(f, "Stadsdeel A", "stadsdeel", "A");
	f->org_e = org(f, "Stadsdeel E", "stadsdeel", "E");
	f->org_g = org(f, "Gemeente", "gemeente", MUNI);
	f->org_p = org(f, "Buurtwerk", "welzijn", "A");
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

static void run(struct fixture *f, const char *sql, int64_t id, const char *text)
{
	struct db_stmt *st = db_prepare(f->db, sql);

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, text);
	assert_int_equal(db_run(f->db, st, true), ERR_OK);
}

/* --- triage -------------------------------------------------------------- */

/* A signal in buurt (chain as areas() has it), linked at intake to the
 * organisations given (0 ends the list). */
static int64_t signal(struct fixture *f, const char *buurt, const char *kind, ...)
{
	static int n;
	const char *wijk = buurt[0] == 'E' ? "EA" : buurt[1] == 'B' ? "AB"
								    : "AA";
	struct db_stmt *st = db_prepare(f->db, sql_signal);
	int64_t id = 0, o;
	va_list ap;

	db_bind_text(st, 1, arena_printf(&f->arena, "t%d", ++n));
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, buurt);
	db_bind_text(st, 4, wijk);
	db_bind_text(st, 5, buurt[0] == 'E' ? "G2" : "G1");
	db_bind_text(st, 6, buurt[0] == 'E' ? "E" : "A");
	db_bind_text(st, 7, f->now);
	assert_int_equal(db_run_returning(f->db, st, &id), ERR_OK);
	va_start(ap, kind);
	while ((o = va_arg(ap, int64_t)) != 0) {
		st = db_prepare(f->db, sql_link);
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, o);
		assert_int_equal(db_run(f->db, st, true), ERR_OK);
	}
	va_end(ap);
	return id;
}

/* The ids triage lists for an account or a key's organisation, joined
 * with commas. */
static const char *triage(struct fixture *f, int64_t account, int64_t key_org,
			  const struct triage_filter *filter)
{
	struct triage_filter all = {.limit = 50};
	struct signal_row *rows;
	size_t n;
	char *out = "";

	assert_int_equal(store_triage(f->db, &f->arena, account, key_org,
				      filter ? filter : &all, &rows, &n),
			 ERR_OK);
	for (size_t i = 0; i < n; i++)
		out = arena_printf(&f->arena, "%s%s%lld", out, i ? "," : "",
				   (long long)rows[i].id);
	return out;
}

static const char *ids(struct fixture *f, int n, ...)
{
	char *out = "";
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		out = arena_printf(&f->arena, "%s%s%lld", out, i ? "," : "",
				   (long long)va_arg(ap, int64_t));
	va_end(ap);
	return out;
}

static int64_t kwestie(struct fixture *f, const char *area, const char *area_level,
		       int level, const char *topic)
{
	struct kwestie_new k;
	int64_t id = 0;
	int al = strcmp(area_level, "buurt") == 0       ? 0
		 : strcmp(area_level, "wijk") == 0      ? 1
		 : strcmp(area_level, "gebied") == 0    ? 2
		 : strcmp(area_level, "stadsdeel") == 0 ? 3
							: 4;
	/* the chain as areas() has it (all in G1 and A) */
	const char *chain[4][4] = {
		{area, area[1] == 'B' ? "AB" : "AA", "G1", "A"},
		{NULL, area, "G1", "A"},
		{NULL, NULL, area, "A"},
		{NULL, NULL, NULL, area}};

	memset(&k, 0, sizeof(k));
	k.municipality = MUNI;
	k.title = "Grofvuil";
	k.description = "Bij de containers.";
	k.area_code = area;
	k.area_level = area_level;
	if (al < 4)
		memcpy(k.chain_codes, chain[al], sizeof(k.chain_codes));
	k.topic = topic;
	k.level = level;
	k.level_reason = "Hier speelt het.";
	k.status = KS_NIEUW;
	assert_int_equal(store_kwestie_insert(f->db, &k, f->now, &id), ERR_OK);
	return id;
}

static void test_triage_access(void **state)
{
	struct fixture *f = *state;
	int64_t z = 0;
	int64_t s1 = signal(f, "AA01", "melding", f->org_a, f->org_g, z);
	int64_t s2 = signal(f, "EA01", "melding", f->org_e, f->org_g, z);
	/* a partner linked by hand is no responsible organisation */
	int64_t s3 = signal(f, "AA02", "vraag", f->org_a, f->org_p, f->org_g, z);
	int64_t s4 = signal(f, "AB01", "idee", f->org_a, f->org_g, z);
	int64_t k = kwestie(f, "AA01", "buurt", KW_BUURT, "afval");

	assert_string_equal(triage(f, 0, f->org_a, NULL), ids(f, 3, s1, s3, s4));
	assert_string_equal(triage(f, 0, f->org_e, NULL), ids(f, 1, s2));
	assert_string_equal(triage(f, 0, f->org_g, NULL), ids(f, 4, s1, s2, s3, s4));
	assert_string_equal(triage(f, 0, f->org_p, NULL), "");
	/* declined by A: gone for A, still there for the gemeente */
	assert_int_equal(store_signal_decline(f->db, s3, f->org_a, "Niet van ons.",
					      f->now),
			 ERR_OK);
	assert_string_equal(triage(f, 0, f->org_a, NULL), ids(f, 2, s1, s4));
	assert_string_equal(triage(f, 0, f->org_g, NULL), ids(f, 4, s1, s2, s3, s4));
	/* closed, or in a kwestie: out of triage */
	run(f, sql_close_signal, s4, f->now);
	assert_string_equal(triage(f, 0, f->org_a, NULL), ids(f, 1, s1));
	{
		bool added;

		assert_int_equal(store_kwestie_link_signal(f->db, k, s1, f->now, &added),
				 ERR_OK);
		assert_int_equal(store_kwestie_settle(f->db, k, f->now), ERR_OK);
		assert_string_equal(triage(f, 0, f->org_a, NULL), "");
		/* out of its last kwestie: back in triage */
		assert_int_equal(store_kwestie_unlink_signal(f->db, k, s1), ERR_OK);
		assert_string_equal(triage(f, 0, f->org_a, NULL), ids(f, 1, s1));
	}
}

static void test_triage_account_pages_filters(void **state)
{
	struct fixture *f = *state;
	int64_t z = 0, acc = 0;
	int64_t s1 = signal(f, "AA01", "melding", f->org_a, f->org_g, z);
	int64_t s2 = signal(f, "EA01", "vraag", f->org_e, f->org_g, z);
	int64_t s3 = signal(f, "AB01", "melding", f->org_a, f->org_g, z);
	int64_t s4 = signal(f, "AA02", "melding", f->org_a, f->org_g, z);
	struct db_stmt *st = db_prepare(f->db, sql_account);
	struct triage_filter page = {.after = s1, .limit = 2};
	struct triage_filter wijk = {.area = "AA", .limit = 50};
	struct triage_filter kind = {.kind = "vraag", .limit = 50};

	db_bind_text(st, 1, "m@example.org");
	db_bind_text(st, 2, f->now);
	assert_int_equal(db_run_returning(f->db, st, &acc), ERR_OK);
	for (int i = 0; i < 2; i++) {
		st = db_prepare(f->db, sql_member);
		db_bind_int(st, 1, acc);
		db_bind_int(st, 2, i ? f->org_g : f->org_a);
		db_bind_text(st, 3, f->now);
		assert_int_equal(db_run(f->db, st, true), ERR_OK);
	}
	/* member of A and of the gemeente: each signal once */
	assert_string_equal(triage(f, acc, 0, NULL), ids(f, 4, s1, s2, s3, s4));
	assert_string_equal(triage(f, acc, 0, &page), ids(f, 2, s2, s3));
	assert_string_equal(triage(f, acc, 0, &wijk), ids(f, 2, s1, s4));
	assert_string_equal(triage(f, acc, 0, &kind), ids(f, 1, s2));
	/* an account with no membership and no key sees nothing */
	assert_string_equal(triage(f, acc + 1, 0, NULL), "");
}

/* --- the agenda ---------------------------------------------------------- */

static void rank(struct fixture *f, int64_t id, int urgency, int residents,
		 const char *updated)
{
	struct db_stmt *st = db_prepare(f->db, sql_rank);

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, urgency);
	db_bind_int(st, 3, residents);
	db_bind_text(st, 4, updated);
	assert_int_equal(db_run(f->db, st, true), ERR_OK);
}

static const char *agenda(struct fixture *f, const char *code,
			  enum area_level level, size_t limit)
{
	struct kwestie_row *rows;
	size_t n;
	char *out = "";

	assert_int_equal(store_agenda(f->db, &f->arena, MUNI, code, level, limit,
				      &rows, &n),
			 ERR_OK);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(rows[i].area_name); /* the columns are read */
		out = arena_printf(&f->arena, "%s%s%lld", out, i ? "," : "",
				   (long long)rows[i].id);
	}
	return out;
}

static void test_agenda_ranking(void **state)
{
	struct fixture *f = *state;
	int64_t k1 = kwestie(f, "AA01", "buurt", KW_BUURT, "afval");
	int64_t k2 = kwestie(f, "AA01", "buurt", KW_BUURT, "afval");
	int64_t k3 = kwestie(f, "AA01", "buurt", KW_BUURT, "groen");
	int64_t k4 = kwestie(f, "AA01", "buurt", KW_BUURT, "groen");
	int64_t k5 = kwestie(f, "AA01", "buurt", KW_BUURT, "groen");

	rank(f, k1, 0, 9, "2026-01-01T00:00:00.000Z");
	rank(f, k2, 1, 1, "2026-01-01T00:00:00.000Z"); /* urgency first */
	rank(f, k3, 0, 9, "2026-02-01T00:00:00.000Z"); /* then residents, recency */
	rank(f, k4, 0, 2, "2026-03-01T00:00:00.000Z");
	rank(f, k5, 0, 2, "2026-03-01T00:00:00.000Z"); /* then the newer id */
	assert_string_equal(agenda(f, "AA01", AREA_BUURT, 50),
			    ids(f, 5, k2, k3, k1, k5, k4));
	assert_string_equal(agenda(f, "AA01", AREA_BUURT, 2), ids(f, 2, k2, k3));
	run(f, sql_close_kwestie, k3, f->now);
	assert_string_equal(agenda(f, "AA01", AREA_BUURT, 50),
			    ids(f, 4, k2, k1, k5, k4));
}

static void test_agenda_levels_and_above(void **state)
{
	struct fixture *f = *state;
	int64_t b = kwestie(f, "AA01", "buurt", KW_BUURT, "afval");
	int64_t bw = kwestie(f, "AA02", "buurt", KW_WIJK, "afval");
	int64_t w = kwestie(f, "AA", "wijk", KW_WIJK, "afval");
	int64_t s = kwestie(f, "A", "stadsdeel", KW_STADSDEEL, "groen");
	int64_t bg = kwestie(f, "AB01", "buurt", KW_GEMEENTE, "groen");
	int64_t g = kwestie(f, MUNI, "gemeente", KW_GEMEENTE, "groen");
	const char *parents[4] = {"AA", "G1", "A", MUNI};
	struct kwestie_row *rows;
	size_t n;
	char *above = "";

	rank(f, b, 0, 6, f->now);
	rank(f, bw, 0, 5, f->now);
	rank(f, w, 0, 4, f->now);
	rank(f, s, 0, 3, f->now);
	rank(f, bg, 0, 2, f->now);
	rank(f, g, 0, 1, f->now);
	assert_string_equal(agenda(f, "AA01", AREA_BUURT, 50), ids(f, 1, b));
	assert_string_equal(agenda(f, "AA", AREA_WIJK, 50), ids(f, 2, bw, w));
	assert_string_equal(agenda(f, "AB", AREA_WIJK, 50), ids(f, 1, bg));
	assert_string_equal(agenda(f, "A", AREA_STADSDEEL, 50), ids(f, 2, s, bg));
	assert_string_equal(agenda(f, MUNI, AREA_GEMEENTE, 50), ids(f, 2, bg, g));
	assert_string_equal(agenda(f, "E", AREA_STADSDEEL, 50), "");
	/* above AA01: the open kwesties of its wijk, gebied, stadsdeel, city */
	assert_int_equal(store_agenda_above(f->db, &f->arena, MUNI, parents, 4, 2,
					    &rows, &n),
			 ERR_OK);
	for (size_t i = 0; i < n; i++)
		above = arena_printf(&f->arena, "%s%s%lld", above, i ? "," : "",
				     (long long)rows[i].id);
	assert_string_equal(above, ids(f, 2, w, s));
	assert_int_equal(store_agenda_above(f->db, &f->arena, MUNI, parents, 4, 10,
					    &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[2].id, g);
}

/* A rule: everything in stadsdeel A also to Buurtwerk (welzijn). */
static int64_t buurtwerk_in_a(struct fixture *f)
{
	struct routing_rule_row r = {0};
	int64_t rule = 0;

	r.municipality = MUNI;
	r.area_code = "A";
	r.organisation_id = f->org_p;
	assert_int_equal(db_begin_write(f->db), ERR_OK);
	assert_int_equal(store_routing_add(f->db, &r, &rule), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	return rule;
}

/* Who is responsible for many signals at once (an Open311 page) is what
 * the one-signal read says for each: the same organisations, by name, at
 * most 3; an unknown id has none; no ids read nothing; more than the
 * limit is refused. */
static void test_responsible_many_as_one(void **state)
{
	struct fixture *f = *state;
	int64_t ids[6], *many;
	struct signal_org *rows;
	size_t n, k = 0, nonempty = 0;

	/* a welzijn organisation for everything in stadsdeel A, besides the
	 * rule every municipality has (the stadsdeel of the area) */
	buurtwerk_in_a(f);
	ids[0] = signal(f, "AA01", "melding", (int64_t)0);
	ids[1] = signal(f, "EA01", "melding", (int64_t)0);
	ids[2] = 987654321; /* no such signal */
	ids[3] = signal(f, "AB01", "melding", (int64_t)0);
	ids[4] = signal(f, "AA02", "vraag", (int64_t)0);
	ids[5] = signal(f, "EA01", "idee", (int64_t)0);
	assert_int_equal(store_signals_responsible(f->db, &f->arena, ids, 6, &rows, &n),
			 ERR_OK);
	/* rows by signal id; each signal's equal to its own read */
	for (size_t i = 1; i < n; i++)
		assert_true(rows[i - 1].signal_id <= rows[i].signal_id);
	for (size_t i = 0; i < 6; i++) {
		struct promise_org *one;
		size_t none, j = 0;

		assert_int_equal(store_signal_responsible(f->db, &f->arena, ids[i],
							  &one, &none),
				 ERR_OK);
		for (k = 0; k < n && rows[k].signal_id != ids[i]; k++)
			;
		for (; k < n && rows[k].signal_id == ids[i]; k++, j++) {
			assert_true(j < none);
			assert_int_equal(rows[k].org.id, one[j].id);
			assert_string_equal(rows[k].org.name, one[j].name);
		}
		assert_int_equal(j, none);
		nonempty += none > 0;
		if (ids[i] == ids[0])
			assert_int_equal(none, 3); /* Buurtwerk, Gemeente, Stadsdeel A */
	}
	assert_int_equal(nonempty, 5);
	assert_int_equal(store_signals_responsible(f->db, &f->arena, ids, 0, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	many = arena_alloc(&f->arena, (STORE_RESPONSIBLE_MAX + 1) * sizeof(*many));
	for (size_t i = 0; i <= STORE_RESPONSIBLE_MAX; i++)
		many[i] = (int64_t)i + 1;
	assert_int_equal(store_signals_responsible(f->db, &f->arena, many,
						   STORE_RESPONSIBLE_MAX + 1, &rows, &n),
			 ERR_INVALID);
	/* the limit itself is read */
	assert_int_equal(store_signals_responsible(f->db, &f->arena, many,
						   STORE_RESPONSIBLE_MAX, &rows, &n),
			 ERR_OK);
}

/* Who is responsible for the signals of one page, as Open311's list asks
 * it: in a read transaction, the memo loaded for the page first. */
static const char *who_now(struct fixture *f, const struct signal_row *s)
{
	const struct signal_row *one[1] = {s};
	struct expect_memo *m = expect_memo_new(&f->arena);
	struct expectation ex;

	assert_int_equal(db_begin_read(f->db), ERR_OK);
	assert_int_equal(expect_memo_load(f->db, &f->arena, m, one, 1), ERR_OK);
	assert_int_equal(promise_expect_due(f->db, &f->arena, s, NULL, m, &ex),
			 ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	return ex.who ? ex.who : "";
}

static const char sql_counter_set[] = "UPDATE routing_version SET n = $1";
static const char sql_org_renamed[] =
	"UPDATE organisations SET name = 'Buurtwerk Noord' WHERE id = $1";

/* Run sql (its $1 is arg) on a connection of its own: a change behind the
 * store's back (a second instance, or an administrator with psql). */
static void other_connection(struct fixture *f, const char *sql, int64_t arg)
{
	struct db *other;
	struct db_stmt *st;
	char msg[256];

	assert_int_equal(db_open(f->fx.url, &other, msg, sizeof(msg)), ERR_OK);
	st = db_prepare(other, sql);
	db_bind_int(st, 1, arg);
	assert_int_equal(db_run(other, st, true), ERR_OK);
	db_close(other);
}

/* Who is responsible is kept for the process per category and areas
 * (app/routing.c) while the routing tables' counter (migration 024)
 * stays the same.  The memo is used (a rule added with the counter put
 * back by hand is not seen), and every kind of change moves the counter:
 * a rule added and deleted, an organisation renamed (by the store and by
 * SQL on another connection), an organisation's areas. */
static void test_responsible_kept_while_routing_stays(void **state)
{
	struct fixture *f = *state;
	struct signal_row s = {0};
	struct org_row o = {0};
	char *codes[1] = {"E"};
	int64_t rule, before, after;

	s.id = signal(f, "AA01", "melding", (int64_t)0);
	s.municipality = MUNI;
	s.category_code = "afval/grofvuil";
	s.buurt_code = "AA01";
	s.wijk_code = "AA";
	s.gebied_code = "G1";
	s.stadsdeel_code = "A";
	s.created_at = f->now;
	/* the default rule: the gemeente and the stadsdeel of the area */
	assert_string_equal(who_now(f, &s), "Gemeente en Stadsdeel A");
	assert_true(routing_memo_size() >= 1);

	/* a rule for Buurtwerk, the counter put back: the kept answer */
	assert_int_equal(store_routing_version(f->db, &before), ERR_OK);
	rule = buurtwerk_in_a(f);
	assert_int_equal(store_routing_version(f->db, &after), ERR_OK);
	assert_true(after != before);
	other_connection(f, sql_counter_set, before);
	assert_string_equal(who_now(f, &s), "Gemeente en Stadsdeel A");
	/* the counter as the rule left it: the rule is seen */
	other_connection(f, sql_counter_set, after);
	assert_string_equal(who_now(f, &s), "Buurtwerk, Gemeente en Stadsdeel A");

	/* renamed by the store */
	o.id = f->org_p;
	o.municipality = MUNI;
	o.name = "Buurtwerk Oost";
	o.kind = "welzijn";
	assert_int_equal(store_org_update(f->db, &o), ERR_OK);
	assert_string_equal(who_now(f, &s), "Buurtwerk Oost, Gemeente en Stadsdeel A");
	/* renamed by SQL on another connection */
	other_connection(f, sql_org_renamed, f->org_p);
	assert_string_equal(who_now(f, &s), "Buurtwerk Noord, Gemeente en Stadsdeel A");
	/* Stadsdeel A now works in E only: no longer for a signal in A */
	assert_int_equal(store_org_set_areas(f->db, f->org_a, MUNI, codes, 1), ERR_OK);
	assert_string_equal(who_now(f, &s), "Buurtwerk Noord en Gemeente");
	/* the rule deleted */
	assert_int_equal(db_begin_write(f->db), ERR_OK);
	assert_int_equal(store_routing_delete(f->db, MUNI, rule), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_string_equal(who_now(f, &s), "Gemeente");
}

static const char sql_created[] = "UPDATE signals SET created_at = $2 WHERE id = $1";

/* The kept answer for s's key at the database's counter, as names joined
 * by commas ("-" when not kept). */
static const char *kept_for(struct fixture *f, const struct signal_row *s)
{
	struct promise_org *orgs;
	size_t n;
	int64_t version;
	char *out = "";

	assert_int_equal(store_routing_version(f->db, &version), ERR_OK);
	if (!routing_memo_get(version, routing_memo_key(&f->arena, s),
			      &f->arena, &orgs, &n))
		return "-";
	for (size_t i = 0; i < n; i++)
		out = arena_printf(&f->arena, "%s%s%s", out, i ? "," : "",
				   orgs[i].name);
	return out;
}

/* The same read from the view for s alone. */
static const char *read_for(struct fixture *f, const struct signal_row *s)
{
	struct promise_org *orgs;
	size_t n;
	char *out = "";

	assert_int_equal(store_signal_responsible(f->db, &f->arena, s->id,
						  &orgs, &n),
			 ERR_OK);
	for (size_t i = 0; i < n; i++)
		out = arena_printf(&f->arena, "%s%s%s", out, i ? "," : "",
				   orgs[i].name);
	return out;
}

/* A signal of the scene as a list reads it (its key). */
static struct signal_row keyed(struct fixture *f, const char *buurt)
{
	struct signal_row s = {0};

	s.id = signal(f, buurt, "melding", (int64_t)0);
	s.municipality = MUNI;
	s.category_code = "afval/grofvuil";
	s.buurt_code = (char *)buurt;
	s.wijk_code = buurt[0] == 'E' ? "EA" : buurt[1] == 'B' ? "AB"
							       : "AA";
	s.gebied_code = buurt[0] == 'E' ? "G2" : "G1";
	s.stadsdeel_code = buurt[0] == 'E' ? "E" : "A";
	return s;
}

/* The memo filled ahead (the job routing_warm at a start): one read per
 * key of the last ROUTING_WARM_DAYS, each answer what the view says for
 * a signal of that key; an older key is not read; nothing is read again
 * while warm; a rule changed or the memo emptied makes it cold, and the
 * next fill reads the answers as they are now. */
static void test_responsible_filled_ahead(void **state)
{
	struct fixture *f = *state;
	struct signal_row s[5];
	char old[32];
	size_t kept = 99;

	s[0] = keyed(f, "AA01");
	s[1] = keyed(f, "AA01"); /* the same key */
	s[2] = keyed(f, "AA02");
	s[3] = keyed(f, "EA01");
	s[4] = keyed(f, "AB01"); /* made older than the window below */
	store_time_ago(old, sizeof(old), (ROUTING_WARM_DAYS + 1) * 86400);
	run(f, sql_created, s[4].id, old);

	routing_memo_clear();
	assert_int_equal(routing_memo_warm(f->db, &f->arena, &kept), ERR_OK);
	assert_int_equal(kept, 3);
	assert_int_equal(routing_memo_size(), 3);
	for (int i = 0; i < 4; i++)
		assert_string_equal(kept_for(f, &s[i]), read_for(f, &s[i]));
	assert_string_equal(kept_for(f, &s[0]), "Gemeente,Stadsdeel A");
	assert_string_equal(kept_for(f, &s[3]), "Gemeente,Stadsdeel E");
	assert_string_equal(kept_for(f, &s[4]), "-");
	/* warm: nothing read */
	assert_int_equal(routing_memo_warm(f->db, &f->arena, &kept), ERR_OK);
	assert_int_equal(kept, 0);

	/* a rule: read again, as the view now says */
	buurtwerk_in_a(f);
	assert_string_equal(kept_for(f, &s[0]), "-");
	assert_int_equal(routing_memo_warm(f->db, &f->arena, &kept), ERR_OK);
	assert_int_equal(kept, 3);
	for (int i = 0; i < 4; i++)
		assert_string_equal(kept_for(f, &s[i]), read_for(f, &s[i]));
	assert_string_equal(kept_for(f, &s[0]), "Buurtwerk,Gemeente,Stadsdeel A");
	assert_string_equal(kept_for(f, &s[3]), "Gemeente,Stadsdeel E");

	/* emptied: read again */
	routing_memo_clear();
	assert_int_equal(routing_memo_warm(f->db, &f->arena, &kept), ERR_OK);
	assert_int_equal(kept, 3);
	assert_string_equal(who_now(f, &s[2]), "Buurtwerk, Gemeente en Stadsdeel A");
}

static const char sql_kwestie_title[] =
	"UPDATE kwesties SET title = $2 WHERE id = $1";

static int64_t titled(struct fixture *f, const char *title, int64_t sig,
		      bool closed)
{
	int64_t k = kwestie(f, "AA01", "buurt", KW_BUURT, "afval");
	struct db_stmt *st = db_prepare(f->db, sql_kwestie_title);
	bool added;

	db_bind_int(st, 1, k);
	db_bind_text(st, 2, title);
	assert_int_equal(db_run(f->db, st, true), ERR_OK);
	assert_int_equal(store_kwestie_link_signal(f->db, k, sig, f->now, &added),
			 ERR_OK);
	if (closed) {
		st = db_prepare(f->db, sql_close_kwestie);
		db_bind_int(st, 1, k);
		db_bind_text(st, 2, f->now);
		assert_int_equal(db_run(f->db, st, true), ERR_OK);
	}
	return k;
}

/* --- what a signal keeps of its kwesties (migrations 025, 027) --------- */

/* The signals and kwesties whose kept values are not what the views
 * signal_summary and kwestie_summary, their definitions, say now. */
static const char sql_summary_wrong[] =
	"SELECT (SELECT COUNT(*) FROM signals s JOIN signal_summary v"
	" ON v.signal_id = s.id WHERE s.first_kwestie IS DISTINCT FROM"
	" v.first_kwestie OR s.kwestie_count IS DISTINCT FROM v.kwestie_count"
	" OR s.own_entry IS DISTINCT FROM v.own_entry) + (SELECT COUNT(*)"
	" FROM kwesties k JOIN kwestie_summary v ON v.kwestie_id = k.id"
	" WHERE k.last_entry IS DISTINCT FROM v.last_entry) + (SELECT COUNT(*)"
	" FROM signals s LEFT JOIN timeline_words w ON w.id = s.own_entry"
	" WHERE s.own_at IS DISTINCT FROM w.at OR s.own_kind IS DISTINCT FROM"
	" w.kind OR s.own_from IS DISTINCT FROM w.from_value OR s.own_to IS"
	" DISTINCT FROM w.to_value) + (SELECT COUNT(*) FROM kwesties k LEFT"
	" JOIN timeline_words w ON w.id = k.last_entry WHERE k.last_at IS"
	" DISTINCT FROM w.at OR k.last_kind IS DISTINCT FROM w.kind OR"
	" k.last_from IS DISTINCT FROM w.from_value OR k.last_to IS DISTINCT"
	" FROM w.to_value)";
/* A signal's first kwestie and newest entry as a reader takes them
 * (store/open311.c), and whether that entry is the definition's. */
static const char sql_summary_of[] =
	"SELECT COALESCE(s.first_kwestie, 0) * 1000000 + COALESCE("
	TIMELINE_SIGNAL_NEWEST_SQL("s", "k") ", 0) FROM signals s"
	" LEFT JOIN kwesties k ON k.id = s.first_kwestie WHERE s.id = $1";
static const char sql_newest_wrong[] =
	"SELECT COUNT(*) FROM signals s LEFT JOIN kwesties k"
	" ON k.id = s.first_kwestie JOIN signal_summary v ON v.signal_id = s.id"
	" WHERE (" TIMELINE_SIGNAL_NEWEST_SQL("s", "k") ") IS DISTINCT FROM"
	" v.last_entry";
static const char sql_newest_entry[] = "SELECT MAX(id) FROM timeline";

static int64_t one_int(struct fixture *f, const char *sql, int64_t arg)
{
	struct db_stmt *st = db_prepare(f->db, sql);
	int64_t v = -1;

	if (strstr(sql, "$1"))
		db_bind_int(st, 1, arg);
	assert_int_equal(db_get_one(f->db, st, NULL, db_read_int, &v), ERR_OK);
	return v;
}

static void same_text(const char *want, const char *got)
{
	if (!want || !*want)
		assert_true(!got || !*got);
	else if (!got)
		fail_msg("NULL where \"%s\" was due", want);
	else
		assert_string_equal(want, got);
}

/* That a request read shows of signal sig its newest entry, entry e
 * (0: none), with every field a request shows, whether it read the entry
 * or took its words kept on the rows (migration 028), and its earliest
 * open promise as read by the signal's links (due). */
static void shows(struct fixture *f, const struct open311_ref *got, int64_t e,
		  const char *due)
{
	struct db_stmt *st;
	struct timeline_row want;

	same_text(due, got->due);
	assert_int_equal(got->has_last, e != 0);
	if (!e)
		return;
	st = db_prepare(f->db, "SELECT " TIMELINE_COLS " FROM timeline"
			       " WHERE id = $1");
	db_bind_int(st, 1, e);
	assert_int_equal(db_get_one(f->db, st, &f->arena, store_timeline_read,
				    &want),
			 ERR_OK);
	assert_int_equal(got->last.id, e);
	assert_int_equal(got->last.kwestie_id, want.kwestie_id);
	assert_int_equal(got->last.signal_id, want.signal_id);
	assert_int_equal(got->last.promise_id, want.promise_id);
	assert_string_equal(got->last.at, want.at);
	assert_string_equal(got->last.kind, want.kind);
	same_text(want.from_value, got->last.from_value);
	same_text(want.to_value, got->last.to_value);
	same_text(want.reason, got->last.reason);
	same_text(want.subject, got->last.subject);
	same_text(want.message, got->last.message);
}

/* What signal sig's Open311 request shows read alone, in the list of
 * every code and in the list of its one code (each its own statement,
 * and on PostgreSQL the lists' others). */
static void request_shows(struct fixture *f, int64_t sig, int64_t e)
{
	const char *codes[] = {"", ",afval/grofvuil,"};
	struct open311_ref one, *list;
	char *due;
	size_t n, i;

	assert_int_equal(store_promise_signal_due(f->db, &f->arena, sig, &due),
			 ERR_OK);
	assert_int_equal(store_open311_ref(f->db, &f->arena, MUNI, false, sig,
					   &one),
			 ERR_OK);
	shows(f, &one, e, due);
	for (size_t c = 0; c < 2; c++) {
		struct open311_query q = {MUNI, "0000", "9999", codes[c],
					  O311_ANY, false, 0, 100};

		assert_int_equal(store_open311_refs(f->db, &f->arena, &q, &list,
						    &n),
				 ERR_OK);
		for (i = 0; i < n && list[i].s.id != sig; i++)
			;
		assert_true(i < n);
		shows(f, &list[i], e, due);
	}
}

/* Every kept value is the views', every signal's newest entry as read is
 * the definition's, and signal sig's are kwestie k and entry e (0: none),
 * as its Open311 request shows. */
static void summary_is(struct fixture *f, int64_t sig, int64_t k, int64_t e)
{
	assert_int_equal(one_int(f, sql_summary_wrong, 0), 0);
	assert_int_equal(one_int(f, sql_newest_wrong, 0), 0);
	assert_int_equal(one_int(f, sql_summary_of, sig), k * 1000000 + e);
	request_shows(f, sig, e);
}

/* sql with up to two integer parameters, bound as far as it has them. */
static void run_ints(struct fixture *f, const char *sql, int64_t x, int64_t y)
{
	struct db_stmt *st = db_prepare(f->db, sql);

	if (strstr(sql, "$1"))
		db_bind_int(st, 1, x);
	if (strstr(sql, "$2"))
		db_bind_int(st, 2, y);
	assert_int_equal(db_run(f->db, st, false), ERR_OK);
}

/* An open promise on kwestie k or signal sig, due on day. */
static void promise(struct fixture *f, int64_t k, int64_t sig, const char *day)
{
	struct promise_new p = {.municipality = MUNI, .kwestie_id = k, .signal_id = sig, .organisation_id = f->org_g, .what = "Opruimen.", .made_on = "2026-01-05", .due = day, .now = f->now};
	int64_t id;

	assert_int_equal(store_promise_insert(f->db, &p, &id), ERR_OK);
}

/* An entry of kwestie k or signal sig, saying message (NULL: no more
 * than its kind and values); its id. */
static int64_t entry_saying(struct fixture *f, int64_t k, int64_t sig,
			    const char *message)
{
	struct timeline_new t = {.kwestie_id = k, .signal_id = sig, .at = f->now, .actor = "Gemeente", .kind = "status", .from_value = "gepland", .to_value = "in_behandeling", .message = message};

	assert_int_equal(store_timeline_add(f->db, &t), ERR_OK);
	return one_int(f, sql_newest_entry, 0);
}

static void entry(struct fixture *f, int64_t k, int64_t sig)
{
	entry_saying(f, k, sig, NULL);
}

/* The triggers of migrations 025 and 027 keep a signal's first kwestie
 * and newest entry equal to their definition through every write that
 * moves them: links made, moved and removed, kwesties closed and opened
 * again, entries added, moved and removed, a kwestie deleted. */
static void test_signal_summary_kept(void **state)
{
	struct fixture *f = *state;
	int64_t a = signal(f, "AA01", "melding", (int64_t)0);
	int64_t b = signal(f, "AA01", "melding", (int64_t)0);
	int64_t c = signal(f, "AA02", "melding", (int64_t)0);
	int64_t k1, k2, e1, e2, e3;
	bool added;

	summary_is(f, a, 0, 0);
	k1 = titled(f, "Eerste", a, false);
	assert_int_equal(store_kwestie_link_signal(f->db, k1, b, f->now, &added),
			 ERR_OK);
	/* promises: on a signal, on a kwestie of one signal's and of two */
	promise(f, 0, b, "2026-03-01");
	promise(f, k1, 0, "2026-04-01");
	summary_is(f, a, k1, 0);
	summary_is(f, b, k1, 0);
	entry(f, k1, 0); /* a kwestie's entry: the newest of its signals */
	e1 = one_int(f, sql_newest_entry, 0);
	summary_is(f, a, k1, e1);
	summary_is(f, b, k1, e1);
	summary_is(f, c, 0, 0);
	entry(f, 0, c); /* a signal's own */
	e2 = one_int(f, sql_newest_entry, 0);
	summary_is(f, c, 0, e2);
	summary_is(f, a, k1, e1);
	/* a second kwestie for a: k1 stays first while open, k2 after */
	k2 = titled(f, "Tweede", a, false);
	summary_is(f, a, k1, e1);
	promise(f, k2, 0, "2026-02-01");
	summary_is(f, a, k1, e1);
	run(f, sql_close_kwestie, k1, f->now);
	summary_is(f, a, k2, e1);
	summary_is(f, b, k1, e1); /* only closed ones: the lowest */
	entry(f, k2, 0);
	e3 = one_int(f, sql_newest_entry, 0);
	summary_is(f, a, k2, e3);
	summary_is(f, b, k1, e1);
	run_ints(f, "UPDATE kwesties SET status = 'opgepakt', closed_at = NULL,"
		   " outcome = NULL WHERE id = $1", k1, 0);
	summary_is(f, a, k1, e3);
	/* a link moved by hand, then removed */
	run_ints(f, "UPDATE kwestie_signals SET signal_id = $1"
		   " WHERE kwestie_id = $2", c, k2);
	summary_is(f, a, k1, e1);
	summary_is(f, c, k2, e3);
	assert_int_equal(store_kwestie_unlink_signal(f->db, k1, a), ERR_OK);
	summary_is(f, a, 0, 0);
	/* entries moved by hand: from kwestie to kwestie (both kwesties'
	 * signals again), from signal to signal (both signals again) */
	run_ints(f, "UPDATE timeline SET kwestie_id = $1 WHERE id = $2", k1, e3);
	summary_is(f, c, k2, e2);
	summary_is(f, b, k1, e3);
	run_ints(f, "UPDATE timeline SET signal_id = $1 WHERE id = $2", b, e2);
	summary_is(f, c, k2, 0);
	summary_is(f, b, k1, e3);
	/* and removed */
	run_ints(f, "DELETE FROM timeline WHERE id = $1", e3, 0);
	summary_is(f, b, k1, e2);
	run_ints(f, "DELETE FROM timeline WHERE id = $1", e2, 0);
	summary_is(f, b, k1, e1);
	/* a merge moves k2's links to k1 */
	assert_int_equal(store_kwestie_merge(f->db, k2, k1,
					     one_int(f, "SELECT version FROM"
						     " kwesties WHERE id = $1", k2),
					     f->now),
			 ERR_OK);
	summary_is(f, c, k1, e1);
	/* a kwestie deleted takes its links and entries along */
	run_ints(f, "UPDATE kwesties SET duplicate_of = NULL, merged_into = NULL,"
		   " outcome = 'opgelost' WHERE id = $1", k2, 0);
	run_ints(f, "DELETE FROM kwesties WHERE id = $1", k1, 0);
	summary_is(f, b, 0, 0);
	summary_is(f, c, 0, 0);
	/* the newest entry's words kept where it says no more (028), its
	 * own or its kwestie's; read where it says more, also after a hand
	 * changed it */
	e1 = entry_saying(f, 0, c, NULL);
	summary_is(f, c, 0, e1);
	e1 = entry_saying(f, 0, c, "De container is geleegd.");
	summary_is(f, c, 0, e1);
	k1 = titled(f, "Vierde", c, false);
	e3 = entry_saying(f, k1, 0, NULL);
	summary_is(f, c, k1, e3);
	e2 = entry_saying(f, k1, 0, "We komen dinsdag.");
	summary_is(f, c, k1, e2);
	run_ints(f, "UPDATE timeline SET message = NULL WHERE id = $1", e2, 0);
	summary_is(f, c, k1, e2);
	run_ints(f, "UPDATE timeline SET to_value = 'gepland', reason = 'r'"
		    " WHERE id = $1",
		 e2, 0);
	summary_is(f, c, k1, e2);
	run_ints(f, "UPDATE timeline SET reason = '' WHERE id = $1", e2, 0);
	summary_is(f, c, k1, e2);
	run_ints(f, "DELETE FROM timeline WHERE id = $1", e2, 0);
	summary_is(f, c, k1, e3);
	run_ints(f, "UPDATE timeline SET message = NULL WHERE id = $1", e1, 0);
	summary_is(f, c, k1, e3);
	run_ints(f, "DELETE FROM kwesties WHERE id = $1", k1, 0);
	summary_is(f, c, 0, e1);
	run_ints(f, "UPDATE timeline SET message = 'Toch niet.' WHERE id = $1",
		 e1, 0);
	summary_is(f, c, 0, e1);
	if (db_fixture_pg()) { /* TRUNCATE fires no row trigger */
		k1 = titled(f, "Derde", a, false);
		entry(f, k1, 0);
		e1 = one_int(f, sql_newest_entry, 0);
		summary_is(f, a, k1, e1);
		run_ints(f, "TRUNCATE timeline", 0, 0);
		summary_is(f, a, k1, 0);
		run_ints(f, "TRUNCATE kwestie_signals", 0, 0);
		summary_is(f, a, 0, 0);
	}
}

/* An Open311 request shows its first kwestie: the lowest open one, else
 * the lowest of all (store_signal_kwesties' order), in the list and read
 * alone; the list is newest first, by id where the moments are equal
 * (SQLite's list statement has no ORDER BY: store_open311_refs sorts). */
static void test_open311_first_kwestie(void **state)
{
	struct fixture *f = *state;
	int64_t a = signal(f, "AA01", "melding", (int64_t)0);
	int64_t b = signal(f, "AA01", "melding", (int64_t)0);
	int64_t c = signal(f, "AA02", "melding", (int64_t)0);
	struct open311_query q = {MUNI, "0000", "9999", "", O311_ANY, false, 0, 10};
	struct open311_ref one, *list;
	size_t n;

	titled(f, "A1 dicht", a, true);
	titled(f, "A2 open", a, false);
	titled(f, "A3 open", a, false);
	titled(f, "B1 dicht", b, true);
	titled(f, "B2 dicht", b, true);
	assert_int_equal(store_open311_ref(f->db, &f->arena, MUNI, false, a, &one),
			 ERR_OK);
	assert_string_equal(one.kwestie_title, "A2 open");
	assert_int_equal(store_open311_ref(f->db, &f->arena, MUNI, false, b, &one),
			 ERR_OK);
	assert_string_equal(one.kwestie_title, "B1 dicht");
	assert_int_equal(store_open311_ref(f->db, &f->arena, MUNI, false, c, &one),
			 ERR_OK);
	assert_null(one.kwestie_title);
	assert_int_equal(store_open311_refs(f->db, &f->arena, &q, &list, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].s.id, c);
	assert_null(list[0].kwestie_title);
	assert_int_equal(list[1].s.id, b);
	assert_string_equal(list[1].kwestie_title, "B1 dicht");
	assert_int_equal(list[2].s.id, a);
	assert_string_equal(list[2].kwestie_title, "A2 open");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_triage_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triage_account_pages_filters,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_agenda_ranking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agenda_levels_and_above, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_responsible_many_as_one, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_responsible_kept_while_routing_stays,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_responsible_filled_ahead, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_open311_first_kwestie, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_signal_summary_kept, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
