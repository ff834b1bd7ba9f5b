/* calendar: see calendar.h; the rules and their sources in
 * docs/calendar.md.
 *
 * Days are counted as day numbers (days since 1970-01-01) with Howard
 * Hinnant's civil-from-days algorithms ("chrono-Compatible Low-Level Date
 * Algorithms"), exact for the proleptic Gregorian calendar.  Which days
 * are holidays follows the Algemene termijnenwet, art. 3: Nieuwjaarsdag,
 * Tweede Paas- en Pinksterdag, both Christmas days, Hemelvaartsdag, the
 * day the King's birthday is celebrated and 5 May, with Goede Vrijdag
 * counted as one (lid 2); Easter Sunday and Whit Sunday are named too,
 * though as Sundays they are no working day anyway. */
#include "calendar.h"

#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"

/* --- dates ---------------------------------------------------------------- */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cal_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool cal_date_valid(struct cal_date d)
{
	return d.y >= CAL_YEAR_MIN && d.y <= CAL_YEAR_MAX && d.m >= 1 &&
	       d.m <= 12 && d.d >= 1 && d.d <= cal_days_in_month(d.y, d.m);
}

/* n decimal digits at s; -1 when one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool cal_date_parse(const char *s, struct cal_date *out)
{
	struct cal_date d;

	/* strnlen: exactly ten characters, so "2024-01-01x" and a date
	 * cut short are refused alike */
	if (!s || strnlen(s, 11) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	d.y = digits(s, 4);
	d.m = digits(s + 5, 2);
	d.d = digits(s + 8, 2);
	if (d.y < 0 || d.m < 0 || d.d < 0 || !cal_date_valid(d))
		return false;
	*out = d;
	return true;
}

void cal_date_format(struct cal_date d, char out[11])
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d.y % 10000u,
		 (unsigned)d.m % 100u, (unsigned)d.d % 100u);
}

