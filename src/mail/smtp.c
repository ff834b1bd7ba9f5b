/* smtp: see smtp.h.
 *
 * The message is built by hand rather than by a MIME library: it is one
 * text/plain part, and writing it here keeps every byte that goes into a
 * header under our own checks.  The body is quoted-printable so that any
 * UTF-8 text, long lines and lines starting with '.' or "From " survive
 * every relay unchanged (a relay may wrap or rewrite 8-bit lines). */
#include "smtp.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/utf8.h"

#include "base/token.h"
#include "base/util.h"

#define MESSAGE_MAX ((size_t)1 << 20) /* a 64 KiB body triples at most */
#define QP_LINE 76		      /* RFC 2045, including the '=' */
#define HEADER_LINE 78		      /* RFC 5322 recommendation */
/* Raw bytes per encoded-word: "Subject: =?UTF-8?B?" + 52 base64 + "?="
 * is 73 columns, within RFC 2047's 76 for lines holding encoded-words. */
#define EWORD_BYTES 39

static int fail(char *err, size_t errlen, const char *msg)
{
	if (errlen)
		snprintf(err, errlen, "%s", msg);
	return -1;
}

/* --- headers --------------------------------------------------------- */

/* RFC 5322 date in UTC.  Names come from our own tables: strftime's %a
 * and %b follow the locale, and the server may run under nl_NL. */
static void add_date(struct buf *b, time_t t)
{
	static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed",
					"Thu", "Fri", "Sat"};
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr",
					   "May", "Jun", "Jul", "Aug",
					   "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;

	gmtime_r(&t, &tm);
	buf_addf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
		 days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void base64_add(struct buf *b, const unsigned char *p, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				"abcdefghijklmnopqrstuvwxyz0123456789+/";

	for (; n >= 3; p += 3, n -= 3) {
		uint32_t v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
		char q[4] = {a[v >> 18], a[(v >> 12) & 63], a[(v >> 6) & 63],
			     a[v & 63]};

		buf_add(b, q, 4);
	}
	if (n) {
		uint32_t v = (uint32_t)p[0] << 16 | (n == 2 ? p[1] << 8 : 0);
		char q[4] = {a[v >> 18], a[(v >> 12) & 63],
			     n == 2 ? a[(v >> 6) & 63] : '=', '='};

		buf_add(b, q, 4);
	}
}

/* Bytes of whole characters from s (len bytes) that fit in max. */
static size_t whole_chars(const char *s, size_t len, size_t max)
{
	size_t n = 0;

	while (n < len) {
		size_t k = utf8_seq_len((const unsigned char *)s + n);

		if (k == 0)
			k = 1; /* not reached: the subject was validated */
		if (n + k > max)
			break;
		n += k;
	}
	return n;
}

/* RFC 2047 B encoding, one encoded-word per line; an encoded-word holds
 * whole characters only, as section 5 requires.  Decoders drop the
 * folding whitespace between adjacent encoded-words. */
static void add_subject_encoded(struct buf *b, const char *s)
{
	size_t len = strlen(s), i = 0;

	buf_adds(b, "Subject:");
	while (i < len) {
		size_t n = whole_chars(s + i, len - i, EWORD_BYTES);

		buf_adds(b, i ? "\r\n =?UTF-8?B?" : " =?UTF-8?B?");
		base64_add(b, (const unsigned char *)s + i, n);
		buf_adds(b, "?=");
		i += n;
	}
	buf_adds(b, "\r\n");
}

/* Plain ASCII, folded before a space when a line would pass 78
 * columns; unfolding (removing the CRLF) gives the text back exactly. */
static void add_subject_plain(struct buf *b, const char *s)
{
	size_t col = sizeof("Subject: ") - 1;
	bool fresh = true; /* nothing of the subject on this line yet */

	buf_adds(b, "Subject: ");
	while (*s) {
		size_t sp = strspn(s, " "), n = sp + strcspn(s + sp, " ");

		/* never a line of spaces only (RFC 5322 3.2.2) */
		if (!fresh && col + n > HEADER_LINE && s[sp]) {
			buf_adds(b, "\r\n");
			col = 0;
		}
		buf_add(b, s, n);
		col += n;
		s += n;
		fresh = false;
	}
	buf_adds(b, "\r\n");
}

