/* app: load what the handlers share from the database at startup. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "geo/areaidx.h"
#include "store/store.h"
#include "views/map.h"

struct load_ctx {
	struct areaidx *idx;
	struct map_area *buurten;
	size_t nbuurten, cap;
	char err[256];
	int failed;
};

static void load_one(void *p, const struct area_rec *a)
{
	struct load_ctx *c = p;

	if (c->failed)
		return;
	if (areaidx_add(c->idx, a, c->err, sizeof(c->err)) != 0) {
		c->failed = 1;
		return;
	}
	if (a->level != AREA_BUURT || !a->geojson)
		return;
	if (c->nbuurten == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 512;
		c->buurten = xrealloc(c->buurten, c->cap * sizeof(*c->buurten));
	}
	c->buurten[c->nbuurten].code = xstrdup(a->code);
	c->buurten[c->nbuurten].name = xstrdup(a->name);
	c->buurten[c->nbuurten].geojson = xstrdup(a->geojson);
	c->nbuurten++;
}

static int cmp_option(const void *a, const void *b)
{
	const struct choice *x = a, *y = b;
	int c = strcmp(x->group, y->group);

	return c ? c : strcoll(x->label, y->label);
}

/* The buurt list of the report form, grouped by stadsdeel. */
static void buurt_options(struct app *app, const struct load_ctx *c)
{
	app->buurt_options = xcalloc(c->nbuurten, sizeof(struct choice));
	for (size_t i = 0; i < c->nbuurten; i++) {
		const struct area_node *b = areaidx_find(app->areas, c->buurten[i].code);
		const struct area_node *n = b;

		while (n && n->level != AREA_STADSDEEL)
			n = n->parent;
		app->buurt_options[i].value = b->code;
		app->buurt_options[i].label = b->name;
		app->buurt_options[i].group = n ? n->name : "";
	}
	app->nbuurt_options = c->nbuurten;
	qsort(app->buurt_options, c->nbuurten, sizeof(struct choice), cmp_option);
}

static int load_categories(struct app *app, struct db *db)
{
	struct arena ar;
	struct category_row *rows;
	size_t n;

	arena_init(&ar);
	if (store_category_list(db, &ar, app->municipality, &rows, &n) != ERR_OK) {
		arena_clear(&ar);
		return -1;
	}
	app->categories = xcalloc(n + 1, sizeof(*app->categories));
	app->category_options = xcalloc(n + 1, sizeof(*app->category_options));
	for (size_t i = 0; i < n; i++) {
		struct category_entry *e = &app->categories[i];

		e->code = xstrdup(rows[i].code);
		e->parent_code = rows[i].parent_code ? xstrdup(rows[i].parent_code) : NULL;
		e->name = xstrdup(rows[i].name);
	}
	app->ncategories = n;
	/* Options: sub-categories only, grouped under their main one. */
	for (size_t i = 0; i < n; i++) {
		const struct category_entry *e = &app->categories[i];
		struct choice *o;

		if (!e->parent_code)
			continue;
		o = &app->category_options[app->ncategory_options++];
		o->value = e->code;
		o->label = e->name;
		o->group = app_category_name(app, e->parent_code);
	}
	arena_clear(&ar);
	return 0;
}

int app_load(struct app *app, struct db *db, char *err, size_t errlen)
{
	struct load_ctx c;

	memset(&c, 0, sizeof(c));
	c.idx = areaidx_new();
	if (store_areas_each(db, app->municipality, load_one, &c) != ERR_OK ||
	    c.failed) {
		snprintf(err, errlen, "loading areas: %s",
			 c.failed ? c.err : "database error");
		areaidx_free(c.idx);
		return -1;
	}
	if (areaidx_build(c.idx, err, errlen) != 0) {
		areaidx_free(c.idx);
		return -1;
	}
	app->areas = c.idx;
	buurt_options(app, &c);
	app->map = map_build(c.buurten, c.nbuurten, 800);
	for (size_t i = 0; i < c.nbuurten; i++) {
		free((char *)c.buurten[i].code);
		free((char *)c.buurten[i].name);
		free((char *)c.buurten[i].geojson);
	}
	free(c.buurten);
	if (load_categories(app, db) != 0) {
		snprintf(err, errlen, "loading categories: database error");
		return -1;
	}
	return 0;
}

const char *app_category_name(const struct app *app, const char *code)
{
	for (size_t i = 0; i < app->ncategories; i++)
		if (strcmp(app->categories[i].code, code) == 0)
			return app->categories[i].name;
	return NULL;
}

void app_release(struct app *app)
{
	for (size_t i = 0; i < app->ncategories; i++) {
		free(app->categories[i].code);
		free(app->categories[i].parent_code);
		free(app->categories[i].name);
	}
	free(app->categories);
	free(app->category_options);
	free(app->buurt_options);
	map_free(app->map);
	areaidx_free(app->areas);
	memset(app, 0, sizeof(*app));
}
