/* kwestie: see kwestie.h. */
#include "kwestie.h"

#include <math.h>
#include <string.h>

#include "app/app.h"
#include "app/audit.h"
#include "app/follower.h"
#include "app/grade.h"
#include "app/mailer.h"
#include "app/plain.h"
#include "app/promise.h"
#include "app/resident.h"
#include "app/timeline.h"
#include "base/log.h"
#include "base/ratelimit.h"
#include "base/token.h"
#include "domain/email.h"
#include "domain/notify.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "store/accounts.h"
#include "store/category_model.h"
#include "store/resident.h"

/* --- the actor's organisations --------------------------------------- */

/* Does the actor act for org with at least a medewerker's role? */
static bool acts_for(const struct actor *who, int64_t org)
{
	return actor_may(who, AZ_KWESTIE_MANAGE, org);
}

/* The first of orgs the actor acts for, or 0. */
static int64_t acting_org(const struct actor *who, const int64_t *orgs,
			  size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (acts_for(who, orgs[i]))
			return orgs[i];
	return 0;
}

/* The name people read in the history: the organisation the actor acts
 * for here (never an e-mail address). */
static const char *actor_label(struct db *db, struct arena *ar,
			       const struct actor *who, int64_t org)
{
	struct org_row o;

	if (org && store_org_get(db, ar, org, &o) == ERR_OK)
		return o.name;
	/* the history is public: never a person's label (an e-mail address) */
	return "wijkagenda";
}

/* Today in Amsterdam (not the UTC date of now: from 23:00 or 22:00 UTC
 * that is yesterday), as park dates are compared with. */
static void today(char *out, size_t len, const char *now)
{
	char d[11];

	(void)now;
	promise_today(d);
	snprintf(out, len, "%s", d);
}

/* --- checks inside the transaction ------------------------------------ */

/* The signal, open or not; ERR_FORBIDDEN when the actor works on it for
 * none of its organisations (*org the one it does). */
static enum err signal_for_actor(const struct app *app, struct db *db,
				 struct arena *ar, const struct actor *who,
				 int64_t signal_id, struct signal_row *s,
				 bool *in_kwestie, char **closed_at,
				 int64_t *org, struct field_errors *errs)
{
	int64_t *orgs;
	size_t n;
	enum err e;

	e = store_signal_by_id_open(db, ar, signal_id, s, in_kwestie, closed_at);
	if (e == ERR_NOT_FOUND || (e == ERR_OK && !app_is_here(app, s->municipality))) {
		field_errors_add(errs, "signal",
				 N_("Deze melding bestaat niet in deze gemeente."));
		return ERR_UNPROCESSABLE;
	}
	if (e != ERR_OK)
		return e;
	if ((e = store_signal_orgs(db, ar, signal_id, false, &orgs, &n)) != ERR_OK)
		return e;
	if (!(*org = acting_org(who, orgs, n))) {
		field_errors_add(errs, "signal",
				 N_("Uw organisatie werkt niet aan deze melding."));
		return ERR_FORBIDDEN;
	}
	return ERR_OK;
}

/* Every organisation of the chain exists in this municipality. */
static enum err chain_orgs_known(const struct app *app, struct db *db,
				 struct arena *ar, const struct kw_link *c,
				 size_t n, struct field_errors *errs)
{
	for (size_t i = 0; i < n; i++) {
		struct org_row o;
		enum err e = store_org_get(db, ar, c[i].organisation, &o);

		if (e == ERR_NOT_FOUND ||
		    (e == ERR_OK && !app_is_here(app, o.municipality))) {
			field_errors_add_first(errs, "chain",
					       N_("Een organisatie in de keten bestaat "
						  "niet in deze gemeente."));
			return ERR_UNPROCESSABLE;
		}
		if (e != ERR_OK)
			return e;
	}
	return ERR_OK;
}

/* The kwestie as the rules see it, from its row and stored chain. */
static enum err state_of(struct db *db, const struct kwestie_row *k,
			 struct kw_state *s)
{
	int64_t regisseurs = 0;
	enum area_level al = AREA_BUURT;

	area_level_parse(k->area_level, &al);
	*s = kw_state_new(al);
	s->id = k->id;
	s->title = k->title;
	s->description = k->description;
	s->level = kw_level_parse(k->level);
	s->level_reason = k->level_reason;
	s->status = kw_status_parse(k->status);
	s->outcome = k->outcome ? kw_outcome_parse(k->outcome) : KO_NONE;
	if (s->outcome < 0)
		s->outcome = KO_NONE;
	s->duplicate_of = k->duplicate_of;
	s->forwarded_to = k->forwarded_to;
	s->park_until = k->park_until;
	s->park_reason = k->park_reason;
	s->urgency = k->urgency;
	if (s->level < 0 || s->status < 0)
		return ERR_INTERNAL;
	return store_kwestie_regisseurs(db, k->id, &regisseurs) == ERR_OK
		       ? (s->nregisseurs = (size_t)regisseurs, ERR_OK)
		       : ERR_INTERNAL;
}

/* The kwestie to change: it exists in app's municipality (another's is
 * not found through this site, and the write names app's alone:
 * db_write_for), is not merged, and has the version the actor saw (0:
 * any). */
static enum err kwestie_for_change(const struct app *app, struct db *db,
				   struct arena *ar, int64_t id, int64_t version,
				   struct kwestie_row *k, struct field_errors *errs)
{
	enum err e = store_kwestie_get(db, ar, id, k);

	if (e != ERR_OK)
		return e;
	if (!app_is_here(app, k->municipality))
		return ERR_NOT_FOUND;
	if (k->merged_into) {
		field_errors_add(errs, "id",
				 N_("Deze kwestie is samengevoegd met een andere."));
		return ERR_CONFLICT;
	}
	if (version && version != k->version) {
		field_errors_add(errs, "version",
				 N_("Iemand anders heeft deze kwestie intussen "
				    "gewijzigd. Bekijk de wijziging en probeer het "
				    "opnieuw."));
		return ERR_CONFLICT;
	}
	return ERR_OK;
}

static json_t *chain_json(const struct kw_link *c, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:s}", "organisation",
						   (json_int_t)c[i].organisation,
						   "role", kw_roles[c[i].role].value));
	return a;
}

/* "Buurtteam Oost (regisseur), GGD (uitvoerder)" for the history. */
static const char *chain_text(struct db *db, struct arena *ar,
			      const struct kw_link *c, size_t n)
{
	const char *s = "";

	for (size_t i = 0; i < n; i++) {
		struct org_row o;
		const char *name = store_org_get(db, ar, c[i].organisation, &o) == ERR_OK
					   ? o.name
					   : "?";

		s = arena_printf(ar, "%s%s%s (%s)", s, i ? ", " : "", name,
				 kw_roles[c[i].role].value);
	}
	return s;
}

