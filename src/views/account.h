/* account: the pages of a professional's account: log in, forgotten
 * password, choose a password (after an invitation or a reset), and a
 * plain message page.  Every form carries its CSRF token in a hidden
 * field named "csrf". */
#ifndef WA_VIEWS_ACCOUNT_H
#define WA_VIEWS_ACCOUNT_H
#include "views/views.h"

struct login_form {
	const char *email, *next, *csrf;
	const char *error; /* translated; the same message for every failure */
};

struct password_form {
	const char *token, *csrf, *email;
	const char *welcome; /* e.g. the invitation's organisation, translated */
	const struct field_error *errors;
	size_t nerrors;
};

void view_login(struct html *out, const struct page *p, const struct login_form *f);
void view_reset_request(struct html *out, const struct page *p,
			const char *email, const char *csrf, const char *error);
void view_password(struct html *out, const struct page *p,
		   const struct password_form *f);
/* A heading and a paragraph, and a link on. */
void view_message(struct html *out, const struct page *p, const char *heading,
		  const char *message, const char *link, const char *link_text);
/* <input type="hidden" name="csrf" value="..."> */
void view_csrf(struct html *out, const char *csrf);

#endif
