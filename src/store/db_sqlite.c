/* db_sqlite: db.h on SQLite (the embedded default), the table
 * db_sqlite_ops that db.c dispatches to.
 *
 * Connections run in WAL mode with synchronous=FULL: a commit has reached
 * the disk (fsync of the WAL) before we answer 201.  NORMAL would lose the
 * last transactions on power loss, which breaks the promise of a 201, so we
 * do not use it anywhere.  foreign_keys on; a lock is waited for up to
 * 5 s (busy_wait). */
#include "store/db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/util.h"
#include "store/db_backend.h"
#include "text/fts_dutch.h"

/* Per connection, one entry per SQL constant of the program, grown as
 * they are first used (see PG_STMT_CACHE in db_pg.c for the limit). */
#define DB_STMT_CACHE 4096

struct sqlite_stmt {
	struct db_stmt base; /* first: db_stmt * <-> sqlite_stmt * */
	const char *sql;
	sqlite3_stmt *st;
};

/* Writers of this process take turns on a mutex before BEGIN IMMEDIATE:
 * waiting on a mutex is fair and wakes at once, where SQLite's busy
 * handler sleeps in growing steps and can starve a writer for seconds.
 * Other processes are still kept apart by SQLite's own locks. */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

/* The WAL-index header: the first 48 bytes of the -shm file
 * (https://www.sqlite.org/walformat.html, "The WAL-Index Header").  A
 * writer of any process updates it after its commit frame is written,
 * second copy first and this one last, and a reader of any process takes
 * its snapshot from it: a commit is visible to no one before this header
 * changed.  iChange (word 2) counts the transactions, the salts (words 8
 * and 9) change when the WAL starts again. */

struct sqlite_db {
	struct db base; /* first: db * <-> sqlite_db * */
	sqlite3 *h;
	bool writing; /* holds write_lock */
	const atomic_int *stop; /* db_stop_when; NULL: never */
	bool refused;           /* a statement not begun: stop asked, or it
				 * did not prepare (prepare_into) */
	long long busy_since; /* busy_wait's first try, mono_ms */
	size_t nstmt, cap;
	struct sqlite_stmt **stmts; /* each allocated once: callers hold them */
	/* Who else committed (sqlite_sync_changes): the WAL-index header,
	 * read where SQLite maps it (shm_map); or, where there is none,
	 * PRAGMA data_version as last seen. */
	int shm_state; /* 0: not tried yet, 1: mapped, -1: use the PRAGMA */
	const uint32_t *shm;
	int64_t data_version;
	int64_t changes_at_begin; /* total changes at BEGIN IMMEDIATE */
};

static struct sqlite_db *sdb(struct db *db)
{
	return (struct sqlite_db *)db;
}

static struct sqlite_stmt *sst(struct db_stmt *st)
{
	return (struct sqlite_stmt *)st;
}

static enum err sqlite_exec(struct db *dbp, const char *sql, char *msg,
			    size_t msglen);
static void sqlite_close(struct db *dbp);

/* temp_store=FILE: a sort or temporary b-tree larger than the page cache
 * spills to a temporary file instead of the heap.  With MEMORY the city's
 * figures over a year of 10M signals peaked the server at 306 MB (and
 * glibc kept it); with FILE at 90 MB, and no slower (69 s against 92 s,
 * bench/RESULTS.md, issue 16).  Small sorts stay in memory either way.
 * The page cache stays SQLite's 2 MB here; the request threads' own
 * connections take more (store/conn.c). */
static const char *const open_pragmas =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=FULL;"
	"PRAGMA foreign_keys=ON;"
	"PRAGMA temp_store=FILE;";

/* SQLite counts every allocation under one global mutex unless told not
 * to; with many threads at intake (group commit) that mutex was the
 * busiest lock of the server.  We never read the counts. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

static const char *url_path(const char *url)
{
	if (strncmp(url, "sqlite:", 7) == 0)
		return url + 7;
	return url;
}

static bool stop_asked(const struct sqlite_db *db)
{
	return db->stop && atomic_load(db->stop) != 0;
}

/* A lock another connection holds is waited for up to 5 s, as
 * sqlite3_busy_timeout would, but not once the connection is asked to
 * stop (db_stop_when): the progress handler does not run while SQLite
 * waits, and a jobs thread waiting for the write lock held shutdown up
 * for those 5 s. */
