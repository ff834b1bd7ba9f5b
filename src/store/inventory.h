/* inventory: the partner inventory in the database.  Imported lists and
 * their records wait here (staged) until an admin merges them into an
 * organisation; every merge leaves the value of each field per source in
 * organisation_sources, a row in inventory_merges (the report) and an
 * audit entry.  SQL only here.
 *
 * Unlike the other aggregate files, the writes here (import, merge,
 * delete) are whole operations and run their own transaction, audit entry
 * included: all or nothing.
 *
 * The three tables come from migration 004 (sql/migrations/004_inventory*). */
#ifndef WA_STORE_INVENTORY_H
#define WA_STORE_INVENTORY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "inventory/lists.h"
#include "store/db.h"

/* The source of the values an existing organisation had before a merge. */
#define INV_SOURCE_SELF "wijkagenda"

struct inv_actor {
	int64_t account_id, api_key_id; /* 0: none */
	const char *label;		/* e-mail or key prefix */
};

struct inv_list_row {
	int64_t id;
	char *source, *format, *imported_by, *imported_at;
	int64_t records, merged;
};

struct inv_merge_row {
	int64_t id, org_id; /* org_id 0 when the organisation was deleted */
	char *org_name, *actor_label, *merged_at, *detail; /* detail: JSON */
	bool created;
	int64_t records;
};

/* A merge as the caller decided it. */
struct inv_merge {
	const char *municipality;
	int64_t org_id; /* the existing organisation kept, or 0: a new one */
	/* the organisation's values (kvk 8 digits or NULL) */
	const char *name, *kind, *kvk, *website, *email;
	/* the staged records merged (id > 0), and, when org_id is set, the
	 * organisation itself (org_id > 0, source INV_SOURCE_SELF) */
	const struct partner_rec *const *recs;
	size_t nrecs;
	/* the value kept per field, as spelled by the record it came from
	 * (NULL: none); stored under INV_SOURCE_SELF */
	const char *keep[INV_NFIELDS];
	const char *detail; /* JSON object text for the report and the audit */
	const struct inv_actor *who;
};

/* Create the tables when they are missing (every call). */

/* Store a list and its records in one transaction with an audit entry.
 * ERR_CONFLICT: the municipality has a list of that source already. */
enum err store_inventory_import(struct db *db, const char *municipality,
				const struct partner_list *l,
				const struct inv_actor *who, int64_t *list_id);
/* Oldest first. */
enum err store_inventory_lists(struct db *db, struct arena *ar,
			       const char *municipality,
			       struct inv_list_row **out, size_t *n);
/* Delete a list and its records (merged organisations keep their
 * provenance and the report keeps its rows).  ERR_NOT_FOUND. */
enum err store_inventory_list_delete(struct db *db, const char *municipality,
				     int64_t list_id,
				     const struct inv_actor *who);
/* The records not merged yet, by list and line (source and line set). */
enum err store_inventory_pending(struct db *db, struct arena *ar,
				 const char *municipality,
				 struct partner_rec **out, size_t *n);
/* The municipality's organisations as records (org_id set, source
 * INV_SOURCE_SELF): name, kind, KvK, website, e-mail, and the phone,
 * address, postcode and place their latest merge recorded. */
enum err store_inventory_orgs(struct db *db, struct arena *ar,
			      const char *municipality,
			      struct partner_rec **out, size_t *n);
/* Pending records by id, in the order asked.  ERR_NOT_FOUND when one is
 * not the municipality's; ERR_CONFLICT when one was merged already. */
enum err store_inventory_records(struct db *db, struct arena *ar,
				 const char *municipality, const int64_t *ids,
				 size_t n, struct partner_rec *out);
/* One transaction: create or update the organisation, its website and
 * e-mail, a row in organisation_sources for every value of every record,
 * the records marked merged, the report row and the audit entry.
 * ERR_CONFLICT: another organisation has the name (ignoring case), or a
 * record was merged meanwhile; ERR_NOT_FOUND: org_id is not the
 * municipality's. */
enum err store_inventory_merge(struct db *db, struct arena *ar,
			       const struct inv_merge *m, int64_t *org_id,
			       int64_t *merge_id);
/* The report, newest first (at most limit rows). */
enum err store_inventory_merges(struct db *db, struct arena *ar,
				const char *municipality, int limit,
				struct inv_merge_row **out, size_t *n);

/* What organisation_sources holds for an organisation. */
struct org_source_row {
	char *source, *field, *value, *recorded_at;
};
enum err store_org_sources(struct db *db, struct arena *ar, int64_t org_id,
			   struct org_source_row **out, size_t *n);

#endif
