/* geojson: read area polygons from a GeoJSON FeatureCollection held in
 * memory, for the importer (bundled Amsterdam data and files uploaded by an
 * administrator), and write GEOS polygons back as GeoJSON text.
 *
 * Input is outside data, so everything is checked and bounded:
 *
 *   - at most GEOJSON_MAX_BYTES (64 MiB) of input, GEOJSON_MAX_FEATURES
 *     (100,000) features and GEOJSON_MAX_VERTICES (5,000,000) positions over
 *     all features; struct geojson_opts may lower (or raise) each, which the
 *     tests use instead of building huge files;
 *   - code: a string of 1..32 bytes [A-Za-z0-9_-] (area_code_valid), unique
 *     in the file;
 *   - name: a string of 1..GEOJSON_NAME_MAX (200) bytes of valid UTF-8
 *     (jansson rejects invalid UTF-8 and NUL while parsing) without control
 *     characters;
 *   - geometry: Polygon or MultiPolygon only, rings closed with at least 4
 *     positions, valid by GEOSisValid (no self-intersections etc.);
 *   - CRS: no "crs" member (RFC 7946), "urn:ogc:def:crs:OGC::CRS84",
 *     "urn:ogc:def:crs:OGC:1.3:CRS84" or EPSG:4326 ("EPSG:4326",
 *     "urn:ogc:def:crs:EPSG::4326") are read as WGS84 lon,lat.  For EPSG:4326
 *     the official axis order is lat,lon, but GeoJSON writers (GDAL, QGIS,
 *     the Amsterdam API) put lon,lat in the file whatever the crs member
 *     says, so we follow practice, not the registry.  "EPSG:28992" and
 *     "urn:ogc:def:crs:EPSG::28992" (RD New) are reprojected to WGS84 with
 *     geo/proj.  Any other crs is rejected.  WGS84 positions must lie within
 *     lon -180..180, lat -90..90, which also catches RD files that lack a
 *     crs member.
 *
 * All or nothing: on any error nothing is returned, everything is freed and
 * err names the feature by index (0-based) and by code when known, or the
 * JSON line and column for a syntax error. */
#ifndef WA_GEO_GEOJSON_H
#define WA_GEO_GEOJSON_H
#include <stddef.h>

#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>

#include "base/buf.h"
#include "domain/area.h"

#define GEOJSON_MAX_BYTES ((size_t)64 << 20)
#define GEOJSON_MAX_FEATURES ((size_t)100000)
#define GEOJSON_MAX_VERTICES ((size_t)5000000)
#define GEOJSON_NAME_MAX 200

/* Zero-initialise and set what differs from the defaults. */
struct geojson_opts {
	const char *code_prop;   /* NULL: "code" */
	const char *name_prop;   /* NULL: "naam", else "name" */
	const char *parent_prop; /* NULL: parent_code stays NULL; else the
				  * property holds a valid code, or is null
				  * or absent (parent_code NULL) */
	size_t max_bytes;        /* 0: GEOJSON_MAX_BYTES */
	size_t max_features;     /* 0: GEOJSON_MAX_FEATURES */
	size_t max_vertices;     /* 0: GEOJSON_MAX_VERTICES */
};

/* Read every feature of the FeatureCollection in data[0..len) as an area of
 * the given level.  opts may be NULL.  On success *out is a heap array of *n
 * records in file order, each with heap strings (area_rec_clear) and
 * geojson = the geometry as GeoJSON text in WGS84 (7 decimals); free with
 * geojson_areas_free.  Returns 0, or -1 with a message in err and *out
 * NULL, *n 0.  Thread-safe: each call has its own GEOS and PROJ contexts. */
int geojson_read_areas(const char *data, size_t len, enum area_level level,
		       const struct geojson_opts *opts, struct area_rec **out,
		       size_t *n, char *err, size_t errlen);

/* Clear and free n records returned by geojson_read_areas. */
void geojson_areas_free(struct area_rec *recs, size_t n);

/* One geometry object (NUL-terminated text, e.g. areas.geometry) as a GEOS
 * geometry made in the caller's context h, by the rules a feature's
 * geometry meets in geojson_read_areas: Polygon or MultiPolygon, closed
 * rings of 4 or more finite WGS84 lon,lat positions, at most
 * GEOJSON_MAX_VERTICES of them; but without GEOSisValid, which readers of
 * stored (validated) areas need not pay for.  Returns 0 and *out (free with
 * GEOSGeom_destroy_r), or -1 with a message in err and *out NULL.
 * Use this, not GEOSGeoJSONReader: GEOS 3.11's reader dereferences NULL on
 * an empty position ("[]"), found by tests/fuzz/fuzz_svgmap.c. */
int geojson_read_geometry(GEOSContextHandle_t h, const char *text,
			  GEOSGeometry **out, char *err, size_t errlen);

/* Append g, a Polygon or MultiPolygon in lon,lat, to b as a GeoJSON
 * geometry object with coordinates rounded to 7 decimals (about 1 cm).
 * Returns 0, or -1 for another geometry type (b unchanged) or when b
 * overflowed. */
int geojson_write_geometry(GEOSContextHandle_t h, const GEOSGeometry *g,
			   struct buf *b);

#endif
