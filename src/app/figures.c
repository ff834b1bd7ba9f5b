/* figures (app): see figures.h. */
#include "figures.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/closing_days.h"
#include "base/log.h"
#include "base/util.h"
#include "store/accounts.h"
#include "store/db.h"
#include "store/store.h"

/* --- the scope --------------------------------------------------------------- */

static const char *const kind_names[3] = {"area", "organisation", "theme"};

static const struct fig_area *area_find(const struct fig_area *v, size_t n,
					const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			return &v[i];
	return NULL;
}

/* An area's inhabitants: its own number, else the sum of its children's
 * when every child has one (CBS publishes buurten and wijken; the rest
 * adds up). */
static int64_t population(const struct fig_area *v, size_t n,
			  const struct fig_area *a)
{
	int64_t sum = 0;
	size_t kids = 0;

	if (a->population >= 0)
		return a->population;
	for (size_t i = 0; i < n; i++) {
		int64_t p;

		if (!v[i].parent_code || strcmp(v[i].parent_code, a->code) != 0)
			continue;
		if ((p = population(v, n, &v[i])) < 0)
			return -1;
		sum += p;
		kids++;
	}
	return kids ? sum : -1;
}

static const char *level_below(const char *level)
{
	static const char *const order[] = {"buurt", "wijk", "gebied",
					    "stadsdeel", "gemeente"};

	for (size_t i = 1; i < sizeof(order) / sizeof(order[0]); i++)
		if (strcmp(level, order[i]) == 0)
			return order[i - 1];
	return NULL;
}

/* The area scope: its row, its population, its children (with theirs)
 * as out->children of raw, counts zero. */
static enum err scope_area(struct db *db, struct arena *ar, const char *muni,
			   const char *code, struct figures *f,
			   struct fig_scope *sc, struct fig_raw *raw)
{
	struct fig_area *v;
	const struct fig_area *a;
	const char *child; /* the level one down (the map's areas), or NULL */
	size_t n, k = 0;
	enum err e = store_figures_areas(db, ar, muni, &v, &n);

	if (e != ERR_OK)
		return e;
	if (!(a = area_find(v, n, code)))
		return ERR_NOT_FOUND;
	f->scope_code = a->code;
	f->scope_name = a->name;
	f->scope_level = a->level;
	f->population = population(v, n, a);
	sc->code = a->code;
	sc->level = a->level;
	child = level_below(a->level);
	raw->children = arena_alloc(ar, (n + 1) * sizeof(*raw->children));
	for (size_t i = 0; child && i < n; i++)
		if (v[i].parent_code && strcmp(v[i].parent_code, a->code) == 0)
			raw->children[k++] = (struct fig_child){
				.code = v[i].code,
				.name = v[i].name,
				.population = population(v, n, &v[i]),
			};
	raw->nchildren = k;
	return ERR_OK;
}

static enum err scope_find(const struct app *app, struct db *db,
			   struct arena *ar, const struct figures_query *q,
			   struct figures *f, struct fig_scope *sc,
			   struct fig_raw *raw)
{
	struct org_row org;
	bool known = false;
	enum err e;

	sc->kind = q->kind;
	f->scope_kind = kind_names[q->kind];
	f->population = -1;
	switch (q->kind) {
	case FIG_AREA:
		return scope_area(db, ar, app->municipality, q->code, f, sc, raw);
	case FIG_ORGANISATION:
		e = store_org_get(db, ar, q->org_id, &org);
		if (e == ERR_OK && !app_is_here(app, org.municipality))
			e = ERR_NOT_FOUND;
		if (e != ERR_OK)
			return e;
		sc->org_id = q->org_id;
		f->scope_code = arena_printf(ar, "%lld", (long long)q->org_id);
		f->scope_name = org.name;
		return ERR_OK;
	case FIG_THEME:
		if (!q->code || !*q->code)
			return ERR_NOT_FOUND;
		e = store_figures_theme_known(db, app->municipality, q->code, &known);
		if (e != ERR_OK || !known)
			return e != ERR_OK ? e : ERR_NOT_FOUND;
		sc->code = q->code;
		f->scope_code = q->code;
		f->scope_name = app_category_name(app, q->code);
		if (!f->scope_name)
			f->scope_name = q->code;
		return ERR_OK;
	}
	return ERR_NOT_FOUND;
}

/* --- from the counts to the figures ------------------------------------------ */

static double per_1000(int64_t residents, int64_t pop)
{
	return pop > 0 ? (double)residents * 1000 / (double)pop : NAN;
}

/* The months and the areas one level down are groups whose respondents
 * add up to (part of) the published whole: fig_suppress_group hides
 * enough of them that no hidden mean can be worked out from the rest. */