/* Encode when anything is not ASCII, and also when the text holds "=?",
 * which a reader would take for the start of an encoded-word. */
static bool subject_needs_encoding(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p >= 0x80)
			return true;
	return strstr(s, "=?") != NULL;
}

static void add_subject(struct buf *b, const char *s)
{
	if (subject_needs_encoding(s))
		add_subject_encoded(b, s);
	else
		add_subject_plain(b, s);
}

/* --- quoted-printable body ------------------------------------------- */

struct qp {
	struct buf *b;
	size_t col; /* bytes on the current output line */
};

static bool line_end(const char *p)
{
	return *p == '\0' || *p == '\n' || (*p == '\r' && p[1] == '\n');
}

static void qp_char(struct qp *q, const char *p)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c = (unsigned char)*p;
	bool blank = c == ' ' || c == '\t';
	bool enc = !((c >= 33 && c <= 126 && c != '=') || blank);
	char e[3] = {'=', hex[c >> 4], hex[c & 15]};

	if (blank && line_end(p + 1))
		enc = true; /* relays strip trailing white space */
	if (q->col + (enc ? 3 : 1) > QP_LINE - 1) {
		buf_adds(q->b, "=\r\n"); /* soft line break */
		q->col = 0;
	}
	/* A line starting with '.' is one SMTP transparency step from being
	 * the end of the message, and "From " gets mangled by mbox. */
	if (q->col == 0 && (c == '.' || strncmp(p, "From ", 5) == 0))
		enc = true;
	if (enc)
		buf_add(q->b, e, 3);
	else
		buf_addc(q->b, (char)c);
	q->col += enc ? 3 : 1;
}

/* LF and CRLF in the text are line breaks; a lone CR is encoded. */
static void add_body_qp(struct buf *b, const char *body)
{
	struct qp q = {b, 0};
	const char *p = body;

	while (*p) {
		if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {
			buf_adds(b, "\r\n");
			q.col = 0;
			p += *p == '\r' ? 2 : 1;
			continue;
		}
		qp_char(&q, p++);
	}
	/* A text without a final newline ends in a soft line break: the
	 * message still ends in CRLF and decodes to exactly the text. */
	if (q.col)
		buf_adds(b, "=\r\n");
}

/* RFC 8058: the one-click link; the URL was checked by the caller. */
/* RFC 8058 asks an HTTPS URI of a one-click unsubscribe: a plain http
 * one (a test or a server behind no TLS) keeps the RFC 2369 link only. */
