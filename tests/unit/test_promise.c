/* test_promise: the rules of a promise to residents (domain/promise.c),
 * each refused case next to the nearest allowed one, so that a rule that
 * refused everything would fail too: due or working days (exactly one,
 * in range), due dates (real, not past, within the horizon), the text,
 * the ways out of open (gehaald with a date that has been, niet gehaald
 * and gewijzigd with an explanation), final states, late and kept on
 * time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/arena.h"
#include "domain/promise.h"

#define TODAY "2026-12-04"
#define MAX "2028-12-04"

static struct arena ar;

static bool has_error(const struct field_errors *e, const char *field)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->e[i].field, field) == 0)
			return true;
	return false;
}

static void test_when(void **state)
{
	struct field_errors e = {0};
	struct promise_when w = {0};

	(void)state;
	assert_false(promise_when_check(&w, "due", &e));
	assert_true(has_error(&e, "due"));
	w.due = "2026-12-10";
	w.has_workdays = true;
	w.workdays = 5;
	e.n = 0;
	assert_false(promise_when_check(&w, "due", &e));
	assert_true(has_error(&e, "due"));
	w.due = NULL;
	e.n = 0;
	assert_true(promise_when_check(&w, "due", &e));
	for (int64_t bad = -1; bad <= 0; bad++) {
		w.workdays = bad;
		e.n = 0;
		assert_false(promise_when_check(&w, "due", &e));
		assert_true(has_error(&e, "workdays"));
	}
	w.workdays = PROMISE_WORKDAYS_MAX;
	assert_true(promise_when_check(&w, "due", &e));
	w.workdays = PROMISE_WORKDAYS_MAX + 1;
	assert_false(promise_when_check(&w, "due", &e));
	w.workdays = INT64_MAX;
	assert_false(promise_when_check(&w, "due", &e));
}

static void test_due(void **state)
{
	static const char *const bad[] = {
		"2026-12-03",  /* yesterday */
		"2026-02-29",  /* no leap day in 2026 */
		"2026-13-01", "2026-1-05", "2026-12-04x", "", "morgen",
		"2028-12-05",  /* past the horizon */
	};
	struct field_errors e = {0};

	(void)state;
	assert_true(promise_due_check(TODAY, TODAY, MAX, "due", &e));
	assert_true(promise_due_check("2028-02-29", TODAY, MAX, "due", &e));
	assert_true(promise_due_check(MAX, TODAY, MAX, "due", &e));
	assert_int_equal(e.n, 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e.n = 0;
		assert_false(promise_due_check(bad[i], TODAY, MAX, "due", &e));
		assert_true(has_error(&e, "due"));
	}
	assert_false(promise_due_check(NULL, TODAY, MAX, "new_due", &e));
	assert_true(has_error(&e, "new_due"));
}

