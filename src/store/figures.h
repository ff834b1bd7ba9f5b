/* figures (store): the counts behind the public figures of a scope (an
 * area of any level, an organisation, a theme) over a period, read live
 * from signals, kwesties, supporters, grades and promises; and the cache
 * of computed figures (figures_cache, migration 016).  The statistics
 * are domain/figures.c's; what a figure means is docs/open-data.md
 * ("## Figures (cijfers)").
 *
 * Which rows belong to a scope:
 *   area         signals of the buurten under it now (indexed) whose
 *                stored chain names it; kwesties, grades by their stored
 *                chain (a wijk's kwestie is in its wijk, gebied,
 *                stadsdeel, not in a buurt); the gemeente: all of them
 *   organisation signals it answers for (signal_organisations) or that
 *                are in a kwestie whose chain it is in; those kwesties;
 *                grades with its organisation_id; promises it made
 *   theme        kwesties of that topic and their signals; signals in
 *                no kwestie whose main category it is; grades of it
 * Signals count in the period they were reported (created_at), grades
 * when given, supporters when they supported, kwesties' levels when
 * made, outcomes when closed, promises on the day they were made. */
#ifndef WA_STORE_FIGURES_H
#define WA_STORE_FIGURES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "store/db.h"

enum fig_scope_kind { FIG_AREA,
		      FIG_ORGANISATION,
		      FIG_THEME };

struct fig_scope {
	enum fig_scope_kind kind;
	const char *code;        /* area: its code; theme: the topic */
	const char *level;       /* area: its level (buurt .. gemeente) */
	int64_t org_id;          /* organisation */
};

/* The period as the SQL reads it: [from_ts, to_ts) in the stored UTC
 * format ("2026-01-01T23:00:00.000Z": Amsterdam midnights), the dates it
 * spans (Amsterdam, both included), today's Amsterdam date (late
 * promises) and the months of the trend. */
struct fig_window {
	char from_ts[32], to_ts[32];
	char from_day[11], to_day[11], today[11];
	struct cal_date from, to, today_date;
	size_t nmonths; /* months from from's to to's, both included */
};
/* Fill w for the dates from..to (valid, from <= to) and today. */
void fig_window_make(struct fig_window *w, struct cal_date from,
		     struct cal_date to, struct cal_date today);

struct fig_count {
	char *key; /* arena */
	int64_t n;
};

struct fig_month {
	int64_t signals, closed, grades, grade_sum;
};

struct fig_child {
	char *code, *name;  /* arena */
	int64_t population; /* -1: unknown */
	int64_t signals, residents, grade_n, grade_sum;
};

/* The counts of one scope and period (arrays in the arena). */
struct fig_raw {
	int64_t signals, closed; /* reported in the period; of those closed */
	int64_t residents;       /* reach: distinct residents */
	int64_t grade_dist[10], ja, deels, nee;
	int64_t promises_made, kept_on_time, kept_late, late_open, broken,
		changed, open;
	/* speed: the medians of the days (fractional) from report to first
	 * response (of nfirst signals that had one) and to closing (nclose);
	 * signals with a norm that are closed or whose norm has run out
	 * (norm_n), and of those the ones closed within it */
	int64_t nfirst, nclose;
	double first_median, close_median; /* NaN for none */
	int64_t norm_n, norm_within;
	struct fig_count *outcomes, *levels;
	size_t noutcomes, nlevels;
	struct fig_month *months; /* w->nmonths */
	struct fig_child *children;
	size_t nchildren;
};

enum err store_figures_read(struct db *db, struct arena *ar,
			    const char *municipality,
			    const struct fig_scope *scope,
			    const struct fig_window *w, struct fig_raw *out);

/* Every area of the municipality with its population (-1: unknown), for
 * the scope's name, level and population. */
struct fig_area {
	char *code, *name, *level, *parent_code; /* arena */
	int64_t population;
};
enum err store_figures_areas(struct db *db, struct arena *ar,
			     const char *municipality, struct fig_area **out,
			     size_t *n);
/* Is topic a theme: a main category, or the topic of a kwestie? */
enum err store_figures_theme_known(struct db *db, const char *municipality,
				   const char *topic, bool *known);

/* The cache (migrations 016, 018): one answer (JSON text) per scope and
 * period, with the moment it was computed and the moment someone last
 * read it (NULL: only the job has).  get: ERR_NOT_FOUND when there is
 * none computed at or after not_before.  put: read_at NULL keeps the
 * entry's (the job's counting is no reading). */
struct fig_key {
	const char *municipality, *kind, *code, *from, *to;
};
enum err store_figures_cache_get(struct db *db, struct arena *ar,
				 const struct fig_key *k, const char *not_before,
				 char **body, char **computed_at, char **read_at);
enum err store_figures_cache_put(struct db *db, const struct fig_key *k,
				 const char *body, const char *computed_at,
				 const char *read_at);
/* Someone read the entry of k now. */
enum err store_figures_cache_read(struct db *db, const struct fig_key *k,
				  const char *now);
/* When the entry of k was computed (NULL: none) and when anyone last
 * read its scope in any period (NULL: never). */
enum err store_figures_cache_ages(struct db *db, struct arena *ar,
				  const struct fig_key *k, char **at,
				  char **latest);
/* Up to limit entries of municipality computed before stale_before and
 * read since read_since, the most recently read first (the refresh job
 * counts them again while readers are shown the old answer). */
enum err store_figures_cache_wanted(struct db *db, struct arena *ar,
				    const char *municipality,
				    const char *stale_before,
				    const char *read_since, int64_t limit,
				    struct fig_key **out, size_t *n);
/* Drop entries computed before `before` (the refresh job). */
enum err store_figures_cache_prune(struct db *db, const char *before);

#endif
