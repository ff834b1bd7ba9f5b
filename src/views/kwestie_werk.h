/* kwestie_werk: a professional's pages of triage and kwesties (under
 * /werk): the signals of their organisations not yet in a kwestie, with
 * the forms that link, start, decline, re-categorise or close each one
 * (views/triage.c); the kwesties of their organisations, and one kwestie
 * with its signals and the forms that change it, its chain, merge and
 * split it (views/kwestie_werk.c).  The handlers (web/triage.c,
 * web/kwestie_werk.c) read the rows, keep what a person sent after a
 * refusal and name the errors; these pages show what they are given, in
 * plain HTML forms that carry the session's CSRF token. */
#ifndef WA_VIEWS_KWESTIE_WERK_H
#define WA_VIEWS_KWESTIE_WERK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/kwestie.h"
#include "store/grade.h"
#include "store/kwestie.h"
#include "text/readability.h"
#include "views/promise.h"
#include "views/views.h"

/* --- GET /werk/triage ------------------------------------------------- */

/* What a person sent in one of a signal's forms, shown again with the
 * errors after a refusal.  action is the form's last path segment
 * ("koppelen", "kwestie", "niet-voor-ons", "categorie", "afsluiten"). */
struct triage_sent {
	const char *action;
	const char *kwestie, *suggestion;		    /* koppelen */
	const char *title, *description, *area, *level, *level_reason,
		*theme, *regisseur;			    /* kwestie */
	const char *reason;				    /* decline, close */
	const char *category;				    /* categorie */
	const char *outcome;				    /* afsluiten */
	const char *message; /* translated: what went wrong as a whole */
	const struct field_error *errors;
	size_t nerrors;
};

struct triage_item {
	int64_t id;
	struct signal_view signal; /* names, translated */
	const char *buurt_code;
	const char *category_code;
	const struct kwestie_row *suggestions; /* "is het dit?" */
	size_t nsuggestions;
	/* other organisations that said "niet voor ons", with their reason */
	const struct signal_decline_row *declines;
	size_t ndeclines;
	const struct triage_sent *sent; /* NULL: no refusal to show */
};

struct triage_page {
	const char *csrf;
	const char *notice; /* after an action, translated, or NULL */
	const struct triage_item *items; /* oldest first */
	size_t nitems;
	/* the filter as given (values of the form), and the query string
	 * that keeps it for the link to the next page ("" or "&area=..") */
	const char *area, *kind, *category, *filter_query;
	int64_t next_after; /* ?after= of the next page, or 0 */
	const struct choice *categories; /* value: category code */
	size_t ncategories;
	const struct choice *orgs; /* the member's organisations */
	size_t norgs;
};

void view_werk_triage(struct html *out, const struct page *p,
		      const struct triage_page *t);

/* --- GET /werk/kwesties ------------------------------------------------ */

struct kwestie_werk_item {
	const struct kwestie_row *k;
	bool back; /* parked, and its date has come: on the list again */
};

struct kwestie_werk_list {
	const struct kwestie_werk_item *items;
	size_t nitems;
	bool more; /* there are more than the list shows */
};

void view_werk_kwesties(struct html *out, const struct page *p,
			const struct kwestie_werk_list *l);

/* --- GET /werk/kwesties/{id} ------------------------------------------ */

/* The change form's values: the kwestie's own, or what a person sent. */
struct kwestie_change_form {
	const char *title, *description, *status, *outcome, *duplicate_of,
		*forwarded_to, *park_until, *park_reason, *level,
		*level_reason, *urgency;
	const char *message; /* for residents, with the change */
	int64_t version;
	int64_t seen; /* the last history entry the person had seen */
};

/* One row of the chain editor, as shown or sent. */
struct chain_form_row {
	const char *org, *role;
};

struct kwestie_werk_page {
	const struct kwestie_view *v;
	const char *area_name, *category_name, *theme_name;
	const struct signal_row *signals; /* oldest first */
	size_t nsignals;
	const char *csrf;
	const char *notice;

	/* which form the errors belong to: "wijzigen", "keten",
	 * "samenvoegen", "splitsen"; and the message of a refusal */
	const char *form;
	const char *message;
	const struct field_error *errors;
	size_t nerrors;

	struct kwestie_change_form change;
	/* a stale version (409): what the person sent, and what happened
	 * since they read the kwestie */
	bool conflict;
	const struct kwestie_change_form *sent;
	const struct timeline_row *since;
	size_t nsince;

	const struct chain_form_row *chain;
	size_t nchain;
	const struct choice *orgs; /* every organisation of the municipality */
	size_t norgs;

	/* a text refused for plain language (app/plain.h): the form it was
	 * in ("wijzigen", "toezeggen"), the text and its check; the form
	 * then shows the score and asks to confirm */
	const char *plain_form, *plain_text;
	const struct readability *plain;

	/* promises: the form to make one (its errors when form is
	 * "toezeggen") and the forms that close the open ones */
	struct promise_form promise;
	const char *promise_base; /* /werk/kwesties/{id}/toezeggingen */

	/* residents' grades of this kwestie, newest first, with their
	 * comments (views/grade.h) */
	const struct grade_row *grades;
	size_t ngrades;

	const char *into;			      /* merge */
	const char *split_title, *split_description; /* split */
	const int64_t *split_signals;
	size_t nsplit_signals;
};

void view_werk_kwestie(struct html *out, const struct page *p,
		       const struct kwestie_werk_page *w);

/* The label (translated) of a stored value in one of domain/kwestie's
 * tables (kw_statuses, kw_levels ...); the value itself when unknown, ""
 * for NULL. */
const char *kwestie_werk_label(const struct kw_name *t, size_t n,
			       const char *value);
#define KW_LABEL(table, value)                                              \
	kwestie_werk_label((table), sizeof(table) / sizeof((table)[0]), (value))

#endif
