/* geojson: see geojson.h.
 *
 * The document is parsed whole by jansson (bounded by max_bytes first), then
 * each feature is checked and turned into a GEOS geometry, so that validity
 * is judged by the same library that answers lookups later.  Geometries are
 * written back by our own writer because GEOS's GeoJSON writer has no
 * precision setting and 17 digits would triple the stored text for nothing. */
#include "geojson.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "proj.h"

enum crs { CRS_WGS84, CRS_RD };

static const struct {
	const char *name;
	enum crs crs;
} crs_names[] = {
	{ "urn:ogc:def:crs:OGC::CRS84", CRS_WGS84 },
	{ "urn:ogc:def:crs:OGC:1.3:CRS84", CRS_WGS84 },
	{ "EPSG:4326", CRS_WGS84 },
	{ "urn:ogc:def:crs:EPSG::4326", CRS_WGS84 },
	{ "EPSG:28992", CRS_RD },
	{ "urn:ogc:def:crs:EPSG::28992", CRS_RD },
};

struct reader {
	enum area_level level;
	const char *code_prop;
	const char *name_prop;
	const char *name_alt; /* fallback name property, or NULL */
	const char *parent_prop;
	size_t max_bytes;
	size_t max_features;
	size_t max_vertices;
	struct geoproj *rd; /* set when the file is in RD New */
	GEOSContextHandle_t h;
	char geos_msg[256]; /* last GEOS error, for messages */
	size_t vertices;    /* positions read so far, all features */
	size_t feature;     /* index of the feature being read */
	const char *code;   /* its code, once known to be valid */
	bool single;        /* geojson_read_geometry: no feature to name */
	double *xy;         /* scratch for one ring */
	size_t xy_cap;
	char *err;
	size_t errlen;
};

static void reader_geos_error(const char *msg, void *userdata)
{
	struct reader *r = userdata;

	snprintf(r->geos_msg, sizeof(r->geos_msg), "%s", msg);
}

static void reader_geos_notice(const char *msg, void *userdata)
{
	(void)msg;
	(void)userdata;
}

static void reader_init(struct reader *r, enum area_level level,
			const struct geojson_opts *o, char *err, size_t errlen)
{
	static const struct geojson_opts defaults;

	if (!o)
		o = &defaults;
	memset(r, 0, sizeof(*r));
	r->level = level;
	r->code_prop = o->code_prop ? o->code_prop : "code";
	r->name_prop = o->name_prop ? o->name_prop : "naam";
	r->name_alt = o->name_prop ? NULL : "name";
	r->parent_prop = o->parent_prop;
	r->max_bytes = o->max_bytes ? o->max_bytes : GEOJSON_MAX_BYTES;
	r->max_features =
		o->max_features ? o->max_features : GEOJSON_MAX_FEATURES;
	r->max_vertices =
		o->max_vertices ? o->max_vertices : GEOJSON_MAX_VERTICES;
	r->err = err;
	r->errlen = errlen;
	r->h = GEOS_init_r();
	if (!r->h)
		fatal("GEOS_init_r failed");
	GEOSContext_setErrorMessageHandler_r(r->h, reader_geos_error, r);
	GEOSContext_setNoticeMessageHandler_r(r->h, reader_geos_notice, r);
}

static void reader_release(struct reader *r)
{
	geoproj_free(r->rd);
	GEOS_finish_r(r->h);
	free(r->xy);
}

/* Message about the current feature: "feature 12 (code AA01): ...". */
__attribute__((format(printf, 2, 3)))
static int feat_fail(struct reader *r, const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->single)
		snprintf(r->err, r->errlen, "%s", msg);
	else if (r->code)
		snprintf(r->err, r->errlen, "feature %zu (code %s): %s",
			 r->feature, r->code, msg);
	else
		snprintf(r->err, r->errlen, "feature %zu: %s", r->feature, msg);
	return -1;
}

/* Echo a value from the file only when it is harmless in a message: short
 * printable ASCII without quotes or backslashes. */
static const char *shown(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 80)
		return "(not shown)";
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7e || s[i] == '"' || s[i] == '\\')
			return "(not shown)";
	return s;
}

static bool json_str_is(const json_t *v, const char *s)
{
	return json_is_string(v) && strcmp(json_string_value(v), s) == 0;
}