/* --- create ------------------------------------------------------------ */

struct create_tx {
	const struct app *app;
	struct arena *ar;
	const struct actor *who;
	const struct kwestie_input *in;
	const struct kw_state *st;
	const struct area_node *area;
	const char *theme;
	int64_t split_from; /* the signals move out of this kwestie */
	struct field_errors *errs;
	int64_t id;
};

/* The main category ("afval" of "afval/grofvuil"). */
const char *kwestie_main_category(struct arena *ar, const char *code)
{
	const char *slash = code ? strchr(code, '/') : NULL;

	if (!code)
		return NULL;
	return slash ? arena_printf(ar, "%.*s", (int)(slash - code), code) : code;
}

static enum err create_in_tx(struct db *db, struct create_tx *t)
{
	const struct kwestie_input *in = t->in;
	struct kwestie_new k;
	const struct area_node *a;
	int64_t acting = 0;
	char now[32];
	enum err e;

	t->id = 0;
	memset(&k, 0, sizeof(k));
	store_now(now, sizeof(now));
	if ((e = chain_orgs_known(t->app, db, t->ar, in->chain, in->nchain,
				  t->errs)) != ERR_OK)
		return e;
	for (size_t i = 0; i < in->nsignals; i++) {
		struct signal_row s;
		bool in_kw;
		char *closed;
		int64_t org;

		e = signal_for_actor(t->app, db, t->ar, t->who, in->signals[i], &s,
				     &in_kw, &closed, &org, t->errs);
		if (e != ERR_OK)
			return e;
		if (closed && !t->split_from) {
			field_errors_add(t->errs, "signals",
					 N_("Deze melding is al afgesloten."));
			return ERR_UNPROCESSABLE;
		}
		if (!acting)
			acting = org;
		if (!k.category_code && s.category_code)
			k.category_code = s.category_code;
		if (!k.has_point && s.has_point) {
			k.has_point = true;
			k.lat = s.lat;
			k.lon = s.lon;
		}
	}
	for (size_t i = 0; i < in->nchain && !acting; i++)
		if (acts_for(t->who, in->chain[i].organisation))
			acting = in->chain[i].organisation;
	if (!acting) {
		field_errors_add(t->errs, "chain",
				 N_("Neem uw eigen organisatie op in de keten, of "
				    "begin de kwestie vanuit een melding van uw "
				    "organisatie."));
		return ERR_UNPROCESSABLE;
	}
	k.municipality = t->app->municipality;
	k.title = t->st->title;
	k.description = t->st->description;
	k.area_code = t->area->code;
	k.area_level = area_level_name(t->area->level);
	for (a = t->area; a; a = a->parent)
		if (a->level < AREA_GEMEENTE)
			k.chain_codes[a->level] = a->code;
	k.theme = t->theme;
	k.topic = t->theme ? t->theme : kwestie_main_category(t->ar, k.category_code);
	if (!k.topic)
		k.topic = "overig";
	k.level = t->st->level;
	k.level_reason = t->st->level_reason;
	k.status = t->st->status;
	k.urgency = t->st->urgency;
	k.demo = in->demo;
	if ((e = store_kwestie_insert(db, &k, now, &t->id)) != ERR_OK)
		return e;
	if ((e = store_kwestie_chain_add(db, t->id, in->chain, in->nchain)) != ERR_OK)
		return e;
	for (size_t i = 0; i < in->nsignals; i++) {
		bool added;

		if (t->split_from &&
		    (e = store_kwestie_unlink_signal(db, t->split_from,
						     in->signals[i])) != ERR_OK) {
			if (e == ERR_NOT_FOUND) {
				field_errors_add(t->errs, "signals",
						 N_("Deze melding hoort niet bij de "
						    "kwestie die u splitst."));
				return ERR_UNPROCESSABLE;
			}
			return e;
		}
		e = store_kwestie_link_signal(db, t->id, in->signals[i], now, &added);
		if (e != ERR_OK)
			return e;
	}
	e = store_kwestie_event(db, t->id, now, actor_label(db, t->ar, t->who, acting),
				"created", NULL, kw_statuses[k.status].value,
				k.level_reason);
	if (e == ERR_OK && t->split_from) {
		e = store_kwestie_touch(db, t->split_from, 0, now);
		if (e == ERR_OK)
			e = store_kwestie_event(db, t->split_from, now,
						actor_label(db, t->ar, t->who, acting),
						"split", NULL,
						arena_printf(t->ar, "#%lld",
							     (long long)t->id),
						NULL);
		if (e == ERR_OK)
			e = store_kwestie_settle(db, t->split_from, now);
	}
	if (e == ERR_OK)
		e = app_audit(db, t->who, t->split_from ? "kwestie.split" : "kwestie.create",
			      "kwestie", t->id,
			      json_pack("{s:s, s:s, s:s, s:I, s:o}", "title", k.title,
					"area", k.area_code, "level",
					kw_levels[k.level].value, "from",
					(json_int_t)t->split_from, "chain",
					chain_json(in->chain, in->nchain)));
	if (e == ERR_OK)
		e = store_kwestie_settle(db, t->id, now);
	return e;
}

static enum err create_tx_fn(struct db *db, void *p)
{
	return create_in_tx(db, p);
}

/* What create and split share outside the transaction: the area, the
 * theme, the rules. */
static enum err create_check(const struct app *app, struct db *db,
			     struct arena *ar, const struct kwestie_input *in,
			     struct kw_state *st, const struct area_node **area,
			     const char **theme, struct field_errors *errs)
{
	struct kw_change ch;
	struct kw_state blank;
	char now[32], day[16];
	char *name;
	size_t before = errs->n;

	*area = in->area ? areaidx_find(app->areas, in->area) : NULL;
	if (!*area)
		field_errors_add(errs, "area",
				 in->area ? N_("Dit gebied bestaat niet in deze gemeente.")
					  : N_("Kies het gebied van de kwestie."));
	*theme = NULL;
	if (in->theme && *in->theme) {
		if (store_theme_name(db, ar, in->theme, &name) != ERR_OK)
			field_errors_add(errs, "theme",
					 N_("Dit thema staat niet in de sociale kaart."));
		else
			*theme = in->theme;
	}
	if (in->nsignals > KW_SIGNALS_MAX)
		field_errors_add(errs, "signals", N_("Te veel meldingen in één keer."));
	memset(&ch, 0, sizeof(ch));
	ch.title = in->title;
	ch.description = in->description;
	ch.level = in->level;
	ch.level_reason = in->level_reason;
	ch.status = in->status;
	/* named a regisseur: someone took it up (kwestie_input.status) */
	if (!ch.status && kw_chain_regisseurs(in->chain, in->nchain) == 1)
		ch.status = kw_statuses[KS_OPGEPAKT].value;
	ch.has_urgency = in->has_urgency;
	ch.urgency = in->urgency;
	blank = kw_state_new(*area ? (*area)->level : AREA_BUURT);
	blank.nregisseurs = kw_chain_regisseurs(in->chain, in->nchain);
	store_now(now, sizeof(now));
	today(day, sizeof(day), now);
	if (kwestie_apply(ar, &blank, &ch, day, st, errs)) {
		kwestie_chain_check(in->chain, in->nchain, st->status, errs);
		/* what residents read on the kwestie page (app/plain.h) */
		plain_check(ar, "title", st->title, in->plain_confirmed || in->demo, errs);
		plain_check(ar, "description", st->description,
			    in->plain_confirmed || in->demo, errs);
	}
	return errs->n == before ? ERR_OK : ERR_UNPROCESSABLE;
}

