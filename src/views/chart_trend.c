/* chart_trend: a figure by month as columns or as a line (see chart.h).
 * The months are laid out from the first given to the last, one slot
 * each; a month that is not given, or has no figure, stays a gap: the
 * line breaks there and a dashed mark stands where a column would, so a
 * month without data never looks like a month with zero. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "i18n/i18n.h"
#include "views/chart.h"
#include "views/chart_parts.h"

#define TR_H 250
#define TR_LEFT 48 /* the values of the axis */
#define TR_RIGHT 12
#define TR_TOP 14
#define TR_BOTTOM 52 /* month, year, and the note on gaps */
#define TR_PLOT_H (TR_H - TR_TOP - TR_BOTTOM)
#define TR_BASE (TR_H - TR_BOTTOM)

static const char *const month_abbr[12] = {
	N_("jan"),
	N_("feb"),
	N_("mrt"),
	N_("apr"),
	N_("mei"),
	N_("jun"),
	N_("jul"),
	N_("aug"),
	N_("sep"),
	N_("okt"),
	N_("nov"),
	N_("dec"),
};

/* "YYYY-MM" as months since year 0; -1 when it is not that. */
static long month_index(const char *s)
{
	int y, m;

	if (!s || strlen(s) != 7 || s[4] != '-' ||
	    strspn(s, "0123456789") != 4 || strspn(s + 5, "0123456789") != 2)
		return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	if (y < 1900 || y > 2999 || m < 1 || m > 12)
		return -1;
	return (long)y * 12 + (m - 1);
}

/* The slots: value per month from the first to the last, NaN for gaps. */
struct series {
	long first;
	size_t n;
	double v[CHART_MAX_MONTHS];
};

static int series_make(struct series *s, const struct chart_month *m,
		       size_t n)
{
	long prev = -1, at;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		at = month_index(m[i].month);
		if (at < 0 || at <= prev)
			return -1;
		prev = at;
	}
	s->first = month_index(m[0].month);
	if (prev - s->first >= CHART_MAX_MONTHS)
		return -1;
	s->n = (size_t)(prev - s->first + 1);
	for (size_t i = 0; i < s->n; i++)
		s->v[i] = NAN;
	for (size_t i = 0; i < n; i++)
		if (chart_has(m[i].value))
			s->v[month_index(m[i].month) - s->first] = m[i].value;
	return 0;
}

/* "mrt 2026" for slot i. */
static void month_name(char *out, size_t len, const struct series *s,
		       size_t i)
{
	long at = s->first + (long)i;

	snprintf(out, len, "%s %ld", _(month_abbr[at % 12]), at / 12);
}

static void trend_desc(struct html *out, const struct chart *c,
		       const struct series *s)
{
	size_t hi = s->n, lo = s->n, last = s->n, gaps = 0;
	char a[32], b[32], v1[32], v2[32];

	for (size_t i = 0; i < s->n; i++) {
		if (isnan(s->v[i])) {
			gaps++;
			continue;
		}
		if (hi == s->n || s->v[i] > s->v[hi])
			hi = i;
		if (lo == s->n || s->v[i] < s->v[lo])
			lo = i;
		last = i;
	}
	chart_desc_open(out, c);
	month_name(a, sizeof(a), s, 0);
	month_name(b, sizeof(b), s, s->n - 1);
	html_textf(out, _("Per maand, van %s tot en met %s."), a, b);
	if (hi == s->n) {
		html_textf(out, " %s", _("Geen gegevens."));
		chart_desc_close(out);
		return;
	}
	month_name(a, sizeof(a), s, hi);
	month_name(b, sizeof(b), s, lo);
	html_textf(out, _(" Het hoogst: %s in %s; het laagst: %s in %s."),
		   chart_number(v1, sizeof(v1), s->v[hi], chart_decimals(c)), a,
		   chart_number(v2, sizeof(v2), s->v[lo], chart_decimals(c)),
		   b);
	month_name(a, sizeof(a), s, last);
	html_textf(out, _(" De laatste maand met gegevens, %s: %s."), a,
		   chart_number(v1, sizeof(v1), s->v[last],
				chart_decimals(c)));
	if (gaps)
		html_textf(out, _(" Maanden zonder gegevens: %zu."), gaps);
	chart_desc_close(out);
}

static double slot_x(const struct series *s, size_t i)
{
	double w = (double)(CHART_W - TR_LEFT - TR_RIGHT) / (double)s->n;

	return TR_LEFT + w * ((double)i + 0.5);
}

static double value_y(double v, double top)
{
	return TR_BASE - v / top * TR_PLOT_H;
}

/* The grid, the values along the axis and the base line. */
static void trend_axis(struct html *out, double top,
		       double step)
{
	char s[32];
	int d = step == floor(step)             ? 0
		: step * 10 == floor(step * 10) ? 1
						: 2;

	html_lit(out, "<g stroke=\"" CHART_GRID "\">\n");
	for (double v = step; v <= top + step / 2; v += step) {
		html_lit(out, "<line x1=\""
			      "48"
			      "\" x2=\""
			      "628"
			      "\" y1=\"");
		html_dec(out, value_y(v, top), 1);
		html_lit(out, "\" y2=\"");
		html_dec(out, value_y(v, top), 1);
		html_lit(out, "\"/>\n");
	}
	html_lit(out, "</g>\n<g fill=\"" CHART_MUTED "\">\n");
	for (double v = 0; v <= top + step / 2; v += step)
		chart_text(out, TR_LEFT - 6, value_y(v, top) + 4, "end",
			   chart_number(s, sizeof(s), v, d));
	html_lit(out, "</g>\n<g stroke=\"" CHART_AXIS "\">"
		      "<line x1=\"48\" x2=\"628\" y1=\"198.5\" y2=\"198.5\"/>"
		      "</g>\n");
}

