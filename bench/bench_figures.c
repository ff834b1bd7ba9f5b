/* bench_figures: the public figures (issue 14) of a generated city
 * (bench_kwgen plus bench/figures.sql: 1M signals, 100k kwesties, 100k
 * grades), through the real server, against the bare aggregate query in
 * the same run (bench/figures.sh runs both).
 *
 * The bare aggregate is store_figures_read for the scope and the default
 * period (the last twelve months): every count behind the figures, on a
 * connection of this process, without the cache, the statistics or JSON.
 * Through the server, GET /api/v1/areas/{code}/figures over one
 * keep-alive loopback connection: first once for a period no one asked
 * before (the cache is cold: the server counts, then keeps the answer),
 * then once for the default period (counted: the cache is empty), then
 * REQUESTS times for it (from the cache; the figures job keeps it warm).
 * For the city (GM0363) and a stadsdeel (E, West).
 *
 *   bench_figures DB_PATH PORT [REQUESTS [BARE_RUNS]]   (1000, 5)
 * prints one line per scope:
 *   figures.GM0363 bare_p50_ms=.. bare_max_ms=.. cold_ms=.. http_p50_ms=..
 *     http_p99_ms=.. ratio_p99=.. bytes=.. */
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

#include "app/closing_days.h"
#include "base/arena.h"
#include "base/log.h"
#include "base/util.h"
#include "domain/figures.h"
#include "store/db.h"
#include "store/figures.h"
#include "store/store.h"

#define MUNI "GM0363"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_figures: %s: %s\n", what, msg);
	exit(1);
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

/* GET path; the time it took in ms (status 200 or die). */
static double client_get(struct client *c, const char *path, const char *auth,
			 size_t *body)
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
	if (status != 200) {
		fprintf(stderr, "bench_figures: GET %s: %d\n%.300s\n", path, status,
			c->buf);
		exit(1);
	}
	return now_ms() - t0;
}

/* --- timings ----------------------------------------------------------- */

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The p-quantile (nearest rank) of v[0..n), sorted in place. */
static double pct(double *v, size_t n, double p)
{
	size_t k;

	qsort(v, n, sizeof(*v), dbl_cmp);
	k = (size_t)(p * (double)n + 0.999999);
	return v[k ? k - 1 : 0];
}

/* The bare aggregate: store_figures_read of the default period, in a read
 * transaction, as app/figures.c runs it on a cache miss. */
static double bare_once(struct db *db, const char *code, const char *child,
			int64_t *signals)
{
	struct fig_period p;
	struct fig_window w;
	struct field_errors errs = {0};
	struct fig_scope sc = {.kind = FIG_AREA, .code = code, .child_level = child};
	struct fig_raw raw = {0};
	struct arena ar;
	double t0;

	arena_init(&ar);
	if (!fig_period_parse(NULL, NULL, closing_days_today(), &p, &errs))
		die("period", "default");
	t0 = now_ms();
	fig_window_make(&w, p.from, p.to, closing_days_today());
	if (db_begin_read(db) != ERR_OK ||
	    store_figures_read(db, &ar, MUNI, &sc, &w, &raw) != ERR_OK ||
	    db_commit(db) != ERR_OK)
		die("bare", code);
	t0 = now_ms() - t0;
	*signals = raw.signals;
	arena_clear(&ar);
	return t0;
}

static void scope(struct db *db, int port, const char *code, const char *child,
		  const char *cold_from, size_t nreq, size_t nbare)
{
	struct client c = {.fd = -1, .port = port};
	double *bare = xcalloc(nbare, sizeof(double));
	double *http = xcalloc(nreq, sizeof(double));
	double cold, bp50, bmax, hp50, hp99;
	char path[256];
	size_t bytes = 0;
	int64_t signals = 0;

	for (size_t i = 0; i < nbare; i++)
		bare[i] = bare_once(db, code, child, &signals);
	snprintf(path, sizeof(path), "/api/v1/areas/%s/figures?from=%s", code,
		 cold_from);
	cold = client_get(&c, path, NULL, &bytes);
	snprintf(path, sizeof(path), "/api/v1/areas/%s/figures", code);
	client_get(&c, path, NULL, &bytes); /* counted and kept */
	for (size_t i = 0; i < nreq; i++)
		http[i] = client_get(&c, path, NULL, &bytes);
	bp50 = pct(bare, nbare, 0.5);
	bmax = pct(bare, nbare, 1.0);
	hp50 = pct(http, nreq, 0.5);
	hp99 = pct(http, nreq, 0.99);
	printf("figures.%s signals_in_period=%lld bare_p50_ms=%.1f bare_max_ms=%.1f"
	       " cold_ms=%.1f http_p50_ms=%.2f http_p99_ms=%.2f ratio_p99=%.4f"
	       " bytes=%zu\n",
	       code, (long long)signals, bp50, bmax, cold, hp50, hp99, hp99 / bmax,
	       bytes);
	fflush(stdout);
	client_close(&c);
	free(bare);
	free(http);
}

int main(int argc, char **argv)
{
	struct db *db;
	char msg[512];
	size_t nreq = argc > 3 ? strtoul(argv[3], NULL, 10) : 1000;
	size_t nbare = argc > 4 ? strtoul(argv[4], NULL, 10) : 5;
	int port = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 0;

	if (argc < 3 || !nreq || !nbare || port < 1 || port > 65535) {
		fprintf(stderr, "usage: bench_figures DB_PATH PORT [REQUESTS [BARE_RUNS]]\n");
		return 2;
	}
	log_set_quiet(1);
	if (store_open_migrated(argv[1], &db, msg, sizeof(msg)) != ERR_OK)
		die("open", msg);
	scope(db, port, "GM0363", "stadsdeel", "2026-01-01", nreq, nbare);
	scope(db, port, "E", "gebied", "2026-01-01", nreq, nbare);
	db_close(db);
	return 0;
}
