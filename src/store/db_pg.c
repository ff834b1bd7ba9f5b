/* db_pg: db.h on PostgreSQL through libpq, the table db_pg_ops that db.c
 * dispatches to for postgres:// and postgresql:// URLs.
 *
 * Statements are prepared on the server (PQprepare, names "s1", "s2" ...)
 * once per connection, cached by the address of the SQL constant as on
 * SQLite, and prepared again after a reconnect.  Parameters travel as
 * text (integers as %lld, doubles as %.17g, which round-trips); the server
 * infers their types from the SQL.  The first db_step runs the statement
 * and keeps its whole result; later steps walk its rows.  That is simple
 * and correct; the store's queries are paged, so results are small.
 *
 * Isolation: db_begin_write is SERIALIZABLE.  Invariants that are checked
 * by reading and then writing ("exactly one regisseur per kwestie", the
 * dedupe window of intake) then hold across server instances just as they
 * do under SQLite's single writer; PostgreSQL aborts one of two
 * conflicting transactions with SQLSTATE 40001 instead, which maps to
 * ERR_BUSY.  Callers retry the whole transaction on ERR_BUSY (a helper
 * store_retry() next to conn.c is the place for that loop, see
 * docs/postgresql.md).  db_begin_read is REPEATABLE READ READ ONLY: one
 * snapshot for the whole read, as a SQLite read transaction gives, and
 * read-only transactions at that level never fail to serialize.
 *
 * Unlike SQLite, a failed statement inside a transaction aborts the whole
 * transaction: after DB_ERROR the caller must roll back (which every
 * store function already does). */
#include "store/db.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "store/db_backend.h"

/* Statements are cached per connection by the address of their SQL
 * constant, so the cache holds at most one entry per constant of the
 * program (some 300 today); it grows as they are first used.  The limit
 * only catches SQL that is not a constant (a bug: lint forbids building
 * SQL, and an address that changes would fill the cache). */
#define PG_STMT_CACHE 4096
#define PG_MAX_PARAMS 64

struct pg_stmt {
	struct db_stmt base; /* first: db_stmt * <-> pg_stmt * */
	const char *sql;
	char name[16];
	bool prepared; /* on the current server connection */
	int nparams;
	char *vals[PG_MAX_PARAMS]; /* owned; NULL = SQL NULL */
	PGresult *res;		   /* of the current execution */
	int row, nrows;		   /* row: -1 before the first step */
	/* db_stream: the next execution's rows one result each (libpq's
	 * single-row mode); streaming while they are being read, ended
	 * once the last has come (a step then says DB_DONE again). */
	bool stream, streaming, ended;
};

struct pg_db {
	struct db base; /* first: db * <-> pg_db * */
	PGconn *conn;
	int64_t changes;
	int64_t total_changes; /* the sum of changes since open */
	char sqlstate[6]; /* of the last failure */
	char errmsg[256];
	size_t nstmt, cap;
	struct pg_stmt **stmts; /* each allocated once: callers hold them */
	/* db_stop_when and db_interrupt: the cancel handle of the current
	 * server connection (PQreset makes a new one), under cancel_mu
	 * because db_interrupt comes from another thread. */
	const atomic_int *stop;
	pthread_mutex_t cancel_mu;
	PGcancel *cancel;
};

static struct pg_db *pdb(struct db *db)
{
	return (struct pg_db *)db;
}

static struct pg_stmt *pst(struct db_stmt *st)
{
	return (struct pg_stmt *)st;
}

/* Notices ("relation already exists, skipping") are not errors. */
static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static enum err pg_open(const char *url, struct db **out, char *msg,
			size_t msglen)
{
	struct pg_db *db = xcalloc(1, sizeof(*db));

	db->base.ops = &db_pg_ops;
	db->conn = PQconnectdb(url);
	if (!db->conn || PQstatus(db->conn) != CONNECTION_OK) {
		snprintf(msg, msglen, "cannot connect to PostgreSQL: %s",
			 db->conn ? PQerrorMessage(db->conn) : "out of memory");
		PQfinish(db->conn);
		free(db);
		return ERR_INTERNAL;
	}
	PQsetNoticeProcessor(db->conn, quiet_notice, NULL);
	pthread_mutex_init(&db->cancel_mu, NULL);
	*out = &db->base;
	return ERR_OK;
}

static void clear_result(struct pg_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->nrows = 0;
	s->ended = false;
}

