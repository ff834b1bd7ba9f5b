/* describe: the words a resident reads for what the system stores as
 * codes: the kind of a signal, its status, the moment it was made.
 * Results are translated for the current language (i18n_use). */
#ifndef WA_DOMAIN_DESCRIBE_H
#define WA_DOMAIN_DESCRIBE_H
#include <stddef.h>
#include <stdint.h>

/* "Melding", "Vraag", "Idee"; an unknown kind is returned as it is. */
const char *describe_kind(const char *kind);
/* "Ontvangen" for gemeld, and the words of a kwestie's statuses (which
 * a signal in a kwestie follows); an unknown status is returned as it
 * is. */
const char *describe_status(const char *status);
/* A kwestie's scale level ("Stadsdeel"), outcome ("Deels opgelost") and
 * a role in its chain ("Regisseur"); unknown values as they are, NULL
 * and "" as they are. */
const char *describe_level(const char *level);
const char *describe_outcome(const char *outcome);
const char *describe_role(const char *role);

/* Write an ISO 8601 moment ("2026-11-27T17:20:00Z", "...+00:00", or
 * SQLite's "2026-11-27 17:20:00", taken as UTC) as Amsterdam wall-clock
 * time in words: "27 november 2026, 18:20".  CET/CEST follow the EU rule
 * (summer time from the last Sunday of March to the last Sunday of
 * October, switching at 01:00 UTC), computed here instead of through TZ
 * and localtime_r, which would need the process-wide TZ and tzdata.
 * Returns 0, or -1 when iso is not such a moment (out is then ""). */
int describe_time(char *out, size_t outsz, const char *iso);
/* The same moments as seconds since 1970, UTC (the one parser of stored
 * moments: pages, feeds, the expectation of a signal); 0, or -1 when iso
 * is not one. */
int describe_moment(const char *iso, int64_t *utc_seconds);

/* A date "2026-12-24" in words: "24 december 2026"; 0, or -1 when ymd
 * is not a real date (out is then ""). */
int describe_date(char *out, size_t outsz, const char *ymd);

#endif
