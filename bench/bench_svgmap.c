/* bench_svgmap: the choropleth of the 518 buurten against two baselines
 * measured in the same run.
 *
 *   first   svgmap_build (GEOS parse, projection, topology-preserving
 *           simplification, path data) and chart_map (classes, links,
 *           titles, legend, the table): what the first request after a
 *           start or an import pays;
 *   cached  svgmap_cache_get on a kept map (the fingerprint of all 518
 *           geometries is checked on every get) and chart_map: every
 *           later request (the fingerprint alone is printed too);
 *   parse   the bare GEOS GeoJSON parse of the same 518 geometries, the
 *           least any build from GeoJSON must do;
 *   memcpy  copying the same number of bytes as the figure, the least
 *           any writer of it must do.
 *
 * Each is timed ROUNDS times, interleaved, and the best counts.  Then the
 * bytes of the path data at several tolerances and precisions, for
 * docs/charts.md, and the other levels (wijken, gebieden, stadsdelen).
 *
 *   bench_svgmap
 * prints: svgmap.render first_ms=... cached_ms=... parse_ms=...
 *         memcpy_ms=... first_vs_parse=... cached_vs_parse=...
 *         cached_vs_memcpy=... figure_bytes=... path_bytes=...
 *         fingerprint_ms=... read_ms=... (our parse, geojson_read_geometry)
 * and svgmap.size lines (path bytes per level, tolerance, decimals). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "geo/amsterdam.h"
#include "geo/geojson.h"
#include "geo/svgmap.h"
#include "views/chart.h"

#define ROUNDS 7
#define CACHED_REPS 50
#define MEMCPY_REPS 2000

struct level {
	size_t n;
	struct svgmap_area *shape;
	struct chart_area *area;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void level_of(const struct area_rec *a, size_t n, enum area_level lv,
		     struct level *out)
{
	size_t k = 0;

	out->shape = calloc(n, sizeof(*out->shape));
	out->area = calloc(n, sizeof(*out->area));
	for (size_t i = 0; i < n; i++) {
		if (a[i].level != lv)
			continue;
		out->shape[k] = (struct svgmap_area){a[i].code, a[i].geojson};
		out->area[k] = (struct chart_area){
			a[i].code, a[i].name,
			k % 9 == 4 ? NAN : 4 + (double)((k * 37) % 60) / 10,
			"/cijfers/x"};
		k++;
	}
	out->n = k;
}

static double time_parse(const struct level *l)
{
	GEOSContextHandle_t h = GEOS_init_r();
	GEOSGeoJSONReader *rd = GEOSGeoJSONReader_create_r(h);
	double t0 = now_s();

	for (size_t i = 0; i < l->n; i++)
		GEOSGeom_destroy_r(h, GEOSGeoJSONReader_readGeometry_r(
					      h, rd, l->shape[i].geojson));
	t0 = now_s() - t0;
	GEOSGeoJSONReader_destroy_r(h, rd);
	GEOS_finish_r(h);
	return t0;
}

/* Our reading of the same geometries (geojson_read_geometry), part of
 * every first render. */
static double time_read(const struct level *l)
{
	GEOSContextHandle_t h = GEOS_init_r();
	double t0 = now_s();
	char err[200];

	for (size_t i = 0; i < l->n; i++) {
		GEOSGeometry *g = NULL;

		if (geojson_read_geometry(h, l->shape[i].geojson, &g, err,
					  sizeof(err)) == 0)
			GEOSGeom_destroy_r(h, g);
	}
	t0 = now_s() - t0;
	GEOS_finish_r(h);
	return t0;
}

/* Build and write once; the figure's bytes in *bytes. */
static double time_first(const struct level *l, size_t *bytes)
{
	struct chart c = {.id = "b", .caption = "Per buurt", .decimals = 1};
	struct buf b;
	struct html h = {&b};
	struct svgmap *m;
	double t0 = now_s();

	buf_init(&b, 0);
	m = svgmap_build(l->shape, l->n, NULL, NULL, 0);
	chart_map(&h, &c, m, l->area, l->n, NULL, 0);
	t0 = now_s() - t0;
	*bytes = b.len;
	svgmap_free(m);
	buf_release(&b);
	return t0;
}

static double time_cached(struct svgmap_cache *cache, const struct level *l)
{
	struct chart c = {.id = "b", .caption = "Per buurt", .decimals = 1};
	struct buf b;
	struct html h = {&b};
	double t0 = now_s();

	buf_init(&b, 0);
	for (int r = 0; r < CACHED_REPS; r++) {
		const struct svgmap *m = svgmap_cache_get(
			cache, "GM0363/buurt", l->shape, l->n, NULL, NULL, 0);

		buf_reset(&b);
		chart_map(&h, &c, m, l->area, l->n, NULL, 0);
		svgmap_cache_release(cache, m);
	}
	t0 = (now_s() - t0) / CACHED_REPS;
	buf_release(&b);
	return t0;
}

