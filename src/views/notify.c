/* notify: see notify.h. */
#include "notify.h"

#include <string.h>

#include "domain/notify.h"
#include "views/form.h"

static void subjects(struct html *out, const struct notify_page *v)
{
	html_lit(out, "<p>");
	html_text(out, _("Het gaat om:"));
	html_lit(out, "</p>\n<ul>\n");
	for (size_t i = 0; i < v->n; i++) {
		html_lit(out, "<li>");
		if (v->href[i]) {
			html_lit(out, "<a href=\"");
			html_url(out, v->href[i]);
			html_lit(out, "\">");
			html_text(out, v->what[i]);
			html_lit(out, "</a>");
		} else {
			html_text(out, v->what[i]);
		}
		html_lit(out, "</li>\n");
	}
	html_lit(out, "</ul>\n");
}

static void radio(struct html *out, const char *value, bool checked)
{
	html_lit(out, "<div class=\"wa-radio\">\n<input type=\"radio\" "
		      "name=\"frequency\" id=\"f-frequency-");
	html_value(out, value);
	html_lit(out, "\" value=\"");
	html_value(out, value);
	if (checked)
		html_lit(out, "\" checked>\n");
	else
		html_lit(out, "\">\n");
	html_lit(out, "<label for=\"f-frequency-");
	html_value(out, value);
	html_lit(out, "\">");
	html_text(out, _(notify_frequency_label(value)));
	html_lit(out, "</label>\n</div>\n");
}

static void choice_form(struct html *out, const struct page *p,
			const struct notify_page *v)
{
	form_open(out, v->action, p->csrf);
	html_lit(out, "<fieldset class=\"wa-fieldset\">\n<legend>");
	html_text(out, _("Hoe vaak wilt u mail?"));
	html_lit(out, "</legend>\n");
	if (v->error) {
		html_lit(out, "<p class=\"wa-error-message\" id=\"f-frequency-error\">");
		html_text(out, v->error);
		html_lit(out, "</p>\n");
	}
	for (size_t i = 0; i < 4; i++)
		radio(out, notify_frequencies[i],
		      v->frequency && strcmp(v->frequency, notify_frequencies[i]) == 0);
	html_lit(out, "</fieldset>\n");
	form_button(out, _("Opslaan"), false);
	html_lit(out, "</form>\n");
}

void view_notify_prefs(struct html *out, const struct page *p,
		       const struct notify_page *v)
{
	view_begin(out, p);
	view_el(out, "h1", v->heading);
	if (v->text)
		view_el(out, "p", v->text);
	subjects(out, v);
	if (v->action)
		choice_form(out, p, v);
	if (v->stop_action) {
		view_el(out, "h2", _("Afmelden"));
		form_button_only(out, v->stop_action, p->csrf, _("Meld mij af"), true);
	}
	view_end(out, p);
}
