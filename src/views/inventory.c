/* inventory: the page of the partner inventory (see inventory.h): the
 * imported lists, the form to paste one, the proposed clusters with one
 * radio per distinct value of each field naming its sources, and the
 * records that match nothing.  Every form posts with the session's CSRF
 * token. */
#include "views/inventory.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "html/html.h"
#include "views/account.h"
#include "views/form.h"

/* "West #3", or "wijkagenda (bestaande organisatie)". */
static void write_source(struct html *out, const struct partner_rec *r)
{
	if (r->org_id) {
		html_text(out, _("wijkagenda (bestaande organisatie)"));
		return;
	}
	html_text(out, r->source);
	html_lit(out, " #");
	html_int(out, (long long)r->line);
}

/* "r12" for a record, "o5" for an organisation: a member of a merge. */
static void write_member(struct html *out, const struct partner_rec *r)
{
	if (r->org_id) {
		html_lit(out, "o");
		html_int(out, r->org_id);
	} else {
		html_lit(out, "r");
		html_int(out, r->id);
	}
}

/* --- the lists --------------------------------------------------------- */

static void list_row(struct html *out, const struct inv_list_row *l,
		     const char *csrf)
{
	html_lit(out, "<tr>");
	html_el(out, "td", l->source);
	html_el(out, "td", strcmp(l->format, "hsds") == 0 ? "HSDS" : "CSV");
	html_lit(out, "<td>");
	html_int(out, l->records);
	html_lit(out, "</td><td>");
	html_int(out, l->merged);
	html_lit(out, "</td>");
	html_el(out, "td", l->imported_at);
	html_el(out, "td", l->imported_by);
	html_lit(out, "<td>");
	form_open_begin(out);
	html_lit(out, "/beheer/inventaris/lijsten/");
	html_int(out, l->id);
	html_lit(out, "/verwijderen");
	form_open_end(out, csrf);
	form_button(out, _("Lijst verwijderen"), true);
	html_lit(out, "</form></td></tr>\n");
}

static void render_lists(struct html *out, const struct inventory_page *v)
{
	view_el(out, "h2", _("Ingelezen lijsten"));
	if (!v->nlists) {
		view_el(out, "p", _("Er zijn nog geen lijsten ingelezen."));
		return;
	}
	html_lit(out, "<table>\n<thead><tr>");
	html_el(out, "th scope=\"col\"", _("Bron"));
	html_el(out, "th scope=\"col\"", _("Formaat"));
	html_el(out, "th scope=\"col\"", _("Vermeldingen"));
	html_el(out, "th scope=\"col\"", _("Samengevoegd"));
	html_el(out, "th scope=\"col\"", _("Ingelezen"));
	html_el(out, "th scope=\"col\"", _("Door"));
	html_el(out, "th scope=\"col\"", _("Actie"));
	html_lit(out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < v->nlists; i++)
		list_row(out, &v->lists[i], v->csrf);
	html_lit(out, "</tbody>\n</table>\n");
}

/* --- the paste form ---------------------------------------------------- */

static const char *import_field_name(const char *field)
{
	if (strcmp(field, "bron") == 0)
		return _("Bron");
	if (strcmp(field, "inhoud") == 0)
		return _("Inhoud");
	return NULL;
}

static void render_import(struct html *out, const struct inventory_form *f,
			  const char *csrf)
{
	struct form_field src = {"bron", _("Bron (naam van de lijst)"),
				 _("Bijvoorbeeld het stadsdeel: Nieuw-West."),
				 form_error_find(f->errors, f->nerrors, "bron")};
	struct form_field body = {
		"inhoud", _("Inhoud van de lijst"),
		_("Plak een CSV-bestand (kolommen: naam, kvk, website, email, "
		  "telefoon, adres, postcode, plaats, soort, werkgebied; "
		  "gescheiden door komma of puntkomma) of HSDS-JSON met "
		  "organisaties. Grote bestanden: POST /api/v1/inventory/lists."),
		form_error_find(f->errors, f->nerrors, "inhoud")};

	view_el(out, "h2", _("Lijst inlezen"));
	form_error_summary(out, f->errors, f->nerrors, import_field_name);
	form_open(out, "/beheer/inventaris/lijsten", csrf);
	form_input(out, &src, "text", "off", NULL, f->source);
	form_textarea(out, &body, f->content, 12);
	form_button(out, _("Lijst inlezen"), false);
	html_lit(out, "</form>\n");
}

/* --- the clusters ------------------------------------------------------ */

/* The id of a choice: c<cluster>-<field>-<suffix>. */
static void choice_id(struct html *out, size_t ci, const char *name)
{
	html_lit(out, "c");
	html_int(out, (long long)ci);
	html_lit(out, "-");
	html_value(out, name);
	html_lit(out, "-");
}