static int crs_resolve(struct reader *r, const json_t *root)
{
	const json_t *crs = json_object_get(root, "crs");
	const char *name;

	if (!crs || json_is_null(crs))
		return 0;
	name = json_string_value(json_object_get(
		json_object_get(crs, "properties"), "name"));
	if (!json_str_is(json_object_get(crs, "type"), "name") || !name) {
		snprintf(r->err, r->errlen,
			 "crs member must be "
			 "{\"type\":\"name\",\"properties\":{\"name\":...}}");
		return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(crs_names); i++) {
		if (strcasecmp(name, crs_names[i].name) != 0)
			continue;
		if (crs_names[i].crs == CRS_RD) {
			r->rd = geoproj_rd_new(r->err, r->errlen);
			return r->rd ? 0 : -1;
		}
		return 0;
	}
	snprintf(r->err, r->errlen,
		 "unsupported crs \"%s\": use WGS84 (no crs member, CRS84 or "
		 "EPSG:4326) or RD New (EPSG:28992)",
		 shown(name));
	return -1;
}

static int position_read(struct reader *r, const json_t *pos, double *xy)
{
	const json_t *x = json_array_get(pos, 0);
	const json_t *y = json_array_get(pos, 1);

	if (!json_is_array(pos) || !json_is_number(x) || !json_is_number(y))
		return feat_fail(r, "a position is not an array of numbers");
	xy[0] = json_number_value(x);
	xy[1] = json_number_value(y);
	if (!isfinite(xy[0]) || !isfinite(xy[1]))
		return feat_fail(r, "a position is not finite");
	if (r->rd)
		return 0;
	if (fabs(xy[0]) > 180 || fabs(xy[1]) > 90)
		return feat_fail(r, "position (%g, %g) is outside WGS84 "
				 "lon/lat; RD New data needs a crs member "
				 "naming EPSG:28992", xy[0], xy[1]);
	return 0;
}

static int ring_positions(struct reader *r, const json_t *ring, size_t n)
{
	if (n > r->max_vertices - r->vertices)
		return feat_fail(r, "more than %zu positions in the file",
				 r->max_vertices);
	r->vertices += n;
	if (2 * n > r->xy_cap) {
		r->xy_cap = 2 * n;
		r->xy = xrealloc(r->xy, r->xy_cap * sizeof(*r->xy));
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *pos = json_array_get(ring, i);

		if (position_read(r, pos, r->xy + 2 * i) < 0)
			return -1;
	}
	if (r->xy[0] != r->xy[2 * n - 2] || r->xy[1] != r->xy[2 * n - 1])
		return feat_fail(r, "a ring is not closed");
	if (r->rd && geoproj_rd_to_wgs84(r->rd, r->xy, n) < 0)
		return feat_fail(r, "RD New position could not be transformed");
	return 0;
}

static int ring_read(struct reader *r, const json_t *ring, GEOSGeometry **out)
{
	size_t n = json_array_size(ring);
	GEOSCoordSequence *seq;

	if (!json_is_array(ring))
		return feat_fail(r, "a ring is not an array");
	if (n < 4)
		return feat_fail(r, "a ring has %zu positions, needs 4 or "
				 "more", n);
	if (n > UINT_MAX)
		return feat_fail(r, "a ring is too long");
	if (ring_positions(r, ring, n) < 0)
		return -1;
	seq = GEOSCoordSeq_copyFromBuffer_r(r->h, r->xy, (unsigned)n, 0, 0);
	*out = seq ? GEOSGeom_createLinearRing_r(r->h, seq) : NULL;
	if (!*out)
		return feat_fail(r, "bad ring: %s", r->geos_msg);
	return 0;
}

static void geoms_destroy(GEOSContextHandle_t h, GEOSGeometry **g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (g[i])
			GEOSGeom_destroy_r(h, g[i]);
}

static int polygon_read(struct reader *r, const json_t *rings,
			GEOSGeometry **out)
{
	size_t n = json_array_size(rings);
	GEOSGeometry **ring;
	int ret = 0;

	if (!json_is_array(rings) || n == 0)
		return feat_fail(r, "a polygon has no rings");
	if (n > UINT_MAX)
		return feat_fail(r, "a polygon has too many rings");
	ring = xcalloc(n, sizeof(*ring));
	for (size_t i = 0; i < n && ret == 0; i++)
		ret = ring_read(r, json_array_get(rings, i), &ring[i]);
	if (ret == 0) {
		/* Takes the rings, not the array. */
		*out = GEOSGeom_createPolygon_r(r->h, ring[0], ring + 1,
						(unsigned)(n - 1));
		if (!*out)
			ret = feat_fail(r, "bad polygon: %s", r->geos_msg);
	} else {
		geoms_destroy(r->h, ring, n);
	}
	free(ring);
	return ret;
}

