/* suggest: the category suggestion on the report form (issue 17,
 * docs/suggest.md).
 *
 * With JavaScript (static/suggest.js): below the category list a box
 * (aria-live="polite", hidden until it has something to say) shows the
 * suggested category, "because you wrote: ...", and a button that
 * chooses it in the list.  Without: the page between a report without a
 * category and its storing ("Is het dit?", views/melden_hint.c) has the
 * category list with the suggestion chosen and the words that drove it. */
#ifndef WA_VIEWS_SUGGEST_H
#define WA_VIEWS_SUGGEST_H
#include <stddef.h>

#include "views/views.h"

/* What the second step shows: the suggested category, and why in words
 * ("Voorstel: Grofvuil. Omdat u schreef: grofvuil, container."; built
 * and translated by web/intake_hint.c). */
struct category_hint {
	const char *code, *why;
};

/* The empty box and the script, after the form's category list. */
void view_suggest_live(struct html *out);
/* The category list with hint's category chosen, and why (the second
 * step's form; opts are the form's categories). */
void view_suggest_choice(struct html *out, const struct category_hint *hint,
			 const struct choice *opts, size_t nopts);

#endif
