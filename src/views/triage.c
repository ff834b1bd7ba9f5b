/* triage: GET /werk/triage (see kwestie_werk.h).  One section per signal,
 * oldest first, each with its five forms in a <details> (opened when a
 * refusal belongs to it).  Several signals share the page, so the ids of
 * their fields carry the signal: "t<id>-<name>", and the error summary at
 * the top links to them. */
#include <stdio.h>
#include <string.h>

#include "domain/kwestie.h"
#include "html/html.h"
#include "views/account.h"
#include "domain/describe.h"
#include "views/form.h"
#include "views/kwestie_werk.h"

const char *kwestie_werk_label(const struct kw_name *t, size_t n,
			       const char *value)
{
	if (!value)
		return "";
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].value, value) == 0)
			return *t[i].label ? _(t[i].label) : "";
	return value;
}

/* --- fields with the signal in their id ------------------------------- */

struct tfield {
	int64_t sid;
	const char *name, *label, *hint, *error;
};

static void tf_id(struct html *out, const struct tfield *f, const char *suffix)
{
	html_lit(out, "t");
	html_int(out, f->sid);
	html_lit(out, "-");
	html_value(out, f->name);
	html_value(out, suffix);
}

static void tf_begin(struct html *out, const struct tfield *f)
{
	if (f->error)
		html_lit(out, "<div class=\"wa-field wa-field--error\">\n");
	else
		html_lit(out, "<div class=\"wa-field\">\n");
	html_lit(out, "<label class=\"wa-label\" for=\"");
	tf_id(out, f, "");
	html_lit(out, "\">");
	html_text(out, f->label);
	html_lit(out, "</label>\n");
	if (f->hint) {
		html_lit(out, "<p class=\"wa-hint\" id=\"");
		tf_id(out, f, "-hint");
		html_lit(out, "\">");
		html_text(out, f->hint);
		html_lit(out, "</p>\n");
	}
	if (f->error) {
		html_lit(out, "<p class=\"wa-error-message\" id=\"");
		tf_id(out, f, "-error");
		html_lit(out, "\"><span class=\"wa-error-marker\">");
		html_text(out, _("Fout:"));
		html_lit(out, "</span> ");
		html_text(out, f->error);
		html_lit(out, "</p>\n");
	}
}

/* id, name and the aria attributes of the control. */
static void tf_attrs(struct html *out, const struct tfield *f)
{
	html_lit(out, " id=\"");
	tf_id(out, f, "");
	html_lit(out, "\" name=\"");
	html_value(out, f->name);
	html_lit(out, "\"");
	if (f->error || f->hint) {
		html_lit(out, " aria-describedby=\"");
		if (f->error)
			tf_id(out, f, f->hint ? "-error " : "-error");
		if (f->hint) {
			if (f->error) {
				html_lit(out, "t");
				html_int(out, f->sid);
				html_lit(out, "-");
				html_value(out, f->name);
				html_lit(out, "-hint");
			} else {
				tf_id(out, f, "-hint");
			}
		}
		html_lit(out, "\"");
	}
	if (f->error)
		html_lit(out, " aria-invalid=\"true\"");
}

static void tf_input(struct html *out, const struct tfield *f, const char *type,
		     const char *value)
{
	tf_begin(out, f);
	html_lit(out, "<input class=\"wa-input\" type=\"");
	html_value(out, type);
	html_lit(out, "\"");
	tf_attrs(out, f);
	html_lit(out, " value=\"");
	html_value(out, value);
	html_lit(out, "\">\n</div>\n");
}

static void tf_textarea(struct html *out, const struct tfield *f,
			const char *value)
{
	tf_begin(out, f);
	html_lit(out, "<textarea class=\"wa-textarea\" rows=\"3\"");
	tf_attrs(out, f);
	html_lit(out, ">\n");
	html_text(out, value);
	html_lit(out, "</textarea>\n</div>\n");
}

static void option(struct html *out, const char *value, const char *label,
		   const char *selected)
{
	html_lit(out, "<option value=\"");
	html_value(out, value);
	if (selected && strcmp(selected, value) == 0)
		html_lit(out, "\" selected>");
	else
		html_lit(out, "\">");
	html_text(out, label);
	html_lit(out, "</option>\n");
}