static int multipolygon_read(struct reader *r, const json_t *polys,
			     GEOSGeometry **out)
{
	size_t n = json_array_size(polys);
	GEOSGeometry **poly;
	int ret = 0;

	if (!json_is_array(polys) || n == 0)
		return feat_fail(r, "a MultiPolygon has no polygons");
	if (n > UINT_MAX)
		return feat_fail(r, "a MultiPolygon has too many polygons");
	poly = xcalloc(n, sizeof(*poly));
	for (size_t i = 0; i < n && ret == 0; i++)
		ret = polygon_read(r, json_array_get(polys, i), &poly[i]);
	if (ret == 0) {
		*out = GEOSGeom_createCollection_r(r->h, GEOS_MULTIPOLYGON,
						   poly, (unsigned)n);
		if (!*out)
			ret = feat_fail(r, "bad MultiPolygon: %s", r->geos_msg);
	} else {
		geoms_destroy(r->h, poly, n);
	}
	free(poly);
	return ret;
}

static int geometry_read(struct reader *r, const json_t *geom,
			 GEOSGeometry **out)
{
	const char *type = json_string_value(json_object_get(geom, "type"));
	const json_t *coords = json_object_get(geom, "coordinates");

	if (!json_is_object(geom))
		return feat_fail(r, "geometry missing or not an object");
	if (!type)
		return feat_fail(r, "geometry has no type");
	if (strcmp(type, "Polygon") == 0)
		return polygon_read(r, coords, out);
	if (strcmp(type, "MultiPolygon") == 0)
		return multipolygon_read(r, coords, out);
	return feat_fail(r, "geometry type %s not supported: Polygon or "
			 "MultiPolygon only", shown(type));
}

int geojson_read_geometry(GEOSContextHandle_t h, const char *text,
			  GEOSGeometry **out, char *err, size_t errlen)
{
	struct reader r;
	json_error_t jerr;
	json_t *geom;
	int ret;

	memset(&r, 0, sizeof(r));
	r.h = h;
	r.single = true;
	r.max_vertices = GEOJSON_MAX_VERTICES;
	r.err = err;
	r.errlen = errlen;
	*out = NULL;
	geom = text ? json_loads(text, 0, &jerr) : NULL;
	if (!geom) {
		snprintf(err, errlen, "not JSON (line %d, column %d)",
			 text ? jerr.line : 0, text ? jerr.column : 0);
		return -1;
	}
	ret = geometry_read(&r, geom, out);
	if (ret < 0)
		*out = NULL;
	json_decref(geom);
	free(r.xy);
	return ret;
}

static int geometry_check(struct reader *r, const GEOSGeometry *g)
{
	char valid = GEOSisValid_r(r->h, g);
	char *why;

	if (valid == 1)
		return 0;
	if (valid != 0)
		return feat_fail(r, "geometry could not be checked: %s",
				 r->geos_msg);
	why = GEOSisValidReason_r(r->h, g);
	feat_fail(r, "invalid geometry: %s", why ? why : "(no reason given)");
	GEOSFree_r(r->h, why);
	return -1;
}

static int geometry_store(struct reader *r, const json_t *geom,
			  struct area_rec *rec)
{
	GEOSGeometry *g;
	struct buf b;
	int ret;

	if (geometry_read(r, geom, &g) < 0)
		return -1;
	ret = geometry_check(r, g);
	if (ret == 0) {
		buf_init(&b, 0);
		ret = geojson_write_geometry(r->h, g, &b);
		if (ret == 0)
			rec->geojson = buf_detach(&b, NULL);
		else
			feat_fail(r, "geometry too large to write");
		buf_release(&b);
	}
	GEOSGeom_destroy_r(r->h, g);
	return ret;
}

/* A name goes into pages and into the SVG map, which is XML: besides
 * controls, the noncharacters U+FFFE and U+FFFF (EF BF BE, EF BF BF),
 * which jansson accepts as UTF-8 and XML 1.0 does not. */
static bool name_ok(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len < 1 || len > GEOJSON_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (u[i] < 0x20 || u[i] == 0x7f)
			return false;
		if (u[i] == 0xef && i + 2 < len && u[i + 1] == 0xbf &&
		    (u[i + 2] == 0xbe || u[i + 2] == 0xbf))
			return false;
	}
	return true;
}

static int code_read(struct reader *r, const json_t *props, const char *prop,
		     char **out)
{
	const char *s = json_string_value(json_object_get(props, prop));

	if (!s)
		return feat_fail(r, "property \"%s\" missing or not a "
				 "string", prop);
	if (!area_code_valid(s))
		return feat_fail(r, "property \"%s\" is not a valid code "
				 "(1..32 of A-Z a-z 0-9 _ -)", prop);
	*out = xstrdup(s);
	return 0;
}

