/* retention: the daily job that anonymises the contact data of signals
 * closed long enough ago, expires one-time links and sessions and purges
 * sent mail, removes followers who never confirmed; also `wijkagenda
 * retention`. */
#ifndef WA_JOBS_RETENTION_H
#define WA_JOBS_RETENTION_H
#include <stddef.h>

struct db;

struct retention_config {
	int days;	  /* contact data kept this long after closing */
	int idle_minutes; /* the session idle timeout */
	const char *photo_dir; /* store/photo.h; NULL: no photos */
};

/* One run: anonymise, expire, and record it in the audit log, in one
 * transaction.  Returns 0 (msg: the counts) or -1 with a message.  ctx is
 * a struct retention_config (the signature of struct job's run). */
int retention_run(struct db *db, void *ctx, char *msg, size_t msglen);

#endif