enum err kwestie_create(const struct app *app, struct db *db, struct arena *ar,
			const struct actor *who, const struct kwestie_input *in,
			struct field_errors *errs, int64_t *id)
{
	struct create_tx t = {app, ar, who, in, NULL, NULL, NULL, 0, errs, 0};
	struct kw_state st;
	enum err e;

	*id = 0;
	if ((e = create_check(app, db, ar, in, &st, &t.area, &t.theme, errs)) != ERR_OK)
		return e;
	t.st = &st;
	e = db_write_for(db, app->municipality, create_tx_fn, &t);
	*id = t.id;
	return e;
}

/* --- change ------------------------------------------------------------ */

struct change_tx {
	const struct app *app;
	struct arena *ar;
	const struct actor *who;
	int64_t id, version;
	const struct kw_change *ch;
	const struct kw_link *chain; /* set_chain */
	size_t nchain;
	int64_t into;		     /* merge */
	int64_t signal_id;	     /* add_signal */
	bool added;
	struct field_errors *errs;
	const char *message; /* change: checked, for residents */
	size_t invited;	     /* grade invitations queued (app/grade.h) */
};

/* The organisation the actor steers this kwestie for (0: none): the
 * router lets the whole chain reach a kwestie; changing it is for its
 * regisseur and uitvoerders and those that answer for its signals
 * (store_kwestie_orgs), so a financier or betrokken cannot, say, make
 * itself uitvoerder and so reach the residents' contact data. */
int64_t kwestie_acting_org(struct db *db, struct arena *ar,
			   const struct actor *who, int64_t id)
{
	int64_t *orgs;
	size_t n;

	if (store_kwestie_orgs(db, ar, id, true, &orgs, &n) != ERR_OK)
		return 0;
	return acting_org(who, orgs, n);
}

/* ERR_FORBIDDEN unless the actor steers kwestie id (*org: for whom). */
static enum err steers(struct db *db, struct arena *ar, const struct actor *who,
		       int64_t id, int64_t *org, struct field_errors *errs)
{
	if ((*org = kwestie_acting_org(db, ar, who, id)))
		return ERR_OK;
	field_errors_add(errs, "id",
			 N_("Deze kwestie veranderen de regisseur, de uitvoerders "
			    "en de organisaties die de meldingen ontvingen."));
	return ERR_FORBIDDEN;
}

static enum err history_of_change(struct db *db, struct change_tx *t,
				  const struct kw_state *a,
				  const struct kw_state *b, const char *now,
				  const char *who)
{
	enum err e = ERR_OK;

	if (a->status != b->status || a->outcome != b->outcome) {
		const char *to = kw_statuses[b->status].value, *why = NULL;

		if (b->status == KS_AFGEROND)
			to = arena_printf(t->ar, "%s: %s", to,
					  kw_outcomes[b->outcome].value);
		if (b->status == KS_DOORGEZET)
			why = b->forwarded_to;
		else if (b->status == KS_GEPARKEERD)
			why = arena_printf(t->ar, "%s (%s)", b->park_reason,
					   b->park_until);
		else if (b->outcome == KO_DUBBEL)
			why = arena_printf(t->ar, "#%lld", (long long)b->duplicate_of);
		e = store_kwestie_event(db, t->id, now, who, "status",
					kw_statuses[a->status].value, to, why);
	}
	if (e == ERR_OK && a->level != b->level)
		e = store_kwestie_event(db, t->id, now, who, "level",
					kw_levels[a->level].value,
					kw_levels[b->level].value, b->level_reason);
	if (e == ERR_OK && (strcmp(a->title, b->title) != 0 ||
			    strcmp(a->description, b->description) != 0))
		e = store_kwestie_event(db, t->id, now, who, "text", NULL, b->title,
					NULL);
	if (e == ERR_OK && a->urgency != b->urgency)
		e = store_kwestie_event(db, t->id, now, who, "urgency",
					kw_urgencies[a->urgency].value,
					kw_urgencies[b->urgency].value, NULL);
	return e;
}

/* The professional's message for residents with a change: an entry of
 * its own on the timeline (kind "note"), after the entries of what
 * changed. */
static enum err note(struct db *db, struct change_tx *t, const char *now,
		     int64_t acting)
{
	struct timeline_new tl;

	memset(&tl, 0, sizeof(tl));
	tl.kwestie_id = t->id;
	tl.at = now;
	tl.actor = actor_label(db, t->ar, t->who, acting);
	tl.kind = "note";
	tl.message = t->message;
	return store_timeline_add(db, &tl);
}

static enum err change_tx_fn(struct db *db, void *p)
{
	struct change_tx *t = p;
	struct kwestie_row k, other;
	struct kw_state cur, next;
	char now[32], day[16];
	int64_t acting;
	enum err e;

