/* jobs: the claims of periodic jobs (table job_runs, migration 008), so a
 * job runs once across several instances of the server. */
#ifndef WA_STORE_JOBS_H
#define WA_STORE_JOBS_H
#include <stdbool.h>

#include "base/err.h"
#include "store/db.h"

/* Claim the run of job name when it is due (due_at <= now; a job without
 * a row gets one, due at first_due): its next due time becomes next_due,
 * claimed by instance.  *claimed
 * is false when it is not due or another instance claimed it first.  Its
 * own transaction. */
enum err store_job_claim(struct db *db, const char *name, const char *now,
			 const char *next_due, const char *first_due,
			 const char *instance, bool *claimed);
/* Record how the run went (a short text, for people). */
enum err store_job_done(struct db *db, const char *name, const char *now,
			const char *result);

#endif
