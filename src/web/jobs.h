/* jobs: work that runs on a clock rather than a request: the retention
 * job (daily inside serve, and `wijkagenda retention`). */
#ifndef WA_JOBS_H
#define WA_JOBS_H
#include <stddef.h>

struct db;

/* One run: anonymise, expire, and record it in the audit log, in one
 * transaction.  idle_minutes: the session idle timeout.  Returns 0 or -1
 * with a message. */
int jobs_retention(struct db *db, int days, int idle_minutes, char *msg,
		   size_t msglen);

struct jobs;
/* A thread that runs the retention job now and then every 24 hours with
 * its own database connection; stops promptly on jobs_stop. */
struct jobs *jobs_start(const char *db_url, int days, int idle_minutes,
			 const char *base_url);
void jobs_stop(struct jobs *j);

#endif
