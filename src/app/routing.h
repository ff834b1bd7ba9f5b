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

/* --- who is responsible, kept for the process ------------------------------
 *
 * Who is responsible for a signal follows from its municipality, category
 * and areas (the key) and from the routing tables, which change rarely
 * and always move store_routing_version in the same transaction
 * (migration 024, whoever writes).  The answer per key is kept here for
 * every thread while that counter stays the same: a cold Open311 list of
 * 1,000 open requests asked the view again for some 800 keys (40% of its
 * time).  The caller reads the counter in the transaction whose snapshot
 * it reads the organisations in, before them, and passes it to both calls:
 * an answer read at a newer counter than the one passed is only ever
 * thrown away later, never served as newer than it is.  The counter
 * names a state of one database's tables: a process serves one database
 * (a database restored from a backup under a running server could meet
 * a counter it has seen with other tables: restart the servers after a
 * restore, docs/deployment.md).  At most ROUTING_MEMO_MAX keys; when full
 * it starts again. */
#define ROUTING_MEMO_MAX 65536
struct promise_org;
struct signal_row;
/* The key of s: its municipality, category and four area codes, each
 * ended by 0x1f, in ar. */
const char *routing_memo_key(struct arena *ar, const struct signal_row *s);
/* The organisations of key (at most 3) at version, copied into ar: true
 * when known. */
bool routing_memo_get(int64_t version, const char *key, struct arena *ar,
		      struct promise_org **orgs, size_t *n);
/* Keep orgs[0..n) (n <= 3) for key at version; a version other than the
 * memo's empties it first. */
void routing_memo_put(int64_t version, const char *key,
		      const struct promise_org *orgs, size_t n);
/* How many keys are kept (for the tests). */
size_t routing_memo_size(void);
/* The organisations of signal id (at most STORE_RESPONSIBLE_PER_SIGNAL,
 * into out) among rows[0..n) of store_signals_responsible, which are
 * ordered by signal id. */
struct signal_org;
size_t routing_orgs_of(const struct signal_org *rows, size_t n, int64_t id,
		       struct promise_org *out);

/* Filling the memo ahead.  The first render of each Open311 list after a
 * start read who is responsible for its ~800 keys (3.5-4 ms of 10 at 1M
 * signals, bench/RESULTS.md, eighteenth sitting); the keys of the
 * signals of the last ROUTING_WARM_DAYS (what lists and agendas show)
 * are few (28,000 at 1M in Amsterdam, some 40,000 for every category in
 * every buurt) and read in batches of STORE_RESPONSIBLE_MAX, each in a
 * read transaction with its counter, newest key first, until
 * ROUTING_WARM_MAX keys are kept (the rest of the room is for keys met
 * later).  Nothing is done while the memo is warm at the database's
 * counter: a change of the rules or a memo full and emptied makes it
 * cold again.  *kept: keys read now (0: nothing to do). */
#define ROUTING_WARM_DAYS 90
#define ROUTING_WARM_MAX (ROUTING_MEMO_MAX / 4 * 3)
enum err routing_memo_warm(struct db *db, struct arena *ar, size_t *kept);
/* Empty the memo, as at a start (the tests). */
void routing_memo_clear(void);

#endif
