/* kwestie_api: the JSON interface of kwesties, triage and the agenda
 * (docs/api.md).  Reading a kwestie and an agenda is public and carries
 * no personal data: organisations by name, never a person, never a
 * resident's words beyond the kwestie's own text (written for residents).
 * Changing needs a session (cookie plus X-CSRF-Token) or an API key with
 * the scope kwestie.manage; the router has checked the relation (an
 * organisation in the chain or working on one of its signals), the use
 * cases check the rest (app/kwestie.h).
 *
 * Bodies are strict (web_json_body): one object, the fields named per
 * route, duplicate keys refused, malformed JSON with line and column. */
#include <string.h>

#include "app/kwestie.h"
#include "base/util.h"
#include "i18n/i18n.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/kwestie.h"
#include "web/kwestie_json.h"
#include "web/promise.h"
#include "web/timeline.h"
#include "web/link.h"
#include "web/web.h"

/* --- JSON out ---------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer((json_int_t)id) : json_null();
}

json_t *kwestie_brief_json(const struct kwestie_row *k)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer((json_int_t)k->id));
	json_object_set_new(j, "title", json_string(k->title));
	json_object_set_new(j, "area", json_string(k->area_code));
	json_object_set_new(j, "area_name", str_or_null(k->area_name));
	json_object_set_new(j, "level", json_string(k->level));
	json_object_set_new(j, "status", json_string(k->status));
	json_object_set_new(j, "outcome", str_or_null(k->outcome));
	json_object_set_new(j, "regisseur", str_or_null(k->regisseur));
	json_object_set_new(j, "urgency", json_integer(k->urgency));
	json_object_set_new(j, "residents", json_integer((json_int_t)k->residents));
	json_object_set_new(j, "signals", json_integer((json_int_t)k->nsignals));
	json_object_set_new(j, "supporters", json_integer((json_int_t)k->nsupporters));
	json_object_set_new(j, "updated_at", json_string(k->updated_at));
	return j;
}

json_t *kwestie_json(const struct kwestie_view *v)
{
	const struct kwestie_row *k = &v->k;
	json_t *j = kwestie_brief_json(k), *chain = json_array(), *hist = json_array();
	json_t *promises = json_array();

	json_object_set_new(j, "description", json_string(k->description));
	json_object_set_new(j, "area_level", json_string(k->area_level));
	json_object_set_new(j, "theme", str_or_null(k->theme));
	json_object_set_new(j, "category", str_or_null(k->category_code));
	json_object_set_new(j, "level_reason", json_string(k->level_reason));
	json_object_set_new(j, "duplicate_of", id_or_null(k->duplicate_of));
	json_object_set_new(j, "merged_into", id_or_null(k->merged_into));
	json_object_set_new(j, "forwarded_to", str_or_null(k->forwarded_to));
	json_object_set_new(j, "park_until", str_or_null(k->park_until));
	json_object_set_new(j, "park_reason", str_or_null(k->park_reason));
	json_object_set_new(j, "version", json_integer((json_int_t)k->version));
	json_object_set_new(j, "created_at", json_string(k->created_at));
	json_object_set_new(j, "closed_at", str_or_null(k->closed_at));
	for (size_t i = 0; i < v->nchain; i++)
		json_array_append_new(chain,
				      json_pack("{s:I, s:s, s:s}", "organisation",
						(json_int_t)v->chain[i].organisation,
						"name", v->chain[i].name, "role",
						v->chain[i].role));
	json_object_set_new(j, "chain", chain);
	for (size_t i = 0; i < v->nhistory; i++) {
		const struct timeline_row *h = &v->history[i];

		json_array_append_new(hist, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}",
						      "at", h->at, "actor", h->actor,
						      "what", h->kind, "from",
						      str_or_null(h->from_value), "to",
						      str_or_null(h->to_value), "reason",
						      str_or_null(h->reason)));
	}
	json_object_set_new(j, "history", hist);
	for (size_t i = 0; i < v->npromises; i++)
		json_array_append_new(promises,
				      promise_json(&v->promises[i], v->today));
	json_object_set_new(j, "promises", promises);
	json_object_set_new(j, "expected_by", str_or_null(v->expected_by));
	json_object_set_new(j, "timeline", timeline_json(v->history, v->nhistory));
	return j;
}

/* Answer a use case's refusal: the status from the error, the fields. */
static void refuse(struct http_req *req, struct http_resp *resp, struct db *db,
		   int64_t id, enum err e, const struct field_errors *errs)
{
	int status = http_status_for(e);
	const char *msg;

	switch (e) {
	case ERR_NOT_FOUND:
		msg = _("Deze kwestie bestaat niet.");
		break;
	case ERR_CONFLICT:
		/* with the kwestie as it is now below it; else (triage, a
		 * merged kwestie's signals) the fields say what is in the way */
		msg = id ? _("Iemand anders heeft deze kwestie intussen gewijzigd; "
			     "hieronder staat hoe zij nu is.")
			 : _("Dit kan zo niet; zie de velden.");
		break;
	case ERR_FORBIDDEN:
		msg = _("Uw organisatie mag dit niet doen.");
		break;
	case ERR_LIMITED:
		msg = _("Even te veel tegelijk. Probeer het zo opnieuw.");
		break;
	case ERR_INVALID:
	case ERR_UNPROCESSABLE:
		msg = _("Dit kan zo niet; zie de velden.");
		break;
	case ERR_BUSY:
		msg = _("Het is even te druk. Probeer het zo opnieuw.");
		break;
	default:
		msg = _("Er ging iets mis.");
		break;
	}
	if (e == ERR_CONFLICT && id) {
		/* a stale version: the error and the kwestie as it is now */
		struct kwestie_view v;
		json_t *err = json_pack("{s:i, s:s, s:s}", "status", status, "code",
					"conflict", "message", msg);

		if (errs && errs->n) {
			json_t *f = json_object();

			for (size_t i = 0; i < errs->n; i++)
				json_object_set_new(f, errs->e[i].field,
						    json_string(_(errs->e[i].msgid)));
			json_object_set_new(err, "fields", f);
		}
		web_json(resp, status,
			 json_pack("{s:o, s:o}", "error", err, "kwestie",
				   kwestie_read_in(db, req->arena,
						   req->app->municipality, id,
						   &v) == ERR_OK
					   ? kwestie_json(&v)
					   : json_null()));
		return;
	}
	web_json_error(resp, status, msg, errs);
}