#define BUSY_WAIT_MS 5000
static int busy_wait(void *p, int n)
{
	struct sqlite_db *db = p;
	const struct timespec step = {0, (n < 4 ? 1L << n : 10L) * 1000000L};

	if (n == 0)
		db->busy_since = mono_ms();
	if (stop_asked(db) || mono_ms() - db->busy_since > BUSY_WAIT_MS)
		return 0;
	nanosleep(&step, NULL);
	return 1;
}

static enum err sqlite_open(const char *url, struct db **out, char *msg,
			    size_t msglen)
{
	struct sqlite_db *db = xcalloc(1, sizeof(*db));
	int rc;

	pthread_once(&sqlite_once, sqlite_setup);
	db->base.ops = &db_sqlite_ops;
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
	sqlite3_busy_handler(db->h, busy_wait, db);
	if (fts_dutch_register(db->h) != SQLITE_OK) {
		snprintf(msg, msglen, "cannot register the Dutch FTS5 tokenizer");
		sqlite3_close(db->h);
		free(db);
		return ERR_INTERNAL;
	}
	sqlite3_extended_result_codes(db->h, 1);
	if (sqlite_exec(&db->base, open_pragmas, msg, msglen) != ERR_OK) {
		sqlite_close(&db->base);
		return ERR_INTERNAL;
	}
	*out = &db->base;
	return ERR_OK;
}

static void sqlite_rollback(struct db *dbp);

static void sqlite_close(struct db *dbp)
{
	struct sqlite_db *db = sdb(dbp);

	sqlite_rollback(dbp);
	for (size_t i = 0; i < db->nstmt; i++) {
		sqlite3_finalize(db->stmts[i]->st);
		free(db->stmts[i]);
	}
	free(db->stmts);
	sqlite3_close(db->h);
	free(db);
}

/* SQL that does not prepare is a bug in it: abort.  But an interrupt
 * (db_interrupt: shutdown, from another thread) fails the prepare too
 * while another statement of the connection runs (a job reading rows
 * prepares the next; SQLite clears the interrupt only when none runs):
 * the entry stays without a statement, every step of it fails as a
 * refused one (sqlite_step), and the next db_prepare of the same SQL
 * tries again. */
static void prepare_into(struct sqlite_db *db, struct sqlite_stmt *s)
{
	int rc = sqlite3_prepare_v3(db->h, s->sql, -1,
				    SQLITE_PREPARE_PERSISTENT, &s->st, NULL);

	if (rc == SQLITE_OK)
		return;
	s->st = NULL;
	if ((rc & 0xff) != SQLITE_INTERRUPT)
		fatal("db: cannot prepare: %s\n%s", sqlite3_errmsg(db->h),
		      s->sql);
}

static struct db_stmt *sqlite_prepare(struct db *dbp, const char *sql)
{
	struct sqlite_db *db = sdb(dbp);
	struct sqlite_stmt *s;

	for (size_t i = 0; i < db->nstmt; i++)
		if (db->stmts[i]->sql == sql) {
			if (!db->stmts[i]->st)
				prepare_into(db, db->stmts[i]);
			return &db->stmts[i]->base;
		}
	if (db->nstmt == DB_STMT_CACHE)
		fatal("db: statement cache full: is some SQL not a constant?");
	if (db->nstmt == db->cap) {
		db->cap = db->cap ? 2 * db->cap : 64;
		db->stmts = xrealloc(db->stmts, db->cap * sizeof(*db->stmts));
	}
	s = xcalloc(1, sizeof(*s));
	s->base.db = dbp;
	s->sql = sql;
	prepare_into(db, s);
	db->stmts[db->nstmt++] = s;
	return &s->base;
}

