/* test_chart: the SVG charts and the choropleth of views/chart.h.  Every
 * figure a test writes is parsed as XML with libxml2 (a figure is
 * well-formed XML: SVG inside, the table after it), and the checks read
 * the parsed tree with XPath: bars, columns and segments are as long as
 * their values say; a missing value is a gap, never a zero; the text
 * alternative names the largest value; hostile labels stay text; numbers
 * follow the language.  The last test writes one of each chart, with the
 * real map of the 518 buurten, to build/chart-demo.html for a look in a
 * browser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "geo/svgmap.h"
#include "i18n/i18n.h"
#include "views/chart.h"

#define BAR "#1f5f8b"

/* --- parsing -------------------------------------------------------- */

struct doc {
	struct buf b;
	struct html h;
	xmlDocPtr x;
	xmlXPathContextPtr ctx;
};

static struct html *doc_start(struct doc *d)
{
	memset(d, 0, sizeof(*d));
	buf_init(&d->b, 0);
	d->b.max = (size_t)32 << 20;
	d->h.b = &d->b;
	return &d->h;
}

/* Parse what was written; fails the test when it is not well-formed. */
static void doc_parse(struct doc *d)
{
	assert_false(d->b.overflow);
	assert_true(d->b.len > 0);
	d->x = xmlReadMemory(d->b.data, (int)d->b.len, "chart.xml", "UTF-8",
			     XML_PARSE_NONET);
	if (!d->x)
		fprintf(stderr, "not well-formed:\n%s\n", d->b.data);
	assert_non_null(d->x);
	d->ctx = xmlXPathNewContext(d->x);
}

static void doc_end(struct doc *d)
{
	xmlXPathFreeContext(d->ctx);
	xmlFreeDoc(d->x);
	buf_release(&d->b);
}

static double num(struct doc *d, const char *expr)
{
	xmlXPathObjectPtr o =
		xmlXPathEvalExpression((const xmlChar *)expr, d->ctx);
	double v;

	assert_non_null(o);
	v = xmlXPathCastToNumber(o);
	xmlXPathFreeObject(o);
	return v;
}

