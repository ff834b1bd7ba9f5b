/* chart: the frame every chart shares (figure, SVG head, text alternative,
 * data table) and three of the charts: horizontal bars, the distribution
 * of grades and the share bar (see chart.h).  The trend is in
 * chart_trend.c, the map in choropleth.c.
 *
 * Layout is done in the units of a fixed viewBox, with text that is never
 * measured: labels stand on a line of their own above a bar, or under a
 * column whose width is known, so a long label can overrun the right edge
 * but never a bar or another label. */
#include "views/chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "i18n/i18n.h"
#include "views/chart_parts.h"

static const char *const no_figure = N_("geen gegevens");

/* --- numbers -------------------------------------------------------- */

int chart_has(double v)
{
	return isfinite(v) && v >= 0;
}

int chart_decimals(const struct chart *c)
{
	return c->decimals < 0 ? 0 : c->decimals > 3 ? 3
						     : c->decimals;
}

/* Digits of "%.Nf" regrouped: a thousands mark every three digits of the
 * whole part, the decimal mark of the language. */
char *chart_number(char *s, size_t len, double v, int decimals)
{
	int nl = i18n_current() == LANG_NL;
	char raw[64], *dot, *p = raw;
	size_t o = 0, whole;

	if (len == 0)
		return s;
	if (!isfinite(v) || fabs(v) > 1e15) {
		snprintf(s, len, "%s", "\xe2\x80\x93"); /* – */
		return s;
	}
	decimals = decimals < 0 ? 0 : decimals > 3 ? 3
						   : decimals;
	/* halves away from zero, as people round (printf rounds 7.25 to
	 * 7.2: the binary value is exact, and ties go to even) */
	v = round(v * pow(10, decimals)) / pow(10, decimals);
	snprintf(raw, sizeof(raw), "%.*f", decimals, v);
	if (strspn(raw, "-0.,") == strlen(raw) && raw[0] == '-')
		p++; /* no "-0" */
	dot = strpbrk(p, ".,");
	whole = dot ? (size_t)(dot - p) : strlen(p);
	for (size_t i = 0; i < whole && o + 2 < len; i++) {
		size_t left = whole - i;

		if (i > 0 && p[i - 1] != '-' && left % 3 == 0)
			s[o++] = nl ? '.' : ',';
		s[o++] = p[i];
	}
	if (dot && o + 1 < len)
		s[o++] = nl ? ',' : '.';
	for (const char *d = dot ? dot + 1 : ""; *d && o + 1 < len; d++)
		s[o++] = *d;
	s[o] = '\0';
	return s;
}

const char *chart_value_text(char *s, size_t len, const struct chart *c,
			     double v, const char *text)
{
	if (text)
		return text;
	if (!chart_has(v))
		return _(no_figure);
	return chart_number(s, len, v, chart_decimals(c));
}

double chart_nice_top(double max, double *step)
{
	static const double m[] = {1, 2, 2.5, 5, 10};
	double p, raw;

	if (!(max > 0) || !isfinite(max) || max > 1e15)
		max = 1;
	raw = max / 4;
	/* the power of ten at or below raw */
	for (p = 1; p * 10 <= raw;)
		p *= 10;
	while (p > raw)
		p /= 10;
	for (size_t i = 0; i < ARRAY_SIZE(m); i++) {
		*step = m[i] * p;
		if (*step >= raw)
			break;
	}
	return ceil(max / *step - 1e-9) * *step;
}

/* --- the frame ------------------------------------------------------ */

/* Only [A-Za-z0-9_-] of the id: an id with a space would name two
 * elements in aria-labelledby, and a quote has no business there. */
void chart_ref(struct html *out, const struct chart *c, const char *suffix)
{
	char id[64];
	size_t o = 0;

	for (const char *p = c->id ? c->id : "chart"; *p && o + 1 < sizeof(id);
	     p++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			   "0123456789_-",
			   *p))
			id[o++] = *p;
	id[o] = '\0';
	html_value(out, o ? id : "chart");
	html_value(out, suffix);
}

