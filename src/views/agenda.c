/* agenda: the bewonersagenda of one area (see agenda.h). */
#include "views/agenda.h"

#include <stdio.h>

#include "html/html.h"
#include "domain/describe.h"
#include "views/follower.h"
#include "views/kwestie.h"

static void area_link(struct html *out, const struct agenda_area *a)
{
	html_lit(out, "<a href=\"/agenda/");
	html_value(out, a->code);
	html_lit(out, "\">");
	html_text(out, a->name && *a->name ? a->name : a->code);
	html_lit(out, "</a>");
}

/* The areas above, from the city down to this one. */
static void trail(struct html *out, const struct agenda_page *g)
{
	if (!g->nparents)
		return;
	html_lit(out, "<nav aria-label=\"");
	html_value(out, _("Hogere niveaus"));
	html_lit(out, "\">\n<ol class=\"wa-trail\">\n");
	for (size_t i = 0; i < g->nparents; i++) {
		html_lit(out, "<li>");
		area_link(out, &g->parents[i]);
		html_lit(out, " (");
		html_text(out, describe_level(g->parents[i].level));
		html_lit(out, ")</li>\n");
	}
	html_lit(out, "<li>");
	html_text(out, g->a->name);
	html_lit(out, "</li>\n</ol>\n</nav>\n");
}

static void kwestie_list(struct html *out, const struct kwestie_row *k,
			 size_t n)
{
	html_lit(out, "<ol class=\"wa-list\">\n");
	for (size_t i = 0; i < n; i++)
		view_kwestie_item(out, &k[i]);
	html_lit(out, "</ol>\n");
}

static void own(struct html *out, const struct agenda *a)
{
	view_el(out, "h2", _("Op de agenda"));
	if (!a->n) {
		view_el(out, "p", _("Er staat nu niets open op de agenda van dit "
				    "gebied."));
		return;
	}
	view_el(out, "p", _("Wat hier speelt en op dit niveau of hoger wordt "
			    "aangepakt. Waar de meeste bewoners bij betrokken "
			    "zijn, staat bovenaan."));
	kwestie_list(out, a->kwesties, a->n);
}

/* The roll-up: themes open in several buurten of the area. */
static void themes(struct html *out, const struct agenda_page *g)
{
	const struct agenda *a = g->a;

	if (!a->ntopics)
		return;
	view_el(out, "h2", _("Speelt in meerdere buurten"));
	html_lit(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < a->ntopics; i++) {
		html_lit(out, "<li>");
		html_textf(out, _("%s speelt in %lld buurten"), g->theme_labels[i],
			   (long long)a->topics[i].buurten);
		html_lit(out, "</li>\n");
	}
	html_lit(out, "</ul>\n");
}

static void above(struct html *out, const struct agenda *a)
{
	if (!a->nabove)
		return;
	view_el(out, "h2", _("Speelt ook op een hoger niveau"));
	kwestie_list(out, a->above, a->nabove);
}

static void children(struct html *out, const struct agenda_page *g)
{
	if (!g->nchildren)
		return;
	view_el(out, "h2", _("Agenda's binnen dit gebied"));
	html_lit(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < g->nchildren; i++) {
		html_lit(out, "<li>");
		area_link(out, &g->children[i]);
		html_lit(out, " (");
		html_text(out, describe_level(g->children[i].level));
		html_lit(out, ")</li>\n");
	}
	html_lit(out, "</ul>\n");
}

/* Follow this agenda by e-mail (views/follower.c has the form). */
static void follow(struct html *out, const struct page *p,
		   const struct agenda_page *g)
{
	char action[80];

	snprintf(action, sizeof(action), "/agenda/%s/volgen", g->a->code);
	view_follow_form(out, p, action);
}

void view_agenda(struct html *out, const struct page *p,
		 const struct agenda_page *g)
{
	view_begin(out, p);
	trail(out, g);
	view_el(out, "h1", g->a->name);
	html_lit(out, "<p class=\"wa-lead\">");
	html_textf(out, _("Bewonersagenda van %s (%s)"), g->a->name,
		   describe_level(g->a->level));
	html_lit(out, "</p>\n<p><a href=\"/melden\">");
	html_text(out, _("Iets gezien? Maak een melding"));
	html_lit(out, "</a></p>\n<p><a href=\"/cijfers/");
	html_value(out, g->a->code);
	html_lit(out, "\">");
	html_text(out, _("Cijfers: hoe tevreden zijn bewoners hier?"));
	html_lit(out, "</a></p>\n");
	own(out, g->a);
	themes(out, g);
	above(out, g->a);
	follow(out, p, g);
	children(out, g);
	view_end(out, p);
}
