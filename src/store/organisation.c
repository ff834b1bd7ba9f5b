/* organisation: organisations, the areas where they work, and their API keys.
 *
 * No function here begins a transaction: callers group a write with its
 * audit entry in one transaction (db_begin_write ... db_commit) and roll
 * back on any error.  That matters for store_org_set_areas, which deletes
 * before it inserts: on an error the old areas are already gone until the
 * caller rolls back. */
#include "accounts.h"

#include <string.h>

#include "store.h"

#include <stdio.h>

#include "base/log.h"
#include "domain/organisation.h"

static const char sql_org_insert[] =
	"INSERT INTO organisations (municipality, name, kind, kvk, is_demo,"
	" created_at, updated_at, name_key) VALUES ($1, $2, $3, $4, $5, $6, $6, $7)"
	" RETURNING id";
static const char sql_org_update[] =
	"UPDATE organisations SET name = $2, kind = $3, kvk = $4,"
	" updated_at = $5, name_key = $6 WHERE id = $1";
static const char sql_org_keyless[] =
	"SELECT id, name FROM organisations WHERE name_key IS NULL ORDER BY id";
static const char sql_org_set_key[] =
	"UPDATE organisations SET name_key = $2 WHERE id = $1";
static const char sql_org_exists_key[] =
	"SELECT 1 FROM organisations o WHERE o.name_key = $1 AND o.id <> $2"
	" AND o.municipality = (SELECT m.municipality FROM organisations m"
	" WHERE m.id = $2)";
static const char sql_org_delete[] = "DELETE FROM organisations WHERE id = $1";
static const char sql_org_in_muni[] =
	"SELECT 1 FROM organisations WHERE id = $1 AND municipality = $2";
static const char sql_org_areas_clear[] =
	"DELETE FROM organisation_areas WHERE organisation_id = $1";
static const char sql_org_area_insert[] =
	"INSERT INTO organisation_areas (organisation_id, municipality,"
	" area_code) VALUES ($1, $2, $3)";
static const char sql_org_get[] =
	"SELECT id, municipality, name, kind, kvk, is_demo, created_at,"
	" updated_at FROM organisations WHERE id = $1";
static const char sql_org_areas[] =
	"SELECT area_code FROM organisation_areas WHERE organisation_id = $1"
	" ORDER BY area_code";
static const char sql_org_list[] =
	"SELECT id, municipality, name, kind, kvk, is_demo, created_at,"
	" updated_at FROM organisations WHERE municipality = $1"
	" ORDER BY name, id";

static const char sql_key_insert[] =
	"INSERT INTO api_keys (organisation_id, name, prefix, key_hash, scopes,"
	" created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
	" RETURNING id";
static const char sql_key_by_prefix[] =
	"SELECT k.id, k.organisation_id, k.name, k.prefix, k.key_hash, k.scopes,"
	" k.created_at, k.last_used_at, k.revoked_at, o.municipality"
	" FROM api_keys k JOIN organisations o ON o.id = k.organisation_id"
	" WHERE k.prefix = $1";
static const char sql_key_list[] =
	"SELECT id, organisation_id, name, prefix, key_hash, scopes,"
	" created_at, last_used_at, revoked_at FROM api_keys"
	" WHERE organisation_id = $1 ORDER BY id";
static const char sql_key_revoke[] =
	"UPDATE api_keys SET revoked_at = $3"
	" WHERE organisation_id = $1 AND id = $2 AND revoked_at IS NULL";
static const char sql_key_touch[] =
	"UPDATE api_keys SET last_used_at = $2 WHERE id = $1";

/* --- organisations --------------------------------------------------- */

/* Bind the comparison key of a name (domain/organisation.h); the value
 * is copied by the bind. */
static void bind_name_key(struct db_stmt *st, int n, const char *name)
{
	struct arena ar;

	arena_init(&ar);
	db_bind_text(st, n, org_name_key(&ar, name ? name : ""));
	arena_clear(&ar);
}

enum err store_org_create(struct db *db, const struct org_row *o, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_org_insert);
	char now[32];

	store_now(now, sizeof(now));
	db_bind_text(st, 1, o->municipality);
	db_bind_text(st, 2, o->name);
	db_bind_text(st, 3, o->kind);
	db_bind_text(st, 4, o->kvk);
	db_bind_int(st, 5, o->is_demo ? 1 : 0);
	db_bind_text(st, 6, now);
	bind_name_key(st, 7, o->name);
	return db_run_returning(db, st, id);
}

