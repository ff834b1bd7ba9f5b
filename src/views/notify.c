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

/* f-NAME for the first radio (where an error summary links to),
 * f-NAME-VALUE for the others. */
static void radio_id(struct html *out, const char *name, size_t i)
{
	html_lit(out, "f-");
	html_value(out, name);
	if (i) {
		html_lit(out, "-");
		html_value(out, notify_frequencies[i]);
	}
}

static void radio(struct html *out, const struct form_field *ff, size_t i,
		  bool checked)
{
	html_lit(out, "<div class=\"wa-radio\">\n<input type=\"radio\" name=\"");
	html_value(out, ff->name);
	html_lit(out, "\" id=\"");
	radio_id(out, ff->name, i);
	html_lit(out, "\" value=\"");
	html_value(out, notify_frequencies[i]);
	html_lit(out, "\"");
	if (checked)
		html_lit(out, " checked");
	if (ff->error)
		html_lit(out, " aria-invalid=\"true\"");
	html_lit(out, ">\n<label for=\"");
	radio_id(out, ff->name, i);
	html_lit(out, "\">");
	html_text(out, _(notify_frequency_label(notify_frequencies[i])));
	html_lit(out, "</label>\n</div>\n");
}

void view_notify_choice(struct html *out, const struct form_field *ff,
			const char *current)
{
	/* Direct unless another valid choice was made. */
	const char *chosen = notify_frequency_valid(current) ? current : "direct";

	form_field_begin(out, ff);
	html_lit(out, "<fieldset class=\"wa-fieldset\"");
	form_describedby(out, ff);
	html_lit(out, ">\n<legend class=\"wa-legend\">");
	html_text(out, ff->label);
	html_lit(out, "</legend>\n");
	form_notes(out, ff);
	html_lit(out, "<div class=\"wa-radios\">\n");
	for (size_t i = 0; i < 4; i++)
		radio(out, ff, i, strcmp(chosen, notify_frequencies[i]) == 0);
	html_lit(out, "</div>\n</fieldset>\n");
	form_field_end(out);
}

static void choice_form(struct html *out, const struct page *p,
			const struct notify_page *v)
{
	struct form_field ff = {"frequency", _("Hoe vaak wilt u mail?"), NULL,
				v->error};

	form_open(out, v->action, p->csrf);
	view_notify_choice(out, &ff, v->frequency);
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
