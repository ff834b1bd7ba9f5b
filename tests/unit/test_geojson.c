/* test_geojson: the GeoJSON area reader against hostile and malformed
 * input.  Every failure must free everything (the ASan build checks),
 * return nothing, and say which feature and why; the limits are lowered
 * through the options instead of building huge files.  Also: an RD New
 * square around the Dam must come out in WGS84 where the Dam is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "geo/geojson.h"

#define SQUARE "[[[4.88,52.37],[4.89,52.37],[4.89,52.38],[4.88,52.38],[4.88,52.37]]]"
#define POLY(c) "{\"type\":\"Polygon\",\"coordinates\":" c "}"
#define FEAT(code, geom)                                                      \
	"{\"type\":\"Feature\",\"properties\":{\"code\":\"" code "\","       \
	"\"naam\":\"Naam " code "\"},\"geometry\":" geom "}"
#define FC(feats) "{\"type\":\"FeatureCollection\",\"features\":[" feats "]}"
#define FC_CRS(crs, feats)                                                    \
	"{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","         \
	"\"properties\":{\"name\":\"" crs "\"}},\"features\":[" feats "]}"

struct result {
	struct area_rec *recs;
	size_t n;
	char err[512];
};

static int read_opts(const char *json, const struct geojson_opts *o,
		     struct result *r)
{
	int ret;

	memset(r, 0, sizeof(*r));
	ret = geojson_read_areas(json, strlen(json), AREA_BUURT, o, &r->recs,
				 &r->n, r->err, sizeof(r->err));
	if (ret < 0) {
		/* All or nothing. */
		assert_null(r->recs);
		assert_int_equal(r->n, 0);
		assert_true(r->err[0] != '\0');
	}
	return ret;
}

static int read_json(const char *json, struct result *r)
{
	return read_opts(json, NULL, r);
}

static void result_free(struct result *r)
{
	geojson_areas_free(r->recs, r->n);
	r->recs = NULL;
	r->n = 0;
}

/* The read must fail with every one of the fragments in the message. */
static void expect_error(const char *json, const struct geojson_opts *o,
			 const char *want1, const char *want2)
{
	struct result r;

	assert_int_equal(read_opts(json, o, &r), -1);
	if (!strstr(r.err, want1) || (want2 && !strstr(r.err, want2)))
		fail_msg("message \"%s\" lacks \"%s\" / \"%s\"", r.err, want1,
			 want2 ? want2 : "");
}

static void test_valid_collection(void **state)
{
	struct result r;

	(void)state;
	assert_int_equal(read_json(FC(FEAT("AA01", POLY(SQUARE)) ","
				      FEAT("AA02", POLY(SQUARE))), &r), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.recs[0].level, AREA_BUURT);
	assert_string_equal(r.recs[0].code, "AA01");
	assert_string_equal(r.recs[1].name, "Naam AA02");
	assert_null(r.recs[0].parent_code);
	assert_string_equal(r.recs[0].geojson,
			    "{\"type\":\"Polygon\",\"coordinates\":[[[4.88,52.37],"
			    "[4.89,52.37],[4.89,52.38],[4.88,52.38],[4.88,52.37]]]}");
	result_free(&r);
}

static void test_multipolygon_and_rounding(void **state)
{
	struct result r;

	(void)state;
	assert_int_equal(read_json(FC(FEAT("X1",
		"{\"type\":\"MultiPolygon\",\"coordinates\":[[[[4.123456789,52.0],"
		"[4.2,52.0],[4.2,52.1],[4.1,52.1],[4.123456789,52.0]]],"
		"[[[5,53],[5.1,53],[5.1,53.1],[5,53.1],[5,53]]]]}")), &r), 0);
	assert_non_null(strstr(r.recs[0].geojson, "\"MultiPolygon\""));
	assert_non_null(strstr(r.recs[0].geojson, "[4.1234568,52]"));
	result_free(&r);
}

static void test_not_json(void **state)
{
	(void)state;
	expect_error("{\"type\":\"FeatureCollection\",\n  \"features\": [,]}",
		     NULL, "line 2", "column");
	expect_error("", NULL, "not valid JSON", "line");
	expect_error("\xff\xfe", NULL, "not valid JSON", NULL);
	/* Bad UTF-8 inside a string. */
	expect_error(FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"A\","
			"\"naam\":\"\xc3\x28\"},\"geometry\":" POLY(SQUARE) "}"),
		     NULL, "not valid JSON", NULL);
	/* Duplicate keys would leave "which code?" open. */
	expect_error(FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"A\","
			"\"code\":\"B\",\"naam\":\"n\"},\"geometry\":" POLY(SQUARE) "}"),
		     NULL, "not valid JSON", "duplicate");
}