/* A month label every k slots, so that at most 12 stand side by side;
 * the year under the first label and under every January. */
static void trend_months(struct html *out, const struct series *s)
{
	size_t k = (s->n + 11) / 12;
	long prev_year = -1;
	char y[24];

	for (size_t i = 0; i < s->n; i += k) {
		long at = s->first + (long)i;

		chart_text(out, slot_x(s, i), TR_BASE + 16, "middle",
			   _(month_abbr[at % 12]));
		if (at / 12 != prev_year) {
			snprintf(y, sizeof(y), "%ld", at / 12);
			chart_text(out, slot_x(s, i), TR_BASE + 31, "middle",
				   y);
			prev_year = at / 12;
		}
	}
}

/* The dashed mark of a month without a figure. */
static void gap_mark(struct html *out, double x)
{
	html_lit(out, "<line x1=\"");
	html_dec(out, x, 1);
	html_lit(out, "\" x2=\"");
	html_dec(out, x, 1);
	html_lit(out, "\" y1=\""
		      "14"
		      "\" y2=\""
		      "198"
		      "\"/>\n");
}

static void trend_gaps(struct html *out, const struct series *s)
{
	int any = 0;

	html_lit(out, "<g stroke=\"" CHART_AXIS "\" stroke-dasharray=\"3 3\">\n");
	for (size_t i = 0; i < s->n; i++)
		if (isnan(s->v[i])) {
			gap_mark(out, slot_x(s, i));
			any = 1;
		}
	if (any)
		html_lit(out, "<line x1=\"48\" x2=\"72\" y1=\"240\" y2=\"240\"/>");
	html_lit(out, "</g>\n");
	if (any) {
		html_lit(out, "<g fill=\"" CHART_MUTED "\">");
		chart_text(out, 78, 244, "start",
			   _("streepjeslijn: maand zonder gegevens"));
		html_lit(out, "</g>\n");
	}
}

static void trend_columns(struct html *out, const struct series *s,
			  double top)
{
	double slot = (double)(CHART_W - TR_LEFT - TR_RIGHT) / (double)s->n;
	double w = fmin(slot * 0.7, 40);

	html_lit(out, "<g fill=\"" CHART_BAR "\">\n");
	for (size_t i = 0; i < s->n; i++) {
		double y;

		if (isnan(s->v[i]))
			continue;
		y = value_y(s->v[i], top);
		html_lit(out, "<rect x=\"");
		html_dec(out, slot_x(s, i) - w / 2, 1);
		html_lit(out, "\" y=\"");
		html_dec(out, y, 1);
		html_lit(out, "\" width=\"");
		html_dec(out, w, 1);
		html_lit(out, "\" height=\"");
		/* a zero still shows as a line on the base */
		html_dec(out, fmax(TR_BASE - y, 1.5), 1);
		html_lit(out, "\"/>\n");
	}
	html_lit(out, "</g>\n");
}

/* One polyline per run of months with figures, and a point on each. */
static void trend_line(struct html *out, const struct series *s, double top)
{
	html_lit(out, "<g fill=\"none\" stroke=\"" CHART_BAR
		      "\" stroke-width=\"2.5\" stroke-linejoin=\"round\">\n");
	for (size_t i = 0; i < s->n; i++) {
		size_t j = i;

		if (isnan(s->v[i]))
			continue;
		while (j + 1 < s->n && !isnan(s->v[j + 1]))
			j++;
		if (j > i) {
			html_lit(out, "<polyline points=\"");
			for (size_t k = i; k <= j; k++) {
				if (k > i)
					html_lit(out, " ");
				html_dec(out, slot_x(s, k), 1);
				html_lit(out, ",");
				html_dec(out, value_y(s->v[k], top), 1);
			}
			html_lit(out, "\"/>\n");
		}
		i = j;
	}
	html_lit(out, "</g>\n<g fill=\"" CHART_BAR "\">\n");
	for (size_t i = 0; i < s->n; i++) {
		if (isnan(s->v[i]))
			continue;
		html_lit(out, "<circle r=\"4\" cx=\"");
		html_dec(out, slot_x(s, i), 1);
		html_lit(out, "\" cy=\"");
		html_dec(out, value_y(s->v[i], top), 1);
		html_lit(out, "\"/>\n");
	}
	html_lit(out, "</g>\n");
}

static void trend_table(struct html *out, const struct chart *c,
			const struct series *s)
{
	char m[32], v[32];

	chart_table_open(out, c, _("Maand"));
	for (size_t i = 0; i < s->n; i++) {
		month_name(m, sizeof(m), s, i);
		chart_table_row(out, m,
				chart_value_text(v, sizeof(v), c, s->v[i],
						 NULL));
	}
	chart_table_close(out, c);
}

int chart_trend(struct html *out, const struct chart *c,
		const struct chart_month *months, size_t n,
		enum chart_style style)
{
	struct series *s = xcalloc(1, sizeof(*s));
	double max = 0, top, step;

	if (series_make(s, months, n)) {
		free(s);
		return -1;
	}
	for (size_t i = 0; i < s->n; i++)
		if (!isnan(s->v[i]) && s->v[i] > max)
			max = s->v[i];
	top = chart_nice_top(max, &step);
	chart_open(out, c, style == CHART_LINE ? "line" : "columns", CHART_W,
		   TR_H, 1);
	trend_desc(out, c, s);
	trend_axis(out, top, step);
	trend_gaps(out, s);
	if (style == CHART_LINE)
		trend_line(out, s, top);
	else
		trend_columns(out, s, top);
	trend_months(out, s);
	chart_svg_close(out);
	trend_table(out, c, s);
	chart_close(out);
	free(s);
	return 0;
}
