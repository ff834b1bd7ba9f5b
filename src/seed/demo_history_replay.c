/* demo_history_replay: the second half of the demo history (see
 * demo_history.h and demo_history_plan.h): the plan's events written
 * through the store, in the order of their moments, in the one write
 * transaction of demo_history_seed.  Each event writes what the use case
 * of that step would have (app/kwestie.c, app/promise.c), with the
 * plan's moment instead of the clock's, and the timeline entry residents
 * read; the audit rows are left out (nobody did this here). */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/resident.h"
#include "app/timeline.h"
#include "base/token.h"
#include "domain/kwestie.h"
#include "seed/demo_history_plan.h"
#include "store/grade.h"
#include "store/history.h"
#include "store/kwestie.h"
#include "store/promise.h"
#include "store/store.h"
#include "store/timeline.h"

static const char *const solved_values[SV_N] = {"ja", "deels", "nee"};

/* The demo resident's key: what intake, support and grades keep of an
 * address (app/resident.h), so a resident who reported, supported and
 * graded counts once in the reach. */
static void demo_resident_key(int resident, char key[33])
{
	char email[64];

	snprintf(email, sizeof(email), "bewoner-h%d@demo.wijkagenda.nl", resident);
	resident_key(key, email, NULL);
}

static const char *main_category(struct arena *ar, const char *code)
{
	const char *slash = code ? strchr(code, '/') : NULL;

	if (!code)
		return NULL;
	return slash ? arena_printf(ar, "%.*s", (int)(slash - code), code) : code;
}

static const char *episode_topic(struct hist *h, const struct h_episode *e)
{
	if (e->topic->theme)
		return e->topic->theme;
	return e->topic->category ? main_category(h->ar, e->topic->category)
				  : "overig";
}

static enum err put_signal(struct hist *h, struct h_signal *s,
			   const struct hist_topic *t, int64_t at, size_t n)
{
	const struct area_node *b = h->buurten[s->buurt].node;
	struct signal_past p;
	struct timeline_new tl;
	char when[32], key[33], token[TOKEN_LEN + 1];
	enum err e;

	memset(&p, 0, sizeof(p));
	hist_moment(at, when);
	demo_resident_key(s->resident, key);
	token_new(token);
	p.municipality = h->app->municipality;
	p.token = token;
	p.kind = t->category ? "melding" : "vraag";
	p.body = t->reports[s->text];
	p.category = t->category;
	for (const struct area_node *a = b; a; a = a->parent)
		if (a->level < AREA_GEMEENTE)
			p.codes[a->level] = a->code;
	p.created_at = when;
	p.dedupe_key = arena_printf(h->ar, "demo-history-%zu", n);
	p.resident_key = key;
	p.demo = true;
	if ((e = store_signal_insert_past(h->db, &p, &s->id)) != ERR_OK)
		return e;
	memset(&tl, 0, sizeof(tl));
	tl.signal_id = s->id;
	tl.at = when;
	tl.actor = TIMELINE_SYSTEM;
	tl.kind = "received";
	if ((e = store_timeline_add(h->db, &tl)) != ERR_OK)
		return e;
	return store_signal_link_orgs(h->db, s->id);
}

static enum err put_create(struct hist *h, struct h_episode *e, const char *when)
{
	const struct kw_state *st = &e->st_new;
	struct kwestie_new k;
	struct kw_link chain[2] = {{e->regisseur, KR_REGISSEUR},
				   {e->partner, kw_role_parse(e->partner_role)}};
	enum err r;

	memset(&k, 0, sizeof(k));
	k.municipality = h->app->municipality;
	k.title = st->title;
	k.description = st->description;
	k.area_code = e->area->code;
	k.area_level = area_level_name(e->area->level);
	for (const struct area_node *a = e->area; a; a = a->parent)
		if (a->level < AREA_GEMEENTE)
			k.chain_codes[a->level] = a->code;
	k.theme = e->topic->theme;
	k.category_code = e->topic->category;
	k.topic = episode_topic(h, e);
	k.level = st->level;
	k.level_reason = st->level_reason;
	k.status = st->status;
	k.demo = true;
	if ((r = store_kwestie_insert(h->db, &k, when, &e->id)) != ERR_OK ||
	    (r = store_kwestie_chain_add(h->db, e->id, chain, e->partner ? 2 : 1)) !=
		    ERR_OK)
		return r;
	e->version = 1;
	for (int j = 0; j < e->nsig && r == ERR_OK; j++) {
		bool added;

		if (!e->sig[j].linked)
			r = store_kwestie_link_signal(h->db, e->id, e->sig[j].id, when,
						      &added);
	}
	return r == ERR_OK ? store_kwestie_event(h->db, e->id, when,
						 e->regisseur_name, "created", NULL,
						 kw_statuses[st->status].value,
						 st->level_reason)
			   : r;
}

