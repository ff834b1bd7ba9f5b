/* mailer: see mailer.h. */
#include "mailer.h"

#include <string.h>

#include "base/token.h"
#include "i18n/i18n.h"
#include "mail/worker.h"
#include "store/accounts.h"
#include "store/outbox.h"
#include "store/store.h"
#include "app/app.h"

const char *mailer_link(const struct mail_env *env, const char *kind,
			const char *token)
{
	const char *path = strcmp(kind, "magic") == 0	 ? "/mijn/"
			   : strcmp(kind, "join") == 0 ? "/uitnodiging/"
						       : "/wachtwoord/";

	return arena_printf(env->ar, "%s%s%s", env->app->base_url, path, token);
}

/* How long a link works, as a phrase of its own: English needs a plural
 * where Dutch "uur" has none, and whole days read better than 168 hours.
 * (Two languages with two forms each; the i18n module has no ngettext.) */
static const char *valid_text(const struct mail_env *env, int valid_s)
{
	int hours = valid_s / 3600;

	if (hours <= 1)
		return _("1 uur");
	if (hours >= 48 && hours % 24 == 0)
		return arena_printf(env->ar, _("%d dagen"), hours / 24);
	return arena_printf(env->ar, _("%d uur"), hours);
}

static void mail_text(const struct mail_env *env, const char *kind,
		      const char *extra,
		      const char *link, int valid_s, const char **subject,
		      const char **body)
{
	const char *valid = valid_text(env, valid_s);

	if (strcmp(kind, "invite") == 0) {
		*subject = _("Uitnodiging voor wijkagenda");
		*body = arena_printf(env->ar,
				     _("U bent uitgenodigd om in wijkagenda te werken "
				       "voor %s.\n\nKies met deze link een wachtwoord "
				       "(de link werkt %s):\n%s\n\nKende u deze "
				       "uitnodiging niet? Dan kunt u deze mail "
				       "negeren.\n"),
				     extra ? extra : "", valid, link);
	} else if (strcmp(kind, "magic") == 0) {
		*subject = _("Uw meldingen bij wijkagenda");
		*body = arena_printf(env->ar,
				     _("Met deze link ziet u al uw meldingen. U kunt er "
				       "ook uw contactgegevens mee aanpassen of wissen "
				       "(de link werkt %s en één keer):\n%s\n\nHeeft u "
				       "hier niet om gevraagd? Dan kunt u deze mail "
				       "negeren.\n"),
				     valid, link);
	} else {
		*subject = _("Een wachtwoord kiezen voor wijkagenda");
		*body = arena_printf(env->ar,
				     _("Met deze link kiest u een (nieuw) wachtwoord "
				       "voor wijkagenda (de link werkt %s):\n%s\n\n"
				       "Heeft u hier niet om gevraagd? Dan kunt u deze "
				       "mail negeren; uw wachtwoord blijft dan "
				       "hetzelfde.\n"),
				     valid, link);
	}
}

/* The token and its mail (outbox) inside db_write. */
struct token_mail {
	const struct token_row *t;
	const char *email, *subject, *body;
};

static enum err token_mail_tx(struct db *db, void *p)
{
	struct token_mail *m = p;
	enum err e = store_token_create(db, m->t);

	if (e == ERR_OK)
		e = outbox_add(db, m->email, m->subject, m->body);
	/* a log-in link, a reset or an invitation: on no public answer */
	return db_end_unseen(db, e);
}

enum err mailer_token_mail(const struct mail_env *env, struct db *db,
			   const char *kind, const char *email,
			   int64_t account_id, int64_t org_id,
			   const char *role, const char *org_name,
			   const char *token, int valid_s)
{
	struct token_row t;
	struct token_mail m = {&t, email, NULL, NULL};
	const char *parts[1] = {token};
	char hash[33], now[32], exp[32];
	enum err e;

	token_hash_parts(hash, parts, 1);
	store_now(now, sizeof(now));
	store_time_ago(exp, sizeof(exp), -valid_s);
	memset(&t, 0, sizeof(t));
	t.token_hash = hash;
	t.kind = (char *)kind;
	t.email = (char *)email;
	t.account_id = account_id;
	t.org_id = org_id;
	t.role = (char *)role;
	t.created_at = now;
	t.expires_at = exp;
	mail_text(env, kind, org_name, mailer_link(env, kind, token),
		  valid_s, &m.subject, &m.body);
	if ((e = db_write(db, token_mail_tx, &m)) != ERR_OK)
		return e;
	mailer_kick(env->app);
	return ERR_OK;
}

void mailer_kick(const struct app *app)
{
	if (app->mail)
		mail_worker_kick(app->mail);
}
