/* open311: the web side of Open311 GeoReport v2 (docs/open311.md).  The
 * format is the path's suffix; the same fields go out as JSON (here,
 * through jansson) and as XML (views/open311_xml.c).  Creation goes
 * through intake (web_intake_defer, app/intake.c), reads through
 * app/open311.c.  Query parameters the specification does not name are
 * ignored, as the specification lets clients send extras; a known one
 * with a wrong value is a 400. */
#include "open311.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/open311.h"
#include "app/signal.h"
#include "base/token.h"
#include "base/util.h"
#include "i18n/i18n.h"
#include "web/open311_json.h"
#include "views/open311_xml.h"
#include "web/link.h"
#include "web/auth.h"
#include "web/web.h"

/* Refuse more than this many service_code values in one list. */
#define MAX_CODES 50

int web_open311_path(const char *path)
{
	return strncmp(path, "/open311/", 9) == 0;
}

static bool is_xml(const struct http_req *req)
{
	size_t n = strlen(req->path);

	return n >= 4 && strcmp(req->path + n - 4, ".xml") == 0;
}

static void xml_done(struct http_resp *resp, int status)
{
	resp->status = status;
	resp->content_type = "text/xml; charset=utf-8";
}

static void json_done(struct http_resp *resp, int status, json_t *j)
{
	web_json(resp, status, j);
	if (resp->status == status)
		resp->content_type = "application/json; charset=utf-8";
}

static void errors(struct http_req *req, struct http_resp *resp, int status,
		   const struct open311_error *e, size_t n)
{
	json_t *list;

	buf_reset(&resp->body);
	if (is_xml(req)) {
		open311_xml_errors(&resp->body, e, n);
		xml_done(resp, status);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:i, s:s}", "code",
						      e[i].code, "description",
						      e[i].description ? e[i].description : ""));
	json_done(resp, status, list);
}

void web_open311_error(struct http_req *req, struct http_resp *resp,
		       int status, const char *description)
{
	struct open311_error e = {status, description};

	errors(req, resp, status, &e, 1);
}

/* Intake's names of the fields (those of /api/v1) as the client sent
 * them. */
static const char *open311_field(const char *field)
{
	static const char *const map[][2] = {
		{"text", "description"},
		{"lon", "long"},
		{"category", "service_code"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(field, map[i][0]) == 0)
			return map[i][1];
	return field;
}

/* The field errors of intake (or ours) as an error list of 400s. */
static void field_errors(struct http_req *req, struct http_resp *resp,
			 const struct field_errors *fe)
{
	struct open311_error e[FIELD_MAX_ERRORS];

	for (size_t i = 0; i < fe->n; i++) {
		e[i].code = 400;
		e[i].description = arena_printf(req->arena, "%s: %s",
						open311_field(fe->e[i].field),
						_(fe->e[i].msgid));
	}
	errors(req, resp, 400, e, fe->n);
}

/* jurisdiction_id is optional; given, it must be ours. */
static bool jurisdiction_ok(struct http_req *req, struct http_resp *resp,
			    const struct form *f)
{
	const char *j = form_get(f, "jurisdiction_id");

	if (!j || strcmp(j, req->app->municipality) == 0)
		return true;
	web_open311_error(req, resp, 404, _("Onbekende jurisdictie (jurisdiction_id)."));
	return false;
}

static struct db *db_or_error(struct http_req *req, struct http_resp *resp)
{
	struct db *db = store_thread_db();

	if (!db) {
		http_resp_header(resp, "Retry-After", "1");
		web_open311_error(req, resp, 503, _("Het is even te druk. Probeer het zo opnieuw."));
	}
	return db;
}

static void internal(struct http_req *req, struct http_resp *resp, enum err e)
{
	web_open311_error(req, resp, http_status_for(e), _("Er ging iets mis."));
}

/* --- discovery and services ------------------------------------------- */

void web_open311_discovery(struct http_req *req, struct http_resp *resp)
{
	struct open311_discovery d = {
		.changeset = "2026-12-04T00:00:00+01:00",
		.contact = req->app->municipality_name,
		.key_service = arena_printf(req->arena, "%s/werk", req->app->base_url),
		.url = arena_printf(req->arena, "%s/open311/v2", req->app->base_url),
	};
	json_t *ep;

	if (!jurisdiction_ok(req, resp, &req->query))
		return;
	if (is_xml(req)) {
		open311_xml_discovery(&resp->body, &d);
		xml_done(resp, 200);
		return;
	}
	ep = json_pack("{s:s, s:s, s:s, s:s, s:[s,s]}", "specification",
		       "http://wiki.open311.org/GeoReport_v2", "url", d.url,
		       "changeset", d.changeset, "type", "production", "formats",
		       "application/json", "text/xml");
	json_done(resp, 200,
		  json_pack("{s:s, s:s, s:s, s:[o]}", "changeset", d.changeset,
			    "contact", d.contact, "key_service", d.key_service,
			    "endpoints", ep));
}

static json_t *service_json(const struct open311_service *s)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s?}", "service_code",
			 s->code, "service_name", s->name, "description",
			 s->description, "metadata", 0, "type", "realtime",
			 "keywords", "", "group", s->group);
}

