/* outbox: mail waiting to be sent, in the database.
 *
 * A handler that must tell someone about a change calls outbox_add inside
 * the transaction that makes the change: the mail exists if and only if
 * the change was committed, and no request waits for SMTP.  The mail
 * worker (mail/worker.c) claims due rows, sends them and marks them.
 *
 * Claiming is safe with several workers on one database: outbox_due sets
 * a lease (next_attempt_at = now + OUTBOX_LEASE_S) with an UPDATE whose
 * WHERE clause repeats the "due" test, so of two workers racing for a row
 * only one UPDATE matches it (SQLite: the write lock; PostgreSQL: the row
 * lock and the re-check of the WHERE clause after it).  A worker that
 * dies after sending but before outbox_mark_sent leaves the row to be
 * sent again when the lease ends: delivery is at least once.
 *
 * Times are the ISO 8601 UTC strings of store_now(), which sort as text. */
#ifndef WA_STORE_OUTBOX_H
#define WA_STORE_OUTBOX_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

/* A claimed row is not claimed again for this long; it must outlast one
 * send (smtp_send gives up after 30 s). */
#define OUTBOX_LEASE_S 600
/* After this many failed attempts a row is given up (and logged). */
#define OUTBOX_MAX_ATTEMPTS 10
/* next_attempt_at of a given-up row. */
#define OUTBOX_NEVER "9999-12-31T23:59:59.999Z"

struct outbox_msg {
	int64_t id;
	int attempts; /* failed attempts so far */
	char *to, *subject, *body; /* arena */
	char *unsubscribe_url;	   /* NULL: none */
};

/* A mail with what outbox_add does not carry.  unsubscribe_url: the
 * one-click link of List-Unsubscribe (RFC 8058), checked as
 * smtp_unsubscribe_url_valid; NULL for none.  asked: the person asked
 * for this mail just now (a confirmation link), so it goes even to an
 * address marked bounced; the confirmation clears the mark. */
struct outbox_mail {
	const char *to, *subject, *body, *unsubscribe_url;
	bool asked;
};

/* Queue one mail.  to: one address (email_valid, domain/email.h); subject: one
 * line of UTF-8, at most 200 bytes; body: UTF-8 text, at most 64 KiB.
 * ERR_INVALID for anything else, and nothing is written.  Begins no
 * transaction: call it inside the caller's, so the mail is committed or
 * rolled back together with the change it reports. */
enum err outbox_add(struct db *db, const char *to, const char *subject,
		    const char *body);
/* outbox_add with the fields of m.  Both refuse an address marked bounced
 * (store/notify.h) quietly: ERR_OK, nothing queued, an event logged, so
 * the change the mail was about still commits. */
enum err outbox_add_mail(struct db *db, const struct outbox_mail *m);
/* Claim up to max due rows (not sent, next_attempt_at <= now), oldest
 * first, in a write transaction of its own; *out (arena) gets them and *n
 * their number, 0 when nothing is due. */
enum err outbox_due(struct db *db, struct arena *ar, size_t max,
		    struct outbox_msg **out, size_t *n);
/* The row was accepted by the SMTP server. */
enum err outbox_mark_sent(struct db *db, int64_t id);
/* The attempt failed: attempts + 1, last_error = error, and the next
 * attempt after 1 min, 5 min, 30 min, 2 h, then every 6 h.  At
 * OUTBOX_MAX_ATTEMPTS the row is given up: next_attempt_at becomes
 * OUTBOX_NEVER and an error event is logged. */
enum err outbox_mark_failed(struct db *db, int64_t id, const char *error);
/* The server refused the recipient for good (5xx to RCPT TO): the row is
 * given up at once (attempts + 1, next_attempt_at OUTBOX_NEVER) and the
 * address marked as bounced (store_bounce_record), in one transaction: a
 * crash between the two cannot leave one without the other. */
enum err outbox_give_up_bounced(struct db *db, int64_t id, const char *to,
				const char *error);
/* Hand a claimed but unsent row back (worker stopping): due at once. */
enum err outbox_release(struct db *db, int64_t id);
/* Rows still to be sent: not sent and not given up; -1 on error. */
int64_t outbox_count_pending(struct db *db);
/* Seconds to wait after the given number of failed attempts (>= 1). */
int outbox_backoff_s(int attempts);

#endif
