/* db: a thin layer over sqlite3 and libpq so that the aggregate files in
 * store/ are written once for both backends (db.c dispatches to
 * db_sqlite.c or db_pg.c, chosen by db_open from the URL).
 *
 * SQL is written with $1, $2 ... placeholders, which both SQLite and
 * PostgreSQL accept; db_bind_* take the placeholder number.  Statements are
 * prepared once per connection and cached by the address of the SQL
 * constant, so SQL must be a string literal or a static constant.
 *
 * A connection belongs to one thread.  Errors from the database map to
 * enum err: ERR_BUSY (locked past busy_timeout; on PostgreSQL also a
 * serialization failure, a deadlock or a lost connection: the caller may
 * retry the whole transaction), ERR_CONFLICT (constraint), ERR_INTERNAL
 * (anything else; logged). */
#ifndef WA_DB_H
#define WA_DB_H
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

struct db;
struct db_stmt;

enum db_step { DB_ERROR = -1, DB_DONE = 0, DB_ROW = 1 };
enum db_dialect { DB_SQLITE, DB_POSTGRES };

/* url: "postgres://..." or "postgresql://..." (libpq), otherwise a file
 * path, "sqlite:PATH" or ":memory:" (SQLite).  On failure returns an error
 * with a message in msg. */
enum err db_open(const char *url, struct db **out, char *msg, size_t msglen);
void db_close(struct db *db);
/* For the few places whose SQL must differ (full-text search); keep the
 * two texts side by side there. */
enum db_dialect db_dialect(struct db *db);
/* Long work on a connection another thread may have to stop (a jobs
 * thread's, at shutdown): once *flag is nonzero no statement on db
 * begins, and SQLite's running one fails within a thousand steps;
 * db_interrupt, safe from any thread, ends the statement running now
 * (sqlite3_interrupt, PostgreSQL's cancel).  A failure because of the
 * flag is logged as info (db_interrupted), not as an error. */
void db_stop_when(struct db *db, const atomic_int *flag);
void db_interrupt(struct db *db);

/* Prepared (and cached) statement for sql; a prepare failure is a bug in
 * our SQL and aborts with the message. */
struct db_stmt *db_prepare(struct db *db, const char *sql);
void db_bind_text(struct db_stmt *st, int n, const char *s); /* NULL: null */
void db_bind_int(struct db_stmt *st, int n, int64_t v);
void db_bind_double(struct db_stmt *st, int n, double v);
void db_bind_null(struct db_stmt *st, int n);
enum db_step db_step(struct db_stmt *st);
/* Before the first step: the rows come one at a time, not all at once.
 * SQLite always steps so; PostgreSQL otherwise holds the whole result
 * in memory (libpq), which for the figures of a city's year at 10M
 * signals was 550 MB.  Until the statement is done nothing else may run
 * on db (one command at a time on a PostgreSQL connection): for reads
 * whose rows are consumed without other statements in between. */
void db_stream(struct db_stmt *st);
/* Column values of the current row; text is valid until the next step or
 * db_done.  NULL text for SQL NULL. */