static void suppress_months(struct arena *ar, struct figures *f)
{
	int64_t *n = arena_alloc(ar, (f->ntrend + 1) * sizeof(*n));
	bool *hidden = arena_alloc(ar, (f->ntrend + 1) * sizeof(*hidden));

	for (size_t i = 0; i < f->ntrend; i++) {
		n[i] = f->trend[i].grades;
		hidden[i] = n[i] > 0 && isnan(f->trend[i].grade_mean);
	}
	fig_suppress_group(n, hidden, f->ntrend, f->min_respondents);
	for (size_t i = 0; i < f->ntrend; i++)
		if (hidden[i])
			f->trend[i].grade_mean = NAN;
}

/* Grades in no area one level down (a kwestie of this area's own level)
 * are a cell of the group too, never shown: the whole minus the areas. */
static void suppress_areas(struct arena *ar, struct figures *f)
{
	int64_t *n = arena_alloc(ar, (f->nareas + 2) * sizeof(*n)), rest = f->grades.n;
	bool *hidden = arena_alloc(ar, (f->nareas + 2) * sizeof(*hidden));

	for (size_t i = 0; i < f->nareas; i++) {
		n[i] = f->areas[i].grade_n;
		hidden[i] = n[i] > 0 && isnan(f->areas[i].grade_mean);
		rest -= n[i];
	}
	n[f->nareas] = rest > 0 ? rest : 0;
	hidden[f->nareas] = rest > 0 && rest < f->min_respondents;
	fig_suppress_group(n, hidden, f->nareas + 1, f->min_respondents);
	for (size_t i = 0; i < f->nareas; i++)
		if (hidden[i])
			f->areas[i].grade_mean = NAN;
}

static void fill_trend(struct arena *ar, const struct fig_window *w,
		       const struct fig_raw *raw, struct figures *f)
{
	f->ntrend = w->nmonths;
	f->trend = arena_alloc(ar, (w->nmonths + 1) * sizeof(*f->trend));
	for (size_t i = 0; i < w->nmonths; i++) {
		struct figures_month *m = &f->trend[i];
		int months = w->from.m - 1 + (int)i;

		/* years stay within the calendar's 1900..2999 */
		snprintf(m->month, sizeof(m->month), "%04d-%02d",
			 (w->from.y + months / 12) % 10000, months % 12 + 1);
		m->signals = raw->months[i].signals;
		m->closed = raw->months[i].closed;
		m->grades = raw->months[i].grades;
		m->grade_mean = fig_mean_or_suppressed(raw->months[i].grade_sum,
						       m->grades, f->min_respondents);
	}
	suppress_months(ar, f);
}

static void fill_areas(struct arena *ar, const struct fig_raw *raw,
		       struct figures *f)
{
	f->nareas = raw->nchildren;
	f->areas = arena_alloc(ar, (raw->nchildren + 1) * sizeof(*f->areas));
	for (size_t i = 0; i < raw->nchildren; i++) {
		const struct fig_child *c = &raw->children[i];

		f->areas[i] = (struct figures_area){
			.code = c->code,
			.name = c->name,
			.population = c->population,
			.signals = c->signals,
			.residents = c->residents,
			.grade_n = c->grade_n,
			.grade_mean = fig_mean_or_suppressed(c->grade_sum, c->grade_n,
							     f->min_respondents),
			.per_1000 = per_1000(c->residents, c->population),
		};
	}
	suppress_areas(ar, f);
}

static void fill(struct arena *ar, const struct fig_window *w,
		 const struct fig_raw *raw, struct figures *f)
{
	f->residents = raw->residents;
	f->per_1000 = per_1000(raw->residents, f->population);
	f->signals = raw->signals;
	f->closed = raw->closed;
	memcpy(f->grades.dist, raw->grade_dist, sizeof(f->grades.dist));
	f->grades.n = 0;
	for (int i = 0; i < 10; i++)
		f->grades.n += raw->grade_dist[i];
	fig_grades_compute(&f->grades, f->min_respondents);
	f->solved.ja = raw->ja;
	f->solved.deels = raw->deels;
	f->solved.nee = raw->nee;
	fig_solved_compute(&f->solved, f->min_respondents);
	f->promises_made = raw->promises_made;
	f->kept_on_time = raw->kept_on_time;
	f->kept_late = raw->kept_late;
	f->late_open = raw->late_open;
	f->broken = raw->broken;
	f->changed = raw->changed;
	f->promises_open = raw->open;
	f->first_n = raw->nfirst;
	f->close_n = raw->nclose;
	f->first_response_days_median = raw->first_median;
	f->closing_days_median = raw->close_median;
	f->norm_n = raw->norm_n;
	f->norm_within = raw->norm_within;
	f->within_norm_share = fig_share(raw->norm_within, raw->norm_n);
	f->outcomes = raw->outcomes;
	f->noutcomes = raw->noutcomes;
	f->levels = raw->levels;
	f->nlevels = raw->nlevels;
	fill_trend(ar, w, raw, f);
	fill_areas(ar, raw, f);
}

/* --- the cache ----------------------------------------------------------------- */

struct cache_put {
	const struct fig_key *k;
	const char *body, *computed_at, *read_at;
};