void chart_open(struct html *out, const struct chart *c, const char *kind,
		int w, int h, int role_img)
{
	html_lit(out, "<figure class=\"wa-chart wa-chart-");
	html_value(out, kind);
	html_lit(out, "\">\n<figcaption>");
	html_text(out, c->caption);
	html_lit(out, "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		      "viewBox=\"0 0 ");
	html_int(out, w);
	html_lit(out, " ");
	html_int(out, h);
	html_lit(out, "\" width=\"");
	html_int(out, w);
	html_lit(out, "\" height=\"");
	html_int(out, h);
	if (role_img)
		html_lit(out, "\" role=\"img");
	else
		html_lit(out, "\" role=\"group");
	html_lit(out, "\" aria-labelledby=\"");
	chart_ref(out, c, "-t");
	html_lit(out, " ");
	chart_ref(out, c, "-d");
	html_lit(out, "\" font-family=\"sans-serif\" font-size=\"" CHART_FONT
		      "\" fill=\"" CHART_INK "\">\n<title id=\"");
	chart_ref(out, c, "-t");
	html_lit(out, "\">");
	html_text(out, c->caption);
	html_lit(out, "</title>\n");
}

void chart_desc_open(struct html *out, const struct chart *c)
{
	html_lit(out, "<desc id=\"");
	chart_ref(out, c, "-d");
	html_lit(out, "\">");
}

void chart_desc_close(struct html *out)
{
	html_lit(out, "</desc>\n");
}

void chart_svg_close(struct html *out)
{
	html_lit(out, "</svg>\n");
}

void chart_close(struct html *out)
{
	html_lit(out, "</figure>\n");
}

void chart_text(struct html *out, double x, double y, const char *anchor,
		const char *s)
{
	html_lit(out, "<text x=\"");
	html_dec(out, x, 1);
	html_lit(out, "\" y=\"");
	html_dec(out, y, 1);
	if (strcmp(anchor, "start") != 0) {
		html_lit(out, "\" text-anchor=\"");
		html_value(out, anchor);
	}
	html_lit(out, "\">");
	html_text(out, s);
	html_lit(out, "</text>\n");
}

void chart_table_open(struct html *out, const struct chart *c,
		      const char *default_label_head)
{
	if (!c->table_open) {
		html_lit(out, "<details class=\"wa-chart-table\"><summary>");
		html_text(out, _("Bekijk de cijfers als tabel"));
		html_lit(out, "</summary>\n");
	}
	html_lit(out, "<table class=\"wa-table\"><caption>");
	html_text(out, c->caption);
	html_lit(out, "</caption>\n<thead><tr><th scope=\"col\">");
	html_text(out, c->label_head ? c->label_head : default_label_head);
	html_lit(out, "</th><th scope=\"col\">");
	html_text(out, c->value_head ? c->value_head : _("Aantal"));
	html_lit(out, "</th></tr></thead>\n<tbody>\n");
}

void chart_table_row(struct html *out, const char *label, const char *value)
{
	html_lit(out, "<tr><th scope=\"row\">");
	html_text(out, label);
	html_lit(out, "</th><td>");
	html_text(out, value);
	html_lit(out, "</td></tr>\n");
}

void chart_table_close(struct html *out, const struct chart *c)
{
	html_lit(out, "</tbody></table>\n");
	if (!c->table_open)
		html_lit(out, "</details>\n");
}

void chart_legend_open(struct html *out)
{
	html_lit(out, "<ul class=\"wa-chart-legend\">\n");
}

void chart_legend_item(struct html *out, const struct chart *c,
		       const char *fill, const char *label, const char *value)
{
	html_lit(out, "<li><svg xmlns=\"http://www.w3.org/2000/svg\" "
		      "class=\"wa-chart-key\" width=\"16\" height=\"16\" "
		      "viewBox=\"0 0 16 16\" aria-hidden=\"true\" "
		      "focusable=\"false\"><rect width=\"16\" height=\"16\" "
		      "stroke=\"#2b3540\" stroke-width=\"1\" fill=\"");
	if (fill) {
		html_value(out, fill);
	} else {
		html_lit(out, "url(#");
		chart_ref(out, c, "-nd");
		html_lit(out, ")");
	}
	html_lit(out, "\"/></svg> ");
	html_text(out, label);
	if (value) {
		html_text(out, ": ");
		html_text(out, value);
	}
	html_lit(out, "</li>\n");
}

void chart_legend_close(struct html *out)
{
	html_lit(out, "</ul>\n");
}

