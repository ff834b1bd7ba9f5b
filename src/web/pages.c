/* pages: the resident's pages: home, the report form and the private
 * tracking page.  All work without JavaScript. */
#include <stdio.h>
#include <string.h>

#include "app/signal.h"
#include "base/token.h"
#include "base/utf8.h"
#include "domain/describe.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "views/map.h"
#include "http/multipart.h"
#include "web/auth.h"
#include "web/follower.h"
#include "web/photo.h"
#include "app/grade.h"
#include "web/grade.h"
#include "web/timeline.h"
#include "web/web.h"

static void html_ok(struct http_resp *resp)
{
	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
}

void web_home(struct http_req *req, struct http_resp *resp)
{
	struct page p = web_page(req, _("Wijkagenda"));

	html_ok(resp);
	view_home(HTML_ON(&resp->body), &p);
}

static const struct choice *age_options(size_t *n)
{
	static struct choice opts[6];

	for (size_t i = 0; i < 6; i++) {
		opts[i].value = signal_age_bands[i];
		opts[i].label = signal_age_bands[i];
	}
	*n = 6;
	return opts;
}

static void form_setup(struct http_req *req, struct melden_form *f)
{
	const struct app *app = req->app;

	f->buurten = app->buurt_options;
	f->nbuurten = app->nbuurt_options;
	f->categories = app->category_options;
	f->ncategories = app->ncategory_options;
	f->age_bands = age_options(&f->nage_bands);
	f->map_width = map_width(app->map);
	f->map_height = map_height(app->map);
	f->max_text = SIGNAL_TEXT_MAX;
	f->photos_off = !app->photo_dir;
}

static void render_form(struct http_req *req, struct http_resp *resp,
			struct melden_form *f, int status)
{
	struct page p = web_page(req, _("Melding maken"));

	form_setup(req, f);
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	resp->no_store = true; /* may hold contact data typed by the resident */
	view_melden(HTML_ON(&resp->body), &p, f);
}

void web_melden_form(struct http_req *req, struct http_resp *resp)
{
	struct melden_form f;

	memset(&f, 0, sizeof(f));
	f.buurt = form_get(&req->query, "buurt");
	render_form(req, resp, &f, 200);
}

/* Translate field errors for the view. */
static void form_errors(struct http_req *req, const struct field_errors *errs,
			struct melden_form *f)
{
	struct field_error *fe = arena_alloc(req->arena, (errs->n + 1) * sizeof(*fe));

	for (size_t i = 0; i < errs->n; i++) {
		fe[i].field = errs->e[i].field;
		fe[i].message = _(errs->e[i].msgid);
	}
	f->errors = fe;
	f->nerrors = errs->n;
}

/* A click on the map image (kaart.x, kaart.y): show the form again with
 * the point chosen, instead of submitting. */
static int map_click(struct http_req *req, const struct form *body,
		     struct melden_form *f)
{
	const char *sx = form_get(body, "kaart.x"), *sy = form_get(body, "kaart.y");
	double x, y, lat, lon;
	struct area_chain chain;

	if (!sx || !sy)
		return 0;
	/* Enter on the focused map image sends 0,0: no point chosen. */
	if (strcmp(sx, "0") == 0 && strcmp(sy, "0") == 0)
		return 1;
	if (!parse_decimal(sx, &x) || !parse_decimal(sy, &y) ||
	    map_pixel_to_lonlat(req->app->map, x, y, &lon, &lat) != 0)
		return 1;
	f->lat = arena_printf(req->arena, "%.6f", lat);
	f->lon = arena_printf(req->arena, "%.6f", lon);
	if (areaidx_lookup(req->app->areas, lat, lon, &chain) == 0) {
		f->map_point_label = arena_printf(req->arena, "%.5f, %.5f (%s)",
						  lat, lon,
						  chain.at[AREA_BUURT]->name);
		f->buurt = NULL;
	} else {
		f->map_point_label = arena_printf(
			req->arena, _("%.5f, %.5f (buiten de gemeente)"), lat, lon);
	}
	return 1;
}

/* The values go to validation as sent, and back into the form repaired
 * (invalid UTF-8 replaced), so the page stays valid UTF-8. */
static void form_values(struct arena *a, const struct form *body,
			struct melden_form *f, struct signal_input *in)
{
	in->kind = form_get(body, "kind");
	in->text = form_get(body, "text");
	in->buurt = form_get(body, "buurt");
	in->lat = form_get(body, "lat");
	in->lon = form_get(body, "lon");
	in->email = form_get(body, "email");
	in->phone = form_get(body, "phone");
	in->age_band = form_get(body, "age_band");
	in->category = form_get(body, "category");
	in->notify = form_get(body, "notify");
	f->kind = utf8_sanitize(a, in->kind);
	f->text = utf8_sanitize(a, in->text);
	f->buurt = utf8_sanitize(a, in->buurt);
	f->lat = utf8_sanitize(a, in->lat);
	f->lon = utf8_sanitize(a, in->lon);
	f->email = utf8_sanitize(a, in->email);
	f->phone = utf8_sanitize(a, in->phone);
	f->age_band = utf8_sanitize(a, in->age_band);
	f->category = utf8_sanitize(a, in->category);
	f->notify = utf8_sanitize(a, in->notify);
}

/* The form's body: urlencoded, or multipart/form-data when it carries
 * photos (the form's own enctype).  -1: answered. */
static const struct form *melden_body(struct http_req *req,
				      struct http_resp *resp)
{
	const char *type = http_media_type(req), *msg;
	struct form *body = arena_alloc(req->arena, sizeof(*body));
	enum err e = ERR_INVALID;