static void pg_close(struct db *dbp)
{
	struct pg_db *db = pdb(dbp);

	for (size_t i = 0; i < db->nstmt; i++) {
		clear_result(db->stmts[i]);
		for (int n = 0; n < PG_MAX_PARAMS; n++)
			free(db->stmts[i]->vals[n]);
	}
	pthread_mutex_lock(&db->cancel_mu);
	PQfreeCancel(db->cancel);
	db->cancel = NULL;
	pthread_mutex_unlock(&db->cancel_mu);
	pthread_mutex_destroy(&db->cancel_mu);
	PQfinish(db->conn); /* an open transaction is rolled back */
	for (size_t i = 0; i < db->nstmt; i++)
		free(db->stmts[i]);
	free(db->stmts);
	free(db);
}

/* Remember the failure of res (or of the connection) for db_error. */
static void note_failure(struct pg_db *db, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE)
				: NULL;
	const char *m = res ? PQresultErrorMessage(res) : "";

	if (PQstatus(db->conn) == CONNECTION_BAD)
		state = "08006"; /* connection failure */
	snprintf(db->sqlstate, sizeof(db->sqlstate), "%s",
		 state ? state : "XX000");
	if (!*m)
		m = PQerrorMessage(db->conn);
	snprintf(db->errmsg, sizeof(db->errmsg), "%s", m);
}

/* After a lost connection: reconnect once; statements are prepared again
 * on first use.  The request that saw the failure gets ERR_BUSY. */
static bool reconnect_if_lost(struct pg_db *db)
{
	if (PQstatus(db->conn) != CONNECTION_BAD)
		return false;
	log_event("warn", "db_reconnect", "message", PQerrorMessage(db->conn));
	PQreset(db->conn);
	for (size_t i = 0; i < db->nstmt; i++)
		db->stmts[i]->prepared = false;
	if (db->stop) { /* the old handle names the old server process */
		pthread_mutex_lock(&db->cancel_mu);
		PQfreeCancel(db->cancel);
		db->cancel = PQgetCancel(db->conn);
		pthread_mutex_unlock(&db->cancel_mu);
	}
	return true;
}

static void pg_stop_when(struct db *dbp, const atomic_int *flag)
{
	struct pg_db *db = pdb(dbp);

	db->stop = flag;
	pthread_mutex_lock(&db->cancel_mu);
	PQfreeCancel(db->cancel);
	db->cancel = flag ? PQgetCancel(db->conn) : NULL;
	pthread_mutex_unlock(&db->cancel_mu);
}

static void pg_interrupt(struct db *dbp)
{
	struct pg_db *db = pdb(dbp);
	char err[256];

	pthread_mutex_lock(&db->cancel_mu);
	if (db->cancel && !PQcancel(db->cancel, err, sizeof(err)))
		log_event("warn", "db_cancel", "message", err);
	pthread_mutex_unlock(&db->cancel_mu);
}

/* Asked to stop (db_stop_when): fail before sending, as PostgreSQL
 * fails a cancelled statement. */
static bool stopping(struct pg_db *db)
{
	if (!db->stop || !atomic_load(db->stop))
		return false;
	snprintf(db->sqlstate, sizeof(db->sqlstate), "57014");
	snprintf(db->errmsg, sizeof(db->errmsg), "stopping");
	return true;
}

/* Class 42 (syntax error or access rule violation) other than missing
 * privileges is a bug in our SQL: abort, as the SQLite backend does. */
static bool is_sql_bug(const char *state)
{
	return strncmp(state, "42", 2) == 0 && strcmp(state, "42501") != 0;
}

static bool server_prepare(struct pg_db *db, struct pg_stmt *s)
{
	PGresult *res = PQprepare(db->conn, s->name, s->sql, 0, NULL);
	bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;

	if (ok) {
		PQclear(res);
		res = PQdescribePrepared(db->conn, s->name);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (ok)
			s->nparams = PQnparams(res);
	}
	if (!ok) {
		note_failure(db, res);
		if (is_sql_bug(db->sqlstate))
			fatal("db: cannot prepare: %s\n%s", db->errmsg, s->sql);
	}
	PQclear(res);
	if (ok && s->nparams > PG_MAX_PARAMS)
		fatal("db: more than %d parameters in\n%s", PG_MAX_PARAMS,
		      s->sql);
	s->prepared = ok;
	return ok;
}

static struct db_stmt *pg_prepare(struct db *dbp, const char *sql)
{
	struct pg_db *db = pdb(dbp);
	struct pg_stmt *s;

