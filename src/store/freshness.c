/* freshness: the services whose information is due for confirmation,
 * marking a reminder sent, and the coordinators to mail it to
 * (socialmap_search.h); the rule is domain/freshness.c, the job
 * jobs/freshness.c. */
#include "socialmap_search.h"

#include <string.h>

#include "store/store.h"

/* --- freshness ------------------------------------------------------ */

static const char sql_due[] =
	"SELECT s.id, s.organisation_id, s.name, s.confirmed_at, o.name,"
	" o.municipality"
	" FROM services s JOIN organisations o ON o.id = s.organisation_id"
	" WHERE s.status <> 'defunct' AND s.confirmed_at < $1"
	" AND (s.reminded_at IS NULL OR s.reminded_at < $1)"
	" ORDER BY s.organisation_id, s.name, s.id";
static const char sql_mark_reminded[] =
	"UPDATE services SET reminded_at = $2 WHERE id = $1";
static const char sql_coordinators[] =
	"SELECT a.email FROM memberships m JOIN accounts a ON a.id = m.account_id"
	" WHERE m.organisation_id = $1 AND m.role = 'coordinator'"
	" AND a.disabled_at IS NULL ORDER BY a.email";

static void due_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct sk_due *d = row;

	d->service_id = db_col_int(st, 0);
	d->organisation_id = db_col_int(st, 1);
	d->name = db_col_dup(ar, st, 2);
	d->confirmed_at = db_col_dup(ar, st, 3);
	d->organisation_name = db_col_dup(ar, st, 4);
	d->municipality = db_col_dup(ar, st, 5);
}

enum err store_socialmap_due(struct db *db, struct arena *ar,
			     const char *before, struct sk_due **out,
			     size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_due);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, before);
	e = db_list(db, st, ar, sizeof(**out), due_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

enum err store_socialmap_mark_reminded(struct db *db, int64_t service_id,
				       const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_mark_reminded);
	enum err e = ERR_OK;

	db_bind_int(st, 1, service_id);
	db_bind_text(st, 2, now);
	if (db_step(st) != DB_DONE)
		e = db_error(db, st);
	db_done(st);
	return e;
}

enum err store_socialmap_coordinators(struct db *db, struct arena *ar,
				      int64_t org_id, char ***emails, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_coordinators);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, org_id);
	e = db_list(db, st, ar, sizeof(**emails), db_read_text, &rows);
	*emails = rows.v;
	*n = rows.n;
	return e;
}
