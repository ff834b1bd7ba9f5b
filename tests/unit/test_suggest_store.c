/* test_suggest_store: the category suggestion's model in the database
 * (app/suggest.h, store/category_model.h, migration 021), on SQLite and,
 * with WIJKAGENDA_TEST_PG, on PostgreSQL.
 *
 * Signals are written as the intake writes them (store_signal_create) and
 * confirmed as triage confirms them (store_signal_confirm_category).  The
 * training plan: nothing to learn from gives no model; demo signals give
 * the first (source demo); 200 confirmed signals replace it (source
 * confirmed); 49 more are not enough to train again, 50 are; a category
 * that is no longer active is neither learnt nor suggested.  The model
 * stored is the one suggest_category uses, with words from the text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/app.h"
#include "app/suggest.h"
#include "base/arena.h"
#include "base/log.h"
#include "db_fixture.h"
#include "store/category_model.h"

#define MUNI "GM0363"

/* Three categories and the words residents use for each. */
static const struct {
	const char *code, *name;
	const char *words[4];
} cats[] = {
	{"licht", "Straatverlichting", {"lantaarnpaal", "donker", "lamp", "straatverlichting"}},
	{"afval", "Afval", {"grofvuil", "container", "vuilniszak", "matras"}},
	{"stoep", "Stoep", {"stoeptegel", "losse", "gestruikeld", "verzakt"}},
};
#define NCATS 3

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct app app;
	struct category_entry entries[NCATS];
	struct arena ar;
	int n; /* signals written */
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct area_rec a = {AREA_BUURT, "AA01", "Kop Zeedijk", NULL, NULL};

	log_set_quiet(1);
	if (db_fixture_open(&f->fx, "suggest", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->ar);
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"), ERR_OK);
	assert_int_equal(store_area_put(f->db, MUNI, &a), ERR_OK);
	for (int i = 0; i < NCATS; i++) {
		assert_int_equal(store_category_put(f->db, MUNI, cats[i].code, NULL,
						    cats[i].name, true, i),
				 ERR_OK);
		f->entries[i].code = (char *)cats[i].code;
		f->entries[i].name = (char *)cats[i].name;
	}
	f->app.municipality = MUNI;
	f->app.categories = f->entries;
	f->app.ncategories = NCATS;
	f->app.suggest = suggest_cache_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	suggest_cache_free(f->app.suggest);
	db_fixture_close(&f->fx, f->db);
	arena_clear(&f->ar);
	free(f);
	return 0;
}

/* A signal of category c as the intake writes it; its id. */
static int64_t signal(struct fixture *f, int c, bool demo)
{
	struct signal_input in = {0};
	struct signal_new s = {0};
	struct signal_row row;
	bool replayed;
	char *text, *key;
	int k = f->n++;

	text = arena_printf(&f->ar, "Hier %s en %s bij nummer %d", cats[c].words[k % 4],
			    cats[c].words[(k / 4 + 1) % 4], k);
	key = arena_printf(&f->ar, "key-%d", k);
	in.kind = "melding";
	in.text = text;
	in.category = cats[c].code;
	s.municipality = MUNI;
	s.in = &in;
	s.codes[0] = "AA01";
	s.dedupe_key = key;
	s.demo = demo;
	assert_int_equal(store_signal_create(f->db, &f->ar, &s, &row, &replayed), ERR_OK);
	return row.id;
}

static void confirmed(struct fixture *f, int n)
{
	char now[32];

	store_now(now, sizeof(now));
	for (int i = 0; i < n; i++)
		assert_int_equal(store_signal_confirm_category(f->db, signal(f, i % NCATS, false),
							       now),
				 ERR_OK);
}

static bool train(struct fixture *f)
{
	char msg[256];
	bool trained = false;

	assert_int_equal(suggest_train(&f->app, f->db, false, &trained, msg, sizeof(msg)),
			 ERR_OK);
	if (getenv("SUGGEST_DEBUG"))
		fprintf(stderr, "train: %s\n", msg);
	return trained;
}

static struct category_model_row model(struct fixture *f)
{
	struct category_model_row r;

	assert_int_equal(store_category_model_get(f->db, &f->ar, MUNI, &r), ERR_OK);
	return r;
}

static void test_nothing_to_learn_from(void **state)
{
	struct fixture *f = *state;
	struct category_model_row r;
	struct suggestion s;
	const char *t = "De lantaarnpaal is donker";

	assert_false(train(f));
	assert_int_equal(store_category_model_get(f->db, &f->ar, MUNI, &r), ERR_NOT_FOUND);
	assert_int_equal(suggest_category(&f->app, f->db, t, strlen(t), &s), 0);
}

static void test_demo_then_confirmed(void **state)
{
	struct fixture *f = *state;
	struct category_model_row r;
	struct suggestion s;
	const char *t = "De lantaarnpaal voor de deur is donker";

	for (int i = 0; i < 90; i++)
		signal(f, i % NCATS, true);
	assert_true(train(f));
	r = model(f);
	assert_int_equal(r.version, 1);
	assert_string_equal(r.source, "demo");
	assert_int_equal(r.examples, 90);
	assert_int_equal(r.labels, 0);
	assert_non_null(strstr(r.figures, "\"top1\""));
	assert_false(train(f)); /* not due */
	assert_int_equal(suggest_category(&f->app, f->db, t, strlen(t), &s), 1);
	assert_string_equal(s.code, "licht");
	assert_string_equal(s.name, "Straatverlichting");
	assert_true(s.nwords >= 1);
	for (int i = 0; i < s.nwords; i++)
		assert_non_null(strstr(t, s.words[i]));

	confirmed(f, SUGGEST_MIN_CONFIRMED - 1);
	assert_false(train(f)); /* 199: still the demo model */
	confirmed(f, 1);
	assert_true(train(f));
	r = model(f);
	assert_int_equal(r.version, 2);
	assert_string_equal(r.source, "confirmed");
	assert_int_equal(r.examples, SUGGEST_MIN_CONFIRMED);
	assert_int_equal(r.labels, SUGGEST_MIN_CONFIRMED);

	confirmed(f, SUGGEST_RETRAIN_NEW - 1);
	assert_false(train(f));
	confirmed(f, 1);
	assert_true(train(f));
	r = model(f);
	assert_int_equal(r.version, 3);
	assert_int_equal(r.labels, SUGGEST_MIN_CONFIRMED + SUGGEST_RETRAIN_NEW);
}

/* A model of a category no longer active suggests nothing of it; training
 * leaves its signals out. */
static void test_inactive_category(void **state)
{
	struct fixture *f = *state;
	struct suggestion s;
	const char *t = "Grofvuil naast de container";
	char msg[256];
	bool trained;

	for (int i = 0; i < 90; i++)
		signal(f, i % NCATS, true);
	assert_true(train(f));
	assert_int_equal(suggest_category(&f->app, f->db, t, strlen(t), &s), 1);
	assert_string_equal(s.code, "afval");
	f->app.ncategories = 2; /* "stoep" is gone (the list the app loaded) */
	f->entries[1] = f->entries[2];
	assert_int_equal(suggest_category(&f->app, f->db, t, strlen(t), &s), 0);
	assert_int_equal(suggest_train(&f->app, f->db, true, &trained, msg, sizeof(msg)),
			 ERR_OK);
	assert_true(trained);
	assert_int_equal(model(f).examples, 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nothing_to_learn_from, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_then_confirmed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inactive_category, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
