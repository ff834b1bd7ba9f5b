/* test_grade: residents' grades.  SPDX-License-Identifier: EUPL-1.2
 *
 * The rules (domain/grade.h), each refused case next to the nearest
 * allowed one: a whole number 1-10 (0, 11, a wrong type, the form's "8 ",
 * "08", "7.5" refused; 1 and 10 taken), ja/deels/nee, a comment of at
 * most 1000 characters without control characters, and 14 days to the
 * second.
 *
 * The store (store/grade.h) on a fresh database per test (db_fixture.h:
 * SQLite, or PostgreSQL with WIJKAGENDA_TEST_PG): one row per subject and
 * person, a second put replaces grade, solved and comment and keeps what
 * was copied first, a kwestie and a lone signal are different subjects,
 * the schema refuses a grade outside 1-10 and a row with two subjects,
 * the reads of a subject, and the invitations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/util.h"
#include "domain/grade.h"
#include "store/grade.h"
#include "store/kwestie.h"
#include "store/store.h"

#include "db_fixture.h"

#define MUNI "GM0363"
#define NOW "2026-12-04T10:00:00.000Z"
#define LATER "2026-12-05T10:00:00.000Z"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena arena;
	int64_t kwestie, signal;
};

static void put_area(struct fixture *f, enum area_level level,
		     const char *code, const char *parent)
{
	struct area_rec a;

	memset(&a, 0, sizeof(a));
	a.level = level;
	a.code = (char *)code;
	a.name = (char *)code;
	a.parent_code = (char *)parent;
	assert_int_equal(store_area_put(f->db, MUNI, &a), ERR_OK);
}

static int64_t signal_new(struct fixture *f)
{
	struct signal_input in;
	struct signal_new s;
	struct signal_row row;
	bool replayed;

	memset(&in, 0, sizeof(in));
	in.kind = "melding";
	in.text = "Grofvuil naast de container";
	in.buurt = "AA01";
	memset(&s, 0, sizeof(s));
	s.municipality = MUNI;
	s.in = &in;
	s.codes[0] = "AA01";
	s.codes[1] = "AA";
	s.codes[3] = "A";
	s.dedupe_key = "k1";
	assert_int_equal(store_signal_create(f->db, &f->arena, &s, &row, &replayed),
			 ERR_OK);
	return row.id;
}

static int64_t kwestie_new(struct fixture *f)
{
	struct kwestie_new k;
	int64_t id = 0;

	memset(&k, 0, sizeof(k));
	k.municipality = MUNI;
	k.title = "Grofvuil";
	k.description = "Grofvuil naast de containers.";
	k.area_code = "AA01";
	k.area_level = "buurt";
	k.chain_codes[0] = "AA01";
	k.chain_codes[1] = "AA";
	k.chain_codes[3] = "A";
	k.topic = "afval";
	k.level = KW_BUURT;
	k.level_reason = "Daar speelt het.";
	k.status = KS_NIEUW;
	assert_int_equal(store_kwestie_insert(f->db, &k, NOW, &id), ERR_OK);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "grade", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->arena);
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"), ERR_OK);
	put_area(f, AREA_GEMEENTE, MUNI, NULL);
	put_area(f, AREA_STADSDEEL, "A", MUNI);
	put_area(f, AREA_WIJK, "AA", "A");
	put_area(f, AREA_BUURT, "AA01", "AA");
	f->kwestie = kwestie_new(f);
	f->signal = signal_new(f);
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

static struct grade_row grade_of(int64_t kwestie, int64_t signal,
				 const char *person, int grade)
{
	struct grade_row g;

	memset(&g, 0, sizeof(g));
	g.municipality = MUNI;
	g.kwestie_id = kwestie;
	g.signal_id = signal;
	g.person_key = person;
	g.grade = grade;
	g.solved = "ja";
	g.comment = "Snel opgeruimd.";
	g.buurt_code = "AA01";
	g.wijk_code = "AA";
	g.stadsdeel_code = "A";
	g.topic = "afval";
	g.created_at = NOW;
	g.updated_at = NOW;
	return g;
}

static int64_t count_grades(struct fixture *f)
{
	struct db_stmt *st = db_prepare(f->db, "SELECT count(*) FROM grades");
	int64_t n = -1;

	assert_int_equal(db_get_one(f->db, st, NULL, db_read_int, &n), ERR_OK);
	return n;
}

/* A put in a write transaction, as the use case does. */
struct put_ctx {
	const struct grade_row *g;
	int64_t id;
	bool replaced;
};

static enum err put_fn(struct db *db, void *arg)
{
	struct put_ctx *c = arg;