/* The counted figures show on their municipality's figures answers
 * alone, none of which is an answer without reports or of one category
 * (web/cache.c): a recount leaves the other municipalities' kept
 * answers, its own agendas and its Open311 lists of one service code
 * be (db_write_scope_counts).  This transaction writes nothing else;
 * whatever is added to it must show on no other answer, or not be
 * named. */
static enum err cache_put_tx(struct db *db, void *ctx)
{
	struct cache_put *c = ctx;
	enum err e = store_figures_cache_put(db, c->k, c->body, c->computed_at,
					     c->read_at);

	if (e == ERR_OK)
		db_write_scope_counts(db, c->k->municipality);
	return e;
}

/* When figures were last read is on no public answer (the job's). */
static enum err cache_read_tx(struct db *db, void *ctx)
{
	struct cache_put *c = ctx;
	enum err e = store_figures_cache_read(db, c->k, c->read_at);

	db_changes_unseen(db);
	return e;
}

/* read: a reader's counting (it was read now), or the job's (NULL). */
static enum err cache_store(struct db *db, const struct fig_key *k,
			    const struct figures *f, bool read)
{
	json_t *j = figures_json(f);
	char *body = json_dumps(j, JSON_COMPACT);
	struct cache_put c = {k, body, f->computed_at, read ? f->computed_at : NULL};
	enum err e = body ? db_write(db, cache_put_tx, &c) : ERR_INTERNAL;

	free(body);
	json_decref(j);
	return e;
}

/* A reader's hit notes the reading, at most once an hour an entry (a
 * write on every page view would be the cost the cache saves); the job
 * counts a stale entry again when it was read lately. */
static bool cache_load(struct db *db, struct arena *ar,
		       const struct fig_key *k, struct figures *out)
{
	char not_before[32], fresh[32], hour[32], now[32], *body, *at, *read_at;
	json_t *j;
	bool ok;

	store_time_ago(not_before, sizeof(not_before), FIGURES_STALE_S);
	store_time_ago(fresh, sizeof(fresh), FIGURES_MAX_AGE_S);
	if (store_figures_cache_get(db, ar, k, not_before, &body, &at,
				    &read_at) != ERR_OK)
		return false;
	store_time_ago(hour, sizeof(hour), 3600);
	if (!read_at || strcmp(read_at, hour) < 0) {
		struct cache_put c = {k, NULL, NULL, now};

		store_now(now, sizeof(now));
		if (db_write(db, cache_read_tx, &c) != ERR_OK)
			log_event("warn", "figures_cache", "result", "read not noted");
	}
	j = json_loads(body, 0, NULL);
	ok = j && figures_from_json(ar, j, out);
	json_decref(j);
	out->stale = ok && strcmp(at, fresh) < 0;
	return ok;
}

/* --- the use case ---------------------------------------------------------------- */

static enum err count(struct db *db, struct arena *ar, const char *muni,
		      const struct fig_scope *sc, const struct fig_window *w,
		      struct fig_raw *raw)
{
	enum err e = db_begin_read(db);

	if (e != ERR_OK)
		return e;
	e = store_figures_read(db, ar, muni, sc, w, raw);
	if (e == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return e;
}

/* Who counts: a reader (from the cache, else a counter thread, below),
 * the job (q->fresh: no cache, not noted as read), or a counter thread
 * for its readers (no cache, noted as read). */
enum who_counts {
	BY_READER,
	BY_JOB,
	BY_COUNTER,
};

static enum err count_off(const struct app *app, struct db *db,
			  struct arena *ar, const struct figures_query *q,
			  const struct fig_key *k, struct figures *out);

static enum err get(const struct app *app, struct db *db, struct arena *ar,
		    const struct figures_query *q, struct figures *out,
		    struct field_errors *errs, enum who_counts who)
{
	struct fig_period p;
	struct fig_window w;
	struct fig_scope sc = {0};
	struct fig_raw raw = {0};
	struct fig_key k;
	char now[32];
	enum err e;