/* string(expr), in a static buffer */
static const char *str(struct doc *d, const char *expr)
{
	static char out[4096];
	xmlXPathObjectPtr o =
		xmlXPathEvalExpression((const xmlChar *)expr, d->ctx);
	xmlChar *s;

	assert_non_null(o);
	s = xmlXPathCastToString(o);
	snprintf(out, sizeof(out), "%s", (const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
	return out;
}

#define E(name) "*[local-name()='" name "']"

/* What every chart has: caption, an svg labelled by its title and desc,
 * a table with a caption and scoped headings. */
static void check_frame(struct doc *d, const char *id, const char *caption,
			const char *role)
{
	char t[128], expr[256];

	assert_string_equal(str(d, "string(/" E("figure") "/" E("figcaption")
				   ")"), caption);
	snprintf(t, sizeof(t), "%s-t %s-d", id, id);
	assert_string_equal(str(d, "string(//" E("svg") "/@aria-labelledby)"),
			    t);
	assert_string_equal(str(d, "string(//" E("svg") "/@role)"), role);
	assert_true(strlen(str(d, "string(//" E("svg") "/@viewBox)")) > 6);
	snprintf(expr, sizeof(expr), "string(//" E("title") "[@id='%s-t'])",
		 id);
	assert_string_equal(str(d, expr), caption);
	snprintf(expr, sizeof(expr), "count(//" E("desc") "[@id='%s-d'])", id);
	assert_int_equal(num(d, expr), 1);
	assert_string_equal(str(d, "string(//" E("table") "/" E("caption")
				   ")"), caption);
	assert_int_equal(num(d, "count(//" E("th") "[@scope='col'])"), 2);
	assert_int_equal(num(d, "count(//" E("tr") "[" E("th") "]) - 1"),
			 num(d, "count(//" E("th") "[@scope='row'])"));
}

static const char *desc(struct doc *d)
{
	return str(d, "string(//" E("desc") ")");
}

/* --- the charts ----------------------------------------------------- */

static void test_bars(void **state)
{
	const struct chart_bar bars[] = {
		{"Opgelost", 10, NULL},
		{"Doorverwezen", 5, NULL},
		{"Niet opgelost", 0, NULL},
		{"Onbekend", NAN, NULL},
		{"Gepland", 2, "2 (11%)"},
	};
	struct chart c = {.id = "uitkomst", .caption = "Uitkomsten"};
	struct doc d;
	struct html *h = doc_start(&d);

	(void)state;
	chart_bars(h, &c, bars, ARRAY_SIZE(bars));
	doc_parse(&d);
	check_frame(&d, "uitkomst", "Uitkomsten", "img");
	/* (640 - 120) units for the largest value: 52 per unit */
	assert_int_equal(num(&d, "count(//" E("g") "[@fill='" BAR "']/"
				E("rect") ")"), 4);
	assert_string_equal(str(&d, "string((//" E("g") "[@fill='" BAR "']/"
				    E("rect") ")[1]/@width)"), "520");
	assert_string_equal(str(&d, "string((//" E("g") "[@fill='" BAR "']/"
				    E("rect") ")[2]/@width)"), "260");
	assert_string_equal(str(&d, "string((//" E("g") "[@fill='" BAR "']/"
				    E("rect") ")[3]/@width)"), "0");
	assert_string_equal(str(&d, "string((//" E("g") "[@fill='" BAR "']/"
				    E("rect") ")[4]/@width)"), "104");
	/* the missing one is a gap that says so, in picture and table */
	assert_int_equal(num(&d, "count(//" E("text") "[.='geen gegevens'])"), 1);
	assert_string_equal(str(&d, "string(//" E("tr") "[" E("th") "='Onbekend']/"
				    E("td") ")"), "geen gegevens");
	assert_string_equal(str(&d, "string(//" E("tr") "[" E("th") "='Gepland']/"
				    E("td") ")"), "2 (11%)");
	assert_int_equal(num(&d, "count(//" E("text") "[.='2 (11%)'])"), 1);
	assert_string_equal(desc(&d), "Het meest: Opgelost, 10. Het minst: "
				      "Niet opgelost, 0.");
	/* folded away by default */
	assert_int_equal(num(&d, "count(//" E("details") "/" E("table") ")"), 1);
	doc_end(&d);
	/* open, and nothing at all to show */
	c.table_open = true;
	h = doc_start(&d);
	chart_bars(h, &c, bars + 3, 1);
	doc_parse(&d);
	assert_int_equal(num(&d, "count(//" E("details") ")"), 0);
	assert_string_equal(desc(&d), "Geen gegevens.");
	doc_end(&d);
}

static void test_distribution(void **state)
{
	const long counts[CHART_GRADES] = {1, 0, 2, 3, 4, 5, 10, 20, 8, -1};
	struct chart c = {.id = "verdeling", .caption = "Cijfers"};
	struct doc d;
	struct html *h = doc_start(&d);

	(void)state;
	chart_distribution(h, &c, counts);
	doc_parse(&d);
	check_frame(&d, "verdeling", "Cijfers", "img");
	/* nine columns (grade 10 has no figure), 162 units for 20 */
	assert_int_equal(num(&d, "count(//" E("g") "[@fill='" BAR "']/"
				E("rect") ")"), 9);
	assert_string_equal(str(&d, "string((//" E("g") "[@fill='" BAR "']/"
				    E("rect") ")[8]/@height)"), "162");
	assert_string_equal(str(&d, "string((//" E("g") "[@fill='" BAR "']/"
				    E("rect") ")[1]/@height)"), "8.1");
	assert_string_equal(str(&d, "string((//" E("g") "[@fill='" BAR "']/"
				    E("rect") ")[2]/@height)"), "0");
	/* the count above every column */
	assert_int_equal(num(&d, "count(//" E("text") "[.='20'])"), 1);
	assert_string_equal(str(&d, "string(//" E("tr") "[" E("th") "='10']/"
				    E("td") ")"), "geen gegevens");
	/* 371 / 53 = 7.0 */
	assert_string_equal(desc(&d), "53 cijfers, gemiddeld een 7,0. Het "
				      "meest gegeven cijfer is een 8 (20 keer).");
	doc_end(&d);
}

static const struct chart_month months[] = {
	{"2026-01", 5}, {"2026-02", 7}, {"2026-04", 3},
	{"2026-05", NAN}, {"2026-06", 0},
};

static void test_trend_line_gaps(void **state)
{
	struct chart c = {.id = "trend", .caption = "Meldingen per maand"};
	struct doc d;
	struct html *h = doc_start(&d);

	(void)state;
	assert_int_equal(chart_trend(h, &c, months, ARRAY_SIZE(months),
				     CHART_LINE), 0);
	doc_parse(&d);
	check_frame(&d, "trend", "Meldingen per maand", "img");
	/* January-February is one line; April and June stand alone: the
	 * line never crosses March (not given) or May (NaN) */
	assert_int_equal(num(&d, "count(//" E("polyline") ")"), 1);
	assert_int_equal(num(&d, "count(//" E("circle") ")"), 4);
	/* the two gaps are marked (and the note on the mark) */
	assert_int_equal(num(&d, "count(//" E("g") "[@stroke-dasharray]/"
				E("line") ")"), 3);
	assert_int_equal(num(&d, "count(//" E("tbody") "/" E("tr") ")"), 6);
	assert_string_equal(str(&d, "string(//" E("tr") "[" E("th") "='mrt 2026']/"
				    E("td") ")"), "geen gegevens");
	assert_string_equal(str(&d, "string(//" E("tr") "[" E("th") "='jun 2026']/"
				    E("td") ")"), "0");
	assert_string_equal(desc(&d),
			    "Per maand, van jan 2026 tot en met jun 2026. Het "
			    "hoogst: 7 in feb 2026; het laagst: 0 in jun 2026. "
			    "De laatste maand met gegevens, jun 2026: 0. "
			    "Maanden zonder gegevens: 2.");
	doc_end(&d);
}

static void test_trend_columns(void **state)
{
	struct chart c = {.id = "k", .caption = "Kolommen", .decimals = 1};
	struct doc d;
	struct html *h = doc_start(&d);
	double base, top7, zero;

	(void)state;
	assert_int_equal(chart_trend(h, &c, months, ARRAY_SIZE(months),
				     CHART_COLUMNS), 0);
	doc_parse(&d);
	/* four columns: the zero of June is a sliver on the base, March and
	 * May have none */
	assert_int_equal(num(&d, "count(//" E("g") "[@fill='" BAR "']/"
				E("rect") ")"), 4);
	zero = num(&d, "(//" E("g") "[@fill='" BAR "']/" E("rect") ")[4]/@height");
	top7 = num(&d, "(//" E("g") "[@fill='" BAR "']/" E("rect") ")[2]/@height");
	base = num(&d, "(//" E("g") "[@fill='" BAR "']/" E("rect") ")[1]/@height");
	assert_true(zero > 0 && zero < 2);
	/* heights in proportion: 5 against 7 */
	assert_true(fabs(base / top7 - 5.0 / 7.0) < 0.01);
	assert_int_equal(num(&d, "count(//" E("g") "[@stroke-dasharray]/"
				E("line") ")"), 3);
	doc_end(&d);
}

static void test_trend_refuses(void **state)
{
	const struct chart_month down[] = {{"2026-02", 1}, {"2026-01", 1}};
	const struct chart_month same[] = {{"2026-02", 1}, {"2026-02", 1}};
	const struct chart_month bad[] = {{"2026-13", 1}};
	const struct chart_month junk[] = {{"2026-1x", 1}};
	const struct chart_month none[] = {{NULL, 1}};
	const struct chart_month wide[] = {{"2016-01", 1}, {"2026-01", 1}};
	const struct chart_month ok[] = {{"2016-02", 1}, {"2026-01", 1}};
	struct chart c = {.id = "x", .caption = "x"};
	struct buf b;
	struct html *h = HTML_ON(&b);

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(chart_trend(h, &c, down, 2, CHART_LINE), -1);
	assert_int_equal(chart_trend(h, &c, same, 2, CHART_LINE), -1);
	assert_int_equal(chart_trend(h, &c, bad, 1, CHART_LINE), -1);
	assert_int_equal(chart_trend(h, &c, junk, 1, CHART_LINE), -1);
	assert_int_equal(chart_trend(h, &c, none, 1, CHART_LINE), -1);
	assert_int_equal(chart_trend(h, &c, wide, 2, CHART_LINE), -1);
	assert_int_equal(chart_trend(h, &c, ok, 0, CHART_LINE), -1);
	assert_int_equal(b.len, 0);
	/* 120 months is the most */
	assert_int_equal(chart_trend(h, &c, ok, 2, CHART_COLUMNS), 0);
	assert_true(b.len > 0);
	buf_release(&b);
}

static void test_share(void **state)
{
	const struct chart_bar parts[] = {
		{"ja", 62, NULL}, {"deels", 25, NULL}, {"nee", 13, NULL},
	};
	const struct chart_bar thirds[] = {
		{"a", 1, NULL}, {"b", 1, NULL}, {"c", 1, NULL}, {"d", NAN, NULL},
	};
	struct chart c = {.id = "opgelost", .caption = "Opgelost?"};
	struct doc d;
	struct html *h = doc_start(&d);

	(void)state;
	chart_share(h, &c, parts, 3);
	doc_parse(&d);
	check_frame(&d, "opgelost", "Opgelost?", "img");
	assert_string_equal(desc(&d), "ja 62%, deels 25%, nee 13%.");
	/* 62% of 640, in the order given; percentages inside and in the
	 * legend */
	assert_string_equal(str(&d, "string((//" E("svg") "[@role]/" E("rect") "[@stroke])[1]/@width)"),
			    "396.8");
	assert_string_equal(str(&d, "string((//" E("svg") "[@role]/" E("rect") "[@stroke])[2]/@x)"),
			    "396.8");
	assert_int_equal(num(&d, "count(//" E("text") "[.='62%'])"), 1);
	assert_int_equal(num(&d, "count(//" E("li") "[.=' nee: 13%'])"), 1);
	assert_string_equal(str(&d, "string(//" E("tr") "[" E("th") "='ja']/"
				    E("td") ")"), "62 (62%)");
	doc_end(&d);
	/* thirds add up to 100, not 99; a missing part is named */
	h = doc_start(&d);
	chart_share(h, &c, thirds, 4);
	doc_parse(&d);
	assert_string_equal(desc(&d), "a 34%, b 33%, c 33%.");
	assert_int_equal(num(&d, "count(//" E("li") "[.=' d: geen gegevens'])"), 1);
	assert_int_equal(num(&d, "count(//" E("svg") "[@role]/" E("rect") "[@stroke])"), 3);
	doc_end(&d);
}

/* --- hostile text --------------------------------------------------- */

static const char *const hostile[] = {
	"<script>alert(1)</script>",
	"\"><script>alert(1)</script>",
	"' onmouseover='alert(1)",
	"</title><script>alert(1)</script>",
	"]]><![CDATA[<script>",
	"&lt;b&gt; & \"quotes\"",
};

/* No element or attribute of the input's making. */
static void check_clean(struct doc *d)
{
	assert_int_equal(num(d, "count(//" E("script") ")"), 0);
	assert_int_equal(num(d, "count(//@*[starts-with(local-name(), 'on')])"), 0);
	assert_int_equal(num(d, "count(//" E("b") ")"), 0);
}

static void test_hostile(void **state)
{
	struct chart_bar bars[ARRAY_SIZE(hostile)];
	struct chart_area areas[2];
	struct chart c = {.id = "x\" onload=\"alert(1)",
			  .caption = "<script>alert('caption')</script>",
			  .label_head = "<th onclick=x>",
			  .value_head = "\"'&"};
	struct svgmap_area sq[] = {
		{"A", "{\"type\":\"Polygon\",\"coordinates\":[[[4.88,52.37],"
		      "[4.89,52.37],[4.89,52.38],[4.88,52.38],[4.88,52.37]]]}"},
	};
	struct svgmap *m;
	struct doc d;
	struct html *h;
	char expr[128];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(hostile); i++)
		bars[i] = (struct chart_bar){hostile[i], (double)i + 1,
					     i % 2 ? hostile[i] : NULL};
	h = doc_start(&d);
	html_lit(h, "<div>");
	chart_bars(h, &c, bars, ARRAY_SIZE(bars));
	chart_share(h, &c, bars, CHART_SHARE_MAX);
	html_lit(h, "</div>");
	doc_parse(&d);
	check_clean(&d);
	/* the labels come back as the very same text */
	for (size_t i = 0; i < ARRAY_SIZE(hostile); i++) {
		snprintf(expr, sizeof(expr),
			 "string((//" E("tbody") "/" E("tr") ")[%zu]/" E("th") ")",
			 i + 1);
		assert_string_equal(str(&d, expr), hostile[i]);
	}
	assert_string_equal(str(&d, "string(//" E("figcaption") ")"),
			    c.caption);
	assert_string_equal(str(&d, "string(//" E("svg") "/@aria-labelledby)"),
			    "xonloadalert1-t xonloadalert1-d");
	doc_end(&d);
	/* the map: names, a script URL, a code */
	m = svgmap_build(sq, 1, NULL, NULL, 0);
	assert_non_null(m);
	areas[0] = (struct chart_area){"A", hostile[1], 3, "javascript:alert(1)"};
	areas[1] = (struct chart_area){"<B>", hostile[0], 4, "/cijfers/\"x"};
	h = doc_start(&d);
	chart_map(h, &c, m, areas, 2, NULL, 0);
	doc_parse(&d);
	check_clean(&d);
	assert_int_equal(num(&d, "count(//" E("a") "[@href='#'])"), 2);
	assert_int_equal(num(&d, "count(//" E("a") "[@href='/cijfers/\"x'])"), 1);
	doc_end(&d);
	svgmap_free(m);
}

/* --- numbers and languages ------------------------------------------ */

static void test_numbers(void **state)
{
	static const struct {
		double v;
		int decimals;
		const char *nl, *en;
	} cases[] = {
		{0, 0, "0", "0"},
		{7.25, 1, "7,3", "7.3"}, /* exactly 7.25: printf alone says 7.2 */
		{999, 0, "999", "999"},
		{1000, 0, "1.000", "1,000"},
		{1234.5, 1, "1.234,5", "1,234.5"},
		{-1234567.25, 2, "-1.234.567,25", "-1,234,567.25"},
		{-0.01, 1, "0,0", "0.0"},
		{12, 5, "12,000", "12.000"},
		{NAN, 1, "\xe2\x80\x93", "\xe2\x80\x93"},
		{1e300, 0, "\xe2\x80\x93", "\xe2\x80\x93"},
	};
	const struct chart_bar one[] = {{"a", 1234.5, NULL}};
	struct chart c = {.id = "n", .caption = "n", .decimals = 1};
	char s[64], tiny[4];
	struct doc d;
	struct html *h;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		i18n_use(LANG_NL);
		chart_number(s, sizeof(s), cases[i].v, cases[i].decimals);
		assert_string_equal(s, cases[i].nl);
		i18n_use(LANG_EN);
		chart_number(s, sizeof(s), cases[i].v, cases[i].decimals);
		assert_string_equal(s, cases[i].en);
	}
	/* never past the buffer */
	chart_number(tiny, sizeof(tiny), 1234567, 0);
	assert_true(strlen(tiny) < sizeof(tiny));
	/* the same in a chart; markup numbers keep their point */
	h = doc_start(&d);
	chart_bars(h, &c, one, 1);
	doc_parse(&d);
	assert_int_equal(num(&d, "count(//" E("text") "[.='1,234.5'])"), 1);
	doc_end(&d);
	i18n_use(LANG_NL);
	h = doc_start(&d);
	chart_bars(h, &c, one, 1);
	doc_parse(&d);
	assert_int_equal(num(&d, "count(//" E("text") "[.='1.234,5'])"), 1);
	assert_string_equal(str(&d, "string(//" E("g") "[@fill='" BAR "']/"
				    E("rect") "/@width)"), "520");
	doc_end(&d);
}

