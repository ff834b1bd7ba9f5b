/* app: what the use cases and handlers share, made once at startup and
 * read-only while the server runs (so the worker threads need no locks):
 * the municipality, its area index and categories, the limits, and the
 * presentation caches the web layer builds (web/app_views.c). */
#ifndef WA_APP_H
#define WA_APP_H
#include <stdbool.h>
#include <stddef.h>

struct areaidx;
struct mail_worker;
struct ratelimit;
struct map;
struct svgmap_cache;
struct workq;
struct db;
struct choice;
struct web_cache;
struct suggest_cache;

struct category_entry {
	char *code, *parent_code, *name;
};

/* A buurt's outline (GeoJSON), for the web layer's map. */
struct area_shape {
	char *code, *name, *geojson;
};

struct app {
	const char *municipality;      /* CBS code, GM0363 */
	const char *municipality_name; /* Amsterdam */
	const char *base_url;	       /* https://host, for links residents keep */
	int demo;
	int open311_api_key; /* Open311 POSTs need an API key */
	int dedupe_window_s;
	/* How long a reader waits for figures being counted (app/figures.h)
	 * before it is told to come back; 0: not at all. */
	int figures_wait_ms;
	struct areaidx *areas;
	struct area_shape *buurt_shapes; /* until app_views_build */
	size_t nbuurt_shapes;
	struct map *map;
	struct svgmap_cache *maps; /* the figures' maps (geo/svgmap.h) */
	struct choice *buurt_options; /* for the report form */
	size_t nbuurt_options;
	struct choice *category_options;
	size_t ncategory_options;
	struct category_entry *categories;
	size_t ncategories;
	/* the same by code, for app_category_name (app_load makes it;
	 * NULL: a linear search) */
	const struct category_entry **category_by_code;
	struct mail_worker *mail; /* NULL when no SMTP server is configured */
	struct workq *later;	  /* app/later.h; NULL: run at once */
	/* Rate limits (NULL: off) per client address and per e-mail. */
	struct ratelimit *rl_login_ip, *rl_login_account;
	struct ratelimit *rl_mail_ip, *rl_mail_address; /* resets, magic links */
	struct ratelimit *rl_intake;
	struct ratelimit *rl_readability; /* POST /api/v1/readability */
	struct ratelimit *rl_suggest;	  /* GET /api/v1/categories/suggest */
	/* The category suggestion's model (app/suggest.h): the one mutable
	 * thing here, behind its own lock; NULL: no suggestions. */
	struct suggest_cache *suggest;
	int suggest_lang; /* enum classify_lang: the stemmer it trains with */
	struct web_cache *cache; /* public answers (web/cache.h); NULL: off */
	/* Where photos are kept (store/photo.h); NULL: no photos here. */
	const char *photo_dir;
};

/* Load the area index and the category list from the database.  Returns
 * 0 or -1 with a message. */
int app_load(struct app *app, struct db *db, char *err, size_t errlen);
void app_release(struct app *app);
/* The web layer's caches (the report form's lists, the map), built from
 * what app_load loaded; app_release frees them (web/app_views.c). */
void app_views_build(struct app *app);
void app_views_release(struct app *app);
/* Free the buurt outlines (app_views_build does when it has the map). */
void app_shapes_free(struct app *app);
/* Display name of a category code, or NULL when unknown. */
const char *app_category_name(const struct app *app, const char *code);
/* Whether a row of this municipality (NULL: of none) is this site's: a
 * row of another municipality is not found through this site, and a
 * write names this one's alone (store/db.h, db_write_for). */
bool app_is_here(const struct app *app, const char *municipality);

#endif
