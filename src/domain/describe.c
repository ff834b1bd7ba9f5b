/* describe: codes into words for residents (see describe.h).  The date
 * arithmetic and the Amsterdam offset are domain/calendar.c's: one home
 * for the calendar. */
#include "domain/describe.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/calendar.h"
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

/* Optional ":SS" (*sec, else 0) and ".fraction" (dropped). */
static int parse_seconds(const char **p, int *sec)
{
	int s;

	*sec = 0;
	if (**p != ':')
		return 0;
	(*p)++;
	if (digits(p, 2, &s) || s > 60)
		return -1;
	*sec = s == 60 ? 59 : s; /* a leap second: its minute's last */
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

int describe_moment(const char *iso, int64_t *utc_seconds)
{
	int y, mo, d, h, mi, sec, off;
	const char *p = iso;

	if (!p || digits(&p, 4, &y) || lit(&p, "-") || digits(&p, 2, &mo) ||
	    lit(&p, "-") || digits(&p, 2, &d) || lit(&p, "Tt ") ||
	    digits(&p, 2, &h) || lit(&p, ":") || digits(&p, 2, &mi) ||
	    parse_seconds(&p, &sec) || parse_offset(&p, &off) || *p)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > cal_days_in_month(y, mo) || h > 23 ||
	    mi > 59)
		return -1;
	*utc_seconds = cal_day_number((struct cal_date){y, mo, d}) * 86400 +
		       h * 3600 + mi * 60 + sec - (int64_t)off * 60;
	return 0;
}

/* The moment as minutes since the epoch, UTC (seconds dropped). */
static int parse_iso(const char *s, long long *utc_min)
{
	int64_t sec;

	if (describe_moment(s, &sec))
		return -1;
	*utc_min = sec >= 0 ? sec / 60 : -((-sec + 59) / 60);
	return 0;
}

/* Minutes east of UTC in Amsterdam at a moment in epoch minutes (the EU
 * rule lives in domain/calendar.c). */
static int amsterdam_offset(long long utc_min)
{
	return cal_amsterdam_offset((int64_t)utc_min * 60) / 60;
}

int describe_time(char *out, size_t outsz, const char *iso)
{
	long long utc, local, days;
	int y, m, d, n;

	if (outsz)
		out[0] = '\0';
	if (!iso || parse_iso(iso, &utc))
		return -1;
	local = utc + amsterdam_offset(utc);
	days = local >= 0 ? local / 1440 : -((-local + 1439) / 1440);
	{
		struct cal_date c = cal_from_day_number(days);

		y = c.y;
		m = c.m;
		d = c.d;
	}
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
	    d < 1 || d > cal_days_in_month(y, m))
		return -1;
	n = snprintf(out, outsz, "%d %s %d", d, _(month_names[m - 1]), y);
	if (n < 0 || (size_t)n >= outsz) {
		if (outsz)
			out[0] = '\0';
		return -1;
	}
	return 0;
}
