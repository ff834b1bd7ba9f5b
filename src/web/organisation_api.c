/* organisation_api: /api/v1/organisations.  Reading is public (the social map
 * shows who works where), so an organisation in JSON carries only its id,
 * name, kind, KvK number and areas: never a person.  Writing needs a
 * session (with its CSRF token) or an API key, as the router checks.
 *
 * Bodies are strict, as in web/signal_api.c: a flat JSON object, unknown
 * fields rejected, malformed JSON answered with its line and column. */
#include <string.h>

#include "i18n/i18n.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/beheer.h"
#include "web/json_fields.h"
#include "web/web.h"

static const char *const org_fields[] = {"name", "kind", "kvk", "areas"};

/* --- organisations as JSON ----------------------------------------------- */

static json_t *org_json(const struct org_row *o)
{
	json_t *areas = json_array();

	for (size_t i = 0; i < o->nareas; i++)
		json_array_append_new(areas, json_string(o->areas[i]));
	return json_pack("{s:I, s:s, s:s, s:s?, s:o}", "id", (json_int_t)o->id,
			 "name", o->name, "kind", o->kind, "kvk", o->kvk, "areas",
			 areas);
}

void web_api_orgs(struct http_req *req, struct http_resp *resp)
{
	struct org_row *rows, full;
	struct db *db;
	json_t *list;
	size_t n;
	enum err e;

	if (web_query_only(req, resp, NULL, 0) != 0 || !(db = web_db(req, resp, 1)))
		return;
	e = store_org_list(db, req->arena, req->app->municipality, &rows, &n);
	list = json_array();
	for (size_t i = 0; e == ERR_OK && i < n; i++)
		if ((e = store_org_get(db, req->arena, rows[i].id, &full)) == ERR_OK)
			json_array_append_new(list, org_json(&full));
	if (e != ERR_OK) {
		json_decref(list);
		web_json_error(resp, 500, _("Er ging iets mis."), NULL);
		return;
	}
	web_json(resp, 200, json_pack("{s:o}", "organisations", list));
}

void web_api_org_get(struct http_req *req, struct http_resp *resp)
{
	struct org_row o;
	struct db *db;

	if (web_query_only(req, resp, NULL, 0) != 0 || !(db = web_db(req, resp, 1)))
		return;
	if (org_load(req, resp, db, true, &o))
		web_json(resp, 200, org_json(&o));
}

/* One field as text: a string, or null/absent when nullable. */
static void text_field(struct http_req *req, json_t *root, const char *key,
		       const char **out, struct field_errors *errs)
{
	*out = json_field_text(req->arena, root, key, errs);
}

/* "areas": an array of strings, or null/absent for none. */
static void areas_field(struct http_req *req, json_t *root,
			struct org_input *in, struct field_errors *errs)
{
	json_t *a = json_object_get(root, "areas"), *v;
	size_t i;

	if (!a || json_is_null(a))
		return;
	if (!json_is_array(a)) {
		field_errors_add(errs, "areas", N_("moet een lijst van gebiedscodes zijn"));
		return;
	}
	json_array_foreach(a, i, v) {
		if (!json_is_string(v)) {
			field_errors_add(errs, "areas",
					  N_("moet een lijst van gebiedscodes zijn"));
			return;
		}
		org_input_add_area(req->arena, in, json_string_value(v),
				   json_string_length(v));
	}
}

/* A kind or areas that only the beheerder may change: 403 naming the
 * field, the attempt in the audit log, nothing else changed. */
static bool guard_ok(struct http_req *req, struct http_resp *resp,
		     struct db *db, const struct org_row *old,
		     struct org_input *in)
{
	struct field_errors errs;
	const char *field = org_guard(auth_actor(req), old, in);
	enum err e;

	if (!field)
		return true;
	e = org_refuse(db, auth_actor(req), old, field, in);
	if (e != ERR_OK) {
		web_json_error(resp, http_status_for(e), _("Er ging iets mis."), NULL);
		return false;
	}
	memset(&errs, 0, sizeof(errs));
	field_errors_add(&errs, field, N_("mag alleen de beheerder wijzigen"));
	web_json_error(resp, 403, org_refused_message(field), &errs);
	return false;
}

