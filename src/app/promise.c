/* promise: see promise.h. */
#include "promise.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/audit.h"
#include "app/kwestie.h"
#include "app/plain.h"
#include "app/routing.h"
#include "base/util.h"
#include "domain/calendar.h"
#include "domain/describe.h"
#include "i18n/i18n.h"
#include "store/accounts.h"
#include "app/closing_days.h"
#include "store/kwestie.h"
#include "store/routing.h"
#include "store/socialmap.h"
#include "store/store.h"
#include "store/timeline.h"

/* --- dates ------------------------------------------------------------- */

void promise_today(char out[11])
{
	cal_date_format(closing_days_today(), out);
}

bool promise_workdays_due(struct db *db, struct arena *ar, int64_t org, int n,
			  char out[11])
{
	struct cal_date today, due, *closed;
	size_t nclosed;

	today = closing_days_today();
	if (closing_days_from(db, ar, org, today, &closed, &nclosed) != ERR_OK ||
	    !cal_add_workdays(today, n, closed, nclosed, &due))
		return false;
	cal_date_format(due, out);
	return true;
}

/* The due date of w for org, checked: *out "YYYY-MM-DD". */
static enum err due_of(struct db *db, struct arena *ar, int64_t org,
		       const struct promise_when *w, const char *today,
		       const char *field, struct field_errors *errs,
		       char out[11])
{
	struct cal_date t, max;
	char max_s[11];

	if (!promise_when_check(w, field, errs))
		return ERR_UNPROCESSABLE;
	if (!cal_date_parse(today, &t) ||
	    !cal_add_days(t, PROMISE_HORIZON_DAYS, &max))
		return ERR_INTERNAL;
	cal_date_format(max, max_s);
	if (w->has_workdays) {
		if (!promise_workdays_due(db, ar, org, (int)w->workdays, out))
			return ERR_INTERNAL;
	} else {
		snprintf(out, 11, "%s", w->due);
		if (strlen(w->due) != 10)
			out[0] = '\0';
	}
	if (!promise_due_check(out, today, max_s, field, errs))
		return ERR_UNPROCESSABLE;
	return ERR_OK;
}

/* --- making one -------------------------------------------------------- */

static const char *org_name(struct db *db, struct arena *ar, int64_t org)
{
	struct org_row o;

	if (store_org_get(db, ar, org, &o) == ERR_OK)
		return o.name;
	return "wijkagenda";
}

struct make_tx {
	const struct app *app;
	struct arena *ar;
	const struct actor *who;
	int64_t kwestie_id, signal_id;
	const struct promise_input *in;
	struct field_errors *errs;
	const char *what, *today;
	int64_t id;
};

/* The kwestie is open, the actor steers it, org is in its chain. */
static enum err kwestie_side(struct db *db, struct make_tx *t, int64_t *org,
			     const char **category)
{
	struct kwestie_row k;
	struct kwestie_link_row *chain;
	size_t n;
	int64_t acting;
	enum err e = store_kwestie_get(db, t->ar, t->kwestie_id, &k);

	if (e != ERR_OK)
		return e;
	if (!app_is_here(t->app, k.municipality))
		return ERR_NOT_FOUND; /* another municipality's, not here */
	if (k.closed_at) {
		field_errors_add(t->errs, "id",
				 N_("Deze kwestie is afgerond; doe geen nieuwe "
				    "toezeggingen."));
		return ERR_CONFLICT;
	}
	if (!(acting = kwestie_acting_org(db, t->ar, t->who, t->kwestie_id))) {
		field_errors_add(t->errs, "id",
				 N_("Toezeggingen doen de regisseur, de uitvoerders "
				    "en de organisaties die de meldingen ontvingen."));
		return ERR_FORBIDDEN;
	}
	*org = t->in->organisation ? t->in->organisation : acting;
	*category = k.category_code;
	if ((e = store_kwestie_chain(db, t->ar, t->kwestie_id, &chain, &n)) != ERR_OK)
		return e;
	for (size_t i = 0; i < n; i++)
		if (chain[i].organisation == *org)
			return ERR_OK;
	if (*org == acting)
		return ERR_OK; /* answering for a signal of it */
	field_errors_add(t->errs, "organisation",
			 N_("Deze organisatie staat niet in de keten van deze kwestie."));
	return ERR_UNPROCESSABLE;
}