	return store_grade_put(db, c->g, &c->id, &c->replaced);
}

static enum err put(struct fixture *f, const struct grade_row *g, int64_t *id,
		    bool *replaced)
{
	struct put_ctx c = {g, 0, false};
	enum err e = db_write(f->db, put_fn, &c);

	*id = c.id;
	*replaced = c.replaced;
	return e;
}

static void test_put_and_replace(void **state)
{
	struct fixture *f = *state;
	struct grade_row g = grade_of(f->kwestie, 0, "p1", 8), got;
	int64_t id = 0, id2 = 0;
	bool replaced = true;

	assert_int_equal(put(f, &g, &id, &replaced), ERR_OK);
	assert_true(id > 0);
	assert_false(replaced);
	assert_int_equal(store_grade_get(f->db, &f->arena, f->kwestie, 0, "p1", &got),
			 ERR_OK);
	assert_int_equal(got.id, id);
	assert_int_equal(got.grade, 8);
	assert_string_equal(got.solved, "ja");
	assert_string_equal(got.comment, "Snel opgeruimd.");
	assert_string_equal(got.buurt_code, "AA01");
	assert_string_equal(got.topic, "afval");
	assert_int_equal(got.kwestie_id, f->kwestie);
	assert_int_equal(got.signal_id, 0);
	assert_int_equal(got.organisation_id, 0);
	assert_false(got.demo);

	/* The same person again: the row is replaced, created_at and the
	 * copied chain stay. */
	g.grade = 4;
	g.solved = "nee";
	g.comment = NULL;
	g.buurt_code = "XX99";
	g.created_at = LATER;
	g.updated_at = LATER;
	assert_int_equal(put(f, &g, &id2, &replaced), ERR_OK);
	assert_true(replaced);
	assert_int_equal(id2, id);
	assert_int_equal(count_grades(f), 1);
	assert_int_equal(store_grade_get(f->db, &f->arena, f->kwestie, 0, "p1", &got),
			 ERR_OK);
	assert_int_equal(got.grade, 4);
	assert_string_equal(got.solved, "nee");
	assert_null(got.comment);
	assert_string_equal(got.created_at, NOW);
	assert_string_equal(got.updated_at, LATER);
	assert_string_equal(got.buurt_code, "AA01");
}

static void test_subjects_and_people(void **state)
{
	struct fixture *f = *state;
	struct grade_row a = grade_of(f->kwestie, 0, "p1", 8);
	struct grade_row b = grade_of(f->kwestie, 0, "p2", 6);
	struct grade_row c = grade_of(0, f->signal, "p1", 9);
	struct grade_row *list, got;
	size_t n = 0;
	int64_t id;
	bool replaced;

	b.updated_at = LATER;
	c.demo = true;
	assert_int_equal(put(f, &a, &id, &replaced), ERR_OK);
	assert_int_equal(put(f, &b, &id, &replaced), ERR_OK);
	assert_false(replaced);
	assert_int_equal(put(f, &c, &id, &replaced), ERR_OK);
	assert_false(replaced);
	assert_int_equal(count_grades(f), 3);

	assert_int_equal(store_grades_subject(f->db, &f->arena, f->kwestie, 0,
					      &list, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].person_key, "p2"); /* newest first */
	assert_int_equal(list[0].grade, 6);
	assert_string_equal(list[1].person_key, "p1");
	assert_int_equal(store_grades_subject(f->db, &f->arena, 0, f->signal,
					      &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].grade, 9);
	assert_true(list[0].demo);
	assert_int_equal(list[0].signal_id, f->signal);

	assert_int_equal(store_grade_get(f->db, &f->arena, 0, f->signal, "p2", &got),
			 ERR_NOT_FOUND);
	assert_int_equal(store_grade_get(f->db, &f->arena, f->kwestie + 1000, 0,
					 "p1", &got), ERR_NOT_FOUND);
}

/* The schema holds the rules a row must keep, whoever writes it. */
static void test_schema_refuses(void **state)
{
	struct fixture *f = *state;
	struct grade_row g = grade_of(f->kwestie, 0, "p1", 0);
	int64_t id;
	bool replaced;

	assert_int_equal(put(f, &g, &id, &replaced), ERR_CONFLICT);
	g.grade = 11;
	assert_int_equal(put(f, &g, &id, &replaced), ERR_CONFLICT);
	g.grade = 10;
	g.solved = "misschien";
	assert_int_equal(put(f, &g, &id, &replaced), ERR_CONFLICT);
	g.solved = "deels";
	g.signal_id = f->signal; /* two subjects */
	assert_int_equal(put(f, &g, &id, &replaced), ERR_CONFLICT);
	g.kwestie_id = 0;
	g.signal_id = 0; /* none */
	assert_int_equal(put(f, &g, &id, &replaced), ERR_CONFLICT);
	assert_int_equal(count_grades(f), 0);
	g.kwestie_id = f->kwestie;
	g.grade = 1;
	assert_int_equal(put(f, &g, &id, &replaced), ERR_OK);
	assert_int_equal(count_grades(f), 1);
}

