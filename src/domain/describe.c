/* describe: codes into words for residents (see describe.h).  The date
 * arithmetic is Howard Hinnant's public-domain days/civil algorithm, which
 * needs no tables and no time zone database. */
#include "domain/describe.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/kwestie.h"
#include "i18n/i18n.h"

static const char *const month_names[12] = {
	N_("januari"), N_("februari"), N_("maart"),	N_("april"),
	N_("mei"),     N_("juni"),	N_("juli"),	N_("augustus"),
	N_("september"), N_("oktober"), N_("november"), N_("december"),
};

static const struct {
	const char *code, *words;
} kinds[] = {
	{"melding", N_("Melding")},
	{"vraag", N_("Vraag")},
	{"idee", N_("Idee")},
}, statuses[] = {
	{"gemeld", N_("Ontvangen")},
};

const char *describe_kind(const char *kind)
{
	for (size_t i = 0; kind && i < ARRAY_SIZE(kinds); i++)
		if (strcmp(kind, kinds[i].code) == 0)
			return _(kinds[i].words);
	return kind;
}

/* The label of value in one of domain/kwestie's tables, translated. */
static const char *kw_word(const struct kw_name *t, size_t n, const char *value)
{
	for (size_t i = 0; value && *value && i < n; i++)
		if (strcmp(value, t[i].value) == 0)
			return _(t[i].label);
	return value;
}

/* A signal's status follows its kwestie's (kw_signal_status), so both
 * read the same words. */
const char *describe_status(const char *status)
{
	for (size_t i = 0; status && i < ARRAY_SIZE(statuses); i++)
		if (strcmp(status, statuses[i].code) == 0)
			return _(statuses[i].words);
	return kw_word(kw_statuses, KS_STATUSES, status);
}

const char *describe_level(const char *level)
{
	return kw_word(kw_levels, KW_LEVELS, level);
}

const char *describe_outcome(const char *outcome)
{
	return kw_word(kw_outcomes, KO_OUTCOMES, outcome);
}

const char *describe_role(const char *role)
{
	return kw_word(kw_roles, KR_ROLES, role);
}

long describe_days_from_civil(int y, int m, int d)
{
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void describe_civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Read exactly n digits. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
	}
	*out = v;
	return 0;
}

static int lit(const char **p, const char *chars)
{
	if (!**p || !strchr(chars, **p))
		return -1;
	(*p)++;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dm[m - 1];
}

/* Optional ":SS" and ".fraction"; seconds do not show in the result. */
static int parse_seconds(const char **p)
{
	int s;

	if (**p != ':')
		return 0;
	(*p)++;
	if (digits(p, 2, &s) || s > 60)
		return -1;
	if (**p == '.') {
		(*p)++;
		if (**p < '0' || **p > '9')
			return -1;
		while (**p >= '0' && **p <= '9')
			(*p)++;
	}
	return 0;
}

/* Optional "Z" or "+HH:MM" / "-HHMM", as minutes east of UTC. */
static int parse_offset(const char **p, int *minutes)
{
	int sign, h, m;

	*minutes = 0;
	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return 0;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (digits(p, 2, &h))
		return -1;
	if (**p == ':')
		(*p)++;
	if (digits(p, 2, &m) || h > 23 || m > 59)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 0;
}

/* The moment as minutes since the epoch, UTC. */
static int parse_iso(const char *s, long long *utc_min)
{
	int y, mo, d, h, mi, off;
	const char *p = s;

	if (digits(&p, 4, &y) || lit(&p, "-") || digits(&p, 2, &mo) ||
	    lit(&p, "-") || digits(&p, 2, &d) || lit(&p, "Tt ") ||
	    digits(&p, 2, &h) || lit(&p, ":") || digits(&p, 2, &mi) ||
	    parse_seconds(&p) || parse_offset(&p, &off) || *p)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
	    mi > 59)
		return -1;
	*utc_min = (long long)describe_days_from_civil(y, mo, d) * 1440 +
		   h * 60 + mi - off;
	return 0;
}

/* 01:00 UTC on the last Sunday of a 31-day month, in epoch minutes. */
static long long last_sunday_0100(int y, int m)
{
	long last = describe_days_from_civil(y, m, 31);
	long wday = ((last + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */

	return (long long)(last - wday) * 1440 + 60;
}

int describe_amsterdam_offset(long long utc_min)
{
	int y, m, d;
	long days = (long)(utc_min >= 0 ? utc_min / 1440
					 : -((-utc_min + 1439) / 1440));

	describe_civil_from_days(days, &y, &m, &d);
	if (utc_min >= last_sunday_0100(y, 3) &&
	    utc_min < last_sunday_0100(y, 10))
		return 120;
	return 60;
}

int describe_time(char *out, size_t outsz, const char *iso)
{
	long long utc, local, days;
	int y, m, d, n;

	if (outsz)
		out[0] = '\0';
	if (!iso || parse_iso(iso, &utc))
		return -1;
	local = utc + describe_amsterdam_offset(utc);
	days = local >= 0 ? local / 1440 : -((-local + 1439) / 1440);
	describe_civil_from_days((long)days, &y, &m, &d);
	local -= days * 1440;
	n = snprintf(out, outsz, "%d %s %d, %02d:%02d", d, _(month_names[m - 1]),
		     y, (int)(local / 60), (int)(local % 60));
	if (n < 0 || (size_t)n >= outsz) {
		if (outsz)
			out[0] = '\0';
		return -1;
	}
	return 0;
}

int describe_date(char *out, size_t outsz, const char *ymd)
{
	const char *p = ymd;
	int y, m, d, n;

	if (outsz)
		out[0] = '\0';
	if (!p || digits(&p, 4, &y) || lit(&p, "-") || digits(&p, 2, &m) ||
	    lit(&p, "-") || digits(&p, 2, &d) || *p || m < 1 || m > 12 ||
	    d < 1 || d > days_in_month(y, m))
		return -1;
	n = snprintf(out, outsz, "%d %s %d", d, _(month_names[m - 1]), y);
	if (n < 0 || (size_t)n >= outsz) {
		if (outsz)
			out[0] = '\0';
		return -1;
	}
	return 0;
}
