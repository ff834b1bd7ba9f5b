/* test_areaidx: the point-in-area index over the bundled Amsterdam data.
 *
 * Every one of the 518 buurten of the 2022 file must be found from a point
 * inside it, with the wijk, gebied and stadsdeel its own code and
 * properties name (the expected gebied is worked out here independently,
 * including the documented fallbacks of amsterdam.h); points outside and
 * non-finite input must give -1; concurrent lookups must agree; and build
 * must refuse broken hierarchies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "geo/amsterdam.h"
#include "geo/areaidx.h"
#include "geo/geojson.h"

#define NTHREADS 4

/* One buurt of the source file and what the index must answer for it. */
struct expect {
	char code[8];
	char name[256];
	char gebied[32]; /* ligtInGgwgebiedId, or "" */
	double lon, lat; /* a point inside it */
};

struct fixture {
	struct area_rec *areas;
	size_t nareas;
	struct areaidx *idx;
	struct expect *buurt;
	size_t nbuurt;
};

static struct fixture fx;

static void point_inside(GEOSContextHandle_t h, const char *geojson,
			 double *lon, double *lat)
{
	GEOSGeoJSONReader *rd = GEOSGeoJSONReader_create_r(h);
	GEOSGeometry *g = GEOSGeoJSONReader_readGeometry_r(h, rd, geojson);
	GEOSGeometry *pt = GEOSPointOnSurface_r(h, g);

	assert_int_equal(GEOSGeomGetX_r(h, pt, lon), 1);
	assert_int_equal(GEOSGeomGetY_r(h, pt, lat), 1);
	GEOSGeom_destroy_r(h, pt);
	GEOSGeom_destroy_r(h, g);
	GEOSGeoJSONReader_destroy_r(h, rd);
}

/* The buurten straight from the embedded source file. */
static void expect_load(void)
{
	const struct embedded_file *f =
		embedded_find("data/amsterdam/buurten.geojson");
	struct geojson_opts o = { .parent_prop = "ligtInGgwgebiedId" };
	GEOSContextHandle_t h = GEOS_init_r();
	struct area_rec *r;
	char err[512];
	size_t n;

	assert_non_null(f);
	if (geojson_read_areas(f->data, f->len, AREA_BUURT, &o, &r, &n, err,
			       sizeof(err)) < 0)
		fail_msg("%s", err);
	fx.buurt = calloc(n, sizeof(*fx.buurt));
	fx.nbuurt = n;
	for (size_t i = 0; i < n; i++) {
		struct expect *e = &fx.buurt[i];

		snprintf(e->code, sizeof(e->code), "%s", r[i].code);
		snprintf(e->name, sizeof(e->name), "%s", r[i].name);
		snprintf(e->gebied, sizeof(e->gebied), "%s",
			 r[i].parent_code ? r[i].parent_code : "");
		point_inside(h, r[i].geojson, &e->lon, &e->lat);
	}
	geojson_areas_free(r, n);
	GEOS_finish_r(h);
}

static int setup(void **state)
{
	char err[512];

	(void)state;
	if (amsterdam_areas(&fx.areas, &fx.nareas, err, sizeof(err)) < 0) {
		fprintf(stderr, "amsterdam_areas: %s\n", err);
		return -1;
	}
	fx.idx = areaidx_new();
	for (size_t i = 0; i < fx.nareas; i++)
		if (areaidx_add(fx.idx, &fx.areas[i], err, sizeof(err)) < 0) {
			fprintf(stderr, "areaidx_add: %s\n", err);
			return -1;
		}
	if (areaidx_build(fx.idx, err, sizeof(err)) < 0) {
		fprintf(stderr, "areaidx_build: %s\n", err);
		return -1;
	}
	expect_load();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	areaidx_free(fx.idx);
	amsterdam_areas_free(fx.areas, fx.nareas);
	free(fx.buurt);
	return 0;
}

/* The gebied holding most buurten of wijk (ties: lowest code), worked out
 * from the source as amsterdam.h promises. */
static void wijk_gebied(const char *wijk, char *out, size_t outlen)
{
	size_t best = 0;

	out[0] = '\0';
	for (size_t i = 0; i < fx.nbuurt; i++) {
		const char *g = fx.buurt[i].gebied;
		size_t n = 0;

		if (strncmp(fx.buurt[i].code, wijk, 2) != 0 || !*g)
			continue;
		for (size_t j = 0; j < fx.nbuurt; j++)
			n += strncmp(fx.buurt[j].code, wijk, 2) == 0 &&
			     strcmp(fx.buurt[j].gebied, g) == 0;
		if (n > best || (n == best && strcmp(g, out) < 0)) {
			best = n;
			snprintf(out, outlen, "%s", g);
		}
	}
	if (!out[0]) /* Westpoort: no GGW-gebied in the source */
		snprintf(out, outlen, "GGW-%c", wijk[0]);
}

