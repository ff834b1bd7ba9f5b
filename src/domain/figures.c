/* figures: see figures.h. */
#include "figures.h"

#include <math.h>
#include <stdlib.h>

#include "i18n/i18n.h"

/* --- the period ------------------------------------------------------------ */

bool fig_add_years(struct cal_date d, int n, struct cal_date *out)
{
	struct cal_date r = {d.y + n, d.m, d.d};

	if (r.y < CAL_YEAR_MIN || r.y > CAL_YEAR_MAX)
		return false;
	if (r.d > cal_days_in_month(r.y, r.m))
		r.d = cal_days_in_month(r.y, r.m);
	*out = r;
	return true;
}

/* The date one year before d, plus one day: the first day of the twelve
 * months that end on d. */
static bool year_before(struct cal_date d, struct cal_date *out)
{
	struct cal_date y;

	return fig_add_years(d, -1, &y) && cal_add_days(y, 1, out);
}

static bool date_field(const char *s, const char *field, struct cal_date *out,
		       bool *given, struct field_errors *errs)
{
	*given = s && *s;
	if (!*given)
		return true;
	if (cal_date_parse(s, out))
		return true;
	field_errors_add(errs, field,
			 N_("Geef een datum als JJJJ-MM-DD, bijvoorbeeld 2026-01-31."));
	return false;
}

bool fig_period_parse(const char *from_s, const char *to_s,
		      struct cal_date today, struct fig_period *out,
		      struct field_errors *errs)
{
	struct fig_period p = {today, today};
	struct cal_date limit;
	bool has_from, has_to, ok;

	ok = date_field(from_s, "from", &p.from, &has_from, errs);
	ok = date_field(to_s, "to", &p.to, &has_to, errs) && ok;
	if (!ok)
		return false;
	if (!has_from && !year_before(p.to, &p.from)) {
		field_errors_add(errs, "to", N_("Deze datum ligt buiten de kalender."));
		return false;
	}
	if (cal_date_cmp(p.to, p.from) < 0) {
		/* from alone, after today: the period would end before it
		 * began; the field to blame is the one given */
		field_errors_add(errs, has_to ? "to" : "from",
				 N_("De einddatum ligt voor de begindatum."));
		return false;
	}
	if (fig_add_years(p.from, FIG_MAX_YEARS, &limit) &&
	    cal_date_cmp(p.to, limit) >= 0) {
		field_errors_add(errs, "to",
				 N_("Een periode duurt hoogstens vijf jaar."));
		return false;
	}
	*out = p;
	return true;
}

/* --- statistics -------------------------------------------------------------- */

double fig_t975(int64_t df)
{
	/* Student's t, p = 0.975, df 1..30 (any statistics table). */
	static const double table[30] = {
		12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060,
		2.2622, 2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199,
		2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639,
		2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
	const double z = 1.959963984540054, z2 = z * z;
	double g1, g2, g3, g4, v;

	if (df < 1)
		return NAN;
	if (df <= 30)
		return table[df - 1];
	/* Cornish-Fisher expansion of t in powers of 1/df around the normal
	 * quantile z (Abramowitz and Stegun 26.7.5). */
	v = (double)df;
	g1 = (z2 + 1) * z / 4;
	g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
	g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
	g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
	return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v);
}