	if (strcmp(type, "multipart/form-data") == 0) {
		const struct multipart *m = web_parts(req, &msg);

		e = m ? multipart_form(req->arena, m, body, &msg) : ERR_INVALID;
	} else if (strcmp(type, "application/x-www-form-urlencoded") == 0) {
		e = form_parse(req->arena, req->body, req->body_len, body, &msg);
	} else {
		web_html_error(req, resp, 415,
			       _("Dit formulier kan alleen als gewoon webformulier "
				 "worden verstuurd."));
		return NULL;
	}
	if (e != ERR_OK) {
		web_html_error(req, resp, 400,
			       _("Het formulier kwam onleesbaar aan. Probeer het "
				 "opnieuw."));
		return NULL;
	}
	req->body_form = body;
	return body;
}

/* A report while the group writer stores it (web_intake_defer). */
struct melden {
	struct melden_form f;
	struct signal_input in;
	struct field_errors errs;
	struct intake_result res;
};

/* The answer once stored, or refused: the tracking page, or the form
 * again with what was wrong. */
static void melden_done(struct http_req *req, struct http_resp *resp, void *ctx)
{
	struct melden *m = ctx;

	if (m->errs.n) {
		form_errors(req, &m->errs, &m->f);
		render_form(req, resp, &m->f, m->res.status);
		return;
	}
	if (m->res.status >= 300) {
		if (m->res.status == 429)
			http_resp_header(resp, "Retry-After",
					 arena_printf(req->arena, "%d",
						      m->res.retry_after));
		web_html_error(req, resp, m->res.status, m->res.message);
		return;
	}
	resp->status = 303;
	http_resp_header(resp, "Location",
			 arena_printf(req->arena, "/m/%s?nieuw=1", m->res.row.token));
}

/* As the JSON API, the server thread does not wait for the commit. */
void web_melden_post(struct http_req *req, struct http_resp *resp)
{
	struct melden *m = arena_alloc(req->arena, sizeof(*m));
	const struct form *body;

	memset(m, 0, sizeof(*m));
	if (!(body = melden_body(req, resp)))
		return;
	form_values(req->arena, body, &m->f, &m->in);
	/* the photos first: every way back to the form keeps them */
	web_photos_take(req, "foto", &m->in, &m->errs);
	m->f.photos = m->in.photos;
	m->f.nphotos = m->in.nphotos;
	if (map_click(req, body, &m->f)) {
		render_form(req, resp, &m->f, 200);
		return;
	}
	if (m->errs.n) {
		form_errors(req, &m->errs, &m->f);
		render_form(req, resp, &m->f, 400);
		return;
	}
	/* A point from the map wins over the buurt list. */
	if (m->in.lat && m->in.lon && *m->in.lat && *m->in.lon)
		m->in.buurt = NULL;
	/* "Is het dit?" first, unless the resident said it is something else. */
	if (!form_get(body, "anders") && web_melden_hints(req, resp, &m->in, &m->f))
		return;
	if (web_intake_defer(req, resp, &m->in, &m->errs, &m->res, NULL,
			     melden_done, m) ||
	    m->res.status) /* refused at once */
		melden_done(req, resp, m);
}

/* The tracking page's feed, in the head (and on the page). */
static void signal_feed(struct http_req *req, struct page *p,
			const char *token)
{
	p->feed_href = web_signal_feed_path(req, token);
	p->feed_title = _("Wat er met uw melding gebeurt");
}

/* Who looks at the signal and by when the resident hears, in words. */
static void expectation_view(struct http_req *req, const struct signal_track *t,
			     struct signal_view *v)
{
	char d[64];

	if (!t->has_expect)
		return;
	if (t->expect.who)
		v->who = promise_who_looks(req->arena, &t->expect);
	if (describe_date(d, sizeof(d), t->expect.by) == 0)
		v->expected_by = arena_strdup(req->arena, d);
	v->promised = t->expect.promised;
}

void web_signal_page(struct http_req *req, struct http_resp *resp)
{
	const char *token = http_param(req, "token");
	struct signal_track t;
	struct signal_view v;
	struct page p;
	struct db *db;
	enum err e;

	resp->no_store = true;
	if (!token_valid(token)) {
		web_html_error(req, resp, 404, _("Deze melding bestaat niet."));
		return;
	}
	if (!(db = web_db(req, resp, 0)))
		return;
	e = signal_track(db, req->arena, req->app->municipality, token, &t);
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Deze melding bestaat niet.")
						  : _("Er ging iets mis."));
		return;
	}
	signal_view_fill(req, &t.s, &v);
	v.outcome = t.outcome;
	v.kwesties = t.kwesties;
	v.nkwesties = t.nkwesties;
	v.timeline = t.timeline;
	v.ntimeline = t.ntimeline;
	v.photos = t.photos;
	v.nphotos = t.nphotos;
	expectation_view(req, &t, &v);
	/* The grade form only once there is something to grade (five reads
	 * fewer for the open signal: a round trip each on PostgreSQL). */
	v.grade = grade_signal_closed(t.kwesties, t.nkwesties, t.outcome)
			  ? web_grade_section(req, resp, db, token)
			  : NULL;
	html_ok(resp);
	if (form_get(&req->query, "nieuw")) {
		p = web_page(req, _("Bedankt voor uw melding"));
		signal_feed(req, &p, token);
		view_bevestiging(HTML_ON(&resp->body), &p, &v);
	} else {
		p = web_page(req, _("Uw melding"));
		signal_feed(req, &p, token);
		view_signal(HTML_ON(&resp->body), &p, &v);
	}
}