/* A top-level area has no parent: null or absent is allowed. */
static int parent_read(struct reader *r, const json_t *props, char **out)
{
	const json_t *v;

	if (!r->parent_prop)
		return 0;
	v = json_object_get(props, r->parent_prop);
	if (!v || json_is_null(v))
		return 0;
	return code_read(r, props, r->parent_prop, out);
}

static int name_read(struct reader *r, const json_t *props, char **out)
{
	const char *prop = r->name_prop;
	const json_t *v = json_object_get(props, prop);

	if (!v && r->name_alt)
		v = json_object_get(props, prop = r->name_alt);
	if (!json_is_string(v))
		return feat_fail(r, "property \"%s\" missing or not a string",
				 r->name_prop);
	if (!name_ok(json_string_value(v), json_string_length(v)))
		return feat_fail(r, "property \"%s\" must be 1..%d bytes "
				 "without control characters or U+FFFE/U+FFFF", prop,
				 GEOJSON_NAME_MAX);
	*out = xstrdup(json_string_value(v));
	return 0;
}

static int feature_read(struct reader *r, const json_t *f, struct area_rec *rec)
{
	const json_t *props = json_object_get(f, "properties");

	if (!json_is_object(f) ||
	    !json_str_is(json_object_get(f, "type"), "Feature"))
		return feat_fail(r, "not a Feature object");
	if (!json_is_object(props))
		return feat_fail(r, "properties missing or not an object");
	rec->level = r->level;
	if (code_read(r, props, r->code_prop, &rec->code) < 0)
		return -1;
	r->code = rec->code;
	if (name_read(r, props, &rec->name) < 0)
		return -1;
	if (parent_read(r, props, &rec->parent_code) < 0)
		return -1;
	return geometry_store(r, json_object_get(f, "geometry"), rec);
}

struct code_at {
	const char *code;
	size_t idx;
};

static int code_at_cmp(const void *a, const void *b)
{
	const struct code_at *x = a, *y = b;
	int c = strcmp(x->code, y->code);

	if (c)
		return c;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Report the earliest feature whose code was used before it. */
static int duplicates_check(struct reader *r, const struct area_rec *recs,
			    size_t n)
{
	struct code_at *at = xcalloc(n, sizeof(*at));
	size_t dup = SIZE_MAX, first = 0, start = 0;

	for (size_t i = 0; i < n; i++)
		at[i] = (struct code_at){ recs[i].code, i };
	qsort(at, n, sizeof(*at), code_at_cmp);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(at[start].code, at[i].code) != 0) {
			start = i;
			continue;
		}
		if (at[i].idx < dup) {
			dup = at[i].idx;
			first = at[start].idx;
		}
	}
	free(at);
	if (dup == SIZE_MAX)
		return 0;
	r->feature = dup;
	r->code = recs[dup].code;
	return feat_fail(r, "duplicate code, also used by feature %zu", first);
}

static const json_t *collection_features(struct reader *r, const json_t *root)
{
	const json_t *features = json_object_get(root, "features");
	size_t n = json_array_size(features);

	if (!json_str_is(json_object_get(root, "type"), "FeatureCollection")) {
		snprintf(r->err, r->errlen, "not a GeoJSON FeatureCollection");
		return NULL;
	}
	if (!json_is_array(features) || n == 0) {
		snprintf(r->err, r->errlen,
			 "FeatureCollection has no features");
		return NULL;
	}
	if (n > r->max_features) {
		snprintf(r->err, r->errlen,
			 "%zu features, more than the limit of %zu", n,
			 r->max_features);
		return NULL;
	}
	return features;
}

static json_t *document_parse(struct reader *r, const char *data, size_t len)
{
	json_error_t jerr;
	json_t *root;

	if (len > r->max_bytes) {
		snprintf(r->err, r->errlen, "input is %zu bytes, more than the "
			 "limit of %zu", len, r->max_bytes);
		return NULL;
	}
	/* Duplicate keys would make "which code?" ambiguous: reject them. */
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		snprintf(r->err, r->errlen,
			 "not valid JSON: line %d, column %d: %s", jerr.line,
			 jerr.column, jerr.text);
	return root;
}

static int features_read(struct reader *r, const json_t *features,
			 struct area_rec *recs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		r->feature = i;
		r->code = NULL;
		if (feature_read(r, json_array_get(features, i), &recs[i]) < 0)
			return -1;
	}
	return duplicates_check(r, recs, n);
}