enum err store_org_update(struct db *db, const struct org_row *o)
{
	struct db_stmt *st = db_prepare(db, sql_org_update);
	char now[32];

	store_now(now, sizeof(now));
	db_bind_int(st, 1, o->id);
	db_bind_text(st, 2, o->name);
	db_bind_text(st, 3, o->kind);
	db_bind_text(st, 4, o->kvk);
	db_bind_text(st, 5, now);
	bind_name_key(st, 6, o->name);
	return db_run(db, st, true);
}

struct keyless {
	int64_t id;
	char *name;
};

static void keyless_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct keyless *k = row;

	k->id = db_col_int(st, 0);
	k->name = db_col_dup(ar, st, 1);
}

/* Inside db_write: a key for every organisation without one.  Names that
 * were told apart by case alone before migration 009 cannot share a key:
 * the later one gets its key made unique with its id, and the beheerder
 * is told to merge or rename them. */
static enum err keys_fill_tx(struct db *db, void *p)
{
	struct arena *ar = p;
	struct db_stmt *st = db_prepare(db, sql_org_keyless);
	struct db_rows rows;
	const char *key;
	enum err e;

	if ((e = db_list(db, st, ar, sizeof(struct keyless), keyless_read,
			 &rows)) != ERR_OK)
		return e;
	for (size_t i = 0; e == ERR_OK && i < rows.n; i++) {
		const struct keyless *k = (const struct keyless *)rows.v + i;
		int dup;

		key = org_name_key(ar, k->name);
		st = db_prepare(db, sql_org_exists_key);
		db_bind_text(st, 1, key);
		db_bind_int(st, 2, k->id);
		dup = db_step(st) == DB_ROW;
		db_done(st);
		if (dup) {
			key = arena_printf(ar, "%s#%lld", key, (long long)k->id);
			log_event("warn", "organisation_name_twice", "id",
				  arena_printf(ar, "%lld", (long long)k->id),
				  "hint", "merge or rename organisations whose names "
					  "differ in case only");
		}
		st = db_prepare(db, sql_org_set_key);
		db_bind_int(st, 1, k->id);
		db_bind_text(st, 2, key);
		e = db_run(db, st, true);
	}
	return e;
}

enum err store_org_keys_fill(struct db *db)
{
	struct arena ar;
	enum err e;

	arena_init(&ar);
	e = db_write(db, keys_fill_tx, &ar);
	arena_clear(&ar);
	return e;
}

/* Memberships, areas, API keys and pending tokens go with it (ON DELETE
 * CASCADE); the audit log keeps the organisation's id as text. */
enum err store_org_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql_org_delete);

	db_bind_int(st, 1, id);
	return db_run(db, st, true);
}

/* The schema ties an area to the municipality stored next to it, not to
 * the organisation's; this check keeps an organisation out of another
 * municipality's areas. */
static enum err org_in_municipality(struct db *db, int64_t id,
				    const char *municipality)
{
	struct db_stmt *st = db_prepare(db, sql_org_in_muni);
	int64_t one;

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, municipality);
	return db_get_one(db, st, NULL, db_read_int, &one);
}

static enum err org_area_insert(struct db *db, int64_t id,
				const char *municipality, const char *code)
{
	struct db_stmt *st = db_prepare(db, sql_org_area_insert);

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, municipality);
	db_bind_text(st, 3, code);
	return db_run(db, st, false);
}

enum err store_org_set_areas(struct db *db, int64_t id,
			     const char *municipality, char *const *codes,
			     size_t n)
{
	struct db_stmt *st;
	enum err e;

	if ((e = org_in_municipality(db, id, municipality)) != ERR_OK)
		return e;
	st = db_prepare(db, sql_org_areas_clear);
	db_bind_int(st, 1, id);
	if ((e = db_run(db, st, false)) != ERR_OK)
		return e;
	for (size_t i = 0; i < n && e == ERR_OK; i++)
		e = org_area_insert(db, id, municipality, codes[i]);
	return e;
}

static void org_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct org_row *o = row;

	memset(o, 0, sizeof(*o));
	o->id = db_col_int(st, 0);
	o->municipality = db_col_dup(ar, st, 1);
	o->name = db_col_dup(ar, st, 2);
	o->kind = db_col_dup(ar, st, 3);
	o->kvk = db_col_dup(ar, st, 4);
	o->is_demo = db_col_int(st, 5) != 0;
	o->created_at = db_col_dup(ar, st, 6);
	o->updated_at = db_col_dup(ar, st, 7);
}

