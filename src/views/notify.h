/* notify: the page of a notification mail's link
 * (/meldingen-instellen/{token}): what the link is about, how often mail
 * comes, a choice of four (radio buttons, a plain form without
 * JavaScript) and a button to stop, which posts to /afmelden/{token}.
 * The choice itself is shared with the forms where one subscribes. */
#ifndef WA_VIEWS_NOTIFY_H
#define WA_VIEWS_NOTIFY_H
#include <stddef.h>

#include "views/form.h"
#include "views/views.h"

/* The four choices of how often mail comes (domain/notify.h) as radio
 * buttons named ff->name in a fieldset whose legend is ff->label, with
 * ff's hint and error; current checked, "direct" when it is not one of
 * them.  The report form, the follow form and the settings page. */
void view_notify_choice(struct html *out, const struct form_field *ff,
			const char *current);

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