/* A select of choices (optgroups for runs of equal group). */
static void tf_select(struct html *out, const struct tfield *f,
		      const char *first, const struct choice *c, size_t n,
		      const char *selected)
{
	const char *group = NULL;

	tf_begin(out, f);
	html_lit(out, "<select class=\"wa-select\"");
	tf_attrs(out, f);
	html_lit(out, ">\n");
	if (first)
		option(out, "", first, selected);
	for (size_t i = 0; i < n; i++) {
		if (c[i].group && (!group || strcmp(group, c[i].group) != 0)) {
			if (group)
				html_lit(out, "</optgroup>\n");
			html_lit(out, "<optgroup label=\"");
			html_value(out, c[i].group);
			html_lit(out, "\">\n");
			group = c[i].group;
		}
		option(out, c[i].value, c[i].label, selected);
	}
	if (group)
		html_lit(out, "</optgroup>\n");
	html_lit(out, "</select>\n</div>\n");
}

/* A select of one of domain/kwestie's tables, from index from on. */
static void tf_kw_select(struct html *out, const struct tfield *f,
			 const char *first, const struct kw_name *t, size_t n,
			 size_t from, size_t upto, const char *selected)
{
	tf_begin(out, f);
	html_lit(out, "<select class=\"wa-select\"");
	tf_attrs(out, f);
	html_lit(out, ">\n");
	if (first)
		option(out, "", first, selected);
	for (size_t i = from; i < n && i < upto; i++)
		option(out, t[i].value, _(t[i].label), selected);
	html_lit(out, "</select>\n</div>\n");
}

/* --- one signal ------------------------------------------------------- */

static const char *sent_value(const struct triage_item *it, const char *action,
			      const char *(*pick)(const struct triage_sent *),
			      const char *def)
{
	if (it->sent && strcmp(it->sent->action, action) == 0)
		return pick(it->sent);
	return def;
}

static const char *err_of(const struct triage_item *it, const char *action,
			  const char *field)
{
	if (!it->sent || strcmp(it->sent->action, action) != 0)
		return NULL;
	return form_error_find(it->sent->errors, it->sent->nerrors, field);
}

/* <details> of one action, open when the refusal is its own. */
static void action_begin(struct html *out, const struct triage_page *t,
			 const struct triage_item *it, const char *action,
			 const char *summary)
{
	if (it->sent && strcmp(it->sent->action, action) == 0)
		html_lit(out, "<details class=\"wa-details\" open>\n<summary>");
	else
		html_lit(out, "<details class=\"wa-details\">\n<summary>");
	html_text(out, summary);
	html_lit(out, "</summary>\n");
	form_open_begin(out);
	html_lit(out, "/werk/triage/");
	html_int(out, it->id);
	html_lit(out, "/");
	html_value(out, action);
	form_open_end(out, t->csrf);
	html_lit(out, "<fieldset class=\"wa-fieldset\">\n<legend>");
	html_text(out, summary);
	html_lit(out, "</legend>\n");
}

static void action_end(struct html *out, const char *button)
{
	html_lit(out, "</fieldset>\n");
	form_button(out, button, false);
	html_lit(out, "</form>\n</details>\n");
}

static const char *p_kwestie(const struct triage_sent *s) { return s->kwestie; }
static const char *p_suggestion(const struct triage_sent *s) { return s->suggestion; }
static const char *p_title(const struct triage_sent *s) { return s->title; }
static const char *p_description(const struct triage_sent *s) { return s->description; }
static const char *p_area(const struct triage_sent *s) { return s->area; }
static const char *p_level(const struct triage_sent *s) { return s->level; }
static const char *p_level_reason(const struct triage_sent *s) { return s->level_reason; }
static const char *p_theme(const struct triage_sent *s) { return s->theme; }
static const char *p_regisseur(const struct triage_sent *s) { return s->regisseur; }
static const char *p_reason(const struct triage_sent *s) { return s->reason; }
static const char *p_category(const struct triage_sent *s) { return s->category; }
static const char *p_outcome(const struct triage_sent *s) { return s->outcome; }

static void suggestion_choices(struct html *out, const struct triage_item *it,
			       struct tfield *f, const char *selected)
{
	tf_begin(out, f);
	html_lit(out, "<select class=\"wa-select\"");
	tf_attrs(out, f);
	html_lit(out, ">\n");
	option(out, "", _("Kies een voorgestelde kwestie"), selected);
	for (size_t i = 0; i < it->nsuggestions; i++) {
		const struct kwestie_row *k = &it->suggestions[i];
		char id[24];

		snprintf(id, sizeof(id), "%lld", (long long)k->id);
		html_lit(out, "<option value=\"");
		html_value(out, id);
		if (selected && strcmp(selected, id) == 0)
			html_lit(out, "\" selected>");
		else
			html_lit(out, "\">");
		html_textf(out, "#%lld %s (%s, %s)", (long long)k->id, k->title,
			   KW_LABEL(kw_statuses, k->status),
			   k->area_name ? k->area_name : k->area_code);
		html_lit(out, "</option>\n");
	}
	html_lit(out, "</select>\n</div>\n");
}

