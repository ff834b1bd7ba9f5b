/* demo_history: see demo_history.h.
 *
 * Two steps.  The plan is made in memory, outside any transaction: a
 * fixed-seed generator (splitmix64) picks for each episode its buurt,
 * topic, scale level, the moments of its signals, of taking it up, of
 * its promises and their end, of its closing and of the grades after
 * it; the rules of a kwestie's life (domain/kwestie.c) check every state
 * it passes through.  The replay (demo_history_replay.c) then writes the
 * plan's events in the order of their moments through the store, in one write transaction, so
 * that ids follow the clock as they would have (a timeline is read in
 * the order of its ids) and the whole history is there or none of it.
 * The replay only writes what the plan says and keeps nothing from a
 * failed attempt, as db_write asks of a retried transaction.
 *
 * The use cases stamp their rows with the clock, so the history goes
 * through the store functions that take a moment (kwesties, timeline,
 * promises, support, grades) and store_signal_insert_past for the
 * signals.  It writes no audit rows: the audit log records what people
 * did on this installation, and nobody did this. */
#include "demo_history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/timeline.h"
#include "base/log.h"
#include "domain/calendar.h"
#include "geo/areaidx.h"
#include "seed/demo_history_plan.h"
#include "seed/demo_history_texts.h"
#include "store/accounts.h"
#include "store/store.h"

#define HIST_SEED 0x77696a6b32303236ULL /* "wijk2026" */
#define HIST_DAYS 365
#define RESIDENTS_PER_BUURT 64

/* --- the generator ------------------------------------------------------ */

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* [0, 1) */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

