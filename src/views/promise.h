/* promise: the promises of a kwestie or a signal as residents read them
 * (a section of the public kwestie page and the tracking page), and the
 * form with which a professional makes one, with the organisation's
 * record on similar promises and the service norm beside it. */
#ifndef WA_VIEWS_PROMISE_H
#define WA_VIEWS_PROMISE_H
#include <stddef.h>

#include "app/promise.h"
#include "html/html.h"
#include "store/kwestie.h"
#include "text/readability.h"
#include "views/views.h"

/* "Wat er beloofd is": each promise with who, by when, and how it went
 * (late is computed from today, never stored).  expected_by: the date
 * residents may expect something, or NULL. */
void view_promises(struct html *out, const struct promise_row *p, size_t n,
		   const char *today, const char *expected_by);

/* What the promise form shows beside it (views/kwestie_werk.c). */
struct promise_form {
	const char *action;		 /* where it posts */
	const char *csrf;
	const struct kwestie_link_row *chain; /* organisations to choose */
	size_t nchain;
	int64_t own;			 /* the actor's organisation, preselected */
	const struct promise_record *record; /* of own, NULL: none */
	const char *norm;		 /* the service norm in words, NULL */
	/* after a refused POST: the values typed and the errors */
	const char *what, *due, *workdays;
	/* what was refused for plain language: its check, shown with the
	 * confirmation to publish it as it is */
	const struct readability *plain;
	const struct field_error *errors;
	size_t nerrors;
};
void view_promise_form(struct html *out, const struct page *p,
		       const struct promise_form *f);

/* The forms that close or change an open promise. */
void view_promise_close_forms(struct html *out, const char *action_base,
			      const char *csrf, const struct promise_row *p);

#endif