static const char *const stadsdeel_names[][2] = {
	{ "A", "Centrum" }, { "B", "Westpoort" }, { "E", "West" },
	{ "F", "Nieuw-West" }, { "K", "Zuid" }, { "M", "Oost" },
	{ "N", "Noord" }, { "S", "Weesp" }, { "T", "Zuidoost" },
};

static void check_chain(const struct expect *e, const struct area_chain *c)
{
	char wijk[3] = { e->code[0], e->code[1], 0 }, sd[2] = { e->code[0], 0 };
	char gebied[32];

	wijk_gebied(wijk, gebied, sizeof(gebied));
	assert_non_null(c->at[AREA_BUURT]);
	assert_string_equal(c->at[AREA_BUURT]->code, e->code);
	assert_string_equal(c->at[AREA_BUURT]->name, e->name);
	assert_string_equal(c->at[AREA_WIJK]->code, wijk);
	assert_string_equal(c->at[AREA_GEBIED]->code, gebied);
	assert_string_equal(c->at[AREA_STADSDEEL]->code, sd);
	assert_string_equal(c->at[AREA_GEMEENTE]->code, "GM0363");
	assert_string_equal(c->at[AREA_GEMEENTE]->name, "Amsterdam");
	for (int l = AREA_BUURT; l < AREA_GEMEENTE; l++) {
		assert_int_equal(c->at[l]->level, l);
		assert_ptr_equal(c->at[l]->parent, c->at[l + 1]);
	}
	assert_null(c->at[AREA_GEMEENTE]->parent);
	for (size_t i = 0; i < 9; i++)
		if (strcmp(stadsdeel_names[i][0], sd) == 0)
			assert_string_equal(c->at[AREA_STADSDEEL]->name,
					    stadsdeel_names[i][1]);
}

static void test_every_buurt(void **state)
{
	size_t moved = 0;

	(void)state;
	assert_int_equal(fx.nbuurt, 518);
	for (size_t i = 0; i < fx.nbuurt; i++) {
		const struct expect *e = &fx.buurt[i];
		struct area_chain c;

		if (areaidx_lookup(fx.idx, e->lat, e->lon, &c) != 0)
			fail_msg("buurt %s not found at %f,%f", e->code, e->lat,
				 e->lon);
		check_chain(e, &c);
		/* Where the source's own gebied differs from the wijk's. */
		moved += e->gebied[0] &&
			 strcmp(e->gebied, c.at[AREA_GEBIED]->code) != 0;
	}
	/* NB01 and NB02 (see amsterdam.h); a change here means new data. */
	assert_int_equal(moved, 2);
}

static void test_outside(void **state)
{
	static const double pts[][2] = {
		{ 0, 0 }, { 52.0, 4.0 }, { 52.4, 4.3 }, /* North Sea */
		{ 52.3676, 4.7 }, { 90, 180 }, { -90, -180 },
		{ 52.3, 400 }, { 100, 4.9 },
	};
	struct area_chain c;

	(void)state;
	for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
		assert_int_equal(areaidx_lookup(fx.idx, pts[i][0], pts[i][1], &c), -1);
		for (int l = 0; l < AREA_LEVELS; l++)
			assert_null(c.at[l]);
	}
}

static void test_not_finite(void **state)
{
	const double bad[] = { NAN, INFINITY, -INFINITY };
	struct area_chain c;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(areaidx_lookup(fx.idx, bad[i], 4.89, &c), -1);
		assert_int_equal(areaidx_lookup(fx.idx, 52.37, bad[i], &c), -1);
		assert_int_equal(areaidx_lookup(fx.idx, bad[i], bad[i], &c), -1);
		assert_null(c.at[AREA_BUURT]);
	}
}

static void test_counts(void **state)
{
	(void)state;
	assert_int_equal(areaidx_count(fx.idx, AREA_BUURT), 518);
	assert_int_equal(areaidx_count(fx.idx, AREA_WIJK), 110);
	/* 25 GGW-gebieden in the source plus GGW-B for Westpoort. */
	assert_int_equal(areaidx_count(fx.idx, AREA_GEBIED), 26);
	assert_int_equal(areaidx_count(fx.idx, AREA_STADSDEEL), 9);
	assert_int_equal(areaidx_count(fx.idx, AREA_GEMEENTE), 1);
	assert_int_equal(fx.nareas, 518 + 110 + 26 + 9 + 1);
}

