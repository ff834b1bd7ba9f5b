/* hsds_orgs: what the Open Referral HSDS side (src/hsds, /hsds) reads and
 * writes beyond store/accounts.h and store/socialmap.h:
 *
 *  - the HSDS columns of organisations (migration 003: uuid, description,
 *    website, email, confirmed_at, hsds_extra); name, kind, KvK and areas
 *    stay with store_org_* (store/organisation.c), one row for both sides;
 *  - the paged listings of the /hsds API (services with filters and Dutch
 *    full-text search, organisations, taxonomies, terms), each with its
 *    total count;
 *  - small reads the export needs (a term or taxonomy by id, the terms of
 *    a service).
 *
 * Like the rest of store/, nothing here begins a transaction.  The search
 * statements use SQLite's FTS5 table services_fts (sqlite-only; marked). */
#ifndef WA_STORE_HSDS_ORGS_H
#define WA_STORE_HSDS_ORGS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"
#include "store/socialmap.h"

/* An organisation with its HSDS columns (arena strings). */
struct hsds_org_row {
	int64_t id;
	char *municipality, *uuid; /* uuid NULL: never exchanged yet */
	char *name, *kind, *kvk, *description, *website, *email, *confirmed_at,
		*hsds_extra, *created_at, *updated_at;
	bool is_demo;
};

enum err store_hsds_org_get(struct db *db, struct arena *ar, int64_t id,
			    struct hsds_org_row *out);
/* By stored uuid within a municipality; ERR_NOT_FOUND otherwise. */
enum err store_hsds_org_by_uuid(struct db *db, struct arena *ar,
				const char *municipality, const char *uuid,
				struct hsds_org_row *out);
enum err store_hsds_org_by_name(struct db *db, struct arena *ar,
				const char *municipality, const char *name,
				struct hsds_org_row *out);
/* Write uuid, description, website, email, confirmed_at and hsds_extra of
 * organisation o->id (description NULL: '', hsds_extra NULL: {}).
 * ERR_CONFLICT when the uuid belongs to another organisation. */
enum err store_hsds_org_put(struct db *db, const struct hsds_org_row *o);
/* Ids of the municipality's organisations without a uuid (their HSDS id
 * is derived from the row id; see hsds_org_uuid). */
enum err store_hsds_orgs_without_uuid(struct db *db, struct arena *ar,
				      const char *municipality, int64_t **ids,
				      size_t *n);
/* Organisations by name; name_like NULL or a LIKE pattern on lower(name)
 * with '\' as escape.  limit <= 0: all. */
enum err store_hsds_org_list(struct db *db, struct arena *ar,
			     const char *municipality, const char *name_like,
			     int64_t offset, int64_t limit,
			     struct hsds_org_row **out, size_t *n,
			     int64_t *total);

/* Services of the /hsds API.  Filters are ANDed; 0 / NULL is "any". */
struct hsds_service_filter {
	const char *municipality;
	const char *fts_match;	/* an FTS5 query made by the caller from
				 * quoted words only: ranked by relevance */
	int64_t term_id, taxonomy_id, organisation_id;
	const char *modified_after; /* normalised like store_now() */
	int64_t offset, limit;	    /* limit <= 0: all */
};
/* Rows without areas and terms; ordered by name (or relevance). */
enum err store_hsds_service_list(struct db *db, struct arena *ar,
				 const struct hsds_service_filter *f,
				 struct service_row **out, size_t *n,
				 int64_t *total);
/* Area codes of a service (sorted). */
enum err store_hsds_service_areas(struct db *db, struct arena *ar,
				  int64_t service_id, char ***codes, size_t *n);
/* The service's terms, with taxonomy names. */
enum err store_hsds_service_terms(struct db *db, struct arena *ar,
				  int64_t service_id, struct term_row **out,
				  size_t *n);
/* Rebuild the search rows of an organisation's services (its name is in
 * them): call after renaming the organisation. */
enum err store_hsds_reindex_org(struct db *db, int64_t org_id);

enum err store_hsds_taxonomy_get(struct db *db, struct arena *ar, int64_t id,
				 struct taxonomy_row *out);
enum err store_hsds_taxonomy_list(struct db *db, struct arena *ar,
				  const char *name_like, int64_t offset,
				  int64_t limit, struct taxonomy_row **out,
				  size_t *n, int64_t *total);
enum err store_hsds_term_get(struct db *db, struct arena *ar, int64_t id,
			     struct term_row *out);

struct hsds_term_filter {
	int64_t taxonomy_id;	 /* 0: any */
	const char *parent_uuid; /* NULL: any */
	bool top_only;		 /* terms without a parent */
	const char *name_like;	 /* as for organisations */
	int64_t offset, limit;
};
enum err store_hsds_term_list(struct db *db, struct arena *ar,
			      const struct hsds_term_filter *f,
			      struct term_row **out, size_t *n,
			      int64_t *total);

/* The columns store_service_read expects: services s joined with
 * organisations o. */
#define STORE_SERVICE_COLS                                                   \
	"s.id, s.organisation_id, s.municipality, s.uuid, s.name,"           \
	" s.alternate_name, s.description, s.url, s.email, s.status,"        \
	" s.eligibility_description, s.application_process,"                 \
	" s.fees_description, s.cost, s.languages, s.opening_hours, s.phone," \
	" s.address, s.postal_code, s.city, s.latitude, s.longitude,"        \
	" s.norm_days, s.norm_text, s.confirmed_at, s.reminded_at,"          \
	" s.hsds_extra, s.is_demo, s.created_at, s.updated_at, o.name"

/* Row readers shared by the store files of the social map (db_read_fn:
 * row is a struct service_row, taxonomy_row or term_row). */
void store_service_read(struct arena *ar, struct db_stmt *st, void *row);
void store_taxonomy_read(struct arena *ar, struct db_stmt *st, void *row);
void store_term_read(struct arena *ar, struct db_stmt *st, void *row);

#endif