void web_open311_services(struct http_req *req, struct http_resp *resp)
{
	struct open311_service *s;
	size_t n;
	json_t *list;

	if (!jurisdiction_ok(req, resp, &req->query))
		return;
	open311_services(req->app, req->arena, &s, &n);
	if (is_xml(req)) {
		open311_xml_services(&resp->body, s, n);
		xml_done(resp, 200);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, service_json(&s[i]));
	json_done(resp, 200, list);
}

void web_open311_service(struct http_req *req, struct http_resp *resp)
{
	struct open311_service s;

	if (!jurisdiction_ok(req, resp, &req->query))
		return;
	if (!open311_service(req->app, http_param(req, "code"), &s)) {
		web_open311_error(req, resp, 404, _("Deze dienst (service_code) bestaat niet."));
		return;
	}
	if (is_xml(req)) {
		open311_xml_definition(&resp->body, &s);
		xml_done(resp, 200);
		return;
	}
	json_done(resp, 200, json_pack("{s:s, s:[]}", "service_code", s.code, "attributes"));
}

/* --- reading requests --------------------------------------------------- */

static void requests_answer(struct http_req *req, struct http_resp *resp,
			    struct open311_request *r, size_t n)
{
	/* a photo's address in full, as the specification's media_url is */
	for (size_t i = 0; i < n; i++)
		if (r[i].media_url)
			r[i].media_url = arena_printf(req->arena, "%s%s",
						      req->app->base_url,
						      r[i].media_url);
	if (is_xml(req)) {
		open311_xml_requests(&resp->body, r, n);
		xml_done(resp, 200);
		return;
	}
	open311_json_requests(&resp->body, r, n);
	resp->status = 200;
	resp->content_type = "application/json; charset=utf-8";
}

/* Split a comma list into the arena; false past max items. */
static bool split(struct arena *ar, const char *s, size_t max, char ***out,
		  size_t *n)
{
	char *copy = arena_strdup(ar, s), *save = NULL, *t;

	*n = 0;
	*out = arena_alloc(ar, (max + 1) * sizeof(char *));
	for (t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (*n == max)
			return false;
		(*out)[(*n)++] = t;
	}
	return true;
}

/* An id exactly as we write it: "01" names no request (0: none), so one
 * request has one URL and an answer never names another id than asked. */
static int64_t request_id(const char *s)
{
	int64_t id = id_parse(s);

	return id > 0 && s[0] == '0' ? 0 : id;
}

/* ?service_request_id=1,2,3: those, in that order; unknown ones left out. */
static void requests_by_ids(struct http_req *req, struct http_resp *resp,
			    struct db *db, const char *ids)
{
	char **v;
	size_t n, m = 0;
	struct open311_request *r;
	enum err e;

	if (!split(req->arena, ids, OPEN311_MAX_IDS, &v, &n) || n == 0) {
		web_open311_error(req, resp, 400,
				  _("service_request_id: geef 1 tot 100 nummers, met komma's ertussen."));
		return;
	}
	r = arena_alloc(req->arena, n * sizeof(*r));
	for (size_t i = 0; i < n; i++)
		if (id_parse(v[i]) <= 0) {
			web_open311_error(req, resp, 400,
					  _("service_request_id: geef 1 tot 100 nummers, met komma's ertussen."));
			return;
		}
	for (size_t i = 0; i < n; i++) {
		int64_t id = request_id(v[i]);

		e = id > 0 ? open311_request(req->app, db, req->arena, id, &r[m])
			   : ERR_NOT_FOUND;
		if (e == ERR_OK)
			m++;
		else if (e != ERR_NOT_FOUND) {
			internal(req, resp, e);
			return;
		}
	}
	requests_answer(req, resp, r, m);
}

