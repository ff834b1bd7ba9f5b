/* test_classify: the category suggestion (text/classify.h).  A separable
 * Dutch toy set is learnt by both kinds, the words of a suggestion come
 * from the text as written, nothing is suggested below the threshold or
 * for unknown words, a saved model loads to the same answers, and every
 * damaged blob (each cut, each flipped byte of the header, terms out of
 * order, NaN weights, bytes after the end) is refused. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "text/classify.h"

static const struct classify_example toy[] = {
	{"De lantaarnpaal brandt niet, het is donker op straat", "licht"},
	{"Lantaarnpalen kapot, straatverlichting doet het niet", "licht"},
	{"Lamp van de lantaarnpaal is uit", "licht"},
	{"Straatverlichting uit bij de school, erg donker", "licht"},
	{"Donker fietspad, de lampen branden niet", "licht"},
	{"Grofvuil naast de container: een bank en matrassen", "afval"},
	{"Vuilniszakken naast de container op de hoek", "afval"},
	{"Container vol, zakken met afval ernaast", "afval"},
	{"Afval en grofvuil bij de ondergrondse container", "afval"},
	{"Matras en kast naast de vuilcontainer gezet", "afval"},
	{"Losse stoeptegel, ik ben gestruikeld", "stoep"},
	{"Stoeptegels liggen scheef op de stoep", "stoep"},
	{"Gat in de stoep, tegels los", "stoep"},
	{"Kapotte stoep met losse tegels voor nummer 12", "stoep"},
	{"De stoeptegels zijn verzakt", "stoep"},
};
#define NTOY (sizeof(toy) / sizeof(toy[0]))

static const struct classify_example toy_test[] = {
	{"De straatverlichting is kapot, lantaarnpaal donker", "licht"},
	{"Grofvuil en vuilniszakken naast de container", "afval"},
	{"Losse stoeptegels op de stoep", "stoep"},
};

static struct classify_model *toy_model(enum classify_kind kind)
{
	struct classify_options o = {kind, CLASSIFY_DUTCH, 0.9, 20, 1e-5};
	struct classify_figures f;

	return classify_build(toy, NTOY, NULL, 0, &o, false, &f);
}

static void learns(enum classify_kind kind)
{
	struct classify_model *m = toy_model(kind);

	assert_non_null(m);
	assert_int_equal(classify_nclasses(m), 3);
	for (size_t i = 0; i < 3; i++) {
		struct classify_guess g[3];
		const char *t = toy_test[i].text;

		assert_int_equal(classify_rank(m, t, strlen(t), g, 3), 3);
		assert_string_equal(classify_label(m, g[0].cls), toy_test[i].label);
		assert_true(g[0].p > g[1].p && g[1].p >= g[2].p);
		assert_true(fabs(g[0].p + g[1].p + g[2].p - 1.0) < 1e-6);
	}
	classify_free(m);
}

static void test_learns_naive_bayes(void **state)
{
	(void)state;
	learns(CLASSIFY_NB);
}

static void test_learns_logistic_regression(void **state)
{
	(void)state;
	learns(CLASSIFY_LR);
}

/* The words are words of the text as written (case and all), and each
 * one drives the suggested category. */
static void test_words_come_from_the_input(void **state)
{
	struct classify_model *m = toy_model(CLASSIFY_LR);
	const char *t = "Hier: LANTAARNPAAL kapot en Donker, zo'n gevaar";
	struct classify_guess g;

	(void)state;
	assert_int_equal(classify_rank(m, t, strlen(t), &g, 1), 1);
	assert_string_equal(classify_label(m, g.cls), "licht");
	assert_true(g.nwords >= 1);
	for (int i = 0; i < g.nwords; i++)
		assert_non_null(strstr(t, g.words[i]));
	/* the two words only "licht" texts have, as written (not folded) */
	assert_true(g.nwords >= 2);
	assert_true((strcmp(g.words[0], "LANTAARNPAAL") == 0 &&
		     strcmp(g.words[1], "Donker") == 0) ||
		    (strcmp(g.words[0], "Donker") == 0 &&
		     strcmp(g.words[1], "LANTAARNPAAL") == 0));
	for (int i = 0; i < g.nwords; i++) /* never a word no text had */
		assert_true(strcmp(g.words[i], "gevaar") != 0 &&
			    strcmp(g.words[i], "Hier") != 0);
	classify_free(m);
}

static void test_nothing_below_threshold(void **state)
{
	struct classify_options o = {CLASSIFY_LR, CLASSIFY_DUTCH, 0.9, 20, 1e-5};
	struct classify_figures f;
	struct classify_model *m;
	struct classify_guess g;
	const char *t = "lantaarnpaal";
	const char *unknown = "qwerty zxcvb";

	(void)state;
	/* a threshold fitted on held-out texts: the held-out set has three
	 * texts, fewer than the ten a threshold needs, so it never suggests */
	m = classify_build(toy, NTOY, toy_test, 3, &o, false, &f);
	assert_non_null(m);
	assert_true(f.threshold == 1.0);
	assert_int_equal(classify_suggest(m, t, strlen(t), &g), 0);
	classify_free(m);
	/* the default threshold: a clear text is suggested, unknown words
	 * and an empty text never */
	m = toy_model(CLASSIFY_LR);
	assert_int_equal(classify_suggest(m, t, strlen(t), &g), 1);
	assert_true(g.p >= classify_threshold(m));
	assert_int_equal(classify_suggest(m, unknown, strlen(unknown), &g), 0);
	assert_int_equal(classify_suggest(m, "", 0, &g), 0);
	classify_free(m);
}