/* $n -> SQLite's parameter index (they differ when $2 comes before $1). */
static int param_index(struct sqlite_stmt *s, int n)
{
	char name[16];
	int idx;

	snprintf(name, sizeof(name), "$%d", n);
	idx = sqlite3_bind_parameter_index(s->st, name);
	if (idx == 0)
		fatal("db: no parameter %s in\n%s", name, s->sql);
	return idx;
}

static void sqlite_bind_text(struct db_stmt *st, int n, const char *v)
{
	struct sqlite_stmt *s = sst(st);

	if (!s->st)
		return;
	if (!v)
		sqlite3_bind_null(s->st, param_index(s, n));
	else
		sqlite3_bind_text(s->st, param_index(s, n), v, -1,
				  SQLITE_TRANSIENT);
}

static void sqlite_bind_int(struct db_stmt *st, int n, int64_t v)
{
	if (sst(st)->st)
		sqlite3_bind_int64(sst(st)->st, param_index(sst(st), n), v);
}

static void sqlite_bind_double(struct db_stmt *st, int n, double v)
{
	if (sst(st)->st)
		sqlite3_bind_double(sst(st)->st, param_index(sst(st), n), v);
}

static void sqlite_bind_null(struct db_stmt *st, int n)
{
	if (sst(st)->st)
		sqlite3_bind_null(sst(st)->st, param_index(sst(st), n));
}

static enum db_step sqlite_step(struct db_stmt *st)
{
	struct sqlite_db *db = sdb(st->db);
	int rc;

	/* Asked to stop (db_stop_when): no statement begins, as on
	 * PostgreSQL; an interrupt that came between two statements was
	 * lost, and the next might be one long step.  One already running
	 * goes on to the progress handler.  One that did not prepare
	 * (prepare_into) is refused as well. */
	if (!sst(st)->st || (stop_asked(db) && !sqlite3_stmt_busy(sst(st)->st))) {
		db->refused = true;
		return DB_ERROR;
	}
	rc = sqlite3_step(sst(st)->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return DB_ERROR;
}

static const char *sqlite_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(sst(st)->st, col);
}

static int64_t sqlite_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(sst(st)->st, col);
}

static double sqlite_col_double(struct db_stmt *st, int col)
{
	return sqlite3_column_double(sst(st)->st, col);
}

static bool sqlite_col_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(sst(st)->st, col) == SQLITE_NULL;
}

static void sqlite_done(struct db_stmt *st)
{
	if (!sst(st)->st)
		return;
	sqlite3_reset(sst(st)->st);
	sqlite3_clear_bindings(sst(st)->st);
}

static enum err sqlite_error(struct db *dbp, struct db_stmt *st)
{
	struct sqlite_db *db = sdb(dbp);
	int rc = sqlite3_extended_errcode(db->h);
	bool refused = db->refused;

	db->refused = false;
	if ((refused || (rc & 0xff) == SQLITE_INTERRUPT || (rc & 0xff) == SQLITE_BUSY) &&
	    stop_asked(db)) {
		log_event("info", "db_interrupted");
		return ERR_INTERNAL;
	}
	log_event("error", "db_error", "message", sqlite3_errmsg(db->h));
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

/* SQLite's progress handler, every thousand steps: nonzero interrupts
 * the statement (db_stop_when). */
static int progress(void *p)
{
	return stop_asked(p);
}

static void progress_set(struct sqlite_db *db)
{
	sqlite3_progress_handler(db->h, db->stop ? 1000 : 0,
				 db->stop ? progress : NULL, db->stop ? db : NULL);
}

static void sqlite_stop_when(struct db *dbp, const atomic_int *flag)
{
	struct sqlite_db *db = sdb(dbp);

	db->stop = flag;
	progress_set(db);
}

/* The statement running now ends at its next check, also one whose
 * single step runs long (a big sort, where the flag's progress handler
 * is not called); statements after it see the flag (db_stop_when).
 * Safe from another thread while the connection is open: the callers
 * (jobs/jobs.c, app/figures.c) hold the pointer under their lock and
 * drop it before the connection is closed. */
static void sqlite_interrupt(struct db *dbp)
{
	sqlite3_interrupt(sdb(dbp)->h);
}

static enum err sqlite_exec(struct db *dbp, const char *sql, char *msg,
			    size_t msglen)
{
	struct sqlite_db *db = sdb(dbp);
	char *e = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &e) == SQLITE_OK)
		return ERR_OK;
	if (msg)
		snprintf(msg, msglen, "%s", e ? e : "unknown error");
	sqlite3_free(e);
	return (sqlite3_errcode(db->h) == SQLITE_BUSY) ? ERR_BUSY : ERR_INTERNAL;
}