static int have_english;

/* The words in English: the text alternative, months, the table. */
static void test_english(void **state)
{
	const struct chart_bar bars[] = {
		{"Opgelost", 1234.5, NULL}, {"Dubbel", NAN, NULL},
		{"Niet opgelost", 2, NULL},
	};
	struct chart c = {.id = "e", .caption = "Outcomes", .decimals = 1};
	struct doc d;
	struct html *h;

	(void)state;
	if (!have_english) {
		fprintf(stderr, "skip: no English catalogue or locale\n");
		skip();
	}
	i18n_use(LANG_EN);
	h = doc_start(&d);
	html_lit(h, "<div>");
	chart_bars(h, &c, bars, ARRAY_SIZE(bars));
	chart_trend(h, &c, months, ARRAY_SIZE(months), CHART_LINE);
	html_lit(h, "</div>");
	doc_parse(&d);
	assert_string_equal(desc(&d), "Highest: Opgelost, 1,234.5. Lowest: "
				      "Niet opgelost, 2.0.");
	assert_string_equal(str(&d, "string(//" E("summary") ")"),
			    "See the figures as a table");
	assert_int_equal(num(&d, "count(//" E("td") "[.='no data'])"), 3);
	assert_int_equal(num(&d, "count(//" E("th") "[.='Mar 2026'])"), 1);
	assert_int_equal(num(&d, "count(//" E("th") "[.='Number'])"), 2);
	doc_end(&d);
	i18n_use(LANG_NL);
}

