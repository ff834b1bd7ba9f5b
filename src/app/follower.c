/* follower: see follower.h. */
#include "follower.h"

#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#include "app/app.h"
#include "app/audit.h"
#include "app/mailer.h"
#include "base/ratelimit.h"
#include "base/token.h"
#include "domain/email.h"
#include "domain/notify.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "store/kwestie.h"
#include "store/notify.h"
#include "store/outbox.h"
#include "store/store.h"

/* The audit log's actor: a resident who is not signed in, never named by
 * the address. */
static const struct actor follower_actor = {ACTOR_NOBODY, 0, 0, 0, NULL,
					    "resident", false, NULL, 0};

/* What is followed, for people and for the links. */
static enum err describe(const struct app *app, struct db *db,
			 struct arena *ar, int64_t kwestie_id,
			 const char *area_code, struct follower_link *out,
			 struct kwestie_row *k)
{
	const struct area_node *a;
	enum err e;

	if (kwestie_id) {
		if ((e = store_kwestie_get(db, ar, kwestie_id, k)) != ERR_OK)
			return e;
		/* another municipality's is not found through this site */
		if (!app_is_here(app, k->municipality))
			return ERR_NOT_FOUND;
		out->what = arena_printf(ar, _("de kwestie \u201c%s\u201d"), k->title);
		out->href = arena_printf(ar, "/kwesties/%lld", (long long)kwestie_id);
		return ERR_OK;
	}
	if (!area_code || !(a = areaidx_find(app->areas, area_code)))
		return ERR_NOT_FOUND;
	out->what = arena_printf(ar, _("de agenda van %s"), a->name);
	out->href = arena_printf(ar, "/agenda/%s", a->code);
	return ERR_OK;
}

static json_t *audit_detail(const struct follower_new *f)
{
	return f->kwestie_id ? json_pack("{s:I}", "kwestie", (json_int_t)f->kwestie_id)
			     : json_pack("{s:s}", "area", f->area_code);
}

/* --- following ---------------------------------------------------------- */

struct follow_tx {
	struct arena *ar;
	const struct follower_new *f;
	const char *subject, *body;
};

static enum err follow_tx_fn(struct db *db, void *p)
{
	struct follow_tx *t = p;
	struct follower_row row;
	const char *action = "follower.create";
	int64_t id;
	enum err e = store_follower_find(db, t->ar, t->f, &row);

	if (e == ERR_NOT_FOUND) {
		e = store_follower_insert(db, t->f, &id);
	} else if (e == ERR_OK) {
		/* Confirmed already: nothing changes and no mail goes, so
		 * that nobody can send mail to a follower through us. */
		if (row.confirmed_at)
			return ERR_OK;
		id = row.id;
		action = "follower.refresh";
		e = store_follower_refresh(db, id, t->f);
	}
	if (e == ERR_OK)
		e = app_audit(db, &follower_actor, action, "follower", id,
			      audit_detail(t->f));
	if (e == ERR_OK) {
		/* asked for now: goes even to a bounced address, whose mark the
		 * confirmation clears */
		struct outbox_mail m = {t->f->email, t->subject, t->body, NULL, true};

		e = outbox_add_mail(db, &m);
	}
	return e;
}

static void follow_mail(const struct app *app, struct arena *ar,
			const struct follower_link *l, const char *confirm,
			const char *unsubscribe, struct follow_tx *t)
{
	t->subject = _("Bevestig dat u wilt volgen op wijkagenda");
	t->body = arena_printf(
		ar,
		_("U heeft gevraagd om mail over %s:\n%s%s\n\nBevestig dat met "
		  "deze link (de link werkt %d dagen):\n%s%s%s\n\nHeeft u hier niet "
		  "om gevraagd? Dan hoeft u niets te doen: zonder bevestiging "
		  "krijgt u geen mail, en na %d dagen wissen wij uw adres.\n\n"
		  "Afmelden kan altijd, met deze link:\n%s%s%s\n"),
		l->what, app->base_url, l->href, FOLLOWER_CONFIRM_DAYS,
		app->base_url, "/volgen/", confirm, FOLLOWER_CONFIRM_DAYS,
		app->base_url, "/afmelden/", unsubscribe);
}

