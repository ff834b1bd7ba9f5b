/* app: load what the use cases and handlers share from the database at
 * startup. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/suggest.h"
#include "base/util.h"
#include "geo/areaidx.h"
#include "store/store.h"

struct load_ctx {
	struct areaidx *idx;
	struct area_shape *buurten;
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

static int category_cmp(const void *a, const void *b)
{
	const struct category_entry *const *x = a, *const *y = b;

	return strcmp((*x)->code, (*y)->code);
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
	for (size_t i = 0; i < n; i++) {
		struct category_entry *e = &app->categories[i];

		e->code = xstrdup(rows[i].code);
		e->parent_code = rows[i].parent_code ? xstrdup(rows[i].parent_code) : NULL;
		e->name = xstrdup(rows[i].name);
	}
	app->ncategories = n;
	app->category_by_code = xcalloc(n + 1, sizeof(*app->category_by_code));
	for (size_t i = 0; i < n; i++)
		app->category_by_code[i] = &app->categories[i];
	qsort(app->category_by_code, n, sizeof(*app->category_by_code),
	      category_cmp);
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
	app->buurt_shapes = c.buurten;
	app->nbuurt_shapes = c.nbuurten;
	if (load_categories(app, db) != 0) {
		snprintf(err, errlen, "loading categories: database error");
		return -1;
	}
	app->suggest = suggest_cache_new();
	return 0;
}

void app_shapes_free(struct app *app)
{
	for (size_t i = 0; i < app->nbuurt_shapes; i++) {
		free(app->buurt_shapes[i].code);
		free(app->buurt_shapes[i].name);
		free(app->buurt_shapes[i].geojson);
	}
	free(app->buurt_shapes);
	app->buurt_shapes = NULL;
	app->nbuurt_shapes = 0;
}

/* By code: each request of an Open311 list of 1,000 names its
 * category (a linear search was 4% of the list's time). */
const char *app_category_name(const struct app *app, const char *code)
{
	struct category_entry key = {.code = (char *)code};
	const struct category_entry *kp = &key, **hit;

	if (app->category_by_code) {
		hit = bsearch(&kp, app->category_by_code, app->ncategories,
			      sizeof(*app->category_by_code), category_cmp);
		return hit ? (*hit)->name : NULL;
	}
	for (size_t i = 0; i < app->ncategories; i++)
		if (strcmp(app->categories[i].code, code) == 0)
			return app->categories[i].name;
	return NULL;
}

bool app_is_here(const struct app *app, const char *municipality)
{
	return municipality && strcmp(municipality, app->municipality) == 0;
}

void app_release(struct app *app)
{
	for (size_t i = 0; i < app->ncategories; i++) {
		free(app->categories[i].code);
		free(app->categories[i].parent_code);
		free(app->categories[i].name);
	}
	free(app->categories);
	free(app->category_by_code);
	suggest_cache_free(app->suggest);
	app_views_release(app);
	app_shapes_free(app);
	areaidx_free(app->areas);
	memset(app, 0, sizeof(*app));
}