static int double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double fig_median(double *v, size_t n)
{
	if (!n)
		return NAN;
	qsort(v, n, sizeof(*v), double_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The value at 0-based rank k of a histogram. */
static size_t hist_at(const int64_t *count, size_t nbins, int64_t k)
{
	for (size_t i = 0; i < nbins; i++) {
		if (k < count[i])
			return i;
		k -= count[i];
	}
	return nbins - 1;
}

double fig_hist_median(const int64_t *count, size_t nbins)
{
	int64_t n = 0;

	for (size_t i = 0; i < nbins; i++)
		n += count[i];
	if (!n)
		return NAN;
	if (n % 2)
		return (double)hist_at(count, nbins, n / 2);
	return ((double)hist_at(count, nbins, n / 2 - 1) +
		(double)hist_at(count, nbins, n / 2)) /
	       2;
}

double fig_share(int64_t part, int64_t whole)
{
	return whole ? (double)part / (double)whole : NAN;
}

double fig_mean_or_suppressed(int64_t sum, int64_t n, int64_t min_respondents)
{
	if (n < 1 || n < min_respondents)
		return NAN;
	return (double)sum / (double)n;
}

size_t fig_suppress_group(const int64_t *n, bool *hidden, size_t count,
			  int64_t min_respondents)
{
	size_t added = 0;

	for (;;) {
		int64_t total = 0;
		size_t nhidden = 0, pick = count;

		for (size_t i = 0; i < count; i++) {
			if (hidden[i]) {
				total += n[i];
				nhidden++;
			} else if (n[i] > 0 && (pick == count || n[i] < n[pick])) {
				pick = i;
			}
		}
		if (!nhidden || total >= min_respondents || pick == count)
			return added;
		hidden[pick] = true;
		added++;
	}
}

/* --- grades ------------------------------------------------------------------ */

static void grades_blank(struct fig_grades *g)
{
	g->mean = g->ci_lo = g->ci_hi = g->median = g->share_8_plus = NAN;
}

void fig_grades_compute(struct fig_grades *g, int64_t min_respondents)
{
	int64_t hist[11] = {0}, eight = 0;
	double sum = 0, ss = 0, half;

	grades_blank(g);
	g->suppressed = g->n < 1 || g->n < min_respondents;
	if (g->suppressed)
		return;
	for (int i = 0; i < 10; i++) {
		sum += (double)(i + 1) * (double)g->dist[i];
		hist[i + 1] = g->dist[i];
		if (i + 1 >= 8)
			eight += g->dist[i];
	}
	g->mean = sum / (double)g->n;
	for (int i = 0; i < 10; i++)
		ss += (double)g->dist[i] * (i + 1 - g->mean) * (i + 1 - g->mean);
	if (g->n > 1) {
		half = fig_t975(g->n - 1) * sqrt(ss / (double)(g->n - 1)) /
		       sqrt((double)g->n);
		g->ci_lo = g->mean - half;
		g->ci_hi = g->mean + half;
	}
	g->median = fig_hist_median(hist, 11);
	g->share_8_plus = fig_share(eight, g->n);
}

void fig_solved_compute(struct fig_solved *s, int64_t min_respondents)
{
	s->n = s->ja + s->deels + s->nee;
	s->suppressed = s->n < 1 || s->n < min_respondents;
	s->share_ja = s->share_deels = s->share_nee = NAN;
	if (s->suppressed)
		return;
	s->share_ja = fig_share(s->ja, s->n);
	s->share_deels = fig_share(s->deels, s->n);
	s->share_nee = fig_share(s->nee, s->n);
}

/* --- working days over a range ------------------------------------------- */

bool fig_workdays_init(struct fig_workdays *w, struct cal_date from,
		       struct cal_date to, int32_t *cum, size_t cap)
{
	int64_t a = cal_day_number(from), b = cal_day_number(to);

	if (b < a || (size_t)(b - a + 1) > cap)
		return false;
	w->first = a;
	w->n = (size_t)(b - a + 1);
	w->cum = cum;
	cum[0] = 0;
	for (size_t i = 1; i < w->n; i++)
		cum[i] = cum[i - 1] +
			 cal_is_workday(cal_from_day_number(a + (int64_t)i), NULL, 0);
	return true;
}

int fig_workdays_between(const struct fig_workdays *w, struct cal_date a,
			 struct cal_date b)
{
	int64_t x = cal_day_number(a) - w->first, y = cal_day_number(b) - w->first;

	if (x < 0 || y < 0 || (size_t)x >= w->n || (size_t)y >= w->n)
		return cal_workdays_between(a, b, NULL, 0);
	return w->cum[y] - w->cum[x];
}
