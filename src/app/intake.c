/* intake: see intake.h. */
#include "intake.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/kwestie.h"
#include "app/mailer.h"
#include "app/photo.h"
#include "app/promise.h"
#include "app/resident.h"
#include "app/timeline.h"
#include "base/ratelimit.h"
#include "base/token.h"
#include "domain/describe.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "store/outbox.h"

/* Resolve the place: a point (must lie in a buurt) or a buurt code. */
static int place(const struct app *app, struct signal_input *in,
		 struct field_errors *errs, struct area_chain *chain)
{
	const struct area_node *b;

	memset(chain, 0, sizeof(*chain));
	if (in->has_point) {
		if (areaidx_lookup(app->areas, in->lat_v, in->lon_v, chain) == 0)
			return 0;
		field_errors_add(errs, "lat", N_("dit punt ligt buiten de gemeente"));
		return -1;
	}
	b = areaidx_find(app->areas, in->buurt);
	if (!b || b->level != AREA_BUURT) {
		field_errors_add(errs, "buurt", N_("is geen bekende buurt"));
		return -1;
	}
	for (const struct area_node *n = b; n; n = n->parent)
		chain->at[n->level] = n;
	return 0;
}

/* Same client, same content: the same signal (double clicks, retries). */
static const char *dedupe_key(struct arena *ar, const char *client,
			      const struct signal_input *in)
{
	char lat[32] = "", lon[32] = "", *out = arena_alloc(ar, 33);
	const char *parts[10];

	if (in->has_point) {
		snprintf(lat, sizeof(lat), "%.6f", in->lat_v);
		snprintf(lon, sizeof(lon), "%.6f", in->lon_v);
	}
	parts[0] = client;
	parts[1] = in->kind;
	parts[2] = in->text;
	parts[3] = lat;
	parts[4] = lon;
	parts[5] = in->buurt;
	parts[6] = in->category;
	parts[7] = in->email;
	parts[8] = in->phone;
	parts[9] = in->age_band;
	resident_key_parts(out, parts, 10); /* keyed: it holds an address */
	return out;
}

/* The acknowledgement a resident who left an address gets at once: who
 * looks at the signal and by when (app/promise.h, from the category's
 * norm and the calendar), and the tracking link.  Queued in the intake's
 * own transaction (store_signal_new.after): there is a mail if and only
 * if there is a signal. */
struct ack {
	const struct app *app;
	struct arena *ar;
	const struct signal_input *in;
	enum lang lang; /* the request's: ack_mail runs on a group's thread */
	/* what it worked out, for the answer's track_read (same transaction) */
	int64_t id;
	struct expectation ex;
};

static enum err ack_mail(struct db *db, void *ctx, int64_t id, const char *token,
			 const char *now)
{
	struct ack *a = ctx;
	struct signal_row s;
	struct expectation ex;
	char by[64];
	const char *body;
	enum lang was = i18n_current();
	enum err e;

	memset(&s, 0, sizeof(s));
	s.id = id;
	s.municipality = (char *)a->app->municipality;
	s.category_code = (char *)a->in->category;
	s.created_at = (char *)now;
	a->id = 0;
	if ((e = promise_expect_signal(db, a->ar, &s, &ex)) != ERR_OK)
		return e;
	a->id = id;
	a->ex = ex;
	/* store_signal_create may run this on another request's thread
	 * (group commit): write the mail in this request's language */
	i18n_use(a->lang);
	if (describe_date(by, sizeof(by), ex.by) != 0)
		snprintf(by, sizeof(by), "%s", ex.by);
	body = arena_printf(
		a->ar,
		_("Dank u voor uw melding.\n\n%s U hoort uiterlijk %s wat ermee "
		  "gebeurt.\n\nOp deze pagina ziet u uw melding en wat ermee "
		  "gebeurt:\n%s/m/%s\n\nBewaar de link goed. Iedereen die hem "
		  "heeft, kan uw melding zien. Uw e-mailadres ziet niemand.\n"),
		promise_who_looks(a->ar, &ex), by, a->app->base_url, token);
	e = outbox_add(db, a->in->email, _("Uw melding is ontvangen"), body);
	i18n_use(was);
	return e;
}

/* The signal as the API's answer shows it (signal_track), read inside
 * the intake's transaction: on SQLite that runs on the group's writer,
 * whose page cache holds the rows just written; read after the commit on
 * the request's own connection it cost a quarter of intake's time
 * (bench/RESULTS.md, issue 16).  The timeline's texts are in this
 * request's language, as with the acknowledgement. */
struct track_read {
	struct arena *ar;
	struct signal_track *out;
	enum lang lang;
	const struct ack *ack; /* its expectation, when it made one */
	bool photos;	       /* the new signal has photos */
};

static enum err track_read(struct db *db, void *ctx, const struct signal_row *row,
			   bool fresh)
{
	struct track_read *t = ctx;
	enum lang was = i18n_current();
	char *outcome = NULL;
	enum err e;

	/* a signal stored in this transaction has no outcome yet */
	if (!fresh && (e = store_signal_outcome(db, t->ar, row->id, &outcome)) != ERR_OK)
		return e;
	i18n_use(t->lang);
	e = signal_track_with(db, t->ar, row, outcome,
			      t->ack && t->ack->id == row->id ? &t->ack->ex : NULL,
			      NULL, t->out);
	i18n_use(was);
	/* a new signal without photos has none to read */
	if (e == ERR_OK && (!fresh || t->photos))
		e = store_photos_of_signal(db, t->ar, row->id, &t->out->photos,
					   &t->out->nphotos);
	return e;
}

