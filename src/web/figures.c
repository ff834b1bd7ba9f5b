/* figures (web): the public figures as JSON and as CSV (docs/api.md,
 * docs/open-data.md "## Figures (cijfers)"):
 *   GET /api/v1/areas/{code}/figures[.csv]?from=&to=
 *   GET /api/v1/organisations/{id}/figures[.csv]?from=&to=
 *   GET /api/v1/themes/{topic}/figures[.csv]?from=&to=
 * The router matches whole segments, so "figures.csv" is a literal
 * segment of its own route, never a value of {code}.  Query parameters
 * other than from, to (and lang) are refused with 400, as elsewhere in
 * the API: a misspelt "form=" would otherwise silently give the default
 * period.  The answers are the same for everyone: public and cacheable
 * for five minutes (the figures themselves are at most FIGURES_MAX_AGE_S
 * old, computed_at says how old). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/figures.h"
#include "html/csv.h"
#include "i18n/i18n.h"
#include "web/authorize.h"
#include "web/figures.h"
#include "web/web.h"

/* --- the request --------------------------------------------------------------- */

/* The figures of the route's scope, or an answer (JSON errors, also for
 * the CSV: a program reads both) and false. */
static bool figures_of(struct http_req *req, struct http_resp *resp,
		       struct figures_query *q, struct figures *f)
{
	static const char *const allowed[] = {"from", "to"};
	struct field_errors errs = {0};
	struct db *db;
	enum err e;

	if (web_query_only(req, resp, allowed, 2) != 0)
		return false;
	q->from = form_get(&req->query, "from");
	q->to = form_get(&req->query, "to");
	if (!(db = web_db(req, resp, 1)))
		return false;
	e = figures_get(req->app, db, req->arena, q, f, &errs);
	if (e == ERR_OK)
		return true;
	if (e == ERR_INVALID)
		web_json_error(resp, 400, _("De periode klopt niet."), &errs);
	else if (e == ERR_NOT_FOUND)
		web_json_error(resp, 404,
			       q->kind == FIG_AREA ? _("Dit gebied bestaat niet.")
			       : q->kind == FIG_ORGANISATION
				       ? _("Deze organisatie bestaat niet.")
				       : _("Dit thema bestaat niet."),
			       NULL);
	else if (e == ERR_BUSY && f->counting) {
		/* counted on while nobody waits (app/figures.h) */
		http_resp_header(resp, "Retry-After", "30");
		web_json_error(resp, 503,
			       _("Deze cijfers worden nu geteld. Bij veel "
				 "meldingen duurt dat even. Probeer het over "
				 "een halve minuut opnieuw."),
			       NULL);
	} else if (e == ERR_BUSY) {
		/* others are counting (app/figures.h FIGURES_MAX_LIVE), or
		 * the database is busy */
		http_resp_header(resp, "Retry-After", "10");
		web_json_error(resp, 503,
			       _("De cijfers zijn nu even niet te berekenen. "
				 "Probeer het over tien seconden opnieuw."),
			       NULL);
	} else
		web_json_error(resp, http_status_for(e),
			       _("De cijfers zijn even niet te lezen. Probeer "
				 "het zo opnieuw."),
			       NULL);
	return false;
}

static void cacheable(struct http_resp *resp)
{
	http_resp_header(resp, "Cache-Control", "public, max-age=300");
}

static void answer_json(struct http_req *req, struct http_resp *resp,
			struct figures_query *q)
{
	struct figures f;

	if (!figures_of(req, resp, q, &f))
		return;
	cacheable(resp);
	web_json(resp, 200, figures_json(&f));
}

