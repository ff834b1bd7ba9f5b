/* account_admin: the beheerder flag (set by `wijkagenda admin create`). */
#include "store/accounts.h"

static const char sql_set_admin[] =
	"UPDATE accounts SET is_admin = $2 WHERE id = $1";

enum err store_account_set_admin(struct db *db, int64_t id, bool is_admin)
{
	struct db_stmt *st = db_prepare(db, sql_set_admin);
	enum err e = ERR_OK;

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, is_admin ? 1 : 0);
	if (db_step(st) != DB_DONE)
		e = db_error(db, st);
	else if (db_changes(db) == 0)
		e = ERR_NOT_FOUND;
	db_done(st);
	return e;
}
