/* account: professional accounts and their memberships of organisations.
 *
 * No function here begins a transaction: callers group a write with its
 * audit entry in one transaction (db_begin_write ... db_commit) and roll
 * back on any error.
 *
 * E-mail addresses are stored as given; callers lower-case them, so that
 * the UNIQUE constraint and the lookup by e-mail agree. */
#include "accounts.h"

#include <string.h>

#include "store.h"

static const char sql_account_insert[] =
	"INSERT INTO accounts (email, name, is_admin, is_demo, created_at)"
	" VALUES ($1, COALESCE($2, ''), $3, $4, $5) RETURNING id";
static const char sql_account_by_email[] =
	"SELECT id, email, name, password_hash, created_at, disabled_at,"
	" is_admin, is_demo FROM accounts WHERE email = $1";
static const char sql_account_by_id[] =
	"SELECT id, email, name, password_hash, created_at, disabled_at,"
	" is_admin, is_demo FROM accounts WHERE id = $1";
static const char sql_account_password[] =
	"UPDATE accounts SET password_hash = $2 WHERE id = $1";
static const char sql_memberships[] =
	"SELECT m.organisation_id, o.name, m.role, o.municipality FROM memberships m"
	" JOIN organisations o ON o.id = m.organisation_id"
	" WHERE m.account_id = $1 ORDER BY o.name, o.id";
static const char sql_membership_put[] =
	"INSERT INTO memberships (account_id, organisation_id, role,"
	" created_at) VALUES ($1, $2, $3, $4)"
	" ON CONFLICT (account_id, organisation_id) DO UPDATE SET"
	" role = excluded.role";
static const char sql_membership_delete[] =
	"DELETE FROM memberships WHERE account_id = $1"
	" AND organisation_id = $2";
static const char sql_org_members[] =
	"SELECT a.id, a.email, a.name, a.password_hash, a.created_at,"
	" a.disabled_at, a.is_admin, a.is_demo, o.id, o.name, m.role"
	" FROM memberships m"
	" JOIN accounts a ON a.id = m.account_id"
	" JOIN organisations o ON o.id = m.organisation_id"
	" WHERE m.organisation_id = $1 ORDER BY a.email";

/* --- accounts -------------------------------------------------------- */

/* name NULL: empty.  The password hash stays NULL until it is set. */
enum err store_account_create(struct db *db, const char *email,
			      const char *name, bool is_admin, bool is_demo,
			      int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_account_insert);
	char now[32];
	enum err e = ERR_OK;

	store_now(now, sizeof(now));
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, name);
	db_bind_int(st, 3, is_admin ? 1 : 0);
	db_bind_int(st, 4, is_demo ? 1 : 0);
	db_bind_text(st, 5, now);
	if (db_step(st) == DB_ROW)
		*id = db_col_int(st, 0);
	else
		e = db_error(db, st);
	db_done(st);
	return e;
}

/* The first eight columns of sql_account_by_* and sql_org_members. */
static void account_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct account_row *a = row;

	memset(a, 0, sizeof(*a));
	a->id = db_col_int(st, 0);
	a->email = db_col_dup(ar, st, 1);
	a->name = db_col_dup(ar, st, 2);
	a->password_hash = db_col_dup(ar, st, 3);
	a->created_at = db_col_dup(ar, st, 4);
	a->disabled_at = db_col_dup(ar, st, 5);
	a->is_admin = db_col_int(st, 6) != 0;
	a->is_demo = db_col_int(st, 7) != 0;
}

enum err store_account_by_email(struct db *db, struct arena *ar,
				const char *email, struct account_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_account_by_email);

	memset(out, 0, sizeof(*out));
	db_bind_text(st, 1, email);
	return db_get_one(db, st, ar, account_read, out);
}

enum err store_account_by_id(struct db *db, struct arena *ar, int64_t id,
			     struct account_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_account_by_id);

	memset(out, 0, sizeof(*out));
	db_bind_int(st, 1, id);
	return db_get_one(db, st, ar, account_read, out);
}

enum err store_account_set_password(struct db *db, int64_t id,
				    const char *hash)
{
	struct db_stmt *st = db_prepare(db, sql_account_password);

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, hash);
	return db_run(db, st, true);
}

/* --- memberships ----------------------------------------------------- */

static void membership_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct membership_row *m = row;

	m->org_id = db_col_int(st, 0);
	m->org_name = db_col_dup(ar, st, 1);
	m->role = db_col_dup(ar, st, 2);
	m->municipality = db_col_dup(ar, st, 3);
}

/* Fills a->memberships, ordered by organisation name. */
enum err store_account_memberships(struct db *db, struct arena *ar,
				   struct account_row *a)
{
	struct db_stmt *st = db_prepare(db, sql_memberships);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, a->id);
	e = db_list(db, st, ar, sizeof(*a->memberships), membership_read, &rows);
	a->memberships = rows.v;
	a->nmemberships = rows.n;
	return e;
}

/* Insert, or change the role of an existing membership.  An unknown
 * account, organisation or role is ERR_CONFLICT (constraints). */
enum err store_membership_put(struct db *db, int64_t account_id,
			      int64_t org_id, const char *role)
{
	struct db_stmt *st = db_prepare(db, sql_membership_put);
	char now[32];

	store_now(now, sizeof(now));
	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, org_id);
	db_bind_text(st, 3, role);
	db_bind_text(st, 4, now);
	return db_run(db, st, false);
}

enum err store_membership_delete(struct db *db, int64_t account_id,
				 int64_t org_id)
{
	struct db_stmt *st = db_prepare(db, sql_membership_delete);

	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, org_id);
	return db_run(db, st, true);
}

/* One membership per account, this organisation's; other memberships of
 * the same people are left out. */
static void member_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct account_row *a = row;

	account_read(ar, st, a);
	a->memberships = arena_alloc(ar, sizeof(*a->memberships));
	a->nmemberships = 1;
	a->memberships->org_id = db_col_int(st, 8);
	a->memberships->org_name = db_col_dup(ar, st, 9);
	a->memberships->role = db_col_dup(ar, st, 10);
}

enum err store_org_members(struct db *db, struct arena *ar, int64_t org_id,
			   struct account_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_org_members);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, org_id);
	e = db_list(db, st, ar, sizeof(**out), member_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}