static void test_deep_nesting(void **state)
{
	struct buf b;
	struct result r;

	(void)state;
	buf_init(&b, 0);
	for (int i = 0; i < 100000; i++)
		buf_addc(&b, '[');
	assert_int_equal(read_json(buf_str(&b), &r), -1);
	assert_non_null(strstr(r.err, "not valid JSON"));
	buf_release(&b);
}

static void test_not_a_collection(void **state)
{
	(void)state;
	expect_error(FEAT("A", POLY(SQUARE)), NULL, "not a GeoJSON FeatureCollection", NULL);
	expect_error("[1,2,3]", NULL, "not a GeoJSON FeatureCollection", NULL);
	expect_error("{\"type\":\"FeatureCollection\"}", NULL, "no features", NULL);
	expect_error(FC(""), NULL, "no features", NULL);
	expect_error(FC("1"), NULL, "feature 0:", "not a Feature");
	expect_error(FC(FEAT("A", POLY(SQUARE)) ",{\"type\":\"Feature\"}"), NULL,
		     "feature 1:", "properties");
}

static void test_missing_or_bad_code(void **state)
{
	(void)state;
	expect_error(FC("{\"type\":\"Feature\",\"properties\":{\"naam\":\"x\"},"
			"\"geometry\":" POLY(SQUARE) "}"),
		     NULL, "feature 0:", "\"code\" missing");
	expect_error(FC("{\"type\":\"Feature\",\"properties\":{\"code\":7,"
			"\"naam\":\"x\"},\"geometry\":" POLY(SQUARE) "}"),
		     NULL, "feature 0:", "not a string");
	expect_error(FC(FEAT("A B", POLY(SQUARE))), NULL, "feature 0:",
		     "not a valid code");
	expect_error(FC(FEAT("123456789012345678901234567890123", POLY(SQUARE))),
		     NULL, "not a valid code", NULL);
}

static void test_duplicate_code(void **state)
{
	(void)state;
	expect_error(FC(FEAT("A", POLY(SQUARE)) "," FEAT("B", POLY(SQUARE)) ","
			FEAT("A", POLY(SQUARE)) "," FEAT("B", POLY(SQUARE))),
		     NULL, "feature 2 (code A): duplicate code",
		     "also used by feature 0");
}

static void test_names(void **state)
{
	struct result r;
	char long_name[256], json[1024];
	struct geojson_opts o = { .name_prop = "titel" };

	(void)state;
	/* Fallback to "name" when "naam" is absent. */
	assert_int_equal(read_json(FC("{\"type\":\"Feature\",\"properties\":"
				      "{\"code\":\"A\",\"name\":\"Dam\"},\"geometry\":"
				      POLY(SQUARE) "}"), &r), 0);
	assert_string_equal(r.recs[0].name, "Dam");
	result_free(&r);
	expect_error(FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"A\"},"
			"\"geometry\":" POLY(SQUARE) "}"),
		     NULL, "feature 0 (code A):", "\"naam\" missing");
	expect_error(FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"A\","
			"\"naam\":\"\"},\"geometry\":" POLY(SQUARE) "}"),
		     NULL, "(code A)", "1..200 bytes");
	expect_error(FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"A\","
			"\"naam\":\"a\\nb\"},\"geometry\":" POLY(SQUARE) "}"),
		     NULL, "(code A)", "control");
	expect_error(FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"A\","
			"\"naam\":\"a\\u0000b\"},\"geometry\":" POLY(SQUARE) "}"),
		     NULL, "not valid JSON", NULL);
	/* noncharacters XML cannot carry (the SVG map), escaped and raw */
	expect_error(FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"A\","
			"\"naam\":\"a\\uFFFEb\"},\"geometry\":" POLY(SQUARE) "}"),
		     NULL, "(code A)", "U+FFFE");
	expect_error(FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"A\","
			"\"naam\":\"a\xef\xbf\xbf\"},\"geometry\":" POLY(SQUARE) "}"),
		     NULL, "(code A)", "U+FFFE");
	/* U+FFFD and other characters of that block are fine */
	assert_int_equal(read_json(FC("{\"type\":\"Feature\",\"properties\":"
				      "{\"code\":\"A\",\"naam\":\"a\xef\xbf\xbd\"},\"geometry\":"
				      POLY(SQUARE) "}"), &r), 0);
	result_free(&r);
	memset(long_name, 'x', 201);
	long_name[201] = '\0';
	snprintf(json, sizeof(json), FC("{\"type\":\"Feature\",\"properties\":"
		 "{\"code\":\"A\",\"naam\":\"%s\"},\"geometry\":" POLY(SQUARE) "}"),
		 long_name);
	expect_error(json, NULL, "(code A)", "1..200 bytes");
	long_name[200] = '\0';
	snprintf(json, sizeof(json), FC("{\"type\":\"Feature\",\"properties\":"
		 "{\"code\":\"A\",\"naam\":\"%s\"},\"geometry\":" POLY(SQUARE) "}"),
		 long_name);
	assert_int_equal(read_json(json, &r), 0);
	result_free(&r);
	/* An explicit name property has no fallback. */
	expect_error(FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"A\","
			"\"name\":\"n\"},\"geometry\":" POLY(SQUARE) "}"),
		     &o, "\"titel\" missing", NULL);
}