static void test_what(void **state)
{
	struct field_errors e = {0};
	const char *out;
	char long_text[PROMISE_WHAT_MAX + 2];

	(void)state;
	assert_true(promise_what_check(&ar, "  We maken het schoon.  ", &e, &out));
	assert_string_equal(out, "We maken het schoon.");
	assert_false(promise_what_check(&ar, NULL, &e, &out));
	assert_false(promise_what_check(&ar, "Ja", &e, &out));
	memset(long_text, 'a', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	assert_false(promise_what_check(&ar, long_text, &e, &out));
	long_text[PROMISE_WHAT_MAX] = '\0';
	assert_true(promise_what_check(&ar, long_text, &e, &out));
}

static bool change(int cur, const struct promise_change *ch,
		   struct field_errors *e, int *st, const char **expl,
		   const char **done)
{
	e->n = 0;
	return promise_change_check(&ar, cur, "2026-11-20", ch, TODAY, e, st,
				    expl, done);
}

static void test_kept(void **state)
{
	struct promise_change ch = {.status = "gehaald"};
	struct field_errors e;
	const char *expl, *done;
	int st;

	(void)state;
	assert_true(change(PS_OPEN, &ch, &e, &st, &expl, &done));
	assert_int_equal(st, PS_GEHAALD);
	assert_string_equal(done, TODAY); /* no date: today */
	ch.done_on = "2026-11-20";
	assert_true(change(PS_OPEN, &ch, &e, &st, &expl, &done));
	ch.done_on = "2026-11-19"; /* before it was made */
	assert_false(change(PS_OPEN, &ch, &e, &st, &expl, &done));
	assert_true(has_error(&e, "done_on"));
	ch.done_on = "2026-12-05"; /* has not been */
	assert_false(change(PS_OPEN, &ch, &e, &st, &expl, &done));
	assert_true(has_error(&e, "done_on"));
	ch.done_on = "2026-11-31";
	assert_false(change(PS_OPEN, &ch, &e, &st, &expl, &done));
}

static void test_broken_and_changed(void **state)
{
	struct promise_change ch = {.status = "niet_gehaald"};
	struct field_errors e;
	const char *expl, *done;
	int st;

	(void)state;
	assert_false(change(PS_OPEN, &ch, &e, &st, &expl, &done));
	assert_true(has_error(&e, "explanation"));
	ch.explanation = " De aannemer is failliet. ";
	assert_true(change(PS_OPEN, &ch, &e, &st, &expl, &done));
	assert_int_equal(st, PS_NIET_GEHAALD);
	assert_string_equal(expl, "De aannemer is failliet.");
	ch.when.due = "2026-12-20"; /* a new date only with gewijzigd */
	assert_false(change(PS_OPEN, &ch, &e, &st, &expl, &done));
	assert_true(has_error(&e, "new_due"));
	ch.status = "gewijzigd";
	assert_true(change(PS_OPEN, &ch, &e, &st, &expl, &done));
	assert_int_equal(st, PS_GEWIJZIGD);
	ch.when.due = NULL; /* gewijzigd needs the new date */
	assert_false(change(PS_OPEN, &ch, &e, &st, &expl, &done));
	assert_true(has_error(&e, "new_due"));
	ch.when.has_workdays = true;
	ch.when.workdays = 10;
	assert_true(change(PS_OPEN, &ch, &e, &st, &expl, &done));
	ch.done_on = TODAY; /* a done date only with gehaald */
	assert_false(change(PS_OPEN, &ch, &e, &st, &expl, &done));
	assert_true(has_error(&e, "done_on"));
}

static void test_final(void **state)
{
	static const char *const targets[] = {"gehaald", "niet_gehaald", "gewijzigd"};
	struct promise_change ch = {.explanation = "Omdat het moet.",
				    .when = {.due = "2026-12-20"}};
	struct field_errors e;
	const char *expl, *done;
	int st;

	(void)state;
	for (int cur = PS_GEHAALD; cur < PS_STATUSES; cur++)
		for (size_t i = 0; i < 3; i++) {
			ch.status = targets[i];
			assert_false(change(cur, &ch, &e, &st, &expl, &done));
			assert_true(has_error(&e, "status"));
		}
	ch.status = "open";
	assert_false(change(PS_OPEN, &ch, &e, &st, &expl, &done));
	ch.status = "klaar";
	assert_false(change(PS_OPEN, &ch, &e, &st, &expl, &done));
	ch.status = NULL;
	assert_false(change(PS_OPEN, &ch, &e, &st, &expl, &done));
}

static void test_late(void **state)
{
	(void)state;
	assert_false(promise_late(PS_OPEN, TODAY, TODAY)); /* due at day's end */
	assert_true(promise_late(PS_OPEN, "2026-12-03", TODAY));
	assert_false(promise_late(PS_GEHAALD, "2026-12-03", TODAY));
	assert_false(promise_late(PS_GEWIJZIGD, "2026-12-03", TODAY));
	assert_true(promise_kept_on_time(PS_GEHAALD, TODAY, TODAY));
	assert_true(promise_kept_on_time(PS_GEHAALD, TODAY, "2026-12-01"));
	assert_false(promise_kept_on_time(PS_GEHAALD, "2026-12-03", TODAY));
	assert_false(promise_kept_on_time(PS_NIET_GEHAALD, TODAY, NULL));
	assert_int_equal(promise_status_parse("niet_gehaald"), PS_NIET_GEHAALD);
	assert_int_equal(promise_status_parse("Gehaald"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_when),
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_what),
		cmocka_unit_test(test_kept),
		cmocka_unit_test(test_broken_and_changed),
		cmocka_unit_test(test_final),
		cmocka_unit_test(test_late),
	};
	int rc;

	arena_init(&ar);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	arena_clear(&ar);
	return rc;
}