/* lo..hi inclusive */
static int64_t rng_int(struct rng *r, int64_t lo, int64_t hi)
{
	return hi <= lo ? lo : lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static bool rng_chance(struct rng *r, int percent)
{
	return rng_int(r, 0, 99) < percent;
}

/* Near 0 more often than near 1 (density 2(1 - x)): recent days, short
 * delays. */
static double rng_low(struct rng *r)
{
	double a = rng_unit(r), b = rng_unit(r);

	return a < b ? a : b;
}

/* About N(0, 1), within -3..3 (three uniforms, no libm). */
static double rng_normal(struct rng *r)
{
	return (rng_unit(r) + rng_unit(r) + rng_unit(r) - 1.5) * 2.0;
}

static size_t rng_pick(struct rng *r, const int *w, size_t n)
{
	int64_t total = 0, x;

	for (size_t i = 0; i < n; i++)
		total += w[i];
	x = rng_int(r, 0, total - 1);
	for (size_t i = 0; i < n; i++)
		if ((x -= w[i]) < 0)
			return i;
	return 0;
}

/* --- moments (seconds since 1970, UTC) ---------------------------------- */

/* Residents write between 06:00 and 21:00 UTC, professionals work from
 * 07:00 to 17:00 UTC on working days (no weekends, no national
 * holidays): within both, the Amsterdam date is the UTC date, so a
 * moment's date needs no time zone. */
static bool workday(int64_t t)
{
	return cal_is_workday(cal_from_day_number(t / DAY), NULL, 0);
}

static int64_t resident_time(struct rng *r, int64_t t)
{
	int64_t sec = t % DAY;

	if (sec < 6 * HOUR)
		return t - sec + 6 * HOUR + rng_int(r, 0, 3 * HOUR);
	if (sec >= 21 * HOUR)
		return t - sec + DAY + 6 * HOUR + rng_int(r, 0, 14 * HOUR);
	return t;
}

static int64_t office_time(struct rng *r, int64_t t)
{
	for (int i = 0; i < 12; i++) {
		int64_t sec = t % DAY;

		if (!workday(t))
			t = t - sec + DAY + 7 * HOUR + rng_int(r, 0, 3 * HOUR);
		else if (sec < 7 * HOUR)
			t = t - sec + 7 * HOUR + rng_int(r, 0, 2 * HOUR);
		else if (sec >= 17 * HOUR)
			t = t - sec + DAY + 7 * HOUR + rng_int(r, 0, 3 * HOUR);
		else
			break;
	}
	return t;
}

/* As store_now writes it: 2026-11-27T18:20:33.000Z */
void hist_moment(int64_t t, char out[32])
{
	char d[11];
	int64_t sec = t % DAY;

	cal_date_format(cal_from_day_number(t / DAY), d);
	snprintf(out, 32, "%sT%02d:%02d:%02d.000Z", d, (int)(sec / HOUR),
		 (int)(sec % HOUR / 60), (int)(sec % 60));
}

static void format_day(int64_t t, char out[11])
{
	cal_date_format(cal_from_day_number(t / DAY), out);
}

/* --- the plan ----------------------------------------------------------- */

/* By outcome (KO_OPGELOST .. KO_GEEN_ACTIE_NODIG, minus one). */
static const int outcome_weights[4] = {55, 20, 12, 13};
static const int single_outcome_weights[4] = {60, 8, 12, 20};
static const int solved_weights[4][SV_N] = {
	{80, 15, 5}, {15, 60, 25}, {5, 30, 65}, {30, 25, 45}};
static const int end_weights[4][PE_ENDS] = {
	{62, 20, 5, 13}, {45, 25, 15, 15}, {25, 15, 40, 20}, {60, 20, 5, 15}};
static const int replacement_weights[PE_ENDS] = {65, 25, 10, 0};
/* The grade people give by what they say of it: ja, deels, nee. */
static const double grade_means[SV_N] = {8.1, 6.5, 4.7};
static const int workday_choices[4] = {5, 10, 15, 20};

static int64_t org_named(const struct hist *h, const char *name)
{
	for (size_t i = 0; name && i < h->norgs; i++)
		if (strcmp(h->orgs[i].name, name) == 0)
			return h->orgs[i].id;
	return 0;
}

const char *hist_org_name(const struct hist *h, int64_t id)
{
	for (size_t i = 0; i < h->norgs; i++)
		if (h->orgs[i].id == id)
			return h->orgs[i].name;
	return TIMELINE_SYSTEM;
}

static const struct area_node *ancestor(const struct area_node *n,
					enum area_level level)
{
	while (n && n->level < level)
		n = n->parent;
	return n && n->level == level ? n : NULL;
}

static bool district_of(const struct area_node *b, size_t *d)
{
	const struct area_node *s = ancestor(b, AREA_STADSDEEL);

	for (size_t i = 0; s && i < hist_ndistricts; i++)
		if (strcmp(hist_districts[i].code, s->code) == 0) {
			*d = i;
			return true;
		}
	return false;
}

static int buurt_cmp(const void *a, const void *b)
{
	return strcmp(((const struct h_buurt *)a)->node->code,
		      ((const struct h_buurt *)b)->node->code);
}

/* The buurten of the districts, in the order of their codes (the same on
 * both backends, whatever their collation), each with a weight: some
 * buurten report a lot, many a little, about a third nothing at all. */
static int load_buurten(struct hist *h)
{
	static const int weights[4] = {0, 1, 3, 8}, shares[4] = {35, 35, 20, 10};
	struct area_row *rows;
	size_t n;

	if (store_area_list(h->db, h->ar, h->app->municipality, "buurt", &rows,
			    &n) != ERR_OK)
		return -1;
	h->buurten = arena_alloc(h->ar, (n ? n : 1) * sizeof(*h->buurten));
	h->nbuurten = 0;
	for (size_t i = 0; i < n; i++) {
		const struct area_node *b = areaidx_find(h->app->areas, rows[i].code);
		struct h_buurt *hb = &h->buurten[h->nbuurten];

		if (!b || b->level != AREA_BUURT || !district_of(b, &hb->district))
			continue;
		hb->node = b;
		h->nbuurten++;
	}
	qsort(h->buurten, h->nbuurten, sizeof(*h->buurten), buurt_cmp);
	for (size_t i = 0; i < h->nbuurten; i++)
		h->buurten[i].weight = weights[rng_pick(&h->rng, shares, 4)];
	return h->nbuurten ? 0 : -1;
}

static int load_orgs(struct hist *h)
{
	if (store_org_list(h->db, h->ar, h->app->municipality, &h->orgs,
			   &h->norgs) != ERR_OK)
		return -1;
	if (!(h->city_org = org_named(h, HIST_CITY_ORG)))
		return -1;
	for (size_t d = 0; d < hist_ndistricts && d < 8; d++) {
		for (int f = 0; f < HF_FAMILIES; f++) {
			int64_t id = org_named(h, hist_districts[d].org[f]);

			h->district_org[d][f] = id ? id : h->city_org;
		}
		h->district_partner[d] = org_named(h, hist_districts[d].partner);
	}
	return 0;
}

/* A buurt by weight: one of district d, or, when a is given, one under
 * area a (d is not read then). */
static size_t pick_buurt(struct hist *h, size_t d, const struct area_node *a)
{
	int64_t total = 0, x;
	size_t first = h->nbuurten;

	for (size_t i = 0; i < h->nbuurten; i++) {
		const struct h_buurt *b = &h->buurten[i];

		if (a ? ancestor(b->node, a->level) != a : b->district != d)
			continue;
		if (first == h->nbuurten)
			first = i;
		total += b->weight;
	}
	if (total == 0)
		return first < h->nbuurten ? first : 0;
	x = rng_int(&h->rng, 0, total - 1);
	for (size_t i = 0; i < h->nbuurten; i++) {
		const struct h_buurt *b = &h->buurten[i];

		if (a ? ancestor(b->node, a->level) != a : b->district != d)
			continue;
		if ((x -= b->weight) < 0)
			return i;
	}
	return first;
}

static int resident_of(struct hist *h, size_t buurt)
{
	return (int)buurt * RESIDENTS_PER_BUURT +
	       (int)rng_int(&h->rng, 0, RESIDENTS_PER_BUURT - 1);
}

static size_t pick_district(struct hist *h)
{
	int w[16] = {0};

	for (size_t i = 0; i < hist_ndistricts && i < 16; i++)
		w[i] = hist_districts[i].weight;
	return rng_pick(&h->rng, w, hist_ndistricts < 16 ? hist_ndistricts : 16);
}

static const struct hist_topic *pick_topic(struct hist *h, bool with_category)
{
	int w[32] = {0};
	size_t n = hist_ntopics < 32 ? hist_ntopics : 32;

	for (size_t i = 0; i < n; i++)
		w[i] = with_category && !hist_topics[i].category
			       ? 0
			       : hist_topics[i].weight;
	return &hist_topics[rng_pick(&h->rng, w, n)];
}

/* The first moment of an episode: a day of the last year, recent ones
 * more often (more residents find the agenda as the months pass: about
 * three times as many in the last month as in the first). */
static int64_t first_moment(struct hist *h, int min_days)
{
	double x = rng_chance(&h->rng, 50) ? rng_unit(&h->rng) : rng_low(&h->rng);
	int64_t back = min_days + (int64_t)((HIST_DAYS - 1 - min_days) * x);
	int64_t day = h->limit - back * DAY;

	return resident_time(&h->rng, day + rng_int(&h->rng, 0, DAY - 1));
}

static void event_add(struct hist *h, int64_t at, size_t owner,
		      enum ev_kind kind, int arg)
{
	struct h_event *e;

	if (at >= h->limit)
		return; /* it has not happened yet */
	if (h->nev == h->evcap) {
		size_t cap = h->evcap ? h->evcap * 2 : 4096;
		struct h_event *v = arena_alloc(h->ar, cap * sizeof(*v));

		if (h->nev)
			memcpy(v, h->ev, h->nev * sizeof(*v));
		h->ev = v;
		h->evcap = cap;
	}
	e = &h->ev[h->nev++];
	e->at = at;
	e->owner = (uint32_t)owner;
	e->kind = (uint8_t)kind;
	e->arg = (uint8_t)arg;
}

/* --- planning one kwestie ----------------------------------------------- */

static const struct area_node *episode_area(const struct area_node *b,
					    int level)
{
	const struct area_node *a = b;

	if (level == KW_GEMEENTE) {
		while (a->parent)
			a = a->parent;
		return a->level == AREA_GEMEENTE ? a : b;
	}
	a = ancestor(b, (enum area_level)level);
	return a ? a : b;
}

/* A buurt of the episode's area, for its second and later signals and
 * its supporters: its own buurt, one inside its area, or (above the
 * stadsdeel) one of its stadsdeel. */
static size_t buurt_near(struct hist *h, const struct h_episode *e, size_t b0)
{
	if (e->level == KW_BUURT)
		return b0;
	if (e->area->level <= AREA_STADSDEEL)
		return pick_buurt(h, 0, e->area);
	return pick_buurt(h, h->buurten[b0].district, NULL);
}

static void plan_signals(struct hist *h, struct h_episode *e, size_t b0)
{
	int n = (int)rng_int(&h->rng, 1, e->topic->signals_max);

	if (e->level >= KW_WIJK && n < 2)
		n = 2;
	e->nsig = n > MAX_SIG ? MAX_SIG : n;
	for (int j = 0; j < e->nsig; j++) {
		struct h_signal *s = &e->sig[j];

		s->buurt = j == 0 ? b0 : buurt_near(h, e, b0);
		s->resident = resident_of(h, s->buurt);
		s->text = (int)rng_int(&h->rng, 0, 2);
		s->at = j == 0 ? e->sig[0].at
			       : resident_time(&h->rng, e->sig[0].at +
								rng_int(&h->rng, HOUR, 12 * DAY));
	}
}

static bool apply(struct hist *h, const struct kw_state *cur,
		  const struct kw_change *ch, int64_t at, struct kw_state *next)
{
	struct field_errors errs = {0};
	char day[11];

	format_day(at, day);
	if (kwestie_apply(h->ar, cur, ch, day, next, &errs))
		return true;
	snprintf(h->errmsg, sizeof(h->errmsg), "kwestie rule: %s: %s",
		 errs.n ? errs.e[0].field : "?", errs.n ? errs.e[0].msgid : "?");
	return false;
}

static bool plan_states(struct hist *h, struct h_episode *e)
{
	struct kw_state blank = kw_state_new(e->area->level);
	struct kw_change ch;

	blank.nregisseurs = 1;
	memset(&ch, 0, sizeof(ch));
	ch.title = e->title;
	ch.description = e->topic->description;
	ch.level = kw_levels[e->level].value;
	ch.level_reason = hist_level_reasons[e->level];
	ch.status = kw_statuses[KS_OPGEPAKT].value;
	if (!apply(h, &blank, &ch, e->created, &e->st_new))
		return false;
	e->st_new.id = 1; /* no longer new for the rules */
	memset(&ch, 0, sizeof(ch));
	ch.status = kw_statuses[KS_IN_UITVOERING].value;
	if (!apply(h, &e->st_new, &ch, e->created, &e->st_busy))
		return false;
	if (e->outcome == KO_NONE)
		return true;
	memset(&ch, 0, sizeof(ch));
	ch.status = kw_statuses[KS_AFGEROND].value;
	ch.outcome = kw_outcomes[e->outcome].value;
	return apply(h, e->busy ? &e->st_busy : &e->st_new, &ch, e->created,
		     &e->st_closed);
}

static void plan_chain(struct hist *h, struct h_episode *e, size_t d)
{
	int fam = e->topic->family;

	e->regisseur = e->level >= KW_STADSDEEL && fam == HF_OPENBARE_RUIMTE
			       ? h->city_org
			       : h->district_org[d][fam];
	e->regisseur_name = hist_org_name(h, e->regisseur);
	e->partner = h->district_partner[d];
	e->partner_role = fam == HF_OPENBARE_RUIMTE ? "betrokken" : "uitvoerder";
	if (e->partner == e->regisseur ||
	    !rng_chance(&h->rng, fam == HF_OPENBARE_RUIMTE ? 40 : 75))
		e->partner = 0;
}

/* A working day on or before due, after made (due itself at worst). */
static int64_t on_time_day(struct hist *h, int64_t made_day, int64_t due_day)
{
	int64_t d = due_day - rng_int(&h->rng, 0, due_day - made_day - 1);

	while (d > made_day && !workday(d * DAY))
		d--;
	return d > made_day ? d : due_day;
}

static int64_t due_day_of(const char *made_on, int workdays, char due[11])
{
	struct cal_date from, to;

	if (!cal_date_parse(made_on, &from) ||
	    !cal_add_workdays(from, workdays, NULL, 0, &to))
		return 0;
	cal_date_format(to, due);
	return cal_day_number(to);
}

/* Promise p of e: made at made; how it ends (and its replacement).
 * Returns the moment of its last end, 0 when none. */
static int64_t plan_promise(struct hist *h, struct h_episode *e, int p,
			    int64_t made, const int *weights)
{
	struct h_promise *pr = &e->prom[p];
	int64_t due_day, end_day;

	pr->made = made;
	format_day(made, pr->made_on);
	pr->workdays = workday_choices[rng_int(&h->rng, 0, 3)];
	if (!(due_day = due_day_of(pr->made_on, pr->workdays, pr->due)))
		return 0;
	pr->end = (int)rng_pick(&h->rng, weights, PE_ENDS);
	if (pr->end == PE_CHANGED && e->nprom >= MAX_PROM)
		pr->end = PE_LATE;
	switch (pr->end) {
	case PE_ON_TIME:
		end_day = on_time_day(h, made / DAY, due_day);
		break;
	case PE_LATE:
		end_day = due_day + rng_int(&h->rng, 1, 25);
		break;
	case PE_BROKEN:
		end_day = due_day + rng_int(&h->rng, 0, 7);
		pr->why = hist_broken[rng_int(&h->rng, 0, HIST_VARIANTS - 1)];
		break;
	default:
		end_day = on_time_day(h, made / DAY, due_day);
		pr->why = hist_changed[rng_int(&h->rng, 0, HIST_VARIANTS - 1)];
		break;
	}
	pr->ended = office_time(&h->rng, end_day * DAY + 7 * HOUR +
						 rng_int(&h->rng, 0, 9 * HOUR));
	if (pr->end == PE_ON_TIME && pr->ended / DAY > due_day)
		pr->end = PE_LATE; /* the weekend pushed it past its day */
	format_day(pr->ended, pr->done_on);
	if (pr->end != PE_CHANGED)
		return pr->ended;
	/* the new date is a new open promise that replaces this one */
	{
		int q = e->nprom++;
		struct h_promise *nq = &e->prom[q];

		memset(nq, 0, sizeof(*nq));
		nq->org = pr->org;
		nq->what = pr->what;
		nq->replaces = p;
		return plan_promise(h, e, q, pr->ended, replacement_weights);
	}
}

static int64_t plan_promises(struct hist *h, struct h_episode *e)
{
	static const int counts[3] = {25, 50, 25};
	int n = e->outcome == KO_GEEN_ACTIE_NODIG
			? 0
			: (int)rng_pick(&h->rng, counts, 3);
	const int *w = end_weights[e->outcome == KO_NONE ? 0 : e->outcome - 1];
	int64_t last = 0;

	e->nprom = 0;
	for (int i = 0; i < n && e->nprom < MAX_PROM; i++) {
		int p = e->nprom++;
		struct h_promise *pr = &e->prom[p];
		int64_t made = office_time(&h->rng, e->created + rng_int(&h->rng, HOUR,
									 3 * DAY));
		int64_t end;

		memset(pr, 0, sizeof(*pr));
		pr->org = i == 1 && e->partner ? e->partner : e->regisseur;
		pr->what = i;
		pr->replaces = -1;
		if ((end = plan_promise(h, e, p, made, w)) > last)
			last = end;
	}
	return last;
}

static void plan_grade(struct hist *h, struct h_grade *g, int outcome,
		       int64_t closed, double shift)
{
	double x;

	g->solved = (int)rng_pick(&h->rng, solved_weights[outcome - 1], SV_N);
	x = grade_means[g->solved] + shift + 1.2 * rng_normal(&h->rng);
	g->grade = x < 1.5 ? 1 : x >= 9.5 ? 10
					  : (int)(x + 0.5);
	g->comment = rng_chance(&h->rng, 35)
			     ? hist_comments[g->solved][rng_int(&h->rng, 0,
								HIST_VARIANTS - 1)]
			     : NULL;
	g->at = resident_time(&h->rng, closed + HOUR +
					       (int64_t)(12 * DAY * rng_low(&h->rng)));
}

/* What the promises did to the judgement: broken ones cost, kept ones on
 * time help a little. */
static double promise_shift(const struct h_episode *e)
{
	double s = 0;

	for (int p = 0; p < e->nprom; p++)
		s += e->prom[p].end == PE_BROKEN    ? -0.8
		     : e->prom[p].end == PE_LATE    ? -0.3
		     : e->prom[p].end == PE_ON_TIME ? 0.2
						    : 0;
	return s;
}

static void plan_grades(struct hist *h, struct h_episode *e)
{
	int seen[MAX_GRADERS], nseen = 0;
	double shift = promise_shift(e);

	e->ngrades = 0;
	for (int i = 0; i < e->nsig + e->nsup; i++) {
		bool reporter = i < e->nsig, dup = false;
		int who = reporter ? e->sig[i].resident : e->sup[i - e->nsig];

		for (int k = 0; k < nseen; k++)
			dup |= seen[k] == who;
		if (dup || !rng_chance(&h->rng, reporter ? 55 : 30))
			continue;
		seen[nseen++] = who;
		e->grades[e->ngrades].resident = who;
		plan_grade(h, &e->grades[e->ngrades++], e->outcome, e->closed, shift);
	}
}

static void plan_supporters(struct hist *h, struct h_episode *e, int64_t until)
{
	int n = (int)(e->topic->supporters_max * rng_low(&h->rng) * 1.5);

	e->nsup = n > MAX_SUP ? MAX_SUP : n;
	for (int k = 0; k < e->nsup; k++) {
		e->sup[k] = resident_of(h, buurt_near(h, e, e->sig[0].buurt));
		e->sup_at[k] = e->created + 600 +
			       (int64_t)((double)(until - e->created - 1200) *
					 rng_unit(&h->rng));
	}
}

/* The signals reported after the kwestie was made are linked a little
 * later; those after its closing (or not yet) are left out. */
static void plan_links(struct hist *h, struct h_episode *e, int64_t until)
{
	int kept = 0;

	for (int j = 0; j < e->nsig; j++) {
		struct h_signal s = e->sig[j];

		s.linked = 0;
		if (s.at > e->created)
			s.linked = office_time(&h->rng, s.at + rng_int(&h->rng, HOUR,
								       2 * DAY));
		if (s.linked >= until)
			continue;
		e->sig[kept++] = s;
	}
	e->nsig = kept;
}

static void plan_times(struct hist *h, struct h_episode *e)
{
	const struct hist_topic *t = e->topic;
	int64_t last, days;

	e->created = office_time(&h->rng, e->sig[0].at + HOUR +
						  (int64_t)(5 * DAY * rng_low(&h->rng)));
	e->outcome = 1 + (int)rng_pick(&h->rng, outcome_weights, 4);
	days = e->outcome == KO_GEEN_ACTIE_NODIG ? rng_int(&h->rng, 1, 7)
						 : rng_int(&h->rng, t->days_min, t->days_max);
	e->closed = office_time(&h->rng, e->created + days * DAY);
	e->busy = e->outcome == KO_GEEN_ACTIE_NODIG
			  ? 0
			  : office_time(&h->rng, e->created +
							 rng_int(&h->rng, DAY,
								 (days < 20 ? days : 20) * DAY / 2 + DAY));
	if (e->busy >= e->closed)
		e->busy = 0;
	last = plan_promises(h, e);
	if (last && e->closed <= last)
		e->closed = office_time(&h->rng, last + rng_int(&h->rng, 4 * HOUR,
								4 * DAY));
	if (e->closed >= h->limit) { /* still open today */
		e->closed = 0;
		if (e->outcome == KO_GEEN_ACTIE_NODIG)
			e->busy = 0;
		e->outcome = KO_NONE;
	}
}

/* The demo of today (kwestie_demo.c) is in West, and so are the tests
 * that read its agendas: the history's kwesties still open today are
 * elsewhere, and none of them at the level of the whole city, so that
 * West's agendas and what plays above them are the demo's own. */
static bool may_stay_open(const struct h_episode *e, size_t d)
{
	return strcmp(hist_districts[d].code, "E") != 0 && e->level != KW_GEMEENTE;
}

/* Its moments: an episode that may not stay open is drawn again, further
 * back, until it closed before today. */
static void plan_when(struct hist *h, struct h_episode *e, size_t d, size_t b0)
{
	for (int attempt = 0; attempt < 6; attempt++) {
		e->sig[0].at = first_moment(h, 8 + 40 * attempt);
		plan_signals(h, e, b0);
		plan_chain(h, e, d);
		plan_times(h, e);
		if (e->closed || may_stay_open(e, d))
			return;
	}
}

static int plan_episode(struct hist *h, size_t i)
{
	struct h_episode *e = &h->ep[i];
	size_t d = pick_district(h), b0 = pick_buurt(h, d, NULL);
	const struct hist_topic *t = pick_topic(h, false);
	int64_t until;

	memset(e, 0, sizeof(*e));
	e->topic = t;
	e->level = (int)rng_pick(&h->rng, t->levels, HIST_LEVELS);
	e->area = episode_area(h->buurten[b0].node, e->level);
	if (e->area->level != (enum area_level)e->level) /* no such area */
		e->level = e->area->level == AREA_GEMEENTE ? KW_GEMEENTE : (int)e->area->level;
	e->title = arena_printf(h->ar, "%s %s", t->title, e->area->name);
	plan_when(h, e, d, b0);
	until = e->closed ? e->closed : h->limit;
	plan_links(h, e, until);
	plan_supporters(h, e, until);
	if (e->busy && e->busy_note == NULL && rng_chance(&h->rng, 50))
		e->busy_note = hist_busy[rng_int(&h->rng, 0, HIST_VARIANTS - 1)];
	if (e->outcome != KO_NONE) {
		e->closing_note = e->outcome == KO_OPGELOST && rng_chance(&h->rng, 60)
					  ? t->solved
					  : hist_closing[e->outcome - 1][rng_int(
						    &h->rng, 0, HIST_VARIANTS - 1)];
		plan_grades(h, e);
	}
	return plan_states(h, e) ? 0 : -1;
}

static void episode_events(struct hist *h, size_t i)
{
	const struct h_episode *e = &h->ep[i];

	for (int j = 0; j < e->nsig; j++) {
		event_add(h, e->sig[j].at, i, EV_SIGNAL, j);
		if (e->sig[j].linked)
			event_add(h, e->sig[j].linked, i, EV_LINK, j);
	}
	event_add(h, e->created, i, EV_CREATE, 0);
	for (int k = 0; k < e->nsup; k++)
		event_add(h, e->sup_at[k], i, EV_SUPPORT, k);
	if (e->busy)
		event_add(h, e->busy, i, EV_BUSY, 0);
	for (int p = 0; p < e->nprom; p++) {
		if (e->prom[p].replaces < 0)
			event_add(h, e->prom[p].made, i, EV_PROMISE, p);
		event_add(h, e->prom[p].ended, i, EV_PROMISE_END, p);
	}
	if (e->closed)
		event_add(h, e->closed, i, EV_CLOSE, 0);
	for (int g = 0; g < e->ngrades; g++)
		event_add(h, e->grades[g].at, i, EV_GRADE, g);
}

/* --- planning a signal closed without a kwestie --------------------------- */

static void plan_single(struct hist *h, size_t i)
{
	struct h_single *s = &h->single[i];
	size_t d = pick_district(h);
	int64_t closed;

	memset(s, 0, sizeof(*s));
	s->topic = pick_topic(h, true);
	s->sig.buurt = pick_buurt(h, d, NULL);
	s->sig.resident = resident_of(h, s->sig.buurt);
	s->sig.text = (int)rng_int(&h->rng, 0, 2);
	s->sig.at = first_moment(h, 20);
	s->outcome = 1 + (int)rng_pick(&h->rng, single_outcome_weights, 4);
	s->org = h->district_org[h->buurten[s->sig.buurt].district][HF_OPENBARE_RUIMTE];
	s->org_name = hist_org_name(h, s->org);
	s->reason = hist_reasons[s->outcome - 1][rng_int(&h->rng, 0, HIST_VARIANTS - 1)];
	closed = office_time(&h->rng, s->sig.at + 4 * HOUR +
					      (int64_t)(12 * DAY * rng_low(&h->rng)));
	s->closed = closed;
	s->graded = rng_chance(&h->rng, 45);
	s->grade.resident = s->sig.resident;
	plan_grade(h, &s->grade, s->outcome, closed, 0);
	event_add(h, s->sig.at, HIST_EPISODES + i, EV_SIGNAL, 0);
	event_add(h, s->closed, HIST_EPISODES + i, EV_SINGLE_CLOSE, 0);
	if (s->graded)
		event_add(h, s->grade.at, HIST_EPISODES + i, EV_SINGLE_GRADE, 0);
}

static int event_cmp(const void *a, const void *b)
{
	const struct h_event *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->owner != y->owner)
		return x->owner < y->owner ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return (x->arg > y->arg) - (x->arg < y->arg);
}