/* Member i's value of field f, when no earlier member has the same. */
static bool first_of_value(const struct inventory_page *v,
			   const struct dedupe_cluster *c, size_t i, int f)
{
	const char *value = v->d[c->members[i]].rec->f[f];

	if (!value)
		return false;
	for (size_t j = 0; j < i; j++) {
		const char *o = v->d[c->members[j]].rec->f[f];

		if (o && strcmp(o, value) == 0)
			return false;
	}
	return true;
}

/* The radio of member i's value: checked when the winner has it too;
 * the label names every member with the same value. */
static void value_radio(struct html *out, const struct inventory_page *v,
			const struct dedupe_cluster *c, size_t ci, int f,
			size_t i, size_t winner)
{
	const char *name = inv_field_names[f];
	const char *value = v->d[c->members[i]].rec->f[f];
	bool checked = false, more = false;

	for (size_t j = i; j < c->n; j++) {
		const char *o = v->d[c->members[j]].rec->f[f];

		checked = checked || (j == winner && o && strcmp(o, value) == 0);
	}
	html_lit(out, "<div class=\"wa-radio\">\n<input type=\"radio\" id=\"");
	choice_id(out, ci, name);
	html_int(out, (long long)i);
	html_lit(out, "\" name=\"");
	html_value(out, name);
	html_lit(out, "\" value=\"");
	write_member(out, v->d[c->members[i]].rec);
	html_lit(out, "\"");
	if (checked)
		html_lit(out, " checked");
	html_lit(out, ">\n<label for=\"");
	choice_id(out, ci, name);
	html_int(out, (long long)i);
	html_lit(out, "\">");
	html_text(out, value);
	html_lit(out, " <span class=\"wa-hint\">(");
	for (size_t j = i; j < c->n; j++) {
		const struct partner_rec *o = v->d[c->members[j]].rec;

		if (!o->f[f] || strcmp(o->f[f], value) != 0)
			continue;
		if (more)
			html_lit(out, "; ");
		write_source(out, o);
		more = true;
	}
	html_lit(out, ")</span></label>\n</div>\n");
}

/* The distinct spellings of a field among the cluster's members, one radio
 * each, naming every source; the default winner is checked. */
static void field_choice(struct html *out, const struct inventory_page *v,
			 size_t ci, int f, size_t winner)
{
	const struct dedupe_cluster *c = &v->res->clusters[ci];
	const char *name = inv_field_names[f];
	bool any = false, first = true;

	for (size_t i = 0; i < c->n; i++)
		any = any || v->d[c->members[i]].rec->f[f];
	if (!any)
		return;
	html_lit(out, "<fieldset class=\"wa-fieldset\">\n<legend class=\"wa-legend\">");
	html_text(out, _(inv_field_labels[f]));
	html_lit(out, "</legend>\n<div class=\"wa-radios\">\n");
	for (size_t i = 0; i < c->n; i++) {
		if (!first_of_value(v, c, i, f))
			continue;
		value_radio(out, v, c, ci, f, i, winner);
		first = false;
	}
	if (f != INV_NAAM && !first) {
		html_lit(out, "<div class=\"wa-radio\">\n<input type=\"radio\" id=\"");
		choice_id(out, ci, name);
		html_lit(out, "leeg\" name=\"");
		html_value(out, name);
		html_lit(out, "\" value=\"-\">\n<label for=\"");
		choice_id(out, ci, name);
		html_lit(out, "leeg\">");
		html_text(out, _("leeg laten"));
		html_lit(out, "</label>\n</div>\n");
	}
	html_lit(out, "</div>\n</fieldset>\n");
}

/* The hidden fields of a cluster: its record ids ("12,15") and its
 * organisation, if any. */
static void cluster_hidden(struct html *out, const struct inventory_page *v,
			   const struct dedupe_cluster *c)
{
	int64_t org = 0;
	bool more = false;

	html_lit(out, "<input type=\"hidden\" name=\"records\" value=\"");
	for (size_t i = 0; i < c->n; i++) {
		const struct partner_rec *r = v->d[c->members[i]].rec;

		if (r->org_id) {
			org = r->org_id;
			continue;
		}
		if (more)
			html_lit(out, ",");
		html_int(out, r->id);
		more = true;
	}
	html_lit(out, "\">\n");
	if (org) {
		html_lit(out, "<input type=\"hidden\" name=\"organisation\" "
			      "value=\"");
		html_int(out, org);
		html_lit(out, "\">\n");
	}
}

static bool cluster_has_org(const struct inventory_page *v,
			    const struct dedupe_cluster *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (v->d[c->members[i]].rec->org_id)
			return true;
	return false;
}

