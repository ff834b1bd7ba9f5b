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

/* One pair of statements per column: SQL stays constant text. */
static const struct {
	const char *list, *update;
} key_sql[KEYCOL_COUNT] = {
	[KEYCOL_SIGNAL_RESIDENT] = {
		"SELECT DISTINCT resident_key FROM signals"
		" WHERE resident_key IS NOT NULL",
		"UPDATE signals SET resident_key = $2 WHERE resident_key = $1"},
	[KEYCOL_SIGNAL_DEDUPE] = {
		"SELECT DISTINCT dedupe_key FROM signals",
		"UPDATE signals SET dedupe_key = $2 WHERE dedupe_key = $1"},
	[KEYCOL_GRADE_PERSON] = {
		"SELECT DISTINCT person_key FROM grades",
		"UPDATE grades SET person_key = $2 WHERE person_key = $1"},
	[KEYCOL_INVITE_PERSON] = {
		"SELECT DISTINCT person_key FROM grade_invites",
		"UPDATE grade_invites SET person_key = $2 WHERE person_key = $1"},
	[KEYCOL_SUPPORTER] = {
		"SELECT DISTINCT supporter_key FROM kwestie_supporters",
		"UPDATE kwestie_supporters SET supporter_key = $2"
		" WHERE supporter_key = $1"},
};

static enum err keys_list(struct db *db, struct arena *ar, enum key_column col,
			  char ***out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, key_sql[col].list);
	size_t cap = 0;
	enum db_step r;

	*out = NULL;
	*n = 0;
	while ((r = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			char **grown;

			cap = cap ? cap * 2 : 64;
			grown = arena_alloc(ar, cap * sizeof(*grown));
			if (*n)
				memcpy(grown, *out, *n * sizeof(*grown));
			*out = grown;
		}
		(*out)[(*n)++] = db_col_dup(ar, st, 0);
	}
	db_done(st);
	return r == DB_DONE ? ERR_OK : db_error(db, st);
}

enum err store_keys_rekey(struct db *db, struct arena *ar, enum key_column col,
			  key_map_fn map, void *ctx, size_t *changed)
{
	char **keys, fresh[33];
	size_t n;
	enum err e = keys_list(db, ar, col, &keys, &n);

	*changed = 0;
	for (size_t i = 0; e == ERR_OK && i < n; i++) {
		struct db_stmt *st = db_prepare(db, key_sql[col].update);

		map(fresh, keys[i], ctx);
		db_bind_text(st, 1, keys[i]);
		db_bind_text(st, 2, fresh);
		e = db_run(db, st, false);
		*changed += e == ERR_OK;
	}
	return e;
}
