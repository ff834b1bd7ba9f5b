/* notify: see notify.h.  A run reads the subscriptions, and for each
 * recipient composes its mails outside the transaction (composing reads,
 * and db_write may run its function twice on PostgreSQL), then writes
 * the mails, their link and the new cursors in one. */
#include "notify.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/mailer.h"
#include "app/timeline.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/token.h"
#include "domain/describe.h"
#include "domain/email.h"
#include "domain/calendar.h"
#include "domain/notify.h"
#include "i18n/i18n.h"
#include "store/kwestie.h"
#include "store/notify.h"
#include "store/outbox.h"
#include "store/store.h"

#define MAIL_MAX (60 * 1024) /* below MAIL_BODY_MAX: room for the footer */

/* A mail's link: one token for the subscriptions it is about. */
struct link {
	char token[TOKEN_LEN + 1], hash[33];
	const char *prefs, *unsubscribe; /* URLs */
};

static void link_new(const struct app *app, struct arena *ar, struct link *l)
{
	const char *parts[1] = {l->token};

	token_new(l->token);
	token_hash_parts(l->hash, parts, 1);
	l->prefs = arena_printf(ar, "%s/meldingen-instellen/%s", app->base_url,
				l->token);
	l->unsubscribe = arena_printf(ar, "%s/afmelden/%s", app->base_url, l->token);
}

static void use_lang(const char *code)
{
	int l = code ? i18n_parse(code) : -1;

	i18n_use(l < 0 ? LANG_NL : (enum lang)l);
}

/* What an entry's subject is, for people, and where to read it. */
static void describe_subject(const struct app *app, struct db *db,
			     struct arena *ar, const struct notify_item *it,
			     const char **what, const char **href)
{
	struct kwestie_row k;
	char *token = NULL;

	if (it->kind == 'k' && store_kwestie_get(db, ar, it->subject, &k) == ERR_OK) {
		*what = arena_printf(ar, _("de kwestie \u201c%s\u201d"), k.title);
		*href = arena_printf(ar, "%s/kwesties/%lld", app->base_url,
				     (long long)it->subject);
		return;
	}
	store_notify_signal_token(db, ar, it->subject, &token);
	*what = _("uw melding");
	*href = token ? arena_printf(ar, "%s/m/%s", app->base_url, token)
		      : app->base_url;
}

/* The entries of a subscription as items (text in the language in use). */
static size_t add_items(struct arena *ar, const struct timeline_row *r,
			size_t n, struct notify_item *items, size_t at)
{
	for (size_t i = 0; i < n; i++) {
		struct notify_item *it = &items[at + i];

		it->kind = r[i].kwestie_id ? 'k' : 's';
		it->subject = r[i].kwestie_id ? r[i].kwestie_id : r[i].signal_id;
		it->id = r[i].id;
		it->at = r[i].at;
		it->text = timeline_text(ar, &r[i]);
		it->title = NULL;
	}
	return at + n;
}

static void entry_line(struct buf *b, const struct notify_item *it)
{
	char when[64];

	if (describe_time(when, sizeof(when), it->at) != 0)
		snprintf(when, sizeof(when), "%s", it->at);
	buf_addf(b, "- %s: %s\n", when, it->text);
}

static void footer(struct buf *b, const char *frequency, const struct link *l)
{
	buf_addf(b, "\n-- \n%s %s\n%s\n%s\n%s\n%s\n",
		 _("U krijgt deze mail omdat u hierom vroeg. Uw keuze:"),
		 _(notify_frequency_label(frequency)),
		 _("Kies hoe vaak u mail krijgt, of meld u af:"), l->prefs,
		 _("Meteen afmelden:"), l->unsubscribe);
}

/* A finished body in the arena; NULL when it did not fit. */
static const char *body_done(struct arena *ar, struct buf *b)
{
	const char *s = b->overflow ? NULL : arena_strdup(ar, buf_str(b));

	buf_release(b);
	return s;
}

/* A subject line within the limit: the long form, else the short one. */
static const char *subject_line(struct arena *ar, const char *what)
{
	const char *s = arena_printf(ar, _("Nieuws over %s"), what);

	return mail_subject_valid(s) ? s : _("Nieuws van wijkagenda");
}