const char *db_col_text(struct db_stmt *st, int col);
int64_t db_col_int(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
bool db_col_null(struct db_stmt *st, int col);
/* Reset the statement and clear its bindings: call after every use. */
void db_done(struct db_stmt *st);
/* The error of the last failed step, as enum err (logs the details). */
enum err db_error(struct db *db, struct db_stmt *st);

/* Shared step patterns of the store files (store/db.c). */
/* A copy of a text column in the arena; NULL for SQL NULL. */
char *db_col_dup(struct arena *ar, struct db_stmt *st, int col);
/* Step a statement without result rows and finish it; ERR_NOT_FOUND when
 * must_change and no row changed. */
enum err db_run(struct db *db, struct db_stmt *st, bool must_change);
/* db_run of a write that shows on no public answer (a session's last
 * use, a job's result), outside any transaction of the caller's: on
 * SQLite in a write transaction of its own, so that this process knows
 * the commit for its own and drops no cached answer for it (a write
 * outside a transaction looks like another process's, db_sqlite.c). */
enum err db_run_unseen(struct db *db, struct db_stmt *st, bool must_change);
/* Step an INSERT ... RETURNING id and finish it. */
enum err db_run_returning(struct db *db, struct db_stmt *st, int64_t *id);
/* Bind an id; 0 (no record) binds NULL. */
void db_bind_id(struct db_stmt *st, int n, int64_t id);
/* An id column; NULL (no record) reads as 0. */
int64_t db_col_id(struct db_stmt *st, int col);

/* Reading rows: a reader fills one row of its type from the statement's
 * current row (strings copied into ar).  Readers take void * and convert
 * it themselves: calling a typed function through another function
 * pointer type is undefined in C. */
typedef void (*db_read_fn)(struct arena *ar, struct db_stmt *st, void *row);
/* Step st (bound by the caller) once: ERR_OK with out filled, or
 * ERR_NOT_FOUND, or the error; finishes st.  ar may be NULL for a reader
 * that copies no text. */
enum err db_get_one(struct db *db, struct db_stmt *st, struct arena *ar,
		    db_read_fn read, void *out);
/* Every row into an array in ar of elements of size bytes (v NULL and n 0
 * for none); finishes st. */
struct db_rows {
	void *v;
	size_t n;
};
enum err db_list(struct db *db, struct db_stmt *st, struct arena *ar,
		 size_t size, db_read_fn read, struct db_rows *rows);
/* Readers of a row of one column: an int64_t, or a char * copied into ar
 * (NULL for SQL NULL). */
void db_read_int(struct arena *ar, struct db_stmt *st, void *row);
void db_read_text(struct arena *ar, struct db_stmt *st, void *row);

/* Run a script of statements without results (migrations). */
enum err db_exec(struct db *db, const char *sql, char *msg, size_t msglen);
/* BEGIN for writes.  SQLite: takes the write lock at once (IMMEDIATE), so
 * a read-then-write transaction cannot deadlock on lock upgrade and writers
 * are serial.  PostgreSQL: ISOLATION LEVEL SERIALIZABLE, so invariants
 * checked by reading ("exactly one regisseur per kwestie") hold across
 * instances as they do on SQLite; the price is that COMMIT or any
 * statement may fail with ERR_BUSY, and the caller retries the whole
 * transaction. */
enum err db_begin_write(struct db *db);
/* A whole write transaction: BEGIN (as db_begin_write), fn, COMMIT, or
 * ROLLBACK when fn or COMMIT fails.  On PostgreSQL a serialization
 * failure, deadlock or lost connection (ERR_BUSY) runs the whole
 * transaction again, up to DB_WRITE_TRIES times with a short random
 * pause; on SQLite writers are serial and ERR_BUSY is final.  So fn may
 * run more than once: it must do nothing outside the transaction that a
 * second run would repeat (mail goes through the outbox table, which is
 * inside it) and must reset what it reports through ctx at its start. */
#define DB_WRITE_TRIES 5
typedef enum err (*db_write_fn)(struct db *db, void *ctx);
enum err db_write(struct db *db, db_write_fn fn, void *ctx);
/* BEGIN for a consistent read (READ ONLY on PostgreSQL). */
enum err db_begin_read(struct db *db);
enum err db_commit(struct db *db);
/* The rows this write transaction changed so far show in no public
 * answer (a job's own schedule): they alone do not bump the generation. */
void db_changes_unseen(struct db *db);
/* The rows this write transaction changed since its start, its last
 * db_changes_unseen or naming (in a group: since the job began) are
 * reports (signals) of one municipality, of any category (the intake
 * names its category: db_write_scope_category below): they show only on
 * that municipality's public answers that show reports.  The commit then
 * moves that municipality's generation alone (db_generation_in), so
 * one municipality's new signal leaves the others' kept answers be, and
 * its own answers that show no report (db_generation_reportless).  A
 * db_changes_unseen after a naming undoes it: name after the last change
 * of the transaction.  Rows changed and not so named move every
 * generation, as does a code that is not a plain [A-Za-z0-9_-] word of
 * at most DB_SCOPE_MAX - 1 characters, or more than DB_SCOPES municipalities
 * in one transaction. */
#define DB_SCOPE_MAX 16
#define DB_SCOPES 8
void db_write_scope(struct db *db, const char *municipality);
/* The same for a report of one category (the intake): the commit moves,
 * besides its municipality's generation, only the generation of that
 * category's answers (db_generation_category: an Open311 list of one
 * service code), so a new report leaves the lists of the other
 * categories kept.  A category that is not a plain code of [a-z0-9/_-]
 * of at most DB_CATEGORY_MAX - 1 characters (or NULL) counts as every
 * category; so do more categories of one municipality in one
 * transaction than there are DB_SCOPES left. */
#define DB_CATEGORY_MAX 96
void db_write_scope_category(struct db *db, const char *municipality,
			     const char *category);
/* Rows of one municipality that show on its answers that show reports
 * but on no answer of one category (the counted figures, app/figures.c):
 * the commit moves that municipality's generation alone, and no
 * category's. */
void db_write_scope_counts(struct db *db, const char *municipality);
/* The same for rows of one municipality of any kind (a professional's
 * work on its kwesties, a promise, a grade): they show only on that
 * municipality's public answers, those that show no report too.  The
 * commit moves that municipality's generations alone, so work in one
 * municipality leaves the others' kept answers be.  The same limits as
 * db_write_scope; a municipality named both ways counts as this. */
void db_write_in(struct db *db, const char *municipality);
/* db_write whose fn changes rows of that municipality alone, named so
 * (db_write_in) when fn succeeds: a use case acting within one site. */
enum err db_write_for(struct db *db, const char *municipality, db_write_fn fn,
		      void *ctx);
/* The last step of a db_write fn: returns e, and when it is ERR_OK
 * declares what the transaction changed unseen (db_changes_unseen: rows
 * on no public answer, such as followers, tokens, the outbox, the audit
 * log) or named one municipality's (db_write_in: its social map). */
enum err db_end_unseen(struct db *db, enum err e);
enum err db_end_in(struct db *db, const char *municipality, enum err e);
/* group.c, before each job of a group: rows changed since the last
 * declaration and not named by one move every generation. */
void db_scope_job(struct db *db);
void db_rollback(struct db *db);
int64_t db_changes(struct db *db);
/* Inside a transaction (SQLite rolls one back by itself on some errors). */
bool db_in_transaction(struct db *db);
/* db_write for writes that many requests make at once (intake): on SQLite
 * a writer thread runs the jobs that arrive while it commits in one
 * transaction with one fsync, each fn in its own SAVEPOINT (a failing fn
 * is rolled back alone and gets its own error), on its own connection
 * (store/group.c says why).  fn runs on the writer's thread and
 * connection (the db argument): it must keep no thread state (the
 * language of _() included) and use only db and ctx.  Should the group
 * fail to commit, fn runs again alone through db_write.
 * db_write_group returns fn's result after the COMMIT holding its rows;
 * without a writer (PostgreSQL: store/group.c says why; or db already in
 * a transaction) it is db_write on db. */
enum err db_write_group(struct db *db, db_write_fn fn, void *ctx);
/* The same without waiting: j (fn, ctx and done set; the caller's memory,
 * kept until done) is queued, and done(j) is called on the writer's
 * thread once j->result holds fn's result, after the COMMIT holding its
 * rows.  false: not queued (no writer, or db is PostgreSQL or inside a
 * transaction): use db_write_group.  db may be NULL. */
struct db_group_job {
	db_write_fn fn;
	void *ctx;
	void (*done)(struct db_group_job *j);
	enum err result;
	struct db_group_job *next; /* the queue's */
};
bool db_group_queue(struct db *db, struct db_group_job *j);
/* Start the writer with a connection of its own to url (SQLite only: for
 * PostgreSQL nothing starts), after stopping the one before, which first
 * commits what was queued; NULL only stops it (at shutdown, once no
 * request runs).  store_configure calls it. */
void db_group_open(const char *url);
/* What db_write_group did since the start (the bench and the tests). */
struct db_group_stats {
	uint64_t groups;    /* committed transactions */
	uint64_t jobs;      /* fns committed in them */
	uint64_t largest;   /* most fns in one */
	uint64_t fallbacks; /* groups that ran one by one */
};
struct db_group_stats db_group_stats(void);

/* The generation of the data: a number that grows after every write
 * transaction of this process commits (or fails to: a lost COMMIT may
 * have happened), and, once db_listen runs, after every one of another
 * instance on the same PostgreSQL database.  What was computed from the
 * database while the generation stayed the same is still true, so a
 * cache of answers (web/cache.c) needs no timer.  0 means "unknown": the
 * listener is not connected, and nothing may be kept. */
uint64_t db_generation(void);
/* The generation of one municipality's public answers: moves with every
 * write but those named another municipality's alone (db_write_scope,
 * db_write_in).  NULL: db_generation().  0: unknown, as above. */
uint64_t db_generation_in(const char *municipality);
/* The generation of one municipality's answers that show no report
 * (agendas, kwesties, the social map): moves with every write but the
 * reports named by db_write_scope and the writes named another
 * municipality's (db_write_in).  NULL: db_generation().  0: unknown. */
uint64_t db_generation_reportless(const char *municipality);
/* The generation of one municipality's answers that show the reports of
 * one category alone (an Open311 list of one service code): moves with
 * every write that moves db_generation_reportless, and with the reports
 * of that category or of one not named (db_write_scope,
 * db_write_scope_category), not with another category's.  NULL
 * municipality: db_generation().  0: unknown, as above. */
uint64_t db_generation_category(const char *municipality, const char *category);
/* For a PostgreSQL URL: a thread with its own connection LISTENs for the
 * other instances' commits (every write transaction NOTIFYs at commit)
 * and bumps the generation; while it is not connected db_generation is
 * 0.  For SQLite nothing (one serving process per file).  Returns 0 or
 * -1 with a message. */
int db_listen_start(const char *url, char *msg, size_t msglen);
/* On SQLite: bump the generation when anyone else (another connection,
 * another process such as a command-line import) committed since this
 * connection last looked; the first look bumps too.  One cheap PRAGMA.
 * On PostgreSQL nothing: the listener does it.  db may be NULL. */
void db_generation_sync(struct db *db);
void db_listen_stop(void);

#endif
