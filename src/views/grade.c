/* grade: see grade.h.  SPDX-License-Identifier: EUPL-1.2 */
#include "grade.h"

#include <stdio.h>
#include <string.h>

#include "domain/describe.h"
#include "views/form.h"

static const struct {
	const char *value, *label;
} solved_choices[] = {
	{"ja", N_("Ja, het is opgelost")},
	{"deels", N_("Deels")},
	{"nee", N_("Nee, het is niet opgelost")},
};

static const char *solved_words(const char *v)
{
	for (size_t i = 0; i < sizeof(solved_choices) / sizeof(*solved_choices); i++)
		if (v && strcmp(v, solved_choices[i].value) == 0)
			return _(solved_choices[i].label);
	return v ? v : "";
}

static void radio_id(struct html *out, const char *name, const char *value,
		     bool first)
{
	html_lit(out, "f-");
	html_value(out, name);
	if (!first) {
		html_lit(out, "-");
		html_value(out, value);
	}
}

/* One radio; the first of a group has id f-NAME, where the error
 * summary links to. */
static void radio(struct html *out, const char *name, const char *value,
		  const char *label, bool first, bool checked, bool invalid)
{
	html_lit(out, "<div class=\"wa-radio\">\n<input type=\"radio\" id=\"");
	radio_id(out, name, value, first);
	html_lit(out, "\" name=\"");
	html_value(out, name);
	html_lit(out, "\" value=\"");
	html_value(out, value);
	html_lit(out, "\"");
	if (checked)
		html_lit(out, " checked");
	if (invalid)
		html_lit(out, " aria-invalid=\"true\"");
	html_lit(out, ">\n<label for=\"");
	radio_id(out, name, value, first);
	html_lit(out, "\">");
	html_text(out, label);
	html_lit(out, "</label>\n</div>\n");
}

static void group_begin(struct html *out, const struct form_field *ff)
{
	form_field_begin(out, ff);
	html_lit(out, "<fieldset class=\"wa-fieldset\"");
	form_describedby(out, ff);
	html_lit(out, ">\n");
	view_el(out, "legend class=\"wa-legend\"", ff->label);
	form_notes(out, ff);
	html_lit(out, "<div class=\"wa-radios wa-radios--inline\">\n");
}

static void group_end(struct html *out)
{
	html_lit(out, "</div>\n</fieldset>\n");
	form_field_end(out);
}

static void grade_radios(struct html *out, const struct grade_form *f,
			 const char *current)
{
	struct form_field ff = {"grade", _("Welk cijfer geeft u voor de aanpak?"),
				_("1 is heel slecht, 10 is uitstekend."),
				form_error_find(f->errors, f->nerrors, "grade")};
	char v[12];

	group_begin(out, &ff);
	for (int i = 1; i <= 10; i++) {
		snprintf(v, sizeof(v), "%d", i);
		radio(out, "grade", v, v, i == 1, current && strcmp(current, v) == 0,
		      ff.error != NULL);
	}
	group_end(out);
}

static void solved_radios(struct html *out, const struct grade_form *f,
			  const char *current)
{
	struct form_field ff = {"solved", _("Is het opgelost?"), NULL,
				form_error_find(f->errors, f->nerrors, "solved")};

	group_begin(out, &ff);
	for (size_t i = 0; i < sizeof(solved_choices) / sizeof(*solved_choices); i++)
		radio(out, "solved", solved_choices[i].value,
		      _(solved_choices[i].label), i == 0,
		      current && strcmp(current, solved_choices[i].value) == 0,
		      ff.error != NULL);
	group_end(out);
}

static const char *field_name(const char *field)
{
	if (strcmp(field, "grade") == 0)
		return _("Cijfer");
	if (strcmp(field, "solved") == 0)
		return _("Opgelost");
	if (strcmp(field, "comment") == 0)
		return _("Toelichting");
	return NULL;
}

static void form(struct html *out, const struct grade_form *f)
{
	const struct grade_row *g = f->has_grade ? f->grade : NULL;
	char cur[12] = "";
	struct form_field c = {"comment", _("Toelichting (mag leeg blijven)"),
			       _("Wat ging goed, wat kan beter? Dit lezen alleen de "
				 "organisaties die eraan werkten, niet andere "
				 "bewoners. Hoogstens 1000 tekens."),
			       form_error_find(f->errors, f->nerrors, "comment")};

	if (g)
		snprintf(cur, sizeof(cur), "%d", g->grade);
	form_error_summary(out, f->errors, f->nerrors, field_name);
	form_open(out, f->action, f->csrf);
	grade_radios(out, f, f->v_grade ? f->v_grade : g ? cur : NULL);
	solved_radios(out, f, f->v_solved ? f->v_solved : g ? g->solved : NULL);
	form_textarea(out, &c, f->v_comment ? f->v_comment : g ? g->comment : NULL, 4);
	form_button(out, g ? _("Cijfer wijzigen") : _("Cijfer geven"), false);
	html_lit(out, "</form>\n");
}