/* ",a,b," of known service codes, or NULL after adding an error. */
static const char *codes_filter(struct http_req *req, const char *s,
				struct field_errors *fe)
{
	struct open311_service svc;
	char **v;
	size_t n;
	char *out;

	if (!split(req->arena, s, MAX_CODES, &v, &n) || n == 0) {
		field_errors_add(fe, "service_code", N_("is geen lijst van diensten"));
		return NULL;
	}
	out = arena_strdup(req->arena, ",");
	for (size_t i = 0; i < n; i++) {
		if (!open311_service(req->app, v[i], &svc)) {
			field_errors_add(fe, "service_code", N_("is een onbekende dienst"));
			return NULL;
		}
		out = arena_printf(req->arena, "%s%s,", out, v[i]);
	}
	return out;
}

static bool status_filter(struct arena *ar, const char *s,
			  enum open311_status *st)
{
	char **v;
	size_t n;
	bool open = false, closed = false;

	if (!split(ar, s, 4, &v, &n) || n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i], "open") == 0)
			open = true;
		else if (strcmp(v[i], "closed") == 0)
			closed = true;
		else
			return false;
	}
	*st = open && closed ? O311_ANY : open ? O311_OPEN
					       : O311_CLOSED;
	return true;
}

/* A whole number lo..hi, or def when absent; -1 when wrong. */
static int64_t number(const char *s, int64_t def, int64_t hi)
{
	int64_t v;

	if (!s)
		return def;
	v = id_parse(s);
	return v >= 1 && v <= hi ? v : -1;
}

/* The filters of GET requests into q; false with the errors in fe. */
static bool query_parse(struct http_req *req, struct open311_query *q,
			struct field_errors *fe)
{
	const struct form *f = &req->query;
	const char *v, *start = form_get(f, "start_date"),
		       *end = form_get(f, "end_date");
	char *from = arena_alloc(req->arena, 32), *to = arena_alloc(req->arena, 32);
	int64_t page, size;

	memset(q, 0, sizeof(*q));
	q->municipality = req->app->municipality;
	q->demo = req->app->demo != 0; /* docs/open-data.md, "Demo rows" */
	if (start && !open311_time_bound(start, false, from))
		field_errors_add(fe, "start_date", N_("is geen datum en tijd met tijdzone (W3C)"));
	if (end && !open311_time_bound(end, true, to))
		field_errors_add(fe, "end_date", N_("is geen datum en tijd met tijdzone (W3C)"));
	if (!start)
		open311_days_ago(end ? 36500 : OPEN311_DEFAULT_DAYS, from);
	if (!end)
		snprintf(to, 32, "9");
	if (start && end && fe->n == 0 && strcmp(from, to) > 0)
		field_errors_add(fe, "end_date", N_("ligt voor start_date"));
	q->from = from;
	q->to = to;
	if ((v = form_get(f, "service_code")))
		q->codes = codes_filter(req, v, fe);
	if ((v = form_get(f, "status")) && !status_filter(req->arena, v, &q->status))
		field_errors_add(fe, "status", N_("is niet open, closed of open,closed"));
	page = number(form_get(f, "page"), 1, 100000);
	size = number(form_get(f, "page_size"), OPEN311_DEFAULT_PAGE, OPEN311_MAX_PAGE);
	if (page < 0)
		field_errors_add(fe, "page", N_("is geen geheel getal van 1 tot 100000"));
	if (size < 0)
		field_errors_add(fe, "page_size", N_("is geen geheel getal van 1 tot 1000"));
	if (page > 0 && size > 0 && (page - 1) * size >= OPEN311_MAX_DEPTH)
		field_errors_add(fe, "page",
				 N_("reikt verder dan de eerste 10000 verzoeken;"
				    " kies een kortere periode met start_date en"
				    " end_date"));
	q->limit = size;
	q->offset = (page - 1) * size;
	return fe->n == 0;
}

