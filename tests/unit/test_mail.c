/* test_mail: the message that smtp_message_build writes (headers, RFC 2047
 * subject, quoted-printable body), decoded again by decoders written here
 * independently of src/mail; header injection attempts; and the outbox
 * on a fresh database per test (db_fixture.h): validation, the caller's
 * transaction, claiming with a lease (also by two connections at once),
 * marking sent, the backoff schedule and giving up after ten attempts.
 * With WIJKAGENDA_TEST_PG set only the outbox tests run, on PostgreSQL:
 * the rest touch no database and have run on the SQLite pass already. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/token.h"
#include "base/util.h"
#include "mail/smtp.h"
#include "store/outbox.h"
#include "store/store.h"

#include "db_fixture.h"

/* Append s to the NUL-terminated dst of cap bytes (truncating). */
static void append(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(dst);

	if (n < cap)
		snprintf(dst + n, cap - n, "%s", s);
}

static const struct smtp_config cfg = {
	.url = "smtp://127.0.0.1:1",
	.from = "noreply@wijkagenda.example",
};

#define TO "bewoner@example.nl"
#define SUBJECT_NL "Uw melding is ontvangen \xe2\x80\x93 \xc3\xa9\xc3\xa9n link"

/* --- decoders (test-side, deliberately simple) ----------------------- */

static int b64_value(char c)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				"abcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(a, c) : NULL;

	return p ? (int)(p - a) : -1;
}

/* Append the decoding of n base64 characters to b. */
static void b64_decode(struct buf *b, const char *s, size_t n)
{
	unsigned acc = 0;
	int bits = 0;

	for (size_t i = 0; i < n && s[i] != '='; i++) {
		int v = b64_value(s[i]);

		assert_true(v >= 0);
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(b, (char)((acc >> bits) & 0xff));
		}
	}
}

/* The unfolded value of header `name` (malloc'd), NULL when absent. */
static char *header_get(const char *msg, const char *name)
{
	const char *end = strstr(msg, "\r\n\r\n"), *p = msg;
	size_t nl = strlen(name);
	struct buf b;

	assert_non_null(end);
	while (p < end) {
		if (strncmp(p, name, nl) == 0 && p[nl] == ':')
			break;
		p = strstr(p, "\r\n") + 2;
	}
	if (p >= end)
		return NULL;
	p += nl + 1;
	p += strspn(p, " ");
	buf_init(&b, 0);
	for (; p < end + 2; p++) {
		if (p[0] == '\r' && p[1] == '\n') {
			if (p[2] != ' ' && p[2] != '\t')
				break;
			p++; /* unfold: drop the CRLF, keep the blank */
			continue;
		}
		buf_addc(&b, *p);
	}
	return buf_detach(&b, NULL);
}

/* RFC 2047, the B encoding of UTF-8 only: blanks between two
 * encoded-words are dropped; any other text is copied. */
static char *rfc2047_decode(const char *v, int *words)
{
	static const char pre[] = "=?UTF-8?B?";
	struct buf b;

	buf_init(&b, 0);
	*words = 0;
	while (*v) {
		if (strncmp(v, pre, sizeof(pre) - 1) == 0) {
			const char *s = v + sizeof(pre) - 1,
				   *e = strstr(s, "?=");
			struct buf one;

			assert_non_null(e);
			buf_init(&one, 0);
			b64_decode(&one, s, (size_t)(e - s));
			/* each word holds whole characters */
			assert_true(mail_subject_valid(buf_str(&one)));
			buf_add(&b, one.data, one.len);
			buf_release(&one);
			(*words)++;
			v = e + 2;
			if (strncmp(v + strspn(v, " \t"), pre, 2) == 0)
				v += strspn(v, " \t");
			continue;
		}
		buf_addc(&b, *v++);
	}
	return buf_detach(&b, NULL);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1; /* lower case is not what an encoder should write */
}

/* Quoted-printable: "=\r\n" vanishes, =XX is a byte, the rest is kept
 * (hard line breaks stay CRLF). */
static char *qp_decode(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	while (*s) {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 3;
		} else if (s[0] == '=') {
			int hi = hex_value(s[1]), lo = hi < 0 ? -1 : hex_value(s[2]);

			assert_true(hi >= 0 && lo >= 0);
			buf_addc(&b, (char)(hi * 16 + lo));
			s += 3;
		} else {
			buf_addc(&b, *s++);
		}
	}
	return buf_detach(&b, NULL);
}

