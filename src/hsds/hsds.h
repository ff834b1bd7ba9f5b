/* hsds: the social map as Open Referral HSDS 3.0 JSON, independent of
 * HTTP.  docs/hsds.md has the mapping, the wijkagenda extension and the
 * limits; in short:
 *
 *   import  one JSON document (a service, an organization with services,
 *           an array, an API Page envelope, a "package" object with
 *           arrays organizations/services/taxonomies/taxonomy_terms/
 *           service_at_locations, or the tabular form "name.csv": [rows])
 *           into the store in ONE transaction: all or nothing.  Every
 *           problem is reported with its JSON path ("$.services[3].
 *           organization_id: unknown organization"); malformed JSON with
 *           line and column.
 *   export  services, organizations, taxonomies and taxonomy terms as HSDS
 *           objects: our columns, then every field we keep verbatim in
 *           hsds_extra, then the extension x_wijkagenda.
 *
 * Limits: a document is read whole (no streaming): at most HSDS_MAX_BYTES,
 * HSDS_MAX_VALUES values, HSDS_MAX_DEPTH levels, strings of at most
 * HSDS_MAX_STRING bytes and HSDS_MAX_RECORDS top-level records.  A cheap
 * scan of the text enforces values and depth before it is parsed, so a
 * hostile document costs no more memory than a normal one of its size.
 *
 * Messages of the report are English (HSDS is an English standard and the
 * paths are its field names); callers add a translated summary. */
#ifndef WA_HSDS_H
#define WA_HSDS_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"
#include "store/hsds_orgs.h"
#include "store/socialmap.h"

#define HSDS_VERSION "3.0"
#define HSDS_OPENAPI_URL                                                    \
	"https://raw.githubusercontent.com/openreferral/specification/3.0/" \
	"schema/openapi.json"
#define HSDS_MAX_BYTES ((size_t)32 << 20)
#define HSDS_MAX_VALUES 2000000
#define HSDS_MAX_DEPTH 32
#define HSDS_MAX_STRING 65536
#define HSDS_MAX_NAME 500 /* names of services, organizations, terms */
#define HSDS_MAX_RECORDS 100000
#define HSDS_MAX_ERRORS 100

/* The wijkagenda taxonomies (docs/hsds.md): their ids are fixed. */
#define HSDS_TAX_EXPECT "b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a01"
#define HSDS_TERM_NORM_DAYS "b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a02"
#define HSDS_TERM_NORM_TEXT "b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a03"
#define HSDS_TAX_KIND "b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a10"

/* --- report ---------------------------------------------------------- */
struct hsds_error {
	const char *path;    /* "$.services[3].organization_id" */
	const char *message; /* "unknown organization" */
	int line, column;    /* of malformed JSON; 0 otherwise */
};

struct hsds_counts {
	size_t created, updated;
};

struct hsds_report {
	struct arena *ar; /* holds the error strings */
	struct hsds_counts organizations, services, taxonomies, taxonomy_terms;
	struct hsds_error *errors;
	size_t nerrors, cap;
	bool truncated; /* more than HSDS_MAX_ERRORS problems */
};