void web_open311_requests(struct http_req *req, struct http_resp *resp)
{
	struct open311_query q;
	struct field_errors fe = {0};
	struct open311_request *r;
	const char *ids;
	struct db *db;
	size_t n;
	enum err e;

	if (!jurisdiction_ok(req, resp, &req->query) ||
	    !(db = db_or_error(req, resp)))
		return;
	if ((ids = form_get(&req->query, "service_request_id"))) {
		requests_by_ids(req, resp, db, ids);
		return;
	}
	if (!query_parse(req, &q, &fe)) {
		field_errors(req, resp, &fe);
		return;
	}
	if ((e = open311_requests(req->app, db, req->arena, &q, &r, &n)) != ERR_OK) {
		internal(req, resp, e);
		return;
	}
	/* the extension's pages as Link headers (web/link.h); a full page
	 * says there may be another, unless it would lie past the depth */
	web_link_pages(req, resp, &(struct web_pages){
		(long)(q.offset / q.limit) + 1, (long)q.limit, -1,
		n == (size_t)q.limit && q.offset + q.limit < OPEN311_MAX_DEPTH,
		"page", "page_size"});
	requests_answer(req, resp, r, n);
}

void web_open311_request(struct http_req *req, struct http_resp *resp)
{
	int64_t id = request_id(http_param(req, "id"));
	struct open311_request r;
	struct db *db;
	enum err e;

	if (!jurisdiction_ok(req, resp, &req->query) ||
	    !(db = db_or_error(req, resp)))
		return;
	e = id > 0 ? open311_request(req->app, db, req->arena, id, &r) : ERR_NOT_FOUND;
	if (e == ERR_NOT_FOUND) {
		web_open311_error(req, resp, 404, _("Deze melding bestaat niet."));
		return;
	}
	if (e != ERR_OK) {
		internal(req, resp, e);
		return;
	}
	requests_answer(req, resp, &r, 1);
}

void web_open311_token(struct http_req *req, struct http_resp *resp)
{
	const char *token = http_param(req, "token");
	struct signal_track t;
	struct db *db;
	enum err e;

	resp->no_store = true;
	if (!jurisdiction_ok(req, resp, &req->query) ||
	    !(db = db_or_error(req, resp)))
		return;
	e = token_valid(token) ? signal_track(db, req->arena, req->app->municipality,
					      token, &t)
			       : ERR_NOT_FOUND;
	if (e == ERR_NOT_FOUND) {
		web_open311_error(req, resp, 404, _("Deze melding bestaat niet."));
		return;
	}
	if (e != ERR_OK) {
		internal(req, resp, e);
		return;
	}
	if (is_xml(req)) {
		open311_xml_token(&resp->body, t.s.id, token);
		xml_done(resp, 200);
		return;
	}
	json_done(resp, 200,
		  json_pack("[{s:s, s:s}]", "service_request_id",
			    arena_printf(req->arena, "%lld", (long long)t.s.id),
			    "token", token));
}

/* --- creating a request -------------------------------------------------- */

/* The form body, or NULL after answering. */
static const struct form *body_form(struct http_req *req, struct http_resp *resp)
{
	struct form *f = arena_alloc(req->arena, sizeof(*f));
	const char *msg = NULL;

	if (strcmp(http_media_type(req), "application/x-www-form-urlencoded") != 0) {
		web_open311_error(req, resp, 400,
				  _("Stuur het verzoek als application/x-www-form-urlencoded."));
		return NULL;
	}
	if (form_parse(req->arena, req->body ? req->body : "", req->body_len, f,
		       &msg) != ERR_OK) {
		web_open311_error(req, resp, 400,
				  arena_printf(req->arena, "%s (%s)",
					       _("Het verzoek is onleesbaar of ongeldig."),
					       msg ? msg : "?"));
		return NULL;
	}
	return f;
}

/* What the specification lets a client send that we refuse or check
 * before intake: attributes (no service defines one), a place without a
 * point, a service that is not ours, the API key. */
static bool create_checks(struct http_req *req, struct http_resp *resp,
			  const struct form *f, struct field_errors *fe)
{
	const char *code = form_get(f, "service_code");
	struct open311_service s;

	if (req->app->open311_api_key &&
	    auth_api_key(req, form_get(f, "api_key"))->kind != PRINCIPAL_APIKEY) {
		web_open311_error(req, resp, 403, _("Een geldige api_key is nodig."));
		return false;
	}
	for (size_t i = 0; i < f->n; i++)
		if (strncmp(f->fields[i].key, "attribute[", 10) == 0) {
			field_errors_add_first(fe, "attribute", N_("is onbekend bij deze dienst"));
			break;
		}
	if (!code || !*code)
		field_errors_add(fe, "service_code", N_("is verplicht"));
	else if (!open311_service(req->app, code, &s))
		field_errors_add(fe, "service_code", N_("is een onbekende dienst"));
	if (!form_get(f, "lat") || !form_get(f, "long"))
		field_errors_add(fe, "lat",
				 N_("ontbreekt: deze server kent geen adressen; stuur lat en long"));
	return true;
}

