/* db_sqlite: db.h on SQLite.
 *
 * Connections run in WAL mode with synchronous=FULL: a commit has reached
 * the disk (fsync of the WAL) before we answer 201.  NORMAL would lose the
 * last transactions on power loss, which breaks the promise of a 201, so we
 * do not use it anywhere.  foreign_keys on; busy_timeout 5 s. */
#include "db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "text/fts_dutch.h"

#define DB_STMT_CACHE 256

struct db_stmt {
	struct db *db;
	const char *sql;
	sqlite3_stmt *st;
};

/* Writers of this process take turns on a mutex before BEGIN IMMEDIATE:
 * waiting on a mutex is fair and wakes at once, where SQLite's busy
 * handler sleeps in growing steps and can starve a writer for seconds.
 * Other processes are still kept apart by SQLite's own locks. */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

struct db {
	sqlite3 *h;
	bool writing; /* holds write_lock */
	size_t nstmt;
	struct db_stmt stmts[DB_STMT_CACHE];
};

static const char *const open_pragmas =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=FULL;"
	"PRAGMA foreign_keys=ON;"
	"PRAGMA temp_store=MEMORY;";

static const char *url_path(const char *url)
{
	if (strncmp(url, "sqlite:", 7) == 0)
		return url + 7;
	return url;
}

enum err db_open(const char *url, struct db **out, char *msg, size_t msglen)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int rc;

	rc = sqlite3_open_v2(url_path(url), &db->h,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		snprintf(msg, msglen, "cannot open database %s: %s",
			 url_path(url),
			 db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		sqlite3_close(db->h);
		free(db);
		return ERR_INTERNAL;
	}
	sqlite3_busy_timeout(db->h, 5000);
	if (fts_dutch_register(db->h) != SQLITE_OK) {
		snprintf(msg, msglen, "cannot register the Dutch FTS5 tokenizer");
		sqlite3_close(db->h);
		free(db);
		return ERR_INTERNAL;
	}
	sqlite3_extended_result_codes(db->h, 1);
	if (db_exec(db, open_pragmas, msg, msglen) != ERR_OK) {
		db_close(db);
		return ERR_INTERNAL;
	}
	*out = db;
	return ERR_OK;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	db_rollback(db);
	for (size_t i = 0; i < db->nstmt; i++)
		sqlite3_finalize(db->stmts[i].st);
	sqlite3_close(db->h);
	free(db);
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	struct db_stmt *s;

	for (size_t i = 0; i < db->nstmt; i++)
		if (db->stmts[i].sql == sql)
			return &db->stmts[i];
	if (db->nstmt == DB_STMT_CACHE)
		fatal("db: statement cache full; raise DB_STMT_CACHE");
	s = &db->stmts[db->nstmt];
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &s->st, NULL) != SQLITE_OK)
		fatal("db: cannot prepare: %s\n%s", sqlite3_errmsg(db->h), sql);
	s->db = db;
	s->sql = sql;
	db->nstmt++;
	return s;
}

/* $n -> SQLite's parameter index (they differ when $2 comes before $1). */
static int param_index(struct db_stmt *s, int n)
{
	char name[16];
	int idx;

	snprintf(name, sizeof(name), "$%d", n);
	idx = sqlite3_bind_parameter_index(s->st, name);
	if (idx == 0)
		fatal("db: no parameter %s in\n%s", name, s->sql);
	return idx;
}

void db_bind_text(struct db_stmt *s, int n, const char *v)
{
	if (!v)
		sqlite3_bind_null(s->st, param_index(s, n));
	else
		sqlite3_bind_text(s->st, param_index(s, n), v, -1,
				  SQLITE_TRANSIENT);
}

void db_bind_int(struct db_stmt *s, int n, int64_t v)
{
	sqlite3_bind_int64(s->st, param_index(s, n), v);
}

void db_bind_double(struct db_stmt *s, int n, double v)
{
	sqlite3_bind_double(s->st, param_index(s, n), v);
}

void db_bind_null(struct db_stmt *s, int n)
{
	sqlite3_bind_null(s->st, param_index(s, n));
}

enum db_step db_step(struct db_stmt *s)
{
	int rc = sqlite3_step(s->st);

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return DB_ERROR;
}

const char *db_col_text(struct db_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s->st, col);
}

int64_t db_col_int(struct db_stmt *s, int col)
{
	return sqlite3_column_int64(s->st, col);
}

double db_col_double(struct db_stmt *s, int col)
{
	return sqlite3_column_double(s->st, col);
}

bool db_col_null(struct db_stmt *s, int col)
{
	return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

void db_done(struct db_stmt *s)
{
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

enum err db_error(struct db *db, struct db_stmt *s)
{
	int rc = sqlite3_extended_errcode(db->h);

	log_event("error", "db_error", "message", sqlite3_errmsg(db->h), NULL);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ERR_BUSY;
	case SQLITE_CONSTRAINT:
		return ERR_CONFLICT;
	default:
		return ERR_INTERNAL;
	}
}

enum err db_exec(struct db *db, const char *sql, char *msg, size_t msglen)
{
	char *e = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &e) == SQLITE_OK)
		return ERR_OK;
	if (msg)
		snprintf(msg, msglen, "%s", e ? e : "unknown error");
	sqlite3_free(e);
	return (sqlite3_errcode(db->h) == SQLITE_BUSY) ? ERR_BUSY : ERR_INTERNAL;
}

static enum err db_simple(struct db *db, const char *sql)
{
	char msg[256];
	enum err e = db_exec(db, sql, msg, sizeof(msg));

	if (e != ERR_OK)
		log_event("error", "db_error", "sql", sql, "message", msg, NULL);
	return e;
}

static void write_unlock(struct db *db)
{
	if (db->writing) {
		db->writing = false;
		pthread_mutex_unlock(&write_lock);
	}
}

enum err db_begin_write(struct db *db)
{
	enum err e;

	pthread_mutex_lock(&write_lock);
	db->writing = true;
	e = db_simple(db, "BEGIN IMMEDIATE"); /* sqlite-only */
	if (e != ERR_OK)
		write_unlock(db);
	return e;
}

enum err db_begin_read(struct db *db)
{
	return db_simple(db, "BEGIN");
}

enum err db_commit(struct db *db)
{
	enum err e = db_simple(db, "COMMIT");

	/* A failed COMMIT leaves the transaction open: the caller rolls
	 * back, which releases the lock. */
	if (e == ERR_OK)
		write_unlock(db);
	return e;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		db_simple(db, "ROLLBACK");
	write_unlock(db);
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}
