/* closing_days: see closing_days.h. */
#include "closing_days.h"

#include <jansson.h>
#include <time.h>

#include "app/audit.h"
#include "domain/authz.h"
#include "i18n/i18n.h"
#include "store/store.h"

struct cal_date closing_days_today(void)
{
	return cal_amsterdam_date((int64_t)time(NULL));
}

/* A day from outside: a date, not before today.  Returns the msgid of
 * what is wrong, or NULL. */
static const char *day_check(const char *s, struct cal_date *d)
{
	if (!s || !*s)
		return N_("is verplicht");
	if (!cal_date_parse(s, d))
		return N_("is geen bestaande datum (JJJJ-MM-DD)");
	if (cal_date_cmp(*d, closing_days_today()) < 0)
		return N_("ligt in het verleden");
	return NULL;
}

/* A day and its reason inside db_write. */
struct day_tx {
	const struct actor *who;
	const struct org_row *org;
	struct arena *ar;
	char day[11];
	const char *reason;
};

static enum err add_tx(struct db *db, void *p)
{
	struct day_tx *t = p;
	char now[32];
	enum err e;

	store_now(now, sizeof(now));
	e = store_closing_day_add(db, t->org->id, t->day, t->reason, now);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "organisation.closing_day.add",
			      "organisation", t->org->id,
			      json_pack("{s:s, s:s}", "day", t->day, "reason",
					t->reason));
	return db_end_in(db, t->org->municipality, e);
}

enum err closing_day_add(struct db *db, struct arena *ar,
			 const struct actor *who, const struct org_row *org,
			 const char *day, const char *reason,
			 struct field_errors *errs)
{
	struct day_tx t = {who, org, ar, "", NULL};
	struct cal_date d;
	const char *msg;

	if (!actor_may(who, AZ_ORG_UPDATE, org->id))
		return ERR_FORBIDDEN;
	if ((msg = day_check(day, &d)) != NULL)
		field_errors_add(errs, "day", msg);
	msg = text_check(ar, reason ? reason : "", 1, CLOSING_REASON_MAX, false,
			 &t.reason);
	if (msg)
		field_errors_add(errs, "reason", msg);
	if (errs->n)
		return ERR_INVALID;
	cal_date_format(d, t.day);
	return db_write(db, add_tx, &t);
}

static enum err remove_tx(struct db *db, void *p)
{
	struct day_tx *t = p;
	struct closing_day_row old;
	enum err e;

	e = store_closing_day_get(db, t->ar, t->org->id, t->day, &old);
	if (e == ERR_OK)
		e = store_closing_day_remove(db, t->org->id, t->day);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "organisation.closing_day.remove",
			      "organisation", t->org->id,
			      json_pack("{s:s, s:s?}", "day", t->day, "reason",
					old.reason));
	return db_end_in(db, t->org->municipality, e);
}

enum err closing_day_remove(struct db *db, struct arena *ar,
			    const struct actor *who, const struct org_row *org,
			    const char *day, struct field_errors *errs)
{
	struct day_tx t = {who, org, ar, "", NULL};
	struct cal_date d;
	const char *msg;

	if (!actor_may(who, AZ_ORG_UPDATE, org->id))
		return ERR_FORBIDDEN;
	if ((msg = day_check(day, &d)) != NULL) {
		field_errors_add(errs, "day", msg);
		return ERR_INVALID;
	}
	cal_date_format(d, t.day);
	return db_write(db, remove_tx, &t);
}

enum err closing_days_from(struct db *db, struct arena *ar, int64_t org_id,
			   struct cal_date from, struct cal_date **days,
			   size_t *n)
{
	char lo[11], hi[11];

	cal_date_format(from, lo);
	cal_date_format((struct cal_date){CAL_YEAR_MAX, 12, 31}, hi);
	return store_closing_days_dates(db, ar, org_id, lo, hi, days, n);
}
