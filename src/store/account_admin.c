/* account_admin: the beheerder flag (set by `wijkagenda admin create`). */
#include "store/accounts.h"

static const char sql_set_admin[] =
	"UPDATE accounts SET is_admin = $2 WHERE id = $1";

enum err store_account_set_admin(struct db *db, int64_t id, bool is_admin)
{
	struct db_stmt *st = db_prepare(db, sql_set_admin);

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, is_admin ? 1 : 0);
	return db_run(db, st, true);
}