	memset(out, 0, sizeof(*out));
	out->min_respondents = FIG_MIN_RESPONDENTS;
	if (!fig_period_parse(q->from, q->to, closing_days_today(), &p, errs))
		return ERR_INVALID;
	if ((e = scope_find(app, db, ar, q, out, &sc, &raw)) != ERR_OK)
		return e;
	fig_window_make(&w, p.from, p.to, closing_days_today());
	memcpy(out->from, w.from_day, sizeof(out->from));
	memcpy(out->to, w.to_day, sizeof(out->to));
	k = (struct fig_key){app->municipality, out->scope_kind, out->scope_code,
			     out->from, out->to};
	if (who == BY_READER)
		return cache_load(db, ar, &k, out) ? ERR_OK
						   : count_off(app, db, ar, q, &k, out);
	store_now(now, sizeof(now));
	if ((e = count(db, ar, app->municipality, &sc, &w, &raw)) != ERR_OK)
		return e;
	out->computed_at = arena_strdup(ar, now);
	fill(ar, &w, &raw, out);
	if (cache_store(db, &k, out, who == BY_COUNTER) != ERR_OK) {
		log_event("warn", "figures_cache", "scope", out->scope_kind,
			  "code", out->scope_code, "result", "not written");
		/* a counter's readers read the cache: not there, not counted */
		if (who == BY_COUNTER)
			return ERR_BUSY;
	}
	return ERR_OK;
}

enum err figures_get(const struct app *app, struct db *db, struct arena *ar,
		     const struct figures_query *q, struct figures *out,
		     struct field_errors *errs)
{
	return get(app, db, ar, q, out, errs, q->fresh ? BY_JOB : BY_READER);
}

/* --- counting off the request ------------------------------------------------------ */

/* A reader's first count (a cache miss) runs on one of FIGURES_MAX_LIVE
 * counting threads (without a limit a few requests for new periods
 * would hold every core), and the reader waits for it up to
 * app->figures_wait_ms: a small scope is answered as before, while a
 * city's year at national size (minutes, bench/RESULTS.md) goes on
 * counting after its reader was told so (figures.counting) and is in
 * the cache when the reader comes back.  A reader of a scope and period
 * being counted waits for that count; at most FIGURES_MAX_LIVE readers
 * wait at once (each holds a server thread), the others are told at
 * once.  The threads start with the server (figures_start) and keep
 * their connections; figures_stop ends them (db_stop_when). */
struct counter {
	bool used;              /* a count asked for, until it ends */
	uint64_t seq, done_seq; /* the count asked for, the last that ended */
	enum err result;        /* done_seq's */
	struct db *db;          /* while it counts: figures_stop interrupts it */
	const struct app *app;
	struct figures_query q; /* code, from and to point below */
	const char *kind;       /* the key, with app->municipality */
	char *code;
	char from[11], to[11];
	pthread_t thread; /* this counter's own */
};

static struct {
	pthread_once_t once;
	pthread_mutex_t mu;
	pthread_cond_t cond; /* CLOCK_MONOTONIC: a count asked for or ended, the stop */
	struct counter c[FIGURES_MAX_LIVE];
	uint64_t seq;
	int waiters;
	bool started;
	atomic_int halt;
} off = {.once = PTHREAD_ONCE_INIT, .mu = PTHREAD_MUTEX_INITIALIZER};

static void off_init(void)
{
	cond_init_monotonic(&off.cond);
}

static bool same_key(const struct counter *c, const struct app *app,
		     const struct fig_key *k)
{
	return c->used && strcmp(c->app->municipality, app->municipality) == 0 &&
	       strcmp(c->kind, k->kind) == 0 && strcmp(c->code, k->code) == 0 &&
	       strcmp(c->from, k->from) == 0 && strcmp(c->to, k->to) == 0;
}

/* The count asked for ended (off.mu held): its result, the slot free. */
static void count_ended(struct counter *c, enum err e)
{
	c->result = e;
	c->done_seq = c->seq;
	c->used = false;
	free(c->code);
	c->code = NULL;
	pthread_cond_broadcast(&off.cond);
}

static enum err count_one(struct counter *c, struct db *db)
{
	struct field_errors errs = {0};
	struct figures f;
	struct arena ar;
	int64_t t0 = mono_ms();
	char ms[24];
	enum err e;

