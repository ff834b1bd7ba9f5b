/* closing_days: an organisation's closing days (sluitingsdagen; table
 * organisation_closing_days, migration 013): days it does not work
 * besides the weekends and the national holidays, each with a reason.
 * Days are 'YYYY-MM-DD' text, which sorts and compares as the dates do.
 * The rules (no day in the past, a reason, at most 366 a year) are the
 * use case's (app/closing_days.c); no function here begins a
 * transaction. */
#ifndef WA_STORE_CLOSING_DAYS_H
#define WA_STORE_CLOSING_DAYS_H
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/calendar.h"
#include "store/db.h"

struct closing_day_row {
	char *day, *reason, *created_at;
};

/* The organisation's closing days from..to (both 'YYYY-MM-DD',
 * inclusive), by day. */
enum err store_closing_days_list(struct db *db, struct arena *ar,
				 int64_t org_id, const char *from,
				 const char *to, struct closing_day_row **rows,
				 size_t *n);
/* The same as dates for domain/calendar.h (sorted ascending, as
 * cal_add_workdays reads them fastest). */
enum err store_closing_days_dates(struct db *db, struct arena *ar,
				  int64_t org_id, const char *from,
				  const char *to, struct cal_date **days,
				  size_t *n);
/* How many from..to. */
enum err store_closing_days_count(struct db *db, int64_t org_id,
				  const char *from, const char *to,
				  int64_t *n);
/* One day; ERR_NOT_FOUND. */
enum err store_closing_day_get(struct db *db, struct arena *ar, int64_t org_id,
			       const char *day, struct closing_day_row *out);
/* ERR_CONFLICT when the day is there already. */
enum err store_closing_day_add(struct db *db, int64_t org_id, const char *day,
			       const char *reason, const char *now);
/* ERR_NOT_FOUND when it was not there. */
enum err store_closing_day_remove(struct db *db, int64_t org_id,
				  const char *day);

#endif
