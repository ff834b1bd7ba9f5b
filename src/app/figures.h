/* figures (app): the public figures (cijfers) of an area, an
 * organisation or a theme over a period, as a C struct for the pages
 * (/cijfers, the printable page) and as JSON for the API and the cache.
 * What each figure means: docs/open-data.md, "## Figures (cijfers)".
 *
 * figures_get validates the period (domain/figures.c), finds the scope,
 * and answers from the cache (migration 016) when an answer of this
 * scope and period is younger than FIGURES_MAX_AGE; otherwise it counts
 * (store/figures.c, one read transaction), computes the statistics and
 * keeps the answer in the cache.  computed_at says when it was counted:
 * pages say how fresh the figures are. */
#ifndef WA_APP_FIGURES_H
#define WA_APP_FIGURES_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/fields.h"
#include "domain/figures.h"
#include "store/figures.h"

struct app;
struct db;

/* An answer is served from the cache while younger than this; the
 * figures job (jobs/figures.c), which looks every FIGURES_REFRESH_S,
 * recomputes the city's and the stadsdelen's default period before
 * that. */
#define FIGURES_MAX_AGE_S 900
#define FIGURES_REFRESH_S 60
/* An older answer (up to a day, when the job drops it) is still shown,
 * saying when it was counted (figures.stale), while the job counts that
 * scope and period again: at national size counting the city's year
 * takes a minute or more (bench/RESULTS.md, issue 16), and no reader
 * should wait for it but the first ever.  Per run the job counts at
 * most FIGURES_JOB_WANTED such entries, those read last first. */
#define FIGURES_STALE_S 86400
#define FIGURES_JOB_WANTED 8
/* Counts for readers at the same time (cache misses, each on a thread
 * of its own: figures_get); the job is not counted. */
#define FIGURES_MAX_LIVE 2

struct figures_query {
	enum fig_scope_kind kind;
	const char *code;      /* FIG_AREA: area code; FIG_THEME: the topic */
	int64_t org_id;        /* FIG_ORGANISATION */
	const char *from, *to; /* YYYY-MM-DD, NULL or "": the default */
	bool fresh;            /* ignore the cache (the job) */
};

/* One area one level down (the map). */
struct figures_area {
	const char *code, *name;
	int64_t population; /* -1: unknown */
	int64_t signals;    /* reported in the period */
	int64_t residents;  /* reach */
	int64_t grade_n;
	double grade_mean; /* NaN: suppressed (grade_n < min_respondents) */
	double per_1000;   /* residents per 1,000 inhabitants; NaN: unknown */
};

/* One month of the trend (Amsterdam months of the period). */
struct figures_month {
	char month[12]; /* YYYY-MM */
	int64_t signals, closed, grades;
	double grade_mean; /* NaN: suppressed */
};

/* Every string points into the arena given to figures_get.  NaN stands
 * for "not shown" (null in JSON): suppressed, unknown, or nothing to
 * compute from. */
struct figures {
	const char *scope_kind; /* "area", "organisation", "theme" */
	const char *scope_code; /* area code, organisation id, topic */
	const char *scope_name;
	const char *scope_level; /* area: buurt .. gemeente; else NULL */
	char from[11], to[11];   /* the period, both days included */
	const char *computed_at; /* ISO 8601 UTC */
	bool stale;		 /* older than FIGURES_MAX_AGE_S, being recounted */
	bool counting;           /* ERR_BUSY: being counted, ask again (scope and period set) */
	int64_t min_respondents;
	/* reach */
	int64_t residents, population; /* population -1: unknown */
	double per_1000;
	/* signals reported in the period, and of those closed by now */
	int64_t signals, closed;
	struct fig_grades grades;
	struct fig_solved solved;
	/* promises made in the period (open includes late_open) */
	int64_t promises_made, kept_on_time, kept_late, late_open, broken,
		changed, promises_open;
	/* speed (signals reported in the period) */
	int64_t first_n, close_n;
	double first_response_days_median, closing_days_median;
	int64_t norm_n, norm_within;
	double within_norm_share;
	struct fig_count *outcomes, *levels;
	size_t noutcomes, nlevels;
	struct figures_month *trend;
	size_t ntrend;
	struct figures_area *areas;
	size_t nareas;
};

/* ERR_INVALID with errs (from, to), ERR_NOT_FOUND for an unknown area,
 * organisation or theme, or a database error.  Not in the cache, the
 * scope and period are counted on a thread of their own while the
 * caller waits up to app->figures_wait_ms; ERR_BUSY with out->counting
 * when the count goes on after that (a city's year at national size:
 * minutes), and ERR_BUSY alone when FIGURES_MAX_LIVE other counts run
 * already.  q->fresh (the job) counts here and now. */
enum err figures_get(const struct app *app, struct db *db, struct arena *ar,
		     const struct figures_query *q, struct figures *out,
		     struct field_errors *errs);
/* The counting threads of figures_get (the server's, before it
 * answers; without them a reader's miss is ERR_BUSY).  figures_stop, at
 * shutdown before the requests are waited for: waiting readers are told,
 * counts running are stopped (their statements fail) and waited for,
 * up to 10 s. */
void figures_start(void);
void figures_stop(void);

/* The JSON of the API (docs/open-data.md), new reference. */
json_t *figures_json(const struct figures *f);
/* Back from that JSON (the cache); false when it is not such JSON. */
bool figures_from_json(struct arena *ar, json_t *j, struct figures *out);

/* The figures job (every FIGURES_REFRESH_S): count the default period
 * of the gemeente and of each stadsdeel ahead, before its cache entry
 * ends, for the scopes someone asked for in the last day (so a fresh
 * or idle installation counts nothing, and a visitor of the city waits
 * for its million signals at most once a day, when the period moves);
 * count again the stale entries read in the last two hours (any scope
 * and period, FIGURES_JOB_WANTED a run); drop entries a day old. */
enum err figures_refresh(const struct app *app, struct db *db,
			 struct arena *ar);

#endif
