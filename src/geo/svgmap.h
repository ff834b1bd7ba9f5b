/* svgmap: the areas of one level (518 buurten, 99 wijken, 7+1
 * stadsdelen ...) as SVG path data in one fixed viewBox, for the
 * choropleth of the public dashboards (views/chart.h, chart_map).
 *
 * From each area's GeoJSON geometry (areas.geometry: a Polygon or
 * MultiPolygon in WGS84 lon/lat) to one path:
 *
 *   - projection: equirectangular with x scaled by the cosine of the
 *     middle latitude, as the report form's map (views/map.h) does.  Over
 *     a city the scale differs by under 0.4% from edge to edge (Amsterdam:
 *     cos 52.28 / cos 52.43), a pixel at 800 px, so a conformal projection
 *     (RD New through PROJ) would draw the same picture at the cost of a
 *     PROJ context per build; and the two maps of the site agree;
 *   - simplification: GEOS topology-preserving simplification in pixels
 *     (tolerance SVGMAP_TOLERANCE, half a pixel), which keeps every area a
 *     valid polygon; neighbours are simplified one by one, so their shared
 *     edges may part by up to the tolerance, less than the stroke;
 *   - coordinates: relative moves in whole pixels or tenths (decimals),
 *     repeated points dropped.  docs/charts.md has the bytes measured.
 *
 * Path data holds only the characters "Mlz0123456789.- ", so it may be
 * written as an attribute value (html_value) without any change.
 *
 * Building takes tens of milliseconds for the buurten; struct
 * svgmap_cache keeps each built map per key (e.g. "GM0363/buurt") and
 * checks a fingerprint of its input on every get, so a changed area
 * (an import) is never served from the cache; svgmap_cache_clear drops
 * everything at once. */
#ifndef WA_GEO_SVGMAP_H
#define WA_GEO_SVGMAP_H
#include <stddef.h>
#include <stdint.h>

#define SVGMAP_WIDTH 800
#define SVGMAP_TOLERANCE 0.5
#define SVGMAP_PAD 4
#define SVGMAP_MAX_AREAS 100000

struct svgmap_area {
	const char *code;    /* copied into the map */
	const char *geojson; /* Polygon or MultiPolygon, WGS84 lon,lat */
};

/* Zero-initialise; 0 means the default. */
struct svgmap_opts {
	int width;        /* of the viewBox: 16..8000; 0: SVGMAP_WIDTH */
	double tolerance; /* in pixels, 0..50; 0: SVGMAP_TOLERANCE; <0: none */
	int decimals;     /* of the coordinates: 0 or 1 */
};

struct svgmap;

/* Project, simplify and write the n areas (1..SVGMAP_MAX_AREAS).
 * Returns the map, or NULL with a message in err naming the area (by
 * index and code) when a geometry does not parse, is not a Polygon or
 * MultiPolygon, has a position that is not finite or out of lon/lat range,
 * or when an option is out of range.  Thread-safe (its own GEOS
 * context). */
struct svgmap *svgmap_build(const struct svgmap_area *areas, size_t n,
			    const struct svgmap_opts *opts, char *err,
			    size_t errlen);

int svgmap_width(const struct svgmap *m);
int svgmap_height(const struct svgmap *m);
size_t svgmap_count(const struct svgmap *m);
/* The i-th area (input order): its code and its path data. */
const char *svgmap_code(const struct svgmap *m, size_t i);
const char *svgmap_path(const struct svgmap *m, size_t i);
/* The path data of all areas together, in bytes. */
size_t svgmap_bytes(const struct svgmap *m);
void svgmap_free(struct svgmap *m);

/* A fingerprint of the input (codes, geometries, options): 64-bit
 * FNV-1a. */
uint64_t svgmap_fingerprint(const struct svgmap_area *areas, size_t n,
			    const struct svgmap_opts *opts);

/* --- the cache ------------------------------------------------------ */

struct svgmap_cache;

/* At most max_entries maps (least recently used go first). */
struct svgmap_cache *svgmap_cache_new(size_t max_entries);
/* The map for key built from these areas: the kept one when its
 * fingerprint matches, else a new build that replaces it.  The map stays
 * valid until svgmap_cache_release, even when another thread replaces or
 * clears it meanwhile.  NULL with a message in err as svgmap_build.
 * Thread-safe; one build at a time per cache. */
const struct svgmap *svgmap_cache_get(struct svgmap_cache *c, const char *key,
				      const struct svgmap_area *areas,
				      size_t n, const struct svgmap_opts *opts,
				      char *err, size_t errlen);
void svgmap_cache_release(struct svgmap_cache *c, const struct svgmap *m);
/* Drop every kept map (after an import of areas). */
void svgmap_cache_clear(struct svgmap_cache *c);
/* Every map must have been released. */
void svgmap_cache_free(struct svgmap_cache *c);

#endif
