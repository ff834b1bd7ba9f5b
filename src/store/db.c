/* db: db.h dispatched to the backend chosen by db_open from the URL:
 * postgres:// or postgresql:// -> libpq (db_pg.c), anything else -> SQLite
 * (db_sqlite.c).  Every other call goes through the connection's table,
 * so store/ files are written once for both. */
#include "store/db.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

#include "store/db_backend.h"

static bool is_postgres_url(const char *url)
{
	return strncmp(url, "postgres://", 11) == 0 ||
	       strncmp(url, "postgresql://", 13) == 0;
}

enum err db_open(const char *url, struct db **out, char *msg, size_t msglen)
{
	const struct db_ops *ops =
		is_postgres_url(url) ? &db_pg_ops : &db_sqlite_ops;

	return ops->open(url, out, msg, msglen);
}

void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

enum db_dialect db_dialect(struct db *db)
{
	return db->ops->dialect;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	return db->ops->prepare(db, sql);
}

void db_bind_text(struct db_stmt *st, int n, const char *s)
{
	st->db->ops->bind_text(st, n, s);
}

void db_bind_int(struct db_stmt *st, int n, int64_t v)
{
	st->db->ops->bind_int(st, n, v);
}

void db_bind_double(struct db_stmt *st, int n, double v)
{
	st->db->ops->bind_double(st, n, v);
}

void db_bind_null(struct db_stmt *st, int n)
{
	st->db->ops->bind_null(st, n);
}

void db_stop_when(struct db *db, const atomic_int *flag)
{
	db->ops->stop_when(db, flag);
}

void db_interrupt(struct db *db)
{
	db->ops->interrupt(db);
}

enum db_step db_step(struct db_stmt *st)
{
	return st->db->ops->step(st);
}

void db_stream(struct db_stmt *st)
{
	if (st->db->ops->stream)
		st->db->ops->stream(st);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return st->db->ops->col_text(st, col);
}

int64_t db_col_int(struct db_stmt *st, int col)
{
	return st->db->ops->col_int(st, col);
}

double db_col_double(struct db_stmt *st, int col)
{
	return st->db->ops->col_double(st, col);
}

bool db_col_null(struct db_stmt *st, int col)
{
	return st->db->ops->col_null(st, col);
}

void db_done(struct db_stmt *st)
{
	st->db->ops->done(st);
}

enum err db_error(struct db *db, struct db_stmt *st)
{
	return db->ops->error(db, st);
}

enum err db_exec(struct db *db, const char *sql, char *msg, size_t msglen)
{
	return db->ops->exec(db, sql, msg, msglen);
}

enum err db_begin_write(struct db *db)
{
	enum err e = db->ops->begin_write(db);

	db->writing = e == ERR_OK;
	db->nscopes = 0;
	db->scope_all = false;
	db->scoped = false;
	if (db->writing)
		db->changes_at_begin = db->changes_named =
			db->ops->total_changes(db);
	return e;
}

enum err db_begin_read(struct db *db)
{
	return db->ops->begin_read(db);
}

/* The bump comes after the COMMIT, so whoever reads the new generation
 * also sees the rows (web/cache.c reads it before it renders).  Only a
 * transaction that changed rows bumps (and on PostgreSQL notifies): the
 * jobs that run every minute mostly find nothing to do, and emptied the
 * cache each time. */
enum err db_commit(struct db *db)
{
	int64_t total = db->ops->total_changes(db);
	enum err e;

	db->writing = db->writing && total != db->changes_at_begin;
	db->scoped = db->writing && !db->scope_all && db->nscopes > 0 &&
		     total == db->changes_named;
	e = db->ops->commit(db);
	if (db->scoped)
		for (size_t i = 0; i < db->nscopes; i++)
			switch (db->kind[i]) {
			case DB_SCOPE_WHOLE:
				db_generation_bump_whole(db->scopes[i]);
				break;
			case DB_SCOPE_REPORTS:
				db_generation_bump_in(db->scopes[i]);
				break;
			case DB_SCOPE_CATEGORY:
				db_generation_bump_category(db->scopes[i],
							    db->scope_category[i]);
				break;
			case DB_SCOPE_COUNTS:
				db_generation_bump_counts(db->scopes[i]);
				break;
			}
	else if (db->writing)
		db_generation_bump();
	db->writing = db->scoped = false;
	return e;
}

void db_changes_unseen(struct db *db)
{
	if (db->writing)
		db->changes_at_begin = db->changes_named =
			db->ops->total_changes(db);
}