/* The text with every LF (not already after a CR) made CRLF. */
static char *crlf(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	for (const char *p = s; *p; p++) {
		if (*p == '\n' && (p == s || p[-1] != '\r'))
			buf_addc(&b, '\r');
		buf_addc(&b, *p);
	}
	return buf_detach(&b, NULL);
}

static char *build(const char *to, const char *subject, const char *body)
{
	struct buf b;
	char err[128] = "";

	buf_init(&b, 1 << 20);
	if (smtp_message_build(&b, &cfg, to, subject, body, err,
			       sizeof(err)) != 0)
		fail_msg("smtp_message_build: %s", err);
	return buf_detach(&b, NULL);
}

static const char *body_of(const char *msg)
{
	const char *p = strstr(msg, "\r\n\r\n");

	assert_non_null(p);
	return p + 4;
}

/* Every line ends in CRLF, is printable ASCII and at most max long
 * (max_header for the header lines). */
static void check_lines(const char *msg, size_t max_header, size_t max)
{
	const char *body = body_of(msg), *p = msg;

	while (*p) {
		const char *e = strstr(p, "\r\n");
		size_t limit = p < body ? max_header : max;

		assert_non_null(e);
		if ((size_t)(e - p) > limit)
			fail_msg("line of %zu > %zu: %.*s", (size_t)(e - p),
				 limit, (int)(e - p), p);
		for (const char *q = p; q < e; q++)
			assert_true((*q >= 0x20 && *q < 0x7f) || *q == '\t');
		p = e + 2;
	}
}

static void check_body_lines(const char *msg)
{
	const char *p = body_of(msg);

	while (*p) {
		const char *e = strstr(p, "\r\n");

		assert_true(e - p <= 76);
		assert_true(*p != '.');
		assert_true(strncmp(p, "From ", 5) != 0);
		if (e > p) /* relays strip trailing blanks */
			assert_true(e[-1] != ' ' && e[-1] != '\t');
		p = e + 2;
	}
}

static void roundtrip_body(const char *text)
{
	char *msg = build(TO, "x", text), *got = qp_decode(body_of(msg));
	char *want = crlf(text);

	check_lines(msg, 78, 76);
	check_body_lines(msg);
	assert_string_equal(got, want);
	free(want);
	free(got);
	free(msg);
}

/* --- the message ----------------------------------------------------- */

static void test_headers(void **state)
{
	char *msg = build(TO, "Uw melding", "Hallo\n"), *v;
	char day[4], mon[4], zone[8];
	int d, y, hh, mm, ss;

	(void)state;
	check_lines(msg, 78, 76);
	v = header_get(msg, "Date");
	assert_int_equal(sscanf(v, "%3s, %d %3s %d %d:%d:%d %7s", day, &d, mon,
				&y, &hh, &mm, &ss, zone),
			 8);
	assert_non_null(strstr("Mon,Tue,Wed,Thu,Fri,Sat,Sun,", day));
	assert_non_null(strstr("JanFebMarAprMayJunJulAugSepOctNovDec", mon));
	assert_string_equal(zone, "+0000");
	assert_true(y >= 2024 && d >= 1 && d <= 31);
	free(v);
	v = header_get(msg, "From");
	assert_string_equal(v, "wijkagenda <noreply@wijkagenda.example>");
	free(v);
	v = header_get(msg, "To");
	assert_string_equal(v, TO);
	free(v);
	v = header_get(msg, "Subject");
	assert_string_equal(v, "Uw melding");
	free(v);
	v = header_get(msg, "Message-ID");
	assert_int_equal(strlen(v),
			 1 + TOKEN_LEN + 1 + strlen("wijkagenda.example") + 1);
	assert_true(v[0] == '<' && v[TOKEN_LEN + 1] == '@');
	assert_string_equal(v + TOKEN_LEN + 2, "wijkagenda.example>");
	free(v);
	v = header_get(msg, "MIME-Version");
	assert_string_equal(v, "1.0");
	free(v);
	v = header_get(msg, "Content-Type");
	assert_string_equal(v, "text/plain; charset=UTF-8");
	free(v);
	v = header_get(msg, "Content-Transfer-Encoding");
	assert_string_equal(v, "quoted-printable");
	free(v);
	v = header_get(msg, "Auto-Submitted");
	assert_string_equal(v, "auto-generated");
	free(v);
	assert_null(header_get(msg, "Bcc"));
	assert_string_equal(body_of(msg), "Hallo\r\n");
	free(msg);
}

