/* installation: see installation.h. */
#include "installation.h"

#include <string.h>

#include "base/util.h"

static const char sql_state_get[] =
	"SELECT value FROM installation_state WHERE name = $1";
static const char sql_state_set[] =
	"INSERT INTO installation_state (name, value) VALUES ($1, $2)"
	" ON CONFLICT (name) DO UPDATE SET value = excluded.value";

enum err store_state_get(struct db *db, struct arena *ar, const char *name,
			 char **value)
{
	struct db_stmt *st = db_prepare(db, sql_state_get);
	enum db_step r;

	db_bind_text(st, 1, name);
	r = db_step(st);
	if (r == DB_ROW) {
		*value = db_col_dup(ar, st, 0);
		db_done(st);
		return ERR_OK;
	}
	db_done(st);
	*value = NULL;
	return r == DB_DONE ? ERR_OK : db_error(db, st);
}

enum err store_state_set(struct db *db, const char *name, const char *value)
{
	struct db_stmt *st = db_prepare(db, sql_state_set);

	db_bind_text(st, 1, name);
	db_bind_text(st, 2, value);
	return db_run(db, st, true);
}

/* One pair of statements per column: every row's key by its primary
 * key, then each row updated by that key (no column here is indexed by
 * itself, so an update by value would scan the table once per value). */
enum key_by { BY_ID, BY_TEXT, BY_ID_TEXT }; /* what the update binds */

static const struct {
	const char *list, *update;
	enum key_by by;
} key_sql[KEYCOL_COUNT] = {
	[KEYCOL_SIGNAL_RESIDENT] = {
		"SELECT id, '', resident_key FROM signals"
		" WHERE resident_key IS NOT NULL",
		"UPDATE signals SET resident_key = $2 WHERE id = $1", BY_ID},
	[KEYCOL_GRADE_PERSON] = {
		"SELECT id, '', person_key FROM grades",
		"UPDATE grades SET person_key = $2 WHERE id = $1", BY_ID},
	[KEYCOL_INVITE_PERSON] = {
		"SELECT 0, token_hash, person_key FROM grade_invites",
		"UPDATE grade_invites SET person_key = $2 WHERE token_hash = $1",
		BY_TEXT},
	[KEYCOL_SUPPORTER] = {
		"SELECT kwestie_id, supporter_key, supporter_key"
		" FROM kwestie_supporters",
		"UPDATE kwestie_supporters SET supporter_key = $3"
		" WHERE kwestie_id = $1 AND supporter_key = $2", BY_ID_TEXT},
	[KEYCOL_BOUNCE] = {
		"SELECT 0, address_hash, address_hash FROM mail_bounces",
		"UPDATE mail_bounces SET address_hash = $2 WHERE address_hash = $1",
		BY_TEXT},
};

/* The duplicate check's keys matter for minutes (--dedupe-window): the
 * old ones are replaced, not keyed, in one statement. */
static const char sql_dedupe_retire[] =
	"UPDATE signals SET dedupe_key = 'retired-' || id"
	" WHERE dedupe_key NOT LIKE 'retired-%'";

struct key_row {
	int64_t id;
	char *pk, *value;
};

static enum err keys_list(struct db *db, struct arena *ar, enum key_column col,
			  struct key_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, key_sql[col].list);
	size_t cap = 0;
	enum db_step r;

	*out = NULL;
	*n = 0;
	while ((r = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			struct key_row *grown;

			cap = cap ? cap * 2 : 256;
			grown = arena_alloc(ar, cap * sizeof(*grown));
			if (*n)
				memcpy(grown, *out, *n * sizeof(*grown));
			*out = grown;
		}
		(*out)[*n] = (struct key_row){db_col_int(st, 0),
					      db_col_dup(ar, st, 1),
					      db_col_dup(ar, st, 2)};
		(*n)++;
	}
	db_done(st);
	return r == DB_DONE ? ERR_OK : db_error(db, st);
}

enum err store_keys_rekey(struct db *db, struct arena *ar, enum key_column col,
			  key_map_fn map, void *ctx, size_t *changed)
{
	struct key_row *rows;
	char fresh[33];
	size_t n;
	enum err e;

	*changed = 0;
	if (col == KEYCOL_SIGNAL_DEDUPE)
		return db_run(db, db_prepare(db, sql_dedupe_retire), false);
	e = keys_list(db, ar, col, &rows, &n);
	for (size_t i = 0; e == ERR_OK && i < n; i++) {
		struct db_stmt *st = db_prepare(db, key_sql[col].update);

		map(fresh, rows[i].value, ctx);
		switch (key_sql[col].by) {
		case BY_ID:
			db_bind_int(st, 1, rows[i].id);
			db_bind_text(st, 2, fresh);
			break;
		case BY_TEXT:
			db_bind_text(st, 1, rows[i].pk);
			db_bind_text(st, 2, fresh);
			break;
		case BY_ID_TEXT:
			db_bind_int(st, 1, rows[i].id);
			db_bind_text(st, 2, rows[i].pk);
			db_bind_text(st, 3, fresh);
			break;
		}
		e = db_run(db, st, false);
		*changed += e == ERR_OK;
	}
	return e;
}