	for (size_t i = 0; i < db->nstmt; i++)
		if (db->stmts[i]->sql == sql)
			return &db->stmts[i]->base;
	if (db->nstmt == PG_STMT_CACHE)
		fatal("db: statement cache full: is some SQL not a constant?");
	if (db->nstmt == db->cap) {
		db->cap = db->cap ? 2 * db->cap : 64;
		db->stmts = xrealloc(db->stmts, db->cap * sizeof(*db->stmts));
	}
	s = db->stmts[db->nstmt] = xcalloc(1, sizeof(*s));
	s->base.db = dbp;
	s->sql = sql;
	s->row = -1;
	snprintf(s->name, sizeof(s->name), "s%zu", db->nstmt + 1);
	db->nstmt++;
	/* Inside a failed transaction the server refuses everything; the
	 * statement is then prepared by its first step, after rollback. */
	if (PQtransactionStatus(db->conn) != PQTRANS_INERROR)
		server_prepare(db, s);
	return &s->base;
}

static void set_param(struct db_stmt *st, int n, char *v)
{
	struct pg_stmt *s = pst(st);

	if (n >= 1 && n <= PG_MAX_PARAMS && !(s->prepared && n > s->nparams)) {
		free(s->vals[n - 1]);
		s->vals[n - 1] = v;
		return;
	}
	fatal("db: no parameter $%d in\n%s", n, s->sql);
}

static void pg_bind_text(struct db_stmt *st, int n, const char *v)
{
	set_param(st, n, v ? xstrdup(v) : NULL);
}

static void pg_bind_int(struct db_stmt *st, int n, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	set_param(st, n, xstrdup(buf));
}

static void pg_bind_double(struct db_stmt *st, int n, double v)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%.17g", v);
	set_param(st, n, xstrdup(buf));
}

static void pg_bind_null(struct db_stmt *st, int n)
{
	set_param(st, n, NULL);
}

/* db_changes counts rows written, as sqlite3_changes does: SELECT leaves
 * it alone. */
static void note_changes(struct pg_db *db, const PGresult *res)
{
	const char *cmd = PQcmdStatus((PGresult *)res);

	if (strncmp(cmd, "INSERT", 6) == 0 || strncmp(cmd, "UPDATE", 6) == 0 ||
	    strncmp(cmd, "DELETE", 6) == 0 || strncmp(cmd, "MERGE", 5) == 0) {
		db->changes = strtoll(PQcmdTuples((PGresult *)res), NULL, 10);
		db->total_changes += db->changes;
	}
}

/* s->res holds every row of an execution: its first, or the failure. */
static enum db_step take_result(struct pg_db *db, struct pg_stmt *s)
{
	ExecStatusType status = PQresultStatus(s->res);

	if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
		note_changes(db, s->res);
		s->nrows = PQntuples(s->res);
		s->row = 0;
		return s->nrows > 0 ? DB_ROW : DB_DONE;
	}
	note_failure(db, s->res);
	clear_result(s);
	reconnect_if_lost(db);
	return DB_ERROR;
}

static enum db_step execute(struct pg_db *db, struct pg_stmt *s)
{
	if (stopping(db))
		return DB_ERROR;
	if (!s->prepared && !server_prepare(db, s)) {
		reconnect_if_lost(db);
		return DB_ERROR;
	}
	s->res = PQexecPrepared(db->conn, s->name, s->nparams,
				(const char *const *)s->vals, NULL, NULL, 0);
	return take_result(db, s);
}

/* Read and drop what is left of a streamed execution, so that the
 * connection takes the next command (libpq allows one at a time). */
static void stream_drain(struct pg_db *db, struct pg_stmt *s)
{
	PGresult *r;

	while ((r = PQgetResult(db->conn)))
		PQclear(r);
	s->streaming = false;
}

/* The next row of a streamed execution: a result of one row, then one
 * of none that ends it (or an error, possibly after rows). */
static enum db_step stream_next(struct pg_db *db, struct pg_stmt *s)
{
	PGresult *r = PQgetResult(db->conn);
	ExecStatusType status = PQresultStatus(r);

	clear_result(s);
	if (status == PGRES_SINGLE_TUPLE) {
		s->res = r;
		s->row = 0;
		s->nrows = 1;
		return DB_ROW;
	}
	if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
		note_changes(db, r);
		PQclear(r);
		stream_drain(db, s);
		s->ended = true;
		return DB_DONE;
	}
	note_failure(db, r);
	PQclear(r);
	stream_drain(db, s);
	reconnect_if_lost(db);
	return DB_ERROR;
}