static void test_find(void **state)
{
	const struct area_node *n;

	(void)state;
	n = areaidx_find(fx.idx, "AA01");
	assert_non_null(n);
	assert_int_equal(n->level, AREA_BUURT);
	assert_string_equal(n->name, "Planciusbuurt-Noord");
	assert_string_equal(n->parent->code, "AA");
	n = areaidx_find(fx.idx, "GGW-B");
	assert_string_equal(n->name, "Westpoort");
	assert_string_equal(n->parent->code, "B");
	n = areaidx_find(fx.idx, "03630950000046");
	assert_string_equal(n->name, "Weesp");
	assert_string_equal(areaidx_find(fx.idx, "S")->name, "Weesp");
	assert_null(areaidx_find(fx.idx, "GM0363")->parent);
	assert_null(areaidx_find(fx.idx, "nope"));
	assert_null(areaidx_find(fx.idx, ""));
	assert_null(areaidx_find(fx.idx, NULL));
}

/* Every buurt's representative point lies in that buurt (the lookup
 * finds it there); other levels and unknown codes have none. */
static void test_point(void **state)
{
	struct area_chain ch;
	double lat, lon;
	size_t n = 0;

	(void)state;
	for (size_t i = 0; i < fx.nbuurt; i++) {
		const char *code = fx.buurt[i].code;

		const struct area_node *node = areaidx_find(fx.idx, code);
		const char *lat_text, *lon_text;
		double lat2, lon2;
		char want[32];

		assert_int_equal(areaidx_point(fx.idx, code, &lat, &lon), 0);
		assert_int_equal(areaidx_lookup(fx.idx, lat, lon, &ch), 0);
		assert_string_equal(ch.at[AREA_BUURT]->code, code);
		/* the same point from the node, and as "%.6f" writes it */
		assert_non_null(node);
		assert_int_equal(areaidx_node_point(node, &lat2, &lon2, &lat_text,
						    &lon_text),
				 0);
		assert_true(lat2 == lat && lon2 == lon);
		snprintf(want, sizeof(want), "%.6f", lat);
		assert_string_equal(lat_text, want);
		snprintf(want, sizeof(want), "%.6f", lon);
		assert_string_equal(lon_text, want);
		n++;
	}
	assert_int_equal(n, 518);
	/* every area by its own code (the codes' hash, areaidx.c) */
	for (size_t i = 0; i < fx.nareas; i++)
		assert_string_equal(areaidx_find(fx.idx, fx.areas[i].code)->code,
				    fx.areas[i].code);
	assert_int_equal(areaidx_node_point(areaidx_find(fx.idx, "AA"), &lat,
					    &lon, NULL, NULL),
			 -1);
	assert_int_equal(areaidx_point(fx.idx, "AA", &lat, &lon), -1);
	assert_int_equal(areaidx_point(fx.idx, "nope", &lat, &lon), -1);
	assert_int_equal(areaidx_point(fx.idx, NULL, &lat, &lon), -1);
}

/* Parents come before children, every parent exists, every area has a
 * name and a polygonal geometry. */
static void test_amsterdam_records(void **state)
{
	(void)state;
	for (size_t i = 0; i < fx.nareas; i++) {
		const struct area_rec *r = &fx.areas[i];
		bool seen = false;

		assert_non_null(r->name);
		assert_true(strstr(r->geojson, "\"type\":\"Polygon\"") ||
			    strstr(r->geojson, "\"type\":\"MultiPolygon\""));
		if (i > 0)
			assert_true(r->level <= fx.areas[i - 1].level);
		if (r->level == AREA_GEMEENTE) {
			assert_null(r->parent_code);
			continue;
		}
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(fx.areas[j].code, r->parent_code) == 0 &&
			       fx.areas[j].level == r->level + 1;
		if (!seen)
			fail_msg("%s: parent %s not before it", r->code,
				 r->parent_code);
	}
}

