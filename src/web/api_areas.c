/* api_areas: the area hierarchy in JSON.
 *   GET /api/v1/areas?level=wijk
 *   GET /api/v1/areas/lookup?lat=..&lon=..
 *   GET /api/v1/areas/{code}[?geometry=true]
 * Lists and single areas come from the database (the source of truth);
 * the point lookup from the in-memory index. */
#include <stdio.h>
#include <string.h>

#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "web/web.h"

static json_t *node_json(const struct area_node *n)
{
	if (!n)
		return json_null();
	return json_pack("{s:s, s:s, s:s}", "code", n->code, "name", n->name,
			 "level", area_level_name(n->level));
}

static json_t *row_json(const struct area_row *r)
{
	json_t *j = json_pack("{s:s, s:s, s:s}", "code", r->code, "name",
			      r->name, "level", r->level);

	json_object_set_new(j, "parent",
			    r->parent_code ? json_string(r->parent_code)
					   : json_null());
	return j;
}

static const char *const level_help =
	N_("Geef level op: buurt, wijk, gebied, stadsdeel of gemeente.");

void web_api_areas(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"level"};
	const char *level = form_get(&req->query, "level");
	enum area_level lv;
	struct area_row *rows;
	size_t n;
	struct db *db;
	json_t *list;

	if (web_query_only(req, resp, allowed, 1) != 0)
		return;
	if (!level || area_level_parse(level, &lv) != 0) {
		web_json_error(resp, 400, _(level_help), NULL);
		return;
	}
	if (!(db = web_db(req, resp, 1)))
		return;
	if (store_area_list(db, req->arena, req->app->municipality, level, &rows,
			    &n) != ERR_OK) {
		web_json_error(resp, 500, _("Er ging iets mis."), NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, row_json(&rows[i]));
	web_json(resp, 200,
		 json_pack("{s:s, s:s, s:I, s:o}", "municipality",
			   req->app->municipality, "level", level, "count",
			   (json_int_t)n, "areas", list));
}

void web_api_area_lookup(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"lat", "lon"};
	const char *slat = form_get(&req->query, "lat");
	const char *slon = form_get(&req->query, "lon");
	struct area_chain chain;
	double lat, lon;
	json_t *j;

	if (web_query_only(req, resp, allowed, 2) != 0)
		return;
	if (!parse_decimal(slat, &lat) || lat < -90 || lat > 90) {
		web_json_error(resp, 400,
			       _("lat moet een getal tussen -90 en 90 zijn."), NULL);
		return;
	}
	if (!parse_decimal(slon, &lon) || lon < -180 || lon > 180) {
		web_json_error(resp, 400,
			       _("lon moet een getal tussen -180 en 180 zijn."), NULL);
		return;
	}
	if (areaidx_lookup(req->app->areas, lat, lon, &chain) != 0) {
		web_json_error(resp, 422,
			       arena_printf(req->arena,
					    _("Het punt %.6f, %.6f ligt buiten "
					      "alle buurten van %s."),
					    lat, lon, req->app->municipality_name),
			       NULL);
		return;
	}
	j = json_pack("{s:f, s:f}", "lat", lat, "lon", lon);
	for (int i = 0; i < AREA_LEVELS; i++)
		json_object_set_new(j, area_level_name((enum area_level)i),
				    node_json(chain.at[i]));
	web_json(resp, 200, j);
}

void web_api_area_get(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"geometry"};
	const char *code = http_param(req, "code");
	const char *geo = form_get(&req->query, "geometry");
	bool with_geometry = geo && strcmp(geo, "true") == 0;
	struct area_row row;
	struct db *db;
	json_t *j, *g = NULL;
	enum err e;

	if (web_query_only(req, resp, allowed, 1) != 0)
		return;
	if (geo && !with_geometry && strcmp(geo, "false") != 0) {
		web_json_error(resp, 400, _("geometry moet true of false zijn."),
			       NULL);
		return;
	}
	if (!area_code_valid(code)) {
		web_json_error(resp, 404, _("Dit gebied bestaat niet."), NULL);
		return;
	}
	if (!(db = web_db(req, resp, 1)))
		return;
	e = store_area_get(db, req->arena, req->app->municipality, code,
			   with_geometry, &row);
	if (e != ERR_OK) {
		web_json_error(resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Dit gebied bestaat niet.")
						  : _("Er ging iets mis."),
			       NULL);
		return;
	}
	j = row_json(&row);
	if (with_geometry && row.geometry)
		g = json_loads(row.geometry, 0, NULL);
	if (with_geometry)
		json_object_set_new(j, "geometry", g ? g : json_null());
	web_json(resp, 200, j);
}
