/* kwestie_werk: GET /werk/kwesties and /werk/kwesties/{id} (see
 * kwestie_werk.h).  The kwestie's page shows what the public page shows
 * (title, description, area, level and reason, status, outcome, chain,
 * history) plus the signals behind it, and four forms: change, chain,
 * merge and split.  After a stale version it shows, above the forms,
 * what the person sent next to the kwestie as it is now and what
 * happened since they read it; the forms then hold the current values. */
#include <stdio.h>
#include <string.h>

#include "domain/kwestie.h"
#include "html/html.h"
#include "views/account.h"
#include "domain/describe.h"
#include "views/form.h"
#include "views/grade.h"
#include "views/kwestie_werk.h"
#include "views/readability.h"

/* A moment in words, or the stored text. */
static const char *when(char *buf, size_t len, const char *iso)
{
	if (!iso)
		return NULL;
	return describe_time(buf, len, iso) == 0 ? buf : iso;
}

/* --- the list --------------------------------------------------------- */

static void list_row(struct html *out, const struct kwestie_werk_item *it)
{
	const struct kwestie_row *k = it->k;
	char t[64];

	html_lit(out, "<tr><td><a href=\"/werk/kwesties/");
	html_int(out, k->id);
	html_lit(out, "\">");
	html_textf(out, "#%lld %s", (long long)k->id, k->title);
	html_lit(out, "</a></td>\n");
	view_td(out, k->area_name ? k->area_name : k->area_code);
	view_td(out, KW_LABEL(kw_levels, k->level));
	html_lit(out, "<td>");
	html_text(out, KW_LABEL(kw_statuses, k->status));
	if (k->outcome) {
		html_lit(out, ": ");
		html_text(out, KW_LABEL(kw_outcomes, k->outcome));
	}
	if (k->park_until && it->back) {
		html_lit(out, " <strong>");
		html_textf(out, _("(geparkeerd tot %s: weer aan de beurt)"),
			   k->park_until);
		html_lit(out, "</strong>");
	} else if (k->park_until) {
		html_lit(out, " ");
		html_textf(out, _("(tot %s)"), k->park_until);
	}
	html_lit(out, "</td>\n");
	view_td(out, k->regisseur ? k->regisseur : _("(geen)"));
	html_lit(out, "<td>");
	html_int(out, k->residents);
	html_lit(out, "</td>\n");
	view_td(out, when(t, sizeof(t), k->updated_at));
	html_lit(out, "</tr>\n");
}

void view_werk_kwesties(struct html *out, const struct page *p,
			const struct kwestie_werk_list *l)
{
	static const char *const cols[] = {
		N_("Kwestie"), N_("Gebied"), N_("Schaalniveau"), N_("Status"),
		N_("Regisseur"), N_("Bewoners"), N_("Gewijzigd")};

	view_begin(out, p);
	view_el(out, "h1", _("Kwesties van mijn organisaties"));
	view_el(out, "p class=\"wa-lead\"",
		_("De kwesties waarin uw organisaties in de keten staan of aan "
		  "een melding werken: open kwesties eerst, dan geparkeerde, dan "
		  "afgeronde. Een geparkeerde kwestie waarvan de datum voorbij is, "
		  "staat weer tussen de open kwesties."));
	if (!l->nitems) {
		view_el(out, "p", _("Er zijn (nog) geen kwesties."));
	} else {
		html_lit(out, "<table class=\"wa-table\">\n<thead>\n<tr>");
		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			view_th(out, _(cols[i]));
		html_lit(out, "</tr>\n</thead>\n<tbody>\n");
		for (size_t i = 0; i < l->nitems; i++)
			list_row(out, &l->items[i]);
		html_lit(out, "</tbody>\n</table>\n");
	}
	if (l->more)
		view_el(out, "p", _("De lijst toont de eerste 200 kwesties."));
	html_lit(out, "<p><a href=\"/werk/triage\">");
	html_text(out, _("Naar de triage"));
	html_lit(out, "</a> | <a href=\"/werk\">");
	html_text(out, _("Terug naar mijn werk"));
	html_lit(out, "</a></p>\n");
	view_end(out, p);
}

/* --- one kwestie: what it is ------------------------------------------ */