static void add_unsubscribe(struct buf *b, const char *url)
{
	if (!url)
		return;
	buf_addf(b, "List-Unsubscribe: <%s>\r\n", url);
	if (strncmp(url, "https://", 8) == 0)
		buf_adds(b, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
}

int smtp_message_build_mail(struct buf *out, const struct smtp_config *cfg,
			    const struct smtp_mail *m, char *err,
			    size_t errlen)
{
	char id[TOKEN_LEN + 1];

	if (!email_valid(cfg->from))
		return fail(err, errlen, "invalid sender address");
	if (!email_valid(m->to))
		return fail(err, errlen, "invalid recipient address");
	if (!mail_subject_valid(m->subject))
		return fail(err, errlen, "invalid subject");
	if (!mail_body_valid(m->body))
		return fail(err, errlen, "invalid body");
	if (m->unsubscribe_url && !mail_unsubscribe_url_valid(m->unsubscribe_url))
		return fail(err, errlen, "invalid unsubscribe URL");
	token_new(id);
	add_date(out, time(NULL));
	buf_addf(out, "From: wijkagenda <%s>\r\n", cfg->from);
	buf_addf(out, "To: %s\r\n", m->to);
	add_subject(out, m->subject);
	buf_addf(out, "Message-ID: <%s@%s>\r\n", id,
		 email_domain(cfg->from));
	add_unsubscribe(out, m->unsubscribe_url);
	buf_adds(out, "MIME-Version: 1.0\r\n"
		      "Content-Type: text/plain; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: quoted-printable\r\n"
		      "Auto-Submitted: auto-generated\r\n"
		      "\r\n");
	add_body_qp(out, m->body);
	if (out->overflow)
		return fail(err, errlen, "message too large");
	return 0;
}

int smtp_message_build(struct buf *out, const struct smtp_config *cfg,
		       const char *to, const char *subject, const char *body,
		       char *err, size_t errlen)
{
	struct smtp_mail m = {to, subject, body, NULL};

	return smtp_message_build_mail(out, cfg, &m, err, errlen);
}

/* --- sending --------------------------------------------------------- */

int mail_init(void)
{
	const curl_version_info_data *v;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	v = curl_version_info(CURLVERSION_NOW);
	for (const char *const *p = v->protocols; *p; p++)
		if (strcmp(*p, "smtp") == 0)
			return 0;
	curl_global_cleanup();
	return -1;
}

void mail_cleanup(void)
{
	curl_global_cleanup();
}

int smtp_config_check(const struct smtp_config *cfg, char *err,
		      size_t errlen)
{
	if (!cfg->url || (strncmp(cfg->url, "smtp://", 7) != 0 &&
			  strncmp(cfg->url, "smtps://", 8) != 0))
		return fail(err, errlen,
			    "the SMTP URL must start with smtp:// or smtps://");
	if (!email_valid(cfg->from))
		return fail(err, errlen,
			    "the sender must be one plain address, "
			    "like wijkagenda@example.org");
	return 0;
}

struct reader {
	const char *p;
	size_t left;
};

static size_t read_message(char *dst, size_t size, size_t nmemb, void *ud)
{
	struct reader *r = ud;
	size_t n = size * nmemb;

	if (n > r->left)
		n = r->left;
	memcpy(dst, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

/* Which command the server answered, from libcurl's protocol trace:
 * only a 5xx reply to RCPT TO says the recipient is refused for good (a
 * 5xx to MAIL FROM is our own configuration, one to DATA the message). */
struct trace {
	bool in_rcpt;	    /* the last command sent was RCPT TO */
	bool rcpt_rejected; /* and it was answered with 5xx */
};

static int trace_fn(CURL *c, curl_infotype type, char *data, size_t size,
		    void *ud)
{
	struct trace *t = ud;

	if (type == CURLINFO_HEADER_OUT)
		t->in_rcpt = size >= 4 && strncasecmp(data, "RCPT", 4) == 0;
	else if (type == CURLINFO_HEADER_IN && t->in_rcpt && size >= 3 &&
		 data[0] == '5' && isdigit((unsigned char)data[1]) &&
		 isdigit((unsigned char)data[2]))
		t->rcpt_rejected = true;
	return 0;
}

static void set_options(CURL *c, const struct smtp_config *cfg,
			const char *from, struct curl_slist *rcpt,
			struct reader *r, char *ebuf)
{
	curl_easy_setopt(c, CURLOPT_URL, cfg->url);
	/* Only SMTP: a mistyped --smtp-url must not read a file: URL. */
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
	curl_easy_setopt(c, CURLOPT_READDATA, r);
	curl_easy_setopt(c, CURLOPT_USE_SSL,
			 cfg->require_tls ? (long)CURLUSESSL_ALL
					  : (long)CURLUSESSL_TRY);
	if (cfg->username) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->username);
		curl_easy_setopt(c, CURLOPT_PASSWORD,
				 cfg->password ? cfg->password : "");
	}
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	/* Signals belong to main's sigwait; timeouts must not use SIGALRM. */
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
}

/* A kept connection: libcurl holds the live SMTP connection in the easy
 * handle's cache, and curl_easy_reset keeps it, so the next transfer of
 * the same handle to the same server skips the TCP connect, the greeting,
 * EHLO, STARTTLS and AUTH (bench/RESULTS.md, the outbox figures). */
struct smtp_conn {
	CURL *c;
};

struct smtp_conn *smtp_conn_open(void)
{
	return xcalloc(1, sizeof(struct smtp_conn));
}

void smtp_conn_close(struct smtp_conn *k)
{
	if (!k)
		return;
	if (k->c)
		curl_easy_cleanup(k->c); /* QUIT on a live connection */
	free(k);
}

static int transfer(struct smtp_conn *k, const struct smtp_config *cfg,
		    const char *to, const struct buf *msg, struct trace *t,
		    char *err, size_t errlen)
{
	char from[SMTP_ADDRESS_MAX + 3], rcpt_to[SMTP_ADDRESS_MAX + 3];
	char ebuf[CURL_ERROR_SIZE] = "";
	struct reader r = {buf_str(msg), msg->len};
	struct curl_slist *rcpt;
	CURLcode rc;
	long code = 0;

	if (k->c)
		curl_easy_reset(k->c); /* the options go, the connection stays */
	else if (!(k->c = curl_easy_init()))
		return fail(err, errlen, "curl_easy_init failed");
	snprintf(from, sizeof(from), "<%s>", cfg->from);
	snprintf(rcpt_to, sizeof(rcpt_to), "<%s>", to);
	if (!(rcpt = curl_slist_append(NULL, rcpt_to)))
		fatal("out of memory (curl_slist_append)");
	set_options(k->c, cfg, from, rcpt, &r, ebuf);
	curl_easy_setopt(k->c, CURLOPT_DEBUGFUNCTION, trace_fn);
	curl_easy_setopt(k->c, CURLOPT_DEBUGDATA, t);
	curl_easy_setopt(k->c, CURLOPT_VERBOSE, 1L); /* the trace, not stderr */
	rc = curl_easy_perform(k->c);
	if (rc != CURLE_OK && errlen) {
		curl_easy_getinfo(k->c, CURLINFO_RESPONSE_CODE, &code);
		snprintf(err, errlen, "%s (curl %d, smtp %ld)",
			 *ebuf ? ebuf : curl_easy_strerror(rc), (int)rc, code);
	}
	curl_slist_free_all(rcpt);
	/* After a failure the connection is in a state we do not know (a
	 * refused recipient, a 451 after the data, a timeout): the next mail
	 * starts on a new one. */
	if (rc != CURLE_OK) {
		curl_easy_cleanup(k->c);
		k->c = NULL;
	}
	return rc == CURLE_OK ? 0 : -1;
}

enum smtp_result smtp_conn_send(struct smtp_conn *k,
				const struct smtp_config *cfg,
				const struct smtp_mail *m, char *err,
				size_t errlen)
{
	struct trace t = {false, false};
	struct buf msg;
	int rc;

	if (!cfg->url) {
		fail(err, errlen, "no SMTP URL configured");
		return SMTP_FAILED;
	}
	buf_init(&msg, MESSAGE_MAX);
	rc = smtp_message_build_mail(&msg, cfg, m, err, errlen);
	if (rc == 0)
		rc = transfer(k, cfg, m->to, &msg, &t, err, errlen);
	buf_release(&msg);
	if (rc == 0)
		return SMTP_SENT;
	return t.rcpt_rejected ? SMTP_REJECTED : SMTP_FAILED;
}

enum smtp_result smtp_send_mail(const struct smtp_config *cfg,
				const struct smtp_mail *m, char *err,
				size_t errlen)
{
	struct smtp_conn *k = smtp_conn_open();
	enum smtp_result r = smtp_conn_send(k, cfg, m, err, errlen);

	smtp_conn_close(k);
	return r;
}

int smtp_send(const struct smtp_config *cfg, const char *to,
	      const char *subject, const char *body, char *err,
	      size_t errlen)
{
	struct smtp_mail m = {to, subject, body, NULL};

	return smtp_send_mail(cfg, &m, err, errlen) == SMTP_SENT ? 0 : -1;
}
