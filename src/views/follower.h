/* follower: following a kwestie or an area's agenda by e-mail.  The form
 * (one address and a button) sits on the kwestie page and the agenda
 * page, which other views write; this file has it, and the pages of the
 * mailed links: a GET shows what the link does and a button, only the
 * POST of that button acts, so that a mail scanner opening the link does
 * nothing. */
#ifndef WA_VIEWS_FOLLOWER_H
#define WA_VIEWS_FOLLOWER_H
#include "views/views.h"

/* The form "Volg deze kwestie" (action /kwesties/{id}/volgen) or "Volg
 * de agenda van dit gebied" (action /agenda/{code}/volgen): an e-mail
 * address, how often mail comes (views/notify.h; field frequency, direct
 * checked) and a button, posting to action. */
void view_follow_form(struct html *out, const struct page *p,
		      const char *action);
/* The form on a page of its own, with the address and frequency as sent
 * and the errors (translated, or NULL) that refused them. */
struct follow_form_values {
	const char *email, *frequency;
	const char *email_error, *frequency_error;
};
void view_follow_page(struct html *out, const struct page *p,
		      const char *action, const struct follow_form_values *v);
/* A mailed link's page: what it is about (what, translated, and a link to
 * href), what the button does, and the button posting to action; or,
 * after the POST (action NULL), what was done. */
struct follow_link_page {
	const char *heading, *text; /* translated */
	const char *what, *href;
	const char *action, *button; /* NULL: no button */
};
void view_follow_link(struct html *out, const struct page *p,
		      const struct follow_link_page *l);

#endif
