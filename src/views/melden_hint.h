/* melden_hint: "Is het dit?", the page between a valid report and its
 * storing when open kwesties nearby look like it (web/intake_hint.c), and
 * the page after supporting one of them instead of reporting.  Without
 * JavaScript: each kwestie has a button that supports it, and one button
 * sends the report as it was, its fields carried in hidden inputs with
 * the flag "anders" so the form does not ask again. */
#ifndef WA_VIEWS_MELDEN_HINT_H
#define WA_VIEWS_MELDEN_HINT_H
#include <stdint.h>

#include "views/views.h"

struct melden_hint {
	int64_t id;
	const char *title, *area, *status; /* status: label, translated */
	int64_t residents;
};

struct category_hint;
/* f: the report as typed (carried over); email also goes with each
 * support button.  cat: a suggested category for a report without one
 * (views/suggest.h; f->categories are the choices), or NULL; with no
 * kwesties (n 0) the page asks only about the category. */
void view_melden_hints(struct html *out, const struct page *p,
		       const struct melden_form *f, const struct melden_hint *k,
		       size_t n, const struct category_hint *cat);
/* After "Ja, dit bedoel ik": thanks, the kwestie's link (href), and the
 * form to follow it by e-mail (follow_action). */
void view_melden_supported(struct html *out, const struct page *p,
			   const char *href, const char *follow_action);

#endif
