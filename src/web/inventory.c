/* inventory: the partner inventory after a merger of districts
 * (docs/inventory.md), for the beheerder only.
 *
 *   GET  /beheer/inventaris            the imported lists, a form to paste
 *                                      a list, the proposed clusters with
 *                                      every field's values and sources,
 *                                      and the records that match nothing
 *   POST /beheer/inventaris/lijsten    import a pasted list (bron, inhoud)
 *   POST /beheer/inventaris/lijsten/{list}/verwijderen
 *   POST /beheer/inventaris/samenvoegen  merge records (records=1,2,3,
 *                                      organisation=ID, and per field the
 *                                      member that wins: r<record>,
 *                                      o<organisation> or - for empty)
 *   GET  /beheer/inventaris/rapport    what was merged, field by field
 *
 * and the same as JSON under /api/v1/inventory (lists, clusters, merge,
 * report).  Our server takes no multipart bodies, so a file is either
 * pasted into the form or sent as the body of POST
 * /api/v1/inventory/lists?source=NAME with Content-Type text/csv or
 * application/json (HSDS).  The form is limited by the server's
 * --max-body, the API by routes.c's bulk_routes (16 MiB, as the reader).
 *
 * The clusters are computed on every request from the records not merged
 * yet and the organisations wijkagenda has (inventory/dedupe.h); nothing
 * about them is stored, so a merge or a new list changes them at once.
 * The use cases are app/inventory.c; here the pages and the JSON. */
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "app/inventory.h"
#include "views/inventory.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/web.h"

#define ROUTES_INVENTORY_DECLARE
#include "web/routes_inventory.inc"
#undef ROUTES_INVENTORY_DECLARE

#define PAGE_CLUSTERS 100 /* clusters shown on the page (the API has all) */
#define PAGE_SINGLES 200
#define REPORT_MAX 500

/* --- shared ----------------------------------------------------------------- */

static void redirect(struct http_resp *resp, const char *location)
{
	resp->status = 303;
	http_resp_header(resp, "Location", location);
}

/* The database with the inventory tables, or an answer and NULL. */
static struct db *inv_db(struct http_req *req, struct http_resp *resp,
			 bool json)
{
	return web_db(req, resp, json);
}

/* The import use case (app/inventory.c) as a status: 201 or the error's. */
static int import_status(struct http_req *req, struct db *db, const char *source,
			 const char *data, size_t len, int format,
			 struct import_res *r)
{
	enum err e = inventory_import(req->app, db, req->arena, auth_actor(req),
				      source, data, len, format, r);

	return e == ERR_OK ? 201 : http_status_for(e);
}

static const char *code_name(int status)
{
	switch (status) {
	case 400: return "invalid";
	case 409: return "conflict";
	case 413: return "too_large";
	case 415: return "unsupported_media_type";
	default: return status >= 500 ? "internal" : "error";
	}
}

/* --- the page ---------------------------------------------------------------- */

static const char *notice_for(struct http_req *req)
{
	const char *k = form_get(&req->query, "klaar");

	if (!k)
		return NULL;
	if (strcmp(k, "ingelezen") == 0)
		return _("De lijst is ingelezen.");
	if (strcmp(k, "samengevoegd") == 0)
		return _("De vermeldingen zijn samengevoegd.");
	if (strcmp(k, "verwijderd") == 0)
		return _("De lijst is verwijderd.");
	return NULL;
}

/* The page of the current proposal: the clusters shown, each with the
 * default winner of every field. */
static void render_page(struct http_req *req, struct http_resp *resp,
			struct db *db, int status, const struct inventory_form *f)
{
	struct page pg = web_page(req, _("Partnerinventaris"));
	struct inventory_page v;
	struct inv_state s;
	size_t *winners;

