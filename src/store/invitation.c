/* invitation: the pending invitations of an organisation.  An
 * invitation is an "invite" token (address, organisation, role, validity;
 * only the hash of its secret) and a row in invitations with an id and
 * who sent it.  Pending means unused and unexpired.  Revoking deletes the
 * token, so its link answers like any unknown link, and the invitations
 * row goes with it (ON DELETE CASCADE); the audit log keeps the history.
 *
 * As in account.c, no function here begins a transaction. */
#include "accounts.h"

#include <string.h>

#include "store.h"

static const char sql_invitation_insert[] =
	"INSERT INTO invitations (token_hash, invited_by, invited_by_label)"
	" VALUES ($1, $2, $3) RETURNING id";

#define INVITATION_SELECT                                                     \
	"SELECT i.id, t.organisation_id, t.account_id, i.invited_by, t.email," \
	" t.role, i.invited_by_label, t.created_at, t.expires_at"             \
	" FROM invitations i JOIN tokens t ON t.token_hash = i.token_hash"
#define PENDING                                                                \
	" t.kind = 'invite' AND t.used_at IS NULL AND t.expires_at > $2"

static const char sql_pending_of_org[] =
	INVITATION_SELECT " WHERE t.organisation_id = $1 AND" PENDING
	" ORDER BY t.created_at, i.id";
static const char sql_pending_by[] =
	INVITATION_SELECT " WHERE t.organisation_id = $1 AND" PENDING
	" AND i.invited_by = $3 ORDER BY i.id";
static const char sql_pending_get[] =
	INVITATION_SELECT " WHERE t.organisation_id = $1 AND" PENDING
	" AND i.id = $3";
static const char sql_pending_email[] =
	INVITATION_SELECT " WHERE t.organisation_id = $1 AND" PENDING
	" AND t.email = $3";
static const char sql_by_token[] =
	INVITATION_SELECT " WHERE i.token_hash = $1";
static const char sql_revoke[] =
	"DELETE FROM tokens WHERE token_hash ="
	" (SELECT token_hash FROM invitations WHERE id = $1)"
	" AND used_at IS NULL AND expires_at > $2";

enum err store_invitation_create(struct db *db, const char *token_hash,
				 int64_t invited_by, const char *label,
				 int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_invitation_insert);

	db_bind_text(st, 1, token_hash);
	db_bind_id(st, 2, invited_by);
	db_bind_text(st, 3, label ? label : "");
	return db_run_returning(db, st, id);
}

/* The columns of INVITATION_SELECT. */
static void invitation_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct invitation_row *r = row;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, 0);
	r->org_id = db_col_int(st, 1);
	r->account_id = db_col_int(st, 2);
	r->invited_by = db_col_int(st, 3);
	r->email = db_col_dup(ar, st, 4);
	r->role = db_col_dup(ar, st, 5);
	r->invited_by_label = db_col_dup(ar, st, 6);
	r->created_at = db_col_dup(ar, st, 7);
	r->expires_at = db_col_dup(ar, st, 8);
}

/* Every row of a prepared and bound statement. */
static enum err invitations_read(struct db *db, struct arena *ar,
				 struct db_stmt *st, struct invitation_row **out,
				 size_t *n)
{
	struct db_rows rows;
	enum err e = db_list(db, st, ar, sizeof(**out), invitation_read, &rows);

	*out = rows.v;
	*n = rows.n;
	return e;
}

enum err store_invitations_pending(struct db *db, struct arena *ar,
				   int64_t org_id, const char *now,
				   struct invitation_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_pending_of_org);

	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, now);
	return invitations_read(db, ar, st, out, n);
}

enum err store_invitations_pending_by(struct db *db, struct arena *ar,
				      int64_t org_id, int64_t invited_by,
				      const char *now,
				      struct invitation_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_pending_by);

	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, invited_by);
	return invitations_read(db, ar, st, out, n);
}

enum err store_invitation_pending_get(struct db *db, struct arena *ar,
				      int64_t org_id, int64_t id,
				      const char *now, struct invitation_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_pending_get);

	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, id);
	return db_get_one(db, st, ar, invitation_read, out);
}

enum err store_invitation_pending_email(struct db *db, struct arena *ar,
					int64_t org_id, const char *email,
					const char *now,
					struct invitation_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_pending_email);

	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, email);
	return db_get_one(db, st, ar, invitation_read, out);
}

enum err store_invitation_by_token(struct db *db, struct arena *ar,
				   const char *token_hash,
				   struct invitation_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_by_token);

	db_bind_text(st, 1, token_hash);
	return db_get_one(db, st, ar, invitation_read, out);
}

/* ERR_NOT_FOUND when it is no longer pending: used, expired, or revoked
 * (by a concurrent request too). */
enum err store_invitation_revoke(struct db *db, int64_t id, const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_revoke);

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, now);
	return db_run(db, st, true);
}