static enum err sqlite_simple(struct db *db, const char *sql)
{
	char msg[256];
	enum err e = sqlite_exec(db, sql, msg, sizeof(msg));

	if (e != ERR_OK && stop_asked(sdb(db)))
		log_event("info", "db_interrupted", "sql", sql);
	else if (e != ERR_OK)
		log_event("error", "db_error", "sql", sql, "message", msg);
	return e;
}

static void write_unlock(struct sqlite_db *db)
{
	if (db->writing) {
		db->writing = false;
		pthread_mutex_unlock(&write_lock);
	}
}

static enum err sqlite_begin_write(struct db *dbp)
{
	struct sqlite_db *db = sdb(dbp);
	enum err e;

	/* A write transaction inside another on the same connection would
	 * wait for itself on write_lock forever: that is a bug, say so. */
	if (db->writing)
		fatal("db: db_begin_write inside a write transaction");
	pthread_mutex_lock(&write_lock);
	db->writing = true;
	db->changes_at_begin = sqlite3_total_changes64(db->h);
	e = sqlite_simple(dbp, "BEGIN IMMEDIATE"); /* sqlite-only */
	if (e != ERR_OK)
		write_unlock(db);
	return e;
}

static enum err sqlite_begin_read(struct db *dbp)
{
	return sqlite_simple(dbp, "BEGIN");
}

static void sqlite_rollback(struct db *dbp)
{
	struct sqlite_db *db = sdb(dbp);

	if (!sqlite3_get_autocommit(db->h)) {
		/* a rollback is never interrupted (db_stop_when) */
		sqlite3_progress_handler(db->h, 0, NULL, NULL);
		sqlite_simple(dbp, "ROLLBACK");
		progress_set(db);
	}
	write_unlock(db);
}

static int64_t sqlite_changes(struct db *dbp)
{
	return sqlite3_changes64(sdb(dbp)->h);
}

static bool sqlite_in_transaction(struct db *dbp)
{
	return !sqlite3_get_autocommit(sdb(dbp)->h);
}

static int64_t sqlite_total_changes(struct db *dbp)
{
	return sqlite3_total_changes64(sdb(dbp)->h);
}

/* The WAL-index as SQLite itself maps it for this connection: the VFS's
 * xShmMap of region 0 (32 KB, WALINDEX_PGSZ) hands back the pointer the
 * pager uses, valid until the connection closes.  Not an open() of the
 * -shm file of our own: closing such a descriptor drops every POSIX lock
 * this process holds on the file, SQLite's included, and the next
 * process to open it truncated the file under SQLite's mapping (SIGBUS,
 * tests/http/test_routing.py).  False where there is none (not WAL: a
 * database in memory) or it is not there yet: the PRAGMA then. */
static bool shm_map(struct sqlite_db *db)
{
	sqlite3_file *f = NULL;
	sqlite3_stmt *st = NULL;
	volatile void *p = NULL;
	bool wal = false;

	if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode", -1, &st, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		wal = strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	if (!wal ||
	    sqlite3_file_control(db->h, "main", SQLITE_FCNTL_FILE_POINTER, &f) !=
		    SQLITE_OK ||
	    !f || !f->pMethods || f->pMethods->iVersion < 2 ||
	    !f->pMethods->xShmMap ||
	    f->pMethods->xShmMap(f, 0, 32768, 0, &p) != SQLITE_OK || !p)
		return false;
	db->shm = (const uint32_t *)p;
	return true;
}

