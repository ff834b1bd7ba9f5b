/* grade: see grade.h.  SPDX-License-Identifier: EUPL-1.2 */
#include "grade.h"

#include <jansson.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/audit.h"
#include "app/kwestie.h"
#include "app/mailer.h"
#include "app/resident.h"
#include "base/ratelimit.h"
#include "base/token.h"
#include "i18n/i18n.h"
#include "store/outbox.h"
#include "store/promise.h"
#include "store/resident.h"
#include "store/store.h"
#include "store/timeline.h"

/* The audit log's actor: a resident, never named. */
static const struct actor grade_actor = {ACTOR_NOBODY, 0, 0, 0, NULL,
					 "resident", false, NULL, 0};

/* A keyed hash of a token with a purpose, so a tracking token's hash is
 * no other table's key. */
static void hash_of(char *out, const char *purpose, const char *token)
{
	const char *parts[2] = {purpose, token};

	token_hash_parts(out, parts, 2);
}

/* --- the subject ---------------------------------------------------------- */

/* Of the signal's kwesties, the most recently closed one that is not a
 * merged or duplicate one (those live on in the other kwestie); NULL
 * when none is. */
static const struct kwestie_row *closed_kwestie(const struct kwestie_row *k,
						size_t n)
{
	const struct kwestie_row *best = NULL;

	for (size_t i = 0; i < n; i++) {
		if (!k[i].closed_at || k[i].merged_into ||
		    (k[i].outcome && strcmp(k[i].outcome, "dubbel") == 0))
			continue;
		if (!best || strcmp(k[i].closed_at, best->closed_at) > 0)
			best = &k[i];
	}
	return best;
}

/* The subject of a signal: its closed kwestie, or itself. */
static enum err subject_of_signal(struct db *db, struct arena *ar,
				  struct grade_subject *g)
{
	struct kwestie_row *ks;
	const struct kwestie_row *k;
	char *outcome = NULL;
	size_t n = 0;
	enum err e;

	if ((e = store_signal_kwesties(db, ar, g->s.id, &ks, &n)) != ERR_OK)
		return e;
	if (n) {
		k = closed_kwestie(ks, n);
		g->kwestie_id = k ? k->id : ks[0].id;
		g->k = k ? *k : ks[0];
		g->title = g->k.title;
		g->closed = k != NULL;
		return ERR_OK;
	}
	if ((e = store_signal_outcome(db, ar, g->s.id, &outcome)) != ERR_OK)
		return e;
	g->signal_id = g->s.id;
	g->closed = outcome != NULL;
	return ERR_OK;
}

/* Reporter's key: the resident key of their address (the signal's
 * resident_key), also after retention blanked the address when they
 * graded under it; else the token's. */
static enum err reporter_key(struct db *db, struct arena *ar, const char *token,
			     struct grade_subject *g)
{
	char *email = NULL, *graded = NULL, *key = arena_alloc(ar, 33);
	enum err e = store_grade_reporter(db, ar, g->s.id, &email, &graded);

	if (e != ERR_OK)
		return e;
	if (email)
		resident_key(key, email, NULL);
	else if (graded) /* retention blanked the address after a grade */
		snprintf(key, 33, "%s", graded);
	else
		resident_key_token(key, token);
	g->person_key = key;
	return ERR_OK;
}

static enum err by_signal(struct db *db, struct arena *ar, const char *token,
			  struct grade_subject *g)
{
	enum err e;

	if (!token_valid(token))
		return ERR_NOT_FOUND;
	if ((e = store_signal_by_token(db, ar, token, &g->s)) != ERR_OK)
		return e;
	g->signal_token = g->s.token;
	if ((e = reporter_key(db, ar, token, g)) != ERR_OK)
		return e;
	return subject_of_signal(db, ar, g);
}

static enum err by_invite(struct db *db, struct arena *ar, const char *token,
			  struct grade_subject *g)
{
	struct grade_invite_row inv;
	char hash[33], *outcome = NULL;
	enum err e;

	if (!token_valid(token))
		return ERR_NOT_FOUND;
	hash_of(hash, "grade.invite", token);
	if ((e = store_grade_invite_get(db, ar, hash, &inv)) != ERR_OK)
		return e;
	g->person_key = inv.person_key;
	g->kwestie_id = inv.kwestie_id;
	g->signal_id = inv.signal_id;
	if (inv.kwestie_id) {
		if ((e = store_kwestie_get(db, ar, inv.kwestie_id, &g->k)) != ERR_OK)
			return e;
		g->title = g->k.title;
		g->closed = g->k.closed_at && !g->k.merged_into;
		return ERR_OK;
	}
	if ((e = store_signal_by_id(db, ar, inv.signal_id, &g->s)) != ERR_OK ||
	    (e = store_signal_outcome(db, ar, inv.signal_id, &outcome)) != ERR_OK)
		return e;
	g->closed = outcome != NULL;
	return ERR_OK;
}