static void facts(struct html *out, const struct kwestie_werk_page *w)
{
	const struct kwestie_row *k = &w->v->k;
	char t1[64], t2[64], n[32];

	html_lit(out, "<dl class=\"wa-summary\">\n");
	view_term(out, _("Status"), KW_LABEL(kw_statuses, k->status));
	view_term(out, _("Uitkomst"), k->outcome ? KW_LABEL(kw_outcomes, k->outcome)
						 : NULL);
	if (k->duplicate_of) {
		snprintf(n, sizeof(n), "#%lld", (long long)k->duplicate_of);
		view_term(out, _("Dubbel van"), n);
	}
	view_term(out, _("Doorgezet naar"), k->forwarded_to);
	view_term(out, _("Geparkeerd tot"), k->park_until);
	view_term(out, _("Reden om te parkeren"), k->park_reason);
	view_term(out, _("Gebied"), w->area_name ? w->area_name : k->area_code);
	view_term(out, _("Schaalniveau"), KW_LABEL(kw_levels, k->level));
	view_term(out, _("Reden voor dit schaalniveau"), k->level_reason);
	view_term(out, _("Regisseur"), k->regisseur ? k->regisseur : _("(geen)"));
	view_term(out, _("Urgentie"), KW_LABEL(kw_urgencies,
					       (snprintf(n, sizeof(n), "%d", k->urgency), n)));
	view_term(out, _("Thema"), w->theme_name);
	view_term(out, _("Onderwerp"), w->category_name);
	snprintf(n, sizeof(n), "%lld", (long long)k->residents);
	view_term(out, _("Bewoners (meldingen en steun)"), n);
	snprintf(n, sizeof(n), "%lld", (long long)k->nsignals);
	view_term(out, _("Meldingen"), n);
	snprintf(n, sizeof(n), "%lld", (long long)k->nsupporters);
	view_term(out, _("Steunbetuigingen"), n);
	view_term(out, _("Aangemaakt"), when(t1, sizeof(t1), k->created_at));
	view_term(out, _("Gewijzigd"), when(t2, sizeof(t2), k->updated_at));
	view_term(out, _("Afgerond op"), k->closed_at);
	html_lit(out, "</dl>\n");
	view_el(out, "h2", _("Beschrijving"));
	view_el(out, "p class=\"wa-text\"", k->description);
}

static void chain(struct html *out, const struct kwestie_view *v)
{
	view_el(out, "h2", _("De keten"));
	if (!v->nchain) {
		view_el(out, "p", _("Er staat nog geen organisatie in de keten."));
		return;
	}
	html_lit(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < v->nchain; i++) {
		html_lit(out, "<li>");
		html_textf(out, "%s: %s", v->chain[i].name,
			   KW_LABEL(kw_roles, v->chain[i].role));
		html_lit(out, "</li>\n");
	}
	html_lit(out, "</ul>\n");
}

static void signals(struct html *out, const struct kwestie_werk_page *w)
{
	char t[64];

	view_el(out, "h2", _("De meldingen"));
	if (!w->nsignals) {
		view_el(out, "p", _("Er hoort (nog) geen melding bij deze kwestie."));
		return;
	}
	html_lit(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < w->nsignals; i++) {
		const struct signal_row *s = &w->signals[i];

		html_lit(out, "<li><a href=\"/werk/meldingen/");
		html_int(out, s->id);
		html_lit(out, "\">");
		html_textf(out, "%s %lld", describe_kind(s->kind), (long long)s->id);
		html_lit(out, "</a> (");
		html_text(out, when(t, sizeof(t), s->created_at));
		html_lit(out, "): ");
		html_text(out, s->body);
		html_lit(out, "</li>\n");
	}
	html_lit(out, "</ul>\n");
}

static void event(struct html *out, const struct timeline_row *h)
{
	char t[64];

	html_lit(out, "<li>");
	html_text(out, when(t, sizeof(t), h->at));
	html_lit(out, ", ");
	html_text(out, h->actor);
	html_lit(out, ": ");
	html_text(out, h->kind);
	if (h->from_value) {
		html_lit(out, " ");
		html_text(out, h->from_value);
		html_lit(out, " &rarr;");
	}
	if (h->to_value) {
		html_lit(out, " ");
		html_text(out, h->to_value);
	}
	if (h->reason) {
		html_lit(out, " (");
		html_text(out, h->reason);
		html_lit(out, ")");
	}
	html_lit(out, "</li>\n");
}

