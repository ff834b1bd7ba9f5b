/* inventory: the use cases of the partner inventory after a merger of
 * districts (docs/inventory.md), for the beheerder: import a list (CSV or
 * HSDS), see the proposal (the clusters of records and organisations that
 * look alike, computed from what is not merged yet), merge a cluster into
 * one organisation field by field, delete a list.  The store keeps each
 * write and its audit entry in one transaction; messages here are in the
 * request's language (a list's errors name a line and column). */
#ifndef WA_APP_INVENTORY_H
#define WA_APP_INVENTORY_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/actor.h"
#include "base/arena.h"
#include "base/err.h"
#include "inventory/dedupe.h"
#include "inventory/lists.h"
#include "store/inventory.h"

struct app;
struct db;

struct import_res {
	const char *message; /* translated, on failure */
	const char *field;   /* "bron" or "inhoud": what the failure is about */
	const char *source;  /* the source name as stored */
	const char *format;  /* "csv" or "hsds" */
	int64_t list_id;
	size_t nrecs;
	json_t *where; /* {"line", "column", "where"} of a list error */
};

/* Read (format 'c' CSV, 'j' HSDS, 0: guess) and store a list.  ERR_OK;
 * ERR_INVALID or ERR_TOO_LARGE with the message (and where); ERR_CONFLICT:
 * a list of this source exists. */
enum err inventory_import(const struct app *app, struct db *db,
			  struct arena *ar, const struct actor *a,
			  const char *source, const char *data, size_t len,
			  int format, struct import_res *r);

/* Delete a list and its records not merged yet (with the audit entry).
 * ERR_NOT_FOUND: no such list (list_id 0 included). */
enum err inventory_list_delete(const struct app *app, struct db *db,
			       const struct actor *a, int64_t list_id);

/* The proposal, from one consistent read. */
struct inv_state {
	struct partner_rec *recs; /* the organisations first, then records */
	size_t n;
	struct dedupe_rec *d;
	struct dedupe_result res;
	struct inv_list_row *lists;
	size_t nlists;
};

enum err inventory_load(const struct app *app, struct db *db, struct arena *ar,
			double threshold, struct inv_state *s);

#define MERGE_MAX 1000 /* records in one merge */

/* A field's choice in a merge request. */
#define CHOOSE_DEFAULT 0
#define CHOOSE_ORG (-1)
#define CHOOSE_EMPTY (-2)

struct merge_req {
	int64_t *ids;
	size_t nids;
	int64_t org_id;
	int64_t choose[INV_NFIELDS]; /* record id, or CHOOSE_* */
};

struct merge_res {
	enum err err;
	const char *message; /* translated, on failure */
	int64_t org_id;
	bool created; /* a new organisation (else org_id was joined) */
};

/* Merge the records ids (and the organisation org_id, if any) into one
 * organisation, each field from the member chosen (or the proposal's).
 * ERR_INVALID, ERR_TOO_LARGE, ERR_NOT_FOUND, ERR_CONFLICT with the
 * message. */
enum err inventory_merge(const struct app *app, struct db *db, struct arena *ar,
			 const struct actor *a, const struct merge_req *mr,
			 struct merge_res *res);

#endif