/* --- the map -------------------------------------------------------- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = xmalloc((size_t)n + 1);
	data[fread(data, 1, (size_t)n, f)] = '\0';
	fclose(f);
	return data;
}

struct buurten {
	size_t n;
	struct svgmap_area *shape;
	struct chart_area *area;
	char **href;
	json_t *fc;
};

/* The bundled buurten, each with a made-up figure (every seventh none). */
static int buurten_load(struct buurten *b)
{
	static const char *const paths[] = {
		"data/amsterdam/buurten.geojson",
		"../../data/amsterdam/buurten.geojson",
	};
	json_t *feat, *features;
	char *data = NULL;
	size_t i;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < ARRAY_SIZE(paths) && !data; i++)
		data = slurp(paths[i]);
	if (!data)
		return -1;
	b->fc = json_loads(data, 0, NULL);
	free(data);
	features = json_object_get(b->fc, "features");
	b->n = json_array_size(features);
	b->shape = xcalloc(b->n, sizeof(*b->shape));
	b->area = xcalloc(b->n, sizeof(*b->area));
	b->href = xcalloc(b->n, sizeof(*b->href));
	json_array_foreach(features, i, feat)
	{
		json_t *p = json_object_get(feat, "properties");
		const char *code = json_string_value(json_object_get(p, "code"));
		char href[64];

		snprintf(href, sizeof(href), "/cijfers/%s", code);
		b->href[i] = xstrdup(href);
		b->shape[i] = (struct svgmap_area){
			code, json_dumps(json_object_get(feat, "geometry"),
					 JSON_COMPACT)};
		b->area[i] = (struct chart_area){
			code, json_string_value(json_object_get(p, "naam")),
			i % 7 == 3 ? NAN : (double)((i * 37) % 100) / 10,
			b->href[i]};
	}
	return 0;
}