/* The signal is open, the actor works on it, and promises for itself. */
static enum err signal_side(struct db *db, struct make_tx *t, int64_t *org,
			    const char **category)
{
	struct signal_row s;
	bool in_kwestie;
	char *closed_at;
	int64_t acting;
	enum err e = store_signal_by_id_open(db, t->ar, t->signal_id, &s,
					     &in_kwestie, &closed_at);

	if (e == ERR_OK && !app_is_here(t->app, s.municipality))
		e = ERR_NOT_FOUND;
	if (e != ERR_OK)
		return e;
	if (closed_at) {
		field_errors_add(t->errs, "id",
				 N_("Deze melding is afgehandeld; doe geen nieuwe "
				    "toezeggingen."));
		return ERR_CONFLICT;
	}
	if (!(acting = signal_acting_org(db, t->ar, t->who, t->signal_id))) {
		field_errors_add(t->errs, "id",
				 N_("Uw organisatie werkt niet aan deze melding."));
		return ERR_FORBIDDEN;
	}
	if (t->in->organisation && t->in->organisation != acting &&
	    !actor_may(t->who, AZ_KWESTIE_MANAGE, t->in->organisation)) {
		field_errors_add(t->errs, "organisation",
				 N_("Op een melding belooft u alleen voor uw eigen "
				    "organisatie."));
		return ERR_UNPROCESSABLE;
	}
	if (t->in->organisation && t->in->organisation != acting) {
		/* an administrator's choice: an organisation of this
		 * municipality (the promise and its figures are its) */
		struct org_row o;

		e = store_org_get(db, t->ar, t->in->organisation, &o);
		if (e == ERR_NOT_FOUND ||
		    (e == ERR_OK && !app_is_here(t->app, o.municipality))) {
			field_errors_add(t->errs, "organisation",
					 N_("Die organisatie bestaat niet in deze "
					    "gemeente."));
			return ERR_UNPROCESSABLE;
		}
		if (e != ERR_OK)
			return e;
	}
	*org = t->in->organisation ? t->in->organisation : acting;
	*category = s.category_code;
	return ERR_OK;
}

static enum err make_tx_fn(struct db *db, void *p)
{
	struct make_tx *t = p;
	const char *category = NULL, *name;
	char due[11], now[32];
	int64_t org = 0;
	struct promise_new pn;
	struct timeline_new tl;
	enum err e;

	e = t->kwestie_id ? kwestie_side(db, t, &org, &category)
			  : signal_side(db, t, &org, &category);
	if (e != ERR_OK)
		return e;
	if ((e = due_of(db, t->ar, org, &t->in->when, t->today, "due", t->errs,
			due)) != ERR_OK)
		return e;
	store_now(now, sizeof(now));
	memset(&pn, 0, sizeof(pn));
	pn.municipality = t->app->municipality;
	pn.kwestie_id = t->kwestie_id;
	pn.signal_id = t->signal_id;
	pn.organisation_id = org;
	pn.what = t->what;
	pn.made_on = t->today;
	pn.due = due;
	pn.workdays = t->in->when.has_workdays ? t->in->when.workdays : 0;
	pn.category_code = category;
	pn.now = now;
	if ((e = store_promise_insert(db, &pn, &t->id)) != ERR_OK)
		return e;
	name = org_name(db, t->ar, org);
	memset(&tl, 0, sizeof(tl));
	tl.kwestie_id = t->kwestie_id;
	tl.signal_id = t->signal_id;
	tl.promise_id = t->id;
	tl.at = now;
	tl.actor = name;
	tl.kind = "promise";
	tl.to_value = due;
	tl.subject = t->what;
	if ((e = store_timeline_add(db, &tl)) != ERR_OK)
		return e;
	return app_audit(db, t->who, "promise.create", "promise", t->id,
			 json_pack("{s:I, s:I, s:s}", t->kwestie_id ? "kwestie" : "signal",
				   (json_int_t)(t->kwestie_id ? t->kwestie_id
							      : t->signal_id),
				   "organisation", (json_int_t)org, "due", due));
}

