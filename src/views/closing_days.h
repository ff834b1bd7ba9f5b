/* closing_days: the page of an organisation's closing days
 * (/beheer/organisaties/{org}/sluitingsdagen): the days from today on,
 * each with its reason and a button to remove it, and the form to add
 * one (fields day and reason).  Works without JavaScript; every form
 * carries the CSRF token. */
#ifndef WA_VIEWS_CLOSING_DAYS_H
#define WA_VIEWS_CLOSING_DAYS_H
#include <stddef.h>

#include "store/accounts.h"
#include "store/closing_days.h"
#include "views/views.h"

struct closing_days_page {
	const struct org_row *org;
	const struct closing_day_row *days; /* from today, by day */
	size_t ndays;
	const char *csrf;
	const char *notice; /* after a change, or NULL */
	/* the form (re-shown after an error) */
	const char *day, *reason;
	const struct field_error *errors;
	size_t nerrors;
};

void view_beheer_closing_days(struct html *out, const struct page *p,
			      const struct closing_days_page *c);

#endif