static void test_message_ids_differ(void **state)
{
	char *a = build(TO, "x", ""), *b = build(TO, "x", "");
	char *ia = header_get(a, "Message-ID"), *ib = header_get(b, "Message-ID");

	(void)state;
	assert_string_not_equal(ia, ib);
	free(ia);
	free(ib);
	free(a);
	free(b);
}

static void check_subject(const char *subject, bool encoded)
{
	char *msg = build(TO, subject, ""), *v = header_get(msg, "Subject");
	char *got;
	int words;

	/* RFC 2047: lines holding encoded-words at most 76 */
	check_lines(msg, encoded ? 76 : 78, 76);
	got = rfc2047_decode(v, &words);
	assert_string_equal(got, subject);
	assert_true(encoded ? words > 0 : words == 0);
	free(got);
	free(v);
	free(msg);
}

static void test_subject_rfc2047(void **state)
{
	char *msg = build(TO, SUBJECT_NL, ""), *v = header_get(msg, "Subject");

	(void)state;
	assert_non_null(strstr(v, "=?UTF-8?B?"));
	check_subject(SUBJECT_NL, true);
	free(v);
	free(msg);
}

static void test_subject_long(void **state)
{
	char many[SMTP_SUBJECT_MAX + 1] = "", words[SMTP_SUBJECT_MAX + 1] = "";

	(void)state;
	/* 100 two-byte characters: several encoded-words, none splitting
	 * a character */
	for (int i = 0; i < 100; i++)
		append(many, sizeof(many), "\xc3\xa9");
	check_subject(many, true);
	/* a 3-byte character straddling every 39-byte boundary */
	memset(many, 0, sizeof(many));
	for (int i = 0; strlen(many) + 4 <= SMTP_SUBJECT_MAX; i++)
		append(many, sizeof(many), i % 2 ? "\xe2\x80\x93" : "a");
	check_subject(many, true);
	/* plain ASCII is folded at blanks */
	while (strlen(words) + 6 <= SMTP_SUBJECT_MAX)
		append(words, sizeof(words), "melding ");
	words[strlen(words) - 1] = 'x';
	check_subject(words, false);
	/* double blanks survive folding; a long word goes to a line of
	 * its own */
	check_subject("a  b   c "
		      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		      "  y   ",
		      false);
}

static void test_subject_looks_encoded(void **state)
{
	(void)state;
	/* ASCII that a reader would decode must itself be encoded */
	check_subject("=?UTF-8?B?aGFjaw==?=", true);
	check_subject("prijs = 5 euro?", false);
}

static void test_body_quoted_printable(void **state)
{
	char lng[1000];

	(void)state;
	roundtrip_body("Beste bewoner,\n\nUw melding over de stoeptegel "
		       "bij nummer 12 is ontvangen.\nMet vriendelijke "
		       "groet,\nwijkagenda\n");
	roundtrip_body("Caf\xc3\xa9 \xe2\x80\x93 \xc3\xa9\xc3\xa9n link: "
		       "\xf0\x9f\x8f\xa0 \xe2\x82\xac 5\n");
	roundtrip_body(".\n..\n. begin\nmidden.\n.\r\n");
	roundtrip_body("From the start\nFrom: not a header\n");
	roundtrip_body("a=b ==3D =\n=\n==\n");
	roundtrip_body("trailing blanks  \ntab\t\n \t \nend ");
	roundtrip_body("windows\r\nline\r\nends\r\n");
	roundtrip_body("lone\rcarriage return\n");
	roundtrip_body("no final newline");
	roundtrip_body("");
	roundtrip_body("\n\n\n");
	/* long lines: no blanks, '=' and '.' at soft-break points,
	 * multibyte characters across them */
	for (size_t i = 0; i < sizeof(lng) - 1; i++)
		lng[i] = "a.=b "[i % 5];
	lng[sizeof(lng) - 1] = '\0';
	roundtrip_body(lng);
	memset(lng, '.', sizeof(lng) - 1);
	roundtrip_body(lng);
	memset(lng, 0, sizeof(lng));
	for (int i = 0; i < 300; i++)
		append(lng, sizeof(lng), "\xc3\xa9");
	roundtrip_body(lng);
	memset(lng, 'x', 75);
	snprintf(lng + 75, sizeof(lng) - 75, " \nnext");
	roundtrip_body(lng);
}