	t->invited = 0; /* this run's (a retry starts again) */
	if ((e = kwestie_for_change(t->app, db, t->ar, t->id, t->version, &k, t->errs)) != ERR_OK)
		return e;
	if ((e = steers(db, t->ar, t->who, t->id, &acting, t->errs)) != ERR_OK)
		return e;
	if ((e = state_of(db, &k, &cur)) != ERR_OK)
		return e;
	store_now(now, sizeof(now));
	today(day, sizeof(day), now);
	if (!kwestie_apply(t->ar, &cur, t->ch, day, &next, t->errs))
		return ERR_UNPROCESSABLE;
	if (next.duplicate_of && next.duplicate_of != cur.duplicate_of) {
		e = store_kwestie_get(db, t->ar, next.duplicate_of, &other);
		if (e == ERR_NOT_FOUND ||
		    (e == ERR_OK && strcmp(other.municipality, k.municipality) != 0)) {
			field_errors_add(t->errs, "duplicate_of",
					 N_("Die kwestie bestaat niet."));
			return ERR_UNPROCESSABLE;
		}
		if (e != ERR_OK)
			return e;
	}
	if (!kw_state_differs(&cur, &next))
		/* nothing to change: no new version; a message alone is news */
		return t->message ? note(db, t, now, acting) : ERR_OK;
	if ((e = store_kwestie_update(db, t->id, &next, k.version, now)) != ERR_OK)
		return e;
	if ((e = history_of_change(db, t, &cur, &next, now,
				   actor_label(db, t->ar, t->who, acting))) != ERR_OK)
		return e;
	if (t->message && (e = note(db, t, now, acting)) != ERR_OK)
		return e;
	e = app_audit(db, t->who, "kwestie.update", "kwestie", t->id,
		      json_pack("{s:s, s:s, s:s, s:s, s:s?, s:I}", "status_from",
				kw_statuses[cur.status].value, "status",
				kw_statuses[next.status].value, "level_from",
				kw_levels[cur.level].value, "level",
				kw_levels[next.level].value, "outcome",
				next.outcome ? kw_outcomes[next.outcome].value : NULL,
				"version", (json_int_t)(k.version + 1)));
	if (e == ERR_OK)
		e = store_kwestie_settle(db, t->id, now);
	/* closed now: its residents are asked for a grade (not for a
	 * duplicate, whose residents grade the other kwestie) */
	if (e == ERR_OK && cur.status != KS_AFGEROND && next.status == KS_AFGEROND &&
	    next.outcome != KO_DUBBEL)
		e = grade_invite_on_close(t->app, db, t->ar, t->id, 0, now,
					  &t->invited);
	return e;
}

enum err kwestie_change(const struct app *app, struct db *db, struct arena *ar,
			const struct actor *who, int64_t id, int64_t version,
			const struct kw_change *ch, struct field_errors *errs)
{
	struct change_tx t = {app, ar, who, id, version, ch, NULL, 0, 0, 0, false,
			      errs, NULL, 0};
	const char *msg;
	enum err e;

	if (version <= 0) {
		field_errors_add(errs, "version",
				 N_("Stuur de versie mee die u las."));
		return ERR_INVALID;
	}
	if (ch->message && (msg = text_check(ar, ch->message, 3, KW_MESSAGE_MAX,
					     true, &t.message))) {
		field_errors_add(errs, "message", msg);
		return ERR_UNPROCESSABLE;
	}
	/* what residents read: the new title and description, the message */
	if (!plain_check(ar, "title", ch->title, ch->plain_confirmed, errs) |
	    !plain_check(ar, "description", ch->description, ch->plain_confirmed,
			 errs) |
	    !plain_check(ar, "message", t.message, ch->plain_confirmed, errs))
		return ERR_UNPROCESSABLE;
	e = db_write_for(db, app->municipality, change_tx_fn, &t);
	if (e == ERR_OK && t.invited)
		mailer_kick(app);
	return e;
}

/* --- reopened by a resident's grade --------------------------------------- */

enum err kwestie_reopen_in_tx(struct db *db, struct arena *ar, int64_t id,
			      const char *now, const char *kind)
{
	struct kw_change ch = {0};
	struct field_errors errs = {0};
	struct kwestie_row k;
	struct kw_state cur, next;
	char day[16];
	enum err e;

	if ((e = store_kwestie_get(db, ar, id, &k)) != ERR_OK)
		return e;
	if (k.merged_into || (e = state_of(db, &k, &cur)) != ERR_OK)
		return k.merged_into ? ERR_CONFLICT : e;
	today(day, sizeof(day), now);
	/* the kwestie's own rule: afgerond reopens to opgepakt, without its
	 * outcome */
	ch.status = kw_statuses[KS_OPGEPAKT].value;
	if (cur.status != KS_AFGEROND ||
	    !kwestie_apply(ar, &cur, &ch, day, &next, &errs))
		return ERR_CONFLICT;
	if ((e = store_kwestie_update(db, id, &next, k.version, now)) != ERR_OK)
		return e;
	e = store_timeline_add(db, &(struct timeline_new){
		.kwestie_id = id, .at = now, .kind = kind, .actor = "wijkagenda",
		.from_value = arena_printf(ar, "%s: %s", kw_statuses[cur.status].value,
					   kw_outcomes[cur.outcome].value),
		.to_value = ch.status});
	return e == ERR_OK ? store_kwestie_settle(db, id, now) : e;
}

/* --- the chain --------------------------------------------------------- */

static enum err chain_tx_fn(struct db *db, void *p)
{
	struct change_tx *t = p;
	struct kwestie_row k;
	struct kw_state cur;
	int64_t regisseurs, acting;
	char now[32];
	enum err e;

	if ((e = kwestie_for_change(t->app, db, t->ar, t->id, t->version, &k, t->errs)) != ERR_OK)
		return e;
	/* the actor's organisation before the change: it steers it now */
	if ((e = steers(db, t->ar, t->who, t->id, &acting, t->errs)) != ERR_OK)
		return e;
	if ((e = state_of(db, &k, &cur)) != ERR_OK)
		return e;
	if (!kwestie_chain_check(t->chain, t->nchain, cur.status, t->errs))
		return ERR_UNPROCESSABLE;
	if ((e = chain_orgs_known(t->app, db, t->ar, t->chain, t->nchain,
				  t->errs)) != ERR_OK)
		return e;
	store_now(now, sizeof(now));

	if ((e = store_kwestie_chain_set(db, t->id, t->chain, t->nchain, k.version,
					 now)) != ERR_OK)
		return e;
	/* The rule once more on what is stored, inside the transaction: no
	 * path around the form leaves a taken-up kwestie without its one
	 * regisseur (the unique index stops a second). */
	if ((e = store_kwestie_regisseurs(db, t->id, &regisseurs)) != ERR_OK)
		return e;
	if (cur.status != KS_NIEUW && regisseurs != 1) {
		field_errors_add(t->errs, "chain",
				 N_("Een opgepakte kwestie heeft precies één regisseur."));
		return ERR_UNPROCESSABLE;
	}
	e = store_kwestie_event(db, t->id, now, actor_label(db, t->ar, t->who, acting),
				"chain", NULL,
				chain_text(db, t->ar, t->chain, t->nchain), NULL);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "kwestie.chain", "kwestie", t->id,
			      json_pack("{s:o}", "chain", chain_json(t->chain, t->nchain)));
	return e;
}