/* Well-formed, then known: the place and the category. */
static enum err check(const struct app *app, struct arena *ar,
		      struct signal_input *in, struct field_errors *errs,
		      struct area_chain *chain)
{
	if (signal_validate(ar, in, errs))
		return ERR_INVALID;
	if (in->category && !app_category_name(app, in->category))
		field_errors_add(errs, "category", N_("is geen bekende categorie"));
	if (place(app, in, errs, chain) != 0 || errs->n)
		return ERR_UNPROCESSABLE;
	return ERR_OK;
}

/* An intake checked and ready to store (intake_prepare), in ar. */
struct intake_pending {
	const struct app *app;
	struct db *db;
	struct arena *ar;
	struct signal_new s;
	struct intake_outcome *out;
	struct signal_pending *queued; /* NULL: stored by intake_store */
	enum err e;		       /* intake_store's */
};

enum err intake_prepare(const struct app *app, struct db *db, struct arena *ar,
			const char *client, struct signal_input *in,
			struct field_errors *errs, struct intake_outcome *out,
			struct signal_track *track, struct intake_pending **pending)
{
	struct area_chain chain;
	struct intake_pending *p;
	struct signal_new *s;
	char *key;
	enum err e;

	memset(out, 0, sizeof(*out));
	*pending = NULL;
	if (app->rl_intake &&
	    !ratelimit_take(app->rl_intake, client, &out->retry_after))
		return ERR_LIMITED;
	if ((e = check(app, ar, in, errs, &chain)) != ERR_OK)
		return e;
	if (!db)
		return ERR_BUSY;
	if (in->nphotos && photo_check_pending(app, db, ar, in->photos,
					       in->nphotos, errs))
		return ERR_UNPROCESSABLE;
	p = arena_alloc(ar, sizeof(*p));
	memset(p, 0, sizeof(*p));
	p->app = app;
	p->db = db;
	p->ar = ar;
	p->out = out;
	s = &p->s;
	s->municipality = app->municipality;
	s->in = in;
	for (int i = 0; i < 4; i++)
		s->codes[i] = chain.at[i] ? chain.at[i]->code : NULL;
	s->dedupe_key = dedupe_key(ar, client, in);
	s->dedupe_window_s = app->dedupe_window_s;
	/* Who reported, without keeping who: the figures' reach outlives
	 * the contact row that retention blanks. */
	key = arena_alloc(ar, 33);
	resident_key(key, in->email, client);
	s->resident_key = key;
	s->lang = i18n_code(i18n_current());
	/* Received by the system, not yet by an organisation: no one has
	 * looked at it, and "Gemeente Amsterdam" would say someone had. */
	s->received_by = TIMELINE_SYSTEM;
	s->photos = in->photos;
	s->nphotos = in->nphotos;
	if (in->email) {
		struct ack *a = arena_alloc(ar, sizeof(*a));

		a->app = app;
		a->ar = ar;
		a->in = in;
		a->lang = i18n_current();
		a->id = 0;
		s->after = ack_mail;
		s->after_ctx = a;
	}
	if (track) {
		struct track_read *t = arena_alloc(ar, sizeof(*t));

		t->ack = s->after_ctx;
		t->ar = ar;
		t->out = track;
		t->lang = i18n_current();
		t->photos = in->nphotos > 0;
		s->read = track_read;
		s->read_ctx = t;
	}
	*pending = p;
	return ERR_OK;
}

void intake_store(struct intake_pending *p, void (*done)(void *arg), void *arg)
{
	p->queued = store_signal_queue(p->db, p->ar, &p->s, &p->out->row, done, arg);
	if (p->queued)
		return;
	p->e = store_signal_create(p->db, p->ar, &p->s, &p->out->row,
				   &p->out->replayed);
	done(arg);
}

enum err intake_finish(struct intake_pending *p)
{
	enum err e = p->e;

	if (p->queued)
		e = store_signal_pending_result(p->queued, &p->out->replayed);
	if (e == ERR_OK && p->s.in->email && !p->out->replayed)
		mailer_kick(p->app);
	return e;
}

enum err intake_suggest(const struct app *app, struct db *db, struct arena *ar,
			const struct signal_input *in, size_t max,
			struct kwestie_row **out, size_t *n)
{
	struct signal_input v = *in; /* validation normalises in place */
	struct field_errors errs;
	struct area_chain chain;

	*out = NULL;
	*n = 0;
	memset(&errs, 0, sizeof(errs));
	if (!db || check(app, ar, &v, &errs, &chain) != ERR_OK)
		return ERR_OK;
	return kwestie_suggest(app, db, ar, chain.at[AREA_BUURT]->code,
			       v.has_point, v.lat_v, v.lon_v, v.category, v.text,
			       max, out, n);
}