/* A plain code: it goes into a NOTIFY payload (db_pg.c) as it is. */
static bool plain_code(const char *s)
{
	size_t n = 0;

	for (; s && s[n]; n++)
		if (!((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z') ||
		      (s[n] >= '0' && s[n] <= '9') || s[n] == '_' || s[n] == '-'))
			return false;
	return n > 0 && n < DB_SCOPE_MAX;
}

/* A plain category code (afval/grofvuil): it goes into a NOTIFY payload
 * after the municipality's (db_pg.c) as it is. */
static bool plain_category(const char *s)
{
	size_t n = 0;

	for (; s && s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
		      s[n] == '_' || s[n] == '-' || s[n] == '/'))
			return false;
	return n > 0 && n < DB_CATEGORY_MAX;
}

/* Whether what entry i of the transaction named covers a new naming of
 * kind k (and category c) of the same municipality: a wider kind, or the
 * same category. */
static bool covers(const struct db *db, size_t i, enum db_scope_kind k,
		   const char *c)
{
	if (db->kind[i] == DB_SCOPE_CATEGORY && k == DB_SCOPE_CATEGORY)
		return strcmp(db->scope_category[i], c) == 0;
	return db->kind[i] >= k;
}

static void set_entry(struct db *db, size_t i, enum db_scope_kind k, const char *c)
{
	db->kind[i] = k;
	if (k == DB_SCOPE_CATEGORY)
		memcpy(db->scope_category[i], c, strlen(c) + 1);
}

/* One entry per municipality and kind (per category for reports of one):
 * a new naming that an entry of the municipality covers changes nothing,
 * one that covers an entry takes its place, and when no entry is left
 * one of the municipality's own is widened to cover both (a category to
 * reports of any). */
static void name_scope(struct db *db, const char *municipality,
		       enum db_scope_kind k, const char *category)
{
	size_t i, own = DB_SCOPES;

	if (!db->writing)
		return;
	db->changes_named = db->ops->total_changes(db);
	if (!plain_code(municipality)) {
		db->scope_all = true;
		return;
	}
	if (k == DB_SCOPE_CATEGORY && !plain_category(category))
		k = DB_SCOPE_REPORTS;
	for (i = 0; i < db->nscopes; i++) {
		if (strcmp(db->scopes[i], municipality) != 0)
			continue;
		if (covers(db, i, k, category))
			return;
		if (db->kind[i] < k) {
			set_entry(db, i, k, category);
			return;
		}
		own = i; /* another category */
	}
	if (db->nscopes == DB_SCOPES) {
		if (own < DB_SCOPES)
			set_entry(db, own, DB_SCOPE_REPORTS, NULL);
		else
			db->scope_all = true;
		return;
	}
	memcpy(db->scopes[db->nscopes], municipality, strlen(municipality) + 1);
	set_entry(db, db->nscopes++, k, category);
}

void db_write_scope(struct db *db, const char *municipality)
{
	name_scope(db, municipality, DB_SCOPE_REPORTS, NULL);
}

void db_write_scope_category(struct db *db, const char *municipality,
			     const char *category)
{
	name_scope(db, municipality, DB_SCOPE_CATEGORY, category);
}

void db_write_scope_counts(struct db *db, const char *municipality)
{
	name_scope(db, municipality, DB_SCOPE_COUNTS, NULL);
}

void db_write_in(struct db *db, const char *municipality)
{
	name_scope(db, municipality, DB_SCOPE_WHOLE, NULL);
}

enum err db_end_unseen(struct db *db, enum err e)
{
	if (e == ERR_OK)
		db_changes_unseen(db);
	return e;
}

enum err db_end_in(struct db *db, const char *municipality, enum err e)
{
	if (e == ERR_OK)
		db_write_in(db, municipality);
	return e;
}

void db_scope_job(struct db *db)
{
	if (db->writing && db->ops->total_changes(db) != db->changes_named)
		db->scope_all = true;
}

void db_rollback(struct db *db)
{
	db->writing = db->scoped = false;
	db->ops->rollback(db);
}

enum err db_write(struct db *db, db_write_fn fn, void *ctx)
{
	int tries = db_dialect(db) == DB_POSTGRES ? DB_WRITE_TRIES : 1;
	enum err e = ERR_BUSY;