static void render_cluster(struct html *out, const struct inventory_page *v,
			   size_t ci)
{
	const struct dedupe_cluster *c = &v->res->clusters[ci];
	const size_t *winner = v->winners + ci * INV_NFIELDS;
	bool org = cluster_has_org(v, c);

	html_lit(out, "<section class=\"wa-panel\" id=\"cluster-");
	html_int(out, (long long)ci + 1);
	html_lit(out, "\">\n<h3>");
	html_textf(out, "%zu. %s", ci + 1,
		   v->d[c->members[winner[INV_NAAM]]].rec->f[INV_NAAM]);
	html_lit(out, "</h3>\n<p class=\"wa-hint\">");
	html_textf(out, _("%zu vermeldingen; zwakste overeenkomst %.0f%%."), c->n,
		   c->weakest * 100.0);
	if (org)
		html_text(out, _(" Een bestaande organisatie wordt bijgewerkt."));
	html_lit(out, "</p>\n");
	form_open(out, "/beheer/inventaris/samenvoegen", v->csrf);
	cluster_hidden(out, v, c);
	for (int f = 0; f < INV_NFIELDS; f++)
		field_choice(out, v, ci, f, winner[f]);
	form_button(out, org ? _("Samenvoegen met de bestaande organisatie")
			: _("Samenvoegen tot één organisatie"),
	       false);
	html_lit(out, "</form>\n</section>\n");
}

static void render_clusters(struct html *out, const struct inventory_page *v)
{
	view_el(out, "h2", _("Voorgestelde samenvoegingen"));
	if (!v->res->nclusters) {
		view_el(out, "p", _("Geen dubbele vermeldingen gevonden."));
		return;
	}
	html_lit(out, "<p>");
	html_textf(out, _("%zu groepen vermeldingen lijken dezelfde organisatie. "
			  "Kies per veld welke bron wint; de voorgestelde keuze is "
			  "de waarde die de meeste bronnen delen."),
		   v->res->nclusters);
	if (v->nshown < v->res->nclusters)
		html_textf(out, _(" Hier staan de eerste %zu."), v->nshown);
	html_lit(out, "</p>\n");
	for (size_t i = 0; i < v->nshown; i++)
		render_cluster(out, v, i);
}

/* --- the records that match nothing ------------------------------------ */

static bool single(const struct inventory_page *v, size_t i)
{
	return !v->recs[i].org_id && v->res->cluster_of[i] == SIZE_MAX;
}

static void single_row(struct html *out, const struct partner_rec *r,
		       const char *csrf)
{
	html_lit(out, "<tr>");
	html_el(out, "td", r->f[INV_NAAM]);
	html_lit(out, "<td>");
	write_source(out, r);
	html_lit(out, "</td>");
	html_el(out, "td", r->f[INV_PLAATS]);
	html_lit(out, "<td>");
	form_open(out, "/beheer/inventaris/samenvoegen", csrf);
	html_lit(out, "<input type=\"hidden\" name=\"records\" value=\"");
	html_int(out, r->id);
	html_lit(out, "\">\n");
	form_button(out, _("Overnemen"), true);
	html_lit(out, "</form></td></tr>\n");
}

static void render_singles(struct html *out, const struct inventory_page *v)
{
	size_t n = 0;

	for (size_t i = 0; i < v->nrecs; i++)
		n += single(v, i);
	view_el(out, "h2", _("Vermeldingen zonder dubbele"));
	if (!n) {
		view_el(out, "p", _("Geen."));
		return;
	}
	html_lit(out, "<p>");
	html_textf(out, _("%zu vermeldingen lijken op geen andere. Neem ze over als "
			  "nieuwe organisatie."),
		   n);
	html_lit(out, "</p>\n<table>\n<thead><tr>");
	html_el(out, "th scope=\"col\"", _("Naam"));
	html_el(out, "th scope=\"col\"", _("Bron"));
	html_el(out, "th scope=\"col\"", _("Plaats"));
	html_el(out, "th scope=\"col\"", _("Actie"));
	html_lit(out, "</tr></thead>\n<tbody>\n");
	n = 0;
	for (size_t i = 0; i < v->nrecs && n < v->max_singles; i++) {
		if (!single(v, i))
			continue;
		n++;
		single_row(out, &v->recs[i], v->csrf);
	}
	html_lit(out, "</tbody>\n</table>\n");
}

void view_inventory(struct html *out, const struct page *p,
		    const struct inventory_page *v)
{
	view_begin(out, p);
	view_el(out, "h1", _("Partnerinventaris"));
	view_notice(out, v->notice);
	view_el(out, "p", _("Lees de partnerlijsten van de stadsdelen in, voeg "
			    "dubbele vermeldingen samen tot één organisatie en "
			    "houd bij waar elk gegeven vandaan komt."));
	html_lit(out, "<p><a href=\"/beheer/inventaris/rapport\">");
	html_text(out, _("Rapport van de samenvoegingen"));
	html_lit(out, "</a></p>\n");
	render_lists(out, v);
	render_import(out, v->form, v->csrf);
	render_clusters(out, v);
	render_singles(out, v);
	view_end(out, p);
}
