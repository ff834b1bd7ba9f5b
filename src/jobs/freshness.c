/* freshness: the daily reminder of the social map (see freshness.h).
 * The reminder is one mail per coordinator per organisation, not one per
 * service: an organisation with twenty outdated entries gets one list,
 * and one link to confirm them. */
#include "freshness.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/actor.h"
#include "app/audit.h"
#include "base/buf.h"
#include "base/log.h"
#include "domain/freshness.h"
#include "i18n/i18n.h"
#include "store/accounts.h"
#include "store/outbox.h"
#include "store/socialmap_search.h"
#include "store/store.h"

/* More than this many services in one mail are summed up. */
#define REMIND_LIST_MAX 50

/* A name from the database on one line of a text mail (at most 200
 * bytes; a cut may split a UTF-8 sequence, which mail readers show as one
 * odd character). */
static const char *one_line(struct arena *ar, const char *s)
{
	char *out = arena_strndup(ar, s ? s : "", 200);

	for (char *p = out; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = ' ';
	return out;
}

static void mail_body(struct buf *b, struct arena *ar, const struct sk_due *d,
		      size_t n, const char *base_url)
{
	buf_adds(b, _("Beste coördinator,"));
	buf_adds(b, "\n\n");
	buf_addf(b, _("Deze diensten van %s op de sociale kaart zijn langer dan "
		      "%d dagen niet bevestigd:"),
		 one_line(ar, d[0].organisation_name), freshness_days());
	buf_adds(b, "\n\n");
	for (size_t i = 0; i < n && i < REMIND_LIST_MAX; i++)
		buf_addf(b, _("- %s (laatst bevestigd op %.10s)\n"),
			 one_line(ar, d[i].name),
			 d[i].confirmed_at ? d[i].confirmed_at : "?");
	if (n > REMIND_LIST_MAX)
		buf_addf(b, _("- en nog %zu andere diensten\n"), n - REMIND_LIST_MAX);
	buf_adds(b, "\n");
	buf_adds(b, _("Klopt de informatie nog? Bevestig het met één klik, of pas "
		      "de dienst aan:"));
	buf_addf(b, "\n%s/beheer/organisaties/%lld/diensten\n\n", base_url,
		 (long long)d[0].organisation_id);
	buf_adds(b, _("Tot u dat doet, staat bij deze diensten op de sociale kaart "
		      "\"mogelijk verouderd\"."));
	buf_adds(b, "\n\n");
	buf_adds(b, _("Met vriendelijke groet,\nwijkagenda\n"));
}

/* One organisation's reminder inside db_write: mails counts what it
 * queued. */
struct remind {
	struct arena *ar;
	const struct sk_due *d;
	size_t n;
	const char *base_url, *now;
	size_t mails;
};

static enum err remind_tx(struct db *db, void *p)
{
	struct remind *t = p;
	const struct sk_due *d = t->d;
	struct buf body;
	char **to;
	size_t nto;
	enum err e;

	t->mails = 0;
	if ((e = store_socialmap_coordinators(db, t->ar, d[0].organisation_id, &to,
					      &nto)) != ERR_OK || nto == 0)
		return e; /* nobody to tell: stays due until someone is */
	buf_init(&body, 60000);
	mail_body(&body, t->ar, d, t->n, t->base_url);
	for (size_t i = 0; i < nto && e == ERR_OK; i++)
		if ((e = outbox_add(db, to[i],
				    _("Klopt uw informatie op de sociale kaart nog?"),
				    buf_str(&body))) == ERR_OK)
			t->mails++;
	buf_release(&body);
	for (size_t i = 0; i < t->n && e == ERR_OK; i++)
		e = store_socialmap_mark_reminded(db, d[i].service_id, t->now);
	if (e == ERR_OK)
		e = app_audit(db, &actor_system, "service.remind", "organisation",
			      d[0].organisation_id,
			      json_pack("{s:I, s:I}", "services", (json_int_t)t->n,
					"mails", (json_int_t)nto));
	return e;
}

/* One organisation's due services d[0..n), in a transaction of its own:
 * one organisation that fails does not hold back the others. */
static enum err remind_org(struct db *db, struct arena *ar,
			   const struct sk_due *d, size_t n,
			   const char *base_url, size_t *mails)
{
	char now[32];
	struct remind t = {ar, d, n, base_url, now, 0};
	enum err e;

	store_now(now, sizeof(now));
	if ((e = db_write(db, remind_tx, &t)) == ERR_OK)
		*mails += t.mails;
	return e;
}

int freshness_remind(struct db *db, void *ctx, char *msg, size_t msglen)
{
	const struct freshness_sites *sites = ctx;
	struct arena ar;
	struct sk_due *d;
	char cutoff[32];
	size_t n, queued = 0, failed = 0;
	enum err e;

	arena_init(&ar);
	freshness_cutoff(cutoff, sizeof(cutoff));
	e = store_socialmap_due(db, &ar, cutoff, &d, &n);
	for (size_t i = 0, j; e == ERR_OK && i < n; i = j) {
		for (j = i + 1; j < n && d[j].organisation_id == d[i].organisation_id; j++)
			;
		/* the link goes to the organisation's own municipality's site */
		if (remind_org(db, &ar, d + i, j - i,
			       sites->base(sites->ctx, d[i].municipality),
			       &queued) != ERR_OK)
			failed++;
	}
	arena_clear(&ar);
	if (e != ERR_OK || failed) {
		snprintf(msg, msglen, "freshness reminders: %s (%zu organisations failed)",
			 err_name(e), failed);
		return -1;
	}
	snprintf(msg, msglen, "due %zu, mails %zu", n, queued);
	log_event("info", "freshness_remind", "result", msg);
	return 0;
}
