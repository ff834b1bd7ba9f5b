/* amsterdam: see amsterdam.h.
 *
 * Built bottom-up one level at a time: each area collects the geometries of
 * its children and votes cast by them for its own parent; the union of a
 * level's geometries then feeds the level above, which is much cheaper than
 * unioning all 518 buurten again for every gebied and stadsdeel. */
#include "amsterdam.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "base/util.h"
#include "geojson.h"

#define BUURTEN_FILE "data/amsterdam/buurten.geojson"
#define NAMEN_FILE "data/amsterdam/namen.csv"
#define GEMEENTE_NAME "Amsterdam"
#define CODE_MAX 32

/* The official stadsdelen of 2022, by the letter that starts their codes. */
static const struct {
	const char *code;
	const char *name;
} stadsdelen[] = {
	{ "A", "Centrum" }, { "B", "Westpoort" }, { "E", "West" },
	{ "F", "Nieuw-West" }, { "K", "Zuid" }, { "M", "Oost" },
	{ "N", "Noord" }, { "S", "Weesp" }, { "T", "Zuidoost" },
};

struct vote {
	char code[CODE_MAX + 1];
	size_t n;
};

/* One area above buurt level while it is being built. */
struct node {
	char code[CODE_MAX + 1];
	struct vote *votes; /* for this area's parent, cast by its children */
	size_t nvotes;
	size_t weight; /* buurten below */
	const GEOSGeometry **parts; /* the children's geometries, borrowed */
	size_t nparts;
	GEOSGeometry *geom; /* union of parts, owned */
};

struct tier {
	struct node *v;
	size_t n;
};

struct name {
	enum area_level level;
	const char *code;
	const char *name;
	bool used;
};

struct build {
	GEOSContextHandle_t h;
	struct area_rec *buurt;
	size_t nbuurt;
	GEOSGeometry **bgeom; /* per buurt in file order, until release */
	size_t ngeom;
	struct tier tier[AREA_LEVELS]; /* tier[AREA_BUURT] stays empty */
	char *names_text;
	struct name *names;
	size_t nnames;
	char *err;
	size_t errlen;
};

static struct node *tier_get(struct tier *t, const char *code)
{
	struct node *x;

	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].code, code) == 0)
			return &t->v[i];
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	x = memset(&t->v[t->n++], 0, sizeof(*x));
	snprintf(x->code, sizeof(x->code), "%s", code);
	return x;
}

static void node_vote(struct node *x, const char *code, size_t weight)
{
	for (size_t i = 0; i < x->nvotes; i++)
		if (strcmp(x->votes[i].code, code) == 0) {
			x->votes[i].n += weight;
			return;
		}
	x->votes = xrealloc(x->votes, (x->nvotes + 1) * sizeof(*x->votes));
	snprintf(x->votes[x->nvotes].code, CODE_MAX + 1, "%s", code);
	x->votes[x->nvotes++].n = weight;
}

/* Most votes wins; a tie goes to the lowest code, whatever the order. */
static const char *node_parent(const struct node *x)
{
	const struct vote *best = NULL;

	for (size_t i = 0; i < x->nvotes; i++) {
		const struct vote *v = &x->votes[i];

		if (!best || v->n > best->n ||
		    (v->n == best->n && strcmp(v->code, best->code) < 0))
			best = v;
	}
	return best ? best->code : NULL;
}

static void node_add(struct node *x, const GEOSGeometry *g, size_t weight)
{
	x->parts = xrealloc(x->parts, (x->nparts + 1) * sizeof(*x->parts));
	x->parts[x->nparts++] = g;
	x->weight += weight;
}

