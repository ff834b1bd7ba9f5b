/* db_backend: what a database backend implements behind db.h.  Private to
 * db.c and the backends (db_sqlite.c, db_pg.c); nothing else includes it.
 *
 * A backend embeds struct db and struct db_stmt as the first member of its
 * own connection and statement structs and casts back; db.c reaches the
 * backend's table through db->ops (and st->db->ops for statements). */
#ifndef WA_DB_BACKEND_H
#define WA_DB_BACKEND_H
#include "store/db.h"

struct db_ops {
	enum db_dialect dialect;
	enum err (*open)(const char *url, struct db **out, char *msg,
			 size_t msglen);
	void (*close)(struct db *db);
	struct db_stmt *(*prepare)(struct db *db, const char *sql);
	void (*bind_text)(struct db_stmt *st, int n, const char *s);
	void (*bind_int)(struct db_stmt *st, int n, int64_t v);
	void (*bind_double)(struct db_stmt *st, int n, double v);
	void (*bind_null)(struct db_stmt *st, int n);
	enum db_step (*step)(struct db_stmt *st);
	void (*stream)(struct db_stmt *st); /* NULL: rows stream anyway */
	const char *(*col_text)(struct db_stmt *st, int col);
	int64_t (*col_int)(struct db_stmt *st, int col);
	double (*col_double)(struct db_stmt *st, int col);
	bool (*col_null)(struct db_stmt *st, int col);
	void (*done)(struct db_stmt *st);
	enum err (*error)(struct db *db, struct db_stmt *st);
	enum err (*exec)(struct db *db, const char *sql, char *msg,
			 size_t msglen);
	enum err (*begin_write)(struct db *db);
	enum err (*begin_read)(struct db *db);
	enum err (*commit)(struct db *db);
	void (*rollback)(struct db *db);
	int64_t (*changes)(struct db *db);
	bool (*in_transaction)(struct db *db);
	/* Rows written by this connection since it opened (INSERT, UPDATE,
	 * DELETE that matched rows), so a transaction knows whether it
	 * changed anything (db_commit). */
	int64_t (*total_changes)(struct db *db);
	void (*stop_when)(struct db *db, const atomic_int *flag);
	void (*interrupt)(struct db *db); /* from any thread */
	/* Bump the generation for commits that no one in this process made
	 * or reported yet (the first time: bump); NULL where a listener
	 * tells (PostgreSQL, store/generation.c). */
	void (*sync_changes)(struct db *db);
};

/* How a municipality's rows were named in a transaction, from the
 * narrowest: rows on its answers that show reports but on no answer of
 * one category (db_write_scope_counts), reports of one category
 * (db_write_scope_category), reports of any (db_write_scope), any rows
 * of it (db_write_in).  Each kind covers those before it, and
 * DB_SCOPE_CATEGORY only its own category. */
enum db_scope_kind {
	DB_SCOPE_COUNTS,
	DB_SCOPE_CATEGORY,
	DB_SCOPE_REPORTS,
	DB_SCOPE_WHOLE,
};

struct db {
	const struct db_ops *ops;
	/* Inside a write transaction (db_begin_write until commit or
	 * rollback): its commit changes the generation (db.h). */
	bool writing;
	/* total_changes at db_begin_write: a commit that leaves it equal
	 * changed nothing and bumps nothing (a job's run every minute). */
	int64_t changes_at_begin;
	/* db_write_scope: total_changes up to which every change is named,
	 * the municipalities named, and whether anything was not (or could
	 * not be) named. */
	int64_t changes_named;
	size_t nscopes;
	bool scope_all;
	char scopes[DB_SCOPES][DB_SCOPE_MAX];
	/* what of scopes[i] was named (db.c), and with DB_SCOPE_CATEGORY
	 * the category */
	enum db_scope_kind kind[DB_SCOPES];
	char scope_category[DB_SCOPES][DB_CATEGORY_MAX];
	/* Set by db_commit before the backend's commit: writing, and every
	 * change named, so only scopes[0 .. nscopes) see it (db_pg.c's
	 * NOTIFY carries them to the other instances). */
	bool scoped;
};

struct db_stmt {
	struct db *db;
};

/* After a write transaction's COMMIT (db.c; store/generation.c): every
 * answer, one municipality's answers that show reports (a plain code,
 * db_write_scope), or all of one municipality's answers (db_write_in). */
void db_generation_bump(void);
void db_generation_bump_in(const char *municipality);
/* A report of one category (a plain category code, db.c) of one
 * municipality: its answers that show reports but for the answers of
 * another single category (db_generation_category). */
void db_generation_bump_category(const char *municipality, const char *category);
/* Rows on its answers that show reports and on no answer of one
 * category (db_write_scope_counts). */
void db_generation_bump_counts(const char *municipality);
void db_generation_bump_whole(const char *municipality);

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

#endif