bool grade_signal_closed(const struct kwestie_row *ks, size_t n,
			 const char *outcome)
{
	return n ? closed_kwestie(ks, n) != NULL : outcome != NULL;
}

/* Seconds since 1970 as a stored moment (ISO 8601 UTC). */
static int iso_of(char *out, size_t len, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return -1;
	return 0;
}

/* This person's grade of the subject, and until when it can change. */
static enum err own_grade(struct db *db, struct arena *ar, const char *now,
			  struct grade_subject *g)
{
	enum err e = store_grade_get(db, ar, g->kwestie_id, g->signal_id,
				     g->person_key, &g->grade);
	char until[32];
	int64_t t;

	g->has_grade = e == ERR_OK;
	if (e == ERR_NOT_FOUND)
		return ERR_OK;
	if (e != ERR_OK)
		return e;
	if ((t = grade_changeable_until(g->grade.created_at)) >= 0 &&
	    iso_of(until, sizeof(until), t) == 0)
		g->changeable_until = arena_strdup(ar, until);
	g->changeable = grade_changeable(g->grade.created_at, now);
	return ERR_OK;
}

/* Only a signal or kwestie of app's municipality: another's is not
 * found through this municipality's site (web/site.h). */
static enum err subject_read(const struct app *app, struct db *db,
			     struct arena *ar, const struct grade_who *who,
			     const char *now, struct grade_subject *g)
{
	enum err e;

	memset(g, 0, sizeof(*g));
	e = who->invite_token ? by_invite(db, ar, who->invite_token, g)
			      : by_signal(db, ar, who->signal_token, g);
	if (e == ERR_OK) {
		const char *m = g->kwestie_id && g->k.municipality ? g->k.municipality
								  : g->s.municipality;

		if (!app_is_here(app, m))
			e = ERR_NOT_FOUND;
	}
	return e == ERR_OK ? own_grade(db, ar, now, g) : e;
}

enum err grade_subject_read(const struct app *app, struct db *db,
			    struct arena *ar, const struct grade_who *who,
			    struct grade_subject *out)
{
	char now[32];

	store_now(now, sizeof(now));
	return subject_read(app, db, ar, who, now, out);
}

/* --- giving a grade ------------------------------------------------------- */

struct submit_tx {
	const struct app *app;
	struct arena *ar;
	const struct grade_who *who;
	const struct grade_checked *c;
	struct field_errors *errs;
	struct grade_result *out;
	size_t nerrs; /* errs->n before the transaction */
};

/* The organisation that answers for the subject: the kwestie's regisseur,
 * or the first organisation responsible for a lone signal (routing). */
static enum err answering_org(struct db *db, struct arena *ar,
			      const struct grade_subject *g, int64_t *org)
{
	struct kwestie_link_row *chain;
	struct promise_org *orgs;
	size_t n = 0;
	enum err e;

	*org = 0;
	if (g->kwestie_id) {
		if ((e = store_kwestie_chain(db, ar, g->kwestie_id, &chain, &n)) != ERR_OK)
			return e;
		for (size_t i = 0; i < n; i++)
			if (strcmp(chain[i].role, "regisseur") == 0)
				*org = chain[i].organisation;
		return ERR_OK;
	}
	if ((e = store_signal_responsible(db, ar, g->signal_id, &orgs, &n)) != ERR_OK)
		return e;
	if (n)
		*org = orgs[0].id;
	return ERR_OK;
}

/* The row: the grade, and what is copied from the subject. */
static void row_of(struct submit_tx *t, const struct grade_subject *g,
		   int64_t org, const char *now, struct grade_row *r)
{
	bool kw = g->kwestie_id != 0;

	memset(r, 0, sizeof(*r));
	r->municipality = kw ? g->k.municipality : g->s.municipality;
	r->kwestie_id = g->kwestie_id;
	r->signal_id = g->signal_id;
	r->person_key = g->person_key;
	r->grade = t->c->grade;
	r->solved = t->c->solved;
	r->comment = t->c->comment;
	r->buurt_code = kw ? g->k.buurt_code : g->s.buurt_code;
	r->wijk_code = kw ? g->k.wijk_code : g->s.wijk_code;
	r->gebied_code = kw ? g->k.gebied_code : g->s.gebied_code;
	r->stadsdeel_code = kw ? g->k.stadsdeel_code : g->s.stadsdeel_code;
	r->topic = kw ? g->k.topic : kwestie_main_category(t->ar, g->s.category_code);
	r->organisation_id = org;
	r->created_at = now;
	r->updated_at = now;
}

