/* closing_days: see closing_days.h. */
#include "views/closing_days.h"

#include <stdio.h>
#include <string.h>

#include "html/html.h"
#include "i18n/i18n.h"
#include "views/form.h"

static void day_row(struct html *out, const struct closing_days_page *c,
		    const struct closing_day_row *d)
{
	char action[128];

	snprintf(action, sizeof(action),
		 "/beheer/organisaties/%lld/sluitingsdagen/%s/verwijderen",
		 (long long)c->org->id, d->day);
	html_lit(out, "<tr>");
	view_td(out, d->day);
	view_td(out, d->reason);
	html_lit(out, "<td>\n");
	form_button_only(out, action, c->csrf, _("Verwijderen"), true);
	html_lit(out, "</td></tr>\n");
}

static void day_table(struct html *out, const struct closing_days_page *c)
{
	if (!c->ndays) {
		view_el(out, "p", _("Er zijn geen sluitingsdagen ingevoerd."));
		return;
	}
	html_lit(out, "<table>\n<thead><tr>");
	view_th(out, _("Datum"));
	view_th(out, _("Reden"));
	view_th(out, _("Actie"));
	html_lit(out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < c->ndays; i++)
		day_row(out, c, &c->days[i]);
	html_lit(out, "</tbody>\n</table>\n");
}

static const char *field_name(const char *field)
{
	if (strcmp(field, "day") == 0)
		return _("Datum");
	if (strcmp(field, "reason") == 0)
		return _("Reden");
	return NULL;
}

static void day_form(struct html *out, const struct closing_days_page *c)
{
	struct form_field day = {"day", _("Datum"),
				 _("Bijvoorbeeld 2026-12-24. Vandaag of later."),
				 form_error_find(c->errors, c->nerrors, "day")};
	struct form_field reason = {"reason", _("Reden"),
				    _("Bijvoorbeeld: studiedag van het team. "
				      "Hoogstens 200 tekens."),
				    form_error_find(c->errors, c->nerrors,
						    "reason")};
	char action[96];

	snprintf(action, sizeof(action),
		 "/beheer/organisaties/%lld/sluitingsdagen",
		 (long long)c->org->id);
	view_el(out, "h2", _("Sluitingsdag toevoegen"));
	form_error_summary(out, c->errors, c->nerrors, field_name);
	form_open(out, action, c->csrf);
	form_input(out, &day, "date", "off", NULL, c->day);
	form_input(out, &reason, "text", "off", NULL, c->reason);
	html_lit(out, "<div class=\"wa-actions\">\n");
	form_button(out, _("Sluitingsdag toevoegen"), false);
	html_lit(out, "</div>\n</form>\n");
}

void view_beheer_closing_days(struct html *out, const struct page *p,
			      const struct closing_days_page *c)
{
	char back[64];

	view_begin(out, p);
	html_lit(out, "<h1>");
	html_textf(out, _("Sluitingsdagen van %s"), c->org->name);
	html_lit(out, "</h1>\n");
	view_notice(out, c->notice);
	view_el(out, "p", _("Op een sluitingsdag werkt de organisatie niet. "
			    "Een toezegging binnen een aantal werkdagen telt "
			    "deze dagen niet mee. Weekenden en de nationale "
			    "feestdagen telt wijkagenda zelf: die hoeft u "
			    "niet in te voeren."));
	day_table(out, c);
	day_form(out, c);
	snprintf(back, sizeof(back), "/beheer/organisaties/%lld",
		 (long long)c->org->id);
	html_lit(out, "<p>");
	view_link(out, back, _("Terug naar de organisatie"));
	html_lit(out, "</p>\n");
	view_end(out, p);
}