static void history(struct html *out, const struct kwestie_view *v)
{
	view_el(out, "h2", _("Geschiedenis"));
	html_lit(out, "<ol class=\"wa-list\">\n");
	for (size_t i = 0; i < v->nhistory; i++)
		event(out, &v->history[i]);
	html_lit(out, "</ol>\n");
}

/* --- a stale version -------------------------------------------------- */

static void conflict_row(struct html *out, const char *label, const char *sent,
			 const char *now)
{
	if ((!sent || !*sent) && (!now || !*now))
		return;
	if (sent && now && strcmp(sent, now) == 0)
		return;
	html_lit(out, "<tr><th scope=\"row\">");
	html_text(out, label);
	html_lit(out, "</th>\n");
	view_td(out, sent);
	view_td(out, now);
	html_lit(out, "</tr>\n");
}

static void conflict(struct html *out, const struct kwestie_werk_page *w)
{
	const struct kwestie_change_form *s = w->sent, *c = &w->change;

	html_lit(out, "<section class=\"wa-panel wa-panel--warning\" "
		      "aria-labelledby=\"wijziging-titel\">\n<h2 "
		      "id=\"wijziging-titel\">");
	html_text(out, _("Iemand anders heeft deze kwestie intussen gewijzigd"));
	html_lit(out, "</h2>\n");
	view_el(out, "p", _("Uw wijziging is niet opgeslagen. Hieronder staat "
			    "wat u stuurde naast hoe de kwestie nu is. Het "
			    "formulier bevat de huidige waarden: pas het aan en "
			    "sla opnieuw op."));
	if (s) {
		html_lit(out, "<table class=\"wa-table\">\n<thead>\n<tr>");
		view_th(out, _("Veld"));
		view_th(out, _("U stuurde"));
		view_th(out, _("Nu"));
		html_lit(out, "</tr>\n</thead>\n<tbody>\n");
		conflict_row(out, _("Titel"), s->title, c->title);
		conflict_row(out, _("Beschrijving"), s->description, c->description);
		conflict_row(out, _("Status"), KW_LABEL(kw_statuses, s->status),
			     KW_LABEL(kw_statuses, c->status));
		conflict_row(out, _("Uitkomst"), KW_LABEL(kw_outcomes, s->outcome),
			     KW_LABEL(kw_outcomes, c->outcome));
		conflict_row(out, _("Dubbel van"), s->duplicate_of, c->duplicate_of);
		conflict_row(out, _("Doorgezet naar"), s->forwarded_to, c->forwarded_to);
		conflict_row(out, _("Geparkeerd tot"), s->park_until, c->park_until);
		conflict_row(out, _("Reden om te parkeren"), s->park_reason,
			     c->park_reason);
		conflict_row(out, _("Schaalniveau"), KW_LABEL(kw_levels, s->level),
			     KW_LABEL(kw_levels, c->level));
		conflict_row(out, _("Reden voor dit schaalniveau"), s->level_reason,
			     c->level_reason);
		conflict_row(out, _("Urgentie"), KW_LABEL(kw_urgencies, s->urgency),
			     KW_LABEL(kw_urgencies, c->urgency));
		html_lit(out, "</tbody>\n</table>\n");
	}
	if (w->nsince) {
		view_el(out, "h3", _("Wat er sindsdien gebeurde"));
		html_lit(out, "<ol class=\"wa-list\">\n");
		for (size_t i = 0; i < w->nsince; i++)
			event(out, &w->since[i]);
		html_lit(out, "</ol>\n");
	}
	html_lit(out, "</section>\n");
}

/* --- the forms -------------------------------------------------------- */

static const char *err(const struct kwestie_werk_page *w, const char *form,
		       const char *field)
{
	if (!w->form || strcmp(w->form, form) != 0)
		return NULL;
	return form_error_find(w->errors, w->nerrors, field);
}

/* Choices of one of domain/kwestie's tables, translated (at most 8). */
static size_t kw_choices(struct choice *c, const struct kw_name *t, size_t n,
			 size_t from)
{
	size_t k = 0;

	for (size_t i = from; i < n && k < 8; i++, k++) {
		c[k].value = t[i].value;
		c[k].label = _(t[i].label);
		c[k].group = NULL;
	}
	return k;
}

