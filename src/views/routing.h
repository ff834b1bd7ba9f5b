/* routing: the beheerder's page of routing rules, /beheer/routering
 * (web/routing.c): the rules in plain Dutch, a form to add one, a delete
 * button for each (none for the last rule that covers everything), and
 * the dry run on the same page ("who would get a report of this category
 * here, and why").  Every text is already translated by the handler;
 * values from outside are escaped here like everything else. */
#ifndef WA_VIEWS_ROUTING_H
#define WA_VIEWS_ROUTING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "views/views.h"

/* One rule as people read it. */
struct routing_rule_view {
	int64_t id;
	const char *category, *area, *target; /* phrases */
	const char *note;		      /* "" when none */
	bool deletable;
};

/* One organisation of the dry run and why it gets the report (one
 * reason per rule that brings it). */
struct routing_hit_view {
	const char *name, *kind;
	const char *const *reasons;
	size_t nreasons;
};

/* The add form (field names category, area, organisation, note) and the
 * dry-run form (a GET to the page: dry_category, buurt). */
struct routing_page {
	const char *csrf;
	const char *notice; /* a confirmation after a change, or NULL */
	const struct routing_rule_view *rules;
	size_t nrules;
	const struct field_error *errors; /* of the add form, or a delete */
	size_t nerrors;
	const char *category, *area, *organisation, *note; /* as sent */
	const struct choice *categories; /* value: code; group: main name */
	size_t ncategories;
	const struct choice *organisations; /* value: id */
	size_t norganisations;
	/* the dry run */
	const struct choice *buurten; /* value: code; group: stadsdeel */
	size_t nbuurten;
	const char *dry_category, *dry_buurt;
	const struct field_error *dry_errors;
	size_t ndry_errors;
	bool dry_ran;		  /* the answer below is shown */
	const char *dry_question; /* "Een melding van X in buurt Y" */
	const struct routing_hit_view *hits;
	size_t nhits;
};

void view_routing(struct html *out, const struct page *p,
		  const struct routing_page *v);

#endif
