/* freshness: keeping the social map current.  Every service has an owner
 * (its organisation) and the date it was last confirmed.  A service not
 * confirmed within the freshness period (--freshness-days, default 180)
 * is shown as "mogelijk verouderd", and its organisation's coordinators
 * are reminded once per period (jobs/freshness.c).  Pure but for the
 * period, which is process-wide configuration set once at startup before
 * threads start, read-only afterwards. */
#ifndef WA_DOMAIN_FRESHNESS_H
#define WA_DOMAIN_FRESHNESS_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define FRESHNESS_DEFAULT_DAYS 180
#define FRESHNESS_MIN_DAYS 1
#define FRESHNESS_MAX_DAYS 3650

/* Parse the value of --freshness-days: a whole number from
 * FRESHNESS_MIN_DAYS to FRESHNESS_MAX_DAYS; NULL or "" means the default.
 * Returns 0 and sets the period, or -1 with a message for the command
 * line in err (the period is then unchanged). */
int freshness_configure(const char *value, char *err, size_t errlen);
/* The period in days (FRESHNESS_DEFAULT_DAYS until configured). */
int freshness_days(void);
/* The ISO 8601 UTC time (as the store writes times) before which a
 * confirmation is too old at now: now minus the period. */
void freshness_cutoff_at(time_t now, char *out, size_t outlen);
/* The same for this moment. */
void freshness_cutoff(char *out, size_t outlen);
/* Is a service confirmed at confirmed_at (ISO 8601 UTC) out of date
 * against cutoff?  A missing date counts as out of date. */
bool freshness_stale(const char *confirmed_at, const char *cutoff);

#endif