static void test_parent_property(void **state)
{
	struct geojson_opts o = { .code_prop = "id", .parent_prop = "boven" };
	struct result r;

	(void)state;
	assert_int_equal(read_opts(FC(
		"{\"type\":\"Feature\",\"properties\":{\"id\":\"K1\",\"naam\":\"k\","
		"\"boven\":\"W1\"},\"geometry\":" POLY(SQUARE) "},"
		"{\"type\":\"Feature\",\"properties\":{\"id\":\"K2\",\"naam\":\"k\","
		"\"boven\":null},\"geometry\":" POLY(SQUARE) "}"), &o, &r), 0);
	assert_string_equal(r.recs[0].code, "K1");
	assert_string_equal(r.recs[0].parent_code, "W1");
	assert_null(r.recs[1].parent_code);
	result_free(&r);
	expect_error(FC("{\"type\":\"Feature\",\"properties\":{\"id\":\"K1\","
			"\"naam\":\"k\",\"boven\":\"x y\"},\"geometry\":"
			POLY(SQUARE) "}"),
		     &o, "(code K1)", "\"boven\" is not a valid code");
}

static void test_bad_geometry_type(void **state)
{
	(void)state;
	expect_error(FC(FEAT("P", "{\"type\":\"Point\",\"coordinates\":[4.9,52.3]}")),
		     NULL, "feature 0 (code P): geometry type Point not supported",
		     NULL);
	expect_error(FC(FEAT("P", "{\"type\":\"GeometryCollection\",\"geometries\":[]}")),
		     NULL, "(code P)", "not supported");
	expect_error(FC(FEAT("P", "{\"type\":\"Polygon\\n\",\"coordinates\":[]}")),
		     NULL, "(code P)", "(not shown)");
	expect_error(FC(FEAT("P", "null")), NULL, "(code P)", "geometry missing");
	expect_error(FC(FEAT("P", "{\"coordinates\":" SQUARE "}")), NULL,
		     "(code P)", "no type");
}

static void test_bad_rings(void **state)
{
	(void)state;
	expect_error(FC(FEAT("R", POLY("[]"))), NULL, "(code R)", "no rings");
	expect_error(FC(FEAT("R", POLY("[[[4.88,52.37],[4.89,52.37],[4.88,52.37]]]"))),
		     NULL, "(code R)", "3 positions, needs 4");
	expect_error(FC(FEAT("R", POLY("[[[4.88,52.37],[4.89,52.37],[4.89,52.38],"
					"[4.88,52.38],[4.88,52.371]]]"))),
		     NULL, "(code R)", "not closed");
	expect_error(FC(FEAT("R", POLY("[[[4.88,52.37],[4.89],[4.89,52.38],"
					"[4.88,52.38],[4.88,52.37]]]"))),
		     NULL, "(code R)", "not an array of numbers");
	expect_error(FC(FEAT("R", POLY("[[[4.88,52.37],[\"4.89\",52.37],[4.89,52.38],"
					"[4.88,52.38],[4.88,52.37]]]"))),
		     NULL, "(code R)", "not an array of numbers");
	expect_error(FC(FEAT("R", POLY("[[[4.88,52.37],[1e999,52.37],[4.89,52.38],"
					"[4.88,52.38],[4.88,52.37]]]"))),
		     NULL, "not valid JSON", NULL);
	expect_error(FC(FEAT("R", POLY("[\"ring\"]"))), NULL, "(code R)",
		     "not an array");
}

static void test_self_intersection(void **state)
{
	(void)state;
	/* A bow tie: its edges cross in the middle. */
	expect_error(FC(FEAT("OK", POLY(SQUARE)) ","
			FEAT("BOW", POLY("[[[4.88,52.37],[4.89,52.38],[4.89,52.37],"
					 "[4.88,52.38],[4.88,52.37]]]"))),
		     NULL, "feature 1 (code BOW): invalid geometry",
		     "Self-intersection");
	/* A hole outside its shell. */
	expect_error(FC(FEAT("H", POLY("[[[0,0],[1,0],[1,1],[0,1],[0,0]],"
				       "[[5,5],[6,5],[6,6],[5,6],[5,5]]]"))),
		     NULL, "(code H): invalid geometry", NULL);
}