enum err promise_make(const struct app *app, struct db *db, struct arena *ar,
		      const struct actor *who, int64_t kwestie_id,
		      int64_t signal_id, const struct promise_input *in,
		      struct field_errors *errs, int64_t *id)
{
	char today[11];
	struct make_tx t = {app, ar, who, kwestie_id, signal_id, in, errs,
			    NULL, NULL, 0};
	enum err e;

	if (!kwestie_id == !signal_id)
		return ERR_INVALID;
	if (!promise_what_check(ar, in->what, errs, &t.what) ||
	    !plain_check(ar, "what", t.what, in->plain_confirmed, errs))
		return ERR_UNPROCESSABLE;
	if (!promise_when_check(&in->when, "due", errs))
		return ERR_UNPROCESSABLE;
	promise_today(today);
	t.today = today;
	if ((e = db_write_for(db, app->municipality, make_tx_fn, &t)) != ERR_OK)
		return e;
	*id = t.id;
	return ERR_OK;
}

/* --- closing or changing one ------------------------------------------ */

struct update_tx {
	const struct app *app;
	struct arena *ar;
	const struct actor *who;
	int64_t id, version;
	const struct promise_change *ch;
	struct field_errors *errs;
	const char *today;
	int64_t new_id;
};

/* The actor steers the promise's kwestie, or acts for the promising
 * organisation. */
static bool may_update(struct db *db, struct arena *ar, const struct actor *who,
		       const struct promise_row *p)
{
	if (actor_may(who, AZ_KWESTIE_MANAGE, p->organisation_id))
		return true;
	if (p->kwestie_id)
		return kwestie_acting_org(db, ar, who, p->kwestie_id) != 0;
	return signal_acting_org(db, ar, who, p->signal_id) != 0;
}

static const char *timeline_kind(int status)
{
	switch (status) {
	case PS_GEHAALD:
		return "promise_kept";
	case PS_NIET_GEHAALD:
		return "promise_broken";
	default:
		return "promise_changed";
	}
}

/* The new open promise of a gewijzigd one. */
static enum err replace(struct db *db, struct update_tx *t,
			const struct promise_row *p, const char *due,
			const char *now)
{
	struct promise_new pn;

	memset(&pn, 0, sizeof(pn));
	pn.municipality = t->app->municipality;
	pn.kwestie_id = p->kwestie_id;
	pn.signal_id = p->signal_id;
	pn.organisation_id = p->organisation_id;
	pn.replaces = p->id;
	pn.what = p->what;
	pn.made_on = t->today;
	pn.due = due;
	pn.workdays = t->ch->when.has_workdays ? t->ch->when.workdays : 0;
	pn.category_code = p->category_code;
	pn.now = now;
	return store_promise_insert(db, &pn, &t->new_id);
}

static enum err update_tx_fn(struct db *db, void *p)
{
	struct update_tx *t = p;
	struct promise_row pr;
	struct timeline_new tl;
	const char *expl, *done_on;
	char due[11] = "", now[32];
	int status;
	enum err e = store_promise_get(db, t->ar, t->id, &pr);

