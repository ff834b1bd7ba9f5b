/* chart: pictures for the public dashboards (/cijfers), drawn by the
 * server as inline SVG: no JavaScript, no tile server, no image files.
 *
 * Every writer puts out one <figure> with
 *   - a <figcaption> (the chart's caption);
 *   - the <svg> with a viewBox (it scales with the page: give it CSS
 *     max-width: 100%; height: auto), role="img" and aria-labelledby
 *     naming its <title> (the caption) and <desc> (the text alternative:
 *     the main facts in words, in the page's language);
 *   - right after it the data table (<table> with <caption>, <th scope>),
 *     inside <details> "Bekijk de cijfers als tabel" unless table_open.
 * Values are written beside bars and columns and in legends, so nothing
 * depends on colour alone; every colour a reader must see (bars, lines,
 * the outlines of areas) contrasts 3:1 or more with the white ground
 * (WCAG 1.4.11).  docs/charts.md says what each chart shows and why.
 *
 * Numbers in text follow the thread's language (i18n_use): a decimal
 * comma and a point between thousands in Dutch, the other way round in
 * English.  The writers take plain arrays, never database rows, and write
 * only through struct html: every label is escaped, every number in
 * markup goes through html_dec.  Strings are already translated; any may
 * be NULL where a default is named. */
#ifndef WA_VIEWS_CHART_H
#define WA_VIEWS_CHART_H
#include <stdbool.h>
#include <stddef.h>

#include "html/html.h"

struct svgmap;

/* What every chart has. */
struct chart {
	const char *id;         /* unique in the page, [A-Za-z0-9_-]: the ids
				 * of the <title>, <desc> and patterns are
				 * made from it */
	const char *caption;    /* figcaption, the SVG's title, table caption */
	const char *label_head; /* heading of the table's first column; NULL:
				 * "Categorie", "Cijfer", "Maand", "Gebied" */
	const char *value_head; /* heading of the value column; NULL: "Aantal" */
	int decimals;           /* of the values: 0..3 */
	bool table_open;        /* the table shown, not folded in <details> */
};

/* One bar, one part of a share, one category. */
struct chart_bar {
	const char *label;
	double value;     /* >= 0; NaN (or negative): no figure, drawn as a
			   * gap with "geen gegevens", never as 0 */
	const char *text; /* written beside the bar and in the table instead of
			   * the value (e.g. "12 (34%)"); NULL: the value */
};

/* Horizontal bars, one per entry, in the order given (outcomes, scale
 * levels, promises): the label above its bar, the value at its end.  The
 * longest bar is the largest value; the text alternative names it. */
void chart_bars(struct html *out, const struct chart *c,
		const struct chart_bar *bars, size_t n);

#define CHART_GRADES 10
/* The grades 1..10 as columns with the count above each; counts[i] is the
 * number of grade i + 1 (negative: no figure).  The text alternative gives
 * the number of grades, their mean and the grade given most. */
void chart_distribution(struct html *out, const struct chart *c,
			const long counts[CHART_GRADES]);

/* A share bar: the parts stacked to 100% of their sum (ja, deels, nee),
 * each with its percentage inside when it fits, and a legend with label
 * and percentage always.  At most CHART_SHARE_MAX parts; parts without a
 * figure are left out of the bar and named in the table. */
#define CHART_SHARE_MAX 6
void chart_share(struct html *out, const struct chart *c,
		 const struct chart_bar *parts, size_t n);

/* One month of a trend.  Months not given between the first and the last
 * are gaps, as are NaN values: a broken line or a marked empty column,
 * never a zero. */
struct chart_month {
	const char *month; /* "YYYY-MM" */
	double value;      /* >= 0, or NaN: no figure */
};
enum chart_style { CHART_COLUMNS,
		   CHART_LINE };
#define CHART_MAX_MONTHS 120
/* A trend by month: columns, or a line with a point per month.  Returns
 * 0, or -1 and writes nothing when n is 0, a month is not "YYYY-MM", the
 * months are not strictly ascending, or they span more than
 * CHART_MAX_MONTHS months. */
int chart_trend(struct html *out, const struct chart *c,
		const struct chart_month *months, size_t n,
		enum chart_style style);

/* One area of a choropleth. */
struct chart_area {
	const char *code; /* as in the svgmap */
	const char *name;
	double value;     /* NaN: no data (hatched grey) */
	const char *href; /* its page, e.g. "/cijfers/AA01"; NULL: no link */
};
#define CHART_CLASSES 5
/* The map of one level's areas, each filled by its class (a sequential
 * palette of up to CHART_CLASSES classes, a legend with the ranges and an
 * entry for "geen gegevens"), each with a <title> "name: value" and a link
 * to href (so keyboard users can tab to every area), then the table of all
 * areas.  breaks: nbreaks (1..4) ascending class limits (a value v is in
 * class k when k limits are <= v); NULL: quantiles of the values.  m may
 * be NULL (no map could be made): then only the caption and the table.
 * Areas of m without an entry in areas are drawn as no data; entries
 * without a path in m still get their row.  The <svg> has role="group",
 * not "img": an image's children are hidden from screen readers, and
 * these are links. */
void chart_map(struct html *out, const struct chart *c, const struct svgmap *m,
	       const struct chart_area *areas, size_t n, const double *breaks,
	       size_t nbreaks);

/* v with `decimals` decimals (0..3) as people read it in the thread's
 * language ("1.234,5" in Dutch, "1,234.5" in English); "–" for NaN.
 * Returns s. */
char *chart_number(char *s, size_t len, double v, int decimals);

#endif