	arena_init(&ar);
	e = get(c->app, db, &ar, &c->q, &f, &errs, BY_COUNTER);
	arena_clear(&ar);
	snprintf(ms, sizeof(ms), "%lld", (long long)(mono_ms() - t0));
	log_event(e == ERR_OK || atomic_load(&off.halt) ? "info" : "warn",
		  "figures_counted", "scope", c->kind, "code", c->code, "from",
		  c->from, "to", c->to, "ms", ms, "result", err_name(e));
	return e;
}

static void *count_main(void *arg)
{
	struct counter *c = arg;
	struct db *db = NULL;
	enum err e;

	pthread_mutex_lock(&off.mu);
	while (!atomic_load(&off.halt)) {
		if (!c->used) {
			pthread_cond_wait(&off.cond, &off.mu);
			continue;
		}
		pthread_mutex_unlock(&off.mu);
		if (!db && (db = store_thread_db()) != NULL)
			db_stop_when(db, &off.halt);
		pthread_mutex_lock(&off.mu);
		c->db = db;
		pthread_mutex_unlock(&off.mu);
		e = db ? count_one(c, db) : ERR_BUSY;
		pthread_mutex_lock(&off.mu);
		c->db = NULL;
		count_ended(c, e);
	}
	if (c->used) /* asked for, not begun: its readers are told */
		count_ended(c, ERR_BUSY);
	pthread_mutex_unlock(&off.mu);
	store_thread_db_close();
	return NULL;
}

void figures_start(void)
{
	pthread_once(&off.once, off_init);
	pthread_mutex_lock(&off.mu);
	for (size_t i = 0; !off.started && i < FIGURES_MAX_LIVE; i++)
		if (pthread_create(&off.c[i].thread, NULL, count_main, &off.c[i]) != 0) {
			/* the ones begun end; every reader counts nothing */
			log_event("error", "figures_counters", "result", "no thread");
			atomic_store(&off.halt, 1);
			pthread_cond_broadcast(&off.cond);
			pthread_mutex_unlock(&off.mu);
			for (size_t j = 0; j < i; j++)
				pthread_join(off.c[j].thread, NULL);
			return;
		}
	off.started = true;
	pthread_mutex_unlock(&off.mu);
}

/* A new count of k on a free counter (off.mu held); NULL: none free. */
static struct counter *count_start(const struct app *app,
				   const struct figures_query *q,
				   const struct fig_key *k)
{
	struct counter *c = NULL;

	for (size_t i = 0; !c && i < FIGURES_MAX_LIVE; i++)
		if (!off.c[i].used)
			c = &off.c[i];
	if (!c)
		return NULL;
	c->app = app;
	c->kind = k->kind;
	c->code = xstrdup(k->code);
	snprintf(c->from, sizeof(c->from), "%s", k->from);
	snprintf(c->to, sizeof(c->to), "%s", k->to);
	/* the period as its days: the same window as the reader's */
	c->q = (struct figures_query){.kind = q->kind, .code = c->code, .org_id = q->org_id, .from = c->from, .to = c->to};
	c->seq = ++off.seq;
	c->used = true;
	pthread_cond_broadcast(&off.cond);
	return c;
}

/* The reader's part: its count asked for or joined, then waited for. */
static enum err count_off(const struct app *app, struct db *db,
			  struct arena *ar, const struct figures_query *q,
			  const struct fig_key *k, struct figures *out)
{
	struct counter *c = NULL;
	struct timespec until;
	uint64_t seq;
	bool done;
	enum err e;

	pthread_mutex_lock(&off.mu);
	if (!off.started || atomic_load(&off.halt)) {
		pthread_mutex_unlock(&off.mu);
		return ERR_BUSY;
	}
	for (size_t i = 0; !c && i < FIGURES_MAX_LIVE; i++)
		if (same_key(&off.c[i], app, k))
			c = &off.c[i];
	if (!c && !(c = count_start(app, q, k))) {
		pthread_mutex_unlock(&off.mu);
		return ERR_BUSY;
	}
	/* a counter's counts end in the order asked: done_seq >= seq is
	 * this one's end, whatever came after it */
	seq = c->seq;
	if (app->figures_wait_ms > 0 && off.waiters < FIGURES_MAX_LIVE) {
		off.waiters++;
		mono_deadline(&until, app->figures_wait_ms);
		while (c->done_seq < seq && !atomic_load(&off.halt) &&
		       pthread_cond_timedwait(&off.cond, &off.mu, &until) != ETIMEDOUT)
			;
		off.waiters--;
	}
	done = c->done_seq >= seq;
	e = c->done_seq == seq ? c->result : ERR_OK;
	pthread_mutex_unlock(&off.mu);
	if (!done) {
		out->counting = true;
		return ERR_BUSY;
	}
	if (e != ERR_OK)
		return e;
	return cache_load(db, ar, k, out) ? ERR_OK : ERR_BUSY;
}

static bool counting_now(void)
{
	for (size_t i = 0; i < FIGURES_MAX_LIVE; i++)
		if (off.c[i].used && off.c[i].db)
			return true;
	return false;
}

void figures_stop(void)
{
	struct timespec until;
	bool stuck;

	pthread_once(&off.once, off_init);
	pthread_mutex_lock(&off.mu);
	atomic_store(&off.halt, 1);
	pthread_cond_broadcast(&off.cond);
	/* a cancel that comes before PostgreSQL runs the statement is lost:
	 * again every 100 ms, for up to 10 s */
	for (int i = 0; i < 100 && counting_now(); i++) {
		for (size_t j = 0; j < FIGURES_MAX_LIVE; j++)
			if (off.c[j].used && off.c[j].db)
				db_interrupt(off.c[j].db);
		mono_deadline(&until, 100);
		pthread_cond_timedwait(&off.cond, &off.mu, &until);
	}
	stuck = counting_now();
	pthread_mutex_unlock(&off.mu);
	for (size_t i = 0; off.started && i < FIGURES_MAX_LIVE; i++)
		if (stuck)
			pthread_detach(off.c[i].thread);
		else
			pthread_join(off.c[i].thread, NULL);
	if (stuck)
		log_event("warn", "figures_stop", "result", "counts still running");
	off.started = false;
}

/* Does the default period of this scope need counting ahead?  When its
 * entry is missing or near its end, and anyone asked for the scope in
 * the last day (any period): a scope nobody reads is not counted. */
static enum err needs_refresh(struct db *db, struct arena *ar,
			      const struct fig_key *k, bool *yes)
{
	char soon[32], day[32], *at = NULL, *seen = NULL;
	enum err e = store_figures_cache_ages(db, ar, k, &at, &seen);

	*yes = false;
	if (e != ERR_OK)
		return e;
	store_time_ago(soon, sizeof(soon), FIGURES_MAX_AGE_S - 2 * FIGURES_REFRESH_S);
	store_time_ago(day, sizeof(day), 86400);
	*yes = seen && strcmp(seen, day) >= 0 && (!at || strcmp(at, soon) < 0);
	return ERR_OK;
}

/* The stale entries readers were shown lately, counted again.  One that
 * can no longer be counted (its area, organisation or theme gone, its
 * period past the limit) is left to the prune. */
static enum err refresh_wanted(const struct app *app, struct db *db,
			       struct arena *ar)
{
	struct fig_key *k;
	size_t n;
	char stale[32], read[32];
	enum err e;

