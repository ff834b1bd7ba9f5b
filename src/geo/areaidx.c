/* areaidx: see areaidx.h.
 *
 * An STRtree over the buurt envelopes gives the few candidates whose box
 * holds the point; a prepared polygon per buurt (indexed point-in-area
 * locator) decides.  Each buurt's chain is computed at build time, so a
 * hit costs one struct copy. */
#include "areaidx.h"
#include "geo/geojson.h"

#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* STRtree node capacity: GEOS's own default. */
#define TREE_NODE_CAPACITY 10

struct entry {
	struct area_node node;
	char *code;
	char *name;
	char *parent_code;
	GEOSGeometry *geom;                /* buurten only */
	const GEOSPreparedGeometry *prep;  /* buurten only, after build */
	struct area_chain chain;           /* buurten only, after build */
	double pt_lat, pt_lon;             /* buurten: a point inside it */
	char pt_text[2][24];               /* the same, "%.6f": lat, lon */
};

struct areaidx {
	GEOSContextHandle_t h; /* for add and build; after build only free */
	struct entry **v;      /* pointers, so that nodes never move */
	size_t n;
	size_t cap;
	/* by code, after build: open addressing on text_hash, a power of
	 * two at least twice n (a list of 1,000 Open311 requests looks up
	 * the buurt of each: the bsearch's strcmps were 8% of its time) */
	struct entry **by_code;
	size_t code_mask;
	GEOSSTRtree *tree;
	size_t count[AREA_LEVELS];
	bool built;
	bool failed; /* a build failed half-way: only free is left */
};

static pthread_once_t ctx_once = PTHREAD_ONCE_INIT;
static pthread_key_t ctx_key;

/* GEOS 3.11 gives every context handle the same default GeometryFactory
 * and counts references to it in a plain int: making or destroying any
 * geometry, in any context, writes that shared counter, and GEOS_init_r
 * writes a global interrupt flag (helgrind reports both).  The count never
 * frees the default factory, so the race is harmless in effect, but
 * lookups must not race among themselves: the query point's birth and
 * death, and thread contexts, are made under this lock.  Queries on the
 * tree and the prepared polygons take no lock. */
static pthread_mutex_t geos_shared = PTHREAD_MUTEX_INITIALIZER;

static void ctx_finish(void *h)
{
	pthread_mutex_lock(&geos_shared);
	GEOS_finish_r(h);
	pthread_mutex_unlock(&geos_shared);
}

static void ctx_key_make(void)
{
	if (pthread_key_create(&ctx_key, ctx_finish) != 0)
		fatal("pthread_key_create failed");
}

/* This thread's GEOS context for query points; see areaidx.h. */
static GEOSContextHandle_t ctx_get(void)
{
	GEOSContextHandle_t h;

	pthread_once(&ctx_once, ctx_key_make);
	h = pthread_getspecific(ctx_key);
	if (h)
		return h;
	pthread_mutex_lock(&geos_shared);
	h = GEOS_init_r();
	pthread_mutex_unlock(&geos_shared);
	if (!h || pthread_setspecific(ctx_key, h) != 0)
		fatal("cannot make a GEOS context for this thread");
	return h;
}

struct areaidx *areaidx_new(void)
{
	struct areaidx *x = xcalloc(1, sizeof(*x));

	x->h = GEOS_init_r();
	if (!x->h)
		fatal("GEOS_init_r failed");
	return x;
}

static int rec_check(const struct area_rec *r, char *err, size_t errlen)
{
	if ((unsigned)r->level >= AREA_LEVELS || !area_code_valid(r->code)) {
		snprintf(err, errlen, "area with a bad level or code");
		return -1;
	}
	if (!r->name || !*r->name ||
	    (r->parent_code && !area_code_valid(r->parent_code))) {
		snprintf(err, errlen, "area %s: no name or a bad parent code",
			 r->code);
		return -1;
	}
	if (r->level == AREA_BUURT && !r->geojson) {
		snprintf(err, errlen, "buurt %s has no geometry", r->code);
		return -1;
	}
	return 0;
}

static GEOSGeometry *buurt_geometry(GEOSContextHandle_t h, const char *code,
				    const char *text, char *err, size_t errlen)
{
	GEOSGeometry *g = NULL;
	char why[160];
	int type;

	/* our reader, not GEOS's (geo/geojson.h says why) */
	if (geojson_read_geometry(h, text, &g, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "buurt %s: %s", code, why);
		return NULL;
	}
	type = GEOSGeomTypeId_r(h, g);
	if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) {
		if (GEOSisValid_r(h, g) == 1)
			return g;
		snprintf(err, errlen, "buurt %s: invalid geometry", code);
	} else {
		snprintf(err, errlen, "buurt %s: geometry is not a Polygon or "
			 "MultiPolygon", code);
	}
	if (g)
		GEOSGeom_destroy_r(h, g);
	return NULL;
}

