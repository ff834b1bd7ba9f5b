/* form: accessible form fields for the pages (see form.h).  Labels, hints
 * and errors are tied to their control by for/id and aria-describedby, so
 * a screen reader announces the error with the field, and every control
 * has a visible label, which WCAG 2.1 (1.3.1, 3.3.1, 3.3.2) asks for. */
#include "views/form.h"

#include <string.h>

#include "html/html.h"
#include "i18n/i18n.h"
#include "views/account.h"

const char *form_error_find(const struct field_error *errors, size_t n,
			    const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (errors[i].field && strcmp(errors[i].field, field) == 0)
			return errors[i].message ? errors[i].message : "";
	return NULL;
}

static void summary_item(struct html *out, const struct field_error *e,
			 const char *name)
{
	html_lit(out, "<li>");
	if (e->field) {
		html_lit(out, "<a href=\"#f-");
		html_value(out, e->field);
		html_lit(out, "\">");
	}
	if (name) {
		html_text(out, name);
		html_lit(out, ": ");
	}
	html_text(out, e->message);
	if (e->field)
		html_lit(out, "</a></li>\n");
	else
		html_lit(out, "</li>\n");
}

void form_error_summary(struct html *out, const struct field_error *errors,
			size_t n, const char *(*name_of)(const char *field))
{
	if (!n)
		return;
	/* role="alert" makes a screen reader read the summary as soon as the
	 * page is shown again; the links take the resident to each field. */
	html_lit(out, "<div class=\"wa-error-summary\" role=\"alert\" "
		      "aria-labelledby=\"wa-error-summary-title\">\n"
		      "<h2 id=\"wa-error-summary-title\">");
	html_text(out, _("Er is iets niet goed ingevuld"));
	html_lit(out, "</h2>\n<ul>\n");
	for (size_t i = 0; i < n; i++)
		summary_item(out, &errors[i],
			     name_of && errors[i].field ? name_of(errors[i].field)
							: NULL);
	html_lit(out, "</ul>\n</div>\n");
}

void form_field_begin(struct html *out, const struct form_field *f)
{
	if (f->error)
		html_lit(out, "<div class=\"wa-field wa-field--error\">\n");
	else
		html_lit(out, "<div class=\"wa-field\">\n");
}

void form_field_end(struct html *out)
{
	html_lit(out, "</div>\n");
}

void form_label(struct html *out, const struct form_field *f)
{
	html_lit(out, "<label class=\"wa-label\" for=\"f-");
	html_value(out, f->name);
	html_lit(out, "\">");
	html_text(out, f->label);
	html_lit(out, "</label>\n");
}

void form_notes(struct html *out, const struct form_field *f)
{
	if (f->hint) {
		html_lit(out, "<p class=\"wa-hint\" id=\"f-");
		html_value(out, f->name);
		html_lit(out, "-hint\">");
		html_text(out, f->hint);
		html_lit(out, "</p>\n");
	}
	if (f->error) {
		/* The word "Fout" makes the message an error without relying
		 * on its red colour (WCAG 1.4.1). */
		html_lit(out, "<p class=\"wa-error-message\" id=\"f-");
		html_value(out, f->name);
		html_lit(out, "-error\"><span class=\"wa-error-marker\">");
		html_text(out, _("Fout:"));
		html_lit(out, "</span> ");
		html_text(out, f->error);
		html_lit(out, "</p>\n");
	}
}

void form_describedby(struct html *out, const struct form_field *f)
{
	if (!f->hint && !f->error)
		return;
	html_lit(out, " aria-describedby=\"");
	if (f->error) {
		html_lit(out, "f-");
		html_value(out, f->name);
		html_lit(out, "-error");
		if (f->hint)
			html_lit(out, " ");
	}
	if (f->hint) {
		html_lit(out, "f-");
		html_value(out, f->name);
		html_lit(out, "-hint");
	}
	html_lit(out, "\"");
}

void form_aria(struct html *out, const struct form_field *f)
{
	form_describedby(out, f);
	if (f->error)
		html_lit(out, " aria-invalid=\"true\"");
}

void form_control_attrs(struct html *out, const struct form_field *f)
{
	html_lit(out, " id=\"f-");
	html_value(out, f->name);
	html_lit(out, "\" name=\"");
	html_value(out, f->name);
	html_lit(out, "\"");
	form_aria(out, f);
}

