/* closing_days: the use cases of an organisation's closing days
 * (sluitingsdagen): add one, remove one, and the days that count for a
 * promise of the organisation.  Who may: whoever may change the
 * organisation (AZ_ORG_UPDATE: its coordinators and the beheerder); the
 * router checks it, and these functions again.
 *
 * Rules: the day is a real date (cal_date_parse) not before today in
 * Amsterdam; the reason is required (1..CLOSING_REASON_MAX characters,
 * one line); a day once is enough (ERR_CONFLICT).  At most 366 a year
 * follows from the key (organisation, day): a year has no more days.  A
 * day in the past is not removed either: what was closed then stays
 * part of the figures of promises kept. */
#ifndef WA_APP_CLOSING_DAYS_H
#define WA_APP_CLOSING_DAYS_H
#include <stddef.h>
#include <stdint.h>

#include "app/actor.h"
#include "base/arena.h"
#include "base/err.h"
#include "domain/calendar.h"
#include "domain/fields.h"
#include "store/accounts.h"
#include "store/closing_days.h"

#define CLOSING_REASON_MAX 200

/* Add a day with its reason, and the audit row, in one transaction.
 * ERR_INVALID with errs ("day", "reason") for bad input; ERR_CONFLICT
 * when the day is there already; ERR_FORBIDDEN. */
enum err closing_day_add(struct db *db, struct arena *ar,
			 const struct actor *who, const struct org_row *org,
			 const char *day, const char *reason,
			 struct field_errors *errs);
/* Remove a day, with the audit row.  ERR_INVALID with errs ("day") for a
 * day that is no date or in the past; ERR_NOT_FOUND; ERR_FORBIDDEN. */
enum err closing_day_remove(struct db *db, struct arena *ar,
			    const struct actor *who, const struct org_row *org,
			    const char *day, struct field_errors *errs);
/* The organisation's closing days from `from` to the end of the range
 * (CAL_YEAR_MAX), for cal_add_workdays and cal_workdays_between. */
enum err closing_days_from(struct db *db, struct arena *ar, int64_t org_id,
			   struct cal_date from, struct cal_date **days,
			   size_t *n);
/* Today in Amsterdam (the server's clock). */
struct cal_date closing_days_today(void);

#endif
