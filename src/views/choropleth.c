/* choropleth: the map of one level's areas coloured by a figure, and the
 * table of all areas under it (chart_map in chart.h).  The shapes come
 * ready from geo/svgmap (projected, simplified, path data of digits and
 * letters only); this file matches them to the figures by code, puts
 * each value in a class and writes paths, links, titles and the legend.
 *
 * Classes: up to five, from the caller's limits or from the quintiles of
 * the values present (equal limits merge, so few distinct values give
 * fewer classes).  The palette is ColorBrewer's sequential "Blues" (light
 * is low, dark is high), which reads in greyscale and for the common
 * colour-vision deficiencies.  Neighbouring classes cannot all differ by
 * 3:1 in five steps, so every area also says its value in its title and
 * in the table, and the outline of each area (#2b3540) keeps 3:1 or more
 * against the ground and all but the darkest class, which itself is 7.9:1
 * against the white ground. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "geo/svgmap.h"
#include "i18n/i18n.h"
#include "views/chart.h"
#include "views/chart_parts.h"

static const char *const palette[CHART_CLASSES] = {
	"#eff3ff",
	"#bdd7e7",
	"#6baed6",
	"#3182bd",
	"#08519c",
};

struct classes {
	double brk[CHART_CLASSES - 1];
	size_t nbrk;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Limits from the caller (ascending, finite), or the quintiles. */