/* A "nee" reopens, when the answering organisation chose so. */
static enum err maybe_reopen(struct db *db, struct submit_tx *t,
			     const struct grade_subject *g, int64_t org,
			     const char *now)
{
	bool reopens = false;
	enum err e;

	if (strcmp(t->c->solved, "nee") != 0 || !org)
		return ERR_OK;
	/* a "nee" reopens once: a changed grade that was "nee" already does
	 * not reopen a kwestie closed again since */
	if (g->has_grade && g->grade.solved && strcmp(g->grade.solved, "nee") == 0)
		return ERR_OK;
	if ((e = store_grade_org_reopens(db, org, &reopens)) != ERR_OK || !reopens)
		return e;
	if (g->kwestie_id)
		e = kwestie_reopen_in_tx(db, t->ar, g->kwestie_id, now, "reopened");
	else if ((e = store_grade_signal_reopen(db, g->signal_id)) == ERR_OK)
		e = store_timeline_add(db, &(struct timeline_new){
			.signal_id = g->signal_id, .at = now, .kind = "reopened",
			.actor = "wijkagenda", .to_value = "gemeld"});
	if (e == ERR_OK) {
		t->out->reopened = true;
		e = app_audit(db, &grade_actor,
			      g->kwestie_id ? "kwestie.reopen" : "signal.reopen",
			      g->kwestie_id ? "kwestie" : "signal",
			      g->kwestie_id ? g->kwestie_id : g->signal_id,
			      json_pack("{s:s, s:I}", "why", "grade_nee",
					"organisation", (json_int_t)org));
	}
	return e;
}

/* Refusals found inside the transaction: a field error and a conflict. */
static enum err refuse(struct submit_tx *t, const char *field, const char *msgid)
{
	field_errors_add(t->errs, field, msgid);
	return ERR_CONFLICT;
}

static enum err submit_tx_fn(struct db *db, void *p)
{
	struct submit_tx *t = p;
	struct grade_subject *g = &t->out->subject;
	struct grade_row r;
	char now[32];
	int64_t org;
	enum err e;

	t->errs->n = t->nerrs;
	t->out->reopened = t->out->replaced = false;
	store_now(now, sizeof(now));
	if ((e = subject_read(t->app, db, t->ar, t->who, now, g)) != ERR_OK)
		return e;
	if (!g->closed)
		return refuse(t, "subject",
			      g->kwestie_id
				      ? N_("Deze kwestie is nog niet afgerond. U kunt een "
					   "cijfer geven zodra zij is afgerond.")
				      : N_("Deze melding is nog niet afgehandeld. U kunt "
					   "een cijfer geven zodra zij is afgehandeld."));
	if (g->has_grade && !g->changeable)
		return refuse(t, "grade",
			      N_("U gaf al een cijfer. Dat was meer dan 14 dagen "
				 "geleden en kan niet meer worden gewijzigd."));
	if ((e = answering_org(db, t->ar, g, &org)) != ERR_OK)
		return e;
	row_of(t, g, org, now, &r);
	if ((e = store_grade_put(db, &r, &t->out->id, &t->out->replaced)) != ERR_OK)
		return e;
	e = app_audit(db, &grade_actor, t->out->replaced ? "grade.change" : "grade.add",
		      g->kwestie_id ? "kwestie" : "signal",
		      g->kwestie_id ? g->kwestie_id : g->signal_id,
		      json_pack("{s:I, s:i, s:s, s:b}", "id", (json_int_t)t->out->id,
				"grade", r.grade, "solved", r.solved, "comment",
				r.comment != NULL));
	return e == ERR_OK ? maybe_reopen(db, t, g, org, now) : e;
}

enum err grade_submit(const struct app *app, struct db *db, struct arena *ar,
		      const char *client, const struct grade_who *who,
		      const struct grade_input *in, struct field_errors *errs,
		      struct grade_result *out)
{
	struct grade_checked c;
	struct submit_tx t = {app, ar, who, &c, errs, out, 0};
	enum err e;

	memset(out, 0, sizeof(*out));
	if (!grade_check(ar, in, &c, errs))
		return ERR_INVALID;
	if (app->rl_intake && client &&
	    !ratelimit_take(app->rl_intake, client, &out->retry_after))
		return ERR_LIMITED;
	if (!db)
		return ERR_BUSY;
	t.nerrs = errs->n;
	e = db_write_for(db, app->municipality, submit_tx_fn, &t);
	if (e == ERR_OK) { /* the grade as stored now, for the answer */
		char now[32];

		store_now(now, sizeof(now));
		own_grade(db, ar, now, &out->subject);
	}
	return e;
}

/* --- the organisation's choice ------------------------------------------- */

struct reopen_tx {
	const struct actor *who;
	int64_t org;
	bool reopen;
};