static double time_fingerprint(const struct level *l)
{
	volatile uint64_t sink = 0;
	double t0 = now_s();

	for (int r = 0; r < CACHED_REPS; r++)
		sink ^= svgmap_fingerprint(l->shape, l->n, NULL);
	(void)sink;
	return (now_s() - t0) / CACHED_REPS;
}

static double time_memcpy(size_t bytes)
{
	char *src = malloc(bytes), *dst = malloc(bytes);
	volatile char sink = 0;
	double t0;

	memset(src, 'x', bytes);
	t0 = now_s();
	for (int r = 0; r < MEMCPY_REPS; r++) {
		src[r % bytes] = (char)r;
		memcpy(dst, src, bytes);
		sink ^= dst[(size_t)r % bytes];
	}
	t0 = (now_s() - t0) / MEMCPY_REPS;
	free(src);
	free(dst);
	(void)sink;
	return t0;
}

/* Path bytes at several tolerances and precisions. */
static void sizes(const struct level *l, const char *name)
{
	static const struct {
		double tol;
		int dec;
	} v[] = {{-1, 0}, {0.25, 0}, {0.5, 0}, {1, 0}, {2, 0}, {-1, 1}, {0.5, 1}};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct svgmap_opts o = {.tolerance = v[i].tol,
					.decimals = v[i].dec};
		struct svgmap *m = svgmap_build(l->shape, l->n, &o, NULL, 0);

		if (!m)
			continue;
		printf("svgmap.size level=%s areas=%zu width=800 tolerance=%g "
		       "decimals=%d path_bytes=%zu\n",
		       name, l->n, v[i].tol < 0 ? 0 : v[i].tol, v[i].dec,
		       svgmap_bytes(m));
		svgmap_free(m);
	}
}

int main(void)
{
	struct area_rec *a;
	size_t n, fig = 0, path;
	struct level buurt, wijk, stadsdeel;
	double best_first = 1e30, best_cached = 1e30, best_parse = 1e30,
	       best_copy = 1e30, best_fp = 1e30, best_read = 1e30;
	struct svgmap_cache *cache = svgmap_cache_new(8);
	struct svgmap *m;
	char err[512];

	if (amsterdam_areas(&a, &n, err, sizeof(err)) < 0) {
		fprintf(stderr, "bench_svgmap: %s\n", err);
		return 1;
	}
	level_of(a, n, AREA_BUURT, &buurt);
	level_of(a, n, AREA_WIJK, &wijk);
	level_of(a, n, AREA_STADSDEEL, &stadsdeel);
	m = svgmap_build(buurt.shape, buurt.n, NULL, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "bench_svgmap: %s\n", err);
		return 1;
	}
	path = svgmap_bytes(m);
	svgmap_free(m);
	for (int r = 0; r < ROUNDS; r++) {
		best_parse = fmin(best_parse, time_parse(&buurt));
		best_first = fmin(best_first, time_first(&buurt, &fig));
		best_cached = fmin(best_cached, time_cached(cache, &buurt));
		best_copy = fmin(best_copy, time_memcpy(fig));
		best_fp = fmin(best_fp, time_fingerprint(&buurt));
		best_read = fmin(best_read, time_read(&buurt));
	}
	printf("svgmap.render areas=%zu first_ms=%.2f cached_ms=%.3f "
	       "parse_ms=%.2f memcpy_ms=%.4f first_vs_parse=%.2f "
	       "cached_vs_parse=%.3f cached_vs_memcpy=%.0f figure_bytes=%zu "
	       "path_bytes=%zu fingerprint_ms=%.3f read_ms=%.2f\n",
	       buurt.n, best_first * 1e3, best_cached * 1e3, best_parse * 1e3,
	       best_copy * 1e3, best_first / best_parse,
	       best_cached / best_parse, best_cached / best_copy, fig, path,
	       best_fp * 1e3, best_read * 1e3);
	sizes(&buurt, "buurt");
	sizes(&wijk, "wijk");
	sizes(&stadsdeel, "stadsdeel");
	svgmap_cache_free(cache);
	free(buurt.shape);
	free(buurt.area);
	free(wijk.shape);
	free(wijk.area);
	free(stadsdeel.shape);
	free(stadsdeel.area);
	amsterdam_areas_free(a, n);
	return 0;
}