static void test_body_dot_line_never_ends_message(void **state)
{
	char *msg = build(TO, "x", "eerste\n.\ntweede\n");

	(void)state;
	assert_null(strstr(msg, "\r\n.\r\n"));
	assert_non_null(strstr(msg, "\r\n=2E\r\n"));
	free(msg);
}

static void expect_refused(const char *from, const char *to,
			   const char *subject, const char *body,
			   const char *why)
{
	struct smtp_config c = cfg;
	struct buf b;
	char err[128] = "";

	c.from = from;
	buf_init(&b, 1 << 20);
	assert_int_equal(smtp_message_build(&b, &c, to, subject, body, err,
					    sizeof(err)),
			 -1);
	assert_non_null(strstr(err, why));
	/* no address in the message: it goes to the log */
	assert_null(strstr(err, "@"));
	buf_release(&b);
}

static void test_header_injection_refused(void **state)
{
	const char *f = cfg.from;

	(void)state;
	expect_refused(f, "a@b.nl\r\nBcc: x@y.nl", "x", "", "recipient");
	expect_refused(f, "a@b.nl\nBcc: x@y.nl", "x", "", "recipient");
	expect_refused(f, "a@b.nl\rBcc: x@y.nl", "x", "", "recipient");
	expect_refused(f, "a@b.nl, x@y.nl", "x", "", "recipient");
	expect_refused(f, "a@b.nl>\r\nRCPT TO:<x@y.nl", "x", "", "recipient");
	expect_refused(f, "x@y.nl", "Hallo\r\nBcc: x@y.nl", "", "subject");
	expect_refused(f, "x@y.nl", "Hallo\nBcc: x@y.nl", "", "subject");
	expect_refused(f, "x@y.nl", "Hallo\rBcc: x@y.nl", "", "subject");
	expect_refused(f, "x@y.nl", "tab\there", "", "subject");
	expect_refused(f, "x@y.nl", "C1 \xc2\x85 NEL", "", "subject");
	expect_refused("noreply@x.nl\r\nBcc: x@y.nl", "x@y.nl", "x", "",
		       "sender");
	expect_refused("wijkagenda <noreply@x.nl>", "x@y.nl", "x", "",
		       "sender");
	expect_refused(NULL, "x@y.nl", "x", "", "sender");
	/* invalid UTF-8: overlong '/', surrogate, cut sequence, 0xff */
	expect_refused(f, "x@y.nl", "\xc0\xaf", "", "subject");
	expect_refused(f, "x@y.nl", "\xed\xa0\x80", "", "subject");
	expect_refused(f, "x@y.nl", "caf\xc3", "", "subject");
	expect_refused(f, "x@y.nl", "x", "\xff", "body");
	expect_refused(f, "x@y.nl", "x", "nul\x01", "body");
	expect_refused(f, "x@y.nl", "x", NULL, "body");
	expect_refused(f, "x@y.nl", "", "", "subject");
	expect_refused(f, "x@y.nl", NULL, "", "subject");
}

/* smtp_message_build_mail with an unsubscribe URL: rc, and the message
 * (caller frees) or err. */
static int build_unsub(const char *url, char **msg, char *err, size_t errlen)
{
	struct smtp_mail m = {TO, "Nieuws", "Hallo\n", url};
	struct buf b;
	int rc;

	buf_init(&b, 1 << 20);
	rc = smtp_message_build_mail(&b, &cfg, &m, err, errlen);
	*msg = rc == 0 ? buf_detach(&b, NULL) : NULL;
	if (rc != 0)
		buf_release(&b);
	return rc;
}

static void test_unsubscribe_header(void **state)
{
	char err[128] = "", *msg, *v;

	(void)state;
	/* https: the link and RFC 8058's one-click */
	assert_int_equal(build_unsub("https://wijk.example/afmelden/abc", &msg, err,
				     sizeof(err)),
			 0);
	v = header_get(msg, "List-Unsubscribe");
	assert_string_equal(v, "<https://wijk.example/afmelden/abc>");
	free(v);
	v = header_get(msg, "List-Unsubscribe-Post");
	assert_string_equal(v, "List-Unsubscribe=One-Click");
	free(v);
	free(msg);
	/* http: RFC 8058 wants HTTPS, so the link only */
	assert_int_equal(build_unsub("http://127.0.0.1:8080/afmelden/abc", &msg,
				     err, sizeof(err)),
			 0);
	v = header_get(msg, "List-Unsubscribe");
	assert_string_equal(v, "<http://127.0.0.1:8080/afmelden/abc>");
	free(v);
	assert_null(header_get(msg, "List-Unsubscribe-Post"));
	free(msg);
	/* none: neither header */
	assert_int_equal(build_unsub(NULL, &msg, err, sizeof(err)), 0);
	assert_null(header_get(msg, "List-Unsubscribe"));
	assert_null(header_get(msg, "List-Unsubscribe-Post"));
	free(msg);
}

