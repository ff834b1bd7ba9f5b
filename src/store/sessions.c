/* sessions: login sessions (professionals and residents) and the one-time
 * tokens sent by mail.  Only hashes of the secrets are stored; the caller
 * hashes before it asks.
 *
 * No function here begins a transaction: callers group a write with its
 * audit entry in one transaction (db_begin_write ... db_commit) and roll
 * back on any error.
 *
 * Times are ISO 8601 UTC text, so comparing them as text compares them as
 * times.  Reading a session or token does not look at its expiry: the
 * caller compares the times, and the expire functions clean up. */
#include "accounts.h"

#include <string.h>

#include "store.h"

static const char sql_session_insert[] =
	"INSERT INTO sessions (token_hash, account_id, resident_email, csrf,"
	" created_at, last_seen_at, expires_at)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char sql_session_get[] =
	"SELECT token_hash, account_id, resident_email, csrf, created_at,"
	" last_seen_at, expires_at FROM sessions WHERE token_hash = $1";
static const char sql_session_touch[] =
	"UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1";
static const char sql_session_delete[] =
	"DELETE FROM sessions WHERE token_hash = $1";
static const char sql_sessions_delete_account[] =
	"DELETE FROM sessions WHERE account_id = $1";
static const char sql_sessions_expire[] =
	"DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2";

static const char sql_token_insert[] =
	"INSERT INTO tokens (token_hash, kind, email, account_id,"
	" organisation_id, role, created_at, expires_at)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char sql_token_get[] =
	"SELECT token_hash, kind, email, account_id, organisation_id, role,"
	" created_at, expires_at, used_at FROM tokens WHERE token_hash = $1";
/* The condition on used_at makes two concurrent uses safe: only one of
 * them changes the row. */
static const char sql_token_use[] =
	"UPDATE tokens SET used_at = $2 WHERE token_hash = $1"
	" AND used_at IS NULL";
static const char sql_tokens_expire[] =
	"DELETE FROM tokens WHERE expires_at < $1";

/* --- sessions -------------------------------------------------------- */

/* Exactly one of account_id and resident_email (else ERR_CONFLICT, by the
 * table's CHECK); created_at NULL: now. */
enum err store_session_create(struct db *db, const struct session_row *s)
{
	struct db_stmt *st = db_prepare(db, sql_session_insert);
	char now[32];

	store_now(now, sizeof(now));
	db_bind_text(st, 1, s->token_hash);
	db_bind_id(st, 2, s->account_id);
	db_bind_text(st, 3, s->resident_email);
	db_bind_text(st, 4, s->csrf);
	db_bind_text(st, 5, s->created_at ? s->created_at : now);
	db_bind_text(st, 6, s->last_seen_at ? s->last_seen_at : now);
	db_bind_text(st, 7, s->expires_at);
	/* on no public answer: a log-in keeps every kept answer (on SQLite a
	 * write outside a transaction looked like another process's and
	 * dropped them all, db.h) */
	return db_run_unseen(db, st, false);
}

static void session_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct session_row *s = row;

	s->token_hash = db_col_dup(ar, st, 0);
	s->account_id = db_col_int(st, 1); /* NULL reads as 0 */
	s->resident_email = db_col_dup(ar, st, 2);
	s->csrf = db_col_dup(ar, st, 3);
	s->created_at = db_col_dup(ar, st, 4);
	s->last_seen_at = db_col_dup(ar, st, 5);
	s->expires_at = db_col_dup(ar, st, 6);
}

/* ERR_NOT_FOUND for an unknown hash; an expired session is returned as it
 * is (the caller checks its times). */
enum err store_session_get(struct db *db, struct arena *ar,
			   const char *token_hash, struct session_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_session_get);

	memset(out, 0, sizeof(*out));
	db_bind_text(st, 1, token_hash);
	return db_get_one(db, st, ar, session_read, out);
}

enum err store_session_touch(struct db *db, const char *token_hash,
			     const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_session_touch);

	db_bind_text(st, 1, token_hash);
	db_bind_text(st, 2, now);
	return db_run_unseen(db, st, true); /* on no public answer */
}

/* ERR_NOT_FOUND when there was no such session (a logout may ignore it). */
enum err store_session_delete(struct db *db, const char *token_hash)
{
	struct db_stmt *st = db_prepare(db, sql_session_delete);

	db_bind_text(st, 1, token_hash);
	return db_run_unseen(db, st, true); /* on no public answer */
}

/* Every session of the account (password changed, account disabled);
 * ERR_OK also when there were none. */
enum err store_sessions_delete_account(struct db *db, int64_t account_id)
{
	struct db_stmt *st = db_prepare(db, sql_sessions_delete_account);

	db_bind_int(st, 1, account_id);
	return db_run(db, st, false);
}

enum err store_sessions_expire(struct db *db, const char *now,
			       const char *idle_before)
{
	struct db_stmt *st = db_prepare(db, sql_sessions_expire);

	db_bind_text(st, 1, now);
	db_bind_text(st, 2, idle_before);
	return db_run(db, st, false);
}

/* --- one-time tokens ------------------------------------------------- */

/* A new token is unused (t->used_at is ignored); created_at NULL: now. */
enum err store_token_create(struct db *db, const struct token_row *t)
{
	struct db_stmt *st = db_prepare(db, sql_token_insert);
	char now[32];

	store_now(now, sizeof(now));
	db_bind_text(st, 1, t->token_hash);
	db_bind_text(st, 2, t->kind);
	db_bind_text(st, 3, t->email);
	db_bind_id(st, 4, t->account_id);
	db_bind_id(st, 5, t->org_id);
	db_bind_text(st, 6, t->role);
	db_bind_text(st, 7, t->created_at ? t->created_at : now);
	db_bind_text(st, 8, t->expires_at);
	return db_run(db, st, false);
}

static void token_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct token_row *t = row;

	t->token_hash = db_col_dup(ar, st, 0);
	t->kind = db_col_dup(ar, st, 1);
	t->email = db_col_dup(ar, st, 2);
	t->account_id = db_col_int(st, 3);
	t->org_id = db_col_int(st, 4);
	t->role = db_col_dup(ar, st, 5);
	t->created_at = db_col_dup(ar, st, 6);
	t->expires_at = db_col_dup(ar, st, 7);
	t->used_at = db_col_dup(ar, st, 8);
}

/* Used and expired tokens too: the caller checks used_at and expires_at. */
enum err store_token_get(struct db *db, struct arena *ar,
			 const char *token_hash, struct token_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_token_get);

	memset(out, 0, sizeof(*out));
	db_bind_text(st, 1, token_hash);
	return db_get_one(db, st, ar, token_read, out);
}

/* ERR_CONFLICT when no unused token with that hash was there: used
 * already (by a concurrent request too), or deleted by expiry since the
 * caller read it. */
enum err store_token_use(struct db *db, const char *token_hash,
			 const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_token_use);
	enum err e;

	db_bind_text(st, 1, token_hash);
	db_bind_text(st, 2, now);
	e = db_run(db, st, true);
	return e == ERR_NOT_FOUND ? ERR_CONFLICT : e;
}

/* Expired tokens, used or not. */
enum err store_tokens_expire(struct db *db, const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_tokens_expire);

	db_bind_text(st, 1, now);
	return db_run(db, st, false);
}
