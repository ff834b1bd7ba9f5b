/* routing_api: routing rules as JSON, for the beheerder (docs/api.md,
 * docs/routing.md).
 *
 *   GET    /api/v1/routing/rules          {"rules": [rule, ...]}
 *   POST   /api/v1/routing/rules          {"category"?, "area"?,
 *                                          "organisation"?, "note"?}
 *                                          -> 201 with the rule
 *   DELETE /api/v1/routing/rules/{rule}   204; 409 for the last rule that
 *                                          covers everything
 *   GET    /api/v1/routing/dry-run?category=&buurt=
 *          {"category", "buurt", "organisations": [{"id", "name", "kind",
 *           "rules": [{"rule", "default", "reason"}]}]}
 *
 * A rule: {"id", "category", "area", "organisation" (null: the default),
 * "organisation_name", "default", "position", "note", "created_at",
 * "description" (in words), "deletable"}.  Bodies are strict, as
 * everywhere: unknown fields refused, malformed JSON answered with its
 * line and column. */
#include <string.h>

#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/json_fields.h"
#include "web/routing.h"
#include "web/web.h"

static const char *const rule_fields[] = {"category", "area", "organisation",
					  "note"};

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *rule_json(struct http_req *req, const struct routing_rule_row *r,
			 bool deletable)
{
	struct routing_words w;

	routing_words(req, r, &w);
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:b, s:I, s:s, s:s, s:s, s:b}",
			 "id", (json_int_t)r->id, "category",
			 str_or_null(r->category_code), "area",
			 str_or_null(r->area_code), "organisation",
			 r->organisation_id ? json_integer(r->organisation_id)
					    : json_null(),
			 "organisation_name", str_or_null(r->org_name),
			 "default", r->organisation_id == 0, "position",
			 (json_int_t)r->position, "note", r->note ? r->note : "",
			 "created_at", r->created_at, "description", w.sentence,
			 "deletable", deletable);
}

static void fail(struct http_resp *resp, enum err e, const char *message,
		 const struct field_errors *errs)
{
	web_json_error(resp, http_status_for(e), message, errs);
}

void web_api_routing_rules(struct http_req *req, struct http_resp *resp)
{
	struct routing_rule_row *rows;
	struct db *db;
	json_t *list;
	size_t n, covering;
	enum err e;

	if (web_query_only(req, resp, NULL, 0) != 0 || !(db = web_db(req, resp, 1)))
		return;
	e = store_routing_list(db, req->arena, req->app->municipality, &rows, &n);
	if (e != ERR_OK) {
		fail(resp, e, _("Er ging iets mis."), NULL);
		return;
	}
	covering = routing_rules_covering(rows, n);
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, rule_json(req, &rows[i],
						      !routing_rule_kept(&rows[i],
									 covering)));
	web_json(resp, 200, json_pack("{s:o}", "rules", list));
}

/* "organisation": a positive whole number, or null/absent for the
 * default rule. */
static int64_t org_of(json_t *root, struct field_errors *errs)
{
	bool present;

	return json_field_id(root, "organisation", &present, errs);
}

void web_api_routing_add(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 1);
	struct routing_rule_row r;
	struct field_errors errs;
	struct routing_input in;
	json_t *root;
	int64_t id = 0;
	enum err e;

	if (!db || !(root = web_json_body(req, resp, 0, rule_fields,
					  sizeof(rule_fields) / sizeof(rule_fields[0]))))
		return;
	memset(&errs, 0, sizeof(errs));
	in = (struct routing_input){json_field_text(req->arena, root, "category", &errs),
				    json_field_text(req->arena, root, "area", &errs),
				    org_of(root, &errs),
				    json_field_text(req->arena, root, "note", &errs)};
	json_decref(root);
	e = errs.n ? ERR_INVALID
		   : routing_rule_create(req->app, db, req->arena,
					 auth_actor(req), &in, &errs, &id);
	if (e == ERR_OK)
		e = store_routing_get(db, req->arena, req->app->municipality, id, &r);
	if (e == ERR_OK) {
		web_json(resp, 201, rule_json(req, &r, true));
		return;
	}
	fail(resp, e,
	     e == ERR_CONFLICT ? _("Deze regel bestaat al.")
	     : errs.n	       ? _("De regel is niet geldig.")
			       : _("Er ging iets mis."),
	     &errs);
}

void web_api_routing_delete(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 1);
	struct field_errors errs;
	enum err e;

	if (!db)
		return;
	memset(&errs, 0, sizeof(errs));
	e = routing_rule_delete(req->app, db, req->arena, auth_actor(req),
				web_param_id(req, "rule"), &errs);
	if (e == ERR_OK) {
		resp->status = 204;
		return;
	}
	fail(resp, e,
	     e == ERR_NOT_FOUND ? _("Deze regel bestaat niet (meer).")
	     : errs.n ? _("Dit is de laatste regel die alle meldingen overal "
			  "ergens heen stuurt. Voeg eerst een andere toe.")
		      : _("Er ging iets mis."),
	     &errs);
}

static json_t *hits_json(struct http_req *req, const struct routing_dry *d)
{
	json_t *orgs = json_array(), *cur = NULL;

	for (size_t i = 0; i < d->nhits; i++) {
		const struct routing_hit_row *h = &d->hits[i];

		if (!i || d->hits[i - 1].organisation_id != h->organisation_id) {
			cur = json_array();
			json_array_append_new(orgs,
					      json_pack("{s:I, s:s, s:s, s:o}", "id",
							(json_int_t)h->organisation_id,
							"name", h->org_name, "kind",
							h->org_kind, "rules", cur));
		}
		json_array_append_new(cur, json_pack("{s:I, s:b, s:s}", "rule",
						     (json_int_t)h->rule_id,
						     "default", h->is_default,
						     "reason",
						     routing_reason(req, h)));
	}
	return orgs;
}

void web_api_routing_dry_run(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"category", "buurt"};
	struct field_errors errs;
	struct routing_dry d;
	struct db *db;
	enum err e;

	if (web_query_only(req, resp, allowed, 2) != 0 ||
	    !(db = web_db(req, resp, 1)))
		return;
	memset(&errs, 0, sizeof(errs));
	e = routing_dry_run(req->app, db, req->arena,
			    form_get(&req->query, "category"),
			    form_get(&req->query, "buurt"), &errs, &d);
	if (e != ERR_OK) {
		fail(resp, e,
		     errs.n ? _("De proef is niet geldig.") : _("Er ging iets mis."),
		     &errs);
		return;
	}
	web_json(resp, 200,
		 json_pack("{s:o, s:s, s:s, s:o}", "category",
			   str_or_null(d.category), "buurt", d.buurt->code,
			   "question", routing_question(req, &d), "organisations",
			   hits_json(req, &d)));
}