/* --- writing ------------------------------------------------------------ */

struct mail_out {
	const char *subject, *body;
};

/* The mails of one recipient, and what they move. */
struct send_tx {
	const char *to, *now;
	const struct link *l;
	struct notify_sub *subs;
	size_t nsubs;
	int64_t *upto; /* per sub: the newest entry mailed */
	struct mail_out *mails;
	size_t nmails;
};

static enum err send_tx_fn(struct db *db, void *p)
{
	struct send_tx *t = p;
	enum err e = ERR_OK;

	for (size_t i = 0; e == ERR_OK && i < t->nsubs; i++) {
		if (t->upto[i] <= t->subs[i].mailed_upto)
			continue;
		if (t->nmails)
			e = store_notify_token_add(db, t->l->hash, &t->subs[i], t->now);
		if (e == ERR_OK)
			e = store_notify_advance(db, &t->subs[i], t->upto[i]);
	}
	for (size_t i = 0; e == ERR_OK && i < t->nmails; i++) {
		struct outbox_mail m = {t->to, t->mails[i].subject, t->mails[i].body,
					t->l->unsubscribe, false};

		e = outbox_add_mail(db, &m);
	}
	/* the cursors, the links and the outbox are on no public answer: a
	 * minute's mails keep every kept answer */
	return db_end_unseen(db, e);
}

/* --- gathering ------------------------------------------------------------ */

/* The new entries of subs[0..n) as items; upto[i] the newest of each. */
static enum err gather(struct db *db, struct arena *ar, struct notify_sub *subs,
		       size_t n, int64_t *upto, struct notify_item **items,
		       size_t *nitems)
{
	struct timeline_row **rows = arena_alloc(ar, n * sizeof(*rows));
	size_t *counts = arena_alloc(ar, n * sizeof(*counts)), total = 0, at = 0;
	enum err e;

	for (size_t i = 0; i < n; i++) {
		if ((e = store_notify_entries(db, ar, &subs[i], &rows[i], &counts[i])) !=
		    ERR_OK)
			return e;
		upto[i] = counts[i] ? rows[i][counts[i] - 1].id : subs[i].mailed_upto;
		total += counts[i];
	}
	*items = arena_alloc(ar, (total ? total : 1) * sizeof(**items));
	for (size_t i = 0; i < n; i++)
		at = add_items(ar, rows[i], counts[i], *items, at);
	*nitems = at;
	return ERR_OK;
}

/* The end of the group starting at items[i]. */
static size_t group_end(const struct notify_item *items, size_t n, size_t i)
{
	size_t j = i + 1;

	while (j < n && items[j].kind == items[i].kind &&
	       items[j].subject == items[i].subject)
		j++;
	return j;
}

/* One section: what it is about, its entries, the link to read on. */
static void section(const struct app *app, struct db *db, struct arena *ar,
		    struct buf *b, const struct notify_item *items, size_t i,
		    size_t j, const char **what_out)
{
	const char *what, *href;

	describe_subject(app, db, ar, &items[i], &what, &href);
	buf_addf(b, _("Er is nieuws over %s:"), what);
	buf_adds(b, "\n\n");
	for (size_t k = i; k < j; k++)
		entry_line(b, &items[k]);
	buf_addf(b, "\n%s\n%s\n\n", _("Lees verder:"), href);
	if (what_out)
		*what_out = what;
}

/* --- composing ----------------------------------------------------------- */

typedef size_t (*compose_fn)(const struct app *app, struct db *db,
			     struct arena *ar, const struct notify_sub *s,
			     const struct link *l, struct notify_item *items,
			     size_t n, struct mail_out *out);

/* Direct: one mail per subject. */
static size_t direct_mails(const struct app *app, struct db *db,
			   struct arena *ar, const struct notify_sub *s,
			   const struct link *l, struct notify_item *items,
			   size_t n, struct mail_out *out)
{
	size_t m = 0;

	for (size_t i = 0; i < n;) {
		size_t j = group_end(items, n, i);
		const char *what = NULL, *body;
		struct buf b;

		buf_init(&b, MAIL_MAX);
		section(app, db, ar, &b, items, i, j, &what);
		footer(&b, s->frequency, l);
		if ((body = body_done(ar, &b))) {
			out[m].subject = subject_line(ar, what);
			out[m++].body = body;
		}
		i = j;
	}
	return m;
}

