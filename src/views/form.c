/* form: accessible form fields for the pages (see form.h).  Labels, hints
 * and errors are tied to their control by for/id and aria-describedby, so
 * a screen reader announces the error with the field, and every control
 * has a visible label, which WCAG 2.1 (1.3.1, 3.3.1, 3.3.2) asks for. */
#include "views/form.h"

#include <string.h>

#include "html/html.h"
#include "i18n/i18n.h"

const char *form_error_find(const struct field_error *errors, size_t n,
			    const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (errors[i].field && strcmp(errors[i].field, field) == 0)
			return errors[i].message ? errors[i].message : "";
	return NULL;
}

static void summary_item(struct buf *out, const struct field_error *e,
			 const char *name)
{
	buf_adds(out, "<li>");
	if (e->field) {
		buf_adds(out, "<a href=\"#f-");
		html_attr(out, e->field);
		buf_adds(out, "\">");
	}
	if (name) {
		html_txt(out, name);
		buf_adds(out, ": ");
	}
	html_txt(out, e->message);
	buf_adds(out, e->field ? "</a></li>\n" : "</li>\n");
}

void form_error_summary(struct buf *out, const struct field_error *errors,
			size_t n, const char *(*name_of)(const char *field))
{
	if (!n)
		return;
	/* role="alert" makes a screen reader read the summary as soon as the
	 * page is shown again; the links take the resident to each field. */
	buf_adds(out, "<div class=\"wa-error-summary\" role=\"alert\" "
		      "aria-labelledby=\"wa-error-summary-title\">\n"
		      "<h2 id=\"wa-error-summary-title\">");
	html_txt(out, _("Er is iets niet goed ingevuld"));
	buf_adds(out, "</h2>\n<ul>\n");
	for (size_t i = 0; i < n; i++)
		summary_item(out, &errors[i],
			     name_of && errors[i].field ? name_of(errors[i].field)
							: NULL);
	buf_adds(out, "</ul>\n</div>\n");
}

void form_field_begin(struct buf *out, const struct form_field *f)
{
	buf_adds(out, f->error ? "<div class=\"wa-field wa-field--error\">\n"
			       : "<div class=\"wa-field\">\n");
}

void form_field_end(struct buf *out)
{
	buf_adds(out, "</div>\n");
}

void form_label(struct buf *out, const struct form_field *f)
{
	buf_adds(out, "<label class=\"wa-label\" for=\"f-");
	html_attr(out, f->name);
	buf_adds(out, "\">");
	html_txt(out, f->label);
	buf_adds(out, "</label>\n");
}

void form_notes(struct buf *out, const struct form_field *f)
{
	if (f->hint) {
		buf_adds(out, "<p class=\"wa-hint\" id=\"f-");
		html_attr(out, f->name);
		buf_adds(out, "-hint\">");
		html_txt(out, f->hint);
		buf_adds(out, "</p>\n");
	}
	if (f->error) {
		/* The word "Fout" makes the message an error without relying
		 * on its red colour (WCAG 1.4.1). */
		buf_adds(out, "<p class=\"wa-error-message\" id=\"f-");
		html_attr(out, f->name);
		buf_adds(out, "-error\"><span class=\"wa-error-marker\">");
		html_txt(out, _("Fout:"));
		buf_adds(out, "</span> ");
		html_txt(out, f->error);
		buf_adds(out, "</p>\n");
	}
}

void form_describedby(struct buf *out, const struct form_field *f)
{
	if (!f->hint && !f->error)
		return;
	buf_adds(out, " aria-describedby=\"");
	if (f->error) {
		buf_adds(out, "f-");
		html_attr(out, f->name);
		buf_adds(out, f->hint ? "-error " : "-error");
	}
	if (f->hint) {
		buf_adds(out, "f-");
		html_attr(out, f->name);
		buf_adds(out, "-hint");
	}
	buf_adds(out, "\"");
}

void form_aria(struct buf *out, const struct form_field *f)
{
	form_describedby(out, f);
	if (f->error)
		buf_adds(out, " aria-invalid=\"true\"");
}

void form_control_attrs(struct buf *out, const struct form_field *f)
{
	buf_adds(out, " id=\"f-");
	html_attr(out, f->name);
	buf_adds(out, "\" name=\"");
	html_attr(out, f->name);
	buf_adds(out, "\"");
	form_aria(out, f);
}

void form_input(struct buf *out, const struct form_field *f, const char *type,
		const char *autocomplete, const char *inputmode,
		const char *value)
{
	form_field_begin(out, f);
	form_label(out, f);
	form_notes(out, f);
	buf_adds(out, "<input class=\"wa-input\" type=\"");
	html_attr(out, type);
	buf_adds(out, "\"");
	form_control_attrs(out, f);
	if (autocomplete) {
		buf_adds(out, " autocomplete=\"");
		html_attr(out, autocomplete);
		buf_adds(out, "\"");
	}
	if (inputmode) {
		buf_adds(out, " inputmode=\"");
		html_attr(out, inputmode);
		buf_adds(out, "\"");
	}
	buf_adds(out, " value=\"");
	html_attr(out, value);
	buf_adds(out, "\">\n");
	form_field_end(out);
}

void form_textarea(struct buf *out, const struct form_field *f,
		   const char *value, int rows)
{
	form_field_begin(out, f);
	form_label(out, f);
	form_notes(out, f);
	buf_addf(out, "<textarea class=\"wa-textarea\" rows=\"%d\"", rows);
	form_control_attrs(out, f);
	/* A newline right after <textarea> is eaten by the parser; writing
	 * one ourselves keeps a value that starts with a newline intact. */
	buf_adds(out, ">\n");
	html_txt(out, value);
	buf_adds(out, "</textarea>\n");
	form_field_end(out);
}

static void select_option(struct buf *out, const struct choice *o,
			  const char *selected)
{
	int on = selected && o->value && strcmp(selected, o->value) == 0;

	buf_adds(out, "<option value=\"");
	html_attr(out, o->value);
	buf_adds(out, on ? "\" selected>" : "\">");
	html_txt(out, o->label);
	buf_adds(out, "</option>\n");
}

static int same_group(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static void select_options(struct buf *out, const struct choice *opts,
			   size_t n, const char *selected)
{
	const char *group = NULL;

	for (size_t i = 0; i < n; i++) {
		if (i == 0 || !same_group(group, opts[i].group)) {
			if (group)
				buf_adds(out, "</optgroup>\n");
			group = opts[i].group;
			if (group) {
				buf_adds(out, "<optgroup label=\"");
				html_attr(out, group);
				buf_adds(out, "\">\n");
			}
		}
		select_option(out, &opts[i], selected);
	}
	if (group)
		buf_adds(out, "</optgroup>\n");
}

void form_select(struct buf *out, const struct form_field *f,
		 const char *first_label, const struct choice *opts, size_t n,
		 const char *selected)
{
	form_field_begin(out, f);
	form_label(out, f);
	form_notes(out, f);
	buf_adds(out, "<select class=\"wa-select\"");
	form_control_attrs(out, f);
	buf_adds(out, ">\n<option value=\"\">");
	html_txt(out, first_label);
	buf_adds(out, "</option>\n");
	select_options(out, opts, n, selected);
	buf_adds(out, "</select>\n");
	form_field_end(out);
}
