/* open311: the times of Open311 GeoReport v2 (docs/open311.md), pure:
 * a W3C date-time of a query as a bound on stored moments, a stored
 * moment as Amsterdam local time with its offset, as the
 * specification's examples write them.  No clock of the server here
 * (app/open311.c has the "90 days ago"). */
#include "open311.h"

#include <stdio.h>
#include <string.h>

#include "domain/calendar.h"

static int64_t epoch_of(struct cal_date d, int h, int mi, int s)
{
	return cal_day_number(d) * 86400 + h * 3600 + mi * 60 + s;
}

/* v as n decimal digits at p (0 <= v < 10^n). */
static char *put_digits(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + n;
}

/* The UTC day of a moment in seconds (floored). */
static struct cal_date utc_day(int64_t t)
{
	return cal_from_day_number(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

/* "YYYY-MM-DDTHH:MM:SS.mmmZ", by hand: a list of 1,000 Open311 requests
 * writes 3,000 of these, and snprintf was a few per cent of it. */
static void format_utc(int64_t t, int ms, char out[32])
{
	struct cal_date d = utc_day(t);
	int64_t r = t - cal_day_number(d) * 86400;
	char *p = out;

	if (d.y < 0 || d.y > 9999 || ms < 0 || ms > 999) {
		snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.y, d.m,
			 d.d, (int)(r / 3600), (int)(r / 60 % 60), (int)(r % 60), ms);
		return;
	}
	p = put_digits(p, d.y, 4);
	*p++ = '-';
	p = put_digits(p, d.m, 2);
	*p++ = '-';
	p = put_digits(p, d.d, 2);
	*p++ = 'T';
	p = put_digits(p, (int)(r / 3600), 2);
	*p++ = ':';
	p = put_digits(p, (int)(r / 60 % 60), 2);
	*p++ = ':';
	p = put_digits(p, (int)(r % 60), 2);
	*p++ = '.';
	p = put_digits(p, ms, 3);
	*p++ = 'Z';
	*p = '\0';
}

static bool digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* "YYYY-MM-DDTHH:MM:SS" at s: the date and the seconds of the day. */
static bool read_stamp(const char *s, struct cal_date *d, int *h, int *mi,
		       int *sec)
{
	if (strlen(s) < 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
		return false;
	if (!digits(s, 4, &d->y) || !digits(s + 5, 2, &d->m) ||
	    !digits(s + 8, 2, &d->d) || !digits(s + 11, 2, h) ||
	    !digits(s + 14, 2, mi) || !digits(s + 17, 2, sec))
		return false;
	return cal_date_valid(*d) && *h < 24 && *mi < 60 && *sec < 60;
}

bool open311_time_bound(const char *s, bool end, char out[32])
{
	struct cal_date d;
	int h, mi, sec, oh = 0, om = 0, sign = 1;
	const char *p;
	int64_t t;

	if (!s || !read_stamp(s, &d, &h, &mi, &sec))
		return false;
	p = s + 19;
	if (*p == '.') {
		size_t nd = strspn(p + 1, "0123456789");

		if (nd == 0 || nd > 9)
			return false;
		p += 1 + nd;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (!digits(p + 1, 2, &oh) || p[3] != ':' ||
		    !digits(p + 4, 2, &om) || oh > 14 || om > 59)
			return false;
		p += 6;
	} else {
		return false;
	}
	if (*p)
		return false;
	t = epoch_of(d, h, mi, sec) - sign * (oh * 3600 + om * 60);
	/* the moment in UTC within the calendar's years too, so that it
	 * reads back (open311_time_local): 1900-01-01T00:00:00+02:00 is
	 * 1899 in UTC (fuzz_open311_time found it) */
	if (!cal_date_valid(utc_day(t)))
		return false;
	format_utc(t, end ? 999 : 0, out);
	return true;
}

void open311_time_local(const char *stored, char out[32])
{
	struct cal_date d;
	int h, mi, sec, off;
	int64_t t;
	char u[32];

	out[0] = '\0';
	if (!stored || !read_stamp(stored, &d, &h, &mi, &sec))
		return;
	t = epoch_of(d, h, mi, sec);
	off = cal_amsterdam_offset(t);
	format_utc(t + off, 0, u);
	/* "%.19s+%02d:00": Amsterdam is an hour or two ahead */
	memcpy(out, u, 19);
	out[19] = '+';
	put_digits(out + 20, off / 3600 % 100, 2);
	memcpy(out + 22, ":00", 4);
}

void open311_utc(int64_t t, char out[32])
{
	format_utc(t, 0, out);
}

bool open311_day_end(const char *day, char out[32])
{
	struct cal_date d;
	int off;

	if (!cal_date_parse(day, &d))
		return false;
	off = cal_amsterdam_offset(epoch_of(d, 12, 0, 0));
	snprintf(out, 32, "%.10sT23:59:59+%02d:00", day, off / 3600);
	return true;
}
