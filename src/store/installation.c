/* installation: see installation.h. */
#include "installation.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
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

/* One pair of statements per column: the rows' keys by their primary
 * key a page at a time, then each row updated by that key (no column
 * here is indexed by itself, so an update by value would scan the table
 * once per value).  A page of some KEY_PAGE rows, after the last one
 * keyed ($1): a generated 10M database has 2.3 million supporters, and
 * all of them read at once took a first start to 471 MB (82 MB by
 * pages, bench/RESULTS.md).  The
 * supporters' page is whole kwesties (their key is part of the primary
 * key that the update changes), the bounces (one per address that
 * bounced) are read at once. */
enum key_by { BY_ID, BY_TEXT, BY_ID_TEXT }; /* what the update binds */
enum key_after { AFTER_ID, AFTER_TEXT, AFTER_NONE }; /* what $1 is */

#define KEY_PAGE "2000"

static const struct {
	const char *list, *update;
	enum key_by by;
	enum key_after after;
} key_sql[KEYCOL_COUNT] = {
	[KEYCOL_SIGNAL_RESIDENT] = {
		"SELECT id, '', resident_key FROM signals"
		" WHERE resident_key IS NOT NULL AND id > $1 ORDER BY id"
		" LIMIT " KEY_PAGE,
		"UPDATE signals SET resident_key = $2 WHERE id = $1", BY_ID,
		AFTER_ID},
	[KEYCOL_GRADE_PERSON] = {
		"SELECT id, '', person_key FROM grades WHERE id > $1 ORDER BY id"
		" LIMIT " KEY_PAGE,
		"UPDATE grades SET person_key = $2 WHERE id = $1", BY_ID,
		AFTER_ID},
	[KEYCOL_INVITE_PERSON] = {
		"SELECT 0, token_hash, person_key FROM grade_invites"
		" WHERE token_hash > $1 ORDER BY token_hash LIMIT " KEY_PAGE,
		"UPDATE grade_invites SET person_key = $2 WHERE token_hash = $1",
		BY_TEXT, AFTER_TEXT},
	[KEYCOL_SUPPORTER] = {
		"SELECT kwestie_id, supporter_key, supporter_key"
		" FROM kwestie_supporters WHERE kwestie_id > $1 AND kwestie_id <="
		" (SELECT max(kwestie_id) FROM (SELECT kwestie_id FROM"
		" kwestie_supporters WHERE kwestie_id > $1 ORDER BY kwestie_id"
		" LIMIT " KEY_PAGE ") p) ORDER BY kwestie_id",
		"UPDATE kwestie_supporters SET supporter_key = $3"
		" WHERE kwestie_id = $1 AND supporter_key = $2", BY_ID_TEXT,
		AFTER_ID},
	[KEYCOL_BOUNCE] = {
		"SELECT 0, address_hash, address_hash FROM mail_bounces",
		"UPDATE mail_bounces SET address_hash = $2 WHERE address_hash = $1",
		BY_TEXT, AFTER_NONE},
};

/* PostgreSQL: a page's updates in one statement, the keys as bound
 * array texts in the order the row update binds them (one round trip
 * per row made a first start on a generated 1M database key 234,974
 * values in 75 s, bench/RESULTS.md).  The join reads the table as it
 * was before the statement, so a fresh key that equals another row's
 * old one is not met again. */