static void rect(struct html *out, double x, double y, double w, double h)
{
	html_lit(out, "<rect x=\"");
	html_dec(out, x, 1);
	html_lit(out, "\" y=\"");
	html_dec(out, y, 1);
	html_lit(out, "\" width=\"");
	html_dec(out, w, 1);
	html_lit(out, "\" height=\"");
	html_dec(out, h, 1);
	html_lit(out, "\"/>\n");
}

static void line(struct html *out, double x1, double y1, double x2, double y2)
{
	html_lit(out, "<line x1=\"");
	html_dec(out, x1, 1);
	html_lit(out, "\" y1=\"");
	html_dec(out, y1, 1);
	html_lit(out, "\" x2=\"");
	html_dec(out, x2, 1);
	html_lit(out, "\" y2=\"");
	html_dec(out, y2, 1);
	html_lit(out, "\"/>\n");
}

/* --- horizontal bars ------------------------------------------------ */

#define BAR_ROW 44 /* label line + bar + gap */
#define BAR_H 18
#define BAR_TEXT 120 /* room right of the longest bar for its value */

static double bars_max(const struct chart_bar *bars, size_t n, size_t *at)
{
	double max = 0;

	*at = n;
	for (size_t i = 0; i < n; i++)
		if (chart_has(bars[i].value) &&
		    (*at == n || bars[i].value > max)) {
			max = bars[i].value;
			*at = i;
		}
	return max;
}

static void bars_desc(struct html *out, const struct chart *c,
		      const struct chart_bar *bars, size_t n)
{
	char s[64], t[64];
	size_t top, low = n;

	bars_max(bars, n, &top);
	chart_desc_open(out, c);
	if (top == n) {
		html_text(out, _("Geen gegevens."));
	} else {
		for (size_t i = 0; i < n; i++)
			if (chart_has(bars[i].value) &&
			    (low == n || bars[i].value < bars[low].value))
				low = i;
		html_textf(out, _("Het meest: %s, %s."), bars[top].label,
			   chart_value_text(s, sizeof(s), c, bars[top].value,
					    bars[top].text));
		if (low != top)
			html_textf(out, _(" Het minst: %s, %s."),
				   bars[low].label,
				   chart_value_text(t, sizeof(t), c,
						    bars[low].value,
						    bars[low].text));
	}
	chart_desc_close(out);
}

static void bar_row(struct html *out, const struct chart *c,
		    const struct chart_bar *b, double y, double scale)
{
	char s[64];
	double w;

	chart_text(out, 0, y + 13, "start", b->label);
	if (!chart_has(b->value)) {
		html_lit(out, "<g fill=\"" CHART_MUTED "\" font-style=\"italic\">");
		chart_text(out, 6, y + 18 + 13, "start", _(no_figure));
		html_lit(out, "</g>\n");
		return;
	}
	w = b->value * scale;
	html_lit(out, "<g fill=\"" CHART_BAR "\">");
	rect(out, 0, y + 18, w, BAR_H);
	html_lit(out, "</g>");
	chart_text(out, w + 6, y + 18 + 13, "start",
		   chart_value_text(s, sizeof(s), c, b->value, b->text));
}

void chart_bars(struct html *out, const struct chart *c,
		const struct chart_bar *bars, size_t n)
{
	int h = (int)n * BAR_ROW + 4;
	double max, scale;
	size_t at;
	char s[64];

	max = bars_max(bars, n, &at);
	scale = max > 0 ? (CHART_W - BAR_TEXT) / max : 0;
	chart_open(out, c, "bars", CHART_W, h, 1);
	bars_desc(out, c, bars, n);
	for (size_t i = 0; i < n; i++)
		bar_row(out, c, &bars[i], (double)i * BAR_ROW, scale);
	html_lit(out, "<g stroke=\"" CHART_AXIS "\">");
	line(out, 0.5, 16, 0.5, h);
	html_lit(out, "</g>\n");
	chart_svg_close(out);
	chart_table_open(out, c, _("Categorie"));
	for (size_t i = 0; i < n; i++)
		chart_table_row(out, bars[i].label,
				chart_value_text(s, sizeof(s), c,
						 bars[i].value, bars[i].text));
	chart_table_close(out, c);
	chart_close(out);
}

/* --- distribution of grades ----------------------------------------- */

