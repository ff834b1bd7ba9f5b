/* promise: the JSON interface of promises (docs/api.md).  Making and
 * closing one needs a session (cookie plus X-CSRF-Token) or an API key
 * with the scope kwestie.manage; the use cases (app/promise.h) check
 * which organisation may.  Bodies are strict (web_json_body). */
#include "promise.h"

#include <string.h>

#include "app/promise.h"
#include "i18n/i18n.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/json_fields.h"
#include "web/kwestie_werk.h"
#include "web/web.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *promise_json(const struct promise_row *p, const char *today)
{
	int st = promise_status_parse(p->status);
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:b, s:I}",
			      "id", (json_int_t)p->id, "organisation",
			      (json_int_t)p->organisation_id,
			      "organisation_name", p->organisation, "what",
			      p->what, "made_on", p->made_on, "due", p->due,
			      "status", json_string(p->status), "late",
			      promise_late(st, p->due, today), "version",
			      (json_int_t)p->version);

	json_object_set_new(j, "workdays",
			    p->workdays ? json_integer(p->workdays) : json_null());
	json_object_set_new(j, "done_on", str_or_null(p->done_on));
	json_object_set_new(j, "explanation", str_or_null(p->explanation));
	json_object_set_new(j, "replaces",
			    p->replaces ? json_integer(p->replaces) : json_null());
	json_object_set_new(j, "kept_on_time",
			    json_boolean(promise_kept_on_time(st, p->due, p->done_on)));
	return j;
}

/* The refusal as JSON: the words of werk_refusal (the same refusals as
 * the pages), but for the two that name what is missing or in the way. */
static void refuse(struct http_resp *resp, enum err e,
		   const struct field_errors *errs)
{
	const char *msg = e == ERR_NOT_FOUND
				  ? _("Deze toezegging, kwestie of melding bestaat niet.")
			  : e == ERR_CONFLICT ? _("Dit kan niet meer; zie de velden.")
					      : werk_refusal(e);

	web_json_error(resp, http_status_for(e), msg, errs);
}

static void answer(struct http_req *req, struct http_resp *resp,
		   struct db *db, int64_t id, int status)
{
	struct promise_row p;
	char today[11];
	enum err e = store_promise_get(db, req->arena, id, &p);

	if (e != ERR_OK) {
		refuse(resp, e, NULL);
		return;
	}
	promise_today(today);
	if (status == 201)
		http_resp_header(resp, "Location",
				 arena_printf(req->arena, "/api/v1/promises/%lld",
					      (long long)id));
	web_json(resp, status, promise_json(&p, today));
}

/* "due" or "workdays" (a whole number; 0 and negative reach the rule). */
static void when_of(struct arena *ar, json_t *root, const char *due_key,
		    const char *days_key, struct promise_when *w,
		    struct field_errors *errs)
{
	json_t *d = json_object_get(root, days_key);

	memset(w, 0, sizeof(*w));
	w->due = json_field_text(ar, root, due_key, errs);
	if (!d || json_is_null(d))
		return;
	if (!json_is_integer(d)) {
		field_errors_add(errs, days_key, N_("Geef een heel aantal werkdagen."));
		return;
	}
	w->has_workdays = true;
	w->workdays = json_integer_value(d);
}

static const char *const make_fields[] = {"what", "organisation", "due",
					  "workdays", "confirm_plain"};

static void make(struct http_req *req, struct http_resp *resp, bool kwestie)
{
	int64_t id = web_param_id(req, kwestie ? "id" : "signal"), pid;
	struct field_errors errs = {0};
	struct promise_input in;
	struct db *db;
	json_t *root;
	bool present;
	enum err e;

	if (!(db = web_db(req, resp, 1)))
		return;
	if (!(root = web_json_body(req, resp, 0, make_fields, 5)))
		return;
	memset(&in, 0, sizeof(in));
	in.what = json_field_text(req->arena, root, "what", &errs);
	in.organisation = json_field_id(root, "organisation", &present, &errs);
	when_of(req->arena, root, "due", "workdays", &in.when, &errs);
	in.plain_confirmed = json_field_bool(root, "confirm_plain", &errs);
	json_decref(root);
	if (errs.n) {
		refuse(resp, ERR_INVALID, &errs);
		return;
	}
	e = promise_make(req->app, db, req->arena, auth_actor(req),
			 kwestie ? id : 0, kwestie ? 0 : id, &in, &errs, &pid);
	if (e != ERR_OK)
		refuse(resp, e, &errs);
	else
		answer(req, resp, db, pid, 201);
}

void web_api_kwestie_promise(struct http_req *req, struct http_resp *resp)
{
	make(req, resp, true);
}

void web_api_signal_promise(struct http_req *req, struct http_resp *resp)
{
	make(req, resp, false);
}

static const char *const patch_fields[] = {"version", "status", "explanation",
					   "done_on", "new_due", "new_workdays",
					   "confirm_plain"};

void web_api_promise_patch(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "promise"), version, new_id = 0;
	struct field_errors errs = {0};
	struct promise_change ch;
	struct db *db;
	json_t *root;
	bool present;
	enum err e;

	if (!(db = web_db(req, resp, 1)))
		return;
	if (!(root = web_json_body(req, resp, 0, patch_fields, 7)))
		return;
	memset(&ch, 0, sizeof(ch));
	version = json_field_id(root, "version", &present, &errs);
	if (!present && !errs.n)
		field_errors_add(&errs, "version", N_("Stuur de versie mee die u las."));
	ch.status = json_field_text(req->arena, root, "status", &errs);
	ch.explanation = json_field_text(req->arena, root, "explanation", &errs);
	ch.done_on = json_field_text(req->arena, root, "done_on", &errs);
	when_of(req->arena, root, "new_due", "new_workdays", &ch.when, &errs);
	ch.plain_confirmed = json_field_bool(root, "confirm_plain", &errs);
	json_decref(root);
	if (!ch.status && !errs.n)
		field_errors_add(&errs, "status",
				 N_("Kies gehaald, niet gehaald of gewijzigd."));
	if (errs.n) {
		refuse(resp, ERR_INVALID, &errs);
		return;
	}
	e = promise_update(req->app, db, req->arena, auth_actor(req), id, version,
			   &ch, &errs, &new_id);
	if (e != ERR_OK)
		refuse(resp, e, &errs);
	else
		answer(req, resp, db, new_id ? new_id : id, new_id ? 201 : 200);
}