/* The body into in; answers and returns false on any problem.  old is
 * the stored organisation when the body would change it, else NULL. */
static bool read_org(struct http_req *req, struct http_resp *resp,
		     struct db *db, const struct org_row *old,
		     struct org_input *in)
{
	struct field_errors errs;
	json_t *root = web_json_body(req, resp, 0, org_fields,
					sizeof(org_fields) / sizeof(org_fields[0]));

	if (!root)
		return false;
	memset(in, 0, sizeof(*in));
	memset(&errs, 0, sizeof(errs));
	text_field(req, root, "name", &in->name, &errs);
	text_field(req, root, "kind", &in->kind, &errs);
	in->kind_sent = json_object_get(root, "kind") != NULL;
	in->areas_sent = json_object_get(root, "areas") != NULL;
	text_field(req, root, "kvk", &in->kvk, &errs);
	areas_field(req, root, in, &errs);
	json_decref(root);
	if (!errs.n && old && !guard_ok(req, resp, db, old, in))
		return false;
	if (!errs.n)
		org_validate(req->app, db, req->arena, in, "areas", &errs);
	if (!errs.n)
		return true;
	web_json_error(resp, 400,
		       in->unknown_areas
			       ? arena_printf(req->arena,
					      _("De organisatie is niet geldig. "
						"Onbekende gebiedscodes: %s"),
					      in->unknown_areas)
			       : _("De organisatie is niet geldig."),
		       &errs);
	return false;
}

/* After a write: the organisation as stored, or the error. */
static void answer(struct http_req *req, struct http_resp *resp,
		   struct db *db, enum err e, int64_t id, int status)
{
	struct field_errors errs;
	struct org_row o;

	memset(&errs, 0, sizeof(errs));
	if (e == ERR_CONFLICT) {
		field_errors_add(&errs, "name",
				  N_("wordt al gebruikt door een andere organisatie"));
		web_json_error(resp, 409, _("Er is al een organisatie met deze naam."),
			       &errs);
		return;
	}
	if (e == ERR_OK)
		e = store_org_get(db, req->arena, id, &o);
	if (e != ERR_OK) {
		web_json_error(resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Deze organisatie bestaat niet (meer).")
						  : _("Er ging iets mis."),
			       NULL);
		return;
	}
	if (status == 201)
		http_resp_header(resp, "Location",
				 arena_printf(req->arena, "/api/v1/organisations/%lld",
					      (long long)id));
	web_json(resp, status, org_json(&o));
}

void web_api_org_create(struct http_req *req, struct http_resp *resp)
{
	struct org_input in;
	struct db *db = web_db(req, resp, 1);
	int64_t id = 0;
	enum err e;

	if (!db || !read_org(req, resp, db, NULL, &in))
		return;
	e = org_create(req->app, db, req->arena, auth_actor(req), &in, &id); /* before id is read */
	answer(req, resp, db, e, id, 201);
}

/* A full replace: what the body leaves out (kvk, areas) is cleared. */
void web_api_org_put(struct http_req *req, struct http_resp *resp)
{
	struct org_input in;
	struct org_row o;
	struct db *db = web_db(req, resp, 1);

	if (!db || !org_load(req, resp, db, true, &o) ||
	    !read_org(req, resp, db, &o, &in))
		return;
	answer(req, resp, db, org_update(req->app, db, req->arena, auth_actor(req), o.id, &in), o.id, 200);
}

void web_api_org_delete(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 1);
	int64_t id = web_param_id(req, "org");
	enum err e;

	if (!db)
		return;
	e = id ? org_delete(req->app, db, req->arena, auth_actor(req), id) : ERR_NOT_FOUND;
	if (e != ERR_OK) {
		web_json_error(resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Deze organisatie bestaat niet (meer).")
						  : _("Er ging iets mis."),
			       NULL);
		return;
	}
	resp->status = 204;
}
