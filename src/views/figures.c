/* figures: the public dashboards (see figures.h).  Numbers in words
 * first (a definition list a screen reader reads in order), then the
 * pictures, each followed by its table (views/chart.c). */
#include "views/figures.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/describe.h"
#include "views/chart.h"

#define NUM 48

static const char *num(char *s, double v, int decimals)
{
	return chart_number(s, NUM, v, decimals);
}

static const char *share(char *s, double v)
{
	char n[NUM];

	if (isnan(v)) {
		snprintf(s, NUM, "\u2013");
		return s;
	}
	snprintf(s, NUM, "%s%%", num(n, v * 100.0, 0));
	return s;
}

static void dl_begin(struct html *out)
{
	html_lit(out, "<dl class=\"wa-facts\">\n");
}

static void dl_end(struct html *out)
{
	html_lit(out, "</dl>\n");
}

static void too_few(struct html *out, const struct figures *f)
{
	html_lit(out, "<p class=\"wa-hint\">");
	html_textf(out, _("Te weinig reacties om dit te tonen: we laten een "
			  "cijfer pas zien vanaf %lld reacties."),
		   (long long)f->min_respondents);
	html_lit(out, "</p>\n");
}

/* --- the head: what, when, how fresh ------------------------------------ */

static void lead(struct html *out, const struct figures *f)
{
	char from[64], to[64], at[64];

	describe_date(from, sizeof(from), f->from);
	describe_date(to, sizeof(to), f->to);
	html_lit(out, "<p class=\"wa-lead\">");
	html_textf(out, _("Hoe bewoners de aanpak beoordelen en wat er met hun "
			  "meldingen gebeurt, van %s tot en met %s."),
		   from, to);
	html_lit(out, "</p>\n<p>");
	/* a stale answer is shown while the job counts it again */
	if (describe_time(at, sizeof(at), f->computed_at) == 0)
		html_textf(out,
			   f->stale ? _("Berekend op %s. Nieuwe cijfers worden "
					"nu berekend; kijk straks nog eens.")
				    : _("Berekend op %s. De cijfers worden elk "
					"kwartier opnieuw berekend."),
			   at);
	html_lit(out, " ");
	html_textf(out, _("Een cijfer uit minder dan %lld reacties laten we niet "
			  "zien."), (long long)f->min_respondents);
	html_lit(out, "</p>\n");
}

static void period_form(struct html *out, const struct figures_page *g)
{
	html_lit(out, "<form class=\"wa-form wa-noprint\" method=\"get\" action=\"");
	html_value(out, g->self);
	html_lit(out, "\">\n<fieldset>\n<legend>");
	html_text(out, _("Kies een periode"));
	html_lit(out, "</legend>\n<p class=\"wa-hint\">");
	html_text(out, _("Zonder keuze: de laatste twaalf maanden. Hoogstens vijf jaar."));
	html_lit(out, "</p>\n");
	for (int i = 0; i < 2; i++) {
		const char *name = i ? "to" : "from";
		const char *label = i ? _("Tot en met") : _("Vanaf");
		const char *value = i ? g->to : g->from;
		const char *err = NULL;

		for (size_t k = 0; g->errs && k < g->errs->n; k++)
			if (strcmp(g->errs->e[k].field, name) == 0)
				err = _(g->errs->e[k].msgid);
		html_lit(out, "<div class=\"wa-field\">\n<label for=\"f-");
		html_value(out, name);
		html_lit(out, "\">");
		html_text(out, label);
		html_lit(out, "</label>\n");
		if (err) {
			html_lit(out, "<p class=\"wa-error\" id=\"f-");
			html_value(out, name);
			html_lit(out, "-error\">");
			html_text(out, err);
			html_lit(out, "</p>\n");
		}
		html_lit(out, "<input type=\"date\" id=\"f-");
		html_value(out, name);
		html_lit(out, "\" name=\"");
		html_value(out, name);
		html_lit(out, "\" value=\"");
		html_value(out, value && *value ? value
				: g->f ? (i ? g->f->to : g->f->from) : "");
		html_lit(out, "\"");
		if (err) {
			html_lit(out, " aria-invalid=\"true\" aria-describedby=\"f-");
			html_value(out, name);
			html_lit(out, "-error\"");
		}
		html_lit(out, ">\n</div>\n");
	}
	html_lit(out, "<button type=\"submit\" class=\"wa-button\">");
	html_text(out, _("Toon de cijfers"));
	html_lit(out, "</button>\n</fieldset>\n</form>\n");
}

