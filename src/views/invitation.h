/* invitation: the page where an account answers an invitation into an
 * organisation (web/invitation.c).  Signed in as the invited account, it
 * shows one form with two buttons (name "answer", values "accept" and
 * "decline") and the session's CSRF token; otherwise a link to log in
 * that comes back here.  Opening the page changes nothing. */
#ifndef WA_VIEWS_INVITATION_H
#define WA_VIEWS_INVITATION_H
#include "views/views.h"

struct invitation_view {
	const char *action;   /* the link's path; the form posts here */
	const char *org_name; /* the organisation */
	const char *role;     /* translated: "medewerker" or "coördinator" */
	const char *email;    /* the invited address */
	const char *csrf;     /* the session's token; NULL: not signed in */
	const char *login;    /* log in and come back, when csrf is NULL */
};

void view_invitation(struct html *out, const struct page *p,
		     const struct invitation_view *v);

#endif