static void buurten_free(struct buurten *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free((char *)b->shape[i].geojson);
		free(b->href[i]);
	}
	free(b->shape);
	free(b->area);
	free(b->href);
	json_decref(b->fc);
}

static void test_map_squares(void **state)
{
	struct svgmap_area sq[] = {
		{"A", "{\"type\":\"Polygon\",\"coordinates\":[[[4.88,52.37],"
		      "[4.89,52.37],[4.89,52.38],[4.88,52.38],[4.88,52.37]]]}"},
		{"B", "{\"type\":\"Polygon\",\"coordinates\":[[[4.89,52.37],"
		      "[4.90,52.37],[4.90,52.38],[4.89,52.38],[4.89,52.37]]]}"},
	};
	const struct chart_area areas[] = {
		{"A", "West", 7.5, "/cijfers/A"},
		{"B", "Oost", NAN, NULL},
		{"C", "Elders", 6, "/cijfers/C"},
	};
	const double breaks[] = {2.5, 5};
	struct chart c = {.id = "m", .caption = "Gemiddeld cijfer",
			  .decimals = 1};
	struct svgmap *m = svgmap_build(sq, 2, NULL, NULL, 0);
	struct doc d;
	struct html *h = doc_start(&d);

	(void)state;
	assert_non_null(m);
	chart_map(h, &c, m, areas, 3, breaks, 2);
	doc_parse(&d);
	check_frame(&d, "m", "Gemiddeld cijfer", "group");
	/* two paths; A links to its page, B (no link) is hatched */
	assert_int_equal(num(&d, "count(//" E("path") ")"), 2);
	assert_string_equal(str(&d, "string(//" E("svg") "//" E("a") "/@href)"),
			    "/cijfers/A");
	assert_string_equal(str(&d, "string(//" E("svg") "//" E("a") "/" E("title") ")"),
			    "West: 7,5");
	assert_string_equal(str(&d, "string((//" E("path") ")[2]/@fill)"),
			    "url(#m-nd)");
	assert_int_equal(num(&d, "count(//" E("pattern") "[@id='m-nd'])"), 1);
	/* three classes by the limits given, and no data */
	assert_int_equal(num(&d, "count(//" E("li") "[.=' minder dan 2,5'])"), 1);
	assert_int_equal(num(&d, "count(//" E("li") "[.=' 2,5 tot 5,0'])"), 1);
	assert_int_equal(num(&d, "count(//" E("li") "[.=' 5,0 of meer'])"), 1);
	assert_int_equal(num(&d, "count(//" E("li") "[.=' geen gegevens'])"), 1);
	/* 7.5 is in the top class: the darkest colour */
	assert_string_equal(str(&d, "string((//" E("path") ")[1]/@fill)"),
			    "#08519c");
	/* every area in the table, C too; links there as well */
	assert_int_equal(num(&d, "count(//" E("tbody") "/" E("tr") ")"), 3);
	assert_int_equal(num(&d, "count(//" E("table") "//" E("a") ")"), 2);
	assert_string_equal(desc(&d), "Kaart van 3 gebieden. Het hoogst: West, "
				      "7,5; het laagst: Elders, 6,0. Zonder "
				      "gegevens: 1. De tabel onder de kaart "
				      "noemt elk gebied.");
	doc_end(&d);
	/* no map: the table alone, open */
	h = doc_start(&d);
	chart_map(h, &c, NULL, areas, 3, NULL, 0);
	doc_parse(&d);
	assert_int_equal(num(&d, "count(//" E("svg") ")"), 0);
	assert_int_equal(num(&d, "count(//" E("details") ")"), 0);
	assert_int_equal(num(&d, "count(//" E("tbody") "/" E("tr") ")"), 3);
	doc_end(&d);
	svgmap_free(m);
}

