/* svgmap: areas to SVG path data (see svgmap.h).  Three passes over the
 * areas: read each geometry with GEOS and grow the bounding box (checking
 * every position on the way), fix the projection from the box, then
 * project, simplify and write each area.  The cache at the end keeps
 * built maps by key and fingerprint, with a reference count so that a map
 * replaced while a page is being written stays alive until released. */
#include "geo/svgmap.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "geo/geojson.h"

/* Polygon nesting is 4 deep ({"coordinates": [[[[x, y]]]]} of a
 * MultiPolygon, 5 with the object); anything much deeper is not an area,
 * and is refused before a parser recurses into it. */
#define MAX_DEPTH 8
#define MAX_PATH_BYTES ((size_t)64 << 20)

struct svgmap {
	int width, height;
	size_t n, bytes;
	char **code, **path;
	/* owned by the cache */
	int refs, detached;
};

struct bbox {
	double x0, y0, x1, y1;
};

struct proj {
	double lon0, lat1, sx, sy;
};

struct build {
	GEOSContextHandle_t h;
	GEOSGeometry **geom;
	char msg[160]; /* GEOS's last error */
};

static void geos_error(const char *message, void *userdata)
{
	struct build *b = userdata;

	snprintf(b->msg, sizeof(b->msg), "%s", message);
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* The deepest nesting of [ and { outside strings. */
static int json_depth(const char *s)
{
	int depth = 0, max = 0, in_str = 0;

	for (; *s; s++) {
		if (in_str) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				in_str = 0;
		} else if (*s == '"') {
			in_str = 1;
		} else if (*s == '[' || *s == '{') {
			max = ++depth > max ? depth : max;
		} else if (*s == ']' || *s == '}') {
			depth--;
		}
	}
	return max;
}

static int project_xy(double *x, double *y, void *userdata)
{
	const struct proj *p = userdata;

	*x = SVGMAP_PAD + (*x - p->lon0) * p->sx;
	*y = SVGMAP_PAD + (p->lat1 - *y) * p->sy;
	return 1;
}

/* Read area i into b->geom[i] (by geojson_read_geometry: GEOS's own
 * GeoJSON reader crashes on some malformed input) and grow box. */
static int read_area(struct build *b, const struct svgmap_area *a, size_t i,
		     struct bbox *box, char *err, size_t errlen)
{
	const char *code = a->code ? a->code : "?";
	double x0, y0, x1, y1;
	char why[200];

	if (!a->geojson || json_depth(a->geojson) > MAX_DEPTH) {
		set_err(err, errlen, "area %zu (%s): no geometry, or nested "
				     "too deep",
			i, code);
		return -1;
	}
	if (geojson_read_geometry(b->h, a->geojson, &b->geom[i], why,
				  sizeof(why))) {
		set_err(err, errlen, "area %zu (%s): %s", i, code, why);
		return -1;
	}
	if (GEOSisEmpty_r(b->h, b->geom[i]) != 0 ||
	    !GEOSGeom_getXMin_r(b->h, b->geom[i], &x0) ||
	    !GEOSGeom_getYMin_r(b->h, b->geom[i], &y0) ||
	    !GEOSGeom_getXMax_r(b->h, b->geom[i], &x1) ||
	    !GEOSGeom_getYMax_r(b->h, b->geom[i], &y1)) {
		set_err(err, errlen, "area %zu (%s): empty geometry", i, code);
		return -1;
	}
	box->x0 = fmin(box->x0, x0);
	box->y0 = fmin(box->y0, y0);
	box->x1 = fmax(box->x1, x1);
	box->y1 = fmax(box->y1, y1);
	return 0;
}

/* Fit the box into width, x shrunk by cos(middle latitude).  A box of one
 * point still gets a scale (as if it were 1 m wide). */
static void fit(struct svgmap *m, struct proj *p, const struct bbox *b,
		int width)
{
	double c = cos((b->y0 + b->y1) / 2 * M_PI / 180);
	double dlon = fmax(b->x1 - b->x0, 1e-5);
	double dlat = fmax(b->y1 - b->y0, 1e-5);
	double k = (width - 2 * SVGMAP_PAD) / (dlon * c);

	if (dlat * k > 4.0 * width) /* a north-south sliver: fit the height */
		k = 4.0 * width / dlat;
	p->lon0 = b->x0;
	p->lat1 = b->y1;
	p->sx = k * c;
	p->sy = k;
	m->width = width;
	m->height = (int)ceil(dlat * k) + 2 * SVGMAP_PAD;
}

/* A number of the path: in units of 10^-decimals, written as a decimal;
 * a space before it unless it follows a letter or starts with '-'. */
static void put_num(struct buf *o, long v, int decimals, int after_letter)
{
	long a = v < 0 ? -v : v;

	if (v < 0)
		buf_addc(o, '-');
	else if (!after_letter)
		buf_addc(o, ' ');
	if (decimals == 0) {
		buf_addf(o, "%ld", a);
		return;
	}
	buf_addf(o, "%ld", a / 10);
	if (a % 10)
		buf_addf(o, ".%ld", a % 10);
}

/* One ring as "M x y l dx dy ... z", repeated points and the closing
 * point left out (z draws it). */
static int put_ring(GEOSContextHandle_t h, const GEOSGeometry *ring,
		    struct buf *o, int decimals)
{
	const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
	double scale = decimals ? 10 : 1, x, y;
	long px = 0, py = 0, x0 = 0, y0 = 0, ix, iy, n = 0;
	unsigned size = 0;

	if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &size))
		return -1;
	for (unsigned i = 0; i < size; i++) {
		if (!GEOSCoordSeq_getXY_r(h, cs, i, &x, &y))
			return -1;
		ix = lround(x * scale);
		iy = lround(y * scale);
		if (n == 0) {
			buf_addc(o, 'M');
			put_num(o, ix, decimals, 1);
			put_num(o, iy, decimals, 0);
			x0 = ix;
			y0 = iy;
		} else if ((ix == px && iy == py) ||
			   (i + 1 == size && ix == x0 && iy == y0)) {
			continue;
		} else {
			if (n == 1)
				buf_addc(o, 'l');
			put_num(o, ix - px, decimals, n == 1);
			put_num(o, iy - py, decimals, 0);
		}
		px = ix;
		py = iy;
		n++;
	}
	if (n)
		buf_addc(o, 'z');
	return 0;
}

