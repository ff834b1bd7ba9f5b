/* notify: the page of a notification mail's link
 * (/meldingen-instellen/{token}): what the link is about, how often mail
 * comes, a choice of four (radio buttons, a plain form without
 * JavaScript) and a button to stop, which posts to /afmelden/{token}. */
#ifndef WA_VIEWS_NOTIFY_H
#define WA_VIEWS_NOTIFY_H
#include <stddef.h>

#include "views/views.h"

struct notify_page {
	const char *heading, *text; /* translated; text may be NULL */
	const char *const *what, *const *href; /* n of each; href may be NULL */
	size_t n;
	const char *frequency; /* the current choice */
	const char *action, *stop_action; /* NULL: no form */
	const char *error;		  /* translated, or NULL */
};
void view_notify_prefs(struct html *out, const struct page *p,
		       const struct notify_page *v);

#endif
