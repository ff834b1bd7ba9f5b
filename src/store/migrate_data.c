/* migrate_data: see migrate_data.h.
 *
 * This is the one place that talks to sqlite3 and libpq directly rather
 * than through db.h: the statements are made per table at run time, and
 * db_prepare caches statements by the address of constant SQL. */
#include "migrate_data.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/db.h"
#include "store/socialmap.h"
#include "store/store.h"

#define MAX_TABLES 128

static const char usage[] =
	"usage: wijkagenda migrate-data --from sqlite:PATH --to postgres://...\n"
	"  Copies every table of an up-to-date SQLite file into an empty\n"
	"  PostgreSQL database (migrated first), checking row counts.\n";

struct table {
	char *name;
	bool done;
};

static int fail(const char *what, const char *detail)
{
	fprintf(stderr, "migrate-data: %s%s%s\n", what, detail ? ": " : "",
		detail ? detail : "");
	return 1;
}

/* One value of a PostgreSQL query (a single row, single column). */
static char *pg_value(PGconn *pg, const char *sql, const char **params,
		      int n)
{
	PGresult *r = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
	char *v = NULL;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
	    !PQgetisnull(r, 0, 0))
		v = strdup(PQgetvalue(r, 0, 0));
	else if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fprintf(stderr, "migrate-data: %s", PQerrorMessage(pg));
	PQclear(r);
	return v;
}

static bool pg_ok(PGconn *pg, const char *sql)
{
	PGresult *r = PQexec(pg, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
		  PQresultStatus(r) == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "migrate-data: %s: %s", sql, PQerrorMessage(pg));
	PQclear(r);
	return ok;
}

static char *quote_ident(PGconn *pg, const char *s)
{
	char *q = PQescapeIdentifier(pg, s, strlen(s));
	char *out = q ? strdup(q) : NULL;

	PQfreemem(q);
	return out;
}

/* The target's tables (public schema) in foreign-key order, parents
 * first; schema_migrations and routing_version left out: the target's
 * migrations made both, and the counter (migration 024) is the target's
 * own, moved by its triggers as the copy fills the routing tables.
 * Returns the count or -1. */
static int table_order(PGconn *pg, struct table *t, int max)
{
	PGresult *r = PQexec(pg,
		"SELECT table_name FROM information_schema.tables"
		" WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
		" AND table_name NOT IN ('schema_migrations', 'routing_version')"
		" ORDER BY table_name");
	PGresult *fk;
	struct table *order;
	int n, placed = 0;

	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) > max) {
		PQclear(r);
		return -1;
	}
	n = PQntuples(r);
	for (int i = 0; i < n; i++)
		t[i] = (struct table){strdup(PQgetvalue(r, i, 0)), false};
	PQclear(r);
	fk = PQexec(pg,
		"SELECT c.conrelid::regclass::text, c.confrelid::regclass::text"
		" FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace"
		" WHERE c.contype = 'f' AND s.nspname = 'public'");
	if (PQresultStatus(fk) != PGRES_TUPLES_OK) {
		PQclear(fk);
		return -1;
	}
	order = calloc((size_t)n, sizeof(*order));
	while (placed < n) {
		int before = placed;

		for (int i = 0; i < n; i++) {
			bool ready = !t[i].done;

			/* Ready when every table it refers to (itself aside)
			 * is placed. */
			for (int k = 0; ready && k < PQntuples(fk); k++) {
				if (strcmp(PQgetvalue(fk, k, 0), t[i].name) != 0 ||
				    strcmp(PQgetvalue(fk, k, 1), t[i].name) == 0)
					continue;
				for (int j = 0; j < n; j++)
					if (!t[j].done &&
					    strcmp(t[j].name, PQgetvalue(fk, k, 1)) == 0)
						ready = false;
			}
			if (ready)
				order[placed++] = t[i];
		}
		for (int i = before; i < placed; i++)
			for (int j = 0; j < n; j++)
				if (strcmp(t[j].name, order[i].name) == 0)
					t[j].done = true;
		if (placed == before) { /* a cycle: cannot happen in our schema */
			PQclear(fk);
			free(order);
			return -1;
		}
	}
	PQclear(fk);
	for (int i = 0; i < n; i++)
		t[i] = (struct table){order[i].name, false};
	free(order);
	return n;
}

/* Rows of table in the source; -1 when it has no such table.  The name
 * comes from the target's catalogue; quoted as an identifier. */
