/* routing: the page of routing rules and the dry run (see routing.h). */
#include "views/routing.h"

#include <stdio.h>
#include <string.h>

#include "html/html.h"
#include "views/form.h"

static void rule_row(struct html *out, const struct routing_page *v,
		     const struct routing_rule_view *r)
{
	char action[64];

	html_lit(out, "<tr>");
	view_td(out, r->category);
	view_td(out, r->area);
	view_td(out, r->target);
	view_td(out, r->note);
	html_lit(out, "<td>\n");
	if (r->deletable) {
		snprintf(action, sizeof(action),
			 "/beheer/routering/%lld/verwijderen", (long long)r->id);
		form_button_only(out, action, v->csrf, _("Verwijderen"), true);
	} else {
		html_text(out, _("Blijft: de laatste regel voor alle "
				 "categorieën overal"));
	}
	html_lit(out, "</td></tr>\n");
}

static void rule_table(struct html *out, const struct routing_page *v)
{
	html_lit(out, "<table>\n<thead><tr>");
	view_th(out, _("Categorie"));
	view_th(out, _("Gebied"));
	view_th(out, _("Gaat naar"));
	view_th(out, _("Notitie"));
	view_th(out, _("Actie"));
	html_lit(out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < v->nrules; i++)
		rule_row(out, v, &v->rules[i]);
	html_lit(out, "</tbody>\n</table>\n");
}

static const char *field_name(const char *field)
{
	if (strcmp(field, "category") == 0 || strcmp(field, "dry_category") == 0)
		return _("Categorie");
	if (strcmp(field, "area") == 0)
		return _("Gebied");
	if (strcmp(field, "organisation") == 0)
		return _("Organisatie");
	if (strcmp(field, "note") == 0)
		return _("Notitie");
	if (strcmp(field, "buurt") == 0)
		return _("Buurt");
	if (strcmp(field, "rule") == 0)
		return _("Regel");
	return NULL;
}

static void add_form(struct html *out, const struct routing_page *v)
{
	struct form_field cat = {"category", _("Categorie"),
				 _("Een hoofdcategorie geldt ook voor haar "
				   "subcategorieën."),
				 form_error_find(v->errors, v->nerrors, "category")};
	struct form_field area = {"area", _("Gebied"),
				  _("De code van een buurt, wijk, gebied of "
				    "stadsdeel (bijvoorbeeld E), of leeg voor "
				    "overal in de gemeente."),
				  form_error_find(v->errors, v->nerrors, "area")};
	struct form_field org = {"organisation", _("Organisatie"), NULL,
				 form_error_find(v->errors, v->nerrors,
						 "organisation")};
	struct form_field note = {"note", _("Notitie (niet verplicht)"),
				  _("Waarom deze regel er is."),
				  form_error_find(v->errors, v->nerrors, "note")};

	view_el(out, "h2", _("Nieuwe regel"));
	form_open(out, "/beheer/routering", v->csrf);
	form_select(out, &cat, _("Alle categorieën"), v->categories,
		    v->ncategories, v->category);
	form_input(out, &area, "text", "off", NULL, v->area);
	form_select(out, &org, _("De eigen organisaties van de gemeente in het "
				 "gebied (standaard)"),
		    v->organisations, v->norganisations, v->organisation);
	form_input(out, &note, "text", "off", NULL, v->note);
	form_button(out, _("Regel toevoegen"), false);
	html_lit(out, "</form>\n");
}

static void dry_answer(struct html *out, const struct routing_page *v)
{
	html_lit(out, "<div class=\"wa-panel\" role=\"status\">\n");
	view_el(out, "h3", v->dry_question);
	if (!v->nhits)
		view_el(out, "p", _("Niemand: geen regel stuurt zo'n melding "
				    "naar een organisatie."));
	html_lit(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < v->nhits; i++) {
		const struct routing_hit_view *h = &v->hits[i];

		html_lit(out, "<li><strong>");
		html_text(out, h->name);
		html_lit(out, "</strong> (");
		html_text(out, h->kind);
		html_lit(out, ")<ul>\n");
		for (size_t j = 0; j < h->nreasons; j++)
			view_el(out, "li", h->reasons[j]);
		html_lit(out, "</ul></li>\n");
	}
	html_lit(out, "</ul>\n</div>\n");
}

static void dry_form(struct html *out, const struct routing_page *v)
{
	struct form_field cat = {"dry_category", _("Categorie"), NULL,
				 form_error_find(v->dry_errors, v->ndry_errors,
						 "dry_category")};
	struct form_field buurt = {"buurt", _("Buurt"), NULL,
				   form_error_find(v->dry_errors, v->ndry_errors,
						   "buurt")};

	html_lit(out, "<h2 id=\"proef\">");
	html_text(out, _("Wie krijgt een melding van deze categorie hier, en "
			 "waarom"));
	html_lit(out, "</h2>\n");
	form_error_summary(out, v->dry_errors, v->ndry_errors, field_name);
	html_lit(out, "<form class=\"wa-form\" method=\"get\" "
		      "action=\"/beheer/routering#proef\">\n");
	form_select(out, &cat, _("Geen categorie"), v->categories,
		    v->ncategories, v->dry_category);
	form_select(out, &buurt, _("Kies een buurt"), v->buurten, v->nbuurten,
		    v->dry_buurt);
	form_button(out, _("Proberen"), true);
	html_lit(out, "</form>\n");
	if (v->dry_ran)
		dry_answer(out, v);
}

void view_routing(struct html *out, const struct page *p,
		  const struct routing_page *v)
{
	view_begin(out, p);
	view_el(out, "h1", _("Routering van meldingen"));
	view_notice(out, v->notice);
	view_el(out, "p", _("Deze regels bepalen welke organisaties een nieuwe "
			    "melding krijgen. Een organisatie krijgt de melding "
			    "als één regel haar aanwijst; de regels tellen op."));
	form_error_summary(out, v->errors, v->nerrors, field_name);
	rule_table(out, v);
	add_form(out, v);
	dry_form(out, v);
	view_end(out, p);
}
