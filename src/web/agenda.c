/* agenda: GET /agenda/{code}, the bewonersagenda of an area of any level
 * as a page (the JSON is web_api_agenda in web/kwestie_api.c).  The use
 * case agenda_read gives the kwesties, what plays above and the roll-up;
 * here the names of the areas above (from the area index) and below
 * (one level down, from the database) are added, for the way up and
 * down. */
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "views/agenda.h"
#include "web/kwestie.h"
#include "web/web.h"

/* The areas above, from the top down (agenda_read lists them nearest
 * first). */
static void parents(struct http_req *req, const struct agenda *a,
		    struct agenda_page *g)
{
	struct agenda_area *up = arena_alloc(req->arena, (a->nparents + 1) * sizeof(*up));

	for (size_t i = a->nparents; i-- > 0;) {
		const struct area_node *n = areaidx_find(req->app->areas, a->parents[i]);

		if (!n)
			continue;
		up[g->nparents++] = (struct agenda_area){
			n->code, n->name, area_level_name(n->level)};
	}
	g->parents = up;
}

/* One level down: nothing below a buurt. */
static enum err children(struct http_req *req, struct db *db,
			 const struct agenda *a, struct agenda_page *g)
{
	struct agenda_area *down;
	struct area_row *rows;
	size_t n;
	enum err e;

	if (a->area_level == AREA_BUURT)
		return ERR_OK;
	e = store_area_children(db, req->arena, req->app->municipality, a->code,
				&rows, &n);
	if (e != ERR_OK)
		return e;
	down = arena_alloc(req->arena, (n + 1) * sizeof(*down));
	for (size_t i = 0; i < n; i++)
		down[i] = (struct agenda_area){rows[i].code, rows[i].name, rows[i].level};
	g->children = down;
	g->nchildren = n;
	return ERR_OK;
}

static const char *const *theme_labels(struct http_req *req, struct db *db,
				       const struct agenda *a)
{
	const char **labels = arena_alloc(req->arena, (a->ntopics + 1) * sizeof(*labels));

	for (size_t i = 0; i < a->ntopics; i++)
		labels[i] = kwestie_topic_label(req->app, db, req->arena,
						a->topics[i].topic);
	return labels;
}

void web_agenda_page(struct http_req *req, struct http_resp *resp)
{
	struct agenda_page g = {0};
	struct agenda a;
	struct page p;
	struct db *db;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	e = agenda_read(req->app, db, req->arena, http_param(req, "code"), &a);
	if (e == ERR_OK)
		e = children(req, db, &a, &g);
	if (e != ERR_OK) {
		web_html_error(req, resp, e == ERR_NOT_FOUND ? 404 : 503,
			       e == ERR_NOT_FOUND
				       ? _("Dit gebied bestaat niet.")
				       : _("De agenda is even niet te lezen. "
					   "Probeer het zo opnieuw."));
		return;
	}
	g.a = &a;
	parents(req, &a, &g);
	g.theme_labels = theme_labels(req, db, &a);
	p = web_page(req, arena_printf(req->arena, _("Bewonersagenda %s"), a.name));
	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
	view_agenda(HTML_ON(&resp->body), &p, &g);
}
