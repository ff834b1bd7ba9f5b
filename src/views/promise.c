/* promise: see promise.h.  Late is shown in words, not by colour alone;
 * a changed promise stays in the list with its old date and the reason,
 * next to the promise that replaced it. */
#include "promise.h"

#include <stdio.h>
#include <string.h>

#include "domain/describe.h"
#include "domain/promise.h"
#include "i18n/i18n.h"
#include "views/form.h"
#include "views/readability.h"

static const char *date_words(char *buf, size_t len, const char *ymd)
{
	return describe_date(buf, len, ymd) == 0 ? buf : ymd;
}

/* How it went, in words. */
static void how(struct html *out, const struct promise_row *p, const char *today)
{
	int st = promise_status_parse(p->status);
	char d[64];

	switch (st) {
	case PS_GEHAALD:
		html_lit(out, "<strong>");
		html_textf(out, _("Gehaald op %s"), date_words(d, sizeof(d), p->done_on));
		html_lit(out, "</strong>");
		if (!promise_kept_on_time(st, p->due, p->done_on)) {
			html_lit(out, " ");
			html_text(out, _("(later dan beloofd)"));
		}
		break;
	case PS_NIET_GEHAALD:
		html_lit(out, "<strong>");
		html_text(out, _("Niet gehaald"));
		html_lit(out, "</strong>: ");
		html_text(out, p->explanation);
		break;
	case PS_GEWIJZIGD:
		html_lit(out, "<strong>");
		html_text(out, _("Gewijzigd"));
		html_lit(out, "</strong>: ");
		html_text(out, p->explanation);
		break;
	default:
		if (promise_late(st, p->due, today)) {
			html_lit(out, "<strong class=\"wa-late\">");
			html_text(out, _("Te laat"));
			html_lit(out, "</strong>");
		} else {
			html_text(out, _("Loopt"));
		}
	}
}

void view_promises(struct html *out, const struct promise_row *p, size_t n,
		   const char *today, const char *expected_by)
{
	char d[64];

	view_el(out, "h2", _("Wat er beloofd is"));
	if (expected_by) {
		html_lit(out, "<p class=\"wa-expected\">");
		html_textf(out, _("U kunt uiterlijk %s iets verwachten."),
			   date_words(d, sizeof(d), expected_by));
		html_lit(out, "</p>\n");
	}
	if (!n) {
		view_el(out, "p", _("Er is nog niets beloofd."));
		return;
	}
	html_lit(out, "<table class=\"wa-table\">\n<thead><tr>");
	view_th(out, _("Wat"));
	view_th(out, _("Wie"));
	view_th(out, _("Uiterlijk"));
	view_th(out, _("Hoe het ging"));
	html_lit(out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_lit(out, "<tr id=\"toezegging-");
		html_int(out, p[i].id);
		html_lit(out, "\">");
		view_td(out, p[i].what);
		view_td(out, p[i].organisation);
		view_td(out, date_words(d, sizeof(d), p[i].due));
		html_lit(out, "<td>");
		how(out, &p[i], today);
		html_lit(out, "</td></tr>\n");
	}
	html_lit(out, "</tbody>\n</table>\n");
}

/* --- the professional's forms ------------------------------------------ */

static const char *err(const struct promise_form *f, const char *field)
{
	return form_error_find(f->errors, f->nerrors, field);
}

/* "Uw organisatie hield 8 van de 10 vergelijkbare toezeggingen op tijd." */
static void record(struct html *out, const struct promise_form *f)
{
	const struct promise_record *r = f->record;

	html_lit(out, "<section class=\"wa-panel\" aria-labelledby=\"tz-record\">\n");
	view_el(out, "h3 id=\"tz-record\"", _("Wat u kunt waarmaken"));
	if (!r || !r->closed) {
		view_el(out, "p", _("Uw organisatie heeft nog geen afgesloten "
				    "toezeggingen: er is nog geen record."));
	} else {
		html_lit(out, "<p>");
		html_textf(out,
			   r->category
				   ? _("Uw organisatie hield %zu van de %zu vergelijkbare "
				       "toezeggingen (zelfde categorie) op tijd: %d%%.")
				   : _("Uw organisatie hield %zu van de %zu toezeggingen op "
				       "tijd: %d%%."),
			   r->kept_on_time, r->closed,
			   (int)(100.0 * (double)r->kept_on_time / (double)r->closed + 0.5));
		if (r->median_days >= 0) {
			html_lit(out, " ");
			html_textf(out, _("Meestal (mediaan) duurde het %d dagen."),
				   r->median_days);
		}
		html_lit(out, "</p>\n");
	}
	if (f->norm) {
		html_lit(out, "<p>");
		html_text(out, _("Norm op de sociale kaart:"));
		html_lit(out, " ");
		html_text(out, f->norm);
		html_lit(out, "</p>\n");
	}
	html_lit(out, "</section>\n");
}