	store_time_ago(stale, sizeof(stale), FIGURES_MAX_AGE_S - 2 * FIGURES_REFRESH_S);
	store_time_ago(read, sizeof(read), 2 * 3600);
	e = store_figures_cache_wanted(db, ar, app->municipality, stale, read,
				       FIGURES_JOB_WANTED, &k, &n);
	for (size_t i = 0; e == ERR_OK && i < n; i++) {
		struct figures_query q = {.code = k[i].code, .from = k[i].from,
					  .to = k[i].to, .fresh = true};
		struct field_errors errs = {0};
		struct figures f;
		enum err ei;

		if (strcmp(k[i].kind, kind_names[FIG_ORGANISATION]) == 0) {
			q.kind = FIG_ORGANISATION;
			q.org_id = strtoll(k[i].code, NULL, 10);
		} else if (strcmp(k[i].kind, kind_names[FIG_THEME]) == 0) {
			q.kind = FIG_THEME;
		} else {
			q.kind = FIG_AREA;
		}
		ei = figures_get(app, db, ar, &q, &f, &errs);
		if (ei != ERR_OK && ei != ERR_NOT_FOUND && ei != ERR_INVALID)
			e = ei;
	}
	return e;
}

enum err figures_refresh(const struct app *app, struct db *db,
			 struct arena *ar)
{
	struct fig_area *v;
	struct fig_period p;
	struct figures f;
	struct field_errors errs = {0};
	char before[32], from[11], to[11];
	size_t n;
	bool yes;
	enum err e = store_figures_areas(db, ar, app->municipality, &v, &n);

	fig_period_parse(NULL, NULL, closing_days_today(), &p, &errs);
	cal_date_format(p.from, from);
	cal_date_format(p.to, to);
	for (size_t i = 0; e == ERR_OK && i < n; i++) {
		struct figures_query q = {.kind = FIG_AREA, .code = v[i].code, .fresh = true};
		struct fig_key k = {app->municipality, "area", v[i].code, from, to};

		if (strcmp(v[i].level, "gemeente") != 0 &&
		    strcmp(v[i].level, "stadsdeel") != 0)
			continue;
		e = needs_refresh(db, ar, &k, &yes);
		if (e == ERR_OK && yes)
			e = figures_get(app, db, ar, &q, &f, &errs);
	}
	if (e == ERR_OK)
		e = refresh_wanted(app, db, ar);
	store_time_ago(before, sizeof(before), FIGURES_STALE_S);
	if (e == ERR_OK)
		e = store_figures_cache_prune(db, before);
	return e;
}

/* --- JSON ------------------------------------------------------------------------ */

/* Shares, means and days to four decimals: more is noise, and the CSV
 * and the JSON say the same. */
static json_t *num(double x)
{
	return isnan(x) ? json_null() : json_real(round(x * 1e4) / 1e4);
}

static json_t *counts_json(const struct fig_count *v, size_t n)
{
	json_t *o = json_object();

	for (size_t i = 0; i < n; i++)
		json_object_set_new(o, v[i].key, json_integer(v[i].n));
	return o;
}

static json_t *grades_json(const struct fig_grades *g)
{
	json_t *dist = json_array(), *ci = json_null();

	for (int i = 0; i < 10; i++)
		json_array_append_new(dist, json_integer(g->dist[i]));
	if (g->suppressed) {
		json_decref(dist);
		dist = json_null();
	} else if (!isnan(g->ci_lo)) {
		ci = json_pack("[o, o]", num(g->ci_lo), num(g->ci_hi));
	}
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:b}", "n",
			 (json_int_t)g->n, "mean", num(g->mean), "ci95", ci,
			 "median", num(g->median), "distribution", dist,
			 "share_8_plus", num(g->share_8_plus), "suppressed",
			 g->suppressed);
}

static json_t *solved_json(const struct fig_solved *s)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:b}", "n", (json_int_t)s->n, "ja",
			 num(s->share_ja), "deels", num(s->share_deels), "nee",
			 num(s->share_nee), "suppressed", s->suppressed);
}

