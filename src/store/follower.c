/* follower: see follower.h. */
#include "follower.h"

#include <string.h>

#define FOLLOWER_COLS                                                       \
	"SELECT id, kwestie_id, area_code, email, created_at, confirmed_at" \
	" FROM followers"

/* What is followed is matched as the unique index followers_once says it. */
static const char sql_find[] =
	FOLLOWER_COLS " WHERE coalesce(kwestie_id, 0) = $1"
		      " AND coalesce(area_code, '') = $2 AND email = $3";
static const char sql_insert[] =
	"INSERT INTO followers (municipality, kwestie_id, area_code, email,"
	" confirm_hash, created_at, lang, frequency)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char sql_refresh[] =
	"UPDATE followers SET confirm_hash = $2, created_at = $3, frequency = $4"
	" WHERE id = $1 AND confirmed_at IS NULL";
/* The unsubscribe link of one mail (migration 010, follower_tokens). */
static const char sql_token_add[] =
	"INSERT INTO follower_tokens (token_hash, follower_id, created_at)"
	" VALUES ($1, $2, $3)";
static const char sql_by_confirm[] =
	FOLLOWER_COLS " WHERE confirm_hash = $1 AND confirmed_at IS NULL"
		      " AND created_at >= $2";
static const char sql_by_unsubscribe[] =
	"SELECT f.id, f.kwestie_id, f.area_code, f.email, f.created_at,"
	" f.confirmed_at FROM followers f JOIN follower_tokens t"
	" ON t.follower_id = f.id WHERE t.token_hash = $1";
static const char sql_confirm[] =
	"UPDATE followers SET confirmed_at = $2, confirm_hash = NULL,"
	" mailed_upto = (SELECT COALESCE(MAX(id), 0) FROM timeline)"
	" WHERE id = $1 AND confirmed_at IS NULL";
static const char sql_delete[] = "DELETE FROM followers WHERE id = $1";
static const char sql_purge[] =
	"DELETE FROM followers WHERE (confirmed_at IS NULL AND created_at < $1)"
	" OR kwestie_id IN (SELECT id FROM kwesties WHERE closed_at IS NOT NULL"
	" AND closed_at < $2)";

static void follower_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct follower_row *r = row;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, 0);
	r->kwestie_id = db_col_id(st, 1);
	r->area_code = db_col_dup(ar, st, 2);
	r->email = db_col_dup(ar, st, 3);
	r->created_at = db_col_dup(ar, st, 4);
	r->confirmed_at = db_col_dup(ar, st, 5);
}

enum err store_follower_find(struct db *db, struct arena *ar,
			     const struct follower_new *f,
			     struct follower_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_find);

	db_bind_int(st, 1, f->kwestie_id);
	db_bind_text(st, 2, f->area_code ? f->area_code : "");
	db_bind_text(st, 3, f->email);
	return db_get_one(db, st, ar, follower_read, out);
}

/* The unsubscribe token of the mail about to be sent. */
static enum err token_add(struct db *db, int64_t id,
			  const struct follower_new *f)
{
	struct db_stmt *st = db_prepare(db, sql_token_add);

	db_bind_text(st, 1, f->unsubscribe_hash);
	db_bind_int(st, 2, id);
	db_bind_text(st, 3, f->now);
	return db_run(db, st, false);
}

enum err store_follower_insert(struct db *db, const struct follower_new *f,
			       int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_insert);
	enum err e;

	db_bind_text(st, 1, f->municipality);
	db_bind_id(st, 2, f->kwestie_id);
	db_bind_text(st, 3, f->area_code);
	db_bind_text(st, 4, f->email);
	db_bind_text(st, 5, f->confirm_hash);
	db_bind_text(st, 6, f->now);
	db_bind_text(st, 7, f->lang ? f->lang : "nl");
	db_bind_text(st, 8, f->frequency ? f->frequency : "direct");
	if ((e = db_run_returning(db, st, id)) != ERR_OK)
		return e;
	return token_add(db, *id, f);
}

enum err store_follower_refresh(struct db *db, int64_t id,
				const struct follower_new *f)
{
	struct db_stmt *st = db_prepare(db, sql_refresh);
	enum err e;

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, f->confirm_hash);
	db_bind_text(st, 3, f->now);
	db_bind_text(st, 4, f->frequency ? f->frequency : "direct");
	if ((e = db_run(db, st, true)) != ERR_OK)
		return e;
	return token_add(db, id, f);
}

enum err store_follower_by_confirm(struct db *db, struct arena *ar,
				   const char *hash, const char *since,
				   struct follower_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_by_confirm);

	db_bind_text(st, 1, hash);
	db_bind_text(st, 2, since);
	return db_get_one(db, st, ar, follower_read, out);
}

enum err store_follower_by_unsubscribe(struct db *db, struct arena *ar,
				       const char *hash,
				       struct follower_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_by_unsubscribe);

	db_bind_text(st, 1, hash);
	return db_get_one(db, st, ar, follower_read, out);
}

enum err store_follower_confirm(struct db *db, int64_t id, const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_confirm);

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, now);
	return db_run(db, st, true);
}

enum err store_follower_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql_delete);

	db_bind_int(st, 1, id);
	return db_run(db, st, true);
}

enum err store_followers_purge(struct db *db, const char *created_before,
			       const char *closed_before, int64_t *count)
{
	struct db_stmt *st = db_prepare(db, sql_purge);
	enum err e;

	db_bind_text(st, 1, created_before);
	db_bind_text(st, 2, closed_before);
	e = db_run(db, st, false);
	*count = e == ERR_OK ? db_changes(db) : 0;
	return e;
}