static void classes_make(struct classes *k, const struct chart_area *a,
			 size_t n, const double *breaks, size_t nbreaks)
{
	double *v = xcalloc(n ? n : 1, sizeof(*v));
	size_t m = 0;

	k->nbrk = 0;
	if (breaks) {
		for (size_t i = 0; i < nbreaks && k->nbrk < CHART_CLASSES - 1;
		     i++)
			if (isfinite(breaks[i]) &&
			    (k->nbrk == 0 || breaks[i] > k->brk[k->nbrk - 1]))
				k->brk[k->nbrk++] = breaks[i];
		free(v);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (chart_has(a[i].value))
			v[m++] = a[i].value;
	qsort(v, m, sizeof(*v), cmp_double);
	for (size_t q = 1; q < CHART_CLASSES && m > 0; q++) {
		double b = v[q * m / CHART_CLASSES];

		if (b > v[0] && (k->nbrk == 0 || b > k->brk[k->nbrk - 1]))
			k->brk[k->nbrk++] = b;
	}
	free(v);
}

static size_t class_of(const struct classes *k, double v)
{
	size_t c = 0;

	while (c < k->nbrk && k->brk[c] <= v)
		c++;
	return c;
}

/* The palette spread over the classes in use: 2 classes are light and
 * dark, 3 light, middle, dark. */
static const char *class_fill(const struct classes *k, size_t c)
{
	size_t nc = k->nbrk + 1;

	if (nc == 1)
		return palette[2];
	return palette[(c * (CHART_CLASSES - 1) + (nc - 1) / 2) / (nc - 1)];
}

/* --- areas by code --------------------------------------------------- */

struct by_code {
	const char *code;
	const struct chart_area *a;
};

static int cmp_code(const void *x, const void *y)
{
	return strcmp(((const struct by_code *)x)->code,
		      ((const struct by_code *)y)->code);
}

/* The areas sorted by code, for a binary search per path. */
static struct by_code *lookup_make(const struct chart_area *a, size_t n)
{
	struct by_code *l = xcalloc(n ? n : 1, sizeof(*l));

	for (size_t i = 0; i < n; i++)
		l[i] = (struct by_code){a[i].code ? a[i].code : "", &a[i]};
	qsort(l, n, sizeof(*l), cmp_code);
	return l;
}

static const struct chart_area *lookup_find(const struct by_code *l,
					    size_t n, const char *code)
{
	struct by_code key = {code ? code : "", NULL};
	const struct by_code *hit = bsearch(&key, l, n, sizeof(*l), cmp_code);

	return hit ? hit->a : NULL;
}

/* --- writing -------------------------------------------------------- */

static void map_desc(struct html *out, const struct chart *c,
		     const struct chart_area *a, size_t n)
{
	size_t hi = n, lo = n, none = 0;
	char x[32], y[32];

	for (size_t i = 0; i < n; i++) {
		if (!chart_has(a[i].value)) {
			none++;
			continue;
		}
		if (hi == n || a[i].value > a[hi].value)
			hi = i;
		if (lo == n || a[i].value < a[lo].value)
			lo = i;
	}
	chart_desc_open(out, c);
	html_textf(out, _("Kaart van %zu gebieden."), n);
	if (hi < n)
		html_textf(out, _(" Het hoogst: %s, %s; het laagst: %s, %s."),
			   a[hi].name,
			   chart_number(x, sizeof(x), a[hi].value,
					chart_decimals(c)),
			   a[lo].name,
			   chart_number(y, sizeof(y), a[lo].value,
					chart_decimals(c)));
	if (none)
		html_textf(out, _(" Zonder gegevens: %zu."), none);
	html_text(out, _(" De tabel onder de kaart noemt elk gebied."));
	chart_desc_close(out);
}

static void hatch(struct html *out, const struct chart *c)
{
	html_lit(out, "<defs><pattern id=\"");
	chart_ref(out, c, "-nd");
	html_lit(out, "\" patternUnits=\"userSpaceOnUse\" width=\"6\" "
		      "height=\"6\" patternTransform=\"rotate(45)\">"
		      "<rect width=\"6\" height=\"6\" fill=\"#f2f2f2\"/>"
		      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
		      "stroke=\"#737373\" stroke-width=\"2\"/></pattern></defs>\n");
}

static void fill(struct html *out, const struct chart *c,
		 const struct classes *k, const struct chart_area *a)
{
	html_lit(out, "\" fill=\"");
	if (a && chart_has(a->value)) {
		html_value(out, class_fill(k, class_of(k, a->value)));
	} else {
		html_lit(out, "url(#");
		chart_ref(out, c, "-nd");
		html_lit(out, ")");
	}
	html_lit(out, "\"/>");
}

static void area_title(struct html *out, const struct chart *c,
		       const struct chart_area *a, const char *code)
{
	char s[32];

	html_lit(out, "<title>");
	html_text(out, a ? a->name : code);
	html_text(out, ": ");
	html_text(out, a ? chart_value_text(s, sizeof(s), c, a->value, NULL)
			 : _("geen gegevens"));
	html_lit(out, "</title>");
}

static void map_area(struct html *out, const struct chart *c,
		     const struct classes *k, const struct svgmap *m, size_t i,
		     const struct chart_area *a)
{
	if (a && a->href) {
		html_lit(out, "<a href=\"");
		html_url(out, a->href);
		html_lit(out, "\">");
	} else {
		html_lit(out, "<g>");
	}
	area_title(out, c, a, svgmap_code(m, i));
	html_lit(out, "<path d=\"");
	html_value(out, svgmap_path(m, i));
	fill(out, c, k, a);
	if (a && a->href)
		html_lit(out, "</a>\n");
	else
		html_lit(out, "</g>\n");
}

/* The text of class j's range. */
static void legend_label(char *s, size_t len, const struct chart *c,
			 const struct classes *k, size_t j)
{
	char a[32], b[32];
	int d = chart_decimals(c);

	if (k->nbrk == 0)
		snprintf(s, len, "%s", _("alle gebieden met gegevens"));
	else if (j == 0)
		snprintf(s, len, _("minder dan %s"),
			 chart_number(a, sizeof(a), k->brk[0], d));
	else if (j == k->nbrk)
		snprintf(s, len, _("%s of meer"),
			 chart_number(a, sizeof(a), k->brk[j - 1], d));
	else
		snprintf(s, len, _("%s tot %s"),
			 chart_number(a, sizeof(a), k->brk[j - 1], d),
			 chart_number(b, sizeof(b), k->brk[j], d));
}

static void legend(struct html *out, const struct chart *c,
		   const struct classes *k)
{
	char s[96];

	chart_legend_open(out);
	for (size_t j = 0; j <= k->nbrk; j++) {
		legend_label(s, sizeof(s), c, k, j);
		chart_legend_item(out, c, class_fill(k, j), s, NULL);
	}
	chart_legend_item(out, c, NULL, _("geen gegevens"), NULL);
	chart_legend_close(out);
}

static void map_table(struct html *out, const struct chart *c,
		      const struct chart_area *a, size_t n)
{
	char s[32];

	chart_table_open(out, c, _("Gebied"));
	for (size_t i = 0; i < n; i++) {
		html_lit(out, "<tr><th scope=\"row\">");
		if (a[i].href) {
			html_lit(out, "<a href=\"");
			html_url(out, a[i].href);
			html_lit(out, "\">");
		}
		html_text(out, a[i].name);
		if (a[i].href)
			html_lit(out, "</a>");
		html_lit(out, "</th><td>");
		html_text(out,
			  chart_value_text(s, sizeof(s), c, a[i].value, NULL));
		html_lit(out, "</td></tr>\n");
	}
	chart_table_close(out, c);
}

static void map_svg(struct html *out, const struct chart *c,
		    const struct svgmap *m, const struct chart_area *a,
		    size_t n, const struct classes *k)
{
	struct by_code *l;

	chart_open(out, c, "map", svgmap_width(m), svgmap_height(m), 0);
	map_desc(out, c, a, n);
	hatch(out, c);
	l = lookup_make(a, n);
	html_lit(out, "<g stroke=\"#2b3540\" stroke-width=\"0.6\" "
		      "stroke-linejoin=\"round\" fill-rule=\"evenodd\">\n");
	for (size_t i = 0; i < svgmap_count(m); i++)
		map_area(out, c, k, m, i, lookup_find(l, n, svgmap_code(m, i)));
	html_lit(out, "</g>\n");
	free(l);
	chart_svg_close(out);
	legend(out, c, k);
}

void chart_map(struct html *out, const struct chart *c, const struct svgmap *m,
	       const struct chart_area *areas, size_t n, const double *breaks,
	       size_t nbreaks)
{
	struct chart open = *c;
	struct classes k;

	classes_make(&k, areas, n, breaks, nbreaks);
	if (m) {
		map_svg(out, c, m, areas, n, &k);
	} else {
		html_lit(out, "<figure class=\"wa-chart wa-chart-map\">\n"
			      "<figcaption>");
		html_text(out, c->caption);
		html_lit(out, "</figcaption>\n<p>");
		html_text(out, _("De kaart kan nu niet getoond worden; de "
				 "tabel geeft alle gebieden."));
		html_lit(out, "</p>\n");
		open.table_open = true; /* the table is all there is */
	}
	map_table(out, &open, areas, n);
	chart_close(out);
}