static void expect_unsub_refused(const char *url)
{
	char err[128] = "", *msg = NULL;

	assert_int_equal(build_unsub(url, &msg, err, sizeof(err)), -1);
	assert_null(msg);
	assert_non_null(strstr(err, "unsubscribe URL"));
}

static void test_unsubscribe_url_refused(void **state)
{
	char longer[MAIL_URL_MAX + 2], fits[MAIL_URL_MAX + 1], *msg;
	char err[128] = "";

	(void)state;
	/* a header or an SMTP command smuggled in */
	expect_unsub_refused("https://x.nl/a\r\nBcc: x@y.nl");
	expect_unsub_refused("https://x.nl/a\nBcc: x@y.nl");
	expect_unsub_refused("https://x.nl/a\rBcc: x@y.nl");
	/* ends the <...> or adds a second URI */
	expect_unsub_refused("https://x.nl/a>, <mailto:x@y.nl");
	expect_unsub_refused("https://x.nl/a b");
	expect_unsub_refused("https://x.nl/\"a\"");
	expect_unsub_refused("https://x.nl/caf\xc3\xa9");
	expect_unsub_refused("https://x.nl/\x7f");
	/* not http(s) */
	expect_unsub_refused("mailto:afmelden@x.nl");
	expect_unsub_refused("javascript:alert(1)");
	expect_unsub_refused("ftp://x.nl/afmelden");
	expect_unsub_refused("HTTPS://x.nl/afmelden");
	expect_unsub_refused("/afmelden/abc");
	expect_unsub_refused("");
	/* too long: MAIL_URL_MAX fits, one more does not */
	memset(fits, 'a', sizeof(fits) - 1);
	memcpy(fits, "https://x.nl/", 13);
	fits[MAIL_URL_MAX] = '\0';
	assert_int_equal(build_unsub(fits, &msg, err, sizeof(err)), 0);
	free(msg);
	memset(longer, 'a', sizeof(longer) - 1);
	memcpy(longer, "https://x.nl/", 13);
	longer[MAIL_URL_MAX + 1] = '\0';
	expect_unsub_refused(longer);
}

static void test_config_check(void **state)
{
	struct smtp_config c = cfg;
	char err[128] = "";

	(void)state;
	assert_int_equal(smtp_config_check(&c, err, sizeof(err)), 0);
	c.url = "smtps://mail.example.nl:465";
	assert_int_equal(smtp_config_check(&c, err, sizeof(err)), 0);
	c.url = "http://mail.example.nl";
	assert_int_equal(smtp_config_check(&c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "smtp://"));
	c.url = NULL;
	assert_int_equal(smtp_config_check(&c, err, sizeof(err)), -1);
	c = cfg;
	c.from = "wijkagenda <noreply@example.nl>";
	assert_int_equal(smtp_config_check(&c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "sender"));
	c.from = NULL;
	assert_int_equal(smtp_config_check(&c, err, sizeof(err)), -1);
}

static void test_size_limits(void **state)
{
	char subject[SMTP_SUBJECT_MAX + 2];
	char *body = xmalloc(SMTP_BODY_MAX + 2), *msg;

	(void)state;
	memset(subject, 's', sizeof(subject) - 1);
	subject[SMTP_SUBJECT_MAX] = '\0';
	assert_true(mail_subject_valid(subject));
	subject[SMTP_SUBJECT_MAX] = 's';
	subject[SMTP_SUBJECT_MAX + 1] = '\0';
	assert_false(mail_subject_valid(subject));
	/* the largest body, every byte needing =XX, still fits */
	memset(body, '=', SMTP_BODY_MAX);
	body[SMTP_BODY_MAX] = '\0';
	assert_true(mail_body_valid(body));
	msg = build(TO, "x", body);
	check_body_lines(msg);
	free(msg);
	body[SMTP_BODY_MAX] = '=';
	body[SMTP_BODY_MAX + 1] = '\0';
	assert_false(mail_body_valid(body));
	free(body);
}

