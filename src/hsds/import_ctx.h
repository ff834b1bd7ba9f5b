/* import_ctx: what the three files of the importer share (import.c:
 * parsing and collecting, import_check.c: checks against the document and
 * the database, import_write.c: writing).  Private to src/hsds. */
#ifndef WA_HSDS_IMPORT_CTX_H
#define WA_HSDS_IMPORT_CTX_H
#include "hsds/internal.h"

enum rkind { R_ORG, R_SERVICE, R_TAXONOMY, R_TERM, R_KINDS };

struct rec {
	json_t *obj;	  /* in the document; merged repeats add keys */
	const char *path; /* where it was first seen */
	const char *id;
	struct rec *org;  /* service: the organization it nests in or holds */
	int64_t db_id;	  /* existing row (0: new), then the written one */
	bool builtin;	  /* one of our taxonomies or terms: not written */
	struct rec *tax;  /* term: its taxonomy in the document */
	int64_t tax_db;	  /* term: its taxonomy's row */
	/* organization */
	char *kind, *kvk, *old_name;
	bool areas_given; /* x_wijkagenda.areas, even [] */
	/* service */
	struct service_row row;
};

struct recs {
	struct rec **v;
	size_t n, cap;
	json_t *index; /* id -> position */
};

struct imp {
	struct db *db;
	struct arena *ar;
	const struct hsds_import_opts *o;
	struct hsds_report *rep;
	struct recs r[R_KINDS];
	size_t records;
	json_t *areas; /* area code -> true/false, looked up once */
	char now[32];
};

/* A problem at path (the message is a literal or made safe). */
void imp_fail(struct imp *im, const char *path, const char *msg);
const char *imp_key_path(struct imp *im, const char *path, const char *k);
/* The record of this kind with this id in the document, or NULL. */
struct rec *imp_find_rec(struct imp *im, enum rkind k, const char *id);
/* Is key in the NULL-terminated list? */
bool imp_modelled(const char *key, const char *const *list);
/* Resolve and check every record (inside the write transaction). */
void imp_check_all(struct imp *im);
/* Write every record and the audit entry. */
enum err imp_write_all(struct imp *im);

#endif
