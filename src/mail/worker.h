/* worker: the thread that empties the outbox.
 *
 * It has its own database connection, wakes every interval (or at once
 * after mail_worker_kick), claims due rows with outbox_due, sends each
 * with smtp_send and marks it sent or failed.  Only one message is in
 * flight at a time: mail is rare and a slow SMTP server must not cost
 * more than one thread.
 *
 * The log gets one event per attempt (mail_sent, mail_failed; outbox
 * gives mail_gave_up), with the outbox id and the recipient's domain but
 * never the address, subject or body. */
#ifndef WA_MAIL_WORKER_H
#define WA_MAIL_WORKER_H

#include "mail/smtp.h"

struct mail_worker;

/* Copies cfg and db_url, opens the connection and starts the thread;
 * NULL (after logging) when cfg fails smtp_config_check, the database
 * cannot be opened or the thread not started.  Call after mail_init(); the thread starts with every
 * signal blocked. */
struct mail_worker *mail_worker_start(const struct smtp_config *cfg,
				      const char *db_url,
				      unsigned interval_ms);
/* Wake the worker now (after a handler committed a mail).  Cheap; safe
 * from any thread; NULL is allowed and does nothing. */
void mail_worker_kick(struct mail_worker *w);
/* Let the message in flight finish (at most smtp_send's 30 s), hand the
 * other claimed rows back to the outbox, join the thread, close its
 * connection and free w.  NULL is allowed. */
void mail_worker_stop(struct mail_worker *w);

#endif