static enum db_step stream_start(struct pg_db *db, struct pg_stmt *s)
{
	s->stream = false; /* for this execution only */
	if (stopping(db))
		return DB_ERROR;
	if (!s->prepared && !server_prepare(db, s)) {
		reconnect_if_lost(db);
		return DB_ERROR;
	}
	if (!PQsendQueryPrepared(db->conn, s->name, s->nparams,
				 (const char *const *)s->vals, NULL, NULL, 0)) {
		note_failure(db, NULL);
		reconnect_if_lost(db);
		return DB_ERROR;
	}
	s->streaming = true;
	if (PQsetSingleRowMode(db->conn))
		return stream_next(db, s);
	/* refused (libpq takes it only right after the send): the rows of
	 * one result, as execute has them */
	s->res = PQgetResult(db->conn);
	stream_drain(db, s);
	return take_result(db, s);
}

static enum db_step pg_step(struct db_stmt *st)
{
	struct pg_stmt *s = pst(st);

	if (s->streaming)
		return stream_next(pdb(st->db), s);
	if (s->ended)
		return DB_DONE;
	if (!s->res)
		return s->stream ? stream_start(pdb(st->db), s)
				 : execute(pdb(st->db), s);
	if (s->row < s->nrows)
		s->row++;
	return s->row < s->nrows ? DB_ROW : DB_DONE;
}

static bool has_value(struct pg_stmt *s, int col)
{
	return s->res && s->row >= 0 && s->row < s->nrows && col >= 0 &&
	       col < PQnfields(s->res) && !PQgetisnull(s->res, s->row, col);
}

static const char *pg_col_text(struct db_stmt *st, int col)
{
	struct pg_stmt *s = pst(st);

	return has_value(s, col) ? PQgetvalue(s->res, s->row, col) : NULL;
}

/* Booleans arrive as "t" and "f" (EXISTS, comparisons): 1 and 0, as on
 * SQLite. */
static int64_t pg_col_int(struct db_stmt *st, int col)
{
	const char *v = pg_col_text(st, col);

	if (!v)
		return 0;
	if (v[0] == 't' && !v[1])
		return 1;
	return strtoll(v, NULL, 10);
}

static double pg_col_double(struct db_stmt *st, int col)
{
	const char *v = pg_col_text(st, col);

	return v ? strtod(v, NULL) : 0.0;
}

static bool pg_col_null(struct db_stmt *st, int col)
{
	return !has_value(pst(st), col);
}

static void pg_stream(struct db_stmt *st)
{
	pst(st)->stream = true;
}

static void pg_done(struct db_stmt *st)
{
	struct pg_stmt *s = pst(st);

	if (s->streaming) /* left before its last row */
		stream_drain(pdb(st->db), s);
	s->stream = false;
	clear_result(s);
	for (int n = 0; n < PG_MAX_PARAMS; n++) {
		free(s->vals[n]);
		s->vals[n] = NULL;
	}
}

static enum err map_sqlstate(const char *state)
{
	if (strncmp(state, "23", 2) == 0)
		return ERR_CONFLICT; /* integrity constraint violation */
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
		return ERR_BUSY; /* serialization failure, deadlock */
	if (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0)
		return ERR_BUSY; /* connection lost, server shutting down */
	if (strcmp(state, "55P03") == 0)
		return ERR_BUSY; /* lock not available */
	return ERR_INTERNAL;
}

/* A serialization failure or a deadlock is what SERIALIZABLE answers two
 * writers that crossed: db_write tries the transaction again, so it is a
 * warning, not an error (two jobs crossed at a server's first start on a
 * generated database; tests that want no errors in their log would fail
 * on such a crossing). */
static const char *failure_level(const char *sqlstate)
{
	return strcmp(sqlstate, "40001") == 0 || strcmp(sqlstate, "40P01") == 0
		       ? "warn"
		       : "error";
}

static enum err pg_error(struct db *dbp, struct db_stmt *st)
{
	struct pg_db *db = pdb(dbp);

	if (db->stop && atomic_load(db->stop) && strcmp(db->sqlstate, "57014") == 0) {
		log_event("info", "db_interrupted");
		return ERR_INTERNAL;
	}
	log_event(failure_level(db->sqlstate), "db_error", "sqlstate",
		  db->sqlstate, "message", db->errmsg);
	return map_sqlstate(db->sqlstate);
}

static enum err pg_exec(struct db *dbp, const char *sql, char *msg,
			size_t msglen)
{
	struct pg_db *db = pdb(dbp);
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType status = PQresultStatus(res);

	if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
		PQclear(res);
		return ERR_OK;
	}
	note_failure(db, res);
	PQclear(res);
	if (msg)
		snprintf(msg, msglen, "%s", db->errmsg);
	reconnect_if_lost(db);
	return map_sqlstate(db->sqlstate);
}

static enum err pg_simple(struct db *db, const char *sql)
{
	char msg[256];
	enum err e = pg_exec(db, sql, msg, sizeof(msg));