static void test_invites(void **state)
{
	struct fixture *f = *state;
	struct grade_invite_row inv, got;
	bool invited = true;

	memset(&inv, 0, sizeof(inv));
	inv.token_hash = "h1";
	inv.municipality = MUNI;
	inv.kwestie_id = f->kwestie;
	inv.person_key = "p1";
	inv.created_at = NOW;
	assert_int_equal(store_grade_invited(f->db, f->kwestie, 0, "p1", &invited),
			 ERR_OK);
	assert_false(invited);
	assert_int_equal(store_grade_invite_add(f->db, &inv), ERR_OK);
	assert_int_equal(store_grade_invited(f->db, f->kwestie, 0, "p1", &invited),
			 ERR_OK);
	assert_true(invited);
	assert_int_equal(store_grade_invited(f->db, 0, f->signal, "p1", &invited),
			 ERR_OK);
	assert_false(invited);
	assert_int_equal(store_grade_invited(f->db, f->kwestie, 0, "p2", &invited),
			 ERR_OK);
	assert_false(invited);
	assert_int_equal(store_grade_invite_get(f->db, &f->arena, "h1", &got), ERR_OK);
	assert_int_equal(got.kwestie_id, f->kwestie);
	assert_int_equal(got.signal_id, 0);
	assert_string_equal(got.person_key, "p1");
	assert_string_equal(got.created_at, NOW);
	assert_int_equal(store_grade_invite_get(f->db, &f->arena, "h2", &got),
			 ERR_NOT_FOUND);
	/* The same hash twice is refused by its primary key. */
	assert_int_equal(store_grade_invite_add(f->db, &inv), ERR_CONFLICT);
}

/* --- the rules ----------------------------------------------------------- */

static bool has_error(const struct field_errors *e, const char *field)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->e[i].field, field) == 0)
			return true;
	return false;
}

static bool check_json(int64_t v, struct grade_checked *c)
{
	struct arena ar;
	struct field_errors e = {0};
	struct grade_input in = {0};
	bool ok;

	arena_init(&ar);
	in.has_grade = true;
	in.grade = v;
	in.solved = "ja";
	ok = grade_check(&ar, &in, c, &e);
	assert_int_equal(ok, e.n == 0);
	if (!ok)
		assert_true(has_error(&e, "grade"));
	arena_clear(&ar);
	return ok;
}

