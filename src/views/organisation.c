/* organisation: the beheer pages of organisations (see beheer.h): the
 * list, the form (new or edit) and one organisation's page.  Plain HTML
 * forms: each change is its own small form with a button, so nothing
 * needs JavaScript, and each state-changing form carries the CSRF token.
 * Errors come back as a summary at the top and a message at each field. */
#include "views/beheer.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/member.h"
#include "domain/organisation.h"
#include "html/html.h"
#include "views/account.h"
#include "views/form.h"
#include "views/grade.h"

const char *view_org_kind_label(const char *kind)
{
	const char *label = org_kind_label(kind);

	return label ? _(label) : kind;
}

static bool in_list(char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] && strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* --- the list of organisations ---------------------------------------- */

static void org_table_row(struct html *out, const struct org_row *o)
{
	html_lit(out, "<tr><td><a href=\"/beheer/organisaties/");
	html_int(out, o->id);
	html_lit(out, "\">");
	html_text(out, o->name);
	html_lit(out, "</a></td>");
	view_td(out, view_org_kind_label(o->kind));
	view_td(out, o->kvk ? o->kvk : "");
	html_lit(out, "</tr>\n");
}

void view_beheer_orgs(struct html *out, const struct page *p,
		      const struct org_row *orgs, size_t n, const char *notice_text)
{
	view_begin(out, p);
	view_el(out, "h1", _("Organisaties"));
	view_notice(out, notice_text);
	html_lit(out, "<p>");
	view_link(out, "/beheer/organisaties/nieuw", _("Nieuwe organisatie"));
	html_lit(out, "</p>\n");
	if (!n) {
		view_el(out, "p", _("Er zijn nog geen organisaties."));
		view_end(out, p);
		return;
	}
	html_lit(out, "<table>\n<caption>");
	html_textf(out, _("Organisaties (%zu)"), n);
	html_lit(out, "</caption>\n<thead><tr>");
	view_th(out, _("Naam"));
	view_th(out, _("Soort"));
	view_th(out, _("KvK-nummer"));
	html_lit(out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		org_table_row(out, &orgs[i]);
	html_lit(out, "</tbody>\n</table>\n");
	view_end(out, p);
}

/* --- the organisation form -------------------------------------------- */

static const struct {
	const char *field, *name;
} org_field_names[] = {
	{"name", N_("Naam")},
	{"kind", N_("Soort")},
	{"kvk", N_("KvK-nummer")},
	{"areas", N_("Werkgebied")},
	{"areas_other", N_("Andere gebiedscodes")},
};

static const char *org_field_name(const char *field)
{
	for (size_t i = 0; i < ARRAY_SIZE(org_field_names); i++)
		if (strcmp(field, org_field_names[i].field) == 0)
			return _(org_field_names[i].name);
	return NULL;
}

static struct form_field org_field(const struct org_form *f, const char *name,
				   const char *label, const char *hint)
{
	struct form_field ff = {name, label, hint,
				form_error_find(f->errors, f->nerrors, name)};
	return ff;
}

static void org_kind_select(struct html *out, const struct org_form *f)
{
	struct form_field ff = org_field(f, "kind", _("Soort organisatie"), NULL);
	struct choice opts[ORG_KINDS];

	for (size_t i = 0; i < ORG_KINDS; i++)
		opts[i] = (struct choice){org_kinds[i].value,
					  _(org_kinds[i].label), NULL};
	form_select(out, &ff, _("Kies een soort"), opts, ORG_KINDS, f->kind);
}

static bool any_gebied_checked(const struct org_form *f, const char *stadsdeel)
{
	for (size_t i = 0; i < f->ngebieden; i++)
		if (f->gebieden[i].group &&
		    strcmp(f->gebieden[i].group, stadsdeel) == 0 &&
		    in_list(f->areas, f->nareas, f->gebieden[i].value))
			return true;
	return false;
}

/* The gebieden of one stadsdeel, folded away unless one is chosen. */
static void org_gebieden(struct html *out, const struct org_form *f,
			 const struct choice *sd)
{
	size_t n = 0;

	for (size_t i = 0; i < f->ngebieden; i++)
		n += f->gebieden[i].group &&
		     strcmp(f->gebieden[i].group, sd->value) == 0;
	if (!n)
		return;
	if (any_gebied_checked(f, sd->value))
		html_lit(out, "<details class=\"wa-details\" open>\n<summary>");
	else
		html_lit(out, "<details class=\"wa-details\">\n<summary>");
	html_textf(out, _("Gebieden in %s"), sd->label);
	html_lit(out, "</summary>\n<div class=\"wa-details__body wa-radios\">\n");
	for (size_t i = 0; i < f->ngebieden; i++)
		if (f->gebieden[i].group &&
		    strcmp(f->gebieden[i].group, sd->value) == 0)
			form_checkbox(out, "areas", f->gebieden[i].value,
				 f->gebieden[i].label,
				 in_list(f->areas, f->nareas, f->gebieden[i].value));
	html_lit(out, "</div>\n</details>\n");
}

static void org_areas(struct html *out, const struct org_form *f)
{
	struct form_field ff = org_field(f, "areas", _("Werkgebied"),
					 _("Waar werkt de organisatie? Kies "
					   "stadsdelen of gebieden, of beide."));
	struct form_field other =
		org_field(f, "areas_other", _("Andere gebiedscodes (niet verplicht)"),
			  _("Codes van de gemeente, wijken of buurten, "
			    "gescheiden door spaties. Bijvoorbeeld: GM0363 "
			    "EK AA01."));

	form_field_begin(out, &ff);
	html_lit(out, "<fieldset class=\"wa-fieldset\" id=\"f-areas\"");
	form_describedby(out, &ff);
	html_lit(out, ">\n");
	view_el(out, "legend class=\"wa-legend\"", ff.label);
	form_notes(out, &ff);
	view_el(out, "p class=\"wa-label\"", _("Stadsdelen"));
	html_lit(out, "<div class=\"wa-radios\">\n");
	for (size_t i = 0; i < f->nstadsdelen; i++)
		form_checkbox(out, "areas", f->stadsdelen[i].value,
			 f->stadsdelen[i].label,
			 in_list(f->areas, f->nareas, f->stadsdelen[i].value));
	html_lit(out, "</div>\n");
	for (size_t i = 0; i < f->nstadsdelen; i++)
		org_gebieden(out, f, &f->stadsdelen[i]);
	form_input(out, &other, "text", "off", NULL, f->areas_other);
	html_lit(out, "</fieldset>\n");
	form_field_end(out);
}

static void org_form_write(struct html *out, const struct org_form *f)
{
	struct form_field name = org_field(f, "name", _("Naam"),
					   _("Zoals bewoners de organisatie kennen; "
					     "hoogstens 200 tekens."));
	struct form_field kvk = org_field(f, "kvk", _("KvK-nummer (niet verplicht)"),
					  _("8 cijfers."));

	form_error_summary(out, f->errors, f->nerrors, org_field_name);
	form_open(out, f->action, f->csrf);
	form_input(out, &name, "text", "organization", NULL, f->name);
	if (!f->kind_areas_fixed)
		org_kind_select(out, f);
	form_input(out, &kvk, "text", "off", "numeric", f->kvk);
	if (f->kind_areas_fixed)
		view_el(out, "p class=\"wa-hint\"",
			_("De soort en het werkgebied van de organisatie wijzigt "
			  "alleen de beheerder."));
	else
		org_areas(out, f);
	html_lit(out, "<div class=\"wa-actions\">\n");
	form_button(out, f->submit, false);
	html_lit(out, "</div>\n</form>\n");
}

void view_beheer_org_new(struct html *out, const struct page *p,
			 const struct org_form *f)
{
	view_begin(out, p);
	view_el(out, "h1", _("Nieuwe organisatie"));
	org_form_write(out, f);
	html_lit(out, "<p>");
	view_link(out, "/beheer/organisaties", _("Terug naar alle organisaties"));
	html_lit(out, "</p>\n");
	view_end(out, p);
}

/* --- an organisation -------------------------------------------------- */

static void org_facts(struct html *out, const struct org_page *o)
{
	const struct org_row *org = o->org;

	html_lit(out, "<dl class=\"wa-summary\">\n");
	view_el(out, "dt", _("Soort"));
	view_el(out, "dd", view_org_kind_label(org->kind));
	view_el(out, "dt", _("KvK-nummer"));
	view_el(out, "dd", org->kvk ? org->kvk : _("niet opgegeven"));
	view_el(out, "dt", _("Werkgebied"));
	html_lit(out, "<dd>");
	if (!org->nareas)
		html_text(out, _("niet opgegeven"));
	for (size_t i = 0; i < org->nareas; i++) {
		if (i)
			html_lit(out, ", ");
		if (o->area_names && o->area_names[i]) {
			html_textf(out, "%s (%s)", o->area_names[i], org->areas[i]);
		} else {
			html_text(out, org->areas[i]);
		}
	}
	html_lit(out, "</dd>\n</dl>\n");
}

static void org_links(struct html *out, const struct org_page *o)
{
	char href[96];

	if (!o->can_members && !o->can_keys && !o->can_delete && !o->form)
		return;
	html_lit(out, "<ul class=\"wa-list\">\n");
	if (o->can_members) {
		snprintf(href, sizeof(href), "/beheer/organisaties/%lld/leden",
			 (long long)o->org->id);
		html_lit(out, "<li>");
		view_link(out, href, _("Leden"));
		html_lit(out, "</li>\n");
		/* Whoever may see the members may see the services (the same
		 * action, AZ_MEMBER_LIST, guards both). */
		snprintf(href, sizeof(href), "/beheer/organisaties/%lld/diensten",
			 (long long)o->org->id);
		html_lit(out, "<li>");
		view_link(out, href, _("Diensten op de sociale kaart"));
		html_lit(out, "</li>\n");
	}
	if (o->can_keys) {
		snprintf(href, sizeof(href), "/beheer/organisaties/%lld/sleutels",
			 (long long)o->org->id);
		html_lit(out, "<li>");
		view_link(out, href, _("API-sleutels"));
		html_lit(out, "</li>\n");
	}
	if (o->form) { /* who may change it keeps its closing days */
		snprintf(href, sizeof(href),
			 "/beheer/organisaties/%lld/sluitingsdagen",
			 (long long)o->org->id);
		html_lit(out, "<li>");
		view_link(out, href, _("Sluitingsdagen"));
		html_lit(out, "</li>\n");
	}
	if (o->can_delete) {
		html_lit(out, "<li>");
		view_link(out, "/beheer/organisaties", _("Alle organisaties"));
		html_lit(out, "</li>\n");
	}
	html_lit(out, "</ul>\n");
}

static void org_delete_form(struct html *out, const struct org_page *o)
{
	char action[96];

	snprintf(action, sizeof(action), "/beheer/organisaties/%lld/verwijderen",
		 (long long)o->org->id);
	view_el(out, "h2", _("Organisatie verwijderen"));
	view_el(out, "p", _("Dit verwijdert ook de lidmaatschappen, de API-sleutels "
			    "en de openstaande uitnodigingen van deze organisatie. "
			    "Het auditlog blijft bewaard."));
	form_button_only(out, action, o->csrf, _("Organisatie verwijderen"), true);
}

void view_beheer_org(struct html *out, const struct page *p,
		     const struct org_page *o)
{
	view_begin(out, p);
	view_el(out, "h1", o->org->name);
	view_notice(out, o->notice);
	org_facts(out, o);
	org_links(out, o);
	if (o->form) {
		view_el(out, "h2", _("Gegevens wijzigen"));
		org_form_write(out, o->form);
		view_grade_org_form(out, o->form->action, o->csrf, o->reopen_on_nee);
	}
	if (o->can_delete)
		org_delete_form(out, o);
	view_end(out, p);
}