	if (inventory_load(req->app, db, req->arena, SIM_THRESHOLD, &s) != ERR_OK) {
		web_html_error(req, resp, 500, _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	if (f->nerrors)
		pg.title = _("Fout: Partnerinventaris");
	v = (struct inventory_page){auth_principal(req)->csrf,
				    status == 200 ? notice_for(req) : NULL,
				    s.lists, s.nlists, f, s.recs, s.n, s.d,
				    &s.res, 0, NULL, PAGE_SINGLES};
	v.nshown = s.res.nclusters < PAGE_CLUSTERS ? s.res.nclusters
						   : PAGE_CLUSTERS;
	winners = arena_alloc(req->arena,
			      (v.nshown + 1) * INV_NFIELDS * sizeof(*winners));
	for (size_t i = 0; i < v.nshown; i++)
		dedupe_choose(req->arena, s.d, s.res.clusters[i].members,
			      s.res.clusters[i].n, winners + i * INV_NFIELDS);
	v.winners = winners;
	resp->status = status;
	resp->no_store = true;
	resp->content_type = "text/html; charset=utf-8";
	view_inventory(HTML_ON(&resp->body), &pg, &v);
}

void web_beheer_inventory(struct http_req *req, struct http_resp *resp)
{
	struct inventory_form f = {"", "", NULL, 0};
	struct db *db = inv_db(req, resp, false);

	if (db)
		render_page(req, resp, db, 200, &f);
}

void web_beheer_inventory_import(struct http_req *req, struct http_resp *resp)
{
	const struct form *form = web_form(req);
	struct inventory_form f = {form_get(form, "bron"), form_get(form, "inhoud"),
				NULL, 0};
	struct field_error *fe = arena_alloc(req->arena, sizeof(*fe));
	struct db *db = inv_db(req, resp, false);
	struct import_res r;
	int status;

	if (!db)
		return;
	if (!f.content || !*f.content) {
		fe->field = "inhoud";
		fe->message = _("is leeg");
		status = 400;
	} else {
		status = import_status(req, db, f.source, f.content,
				       strlen(f.content), 0, &r);
		json_decref(r.where);
		if (status == 201) {
			redirect(resp, "/beheer/inventaris?klaar=ingelezen");
			return;
		}
		fe->field = r.field;
		fe->message = r.message;
	}
	f.errors = fe;
	f.nerrors = 1;
	render_page(req, resp, db, status, &f);
}

void web_beheer_inventory_list_delete(struct http_req *req,
				      struct http_resp *resp)
{
	struct db *db = inv_db(req, resp, false);
	int64_t id = web_param_id(req, "list");
	enum err e;

	if (!db)
		return;
	e = inventory_list_delete(req->app, db, auth_actor(req), id);
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Deze lijst bestaat niet (meer).")
						  : _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	redirect(resp, "/beheer/inventaris?klaar=verwijderd");
}

/* --- merging ------------------------------------------------------------------ */

/* A positive decimal number of at most 18 digits, or 0. */
static int64_t parse_id(const char *s, size_t len)
{
	int64_t v = 0;

	if (!len || len > 18)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "12,15,33": false when a part is not an id or repeats one. */
static bool parse_ids(struct http_req *req, const char *s, struct merge_req *mr)
{
	size_t cap = 0, len;
	int64_t id;

	mr->ids = NULL;
	mr->nids = 0;
	while (s && *s) {
		len = strcspn(s, ",");
		if (!(id = parse_id(s, len)) || mr->nids >= MERGE_MAX)
			return false;
		for (size_t i = 0; i < mr->nids; i++)
			if (mr->ids[i] == id)
				return false;
		mr->ids = arena_vec_grow(req->arena, mr->ids, mr->nids, &cap,
					 sizeof(*mr->ids));
		mr->ids[mr->nids++] = id;
		s += len;
		if (*s == ',')
			s++;
	}
	return true;
}

/* A form's field choice: "", "-", "o<id>" or "r<id>". */
static bool parse_choice(const char *v, int64_t *out)
{
	*out = CHOOSE_DEFAULT;
	if (!v || !*v)
		return true;
	if (strcmp(v, "-") == 0) {
		*out = CHOOSE_EMPTY;
		return true;
	}
	if (v[0] == 'o' && parse_id(v + 1, strlen(v + 1))) {
		*out = CHOOSE_ORG;
		return true;
	}
	return v[0] == 'r' && (*out = parse_id(v + 1, strlen(v + 1))) > 0;
}

void web_beheer_inventory_merge(struct http_req *req, struct http_resp *resp)
{
	const struct form *form = web_form(req);
	struct db *db = inv_db(req, resp, false);
	const char *org = form_get(form, "organisation");
	struct merge_req mr;
	struct merge_res res;

	if (!db)
		return;
	memset(&mr, 0, sizeof(mr));
	if (!parse_ids(req, form_get(form, "records"), &mr) ||
	    (org && *org && !(mr.org_id = parse_id(org, strlen(org))))) {
		web_html_error(req, resp, 400, _("De samenvoeging is onleesbaar."));
		return;
	}
	for (int f = 0; f < INV_NFIELDS; f++)
		if (!parse_choice(form_get(form, inv_field_names[f]), &mr.choose[f])) {
			web_html_error(req, resp, 400,
				       _("De samenvoeging is onleesbaar."));
			return;
		}
	if (inventory_merge(req->app, db, req->arena, auth_actor(req), &mr,
			    &res) != ERR_OK) {
		web_html_error(req, resp, http_status_for(res.err), res.message);
		return;
	}
	redirect(resp, "/beheer/inventaris?klaar=samengevoegd");
}

/* --- the report ------------------------------------------------------------------ */

void web_beheer_inventory_report(struct http_req *req, struct http_resp *resp)
{
	struct page pg = web_page(req, _("Rapport van de samenvoegingen"));
	struct db *db = inv_db(req, resp, false);
	struct inv_merge_row *rows;
	size_t n;

	if (!db)
		return;
	if (store_inventory_merges(db, req->arena, req->app->municipality,
				   REPORT_MAX, &rows, &n) != ERR_OK) {
		web_html_error(req, resp, 500, _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	resp->no_store = true;
	resp->content_type = "text/html; charset=utf-8";
	view_inventory_report(HTML_ON(&resp->body), &pg, rows, n);
}

/* --- JSON API -------------------------------------------------------------------- */

static json_t *list_json(const struct inv_list_row *l)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:I, s:s, s:s}", "id",
			 (json_int_t)l->id, "source", l->source, "format",
			 l->format, "records", (json_int_t)l->records, "merged",
			 (json_int_t)l->merged, "imported_by", l->imported_by,
			 "imported_at", l->imported_at);
}

void web_api_inventory_lists(struct http_req *req, struct http_resp *resp)
{
	struct db *db = inv_db(req, resp, true);
	struct inv_list_row *rows;
	json_t *a;
	size_t n;

	if (!db || web_query_only(req, resp, NULL, 0))
		return;
	if (store_inventory_lists(db, req->arena, req->app->municipality, &rows,
				  &n) != ERR_OK) {
		web_json_error(resp, 500, _("Er ging iets mis. Probeer het opnieuw."), NULL);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, list_json(&rows[i]));
	resp->no_store = true;
	web_json(resp, 200, json_pack("{s:o}", "lists", a));
}

void web_api_inventory_import(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"source"};
	const char *type = http_media_type(req);
	struct import_res r;
	struct db *db;
	json_t *err;
	int status, format;

	if (web_query_only(req, resp, allowed, 1))
		return;
	if (strcmp(type, "text/csv") == 0) {
		format = 'c';
	} else if (strcmp(type, "application/json") == 0) {
		format = 'j';
	} else {
		web_json_error(resp, 415,
			       _("Stuur de lijst als text/csv of als "
				 "application/json (HSDS)."),
			       NULL);
		return;
	}
	if (!(db = inv_db(req, resp, true)))
		return;
	status = import_status(req, db, form_get(&req->query, "source"),
			       req->body ? req->body : "", req->body_len, format,
			       &r);
	if (status != 201) {
		err = json_pack("{s:i, s:s, s:s, s:s}", "status", status, "code",
				code_name(status), "message", r.message, "field",
				strcmp(r.field, "bron") == 0 ? "source" : "body");
		if (r.where)
			json_object_update(err, r.where);
		json_decref(r.where);
		web_json(resp, status, json_pack("{s:o}", "error", err));
		return;
	}
	web_json(resp, 201,
		 json_pack("{s:{s:I, s:s, s:s, s:I}}", "list", "id",
			   (json_int_t)r.list_id, "source", r.source, "format",
			   r.format, "records", (json_int_t)r.nrecs));
}

void web_api_inventory_list_delete(struct http_req *req, struct http_resp *resp)
{
	struct db *db = inv_db(req, resp, true);
	int64_t id = web_param_id(req, "list");
	enum err e;

	if (!db)
		return;
	e = inventory_list_delete(req->app, db, auth_actor(req), id);
	if (e != ERR_OK) {
		web_json_error(resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Deze lijst bestaat niet (meer).")
						  : _("Er ging iets mis. Probeer het opnieuw."),
			       NULL);
		return;
	}
	web_json(resp, 200, json_pack("{s:I}", "deleted", (json_int_t)id));
}

static const char *agree_name(enum sim_agree a)
{
	return a == SIM_AGREE ? "same" : a == SIM_DIFFER ? "different" : "unknown";
}

static json_t *rec_json(const struct partner_rec *r)
{
	json_t *fields = json_object();
	json_t *j;

	for (int f = 0; f < INV_NFIELDS; f++)
		if (r->f[f])
			json_object_set_new(fields, inv_field_names[f],
					    json_string(r->f[f]));
	if (r->org_id)
		j = json_pack("{s:I, s:s}", "organisation", (json_int_t)r->org_id,
			      "source", r->source);
	else
		j = json_pack("{s:I, s:s, s:I}", "record", (json_int_t)r->id,
			      "source", r->source, "line", (json_int_t)r->line);
	json_object_set_new(j, "fields", fields);
	return j;
}

/* The member a choice refers to: a record id or "organisation". */
static json_t *choice_json(const struct partner_rec *r)
{
	return r->org_id ? json_string("organisation")
			 : json_integer((json_int_t)r->id);
}

static json_t *pair_json(const struct inv_state *s, const struct dedupe_pair *p)
{
	const struct sim_detail *d = &p->sim;

	return json_pack("{s:o, s:o, s:f, s:f, s:s, s:s, s:s, s:s, s:s}", "a",
			 choice_json(s->d[p->a].rec), "b", choice_json(s->d[p->b].rec),
			 "score", d->score, "name", d->name, "kvk",
			 agree_name(d->kvk), "domain", agree_name(d->domain),
			 "email", agree_name(d->email), "phone",
			 agree_name(d->phone), "address", agree_name(d->address));
}

static json_t *cluster_json(struct http_req *req, const struct inv_state *s,
			    size_t ci, json_t *pairs)
{
	const struct dedupe_cluster *c = &s->res.clusters[ci];
	size_t winner[INV_NFIELDS];
	json_t *members = json_array(), *choice = json_object();

	dedupe_choose(req->arena, s->d, c->members, c->n, winner);
	for (size_t i = 0; i < c->n; i++)
		json_array_append_new(members, rec_json(s->d[c->members[i]].rec));
	for (int f = 0; f < INV_NFIELDS; f++)
		json_object_set_new(choice, inv_field_names[f],
				    winner[f] == SIZE_MAX
					    ? json_null()
					    : choice_json(s->d[c->members[winner[f]]].rec));
	return json_pack("{s:f, s:o, s:o, s:o}", "weakest", c->weakest, "members",
			 members, "choice", choice, "pairs", pairs);
}

static bool parse_threshold(struct http_req *req, double *t)
{
	const char *s = form_get(&req->query, "threshold");

	*t = SIM_THRESHOLD;
	return !s || (parse_decimal(s, t) && *t >= 0.0 && *t <= 1.0);
}

void web_api_inventory_clusters(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"threshold"};
	struct db *db = inv_db(req, resp, true);
	struct inv_state s;
	json_t *clusters, *singles, **pairs;
	double threshold;

