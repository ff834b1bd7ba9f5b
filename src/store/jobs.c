/* jobs: see jobs.h. */
#include "jobs.h"

#include <string.h>

#include "store/store.h"

/* A job not seen before is due at first_due (now, or its time of day). */
static const char sql_job_add[] =
	"INSERT INTO job_runs (name, due_at) VALUES ($1, $2)"
	" ON CONFLICT (name) DO NOTHING";
static const char sql_job_claim[] =
	"UPDATE job_runs SET due_at = $3, claimed_by = $4"
	" WHERE name = $1 AND due_at <= $2";
static const char sql_job_done[] =
	"UPDATE job_runs SET last_run_at = $2, last_result = $3 WHERE name = $1";

struct claim {
	const char *name, *now, *next_due, *first_due, *instance;
	bool claimed;
};

static enum err claim_tx(struct db *db, void *p)
{
	struct claim *c = p;
	struct db_stmt *st = db_prepare(db, sql_job_add);
	enum err e;

	c->claimed = false;
	db_bind_text(st, 1, c->name);
	db_bind_text(st, 2, c->first_due);
	if ((e = db_run(db, st, false)) != ERR_OK)
		return e;
	st = db_prepare(db, sql_job_claim);
	db_bind_text(st, 1, c->name);
	db_bind_text(st, 2, c->now);
	db_bind_text(st, 3, c->next_due);
	db_bind_text(st, 4, c->instance);
	e = db_run(db, st, true);
	db_changes_unseen(db); /* job_runs is on no public page */
	if (e == ERR_NOT_FOUND)
		return ERR_OK; /* not due, or claimed by another instance */
	c->claimed = e == ERR_OK;
	return e;
}

enum err store_job_claim(struct db *db, const char *name, const char *now,
			 const char *next_due, const char *first_due,
			 const char *instance, bool *claimed)
{
	struct claim c = {name, now, next_due, first_due, instance, false};
	enum err e = db_write(db, claim_tx, &c);

	*claimed = e == ERR_OK && c.claimed;
	return e;
}

enum err store_job_done(struct db *db, const char *name, const char *now,
			const char *result)
{
	struct db_stmt *st = db_prepare(db, sql_job_done);

	db_bind_text(st, 1, name);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, result);
	return db_run_unseen(db, st, false); /* on no public page */
}