/* A digest: one mail, a section per subject. */
static size_t digest_mail(const struct app *app, struct db *db,
			  struct arena *ar, const struct notify_sub *s,
			  const struct link *l, struct notify_item *items,
			  size_t n, struct mail_out *out)
{
	bool weekly = strcmp(s->frequency, "weekly") == 0;
	struct buf b;

	buf_init(&b, MAIL_MAX);
	buf_addf(&b, "%s\n\n", weekly ? _("Het nieuws van de afgelopen week:")
				      : _("Het nieuws van de afgelopen dag:"));
	for (size_t i = 0; i < n;) {
		size_t j = group_end(items, n, i);

		section(app, db, ar, &b, items, i, j, NULL);
		i = j;
	}
	footer(&b, s->frequency, l);
	out->subject = weekly ? _("Uw weekoverzicht van wijkagenda")
			      : _("Uw dagoverzicht van wijkagenda");
	return (out->body = body_done(ar, &b)) ? 1 : 0;
}

/* The mails of subs[0..n), all to one address, and their commit. */
static enum err recipient_run(const struct app *app, struct db *db,
			      struct arena *ar, struct notify_sub *subs,
			      size_t n, compose_fn compose, size_t *sent)
{
	struct send_tx t = {subs[0].email, NULL, NULL, subs, n, NULL, NULL, 0};
	struct notify_item *items;
	struct link l;
	size_t nitems, groups;
	char now[32];
	enum err e;

	t.upto = arena_alloc(ar, n * sizeof(*t.upto));
	if ((e = gather(db, ar, subs, n, t.upto, &items, &nitems)) != ERR_OK)
		return e;
	if (nitems == 0)
		return ERR_OK;
	groups = notify_group(items, &nitems);
	link_new(app, ar, &l);
	store_now(now, sizeof(now));
	t.now = now;
	t.l = &l;
	t.mails = arena_alloc(ar, groups * sizeof(*t.mails));
	/* A bounced address: the cursors move, nothing is queued. */
	if (!store_bounced(db, subs[0].email)) {
		use_lang(subs[0].lang);
		t.nmails = compose(app, db, ar, &subs[0], &l, items, nitems, t.mails);
		i18n_use(LANG_NL);
	}
	if ((e = db_write(db, send_tx_fn, &t)) == ERR_OK)
		*sent += t.nmails;
	return e;
}

/* Every subscription of frequency, one recipient at a time: each
 * subscription alone (direct) or all of one address together (digest). */
static int run_frequency(struct db *db, const struct app *app,
			 const char *frequency, bool by_address, char *msg,
			 size_t msglen)
{
	struct arena ar;
	struct notify_sub *subs;
	size_t n, sent = 0, failed = 0;
	enum err e;

	arena_init(&ar);
	if ((e = store_notify_subs(db, &ar, app->municipality, frequency, &subs, &n)) != ERR_OK) {
		arena_clear(&ar);
		snprintf(msg, msglen, "reading subscriptions: %s", err_name(e));
		return -1;
	}
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;

		while (by_address && j < n && strcmp(subs[j].email, subs[i].email) == 0)
			j++;
		if (recipient_run(app, db, &ar, &subs[i], j - i,
				  by_address ? digest_mail : direct_mails,
				  &sent) != ERR_OK)
			failed++;
		i = j;
	}
	arena_clear(&ar);
	snprintf(msg, msglen, "%zu mails queued, %zu recipients failed", sent,
		 failed);
	if (sent)
		mailer_kick(app);
	return failed ? -1 : 0;
}

int notify_direct_run(struct db *db, void *ctx, char *msg, size_t msglen)
{
	return run_frequency(db, ctx, "direct", false, msg, msglen);
}

int notify_daily_run(struct db *db, void *ctx, char *msg, size_t msglen)
{
	return run_frequency(db, ctx, "daily", true, msg, msglen);
}

