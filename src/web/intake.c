/* intake: the one path by which a signal enters, for the HTML form and the
 * JSON API alike: validate, find its place in the area hierarchy, check
 * the category, deduplicate, store.  Nothing is written unless every check
 * passed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/ratelimit.h"
#include "base/token.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "web/web.h"

/* Resolve the place: a point (must lie in a buurt) or a buurt code. */
static int place(struct http_req *req, struct signal_input *in,
		 struct field_errors *errs, struct area_chain *chain)
{
	const struct app *app = req->app;

	memset(chain, 0, sizeof(*chain));
	if (in->has_point) {
		if (areaidx_lookup(app->areas, in->lat_v, in->lon_v, chain) != 0) {
			field_errors_add(errs, "lat",
					  N_("dit punt ligt buiten de gemeente"));
			return -1;
		}
		return 0;
	}
	{
		const struct area_node *b = areaidx_find(app->areas, in->buurt);

		if (!b || b->level != AREA_BUURT) {
			field_errors_add(errs, "buurt",
					  N_("is geen bekende buurt"));
			return -1;
		}
		for (const struct area_node *n = b; n; n = n->parent)
			chain->at[n->level] = n;
	}
	return 0;
}

/* Same client, same content: the same signal (double clicks, retries). */
static const char *dedupe_key(struct http_req *req, const struct signal_input *in)
{
	char lat[32] = "", lon[32] = "", *out = arena_alloc(req->arena, 33);
	const char *parts[10];

	if (in->has_point) {
		snprintf(lat, sizeof(lat), "%.6f", in->lat_v);
		snprintf(lon, sizeof(lon), "%.6f", in->lon_v);
	}
	parts[0] = req->client;
	parts[1] = in->kind;
	parts[2] = in->text;
	parts[3] = lat;
	parts[4] = lon;
	parts[5] = in->buurt;
	parts[6] = in->category;
	parts[7] = in->email;
	parts[8] = in->phone;
	parts[9] = in->age_band;
	token_hash_parts(out, parts, 10);
	return out;
}

size_t intake_submit(struct http_req *req, struct signal_input *in,
		     struct field_errors *errs, struct intake_result *res)
{
	struct app *app = req->app;
	struct area_chain chain;
	struct signal_new s;
	struct db *db;
	enum err e;

	memset(res, 0, sizeof(*res));
	if (app->rl_intake && !ratelimit_take(app->rl_intake, req->client,
					      &res->retry_after)) {
		res->status = 429;
		res->message = _("U heeft in korte tijd veel meldingen gedaan. "
				 "Wacht even en probeer het dan opnieuw.");
		return 0;
	}
	res->status = 400;
	if (signal_validate(req->arena, in, errs))
		return errs->n;
	if (in->category && !app_category_name(app, in->category))
		field_errors_add(errs, "category", N_("is geen bekende categorie"));
	if (place(req, in, errs, &chain) != 0 || errs->n) {
		/* Well-formed, but naming a place or category we do not know. */
		res->status = 422;
		return errs->n;
	}
	memset(&s, 0, sizeof(s));
	s.municipality = app->municipality;
	s.in = in;
	for (int i = 0; i < 4; i++)
		s.codes[i] = chain.at[i] ? chain.at[i]->code : NULL;
	s.dedupe_key = dedupe_key(req, in);
	s.dedupe_window_s = app->dedupe_window_s;
	db = store_thread_db();
	e = db ? store_signal_create(db, req->arena, &s, &res->row, &res->replayed)
	       : ERR_BUSY;
	if (e == ERR_OK) {
		res->status = res->replayed ? 200 : 201;
		return 0;
	}
	res->status = http_status_for(e);
	res->message = e == ERR_BUSY
			       ? _("Het is even te druk. Uw melding is niet "
				   "opgeslagen; probeer het zo opnieuw.")
			       : _("Uw melding kon niet worden opgeslagen.");
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