int areaidx_add(struct areaidx *x, const struct area_rec *r, char *err,
		size_t errlen)
{
	struct entry *e;
	GEOSGeometry *g = NULL;

	if (x->built || x->failed) {
		snprintf(err, errlen, "area index is %s", x->built ?
			 "built and read-only" : "broken by a failed build");
		return -1;
	}
	if (rec_check(r, err, errlen) < 0)
		return -1;
	if (r->level == AREA_BUURT) {
		g = buurt_geometry(x->h, r->code, r->geojson, err, errlen);
		if (!g)
			return -1;
	}
	e = xcalloc(1, sizeof(*e));
	e->code = xstrdup(r->code);
	e->name = xstrdup(r->name);
	e->parent_code = r->parent_code ? xstrdup(r->parent_code) : NULL;
	e->geom = g;
	e->node = (struct area_node){ r->level, e->code, e->name, NULL };
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 256;
		x->v = xrealloc(x->v, x->cap * sizeof(*x->v));
	}
	x->v[x->n++] = e;
	x->count[r->level]++;
	return 0;
}

static const struct entry *entry_find(const struct areaidx *x, const char *code)
{
	for (size_t i = text_hash(code) & x->code_mask;; i = (i + 1) & x->code_mask) {
		const struct entry *e = x->by_code[i];

		if (!e || strcmp(e->code, code) == 0)
			return e;
	}
}

static int codes_index(struct areaidx *x, char *err, size_t errlen)
{
	size_t size = 16;

	while (size < 2 * x->n)
		size *= 2;
	x->by_code = xcalloc(size, sizeof(*x->by_code));
	x->code_mask = size - 1;
	for (size_t k = 0; k < x->n; k++) {
		size_t i = text_hash(x->v[k]->code) & x->code_mask;

		for (; x->by_code[i]; i = (i + 1) & x->code_mask)
			if (strcmp(x->by_code[i]->code, x->v[k]->code) == 0) {
				snprintf(err, errlen, "duplicate area code %s",
					 x->v[k]->code);
				return -1;
			}
		x->by_code[i] = x->v[k];
	}
	return 0;
}

static int parents_link(struct areaidx *x, char *err, size_t errlen)
{
	for (size_t i = 0; i < x->n; i++) {
		struct entry *e = x->v[i];
		const struct entry *p;

		if (!e->parent_code)
			continue;
		p = entry_find(x, e->parent_code);
		if (!p) {
			snprintf(err, errlen, "%s %s: unknown parent %s",
				 area_level_name(e->node.level), e->code,
				 e->parent_code);
			return -1;
		}
		/* Levels rise strictly, so chains cannot loop. */
		if (p->node.level <= e->node.level) {
			snprintf(err, errlen, "%s %s: parent %s is a %s",
				 area_level_name(e->node.level), e->code,
				 p->code, area_level_name(p->node.level));
			return -1;
		}
		e->node.parent = &p->node;
	}
	return 0;
}

static void chain_fill(struct entry *e)
{
	for (const struct area_node *a = &e->node; a; a = a->parent)
		e->chain.at[a->level] = a;
}

/* Run once what GEOS would otherwise build lazily during concurrent
 * lookups: the prepared polygon's point locator and its segment index. */
static int prepared_warm(GEOSContextHandle_t h, struct entry *e, char *err,
			 size_t errlen)
{
	GEOSGeometry *pt = GEOSPointOnSurface_r(h, e->geom);
	int in, on;

	if (!pt) {
		snprintf(err, errlen, "buurt %s: no interior point", e->code);
		return -1;
	}
	in = GEOSPreparedContains_r(h, e->prep, pt);
	on = GEOSPreparedIntersects_r(h, e->prep, pt);
	/* kept as the buurt's representative point (areaidx_point) */
	if (GEOSGeomGetX_r(h, pt, &e->pt_lon) != 1 ||
	    GEOSGeomGetY_r(h, pt, &e->pt_lat) != 1)
		in = 0;
	GEOSGeom_destroy_r(h, pt);
	snprintf(e->pt_text[0], sizeof(e->pt_text[0]), "%.6f", e->pt_lat);
	snprintf(e->pt_text[1], sizeof(e->pt_text[1]), "%.6f", e->pt_lon);
	if (in != 1 || on != 1) {
		snprintf(err, errlen, "buurt %s: does not contain its own "
			 "interior point", e->code);
		return -1;
	}
	return 0;
}

static void tree_visit_nothing(void *item, void *userdata)
{
	(void)item;
	(void)userdata;
}

