/* signal_api: POST /api/v1/signals and GET /api/v1/signals/{token}.
 *
 * The body is a flat JSON object; unknown fields are rejected so that a
 * typo ("catgeory") is an error rather than silently dropped data. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/signal.h"
#include "base/token.h"
#include "http/multipart.h"
#include "i18n/i18n.h"
#include "web/auth.h"
#include "web/photo.h"
#include "web/web.h"

static const char *const fields[] = {"kind",  "text",	  "lat",
				     "lon",   "buurt",	  "category",
				     "email", "phone",	  "age_band",
				     "notify"};

/* A JSON value as the string the validators expect; numbers only for
 * lat/lon.  Returns -1 for a wrong type. */
static int field_string(struct http_req *req, const char *key, json_t *v,
			const char **out)
{
	bool numeric = strcmp(key, "lat") == 0 || strcmp(key, "lon") == 0;

	if (json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	if (numeric && json_is_number(v)) {
		double d = json_number_value(v);

		if (!isfinite(d))
			return -1;
		*out = arena_printf(req->arena, "%.9f", d);
		return 0;
	}
	if (!numeric && json_is_string(v)) {
		*out = arena_strndup(req->arena, json_string_value(v),
				     json_string_length(v));
		return 0;
	}
	return -1;
}

static const char **slot(struct signal_input *in, const char *key)
{
	const char **slots[] = {&in->kind,  &in->text,	   &in->lat,
				&in->lon,   &in->buurt,	   &in->category,
				&in->email, &in->phone,	   &in->age_band,
				&in->notify};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(key, fields[i]) == 0)
			return slots[i];
	return NULL;
}

/* "photos": the tokens of photos uploaded before (POST /api/v1/photos). */
static int photo_tokens(struct http_req *req, json_t *v, struct signal_input *in)
{
	size_t i;
	json_t *t;

	if (!json_is_array(v) || json_array_size(v) > SIGNAL_PHOTOS_MAX)
		return -1;
	json_array_foreach(v, i, t) {
		if (!json_is_string(t))
			return -1;
		in->photos[in->nphotos++] =
			arena_strdup(req->arena, json_string_value(t));
	}
	return 0;
}

/* A multipart/form-data body: the same fields as text parts, "photos"
 * (repeatable) for photos uploaded before, and up to three file parts
 * named "photo". */
static int parse_parts(struct http_req *req, struct http_resp *resp,
		       struct signal_input *in, struct field_errors *errs)
{
	const struct multipart *m;
	const struct form *f;
	const char *msg;

	if (!(m = web_parts(req, &msg))) {
		web_json_error(resp, 400, _(msg), NULL);
		return -1;
	}
	f = web_form(req);
	for (size_t i = 0; i < f->n; i++) {
		const char **dst = slot(in, f->fields[i].key);

		if (dst)
			*dst = f->fields[i].value;
		else if (strcmp(f->fields[i].key, "photos") != 0)
			field_errors_add(errs,
					 web_printable_key(req, f->fields[i].key),
					 N_("is een onbekend veld"));
	}
	for (size_t i = 0; i < m->nparts; i++)
		if (m->parts[i].filename && strcmp(m->parts[i].name, "photo") != 0)
			field_errors_add(errs, web_printable_key(req, m->parts[i].name),
					 N_("is een onbekend veld"));
	if (!errs->n)
		web_photos_take(req, "photos", in, errs);
	if (errs->n) {
		web_json_error(resp, 400, _("De melding is niet geldig."), errs);
		return -1;
	}
	return 0;
}

/* Parse the body into in; answers and returns -1 on any problem. */
static int parse_body(struct http_req *req, struct http_resp *resp,
		      struct signal_input *in, struct field_errors *errs)
{
	json_t *root, *v;
	const char *key;

	if (strcmp(http_media_type(req), "multipart/form-data") == 0)
		return parse_parts(req, resp, in, errs);
	if (!(root = web_json_body(req, resp, JSON_DECODE_INT_AS_REAL, NULL, 0)))
		return -1;
	json_object_foreach(root, key, v) {
		const char **dst = slot(in, key);

		if (!dst && strcmp(key, "photos") == 0) {
			if (photo_tokens(req, v, in) != 0)
				field_errors_add(errs, "photos",
						 N_("moet een lijst van hoogstens "
						    "3 fototokens zijn"));
		} else if (!dst)
			field_errors_add(errs, web_printable_key(req, key),
					  N_("is een onbekend veld"));
		else if (field_string(req, key, v, dst) != 0)
			field_errors_add(errs, key,
					  N_("heeft het verkeerde type"));
	}
	/* keys point into root: copy what we keep before freeing */
	for (size_t i = 0; i < errs->n; i++)
		errs->e[i].field = arena_strdup(req->arena, errs->e[i].field);
	json_decref(root);
	if (errs->n) {
		web_json_error(resp, 400, _("De melding is niet geldig."), errs);
		return -1;
	}
	return 0;
}

/* POST /api/v1/signals: what it carries while the writer stores it. */
struct create {
	struct signal_input in;
	struct field_errors errs;
	struct intake_result res;
	struct signal_track t;
};

/* The answer once stored (or refused): the same shape as GET answers,
 * read in the intake's transaction (the timeline's first entry, and a
 * replayed signal may be in a kwestie by now). */
static void created(struct http_req *req, struct http_resp *resp, void *ctx)
{
	struct create *c = ctx;
	struct intake_result *res = &c->res;

	if (res->status >= 300) {
		if (res->status == 429)
			http_resp_header(resp, "Retry-After",
					 arena_printf(req->arena, "%d", res->retry_after));
		web_json_error(resp, res->status, res->message, NULL);
		return;
	}
	http_resp_header(resp, "Location",
			 arena_printf(req->arena, "/api/v1/signals/%s",
				      res->row.token));
	if (!c->t.s.token) /* not read (a failure after the commit) */
		c->t = (struct signal_track){.s = res->row};
	web_json(resp, res->status, signal_track_json(req->app, &c->t));
}

/* The server thread does not wait for the commit: the connection is
 * parked until the group writer has stored the signal (web_intake_defer). */
void web_api_signal_create(struct http_req *req, struct http_resp *resp)
{
	struct create *c = arena_alloc(req->arena, sizeof(*c));

	memset(c, 0, sizeof(*c));
	if (parse_body(req, resp, &c->in, &c->errs) != 0)
		return;
	if (web_intake_defer(req, resp, &c->in, &c->errs, &c->res, &c->t,
			     created, c)) {
		web_json_error(resp, c->res.status,
			       _("De melding is niet geldig."), &c->errs);
		return;
	}
	if (c->res.status) /* refused at once */
		created(req, resp, c);
}

void web_api_signal_get(struct http_req *req, struct http_resp *resp)
{
	const char *token = http_param(req, "token");
	struct signal_track t;
	struct db *db;
	enum err e;

	resp->no_store = true;
	if (web_query_only(req, resp, NULL, 0) != 0)
		return;
	if (!token_valid(token)) {
		web_json_error(resp, 404, _("Deze melding bestaat niet."), NULL);
		return;
	}
	if (!(db = web_db(req, resp, 1)))
		return;
	e = signal_track(db, req->arena, req->app->municipality, token, &t);
	if (e != ERR_OK) {
		web_json_error(resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Deze melding bestaat niet.")
						  : _("Er ging iets mis."),
			       NULL);
		return;
	}
	web_json(resp, 200, signal_track_json(req->app, &t));
}
