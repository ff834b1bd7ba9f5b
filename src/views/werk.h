/* werk: a professional's pages: the start page after logging in (their
 * organisations and roles, and the way to what they may do), the signals
 * of their organisations, and one signal with, on request, the resident's
 * contact data.  The handlers (web/werk.c, web/werk_signals.c) read the
 * rows and decide who may see what; these pages show what they are given
 * and are never cached. */
#ifndef WA_VIEWS_WERK_H
#define WA_VIEWS_WERK_H
#include <stdbool.h>
#include <stddef.h>

#include "store/accounts.h"
#include "views/views.h"

/* GET /werk */
struct werk_page {
	const char *email; /* of the account */
	const struct membership_row *memberships;
	size_t nmemberships;
	bool is_admin; /* also the links of the beheerder */
};

void view_werk(struct html *out, const struct page *p,
	       const struct werk_page *w);

#endif
