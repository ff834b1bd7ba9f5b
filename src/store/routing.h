/* routing: the storage of routing rules (migration 011) and the dry run
 * over them.  SQL lives here only.  The views signal_routing and
 * signal_responsible of the migration apply the rules to signals; the dry
 * run asks the same of a category and a place that no signal has yet,
 * and tests/http/test_routing.py holds the two to the same answers.
 *
 * Writes marked "in tx" run inside the caller's db_write (app/routing.c),
 * so a rule and its audit row commit together. */
#ifndef WA_STORE_ROUTING_H
#define WA_STORE_ROUTING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

/* One rule.  NULL category or area: any; organisation_id 0: the default
 * rule (org_name and org_kind NULL). */
struct routing_rule_row {
	int64_t id;
	char *municipality, *category_code, *area_code;
	int64_t organisation_id;
	char *org_name, *org_kind;
	int64_t position;
	char *note, *created_at;
};

/* An organisation that a rule brings to a report, and that rule. */
struct routing_hit_row {
	int64_t organisation_id;
	char *org_name, *org_kind;
	int64_t rule_id;
	char *category_code, *area_code; /* the rule's */
	bool is_default;		 /* the rule names no organisation */
	/* With the default rule: the area of the report's chain the
	 * organisation works in (the first by code); else NULL. */
	char *via_area;
};

/* The municipality's rules in their order (position, then id). */
enum err store_routing_list(struct db *db, struct arena *ar,
			    const char *municipality,
			    struct routing_rule_row **out, size_t *n);
/* One rule of the municipality, or ERR_NOT_FOUND. */
enum err store_routing_get(struct db *db, struct arena *ar,
			   const char *municipality, int64_t id,
			   struct routing_rule_row *out);
/* In tx: add a rule after the others.  ERR_CONFLICT: the same rule is
 * there already (or a code or organisation does not exist). */
enum err store_routing_add(struct db *db, const struct routing_rule_row *r,
			   int64_t *id);
/* In tx: delete a rule of the municipality (ERR_NOT_FOUND: none). */
enum err store_routing_delete(struct db *db, const char *municipality,
			      int64_t id);
/* In tx: how many of the municipality's rules take every category
 * everywhere. */
enum err store_routing_covering(struct db *db, const char *municipality,
				size_t *n);
/* Who would get a report of category (NULL: none) in the place whose
 * chain is codes[0..3] (buurt, wijk, gebied, stadsdeel; NULL where the
 * chain has none), and by which rule: one row per organisation and
 * rule, by organisation name. */
enum err store_routing_dry_run(struct db *db, struct arena *ar,
			       const char *municipality, const char *category,
			       const char *const codes[4],
			       struct routing_hit_row **out, size_t *n);
/* The counter that every change of routing_rules, organisations (name,
 * kind, municipality) and organisation_areas moves, in its transaction
 * (migration 024): while it stays the same, who is responsible for a
 * category and areas stays the same. */
enum err store_routing_version(struct db *db, int64_t *n);

/* One signal of each key (municipality, category and the four area codes:
 * who is responsible follows from them alone, app/routing.h) among the
 * signals created since since (store_now's format), the key whose newest
 * signal is newest first, at most limit: id, municipality, category and
 * areas filled, the rest zero.  For filling the routing memo ahead. */
struct signal_row;
enum err store_routing_keys(struct db *db, struct arena *ar, const char *since,
			    size_t limit, struct signal_row **out, size_t *n);

#endif