/* Quintiles of 1..10: limits 3, 5, 7, 9. */
static void test_map_quintiles(void **state)
{
	struct svgmap_area sq[10];
	struct chart_area a[10];
	char codes[10][16];
	static const char shape[] =
		"{\"type\":\"Polygon\",\"coordinates\":[[[4.88,52.37],"
		"[4.89,52.37],[4.89,52.38],[4.88,52.37]]]}";
	struct chart c = {.id = "q", .caption = "q"};
	struct svgmap *m;
	struct doc d;
	struct html *h;

	(void)state;
	for (int i = 0; i < 10; i++) {
		snprintf(codes[i], sizeof(codes[i]), "Q%d", i);
		sq[i] = (struct svgmap_area){codes[i], shape};
		a[i] = (struct chart_area){codes[i], codes[i], 10 - i, NULL};
	}
	m = svgmap_build(sq, 10, NULL, NULL, 0);
	assert_non_null(m);
	h = doc_start(&d);
	chart_map(h, &c, m, a, 10, NULL, 0);
	doc_parse(&d);
	assert_int_equal(num(&d, "count(//" E("li") "[.=' minder dan 3'])"), 1);
	assert_int_equal(num(&d, "count(//" E("li") "[.=' 3 tot 5'])"), 1);
	assert_int_equal(num(&d, "count(//" E("li") "[.=' 9 of meer'])"), 1);
	/* two areas per class: 10 and 9 darkest, 2 and 1 lightest */
	assert_int_equal(num(&d, "count(//" E("path") "[@fill='#08519c'])"), 2);
	assert_int_equal(num(&d, "count(//" E("path") "[@fill='#eff3ff'])"), 2);
	assert_string_equal(str(&d, "string((//" E("path") ")[1]/@fill)"),
			    "#08519c");
	doc_end(&d);
	svgmap_free(m);
}

