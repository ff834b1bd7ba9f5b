/* test_svgmap: areas to SVG path data.  The real 518 buurten (the bundled
 * file, and the copy in ../shared/data) each give a path, and together
 * they fill the viewBox; the 2015 stadsdelen and buurtcombinaties of
 * ../shared/data likewise (skipped when not found).  Simplifying keeps
 * every area and makes the map smaller.  Broken and hostile geometries
 * give an error naming the area, never a crash.  The cache gives the kept
 * map back, builds anew when an area changed, and keeps a replaced map
 * alive until it is released. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "geo/svgmap.h"

static const char square_a[] =
	"{\"type\":\"Polygon\",\"coordinates\":[[[4.88,52.37],[4.89,52.37],"
	"[4.89,52.38],[4.88,52.38],[4.88,52.37]]]}";
static const char square_b[] =
	"{\"type\":\"MultiPolygon\",\"coordinates\":[[[[4.89,52.37],"
	"[4.90,52.37],[4.90,52.38],[4.89,52.38],[4.89,52.37]]]]}";

/* The box of the absolute points of path data "M x y l dx dy ... z". */
struct box {
	double x0, y0, x1, y1;
	size_t points, rings;
};

static int path_box(const char *d, struct box *b)
{
	double x = 0, y = 0, sx = 0, sy = 0;
	char cmd = 0;
	char *end;

	while (*d) {
		if (*d == ' ') {
			d++;
			continue;
		}
		if (*d == 'M' || *d == 'l' || *d == 'z') {
			cmd = *d++;
			if (cmd == 'z') {
				x = sx;
				y = sy;
			}
			if (cmd == 'M')
				b->rings++;
			continue;
		}
		if (cmd != 'M' && cmd != 'l')
			return -1;
		{
			double a = strtod(d, &end), c;

			if (end == d)
				return -1;
			d = end;
			while (*d == ' ')
				d++;
			c = strtod(d, &end);
			if (end == d)
				return -1;
			d = end;
			if (cmd == 'M') {
				x = sx = a;
				y = sy = c;
			} else {
				x += a;
				y += c;
			}
		}
		b->x0 = fmin(b->x0, x);
		b->x1 = fmax(b->x1, x);
		b->y0 = fmin(b->y0, y);
		b->y1 = fmax(b->y1, y);
		b->points++;
	}
	return 0;
}

static char *slurp(const char *path)
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
	data[fread(data, 1, (size_t)n, f)] = '\0';
	fclose(f);
	return data;
}

/* The features of a FeatureCollection file as areas (code from prop). */
static struct svgmap_area *load(const char *path, const char *prop,
				size_t *n)
{
	char *data = slurp(path);
	json_t *fc, *feat, *features;
	struct svgmap_area *a;
	size_t i;

	*n = 0;
	if (!data)
		return NULL;
	fc = json_loads(data, 0, NULL);
	free(data);
	features = json_object_get(fc, "features");
	*n = json_array_size(features);
	a = xcalloc(*n ? *n : 1, sizeof(*a));
	json_array_foreach(features, i, feat)
	{
		json_t *props = json_object_get(feat, "properties");

		a[i].code = xstrdup(
			json_string_value(json_object_get(props, prop)));
		a[i].geojson = json_dumps(json_object_get(feat, "geometry"),
					  JSON_COMPACT);
	}
	json_decref(fc);
	return a;
}

static void unload(struct svgmap_area *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)a[i].code);
		free((char *)a[i].geojson);
	}
	free(a);
}

/* Every area has a path of only path characters; together they span the
 * viewBox up to its padding (within a pixel: simplification and rounding
 * may move the outermost point by that much). */
