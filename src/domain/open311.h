/* open311: the times of Open311 GeoReport v2 (domain/open311.c): pure
 * rules of the specification's W3C date-times. */
#ifndef WA_DOMAIN_OPEN311_H
#define WA_DOMAIN_OPEN311_H
#include <stdbool.h>
#include <stdint.h>

/* A W3C date-time with an offset or Z ("2026-12-04T20:15:00+01:00",
 * fraction allowed) as a stored-moment bound (UTC,
 * "YYYY-MM-DDTHH:MM:SS.mmmZ"): the start of that second, or with end its
 * last millisecond.  false for anything else. */
bool open311_time_bound(const char *s, bool end, char out[32]);
/* A stored moment (UTC) as Amsterdam local time with its offset;
 * "" when unreadable. */
void open311_time_local(const char *stored, char out[32]);
/* Seconds since 1970 (UTC) as a stored moment. */
void open311_utc(int64_t t, char out[32]);
/* The end of a day (YYYY-MM-DD) in Amsterdam, with its offset
 * ("2026-12-09T23:59:59+01:00"); false for a day that is not one. */
bool open311_day_end(const char *day, char out[32]);

#endif