/* A file name of letters, digits and '-' only, whatever the code holds. */
static const char *file_name(struct http_req *req, const struct figures *f)
{
	char *s = arena_printf(req->arena, "cijfers-%s-%s-%s-%s.csv",
			       f->scope_kind, f->scope_code, f->from, f->to);

	for (char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			*p = '_';
	return arena_printf(req->arena, "attachment; filename=\"%s\"", s);
}

static void answer_csv(struct http_req *req, struct http_resp *resp,
		       struct figures_query *q)
{
	struct figures f;

	if (!figures_of(req, resp, q, &f))
		return;
	cacheable(resp);
	resp->status = 200;
	resp->content_type = "text/csv; charset=utf-8";
	http_resp_header(resp, "Content-Disposition", file_name(req, &f));
	figures_csv(&f, &resp->body);
}

/* --- the routes -------------------------------------------------------------------- */

static struct figures_query area_query(struct http_req *req)
{
	return (struct figures_query){.kind = FIG_AREA,
				      .code = http_param(req, "code")};
}

static struct figures_query org_query(struct http_req *req)
{
	/* 0 (not an id) is no organisation: 404 */
	return (struct figures_query){.kind = FIG_ORGANISATION,
				      .org_id = web_param_id(req, "id")};
}

static struct figures_query theme_query(struct http_req *req)
{
	return (struct figures_query){.kind = FIG_THEME,
				      .code = http_param(req, "topic")};
}

void web_api_area_figures(struct http_req *req, struct http_resp *resp)
{
	struct figures_query q = area_query(req);

	answer_json(req, resp, &q);
}

void web_api_area_figures_csv(struct http_req *req, struct http_resp *resp)
{
	struct figures_query q = area_query(req);

	answer_csv(req, resp, &q);
}

void web_api_org_figures(struct http_req *req, struct http_resp *resp)
{
	struct figures_query q = org_query(req);

	answer_json(req, resp, &q);
}

void web_api_org_figures_csv(struct http_req *req, struct http_resp *resp)
{
	struct figures_query q = org_query(req);

	answer_csv(req, resp, &q);
}

void web_api_theme_figures(struct http_req *req, struct http_resp *resp)
{
	struct figures_query q = theme_query(req);

	answer_json(req, resp, &q);
}

void web_api_theme_figures_csv(struct http_req *req, struct http_resp *resp)
{
	struct figures_query q = theme_query(req);

	answer_csv(req, resp, &q);
}

/* --- CSV ------------------------------------------------------------------------ */

/* One field: a number the program wrote as it is; any other text (a
 * name of an area, an organisation or a theme) through html/csv.c, which
 * quotes by RFC 4180 and keeps a spreadsheet from taking "=..." for a
 * formula. */
static void csv_field(struct buf *b, const char *s)
{
	char *end;

	if (s && *s && (strtod(s, &end), *end == '\0') && !strpbrk(s, "xXnN")) {
		buf_adds(b, s);
		return;
	}
	csv_text(b, s, 1);
}

struct csv {
	struct buf *b;
	const struct figures *f;
};

/* A row: value and n as text (NULL: empty). */
static void row(struct csv *c, const char *figure, const char *key,
		const char *value, const char *n, bool suppressed)
{
	const struct figures *f = c->f;
	const char *cols[] = {f->scope_kind, f->scope_code, f->from, f->to,
			      figure, key, value, n, suppressed ? "1" : "0"};

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		if (i)
			buf_addc(c->b, ',');
		csv_field(c->b, cols[i]);
	}
	buf_adds(c->b, "\r\n");
}

static void irow(struct csv *c, const char *figure, const char *key, int64_t v)
{
	char s[32];

	snprintf(s, sizeof(s), "%lld", (long long)v);
	row(c, figure, key, s, NULL, false);
}

/* A real figure to four decimals as in the JSON; NaN empty; n the count
 * it is computed from (negative: none). */
static void drow(struct csv *c, const char *figure, const char *key, double v,
		 int64_t n, bool suppressed)
{
	char s[40] = "", ns[32] = "";

	if (!isnan(v))
		snprintf(s, sizeof(s), "%.10g", round(v * 1e4) / 1e4);
	if (n >= 0)
		snprintf(ns, sizeof(ns), "%lld", (long long)n);
	row(c, figure, key, isnan(v) ? NULL : s, n >= 0 ? ns : NULL, suppressed);
}