	if (e != ERR_OK)
		return e;
	/* another municipality's is not found through this site, and the
	 * write names this one's alone (db_write_for) */
	if (!app_is_here(t->app, pr.municipality))
		return ERR_NOT_FOUND;
	if (!may_update(db, t->ar, t->who, &pr))
		return ERR_FORBIDDEN;
	if (t->version && t->version != pr.version) {
		field_errors_add(t->errs, "version",
				 N_("Iemand anders heeft deze toezegging intussen "
				    "gewijzigd. Bekijk de wijziging en probeer het "
				    "opnieuw."));
		return ERR_CONFLICT;
	}
	if (!promise_change_check(t->ar, promise_status_parse(pr.status),
				  pr.made_on, t->ch, t->today, t->errs, &status,
				  &expl, &done_on))
		return promise_status_parse(pr.status) == PS_OPEN ? ERR_UNPROCESSABLE
								  : ERR_CONFLICT;
	if (!plain_check(t->ar, "explanation", expl, t->ch->plain_confirmed, t->errs))
		return ERR_UNPROCESSABLE;
	if (status == PS_GEWIJZIGD) {
		if ((e = due_of(db, t->ar, pr.organisation_id, &t->ch->when,
				t->today, "new_due", t->errs, due)) != ERR_OK)
			return e;
		if (strcmp(due, pr.due) == 0) {
			field_errors_add(t->errs, "new_due",
					 N_("De nieuwe datum is dezelfde als de oude."));
			return ERR_UNPROCESSABLE;
		}
	}
	store_now(now, sizeof(now));
	if ((e = store_promise_close(db, pr.id, pr.version,
				     promise_statuses[status].value, done_on,
				     expl, now)) != ERR_OK)
		return e;
	if (status == PS_GEWIJZIGD && (e = replace(db, t, &pr, due, now)) != ERR_OK)
		return e;
	memset(&tl, 0, sizeof(tl));
	tl.kwestie_id = pr.kwestie_id;
	tl.signal_id = pr.signal_id;
	tl.promise_id = pr.id;
	tl.at = now;
	tl.actor = pr.organisation;
	tl.kind = timeline_kind(status);
	tl.from_value = status == PS_GEWIJZIGD ? pr.due : NULL;
	tl.to_value = status == PS_GEWIJZIGD ? due : done_on;
	tl.subject = pr.what;
	tl.reason = expl;
	if ((e = store_timeline_add(db, &tl)) != ERR_OK)
		return e;
	return app_audit(db, t->who, "promise.update", "promise", pr.id,
			 json_pack("{s:s, s:I}", "status",
				   promise_statuses[status].value, "new",
				   (json_int_t)t->new_id));
}

enum err promise_update(const struct app *app, struct db *db, struct arena *ar,
			const struct actor *who, int64_t id, int64_t version,
			const struct promise_change *ch,
			struct field_errors *errs, int64_t *new_id)
{
	char today[11];
	struct update_tx t = {app, ar, who, id, version, ch, errs, NULL, 0};
	enum err e;

	promise_today(today);
	t.today = today;
	if ((e = db_write_for(db, app->municipality, update_tx_fn, &t)) != ERR_OK)
		return e;
	if (new_id)
		*new_id = t.new_id;
	return ERR_OK;
}

const char *promise_expected_by(const struct promise_row *p, size_t n)
{
	const char *best = NULL;

	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].status, "open") == 0 &&
		    (!best || strcmp(p[i].due, best) < 0))
			best = p[i].due;
	return best;
}

const char *promise_norm(struct db *db, struct arena *ar, int64_t org)
{
	struct service_row *s;
	size_t n;

	if (store_services_of_org(db, ar, org, &s, &n) != ERR_OK)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i].norm_days < 0)
			continue;
		return arena_printf(ar, _("%s: binnen %d dagen.%s%s"), s[i].name,
				    s[i].norm_days, s[i].norm_text ? " " : "",
				    s[i].norm_text ? s[i].norm_text : "");
	}
	return NULL;
}

/* "A", "A en B", "A, B en C" */
static const char *names(struct arena *ar, const struct promise_org *o, size_t n)
{
	const char *s;

	if (!n)
		return NULL;
	s = o[0].name;
	for (size_t i = 1; i < n; i++)
		s = arena_printf(ar, i + 1 == n ? _("%s en %s") : "%s, %s", s,
				 o[i].name);
	return s;
}