/* Answer with the kwestie as it is now. */
static void answer_kwestie(struct http_req *req, struct http_resp *resp,
			   struct db *db, int64_t id, int status)
{
	struct kwestie_view v;
	enum err e = kwestie_read_in(db, req->arena, req->app->municipality,
				     id, &v);

	if (e != ERR_OK) {
		refuse(req, resp, db, 0, e, NULL);
		return;
	}
	if (status == 201)
		http_resp_header(resp, "Location",
				 arena_printf(req->arena, "/api/v1/kwesties/%lld",
					      (long long)id));
	web_json(resp, status, kwestie_json(&v));
}

/* --- routes ------------------------------------------------------------ */

void web_api_kwestie_create(struct http_req *req, struct http_resp *resp)
{
	struct field_errors errs = {0};
	struct kwestie_input in;
	struct db *db;
	json_t *root;
	int64_t id;
	enum err e;

	if (!(db = web_db(req, resp, 1)))
		return;
	root = web_json_body(req, resp, 0, kwestie_create_fields,
			     sizeof(kwestie_create_fields) /
				     sizeof(kwestie_create_fields[0]));
	if (!root)
		return;
	kwestie_json_input(req->arena, root, &in, &errs);
	if (errs.n) {
		json_decref(root);
		refuse(req, resp, db, 0, ERR_INVALID, &errs);
		return;
	}
	e = kwestie_create(req->app, db, req->arena, auth_actor(req), &in, &errs, &id);
	json_decref(root);
	if (e != ERR_OK)
		refuse(req, resp, db, 0, e, &errs);
	else
		answer_kwestie(req, resp, db, id, 201);
}