/* The e-mail address, normalised; else the field error. */
static const char *follow_email(struct arena *ar, const char *typed,
				struct field_errors *errs)
{
	const char *norm = email_normalise(ar, typed);

	if (!typed || !*typed)
		field_errors_add(errs, "email", N_("Vul uw e-mailadres in."));
	else if (!norm || !email_valid(norm))
		field_errors_add(errs, "email", N_("Dit e-mailadres klopt niet."));
	else
		return norm;
	return NULL;
}

/* The chosen frequency, "direct" when none was; else the field error. */
static const char *follow_frequency(const char *typed, struct field_errors *errs)
{
	if (!typed || !*typed)
		return "direct";
	if (notify_frequency_valid(typed))
		return typed;
	field_errors_add(errs, "frequency", N_("Kies een van de mogelijkheden."));
	return NULL;
}

/* A closed kwestie has no news to follow. */
static enum err open_kwestie(const struct kwestie_row *k,
			     struct field_errors *errs)
{
	if (!k->closed_at)
		return ERR_OK;
	field_errors_add(errs, "kwestie",
			 k->merged_into
				 ? N_("Deze kwestie is samengevoegd met een andere: "
				      "volg die.")
				 : N_("Deze kwestie is afgerond; er komt geen nieuws "
				      "meer over."));
	return ERR_UNPROCESSABLE;
}

static bool limited(const struct app *app, const struct follow_input *in,
		    const char *email, int *retry_after)
{
	return (app->rl_mail_ip && in->client &&
		!ratelimit_take(app->rl_mail_ip, in->client, retry_after)) ||
	       (app->rl_mail_address &&
		!ratelimit_take(app->rl_mail_address, email, retry_after));
}

enum err follower_follow(const struct app *app, struct db *db,
			 struct arena *ar, const struct follow_input *in,
			 struct field_errors *errs, int *retry_after)
{
	char confirm[TOKEN_LEN + 1], unsubscribe[TOKEN_LEN + 1];
	char confirm_hash[33], unsubscribe_hash[33], now[32];
	const char *parts[1];
	struct follower_link l;
	struct kwestie_row k;
	struct follower_new f;
	struct follow_tx t = {ar, &f, NULL, NULL};
	const char *email, *frequency;
	enum err e;

	*retry_after = 0;
	memset(&l, 0, sizeof(l));
	memset(&k, 0, sizeof(k));
	email = follow_email(ar, in->email, errs);
	frequency = follow_frequency(in->frequency, errs);
	if (!email || !frequency)
		return ERR_INVALID;
	if ((e = describe(app, db, ar, in->kwestie_id, in->area_code, &l, &k)) !=
		    ERR_OK ||
	    (e = open_kwestie(&k, errs)) != ERR_OK)
		return e;
	if (limited(app, in, email, retry_after))
		return ERR_LIMITED;
	token_new(confirm);
	token_new(unsubscribe);
	parts[0] = confirm;
	token_hash_parts(confirm_hash, parts, 1);
	parts[0] = unsubscribe;
	token_hash_parts(unsubscribe_hash, parts, 1);
	store_now(now, sizeof(now));
	memset(&f, 0, sizeof(f));
	f.municipality = app->municipality;
	f.kwestie_id = in->kwestie_id;
	f.area_code = in->kwestie_id ? NULL : areaidx_find(app->areas, in->area_code)->code;
	f.email = email;
	f.confirm_hash = confirm_hash;
	f.unsubscribe_hash = unsubscribe_hash;
	f.now = now;
	f.lang = i18n_code(i18n_current());
	f.frequency = frequency;
	follow_mail(app, ar, &l, confirm, unsubscribe, &t);
	/* a follower, its audit entry and its mail show on no public answer
	 * of another municipality */
	if ((e = db_write_for(db, app->municipality, follow_tx_fn, &t)) != ERR_OK)
		return e;
	mailer_kick(app);
	return ERR_OK;
}

/* --- the mailed links --------------------------------------------------- */