	if (!db || web_query_only(req, resp, allowed, 1))
		return;
	if (!parse_threshold(req, &threshold)) {
		web_json_error(resp, 400, _("threshold moet een getal van 0 tot 1 zijn."),
			       NULL);
		return;
	}
	if (inventory_load(req->app, db, req->arena, threshold, &s) != ERR_OK) {
		web_json_error(resp, 500, _("Er ging iets mis. Probeer het opnieuw."), NULL);
		return;
	}
	pairs = arena_alloc(req->arena, (s.res.nclusters + 1) * sizeof(*pairs));
	for (size_t c = 0; c < s.res.nclusters; c++)
		pairs[c] = json_array();
	for (size_t k = 0; k < s.res.npairs; k++) {
		const struct dedupe_pair *p = &s.res.pairs[k];
		size_t c = s.res.cluster_of[p->a];

		if (c != SIZE_MAX && c == s.res.cluster_of[p->b])
			json_array_append_new(pairs[c], pair_json(&s, p));
	}
	clusters = json_array();
	for (size_t c = 0; c < s.res.nclusters; c++)
		json_array_append_new(clusters, cluster_json(req, &s, c, pairs[c]));
	singles = json_array();
	for (size_t i = 0; i < s.n; i++)
		if (!s.recs[i].org_id && s.res.cluster_of[i] == SIZE_MAX)
			json_array_append_new(singles, rec_json(&s.recs[i]));
	resp->no_store = true;
	web_json(resp, 200,
		 json_pack("{s:f, s:I, s:I, s:o, s:o}", "threshold", threshold,
			   "records", (json_int_t)s.n, "compared",
			   (json_int_t)s.res.ncompared, "clusters", clusters,
			   "singles", singles));
}

