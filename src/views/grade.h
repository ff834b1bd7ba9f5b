/* grade: the form a resident gives a rapportcijfer with (the section
 * "Geef een rapportcijfer" of the tracking page /m/{token}, and the page
 * of an invitation link /beoordelen/{token}), and the grades of a
 * kwestie for the professionals.  SPDX-License-Identifier: EUPL-1.2
 *
 * No JavaScript: radio buttons 1-10 and ja/deels/nee, each group a
 * fieldset with its legend, a comment, the CSRF field of the public
 * forms.  The current grade is shown with the moment it stops being
 * changeable.  Texts arrive translated or as rows; all is escaped. */
#ifndef WA_VIEWS_GRADE_H
#define WA_VIEWS_GRADE_H
#include <stdbool.h>
#include <stddef.h>

#include "html/html.h"
#include "store/grade.h"
#include "views/views.h"

struct grade_form {
	const char *action; /* the form's POST path */
	const char *csrf;
	const char *title;  /* the kwestie's title, or NULL (a signal) */
	const char *back_href; /* the invitation page: the kwestie's page */
	bool closed;	    /* can be graded now */
	bool has_grade, changeable;
	const struct grade_row *grade; /* has_grade */
	const char *until;  /* in words: until when it may change */
	/* after a refusal: the values as sent, and the errors */
	const char *v_grade, *v_solved, *v_comment;
	const struct field_error *errors;
	size_t nerrors;
	const char *notice; /* after a grade was given */
};

/* <section id="cijfer">: the grade, the form. */
void view_grade_section(struct html *out, const struct grade_form *f);
/* The whole page of an invitation (or of a refused form). */
void view_grade_page(struct html *out, const struct page *p,
		     const struct grade_form *f);

/* The grades of a kwestie (or a signal) for professionals, newest first,
 * with the comments; nothing when n is 0. */
void view_grades_werk(struct html *out, const struct grade_row *g, size_t n);

/* The organisation's choice whether a resident's "nee" reopens its
 * kwesties and signals: a form of one checkbox posting to
 * org_path + "/cijfers" (the beheer page of the organisation). */
void view_grade_org_form(struct html *out, const char *org_path,
			 const char *csrf, bool reopen_on_nee);

#endif