void web_api_kwestie_get(struct http_req *req, struct http_resp *resp)
{
	struct db *db;

	if (web_query_only(req, resp, NULL, 0) != 0 || !(db = web_db(req, resp, 1)))
		return;
	answer_kwestie(req, resp, db, web_param_id(req, "id"), 200);
}

void web_api_kwestie_patch(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id"), version;
	struct field_errors errs = {0};
	struct kw_change ch;
	struct db *db;
	json_t *root;
	enum err e;

	if (!(db = web_db(req, resp, 1)))
		return;
	root = web_json_body(req, resp, 0, kwestie_patch_fields,
			     sizeof(kwestie_patch_fields) /
				     sizeof(kwestie_patch_fields[0]));
	if (!root)
		return;
	kwestie_json_change(req->arena, root, &ch, &version, &errs);
	json_decref(root);
	if (errs.n) {
		refuse(req, resp, db, 0, ERR_INVALID, &errs);
		return;
	}
	e = kwestie_change(req->app, db, req->arena, auth_actor(req), id, version,
			   &ch, &errs);
	if (e != ERR_OK)
		refuse(req, resp, db, id, e, &errs);
	else
		answer_kwestie(req, resp, db, id, 200);
}

static const char *const chain_fields[] = {"version", "chain"};

void web_api_kwestie_chain(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id"), version;
	struct field_errors errs = {0};
	struct kw_link *chain;
	struct db *db;
	json_t *root;
	bool present;
	size_t n;
	enum err e;

	if (!(db = web_db(req, resp, 1)))
		return;
	root = web_json_body(req, resp, 0, chain_fields, 2);
	if (!root)
		return;
	version = json_field_id(root, "version", &present, &errs);
	if (!present)
		field_errors_add(&errs, "version", N_("Stuur de versie mee die u las."));
	if (!kwestie_json_chain(req->arena, root, &chain, &n, &errs))
		field_errors_add(&errs, "chain", N_("Stuur de keten mee."));
	json_decref(root);
	if (errs.n) {
		refuse(req, resp, db, 0, ERR_INVALID, &errs);
		return;
	}
	e = kwestie_set_chain(req->app, db, req->arena, auth_actor(req), id,
			      version, chain, n, &errs);
	if (e != ERR_OK)
		refuse(req, resp, db, id, e, &errs);
	else
		answer_kwestie(req, resp, db, id, 200);
}

static const char *const signal_fields[] = {"signal"};

void web_api_kwestie_signal(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id"), sid;
	struct field_errors errs = {0};
	struct db *db;
	json_t *root;
	bool present, added;
	enum err e;

	if (!(db = web_db(req, resp, 1)))
		return;
	if (!(root = web_json_body(req, resp, 0, signal_fields, 1)))
		return;
	sid = json_field_id(root, "signal", &present, &errs);
	if (!present && !errs.n)
		field_errors_add(&errs, "signal", N_("Noem de melding."));
	json_decref(root);
	if (errs.n) {
		refuse(req, resp, db, 0, ERR_INVALID, &errs);
		return;
	}
	e = kwestie_add_signal(req->app, db, req->arena, auth_actor(req), id, sid,
			       &errs, &added);
	if (e != ERR_OK)
		refuse(req, resp, db, 0, e, &errs);
	else
		answer_kwestie(req, resp, db, id, added ? 201 : 200);
}

static const char *const merge_fields[] = {"into", "version"};

void web_api_kwestie_merge(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id"), into, version;
	struct field_errors errs = {0};
	struct db *db;
	json_t *root;
	bool present;
	enum err e;

	if (!(db = web_db(req, resp, 1)))
		return;
	if (!(root = web_json_body(req, resp, 0, merge_fields, 2)))
		return;
	into = json_field_id(root, "into", &present, &errs);
	if (!present && !errs.n)
		field_errors_add(&errs, "into", N_("Noem de kwestie om mee samen te voegen."));
	version = json_field_id(root, "version", &present, &errs);
	json_decref(root);
	if (errs.n) {
		refuse(req, resp, db, 0, ERR_INVALID, &errs);
		return;
	}
	e = kwestie_merge(req->app, db, req->arena, auth_actor(req), id, version,
			  into, &errs);
	if (e != ERR_OK)
		refuse(req, resp, db, id, e, &errs);
	else
		answer_kwestie(req, resp, db, id, 200);
}