/* --- the outbox ------------------------------------------------------ */

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena arena;
};

struct row {
	int attempts;
	char next[40], sent[40], error[600];
};

static const char sql_row[] =
	"SELECT attempts, next_attempt_at, sent_at, last_error FROM outbox"
	" WHERE id = $1";
static const char sql_count_all[] = "SELECT COUNT(*) FROM outbox";
static const char sql_expire[] =
	"UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00.000Z'"
	" WHERE sent_at IS NULL";

static void row_get(struct db *db, int64_t id, struct row *r)
{
	struct db_stmt *st = db_prepare(db, sql_row);
	const char *s;

	memset(r, 0, sizeof(*r));
	db_bind_int(st, 1, id);
	assert_int_equal(db_step(st), DB_ROW);
	r->attempts = (int)db_col_int(st, 0);
	snprintf(r->next, sizeof(r->next), "%s", db_col_text(st, 1));
	s = db_col_text(st, 2);
	snprintf(r->sent, sizeof(r->sent), "%s", s ? s : "");
	s = db_col_text(st, 3);
	snprintf(r->error, sizeof(r->error), "%s", s ? s : "");
	db_done(st);
}

static int64_t count(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t n = -1;

	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static void run(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);

	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "mail", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->arena);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_fixture_close(&f->fx, f->db);
	arena_clear(&f->arena);
	free(f);
	return 0;
}

static int64_t add_one(struct fixture *f, const char *subject)
{
	struct outbox_msg *m;
	size_t n;

	assert_int_equal(outbox_add(f->db, TO, subject, "tekst\n"), ERR_OK);
	/* peek at the id by claiming and handing it back */
	assert_int_equal(outbox_due(f->db, &f->arena, 100, &m, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].subject, subject) == 0) {
			int64_t id = m[i].id;

			for (size_t j = 0; j < n; j++)
				outbox_release(f->db, m[j].id);
			return id;
		}
	fail_msg("added row not found");
	return -1;
}

static void test_outbox_add_validates(void **state)
{
	struct fixture *f = *state;
	char *body = xmalloc(SMTP_BODY_MAX + 2);

	assert_int_equal(outbox_add(f->db, "a@b.nl\r\nBcc: x@y.nl", "x", "y"),
			 ERR_INVALID);
	assert_int_equal(outbox_add(f->db, "geen-adres", "x", "y"),
			 ERR_INVALID);
	assert_int_equal(outbox_add(f->db, NULL, "x", "y"), ERR_INVALID);
	assert_int_equal(outbox_add(f->db, TO, "a\r\nb", "y"), ERR_INVALID);
	assert_int_equal(outbox_add(f->db, TO, "\xff", "y"), ERR_INVALID);
	assert_int_equal(outbox_add(f->db, TO, "x", NULL), ERR_INVALID);
	memset(body, 'b', SMTP_BODY_MAX + 1);
	body[SMTP_BODY_MAX + 1] = '\0';
	assert_int_equal(outbox_add(f->db, TO, "x", body), ERR_INVALID);
	assert_int_equal(count(f->db, sql_count_all), 0);
	body[SMTP_BODY_MAX] = '\0';
	assert_int_equal(outbox_add(f->db, TO, SUBJECT_NL, body), ERR_OK);
	assert_int_equal(count(f->db, sql_count_all), 1);
	assert_int_equal(outbox_count_pending(f->db), 1);
	free(body);
}

static void test_outbox_add_in_callers_transaction(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(db_begin_write(f->db), ERR_OK);
	assert_int_equal(outbox_add(f->db, TO, "x", "y"), ERR_OK);
	db_rollback(f->db);
	assert_int_equal(count(f->db, sql_count_all), 0);
	assert_int_equal(db_begin_write(f->db), ERR_OK);
	assert_int_equal(outbox_add(f->db, TO, "x", "y"), ERR_OK);
	assert_int_equal(outbox_add(f->db, TO, "z", "y"), ERR_OK);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(count(f->db, sql_count_all), 2);
}