static void csv_grades(struct csv *c)
{
	const struct fig_grades *g = &c->f->grades;
	const struct fig_solved *s = &c->f->solved;
	static const char *const keys[10] = {"1", "2", "3", "4", "5",
					     "6", "7", "8", "9", "10"};

	irow(c, "grades", "n", g->n);
	drow(c, "grades", "mean", g->mean, g->n, g->suppressed);
	drow(c, "grades", "ci95_lo", g->ci_lo, g->n, g->suppressed);
	drow(c, "grades", "ci95_hi", g->ci_hi, g->n, g->suppressed);
	drow(c, "grades", "median", g->median, g->n, g->suppressed);
	drow(c, "grades", "share_8_plus", g->share_8_plus, g->n, g->suppressed);
	for (int i = 0; i < 10; i++)
		drow(c, "grade_distribution", keys[i],
		     g->suppressed ? NAN : (double)g->dist[i], g->n, g->suppressed);
	irow(c, "solved", "n", s->n);
	drow(c, "solved", "ja", s->share_ja, s->n, s->suppressed);
	drow(c, "solved", "deels", s->share_deels, s->n, s->suppressed);
	drow(c, "solved", "nee", s->share_nee, s->n, s->suppressed);
}

static void csv_rest(struct csv *c)
{
	const struct figures *f = c->f;

	irow(c, "promises", "made", f->promises_made);
	irow(c, "promises", "kept_on_time", f->kept_on_time);
	irow(c, "promises", "kept_late", f->kept_late);
	irow(c, "promises", "late_open", f->late_open);
	irow(c, "promises", "broken", f->broken);
	irow(c, "promises", "changed", f->changed);
	irow(c, "promises", "open", f->promises_open);
	drow(c, "speed", "first_response_days_median",
	     f->first_response_days_median, f->first_n, false);
	drow(c, "speed", "closing_days_median", f->closing_days_median,
	     f->close_n, false);
	irow(c, "speed", "within_norm", f->norm_within);
	drow(c, "speed", "within_norm_share", f->within_norm_share, f->norm_n,
	     false);
	for (size_t i = 0; i < f->noutcomes; i++)
		irow(c, "outcomes", f->outcomes[i].key, f->outcomes[i].n);
	for (size_t i = 0; i < f->nlevels; i++)
		irow(c, "levels", f->levels[i].key, f->levels[i].n);
}

static void csv_trend(struct csv *c)
{
	for (size_t i = 0; i < c->f->ntrend; i++) {
		const struct figures_month *m = &c->f->trend[i];

		irow(c, "trend_signals", m->month, m->signals);
		irow(c, "trend_closed", m->month, m->closed);
		irow(c, "trend_grades", m->month, m->grades);
		drow(c, "trend_grade_mean", m->month, m->grade_mean, m->grades,
		     isnan(m->grade_mean) && m->grades > 0);
	}
}

static void csv_areas(struct csv *c)
{
	for (size_t i = 0; i < c->f->nareas; i++) {
		const struct figures_area *a = &c->f->areas[i];

		row(c, "area_name", a->code, a->name, NULL, false);
		irow(c, "area_signals", a->code, a->signals);
		irow(c, "area_residents", a->code, a->residents);
		irow(c, "area_grade_n", a->code, a->grade_n);
		drow(c, "area_grade_mean", a->code, a->grade_mean, a->grade_n,
		     isnan(a->grade_mean) && a->grade_n > 0);
		drow(c, "area_population", a->code,
		     a->population < 0 ? NAN : (double)a->population, -1, false);
		drow(c, "area_per_1000", a->code, a->per_1000, a->population,
		     false);
	}
}

void figures_csv(const struct figures *f, struct buf *b)
{
	struct csv c = {b, f};

	buf_adds(b, "scope_kind,scope_code,period_from,period_to,figure,key,"
		    "value,n,suppressed\r\n");
	row(&c, "scope", "name", f->scope_name, NULL, false);
	row(&c, "scope", "level", f->scope_level, NULL, false);
	row(&c, "scope", "computed_at", f->computed_at, NULL, false);
	irow(&c, "scope", "min_respondents", f->min_respondents);
	irow(&c, "reach", "residents", f->residents);
	drow(&c, "reach", "population",
	     f->population < 0 ? NAN : (double)f->population, -1, false);
	drow(&c, "reach", "per_1000", f->per_1000, f->population, false);
	irow(&c, "signals", "reported", f->signals);
	irow(&c, "signals", "closed", f->closed);
	csv_grades(&c);
	csv_rest(&c);
	csv_trend(&c);
	csv_areas(&c);
}