int geojson_read_areas(const char *data, size_t len, enum area_level level,
		       const struct geojson_opts *opts, struct area_rec **out,
		       size_t *n, char *err, size_t errlen)
{
	struct reader r;
	struct area_rec *recs = NULL;
	const json_t *features;
	json_t *root;
	size_t count = 0;
	int ret = -1;

	*out = NULL;
	*n = 0;
	reader_init(&r, level, opts, err, errlen);
	root = document_parse(&r, data, len);
	if (!root)
		goto out;
	features = collection_features(&r, root);
	if (!features || crs_resolve(&r, root) < 0)
		goto out;
	count = json_array_size(features);
	recs = xcalloc(count, sizeof(*recs));
	if (features_read(&r, features, recs, count) < 0)
		goto out;
	*out = recs;
	*n = count;
	recs = NULL;
	ret = 0;
out:
	geojson_areas_free(recs, count);
	json_decref(root);
	reader_release(&r);
	return ret;
}

void geojson_areas_free(struct area_rec *recs, size_t n)
{
	if (!recs)
		return;
	for (size_t i = 0; i < n; i++)
		area_rec_clear(&recs[i]);
	free(recs);
}

/* Shortest form of v rounded to 7 decimals: 4.8936000 -> 4.8936. */
static void coord_write(struct buf *b, double v)
{
	char s[400]; /* "%.7f" of DBL_MAX is 317 bytes */
	int n = snprintf(s, sizeof(s), "%.7f", v);

	while (n > 0 && s[n - 1] == '0')
		n--;
	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 2 && s[0] == '-' && s[1] == '0')
		buf_addc(b, '0');
	else
		buf_add(b, s, (size_t)n);
}

static int ring_write(GEOSContextHandle_t h, const GEOSGeometry *ring,
		      struct buf *b)
{
	const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(h, ring);
	unsigned int n = 0;
	double x, y;

	if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n))
		return -1;
	buf_addc(b, '[');
	for (unsigned int i = 0; i < n; i++) {
		if (!GEOSCoordSeq_getXY_r(h, seq, i, &x, &y) || !isfinite(x) ||
		    !isfinite(y))
			return -1;
		buf_adds(b, i ? ",[" : "[");
		coord_write(b, x);
		buf_addc(b, ',');
		coord_write(b, y);
		buf_addc(b, ']');
	}
	buf_addc(b, ']');
	return 0;
}

static int polygon_write(GEOSContextHandle_t h, const GEOSGeometry *poly,
			 struct buf *b)
{
	int holes = GEOSGetNumInteriorRings_r(h, poly);

	if (GEOSisEmpty_r(h, poly) == 1) {
		buf_adds(b, "[]");
		return 0;
	}
	if (holes < 0)
		return -1;
	buf_addc(b, '[');
	if (ring_write(h, GEOSGetExteriorRing_r(h, poly), b) < 0)
		return -1;
	for (int i = 0; i < holes; i++) {
		buf_addc(b, ',');
		if (ring_write(h, GEOSGetInteriorRingN_r(h, poly, i), b) < 0)
			return -1;
	}
	buf_addc(b, ']');
	return 0;
}

static int multipolygon_write(GEOSContextHandle_t h, const GEOSGeometry *g,
			      struct buf *b)
{
	int n = GEOSGetNumGeometries_r(h, g);

	if (n < 0)
		return -1;
	buf_addc(b, '[');
	for (int i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ',');
		if (polygon_write(h, GEOSGetGeometryN_r(h, g, i), b) < 0)
			return -1;
	}
	buf_addc(b, ']');
	return 0;
}

int geojson_write_geometry(GEOSContextHandle_t h, const GEOSGeometry *g,
			   struct buf *b)
{
	int type = GEOSGeomTypeId_r(h, g);
	struct buf tmp;
	int ret;

	if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON)
		return -1;
	/* Written aside so that b stays as it was on failure. */
	buf_init(&tmp, b->max);
	buf_adds(&tmp, type == GEOS_POLYGON ?
		 "{\"type\":\"Polygon\",\"coordinates\":" :
		 "{\"type\":\"MultiPolygon\",\"coordinates\":");
	if (type == GEOS_POLYGON)
		ret = polygon_write(h, g, &tmp);
	else
		ret = multipolygon_write(h, g, &tmp);
	buf_addc(&tmp, '}');
	if (ret == 0 && !tmp.overflow)
		buf_add(b, tmp.data, tmp.len);
	if (tmp.overflow || b->overflow)
		ret = -1;
	buf_release(&tmp);
	return ret;
}