/* The 518 buurten: a path and a link each, well-formed as a whole. */
static void test_map_buurten(void **state)
{
	struct chart c = {.id = "buurten", .caption = "Per buurt",
			  .decimals = 1};
	struct buurten b;
	struct svgmap *m;
	struct doc d;
	struct html *h;

	(void)state;
	if (buurten_load(&b)) {
		fprintf(stderr, "skip: buurten.geojson not found\n");
		skip();
	}
	m = svgmap_build(b.shape, b.n, NULL, NULL, 0);
	assert_non_null(m);
	h = doc_start(&d);
	chart_map(h, &c, m, b.area, b.n, NULL, 0);
	doc_parse(&d);
	assert_int_equal(num(&d, "count(//" E("svg") "//" E("a") "/" E("path") ")"),
			 518);
	assert_int_equal(num(&d, "count(//" E("tbody") "/" E("tr") ")"), 518);
	assert_int_equal(num(&d, "count(//" E("path") "[@fill='url(#buurten-nd)'])"),
			 74);
	assert_int_equal(num(&d, "count(//" E("path") "[@fill='#08519c'])") > 50, 1);
	fprintf(stderr, "  518 buurten: %zu bytes of figure (paths %zu)\n",
		d.b.len, svgmap_bytes(m));
	doc_end(&d);
	svgmap_free(m);
	buurten_free(&b);
}