static void test_too_few_labels(void **state)
{
	struct classify_options o = {CLASSIFY_NB, CLASSIFY_DUTCH, 0.9, 5, 0};
	struct classify_figures f;

	(void)state;
	assert_null(classify_build(toy, 5, NULL, 0, &o, false, &f)); /* one label */
	assert_null(classify_build(toy, 0, NULL, 0, &o, false, &f));
}

static void test_save_load_same_answers(void **state)
{
	struct classify_model *m = toy_model(CLASSIFY_NB), *l;
	size_t len;
	unsigned char *b = classify_save(m, &len);
	const char *why = NULL;

	(void)state;
	l = classify_load(b, len, &why);
	assert_non_null(l);
	assert_null(why);
	for (size_t i = 0; i < 3; i++) {
		struct classify_guess a, c;
		const char *t = toy_test[i].text;

		classify_rank(m, t, strlen(t), &a, 1);
		classify_rank(l, t, strlen(t), &c, 1);
		assert_int_equal(a.cls, c.cls);
		assert_true(fabs(a.p - c.p) < 1e-9);
		assert_string_equal(a.words[0], c.words[0]);
	}
	classify_free(l);
	classify_free(m);
	free(b);
}

static void refused(const unsigned char *b, size_t len)
{
	const char *why = NULL;
	struct classify_model *m = classify_load(b, len, &why);

	assert_null(m);
	assert_non_null(why);
}

static void test_corrupt_model_refused(void **state)
{
	struct classify_model *m = toy_model(CLASSIFY_LR);
	size_t len;
	unsigned char *b = classify_save(m, &len), *c = malloc(len + 1);
	float nan = NAN;

	(void)state;
	for (size_t cut = 0; cut < len; cut++)
		refused(b, cut);
	memcpy(c, b, len);
	c[len] = 0;
	refused(c, len + 1); /* a byte after the end */
	for (size_t i = 0; i < 32; i++) { /* every byte of the header */
		const char *why = NULL;
		struct classify_model *x;

		memcpy(c, b, len);
		c[i] ^= 0x80;
		x = classify_load(c, len, &why);
		/* a flipped low byte of a float may still be a sane float */
		if (x)
			assert_true(i >= 16 && i < 24);
		classify_free(x);
	}
	memcpy(c, b, len);
	memcpy(c + len - 4, &nan, 4); /* the last weight */
	refused(c, len);
	memcpy(c, b, len);
	c[24] = 0xff; /* 0xff.. categories: more than the limit */
	c[25] = 0xff;
	refused(c, len);
	refused((const unsigned char *)"WACM", 4);
	refused((const unsigned char *)"", 0);
	free(c);
	free(b);
	classify_free(m);
}

/* The terms must ascend: swapping two refuses the blob. */
static void test_terms_out_of_order_refused(void **state)
{
	struct classify_model *m = toy_model(CLASSIFY_NB);
	size_t len, at = 32;
	unsigned char *b = classify_save(m, &len);
	unsigned char tmp[300];

	(void)state;
	for (size_t c = 0; c < classify_nclasses(m); c++)
		at += 2 + (size_t)(b[at] | b[at + 1] << 8);
	/* the first two terms, both "len bytes idf": swap them whole when
	 * they are of equal length, else reverse the first term's bytes */
	{
		size_t l1 = b[at], l2 = b[at + 1 + l1 + 4];

		if (l1 == l2) {
			memcpy(tmp, b + at, 1 + l1 + 4);
			memmove(b + at, b + at + 1 + l1 + 4, 1 + l2 + 4);
			memcpy(b + at + 1 + l2 + 4, tmp, 1 + l1 + 4);
		} else {
			b[at + 1] = 0x7f; /* a first term after every other */
		}
	}
	refused(b, len);
	free(b);
	classify_free(m);
}

static void count(void *ctx, const char *stem, size_t sl, const char *w,
		  size_t wl)
{
	(void)stem;
	(void)sl;
	(void)w;
	(void)wl;
	++*(int *)ctx;
}

/* Invalid UTF-8 separates words; long words and long texts are cut. */
static void test_hostile_text(void **state)
{
	struct classify_model *m = toy_model(CLASSIFY_LR);
	char *big = malloc(1 << 20);
	struct classify_guess g[3];
	int n = 0;

	(void)state;
	assert_int_equal(classify_words(CLASSIFY_DUTCH, "lamp\xff\xfe" "donker\xc3", 13,
					count, &n),
			 2);
	memset(big, 'a', 1 << 20);
	assert_int_equal(classify_words(CLASSIFY_DUTCH, big, 1 << 20, count, &n), 0);
	for (size_t i = 0; i < (1 << 20); i += 2)
		big[i + 1] = ' ';
	assert_int_equal(classify_words(CLASSIFY_DUTCH, big, 1 << 20, count, &n),
			 CLASSIFY_TOKENS_MAX);
	assert_int_equal(classify_rank(m, big, 1 << 20, g, 3), 0);
	free(big);
	classify_free(m);
}

static void test_lang_parse(void **state)
{
	(void)state;
	assert_int_equal(classify_lang_parse("dutch"), CLASSIFY_DUTCH);
	assert_int_equal(classify_lang_parse("english"), CLASSIFY_ENGLISH);
	assert_int_equal(classify_lang_parse("klingon"), -1);
	assert_int_equal(classify_lang_parse(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_learns_naive_bayes),
		cmocka_unit_test(test_learns_logistic_regression),
		cmocka_unit_test(test_words_come_from_the_input),
		cmocka_unit_test(test_nothing_below_threshold),
		cmocka_unit_test(test_too_few_labels),
		cmocka_unit_test(test_save_load_same_answers),
		cmocka_unit_test(test_corrupt_model_refused),
		cmocka_unit_test(test_terms_out_of_order_refused),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_lang_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