void web_api_kwestie_split(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id"), new_id;
	struct field_errors errs = {0};
	struct kwestie_input in;
	struct db *db;
	json_t *root;
	enum err e;

	if (!(db = web_db(req, resp, 1)))
		return;
	root = web_json_body(req, resp, 0, kwestie_create_fields,
			     sizeof(kwestie_create_fields) /
				     sizeof(kwestie_create_fields[0]));
	if (!root)
		return;
	kwestie_json_input(req->arena, root, &in, &errs);
	json_decref(root);
	if (errs.n) {
		refuse(req, resp, db, 0, ERR_INVALID, &errs);
		return;
	}
	e = kwestie_split(req->app, db, req->arena, auth_actor(req), id, &in,
			  &errs, &new_id);
	if (e != ERR_OK)
		refuse(req, resp, db, id, e, &errs);
	else
		answer_kwestie(req, resp, db, new_id, 201);
}

static const char *const support_fields[] = {"email", "frequency"};

void web_api_kwestie_support(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id");
	struct support_input sup = {id, NULL, req->client, true, NULL};
	struct field_errors errs = {0};
	struct db *db;
	json_t *root;
	bool added;
	int retry;
	enum err e;

	if (!(db = web_db(req, resp, 1)))
		return;
	if (!(root = web_json_body(req, resp, 0, support_fields, 2)))
		return;
	sup.email = json_field_text(req->arena, root, "email", &errs);
	sup.frequency = json_field_text(req->arena, root, "frequency", &errs);
	json_decref(root);
	if (errs.n) {
		refuse(req, resp, db, 0, ERR_INVALID, &errs);
		return;
	}
	e = kwestie_support(req->app, db, req->arena, &sup, &errs, &added, &retry);
	if (e == ERR_LIMITED)
		http_resp_header(resp, "Retry-After",
				 arena_printf(req->arena, "%d", retry > 0 ? retry : 1));
	if (e != ERR_OK)
		refuse(req, resp, db, 0, e, &errs);
	else
		answer_kwestie(req, resp, db, id, added ? 201 : 200);
}

/* --- the agenda -------------------------------------------------------- */

json_t *agenda_json(struct http_req *req, struct db *db, const struct agenda *a)
{
	json_t *list = json_array(), *above = json_array(), *topics = json_array();

	for (size_t i = 0; i < a->n; i++)
		json_array_append_new(list, kwestie_brief_json(&a->kwesties[i]));
	for (size_t i = 0; i < a->nabove; i++)
		json_array_append_new(above, kwestie_brief_json(&a->above[i]));
	for (size_t i = 0; i < a->ntopics; i++)
		json_array_append_new(
			topics,
			json_pack("{s:s, s:s, s:I}", "theme", a->topics[i].topic, "label",
				  kwestie_topic_label(req->app, db, req->arena,
						      a->topics[i].topic),
				  "areas", (json_int_t)a->topics[i].buurten));
	return json_pack("{s:{s:s, s:s, s:s}, s:o, s:o, s:o}", "area", "code", a->code,
			 "name", a->name, "level", a->level, "kwesties", list,
			 "above", above, "themes", topics);
}

void web_api_agenda(struct http_req *req, struct http_resp *resp)
{
	struct agenda a;
	struct db *db;
	enum err e;

	if (web_query_only(req, resp, NULL, 0) != 0 || !(db = web_db(req, resp, 1)))
		return;
	e = agenda_read(req->app, db, req->arena, http_param(req, "code"), &a);
	if (e == ERR_NOT_FOUND) {
		web_json_error(resp, 404, _("Dit gebied bestaat niet."), NULL);
		return;
	}
	if (e != ERR_OK) {
		refuse(req, resp, db, 0, e, NULL);
		return;
	}
	web_json(resp, 200, agenda_json(req, db, &a));
}

