/* chart_parts: what the chart writers share (chart.c, chart_trend.c,
 * choropleth.c): the frame of a figure, the table after it, the colours
 * and the layout constants.  Internal to views/chart*; the lead's pages
 * use chart.h. */
#ifndef WA_VIEWS_CHART_PARTS_H
#define WA_VIEWS_CHART_PARTS_H
#include <stddef.h>

#include "views/chart.h"

/* The width of every chart's viewBox but the map's (which is the
 * svgmap's): at the usual 100% of a 640-800 px column one unit is about a
 * pixel, so 13-unit text stays readable. */
#define CHART_W 640
#define CHART_FONT "13"

/* Colours.  INK is text (17:1 on white); BAR the one series colour
 * (6.8:1); AXIS the axis lines (4.5:1); GRID the decorative grid, which
 * no reader needs; MUTED secondary text (7:1). */
#define CHART_INK "#1b1b1b"
#define CHART_BAR "#1f5f8b"
#define CHART_AXIS "#767676"
#define CHART_GRID "#d9dee3"
#define CHART_MUTED "#595959"

/* <figure class="wa-chart wa-chart-KIND"><figcaption>, then <svg ...> up
 * to and including <title>; the caller writes the <desc> text between
 * chart_desc_open and chart_desc_close. role is "img" or "group". */
void chart_open(struct html *out, const struct chart *c, const char *kind,
		int w, int h, int role_img);
void chart_desc_open(struct html *out, const struct chart *c);
void chart_desc_close(struct html *out);
/* </svg>, for the caller to write the table, then chart_close. */
void chart_svg_close(struct html *out);
void chart_close(struct html *out);

/* The table: <details><summary> (unless open), <table>, <caption>, the
 * head row with two columns; then rows; then chart_table_close. */
void chart_table_open(struct html *out, const struct chart *c,
		      const char *default_label_head);
void chart_table_row(struct html *out, const char *label, const char *value);
void chart_table_close(struct html *out, const struct chart *c);

/* A legend in HTML after the picture, so that its text stays readable
 * however small the picture is drawn: <ul class="wa-chart-legend"> with
 * one <li> per entry, a 16-pixel swatch (an SVG of its own, hidden from
 * screen readers: the words say it all) and the label, then ": value"
 * when value is not NULL.  fill is a colour ("#rrggbb") or NULL for the
 * chart's no-data hatch (the pattern chart_ref(c, "-nd") of its map). */
void chart_legend_open(struct html *out);
void chart_legend_item(struct html *out, const struct chart *c,
		       const char *fill, const char *label, const char *value);
void chart_legend_close(struct html *out);

/* A value as text: its text, else the number, else "geen gegevens". */
const char *chart_value_text(char *s, size_t len, const struct chart *c,
			     double v, const char *text);
int chart_has(double v);
int chart_decimals(const struct chart *c);

/* A "nice" top of an axis at or above max (1, 2, 2.5 or 5 times a power
 * of ten) and its step for about four ticks. */
double chart_nice_top(double max, double *step);

/* The chart's id and a suffix, as (part of) an attribute value: the
 * ids of the title, desc and patterns. */
void chart_ref(struct html *out, const struct chart *c, const char *suffix);

/* <text x y ...>s</text> with the anchor given ("start", "middle",
 * "end"). */
void chart_text(struct html *out, double x, double y, const char *anchor,
		const char *s);

#endif
