/* resident: the pages of a resident's "mijn meldingen": asking for a link,
 * and the private list of their signals with their own contact data and
 * the forms to change or delete those.  These pages are private (no-store,
 * behind a resident session): they are the only resident-facing pages
 * that show contact data, and only the resident's own. */
#ifndef WA_VIEWS_RESIDENT_H
#define WA_VIEWS_RESIDENT_H
#include <stddef.h>

#include "views/views.h"

/* GET /mijn: the e-mail address to send a link to. */
struct mijn_request_form {
	const char *email, *csrf;
	const char *error; /* next to the field, translated, or NULL */
};

/* One signal of the resident, with the contact data it carries. */
struct mijn_item {
	struct signal_view signal;
	const char *email, *phone, *age_band;
};

struct mijn_page {
	const char *email; /* of the session */
	const struct mijn_item *items;
	size_t nitems;
	const char *csrf;
	const char *notice; /* a confirmation at the top, translated, or NULL */
	/* The contact form: current values, or as typed after an error. */
	const char *form_email, *form_phone, *form_age_band;
	const struct choice *age_bands;
	size_t nage_bands;
	const struct field_error *errors; /* fields email, phone, age_band */
	size_t nerrors;
};

void view_mijn_request(struct html *out, const struct page *p,
		       const struct mijn_request_form *f);
void view_mijn_meldingen(struct html *out, const struct page *p,
			 const struct mijn_page *m);
/* The page behind a mailed link: one button that posts to action (the
 * link's own path) with the form token csrf.  Opening the link uses
 * nothing up; the button does. */
void view_mijn_open(struct html *out, const struct page *p, const char *action,
		    const char *csrf);

/* The first max_bytes of text (cut at a character boundary, with an
 * ellipsis when cut), escaped. */
void view_excerpt(struct html *out, const char *text, size_t max_bytes);

#endif