static bool pragma_changed(struct sqlite_db *db)
{
	struct db_stmt *st = sqlite_prepare(&db->base, "PRAGMA data_version");
	int64_t v = 0;

	if (sqlite_step(st) == DB_ROW)
		v = sqlite_col_int(st, 0);
	sqlite_done(st);
	if (v != 0 && v == db->data_version)
		return false;
	db->data_version = v;
	return true;
}

/* What this process knows of each WAL-index it reads (one per database
 * file): the transaction counter and salts of the header as they were
 * after the last commit accounted for, its own or one already reported.
 * A write transaction of this process holds write_lock and, from BEGIN
 * IMMEDIATE, SQLite's write lock: no other commit can come between its
 * look at the header before COMMIT and its own.  So it reports the
 * commits of others it finds there, marks what its COMMIT will make (the
 * counter one on, if it changed rows) as its own while it runs, and
 * takes the header after as known unless it moved further.  While it
 * runs the salts may change too: a COMMIT that finds the WAL wholly
 * checkpointed starts it again (new salts, the same count) before it
 * writes its frames, which a reader looking then took for a stranger's
 * commit (bench/cache_scope.sh: all of Amsterdam's agendas dropped
 * about every ten seconds of intake).  Every commit of data moves the
 * counter, so during its own commit a header with the count before or
 * after it is known, whatever its salts.  Readers
 * (sqlite_sync_changes) then report only what no one here wrote: an
 * intake named one municipality's (db_write_scope) stays that
 * municipality's, and the jobs' claim of their turn (db_changes_unseen)
 * drops no cached answer.  What is left: a transaction whose changed
 * rows were all rolled back to a savepoint writes no frame, and a commit
 * of another process in the microseconds between its COMMIT and its look
 * after would be taken for its own. */
struct wal_mark {
	uint32_t change, salt1, salt2;
};

struct wal_known {
	const uint32_t *shm;
	bool valid, inflight;
	struct wal_mark mark;
	uint32_t inflight_change;
};

#define WAL_FILES 8
static struct wal_known wal_known[WAL_FILES];
static size_t wal_next; /* the slot a new file takes (round robin) */
static pthread_mutex_t wal_lock = PTHREAD_MUTEX_INITIALIZER;

static struct wal_mark wal_read(const uint32_t *shm)
{
	struct wal_mark m;

	m.change = __atomic_load_n(&shm[2], __ATOMIC_ACQUIRE);
	m.salt1 = __atomic_load_n(&shm[8], __ATOMIC_ACQUIRE);
	m.salt2 = __atomic_load_n(&shm[9], __ATOMIC_ACQUIRE);
	return m;
}

static bool wal_same(struct wal_mark a, struct wal_mark b)
{
	return a.change == b.change && a.salt1 == b.salt1 && a.salt2 == b.salt2;
}

/* The file's entry (wal_lock held); a file not seen yet takes a slot,
 * unknown (its first look reports).  SQLite maps one WAL-index per file
 * and process, so every connection to a file finds the same entry. */
static struct wal_known *wal_of(const uint32_t *shm)
{
	struct wal_known *w;

	for (size_t i = 0; i < WAL_FILES; i++)
		if (wal_known[i].shm == shm)
			return &wal_known[i];
	w = &wal_known[wal_next++ % WAL_FILES];
	memset(w, 0, sizeof(*w));
	w->shm = shm;
	return w;
}

/* Whether the WAL-index of this connection can be read (WAL mode). */
static bool shm_ready(struct sqlite_db *db)
{
	if (db->shm_state == 0)
		db->shm_state = shm_map(db) ? 1 : -1;
	return db->shm_state > 0;
}

/* Report (bump the generation for) commits no one in this process made
 * or reported (the first look: all).  The header is three loads from
 * memory: PRAGMA data_version asked SQLite for a read transaction and
 * back, six fcntl locks, a fifth of the time of a cached answer
 * (bench/RESULTS.md).  A header read while a writer updates it may be
 * half old, half new: then it differs, and a spare report costs misses.
 * The bump comes before the mark, so whoever finds the mark current
 * also finds the generation moved. */