/* --- the figures in words ----------------------------------------------- */

static void facts(struct html *out, const struct figures *f)
{
	char a[NUM], b[NUM], c[NUM], line[256];

	view_el(out, "h2", _("In het kort"));
	dl_begin(out);
	if (!isnan(f->per_1000))
		snprintf(line, sizeof(line), _("%s (%s per 1.000 inwoners)"),
			 num(a, (double)f->residents, 0), num(b, f->per_1000, 1));
	else
		snprintf(line, sizeof(line), "%s", num(a, (double)f->residents, 0));
	view_term(out, _("Bewoners die meldden of steunden"), line);
	snprintf(line, sizeof(line), _("%s, waarvan %s afgehandeld"),
		 num(a, (double)f->signals, 0), num(b, (double)f->closed, 0));
	view_term(out, _("Meldingen in deze periode"), line);
	if (f->grades.suppressed || isnan(f->grades.mean)) {
		snprintf(line, sizeof(line),
			 _("niet getoond: %lld reacties, minder dan %lld"),
			 (long long)f->grades.n, (long long)f->min_respondents);
		view_term(out, _("Gemiddeld rapportcijfer"), line);
	} else {
		if (!isnan(f->grades.ci_lo))
			snprintf(line, sizeof(line),
				 _("%s (95%%-betrouwbaarheidsinterval %s tot %s; %lld reacties)"),
				 num(a, f->grades.mean, 1), num(b, f->grades.ci_lo, 1),
				 num(c, f->grades.ci_hi, 1), (long long)f->grades.n);
		else
			snprintf(line, sizeof(line), _("%s (%lld reacties)"),
				 num(a, f->grades.mean, 1), (long long)f->grades.n);
		view_term(out, _("Gemiddeld rapportcijfer"), line);
		view_term(out, _("Een 8 of hoger"), share(a, f->grades.share_8_plus));
	}
	if (!f->solved.suppressed && !isnan(f->solved.share_ja)) {
		snprintf(line, sizeof(line), _("ja %s, deels %s, nee %s"),
			 share(a, f->solved.share_ja), share(b, f->solved.share_deels),
			 share(c, f->solved.share_nee));
		view_term(out, _("Opgelost, volgens bewoners"), line);
	}
	dl_end(out);
}

/* --- the pictures --------------------------------------------------------- */

static void grades(struct html *out, const struct figures_page *g)
{
	const struct figures *f = g->f;
	struct chart c = {.id = "cijfers", .caption = _("Rapportcijfers van bewoners"),
			  .table_open = g->printable};
	long counts[CHART_GRADES];
	struct chart_bar parts[3];
	char a[3][NUM];

	view_el(out, "h2", _("Rapportcijfers"));
	if (f->grades.suppressed) {
		too_few(out, f);
		return;
	}
	for (int i = 0; i < CHART_GRADES; i++)
		counts[i] = (long)f->grades.dist[i];
	chart_distribution(out, &c, counts);
	view_el(out, "h2", _("Opgelost?"));
	if (f->solved.suppressed) {
		too_few(out, f);
		return;
	}
	/* the shares, not the counts: the JSON (and so the cache) carries
	 * the shares and n */
	parts[0] = (struct chart_bar){_("Ja"), f->solved.share_ja,
				      share(a[0], f->solved.share_ja)};
	parts[1] = (struct chart_bar){_("Deels"), f->solved.share_deels,
				      share(a[1], f->solved.share_deels)};
	parts[2] = (struct chart_bar){_("Nee"), f->solved.share_nee,
				      share(a[2], f->solved.share_nee)};
	c = (struct chart){.id = "opgelost",
			   .caption = _("Is het opgelost? Wat bewoners antwoordden"),
			   .table_open = g->printable};
	chart_share(out, &c, parts, 3);
}