static bool json_ids(struct http_req *req, json_t *a, struct merge_req *mr)
{
	size_t i, cap = 0;
	json_t *v;

	if (!json_is_array(a) || json_array_size(a) > MERGE_MAX)
		return false;
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return false;
		for (size_t j = 0; j < mr->nids; j++)
			if (mr->ids[j] == json_integer_value(v))
				return false;
		mr->ids = arena_vec_grow(req->arena, mr->ids, mr->nids, &cap,
					 sizeof(*mr->ids));
		mr->ids[mr->nids++] = json_integer_value(v);
	}
	return true;
}

static int field_of(const char *name)
{
	for (int f = 0; f < INV_NFIELDS; f++)
		if (strcmp(name, inv_field_names[f]) == 0)
			return f;
	return -1;
}

/* {"naam": 12, "kvk": "organisation", "email": null, ...} */
static bool json_choices(json_t *o, struct merge_req *mr)
{
	const char *key;
	json_t *v;
	int f;

	if (!o || json_is_null(o))
		return true;
	if (!json_is_object(o))
		return false;
	json_object_foreach(o, key, v) {
		if ((f = field_of(key)) < 0)
			return false;
		if (json_is_null(v))
			mr->choose[f] = CHOOSE_EMPTY;
		else if (json_is_string(v) &&
			 strcmp(json_string_value(v), "organisation") == 0)
			mr->choose[f] = CHOOSE_ORG;
		else if (json_is_integer(v) && json_integer_value(v) > 0)
			mr->choose[f] = json_integer_value(v);
		else
			return false;
	}
	return true;
}

