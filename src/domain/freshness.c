/* freshness: see freshness.h. */
#include "freshness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int period_days = FRESHNESS_DEFAULT_DAYS;

int freshness_configure(const char *value, char *err, size_t errlen)
{
	char *end;
	long v;

	if (!value || !*value) {
		period_days = FRESHNESS_DEFAULT_DAYS;
		return 0;
	}
	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < FRESHNESS_MIN_DAYS ||
	    v > FRESHNESS_MAX_DAYS) {
		snprintf(err, errlen,
			 "--freshness-days must be a whole number from %d to %d, "
			 "not '%.40s'",
			 FRESHNESS_MIN_DAYS, FRESHNESS_MAX_DAYS, value);
		return -1;
	}
	period_days = (int)v;
	return 0;
}

int freshness_days(void)
{
	return period_days;
}

void freshness_cutoff_at(time_t now, char *out, size_t outlen)
{
	time_t t = now - (time_t)period_days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	if (!strftime(out, outlen, "%Y-%m-%dT%H:%M:%S.000Z", &tm) && outlen)
		out[0] = '\0';
}

void freshness_cutoff(char *out, size_t outlen)
{
	freshness_cutoff_at(time(NULL), out, outlen);
}

bool freshness_stale(const char *confirmed_at, const char *cutoff)
{
	return !confirmed_at || !*confirmed_at || strcmp(confirmed_at, cutoff) < 0;
}