/* One of each, for a look in a browser: build/chart-demo.html. */
static void test_demo(void **state)
{
	const struct chart_bar outcomes[] = {
		{"Opgelost", 412, NULL}, {"Doorverwezen", 133, NULL},
		{"Niet op te lossen", 41, NULL}, {"Dubbel", 17, NULL},
		{"Onbekend", NAN, NULL},
	};
	const struct chart_bar solved[] = {
		{"ja", 182, NULL}, {"deels", 61, NULL}, {"nee", 38, NULL},
	};
	const long grades[CHART_GRADES] = {3, 2, 5, 9, 14, 31, 58, 71, 40, 12};
	const struct chart_month trend[] = {
		{"2025-07", 6.8}, {"2025-08", 7.1}, {"2025-09", 7.0},
		{"2025-10", NAN}, {"2025-11", 7.4}, {"2025-12", 7.6},
		{"2026-02", 7.3}, {"2026-03", 7.8}, {"2026-04", 7.7},
	};
	struct chart c = {0};
	struct buurten b;
	struct svgmap *m = NULL;
	struct doc d;
	struct html *h = doc_start(&d);
	FILE *f;

	(void)state;
	html_lit(h, "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"nl\">"
		    "<head><meta charset=\"utf-8\"/><title>chart demo</title>"
		    "<link rel=\"stylesheet\" href=\"../static/wijkagenda.css\"/>"
		    "</head><body><main class=\"wa-main\"><h1>Grafieken</h1>\n");
	c = (struct chart){"d1", "Uitkomsten van gesloten kwesties", NULL,
			   NULL, 0, false};
	chart_bars(h, &c, outcomes, ARRAY_SIZE(outcomes));
	c = (struct chart){"d2", "Rapportcijfers", NULL, NULL, 0, false};
	chart_distribution(h, &c, grades);
	c = (struct chart){"d3", "Opgelost?", NULL, NULL, 0, false};
	chart_share(h, &c, solved, ARRAY_SIZE(solved));
	c = (struct chart){"d4", "Gemiddeld cijfer per maand", NULL,
			   "Gemiddeld cijfer", 1, false};
	chart_trend(h, &c, trend, ARRAY_SIZE(trend), CHART_LINE);
	c = (struct chart){"d5", "Meldingen per maand", NULL, NULL, 0, false};
	chart_trend(h, &c, trend, ARRAY_SIZE(trend), CHART_COLUMNS);
	if (buurten_load(&b) == 0) {
		m = svgmap_build(b.shape, b.n, NULL, NULL, 0);
		c = (struct chart){"d6", "Gemiddeld cijfer per buurt", "Buurt",
				   "Gemiddeld cijfer", 1, false};
		chart_map(h, &c, m, b.area, b.n, NULL, 0);
		svgmap_free(m);
		buurten_free(&b);
	}
	html_lit(h, "</main></body></html>\n");
	doc_parse(&d);
	assert_int_equal(num(&d, "count(//" E("figure") ")"), m ? 6 : 5);
	f = fopen("build/chart-demo.html", "w");
	if (f) {
		fwrite(d.b.data, 1, d.b.len, f);
		fclose(f);
		fprintf(stderr, "  wrote build/chart-demo.html (%zu bytes)\n",
			d.b.len);
	}
	doc_end(&d);
}

/* Every test starts in Dutch, whatever the one before it left. */
static int dutch(void **state)
{
	(void)state;
	i18n_use(LANG_NL);
	return 0;
}

/* The catalogue is there (an English locale alone is not enough: the
 * sanitizer build makes no .mo files). */
static int english_works(void)
{
	int ok;

	if (i18n_init(NULL) != 0)
		return 0;
	i18n_use(LANG_EN);
	ok = strcmp(_("Aantal"), "Aantal") != 0;
	i18n_use(LANG_NL);
	return ok;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_bars, dutch),
		cmocka_unit_test_setup(test_distribution, dutch),
		cmocka_unit_test_setup(test_trend_line_gaps, dutch),
		cmocka_unit_test_setup(test_trend_columns, dutch),
		cmocka_unit_test_setup(test_trend_refuses, dutch),
		cmocka_unit_test_setup(test_share, dutch),
		cmocka_unit_test_setup(test_hostile, dutch),
		cmocka_unit_test_setup(test_numbers, dutch),
		cmocka_unit_test_setup(test_english, dutch),
		cmocka_unit_test_setup(test_map_squares, dutch),
		cmocka_unit_test_setup(test_map_quintiles, dutch),
		cmocka_unit_test_setup(test_map_buurten, dutch),
		cmocka_unit_test_setup(test_demo, dutch),
	};
	int rc;

	have_english = english_works();
	xmlInitParser();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
