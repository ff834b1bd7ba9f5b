/* test_mail_worker: the mail worker end to end, against a real SMTP
 * conversation over 127.0.0.1 with libcurl, and a real outbox on a fresh
 * database per test (db_fixture.h: an SQLite file, or PostgreSQL with
 * WIJKAGENDA_TEST_PG; the worker opens its own connection by URL).
 *
 * The SMTP server is a small listener thread in this file rather than
 * tests/http/smtpd.py in a subprocess.  On a loaded 2-core machine (CI,
 * the sanitizer build) that is the more robust choice: the port comes
 * from bind(port 0) in this process, so there is no free-port race and no
 * waiting for a child to print its port; there is no interpreter start-up
 * to time out; failures (451, a slow reply, a server that is down) are
 * switched by a variable instead of a control channel; and a crashing
 * test leaves no orphan process.  smtpd.py is checked against smtplib by
 * its own --self-test and is there for the HTTP tests, which run the
 * real binary with --smtp-url.
 *
 * Cases: three mails delivered with decoded subjects, To and envelope,
 * and a log without addresses; 451 once -> retried, sent exactly once;
 * server down -> rows kept with attempts=1 and last_error; a kick wakes
 * a worker with a long interval; stopping finishes the message in flight
 * and hands the rest back; --smtp-require-tls refuses a server without
 * STARTTLS. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/token.h"
#include "base/util.h"
#include "mail/smtp.h"
#include "mail/worker.h"
#include "store/outbox.h"
#include "store/store.h"

#include "db_fixture.h"

#define TO "bewoner@example.nl"
#define SUBJECT_NL "Uw melding is ontvangen \xe2\x80\x93 \xc3\xa9\xc3\xa9n link"
#define MAX_GOT 16

/* --- a fake SMTP server ---------------------------------------------- */

struct got {
	char from[300], rcpt[300];
	char *data; /* unstuffed, CRLF line ends, without the final dot */
};

struct fake_smtp {
	int fd, port;
	pthread_t thread;
	pthread_mutex_t mu;
	/* under mu */
	bool stop;
	bool listening;
	int fail_next;	 /* answer 451 after the data of this many */
	int reply_delay_ms; /* before answering the end of data */
	int transactions;	 /* MAIL FROM commands seen */
	int connections;	 /* sessions accepted */
	int failed;
	size_t n;
	struct got got[MAX_GOT];
};

struct conn {
	int fd;
	char buf[4096];
	size_t len, pos;
};