static void check_fills(const struct svgmap *m, size_t n)
{
	struct box b = {INFINITY, INFINITY, -INFINITY, -INFINITY, 0, 0};

	assert_int_equal(svgmap_count(m), n);
	for (size_t i = 0; i < n; i++) {
		const char *d = svgmap_path(m, i);

		assert_true(d[0] == 'M');
		assert_int_equal(strspn(d, "Mlz0123456789.- "), strlen(d));
		assert_int_equal(path_box(d, &b), 0);
	}
	assert_true(b.rings >= n);
	assert_true(fabs(b.x0 - SVGMAP_PAD) <= 1);
	assert_true(fabs(b.y0 - SVGMAP_PAD) <= 1);
	assert_true(fabs(b.x1 - (svgmap_width(m) - SVGMAP_PAD)) <= 1);
	assert_true(fabs(b.y1 - (svgmap_height(m) - SVGMAP_PAD)) <= 1);
}

static void test_squares(void **state)
{
	struct svgmap_area a[] = {{"A", square_a}, {"B", square_b}};
	struct svgmap_opts o = {.width = 400};
	struct svgmap *m;
	char err[200];

	(void)state;
	m = svgmap_build(a, 2, &o, err, sizeof(err));
	assert_non_null(m);
	assert_int_equal(svgmap_width(m), 400);
	/* 0.02 x 0.01 degrees, x shrunk by cos(52.375): about 2 : 1.636 */
	assert_in_range(svgmap_height(m), 320, 340);
	assert_string_equal(svgmap_code(m, 0), "A");
	assert_string_equal(svgmap_code(m, 1), "B");
	assert_null(svgmap_code(m, 2));
	/* four corners, the closing one drawn by z */
	assert_string_equal(svgmap_path(m, 0), "M4 325l196 0 0-321-196 0z");
	check_fills(m, 2);
	svgmap_free(m);
	/* one decimal: the same shape in tenths */
	o.decimals = 1;
	m = svgmap_build(a, 2, &o, err, sizeof(err));
	assert_non_null(m);
	check_fills(m, 2);
	assert_non_null(strchr(svgmap_path(m, 0), '.'));
	svgmap_free(m);
}

static void test_bad_options(void **state)
{
	struct svgmap_area a[] = {{"A", square_a}};
	struct svgmap_opts bad[] = {
		{.width = 8}, {.width = 9000}, {.decimals = 2},
		{.decimals = -1}, {.tolerance = 51}, {.tolerance = NAN},
	};
	char err[200];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		err[0] = '\0';
		assert_null(svgmap_build(a, 1, &bad[i], err, sizeof(err)));
		assert_true(err[0] != '\0');
	}
	assert_null(svgmap_build(a, 0, NULL, err, sizeof(err)));
}

/* Each bad geometry, alone and after a good one, gives NULL and a message
 * naming the area. */
static void test_broken_geometry(void **state)
{
	static const char *const bad[] = {
		"",
		"not json",
		"{",
		"{\"type\":\"Point\",\"coordinates\":[4.9,52.3]}",
		"{\"type\":\"LineString\",\"coordinates\":[[4.9,52.3],[5,52]]}",
		"{\"type\":\"Polygon\",\"coordinates\":[]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[4.9,52.3],[5,52.3]]]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[200,52],[201,52],"
		"[201,53],[200,52]]]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[4,95],[5,95],[5,96],"
		"[4,95]]]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[1e400,52],[5,52],"
		"[5,53],[1e400,52]]]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[\"4\",52],[5,52],"
		"[5,53],[4,52]]]}",
		"{\"type\":\"GeometryCollection\",\"geometries\":[]}",
		"{\"type\":\"FeatureCollection\",\"features\":[]}",
		"{\"type\":\"Polygon\"}",
		/* an empty position: GEOS 3.11's own GeoJSON reader reads
		 * through NULL here (found by tests/fuzz/fuzz_svgmap.c) */
		"{\"type\":\"Polygon\",\"coordinates\":[[[4.9,52.3],[],"
		"[5,52.4],[4.9,52.3]]]}",
		"{\"type\":\"MultiPolygon\",\"coordinates\":[[[[4.9,52.3],"
		"[],[4.97,52.35],[4.95,52.33]]]]}",
		"null",
		"[]",
	};
	char deep[4096], err[200];
	size_t k = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad) + 1; i++) {
		const char *g = bad[i < ARRAY_SIZE(bad) ? i : 0];
		struct svgmap_area one[] = {{"X<1>", g}};
		struct svgmap_area two[] = {{"OK", square_a}, {"X<1>", g}};

		if (i == ARRAY_SIZE(bad)) { /* 2000 brackets deep */
			for (k = 0; k < 2000; k++)
				deep[k] = '[';
			deep[k] = '\0';
			one[0].geojson = two[1].geojson = deep;
		}
		err[0] = '\0';
		assert_null(svgmap_build(one, 1, NULL, err, sizeof(err)));
		assert_non_null(strstr(err, "area 0 (X<1>)"));
		assert_null(svgmap_build(two, 2, NULL, err, sizeof(err)));
		assert_non_null(strstr(err, "area 1 (X<1>)"));
	}
	/* no geometry at all, and no code */
	{
		struct svgmap_area none[] = {{NULL, NULL}};

		assert_null(svgmap_build(none, 1, NULL, err, sizeof(err)));
		assert_non_null(strstr(err, "area 0 (?)"));
	}
}