static void form_link(struct html *out, const struct triage_page *t,
		      const struct triage_item *it)
{
	const char *a = "koppelen";
	struct tfield sug = {it->id, "suggestion", _("Voorgestelde kwesties"),
			     it->nsuggestions
				     ? _("Open kwesties in de buurt of dichtbij, met "
					 "hetzelfde onderwerp of dezelfde woorden.")
				     : _("Er zijn geen open kwesties in de buurt "
					 "met hetzelfde onderwerp of dezelfde woorden."),
			     err_of(it, a, "suggestion")};
	struct tfield num = {it->id, "kwestie", _("Of het nummer van een kwestie"),
			     NULL, err_of(it, a, "kwestie")};

	action_begin(out, t, it, a, _("Koppelen aan een bestaande kwestie"));
	suggestion_choices(out, it, &sug, sent_value(it, a, p_suggestion, NULL));
	tf_input(out, &num, "number", sent_value(it, a, p_kwestie, ""));
	action_end(out, _("Koppelen"));
}

static void form_new(struct html *out, const struct triage_page *t,
		     const struct triage_item *it)
{
	const char *a = "kwestie";
	struct tfield title = {it->id, "title", _("Titel"),
			       _("Voor bewoners geschreven, kort."),
			       err_of(it, a, "title")};
	struct tfield desc = {it->id, "description", _("Beschrijving"),
			      _("Wat speelt er, voor bewoners geschreven."),
			      err_of(it, a, "description")};
	struct tfield area = {it->id, "area", _("Gebied (code)"),
			      _("De buurt van de melding, of een groter gebied "
				"(wijk, gebied, stadsdeel)."),
			      err_of(it, a, "area")};
	struct tfield level = {it->id, "level", _("Schaalniveau"), NULL,
			       err_of(it, a, "level")};
	struct tfield why = {it->id, "level_reason", _("Reden voor dit schaalniveau"),
			     NULL, err_of(it, a, "level_reason")};
	struct tfield theme = {it->id, "theme", _("Thema (niet verplicht)"),
			       _("De code van een thema van de sociale kaart."),
			       err_of(it, a, "theme")};
	struct tfield reg = {it->id, "regisseur", _("Regisseur"),
			     _("Uw organisatie die de kwestie oppakt."),
			     err_of(it, a, "regisseur")};

	action_begin(out, t, it, a, _("Een nieuwe kwestie beginnen"));
	tf_input(out, &title, "text", sent_value(it, a, p_title, ""));
	tf_textarea(out, &desc, sent_value(it, a, p_description, ""));
	tf_input(out, &area, "text", sent_value(it, a, p_area, it->buurt_code));
	tf_kw_select(out, &level, NULL, kw_levels, KW_LEVELS, 0, KW_LEVELS,
		     sent_value(it, a, p_level, "buurt"));
	tf_textarea(out, &why, sent_value(it, a, p_level_reason, ""));
	tf_input(out, &theme, "text", sent_value(it, a, p_theme, ""));
	tf_select(out, &reg, NULL, t->orgs, t->norgs,
		  sent_value(it, a, p_regisseur, NULL));
	action_end(out, _("Kwestie beginnen"));
}

static void form_decline(struct html *out, const struct triage_page *t,
			 const struct triage_item *it)
{
	const char *a = "niet-voor-ons";
	struct tfield why = {it->id, "reason", _("Reden"),
			     _("De melding gaat terug naar de triage van de "
			       "andere organisaties, met deze reden."),
			     err_of(it, a, "reason")};

	action_begin(out, t, it, a, _("Niet voor ons"));
	tf_textarea(out, &why, sent_value(it, a, p_reason, ""));
	action_end(out, _("Niet voor ons"));
}