/* "Uw cijfer: 8. Opgelost: ja." and until when it may change. */
static void current(struct html *out, const struct grade_form *f)
{
	html_lit(out, "<p class=\"wa-panel\">");
	html_textf(out, _("Uw cijfer: %d. %s."), f->grade->grade,
		   solved_words(f->grade->solved));
	html_lit(out, " ");
	if (f->changeable && f->until)
		html_textf(out, _("U kunt het wijzigen tot %s."), f->until);
	else
		html_text(out, _("Het kan niet meer worden gewijzigd."));
	html_lit(out, "</p>\n");
}

void view_grade_section(struct html *out, const struct grade_form *f)
{
	html_lit(out, "<section id=\"cijfer\" aria-labelledby=\"cijfer-h\">\n"
		      "<h2 id=\"cijfer-h\">");
	html_text(out, _("Geef een rapportcijfer"));
	html_lit(out, "</h2>\n");
	view_notice(out, f->notice);
	if (!f->closed) {
		view_el(out, "p", f->title
			? _("Deze kwestie is nog niet afgerond. Zodra zij is "
			    "afgerond, kunt u hier een cijfer geven.")
			: _("Deze melding is nog niet afgehandeld. Zodra zij is "
			    "afgehandeld, kunt u hier een cijfer geven."));
		html_lit(out, "</section>\n");
		return;
	}
	if (!f->has_grade)
		view_el(out, "p", _("Wat vindt u van hoe het is aangepakt? Uw cijfer "
				    "telt mee in de cijfers van uw buurt. Uw naam "
				    "en e-mailadres ziet niemand."));
	else
		current(out, f);
	if (!f->has_grade || f->changeable)
		form(out, f);
	html_lit(out, "</section>\n");
}

void view_grade_page(struct html *out, const struct page *p,
		     const struct grade_form *f)
{
	view_begin(out, p);
	view_el(out, "h1", p->title);
	if (f->title)
		view_el(out, "p class=\"wa-lead\"", f->title);
	if (f->back_href) {
		html_lit(out, "<p>");
		view_link(out, f->back_href, f->title ? _("Bekijk de kwestie")
						      : _("Bekijk de melding"));
		html_lit(out, "</p>\n");
	}
	view_grade_section(out, f);
	view_end(out, p);
}

void view_grades_werk(struct html *out, const struct grade_row *g, size_t n)
{
	char when[64];

	if (!n)
		return;
	html_lit(out, "<section id=\"cijfers\">\n");
	view_el(out, "h2", _("Rapportcijfers van bewoners"));
	html_lit(out, "<table class=\"wa-table\">\n<thead><tr>");
	view_th(out, _("Cijfer"));
	view_th(out, _("Opgelost"));
	view_th(out, _("Toelichting"));
	view_th(out, _("Gegeven"));
	html_lit(out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_lit(out, "<tr><td>");
		html_int(out, g[i].grade);
		html_lit(out, "</td>");
		view_td(out, solved_words(g[i].solved));
		view_td(out, g[i].comment ? g[i].comment : "");
		view_td(out, describe_time(when, sizeof(when), g[i].updated_at) == 0
				     ? when : g[i].updated_at);
		html_lit(out, "</tr>\n");
	}
	html_lit(out, "</tbody>\n</table>\n</section>\n");
}

void view_grade_org_form(struct html *out, const char *org_path,
			 const char *csrf, bool reopen_on_nee)
{
	view_el(out, "h2", _("Rapportcijfers van bewoners"));
	view_el(out, "p", _("Bewoners geven een cijfer als een kwestie of melding "
			    "is afgerond, en zeggen of het is opgelost. Zegt een "
			    "bewoner \u201cnee\u201d, dan kan de kwestie of melding "
			    "vanzelf weer open gaan, met de toelichting erbij."));
	form_open_begin(out);
	html_value(out, org_path);
	html_lit(out, "/cijfers");
	form_open_end(out, csrf);
	form_checkbox(out, "reopen_on_nee", "1",
		      _("Heropen bij \u201cnee, niet opgelost\u201d"), reopen_on_nee);
	form_button(out, _("Opslaan"), false);
	html_lit(out, "</form>\n");
}