static void form_action(struct html *out, const struct kwestie_werk_page *w,
			const char *suffix)
{
	form_open_begin(out);
	html_lit(out, "/werk/kwesties/");
	html_int(out, w->v->k.id);
	html_value(out, suffix);
	form_open_end(out, w->csrf);
}

static void hidden_int(struct html *out, const char *name, int64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%lld", (long long)v);
	form_hidden(out, name, s);
}

static void fieldset_begin(struct html *out, const char *legend)
{
	html_lit(out, "<fieldset class=\"wa-fieldset\">\n<legend>");
	html_text(out, legend);
	html_lit(out, "</legend>\n");
}

static void change_state(struct html *out, const struct kwestie_werk_page *w,
			 const struct kwestie_change_form *c)
{
	struct choice ch[8];
	size_t n;
	struct form_field f_status = {"status", _("Status"), NULL,
				      err(w, "wijzigen", "status")};
	struct form_field f_outcome = {"outcome", _("Uitkomst"),
				       _("Alleen bij afgerond, en dan verplicht."),
				       err(w, "wijzigen", "outcome")};
	struct form_field f_dup = {"duplicate_of", _("Dubbel van kwestie (nummer)"),
				   _("Bij de uitkomst dubbel."),
				   err(w, "wijzigen", "duplicate_of")};
	struct form_field f_fwd = {"forwarded_to", _("Doorgezet naar"),
				   _("Bij doorgezet: naar welk niveau of welke partij."),
				   err(w, "wijzigen", "forwarded_to")};
	struct form_field f_until = {"park_until", _("Geparkeerd tot (JJJJ-MM-DD)"),
				     _("Bij geparkeerd: de datum om er weer naar te "
				       "kijken."),
				     err(w, "wijzigen", "park_until")};
	struct form_field f_why = {"park_reason", _("Reden om te parkeren"), NULL,
				   err(w, "wijzigen", "park_reason")};

	n = kw_choices(ch, kw_statuses, KS_STATUSES, 0);
	form_select(out, &f_status, _("Kies een status"), ch, n, c->status);
	n = kw_choices(ch, kw_outcomes, KO_OUTCOMES, KO_OPGELOST);
	form_select(out, &f_outcome, _("(geen uitkomst)"), ch, n, c->outcome);
	form_input(out, &f_dup, "text", NULL, "numeric", c->duplicate_of);
	form_input(out, &f_fwd, "text", NULL, NULL, c->forwarded_to);
	form_input(out, &f_until, "date", NULL, NULL, c->park_until);
	form_textarea(out, &f_why, c->park_reason, 2);
}

/* The box beside a text for residents: after a refusal for plain
 * language in this form, the score of the refused text and the
 * confirmation to publish it as it is; else the box the script fills. */
static void plain_box(struct html *out, const struct page *p,
		      const struct kwestie_werk_page *w, const char *form,
		      const char *id)
{
	if (!w->plain || !w->plain_form || strcmp(w->plain_form, form) != 0) {
		view_readability_live(out, p, id);
		return;
	}
	view_readability(out, p, id, w->plain_text, w->plain);
	form_checkbox(out, "confirm_plain", "1",
		      _("Ik heb de score gezien: publiceer de tekst zoals hij is"),
		      false);
}

/* The message for residents with a change (its own entry on the
 * timeline), with the plain-language box: filled as it is typed (with
 * JavaScript), or after a refusal, with the confirmation to publish. */
static void message_field(struct html *out, const struct page *p,
			  const struct kwestie_werk_page *w,
			  const struct kwestie_change_form *c)
{
	struct form_field f = {"message", _("Bericht voor bewoners (komt op de tijdlijn)"),
			       _("Leg in gewone woorden uit wat er verandert en "
				 "wat bewoners kunnen verwachten."),
			       err(w, "wijzigen", "message")};

	form_field_begin(out, &f);
	form_label(out, &f);
	form_notes(out, &f);
	html_lit(out, "<textarea class=\"wa-textarea\" rows=\"3\" "
		      "data-readability=\"kw-plain\"");
	form_control_attrs(out, &f);
	html_lit(out, ">");
	html_text(out, c->message ? c->message : "");
	html_lit(out, "</textarea>\n");
	form_field_end(out);
	plain_box(out, p, w, "wijzigen", "kw-plain");
}