/* 0, or 1 when this installation has no demo organisations or none of
 * the stadsdelen (other areas were imported): no history then. */
int hist_plan(struct hist *h)
{
	h->rng.s = HIST_SEED;
	h->limit = (int64_t)time(NULL) / DAY * DAY;
	if (load_orgs(h) != 0 || load_buurten(h) != 0)
		return 1;
	h->ep = arena_alloc(h->ar, HIST_EPISODES * sizeof(*h->ep));
	h->single = arena_alloc(h->ar, HIST_SINGLES * sizeof(*h->single));
	for (size_t i = 0; i < HIST_EPISODES; i++) {
		if (plan_episode(h, i) != 0)
			return -1;
		episode_events(h, i);
	}
	for (size_t i = 0; i < HIST_SINGLES; i++)
		plan_single(h, i);
	qsort(h->ev, h->nev, sizeof(*h->ev), event_cmp);
	return 0;
}

int demo_history_seed(struct db *db, struct app *app, char *err, size_t errlen)
{
	struct timespec t0;
	struct arena ar;
	struct hist h;
	int rc = 0;
	enum err e;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	arena_init(&ar);
	memset(&h, 0, sizeof(h));
	h.db = db;
	h.app = app;
	h.ar = &ar;
	if ((rc = hist_plan(&h)) != 0) {
		if (rc < 0)
			snprintf(err, errlen, "demo history: %s", h.errmsg);
		else
			log_event("info", "demo_history", "skipped",
				  "no demo organisations or stadsdelen");
		rc = rc < 0 ? -1 : 0;
	} else if ((e = db_write(db, hist_replay, &h)) != ERR_OK) {
		snprintf(err, errlen, "demo history: %s", h.errmsg[0] ? h.errmsg : err_name(e));
		rc = -1;
	} else {
		struct timespec t1;

		clock_gettime(CLOCK_MONOTONIC, &t1);
		log_event("info", "demo_history", "events",
			  arena_printf(&ar, "%zu", h.nev), "ms",
			  arena_printf(&ar, "%.0f",
				       (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
					       (double)(t1.tv_nsec - t0.tv_nsec) / 1e6));
	}
	arena_clear(&ar);
	return rc;
}
