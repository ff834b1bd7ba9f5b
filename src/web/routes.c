/* routes: the route table.  Literal paths before parameter paths. */
#include "routes.h"

#include <string.h>

#include "app/app.h"
#include "http/cookie.h"
#include "http/router.h"
#include "i18n/i18n.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/cache.h"
#include "web/conditional.h"
#include "web/cors.h"
#include "web/api_hsds.h"
#include "web/beheer.h"
#include "web/resident.h"
#include "web/web.h"
#include "web/freshness.h"
#include "web/kwestie.h"
#include "web/kwestie_werk.h"
#include "web/follower.h"
#include "web/grade.h"
#include "web/routing.h"
#include "web/site.h"
#include "web/promise.h"
#include "web/calendar.h"
#include "web/readability.h"
#include "web/suggest.h"
#include "web/photo.h"
#include "web/timeline.h"
#include "web/figures.h"
#include "web/open_data.h"
#include "web/openapi.h"
#include "web/open311.h"

#define ROUTES_INVENTORY_DECLARE
#include "web/routes_inventory.inc"
#undef ROUTES_INVENTORY_DECLARE

/* method, pattern, handler, who may (domain/authz.c).  The dispatcher
 * checks the action before the handler runs; handlers only narrow it. */
static const struct route routes[] = {
	{"GET", "/", web_home, AZ_PUBLIC},
	{"GET", "/healthz", web_healthz, AZ_PUBLIC},
	{"GET", "/melden", web_melden_form, AZ_PUBLIC},
	{"POST", "/melden", web_melden_post, AZ_PUBLIC},
	{"GET", "/m/{token}", web_signal_page, AZ_PUBLIC},
	{"GET", "/kaart.svg", web_map_svg, AZ_PUBLIC},
	{"GET", "/static/{name}", web_static, AZ_PUBLIC},
	{"GET", "/login", web_login_form, AZ_PUBLIC},
	{"POST", "/login", web_login_post, AZ_PUBLIC},
	{"POST", "/logout", web_logout, AZ_PUBLIC},
	{"GET", "/wachtwoord-vergeten", web_reset_form, AZ_PUBLIC},
	{"POST", "/wachtwoord-vergeten", web_reset_post, AZ_PUBLIC},
	{"GET", "/wachtwoord/{token}", web_password_form, AZ_PUBLIC},
	{"POST", "/wachtwoord/{token}", web_password_post, AZ_PUBLIC},
	{"POST", "/api/v1/signals", web_api_signal_create, AZ_PUBLIC},
	{"GET", "/api/v1/signals/{token}", web_api_signal_get, AZ_PUBLIC},
	{"GET", "/api/v1/areas", web_api_areas, AZ_PUBLIC},
	{"GET", "/api/v1/areas/lookup", web_api_area_lookup, AZ_PUBLIC},
	{"GET", "/api/v1/areas/{code}", web_api_area_get, AZ_PUBLIC},
	{"GET", "/werk", web_werk, AZ_PROFESSIONAL},
#include "web/routes_beheer.inc"
#include "web/routes_mijn.inc"
#include "web/routes_kaart.inc"
#include "web/routes_hsds.inc"
#include "web/routes_inventory.inc"
#include "web/routes_kwestie.inc"
#include "web/routes_kwestie_werk.inc"
#include "web/routes_follow.inc"
#include "web/routes_routing.inc"
#include "web/routes_promise.inc"
#include "web/routes_calendar.inc"
#include "web/routes_readability.inc"
#include "web/routes_suggest.inc"
#include "web/routes_photo.inc"
#include "web/routes_timeline.inc"
#include "web/routes_grade.inc"
#include "web/routes_figures.inc"
#include "web/routes_cijfers.inc"
#include "web/routes_open_data.inc"
#include "web/routes_open311.inc"
#include "web/routes_openapi.inc"
};

/* ?lang= wins and is remembered in a cookie; then the cookie; then
 * Accept-Language. */