	for (int i = 0; i < tries && e == ERR_BUSY; i++) {
		if (i > 0) {
			/* 1..(5 << i) ms, so two conflicting writers part. */
			uint32_t ms = randombytes_uniform(5u << i) + 1;
			struct timespec ts = {0, (long)ms * 1000000L};

			nanosleep(&ts, NULL);
		}
		if ((e = db_begin_write(db)) != ERR_OK)
			continue;
		e = fn(db, ctx);
		if (e == ERR_OK)
			e = db_commit(db);
		if (e != ERR_OK)
			db_rollback(db);
	}
	return e;
}

struct write_for {
	const char *municipality;
	db_write_fn fn;
	void *ctx;
};

static enum err write_for_fn(struct db *db, void *ctx)
{
	struct write_for *w = ctx;
	enum err e = w->fn(db, w->ctx);

	if (e == ERR_OK)
		db_write_in(db, w->municipality);
	return e;
}

enum err db_write_for(struct db *db, const char *municipality, db_write_fn fn,
		      void *ctx)
{
	struct write_for w = {municipality, fn, ctx};

	return db_write(db, write_for_fn, &w);
}

int64_t db_changes(struct db *db)
{
	return db->ops->changes(db);
}

bool db_in_transaction(struct db *db)
{
	return db->ops->in_transaction(db);
}

char *db_col_dup(struct arena *ar, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);

	return s ? arena_strdup(ar, s) : NULL;
}

enum err db_run(struct db *db, struct db_stmt *st, bool must_change)
{
	enum err e = ERR_OK;

	if (db_step(st) != DB_DONE)
		e = db_error(db, st);
	else if (must_change && db_changes(db) == 0)
		e = ERR_NOT_FOUND;
	db_done(st);
	return e;
}

enum err db_run_unseen(struct db *db, struct db_stmt *st, bool must_change)
{
	enum err e;

	/* PostgreSQL: a write outside a transaction NOTIFYs nobody.  Inside
	 * one of the caller's: the caller's commit decides (marking the
	 * caller's earlier rows unseen would hide them). */
	if (db_dialect(db) == DB_POSTGRES || db_in_transaction(db))
		return db_run(db, st, must_change);
	if ((e = db_begin_write(db)) != ERR_OK) {
		db_done(st);
		return e;
	}
	e = db_run(db, st, must_change);
	db_changes_unseen(db);
	if (e == ERR_OK || e == ERR_NOT_FOUND) {
		enum err c = db_commit(db);

		if (c == ERR_OK)
			return e;
		e = c;
	}
	/* always: SQLite may have rolled back by itself (a full disk), and
	 * the process's write mutex must still be let go */
	db_rollback(db);
	return e;
}

enum err db_get_one(struct db *db, struct db_stmt *st, struct arena *ar,
		    db_read_fn read, void *out)
{
	enum db_step r = db_step(st);
	enum err e = ERR_OK;

	if (r == DB_ROW)
		read(ar, st, out);
	else
		e = r == DB_DONE ? ERR_NOT_FOUND : db_error(db, st);
	db_done(st);
	return e;
}

enum err db_list(struct db *db, struct db_stmt *st, struct arena *ar,
		 size_t size, db_read_fn read, struct db_rows *rows)
{
	size_t cap = 0;
	enum db_step r;
	enum err e;

	rows->v = NULL;
	rows->n = 0;
	while ((r = db_step(st)) == DB_ROW) {
		rows->v = arena_vec_grow(ar, rows->v, rows->n, &cap, size);
		read(ar, st, (char *)rows->v + rows->n * size);
		rows->n++;
	}
	e = r == DB_DONE ? ERR_OK : db_error(db, st);
	db_done(st);
	return e;
}

void db_read_int(struct arena *ar, struct db_stmt *st, void *row)
{
	*(int64_t *)row = db_col_int(st, 0);
}

void db_read_text(struct arena *ar, struct db_stmt *st, void *row)
{
	*(char **)row = db_col_dup(ar, st, 0);
}

enum err db_run_returning(struct db *db, struct db_stmt *st, int64_t *id)
{
	enum err e = ERR_OK;

	if (db_step(st) == DB_ROW)
		*id = db_col_int(st, 0);
	else
		e = db_error(db, st);
	db_done(st);
	return e;
}

void db_bind_id(struct db_stmt *st, int n, int64_t id)
{
	if (id)
		db_bind_int(st, n, id);
	else
		db_bind_null(st, n);
}

int64_t db_col_id(struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? 0 : db_col_int(st, col);
}