static void test_outbox_claim_and_lease(void **state)
{
	struct fixture *f = *state;
	struct outbox_msg *m;
	struct row r;
	char lo[32], hi[32];
	size_t n;

	for (int i = 0; i < 3; i++)
		assert_int_equal(outbox_add(f->db, TO, i ? "later" : SUBJECT_NL,
					    "tekst\n"),
				 ERR_OK);
	assert_int_equal(outbox_count_pending(f->db), 3);
	store_time_ago(lo, sizeof(lo), -OUTBOX_LEASE_S);
	assert_int_equal(outbox_due(f->db, &f->arena, 2, &m, &n), ERR_OK);
	store_time_ago(hi, sizeof(hi), -OUTBOX_LEASE_S);
	assert_int_equal(n, 2);
	assert_string_equal(m[0].to, TO);
	assert_int_equal(m[0].attempts, 0);
	assert_string_equal(m[0].body, "tekst\n");
	assert_true(m[0].id != m[1].id);
	row_get(f->db, m[0].id, &r);
	assert_true(strcmp(r.next, lo) >= 0 && strcmp(r.next, hi) <= 0);
	assert_string_equal(r.sent, "");
	/* the lease keeps both from being claimed again; the third is
	 * still due */
	assert_int_equal(outbox_due(f->db, &f->arena, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(outbox_due(f->db, &f->arena, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 0);
	/* leased rows are still pending */
	assert_int_equal(outbox_count_pending(f->db), 3);
	/* a lease that ran out (a worker died mid-send): claimable again */
	run(f->db, sql_expire);
	assert_int_equal(outbox_due(f->db, &f->arena, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(outbox_due(f->db, &f->arena, 0, &m, &n), ERR_OK);
	assert_int_equal(n, 0);
}

static void test_outbox_mark_sent(void **state)
{
	struct fixture *f = *state;
	int64_t a = add_one(f, "a"), b = add_one(f, "b");
	struct outbox_msg *m;
	struct row r;
	size_t n;

	assert_int_equal(outbox_mark_sent(f->db, a), ERR_OK);
	assert_int_equal(outbox_count_pending(f->db), 1);
	row_get(f->db, a, &r);
	assert_true(r.sent[0] != '\0');
	assert_int_equal(r.attempts, 0);
	/* twice is harmless and keeps the first time */
	assert_int_equal(outbox_mark_sent(f->db, a), ERR_OK);
	{
		struct row r2;

		row_get(f->db, a, &r2);
		assert_string_equal(r2.sent, r.sent);
	}
	/* a sent row is never due again, even with an old time */
	run(f->db, sql_expire);
	assert_int_equal(outbox_due(f->db, &f->arena, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_true(m[0].id == b);
	/* release makes a claimed row due at once */
	assert_int_equal(outbox_release(f->db, b), ERR_OK);
	assert_int_equal(outbox_due(f->db, &f->arena, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 1);
	/* releasing a sent row does not resurrect it */
	assert_int_equal(outbox_release(f->db, a), ERR_OK);
	row_get(f->db, a, &r);
	assert_true(r.sent[0] != '\0');
}

static void test_outbox_backoff_schedule(void **state)
{
	(void)state;
	assert_int_equal(outbox_backoff_s(1), 60);
	assert_int_equal(outbox_backoff_s(2), 300);
	assert_int_equal(outbox_backoff_s(3), 1800);
	assert_int_equal(outbox_backoff_s(4), 7200);
	assert_int_equal(outbox_backoff_s(5), 21600);
	assert_int_equal(outbox_backoff_s(9), 21600);
	assert_int_equal(outbox_backoff_s(0), 60);
}

static void test_outbox_mark_failed_backoff_and_give_up(void **state)
{
	struct fixture *f = *state;
	int64_t id = add_one(f, "retry");
	struct outbox_msg *m;
	struct row r;
	char lo[32], hi[32], err[32];
	size_t n;

	for (int a = 1; a < OUTBOX_MAX_ATTEMPTS; a++) {
		snprintf(err, sizeof(err), "fout %d", a);
		store_time_ago(lo, sizeof(lo), -outbox_backoff_s(a));
		assert_int_equal(outbox_mark_failed(f->db, id, err), ERR_OK);
		store_time_ago(hi, sizeof(hi), -outbox_backoff_s(a));
		row_get(f->db, id, &r);
		assert_int_equal(r.attempts, a);
		assert_string_equal(r.error, err);
		assert_string_equal(r.sent, "");
		if (strcmp(r.next, lo) < 0 || strcmp(r.next, hi) > 0)
			fail_msg("attempt %d: next %s not in [%s, %s]", a,
				 r.next, lo, hi);
		assert_int_equal(outbox_count_pending(f->db), 1);
		/* not due before its time */
		assert_int_equal(outbox_due(f->db, &f->arena, 10, &m, &n),
				 ERR_OK);
		assert_int_equal(n, 0);
	}
	assert_int_equal(outbox_mark_failed(f->db, id, "laatste"), ERR_OK);
	row_get(f->db, id, &r);
	assert_int_equal(r.attempts, OUTBOX_MAX_ATTEMPTS);
	assert_string_equal(r.next, OUTBOX_NEVER);
	assert_string_equal(r.error, "laatste");
	assert_int_equal(outbox_count_pending(f->db), 0);
	assert_int_equal(outbox_due(f->db, &f->arena, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 0);
	/* kept, not deleted: someone can look at it */
	assert_int_equal(count(f->db, sql_count_all), 1);
	assert_int_equal(outbox_mark_failed(f->db, 999999, "x"),
			 ERR_NOT_FOUND);
}

static void test_outbox_long_error_is_cut(void **state)
{
	struct fixture *f = *state;
	int64_t id = add_one(f, "cut");
	char lng[2000];
	struct row r;

	memset(lng, 'e', sizeof(lng) - 1);
	lng[sizeof(lng) - 1] = '\0';
	assert_int_equal(outbox_mark_failed(f->db, id, lng), ERR_OK);
	row_get(f->db, id, &r);
	assert_int_equal(strlen(r.error), 511);
	assert_int_equal(outbox_mark_failed(f->db, id, NULL), ERR_OK);
	row_get(f->db, id, &r);
	assert_string_equal(r.error, "unknown error");
}

/* Two connections (as two server instances would have) claim from the
 * same outbox at the same time: every row goes to exactly one. */
#define RACE_ROWS 60

struct racer {
	const char *url;
	int64_t ids[RACE_ROWS];
	size_t n;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct db *db;
	struct arena ar;
	char msg[256];

	if (db_open(r->url, &db, msg, sizeof(msg)) != ERR_OK)
		return NULL;
	arena_init(&ar);
	for (;;) {
		struct outbox_msg *m;
		size_t n;

		if (outbox_due(db, &ar, 3, &m, &n) != ERR_OK || n == 0)
			break;
		for (size_t i = 0; i < n && r->n < RACE_ROWS; i++)
			r->ids[r->n++] = m[i].id;
		arena_clear(&ar);
	}
	arena_clear(&ar);
	db_close(db);
	return NULL;
}

static void test_outbox_two_claimers(void **state)
{
	struct fixture *f = *state;
	struct racer a = {.url = f->fx.url}, b = {.url = f->fx.url};
	pthread_t ta, tb;
	char seen[RACE_ROWS + 1] = {0};

	for (int i = 0; i < RACE_ROWS; i++)
		assert_int_equal(outbox_add(f->db, TO, "race", "x"), ERR_OK);
	pthread_create(&ta, NULL, race, &a);
	pthread_create(&tb, NULL, race, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	assert_int_equal(a.n + b.n, RACE_ROWS);
	for (size_t i = 0; i < a.n + b.n; i++) {
		int64_t id = i < a.n ? a.ids[i] : b.ids[i - a.n];

		assert_true(id >= 1 && id <= RACE_ROWS);
		assert_int_equal(seen[id], 0);
		seen[id] = 1;
	}
}

#define T(fn) cmocka_unit_test(fn)
#define TS(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_headers),
		T(test_message_ids_differ),
		T(test_subject_rfc2047),
		T(test_subject_long),
		T(test_subject_looks_encoded),
		T(test_body_quoted_printable),
		T(test_body_dot_line_never_ends_message),
		T(test_header_injection_refused),
		T(test_unsubscribe_header),
		T(test_unsubscribe_url_refused),
		T(test_config_check),
		T(test_size_limits),
		T(test_outbox_backoff_schedule),
	};
	const struct CMUnitTest outbox_tests[] = {
		TS(test_outbox_add_validates),
		TS(test_outbox_add_in_callers_transaction),
		TS(test_outbox_claim_and_lease),
		TS(test_outbox_mark_sent),
		TS(test_outbox_mark_failed_backoff_and_give_up),
		TS(test_outbox_long_error_is_cut),
		TS(test_outbox_two_claimers),
	};
	int rc = 0;

	if (token_init() != 0)
		return 1;
	token_key_set((const unsigned char *)"unit-test key: thirty-two bytes!");
	log_set_quiet(1);
	if (!db_fixture_pg())
		rc = cmocka_run_group_tests(tests, NULL, NULL);
	return rc | cmocka_run_group_tests(outbox_tests, NULL, NULL);
}