int64_t cal_day_number(struct cal_date d)
{
	int64_t y = (int64_t)d.y - (d.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct cal_date cal_from_day_number(int64_t n)
{
	int64_t z = n + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct cal_date d;

	d.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.y = (int)(yoe + era * 400 + (d.m <= 2));
	return d;
}

static int64_t min_day(void)
{
	return cal_day_number((struct cal_date){CAL_YEAR_MIN, 1, 1});
}

static int64_t max_day(void)
{
	return cal_day_number((struct cal_date){CAL_YEAR_MAX, 12, 31});
}

bool cal_add_days(struct cal_date d, int64_t n, struct cal_date *out)
{
	int64_t dn;

	if (!cal_date_valid(d) || n > max_day() - min_day() ||
	    n < min_day() - max_day())
		return false;
	dn = cal_day_number(d) + n;
	if (dn < min_day() || dn > max_day())
		return false;
	*out = cal_from_day_number(dn);
	return true;
}

int cal_date_cmp(struct cal_date a, struct cal_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	return a.d == b.d ? 0 : a.d < b.d ? -1 : 1;
}

static int weekday_of(int64_t dn)
{
	/* 1970-01-01 was a Thursday (4) */
	return (int)(((dn % 7) + 7 + 3) % 7) + 1;
}

int cal_weekday(struct cal_date d)
{
	return weekday_of(cal_day_number(d));
}

/* --- holidays --------------------------------------------------------------- */

/* The anonymous Gregorian algorithm (Meeus, Astronomical Algorithms,
 * ch. 8; Butcher 1876). */
struct cal_date cal_easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100;
	int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int n = h + l - 7 * m + 114;

	return (struct cal_date){y, n / 31, n % 31 + 1};
}

/* The days counted from Easter Sunday. */
static const struct {
	int offset;
	const char *name;
} movable[] = {
	{-2, N_("Goede Vrijdag")},
	{0, N_("Eerste Paasdag")},
	{1, N_("Tweede Paasdag")},
	{39, N_("Hemelvaartsdag")},
	{49, N_("Eerste Pinksterdag")},
	{50, N_("Tweede Pinksterdag")},
};

/* The day the monarch's birthday is celebrated in year y, and its name.
 * From 2014 Koningsdag, 27 April, on Saturday the 26th when the 27th is a
 * Sunday; 1980-2013 Koninginnedag, 30 April, on Saturday the 29th when
 * the 30th is a Sunday (the royal decree of 1980: never on a Sunday);
 * 1949-1979 30 April, on Monday 1 May when the 30th was a Sunday;
 * before 1949 Wilhelmina's 31 August, not moved (we found no rule for a
 * Sunday, and a Sunday is no working day anyway). */
static struct cal_date monarch_day(int y, const char **name)
{
	struct cal_date d;

	*name = y >= 2014 ? N_("Koningsdag") : N_("Koninginnedag");
	if (y < 1949)
		return (struct cal_date){y, 8, 31};
	d = (struct cal_date){y, 4, y >= 2014 ? 27 : 30};
	if (cal_weekday(d) != 7)
		return d;
	if (y < 1980)
		return (struct cal_date){y, 5, 1};
	d.d--;
	return d;
}

static const char *movable_holiday(int64_t dn, int64_t easter)
{
	for (size_t i = 0; i < sizeof(movable) / sizeof(movable[0]); i++)
		if (dn - easter == movable[i].offset)
			return movable[i].name;
	return NULL;
}

static const char *fixed_holiday(struct cal_date d)
{
	const char *name;
	struct cal_date king = monarch_day(d.y, &name);

	if (d.m == 1 && d.d == 1)
		return N_("Nieuwjaarsdag");
	if (d.m == 12 && d.d == 25)
		return N_("Eerste Kerstdag");
	if (d.m == 12 && d.d == 26)
		return N_("Tweede Kerstdag");
	/* Bevrijdingsdag: in the Algemene termijnenwet every year, though
	 * a paid day off every year only for some employers (others give it
	 * once in five years, in lustrum years).  We count it as no working
	 * day every year: a promise "within 5 working days" must not count
	 * a day the law itself extends legal deadlines over.  From 1946,
	 * the first year after the liberation. */
	if (d.m == 5 && d.d == 5 && d.y >= 1946)
		return N_("Bevrijdingsdag");
	if (cal_date_cmp(d, king) == 0)
		return name;
	return NULL;
}

/* Easter is computed once a year, not once a day, in the loops below. */
struct easter_cache {
	int year;
	int64_t easter;
};

static const char *holiday_at(struct cal_date d, int64_t dn,
			      struct easter_cache *c)
{
	const char *name;

	if (c->year != d.y) {
		c->year = d.y;
		c->easter = cal_day_number(cal_easter(d.y));
	}
	/* Hemelvaartsdag can fall on 5 May (2005): it keeps its own name */
	if ((name = movable_holiday(dn, c->easter)) != NULL)
		return name;
	return fixed_holiday(d);
}

const char *cal_holiday(struct cal_date d)
{
	struct easter_cache c = {0, 0};

	if (!cal_date_valid(d))
		return NULL;
	return holiday_at(d, cal_day_number(d), &c);
}

/* --- working days ----------------------------------------------------------- */

static bool closed_linear(struct cal_date d, const struct cal_date *closed,
			  size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cal_date_cmp(d, closed[i]) == 0)
			return true;
	return false;
}

bool cal_is_workday(struct cal_date d, const struct cal_date *closed, size_t n)
{
	if (!cal_date_valid(d) || cal_weekday(d) > 5 || cal_holiday(d))
		return false;
	return !closed_linear(d, closed, n);
}

/* A walk over consecutive days, forward, with the closing days: sorted
 * ones are passed in step (next), unsorted ones searched each time. */
struct walk {
	const struct cal_date *closed;
	size_t n, next;
	bool sorted;
	struct easter_cache easter;
};

static void walk_init(struct walk *w, const struct cal_date *closed, size_t n)
{
	w->closed = closed;
	w->n = n;
	w->next = 0;
	w->sorted = true;
	for (size_t i = 1; i < n && w->sorted; i++)
		w->sorted = cal_date_cmp(closed[i - 1], closed[i]) <= 0;
	w->easter = (struct easter_cache){0, 0};
}

/* Is day dn (= d) a working day?  Days must come in ascending order. */
static bool walk_workday(struct walk *w, struct cal_date d, int64_t dn)
{
	if (weekday_of(dn) > 5 || holiday_at(d, dn, &w->easter))
		return false;
	if (!w->sorted)
		return !closed_linear(d, w->closed, w->n);
	while (w->next < w->n && cal_date_cmp(w->closed[w->next], d) < 0)
		w->next++;
	return !(w->next < w->n && cal_date_cmp(w->closed[w->next], d) == 0);
}

