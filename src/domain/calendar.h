/* calendar: dates, the Dutch national holidays, working days and the
 * Europe/Amsterdam date, for promises ("binnen 5 werkdagen"), their due
 * dates and whether they are late.  Pure: no clock of the server, no
 * time-zone database, no SQL; the caller passes the instant and the
 * organisation's closing days.  The rules and their sources are in
 * docs/calendar.md.
 *
 * Dates are proleptic Gregorian, years 1900..2999 (CAL_YEAR_MIN..MAX);
 * every function that makes a date stays in that range or says so. */
#ifndef WA_DOMAIN_CALENDAR_H
#define WA_DOMAIN_CALENDAR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CAL_YEAR_MIN 1900
#define CAL_YEAR_MAX 2999
#define CAL_MAX_WORKDAYS 3650 /* about fourteen years of working days */

struct cal_date {
	int y, m, d;
};

/* Strict YYYY-MM-DD of a real date, years 1900..2999: exactly ten
 * characters, four-digit year, two-digit month and day, nothing before
 * or after.  false otherwise (out untouched). */
bool cal_date_parse(const char *s, struct cal_date *out);
/* "YYYY-MM-DD" of a valid date. */
void cal_date_format(struct cal_date d, char out[11]);
/* Is d a real date in the range? */
bool cal_date_valid(struct cal_date d);
int cal_days_in_month(int y, int m);

/* Days since 1970-01-01 (negative before), and back. */
int64_t cal_day_number(struct cal_date d);
struct cal_date cal_from_day_number(int64_t n);
/* d plus n days (n may be negative); false when it leaves the range. */
bool cal_add_days(struct cal_date d, int64_t n, struct cal_date *out);
/* <0, 0, >0 as a is before, on or after b. */
int cal_date_cmp(struct cal_date a, struct cal_date b);
/* 1 = Monday .. 7 = Sunday (ISO 8601). */
int cal_weekday(struct cal_date d);

/* Easter Sunday of year y (Gregorian computus). */
struct cal_date cal_easter(int y);
/* The msgid (N_()) of the Dutch national holiday on d, or NULL. */
const char *cal_holiday(struct cal_date d);

/* Working day: Monday..Friday, not a national holiday, not one of the
 * organisation's closing days (sorted or not; n may be 0). */
bool cal_is_workday(struct cal_date d, const struct cal_date *closed, size_t n);
/* The date n working days after from (n = 1: the next working day after
 * from; n = 0: from itself when it is a working day, else the next one).
 * false when from is not a valid date, n < 0 or n > CAL_MAX_WORKDAYS, or
 * the result leaves the range.  Closing days sorted ascending (as the
 * store lists them) are read in one pass; unsorted ones are searched
 * for every day. */
bool cal_add_workdays(struct cal_date from, int n, const struct cal_date *closed,
		      size_t nclosed, struct cal_date *out);
/* Working days from a to b (for "median days" figures): the number of
 * working days d with a < d <= b; negative (minus those with
 * b < d <= a) when b is before a. */
int cal_workdays_between(struct cal_date a, struct cal_date b,
			 const struct cal_date *closed, size_t n);

/* Europe/Amsterdam: the UTC offset in seconds (3600 or 7200) at a UTC
 * instant, by the EU rule (summer time from the last Sunday of March
 * 01:00 UTC to the last Sunday of October 01:00 UTC), applied to every
 * year; and the local date at that instant.  No TZ database, no setenv. */
int cal_amsterdam_offset(int64_t utc_seconds);
struct cal_date cal_amsterdam_date(int64_t utc_seconds);
/* The UTC instant at which day d begins in Amsterdam (its local
 * midnight), for periods of whole Amsterdam days over UTC timestamps. */
int64_t cal_amsterdam_midnight(struct cal_date d);
/* A UTC instant as "YYYY-MM-DDTHH:MM:SS" (out: 20 bytes): the stored
 * timestamps' form without the fraction and the Z, so it compares with
 * them as text. */
void cal_utc_format(int64_t utc_seconds, char out[20]);
/* Late: a promise due on `due` is late once the Amsterdam date at now is
 * after due (it is due at the end of that day, local time). */
bool cal_is_late(struct cal_date due, int64_t now_utc_seconds);

#endif