static void promises(struct html *out, const struct figures_page *g)
{
	const struct figures *f = g->f;
	struct chart c = {.id = "toezeggingen",
			  .caption = _("Toezeggingen aan bewoners in deze periode"),
			  .table_open = g->printable};
	struct chart_bar bars[6] = {
		{_("Op tijd nagekomen"), (double)f->kept_on_time, NULL},
		{_("Te laat nagekomen"), (double)f->kept_late, NULL},
		{_("Nog open en over de datum"), (double)f->late_open, NULL},
		{_("Niet nagekomen"), (double)f->broken, NULL},
		{_("Gewijzigd"), (double)f->changed, NULL},
		{_("Nog open"), (double)(f->promises_open - f->late_open), NULL},
	};

	view_el(out, "h2", _("Toezeggingen"));
	if (!f->promises_made) {
		view_el(out, "p", _("In deze periode is niets toegezegd."));
		return;
	}
	chart_bars(out, &c, bars, 6);
}

static void speed(struct html *out, const struct figures *f)
{
	char a[NUM], line[160];

	view_el(out, "h2", _("Snelheid"));
	dl_begin(out);
	snprintf(line, sizeof(line), _("%s dagen (mediaan van %lld meldingen)"),
		 num(a, f->first_response_days_median, 1), (long long)f->first_n);
	view_term(out, _("Tot de eerste reactie"), f->first_n ? line : _("nog geen"));
	snprintf(line, sizeof(line), _("%s dagen (mediaan van %lld meldingen)"),
		 num(a, f->closing_days_median, 1), (long long)f->close_n);
	view_term(out, _("Tot afhandeling"), f->close_n ? line : _("nog geen"));
	if (f->norm_n) {
		snprintf(line, sizeof(line), _("%s van %lld meldingen met een termijn"),
			 share(a, f->within_norm_share), (long long)f->norm_n);
		view_term(out, _("Afgehandeld binnen de termijn"), line);
	}
	dl_end(out);
}

static void counts(struct html *out, const struct figures_page *g,
		   const char *id, const char *heading, const char *caption,
		   const struct fig_count *k, size_t n,
		   const char *(*label)(const char *))
{
	struct chart c = {.id = id, .caption = caption, .table_open = g->printable};
	struct chart_bar bars[16];
	size_t m = 0;

	view_el(out, "h2", heading);
	for (size_t i = 0; i < n && m < 16; i++)
		bars[m++] = (struct chart_bar){label(k[i].key), (double)k[i].n, NULL};
	if (!m) {
		view_el(out, "p", _("Nog niets in deze periode."));
		return;
	}
	chart_bars(out, &c, bars, m);
}

static void trend(struct html *out, const struct figures_page *g)
{
	const struct figures *f = g->f;
	struct chart_month m[CHART_MAX_MONTHS];
	struct chart c = {.id = "trend", .caption = _("Meldingen per maand"),
			  .label_head = _("Maand"), .table_open = g->printable};
	size_t n = f->ntrend < CHART_MAX_MONTHS ? f->ntrend : CHART_MAX_MONTHS;

	if (!n)
		return;
	view_el(out, "h2", _("Per maand"));
	for (size_t i = 0; i < n; i++)
		m[i] = (struct chart_month){f->trend[i].month, (double)f->trend[i].signals};
	chart_trend(out, &c, m, n, CHART_COLUMNS);
	for (size_t i = 0; i < n; i++)
		m[i] = (struct chart_month){f->trend[i].month, f->trend[i].grade_mean};
	c = (struct chart){.id = "trend-cijfer",
			   .caption = _("Gemiddeld rapportcijfer per maand"),
			   .label_head = _("Maand"), .value_head = _("Cijfer"),
			   .decimals = 1, .table_open = g->printable};
	chart_trend(out, &c, m, n, CHART_LINE);
}

