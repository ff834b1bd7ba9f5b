/* migrate: numbered, forward-only migrations built into the binary
 * (sql/migrations/NNN_name.sql, embedded in file-name order).  Each runs in
 * its own transaction together with its row in schema_migrations, so a
 * crash leaves the database either before or after a migration.
 *
 * Where the dialects differ a version has a pair, NNN_name.pg.sql, which
 * PostgreSQL runs instead of NNN_name.sql; SQLite never runs a .pg.sql.
 * The version numbers, and so schema_migrations, are the same on both. */
#include "store.h"
#include "store/accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "base/log.h"

static const char sql_create_table[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	" applied_at TEXT NOT NULL)";
static const char sql_max_version[] =
	"SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char sql_insert_version[] =
	"INSERT INTO schema_migrations (version, name, applied_at)"
	" VALUES ($1, $2, $3)";

static const char prefix[] = "sql/migrations/";

static bool is_pg_pair(const char *name);

/* Version number of an embedded migration file, or -1 if it is not one. */
static int migration_version(const char *name)
{
	const char *base;
	char *end;
	long v;

	if (strncmp(name, prefix, sizeof(prefix) - 1) != 0)
		return -1;
	base = name + sizeof(prefix) - 1;
	v = strtol(base, &end, 10);
	if (end == base || *end != '_' || v <= 0 || v > 99999)
		return -1;
	/* Dialect-specific pairs (*.pg.sql) are looked up by pg_pair(). */
	if (is_pg_pair(base))
		return -1;
	return (int)v;
}

static bool is_pg_pair(const char *name)
{
	return strstr(name, ".pg.sql") != NULL;
}

/* The PostgreSQL pair of version v, or NULL if the plain file serves both. */
static const struct embedded_file *pg_pair(int v)
{
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		const char *base = f->name + sizeof(prefix) - 1;
		char *end;

		if (strncmp(f->name, prefix, sizeof(prefix) - 1) != 0 ||
		    !is_pg_pair(base))
			continue;
		if (strtol(base, &end, 10) == v && end != base && *end == '_')
			return f;
	}
	return NULL;
}

int store_schema_version(struct db *db)
{
	struct db_stmt *st = db_prepare(db, sql_max_version);
	int v = -1;

	if (db_step(st) == DB_ROW)
		v = (int)db_col_int(st, 0);
	db_done(st);
	return v;
}

int store_latest_version(void)
{
	int latest = 0;

	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		int v = migration_version(f->name);

		if (v > latest)
			latest = v;
	}
	return latest;
}

static enum err apply(struct db *db, const struct embedded_file *f, int v,
		      char *msg, size_t msglen)
{
	struct db_stmt *st;
	char now[32];
	enum err e;

	if ((e = db_begin_write(db)) != ERR_OK)
		return e;
	e = db_exec(db, f->data, msg, msglen);
	if (e == ERR_OK) {
		store_now(now, sizeof(now));
		st = db_prepare(db, sql_insert_version);
		db_bind_int(st, 1, v);
		db_bind_text(st, 2, f->name + sizeof(prefix) - 1);
		db_bind_text(st, 3, now);
		if (db_step(st) != DB_DONE)
			e = db_error(db, st);
		db_done(st);
	}
	if (e == ERR_OK)
		e = db_commit(db);
	if (e != ERR_OK) {
		db_rollback(db);
		return e;
	}
	log_event("info", "migrated", "migration", f->name);
	return ERR_OK;
}

/* PostgreSQL: instances that start together on one database would run
 * the same migration twice and seed the same rows twice.  A session-level
 * advisory lock makes them take turns; it is held until the connection
 * that took it closes, so the caller keeps it through seeding.  SQLite
 * serves one instance and needs none. */
#define SETUP_LOCK_KEY "7274253" /* any constant of our own */

static enum err setup_lock(struct db *db, char *msg, size_t msglen)
{
	if (db_dialect(db) != DB_POSTGRES)
		return ERR_OK;
	return db_exec(db, "SELECT pg_advisory_lock(" SETUP_LOCK_KEY ")", msg,
		       msglen);
}

enum err store_migrate(struct db *db, char *msg, size_t msglen)
{
	int current, latest = store_latest_version();
	enum err e;

	if ((e = setup_lock(db, msg, msglen)) != ERR_OK)
		return e;
	e = db_exec(db, sql_create_table, msg, msglen);
	if (e != ERR_OK)
		return e;
	current = store_schema_version(db);
	if (current > latest) {
		snprintf(msg, msglen,
			 "database schema version %d is newer than this "
			 "program knows (%d): upgrade wijkagenda",
			 current, latest);
		return ERR_CONFLICT;
	}
	for (int v = current + 1; v <= latest; v++) {
		const struct embedded_file *found = NULL;

		for (const struct embedded_file *f = embedded_files; f->name; f++)
			if (migration_version(f->name) == v)
				found = f;
		if (!found) {
			snprintf(msg, msglen, "migration %03d is missing", v);
			return ERR_INTERNAL;
		}
		if (db_dialect(db) == DB_POSTGRES && pg_pair(v))
			found = pg_pair(v);
		if ((e = apply(db, found, v, msg, msglen)) != ERR_OK)
			return e;
	}
	/* What SQL cannot compute for the rows a migration found there. */
	if (latest >= 9 && (e = store_org_keys_fill(db)) != ERR_OK)
		snprintf(msg, msglen, "filling organisations.name_key: %s",
			 err_name(e));
	return e;
}

enum err store_open_migrated(const char *url, struct db **out, char *msg,
			     size_t msglen)
{
	char why[512] = "";
	enum err e;

	*out = NULL;
	if ((e = db_open(url, out, msg, msglen)) != ERR_OK) {
		*out = NULL;
		return e;
	}
	if ((e = store_migrate(*out, why, sizeof(why))) != ERR_OK) {
		snprintf(msg, msglen, "migration failed: %s", why);
		db_close(*out);
		*out = NULL;
	}
	return e;
}