/* 200 m square around the Dam in RD New metres. */
#define DAM_RD "[[[121300,487300],[121500,487300],[121500,487500]," \
	       "[121300,487500],[121300,487300]]]"

/* The centre of the square read from json, in lon, lat. */
static void square_centre(const char *json, double *lon, double *lat)
{
	struct result r;
	double x0, y0, x1, y1;
	const char *p;

	assert_int_equal(read_json(json, &r), 0);
	p = strstr(r.recs[0].geojson, "[[[");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "[[[%lf,%lf],[%*f,%*f],[%lf,%lf]", &x0, &y0,
				&x1, &y1), 4);
	*lon = (x0 + x1) / 2;
	*lat = (y0 + y1) / 2;
	result_free(&r);
}

static void test_rd_new(void **state)
{
	double lon, lat;

	(void)state;
	square_centre(FC_CRS("urn:ogc:def:crs:EPSG::28992",
			     FEAT("DAM", POLY(DAM_RD))), &lon, &lat);
	assert_true(fabs(lon - 4.893) < 0.001);
	assert_true(fabs(lat - 52.373) < 0.001);
	square_centre(FC_CRS("EPSG:28992", FEAT("DAM", POLY(DAM_RD))), &lon, &lat);
	assert_true(fabs(lon - 4.893) < 0.001);
	assert_true(fabs(lat - 52.373) < 0.001);
}

static void test_crs(void **state)
{
	struct result r;

	(void)state;
	assert_int_equal(read_json(FC_CRS("urn:ogc:def:crs:OGC::CRS84",
					  FEAT("A", POLY(SQUARE))), &r), 0);
	result_free(&r);
	/* EPSG:4326 is read lon,lat, as writers put it in practice. */
	assert_int_equal(read_json(FC_CRS("EPSG:4326", FEAT("A", POLY(SQUARE))), &r), 0);
	assert_non_null(strstr(r.recs[0].geojson, "[4.88,52.37]"));
	result_free(&r);
	expect_error(FC_CRS("EPSG:3857", FEAT("A", POLY(SQUARE))), NULL,
		     "unsupported crs \"EPSG:3857\"", "EPSG:28992");
	expect_error(FC_CRS("<script>\\n", FEAT("A", POLY(SQUARE))), NULL,
		     "unsupported crs \"(not shown)\"", NULL);
	expect_error("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"link\","
		     "\"properties\":{\"href\":\"x\"}},\"features\":["
		     FEAT("A", POLY(SQUARE)) "]}", NULL, "crs member", NULL);
	/* RD coordinates without a crs member. */
	expect_error(FC(FEAT("DAM", POLY(DAM_RD))),
		     NULL, "(code DAM): position (121300, 487300) is outside WGS84",
		     "EPSG:28992");
}

static void test_limits(void **state)
{
	static const char three[] = FC(FEAT("A", POLY(SQUARE)) ","
				       FEAT("B", POLY(SQUARE)) ","
				       FEAT("C", POLY(SQUARE)));
	struct geojson_opts o = { .max_features = 2 };
	struct result r;

	(void)state;
	expect_error(three, &o, "3 features, more than the limit of 2", NULL);
	o = (struct geojson_opts){ .max_vertices = 14 };
	expect_error(three, &o, "feature 2 (code C):", "more than 14 positions");
	o.max_vertices = 15;
	assert_int_equal(read_opts(three, &o, &r), 0);
	result_free(&r);
	o = (struct geojson_opts){ .max_bytes = sizeof(three) - 2 };
	expect_error(three, &o, "more than the limit", NULL);
	o.max_bytes = sizeof(three) - 1;
	assert_int_equal(read_opts(three, &o, &r), 0);
	result_free(&r);
}

static void test_writer_rejects_other_types(void **state)
{
	GEOSContextHandle_t h = GEOS_init_r();
	GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, 1, 2);
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_adds(&b, "x");
	assert_int_equal(geojson_write_geometry(h, pt, &b), -1);
	assert_string_equal(buf_str(&b), "x");
	buf_release(&b);
	GEOSGeom_destroy_r(h, pt);
	GEOS_finish_r(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_collection),
		cmocka_unit_test(test_multipolygon_and_rounding),
		cmocka_unit_test(test_not_json),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_not_a_collection),
		cmocka_unit_test(test_missing_or_bad_code),
		cmocka_unit_test(test_duplicate_code),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_parent_property),
		cmocka_unit_test(test_bad_geometry_type),
		cmocka_unit_test(test_bad_rings),
		cmocka_unit_test(test_self_intersection),
		cmocka_unit_test(test_rd_new),
		cmocka_unit_test(test_crs),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_writer_rejects_other_types),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