static int node_union(struct build *b, struct node *x, enum area_level level)
{
	GEOSGeometry **copy = xcalloc(x->nparts, sizeof(*copy));
	GEOSGeometry *coll;

	for (size_t i = 0; i < x->nparts; i++)
		copy[i] = GEOSGeom_clone_r(b->h, x->parts[i]);
	/* The collection takes the clones, not the array. */
	coll = GEOSGeom_createCollection_r(b->h, GEOS_GEOMETRYCOLLECTION, copy,
					   (unsigned)x->nparts);
	free(copy);
	x->geom = coll ? GEOSUnaryUnion_r(b->h, coll) : NULL;
	if (coll)
		GEOSGeom_destroy_r(b->h, coll);
	if (!x->geom) {
		snprintf(b->err, b->errlen, "union of %s %s failed",
			 area_level_name(level), x->code);
		return -1;
	}
	return 0;
}

static void node_release(GEOSContextHandle_t h, struct node *x)
{
	free(x->votes);
	free(x->parts);
	if (x->geom)
		GEOSGeom_destroy_r(h, x->geom);
}

static const char *stadsdeel_name(const char *code)
{
	for (size_t i = 0; i < ARRAY_SIZE(stadsdelen); i++)
		if (strcmp(stadsdelen[i].code, code) == 0)
			return stadsdelen[i].name;
	return NULL;
}

static bool name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > GEOJSON_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* One "level;code;name" line of namen.csv, split in place. */
static int names_line(struct build *b, char *line, size_t lineno)
{
	char *code = strchr(line, ';');
	char *name = code ? strchr(code + 1, ';') : NULL;
	struct name *x;

	if (!name) {
		snprintf(b->err, b->errlen,
			 NAMEN_FILE ":%zu: not level;code;name", lineno);
		return -1;
	}
	*code++ = '\0';
	*name++ = '\0';
	b->names = xrealloc(b->names, (b->nnames + 1) * sizeof(*b->names));
	x = &b->names[b->nnames++];
	*x = (struct name){ .code = code, .name = name };
	if (area_level_parse(line, &x->level) < 0 || !area_code_valid(code) ||
	    !name_ok(name)) {
		snprintf(b->err, b->errlen, NAMEN_FILE ":%zu: bad level, code "
			 "or name", lineno);
		return -1;
	}
	return 0;
}

static int names_load(struct build *b)
{
	const struct embedded_file *f = embedded_find(NAMEN_FILE);
	char *line, *save = NULL;
	size_t lineno = 0;

	if (!f) {
		snprintf(b->err, b->errlen, NAMEN_FILE " is not embedded");
		return -1;
	}
	b->names_text = xstrndup(f->data, f->len);
	/* strtok_r skips empty lines, which is what we want; the line
	 * numbers then count non-empty lines only. */
	for (line = strtok_r(b->names_text, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save)) {
		lineno++;
		if (line[0] == '#' || strcmp(line, "level;code;name") == 0)
			continue;
		if (names_line(b, line, lineno) < 0)
			return -1;
	}
	return 0;
}

static const char *names_find(struct build *b, enum area_level level,
			      const char *code)
{
	for (size_t i = 0; i < b->nnames; i++)
		if (b->names[i].level == level &&
		    strcmp(b->names[i].code, code) == 0) {
			b->names[i].used = true;
			return b->names[i].name;
		}
	return NULL;
}

static int names_all_used(struct build *b)
{
	for (size_t i = 0; i < b->nnames; i++)
		if (!b->names[i].used) {
			snprintf(b->err, b->errlen, NAMEN_FILE ": %s %s is a "
				 "duplicate or not in " BUURTEN_FILE,
				 area_level_name(b->names[i].level),
				 b->names[i].code);
			return -1;
		}
	return 0;
}

static int buurten_load(struct build *b)
{
	const struct embedded_file *f = embedded_find(BUURTEN_FILE);
	struct geojson_opts o = { .parent_prop = "ligtInGgwgebiedId" };
	char msg[384];

	if (!f) {
		snprintf(b->err, b->errlen, BUURTEN_FILE " is not embedded");
		return -1;
	}
	/* parent_code holds the gebied for now; buurt_place fixes it. */
	if (geojson_read_areas(f->data, f->len, AREA_BUURT, &o, &b->buurt,
			       &b->nbuurt, msg, sizeof(msg)) < 0) {
		snprintf(b->err, b->errlen, BUURTEN_FILE ": %s", msg);
		return -1;
	}
	b->bgeom = xcalloc(b->nbuurt, sizeof(*b->bgeom));
	b->ngeom = b->nbuurt;
	return 0;
}