static void form_category(struct html *out, const struct triage_page *t,
			  const struct triage_item *it)
{
	const char *a = "categorie";
	struct tfield cat = {it->id, "category", _("Onderwerp"), NULL,
			     err_of(it, a, "category")};

	action_begin(out, t, it, a, _("Onderwerp verbeteren"));
	tf_select(out, &cat, _("Kies een onderwerp"), t->categories, t->ncategories,
		  sent_value(it, a, p_category, it->category_code));
	action_end(out, _("Onderwerp opslaan"));
}

static void form_close(struct html *out, const struct triage_page *t,
		       const struct triage_item *it)
{
	const char *a = "afsluiten";
	struct tfield oc = {it->id, "outcome", _("Uitkomst"), NULL,
			    err_of(it, a, "outcome")};
	struct tfield why = {it->id, "reason", _("Reden"),
			     _("De melder leest deze uitkomst op de volgpagina."),
			     err_of(it, a, "reason")};

	action_begin(out, t, it, a, _("Afsluiten zonder kwestie"));
	/* every outcome but "dubbel", which names another kwestie */
	tf_kw_select(out, &oc, _("Kies een uitkomst"), kw_outcomes, KO_OUTCOMES,
		     KO_OPGELOST, KO_DUBBEL, sent_value(it, a, p_outcome, NULL));
	tf_textarea(out, &why, sent_value(it, a, p_reason, ""));
	action_end(out, _("Afsluiten"));
}

static void signal_facts(struct html *out, const struct triage_item *it)
{
	const struct signal_view *v = &it->signal;
	char when[64];

	html_lit(out, "<dl class=\"wa-summary\">\n");
	view_term(out, _("Soort"), describe_kind(v->kind));
	view_term(out, _("Gemeld op"),
		  describe_time(when, sizeof(when), v->created_at) == 0
			  ? when
			  : v->created_at);
	view_term(out, _("Onderwerp"), v->category ? v->category : _("(geen)"));
	view_term(out, _("Buurt"), v->buurt ? v->buurt : v->buurt_code);
	view_term(out, _("Stadsdeel"), v->stadsdeel);
	html_lit(out, "</dl>\n");
	view_el(out, "p class=\"wa-text\"", v->text);
}

/* Who said "niet voor ons" before, and why: the signal came back to
 * this organisation's triage with their reason. */
static void declines(struct html *out, const struct triage_item *it)
{
	if (!it->ndeclines)
		return;
	html_lit(out, "<p>");
	html_text(out, _("Niet voor ons, volgens:"));
	html_lit(out, "</p>\n<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < it->ndeclines; i++) {
		html_lit(out, "<li>");
		html_text(out, it->declines[i].name);
		html_lit(out, ": ");
		html_text(out, it->declines[i].reason);
		html_lit(out, "</li>\n");
	}
	html_lit(out, "</ul>\n");
}

static void item(struct html *out, const struct triage_page *t,
		 const struct triage_item *it)
{
	html_lit(out, "<section class=\"wa-panel\" id=\"melding-");
	html_int(out, it->id);
	html_lit(out, "\" aria-labelledby=\"melding-");
	html_int(out, it->id);
	html_lit(out, "-titel\">\n<h2 id=\"melding-");
	html_int(out, it->id);
	html_lit(out, "-titel\"><a href=\"/werk/meldingen/");
	html_int(out, it->id);
	html_lit(out, "\">");
	html_textf(out, "%s %lld", describe_kind(it->signal.kind), (long long)it->id);
	html_lit(out, "</a></h2>\n");
	signal_facts(out, it);
	declines(out, it);
	if (it->sent && it->sent->message) {
		html_lit(out, "<p class=\"wa-error-message\" role=\"alert\"><span "
			      "class=\"wa-error-marker\">");
		html_text(out, _("Fout:"));
		html_lit(out, "</span> ");
		html_text(out, it->sent->message);
		html_lit(out, "</p>\n");
		/* what no field of the forms is about (the signal itself) */
		for (size_t i = 0; i < it->sent->nerrors; i++)
			if (!it->sent->errors[i].field)
				view_el(out, "p class=\"wa-error-message\"",
					it->sent->errors[i].message);
	}
	form_link(out, t, it);
	form_new(out, t, it);
	form_decline(out, t, it);
	form_category(out, t, it);
	form_close(out, t, it);
	html_lit(out, "</section>\n");
}

/* --- the page --------------------------------------------------------- */