enum err kwestie_set_chain(const struct app *app, struct db *db,
			   struct arena *ar, const struct actor *who,
			   int64_t id, int64_t version, const struct kw_link *c,
			   size_t n, struct field_errors *errs)
{
	struct change_tx t = {app, ar, who, id, version, NULL, c, n, 0, 0, false, errs, NULL, 0};

	if (version <= 0) {
		field_errors_add(errs, "version", N_("Stuur de versie mee die u las."));
		return ERR_INVALID;
	}
	return db_write_for(db, app->municipality, chain_tx_fn, &t);
}

/* --- signals ----------------------------------------------------------- */

static enum err add_signal_tx_fn(struct db *db, void *p)
{
	struct change_tx *t = p;
	struct kwestie_row k;
	struct signal_row s;
	bool in_kw;
	char *closed, now[32];
	int64_t org;
	enum err e;

	t->added = false;
	if ((e = kwestie_for_change(t->app, db, t->ar, t->id, 0, &k, t->errs)) != ERR_OK)
		return e;
	if (k.closed_at) {
		field_errors_add(t->errs, "id",
				 N_("Deze kwestie is afgerond: heropen haar eerst."));
		return ERR_UNPROCESSABLE;
	}
	/* Both sides: a kwestie the actor may change (the route may have
	 * checked only the signal, as triage's does) and a signal its
	 * organisation works on. */
	if ((e = steers(db, t->ar, t->who, t->id, &org, t->errs)) != ERR_OK)
		return e;
	if ((e = signal_for_actor(t->app, db, t->ar, t->who, t->signal_id, &s,
				  &in_kw, &closed, &org, t->errs)) != ERR_OK)
		return e;
	if (closed) { /* linking would reopen it without a word, as for create */
		field_errors_add(t->errs, "signal", N_("Deze melding is al afgesloten."));
		return ERR_UNPROCESSABLE;
	}
	store_now(now, sizeof(now));
	if ((e = store_kwestie_link_signal(db, t->id, t->signal_id, now,
					   &t->added)) != ERR_OK || !t->added)
		return e;
	e = store_kwestie_touch(db, t->id, 0, now);
	if (e == ERR_OK)
		e = store_kwestie_event(db, t->id, now, actor_label(db, t->ar, t->who, org),
					"signal", NULL,
					arena_printf(t->ar, "#%lld",
						     (long long)t->signal_id),
					NULL);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "kwestie.signal", "kwestie", t->id,
			      json_pack("{s:I}", "signal", (json_int_t)t->signal_id));
	if (e == ERR_OK)
		e = store_kwestie_settle(db, t->id, now);
	return e;
}

enum err kwestie_add_signal(const struct app *app, struct db *db,
			    struct arena *ar, const struct actor *who,
			    int64_t id, int64_t signal_id,
			    struct field_errors *errs, bool *added)
{
	struct change_tx t = {app, ar, who, id, 0, NULL, NULL, 0, 0, signal_id, false, errs, NULL, 0};
	enum err e = db_write_for(db, app->municipality, add_signal_tx_fn, &t);

	*added = t.added;
	return e;
}

/* --- merge and split --------------------------------------------------- */

static enum err merge_tx_fn(struct db *db, void *p)
{
	struct change_tx *t = p;
	struct kwestie_row k, into;
	char now[32];
	const char *who;
	int64_t *orgs, own;
	size_t n;
	enum err e;

	if ((e = kwestie_for_change(t->app, db, t->ar, t->id, t->version, &k, t->errs)) != ERR_OK)
		return e;
	if ((e = steers(db, t->ar, t->who, t->id, &own, t->errs)) != ERR_OK)
		return e;
	if (k.closed_at) { /* it would turn dubbel and reopen its signals */
		field_errors_add(t->errs, "id",
				 N_("Deze kwestie is afgerond: heropen haar eerst."));
		return ERR_UNPROCESSABLE;
	}
	e = store_kwestie_get(db, t->ar, t->into, &into);
	if (e == ERR_NOT_FOUND ||
	    (e == ERR_OK && strcmp(into.municipality, k.municipality) != 0)) {
		field_errors_add(t->errs, "into", N_("Die kwestie bestaat niet."));
		return ERR_UNPROCESSABLE;
	}
	if (e != ERR_OK)
		return e;
	if (into.merged_into || into.closed_at) {
		field_errors_add(t->errs, "into",
				 N_("Die kwestie is afgerond of zelf samengevoegd; "
				    "kies de kwestie waarin zij opging."));
		return ERR_UNPROCESSABLE;
	}
	if ((e = store_kwestie_orgs(db, t->ar, t->into, true, &orgs, &n)) != ERR_OK)
		return e;
	if (!acting_org(t->who, orgs, n)) {
		field_errors_add(t->errs, "into",
				 N_("Uw organisatie werkt niet aan die kwestie."));
		return ERR_FORBIDDEN;
	}
	store_now(now, sizeof(now));
	who = actor_label(db, t->ar, t->who, acting_org(t->who, orgs, n));
	if ((e = store_kwestie_merge(db, t->id, t->into, k.version, now)) != ERR_OK)
		return e;
	e = store_kwestie_touch(db, t->into, 0, now);
	if (e == ERR_OK)
		e = store_kwestie_event(db, t->id, now, who, "merged", NULL,
					arena_printf(t->ar, "#%lld", (long long)t->into),
					NULL);
	if (e == ERR_OK)
		e = store_kwestie_event(db, t->into, now, who, "merged_in", NULL,
					arena_printf(t->ar, "#%lld", (long long)t->id),
					NULL);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "kwestie.merge", "kwestie", t->id,
			      json_pack("{s:I}", "into", (json_int_t)t->into));
	if (e == ERR_OK)
		e = store_kwestie_settle(db, t->id, now);
	if (e == ERR_OK)
		e = store_kwestie_settle(db, t->into, now);
	return e;
}

enum err kwestie_merge(const struct app *app, struct db *db, struct arena *ar,
		       const struct actor *who, int64_t id, int64_t version,
		       int64_t into, struct field_errors *errs)
{
	struct change_tx t = {app, ar, who, id, version, NULL, NULL, 0, into, 0, false, errs, NULL, 0};

	if (into <= 0) {
		field_errors_add(errs, "into", N_("Noem de kwestie om mee samen te voegen."));
		return ERR_INVALID;
	}
	if (into == id) {
		field_errors_add(errs, "into",
				 N_("Een kwestie kan niet met zichzelf worden "
				    "samengevoegd."));
		return ERR_UNPROCESSABLE;
	}
	return db_write_for(db, app->municipality, merge_tx_fn, &t);
}

struct split_tx {
	struct create_tx c;
	int64_t version;
};

static enum err split_tx_fn(struct db *db, void *p)
{
	struct split_tx *s = p;
	struct kwestie_row k;
	int64_t own;
	enum err e;

