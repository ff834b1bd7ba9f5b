/* bench_smtp: the baselines for the outbox's throughput (issue 13): the
 * same mails sent to the same SMTP server by a bare libcurl loop, and by
 * our smtp_send alone, in the same run as the real server's outbox
 * (bench/outbox.sh).
 *
 *   bench_smtp URL N MODE
 * MODE: bare   one connection per mail (curl_easy_init, perform,
 *              cleanup), the message built once, as smtp_send does it
 *       reuse  one libcurl handle for all: the connection is kept
 *       ours   smtp_send (builds the message, checks every header, keeps
 *              the protocol trace for bounces), one connection per mail
 * prints: smtp.MODE mails=N mails_per_s=... */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/token.h"
#include "mail/smtp.h"

#define FROM "bench@wijkagenda.example"
#define TO "bewoner@example.org"
#define SUBJECT "Nieuws over uw melding"
#define BODY                                                                   \
	"Er is nieuws over uw melding:\n\nStatus: opgepakt -> in uitvoering.\n" \
	"\nBekijk het op http://127.0.0.1/m/abc\n"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct reader {
	const char *p;
	size_t left;
};

static size_t read_fn(char *dst, size_t size, size_t n, void *ud)
{
	struct reader *r = ud;
	size_t k = size * n < r->left ? size * n : r->left;

	memcpy(dst, r->p, k);
	r->p += k;
	r->left -= k;
	return k;
}

static int send_one(CURL *c, const char *url, struct curl_slist *rcpt,
		    const struct buf *msg)
{
	struct reader r = {buf_str(msg), msg->len};

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, "<" FROM ">");
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_fn);
	curl_easy_setopt(c, CURLOPT_READDATA, &r);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	return curl_easy_perform(c) == CURLE_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct smtp_config cfg = {0};
	struct curl_slist *rcpt;
	struct buf msg;
	char err[256];
	CURL *keep = NULL;
	char *end = NULL;
	double t0;
	long n;
	int fails = 0;

	if (argc != 4 || (n = strtol(argv[2], &end, 10)) <= 0 || *end) {
		fprintf(stderr, "usage: bench_smtp URL N bare|reuse|ours\n");
		return 2;
	}
	if (token_init() != 0 || mail_init() != 0)
		return 1;
	cfg.url = argv[1];
	cfg.from = FROM;
	buf_init(&msg, BUF_DEFAULT_MAX);
	if (smtp_message_build(&msg, &cfg, TO, SUBJECT, BODY, err, sizeof(err)) != 0) {
		fprintf(stderr, "build: %s\n", err);
		return 1;
	}
	rcpt = curl_slist_append(NULL, "<" TO ">");
	if (strcmp(argv[3], "reuse") == 0)
		keep = curl_easy_init();
	t0 = now_s();
	for (long i = 0; i < n; i++) {
		if (strcmp(argv[3], "ours") == 0) {
			fails += smtp_send(&cfg, TO, SUBJECT, BODY, err, sizeof(err)) != 0;
		} else if (keep) {
			fails += send_one(keep, argv[1], rcpt, &msg) != 0;
		} else {
			CURL *c = curl_easy_init();

			fails += send_one(c, argv[1], rcpt, &msg) != 0;
			curl_easy_cleanup(c);
		}
	}
	printf("smtp.%s mails=%ld failed=%d mails_per_s=%.0f\n", argv[3], n, fails,
	       n / (now_s() - t0));
	if (keep)
		curl_easy_cleanup(keep);
	curl_slist_free_all(rcpt);
	buf_release(&msg);
	mail_cleanup();
	return fails ? 1 : 0;
}