static void change_form(struct html *out, const struct page *p,
			const struct kwestie_werk_page *w)
{
	const struct kwestie_change_form *c = &w->change;
	struct choice ch[8];
	size_t n;
	struct form_field f_title = {"title", _("Titel"), NULL,
				     err(w, "wijzigen", "title")};
	struct form_field f_desc = {"description", _("Beschrijving"),
				    _("Voor bewoners geschreven."),
				    err(w, "wijzigen", "description")};
	struct form_field f_level = {"level", _("Schaalniveau"), NULL,
				     err(w, "wijzigen", "level")};
	struct form_field f_reason = {"level_reason", _("Reden voor een ander schaalniveau"),
				      _("Nodig als u het schaalniveau verandert."),
				      err(w, "wijzigen", "level_reason")};
	struct form_field f_urg = {"urgency", _("Urgentie"), NULL,
				   err(w, "wijzigen", "urgency")};

	view_el(out, "h2", _("Wijzigen"));
	form_action(out, w, "");
	hidden_int(out, "version", c->version);
	hidden_int(out, "seen", c->seen);
	fieldset_begin(out, _("Tekst voor bewoners"));
	form_input(out, &f_title, "text", NULL, NULL, c->title);
	form_textarea(out, &f_desc, c->description, 5);
	message_field(out, p, w, c);
	html_lit(out, "</fieldset>\n");
	fieldset_begin(out, _("Status en uitkomst"));
	change_state(out, w, c);
	html_lit(out, "</fieldset>\n");
	fieldset_begin(out, _("Schaalniveau en urgentie"));
	n = kw_choices(ch, kw_levels, KW_LEVELS, 0);
	form_select(out, &f_level, _("Kies een schaalniveau"), ch, n, c->level);
	form_textarea(out, &f_reason, c->level_reason, 2);
	n = kw_choices(ch, kw_urgencies, KW_URGENCY_MAX + 1, 0);
	form_select(out, &f_urg, _("Kies een urgentie"), ch, n, c->urgency);
	html_lit(out, "</fieldset>\n");
	form_button(out, _("Wijziging opslaan"), false);
	html_lit(out, "</form>\n");
}

/* One select of the chain editor: id "f-chain-KIND-I", name KIND. */
static void chain_select(struct html *out, const char *kind, size_t i,
			 const char *label, const struct choice *c, size_t n,
			 const char *selected, bool translate)
{
	html_lit(out, "<div class=\"wa-field\">\n<label class=\"wa-label\" "
		      "for=\"f-chain-");
	html_value(out, kind);
	html_lit(out, "-");
	html_int(out, (long long)i);
	html_lit(out, "\">");
	html_textf(out, "%s %zu", label, i + 1);
	html_lit(out, "</label>\n<select class=\"wa-select\" id=\"f-chain-");
	html_value(out, kind);
	html_lit(out, "-");
	html_int(out, (long long)i);
	html_lit(out, "\" name=\"");
	html_value(out, kind);
	html_lit(out, "\">\n<option value=\"\">");
	html_text(out, _("(leeg)"));
	html_lit(out, "</option>\n");
	for (size_t k = 0; k < n; k++) {
		html_lit(out, "<option value=\"");
		html_value(out, c[k].value);
		if (selected && strcmp(selected, c[k].value) == 0)
			html_lit(out, "\" selected>");
		else
			html_lit(out, "\">");
		html_text(out, translate ? _(c[k].label) : c[k].label);
		html_lit(out, "</option>\n");
	}
	html_lit(out, "</select>\n</div>\n");
}