	e = kwestie_for_change(s->c.app, db, s->c.ar, s->c.split_from, s->version, &k,
			       s->c.errs);
	if (e != ERR_OK)
		return e;
	if ((e = steers(db, s->c.ar, s->c.who, s->c.split_from, &own,
			s->c.errs)) != ERR_OK)
		return e;
	if (k.closed_at) {
		field_errors_add(s->c.errs, "id",
				 N_("Deze kwestie is afgerond: heropen haar eerst."));
		return ERR_UNPROCESSABLE;
	}
	return create_in_tx(db, &s->c);
}

enum err kwestie_split(const struct app *app, struct db *db, struct arena *ar,
		       const struct actor *who, int64_t id,
		       const struct kwestie_input *in,
		       struct field_errors *errs, int64_t *new_id)
{
	struct kwestie_input full = *in;
	struct kwestie_view v;
	struct kw_link *chain;
	struct kw_state st;
	struct split_tx s;
	enum err e;

	*new_id = 0;
	if (!in->nsignals) {
		field_errors_add(errs, "signals",
				 N_("Kies de meldingen die een eigen kwestie worden."));
		return ERR_UNPROCESSABLE;
	}
	if ((e = kwestie_read(db, ar, id, &v)) != ERR_OK)
		return e;
	if (!full.area)
		full.area = v.k.area_code;
	if (!full.level)
		full.level = v.k.level;
	if (!full.level_reason)
		full.level_reason = v.k.level_reason;
	if (!full.theme)
		full.theme = v.k.theme;
	if (!full.status)
		full.status = v.k.status && strcmp(v.k.status, "nieuw") != 0 &&
					      v.nchain ? "opgepakt" : "nieuw";
	if (!full.nchain && v.nchain) {
		chain = arena_alloc(ar, v.nchain * sizeof(*chain));
		for (size_t i = 0; i < v.nchain; i++) {
			chain[i].organisation = v.chain[i].organisation;
			chain[i].role = kw_role_parse(v.chain[i].role);
		}
		full.chain = chain;
		full.nchain = v.nchain;
	}
	memset(&s, 0, sizeof(s));
	s.c.app = app;
	s.c.ar = ar;
	s.c.who = who;
	s.c.in = &full;
	s.c.split_from = id;
	s.c.errs = errs;
	s.version = v.k.version;
	if ((e = create_check(app, db, ar, &full, &st, &s.c.area, &s.c.theme,
			      errs)) != ERR_OK)
		return e;
	s.c.st = &st;
	e = db_write_for(db, app->municipality, split_tx_fn, &s);
	*new_id = s.c.id;
	return e;
}

/* --- support ----------------------------------------------------------- */

struct support_tx {
	int64_t id;
	const char *key;
	bool added;
	struct field_errors *errs;
	struct arena *ar;
	const struct app *app;
};

static enum err support_tx_fn(struct db *db, void *p)
{
	struct support_tx *t = p;
	struct kwestie_row k;
	char now[32];
	enum err e;

	t->added = false;
	if ((e = store_kwestie_get(db, t->ar, t->id, &k)) != ERR_OK)
		return e;
	if (!app_is_here(t->app, k.municipality))
		return ERR_NOT_FOUND;
	if (k.closed_at) {
		field_errors_add(t->errs, "id",
				 k.merged_into
					 ? N_("Deze kwestie is samengevoegd met een andere: "
					      "steun die.")
					 : N_("Deze kwestie is afgerond."));
		return ERR_UNPROCESSABLE;
	}
	store_now(now, sizeof(now));
	if ((e = store_kwestie_support(db, t->id, t->key, now, &t->added)) != ERR_OK ||
	    !t->added)
		return e;
	return store_kwestie_settle(db, t->id, now);
}

/* The supporter follows the kwestie too.  After the support committed,
 * so nothing here can undo it: a refusal is logged (without the address)
 * and the support still answers ERR_OK. */
static void support_follow(const struct app *app, struct db *db,
			   struct arena *ar, const struct support_input *in)
{
	struct follow_input f = {in->id, NULL, in->email, in->client, in->frequency};
	struct field_errors errs = {0};
	int retry = 0;
	enum err e = follower_follow(app, db, ar, &f, &errs, &retry);

	if (e != ERR_OK)
		log_event(e == ERR_LIMITED ? "info" : "error",
			  "support_not_followed", "reason", err_name(e));
}

/* A bad frequency is refused before anything is counted. */
static bool support_frequency_ok(const struct support_input *in,
				 struct field_errors *errs)
{
	if (!in->frequency || !*in->frequency ||
	    notify_frequency_valid(in->frequency))
		return true;
	field_errors_add(errs, "frequency", N_("Kies een van de mogelijkheden."));
	return false;
}

enum err kwestie_support(const struct app *app, struct db *db,
			 struct arena *ar, const struct support_input *in,
			 struct field_errors *errs, bool *added,
			 int *retry_after)
{
	struct support_tx t = {in->id, NULL, false, errs, ar, app};
	const char *norm = NULL, *client = in->client;
	char key[33];
	enum err e;

	*added = false;
	*retry_after = 0;
	if (in->email && *in->email) {
		if (!(norm = email_normalise(ar, in->email)) || !email_valid(norm)) {
			field_errors_add(errs, "email",
					 N_("Dit e-mailadres klopt niet."));
			return ERR_INVALID;
		}
	}
	if (!support_frequency_ok(in, errs))
		return ERR_INVALID;
	if (app->rl_intake && client &&
	    !ratelimit_take(app->rl_intake, client, retry_after))
		return ERR_LIMITED;
	/* The key says who without keeping who (app/resident.h). */
	resident_key(key, norm, client);
	t.key = key;
	e = db_write_for(db, app->municipality, support_tx_fn, &t);
	*added = t.added;
	/* only a new support follows: the same address again changes nothing
	 * and sends no second mail (the follow form is there for that) */
	if (e == ERR_OK && norm && in->follow && t.added)
		support_follow(app, db, ar, in);
	return e;
}

/* --- triage ------------------------------------------------------------ */

struct triage_tx {
	const struct app *app;
	struct arena *ar;
	const struct actor *who;
	int64_t signal_id;
	const char *reason, *category, *outcome;
	struct field_errors *errs;
	size_t invited; /* close: grade invitations queued (app/grade.h) */
};

static enum err triage_signal(struct db *db, struct triage_tx *t,
			      struct signal_row *s, int64_t *org)
{
	bool in_kw;
	char *closed;
	enum err e = signal_for_actor(t->app, db, t->ar, t->who, t->signal_id, s,
				      &in_kw, &closed, org, t->errs);