static int put_polygon(GEOSContextHandle_t h, const GEOSGeometry *poly,
		       struct buf *o, int decimals)
{
	int holes = GEOSGetNumInteriorRings_r(h, poly);

	if (holes < 0 ||
	    put_ring(h, GEOSGetExteriorRing_r(h, poly), o, decimals))
		return -1;
	for (int i = 0; i < holes; i++)
		if (put_ring(h, GEOSGetInteriorRingN_r(h, poly, i), o,
			     decimals))
			return -1;
	return 0;
}

/* Project, simplify, write: the path data of one area into o. */
static int put_area(struct build *b, const GEOSGeometry *g,
		    const struct proj *p, const struct svgmap_opts *o,
		    struct buf *out)
{
	GEOSGeometry *flat, *simple;
	int parts, rc = 0;

	flat = GEOSGeom_transformXY_r(b->h, g, project_xy, (void *)p);
	if (!flat)
		return -1;
	simple = o->tolerance > 0
			 ? GEOSTopologyPreserveSimplify_r(b->h, flat,
							  o->tolerance)
			 : flat;
	if (!simple) {
		GEOSGeom_destroy_r(b->h, flat);
		return -1;
	}
	parts = GEOSGetNumGeometries_r(b->h, simple);
	for (int i = 0; rc == 0 && i < parts; i++) {
		const GEOSGeometry *poly = GEOSGetGeometryN_r(b->h, simple, i);

		rc = GEOSGeomTypeId_r(b->h, poly) == GEOS_POLYGON
			     ? put_polygon(b->h, poly, out, o->decimals)
			     : -1;
	}
	if (simple != flat)
		GEOSGeom_destroy_r(b->h, simple);
	GEOSGeom_destroy_r(b->h, flat);
	return parts < 0 ? -1 : rc;
}

