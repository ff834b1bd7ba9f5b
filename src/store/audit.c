/* audit: the append-only log of who did what to which record, and of every
 * view of a resident's contact data.  There is no function to change or
 * delete entries, and the table's triggers refuse it anyway.
 *
 * store_audit_add does not begin a transaction: the caller writes the
 * entry in the same transaction as the change it records, so that either
 * both are there or neither is. */
#include "accounts.h"

#include <string.h>

#include "store.h"

#define AUDIT_LIST_MAX 500

static const char sql_audit_insert[] =
	"INSERT INTO audit_log (at, actor_account_id, actor_api_key_id,"
	" actor_label, action, entity, entity_id, detail)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
/* Three texts rather than "($1 IS NULL OR entity = $1)": each filter then
 * uses the index on (entity, entity_id) on both backends.  $1 and $2 come
 * first in all three, since PostgreSQL cannot type a parameter that a
 * statement skips. */
static const char sql_audit_list_all[] =
	"SELECT id, at, actor_label, action, entity, entity_id, detail"
	" FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2";
static const char sql_audit_list_entity[] =
	"SELECT id, at, actor_label, action, entity, entity_id, detail"
	" FROM audit_log WHERE entity = $3 AND id < $1"
	" ORDER BY id DESC LIMIT $2";
static const char sql_audit_list_record[] =
	"SELECT id, at, actor_label, action, entity, entity_id, detail"
	" FROM audit_log WHERE entity = $3 AND entity_id = $4 AND id < $1"
	" ORDER BY id DESC LIMIT $2";

/* at is now; detail NULL is the empty object. */
enum err store_audit_add(struct db *db, const struct audit_entry *e)
{
	struct db_stmt *st = db_prepare(db, sql_audit_insert);
	char now[32];
	enum err r = ERR_OK;

	store_now(now, sizeof(now));
	db_bind_text(st, 1, now);
	db_bind_id(st, 2, e->actor_account_id);
	db_bind_id(st, 3, e->actor_api_key_id);
	db_bind_text(st, 4, e->actor_label);
	db_bind_text(st, 5, e->action);
	db_bind_text(st, 6, e->entity);
	db_bind_text(st, 7, e->entity_id);
	db_bind_text(st, 8, e->detail ? e->detail : "{}");
	if (db_step(st) != DB_DONE)
		r = db_error(db, st);
	db_done(st);
	return r;
}

/* entity NULL: every entry (entity_id is then ignored); entity_id NULL:
 * every entry about that kind of record. */
static struct db_stmt *audit_list_stmt(struct db *db, const char *entity,
				       const char *entity_id)
{
	struct db_stmt *st;

	if (!entity)
		return db_prepare(db, sql_audit_list_all);
	if (!entity_id) {
		st = db_prepare(db, sql_audit_list_entity);
	} else {
		st = db_prepare(db, sql_audit_list_record);
		db_bind_text(st, 4, entity_id);
	}
	db_bind_text(st, 3, entity);
	return st;
}

static void audit_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct audit_row *a = row;

	a->id = db_col_int(st, 0);
	a->at = db_col_dup(ar, st, 1);
	a->actor_label = db_col_dup(ar, st, 2);
	a->action = db_col_dup(ar, st, 3);
	a->entity = db_col_dup(ar, st, 4);
	a->entity_id = db_col_dup(ar, st, 5);
	a->detail = db_col_dup(ar, st, 6);
}

/* Newest first (by id, which follows insertion); before_id <= 0 starts at
 * the newest, else at the entry before that id (the next page).  limit is
 * clamped to 1..AUDIT_LIST_MAX. */
enum err store_audit_list(struct db *db, struct arena *ar, const char *entity,
			  const char *entity_id, int64_t before_id, int limit,
			  struct audit_row **out, size_t *n)
{
	struct db_stmt *st = audit_list_stmt(db, entity, entity_id);
	struct db_rows rows;
	enum err e;

	if (limit < 1)
		limit = 1;
	if (limit > AUDIT_LIST_MAX)
		limit = AUDIT_LIST_MAX;
	db_bind_int(st, 1, before_id > 0 ? before_id : INT64_MAX);
	db_bind_int(st, 2, limit);
	e = db_list(db, st, ar, sizeof(**out), audit_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}