	if (e != ERR_OK)
		return e;
	if (closed || in_kw) {
		field_errors_add(t->errs, "signal",
				 closed ? N_("Deze melding is al afgesloten.")
					: N_("Deze melding hoort al bij een kwestie."));
		return ERR_UNPROCESSABLE;
	}
	return ERR_OK;
}

static enum err decline_tx_fn(struct db *db, void *p)
{
	struct triage_tx *t = p;
	struct signal_row s;
	int64_t org;
	char now[32];
	enum err e;

	if ((e = triage_signal(db, t, &s, &org)) != ERR_OK)
		return e;
	store_now(now, sizeof(now));
	e = store_signal_decline(db, t->signal_id, org, t->reason, now);
	if (e == ERR_CONFLICT)
		field_errors_add(t->errs, "signal",
				 N_("Uw organisatie gaf al aan dat deze melding niet "
				    "voor haar is."));
	if (e == ERR_OK)
		e = app_audit(db, t->who, "signal.decline", "signal", t->signal_id,
			      json_pack("{s:I, s:s}", "organisation", (json_int_t)org,
					"reason", t->reason));
	return e;
}

enum err triage_decline(const struct app *app, struct db *db, struct arena *ar,
			const struct actor *who, int64_t signal_id,
			const char *reason, struct field_errors *errs)
{
	struct triage_tx t = {app, ar, who, signal_id, NULL, NULL, NULL, errs, 0};
	const char *msg = kw_reason_check(ar, reason, &t.reason);

	if (msg) {
		/* a rule of the text, as for closing: 422 */
		field_errors_add(errs, "reason", msg);
		return ERR_UNPROCESSABLE;
	}
	return db_write_for(db, app->municipality, decline_tx_fn, &t);
}

/* Set or kept by a professional: a label the category suggestion learns
 * from (app/suggest.h). */
static enum err category_confirm(struct db *db, int64_t signal_id)
{
	char now[32];

	store_now(now, sizeof(now));
	return store_signal_confirm_category(db, signal_id, now);
}

static enum err category_tx_fn(struct db *db, void *p)
{
	struct triage_tx *t = p;
	struct signal_row s;
	int64_t org;
	enum err e;

	if ((e = triage_signal(db, t, &s, &org)) != ERR_OK)
		return e;
	if ((e = category_confirm(db, t->signal_id)) != ERR_OK)
		return e;
	if (s.category_code && strcmp(s.category_code, t->category) == 0)
		return ERR_OK;
	e = store_signal_set_category(db, t->signal_id, t->category);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "signal.category", "signal", t->signal_id,
			      json_pack("{s:s?, s:s}", "from", s.category_code, "to",
					t->category));
	return e;
}

enum err triage_set_category(const struct app *app, struct db *db,
			     struct arena *ar, const struct actor *who,
			     int64_t signal_id, const char *category,
			     struct field_errors *errs)
{
	struct triage_tx t = {app, ar, who, signal_id, NULL, category, NULL, errs, 0};

	if (!category || !app_category_name(app, category)) {
		field_errors_add(errs, "category", N_("Deze categorie bestaat niet."));
		return ERR_UNPROCESSABLE;
	}
	return db_write_for(db, app->municipality, category_tx_fn, &t);
}

static enum err close_tx_fn(struct db *db, void *p)
{
	struct triage_tx *t = p;
	struct signal_row s;
	int64_t org;
	char now[32];
	enum err e;

	t->invited = 0; /* this run's (a retry starts again) */
	if ((e = triage_signal(db, t, &s, &org)) != ERR_OK)
		return e;
	store_now(now, sizeof(now));
	e = store_signal_close(db, t->signal_id, t->outcome, now);
	if (e == ERR_OK) /* public: the reason is written for the resident */
		e = store_timeline_add(db, &(struct timeline_new){
			.signal_id = t->signal_id, .at = now, .kind = "closed",
			.actor = actor_label(db, t->ar, t->who, org),
			.to_value = t->outcome, .reason = t->reason});
	if (e == ERR_OK)
		e = app_audit(db, t->who, "signal.close", "signal", t->signal_id,
			      json_pack("{s:s, s:s}", "outcome", t->outcome, "reason",
					t->reason));
	if (e == ERR_OK)
		e = grade_invite_on_close(t->app, db, t->ar, 0, t->signal_id, now,
					  &t->invited);
	return e;
}

enum err triage_close(const struct app *app, struct db *db, struct arena *ar,
		      const struct actor *who, int64_t signal_id,
		      const char *outcome, const char *reason,
		      struct field_errors *errs)
{
	struct triage_tx t = {app, ar, who, signal_id, NULL, NULL, outcome, errs, 0};
	int o = kw_outcome_parse(outcome);
	enum err e;
	const char *msg = kw_reason_check(ar, reason, &t.reason);

	if (o <= KO_NONE)
		field_errors_add(errs, "outcome",
				 N_("Afsluiten kan alleen met een uitkomst: opgelost, "
				    "deels opgelost, niet op te lossen op dit niveau "
				    "of geen actie nodig."));
	else if (o == KO_DUBBEL)
		field_errors_add(errs, "outcome",
				 N_("Een dubbele melding voegt u toe aan de kwestie "
				    "waar zij bij hoort."));
	if (msg)
		field_errors_add(errs, "reason", msg);
	if (errs->n)
		return ERR_UNPROCESSABLE;
	e = db_write_for(db, app->municipality, close_tx_fn, &t);
	if (e == ERR_OK && t.invited)
		mailer_kick(app);
	return e;
}

enum err triage_list(struct db *db, struct arena *ar, const struct actor *who,
		     const struct triage_filter *f, struct signal_row **out,
		     size_t *n)
{
	return store_triage(db, ar, who->kind == ACTOR_ACCOUNT ? who->account_id : 0,
			    who->kind == ACTOR_KEY ? who->key_org : 0, f, out, n);
}

/* --- the periodic job -------------------------------------------------- */

struct unpark_tx {
	struct arena *ar;
	int64_t n;
};

static enum err unpark_tx_fn(struct db *db, void *p)
{
	struct unpark_tx *t = p;
	char now[32], day[16];
	int64_t *ids;
	size_t n;
	enum err e;

	store_now(now, sizeof(now));
	today(day, sizeof(day), now);
	if ((e = store_kwestie_unpark(db, t->ar, day, now, &ids, &n)) != ERR_OK)
		return e;
	for (size_t i = 0; i < n && e == ERR_OK; i++)
		e = store_kwestie_settle(db, ids[i], now);
	t->n = (int64_t)n;
	if (e == ERR_OK && n)
		e = app_audit(db, &actor_system, "kwestie.unpark", "kwestie", 0,
			      json_pack("{s:I}", "kwesties", (json_int_t)n));
	return e;
}