/* One (category, areas) of a list: who is responsible, and the norm. */
struct memo_entry {
	const char *key; /* category and the four area codes */
	struct promise_org *orgs;
	size_t n;
	const char *who;
	int norm; /* -1: none */
};

#define MEMO_SLOTS 2048 /* a page holds at most 1,000 signals */
/* An organisation's closing days from a day on.  Read once per
 * organisation for a page, from MEMO_CLOSED_BACK days before the first
 * signal that needs them, so the older signals further down a page (it
 * runs newest first) find them too; cal_add_workdays passes over the
 * days before its start. */
#define MEMO_CLOSED 256
#define MEMO_CLOSED_BACK 400
/* A category's norm: a page of one service shares one. */
#define MEMO_NORMS 64

struct closed_entry {
	int64_t org;
	struct cal_date from;
	struct cal_date *days;
	size_t n;
};

struct norm_entry {
	const char *municipality, *code;
	int norm;
};

struct expect_memo {
	struct memo_entry slot[MEMO_SLOTS];
	size_t used;
	struct closed_entry closed[MEMO_CLOSED];
	size_t nclosed;
	struct norm_entry norms[MEMO_NORMS];
	size_t nnorms;
};

struct expect_memo *expect_memo_new(struct arena *ar)
{
	struct expect_memo *m = arena_alloc(ar, sizeof(*m));

	memset(m, 0, sizeof(*m));
	return m;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The entry for s's key, empty (key NULL) when new; NULL when full. */
static struct memo_entry *memo_find(struct expect_memo *m, struct arena *ar,
				    const struct signal_row *s, const char **key)
{
	uint32_t h;

	*key = routing_memo_key(ar, s);
	h = text_hash(*key);
	for (size_t i = 0; i < MEMO_SLOTS; i++) {
		struct memo_entry *e = &m->slot[(h + i) % MEMO_SLOTS];

		if (!e->key || strcmp(e->key, *key) == 0)
			return e;
	}
	return NULL;
}

/* The norm of s's category (-1: none): from the memo, or read (and kept
 * when there is room). */
static enum err norm_of(struct db *db, struct expect_memo *m,
			const struct signal_row *s, int *norm)
{
	const char *mun = or_empty(s->municipality);
	enum err e;

	for (size_t i = 0; m && i < m->nnorms; i++)
		if (strcmp(m->norms[i].code, s->category_code) == 0 &&
		    strcmp(m->norms[i].municipality, mun) == 0) {
			*norm = m->norms[i].norm;
			return ERR_OK;
		}
	*norm = -1;
	e = store_category_norm(db, s->municipality, s->category_code, norm);
	if (e != ERR_OK && e != ERR_NOT_FOUND)
		return e;
	if (m && m->nnorms < MEMO_NORMS)
		m->norms[m->nnorms++] =
			(struct norm_entry){mun, s->category_code, *norm};
	return ERR_OK;
}

/* The rest of an entry whose organisations (e->orgs, e->n) are known:
 * their names as the resident reads them, and s's category's norm. */
static enum err entry_finish(struct db *db, struct arena *ar,
			     struct expect_memo *m, const struct signal_row *s,
			     struct memo_entry *e)
{
	e->who = names(ar, e->orgs, e->n);
	e->norm = -1;
	return s->category_code ? norm_of(db, m, s, &e->norm) : ERR_OK;
}

/* Who is responsible for s and the norm of its category: from the memo,
 * or read (and kept when there is room). */
static enum err responsible(struct db *db, struct arena *ar,
			    const struct signal_row *s, struct expect_memo *m,
			    struct memo_entry *out)
{
	struct memo_entry *slot = NULL;
	const char *key = NULL;
	enum err e;

