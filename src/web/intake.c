/* intake: the web side of the one path by which a signal enters
 * (app/intake.c): the use case's answer as a status and a message for the
 * form and the JSON API alike, and a signal as JSON and as a page's view. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/intake.h"
#include "app/signal.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "web/photo.h"
#include "web/timeline.h"
#include "web/web.h"

/* The use case's answer (app/intake.c) as a status and a message. */
static size_t result_of(enum err e, const struct intake_outcome *out,
			struct field_errors *errs, struct intake_result *res)
{
	res->row = out->row;
	res->replayed = out->replayed;
	res->retry_after = out->retry_after;
	res->status = e == ERR_OK ? (out->replayed ? 200 : 201) : http_status_for(e);
	switch (e) {
	case ERR_OK:
		return 0;
	case ERR_INVALID:
	case ERR_UNPROCESSABLE:
		return errs->n;
	case ERR_LIMITED:
		res->message = _("U heeft in korte tijd veel meldingen gedaan. "
				 "Wacht even en probeer het dan opnieuw.");
		return 0;
	case ERR_BUSY:
		res->message = _("Het is even te druk. Uw melding is niet "
				 "opgeslagen; probeer het zo opnieuw.");
		return 0;
	default:
		res->message = _("Uw melding kon niet worden opgeslagen.");
		return 0;
	}
}

/* An intake parked while the group writer stores it (http_defer.start). */
struct intake_wait {
	struct intake_pending *p;
	struct intake_outcome out;
	struct field_errors *errs;
	struct intake_result *res;
	void (*then)(struct http_req *req, struct http_resp *resp, void *ctx);
	void *ctx;
};

static void intake_start(void *ctx, void (*wake)(void *token), void *token)
{
	struct intake_wait *w = ctx;

	intake_store(w->p, wake, token);
}

/* Back on a server thread, which has served other requests meanwhile,
 * in other languages: this one's first. */
static void intake_resume(struct http_req *req, struct http_resp *resp,
			  void *ctx, bool ran)
{
	struct intake_wait *w = ctx;

	(void)ran; /* always: the writer answers every job */
	i18n_use((enum lang)req->lang);
	result_of(intake_finish(w->p), &w->out, w->errs, w->res);
	w->then(req, resp, w->ctx);
}

size_t web_intake_defer(struct http_req *req, struct http_resp *resp,
			struct signal_input *in, struct field_errors *errs,
			struct intake_result *res, struct signal_track *track,
			void (*then)(struct http_req *req, struct http_resp *resp,
				     void *ctx),
			void *ctx)
{
	struct intake_wait *w = arena_alloc(req->arena, sizeof(*w));
	enum err e;

	memset(w, 0, sizeof(*w));
	memset(res, 0, sizeof(*res));
	e = intake_prepare(req->app, store_thread_db(), req->arena, req->client,
			   in, errs, &w->out, track, &w->p);
	if (e != ERR_OK)
		return result_of(e, &w->out, errs, res);
	w->errs = errs;
	w->res = res;
	w->then = then;
	w->ctx = ctx;
	resp->defer = (struct http_defer){.then = intake_resume, .ctx = w,
					  .start = intake_start};
	return 0;
}

static json_t *area_json(const struct area_node *n)
{
	if (!n)
		return json_null();
	return json_pack("{s:s, s:s}", "code", n->code, "name", n->name);
}

json_t *signal_json(const struct app *app, const struct signal_row *s)
{
	const struct area_node *b = areaidx_find(app->areas, s->buurt_code);
	const struct area_node *chain[AREA_LEVELS] = {0};
	const char *cat = s->category_code ? app_category_name(app, s->category_code) : NULL;
	json_t *areas = json_object(), *j;

	for (const struct area_node *n = b; n; n = n->parent)
		chain[n->level] = n;
	for (int i = 0; i < AREA_LEVELS; i++)
		json_object_set_new(areas, area_level_name((enum area_level)i),
				    area_json(chain[i]));
	j = json_pack("{s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:o}", "token",
		      s->token, "url", json_sprintf("/m/%s", s->token), "kind",
		      s->kind, "text", s->body, "status", s->status,
		      "created_at", s->created_at, "municipality",
		      s->municipality, "areas", areas);
	json_object_set_new(j, "location",
			    s->has_point ? json_pack("{s:f, s:f}", "lat", s->lat,
						     "lon", s->lon)
					 : json_null());
	json_object_set_new(j, "category",
			    cat ? json_pack("{s:s, s:s}", "code", s->category_code,
					    "name", cat)
				: json_null());
	return j;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* A kwestie as the resident's tracking page shows it. */
static json_t *track_kwestie_json(const struct kwestie_row *k)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer((json_int_t)k->id));
	json_object_set_new(j, "title", json_string(k->title));
	json_object_set_new(j, "level", json_string(k->level));
	json_object_set_new(j, "regisseur", str_or_null(k->regisseur));
	json_object_set_new(j, "status", json_string(k->status));
	json_object_set_new(j, "outcome", str_or_null(k->outcome));
	return j;
}

json_t *signal_track_json(const struct app *app, const struct signal_track *t)
{
	json_t *j = signal_json(app, &t->s), *list = json_array();

	for (size_t i = 0; i < t->nkwesties; i++)
		json_array_append_new(list, track_kwestie_json(&t->kwesties[i]));
	json_object_set_new(j, "outcome", str_or_null(t->outcome));
	json_object_set_new(j, "kwesties", list);
	json_object_set_new(j, "timeline", timeline_json(t->timeline, t->ntimeline));
	json_object_set_new(j, "expected_by",
			    t->has_expect ? json_string(t->expect.by) : json_null());
	json_object_set_new(j, "photos", web_photos_json(t->photos, t->nphotos));
	json_object_set_new(j, "handled_by",
			    t->has_expect && t->expect.who ? json_string(t->expect.who)
							   : json_null());
	return j;
}

static const char *node_name(const struct area_node *const *chain, int level)
{
	return chain[level] ? chain[level]->name : NULL;
}

void signal_view_fill(struct http_req *req, const struct signal_row *s,
		      struct signal_view *v)
{
	const struct app *app = req->app;
	const struct area_node *chain[AREA_LEVELS] = {0};

	for (const struct area_node *n = areaidx_find(app->areas, s->buurt_code);
	     n; n = n->parent)
		chain[n->level] = n;
	memset(v, 0, sizeof(*v));
	v->token = s->token;
	v->kind = s->kind;
	v->text = s->body;
	v->created_at = s->created_at;
	v->status = s->status;
	v->category = s->category_code ? app_category_name(app, s->category_code)
				       : NULL;
	v->buurt = node_name(chain, AREA_BUURT);
	v->wijk = node_name(chain, AREA_WIJK);
	v->gebied = node_name(chain, AREA_GEBIED);
	v->stadsdeel = node_name(chain, AREA_STADSDEEL);
	v->gemeente = node_name(chain, AREA_GEMEENTE);
	v->buurt_code = s->buurt_code;
	v->track_url = arena_printf(req->arena, "/m/%s", s->token);
	v->track_link = arena_printf(req->arena, "%s%s", app->base_url, v->track_url);
	if (v->stadsdeel && v->gemeente)
		v->who = arena_printf(req->arena,
				      _("Stadsdeel %s van de gemeente %s bekijkt "
					"uw melding en zet die door naar wie "
					"hem oppakt."),
				      v->stadsdeel, v->gemeente);
	else
		v->who = arena_printf(req->arena,
				      _("De gemeente %s bekijkt uw melding."),
				      v->gemeente ? v->gemeente : app->municipality_name);
}
