/* bench_areas: the area lookup against its baseline.  1,000,000 random
 * points in Amsterdam's bounding box (fixed seed) go through
 * areaidx_lookup (full chain, bundled data) and, in the same run, through
 * a bare GEOS loop over the same 518 buurt polygons: its own STRtree and
 * prepared geometries, a point per query, prepared contains on every
 * candidate.  Both must find the same number of points inside; each is
 * timed three times, interleaved, and the best run counts.
 *
 *   bench_areas
 * prints: areas.lookup points_per_s=... bare_points_per_s=... ratio=...
 *         inside=... */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "geo/amsterdam.h"
#include "geo/areaidx.h"
#include "geo/geojson.h"

#define NPOINTS 1000000
#define ROUNDS 3
#define LON_MIN 4.7288
#define LON_MAX 5.1077
#define LAT_MIN 52.2780
#define LAT_MAX 52.4311

struct bare {
	GEOSContextHandle_t h;
	GEOSSTRtree *tree;
	GEOSGeometry **geom;
	const GEOSPreparedGeometry **prep;
	size_t n;
};

struct bare_query {
	GEOSContextHandle_t h;
	const GEOSGeometry *pt;
	int hit;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* splitmix64: the same points on every machine and libc. */
static double rand_unit(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	z ^= z >> 31;
	return (double)(z >> 11) / (double)(UINT64_C(1) << 53);
}

static void bare_visit(void *item, void *userdata)
{
	struct bare_query *q = userdata;

	if (!q->hit && GEOSPreparedContains_r(q->h, item, q->pt) == 1)
		q->hit = 1;
}

static void bare_build(struct bare *b, const struct area_rec *a, size_t n)
{
	GEOSGeoJSONReader *rd;
	GEOSGeometry *pt;
	struct bare_query q = { 0 };

	b->h = GEOS_init_r();
	rd = GEOSGeoJSONReader_create_r(b->h);
	b->tree = GEOSSTRtree_create_r(b->h, 10);
	b->geom = calloc(n, sizeof(*b->geom));
	b->prep = calloc(n, sizeof(*b->prep));
	for (size_t i = 0; i < n; i++) {
		const char *text = a[i].geojson;

		if (a[i].level != AREA_BUURT)
			continue;
		b->geom[b->n] = GEOSGeoJSONReader_readGeometry_r(b->h, rd, text);
		b->prep[b->n] = GEOSPrepare_r(b->h, b->geom[b->n]);
		GEOSSTRtree_insert_r(b->h, b->tree, b->geom[b->n],
				     (void *)b->prep[b->n]);
		/* Build the point locator now, as areaidx does. */
		q.h = b->h;
		q.pt = pt = GEOSPointOnSurface_r(b->h, b->geom[b->n]);
		bare_visit((void *)b->prep[b->n], &q);
		GEOSGeom_destroy_r(b->h, pt);
		b->n++;
	}
	GEOSGeoJSONReader_destroy_r(b->h, rd);
}

static void bare_free(struct bare *b)
{
	GEOSSTRtree_destroy_r(b->h, b->tree);
	for (size_t i = 0; i < b->n; i++) {
		GEOSPreparedGeom_destroy_r(b->h, b->prep[i]);
		GEOSGeom_destroy_r(b->h, b->geom[i]);
	}
	free(b->geom);
	free(b->prep);
	GEOS_finish_r(b->h);
}

static size_t bare_run(const struct bare *b, const double *pts)
{
	size_t inside = 0;

	for (size_t i = 0; i < NPOINTS; i++) {
		struct bare_query q = { b->h, NULL, 0 };
		GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(
			b->h, pts[2 * i + 1], pts[2 * i]);

		q.pt = pt;
		GEOSSTRtree_query_r(b->h, b->tree, pt, bare_visit, &q);
		GEOSGeom_destroy_r(b->h, pt);
		inside += (size_t)q.hit;
	}
	return inside;
}

static size_t idx_run(const struct areaidx *x, const double *pts)
{
	size_t inside = 0;

	for (size_t i = 0; i < NPOINTS; i++) {
		struct area_chain c;

		if (areaidx_lookup(x, pts[2 * i], pts[2 * i + 1], &c) == 0)
			inside++;
	}
	return inside;
}

static struct areaidx *idx_build(const struct area_rec *a, size_t n)
{
	struct areaidx *x = areaidx_new();
	char err[512];

	for (size_t i = 0; i < n; i++)
		if (areaidx_add(x, &a[i], err, sizeof(err)) < 0)
			goto fail;
	if (areaidx_build(x, err, sizeof(err)) < 0)
		goto fail;
	return x;
fail:
	fprintf(stderr, "bench_areas: %s\n", err);
	exit(1);
}

int main(void)
{
	struct area_rec *a;
	size_t n, in_idx = 0, in_bare = 0;
	double *pts = malloc(2 * NPOINTS * sizeof(*pts));
	double best_idx = 1e30, best_bare = 1e30;
	uint64_t seed = 20221;
	struct areaidx *x;
	struct bare b = { 0 };
	char err[512];

	if (!pts || amsterdam_areas(&a, &n, err, sizeof(err)) < 0) {
		fprintf(stderr, "bench_areas: %s\n",
			pts ? err : "out of memory");
		return 1;
	}
	for (size_t i = 0; i < NPOINTS; i++) {
		double u = rand_unit(&seed), v = rand_unit(&seed);

		pts[2 * i] = LAT_MIN + (LAT_MAX - LAT_MIN) * u;
		pts[2 * i + 1] = LON_MIN + (LON_MAX - LON_MIN) * v;
	}
	x = idx_build(a, n);
	bare_build(&b, a, n);
	for (int r = 0; r < ROUNDS; r++) {
		double t0 = now_s(), t1, t2;

		in_idx = idx_run(x, pts);
		t1 = now_s();
		in_bare = bare_run(&b, pts);
		t2 = now_s();
		best_idx = t1 - t0 < best_idx ? t1 - t0 : best_idx;
		best_bare = t2 - t1 < best_bare ? t2 - t1 : best_bare;
	}
	printf("areas.lookup points=%d buurten=%zu points_per_s=%.0f "
	       "bare_points_per_s=%.0f ratio=%.2f inside=%zu bare_inside=%zu\n",
	       NPOINTS, b.n, NPOINTS / best_idx, NPOINTS / best_bare,
	       best_bare / best_idx, in_idx, in_bare);
	bare_free(&b);
	areaidx_free(x);
	amsterdam_areas_free(a, n);
	free(pts);
	if (in_idx != in_bare) {
		fprintf(stderr, "bench_areas: the two loops disagree\n");
		return 1;
	}
	return 0;
}