	if (m && m->used < MEMO_SLOTS / 2 && (slot = memo_find(m, ar, s, &key)) &&
	    slot->key) {
		*out = *slot;
		return ERR_OK;
	}
	memset(out, 0, sizeof(*out));
	if ((e = store_signal_responsible(db, ar, s->id, &out->orgs, &out->n)) != ERR_OK ||
	    (e = entry_finish(db, ar, m, s, out)) != ERR_OK)
		return e;
	if (slot) {
		*slot = *out;
		slot->key = key;
		m->used++;
	}
	return ERR_OK;
}

enum err expect_memo_load(struct db *db, struct arena *ar,
			  struct expect_memo *m,
			  const struct signal_row *const *s, size_t n)
{
	int64_t *ids = arena_alloc(ar, (n + 1) * sizeof(*ids));
	const struct signal_row **rep = arena_alloc(ar, (n + 1) * sizeof(*rep));
	struct memo_entry **slots = arena_alloc(ar, (n + 1) * sizeof(*slots));
	struct signal_org *rows;
	size_t nrows, nrep = 0;
	int64_t version;
	enum err e;

	if (n > STORE_RESPONSIBLE_MAX)
		return ERR_OK; /* each read as it comes */
	/* before the organisations, in the same transaction (routing.h) */
	if ((e = store_routing_version(db, &version)) != ERR_OK)
		return e;
	/* One signal for each key not yet known, here or to the process:
	 * who is responsible follows from the key alone (a page of 1,000
	 * open requests holds some 800 keys; reading them was 40% of a cold
	 * Open311 list). */
	for (size_t i = 0; i < n && m->used + nrep < MEMO_SLOTS / 2; i++) {
		struct memo_entry *slot;
		const char *key;

		if (!(slot = memo_find(m, ar, s[i], &key)) || slot->key)
			continue; /* full, or known from a signal alike */
		if (routing_memo_get(version, key, ar, &slot->orgs, &slot->n)) {
			if ((e = entry_finish(db, ar, m, s[i], slot)) != ERR_OK)
				return e;
			slot->key = key;
			m->used++;
			continue;
		}
		slot->key = key; /* claimed: filled below */
		rep[nrep] = s[i];
		slots[nrep] = slot;
		ids[nrep++] = s[i]->id;
	}
	if ((e = store_signals_responsible(db, ar, ids, nrep, &rows, &nrows)) != ERR_OK)
		return e;
	for (size_t i = 0; i < nrep; i++) {
		struct memo_entry *slot = slots[i];
		const char *key = slot->key;

		memset(slot, 0, sizeof(*slot));
		slot->orgs = arena_alloc(ar, STORE_RESPONSIBLE_PER_SIGNAL *
						     sizeof(*slot->orgs));
		slot->n = routing_orgs_of(rows, nrows, ids[i], slot->orgs);
		routing_memo_put(version, key, slot->orgs, slot->n);
		if ((e = entry_finish(db, ar, m, rep[i], slot)) != ERR_OK)
			return e;
		slot->key = key;
		m->used++;
	}
	return ERR_OK;
}

enum err promise_expect_signal(struct db *db, struct arena *ar,
			       const struct signal_row *s,
			       struct expectation *out)
{
	return promise_expect_memo(db, ar, s, NULL, out);
}

/* The closing days of org from a day on: from the memo, or read (and
 * kept when there is room). */
static enum err closed_days(struct db *db, struct arena *ar,
			    struct expect_memo *m, int64_t org,
			    struct cal_date from, struct cal_date **days,
			    size_t *n)
{
	struct closed_entry *c;
	enum err e;

	for (size_t i = 0; m && i < m->nclosed; i++) {
		c = &m->closed[i];
		if (c->org == org && cal_date_cmp(c->from, from) <= 0) {
			*days = c->days;
			*n = c->n;
			return ERR_OK;
		}
	}
	if (m) /* for the older signals after this one too */
		from = cal_from_day_number(cal_day_number(from) - MEMO_CLOSED_BACK);
	if ((e = closing_days_from(db, ar, org, from, days, n)) != ERR_OK)
		return e;
	if (m && m->nclosed < MEMO_CLOSED)
		m->closed[m->nclosed++] = (struct closed_entry){org, from, *days, *n};
	return ERR_OK;
}

enum err promise_expect_memo(struct db *db, struct arena *ar,
			     const struct signal_row *s,
			     struct expect_memo *memo, struct expectation *out)
{
	char *due;
	enum err e = store_promise_signal_due(db, ar, s->id, &due);