void web_api_inventory_merge(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"records", "organisation", "choose"};
	struct db *db = inv_db(req, resp, true);
	struct merge_req mr;
	struct merge_res res;
	json_t *body, *org;

	if (!db || web_query_only(req, resp, NULL, 0) ||
	    !(body = web_json_body(req, resp, 0, allowed, 3)))
		return;
	memset(&mr, 0, sizeof(mr));
	org = json_object_get(body, "organisation");
	if (!json_ids(req, json_object_get(body, "records"), &mr) ||
	    !json_choices(json_object_get(body, "choose"), &mr) ||
	    (org && !json_is_null(org) &&
	     (!json_is_integer(org) || (mr.org_id = json_integer_value(org)) <= 0))) {
		json_decref(body);
		web_json_error(resp, 400,
			       _("records moet een lijst van vermeldingen zijn, "
				 "organisation een organisatie en choose per veld "
				 "een vermelding, \"organisation\" of null."),
			       NULL);
		return;
	}
	json_decref(body);
	if (inventory_merge(req->app, db, req->arena, auth_actor(req), &mr,
			    &res) != ERR_OK) {
		web_json_error(resp, http_status_for(res.err), res.message, NULL);
		return;
	}
	web_json(resp, res.created ? 201 : 200,
		 json_pack("{s:{s:I, s:b}}", "organisation", "id",
			   (json_int_t)res.org_id, "created", res.created));
}

void web_api_inventory_report(struct http_req *req, struct http_resp *resp)
{
	struct db *db = inv_db(req, resp, true);
	struct inv_merge_row *rows;
	json_t *a, *d;
	size_t n;

	if (!db || web_query_only(req, resp, NULL, 0))
		return;
	if (store_inventory_merges(db, req->arena, req->app->municipality,
				   REPORT_MAX, &rows, &n) != ERR_OK) {
		web_json_error(resp, 500, _("Er ging iets mis. Probeer het opnieuw."), NULL);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < n; i++) {
		d = json_loads(rows[i].detail ? rows[i].detail : "{}", 0, NULL);
		json_array_append_new(
			a, json_pack("{s:I, s:{s:o, s:s}, s:b, s:I, s:s, s:s, s:o}",
				     "id", (json_int_t)rows[i].id, "organisation",
				     "id",
				     rows[i].org_id ? json_integer(rows[i].org_id)
						    : json_null(),
				     "name", rows[i].org_name, "created",
				     rows[i].created, "records",
				     (json_int_t)rows[i].records, "by",
				     rows[i].actor_label, "at", rows[i].merged_at,
				     "detail", d ? d : json_object()));
	}
	resp->no_store = true;
	web_json(resp, 200, json_pack("{s:o}", "merges", a));
}