static void *lookup_all(void *arg)
{
	size_t *bad = arg;

	for (int round = 0; round < 5; round++)
		for (size_t i = 0; i < fx.nbuurt; i++) {
			struct area_chain c;

			if (areaidx_lookup(fx.idx, fx.buurt[i].lat,
					   fx.buurt[i].lon, &c) != 0 ||
			    strcmp(c.at[AREA_BUURT]->code, fx.buurt[i].code) != 0)
				(*bad)++;
		}
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t t[NTHREADS];
	size_t bad[NTHREADS] = { 0 };

	(void)state;
	for (int i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, lookup_all, &bad[i]), 0);
	for (int i = 0; i < NTHREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(bad[i], 0);
	}
}

#define SQ "{\"type\":\"Polygon\",\"coordinates\":[[[4,52],[5,52],[5,53],[4,53],[4,52]]]}"

static int tiny_build(const struct area_rec *recs, size_t n, char *err,
		      size_t errlen)
{
	struct areaidx *x = areaidx_new();
	int ret = 0;

	for (size_t i = 0; i < n && ret == 0; i++)
		ret = areaidx_add(x, &recs[i], err, errlen);
	if (ret == 0)
		ret = areaidx_build(x, err, errlen);
	areaidx_free(x);
	return ret;
}

static void test_build_errors(void **state)
{
	struct area_rec ok[] = {
		{ AREA_GEMEENTE, "GM1", "G", NULL, NULL },
		{ AREA_BUURT, "B1", "B", "GM1", SQ }, /* skips levels: fine */
	};
	struct area_rec unknown[] = { { AREA_BUURT, "B1", "B", "W9", SQ } };
	struct area_rec dup[] = {
		{ AREA_WIJK, "X", "W", NULL, NULL },
		{ AREA_BUURT, "X", "B", NULL, SQ },
	};
	struct area_rec down[] = {
		{ AREA_BUURT, "B1", "B", NULL, SQ },
		{ AREA_WIJK, "W1", "W", "B1", NULL },
	};
	struct area_rec nogeom[] = { { AREA_BUURT, "B1", "B", NULL, NULL } };
	struct area_rec point[] = {
		{ AREA_BUURT, "B1", "B", NULL,
		  "{\"type\":\"Point\",\"coordinates\":[4,52]}" },
	};
	struct area_rec badcode[] = { { AREA_BUURT, "B 1", "B", NULL, SQ } };
	char err[256];

	(void)state;
	assert_int_equal(tiny_build(ok, 2, err, sizeof(err)), 0);
	assert_int_equal(tiny_build(unknown, 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown parent W9"));
	assert_int_equal(tiny_build(dup, 2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "duplicate area code X"));
	assert_int_equal(tiny_build(down, 2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "parent B1 is a buurt"));
	assert_int_equal(tiny_build(nogeom, 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no geometry"));
	assert_int_equal(tiny_build(point, 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Polygon or MultiPolygon only"));
	assert_int_equal(tiny_build(badcode, 1, err, sizeof(err)), -1);
}

static void test_tiny_lookup_and_read_only(void **state)
{
	struct area_rec recs[] = {
		{ AREA_GEMEENTE, "GM1", "G", NULL, NULL },
		{ AREA_BUURT, "B1", "B", "GM1", SQ },
	};
	struct areaidx *x = areaidx_new();
	struct area_chain c;
	char err[256];

	(void)state;
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(areaidx_add(x, &recs[i], err, sizeof(err)), 0);
	/* Not built yet: no answers. */
	assert_int_equal(areaidx_lookup(x, 52.5, 4.5, &c), -1);
	assert_null(areaidx_find(x, "B1"));
	assert_int_equal(areaidx_build(x, err, sizeof(err)), 0);
	assert_int_equal(areaidx_lookup(x, 52.5, 4.5, &c), 0);
	assert_string_equal(c.at[AREA_BUURT]->code, "B1");
	assert_null(c.at[AREA_WIJK]);
	assert_null(c.at[AREA_GEBIED]);
	assert_string_equal(c.at[AREA_GEMEENTE]->code, "GM1");
	/* On the boundary counts as inside. */
	assert_int_equal(areaidx_lookup(x, 52.0, 4.5, &c), 0);
	assert_int_equal(areaidx_add(x, &recs[1], err, sizeof(err)), -1);
	assert_non_null(strstr(err, "read-only"));
	assert_int_equal(areaidx_build(x, err, sizeof(err)), -1);
	areaidx_free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_buurt),
		cmocka_unit_test(test_outside),
		cmocka_unit_test(test_not_finite),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_point),
		cmocka_unit_test(test_amsterdam_records),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_build_errors),
		cmocka_unit_test(test_tiny_lookup_and_read_only),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
