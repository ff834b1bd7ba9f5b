/* figures: the statistics of the public figures (cijfers, issue 14) and
 * the rules of their period.  Pure: counts in, figures out; the store
 * counts (store/figures.c), the use case composes (app/figures.c).
 *
 * - A grade figure (mean, interval, distribution, median, share 8 or
 *   higher, the shares of ja/deels/nee) is computed from the distribution
 *   of grades 1..10, so the store never sends single grades.
 * - The 95% interval of the mean is Student's t: mean +- t(0.975, n-1) *
 *   s / sqrt(n), with s the sample standard deviation (n - 1).  t comes
 *   from a table for 1..30 degrees of freedom and from the Cornish-Fisher
 *   expansion above that (error below 0.001 from 30 on); n = 1 has no
 *   interval.
 * - Suppression: a figure from fewer respondents (grades) than
 *   min_respondents (FIG_MIN_RESPONDENTS by default) is not shown: its
 *   values are NaN here, null in JSON, with suppressed set.
 * - The period: two dates YYYY-MM-DD (Europe/Amsterdam, both days
 *   included); `to` not before `from`; at most five years (to before
 *   from plus five years); without them the last twelve months up to
 *   today: from = today minus one year plus one day. */
#ifndef WA_DOMAIN_FIGURES_H
#define WA_DOMAIN_FIGURES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "domain/fields.h"

#define FIG_MIN_RESPONDENTS 10
#define FIG_MAX_YEARS 5

/* --- the period ---------------------------------------------------------- */

struct fig_period {
	struct cal_date from, to; /* both included, Amsterdam dates */
};

/* The period of from_s and to_s (either may be NULL or "": the default
 * above, a missing end taken from the other one: from alone runs to
 * today, to alone from a year before it), given today's Amsterdam date.
 * false with errors named "from" or "to" (Dutch msgids). */
bool fig_period_parse(const char *from_s, const char *to_s,
		      struct cal_date today, struct fig_period *out,
		      struct field_errors *errs);
/* The same date n years later (29 February becomes 28 February); false
 * outside the calendar's range. */
bool fig_add_years(struct cal_date d, int n, struct cal_date *out);

/* --- grades ---------------------------------------------------------------- */

struct fig_grades {
	int64_t n;           /* grades given (respondents) */
	int64_t dist[10];    /* dist[g - 1]: how many gave grade g */
	bool suppressed;     /* n < min_respondents: the rest is NaN */
	double mean;         /* arithmetic mean */
	double ci_lo, ci_hi; /* 95% interval of the mean (t) */
	double median;       /* of the grades (mean of the two middle ones) */
	double share_8_plus; /* share (0..1) of grades 8, 9 and 10 */
};

/* Fill everything but dist and n (which the caller filled) for a minimum
 * of min_respondents. */
void fig_grades_compute(struct fig_grades *g, int64_t min_respondents);

struct fig_solved {
	int64_t n, ja, deels, nee; /* counts */
	bool suppressed;
	double share_ja, share_deels, share_nee; /* 0..1, NaN when suppressed */
};

void fig_solved_compute(struct fig_solved *s, int64_t min_respondents);

/* A mean of n grades whose sum is sum, or NaN when n < min_respondents. */
double fig_mean_or_suppressed(int64_t sum, int64_t n, int64_t min_respondents);
/* Secondary suppression of a group of cells that add up to a published
 * whole (the areas one level down, the months of a period): with their
 * respondents n[i] published, one hidden cell's mean follows from the
 * whole's and the others'.  hidden[i] says on entry which cells are
 * hidden (0 < n < min); on return, while the hidden cells together have
 * fewer than min respondents, the shown cell with the fewest (but some)
 * is hidden too.  Returns how many were added. */
size_t fig_suppress_group(const int64_t *n, bool *hidden, size_t count,
			  int64_t min_respondents);

/* --- statistics ------------------------------------------------------------ */

/* Student's t quantile for two-sided 95% (p = 0.975) with df >= 1
 * degrees of freedom. */
double fig_t975(int64_t df);
/* The median of v[0..n) (sorted in place); NaN for n = 0. */
double fig_median(double *v, size_t n);
/* The median of a histogram: count[i] values equal to value i; NaN when
 * the total is 0. */
double fig_hist_median(const int64_t *count, size_t nbins);
/* part / whole, NaN when whole is 0. */
double fig_share(int64_t part, int64_t whole);

/* --- working days over a range, for "within the norm" of many signals ---- */

/* cum[i]: the working days d with first < d <= first + i (national
 * holidays, no closing days of organisations), so the working days
 * between two dates of the range are one subtraction where
 * cal_workdays_between walks every day. */
struct fig_workdays {
	int64_t first; /* day number (cal_day_number) of the first date */
	size_t n;
	int32_t *cum; /* n entries, the caller's memory */
};

/* Fill cum for the dates from..to (n = their number of days, at most
 * cap); false when the range does not fit. */
bool fig_workdays_init(struct fig_workdays *w, struct cal_date from,
		       struct cal_date to, int32_t *cum, size_t cap);
/* Working days from a to b as cal_workdays_between counts them; dates
 * outside the range are counted by cal_workdays_between itself. */
int fig_workdays_between(const struct fig_workdays *w, struct cal_date a,
			 struct cal_date b);

#endif
