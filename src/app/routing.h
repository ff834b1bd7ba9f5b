/* routing: the use cases of routing rules (app/routing.c): add one,
 * delete one, and the dry run ("who would get a report of this category
 * here, and why").  Only the beheerder changes rules (the router checks
 * AZ_ADMIN; the use cases check again, ERR_FORBIDDEN).  No HTTP: the
 * caller maps enum err to a status and the field errors to its form or
 * JSON. */
#ifndef WA_APP_ROUTING_H
#define WA_APP_ROUTING_H
#include <stddef.h>
#include <stdint.h>

#include "app/actor.h"
#include "base/arena.h"
#include "base/err.h"
#include "domain/fields.h"
#include "domain/routing.h"
#include "store/routing.h"

struct app;
struct db;
struct area_node;

/* Add a rule (in is normalised in place by routing_check).
 * ERR_INVALID: a field is malformed; ERR_UNPROCESSABLE: the category,
 * area or organisation does not exist in the municipality (each named in
 * errs); ERR_CONFLICT: the same rule exists. */
enum err routing_rule_create(const struct app *app, struct db *db,
			     struct arena *ar, const struct actor *who,
			     struct routing_input *in,
			     struct field_errors *errs, int64_t *id);
/* Delete a rule.  ERR_NOT_FOUND: no such rule; ERR_CONFLICT: it is the
 * last rule that takes every category everywhere (errs names "rule"). */
enum err routing_rule_delete(const struct app *app, struct db *db,
			     struct arena *ar, const struct actor *who,
			     int64_t id, struct field_errors *errs);
/* Is this rule the last one that covers everything (so it cannot be
 * deleted)?  For the page, which offers no button for it. */
bool routing_rule_kept(const struct routing_rule_row *r, size_t ncovering);
/* How many of the rules take every category everywhere. */
size_t routing_rules_covering(const struct routing_rule_row *rules, size_t n);

/* The dry run's answer: the place and who would get the report. */
struct routing_dry {
	const char *category;		/* NULL: a report without category */
	const struct area_node *buurt;	/* its parents are the chain */
	struct routing_hit_row *hits;	/* by organisation, then rule */
	size_t nhits;
};

/* Who would get a report of category (NULL or "": none) in buurt, and
 * by which rule.  ERR_INVALID: buurt missing or a code malformed;
 * ERR_UNPROCESSABLE: an unknown buurt or category (named in errs). */
enum err routing_dry_run(const struct app *app, struct db *db,
			 struct arena *ar, const char *category,
			 const char *buurt, struct field_errors *errs,
			 struct routing_dry *out);

#endif