void view_promise_form(struct html *out, const struct page *p,
		       const struct promise_form *f)
{
	struct form_field what = {"what", _("Wat belooft u bewoners?"),
				  _("Schrijf het zo dat iedereen het begrijpt: wat "
				    "er gebeurt, niet hoe het intern heet."),
				  err(f, "what")};
	struct form_field org = {"organisation", _("Wie doet het?"), NULL,
				 err(f, "organisation")};
	struct form_field due = {"due", _("Uiterlijk op (datum)"),
				 _("Of vul hieronder een aantal werkdagen in."),
				 err(f, "due")};
	struct form_field days = {"workdays", _("Of: binnen zoveel werkdagen"),
				  _("Weekenden, feestdagen en sluitingsdagen tellen "
				    "niet mee."),
				  err(f, "workdays")};

	view_el(out, "h2 id=\"toezeggen\"", _("Iets toezeggen"));
	record(out, f);
	html_lit(out, "<form method=\"post\" action=\"");
	html_url(out, f->action);
	html_lit(out, "\" novalidate>\n");
	html_lit(out, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_value(out, f->csrf);
	html_lit(out, "\">\n");
	form_field_begin(out, &what);
	form_label(out, &what);
	form_notes(out, &what);
	html_lit(out, "<textarea class=\"wa-textarea\" rows=\"3\" "
		      "data-readability=\"tz-plain\"");
	form_control_attrs(out, &what);
	html_lit(out, ">");
	html_text(out, f->what ? f->what : "");
	html_lit(out, "</textarea>\n");
	form_field_end(out);
	if (f->plain) {
		view_readability(out, p, "tz-plain", f->what, f->plain);
		form_checkbox(out, "confirm_plain", "1",
			      _("Ik heb de score gezien: publiceer de tekst zoals hij is"),
			      false);
	} else {
		view_readability_live(out, p, "tz-plain");
	}
	form_field_begin(out, &org);
	form_label(out, &org);
	form_notes(out, &org);
	html_lit(out, "<select");
	form_control_attrs(out, &org);
	html_lit(out, ">\n");
	for (size_t i = 0; i < f->nchain; i++) {
		html_lit(out, "<option value=\"");
		html_int(out, f->chain[i].organisation);
		html_lit(out, "\"");
		if (f->chain[i].organisation == f->own)
			html_lit(out, " selected");
		html_lit(out, ">");
		html_text(out, f->chain[i].name);
		html_lit(out, "</option>\n");
	}
	html_lit(out, "</select>\n");
	form_field_end(out);
	form_input(out, &due, "date", NULL, NULL, f->due);
	form_input(out, &days, "number", NULL, "numeric", f->workdays);
	form_button(out, _("Toezeggen"), false);
	html_lit(out, "</form>\n");
}

/* One choice of the status, its id unique on the page. */
static void radio(struct html *out, int64_t id, const char *value,
		  const char *label)
{
	html_lit(out, "<div class=\"wa-choice\"><input type=\"radio\" name=\"status\" id=\"p");
	html_int(out, id);
	html_lit(out, "-");
	html_value(out, value);
	html_lit(out, "\" value=\"");
	html_value(out, value);
	html_lit(out, "\"> <label for=\"p");
	html_int(out, id);
	html_lit(out, "-");
	html_value(out, value);
	html_lit(out, "\">");
	html_text(out, label);
	html_lit(out, "</label></div>\n");
}

/* A labelled control whose id is unique on the page (several promises
 * have these forms side by side). */
static void control(struct html *out, int64_t id, const char *name,
		    const char *label, bool area)
{
	html_lit(out, "<div class=\"wa-field\"><label for=\"p");
	html_int(out, id);
	html_lit(out, "-");
	html_value(out, name);
	html_lit(out, "\">");
	html_text(out, label);
	html_lit(out, "</label>\n");
	if (area)
		html_lit(out, "<textarea rows=\"2\"");
	else
		html_lit(out, "<input type=\"date\"");
	html_lit(out, " id=\"p");
	html_int(out, id);
	html_lit(out, "-");
	html_value(out, name);
	html_lit(out, "\" name=\"");
	html_value(out, name);
	html_lit(out, "\">");
	if (area)
		html_lit(out, "</textarea>");
	html_lit(out, "</div>\n");
}

void view_promise_close_forms(struct html *out, const char *action_base,
			      const char *csrf, const struct promise_row *p)
{
	char action[160], d[64];

	snprintf(action, sizeof(action), "%s/%lld", action_base, (long long)p->id);
	html_lit(out, "<details class=\"wa-promise\"><summary>");
	html_textf(out, _("%s (uiterlijk %s)"), p->what,
		   date_words(d, sizeof(d), p->due));
	html_lit(out, "</summary>\n");
	form_open(out, action, csrf);
	html_lit(out, "<input type=\"hidden\" name=\"version\" value=\"");
	html_int(out, p->version);
	html_lit(out, "\">\n<fieldset><legend>");
	html_text(out, _("Hoe ging het?"));
	html_lit(out, "</legend>\n");
	radio(out, p->id, "gehaald", _("Gehaald (vandaag)"));
	radio(out, p->id, "niet_gehaald", _("Niet gehaald"));
	radio(out, p->id, "gewijzigd", _("Nieuwe datum"));
	html_lit(out, "</fieldset>\n");
	control(out, p->id, "explanation",
		_("Uitleg voor bewoners (nodig bij niet gehaald en bij een nieuwe datum)"),
		true);
	control(out, p->id, "new_due", _("Nieuwe datum (bij wijzigen)"), false);
	html_lit(out, "<div class=\"wa-choice\"><input type=\"checkbox\" "
		      "name=\"confirm_plain\" value=\"1\" id=\"p");
	html_int(out, p->id);
	html_lit(out, "-confirm\"> <label for=\"p");
	html_int(out, p->id);
	html_lit(out, "-confirm\">");
	html_text(out, _("Publiceer de uitleg ook als die moeilijk leesbaar is"));
	html_lit(out, "</label></div>\n");
	form_button(out, _("Opslaan"), false);
	html_lit(out, "</form>\n</details>\n");
}