static const char *const buurten_paths[] = {
	"data/amsterdam/buurten.geojson",
	"../../data/amsterdam/buurten.geojson",
	"../shared/data/amsterdam-gebieden-2022/buurten.geojson",
	"../../../shared/data/amsterdam-gebieden-2022/buurten.geojson",
};

/* The 518 buurten from every copy found: one path each, filling the
 * viewBox; simplified smaller than not. */
static void test_amsterdam_buurten(void **state)
{
	int found = 0;

	(void)state;
	for (size_t p = 0; p < ARRAY_SIZE(buurten_paths); p++) {
		struct svgmap_opts raw = {.tolerance = -1};
		struct svgmap *m, *r;
		size_t n;
		struct svgmap_area *a = load(buurten_paths[p], "code", &n);
		char err[200];

		if (!a)
			continue;
		found++;
		assert_int_equal(n, 518);
		m = svgmap_build(a, n, NULL, err, sizeof(err));
		assert_non_null(m);
		check_fills(m, n);
		r = svgmap_build(a, n, &raw, err, sizeof(err));
		assert_non_null(r);
		check_fills(r, n);
		fprintf(stderr,
			"  %s: %zu areas, %d x %d, %zu bytes of paths "
			"(%zu unsimplified)\n",
			buurten_paths[p], n, svgmap_width(m), svgmap_height(m),
			svgmap_bytes(m), svgmap_bytes(r));
		assert_true(svgmap_bytes(m) < svgmap_bytes(r));
		assert_true(svgmap_bytes(m) < 200 * 1024);
		svgmap_free(m);
		svgmap_free(r);
		unload(a, n);
	}
	if (!found) {
		fprintf(stderr, "skip: buurten.geojson not found\n");
		skip();
	}
}

/* The 2015 indeling from ../shared/data: 8 stadsdelen, 99
 * buurtcombinaties. */
static void test_shared_levels(void **state)
{
	static const struct {
		const char *path, *prop;
		size_t n;
	} files[] = {
		{"amsterdam-gebieden-2015/stadsdelen.geojson", "Stadsdeel_code",
		 8},
		{"amsterdam-gebieden-2015/buurtcombinaties.geojson",
		 "Buurtcombinatie_code", 99},
	};
	static const char *const roots[] = {"../shared/data/",
					    "../../../shared/data/"};
	int found = 0;

	(void)state;
	for (size_t f = 0; f < ARRAY_SIZE(files); f++) {
		for (size_t r = 0; r < ARRAY_SIZE(roots); r++) {
			char path[256];
			struct svgmap_area *a;
			struct svgmap *m;
			size_t n;
			char err[200];

			snprintf(path, sizeof(path), "%s%s", roots[r],
				 files[f].path);
			a = load(path, files[f].prop, &n);
			if (!a)
				continue;
			found++;
			assert_int_equal(n, files[f].n);
			m = svgmap_build(a, n, NULL, err, sizeof(err));
			assert_non_null(m);
			check_fills(m, n);
			fprintf(stderr, "  %s: %zu areas, %zu bytes\n", path,
				n, svgmap_bytes(m));
			svgmap_free(m);
			unload(a, n);
			break;
		}
	}
	if (!found) {
		fprintf(stderr, "skip: ../shared/data not found\n");
		skip();
	}
}