static void created(struct http_req *req, struct http_resp *resp,
		    const struct intake_result *res)
{
	const char *notice = _("Uw melding is ontvangen. Volg hem via de link "
			       "in tracking_url; die link is alleen voor u.");
	const char *url = arena_printf(req->arena, "%s/m/%s", req->app->base_url,
				       res->row.token);

	if (is_xml(req)) {
		open311_xml_created(&resp->body, res->row.id, notice, url);
		xml_done(resp, res->status);
		return;
	}
	json_done(resp, res->status,
		  json_pack("[{s:s, s:s, s:n, s:s}]", "service_request_id",
			    arena_printf(req->arena, "%lld", (long long)res->row.id),
			    "service_notice", notice, "account_id", "tracking_url",
			    url));
}

/* What a POST carries while the group writer stores it. */
struct create {
	struct field_errors fe;
	struct signal_input in;
	struct intake_result res;
};

/* The answer once stored, or refused. */
static void answer(struct http_req *req, struct http_resp *resp, void *ctx)
{
	struct create *c = ctx;

	if (c->res.status == 429)
		http_resp_header(resp, "Retry-After",
				 arena_printf(req->arena, "%d", c->res.retry_after));
	if (c->res.status >= 300) {
		web_open311_error(req, resp, c->res.status, c->res.message);
		return;
	}
	created(req, resp, &c->res);
}

/* media_url: a photo uploaded here before (POST /api/v1/photos), named
 * by its address, with or without this site's base URL, is attached
 * (whether it exists and is free, intake checks: 422 if not).  Any other
 * address is ignored, as before there were photos: we fetch nothing from
 * elsewhere (a server that fetches the addresses it is given can be made
 * to reach inside the network it runs in), and a client that always
 * sends one still gets its report in.  -1: not one of ours. */
static int media_url(struct http_req *req, const char *url,
		     struct signal_input *in)
{
	const char *base = req->app->base_url, *p = url;
	size_t bn = strlen(base), tn;

	if (!url || !*url)
		return 0;
	if (strncmp(p, base, bn) == 0)
		p += bn;
	if (strncmp(p, "/foto/", 6) != 0)
		return -1;
	p += 6;
	tn = strlen(p);
	if (tn != TOKEN_LEN + 4 || strcmp(p + TOKEN_LEN, ".jpg") != 0)
		return -1;
	in->photos[0] = arena_strndup(req->arena, p, TOKEN_LEN);
	in->nphotos = token_valid(in->photos[0]) ? 1 : 0;
	return in->nphotos ? 0 : -1;
}

/* As the JSON API: the server thread does not wait for the commit
 * (web_intake_defer). */
void web_open311_create(struct http_req *req, struct http_resp *resp)
{
	const struct form *f;
	struct create *c = arena_alloc(req->arena, sizeof(*c));
	struct field_errors *fe = &c->fe;
	struct signal_input *in = &c->in;

	memset(c, 0, sizeof(*c));
	resp->no_store = true;
	if (!(f = body_form(req, resp)) || !jurisdiction_ok(req, resp, f) ||
	    !jurisdiction_ok(req, resp, &req->query) ||
	    !create_checks(req, resp, f, fe))
		return;
	if (fe->n) {
		field_errors(req, resp, fe);
		return;
	}
	in->kind = "melding";
	in->text = form_get(f, "description");
	in->lat = form_get(f, "lat");
	in->lon = form_get(f, "long");
	in->category = form_get(f, "service_code");
	in->email = form_get(f, "email");
	in->phone = form_get(f, "phone");
	media_url(req, form_get(f, "media_url"), in);
	if (web_intake_defer(req, resp, in, fe, &c->res, NULL, answer, c)) {
		field_errors(req, resp, fe);
		return;
	}
	if (c->res.status) /* refused at once */
		answer(req, resp, c);
}