enum err kwestie_unpark_due(struct db *db, struct arena *ar, int64_t *n)
{
	struct unpark_tx t = {ar, 0};
	enum err e = db_write(db, unpark_tx_fn, &t);

	*n = t.n;
	return e;
}

/* --- reads ------------------------------------------------------------- */

enum err kwestie_read(struct db *db, struct arena *ar, int64_t id,
		      struct kwestie_view *out)
{
	enum err e;

	memset(out, 0, sizeof(*out));
	if ((e = store_kwestie_get(db, ar, id, &out->k)) != ERR_OK)
		return e;
	if ((e = store_kwestie_chain(db, ar, id, &out->chain, &out->nchain)) != ERR_OK)
		return e;
	if ((e = store_timeline_kwestie(db, ar, id, &out->history,
					&out->nhistory)) != ERR_OK)
		return e;
	timeline_fill(ar, out->history, out->nhistory);
	if ((e = store_promises_kwestie(db, ar, id, &out->promises,
					&out->npromises)) != ERR_OK)
		return e;
	out->today = arena_alloc(ar, 11);
	promise_today((char *)out->today);
	out->expected_by = promise_expected_by(out->promises, out->npromises);
	return ERR_OK;
}

enum err agenda_read(const struct app *app, struct db *db, struct arena *ar,
		     const char *code, struct agenda *out)
{
	const struct area_node *a = code ? areaidx_find(app->areas, code) : NULL;
	enum err e;

	memset(out, 0, sizeof(*out));
	if (!a)
		return ERR_NOT_FOUND;
	out->code = a->code;
	out->name = a->name;
	out->area_level = a->level;
	out->level = area_level_name(a->level);
	for (const struct area_node *p = a->parent; p && out->nparents < 4; p = p->parent)
		out->parents[out->nparents++] = p->code;
	e = store_agenda(db, ar, app->municipality,
			 a->level == AREA_GEMEENTE ? app->municipality : a->code,
			 a->level, AGENDA_MAX, &out->kwesties, &out->n);
	if (e == ERR_OK && out->nparents)
		e = store_agenda_above(db, ar, app->municipality, out->parents,
				       out->nparents, 10, &out->above, &out->nabove);
	if (e == ERR_OK)
		e = store_agenda_topics(db, ar, app->municipality,
					a->level == AREA_GEMEENTE ? app->municipality
								  : a->code,
					a->level, 2, 10, &out->topics, &out->ntopics);
	return e;
}

/* Words of at least 5 letters, lower case (ASCII letters; other bytes end
 * a word), for the "a word in common" of suggestions. */
static bool shares_word(const char *text, const char *other)
{
	char w[48];
	size_t n = 0;

	if (!text || !other)
		return false;
	for (const char *p = text;; p++) {
		char c = *p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			if (n < sizeof(w) - 1)
				w[n++] = (char)(c | 0x20);
			continue;
		}
		if (n >= 5 && n < sizeof(w) - 1) {
			w[n] = 0;
			if (strcasestr(other, w))
				return true;
		}
		n = 0;
		if (!c)
			break;
	}
	return false;
}

static double metres(double lat1, double lon1, double lat2, double lon2)
{
	const double r = 6371000.0, rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double x = dlon * cos((lat1 + lat2) / 2 * rad);

	return r * sqrt(x * x + dlat * dlat);
}

#define SUGGEST_RADIUS_M 250.0

enum err kwestie_suggest(const struct app *app, struct db *db,
			 struct arena *ar, const char *buurt, bool has_point,
			 double lat, double lon, const char *category,
			 const char *text, size_t max,
			 struct kwestie_row **out, size_t *n)
{
	double dlat = SUGGEST_RADIUS_M / 111320.0;
	double dlon = has_point ? dlat / fmax(0.1, cos(lat * M_PI / 180.0)) : 0;
	const char *main = kwestie_main_category(ar, category);
	struct kwestie_row *c, *keep;
	int *score;
	size_t nc, nk = 0;
	enum err e;

	*out = NULL;
	*n = 0;
	e = store_kwestie_candidates(db, ar, app->municipality, buurt, has_point,
				     lat, lon, dlat, dlon, 100, &c, &nc);
	if (e != ERR_OK || !nc)
		return e;
	keep = arena_alloc(ar, nc * sizeof(*keep));
	score = arena_alloc(ar, nc * sizeof(*score));
	for (size_t i = 0; i < nc; i++) {
		bool near = buurt && c[i].buurt_code && strcmp(buurt, c[i].buurt_code) == 0;
		bool same_cat = main && c[i].category_code &&
				strcmp(main, kwestie_main_category(ar, c[i].category_code)) == 0;
		bool words = shares_word(text, c[i].title) ||
			     shares_word(text, c[i].description);
		int s;

		if (has_point && c[i].has_point &&
		    metres(lat, lon, c[i].lat, c[i].lon) <= SUGGEST_RADIUS_M)
			near = true;
		if (!near || (!same_cat && !words))
			continue;
		s = (same_cat ? 2 : 0) + (words ? 2 : 0) +
		    (category && c[i].category_code &&
		     strcmp(category, c[i].category_code) == 0);
		/* insertion by score, stable for equal ones */
		size_t j = nk++;

		while (j > 0 && score[j - 1] < s) {
			keep[j] = keep[j - 1];
			score[j] = score[j - 1];
			j--;
		}
		keep[j] = c[i];
		score[j] = s;
	}
	*out = keep;
	*n = nk < max ? nk : max;
	return ERR_OK;
}

const char *kwestie_topic_label(const struct app *app, struct db *db,
				struct arena *ar, const char *topic)
{
	const char *cat = app_category_name(app, topic);
	char *name;

	if (cat)
		return cat;
	if (store_theme_name(db, ar, topic, &name) == ERR_OK && name)
		return name;
	return topic;
}

int64_t signal_acting_org(struct db *db, struct arena *ar,
			  const struct actor *who, int64_t signal_id)
{
	int64_t *orgs;
	size_t n;

	if (store_signal_orgs(db, ar, signal_id, false, &orgs, &n) != ERR_OK)
		return 0;
	return acting_org(who, orgs, n);
}

enum err kwestie_read_in(struct db *db, struct arena *ar,
			 const char *municipality, int64_t id,
			 struct kwestie_view *out)
{
	enum err e = kwestie_read(db, ar, id, out);

	if (e == ERR_OK && (!out->k.municipality ||
			    strcmp(out->k.municipality, municipality) != 0)) {
		memset(out, 0, sizeof(*out));
		return ERR_NOT_FOUND;
	}
	return e;
}