static int opts_norm(const struct svgmap_opts *in, struct svgmap_opts *o,
		     char *err, size_t errlen)
{
	*o = in ? *in : (struct svgmap_opts){0};
	if (o->width == 0)
		o->width = SVGMAP_WIDTH;
	if (o->tolerance == 0)
		o->tolerance = SVGMAP_TOLERANCE;
	if (o->width < 16 || o->width > 8000 || !(o->tolerance <= 50) ||
	    o->decimals < 0 || o->decimals > 1) {
		set_err(err, errlen, "svgmap: width 16..8000, tolerance "
				     "up to 50, decimals 0 or 1");
		return -1;
	}
	return 0;
}

static void build_release(struct build *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b->geom[i])
			GEOSGeom_destroy_r(b->h, b->geom[i]);
	free(b->geom);
	GEOS_finish_r(b->h);
}

static int write_all(struct build *b, struct svgmap *m,
		     const struct svgmap_area *areas, const struct proj *p,
		     const struct svgmap_opts *o, char *err, size_t errlen)
{
	struct buf path;

	buf_init(&path, MAX_PATH_BYTES);
	for (size_t i = 0; i < m->n; i++) {
		buf_reset(&path);
		if (put_area(b, b->geom[i], p, o, &path) || path.overflow) {
			set_err(err, errlen, "area %zu (%s): cannot simplify "
					     "or write: %s",
				i,
				areas[i].code ? areas[i].code : "?", b->msg);
			buf_release(&path);
			return -1;
		}
		m->path[i] = xstrdup(buf_str(&path));
		m->code[i] = xstrdup(areas[i].code ? areas[i].code : "");
		m->bytes += path.len;
	}
	buf_release(&path);
	return 0;
}

struct svgmap *svgmap_build(const struct svgmap_area *areas, size_t n,
			    const struct svgmap_opts *opts, char *err,
			    size_t errlen)
{
	struct build b = {0};
	struct bbox box = {INFINITY, INFINITY, -INFINITY, -INFINITY};
	struct svgmap_opts o;
	struct svgmap *m = NULL;
	struct proj p;

	if (opts_norm(opts, &o, err, errlen))
		return NULL;
	if (n == 0 || n > SVGMAP_MAX_AREAS) {
		set_err(err, errlen, "svgmap: 1..%d areas", SVGMAP_MAX_AREAS);
		return NULL;
	}
	b.h = GEOS_init_r();
	GEOSContext_setErrorMessageHandler_r(b.h, geos_error, &b);
	b.geom = xcalloc(n, sizeof(*b.geom));
	for (size_t i = 0; i < n; i++)
		if (read_area(&b, &areas[i], i, &box, err, errlen))
			goto out;
	m = xcalloc(1, sizeof(*m));
	m->n = n;
	m->code = xcalloc(n, sizeof(*m->code));
	m->path = xcalloc(n, sizeof(*m->path));
	fit(m, &p, &box, o.width);
	if (write_all(&b, m, areas, &p, &o, err, errlen)) {
		svgmap_free(m);
		m = NULL;
	}
out:
	build_release(&b, n);
	return m;
}

int svgmap_width(const struct svgmap *m)
{
	return m->width;
}

int svgmap_height(const struct svgmap *m)
{
	return m->height;
}

size_t svgmap_count(const struct svgmap *m)
{
	return m->n;
}

const char *svgmap_code(const struct svgmap *m, size_t i)
{
	return i < m->n ? m->code[i] : NULL;
}

const char *svgmap_path(const struct svgmap *m, size_t i)
{
	return i < m->n ? m->path[i] : NULL;
}

size_t svgmap_bytes(const struct svgmap *m)
{
	return m->bytes;
}

void svgmap_free(struct svgmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->code[i]);
		free(m->path[i]);
	}
	free(m->code);
	free(m->path);
	free(m);
}

/* --- fingerprint and cache ------------------------------------------ */

static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3u;
	}
	return h;
}

