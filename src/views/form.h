/* form: the pieces every form field is made of, so that each field gets
 * the same accessible shape (the order and markup of the GOV.UK and NL
 * Design System form patterns):
 *
 *   <div class="wa-field [wa-field--error]">
 *     <label for="f-NAME">label</label>
 *     <p class="wa-hint" id="f-NAME-hint">hint</p>
 *     <p class="wa-error-message" id="f-NAME-error">Fout: message</p>
 *     <input id="f-NAME" name="NAME" aria-describedby="f-NAME-error
 *            f-NAME-hint" aria-invalid="true">
 *   </div>
 *
 * The error summary at the top of a form links to "#f-NAME", so the id of
 * a field must be "f-" and its name (for radios: the first one).  Texts are
 * already translated; all of them are escaped here. */
#ifndef WA_VIEWS_FORM_H
#define WA_VIEWS_FORM_H
#include <stdbool.h>
#include <stddef.h>

#include "html/html.h"
#include "views/views.h"

struct form_field {
	const char *name;  /* input name, from a literal */
	const char *label; /* translated */
	const char *hint;  /* translated, or NULL */
	const char *error; /* translated, or NULL */
};

/* The message for field among the n errors, or NULL. */
const char *form_error_find(const struct field_error *errors, size_t n,
			    const char *field);

/* The summary of all errors (nothing when n is 0): role="alert", each item
 * a link to its field.  name_of gives the translated name of a field to
 * put before its message, or NULL to show the message alone. */
void form_error_summary(struct html *out, const struct field_error *errors,
			size_t n, const char *(*name_of)(const char *field));

/* The parts of a field, for controls the helpers below do not cover. */
void form_field_begin(struct html *out, const struct form_field *f);
void form_field_end(struct html *out);
void form_label(struct html *out, const struct form_field *f);
/* The hint and error paragraphs, in that order. */
void form_notes(struct html *out, const struct form_field *f);
/* ' id="f-NAME" name="NAME"' and the aria attributes for hint and error. */
void form_control_attrs(struct html *out, const struct form_field *f);
/* ' aria-describedby="f-NAME-error f-NAME-hint"' for what exists. */
void form_describedby(struct html *out, const struct form_field *f);
/* form_describedby and, with an error, ' aria-invalid="true"'. */
void form_aria(struct html *out, const struct form_field *f);

/* Whole fields.  type is "text", "email", "tel", ...; autocomplete and
 * inputmode may be NULL. */
void form_input(struct html *out, const struct form_field *f, const char *type,
		const char *autocomplete, const char *inputmode,
		const char *value);
void form_textarea(struct html *out, const struct form_field *f,
		   const char *value, int rows);
/* A select whose first option (value "") is first_label, then opts with
 * an optgroup for each run of equal group. */
void form_select(struct html *out, const struct form_field *f,
		 const char *first_label, const struct choice *opts, size_t n,
		 const char *selected);

/* <form class="wa-form" method="post" action="ACTION" ...> and the CSRF
 * field; the caller closes it. */
void form_open(struct html *out, const char *action, const char *csrf);
/* The same in two halves, for an action the caller writes between them
 * (html_lit and html_int: "/lijsten/", 12, "/verwijderen"). */
void form_open_begin(struct html *out);
void form_open_end(struct html *out, const char *csrf);
/* A submit button; secondary for the quieter kind (remove, revoke). */
void form_button(struct html *out, const char *text, bool secondary);
/* A form that is only a button (remove, revoke, confirm). */
void form_button_only(struct html *out, const char *action, const char *csrf,
		      const char *text, bool secondary);
/* One checkbox with its label (id "c-NAME-VALUE"). */
void form_checkbox(struct html *out, const char *name, const char *value,
		   const char *label, bool checked);
void form_hidden(struct html *out, const char *name, const char *value);

#endif
