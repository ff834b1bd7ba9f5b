/* open_data: see open_data.h. */
#include "open_data.h"

#include <stdio.h>
#include <string.h>

#include "domain/describe.h"
#include "i18n/i18n.h"

/* The UTC instant of the start of day d in Amsterdam.  The clocks change
 * at 01:00 UTC, never between 22:00 UTC and the local midnight that
 * follows, so the offset at 22:00 UTC of the day before is midnight's. */
static void start_utc(struct cal_date d, char out[32])
{
	int64_t midnight = cal_day_number(d) * 86400;
	int64_t t = midnight - cal_amsterdam_offset(midnight - 7200);
	struct cal_date day = cal_from_day_number(t >= 0 ? t / 86400
						   : -((-t + 86399) / 86400));
	int64_t s = t - cal_day_number(day) * 86400;

	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d", day.y, day.m, day.d,
		 (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

static bool one_date(const char *s, const char *field, bool *has,
		     struct cal_date *d, struct field_errors *errs)
{
	*has = false;
	if (!s || !*s)
		return true;
	if (!cal_date_parse(s, d)) {
		field_errors_add(errs, field,
				 N_("moet een datum zijn als 2026-01-31"));
		return false;
	}
	*has = true;
	return true;
}

bool open_data_period_parse(const char *from, const char *to,
			    struct open_data_period *p,
			    struct field_errors *errs)
{
	struct cal_date after;
	bool ok;

	memset(p, 0, sizeof(*p));
	ok = one_date(from, "from", &p->has_from, &p->from, errs);
	ok = one_date(to, "to", &p->has_to, &p->to, errs) && ok;
	if (!ok)
		return false;
	if (p->has_from && p->has_to) {
		if (cal_date_cmp(p->to, p->from) < 0) {
			field_errors_add(errs, "to",
					 N_("mag niet voor de begindatum liggen"));
			return false;
		}
		if (cal_day_number(p->to) - cal_day_number(p->from) + 1 >
		    OPEN_DATA_PERIOD_MAX_DAYS) {
			field_errors_add(errs, "to",
					 N_("de periode is langer dan vijf jaar"));
			return false;
		}
	}
	if (p->has_from)
		start_utc(p->from, p->from_utc);
	if (p->has_to) {
		if (!cal_add_days(p->to, 1, &after))
			after = p->to; /* 2999-12-31: the end of the range */
		start_utc(after, p->to_utc);
	}
	return true;
}

void open_data_day(const char *iso, char out[11])
{
	int64_t t;

	out[0] = '\0';
	if (iso && describe_moment(iso, &t) == 0)
		cal_date_format(cal_amsterdam_date(t), out);
}