#define DIST_H 220
#define DIST_TOP 28    /* room for the count above the highest column */
#define DIST_BOTTOM 30 /* the grades under the columns */
#define DIST_SLOT ((CHART_W - 20) / CHART_GRADES)
#define DIST_COL 40

static void dist_desc(struct html *out, const struct chart *c,
		      const long counts[CHART_GRADES])
{
	long total = 0, top = -1;
	double sum = 0;
	char a[32], b[32], d[32];
	int at = 0;

	for (int i = 0; i < CHART_GRADES; i++) {
		if (counts[i] <= 0)
			continue;
		total += counts[i];
		sum += (double)counts[i] * (i + 1);
		if (counts[i] > top) {
			top = counts[i];
			at = i + 1;
		}
	}
	chart_desc_open(out, c);
	if (total == 0) {
		html_text(out, _("Geen cijfers gegeven."));
	} else {
		html_textf(out,
			   _("%s cijfers, gemiddeld een %s. Het meest gegeven "
			     "cijfer is een %d (%s keer)."),
			   chart_number(a, sizeof(a), (double)total, 0),
			   chart_number(b, sizeof(b), sum / (double)total, 1),
			   at, chart_number(d, sizeof(d), (double)top, 0));
	}
	chart_desc_close(out);
}

static void dist_column(struct html *out, int grade, long count, double scale)
{
	double x = 10 + (grade - 1) * DIST_SLOT + (DIST_SLOT - DIST_COL) / 2.0;
	double base = DIST_H - DIST_BOTTOM, h, mid = x + DIST_COL / 2.0;
	char s[32];

	if (count < 0) {
		html_lit(out, "<g fill=\"" CHART_MUTED "\">");
		chart_text(out, mid, base - 6, "middle", "\xe2\x80\x93");
		html_lit(out, "</g>\n");
	} else {
		h = (double)count * scale;
		html_lit(out, "<g fill=\"" CHART_BAR "\">");
		rect(out, x, base - h, DIST_COL, h);
		html_lit(out, "</g>");
		chart_text(out, mid, base - h - 6, "middle",
			   chart_number(s, sizeof(s), (double)count, 0));
	}
	snprintf(s, sizeof(s), "%d", grade);
	html_lit(out, "<g font-weight=\"bold\">");
	chart_text(out, mid, base + 18, "middle", s);
	html_lit(out, "</g>\n");
}

void chart_distribution(struct html *out, const struct chart *c,
			const long counts[CHART_GRADES])
{
	long max = 0;
	double scale;
	char s[32], g[16];

	for (int i = 0; i < CHART_GRADES; i++)
		if (counts[i] > max)
			max = counts[i];
	scale = max > 0 ? (DIST_H - DIST_TOP - DIST_BOTTOM) / (double)max : 0;
	chart_open(out, c, "distribution", CHART_W, DIST_H, 1);
	dist_desc(out, c, counts);
	for (int i = 0; i < CHART_GRADES; i++)
		dist_column(out, i + 1, counts[i], scale);
	html_lit(out, "<g stroke=\"" CHART_AXIS "\">");
	line(out, 10, DIST_H - DIST_BOTTOM + 0.5, CHART_W - 10,
	     DIST_H - DIST_BOTTOM + 0.5);
	html_lit(out, "</g>\n");
	chart_svg_close(out);
	chart_table_open(out, c, _("Cijfer"));
	for (int i = 0; i < CHART_GRADES; i++) {
		snprintf(g, sizeof(g), "%d", i + 1);
		chart_table_row(out, g,
				counts[i] < 0
					? _(no_figure)
					: chart_number(s, sizeof(s),
						       (double)counts[i], 0));
	}
	chart_table_close(out, c);
	chart_close(out);
}

/* --- share bar ------------------------------------------------------ */

/* Dark enough for white text on them (4.5:1 or more) and for the 3:1 of
 * a graphic object against the white ground; green, amber, red first so
 * that ja, deels, nee read as expected, but the labels carry the meaning. */
static const char *const share_fill[CHART_SHARE_MAX] = {
	"#1b6e3a",
	"#8a5a00",
	"#a4262c",
	"#3a5a8c",
	"#5c4d7d",
	"#4d4d4d",
};

#define SHARE_BAR_H 36