static json_t *promises_json(const struct figures *f)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "made",
			 (json_int_t)f->promises_made, "kept_on_time",
			 (json_int_t)f->kept_on_time, "kept_late",
			 (json_int_t)f->kept_late, "late_open",
			 (json_int_t)f->late_open, "broken", (json_int_t)f->broken,
			 "changed", (json_int_t)f->changed, "open",
			 (json_int_t)f->promises_open);
}

static json_t *speed_json(const struct figures *f)
{
	return json_pack("{s:I, s:I, s:o, s:I, s:o, s:I, s:I, s:o}", "n",
			 (json_int_t)f->signals, "first_response_n",
			 (json_int_t)f->first_n, "first_response_days_median",
			 num(f->first_response_days_median), "closed_n",
			 (json_int_t)f->close_n, "closing_days_median",
			 num(f->closing_days_median), "norm_n",
			 (json_int_t)f->norm_n, "within_norm",
			 (json_int_t)f->norm_within, "within_norm_share",
			 num(f->within_norm_share));
}

static json_t *trend_json(const struct figures *f)
{
	json_t *a = json_array();

	for (size_t i = 0; i < f->ntrend; i++) {
		const struct figures_month *m = &f->trend[i];

		json_array_append_new(
			a, json_pack("{s:s, s:I, s:I, s:I, s:o, s:b}", "month",
				     m->month, "signals", (json_int_t)m->signals,
				     "closed", (json_int_t)m->closed, "grades",
				     (json_int_t)m->grades, "grade_mean",
				     num(m->grade_mean), "suppressed",
				     isnan(m->grade_mean) && m->grades > 0));
	}
	return a;
}

static json_t *pop_json(int64_t p)
{
	return p < 0 ? json_null() : json_integer(p);
}

static json_t *areas_json(const struct figures *f)
{
	json_t *a = json_array();

	for (size_t i = 0; i < f->nareas; i++) {
		const struct figures_area *x = &f->areas[i];

		json_array_append_new(
			a, json_pack("{s:s, s:s, s:I, s:I, s:I, s:o, s:b, s:o, s:o}",
				     "code", x->code, "name", x->name, "signals",
				     (json_int_t)x->signals, "residents",
				     (json_int_t)x->residents, "grade_n",
				     (json_int_t)x->grade_n, "grade_mean",
				     num(x->grade_mean), "suppressed",
				     isnan(x->grade_mean) && x->grade_n > 0,
				     "population", pop_json(x->population),
				     "per_1000", num(x->per_1000)));
	}
	return a;
}

json_t *figures_json(const struct figures *f)
{
	json_t *scope = json_pack("{s:s, s:s, s:s}", "kind", f->scope_kind, "code",
				  f->scope_code, "name", f->scope_name);

	json_object_set_new(scope, "level",
			    f->scope_level ? json_string(f->scope_level)
					   : json_null());
	return json_pack(
		"{s:o, s:{s:s, s:s}, s:s, s:I, s:{s:I, s:o, s:o}, s:{s:I, s:I},"
		" s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"scope", scope, "period", "from", f->from, "to", f->to,
		"computed_at", f->computed_at, "min_respondents",
		(json_int_t)f->min_respondents, "reach", "residents",
		(json_int_t)f->residents, "population", pop_json(f->population),
		"per_1000", num(f->per_1000), "signals", "reported",
		(json_int_t)f->signals, "closed", (json_int_t)f->closed, "grades",
		grades_json(&f->grades), "solved", solved_json(&f->solved),
		"promises", promises_json(f), "speed", speed_json(f), "outcomes",
		counts_json(f->outcomes, f->noutcomes), "levels",
		counts_json(f->levels, f->nlevels), "trend", trend_json(f),
		"areas", areas_json(f));
}

/* --- back from JSON (the cache) --------------------------------------------------- */

static double dbl(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static int64_t i64(json_t *o, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(o, key));
}

static int64_t pop_of(json_t *o)
{
	json_t *v = json_object_get(o, "population");

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : -1;
}

static const char *str(struct arena *ar, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? arena_strdup(ar, s) : NULL;
}

static void counts_from(struct arena *ar, json_t *o, struct fig_count **v,
			size_t *n)
{
	const char *key;
	json_t *x;
	size_t i = 0;

	*v = arena_alloc(ar, (json_object_size(o) + 1) * sizeof(**v));
	json_object_foreach(o, key, x) {
		(*v)[i].key = arena_strdup(ar, key);
		(*v)[i++].n = (int64_t)json_integer_value(x);
	}
	*n = i;
}