static enum err reopen_tx_fn(struct db *db, void *p)
{
	struct reopen_tx *t = p;
	bool was = false;
	enum err e = store_grade_org_reopens(db, t->org, &was);

	if (e == ERR_OK)
		e = store_grade_org_set_reopens(db, t->org, t->reopen);
	if (e == ERR_OK && was != t->reopen)
		e = app_audit(db, t->who, "organisation.update", "organisation", t->org,
			      json_pack("{s:{s:b, s:b}}", "reopen_on_nee", "from", was,
					"to", t->reopen));
	/* what a "nee" will do: on no public answer until it is given */
	return db_end_unseen(db, e);
}

enum err grade_org_set_reopen(struct db *db, const struct actor *who,
			      int64_t org, bool reopen)
{
	struct reopen_tx t = {who, org, reopen};

	return org > 0 ? db_write(db, reopen_tx_fn, &t) : ERR_NOT_FOUND;
}

/* --- invitations ---------------------------------------------------------- */

struct invite_ctx {
	const struct app *app;
	struct db *db;
	struct arena *ar;
	int64_t kwestie_id, signal_id;
	const char *title, *now;
	size_t queued;
};

/* The words of the mail, in the recipient's language. */
static const char *invite_body(struct invite_ctx *c, const char *link)
{
	const char *what = c->kwestie_id
		? arena_printf(c->ar, _("De kwestie \u201c%s\u201d is afgerond."), c->title)
		: _("Uw melding is afgehandeld.");

	return arena_printf(
		c->ar,
		_("%s\n\nWat vindt u van hoe het is aangepakt? Geef een "
		  "rapportcijfer van 1 tot en met 10 en zeg of het is opgelost. "
		  "Het kost een minuut:\n%s\n\nUw cijfer telt mee in de cijfers "
		  "van uw buurt. Uw naam en e-mailadres ziet niemand. U krijgt "
		  "hier geen herinnering over.\n"),
		what, link);
}

static enum err invite_one(struct invite_ctx *c, const struct grade_recipient *r)
{
	struct grade_invite_row inv;
	char key[33], token[TOKEN_LEN + 1], hash[33];
	const char *link;
	bool invited = false;
	enum lang before = i18n_current();
	int l = r->lang ? i18n_parse(r->lang) : -1;
	enum err e;

	resident_key(key, r->email, NULL);
	if ((e = store_grade_invited(c->db, c->kwestie_id, c->signal_id, key,
				     &invited)) != ERR_OK || invited)
		return e;
	token_new(token);
	hash_of(hash, "grade.invite", token);
	memset(&inv, 0, sizeof(inv));
	inv.token_hash = hash;
	inv.municipality = (char *)c->app->municipality;
	inv.kwestie_id = c->kwestie_id;
	inv.signal_id = c->signal_id;
	inv.person_key = key;
	inv.created_at = (char *)c->now;
	if ((e = store_grade_invite_add(c->db, &inv)) != ERR_OK)
		return e;
	/* a reporter grades on their own tracking page; a follower has no
	 * page of their own, so the invitation's link is theirs */
	link = r->token ? arena_printf(c->ar, "%s/m/%s#cijfer", c->app->base_url, r->token)
			: arena_printf(c->ar, "%s/beoordelen/%s", c->app->base_url, token);
	i18n_use(l < 0 ? LANG_NL : (enum lang)l);
	e = outbox_add(c->db, r->email, _("Wat vindt u ervan? Geef een rapportcijfer"),
		       invite_body(c, link));
	i18n_use(before);
	c->queued += e == ERR_OK;
	return e;
}

/* Whether address came earlier in the list (one mail per address). */
static bool seen_before(const struct grade_recipient *r, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (strcmp(r[j].email, r[i].email) == 0)
			return true;
	return false;
}

enum err grade_invite_on_close(const struct app *app, struct db *db,
			       struct arena *ar, int64_t kwestie_id,
			       int64_t signal_id, const char *now,
			       size_t *queued)
{
	struct invite_ctx c = {app, db, ar, kwestie_id, signal_id, NULL, now, 0};
	struct grade_recipient *r;
	struct kwestie_row k;
	size_t n = 0;
	enum err e;

	*queued = 0;
	if (kwestie_id) {
		if ((e = store_kwestie_get(db, ar, kwestie_id, &k)) != ERR_OK)
			return e;
		c.title = k.title;
	}
	if ((e = store_grade_recipients(db, ar, kwestie_id, signal_id, &r, &n)) != ERR_OK)
		return e;
	for (size_t i = 0; e == ERR_OK && i < n; i++)
		if (!seen_before(r, i))
			e = invite_one(&c, &r[i]);
	*queued = c.queued;
	return e;
}