/* Whole percentages that add up to 100 (largest remainder), so the bar
 * and the legend never say 101%. */
static void share_percent(const struct chart_bar *p, size_t n, int *pct)
{
	double sum = 0, rest[CHART_SHARE_MAX];
	int total = 0;

	for (size_t i = 0; i < n; i++)
		sum += chart_has(p[i].value) ? p[i].value : 0;
	for (size_t i = 0; i < n; i++) {
		double exact = chart_has(p[i].value) && sum > 0
				       ? p[i].value * 100 / sum
				       : 0;

		pct[i] = (int)floor(exact);
		rest[i] = exact - pct[i];
		total += pct[i];
	}
	while (sum > 0 && total < 100) {
		size_t best = 0;

		for (size_t i = 1; i < n; i++)
			if (rest[i] > rest[best])
				best = i;
		pct[best]++;
		rest[best] = -1;
		total++;
	}
}

static void share_desc(struct html *out, const struct chart *c,
		       const struct chart_bar *p, size_t n, const int *pct)
{
	int any = 0;

	chart_desc_open(out, c);
	for (size_t i = 0; i < n; i++) {
		if (!chart_has(p[i].value))
			continue;
		html_textf(out, any ? ", %s %d%%" : "%s %d%%", p[i].label,
			   pct[i]);
		any = 1;
	}
	html_text(out, any ? "." : _("Geen gegevens."));
	chart_desc_close(out);
}

static void share_segment(struct html *out, size_t i, double x, double w,
			  int pct)
{
	char s[16];

	html_lit(out, "<rect fill=\"");
	html_value(out, share_fill[i]);
	html_lit(out, "\" stroke=\"#ffffff\" stroke-width=\"2\" x=\"");
	html_dec(out, x, 1);
	html_lit(out, "\" y=\"0\" width=\"");
	html_dec(out, w, 1);
	html_lit(out, "\" height=\""
		      "36"
		      "\"/>\n");
	if (w >= 44) {
		snprintf(s, sizeof(s), "%d%%", pct);
		html_lit(out, "<g fill=\"#ffffff\" font-weight=\"bold\">");
		chart_text(out, x + w / 2, 23, "middle", s);
		html_lit(out, "</g>\n");
	}
}

static void share_legend(struct html *out, const struct chart *c,
			 const struct chart_bar *p, size_t n, const int *pct)
{
	char s[16];

	chart_legend_open(out);
	for (size_t i = 0; i < n; i++) {
		snprintf(s, sizeof(s), "%d%%", pct[i]);
		chart_legend_item(out, c, share_fill[i], p[i].label,
				  chart_has(p[i].value) ? s : _(no_figure));
	}
	chart_legend_close(out);
}

void chart_share(struct html *out, const struct chart *c,
		 const struct chart_bar *parts, size_t n)
{
	int pct[CHART_SHARE_MAX] = {0};
	double x = 0, sum = 0;
	int h;
	char s[64];

	n = n > CHART_SHARE_MAX ? CHART_SHARE_MAX : n;
	h = SHARE_BAR_H;
	share_percent(parts, n, pct);
	for (size_t i = 0; i < n; i++)
		sum += chart_has(parts[i].value) ? parts[i].value : 0;
	chart_open(out, c, "share", CHART_W, h, 1);
	share_desc(out, c, parts, n, pct);
	for (size_t i = 0; i < n && sum > 0; i++) {
		double w;

		if (!chart_has(parts[i].value) || parts[i].value == 0)
			continue;
		w = parts[i].value / sum * CHART_W;
		share_segment(out, i, x, w, pct[i]);
		x += w;
	}
	chart_svg_close(out);
	share_legend(out, c, parts, n, pct);
	chart_table_open(out, c, _("Categorie"));
	for (size_t i = 0; i < n; i++) {
		char v[96];

		if (chart_has(parts[i].value))
			snprintf(v, sizeof(v), "%s (%d%%)",
				 chart_number(s, sizeof(s), parts[i].value,
					      chart_decimals(c)),
				 pct[i]);
		chart_table_row(out, parts[i].label,
				parts[i].text               ? parts[i].text
				: chart_has(parts[i].value) ? v
							    : _(no_figure));
	}
	chart_table_close(out, c);
	chart_close(out);
}