static enum err put_link(struct hist *h, struct h_episode *e, int j,
			 const char *when)
{
	bool added;
	enum err r = store_kwestie_link_signal(h->db, e->id, e->sig[j].id, when,
					       &added);

	if (r == ERR_OK && (r = store_kwestie_touch(h->db, e->id, e->version, when)) ==
				   ERR_OK)
		e->version++;
	return r == ERR_OK ? store_kwestie_event(h->db, e->id, when,
						 e->regisseur_name, "signal", NULL,
						 arena_printf(h->ar, "#%lld",
							      (long long)e->sig[j].id),
						 NULL)
			   : r;
}

static enum err put_note(struct hist *h, const struct h_episode *e,
			 const char *when, const char *message)
{
	struct timeline_new tl;

	if (!message)
		return ERR_OK;
	memset(&tl, 0, sizeof(tl));
	tl.kwestie_id = e->id;
	tl.at = when;
	tl.actor = e->regisseur_name;
	tl.kind = "note";
	tl.message = message;
	return store_timeline_add(h->db, &tl);
}

/* From one state to the next, with its timeline entry and message. */
static enum err put_state(struct hist *h, struct h_episode *e,
			  const struct kw_state *from, const struct kw_state *to,
			  const char *when, const char *message)
{
	const char *value = kw_statuses[to->status].value;
	enum err r = store_kwestie_update(h->db, e->id, to, e->version, when);

	if (r != ERR_OK)
		return r;
	e->version++;
	if (to->status == KS_AFGEROND)
		value = arena_printf(h->ar, "%s: %s", value, kw_outcomes[to->outcome].value);
	r = store_kwestie_event(h->db, e->id, when, e->regisseur_name, "status",
				kw_statuses[from->status].value, value, NULL);
	if (r == ERR_OK)
		r = put_note(h, e, when, message);
	/* the signals close with it, at its moment */
	if (r == ERR_OK && to->status == KS_AFGEROND)
		r = store_kwestie_settle(h->db, e->id, when);
	return r;
}

static enum err put_support(struct hist *h, struct h_episode *e, int k,
			    const char *when)
{
	char key[33];
	bool added;

	demo_resident_key(e->sup[k], key);
	return store_kwestie_support(h->db, e->id, key, when, &added);
}

static enum err put_promise(struct hist *h, struct h_episode *e, int p,
			    const char *when)
{
	struct h_promise *pr = &e->prom[p];
	struct promise_new pn;
	struct timeline_new tl;
	enum err r;

	memset(&pn, 0, sizeof(pn));
	pn.municipality = h->app->municipality;
	pn.kwestie_id = e->id;
	pn.organisation_id = pr->org;
	pn.replaces = pr->replaces >= 0 ? e->prom[pr->replaces].id : 0;
	pn.what = e->topic->promises[pr->what];
	pn.made_on = pr->made_on;
	pn.due = pr->due;
	pn.workdays = pr->workdays;
	pn.category_code = e->topic->category;
	pn.now = when;
	if ((r = store_promise_insert(h->db, &pn, &pr->id)) != ERR_OK ||
	    pr->replaces >= 0)
		return r; /* a replacement's entry is its predecessor's */
	memset(&tl, 0, sizeof(tl));
	tl.kwestie_id = e->id;
	tl.promise_id = pr->id;
	tl.at = when;
	tl.actor = hist_org_name(h, pr->org);
	tl.kind = "promise";
	tl.to_value = pr->due;
	tl.subject = pn.what;
	return store_timeline_add(h->db, &tl);
}

static enum err put_promise_end(struct hist *h, struct h_episode *e, int p,
				const char *when)
{
	struct h_promise *pr = &e->prom[p];
	static const char *const status[PE_ENDS] = {"gehaald", "gehaald",
						    "niet_gehaald", "gewijzigd"};
	static const char *const kind[PE_ENDS] = {"promise_kept", "promise_kept",
						  "promise_broken", "promise_changed"};
	bool kept = pr->end == PE_ON_TIME || pr->end == PE_LATE;
	struct h_promise *next = NULL;
	struct timeline_new tl;
	enum err r;

	r = store_promise_close(h->db, pr->id, 1, status[pr->end],
				kept ? pr->done_on : NULL, kept ? NULL : pr->why, when);
	for (int q = 0; q < e->nprom && r == ERR_OK; q++)
		if (e->prom[q].replaces == p) {
			next = &e->prom[q];
			r = put_promise(h, e, q, when);
		}
	if (r != ERR_OK)
		return r;
	memset(&tl, 0, sizeof(tl));
	tl.kwestie_id = e->id;
	tl.promise_id = pr->id;
	tl.at = when;
	tl.actor = hist_org_name(h, pr->org);
	tl.kind = kind[pr->end];
	tl.from_value = next ? pr->due : NULL;
	tl.to_value = next ? next->due : kept ? pr->done_on : NULL;
	tl.subject = e->topic->promises[pr->what];
	tl.reason = kept ? NULL : pr->why;
	return store_timeline_add(h->db, &tl);
}