static void say(struct conn *c, const char *s)
{
	size_t n = strlen(s);

	while (n) {
		ssize_t w = send(c->fd, s, n, MSG_NOSIGNAL);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* One line without CRLF into out; -1 at EOF, error or timeout. */
static int read_line(struct conn *c, char *out, size_t max)
{
	size_t n = 0;

	for (;;) {
		if (c->pos == c->len) {
			ssize_t r = recv(c->fd, c->buf, sizeof(c->buf), 0);

			if (r <= 0)
				return -1;
			c->len = (size_t)r;
			c->pos = 0;
		}
		char ch = c->buf[c->pos++];

		if (ch == '\n')
			break;
		if (n + 1 < max)
			out[n++] = ch;
	}
	if (n && out[n - 1] == '\r')
		n--;
	out[n] = '\0';
	return (int)n;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static void fake_data(struct fake_smtp *s, struct conn *c, const char *from,
		      const char *rcpt)
{
	char line[2048];
	struct buf b;
	int delay, fail = 0;

	say(c, "354 go ahead\r\n");
	buf_init(&b, 0);
	while (read_line(c, line, sizeof(line)) >= 0 && strcmp(line, ".")) {
		buf_adds(&b, line[0] == '.' ? line + 1 : line);
		buf_adds(&b, "\r\n");
	}
	pthread_mutex_lock(&s->mu);
	delay = s->reply_delay_ms;
	if (s->fail_next > 0) {
		s->fail_next--;
		s->failed++;
		fail = 1;
	} else if (s->n < MAX_GOT) {
		struct got *g = &s->got[s->n++];

		snprintf(g->from, sizeof(g->from), "%s", from);
		snprintf(g->rcpt, sizeof(g->rcpt), "%s", rcpt);
		g->data = buf_detach(&b, NULL);
	}
	pthread_mutex_unlock(&s->mu);
	buf_release(&b);
	if (delay)
		sleep_ms(delay);
	say(c, fail ? "451 4.3.0 try again later\r\n" : "250 2.0.0 queued\r\n");
}

static void fake_session(struct fake_smtp *s, int fd)
{
	struct conn c = {.fd = fd};
	char line[1024], from[300] = "", rcpt[300] = "";

	say(&c, "220 fake ESMTP\r\n");
	while (read_line(&c, line, sizeof(line)) >= 0) {
		if (strncasecmp(line, "EHLO", 4) == 0) {
			say(&c, "250-fake\r\n250 8BITMIME\r\n");
		} else if (strncasecmp(line, "HELO", 4) == 0) {
			say(&c, "250 fake\r\n");
		} else if (strncasecmp(line, "MAIL FROM:", 10) == 0) {
			snprintf(from, sizeof(from), "%.299s", line + 10);
			rcpt[0] = '\0';
			pthread_mutex_lock(&s->mu);
			s->transactions++;
			pthread_mutex_unlock(&s->mu);
			say(&c, "250 ok\r\n");
		} else if (strncasecmp(line, "RCPT TO:", 8) == 0) {
			snprintf(rcpt, sizeof(rcpt), "%.299s", line + 8);
			say(&c, "250 ok\r\n");
		} else if (strcasecmp(line, "DATA") == 0) {
			fake_data(s, &c, from, rcpt);
		} else if (strcasecmp(line, "QUIT") == 0) {
			say(&c, "221 bye\r\n");
			break;
		} else if (strcasecmp(line, "RSET") == 0 ||
			   strcasecmp(line, "NOOP") == 0) {
			say(&c, "250 ok\r\n");
		} else {
			say(&c, "500 unknown command\r\n");
		}
	}
}

static bool fake_stopping(struct fake_smtp *s)
{
	bool stop;

	pthread_mutex_lock(&s->mu);
	stop = s->stop;
	pthread_mutex_unlock(&s->mu);
	return stop;
}

static void *fake_main(void *arg)
{
	struct fake_smtp *s = arg;
	struct timeval tv = {5, 0};

	while (!fake_stopping(s)) {
		struct pollfd p = {.fd = s->fd, .events = POLLIN};
		int fd;

		if (poll(&p, 1, 50) <= 0)
			continue;
		if ((fd = accept(s->fd, NULL, NULL)) < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		pthread_mutex_lock(&s->mu);
		s->connections++;
		pthread_mutex_unlock(&s->mu);
		fake_session(s, fd);
		close(fd);
	}
	return NULL;
}

/* A socket bound to a free port of 127.0.0.1; listening or not (then
 * the port refuses connections and stays ours: a server that is down). */
static void fake_bind(struct fake_smtp *s, bool listening)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);
	int one = 1;

	pthread_mutex_init(&s->mu, NULL);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->fd >= 0);
	setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	assert_int_equal(bind(s->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(s->fd, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	s->listening = listening;
	if (listening) {
		assert_int_equal(listen(s->fd, 8), 0);
		assert_int_equal(pthread_create(&s->thread, NULL, fake_main, s),
				 0);
	}
}

static void fake_stop(struct fake_smtp *s)
{
	pthread_mutex_lock(&s->mu);
	s->stop = true;
	pthread_mutex_unlock(&s->mu);
	if (s->listening)
		pthread_join(s->thread, NULL);
	close(s->fd);
	for (size_t i = 0; i < s->n; i++)
		free(s->got[i].data);
	pthread_mutex_destroy(&s->mu);
}

static size_t fake_count(struct fake_smtp *s)
{
	size_t n;

	pthread_mutex_lock(&s->mu);
	n = s->n;
	pthread_mutex_unlock(&s->mu);
	return n;
}

static void fake_set(struct fake_smtp *s, int fail_next, int delay_ms)
{
	pthread_mutex_lock(&s->mu);
	s->fail_next = fail_next;
	s->reply_delay_ms = delay_ms;
	pthread_mutex_unlock(&s->mu);
}

static int fake_transactions(struct fake_smtp *s)
{
	int n;

	pthread_mutex_lock(&s->mu);
	n = s->transactions;
	pthread_mutex_unlock(&s->mu);
	return n;
}

static int fake_connections(struct fake_smtp *s)
{
	int n;

	pthread_mutex_lock(&s->mu);
	n = s->connections;
	pthread_mutex_unlock(&s->mu);
	return n;
}

/* --- decoding what arrived ------------------------------------------- */

/* Unfolded value of a header (malloc'd) or NULL. */
static char *header_get(const char *msg, const char *name)
{
	const char *end = strstr(msg, "\r\n\r\n"), *p = msg;
	size_t nl = strlen(name);
	struct buf b;

	while (p && p < end && !(strncmp(p, name, nl) == 0 && p[nl] == ':'))
		p = strstr(p, "\r\n") + 2;
	if (!p || p >= end)
		return NULL;
	buf_init(&b, 0);
	for (p += nl + 2; p < end + 2; p++) {
		if (p[0] == '\r' && p[1] == '\n') {
			if (p[2] != ' ')
				break;
			p++;
			continue;
		}
		buf_addc(&b, *p);
	}
	return buf_detach(&b, NULL);
}

/* RFC 2047 "=?UTF-8?B?...?=" words, whitespace between them dropped. */
static char *subject_decode(const char *v)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				"abcdefghijklmnopqrstuvwxyz0123456789+/";
	struct buf b;

	buf_init(&b, 0);
	if (strncmp(v, "=?UTF-8?B?", 10) != 0) {
		buf_adds(&b, v);
		return buf_detach(&b, NULL);
	}
	while ((v = strstr(v, "=?UTF-8?B?")) != NULL) {
		unsigned acc = 0;
		int bits = 0;

		for (v += 10; *v && *v != '?' && *v != '='; v++) {
			acc = acc << 6 | (unsigned)(strchr(a, *v) - a);
			if ((bits += 6) >= 8) {
				bits -= 8;
				buf_addc(&b, (char)((acc >> bits) & 0xff));
			}
		}
	}
	return buf_detach(&b, NULL);
}

/* --- fixture --------------------------------------------------------- */

struct fixture {
	struct db_fixture fx; /* fx.dir also holds the captured logs */
	struct db *db;
	struct fake_smtp smtp;
	struct smtp_config cfg;
	char url[64];
};

static const char sql_row[] =
	"SELECT attempts, sent_at, last_error, next_attempt_at FROM outbox"
	" WHERE id = $1";
static const char sql_count_attempted[] =
	"SELECT COUNT(*) FROM outbox WHERE attempts > 0";
static const char sql_last_id[] = "SELECT MAX(id) FROM outbox";
static const char sql_expire[] =
	"UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00.000Z'"
	" WHERE sent_at IS NULL";

struct row {
	int attempts;
	bool sent;
	char error[600], next[40];
};

static void row_get(struct db *db, int64_t id, struct row *r)
{
	struct db_stmt *st = db_prepare(db, sql_row);
	const char *e;

	memset(r, 0, sizeof(*r));
	db_bind_int(st, 1, id);
	assert_int_equal(db_step(st), DB_ROW);
	r->attempts = (int)db_col_int(st, 0);
	r->sent = !db_col_null(st, 1);
	e = db_col_text(st, 2);
	snprintf(r->error, sizeof(r->error), "%s", e ? e : "");
	snprintf(r->next, sizeof(r->next), "%s", db_col_text(st, 3));
	db_done(st);
}

static int64_t scalar(struct db *db, const char *sql)
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

	if (db_fixture_open(&f->fx, "mailw", &f->db) != 0) {
		free(f);
		return -1;
	}
	f->cfg.from = "noreply@wijkagenda.example";
	f->cfg.url = f->url;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_fixture_close(&f->fx, f->db);
	free(f);
	return 0;
}

static void serve(struct fixture *f, bool listening)
{
	fake_bind(&f->smtp, listening);
	snprintf(f->url, sizeof(f->url), "smtp://127.0.0.1:%d", f->smtp.port);
}

static int64_t add(struct fixture *f, const char *subject, const char *body)
{
	assert_int_equal(outbox_add(f->db, TO, subject, body), ERR_OK);
	return scalar(f->db, sql_last_id);
}

/* Poll cond (every 20 ms) until it holds or ms pass. */
static bool wait_until(bool (*cond)(struct fixture *), struct fixture *f,
		       int ms)
{
	for (int t = 0; t < ms; t += 20) {
		if (cond(f))
			return true;
		sleep_ms(20);
	}
	return cond(f);
}

static bool none_pending(struct fixture *f)
{
	return outbox_count_pending(f->db) == 0;
}

static int want_attempted;

static bool all_attempted(struct fixture *f)
{
	return scalar(f->db, sql_count_attempted) == want_attempted;
}

static size_t want_received;

static bool received_enough(struct fixture *f)
{
	return fake_count(&f->smtp) >= want_received;
}

static bool one_received(struct fixture *f)
{
	return fake_count(&f->smtp) >= 1;
}

static bool transaction_begun(struct fixture *f)
{
	return fake_transactions(&f->smtp) >= 1;
}

/* stderr into a file, so a test can read the log lines. */
static int log_capture_begin(const char *path)
{
	int saved = dup(2), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, 2);
	close(fd);
	log_set_quiet(0);
	return saved;
}

static char *log_capture_end(const char *path, int saved)
{
	struct buf b;
	char chunk[4096];
	size_t n;
	FILE *fp;

	log_set_quiet(1);
	dup2(saved, 2);
	close(saved);
	fp = fopen(path, "r");
	assert_non_null(fp);
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	unlink(path);
	return buf_detach(&b, NULL);
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* --- tests ----------------------------------------------------------- */

static void test_worker_sends_three(void **state)
{
	struct fixture *f = *state;
	const char *subjects[3] = {SUBJECT_NL, "Tweede bericht",
				   "Derde: \xc3\xa9\xc3\xa9n"};
	struct mail_worker *w;
	char logpath[160], *log;
	int saved;

	serve(f, true);
	for (int i = 0; i < 3; i++)
		add(f, subjects[i], "Beste bewoner,\n.\nGroet\n");
	snprintf(logpath, sizeof(logpath), "%s/log", f->fx.dir);
	saved = log_capture_begin(logpath);
	w = mail_worker_start(&f->cfg, f->fx.url, 50);
	assert_non_null(w);
	assert_true(wait_until(none_pending, f, 10000));
	mail_worker_stop(w);
	log = log_capture_end(logpath, saved);

	assert_int_equal(fake_count(&f->smtp), 3);
	for (size_t i = 0; i < 3; i++) {
		struct got *g = &f->smtp.got[i];
		char *subj = header_get(g->data, "Subject");
		char *dec = subject_decode(subj), *to = header_get(g->data, "To");
		bool known = false;

		for (int k = 0; k < 3; k++)
			known |= strcmp(dec, subjects[k]) == 0;
		if (!known)
			fail_msg("unexpected subject %s", dec);
		assert_string_equal(to, TO);
		assert_string_equal(g->rcpt, "<" TO ">");
		assert_string_equal(g->from, "<noreply@wijkagenda.example>");
		assert_non_null(strstr(g->data, "\r\n\r\nBeste bewoner,\r\n=2E\r\n"));
		free(to);
		free(dec);
		free(subj);
	}
	/* different messages, not one sent thrice */
	assert_string_not_equal(f->smtp.got[0].data, f->smtp.got[1].data);
	/* the log: one line per mail, the domain but never the address or
	 * the subject */
	assert_int_equal(occurrences(log, "event=mail_sent"), 3);
	assert_int_equal(occurrences(log, "domain=example.nl"), 3);
	assert_non_null(strstr(log, "outbox_id=1"));
	assert_null(strstr(log, "bewoner"));
	assert_null(strstr(log, "Tweede"));
	free(log);
	fake_stop(&f->smtp);
}

/* The queue is on no public answer: the worker's claims, sends and
 * failures move no data generation, so the answer cache keeps what it
 * holds while mail goes out (store/outbox.c, db_changes_unseen). */
static void test_sending_keeps_the_generation(void **state)
{
	struct fixture *f = *state;
	struct mail_worker *w;
	uint64_t before;
	int64_t id;

	serve(f, true);
	add(f, "Een", "x");
	add(f, "Twee", "x");
	db_generation_sync(f->db); /* the adds: written outside a transaction */
	before = db_generation();
	w = mail_worker_start(&f->cfg, f->fx.url, 50);
	assert_non_null(w);
	assert_true(wait_until(none_pending, f, 10000));
	mail_worker_stop(w);
	assert_int_equal(fake_count(&f->smtp), 2);
	db_generation_sync(f->db);
	assert_true(db_generation() == before);

	id = add(f, "Drie", "x");
	db_generation_sync(f->db);
	before = db_generation();
	assert_int_equal(outbox_mark_failed(f->db, id, "451 later"), ERR_OK);
	assert_int_equal(outbox_release(f->db, id), ERR_OK);
	assert_int_equal(outbox_give_up_bounced(f->db, id, TO, "550 gone"), ERR_OK);
	db_generation_sync(f->db);
	assert_true(db_generation() == before);
	fake_stop(&f->smtp);
}

static void test_worker_retries_after_451(void **state)
{
	struct fixture *f = *state;
	struct mail_worker *w;
	int64_t id;
	struct row r;

	serve(f, true);
	fake_set(&f->smtp, 1, 0);
	id = add(f, "Tweede poging", "tekst\n");
	w = mail_worker_start(&f->cfg, f->fx.url, 50);
	assert_non_null(w);
	want_attempted = 1;
	assert_true(wait_until(all_attempted, f, 10000));
	row_get(f->db, id, &r);
	assert_int_equal(r.attempts, 1);
	assert_false(r.sent);
	assert_non_null(strstr(r.error, "smtp 451"));
	assert_int_equal(f->smtp.failed, 1);
	assert_int_equal(fake_count(&f->smtp), 0);
	/* the minute of backoff passes at once */
	run(f->db, sql_expire);
	mail_worker_kick(w);
	assert_true(wait_until(none_pending, f, 10000));
	/* a few more rounds: nothing is sent again */
	sleep_ms(300);
	mail_worker_stop(w);
	row_get(f->db, id, &r);
	assert_true(r.sent);
	assert_int_equal(r.attempts, 1);
	assert_int_equal(fake_count(&f->smtp), 1);
	assert_int_equal(fake_transactions(&f->smtp), 2);
	fake_stop(&f->smtp);
}

/* A batch goes over one connection (no connect, greeting and EHLO per
 * mail); after a failure the next mail starts on a new one. */
static void test_worker_keeps_connection(void **state)
{
	struct fixture *f = *state;
	struct mail_worker *w;

	serve(f, true);
	for (int i = 0; i < 5; i++)
		add(f, "Een van vijf", "tekst\n");
	w = mail_worker_start(&f->cfg, f->fx.url, 50);
	assert_non_null(w);
	assert_true(wait_until(none_pending, f, 10000));
	mail_worker_stop(w);
	assert_int_equal(fake_count(&f->smtp), 5);
	assert_int_equal(fake_transactions(&f->smtp), 5);
	assert_int_equal(fake_connections(&f->smtp), 1);

	/* the first of three gets 451: it waits for its retry, the other
	 * two go over a second connection, and a third carries the retry */
	fake_set(&f->smtp, 1, 0);
	for (int i = 0; i < 3; i++)
		add(f, "Een van drie", "tekst\n");
	w = mail_worker_start(&f->cfg, f->fx.url, 50);
	assert_non_null(w);
	want_received = 7;
	assert_true(wait_until(received_enough, f, 10000));
	assert_int_equal(f->smtp.failed, 1);
	assert_int_equal(fake_connections(&f->smtp), 3);
	run(f->db, sql_expire);
	mail_worker_kick(w);
	assert_true(wait_until(none_pending, f, 10000));
	mail_worker_stop(w);
	assert_int_equal(fake_count(&f->smtp), 8);
	assert_int_equal(fake_connections(&f->smtp), 4);
	fake_stop(&f->smtp);
}

static void test_worker_server_down(void **state)
{
	struct fixture *f = *state;
	struct mail_worker *w;
	char soon[32], logpath[160], *log;
	int64_t a, b;
	struct row r;
	int saved;

	serve(f, false); /* bound, not listening: connection refused */
	a = add(f, "een", "x");
	b = add(f, "twee", "y");
	snprintf(logpath, sizeof(logpath), "%s/log", f->fx.dir);
	saved = log_capture_begin(logpath);
	w = mail_worker_start(&f->cfg, f->fx.url, 50);
	assert_non_null(w);
	want_attempted = 2;
	assert_true(wait_until(all_attempted, f, 10000));
	mail_worker_stop(w);
	log = log_capture_end(logpath, saved);
	store_time_ago(soon, sizeof(soon), -50);
	for (int64_t id = a; id <= b; id++) {
		row_get(f->db, id, &r);
		assert_int_equal(r.attempts, 1);
		assert_false(r.sent);
		assert_true(r.error[0] != '\0');
		assert_null(strstr(r.error, TO));
		assert_true(strcmp(r.next, soon) > 0); /* about a minute on */
	}
	assert_int_equal(outbox_count_pending(f->db), 2);
	assert_int_equal(occurrences(log, "event=mail_failed"), 2);
	assert_int_equal(occurrences(log, "domain=example.nl"), 2);
	assert_null(strstr(log, "bewoner"));
	free(log);
	fake_stop(&f->smtp);
}

static void test_worker_kick_and_prompt_stop(void **state)
{
	struct fixture *f = *state;
	struct mail_worker *w;
	struct timespec t0, t1;

	serve(f, true);
	w = mail_worker_start(&f->cfg, f->fx.url, 60000);
	assert_non_null(w);
	sleep_ms(100); /* the worker is now asleep for a minute */
	add(f, "Direct", "x");
	mail_worker_kick(w);
	assert_true(wait_until(one_received, f, 10000));
	assert_true(wait_until(none_pending, f, 10000));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	mail_worker_stop(w);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 5);
	mail_worker_kick(NULL);
	mail_worker_stop(NULL);
	fake_stop(&f->smtp);
}

static void test_worker_stop_finishes_and_releases(void **state)
{
	struct fixture *f = *state;
	struct mail_worker *w;
	struct outbox_msg *m;
	struct arena ar;
	size_t n;

	serve(f, true);
	fake_set(&f->smtp, 0, 300);
	for (int i = 0; i < 5; i++)
		add(f, "Vijf", "x");
	w = mail_worker_start(&f->cfg, f->fx.url, 50);
	assert_non_null(w);
	/* all five are claimed; the first is on the wire */
	assert_true(wait_until(transaction_begun, f, 10000));
	mail_worker_stop(w);
	assert_int_equal(fake_count(&f->smtp), 1);
	assert_int_equal(outbox_count_pending(f->db), 4);
	/* handed back: due now, not after the ten-minute lease */
	arena_init(&ar);
	assert_int_equal(outbox_due(f->db, &ar, 10, &m, &n), ERR_OK);
	assert_int_equal(n, 4);
	arena_clear(&ar);
	fake_stop(&f->smtp);
}

static void test_require_tls_refuses_plain_server(void **state)
{
	struct fixture *f = *state;
	char err[512] = "";

	serve(f, true);
	f->cfg.require_tls = 1;
	assert_int_equal(smtp_send(&f->cfg, TO, "geheim", "x", err,
				   sizeof(err)),
			 -1);
	assert_true(err[0] != '\0');
	assert_int_equal(fake_count(&f->smtp), 0);
	assert_int_equal(fake_transactions(&f->smtp), 0);
	/* without the switch the same server gets it in plain text */
	f->cfg.require_tls = 0;
	assert_int_equal(smtp_send(&f->cfg, TO, "open", "x", err,
				   sizeof(err)),
			 0);
	assert_int_equal(fake_count(&f->smtp), 1);
	fake_stop(&f->smtp);
}

static void test_send_refuses_bad_input_and_url(void **state)
{
	struct fixture *f = *state;
	char err[512] = "";

	serve(f, true);
	assert_int_equal(smtp_send(&f->cfg, "a@b.nl\r\nRCPT TO:<x@y.nl>",
				   "x", "y", err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "recipient"));
	f->cfg.url = "file:///etc/passwd";
	assert_int_equal(smtp_send(&f->cfg, TO, "x", "y", err, sizeof(err)),
			 -1);
	f->cfg.url = NULL;
	assert_int_equal(smtp_send(&f->cfg, TO, "x", "y", err, sizeof(err)),
			 -1);
	assert_int_equal(fake_transactions(&f->smtp), 0);
	fake_stop(&f->smtp);
}

static void test_worker_refuses_bad_setup(void **state)
{
	struct fixture *f = *state;

	assert_null(mail_worker_start(&f->cfg, "/nonexistent/dir/wa.db", 50));
	/* a setting that would fail every mail is refused at start */
	f->cfg.url = "http://127.0.0.1:1";
	assert_null(mail_worker_start(&f->cfg, f->fx.url, 50));
	f->cfg.url = "smtp://127.0.0.1:1";
	f->cfg.from = "wijkagenda";
	assert_null(mail_worker_start(&f->cfg, f->fx.url, 50));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_worker_sends_three),
		T(test_sending_keeps_the_generation),
		T(test_worker_retries_after_451),
		T(test_worker_keeps_connection),
		T(test_worker_server_down),
		T(test_worker_kick_and_prompt_stop),
		T(test_worker_stop_finishes_and_releases),
		T(test_require_tls_refuses_plain_server),
		T(test_send_refuses_bad_input_and_url),
		T(test_worker_refuses_bad_setup),
	};

	int rc;

	if (token_init() != 0 || mail_init() != 0)
		return 1;
	token_key_set((const unsigned char *)"unit-test key: thirty-two bytes!");
	log_set_quiet(1);
	signal(SIGPIPE, SIG_IGN); /* as main.c: CURLOPT_NOSIGNAL needs it */
	rc = cmocka_run_group_tests(tests, NULL, NULL);

	mail_cleanup();
	return rc;
}