static void test_cache(void **state)
{
	struct svgmap_area a[] = {{"A", square_a}, {"B", square_b}};
	struct svgmap_area changed[] = {{"A", square_b}, {"B", square_a}};
	struct svgmap_area bad[] = {{"A", "{}"}};
	struct svgmap_cache *c = svgmap_cache_new(2);
	const struct svgmap *m1, *m2, *m3, *m4, *m5;
	char err[200], keep[64];

	(void)state;
	m1 = svgmap_cache_get(c, "GM0363/buurt", a, 2, NULL, err, sizeof(err));
	assert_non_null(m1);
	m2 = svgmap_cache_get(c, "GM0363/buurt", a, 2, NULL, err, sizeof(err));
	assert_ptr_equal(m1, m2);
	/* a changed area (an import): a new map; the old one still readable */
	snprintf(keep, sizeof(keep), "%s", svgmap_path(m1, 0));
	m3 = svgmap_cache_get(c, "GM0363/buurt", changed, 2, NULL, err,
			      sizeof(err));
	assert_non_null(m3);
	assert_ptr_not_equal(m3, m1);
	assert_string_equal(svgmap_path(m1, 0), keep);
	assert_string_equal(svgmap_path(m3, 1), keep);
	svgmap_cache_release(c, m1);
	svgmap_cache_release(c, m2);
	/* other options are another fingerprint */
	m4 = svgmap_cache_get(c, "GM0363/buurt", changed, 2,
			      &(struct svgmap_opts){.width = 300}, err,
			      sizeof(err));
	assert_ptr_not_equal(m4, m3);
	assert_int_equal(svgmap_width(m4), 300);
	/* no key: refused, not a crash */
	err[0] = '\0';
	assert_null(svgmap_cache_get(c, NULL, a, 2, NULL, err, sizeof(err)));
	assert_true(err[0] != '\0');
	/* a bad build keeps nothing and says why */
	assert_null(svgmap_cache_get(c, "x", bad, 1, NULL, err, sizeof(err)));
	assert_true(err[0] != '\0');
	/* the least recently used goes when full (max 2) */
	m5 = svgmap_cache_get(c, "GM0363/wijk", a, 2, NULL, err, sizeof(err));
	svgmap_cache_release(c, m5);
	m5 = svgmap_cache_get(c, "GM0363/stadsdeel", a, 2, NULL, err,
			      sizeof(err));
	svgmap_cache_release(c, m5);
	assert_int_equal(svgmap_width(m4), 300); /* evicted, still held */
	svgmap_cache_clear(c);
	assert_int_equal(svgmap_count(m3), 2);
	svgmap_cache_release(c, m3);
	svgmap_cache_release(c, m4);
	svgmap_cache_free(c);
	/* the fingerprint sees every byte */
	assert_true(svgmap_fingerprint(a, 2, NULL) !=
		    svgmap_fingerprint(changed, 2, NULL));
	assert_true(svgmap_fingerprint(a, 2, NULL) ==
		    svgmap_fingerprint(a, 2, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_squares),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_broken_geometry),
		cmocka_unit_test(test_amsterdam_buurten),
		cmocka_unit_test(test_shared_levels),
		cmocka_unit_test(test_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