	if (e != ERR_OK)
		return e;
	return promise_expect_due(db, ar, s, due, memo, out);
}

enum err promise_expect_due(struct db *db, struct arena *ar,
			    const struct signal_row *s, const char *due,
			    struct expect_memo *memo, struct expectation *out)
{
	struct memo_entry r;
	struct cal_date from, by, *closed = NULL;
	size_t nclosed = 0;
	int64_t in;
	enum err e;

	memset(out, 0, sizeof(*out));
	if ((e = responsible(db, ar, s, memo, &r)) != ERR_OK)
		return e;
	out->who = r.who;
	out->nwho = r.n;
	if (due) {
		snprintf(out->by, sizeof(out->by), "%s", due);
		out->promised = true;
		return ERR_OK;
	}
	out->workdays = r.norm >= 0 ? r.norm : PROMISE_DEFAULT_NORM;
	/* the day it came in, in Amsterdam */
	if (describe_moment(s->created_at, &in))
		in = (int64_t)time(NULL); /* a signal being stored: now */
	from = cal_amsterdam_date(in);
	if (r.n && (e = closed_days(db, ar, memo, r.orgs[0].id, from, &closed,
				    &nclosed)) != ERR_OK)
		return e;
	if (!cal_add_workdays(from, out->workdays, closed, nclosed, &by))
		return ERR_INTERNAL;
	cal_date_format(by, out->by);
	return ERR_OK;
}

const char *promise_who_looks(struct arena *ar, const struct expectation *ex)
{
	if (!ex->who)
		return _("De gemeente bekijkt uw melding.");
	return arena_printf(ar, ex->nwho > 1 ? _("%s bekijken uw melding.")
					     : _("%s bekijkt uw melding."),
			    ex->who);
}

/* --- the record -------------------------------------------------------- */

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Below this many closed promises a category says too little. */
#define RECORD_MIN 5

static void record_of(struct arena *ar, const struct promise_row *r, size_t n,
		      struct promise_record *out)
{
	int *days = arena_alloc(ar, (n ? n : 1) * sizeof(*days));
	size_t nd = 0;

	out->closed = n;
	out->kept_on_time = 0;
	out->median_days = -1;
	for (size_t i = 0; i < n; i++) {
		int st = promise_status_parse(r[i].status);
		struct cal_date a, b;

		if (promise_kept_on_time(st, r[i].due, r[i].done_on))
			out->kept_on_time++;
		if (st == PS_GEHAALD && cal_date_parse(r[i].made_on, &a) &&
		    cal_date_parse(r[i].done_on, &b))
			days[nd++] = (int)(cal_day_number(b) - cal_day_number(a));
	}
	if (!nd)
		return;
	qsort(days, nd, sizeof(*days), cmp_int);
	out->median_days = nd % 2 ? days[nd / 2]
				  : (days[nd / 2 - 1] + days[nd / 2]) / 2;
}

enum err promise_record(struct db *db, struct arena *ar, int64_t org,
			const char *category, struct promise_record *out)
{
	struct promise_row *r;
	size_t n;
	enum err e;

	memset(out, 0, sizeof(*out));
	out->category = category;
	if (category) {
		if ((e = store_promises_record(db, ar, org, category, &r, &n)) != ERR_OK)
			return e;
		if (n >= RECORD_MIN) {
			record_of(ar, r, n, out);
			return ERR_OK;
		}
	}
	out->category = NULL;
	if ((e = store_promises_record(db, ar, org, NULL, &r, &n)) != ERR_OK)
		return e;
	record_of(ar, r, n, out);
	return ERR_OK;
}