static GEOSGeometry *geometry_parse(GEOSContextHandle_t h, const char *text)
{
	GEOSGeometry *g = NULL;
	char why[160];

	/* our reader, not GEOS's (geo/geojson.h says why) */
	if (geojson_read_geometry(h, text, &g, why, sizeof(why)) != 0)
		return NULL;
	return g;
}

/* Put buurt i in its wijk, and let it vote for the wijk's gebied. */
static int buurt_place(struct build *b, size_t i)
{
	struct area_rec *r = &b->buurt[i];
	char wijk[3] = { r->code[0], r->code[1], '\0' };
	char sd[2] = { r->code[0], '\0' };
	char gebied[CODE_MAX + 1];
	struct node *w;

	if (strlen(r->code) < 3 || !stadsdeel_name(sd) || wijk[1] < 'A' ||
	    wijk[1] > 'Z') {
		snprintf(b->err, b->errlen, BUURTEN_FILE ": buurt %s: code is "
			 "not stadsdeel letter, wijk letter, number", r->code);
		return -1;
	}
	b->bgeom[i] = geometry_parse(b->h, r->geojson);
	if (!b->bgeom[i]) {
		snprintf(b->err, b->errlen, "buurt %s: geometry unreadable",
			 r->code);
		return -1;
	}
	/* Westpoort has no GGW-gebied: see amsterdam.h. */
	if (r->parent_code)
		snprintf(gebied, sizeof(gebied), "%s", r->parent_code);
	else
		snprintf(gebied, sizeof(gebied), "GGW-%s", sd);
	w = tier_get(&b->tier[AREA_WIJK], wijk);
	node_add(w, b->bgeom[i], 1);
	node_vote(w, gebied, 1);
	free(r->parent_code);
	r->parent_code = xstrdup(wijk);
	return 0;
}

/* What an area at `level` votes for as its parent's parent. */
static const char *grandparent_of(const struct node *x, enum area_level level,
				  char *buf)
{
	switch (level) {
	case AREA_WIJK: /* a wijk code starts with its stadsdeel letter */
		buf[0] = x->code[0];
		buf[1] = '\0';
		return buf;
	case AREA_GEBIED:
		return AMSTERDAM_GEMEENTE_CODE;
	default:
		return NULL;
	}
}

/* Union every area of `level` and place it in the level above. */
static int tier_rollup(struct build *b, enum area_level level)
{
	struct tier *t = &b->tier[level];

	for (size_t i = 0; i < t->n; i++) {
		struct node *x = &t->v[i], *up;
		const char *gp;
		char buf[2];

		if (node_union(b, x, level) < 0)
			return -1;
		if (level == AREA_GEMEENTE)
			continue;
		up = tier_get(&b->tier[level + 1], node_parent(x));
		node_add(up, x->geom, x->weight);
		gp = grandparent_of(x, level, buf);
		if (gp)
			node_vote(up, gp, x->weight);
	}
	return 0;
}

static const char *node_name(struct build *b, enum area_level level,
			     const struct node *x)
{
	const char *name = NULL;

	if (level == AREA_GEMEENTE)
		name = GEMEENTE_NAME;
	else if (level == AREA_STADSDEEL)
		name = stadsdeel_name(x->code);
	else
		name = names_find(b, level, x->code);
	if (!name)
		snprintf(b->err, b->errlen, "%s %s has no name in " NAMEN_FILE,
			 area_level_name(level), x->code);
	return name;
}

