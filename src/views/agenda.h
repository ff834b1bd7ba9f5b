/* agenda: the bewonersagenda of an area of any level (/agenda/{code}):
 * the open kwesties on it, most residents involved first; the themes
 * that recur across its buurten ("speelt in 7 buurten"); what plays in
 * the areas above it; and the way up and down the levels.  Public, no
 * personal data (views/kwestie.h). */
#ifndef WA_VIEWS_AGENDA_H
#define WA_VIEWS_AGENDA_H
#include <stddef.h>

#include "app/kwestie.h"
#include "views/views.h"

/* An area to link to: /agenda/{code}. */
struct agenda_area {
	const char *code, *name, *level; /* level as stored ("wijk") */
};

struct agenda_page {
	const struct agenda *a;
	const struct agenda_area *parents; /* from the city down */
	size_t nparents;
	const struct agenda_area *children; /* one level down, by name */
	size_t nchildren;
	const char *const *theme_labels; /* one per a->topics, for people */
};

void view_agenda(struct html *out, const struct page *p,
		 const struct agenda_page *g);

#endif