static void test_grade_value(void **state)
{
	struct grade_checked c;

	(void)state;
	for (int64_t v = 1; v <= 10; v++) {
		assert_true(check_json(v, &c));
		assert_int_equal(c.grade, v);
	}
	for (int64_t v = -1; v <= 0; v++)
		assert_false(check_json(v, &c));
	assert_false(check_json(11, &c));
	assert_false(check_json(INT64_MAX, &c));
	assert_false(check_json(INT64_MIN, &c));
	/* the form's text: digits of 1..10 only */
	assert_int_equal(grade_parse_text("1"), 1);
	assert_int_equal(grade_parse_text("10"), 10);
	assert_int_equal(grade_parse_text("7"), 7);
	static const char *const bad[] = {"0", "11", "08", "7.5", "8 ", " 8", "+8",
					  "-1", "", "acht", "100", "1e1", "٨"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(grade_parse_text(bad[i]), -1);
	assert_int_equal(grade_parse_text(NULL), -1);
}

/* Every string of one or two bytes: only "1".."10" are grades (longer
 * ones are refused by their length before any byte is read). */
static void test_grade_text_exhaustive(void **state)
{
	char s[3], want[16];
	int n = 0;

	(void)state;
	for (int a = 1; a < 256; a++)
		for (int b = 0; b < 256; b++) {
			int v;

			s[0] = (char)a;
			s[1] = (char)b;
			s[2] = '\0';
			v = grade_parse_text(s);
			if (v < 0)
				continue;
			snprintf(want, sizeof(want), "%d", v);
			assert_string_equal(s, want);
			assert_in_range(v, 1, 10);
			n++;
		}
	assert_int_equal(n, 10);
	assert_int_equal(grade_parse_text("100"), -1);
	assert_int_equal(grade_parse_text("1000000000000000000001"), -1);
}

static void test_grade_fields(void **state)
{
	struct arena ar;
	struct field_errors e = {0};
	struct grade_input in = {0};
	struct grade_checked c;
	char *long_text;

	(void)state;
	arena_init(&ar);
	/* nothing: grade and solved are named */
	assert_false(grade_check(&ar, &in, &c, &e));
	assert_true(has_error(&e, "grade"));
	assert_true(has_error(&e, "solved"));
	assert_false(has_error(&e, "comment"));
	/* a wrong type ("8", 8.5) is refused, whatever grade holds */
	in.grade_wrong_type = true;
	in.has_grade = true;
	in.grade = 8;
	in.solved = "ja";
	e.n = 0;
	assert_false(grade_check(&ar, &in, &c, &e));
	assert_true(has_error(&e, "grade"));
	in.grade_wrong_type = false;
	e.n = 0;
	assert_true(grade_check(&ar, &in, &c, &e));
	assert_string_equal(c.solved, "ja");
	assert_null(c.comment);
	/* solved */
	static const char *const ok[] = {"ja", "deels", "nee"};
	for (size_t i = 0; i < 3; i++) {
		in.solved = ok[i];
		e.n = 0;
		assert_true(grade_check(&ar, &in, &c, &e));
	}
	static const char *const no[] = {"Ja", "misschien", "yes", " nee", ""};
	for (size_t i = 0; i < 5; i++) {
		in.solved = no[i];
		e.n = 0;
		assert_false(grade_check(&ar, &in, &c, &e));
		assert_true(has_error(&e, "solved"));
	}
	/* the comment: trimmed, 1000 characters (not bytes), no controls */
	in.solved = "deels";
	in.comment = "  Snel opgelost.\nDank.  ";
	e.n = 0;
	assert_true(grade_check(&ar, &in, &c, &e));
	assert_string_equal(c.comment, "Snel opgelost.\nDank.");
	in.comment = "   ";
	assert_true(grade_check(&ar, &in, &c, &e));
	assert_null(c.comment);
	long_text = arena_alloc(&ar, 2 * GRADE_COMMENT_MAX + 3);
	for (size_t i = 0; i < GRADE_COMMENT_MAX; i++)
		memcpy(long_text + 2 * i, "\xc3\xa9", 2); /* é: 2 bytes, 1 character */
	long_text[2 * GRADE_COMMENT_MAX] = '\0';
	in.comment = long_text;
	assert_true(grade_check(&ar, &in, &c, &e));
	memcpy(long_text + 2 * GRADE_COMMENT_MAX, "x", 2);
	e.n = 0;
	assert_false(grade_check(&ar, &in, &c, &e));
	assert_true(has_error(&e, "comment"));
	in.comment = "a\007b";
	e.n = 0;
	assert_false(grade_check(&ar, &in, &c, &e));
	assert_true(has_error(&e, "comment"));
	/* the form's way */
	memset(&in, 0, sizeof(in));
	in.grade_text = "9";
	in.solved = "nee";
	e.n = 0;
	assert_true(grade_check(&ar, &in, &c, &e));
	assert_int_equal(c.grade, 9);
	in.grade_text = "9.0";
	assert_false(grade_check(&ar, &in, &c, &e));
	arena_clear(&ar);
}

static void test_changeable(void **state)
{
	(void)state;
	assert_true(grade_changeable("2026-12-01T10:00:00.000Z", "2026-12-01T10:00:00.000Z"));
	assert_true(grade_changeable("2026-12-01T10:00:00.000Z", "2026-12-15T10:00:00.000Z"));
	assert_false(grade_changeable("2026-12-01T10:00:00.000Z", "2026-12-15T10:00:01.000Z"));
	assert_false(grade_changeable("2026-12-01T10:00:00.000Z", "2027-01-01T00:00:00.000Z"));
	/* across the change to summer time the rule is 14 x 24 hours */
	assert_true(grade_changeable("2027-03-20T12:00:00Z", "2027-04-03T12:00:00Z"));
	assert_false(grade_changeable("2027-03-20T12:00:00Z", "2027-04-03T12:00:01Z"));
	assert_false(grade_changeable("gisteren", "2026-12-01T10:00:00.000Z"));
	assert_false(grade_changeable("2026-12-01T10:00:00.000Z", NULL));
	assert_int_equal(grade_changeable_until("1970-01-01T00:00:00Z"), 14 * 86400);
	assert_int_equal(grade_changeable_until("nooit"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grade_value),
		cmocka_unit_test(test_grade_text_exhaustive),
		cmocka_unit_test(test_grade_fields),
		cmocka_unit_test(test_changeable),
		cmocka_unit_test_setup_teardown(test_put_and_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subjects_and_people, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_schema_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invites, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
