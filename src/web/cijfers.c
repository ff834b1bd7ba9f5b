/* cijfers: the public dashboards as pages (views/figures.c):
 *   GET /cijfers                      the municipality's (303)
 *   GET /cijfers/{code}               an area of any level, with the map
 *                                     of the areas one level down
 *   GET /cijfers/{code}/verslag       the same as one printable page, for
 *                                     a council or district committee
 *   GET /cijfers/organisaties/{id}    an organisation
 *   GET /cijfers/themas/{topic}       a theme
 * with ?from=&to= as the API (web/figures.c).  A page ignores query
 * parameters it does not know (a link may carry ?lang=); a bad period is
 * answered 400 with the form and the message at the field. */
#include <stdio.h>
#include <string.h>

#include "app/figures.h"
#include "geo/svgmap.h"
#include "i18n/i18n.h"
#include "views/figures.h"
#include "web/authorize.h"
#include "web/figures.h"
#include "web/web.h"

/* The map of the areas below the figures' area, from the cache of app
 * (built once per area and kept while the geometries stay the same);
 * NULL: no map (a buurt, or the shapes could not be read: the table of
 * the areas is shown all the same). */
static const struct svgmap *children_map(struct http_req *req, struct db *db,
					 const struct figures *f,
					 struct figures_page *g)
{
	struct svgmap_area *shapes;
	struct area_row *rows;
	char err[160];
	size_t n, k = 0;

	if (!req->app->maps || !f->nareas || strcmp(f->scope_kind, "area") != 0)
		return NULL;
	if (store_area_children_geo(db, req->arena, req->app->municipality,
				    f->scope_code, &rows, &n) != ERR_OK || !n)
		return NULL;
	g->child_level = rows[0].level;
	shapes = arena_alloc(req->arena, n * sizeof(*shapes));
	for (size_t i = 0; i < n; i++)
		if (rows[i].geometry)
			shapes[k++] = (struct svgmap_area){rows[i].code,
							   rows[i].geometry};
	if (!k)
		return NULL;
	return svgmap_cache_get(req->app->maps,
				arena_printf(req->arena, "%s/%s",
					     req->app->municipality, f->scope_code),
				shapes, k, NULL, err, sizeof(err));
}

static const char *title_of(struct http_req *req, const struct figures_query *q,
			    const struct figures *f, bool printable)
{
	const char *name = f ? f->scope_name : NULL;

	if (!name)
		return _("Cijfers");
	if (printable)
		return arena_printf(req->arena, _("Verslag: cijfers van %s"), name);
	if (q->kind == FIG_THEME)
		return arena_printf(req->arena, _("Cijfers over %s"), name);
	return arena_printf(req->arena, _("Cijfers van %s"), name);
}

static void refuse(struct http_req *req, struct http_resp *resp,
		   const struct figures_query *q, const struct figures *f,
		   enum err e)
{
	if (e == ERR_NOT_FOUND) {
		web_html_error(req, resp, 404,
			       q->kind == FIG_AREA ? _("Dit gebied bestaat niet.")
			       : q->kind == FIG_ORGANISATION
				       ? _("Deze organisatie bestaat niet.")
				       : _("Dit thema bestaat niet."));
		return;
	}
	if (e == ERR_BUSY && f->counting) {
		/* counted on while nobody waits (app/figures.h) */
		http_resp_header(resp, "Retry-After", "30");
		web_html_error(req, resp, 503,
			       _("Deze cijfers worden nu geteld. Bij veel "
				 "meldingen duurt dat even. Laad deze pagina "
				 "over een halve minuut opnieuw."));
		return;
	}
	if (e == ERR_BUSY)
		http_resp_header(resp, "Retry-After", "10");
	web_html_error(req, resp, 503,
		       _("De cijfers zijn nu even niet te berekenen. Probeer "
			 "het over tien seconden opnieuw."));
}

static void page(struct http_req *req, struct http_resp *resp,
		 struct figures_query *q, struct figures_page *g)
{
	struct field_errors *errs = arena_alloc(req->arena, sizeof(*errs));
	struct figures *f = arena_alloc(req->arena, sizeof(*f));
	const struct svgmap *m = NULL;
	struct page p;
	struct db *db;
	enum err e;

	q->from = g->from = form_get(&req->query, "from");
	q->to = g->to = form_get(&req->query, "to");
	if (!(db = web_db(req, resp, 0)))
		return;
	memset(errs, 0, sizeof(*errs));
	e = figures_get(req->app, db, req->arena, q, f, errs);
	if (e != ERR_OK && e != ERR_INVALID) {
		refuse(req, resp, q, f, e);
		return;
	}
	if (e == ERR_OK) {
		g->f = f;
		m = g->map = children_map(req, db, f, g);
	} else {
		g->errs = errs;
	}
	p = web_page(req, title_of(req, q, g->f, g->printable));
	resp->status = e == ERR_OK ? 200 : 400;
	resp->content_type = "text/html; charset=utf-8";
	/* The page is the same for every visitor, but not for the signed-in
	 * (their header, a CSRF token) or a language cookie: only an answer
	 * to a request without cookies may be kept by a shared cache. */
	if (e == ERR_OK && !http_header(req, "Cookie"))
		http_resp_header(resp, "Cache-Control", "public, max-age=300");
	else
		http_resp_header(resp, "Cache-Control", "private, no-cache");
	http_resp_header(resp, "Vary", "Cookie");
	view_figures(HTML_ON(&resp->body), &p, g);
	if (m)
		svgmap_cache_release(req->app->maps, m);
}

void web_cijfers_home(struct http_req *req, struct http_resp *resp)
{
	resp->status = 303;
	http_resp_header(resp, "Location",
			 arena_printf(req->arena, "/cijfers/%s",
				      req->app->municipality));
}

static void area_page(struct http_req *req, struct http_resp *resp,
		      bool printable)
{
	const char *code = http_param(req, "code");
	struct figures_query q = {.kind = FIG_AREA, .code = code};
	struct figures_page g = {
		.self = arena_printf(req->arena, "/cijfers/%s", code),
		.api = arena_printf(req->arena, "/api/v1/areas/%s/figures", code),
		.agenda = arena_printf(req->arena, "/agenda/%s", code),
		.print = arena_printf(req->arena, "/cijfers/%s/verslag", code),
		.printable = printable,
	};

	page(req, resp, &q, &g);
}

void web_cijfers_area(struct http_req *req, struct http_resp *resp)
{
	area_page(req, resp, false);
}

void web_cijfers_area_print(struct http_req *req, struct http_resp *resp)
{
	area_page(req, resp, true);
}

void web_cijfers_org(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id");
	struct figures_query q = {.kind = FIG_ORGANISATION, .org_id = id};
	struct figures_page g = {
		.self = arena_printf(req->arena, "/cijfers/organisaties/%lld",
				     (long long)id),
		.api = arena_printf(req->arena, "/api/v1/organisations/%lld/figures",
				    (long long)id),
	};

	page(req, resp, &q, &g);
}

void web_cijfers_theme(struct http_req *req, struct http_resp *resp)
{
	const char *topic = http_param(req, "topic");
	struct figures_query q = {.kind = FIG_THEME, .code = topic};
	struct figures_page g = {
		.self = arena_printf(req->arena, "/cijfers/themas/%s", topic),
		.api = arena_printf(req->arena, "/api/v1/themes/%s/figures", topic),
	};

	page(req, resp, &q, &g);
}