uint64_t svgmap_fingerprint(const struct svgmap_area *areas, size_t n,
			    const struct svgmap_opts *opts)
{
	struct svgmap_opts o = opts ? *opts : (struct svgmap_opts){0};
	uint64_t h = 0xcbf29ce484222325u;

	h = fnv(h, &n, sizeof(n));
	h = fnv(h, &o.width, sizeof(o.width));
	h = fnv(h, &o.tolerance, sizeof(o.tolerance));
	h = fnv(h, &o.decimals, sizeof(o.decimals));
	for (size_t i = 0; i < n; i++) {
		const char *c = areas[i].code ? areas[i].code : "";
		const char *g = areas[i].geojson ? areas[i].geojson : "";

		h = fnv(h, c, strlen(c) + 1);
		h = fnv(h, g, strlen(g) + 1);
	}
	return h;
}

struct entry {
	char *key;
	uint64_t fp, used;
	struct svgmap *m;
};

struct svgmap_cache {
	pthread_mutex_t mu;
	struct entry *e;
	size_t n, max;
	uint64_t tick;
};

struct svgmap_cache *svgmap_cache_new(size_t max_entries)
{
	struct svgmap_cache *c = xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->mu, NULL);
	c->max = max_entries ? max_entries : 1;
	c->e = xcalloc(c->max, sizeof(*c->e));
	return c;
}

/* Out of the cache: freed now, or by the last release. */
static void detach(struct svgmap *m)
{
	if (m->refs == 0)
		svgmap_free(m);
	else
		m->detached = 1;
}

static void drop(struct svgmap_cache *c, size_t i)
{
	detach(c->e[i].m);
	free(c->e[i].key);
	c->e[i] = c->e[--c->n];
}

static size_t find(const struct svgmap_cache *c, const char *key)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->e[i].key, key) == 0)
			return i;
	return c->n;
}

static void insert(struct svgmap_cache *c, const char *key, uint64_t fp,
		   struct svgmap *m)
{
	size_t i = find(c, key), lru = 0;

	if (i < c->n)
		drop(c, i);
	if (c->n == c->max) {
		for (size_t j = 1; j < c->n; j++)
			if (c->e[j].used < c->e[lru].used)
				lru = j;
		drop(c, lru);
	}
	c->e[c->n++] = (struct entry){xstrdup(key), fp, ++c->tick, m};
}

const struct svgmap *svgmap_cache_get(struct svgmap_cache *c, const char *key,
				      const struct svgmap_area *areas,
				      size_t n, const struct svgmap_opts *opts,
				      char *err, size_t errlen)
{
	uint64_t fp;
	struct svgmap *m = NULL;
	size_t i;

	if (!key) {
		set_err(err, errlen, "svgmap: no cache key");
		return NULL;
	}
	fp = svgmap_fingerprint(areas, n, opts);
	pthread_mutex_lock(&c->mu);
	i = find(c, key);
	if (i < c->n && c->e[i].fp == fp) {
		m = c->e[i].m;
		c->e[i].used = ++c->tick;
	} else {
		m = svgmap_build(areas, n, opts, err, errlen);
		if (m)
			insert(c, key, fp, m);
	}
	if (m)
		m->refs++;
	pthread_mutex_unlock(&c->mu);
	return m;
}

void svgmap_cache_release(struct svgmap_cache *c, const struct svgmap *cm)
{
	struct svgmap *m = (struct svgmap *)cm;

	if (!m)
		return;
	pthread_mutex_lock(&c->mu);
	if (--m->refs == 0 && m->detached)
		svgmap_free(m);
	pthread_mutex_unlock(&c->mu);
}

void svgmap_cache_clear(struct svgmap_cache *c)
{
	pthread_mutex_lock(&c->mu);
	while (c->n)
		drop(c, c->n - 1);
	pthread_mutex_unlock(&c->mu);
}

void svgmap_cache_free(struct svgmap_cache *c)
{
	if (!c)
		return;
	svgmap_cache_clear(c);
	pthread_mutex_destroy(&c->mu);
	free(c->e);
	free(c);
}
