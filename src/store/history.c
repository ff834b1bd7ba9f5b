/* history: see history.h. */
#include "history.h"

static const char sql_signal[] =
	"INSERT INTO signals (municipality, token, kind, body, buurt_code,"
	" wijk_code, gebied_code, stadsdeel_code, category_code, status,"
	" created_at, dedupe_key, resident_key, is_demo)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'gemeld', $10, $11, $12,"
	" $13) RETURNING id";

enum err store_signal_insert_past(struct db *db, const struct signal_past *s,
				  int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_signal);

	db_bind_text(st, 1, s->municipality);
	db_bind_text(st, 2, s->token);
	db_bind_text(st, 3, s->kind);
	db_bind_text(st, 4, s->body);
	for (int i = 0; i < 4; i++)
		db_bind_text(st, 5 + i, s->codes[i]);
	db_bind_text(st, 9, s->category);
	db_bind_text(st, 10, s->created_at);
	db_bind_text(st, 11, s->dedupe_key);
	db_bind_text(st, 12, s->resident_key);
	db_bind_int(st, 13, s->demo ? 1 : 0);
	return db_run_returning(db, st, id);
}