static void chain_form(struct html *out, const struct kwestie_werk_page *w)
{
	const char *e = err(w, "keten", "chain");
	struct choice roles[KR_ROLES];

	for (size_t i = 0; i < KR_ROLES; i++)
		roles[i] = (struct choice){kw_roles[i].value, kw_roles[i].label, NULL};
	view_el(out, "h2", _("De keten wijzigen"));
	form_action(out, w, "/keten");
	hidden_int(out, "version", w->change.version);
	hidden_int(out, "seen", w->change.seen);
	if (e)
		html_lit(out, "<fieldset class=\"wa-fieldset wa-field--error\" "
			      "id=\"f-chain\" aria-describedby=\"f-chain-error\">\n"
			      "<legend>");
	else
		html_lit(out, "<fieldset class=\"wa-fieldset\" id=\"f-chain\">\n"
			      "<legend>");
	html_text(out, _("Organisaties en hun rol"));
	html_lit(out, "</legend>\n");
	view_el(out, "p class=\"wa-hint\"",
		_("Eén regisseur; een opgepakte kwestie heeft er precies één. "
		  "Laat een rij leeg om haar weg te laten."));
	if (e) {
		html_lit(out, "<p class=\"wa-error-message\" id=\"f-chain-error\">"
			      "<span class=\"wa-error-marker\">");
		html_text(out, _("Fout:"));
		html_lit(out, "</span> ");
		html_text(out, e);
		html_lit(out, "</p>\n");
	}
	for (size_t i = 0; i < w->nchain; i++) {
		html_lit(out, "<div class=\"wa-row\">\n");
		chain_select(out, "org", i, _("Organisatie"), w->orgs, w->norgs,
			     w->chain[i].org, false);
		chain_select(out, "role", i, _("Rol"), roles, KR_ROLES,
			     w->chain[i].role, true);
		html_lit(out, "</div>\n");
	}
	html_lit(out, "</fieldset>\n<button type=\"submit\" class=\"wa-button "
		      "wa-button--secondary\" name=\"actie\" value=\"rij\">");
	html_text(out, _("Rij toevoegen"));
	html_lit(out, "</button>\n<button type=\"submit\" class=\"wa-button\" "
		      "name=\"actie\" value=\"opslaan\">");
	html_text(out, _("Keten opslaan"));
	html_lit(out, "</button>\n</form>\n");
}

static void merge_form(struct html *out, const struct kwestie_werk_page *w)
{
	struct form_field f = {"into", _("Samenvoegen met kwestie (nummer)"),
			       _("Deze kwestie gaat op in de andere: meldingen, "
				 "steun en volgers gaan mee."),
			       err(w, "samenvoegen", "into")};

	view_el(out, "h2", _("Samenvoegen"));
	form_action(out, w, "/samenvoegen");
	hidden_int(out, "version", w->change.version);
	hidden_int(out, "seen", w->change.seen);
	form_input(out, &f, "text", NULL, "numeric", w->into);
	form_button(out, _("Samenvoegen"), false);
	html_lit(out, "</form>\n");
}

static bool chosen(const struct kwestie_werk_page *w, int64_t id)
{
	for (size_t i = 0; i < w->nsplit_signals; i++)
		if (w->split_signals[i] == id)
			return true;
	return false;
}

static void split_form(struct html *out, const struct kwestie_werk_page *w)
{
	const char *e = err(w, "splitsen", "signals");
	struct form_field f_t = {"new_title", _("Titel van de nieuwe kwestie"), NULL,
				 err(w, "splitsen", "new_title")};
	struct form_field f_d = {"new_description",
				 _("Beschrijving van de nieuwe kwestie"), NULL,
				 err(w, "splitsen", "new_description")};

	if (!w->nsignals)
		return;
	view_el(out, "h2", _("Splitsen"));
	form_action(out, w, "/splitsen");
	html_lit(out, "<fieldset class=\"wa-fieldset\" id=\"f-signals\">\n<legend>");
	html_text(out, _("Meldingen die een eigen kwestie worden"));
	html_lit(out, "</legend>\n");
	if (e)
		view_el(out, "p class=\"wa-error-message\"", e);
	for (size_t i = 0; i < w->nsignals; i++) {
		char id[24];
		const struct signal_row *s = &w->signals[i];

		snprintf(id, sizeof(id), "%lld", (long long)s->id);
		form_checkbox(out, "signals", id,
			      s->body, chosen(w, s->id));
	}
	html_lit(out, "</fieldset>\n");
	form_input(out, &f_t, "text", NULL, NULL, w->split_title);
	form_textarea(out, &f_d, w->split_description, 4);
	form_button(out, _("Splitsen"), false);
	html_lit(out, "</form>\n");
}

