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

#define BENCH_NAME "bench_figures"
#include "bench_client.h"

/* The bare aggregate: store_figures_read of the default period, in a read
 * transaction, as app/figures.c runs it on a cache miss. */
static double bare_once(struct db *db, const char *code, const char *level,
			int64_t *signals)
{
	struct fig_period p;
	struct fig_window w;
	struct field_errors errs = {0};
	struct fig_scope sc = {.kind = FIG_AREA, .code = code, .level = level};
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

static void scope(struct db *db, int port, const char *code, const char *level,
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
		bare[i] = bare_once(db, code, level, &signals);
	snprintf(path, sizeof(path), "/api/v1/areas/%s/figures?from=%s", code,
		 cold_from);
	/* until counted: a count longer than the server's wait goes on
	 * while the reader is told so (503, app/figures.c) */
	cold = client_get_ready(&c, path, &bytes, 3600e3);
	snprintf(path, sizeof(path), "/api/v1/areas/%s/figures", code);
	client_get_ready(&c, path, &bytes, 3600e3); /* counted and kept */
	for (size_t i = 0; i < nreq; i++)
		http[i] = client_get(&c, path, NULL, &bytes);
	bp50 = quantile(bare, nbare, 0.5);
	bmax = quantile(bare, nbare, 1.0);
	hp50 = quantile(http, nreq, 0.5);
	hp99 = quantile(http, nreq, 0.99);
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
	scope(db, port, "GM0363", "gemeente", "2026-01-01", nreq, nbare);
	scope(db, port, "E", "stadsdeel", "2026-01-01", nreq, nbare);
	db_close(db);
	return 0;
}
