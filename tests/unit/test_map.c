/* test_map: the no-JavaScript map.  Two small squares check the
 * projection both ways and the SVG's shape; hostile names must come out
 * escaped; and the real 518 Amsterdam buurten must stay within the size
 * budget (skipped when the data file is not found). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "views/map.h"

/* Two 0.01-degree squares side by side near Amsterdam. */
static const struct map_area squares[] = {
	{"A", "West square",
	 "{\"type\":\"Polygon\",\"coordinates\":[[[4.88,52.37],[4.89,52.37],"
	 "[4.89,52.38],[4.88,52.38],[4.88,52.37]]]}"},
	{"B", "East square",
	 "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[4.89,52.37],"
	 "[4.90,52.37],[4.90,52.38],[4.89,52.38],[4.89,52.37]]]]}"},
};

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_size_and_shape(void **state)
{
	struct map *m = map_build(squares, 2, 400);
	const char *svg;

	(void)state;
	assert_non_null(m);
	svg = map_svg(m)->s;
	assert_int_equal(map_width(m), 400);
	/* 0.02 x 0.01 degrees, x shrunk by cos(52.375): about 2 : 1.636 */
	assert_in_range(map_height(m), 320, 340);
	assert_int_equal(strlen(svg), map_svg(m)->len);
	assert_int_equal(count(svg, "<path "), 2);
	assert_non_null(strstr(svg, "<title>West square</title>"));
	assert_non_null(strstr(svg, "<title>East square</title>"));
	assert_non_null(strstr(svg, "viewBox=\"0 0 400 "));
	assert_true(strncmp(svg, "<svg ", 5) == 0);
	map_free(m);
}

static void test_round_trip(void **state)
{
	struct map *m = map_build(squares, 2, 800);
	double lon, lat, x, y;

	(void)state;
	assert_non_null(m);
	/* The top-left corner of the data lies MAP_PAD in from the edge. */
	assert_int_equal(map_lonlat_to_pixel(m, 4.88, 52.38, &x, &y), 0);
	assert_true(fabs(x - MAP_PAD) < 1e-9 && fabs(y - MAP_PAD) < 1e-9);
	assert_int_equal(map_lonlat_to_pixel(m, 4.90, 52.37, &x, &y), 0);
	assert_true(fabs(x - (800 - MAP_PAD)) < 1e-6);
	for (double px = 0; px <= 800; px += 37) {
		for (double py = 0; py <= map_height(m); py += 23) {
			assert_int_equal(
				map_pixel_to_lonlat(m, px, py, &lon, &lat), 0);
			assert_int_equal(
				map_lonlat_to_pixel(m, lon, lat, &x, &y), 0);
			assert_true(fabs(x - px) < 1e-6 && fabs(y - py) < 1e-6);
		}
	}
	/* The middle column is the shared edge of the squares; the height
	 * is rounded up to whole pixels, so the middle row is near half. */
	assert_int_equal(map_lonlat_to_pixel(m, 4.89, 52.375, &x, &y), 0);
	assert_true(fabs(x - 400) < 1e-6);
	assert_true(fabs(y - map_height(m) / 2.0) <= 1);
	assert_int_equal(map_pixel_to_lonlat(m, 400, y, &lon, &lat), 0);
	assert_true(fabs(lon - 4.89) < 1e-9 && fabs(lat - 52.375) < 1e-9);
	map_free(m);
}

static void test_outside(void **state)
{
	struct map *m = map_build(squares, 2, 800);
	double lon = 1, lat = 2;

	(void)state;
	assert_int_equal(map_pixel_to_lonlat(m, -1, 10, &lon, &lat), -1);
	assert_int_equal(map_pixel_to_lonlat(m, 10, -0.5, &lon, &lat), -1);
	assert_int_equal(map_pixel_to_lonlat(m, 801, 10, &lon, &lat), -1);
	assert_int_equal(
		map_pixel_to_lonlat(m, 10, map_height(m) + 1, &lon, &lat), -1);
	assert_int_equal(map_pixel_to_lonlat(m, NAN, 10, &lon, &lat), -1);
	assert_int_equal(map_pixel_to_lonlat(m, 10, INFINITY, &lon, &lat), -1);
	assert_int_equal(map_pixel_to_lonlat(NULL, 10, 10, &lon, &lat), -1);
	assert_true(lon == 1 && lat == 2);
	map_free(m);
}