void form_input(struct html *out, const struct form_field *f, const char *type,
		const char *autocomplete, const char *inputmode,
		const char *value)
{
	form_field_begin(out, f);
	form_label(out, f);
	form_notes(out, f);
	html_lit(out, "<input class=\"wa-input\" type=\"");
	html_value(out, type);
	html_lit(out, "\"");
	form_control_attrs(out, f);
	if (autocomplete) {
		html_lit(out, " autocomplete=\"");
		html_value(out, autocomplete);
		html_lit(out, "\"");
	}
	if (inputmode) {
		html_lit(out, " inputmode=\"");
		html_value(out, inputmode);
		html_lit(out, "\"");
	}
	html_lit(out, " value=\"");
	html_value(out, value);
	html_lit(out, "\">\n");
	form_field_end(out);
}

void form_textarea(struct html *out, const struct form_field *f,
		   const char *value, int rows)
{
	form_field_begin(out, f);
	form_label(out, f);
	form_notes(out, f);
	html_lit(out, "<textarea class=\"wa-textarea\" rows=\"");
	html_int(out, rows);
	html_lit(out, "\"");
	form_control_attrs(out, f);
	/* A newline right after <textarea> is eaten by the parser; writing
	 * one ourselves keeps a value that starts with a newline intact. */
	html_lit(out, ">\n");
	html_text(out, value);
	html_lit(out, "</textarea>\n");
	form_field_end(out);
}

static void select_option(struct html *out, const struct choice *o,
			  const char *selected)
{
	int on = selected && o->value && strcmp(selected, o->value) == 0;

	html_lit(out, "<option value=\"");
	html_value(out, o->value);
	if (on)
		html_lit(out, "\" selected>");
	else
		html_lit(out, "\">");
	html_text(out, o->label);
	html_lit(out, "</option>\n");
}

static int same_group(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static void select_options(struct html *out, const struct choice *opts,
			   size_t n, const char *selected)
{
	const char *group = NULL;

	for (size_t i = 0; i < n; i++) {
		if (i == 0 || !same_group(group, opts[i].group)) {
			if (group)
				html_lit(out, "</optgroup>\n");
			group = opts[i].group;
			if (group) {
				html_lit(out, "<optgroup label=\"");
				html_value(out, group);
				html_lit(out, "\">\n");
			}
		}
		select_option(out, &opts[i], selected);
	}
	if (group)
		html_lit(out, "</optgroup>\n");
}

void form_select(struct html *out, const struct form_field *f,
		 const char *first_label, const struct choice *opts, size_t n,
		 const char *selected)
{
	form_field_begin(out, f);
	form_label(out, f);
	form_notes(out, f);
	html_lit(out, "<select class=\"wa-select\"");
	form_control_attrs(out, f);
	html_lit(out, ">\n<option value=\"\">");
	html_text(out, first_label);
	html_lit(out, "</option>\n");
	select_options(out, opts, n, selected);
	html_lit(out, "</select>\n");
	form_field_end(out);
}

void form_open_begin(struct html *out)
{
	html_lit(out, "<form class=\"wa-form\" method=\"post\" action=\"");
}

void form_open_end(struct html *out, const char *csrf)
{
	html_lit(out, "\" accept-charset=\"utf-8\" novalidate>\n");
	view_csrf(out, csrf);
}

void form_open(struct html *out, const char *action, const char *csrf)
{
	form_open_begin(out);
	html_url(out, action);
	form_open_end(out, csrf);
}

void form_button(struct html *out, const char *text, bool secondary)
{
	if (secondary)
		html_lit(out, "<button type=\"submit\" class=\"wa-button "
			      "wa-button--secondary\">");
	else
		html_lit(out, "<button type=\"submit\" class=\"wa-button\">");
	html_text(out, text);
	html_lit(out, "</button>\n");
}

void form_button_only(struct html *out, const char *action, const char *csrf,
		      const char *text, bool secondary)
{
	form_open(out, action, csrf);
	form_button(out, text, secondary);
	html_lit(out, "</form>\n");
}

void form_checkbox(struct html *out, const char *name, const char *value,
		   const char *label, bool checked)
{
	html_lit(out, "<div class=\"wa-radio\">\n<input type=\"checkbox\" id=\"c-");
	html_value(out, name);
	html_lit(out, "-");
	html_value(out, value);
	html_lit(out, "\" name=\"");
	html_value(out, name);
	html_lit(out, "\" value=\"");
	html_value(out, value);
	if (checked)
		html_lit(out, "\" checked>\n<label for=\"c-");
	else
		html_lit(out, "\">\n<label for=\"c-");
	html_value(out, name);
	html_lit(out, "-");
	html_value(out, value);
	html_lit(out, "\">");
	html_text(out, label);
	html_lit(out, "</label>\n</div>\n");
}

void form_hidden(struct html *out, const char *name, const char *value)
{
	html_lit(out, "<input type=\"hidden\" name=\"");
	html_value(out, name);
	html_lit(out, "\" value=\"");
	html_value(out, value);
	html_lit(out, "\">\n");
}