	if (e != ERR_OK)
		log_event("error", "db_error", "sql", sql, "message", msg);
	return e;
}

/* Nothing has happened yet in a BEGIN, so a connection lost while idle
 * (a server restart, a dropped TCP connection) costs one retry, not an
 * error for the request. */
static enum err pg_begin(struct db *db, const char *sql)
{
	enum err e = pg_simple(db, sql);

	if (e == ERR_BUSY && PQstatus(pdb(db)->conn) == CONNECTION_OK &&
	    strncmp(pdb(db)->sqlstate, "08", 2) == 0)
		e = pg_simple(db, sql);
	return e;
}

static enum err pg_begin_write(struct db *db)
{
	return pg_begin(db, "BEGIN ISOLATION LEVEL SERIALIZABLE");
}

static enum err pg_begin_read(struct db *db)
{
	return pg_begin(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

/* COMMIT of a transaction that already failed answers "ROLLBACK" without
 * an error: report it, the caller's writes are gone.  A write
 * transaction that changed rows (db_commit leaves writing set only then)
 * NOTIFYs the other instances in the same round trip; the
 * notice goes out only if it commits (store/generation.c). */
static enum err pg_commit(struct db *dbp)
{
	struct pg_db *db = pdb(dbp);
	/* a commit named one municipality's or a few (db_write_scope) says
	 * which in the payload, one NOTIFY each: "=" before a code named by
	 * db_write_in, ":" and the category after one named by
	 * db_write_scope_category, ":" alone after one named by
	 * db_write_scope_counts (store/generation.c reads them); the codes
	 * are plain words (db.c), safe inside quotes */
	char sql[64 + DB_SCOPES * (DB_SCOPE_MAX + DB_CATEGORY_MAX + 40)];
	size_t n = 0;
	PGresult *res;
	enum err e = ERR_OK;

	if (dbp->scoped)
		for (size_t i = 0; i < dbp->nscopes; i++)
			n += (size_t)snprintf(
				sql + n, sizeof(sql) - n,
				"NOTIFY wijkagenda_changes, '%s%s%s%s'; ",
				dbp->kind[i] == DB_SCOPE_WHOLE ? "=" : "", dbp->scopes[i],
				dbp->kind[i] == DB_SCOPE_CATEGORY || dbp->kind[i] == DB_SCOPE_COUNTS
					? ":"
					: "",
				dbp->kind[i] == DB_SCOPE_CATEGORY ? dbp->scope_category[i] : "");
	else if (dbp->writing)
		n = (size_t)snprintf(sql, sizeof(sql),
				     "NOTIFY wijkagenda_changes; ");
	snprintf(sql + n, sizeof(sql) - n, "COMMIT");
	res = PQexec(db->conn, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		note_failure(db, res);
		e = map_sqlstate(db->sqlstate);
		log_event(failure_level(db->sqlstate), "db_error", "sql",
			  "COMMIT", "sqlstate", db->sqlstate, "message",
			  db->errmsg);
		reconnect_if_lost(db);
	} else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
		snprintf(db->sqlstate, sizeof(db->sqlstate), "25P02");
		snprintf(db->errmsg, sizeof(db->errmsg),
			 "COMMIT of a failed transaction rolled back");
		log_event("error", "db_error", "sql", "COMMIT", "message",
			  db->errmsg);
		e = ERR_INTERNAL;
	}
	PQclear(res);
	return e;
}

static void pg_rollback(struct db *dbp)
{
	PGTransactionStatusType t = PQtransactionStatus(pdb(dbp)->conn);

	if (t == PQTRANS_INTRANS || t == PQTRANS_INERROR)
		pg_simple(dbp, "ROLLBACK");
}

static int64_t pg_changes(struct db *dbp)
{
	return pdb(dbp)->changes;
}

static bool pg_in_transaction(struct db *dbp)
{
	return PQtransactionStatus(pdb(dbp)->conn) != PQTRANS_IDLE;
}

static int64_t pg_total_changes(struct db *dbp)
{
	return pdb(dbp)->total_changes;
}

const struct db_ops db_pg_ops = {
	.dialect = DB_POSTGRES,
	.open = pg_open,
	.close = pg_close,
	.prepare = pg_prepare,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.stream = pg_stream,
	.col_text = pg_col_text,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.col_null = pg_col_null,
	.done = pg_done,
	.error = pg_error,
	.exec = pg_exec,
	.begin_write = pg_begin_write,
	.begin_read = pg_begin_read,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.changes = pg_changes,
	.in_transaction = pg_in_transaction,
	.total_changes = pg_total_changes,
	.stop_when = pg_stop_when,
	.interrupt = pg_interrupt,
};