static const char *const key_sql_pg[KEYCOL_COUNT] = {
	[KEYCOL_SIGNAL_RESIDENT] =
		"UPDATE signals s SET resident_key = u.v FROM unnest(CAST($1 AS"
		" bigint[]), CAST($2 AS text[])) AS u(id, v) WHERE s.id = u.id",
	[KEYCOL_GRADE_PERSON] =
		"UPDATE grades g SET person_key = u.v FROM unnest(CAST($1 AS"
		" bigint[]), CAST($2 AS text[])) AS u(id, v) WHERE g.id = u.id",
	[KEYCOL_INVITE_PERSON] =
		"UPDATE grade_invites g SET person_key = u.v FROM unnest(CAST($1"
		" AS text[]), CAST($2 AS text[])) AS u(pk, v) WHERE g.token_hash ="
		" u.pk",
	[KEYCOL_SUPPORTER] =
		"UPDATE kwestie_supporters k SET supporter_key = u.v FROM"
		" unnest(CAST($1 AS bigint[]), CAST($2 AS text[]), CAST($3 AS"
		" text[])) AS u(id, pk, v) WHERE k.kwestie_id = u.id AND"
		" k.supporter_key = u.pk",
	[KEYCOL_BOUNCE] =
		"UPDATE mail_bounces m SET address_hash = u.v FROM unnest(CAST($1"
		" AS text[]), CAST($2 AS text[])) AS u(pk, v) WHERE m.address_hash"
		" = u.pk",
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

/* The page after (after_id, after_pk): see key_sql. */
static enum err keys_page(struct db *db, struct arena *ar, enum key_column col,
			  int64_t after_id, const char *after_pk,
			  struct key_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, key_sql[col].list);
	size_t cap = 0;
	enum db_step r;

	*out = NULL;
	*n = 0;
	if (key_sql[col].after == AFTER_ID)
		db_bind_int(st, 1, after_id);
	else if (key_sql[col].after == AFTER_TEXT)
		db_bind_text(st, 1, after_pk);
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

/* One element of an array literal: quoted, with \ and " escaped. */
static void array_elem(struct buf *b, const char *s, bool first)
{
	if (!first)
		buf_addc(b, ',');
	if (!s) {
		buf_adds(b, "NULL");
		return;
	}
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

static enum err rekey_page_pg(struct db *db, enum key_column col,
			      const struct key_row *rows, size_t n,
			      key_map_fn map, void *ctx)
{
	struct buf ids, pks, vals;
	char fresh[33], num[24];
	enum err e = ERR_INTERNAL;
	int k = 1;

	buf_init(&ids, 0);
	buf_init(&pks, 0);
	buf_init(&vals, 0);
	buf_addc(&ids, '{');
	buf_addc(&pks, '{');
	buf_addc(&vals, '{');
	for (size_t i = 0; i < n; i++) {
		map(fresh, rows[i].value, ctx);
		snprintf(num, sizeof(num), "%s%" PRId64, i ? "," : "", rows[i].id);
		buf_adds(&ids, num);
		array_elem(&pks, rows[i].pk, i == 0);
		array_elem(&vals, fresh, i == 0);
	}
	buf_addc(&ids, '}');
	buf_addc(&pks, '}');
	buf_addc(&vals, '}');
	if (!ids.overflow && !pks.overflow && !vals.overflow) {
		struct db_stmt *st = db_prepare(db, key_sql_pg[col]);

		if (key_sql[col].by != BY_TEXT)
			db_bind_text(st, k++, buf_str(&ids));
		if (key_sql[col].by != BY_ID)
			db_bind_text(st, k++, buf_str(&pks));
		db_bind_text(st, k, buf_str(&vals));
		e = db_run(db, st, false);
	}
	buf_release(&ids);
	buf_release(&pks);
	buf_release(&vals);
	return e;
}

static enum err rekey_page(struct db *db, enum key_column col,
			   const struct key_row *rows, size_t n, key_map_fn map,
			   void *ctx)
{
	char fresh[33];
	enum err e = ERR_OK;

	if (db_dialect(db) == DB_POSTGRES)
		return n ? rekey_page_pg(db, col, rows, n, map, ctx) : ERR_OK;
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
	}
	return e;
}

enum err store_keys_rekey(struct db *db, enum key_column col, key_map_fn map,
			  void *ctx, size_t *changed)
{
	struct arena page;
	struct key_row *rows;
	int64_t after_id = 0;
	char *after_pk;
	size_t n;
	enum err e;

	*changed = 0;
	if (col == KEYCOL_SIGNAL_DEDUPE)
		return db_run(db, db_prepare(db, sql_dedupe_retire), false);
	after_pk = xstrdup("");
	arena_init(&page);
	do {
		e = keys_page(db, &page, col, after_id, after_pk, &rows, &n);
		if (e == ERR_OK)
			e = rekey_page(db, col, rows, n, map, ctx);
		if (e == ERR_OK && n) {
			*changed += n;
			after_id = rows[n - 1].id;
			free(after_pk);
			after_pk = xstrdup(rows[n - 1].pk ? rows[n - 1].pk : "");
		}
		arena_clear(&page);
	} while (e == ERR_OK && n && key_sql[col].after != AFTER_NONE);
	free(after_pk);
	return e;
}
