/* kwestie: the public page of a kwestie (/kwesties/{id}) and one kwestie
 * as an item of a list (the bewonersagenda, a resident's tracking page).
 *
 * Public pages: they show what the kwestie is, where and at which scale
 * level it is tackled and why, who does what (organisations, never a
 * person), how far it is and how it ended, and its history, and never a
 * resident's words or address: a struct kwestie_row carries none, and
 * the page is given no signal.  Closed never silently means solved: a
 * closed kwestie always shows its outcome.  Stored codes become words
 * here (views/describe.h); what to show is the handler's choice. */
#ifndef WA_VIEWS_KWESTIE_H
#define WA_VIEWS_KWESTIE_H
#include <stdbool.h>
#include <stddef.h>

#include "app/kwestie.h"
#include "views/views.h"

/* GET /kwesties/{id}, and the answer to a refused POST of its support
 * form ("Ik heb hier ook last van"), which posts to
 * /kwesties/{id}/steun with the fields email (optional) and csrf. */
struct kwestie_page {
	const struct kwestie_view *v;
	const char *topic;  /* the label of its theme or category, or NULL */
	bool can_support;   /* open: the support form is shown */
	const char *csrf;   /* the form's double-submit token */
	const char *email;  /* as typed, shown again after an error */
	const struct field_error *errors; /* of the field email, translated */
	size_t nerrors;
	const char *problem; /* a refusal not about a field, translated */
	const char *notice;  /* after a support, translated, or NULL */
	const char *feed;    /* the path of its Atom feed, or NULL */
	/* the photos professionals chose to show (views/photo.h) */
	const struct photo_row *photos;
	size_t nphotos;
};

void view_kwestie(struct html *out, const struct page *p,
		  const struct kwestie_page *k);

/* One kwestie in a list, under an h2 of the page: its title (an h3)
 * linking to its page, its area, level, regisseur, status (and outcome
 * when closed) and the residents involved (signals plus supporters). */
void view_kwestie_item(struct html *out, const struct kwestie_row *k);

#endif
