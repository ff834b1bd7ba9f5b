/* notify: see notify.h. */
#include "notify.h"

#include <jansson.h>
#include <string.h>

#include "app/app.h"
#include "app/audit.h"
#include "base/token.h"
#include "domain/notify.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "store/follower.h"
#include "store/kwestie.h"

/* The audit log's actor: the person of the link, never named. */
static const struct actor link_actor = {ACTOR_NOBODY, 0, 0, 0, NULL,
					"resident", false, NULL, 0};

static bool link_hash(const char *token, char *hash)
{
	const char *parts[1] = {token};

	if (!token || !token_valid(token))
		return false;
	token_hash_parts(hash, parts, 1);
	return true;
}

static void describe_sub(const struct app *app, struct db *db, struct arena *ar,
			 const struct notify_sub *s, const char **what,
			 const char **href)
{
	const struct area_node *a;
	struct kwestie_row k;

	if (s->kind == 's') {
		*what = _("uw melding");
		*href = NULL;
	} else if (s->kwestie_id && store_kwestie_get(db, ar, s->kwestie_id, &k) == ERR_OK) {
		*what = arena_printf(ar, _("de kwestie \u201c%s\u201d"), k.title);
		*href = arena_printf(ar, "/kwesties/%lld", (long long)s->kwestie_id);
	} else if (s->area_code && (a = areaidx_find(app->areas, s->area_code))) {
		*what = arena_printf(ar, _("de agenda van %s"), a->name);
		*href = arena_printf(ar, "/agenda/%s", a->code);
	} else {
		*what = _("wijkagenda");
		*href = NULL;
	}
}

static void describe_all(const struct app *app, struct db *db,
			 struct arena *ar, struct notify_prefs *out)
{
	out->what = arena_alloc(ar, (out->n + 1) * sizeof(*out->what));
	out->href = arena_alloc(ar, (out->n + 1) * sizeof(*out->href));
	for (size_t i = 0; i < out->n; i++)
		describe_sub(app, db, ar, &out->subs[i], &out->what[i], &out->href[i]);
}

enum err notify_prefs_read(const struct app *app, struct db *db,
			   struct arena *ar, const char *token,
			   struct notify_prefs *out)
{
	char hash[33];
	enum err e;

	memset(out, 0, sizeof(*out));
	if (!link_hash(token, hash))
		return ERR_NOT_FOUND;
	if ((e = store_notify_by_token(db, ar, hash, &out->subs, &out->n)) != ERR_OK)
		return e;
	describe_all(app, db, ar, out);
	return ERR_OK;
}

/* Choosing or stopping, found again inside the transaction. */
struct prefs_tx {
	struct arena *ar;
	const char *hash, *frequency; /* NULL: stop */
	struct notify_prefs *out;
};

static json_t *detail(const struct notify_sub *s, const char *frequency)
{
	return json_pack("{s:s}", "frequency", frequency ? frequency : "stop");
}

static enum err change_one(struct db *db, const struct notify_sub *s,
			   const char *frequency)
{
	bool del = !frequency && s->kind == 'f';
	enum err e;

	if (del)
		e = store_follower_delete(db, s->id);
	else
		e = store_notify_set_frequency(db, s, frequency ? frequency : "none");
	if (e == ERR_OK && s->email)
		e = store_bounce_clear(db, s->email);
	if (e == ERR_OK)
		e = app_audit(db, &link_actor,
			      del ? "follower.delete" : "notify.frequency",
			      s->kind == 's' ? "signal" : "follower", s->id,
			      detail(s, frequency));
	return e;
}

static enum err prefs_tx_fn(struct db *db, void *p)
{
	struct prefs_tx *t = p;
	enum err e = store_notify_by_token(db, t->ar, t->hash, &t->out->subs,
					   &t->out->n);

	for (size_t i = 0; e == ERR_OK && i < t->out->n; i++)
		e = change_one(db, &t->out->subs[i], t->frequency);
	/* how often mail comes, the bounces, the audit log: on no public
	 * answer (its page is not kept), so every kept answer stays */
	return db_end_unseen(db, e);
}

static enum err change(const struct app *app, struct db *db, struct arena *ar,
		       const char *token, const char *frequency,
		       struct notify_prefs *out)
{
	char hash[33];
	struct prefs_tx t = {ar, hash, frequency, out};
	enum err e;

	memset(out, 0, sizeof(*out));
	if (!link_hash(token, hash))
		return ERR_NOT_FOUND;
	/* described before: a stopped follower's kwestie is still named */
	if ((e = notify_prefs_read(app, db, ar, token, out)) != ERR_OK)
		return e;
	if ((e = db_write(db, prefs_tx_fn, &t)) != ERR_OK)
		return e;
	describe_all(app, db, ar, out);
	for (size_t i = 0; i < out->n; i++)
		out->subs[i].frequency = (char *)(frequency ? frequency : "none");
	return ERR_OK;
}

enum err notify_prefs_set(const struct app *app, struct db *db,
			  struct arena *ar, const char *token,
			  const char *frequency, struct field_errors *errs,
			  struct notify_prefs *out)
{
	if (!notify_frequency_valid(frequency)) {
		memset(out, 0, sizeof(*out));
		field_errors_add(errs, "frequency", N_("Kies een van de mogelijkheden."));
		return ERR_INVALID;
	}
	return change(app, db, ar, token, frequency, out);
}

enum err notify_stop(const struct app *app, struct db *db, struct arena *ar,
		     const char *token, struct notify_prefs *out)
{
	return change(app, db, ar, token, NULL, out);
}