/* The hash of a token from a link; false when it cannot be one. */
static bool link_hash(const char *token, char *hash)
{
	const char *parts[1] = {token};

	if (!token || !token_valid(token))
		return false;
	token_hash_parts(hash, parts, 1);
	return true;
}

static enum err by_confirm(struct db *db, struct arena *ar, const char *hash,
			   struct follower_row *out)
{
	char since[32];

	store_time_ago(since, sizeof(since), FOLLOWER_CONFIRM_DAYS * 86400);
	return store_follower_by_confirm(db, ar, hash, since, out);
}

static enum err link_describe(const struct app *app, struct db *db,
			      struct arena *ar, struct follower_link *out)
{
	struct kwestie_row k;

	return describe(app, db, ar, out->f.kwestie_id, out->f.area_code, out, &k);
}

enum err follower_confirm_read(const struct app *app, struct db *db,
			       struct arena *ar, const char *token,
			       struct follower_link *out)
{
	char hash[33];
	enum err e;

	memset(out, 0, sizeof(*out));
	if (!link_hash(token, hash))
		return ERR_NOT_FOUND;
	if ((e = by_confirm(db, ar, hash, &out->f)) != ERR_OK)
		return e;
	return link_describe(app, db, ar, out);
}

enum err follower_unsubscribe_read(const struct app *app, struct db *db,
				   struct arena *ar, const char *token,
				   struct follower_link *out)
{
	char hash[33];
	enum err e;

	memset(out, 0, sizeof(*out));
	if (!link_hash(token, hash))
		return ERR_NOT_FOUND;
	if ((e = store_follower_by_unsubscribe(db, ar, hash, &out->f)) != ERR_OK)
		return e;
	return link_describe(app, db, ar, out);
}

/* Using a link: the row found again inside the transaction, so of two
 * clicks at once only one confirms or deletes it. */
struct link_tx {
	struct arena *ar;
	const char *hash;
	bool confirm;
	struct follower_row *f;
};

static json_t *row_detail(const struct follower_row *f)
{
	return f->kwestie_id ? json_pack("{s:I}", "kwestie", (json_int_t)f->kwestie_id)
			     : json_pack("{s:s}", "area", f->area_code);
}

/* Followers, their links, the bounces and the audit log are on no public
 * answer: using a link keeps every kept answer (db_end_unseen). */
static enum err link_tx_fn(struct db *db, void *p)
{
	struct link_tx *t = p;
	char now[32];
	enum err e;

	if (t->confirm) {
		store_now(now, sizeof(now));
		if ((e = by_confirm(db, t->ar, t->hash, t->f)) == ERR_OK &&
		    (e = store_follower_confirm(db, t->f->id, now)) == ERR_OK &&
		    (e = store_bounce_clear(db, t->f->email)) == ERR_OK)
			e = app_audit(db, &follower_actor, "follower.confirm",
				      "follower", t->f->id, row_detail(t->f));
		return db_end_unseen(db, e);
	}
	if ((e = store_follower_by_unsubscribe(db, t->ar, t->hash, t->f)) == ERR_OK &&
	    (e = store_follower_delete(db, t->f->id)) == ERR_OK)
		e = app_audit(db, &follower_actor, "follower.delete", "follower",
			      t->f->id, row_detail(t->f));
	return db_end_unseen(db, e);
}

static enum err link_use(const struct app *app, struct db *db,
			 struct arena *ar, const char *token, bool confirm,
			 struct follower_link *out)
{
	char hash[33];
	struct link_tx t = {ar, hash, confirm, &out->f};
	enum err e;

	memset(out, 0, sizeof(*out));
	if (!link_hash(token, hash))
		return ERR_NOT_FOUND;
	if ((e = db_write(db, link_tx_fn, &t)) != ERR_OK)
		return e;
	return link_describe(app, db, ar, out);
}

enum err follower_confirm(const struct app *app, struct db *db,
			  struct arena *ar, const char *token,
			  struct follower_link *out)
{
	return link_use(app, db, ar, token, true, out);
}

enum err follower_unsubscribe(const struct app *app, struct db *db,
			      struct arena *ar, const char *token,
			      struct follower_link *out)
{
	return link_use(app, db, ar, token, false, out);
}
