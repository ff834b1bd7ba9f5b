/* werk: a professional's pages: the start page after logging in (their
 * organisations and roles, and the way to what they may do), the signals
 * of their organisations, and one signal with, on request, the resident's
 * contact data.  The handlers (web/werk.c, web/signal.c) read the
 * rows and decide who may see what; these pages show what they are given
 * and are never cached. */
#ifndef WA_VIEWS_WERK_H
#define WA_VIEWS_WERK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/accounts.h"
#include "store/grade.h"
#include "store/resident.h"
#include "views/views.h"

/* GET /werk */
struct werk_page {
	const char *email; /* of the account */
	const struct membership_row *memberships;
	size_t nmemberships;
	bool is_admin; /* also the links of the beheerder */
};

/* GET /werk/meldingen: one signal of the list, with its id for the link. */
struct werk_item {
	int64_t id;
	struct signal_view signal;
};

struct werk_list_page {
	const struct werk_item *items; /* newest first */
	size_t nitems;
	int64_t older; /* ?voor= of the link to older signals, or 0 */
};

/* GET /werk/meldingen/{id}, and the answer to a POST of its contact
 * form. */
struct werk_signal_page {
	int64_t id;
	const struct signal_view *signal;
	const char *const *orgs; /* names of the organisations involved */
	size_t norgs;
	const char *csrf; /* of the session, for the contact form */
	/* contact_shown: the answer to the POST, which was recorded in the
	 * audit log; contact then is what was found, or NULL. */
	bool contact_shown;
	const struct contact_row *contact;
	/* residents' grades of the signal when it is in no kwestie
	 * (views/grade.h), newest first, with their comments */
	const struct grade_row *grades;
	size_t ngrades;
	/* its photos, each with the choice to show it (views/photo.h) */
	const struct photo_row *photos;
	size_t nphotos;
};

void view_werk(struct html *out, const struct page *p,
	       const struct werk_page *w);
void view_werk_meldingen(struct html *out, const struct page *p,
			 const struct werk_list_page *l);
void view_werk_melding(struct html *out, const struct page *p,
		       const struct werk_signal_page *s);

#endif
