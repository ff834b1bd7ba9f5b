/* smtp: one plain-text message, built here and sent through libcurl.
 *
 * smtp_message_build writes the whole RFC 5322 message (headers, a
 * quoted-printable UTF-8 body) and is pure apart from the clock and a
 * random Message-ID; smtp_send builds and sends it over one SMTP
 * connection.  Every header value is checked before use: CR, LF and other
 * control bytes are refused, so no caller can inject a header or an SMTP
 * command (libcurl passes MAIL FROM and RCPT TO to the server unchecked).
 *
 * Error messages never contain the addresses or the text, so they can go
 * to the log and to outbox.last_error as they are.
 *
 * mail_init() must run once, before any thread starts (it calls
 * curl_global_init, which is not thread-safe in libcurl 7.88), and needs
 * token_init() for the Message-ID.  With CURLOPT_NOSIGNAL set, libcurl no
 * longer ignores SIGPIPE itself: the program must (main.c does). */
#ifndef WA_MAIL_SMTP_H
#define WA_MAIL_SMTP_H
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "domain/email.h"

#define SMTP_ADDRESS_MAX EMAIL_MAX
#define SMTP_SUBJECT_MAX MAIL_SUBJECT_MAX
#define SMTP_BODY_MAX MAIL_BODY_MAX

struct smtp_config {
	/* smtp://host:port (STARTTLS when offered) or smtps://host:port. */
	const char *url;
	/* Bare address; the From header shows it as "wijkagenda <from>". */
	const char *from;
	/* Both NULL: no AUTH. */
	const char *username, *password;
	/* For smtp://: refuse to send unless STARTTLS succeeds.  Without it
	 * a server (or anyone in between) that does not offer STARTTLS gets
	 * the message, and any password, in plain text. */
	int require_tls;
};

int mail_init(void);
void mail_cleanup(void);
/* For startup: 0 when the URL is smtp:// or smtps:// and the sender is a
 * valid address, else -1 with a message for the operator in err.  A bad
 * setting found only at send time would fail every mail ten times. */
int smtp_config_check(const struct smtp_config *cfg, char *err,
		      size_t errlen);

/* The rules for addresses, subjects and bodies live in domain/email.h
 * (email_valid, mail_subject_valid, mail_body_valid): the outbox checks
 * them before it stores a mail, and the intake before it stores an
 * address, with the same rule as here. */

/* Append the message, CRLF line endings, ending in CRLF, to out.
 * Returns 0, or -1 with a message in err (and out unchanged in meaning:
 * the caller discards it) when an argument is invalid. */
int smtp_message_build(struct buf *out, const struct smtp_config *cfg,
		       const char *to, const char *subject, const char *body,
		       char *err, size_t errlen);
/* One message with its optional headers.  unsubscribe_url: adds
 * List-Unsubscribe: <url> and, for an https URL only, List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click (RFC 8058); refused unless
 * mail_unsubscribe_url_valid (http(s), printable, at most MAIL_URL_MAX). */
struct smtp_mail {
	const char *to, *subject, *body, *unsubscribe_url;
};
int smtp_message_build_mail(struct buf *out, const struct smtp_config *cfg,
			    const struct smtp_mail *m, char *err,
			    size_t errlen);
/* What smtp_send_mail returns: sent, failed (try again later), or the
 * server refused the recipient for good (a 5xx reply to RCPT TO), which
 * no retry will change. */
enum smtp_result { SMTP_SENT = 0, SMTP_FAILED = -1, SMTP_REJECTED = -2 };
enum smtp_result smtp_send_mail(const struct smtp_config *cfg,
				const struct smtp_mail *m, char *err,
				size_t errlen);
/* A connection kept for several mails to the same server (the outbox
 * worker keeps one per batch): smtp_conn_send sends over it, opening it
 * on the first mail and again after any failure.  A conn belongs to one
 * thread at a time; smtp_conn_close sends QUIT and frees it (NULL is
 * fine). */
struct smtp_conn;
struct smtp_conn *smtp_conn_open(void);
enum smtp_result smtp_conn_send(struct smtp_conn *k,
				const struct smtp_config *cfg,
				const struct smtp_mail *m, char *err,
				size_t errlen);
void smtp_conn_close(struct smtp_conn *k);
/* Build and send one message; blocks up to 10 s to connect and 30 s in
 * all.  Returns 0 when the server accepted it, else -1 with err set
 * (the curl error and the last SMTP reply code, no addresses). */
int smtp_send(const struct smtp_config *cfg, const char *to,
	      const char *subject, const char *body, char *err,
	      size_t errlen);

#endif