static enum err org_areas_read(struct db *db, struct arena *ar,
			       struct org_row *o)
{
	struct db_stmt *st = db_prepare(db, sql_org_areas);
	struct db_rows got;
	enum err e;

	db_bind_int(st, 1, o->id);
	e = db_list(db, st, ar, sizeof(*o->areas), db_read_text, &got);
	o->areas = got.v;
	o->nareas = got.n;
	return e;
}

enum err store_org_get(struct db *db, struct arena *ar, int64_t id,
		       struct org_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_org_get);
	enum err e;

	memset(out, 0, sizeof(*out));
	db_bind_int(st, 1, id);
	e = db_get_one(db, st, ar, org_read, out);
	return e == ERR_OK ? org_areas_read(db, ar, out) : e;
}

/* Without areas (nareas 0): lists stay one query. */
enum err store_org_list(struct db *db, struct arena *ar,
			const char *municipality, struct org_row **out,
			size_t *n)
{
	struct db_rows got;
	struct db_stmt *st = db_prepare(db, sql_org_list);
	enum err e;

	*n = 0;
	db_bind_text(st, 1, municipality);
	e = db_list(db, st, ar, sizeof(**out), org_read, &got);
	*out = got.v;
	*n = got.n;
	return e;
}

/* --- API keys -------------------------------------------------------- */

/* created_by 0: no account (made by a tool); created_at NULL: now. */
enum err store_apikey_create(struct db *db, const struct apikey_row *k,
			     int64_t created_by, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_key_insert);
	char now[32];

	store_now(now, sizeof(now));
	db_bind_int(st, 1, k->org_id);
	db_bind_text(st, 2, k->name);
	db_bind_text(st, 3, k->prefix);
	db_bind_text(st, 4, k->key_hash);
	db_bind_text(st, 5, k->scopes);
	if (created_by)
		db_bind_int(st, 6, created_by);
	else
		db_bind_null(st, 6);
	db_bind_text(st, 7, k->created_at ? k->created_at : now);
	return db_run_returning(db, st, id);
}

static void key_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct apikey_row *k = row;

	memset(k, 0, sizeof(*k));
	k->id = db_col_int(st, 0);
	k->org_id = db_col_int(st, 1);
	k->name = db_col_dup(ar, st, 2);
	k->prefix = db_col_dup(ar, st, 3);
	k->key_hash = db_col_dup(ar, st, 4);
	k->scopes = db_col_dup(ar, st, 5);
	k->created_at = db_col_dup(ar, st, 6);
	k->last_used_at = db_col_dup(ar, st, 7);
	k->revoked_at = db_col_dup(ar, st, 8);
}

/* key_read and the organisation's municipality (column 9). */
static void key_muni_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct apikey_row *k = row;

	key_read(ar, st, row);
	k->municipality = db_col_dup(ar, st, 9);
}

/* Revoked keys too: the caller checks revoked_at. */
enum err store_apikey_by_prefix(struct db *db, struct arena *ar,
				const char *prefix, struct apikey_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_key_by_prefix);

	memset(out, 0, sizeof(*out));
	db_bind_text(st, 1, prefix);
	return db_get_one(db, st, ar, key_muni_read, out);
}

/* Oldest first, revoked ones included. */
enum err store_apikey_list(struct db *db, struct arena *ar, int64_t org_id,
			   struct apikey_row **out, size_t *n)
{
	struct db_rows got;
	struct db_stmt *st = db_prepare(db, sql_key_list);
	enum err e;

	*n = 0;
	db_bind_int(st, 1, org_id);
	e = db_list(db, st, ar, sizeof(**out), key_read, &got);
	*out = got.v;
	*n = got.n;
	return e;
}

/* ERR_NOT_FOUND when the key is not this organisation's or was revoked
 * already: the first revocation time stays. */
enum err store_apikey_revoke(struct db *db, int64_t org_id, int64_t id,
			     const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_key_revoke);

	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, id);
	db_bind_text(st, 3, now);
	return db_run(db, st, true);
}

enum err store_apikey_touch(struct db *db, int64_t id, const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_key_touch);

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, now);
	return db_run_unseen(db, st, true); /* on no public answer */
}