/* --- suggestions at intake ("is het dit?") ----------------------------- */

static const char *const suggest_params[] = {"buurt", "lat", "lon", "category",
					     "text"};

void web_api_kwestie_suggest(struct http_req *req, struct http_resp *resp)
{
	const char *buurt = form_get(&req->query, "buurt");
	const char *lat_s = form_get(&req->query, "lat");
	const char *lon_s = form_get(&req->query, "lon");
	const char *text = form_get(&req->query, "text");
	struct kwestie_row *rows;
	double lat = 0, lon = 0;
	bool has_point = false;
	struct db *db;
	json_t *list;
	size_t n;
	enum err e;

	if (web_query_only(req, resp, suggest_params, 5) != 0 ||
	    !(db = web_db(req, resp, 1)))
		return;
	if (lat_s || lon_s) {
		if (!lat_s || !lon_s || !parse_decimal(lat_s, &lat) ||
		    !parse_decimal(lon_s, &lon) || lat < -90 || lat > 90 ||
		    lon < -180 || lon > 180) {
			web_json_error(resp, 400, _("lat en lon zijn samen nodig, als "
						    "getallen."),
				       NULL);
			return;
		}
		has_point = true;
	}
	if ((buurt && strlen(buurt) > 32) || (text && strlen(text) > 4000)) {
		web_json_error(resp, 400, _("Het verzoek is te groot."), NULL);
		return;
	}
	if (!buurt && !has_point) {
		web_json_error(resp, 400, _("Noem een buurt of een punt."), NULL);
		return;
	}
	e = kwestie_suggest(req->app, db, req->arena, buurt, has_point, lat, lon,
			    form_get(&req->query, "category"), text, 5, &rows, &n);
	if (e != ERR_OK) {
		refuse(req, resp, db, 0, e, NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, kwestie_brief_json(&rows[i]));
	web_json(resp, 200, json_pack("{s:o}", "kwesties", list));
}

/* --- triage ------------------------------------------------------------ */

static const char *const triage_params[] = {"area", "kind", "category", "after",
					    "limit"};

/* ?name= as a number 0..max; def when absent, -1 when bad. */
static int64_t query_number(struct http_req *req, const char *name, int64_t def,
			    int64_t max)
{
	const char *s = form_get(&req->query, name);
	int64_t v;

	if (!s)
		return def;
	v = strcmp(s, "0") == 0 ? 0 : id_parse(s);
	return v >= 0 && v <= max && *s ? v : -1;
}

bool triage_filter_of(struct http_req *req, struct triage_filter *f)
{
	int64_t after = query_number(req, "after", 0, INT64_MAX / 2);
	int64_t limit = query_number(req, "limit", 50, 200);
	const char *kind = form_get(&req->query, "kind");

	memset(f, 0, sizeof(*f));
	f->area = form_get(&req->query, "area");
	f->kind = kind && *kind ? kind : NULL;
	f->category = form_get(&req->query, "category");
	if (f->area && !*f->area)
		f->area = NULL;
	if (f->category && !*f->category)
		f->category = NULL;
	if (after < 0 || limit <= 0)
		return false;
	if (f->area && !area_code_valid(f->area))
		return false;
	if (f->kind && strcmp(f->kind, "melding") != 0 &&
	    strcmp(f->kind, "vraag") != 0 && strcmp(f->kind, "idee") != 0)
		return false;
	if (f->category && strlen(f->category) > 100)
		return false;
	f->after = after;
	f->limit = (size_t)limit;
	return true;
}

/* Who said "niet voor ons" to a signal, and why (the others see it). */
static json_t *declined_json(struct http_req *req, struct db *db, int64_t id)
{
	struct signal_decline_row *d;
	json_t *a = json_array();
	size_t n;

	if (store_signal_declines(db, req->arena, id, &d, &n) != ERR_OK)
		return a;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s}", "organisation",
						   (json_int_t)d[i].organisation,
						   "name", d[i].name, "reason",
						   d[i].reason));
	return a;
}