static void map(struct html *out, const struct figures_page *g, struct arena *ar)
{
	const struct figures *f = g->f;
	struct chart_area *areas;
	struct chart c = {.id = "kaart", .label_head = _("Gebied"),
			  .value_head = _("Cijfer"), .decimals = 1,
			  .table_open = g->printable};

	if (!f->nareas)
		return;
	c.caption = arena_printf(ar, _("Gemiddeld rapportcijfer per %s"),
				 describe_level(g->child_level ? g->child_level : "buurt"));
	view_el(out, "h2", _("Op de kaart"));
	view_el(out, "p", _("Grijs gearceerd: te weinig reacties voor een cijfer. "
			    "Kies een gebied voor zijn eigen cijfers."));
	areas = arena_alloc(ar, f->nareas * sizeof(*areas));
	for (size_t i = 0; i < f->nareas; i++)
		areas[i] = (struct chart_area){
			f->areas[i].code, f->areas[i].name, f->areas[i].grade_mean,
			arena_printf(ar, "/cijfers/%s", f->areas[i].code)};
	chart_map(out, &c, g->map, areas, f->nareas, NULL, 0);
}

static void links(struct html *out, const struct figures_page *g)
{
	view_el(out, "h2 class=\"wa-noprint\"", _("Meer"));
	html_lit(out, "<ul class=\"wa-list wa-noprint\">\n");
	if (g->agenda) {
		html_lit(out, "<li>");
		view_link(out, g->agenda, _("De bewonersagenda van dit gebied"));
		html_lit(out, "</li>\n");
	}
	if (g->print) {
		html_lit(out, "<li>");
		view_link(out, g->print, _("Verslag om af te drukken (voor raad of commissie)"));
		html_lit(out, "</li>\n");
	}
	html_lit(out, "<li><a href=\"");
	html_value(out, g->api);
	html_lit(out, "\">");
	html_text(out, _("Deze cijfers als JSON"));
	html_lit(out, "</a></li>\n<li><a href=\"");
	html_value(out, g->api);
	html_lit(out, ".csv\">");
	html_text(out, _("Deze cijfers als CSV"));
	html_lit(out, "</a></li>\n<li>");
	view_link(out, "/open-data", _("Open data: alle meldingen en kwesties, anoniem"));
	html_lit(out, "</li>\n</ul>\n");
}

void view_figures(struct html *out, const struct page *p,
		  const struct figures_page *g)
{
	const struct figures *f = g->f;
	struct arena ar;

	view_begin(out, p);
	view_el(out, "h1", p->title);
	if (!f) {
		period_form(out, g);
		view_end(out, p);
		return;
	}
	arena_init(&ar);
	lead(out, f);
	if (!g->printable)
		period_form(out, g);
	facts(out, f);
	grades(out, g);
	promises(out, g);
	speed(out, f);
	counts(out, g, "uitkomsten", _("Uitkomsten"),
	       _("Hoe kwesties en meldingen zijn afgerond"), f->outcomes,
	       f->noutcomes, describe_outcome);
	counts(out, g, "niveaus", _("Schaalniveaus"),
	       _("Op welk niveau kwesties zijn aangepakt"), f->levels, f->nlevels,
	       describe_level);
	trend(out, g);
	map(out, g, &ar);
	if (!g->printable)
		links(out, g);
	arena_clear(&ar);
	view_end(out, p);
}
