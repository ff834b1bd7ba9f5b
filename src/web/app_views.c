/* app_views: the presentation caches of the shared app (app/app.h),
 * built once at startup: the report form's buurt and category lists and
 * the map of the buurten. */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "base/util.h"
#include "geo/areaidx.h"
#include "geo/svgmap.h"
#include "views/map.h"
#include "views/views.h"

static int cmp_option(const void *a, const void *b)
{
	const struct choice *x = a, *y = b;
	int c = strcmp(x->group, y->group);

	return c ? c : strcoll(x->label, y->label);
}

/* The buurt list of the report form, grouped by stadsdeel. */
static void buurt_options(struct app *app)
{
	size_t n = app->nbuurt_shapes;

	app->buurt_options = xcalloc(n ? n : 1, sizeof(struct choice));
	for (size_t i = 0; i < n; i++) {
		const struct area_node *b =
			areaidx_find(app->areas, app->buurt_shapes[i].code);
		const struct area_node *sd = b;

		while (sd && sd->level != AREA_STADSDEEL)
			sd = sd->parent;
		app->buurt_options[i].value = b->code;
		app->buurt_options[i].label = b->name;
		app->buurt_options[i].group = sd ? sd->name : "";
	}
	app->nbuurt_options = n;
	qsort(app->buurt_options, n, sizeof(struct choice), cmp_option);
}

/* Sub-categories only, grouped under their main one. */
static void category_options(struct app *app)
{
	app->category_options =
		xcalloc(app->ncategories + 1, sizeof(*app->category_options));
	for (size_t i = 0; i < app->ncategories; i++) {
		const struct category_entry *e = &app->categories[i];
		struct choice *o;

		if (!e->parent_code)
			continue;
		o = &app->category_options[app->ncategory_options++];
		o->value = e->code;
		o->label = e->name;
		o->group = app_category_name(app, e->parent_code);
	}
}

static void build_map(struct app *app)
{
	size_t n = app->nbuurt_shapes;
	struct map_area *a = xcalloc(n ? n : 1, sizeof(*a));

	for (size_t i = 0; i < n; i++)
		a[i] = (struct map_area){app->buurt_shapes[i].code,
					 app->buurt_shapes[i].name,
					 app->buurt_shapes[i].geojson};
	app->map = map_build(a, n, 800);
	free(a);
}

void app_views_build(struct app *app)
{
	buurt_options(app);
	category_options(app);
	build_map(app);
	/* the figures' maps: one per area that has areas below it */
	app->maps = svgmap_cache_new(64);
}

void app_views_release(struct app *app)
{
	free(app->category_options);
	free(app->buurt_options);
	map_free(app->map);
	svgmap_cache_free(app->maps);
	app->maps = NULL;
	app->category_options = NULL;
	app->buurt_options = NULL;
	app->map = NULL;
}