static void test_hostile_names(void **state)
{
	struct map_area a[] = {
		{"X", "<script>alert(1)</script>", squares[0].geojson},
		{"Y", "\"/><svg onload=\"alert(1)\"><title>'&", squares[1].geojson},
	};
	struct map *m = map_build(a, 2, 300);
	const char *svg;

	(void)state;
	assert_non_null(m);
	svg = map_svg(m)->s;
	assert_null(strstr(svg, "<script"));
	assert_null(strstr(svg, "onload=\""));
	assert_null(strstr(svg, "<svg onload"));
	assert_int_equal(count(svg, "<svg"), 1);
	assert_int_equal(count(svg, "<title>"), 2);
	assert_non_null(strstr(svg, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(svg, "&#39;&amp;</title>"));
	map_free(m);
}

static void test_refuses(void **state)
{
	struct map_area bad[] = {
		{"P", "point", "{\"type\":\"Point\",\"coordinates\":[4.9,52.3]}"},
		{"Q", "not json", "{\"type\":"},
		{"R", "lat 95",
		 "{\"type\":\"Polygon\",\"coordinates\":[[[4.8,95],[4.9,52],"
		 "[4.8,52],[4.8,95]]]}"},
		{"S", "string",
		 "{\"type\":\"Polygon\",\"coordinates\":[[[\"4.8\",52],"
		 "[4.9,52],[4.8,52.1],[4.8,52]]]}"},
		{"T", "null", NULL},
	};

	(void)state;
	assert_null(map_build(squares, 0, 800));
	assert_null(map_build(squares, 2, MAP_MIN_WIDTH - 1));
	assert_null(map_build(squares, 2, MAP_MAX_WIDTH + 1));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_null(map_build(&bad[i], 1, 800));
	map_free(NULL);
}

/* Repeated points after rounding are dropped: a tiny square far smaller
 * than a pixel next to a big one leaves a single move and a close. */
static void test_simplify(void **state)
{
	struct map_area a[] = {
		squares[0],
		{"T", "tiny",
		 "{\"type\":\"Polygon\",\"coordinates\":[[[4.885,52.375],"
		 "[4.88500001,52.375],[4.88500001,52.37500001],"
		 "[4.885,52.37500001],[4.885,52.375]]]}"},
	};
	struct map *m = map_build(a, 2, 100);
	const char *tiny;

	(void)state;
	assert_non_null(m);
	tiny = strstr(map_svg(m)->s, "<title>tiny");
	assert_non_null(tiny);
	/* "<path d=\"M50 41z\"><title>tiny" */
	while (tiny > map_svg(m)->s && strncmp(tiny, "<path d=\"", 9) != 0)
		tiny--;
	assert_true(strncmp(tiny, "<path d=\"M", 10) == 0);
	assert_non_null(strstr(tiny, "z\"><title>tiny"));
	assert_null(memchr(tiny, 'l', (size_t)(strstr(tiny, "z") - tiny)));
	map_free(m);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = xmalloc((size_t)n + 1);
	*len = fread(data, 1, (size_t)n, f);
	data[*len] = '\0';
	fclose(f);
	return data;
}

static json_t *load_buurten(void)
{
	static const char *const paths[] = {
		"data/amsterdam/buurten.geojson",
		"../../data/amsterdam/buurten.geojson",
		"../shared/data/amsterdam-gebieden-2022/buurten.geojson",
	};
	json_error_t err;
	size_t len;

	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		char *data = slurp(paths[i], &len);
		json_t *j;

		if (!data)
			continue;
		j = json_loadb(data, len, 0, &err);
		free(data);
		if (j)
			return j;
	}
	return NULL;
}

static void test_amsterdam_budget(void **state)
{
	json_t *fc = load_buurten(), *feat;
	json_t *features = json_object_get(fc, "features");
	size_t n = json_array_size(features), i;
	struct map_area *areas;
	struct map *m;

	(void)state;
	if (!fc) {
		fprintf(stderr, "skip: buurten.geojson not found\n");
		skip();
	}
	areas = xcalloc(n, sizeof(*areas));
	json_array_foreach(features, i, feat)
	{
		json_t *props = json_object_get(feat, "properties");

		areas[i].code = json_string_value(json_object_get(props, "code"));
		areas[i].name = json_string_value(json_object_get(props, "naam"));
		areas[i].geojson = json_dumps(json_object_get(feat, "geometry"),
					      JSON_COMPACT);
	}
	m = map_build(areas, n, 800);
	assert_non_null(m);
	fprintf(stderr, "  %zu buurten at 800 px: %d x %d, %zu bytes of SVG\n",
		n, map_width(m), map_height(m), map_svg(m)->len);
	assert_int_equal(count(map_svg(m)->s, "<path "), n);
	assert_true(map_svg(m)->len < 400 * 1024);
	map_free(m);
	for (i = 0; i < n; i++)
		free((char *)areas[i].geojson);
	free(areas);
	json_decref(fc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_and_shape),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_outside),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_refuses),
		cmocka_unit_test(test_simplify),
		cmocka_unit_test(test_amsterdam_budget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