static enum err put_grade(struct hist *h, const struct h_grade *g,
			  int64_t kwestie, int64_t signal, const char *const codes[4],
			  const char *topic, int64_t org, const char *when)
{
	struct grade_row row;
	char key[33];
	int64_t id;
	bool replaced;

	demo_resident_key(g->resident, key);
	memset(&row, 0, sizeof(row));
	row.municipality = h->app->municipality;
	row.kwestie_id = kwestie;
	row.signal_id = signal;
	row.person_key = key;
	row.grade = g->grade;
	row.solved = solved_values[g->solved];
	row.comment = g->comment;
	row.buurt_code = codes[0];
	row.wijk_code = codes[1];
	row.gebied_code = codes[2];
	row.stadsdeel_code = codes[3];
	row.topic = topic;
	row.organisation_id = org;
	row.created_at = when;
	row.updated_at = when;
	row.demo = true;
	return store_grade_put(h->db, &row, &id, &replaced);
}

static void codes_of(const struct area_node *a, const char *codes[4])
{
	memset(codes, 0, 4 * sizeof(*codes));
	for (; a; a = a->parent)
		if (a->level < AREA_GEMEENTE)
			codes[a->level] = a->code;
}

static enum err replay_episode(struct hist *h, const struct h_event *ev,
			       const char *when)
{
	struct h_episode *e = &h->ep[ev->owner];
	const char *codes[4];

	switch ((enum ev_kind)ev->kind) {
	case EV_SIGNAL:
		return put_signal(h, &e->sig[ev->arg], e->topic, ev->at,
				  ev->owner * MAX_SIG + ev->arg);
	case EV_CREATE:
		return put_create(h, e, when);
	case EV_LINK:
		return put_link(h, e, ev->arg, when);
	case EV_SUPPORT:
		return put_support(h, e, ev->arg, when);
	case EV_BUSY:
		return put_state(h, e, &e->st_new, &e->st_busy, when, e->busy_note);
	case EV_PROMISE:
		return put_promise(h, e, ev->arg, when);
	case EV_PROMISE_END:
		return put_promise_end(h, e, ev->arg, when);
	case EV_CLOSE:
		return put_state(h, e, e->busy ? &e->st_busy : &e->st_new,
				 &e->st_closed, when, e->closing_note);
	case EV_GRADE:
		codes_of(e->area, codes);
		return put_grade(h, &e->grades[ev->arg], e->id, 0, codes,
				 episode_topic(h, e), e->regisseur, when);
	default:
		return ERR_INTERNAL;
	}
}

static enum err replay_single(struct hist *h, const struct h_event *ev,
			      const char *when)
{
	struct h_single *s = &h->single[ev->owner - HIST_EPISODES];
	const char *codes[4];
	enum err r;

	switch ((enum ev_kind)ev->kind) {
	case EV_SIGNAL:
		return put_signal(h, &s->sig, s->topic, ev->at,
				  HIST_EPISODES * MAX_SIG + ev->owner);
	case EV_SINGLE_CLOSE:
		r = store_signal_close(h->db, s->sig.id, kw_outcomes[s->outcome].value,
				       when);
		if (r == ERR_OK)
			r = store_timeline_add(h->db, &(struct timeline_new){
				.signal_id = s->sig.id, .at = when, .kind = "closed",
				.actor = s->org_name,
				.to_value = kw_outcomes[s->outcome].value,
				.reason = s->reason});
		return r;
	case EV_SINGLE_GRADE:
		codes_of(h->buurten[s->sig.buurt].node, codes);
		return put_grade(h, &s->grade, 0, s->sig.id, codes,
				 main_category(h->ar, s->topic->category), s->org, when);
	default:
		return ERR_INTERNAL;
	}
}

enum err hist_replay(struct db *db, void *p)
{
	struct hist *h = p;
	enum err r = ERR_OK;
	char when[32];

	h->db = db;
	for (size_t i = 0; i < h->nev && r == ERR_OK; i++) {
		const struct h_event *ev = &h->ev[i];

		hist_moment(ev->at, when);
		r = ev->owner < HIST_EPISODES ? replay_episode(h, ev, when)
					      : replay_single(h, ev, when);
		if (r != ERR_OK)
			snprintf(h->errmsg, sizeof(h->errmsg),
				 "event %zu (kind %d of %u): %s", i, ev->kind,
				 (unsigned)ev->owner, err_name(r));
	}
	/* Settling is what costs (a millisecond a time on PostgreSQL), and
	 * only its last run counts: once at the closing, where the signals
	 * take its moment, and once at the end for the kwesties still open
	 * (their residents, their signals' status, the roll-up). */
	for (size_t i = 0; i < HIST_EPISODES && r == ERR_OK; i++)
		if (h->ep[i].id && !h->ep[i].closed)
			r = store_kwestie_settle(db, h->ep[i].id, when);
	return r;
}