static int node_rec(struct build *b, enum area_level level,
		    const struct node *x, struct area_rec *r)
{
	const char *name = node_name(b, level, x);
	const char *parent = node_parent(x); /* NULL for the gemeente */
	struct buf g;

	if (!name)
		return -1;
	buf_init(&g, 0);
	if (geojson_write_geometry(b->h, x->geom, &g) < 0) {
		buf_release(&g);
		snprintf(b->err, b->errlen, "%s %s: union is not polygonal",
			 area_level_name(level), x->code);
		return -1;
	}
	*r = (struct area_rec){
		.level = level,
		.code = xstrdup(x->code),
		.name = xstrdup(name),
		.parent_code = parent ? xstrdup(parent) : NULL,
		.geojson = buf_detach(&g, NULL),
	};
	return 0;
}

static int node_cmp(const void *a, const void *b)
{
	return strcmp(((const struct node *)a)->code,
		      ((const struct node *)b)->code);
}

static int rec_cmp(const void *a, const void *b)
{
	return strcmp(((const struct area_rec *)a)->code,
		      ((const struct area_rec *)b)->code);
}

/* Gemeente first, buurten last; each level sorted by code. */
static int build_output(struct build *b, struct area_rec **out, size_t *n)
{
	size_t total = b->nbuurt, k = 0;
	struct area_rec *recs;

	for (int l = AREA_WIJK; l < AREA_LEVELS; l++)
		total += b->tier[l].n;
	recs = xcalloc(total, sizeof(*recs));
	for (int l = AREA_GEMEENTE; l > AREA_BUURT; l--) {
		struct tier *t = &b->tier[l];

		qsort(t->v, t->n, sizeof(*t->v), node_cmp);
		for (size_t i = 0; i < t->n; i++, k++)
			if (node_rec(b, (enum area_level)l, &t->v[i],
				     &recs[k]) < 0)
				goto fail;
	}
	/* bgeom keeps file order: it is only destroyed from here on. */
	qsort(b->buurt, b->nbuurt, sizeof(*b->buurt), rec_cmp);
	memcpy(recs + k, b->buurt, b->nbuurt * sizeof(*recs));
	free(b->buurt); /* the strings now belong to recs */
	b->buurt = NULL;
	b->nbuurt = 0;
	if (names_all_used(b) < 0)
		goto fail;
	*out = recs;
	*n = total;
	return 0;
fail:
	amsterdam_areas_free(recs, total);
	return -1;
}

static void build_release(struct build *b)
{
	for (int l = 0; l < AREA_LEVELS; l++) {
		for (size_t i = 0; i < b->tier[l].n; i++)
			node_release(b->h, &b->tier[l].v[i]);
		free(b->tier[l].v);
	}
	for (size_t i = 0; i < b->ngeom; i++)
		if (b->bgeom[i])
			GEOSGeom_destroy_r(b->h, b->bgeom[i]);
	free(b->bgeom);
	geojson_areas_free(b->buurt, b->nbuurt);
	free(b->names);
	free(b->names_text);
	GEOS_finish_r(b->h);
}

int amsterdam_areas(struct area_rec **out, size_t *n, char *err,
		    size_t errlen)
{
	struct build b = { .err = err, .errlen = errlen };
	int ret = -1;

	*out = NULL;
	*n = 0;
	b.h = GEOS_init_r();
	if (!b.h)
		fatal("GEOS_init_r failed");
	if (names_load(&b) < 0 || buurten_load(&b) < 0)
		goto out;
	for (size_t i = 0; i < b.nbuurt; i++)
		if (buurt_place(&b, i) < 0)
			goto out;
	for (int l = AREA_WIJK; l < AREA_LEVELS; l++)
		if (tier_rollup(&b, (enum area_level)l) < 0)
			goto out;
	ret = build_output(&b, out, n);
out:
	build_release(&b);
	return ret;
}

void amsterdam_areas_free(struct area_rec *recs, size_t n)
{
	geojson_areas_free(recs, n);
}