void web_api_triage(struct http_req *req, struct http_resp *resp)
{
	struct triage_filter f;
	struct signal_row *rows;
	struct db *db;
	json_t *list;
	size_t n;
	enum err e;

	if (web_query_only(req, resp, triage_params, 5) != 0 ||
	    !(db = web_db(req, resp, 1)))
		return;
	if (!triage_filter_of(req, &f)) {
		web_json_error(resp, 400,
			       _("Filter met area (een gebiedscode), kind (melding, "
				 "vraag of idee), category, after en limit (1 tot "
				 "200)."),
			       NULL);
		return;
	}
	e = triage_list(db, req->arena, auth_actor(req), &f, &rows, &n);
	if (e != ERR_OK) {
		refuse(req, resp, db, 0, e, NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			list, json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:o}", "id",
					(json_int_t)rows[i].id, "kind", rows[i].kind,
					"text", rows[i].body, "category",
					str_or_null(rows[i].category_code), "area",
					rows[i].buurt_code, "created_at",
					rows[i].created_at, "declined",
					declined_json(req, db, rows[i].id)));
	/* A full page may have a next one (it may be empty). */
	web_link_cursor(req, resp, "after",
			n && n == (size_t)f.limit
				? arena_printf(req->arena, "%lld",
					       (long long)rows[n - 1].id)
				: NULL);
	web_json(resp, 200, json_pack("{s:o}", "signals", list));
}

static const char *const decline_fields[] = {"reason"};
static const char *const category_fields[] = {"category"};
static const char *const close_fields[] = {"outcome", "reason"};

/* One triage action on the signal of the route. */
enum triage_action { TRIAGE_DECLINE, TRIAGE_CATEGORY, TRIAGE_CLOSE };

static void triage_action(struct http_req *req, struct http_resp *resp,
			  enum triage_action act)
{
	int64_t sid = web_param_id(req, "signal");
	struct field_errors errs = {0};
	const char *a = NULL, *b = NULL;
	struct db *db;
	json_t *root;
	enum err e;

	if (!(db = web_db(req, resp, 1)))
		return;
	root = act == TRIAGE_DECLINE	? web_json_body(req, resp, 0, decline_fields, 1)
	       : act == TRIAGE_CATEGORY ? web_json_body(req, resp, 0, category_fields, 1)
					: web_json_body(req, resp, 0, close_fields, 2);
	if (!root)
		return;
	if (act == TRIAGE_DECLINE)
		a = json_field_text(req->arena, root, "reason", &errs);
	else if (act == TRIAGE_CATEGORY)
		a = json_field_text(req->arena, root, "category", &errs);
	else {
		a = json_field_text(req->arena, root, "outcome", &errs);
		b = json_field_text(req->arena, root, "reason", &errs);
	}
	json_decref(root);
	if (errs.n) {
		refuse(req, resp, db, 0, ERR_INVALID, &errs);
		return;
	}
	e = act == TRIAGE_DECLINE ? triage_decline(req->app, db, req->arena,
						   auth_actor(req), sid, a, &errs)
	    : act == TRIAGE_CATEGORY
		    ? triage_set_category(req->app, db, req->arena, auth_actor(req),
					  sid, a, &errs)
		    : triage_close(req->app, db, req->arena, auth_actor(req), sid, a,
				   b, &errs);
	if (e != ERR_OK) {
		refuse(req, resp, db, 0, e, &errs);
		return;
	}
	web_json(resp, 200, json_pack("{s:I, s:b}", "signal", (json_int_t)sid, "ok", 1));
}

void web_api_triage_decline(struct http_req *req, struct http_resp *resp)
{
	triage_action(req, resp, TRIAGE_DECLINE);
}

void web_api_triage_category(struct http_req *req, struct http_resp *resp)
{
	triage_action(req, resp, TRIAGE_CATEGORY);
}

void web_api_triage_close(struct http_req *req, struct http_resp *resp)
{
	triage_action(req, resp, TRIAGE_CLOSE);
}
