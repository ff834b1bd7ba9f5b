/* bench_client: what the HTTP benches share (bench_kwesties.c,
 * bench_figures.c, bench_open311.c): a monotonic clock in milliseconds,
 * die(), the p-quantile of timings, and a
 * keep-alive HTTP/1.1 client just enough for our own server over
 * loopback.  Included by one bench program each (static functions);
 * BENCH_NAME names the program in its messages.
 * SPDX-License-Identifier: EUPL-1.2 */
#ifndef WA_BENCH_CLIENT_H
#define WA_BENCH_CLIENT_H
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef BENCH_NAME
#error "define BENCH_NAME before including bench_client.h"
#endif

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, BENCH_NAME ": %s: %s\n", what, msg);
	exit(1);
}

/* --- timings ----------------------------------------------------------- */

static inline int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The p-quantile (nearest rank) of v[0..n), sorted in place. */
static inline double quantile(double *v, size_t n, double p)
{
	size_t k;

	qsort(v, n, sizeof(*v), dbl_cmp);
	k = (size_t)(p * (double)n + 0.999999);
	return v[k ? k - 1 : 0];
}

/* --- a keep-alive HTTP/1.1 client, just enough for our own server ------ */

struct client {
	int fd, port;
	char *buf;
	size_t cap, len;
};

static void client_connect(struct client *c)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)c->port)};
	int one = 1;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&a, sizeof(a)) != 0)
		die("connect", "the server does not answer");
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static void client_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/* Read more into the buffer; 0 when the peer closed. */
static ssize_t client_fill(struct client *c)
{
	ssize_t r;

	if (c->cap - c->len < 65536) {
		c->cap = c->cap ? c->cap * 2 : 262144;
		c->buf = xrealloc(c->buf, c->cap);
	}
	r = read(c->fd, c->buf + c->len, c->cap - c->len - 1);
	if (r > 0)
		c->len += (size_t)r;
	c->buf[c->len] = '\0';
	return r;
}

/* The value of a header in the head (NUL-terminated), or NULL. */
static const char *head_value(const char *head, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strstr(head, "\r\n"); p && p[2] != '\r'; p = strstr(p + 2, "\r\n"))
		if (strncasecmp(p + 2, name, n) == 0 && p[2 + n] == ':')
			return p + 3 + n + strspn(p + 3 + n, " ");
	return NULL;
}

/* Read one whole response; its status, or 0 when the connection was
 * closed before any byte (keep-alive ended: the caller sends again). */
static int client_response(struct client *c, size_t *body)
{
	char *end = NULL;
	const char *cl, *te;
	size_t head;
	int status;

	c->len = 0;
	while (!(end = c->len ? strstr(c->buf, "\r\n\r\n") : NULL))
		if (client_fill(c) <= 0) {
			if (c->len == 0)
				return 0;
			die("response", "closed in the head");
		}
	head = (size_t)(end - c->buf) + 4;
	end[2] = '\0';
	status = (int)strtol(c->buf + 9, NULL, 10);
	cl = head_value(c->buf, "Content-Length");
	te = head_value(c->buf, "Transfer-Encoding");
	if (cl) {
		size_t want = head + strtoul(cl, NULL, 10);

		while (c->len < want)
			if (client_fill(c) <= 0)
				die("response", "closed in the body");
		*body = want - head;
	} else if (te && strncasecmp(te, "chunked", 7) == 0) {
		while (c->len < head + 5 || memcmp(c->buf + c->len - 5, "0\r\n\r\n", 5) != 0)
			if (client_fill(c) <= 0)
				die("response", "closed in a chunk");
		*body = c->len - head;
	} else {
		die("response", "neither Content-Length nor chunked");
	}
	return status;
}

/* GET path; its status, and the time it took in ms in *ms. */
static inline int client_get_status(struct client *c, const char *path,
			     const char *auth, size_t *body, double *ms)
{
	char req[1024];
	int n = snprintf(req, sizeof(req),
			 "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s\r\n", path,
			 auth ? "Authorization: Bearer " : "", auth ? auth : "",
			 auth ? "\r\n" : "");
	double t0 = now_ms();
	int status = 0;

	for (int tries = 0; status == 0 && tries < 2; tries++) {
		if (c->fd < 0)
			client_connect(c);
		if (write(c->fd, req, (size_t)n) != n)
			die("request", path);
		if ((status = client_response(c, body)) == 0)
			client_close(c);
	}
	*ms = now_ms() - t0;
	return status;
}

/* GET path until it answers 200 (a 503 is asked again after half a
 * second: figures being counted, app/figures.c); the time until then in
 * ms.  Any other status, or 503s for more than max_ms, ends the bench. */
static inline double client_get_ready(struct client *c, const char *path,
			       size_t *body, double max_ms)
{
	double t0 = now_ms(), ms;
	int status;

	while ((status = client_get_status(c, path, NULL, body, &ms)) == 503 &&
	       now_ms() - t0 < max_ms)
		usleep(500 * 1000);
	if (status != 200) {
		fprintf(stderr, BENCH_NAME ": GET %s: %d\n%.300s\n", path, status,
			c->buf);
		exit(1);
	}
	return now_ms() - t0;
}

/* GET path; the time it took in ms (status 200 or die). */
static double client_get(struct client *c, const char *path, const char *auth,
			 size_t *body)
{
	double ms;
	int status = client_get_status(c, path, auth, body, &ms);

	if (status != 200) {
		fprintf(stderr, BENCH_NAME ": GET %s: %d\n%.300s\n", path, status,
			c->buf);
		exit(1);
	}
	return ms;
}


#endif
