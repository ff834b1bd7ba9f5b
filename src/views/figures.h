/* figures (views): the public dashboards /cijfers/{code} (an area of any
 * level), /cijfers/organisaties/{id} and /cijfers/themas/{topic}, and the
 * printable page of an area for a council or district committee
 * (/cijfers/{code}/verslag).  The figures come from app/figures.c; the
 * pictures from views/chart.h, each with its text alternative and table.
 * A figure from fewer respondents than min_respondents says so instead of
 * a number. */
#ifndef WA_VIEWS_FIGURES_H
#define WA_VIEWS_FIGURES_H
#include <stdbool.h>

#include "app/figures.h"
#include "domain/fields.h"
#include "html/html.h"
#include "views/views.h"

struct svgmap;

struct figures_page {
	const struct figures *f;    /* NULL: only the form (a bad period) */
	const char *self;           /* this page's path, e.g. /cijfers/AA01 */
	const char *api;            /* the JSON; the CSV is api ".csv" */
	const char *agenda;         /* the area's agenda, or NULL */
	const char *print;          /* the printable page, or NULL */
	const char *from, *to;      /* as asked (the form's values) */
	const struct field_errors *errs; /* a bad period, or NULL */
	const struct svgmap *map;   /* the areas one level down, or NULL */
	const char *child_level;    /* their level (buurt ...), or NULL */
	bool printable;             /* the printable page: no form, tables open */
};

void view_figures(struct html *out, const struct page *p,
		  const struct figures_page *g);

#endif