static void choose_language(struct http_req *req, struct http_resp *resp)
{
	const char *q = form_get(&req->query, "lang"), *c;
	int l;

	if (q && (l = i18n_parse(q)) >= 0) {
		req->lang = l;
		req->lang_explicit = true;
		http_resp_header(resp, "Set-Cookie",
				 l == LANG_EN ? "lang=en; Path=/; Max-Age=31536000; SameSite=Lax"
					      : "lang=nl; Path=/; Max-Age=31536000; SameSite=Lax");
		return;
	}
	c = cookie_get(req->arena, http_header(req, "Cookie"), "lang");
	if (c && (l = i18n_parse(c)) >= 0) {
		req->lang = l;
		return;
	}
	req->lang = i18n_negotiate(http_header(req, "Accept-Language"));
}

/* Routes with a body limit of their own in place of the server's
 * --max-body: the bulk imports take more (their readers stop at the same
 * 16 MiB); the readability check needs no more than its text. */
static const struct {
	const char *method, *pattern;
	size_t max;
} body_limits[] = {
	{"POST", "/api/v1/hsds/import", ROUTES_IMPORT_MAX_BODY},
	{"POST", "/api/v1/inventory/lists", ROUTES_IMPORT_MAX_BODY},
	{"POST", "/api/v1/inventory/merge", ROUTES_IMPORT_MAX_BODY},
	{"POST", "/api/v1/readability", WEB_READABILITY_MAX_BODY},
	{"POST", "/api/v1/photos", WEB_PHOTO_ONE_MAX_BODY},
};

/* The routes that take photos in a multipart/form-data body (web/photo.h):
 * three photos and the fields; any other body keeps its limit. */
static const char *const photo_routes[] = {"/melden", "/api/v1/signals"};

static void body_limit(const struct http_req *req, const struct route *rt,
		       size_t *max_body)
{
	for (size_t i = 0; i < sizeof(body_limits) / sizeof(body_limits[0]); i++)
		if (strcmp(rt->method, body_limits[i].method) == 0 &&
		    strcmp(rt->pattern, body_limits[i].pattern) == 0)
			*max_body = body_limits[i].max;
	if (strcmp(rt->method, "POST") != 0 ||
	    strcmp(http_media_type(req), "multipart/form-data") != 0)
		return;
	for (size_t i = 0; i < sizeof(photo_routes) / sizeof(photo_routes[0]); i++)
		if (strcmp(rt->pattern, photo_routes[i]) == 0)
			*max_body = WEB_PHOTO_MAX_BODY;
}

static bool has_body(const struct http_req *req)
{
	const char *cl = http_header(req, "Content-Length");

	return http_header(req, "Transfer-Encoding") ||
	       (cl && strspn(cl, "0") != strlen(cl));
}

bool routes_head(struct http_req *req, struct http_resp *resp,
		 size_t *max_body)
{
	http_handler fn = NULL;
	const char *allow = NULL;
	const struct route *rt;

	if (!site_choose(req) ||
	    router_match(routes, sizeof(routes) / sizeof(routes[0]), req, &fn,
			 &allow) != ROUTER_FOUND)
		return true;
	rt = &routes[req->route_index];
	body_limit(req, rt, max_body);
	if (rt->action == AZ_PUBLIC || !has_body(req))
		return true;
	choose_language(req, resp);
	i18n_use((enum lang)req->lang);
	return web_authorize_head(req, resp, rt->action);
}

int is_api(const char *path)
{
	return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/healthz") == 0 ||
	       strncmp(path, "/hsds", 5) == 0;
}

/* Refusals decided by the server before routing, in the path's format. */
static void early_error(struct http_req *req, struct http_resp *resp)
{
	const char *msg;

	switch (req->early_status) {
	case 413:
		msg = _("Het verzoek is te groot.");
		break;
	case 503: /* http/server.c: stopping, or the big bodies' budget */
		msg = req->early_message && strstr(req->early_message, "uploads")
			      ? _("Er worden nu veel foto's tegelijk verstuurd. "
				  "Probeer het over een paar seconden opnieuw.")
			      : _("De server stopt even. Probeer het over een "
				  "paar seconden opnieuw.");
		break;
	default:
		msg = _("Het verzoek is onleesbaar of ongeldig.");
		break;
	}
	if (web_open311_path(req->path))
		web_open311_error(req, resp, req->early_status, msg);
	else if (is_api(req->path))
		web_json_error(resp, req->early_status,
			       arena_printf(req->arena, "%s (%s)", msg,
					    req->early_message),
			       NULL);
	else
		web_html_error(req, resp, req->early_status, msg);
	if (req->early_status == 503) /* the server is stopping */
		http_resp_header(resp, "Retry-After", "5");
}