static void sqlite_sync_changes(struct db *dbp)
{
	struct sqlite_db *db = sdb(dbp);
	struct wal_known *w;
	struct wal_mark now;

	if (!shm_ready(db)) {
		if (pragma_changed(db))
			db_generation_bump();
		return;
	}
	now = wal_read(db->shm);
	pthread_mutex_lock(&wal_lock);
	w = wal_of(db->shm);
	if (!(w->valid && (wal_same(now, w->mark) ||
			   (w->inflight && (now.change == w->inflight_change ||
					    now.change + 1 == w->inflight_change))))) {
		db_generation_bump();
		w->mark = now;
		w->valid = true;
	}
	pthread_mutex_unlock(&wal_lock);
}

/* Before COMMIT of a write transaction (SQLite's write lock held):
 * report what others committed before it, and mark its own. */
static void own_commit_start(struct sqlite_db *db, struct wal_mark *pre,
			     bool *rows)
{
	struct wal_known *w;

	*pre = wal_read(db->shm);
	*rows = sqlite3_total_changes64(db->h) != db->changes_at_begin;
	pthread_mutex_lock(&wal_lock);
	w = wal_of(db->shm);
	/* the counter alone: new salts with the same count are a restart of
	 * the WAL (this transaction's own, when it spilled pages early, or
	 * another process's checkpoint), no data */
	if (!w->valid || pre->change != w->mark.change) {
		db_generation_bump();
		w->valid = true;
	}
	w->mark = *pre;
	w->inflight = *rows;
	w->inflight_change = pre->change + 1;
	pthread_mutex_unlock(&wal_lock);
}

/* After it: the header is known if it moved by this commit alone (one
 * transaction if it changed rows; none if not, nor if every changed row
 * was rolled back to a savepoint).  A failed COMMIT may have happened or
 * not: reported. */
static void own_commit_end(struct sqlite_db *db, struct wal_mark pre,
			   bool rows, bool ok)
{
	struct wal_mark post = wal_read(db->shm);
	struct wal_known *w;

	pthread_mutex_lock(&wal_lock);
	w = wal_of(db->shm);
	w->inflight = false;
	if (!ok || !(post.change == pre.change ||
		     (rows && post.change == pre.change + 1)))
		db_generation_bump();
	w->mark = post;
	w->valid = true;
	pthread_mutex_unlock(&wal_lock);
}

static enum err sqlite_commit(struct db *dbp)
{
	struct sqlite_db *db = sdb(dbp);
	bool own = db->writing && shm_ready(db), rows = false;
	struct wal_mark pre = {0};
	enum err e;

	if (own)
		own_commit_start(db, &pre, &rows);
	e = sqlite_simple(dbp, "COMMIT");
	if (own)
		own_commit_end(db, pre, rows, e == ERR_OK);
	/* A failed COMMIT leaves the transaction open: the caller rolls
	 * back, which releases the lock. */
	if (e == ERR_OK)
		write_unlock(db);
	return e;
}

const struct db_ops db_sqlite_ops = {
	.dialect = DB_SQLITE,
	.open = sqlite_open,
	.close = sqlite_close,
	.prepare = sqlite_prepare,
	.bind_text = sqlite_bind_text,
	.bind_int = sqlite_bind_int,
	.bind_double = sqlite_bind_double,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.col_text = sqlite_col_text,
	.col_int = sqlite_col_int,
	.col_double = sqlite_col_double,
	.col_null = sqlite_col_null,
	.done = sqlite_done,
	.error = sqlite_error,
	.exec = sqlite_exec,
	.begin_write = sqlite_begin_write,
	.begin_read = sqlite_begin_read,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.changes = sqlite_changes,
	.in_transaction = sqlite_in_transaction,
	.total_changes = sqlite_total_changes,
	.stop_when = sqlite_stop_when,
	.interrupt = sqlite_interrupt,
	.sync_changes = sqlite_sync_changes,
};