static int buurten_prepare(struct areaidx *x, char *err, size_t errlen)
{
	GEOSGeometry *any;

	x->tree = GEOSSTRtree_create_r(x->h, TREE_NODE_CAPACITY);
	if (!x->tree)
		fatal("GEOSSTRtree_create_r failed");
	for (size_t i = 0; i < x->n; i++) {
		struct entry *e = x->v[i];

		if (e->node.level != AREA_BUURT)
			continue;
		chain_fill(e);
		e->prep = GEOSPrepare_r(x->h, e->geom);
		if (!e->prep)
			fatal("GEOSPrepare_r failed");
		if (prepared_warm(x->h, e, err, errlen) < 0)
			return -1;
		GEOSSTRtree_insert_r(x->h, x->tree, e->geom, e);
	}
	/* The tree is packed on its first query; do that here, not in a
	 * lookup racing with others. */
	any = GEOSGeom_createPointFromXY_r(x->h, 0, 0);
	GEOSSTRtree_query_r(x->h, x->tree, any, tree_visit_nothing, NULL);
	GEOSGeom_destroy_r(x->h, any);
	return 0;
}

int areaidx_build(struct areaidx *x, char *err, size_t errlen)
{
	if (x->built || x->failed) {
		snprintf(err, errlen, "area index is %s", x->built ?
			 "already built" : "broken by a failed build");
		return -1;
	}
	if (codes_index(x, err, errlen) < 0 ||
	    parents_link(x, err, errlen) < 0 ||
	    buurten_prepare(x, err, errlen) < 0) {
		/* Half-linked and half-prepared: not worth undoing. */
		x->failed = true;
		return -1;
	}
	x->built = true;
	return 0;
}

struct query {
	GEOSContextHandle_t h;
	const GEOSGeometry *pt;
	const struct entry *hit;
};

static void query_visit(void *item, void *userdata)
{
	struct query *q = userdata;
	const struct entry *e = item;

	/* The tree has no early exit; later candidates are skipped here. */
	if (!q->hit && GEOSPreparedIntersects_r(q->h, e->prep, q->pt) == 1)
		q->hit = e;
}

int areaidx_lookup(const struct areaidx *x, double lat, double lon,
		   struct area_chain *out)
{
	struct query q = { 0 };
	GEOSGeometry *pt;

	memset(out, 0, sizeof(*out));
	if (!x->built || !isfinite(lat) || !isfinite(lon) || fabs(lat) > 90 ||
	    fabs(lon) > 180)
		return -1;
	q.h = ctx_get();
	pthread_mutex_lock(&geos_shared);
	pt = GEOSGeom_createPointFromXY_r(q.h, lon, lat);
	pthread_mutex_unlock(&geos_shared);
	if (!pt)
		fatal("GEOSGeom_createPointFromXY_r failed");
	q.pt = pt;
	GEOSSTRtree_query_r(q.h, x->tree, pt, query_visit, &q);
	pthread_mutex_lock(&geos_shared);
	GEOSGeom_destroy_r(q.h, pt);
	pthread_mutex_unlock(&geos_shared);
	if (!q.hit)
		return -1;
	*out = q.hit->chain;
	return 0;
}

int areaidx_point(const struct areaidx *x, const char *code, double *lat,
		  double *lon)
{
	const struct area_node *n = areaidx_find(x, code);

	return n ? areaidx_node_point(n, lat, lon, NULL, NULL) : -1;
}

int areaidx_node_point(const struct area_node *node, double *lat,
		       double *lon, const char **lat_text,
		       const char **lon_text)
{
	/* node is the first member of its entry (areaidx_find's) */
	const struct entry *e = (const struct entry *)node;

	if (node->level != AREA_BUURT)
		return -1;
	*lat = e->pt_lat;
	*lon = e->pt_lon;
	if (lat_text)
		*lat_text = e->pt_text[0];
	if (lon_text)
		*lon_text = e->pt_text[1];
	return 0;
}

const struct area_node *areaidx_find(const struct areaidx *x, const char *code)
{
	const struct entry *e;

	if (!x->built || !code)
		return NULL;
	e = entry_find(x, code);
	return e ? &e->node : NULL;
}

size_t areaidx_count(const struct areaidx *x, enum area_level level)
{
	return (unsigned)level < AREA_LEVELS ? x->count[level] : 0;
}

static void entry_free(GEOSContextHandle_t h, struct entry *e)
{
	if (e->prep)
		GEOSPreparedGeom_destroy_r(h, e->prep);
	if (e->geom)
		GEOSGeom_destroy_r(h, e->geom);
	free(e->code);
	free(e->name);
	free(e->parent_code);
	free(e);
}

void areaidx_free(struct areaidx *x)
{
	if (!x)
		return;
	/* The tree refers to the geometries: it goes first. */
	if (x->tree)
		GEOSSTRtree_destroy_r(x->h, x->tree);
	for (size_t i = 0; i < x->n; i++)
		entry_free(x->h, x->v[i]);
	free(x->v);
	free(x->by_code);
	GEOS_finish_r(x->h);
	free(x);
}