static int64_t sqlite_count(sqlite3 *src, const char *table)
{
	struct buf b;
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	buf_init(&b, 1 << 12);
	buf_adds(&b, "SELECT COUNT(*) FROM \"");
	for (const char *p = table; *p; p++) {
		if (*p == '"')
			buf_addc(&b, '"');
		buf_addc(&b, *p);
	}
	buf_addc(&b, '"');
	if (sqlite3_prepare_v2(src, buf_str(&b), -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	buf_release(&b);
	return n;
}

static bool sqlite_has_column(sqlite3 *src, const char *table, const char *col)
{
	sqlite3_stmt *st = NULL;
	bool has = false;

	if (sqlite3_prepare_v2(src, "SELECT 1 FROM pragma_table_info(?1)"
			       " WHERE name = ?2", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
		has = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return has;
}

/* A value in COPY's text format. */
static void copy_value(struct buf *b, sqlite3_stmt *st, int c)
{
	char num[64];

	switch (sqlite3_column_type(st, c)) {
	case SQLITE_NULL:
		buf_adds(b, "\\N");
		return;
	case SQLITE_INTEGER:
		snprintf(num, sizeof(num), "%lld",
			 (long long)sqlite3_column_int64(st, c));
		buf_adds(b, num);
		return;
	case SQLITE_FLOAT:
		snprintf(num, sizeof(num), "%.17g", sqlite3_column_double(st, c));
		buf_adds(b, num);
		return;
	case SQLITE_BLOB: {
		const unsigned char *p = sqlite3_column_blob(st, c);
		int n = sqlite3_column_bytes(st, c);

		buf_adds(b, "\\\\x");
		for (int i = 0; i < n; i++) {
			snprintf(num, sizeof(num), "%02x", p[i]);
			buf_adds(b, num);
		}
		return;
	}
	default: {
		const unsigned char *s = sqlite3_column_text(st, c);

		for (; s && *s; s++) {
			switch (*s) {
			case '\\': buf_adds(b, "\\\\"); break;
			case '\t': buf_adds(b, "\\t"); break;
			case '\n': buf_adds(b, "\\n"); break;
			case '\r': buf_adds(b, "\\r"); break;
			default: buf_addc(b, (char)*s);
			}
		}
	}
	}
}

/* Copy one table; its columns are the target's that the source has too. */
static int copy_table(sqlite3 *src, PGconn *pg, const char *table,
		      int64_t *rows)
{
	const char *params[1] = {table};
	PGresult *cols = PQexecParams(pg,
		"SELECT column_name FROM information_schema.columns"
		" WHERE table_schema = 'public' AND table_name = $1"
		" ORDER BY ordinal_position", 1, NULL, params, NULL, NULL, 0);
	struct buf sel, cp, row;
	sqlite3_stmt *st = NULL;
	int ncol = 0, rc = 0, step;
	PGresult *r;

	if (PQresultStatus(cols) != PGRES_TUPLES_OK) {
		PQclear(cols);
		return fail("columns of", table);
	}
	buf_init(&sel, 1 << 16);
	buf_init(&cp, 1 << 16);
	buf_init(&row, (size_t)1 << 30); /* a row: areas hold geometry */
	buf_adds(&sel, "SELECT ");
	for (int i = 0; i < PQntuples(cols); i++) {
		const char *c = PQgetvalue(cols, i, 0);
		char *q;

		if (!sqlite_has_column(src, table, c))
			continue; /* PostgreSQL only, e.g. services.search */
		q = quote_ident(pg, c);
		buf_adds(&sel, ncol ? ", " : "");
		buf_adds(&sel, q);
		buf_adds(&cp, ncol ? ", " : "");
		buf_adds(&cp, q);
		free(q);
		ncol++;
	}
	PQclear(cols);
	{
		char *qt = quote_ident(pg, table);

		buf_adds(&sel, " FROM ");
		buf_adds(&sel, qt);
		buf_adds(&sel, " ORDER BY rowid");
		buf_reset(&row);
		buf_adds(&row, "COPY ");
		buf_adds(&row, qt);
		buf_adds(&row, " (");
		buf_adds(&row, buf_str(&cp));
		buf_adds(&row, ") FROM STDIN");
		free(qt);
	}
	*rows = 0;
	if (ncol == 0 ||
	    sqlite3_prepare_v2(src, buf_str(&sel), -1, &st, NULL) != SQLITE_OK) {
		rc = fail(sqlite3_errmsg(src), table);
		goto out;
	}
	r = PQexec(pg, buf_str(&row));
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		PQclear(r);
		rc = fail(PQerrorMessage(pg), table);
		goto out;
	}
	PQclear(r);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		buf_reset(&row);
		for (int c = 0; c < ncol; c++) {
			if (c)
				buf_addc(&row, '\t');
			copy_value(&row, st, c);
		}
		buf_addc(&row, '\n');
		if (row.overflow) {
			rc = fail("row too large", table);
			break;
		}
		if (PQputCopyData(pg, buf_str(&row), (int)row.len) != 1) {
			rc = fail(PQerrorMessage(pg), table);
			break;
		}
		(*rows)++;
	}
	if (step != SQLITE_DONE && rc == 0)
		rc = fail(sqlite3_errmsg(src), table);
	PQputCopyEnd(pg, rc ? "source failed" : NULL);
	r = PQgetResult(pg);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0)
		rc = fail(PQerrorMessage(pg), table);
	PQclear(r);
	while ((r = PQgetResult(pg)))
		PQclear(r);
out:
	sqlite3_finalize(st);
	buf_release(&sel);
	buf_release(&cp);
	buf_release(&row);
	return rc;
}

/* Identity columns of table: their sequence past the highest id. */
static bool set_sequences(PGconn *pg, const char *table)
{
	const char *params[1] = {table};
	PGresult *r = PQexecParams(pg,
		"SELECT column_name FROM information_schema.columns"
		" WHERE table_schema = 'public' AND table_name = $1"
		" AND is_identity = 'YES'", 1, NULL, params, NULL, NULL, 0);
	bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;

	for (int i = 0; ok && i < PQntuples(r); i++) {
		char *qc = quote_ident(pg, PQgetvalue(r, i, 0));
		char *qt = quote_ident(pg, table);
		char *lit = PQescapeLiteral(pg, table, strlen(table));
		char *clit = PQescapeLiteral(pg, PQgetvalue(r, i, 0),
					     strlen(PQgetvalue(r, i, 0)));
		struct buf b;

		buf_init(&b, 1 << 12);
		buf_adds(&b, "SELECT setval(pg_get_serial_sequence(");
		buf_adds(&b, lit);
		buf_adds(&b, ", ");
		buf_adds(&b, clit);
		buf_adds(&b, "), GREATEST(COALESCE(MAX(");
		buf_adds(&b, qc);
		buf_adds(&b, "), 0), 1), MAX(");
		buf_adds(&b, qc);
		buf_adds(&b, ") IS NOT NULL) FROM ");
		buf_adds(&b, qt);
		ok = pg_ok(pg, buf_str(&b));
		buf_release(&b);
		PQfreemem(lit);
		PQfreemem(clit);
		free(qc);
		free(qt);
	}
	PQclear(r);
	return ok;
}

/* Rebuild services.search through the store (service.c), so its text
 * is written once. */
static int reindex(const char *url)
{
	static const char sql_ids[] = "SELECT id FROM services ORDER BY id";
	struct db *db;
	struct arena ar;
	struct db_rows ids;
	char msg[256] = "";
	enum err e;

	if (db_open(url, &db, msg, sizeof(msg)) != ERR_OK)
		return fail("reopen target", msg);
	arena_init(&ar);
	e = db_list(db, db_prepare(db, sql_ids), &ar, sizeof(int64_t),
		    db_read_int, &ids);
	if (e == ERR_OK && (e = db_begin_write(db)) == ERR_OK) {
		for (size_t i = 0; e == ERR_OK && i < ids.n; i++)
			e = store_service_reindex(db, ((int64_t *)ids.v)[i]);
		if (e == ERR_OK)
			e = db_commit(db);
		else
			db_rollback(db);
	}
	arena_clear(&ar);
	db_close(db);
	if (e != ERR_OK)
		return fail("rebuilding services.search", err_name(e));
	printf("%-24s %8zu rows reindexed\n", "services.search", ids.n);
	return 0;
}

static int run(const char *path, const char *url)
{
	struct table t[MAX_TABLES];
	sqlite3 *src = NULL;
	PGconn *pg = NULL;
	struct db *db;
	char msg[512] = "", *v;
	int n, rc = 1, latest = store_latest_version();
	int64_t total = 0;

	/* Checked before anything is opened: db_open would create an SQLite
	 * file at any other path. */
	if (strncmp(url, "postgres://", 11) != 0 &&
	    strncmp(url, "postgresql://", 13) != 0)
		return fail("--to must be a postgres:// URL", url);
	/* The source, read-only and up to date. */
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = fail(sqlite3_errmsg(src), path);
		goto out;
	}
	{
		sqlite3_stmt *st = NULL;
		int version = -1;

		/* A file that is no database, or no wijkagenda database, is
		 * named as such: "run migrate" would not help there. */
		if (sqlite3_prepare_v2(src, "SELECT MAX(version) FROM"
				       " schema_migrations", -1, &st, NULL) !=
		    SQLITE_OK) {
			rc = fail(sqlite3_errmsg(src), path);
			sqlite3_finalize(st);
			goto out;
		}
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (version != latest) {
			fprintf(stderr, "migrate-data: %s is at schema version %d,"
				" this binary at %d: run \"wijkagenda migrate"
				" --db %s\" first\n", path, version, latest, path);
			goto out;
		}
	}
	/* The target: migrated by the store, then checked to be empty. */
	if (db_open(url, &db, msg, sizeof(msg)) != ERR_OK) {
		rc = fail("target", msg);
		goto out;
	}
	if (db_dialect(db) != DB_POSTGRES) {
		db_close(db);
		rc = fail("--to must be a postgres:// URL", NULL);
		goto out;
	}
	if (store_migrate(db, msg, sizeof(msg)) != ERR_OK) {
		db_close(db);
		rc = fail("migrating the target", msg);
		goto out;
	}
	db_close(db);
	pg = PQconnectdb(url);
	if (PQstatus(pg) != CONNECTION_OK) {
		rc = fail("target", PQerrorMessage(pg));
		goto out;
	}
	PQsetNoticeProcessor(pg, NULL, NULL);
	if ((n = table_order(pg, t, MAX_TABLES)) < 0) {
		rc = fail("listing the target's tables", PQerrorMessage(pg));
		goto out;
	}
	for (int i = 0; i < n; i++) {
		char *qt = quote_ident(pg, t[i].name);
		struct buf b;

		buf_init(&b, 1 << 12);
		buf_adds(&b, "SELECT EXISTS (SELECT 1 FROM ");
		buf_adds(&b, qt);
		buf_adds(&b, ")");
		v = pg_value(pg, buf_str(&b), NULL, 0);
		buf_release(&b);
		free(qt);
		if (!v || strcmp(v, "f") != 0) {
			fprintf(stderr, "migrate-data: the target is not empty"
				" (table %s has rows); nothing copied\n",
				t[i].name);
			free(v);
			goto out;
		}
		free(v);
	}
	/* One transaction: all or nothing. */
	if (!pg_ok(pg, "BEGIN"))
		goto out;
	for (int i = 0; i < n; i++) {
		int64_t copied, want = sqlite_count(src, t[i].name), got = -1;
		char *qt = quote_ident(pg, t[i].name);
		struct buf b;

		if (want < 0) {
			fprintf(stderr, "migrate-data: the source lacks table %s\n",
				t[i].name);
			free(qt);
			goto abort;
		}
		if (copy_table(src, pg, t[i].name, &copied) != 0) {
			free(qt);
			goto abort;
		}
		buf_init(&b, 1 << 12);
		buf_adds(&b, "SELECT COUNT(*) FROM ");
		buf_adds(&b, qt);
		v = pg_value(pg, buf_str(&b), NULL, 0);
		buf_release(&b);
		free(qt);
		if (v)
			got = strtoll(v, NULL, 10);
		free(v);
		printf("%-24s %8lld rows (source %lld)\n", t[i].name,
		       (long long)got, (long long)want);
		if (got != want || copied != want) {
			fprintf(stderr, "migrate-data: row counts of %s differ:"
				" source %lld, copied %lld, target %lld\n",
				t[i].name, (long long)want, (long long)copied,
				(long long)got);
			goto abort;
		}
		if (!set_sequences(pg, t[i].name))
			goto abort;
		total += got;
	}
	if (!pg_ok(pg, "COMMIT"))
		goto out;
	PQfinish(pg);
	pg = NULL;
	if ((rc = reindex(url)) == 0)
		printf("copied %lld rows in %d tables\n", (long long)total, n);
	goto out;
abort:
	pg_ok(pg, "ROLLBACK");
	fprintf(stderr, "migrate-data: rolled back; the target is unchanged\n");
out:
	if (pg)
		PQfinish(pg);
	sqlite3_close(src);
	return rc;
}

int cmd_migrate_data(int argc, char **argv)
{
	const char *from = NULL, *to = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		if (i + 1 < argc && strcmp(argv[i], "--from") == 0)
			from = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--to") == 0)
			to = argv[++i];
		else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (!from || !to || strncmp(from, "sqlite:", 7) != 0 || !from[7]) {
		fputs(usage, stderr);
		return 2;
	}
	return run(from + 7, to);
}