/* A page rendered for a session names the person (the header's own start
 * page, their organisations): no cache may keep it, shared or not.  Only
 * a principal already looked up counts; a public answer that never
 * looked is the same for everyone. */
static void private_if_signed_in(const struct http_req *req,
				 struct http_resp *resp)
{
	const struct principal *p = req->principal;

	if (p && (p->kind == PRINCIPAL_ACCOUNT || p->kind == PRINCIPAL_RESIDENT))
		resp->no_store = true;
}

/* Whether the GET route of this path (for a preflight's OPTIONS) is
 * public.  The match is undone: the request stays unrouted. */
static bool get_public(struct http_req *req)
{
	const char *method = req->method, *allow = NULL;
	http_handler fn = NULL;
	bool pub;

	req->method = "GET";
	pub = router_match(routes, sizeof(routes) / sizeof(routes[0]), req, &fn,
			   &allow) == ROUTER_FOUND &&
	      routes[req->route_index].action == AZ_PUBLIC;
	req->method = method;
	req->route = NULL;
	req->nparams = 0;
	return pub;
}

/* A kept answer (web/cache.h), looked up before routing: only answers of
 * public routes are kept, and the same path finds the same route, so a
 * hit needs neither the route table nor the gate.  *gen is the data
 * generation a miss is rendered in. */
static bool from_cache(struct http_req *req, struct http_resp *resp,
		       struct web_cache_gen *gen)
{
	struct web_cache *c = req->app ? req->app->cache : NULL;

	memset(gen, 0, sizeof(*gen));
	if (!c || !web_cache_eligible(req) || !web_cache_get(c, req, resp, gen))
		return false;
	web_conditional_match(req, resp);
	web_cors(req, resp, true);
	return true;
}

/* The handler's answer; kept when the route is public and the request
 * of nobody in particular. */
static void answer(struct http_req *req, struct http_resp *resp,
		   http_handler fn, enum authz_action action,
		   const struct web_cache_gen *gen)
{
	struct web_cache *c = req->app ? req->app->cache : NULL;

	if (web_authorize(req, resp, action))
		fn(req, resp);
	private_if_signed_in(req, resp);
	web_conditional_tag(req, resp);
	if (c && gen->municipal && action == AZ_PUBLIC && web_cache_eligible(req))
		web_cache_put(c, req, resp, gen);
}

void routes_dispatch(struct http_req *req, struct http_resp *resp)
{
	http_handler fn = NULL;
	const char *allow = NULL;
	enum router_result r;
	struct web_cache_gen gen;

	if (!site_choose(req)) {
		site_unknown(req, resp);
		return;
	}
	choose_language(req, resp);
	i18n_use((enum lang)req->lang);
	if (req->early_status) {
		early_error(req, resp);
		return;
	}
	if (from_cache(req, resp, &gen))
		return;
	r = router_match(routes, sizeof(routes) / sizeof(routes[0]), req, &fn,
			 &allow);
	if (r == ROUTER_FOUND) {
		answer(req, resp, fn,
		       (enum authz_action)routes[req->route_index].action, &gen);
		web_conditional_match(req, resp);
		web_cors(req, resp, routes[req->route_index].action == AZ_PUBLIC);
		return;
	}
	if (r == ROUTER_BAD_METHOD) {
		if (web_cors_preflight(req, resp, get_public(req)))
			return;
		http_resp_header(resp, "Allow", allow);
		if (web_open311_path(req->path))
			web_open311_error(req, resp, 405, _("Deze methode is hier niet toegestaan."));
		else if (is_api(req->path))
			web_json_error(resp, 405, _("Deze methode is hier niet toegestaan."), NULL);
		else
			web_html_error(req, resp, 405,
				       _("Deze handeling kan hier niet."));
		return;
	}
	if (web_open311_path(req->path))
		web_open311_error(req, resp, 404, _("Niet gevonden."));
	else if (is_api(req->path))
		web_json_error(resp, 404, _("Niet gevonden."), NULL);
	else
		web_html_error(req, resp, 404,
			       _("Deze pagina bestaat niet (meer)."));
}