/* --- the page --------------------------------------------------------- */

static const char *field_name(const char *field)
{
	static const struct {
		const char *field, *label;
	} names[] = {
		{"title", N_("Titel")},
		{"description", N_("Beschrijving")},
		{"status", N_("Status")},
		{"outcome", N_("Uitkomst")},
		{"duplicate_of", N_("Dubbel van")},
		{"forwarded_to", N_("Doorgezet naar")},
		{"park_until", N_("Geparkeerd tot")},
		{"park_reason", N_("Reden om te parkeren")},
		{"level", N_("Schaalniveau")},
		{"level_reason", N_("Reden voor dit schaalniveau")},
		{"urgency", N_("Urgentie")},
		{"chain", N_("Keten")},
		{"into", N_("Samenvoegen met")},
		{"signals", N_("Meldingen")},
		{"new_title", N_("Titel van de nieuwe kwestie")},
		{"new_description", N_("Beschrijving van de nieuwe kwestie")},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].field, field) == 0)
			return _(names[i].label);
	return NULL;
}

/* What was promised, the forms that close the open promises, and the
 * form that makes one (while the kwestie is open). */
static void promises(struct html *out, const struct page *p,
		     const struct kwestie_werk_page *w)
{
	const struct kwestie_view *v = w->v;
	struct promise_form f = w->promise;

	if (w->form && strcmp(w->form, "toezeggen") == 0) {
		f.errors = w->errors;
		f.nerrors = w->nerrors;
	}
	if (w->plain && w->plain_form && strcmp(w->plain_form, "toezeggen") == 0)
		f.plain = w->plain;
	view_promises(out, v->promises, v->npromises, v->today, v->expected_by);
	if (v->k.closed_at || v->k.merged_into)
		return;
	for (size_t i = 0; i < v->npromises; i++)
		if (strcmp(v->promises[i].status, "open") == 0)
			view_promise_close_forms(out, w->promise_base, w->csrf,
						 &v->promises[i]);
	view_promise_form(out, p, &f);
	if (w->plain && w->plain_form && strcmp(w->plain_form, "toezeggen") == 0)
		return;
}

void view_werk_kwestie(struct html *out, const struct page *p,
		       const struct kwestie_werk_page *w)
{
	const struct kwestie_row *k = &w->v->k;

	view_begin(out, p);
	html_lit(out, "<h1>");
	html_textf(out, _("Kwestie %lld: %s"), (long long)k->id, k->title);
	html_lit(out, "</h1>\n");
	view_notice(out, w->notice);
	if (w->message) {
		html_lit(out, "<p class=\"wa-error-message\" role=\"alert\"><span "
			      "class=\"wa-error-marker\">");
		html_text(out, _("Fout:"));
		html_lit(out, "</span> ");
		html_text(out, w->message);
		html_lit(out, "</p>\n");
	}
	form_error_summary(out, w->errors, w->nerrors, field_name);
	if (w->conflict)
		conflict(out, w);
	if (k->merged_into) {
		html_lit(out, "<p class=\"wa-panel\">");
		html_text(out, _("Deze kwestie is samengevoegd met"));
		html_lit(out, " <a href=\"/werk/kwesties/");
		html_int(out, k->merged_into);
		html_lit(out, "\">");
		html_textf(out, "#%lld", (long long)k->merged_into);
		html_lit(out, "</a>.</p>\n");
	}
	html_lit(out, "<p><a href=\"/kwesties/");
	html_int(out, k->id);
	html_lit(out, "\">");
	html_text(out, _("De pagina voor bewoners"));
	html_lit(out, "</a></p>\n");
	facts(out, w);
	chain(out, w->v);
	signals(out, w);
	promises(out, p, w);
	view_grades_werk(out, w->grades, w->ngrades);
	if (!k->merged_into) {
		change_form(out, p, w);
		chain_form(out, w);
		merge_form(out, w);
		split_form(out, w);
	}
	history(out, w->v);
	view_readability_script(out);
	html_lit(out, "<p><a href=\"/werk/kwesties\">");
	html_text(out, _("Terug naar de kwesties"));
	html_lit(out, "</a></p>\n");
	view_end(out, p);
}