void hsds_report_init(struct hsds_report *r, struct arena *ar);
/* Add a problem (copied into the report's arena). */
void hsds_report_add(struct hsds_report *r, const char *path,
		     const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "path: message" lines, for the command line. */
void hsds_report_print(const struct hsds_report *r, FILE *f);
/* The counts as a JSON object {"organizations": {"created", "updated"},
 * ...}; the errors as [{"path", "message"[, "line", "column"]}]. */
json_t *hsds_report_counts_json(const struct hsds_report *r);
json_t *hsds_report_errors_json(const struct hsds_report *r);

/* --- import ---------------------------------------------------------- */
struct hsds_import_opts {
	const char *municipality; /* CBS code of this installation: GM0363 */
	/* NULL: tell each top-level object's kind from its fields; else one
	 * of service, organization, taxonomy, taxonomy_term,
	 * service_at_location for every top-level object (and Page item). */
	const char *kind;
	bool is_demo;
	/* For the audit entry, written in the same transaction. */
	const char *source; /* file name, or "api" */
	const char *actor_label;
	int64_t actor_account_id, actor_api_key_id;
};

/* Parse, check and write one document.  ERR_OK: written, counts in rep.
 * ERR_INVALID: nothing written, problems in rep.  ERR_TOO_LARGE: longer
 * than HSDS_MAX_BYTES.  ERR_BUSY / ERR_INTERNAL from the database. */
enum err hsds_import(struct db *db, struct arena *ar, const char *text,
		     size_t len, const struct hsds_import_opts *o,
		     struct hsds_report *rep);

/* --- export ---------------------------------------------------------- */
struct hsds_export_opts {
	const char *municipality;
	const char *base_url; /* for uri of areas; NULL: none */
};

enum {
	HSDS_FULL = 1,		/* every array (otherwise one-to-one fields,
				 * as in the API's lists) */
	HSDS_WITH_ORG = 2,	/* service: its organization nested */
	HSDS_WITH_SERVICES = 4, /* organization: its services nested */
	HSDS_FULL_SERVICES = 8,	/* ... fully (else their one-to-one fields) */
	HSDS_TERM_REFS = 16	/* attributes name their term by
				 * taxonomy_term_id only (the package lists
				 * the terms once) */
};

/* One service as HSDS JSON (new reference), or NULL with *e set. */
json_t *hsds_service_json(struct db *db, struct arena *ar,
			  const struct hsds_export_opts *o,
			  const struct service_row *s, unsigned flags,
			  enum err *e);
json_t *hsds_org_json(struct db *db, struct arena *ar,
		      const struct hsds_export_opts *opts,
		      const struct hsds_org_row *o, unsigned flags,
		      enum err *e);
json_t *hsds_taxonomy_json(const struct taxonomy_row *t);
/* tax: the term's taxonomy (for taxonomy_id and taxonomy_detail) or NULL. */
json_t *hsds_term_json(const struct term_row *t, const struct taxonomy_row *tax);
/* The term with its taxonomy looked up. */
json_t *hsds_term_json_db(struct db *db, struct arena *ar,
			  const struct term_row *t, enum err *e);

/* Find by HSDS id; ERR_NOT_FOUND when unknown. */
enum err hsds_export_service(struct db *db, struct arena *ar,
			     const struct hsds_export_opts *o, const char *uuid,
			     unsigned flags, json_t **out);
enum err hsds_export_organization(struct db *db, struct arena *ar,
				  const struct hsds_export_opts *o,
				  const char *uuid, unsigned flags,
				  json_t **out);
/* Everything of the municipality: {"version", "profile", "organizations",
 * "services", "taxonomies", "taxonomy_terms"}; services full with
 * organization_id (attributes name terms by id), organizations full
 * without services.  Importing it again gives the same social map. */
enum err hsds_export_package(struct db *db, struct arena *ar,
			     const struct hsds_export_opts *o, json_t **out);

/* The built-in wijkagenda taxonomies and terms (not database rows). */
size_t hsds_builtin_taxonomy_count(void);
json_t *hsds_builtin_taxonomy(size_t i);
size_t hsds_builtin_term_count(void);
json_t *hsds_builtin_term(size_t i);
bool hsds_builtin_id(const char *uuid); /* one of ours? */

/* --- organisations by HSDS id ---------------------------------------- */
/* The organisation's HSDS id: its uuid, or one derived from the
 * municipality and row id while it has none. */
void hsds_org_uuid(const struct hsds_org_row *o, char out[37]);
/* By stored or derived id. */
enum err hsds_org_find(struct db *db, struct arena *ar,
		       const char *municipality, const char *uuid,
		       struct hsds_org_row *out);

/* --- command line (cli.c) ------------------------------------------- */
/* wijkagenda import-hsds FILE [--db URL] [--municipality CODE] [--kind K]
 * [--demo]; wijkagenda export-hsds [--db URL] [--municipality CODE]
 * [--base-url URL].  argv[0] is the command name; returns the exit code
 * (0 done, 1 failed, 2 usage).  seed loads the bundled areas into an
 * empty database (main.c passes seed_base; a layer above this one owns
 * the bundled data); 0 or -1 with a message. */
typedef int (*hsds_seed_fn)(struct db *db, char *err, size_t errlen);
int hsds_cli_import(int argc, char **argv, hsds_seed_fn seed);
int hsds_cli_export(int argc, char **argv, hsds_seed_fn seed);

/* --- helpers (validate.c) -------------------------------------------- */
bool hsds_uuid_valid(const char *s);
/* A stable UUID made from the parts (BLAKE2b; version nibble 5), for the
 * objects the export makes up (a phone from the phone column, ...). */
void hsds_uuid_derive(char out[37], const char *const *parts, size_t n);
/* "2024-05-01", "2024-05-01T10:00:00+02:00", ... as UTC in the store's
 * format (2024-05-01T08:00:00.000Z); 0, or -1 when not a date/date-time. */
int hsds_time_normalise(const char *in, char out[32]);
/* Checks of one object against the HSDS 3.0 schema of its kind
 * ("service", "organization", ..., the schema file names): required
 * fields, types, enums and formats, recursively into known children.
 * JSON nulls are removed (treated as absent).  Returns the number of
 * problems added to rep. */
size_t hsds_validate(const char *kind, json_t *obj, const char *path,
		     struct hsds_report *rep);
/* The tabular form's cells typed as the schema of the row's kind wants
 * (a number where a string is wanted becomes its text, and back). */
void hsds_coerce_row(const char *kind, json_t *row);
/* Depth, value count and string sizes of raw JSON text, before parsing:
 * 0, or -1 with the problem in rep (path "$", line and column). */
int hsds_prescan(const char *text, size_t len, struct hsds_report *rep);
/* "$.a[3]" + key: "$.a[3].key" (bracket form for unusual keys). */
const char *hsds_path_key(struct arena *ar, const char *path, const char *key);
const char *hsds_path_index(struct arena *ar, const char *path, size_t i);

#endif