/* The name of a field, before its message in the summary. */
static const char *field_name(const char *field)
{
	static const struct {
		const char *field, *label;
	} names[] = {
		{"kwestie", N_("Kwestie")},
		{"suggestion", N_("Voorgestelde kwesties")},
		{"title", N_("Titel")},
		{"description", N_("Beschrijving")},
		{"area", N_("Gebied")},
		{"level", N_("Schaalniveau")},
		{"level_reason", N_("Reden voor dit schaalniveau")},
		{"theme", N_("Thema")},
		{"regisseur", N_("Regisseur")},
		{"reason", N_("Reden")},
		{"category", N_("Onderwerp")},
		{"outcome", N_("Uitkomst")},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].field, field) == 0)
			return _(names[i].label);
	return NULL;
}

/* The summary of a refusal: links to the fields of that signal. */
static void summary(struct html *out, const struct triage_page *t)
{
	for (size_t i = 0; i < t->nitems; i++) {
		const struct triage_sent *s = t->items[i].sent;

		if (!s || !s->nerrors)
			continue;
		html_lit(out, "<div class=\"wa-error-summary\" role=\"alert\" "
			      "aria-labelledby=\"wa-error-summary-title\">\n"
			      "<h2 id=\"wa-error-summary-title\">");
		html_textf(out, _("Melding %lld: er is iets niet goed ingevuld"),
			   (long long)t->items[i].id);
		html_lit(out, "</h2>\n<ul>\n");
		for (size_t j = 0; j < s->nerrors; j++) {
			if (!s->errors[j].field) {
				view_el(out, "li", s->errors[j].message);
				continue;
			}
			html_lit(out, "<li><a href=\"#t");
			html_int(out, t->items[i].id);
			html_lit(out, "-");
			html_value(out, s->errors[j].field);
			html_lit(out, "\">");
			if (field_name(s->errors[j].field))
				html_textf(out, "%s: ", field_name(s->errors[j].field));
			html_text(out, s->errors[j].message);
			html_lit(out, "</a></li>\n");
		}
		html_lit(out, "</ul>\n</div>\n");
	}
}

static void filter_form(struct html *out, const struct triage_page *t)
{
	static const struct choice kinds[] = {
		{"melding", N_("Melding"), NULL},
		{"vraag", N_("Vraag"), NULL},
		{"idee", N_("Idee"), NULL},
	};
	struct choice k[3];
	struct form_field area = {"area", _("Gebied (code)"),
				  _("Een buurt, wijk, gebied of stadsdeel."), NULL};
	struct form_field kind = {"kind", _("Soort"), NULL, NULL};
	struct form_field cat = {"category", _("Onderwerp"), NULL, NULL};

	for (size_t i = 0; i < 3; i++) {
		k[i] = kinds[i];
		k[i].label = _(kinds[i].label);
	}
	html_lit(out, "<form class=\"wa-form wa-filter\" method=\"get\" "
		      "action=\"/werk/triage\">\n<fieldset class=\"wa-fieldset\">\n"
		      "<legend>");
	html_text(out, _("Filter"));
	html_lit(out, "</legend>\n");
	form_input(out, &area, "text", NULL, NULL, t->area);
	form_select(out, &kind, _("Alle soorten"), k, 3, t->kind);
	form_select(out, &cat, _("Alle onderwerpen"), t->categories, t->ncategories,
		    t->category);
	html_lit(out, "</fieldset>\n");
	form_button(out, _("Filteren"), true);
	html_lit(out, "</form>\n");
}

void view_werk_triage(struct html *out, const struct page *p,
		      const struct triage_page *t)
{
	view_begin(out, p);
	view_el(out, "h1", _("Triage"));
	view_el(out, "p class=\"wa-lead\"",
		_("De meldingen van uw organisaties die nog bij geen kwestie "
		  "horen, de oudste eerst."));
	view_notice(out, t->notice);
	summary(out, t);
	filter_form(out, t);
	if (!t->nitems)
		view_el(out, "p", _("Er wachten geen meldingen op triage."));
	for (size_t i = 0; i < t->nitems; i++)
		item(out, t, &t->items[i]);
	if (t->next_after) {
		html_lit(out, "<p><a href=\"/werk/triage?after=");
		html_int(out, t->next_after);
		html_value(out, t->filter_query);
		html_lit(out, "\">");
		html_text(out, _("Volgende meldingen"));
		html_lit(out, "</a></p>\n");
	}
	html_lit(out, "<p><a href=\"/werk\">");
	html_text(out, _("Terug naar mijn werk"));
	html_lit(out, "</a></p>\n");
	view_end(out, p);
}