int notify_weekly_run(struct db *db, void *ctx, char *msg, size_t msglen)
{
	return run_frequency(db, ctx, "weekly", true, msg, msglen);
}

/* --- the professional digest ---------------------------------------------- */

static void promise_line(const struct app *app, struct buf *b,
			 const struct promise_due *p, const char *today)
{
	char due[64];

	if (describe_date(due, sizeof(due), p->due) != 0)
		snprintf(due, sizeof(due), "%s", p->due);
	buf_addf(b, "- %s%s: %s\n", due,
		 strcmp(p->due, today) < 0 ? _(" (te laat)") : "", p->what);
	if (p->kwestie_id)
		buf_addf(b, "  %s\n  %s/kwesties/%lld\n", p->title ? p->title : "",
			 app->base_url, (long long)p->kwestie_id);
	else
		buf_addf(b, "  %s/werk/meldingen/%lld\n", app->base_url,
			 (long long)p->signal_id);
}

struct org_tx {
	char **to;
	size_t n;
	const char *subject, *body;
};

static enum err org_tx_fn(struct db *db, void *p)
{
	struct org_tx *t = p;
	enum err e = ERR_OK;

	for (size_t i = 0; e == ERR_OK && i < t->n; i++)
		e = outbox_add(db, t->to[i], t->subject, t->body);
	return db_end_unseen(db, e); /* the outbox: on no public answer */
}

/* One organisation's promises p[0..n): one mail to each member. */
static enum err org_mail(const struct app *app, struct db *db, struct arena *ar,
			 const struct promise_due *p, size_t n,
			 const char *today, size_t *sent)
{
	struct org_tx t = {NULL, 0, NULL, NULL};
	struct buf b;
	enum err e;

	if ((e = store_org_member_emails(db, ar, p[0].organisation_id, &t.to, &t.n)) !=
		    ERR_OK ||
	    t.n == 0)
		return e;
	buf_init(&b, MAIL_MAX);
	buf_addf(&b, _("Toezeggingen van %s die te laat zijn of binnen %d werkdagen "
		       "moeten gebeuren:"),
		 p[0].organisation, NOTIFY_SOON_WORKDAYS);
	buf_adds(&b, "\n\n");
	for (size_t i = 0; i < n; i++)
		promise_line(app, &b, &p[i], today);
	buf_addf(&b, "\n%s\n", _("U krijgt deze mail als lid van de organisatie, "
				 "alleen op dagen dat er iets is."));
	if (!(t.body = body_done(ar, &b)))
		return ERR_INVALID;
	t.subject = arena_printf(ar, _("Toezeggingen die bijna verlopen: %s"),
				 p[0].organisation);
	if (!mail_subject_valid(t.subject))
		t.subject = _("Toezeggingen die bijna verlopen");
	if ((e = db_write(db, org_tx_fn, &t)) == ERR_OK)
		*sent += t.n;
	return e;
}

int notify_professional_run(struct db *db, void *ctx, char *msg,
			    size_t msglen)
{
	const struct app *app = ctx;
	char today[11], until[11];
	struct promise_due *p;
	struct arena ar;
	size_t n, sent = 0, failed = 0;

	{
		struct cal_date t = cal_amsterdam_date((int64_t)time(NULL)), u;

		cal_date_format(t, today);
		/* national holidays count; each organisation's own closing
		 * days do not (one window for all) */
		if (!cal_add_workdays(t, NOTIFY_SOON_WORKDAYS, NULL, 0, &u))
			u = t;
		cal_date_format(u, until);
	}
	arena_init(&ar);
	i18n_use(LANG_NL);
	if (store_promises_due(db, &ar, app->municipality, until, &p, &n) != ERR_OK) {
		arena_clear(&ar);
		snprintf(msg, msglen, "reading promises failed");
		return -1;
	}
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;

		while (j < n && p[j].organisation_id == p[i].organisation_id)
			j++;
		if (org_mail(app, db, &ar, &p[i], j - i, today, &sent) != ERR_OK)
			failed++;
		i = j;
	}
	arena_clear(&ar);
	snprintf(msg, msglen, "%zu mails queued, %zu organisations failed", sent,
		 failed);
	if (sent)
		mailer_kick(app);
	return failed ? -1 : 0;
}
