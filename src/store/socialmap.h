/* socialmap: the social map in the database (sql/migrations/003): services
 * of organisations, their areas and taxonomy terms, taxonomies, and the
 * Dutch full-text index.  SQL only here; written for SQLite and PostgreSQL
 * (the FTS statements are the marked SQLite-only part).
 *
 * Write functions never begin their own transaction: callers group a
 * change with its audit entry.  Every write to services keeps services_fts
 * in step (store_service_reindex). */
#ifndef WA_STORE_SOCIALMAP_H
#define WA_STORE_SOCIALMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

struct service_row {
	int64_t id, organisation_id;
	char *municipality, *uuid, *name, *alternate_name, *description, *url,
		*email, *status, *eligibility_description, *application_process,
		*fees_description, *cost, *languages, *opening_hours, *phone,
		*address, *postal_code, *city;
	double latitude, longitude;
	bool has_point;
	int norm_days; /* -1: none */
	char *norm_text, *confirmed_at, *reminded_at, *hsds_extra, *created_at,
		*updated_at;
	bool is_demo;
	char *organisation_name; /* filled by reads */
	char **areas;		 /* area codes (store_service_get) */
	size_t nareas;
	int64_t *terms;		 /* taxonomy term ids (store_service_get) */
	size_t nterms;
};

struct term_row {
	int64_t id, taxonomy_id;
	char *uuid, *code, *name, *description, *parent_uuid, *hsds_extra;
	char *taxonomy_name; /* filled by reads */
};

struct taxonomy_row {
	int64_t id;
	char *uuid, *name, *description, *uri, *version;
};

/* Insert (id 0) or update (by id) a service, its areas and terms, and its
 * search entry.  ERR_CONFLICT on a duplicate uuid or an unknown area. */
enum err store_service_put(struct db *db, struct service_row *s);
enum err store_service_delete(struct db *db, int64_t id);
enum err store_service_get(struct db *db, struct arena *ar, int64_t id,
			   struct service_row *out);
enum err store_service_by_uuid(struct db *db, struct arena *ar,
			       const char *uuid, struct service_row *out);
/* Services of one organisation, by name (no areas/terms). */
enum err store_services_of_org(struct db *db, struct arena *ar, int64_t org_id,
			       struct service_row **out, size_t *n);
/* Mark confirmed now (the owner says "still right"). */
enum err store_service_confirm(struct db *db, int64_t id, const char *now);
/* Rebuild the service's row in services_fts (name, description,
 * eligibility, organisation name, term names). */
enum err store_service_reindex(struct db *db, int64_t id);
/* Drop the index rows of an organisation's services (before deleting the
 * organisation, whose services go with it).  sqlite-only table. */
enum err store_services_unindex_org(struct db *db, int64_t org_id);

enum err store_taxonomy_put(struct db *db, struct taxonomy_row *t);
enum err store_taxonomy_by_uuid(struct db *db, struct arena *ar,
				const char *uuid, struct taxonomy_row *out);
enum err store_taxonomies(struct db *db, struct arena *ar,
			  struct taxonomy_row **out, size_t *n);
enum err store_term_put(struct db *db, struct term_row *t);
enum err store_term_by_uuid(struct db *db, struct arena *ar, const char *uuid,
			    struct term_row *out);
/* Terms of a taxonomy (0: all), by name. */
enum err store_terms(struct db *db, struct arena *ar, int64_t taxonomy_id,
		     struct term_row **out, size_t *n);

#endif