bool cal_add_workdays(struct cal_date from, int n, const struct cal_date *closed,
		      size_t nclosed, struct cal_date *out)
{
	int64_t dn, last = max_day();
	struct cal_date d = from;
	struct walk w;
	int count = 0;

	if (!cal_date_valid(from) || n < 0 || n > CAL_MAX_WORKDAYS)
		return false;
	walk_init(&w, closed, nclosed);
	dn = cal_day_number(from);
	if (n == 0 && walk_workday(&w, d, dn)) {
		*out = d;
		return true;
	}
	/* Each step passes a weekend day, a holiday or a closing day, or
	 * counts: at most about n * 7 / 5 + holidays + nclosed steps. */
	while (count < (n ? n : 1)) {
		if (++dn > last)
			return false;
		d = cal_from_day_number(dn);
		if (walk_workday(&w, d, dn))
			count++;
	}
	*out = d;
	return true;
}

int cal_workdays_between(struct cal_date a, struct cal_date b,
			 const struct cal_date *closed, size_t n)
{
	int64_t dn, end;
	struct walk w;
	int count = 0;

	if (!cal_date_valid(a) || !cal_date_valid(b))
		return 0;
	if (cal_date_cmp(b, a) < 0)
		return -cal_workdays_between(b, a, closed, n);
	walk_init(&w, closed, n);
	end = cal_day_number(b);
	for (dn = cal_day_number(a) + 1; dn <= end; dn++)
		if (walk_workday(&w, cal_from_day_number(dn), dn))
			count++;
	return count;
}

/* --- Europe/Amsterdam --------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The last Sunday of month m of year y, as a day number. */
static int64_t last_sunday(int y, int m)
{
	int64_t dn = cal_day_number((struct cal_date){y, m, cal_days_in_month(y, m)});

	return dn - weekday_of(dn) % 7;
}

/* The year of the last call is kept per thread: an Open311 list asks
 * for two instants of each of its 1,000 requests, nearly all in one
 * year (the sums were 3% of the list's time). */
int cal_amsterdam_offset(int64_t utc_seconds)
{
	static _Thread_local struct {
		int64_t from, to, start, end; /* the year; summer time */
	} k = {1, 0, 0, 0};

	if (utc_seconds < k.from || utc_seconds >= k.to) {
		int y = cal_from_day_number(floor_div(utc_seconds, 86400)).y;

		k.from = cal_day_number((struct cal_date){y, 1, 1}) * 86400;
		k.to = cal_day_number((struct cal_date){y, 12, 31}) * 86400 + 86400;
		k.start = last_sunday(y, 3) * 86400 + 3600;
		k.end = last_sunday(y, 10) * 86400 + 3600;
	}
	return utc_seconds >= k.start && utc_seconds < k.end ? 7200 : 3600;
}

struct cal_date cal_amsterdam_date(int64_t utc_seconds)
{
	int64_t local = utc_seconds + cal_amsterdam_offset(utc_seconds);

	return cal_from_day_number(floor_div(local, 86400));
}

bool cal_is_late(struct cal_date due, int64_t now_utc_seconds)
{
	return cal_date_cmp(cal_amsterdam_date(now_utc_seconds), due) > 0;
}

/* The clocks change at 01:00 UTC, never between 22:00 UTC and the local
 * midnight that follows, so the offset at 22:00 UTC of the day before is
 * midnight's. */
int64_t cal_amsterdam_midnight(struct cal_date d)
{
	int64_t local = cal_day_number(d) * 86400;

	return local - cal_amsterdam_offset(local - 7200);
}

void cal_utc_format(int64_t t, char out[20])
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	struct cal_date day = cal_from_day_number(days);
	unsigned s = (unsigned)(t - days * 86400) % 86400u;
	char buf[64]; /* what the compiler cannot bound, cut to out's 19 */

	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02u:%02u:%02u", day.y, day.m,
		 day.d, s / 3600, s / 60 % 60, s % 60);
	snprintf(out, 20, "%.19s", buf);
}