static void grades_from(json_t *g, struct fig_grades *out)
{
	json_t *ci = json_object_get(g, "ci95"), *d = json_object_get(g, "distribution");

	out->n = i64(g, "n");
	out->mean = dbl(g, "mean");
	out->median = dbl(g, "median");
	out->share_8_plus = dbl(g, "share_8_plus");
	out->suppressed = json_is_true(json_object_get(g, "suppressed"));
	out->ci_lo = json_is_array(ci) ? json_number_value(json_array_get(ci, 0)) : NAN;
	out->ci_hi = json_is_array(ci) ? json_number_value(json_array_get(ci, 1)) : NAN;
	for (size_t i = 0; i < 10; i++)
		out->dist[i] = (int64_t)json_integer_value(json_array_get(d, i));
}

/* The counts of ja, deels and nee are not in the JSON (the shares are). */
static void solved_from(json_t *s, struct fig_solved *out)
{
	out->n = i64(s, "n");
	out->share_ja = dbl(s, "ja");
	out->share_deels = dbl(s, "deels");
	out->share_nee = dbl(s, "nee");
	out->suppressed = json_is_true(json_object_get(s, "suppressed"));
}

static void promises_from(json_t *p, struct figures *f)
{
	f->promises_made = i64(p, "made");
	f->kept_on_time = i64(p, "kept_on_time");
	f->kept_late = i64(p, "kept_late");
	f->late_open = i64(p, "late_open");
	f->broken = i64(p, "broken");
	f->changed = i64(p, "changed");
	f->promises_open = i64(p, "open");
}

static void speed_from(json_t *s, struct figures *f)
{
	f->first_n = i64(s, "first_response_n");
	f->first_response_days_median = dbl(s, "first_response_days_median");
	f->close_n = i64(s, "closed_n");
	f->closing_days_median = dbl(s, "closing_days_median");
	f->norm_n = i64(s, "norm_n");
	f->norm_within = i64(s, "within_norm");
	f->within_norm_share = dbl(s, "within_norm_share");
}

static void trend_from(struct arena *ar, json_t *a, struct figures *f)
{
	f->ntrend = json_array_size(a);
	f->trend = arena_alloc(ar, (f->ntrend + 1) * sizeof(*f->trend));
	for (size_t i = 0; i < f->ntrend; i++) {
		json_t *m = json_array_get(a, i);
		const char *month = json_string_value(json_object_get(m, "month"));

		snprintf(f->trend[i].month, sizeof(f->trend[i].month), "%s",
			 month ? month : "");
		f->trend[i].signals = i64(m, "signals");
		f->trend[i].closed = i64(m, "closed");
		f->trend[i].grades = i64(m, "grades");
		f->trend[i].grade_mean = dbl(m, "grade_mean");
	}
}

static void areas_from(struct arena *ar, json_t *a, struct figures *f)
{
	f->nareas = json_array_size(a);
	f->areas = arena_alloc(ar, (f->nareas + 1) * sizeof(*f->areas));
	for (size_t i = 0; i < f->nareas; i++) {
		json_t *x = json_array_get(a, i);

		f->areas[i] = (struct figures_area){
			.code = str(ar, x, "code"),
			.name = str(ar, x, "name"),
			.population = pop_of(x),
			.signals = i64(x, "signals"),
			.residents = i64(x, "residents"),
			.grade_n = i64(x, "grade_n"),
			.grade_mean = dbl(x, "grade_mean"),
			.per_1000 = dbl(x, "per_1000"),
		};
	}
}

bool figures_from_json(struct arena *ar, json_t *j, struct figures *f)
{
	json_t *scope = json_object_get(j, "scope"), *reach = json_object_get(j, "reach");
	json_t *period = json_object_get(j, "period"), *sig = json_object_get(j, "signals");
	const char *from = json_string_value(json_object_get(period, "from"));
	const char *to = json_string_value(json_object_get(period, "to"));

	if (!json_is_object(scope) || !from || !to || strlen(from) != 10 ||
	    strlen(to) != 10 || !json_is_object(json_object_get(j, "grades")))
		return false;
	f->scope_kind = str(ar, scope, "kind");
	f->scope_code = str(ar, scope, "code");
	f->scope_name = str(ar, scope, "name");
	f->scope_level = str(ar, scope, "level");
	memcpy(f->from, from, 11);
	memcpy(f->to, to, 11);
	f->computed_at = str(ar, j, "computed_at");
	f->min_respondents = i64(j, "min_respondents");
	f->residents = i64(reach, "residents");
	f->population = pop_of(reach);
	f->per_1000 = dbl(reach, "per_1000");
	f->signals = i64(sig, "reported");
	f->closed = i64(sig, "closed");
	grades_from(json_object_get(j, "grades"), &f->grades);
	solved_from(json_object_get(j, "solved"), &f->solved);
	promises_from(json_object_get(j, "promises"), f);
	speed_from(json_object_get(j, "speed"), f);
	counts_from(ar, json_object_get(j, "outcomes"), &f->outcomes, &f->noutcomes);
	counts_from(ar, json_object_get(j, "levels"), &f->levels, &f->nlevels);
	trend_from(ar, json_object_get(j, "trend"), f);
	areas_from(ar, json_object_get(j, "areas"), f);
	return f->scope_kind && f->scope_code && f->computed_at;
}
