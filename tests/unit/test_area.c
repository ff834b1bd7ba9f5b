/* test_area: scale levels, municipality codes, area codes and the heap
 * area record (domain/area.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/util.h"
#include "domain/area.h"

static void test_level_names(void **state)
{
	static const char *const want[AREA_LEVELS] = {
		"buurt", "wijk", "gebied", "stadsdeel", "gemeente"};

	(void)state;
	for (int i = 0; i < AREA_LEVELS; i++)
		assert_string_equal(area_level_name((enum area_level)i), want[i]);
	/* smallest first */
	assert_true(AREA_BUURT < AREA_WIJK && AREA_WIJK < AREA_GEBIED &&
		    AREA_GEBIED < AREA_STADSDEEL &&
		    AREA_STADSDEEL < AREA_GEMEENTE);
	assert_null(area_level_name(AREA_LEVELS));
	assert_null(area_level_name((enum area_level)-1));
	assert_null(area_level_name((enum area_level)1000));
}

static void test_level_parse(void **state)
{
	enum area_level l = AREA_GEMEENTE;

	(void)state;
	for (int i = 0; i < AREA_LEVELS; i++) {
		assert_int_equal(
			area_level_parse(area_level_name((enum area_level)i), &l),
			0);
		assert_int_equal(l, i);
	}
	l = AREA_WIJK;
	assert_int_equal(area_level_parse("Buurt", &l), -1);
	assert_int_equal(area_level_parse("BUURT", &l), -1);
	assert_int_equal(area_level_parse("buurt ", &l), -1);
	assert_int_equal(area_level_parse(" buurt", &l), -1);
	assert_int_equal(area_level_parse("buur", &l), -1);
	assert_int_equal(area_level_parse("buurten", &l), -1);
	assert_int_equal(area_level_parse("", &l), -1);
	assert_int_equal(area_level_parse("regio", &l), -1); /* no polygons */
	assert_int_equal(area_level_parse("rijk", &l), -1);
	assert_int_equal(area_level_parse(NULL, &l), -1);
	assert_int_equal(l, AREA_WIJK); /* untouched on failure */
}

static void test_gemeente_code(void **state)
{
	(void)state;
	assert_true(area_is_gemeente_code("GM0363"));
	assert_true(area_is_gemeente_code("GM0000"));
	assert_true(area_is_gemeente_code("GM9999"));
	assert_false(area_is_gemeente_code(NULL));
	assert_false(area_is_gemeente_code(""));
	assert_false(area_is_gemeente_code("GM"));
	assert_false(area_is_gemeente_code("GM036"));
	assert_false(area_is_gemeente_code("GM03630"));
	assert_false(area_is_gemeente_code("gm0363"));
	assert_false(area_is_gemeente_code("Gm0363"));
	assert_false(area_is_gemeente_code("WK0363"));
	assert_false(area_is_gemeente_code("GM03a3"));
	assert_false(area_is_gemeente_code("GM 363"));
	assert_false(area_is_gemeente_code("GM-363"));
	assert_false(area_is_gemeente_code("GM036\xd9"));
	assert_false(area_is_gemeente_code("0363GM"));
}

static void test_code_valid(void **state)
{
	char s[40];

	(void)state;
	assert_true(area_code_valid("A"));
	assert_true(area_code_valid("BA01"));
	assert_true(area_code_valid("N73a"));
	assert_true(area_code_valid("GM0363"));
	assert_true(area_code_valid("a-b_C9"));
	assert_false(area_code_valid(NULL));
	assert_false(area_code_valid(""));
	assert_false(area_code_valid("a b"));
	assert_false(area_code_valid("a/b"));
	assert_false(area_code_valid("../x"));
	assert_false(area_code_valid("a.b"));
	assert_false(area_code_valid("a'b"));
	assert_false(area_code_valid("a%20"));
	assert_false(area_code_valid("caf\xc3\xa9"));
	assert_false(area_code_valid("a\n"));
	assert_false(area_code_valid("a\x7f"));
	memset(s, 'x', 32);
	s[32] = '\0';
	assert_true(area_code_valid(s));
	s[32] = 'x';
	s[33] = '\0';
	assert_false(area_code_valid(s));
}

static void test_rec_clear(void **state)
{
	struct area_rec r;

	(void)state;
	r.level = AREA_STADSDEEL;
	r.code = xstrdup("M");
	r.name = xstrdup("Oost");
	r.parent_code = xstrdup("GM0363");
	r.geojson = xstrdup("{\"type\":\"Polygon\",\"coordinates\":[]}");
	area_rec_clear(&r); /* ASan/LSan: everything freed */
	assert_null(r.code);
	assert_null(r.name);
	assert_null(r.parent_code);
	assert_null(r.geojson);
	assert_int_equal(r.level, 0);
	area_rec_clear(&r); /* a cleared record may be cleared again */
	/* a gemeente has no parent, an area may have no geometry */
	r.code = xstrdup("GM0363");
	r.name = xstrdup("Amsterdam");
	area_rec_clear(&r);
	assert_null(r.code);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_names),
		cmocka_unit_test(test_level_parse),
		cmocka_unit_test(test_gemeente_code),
		cmocka_unit_test(test_code_valid),
		cmocka_unit_test(test_rec_clear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
