/* bench_kwesties: the bewonersagenda and triage on a generated city
 * (bench_kwgen), through the real server, against the bare queries that
 * read the same rows (issue 12's figures; bench/kwesties.sh runs both).
 *
 * For each level (buurt, wijk, gebied, stadsdeel, the city) requests go
 * one after another, over one keep-alive loopback connection, to
 * GET /api/v1/areas/{code}/agenda, cycling through every area of that
 * level.  The baseline, measured in the same run and alternating with the
 * server in rounds, is what agenda_read asks of the store for the same
 * areas in the same order: store_agenda, store_agenda_above and
 * store_agenda_topics (the statements of store/kwestie.c, on a
 * connection of this process; rows read into an arena, nothing else).
 * So the ratio is the price of HTTP, routing, the area lookup, topic
 * labels and JSON on top of the SQL.  Triage: GET /api/v1/triage with an
 * API key of an organisation with many open signals in no kwestie, against
 * store_triage for that organisation; once without a filter (the first
 * page) and once filtered to one wijk.
 *
 *   bench_kwesties DB_URL PORT KEY_FILE [REQUESTS_PER_LEVEL [TRIAGE_REQUESTS]]
 * (defaults 1000 and a fifth of it; 0 triage requests: no triage)
 * prints one line per figure:
 *   agenda.buurt areas=518 n=1000 http_p50_ms=.. http_p99_ms=..
 *     bare_p50_ms=.. bare_p99_ms=.. ratio_p50=.. ratio_p99=.. rows=..
 *   triage.first ... */
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

#include "app/kwestie.h"
#include "base/arena.h"
#include "base/util.h"
#include "domain/area.h"
#include "store/db.h"
#include "store/kwestie.h"
#include "store/store.h"

#define MUNI "GM0363"
#define ROUNDS 5        /* server and baseline alternate this many times */
#define TRIAGE_LIMIT 50 /* the API's default page */

#define BENCH_NAME "bench_kwesties"
#include "bench_client.h"

/* --- areas ------------------------------------------------------------ */

struct area {
	char *code;
	enum area_level level;
	const char *parents[4]; /* nearest first, as agenda_read */
	size_t nparents;
};

static const char sql_areas[] =
	"SELECT a.code, a.level, p1.code, p2.code, p3.code, p4.code FROM areas a"
	" LEFT JOIN areas p1 ON p1.municipality = a.municipality"
	"  AND p1.code = a.parent_code"
	" LEFT JOIN areas p2 ON p2.municipality = a.municipality"
	"  AND p2.code = p1.parent_code"
	" LEFT JOIN areas p3 ON p3.municipality = a.municipality"
	"  AND p3.code = p2.parent_code"
	" LEFT JOIN areas p4 ON p4.municipality = a.municipality"
	"  AND p4.code = p3.parent_code"
	" WHERE a.municipality = $1 ORDER BY a.code";

static void area_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct area *a = row;
	const char *level = db_col_text(st, 1);

	memset(a, 0, sizeof(*a));
	a->code = db_col_dup(ar, st, 0);
	if (area_level_parse(level, &a->level) != 0)
		die("area level", level);
	for (int i = 2; i < 6 && !db_col_null(st, i); i++)
		a->parents[a->nparents++] = db_col_dup(ar, st, i);
}

static struct area *load_areas(struct db *db, struct arena *ar, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_areas);
	struct db_rows rows;

	db_bind_text(st, 1, MUNI);
	if (db_list(db, st, ar, sizeof(struct area), area_read, &rows) != ERR_OK ||
	    !rows.n)
		die("areas", "none: run bench_kwgen first");
	*n = rows.n;
	return rows.v;
}

/* --- the two sides ------------------------------------------------------ */

/* What agenda_read asks of the store; the rows it read. */
static size_t bare_agenda(struct db *db, struct arena *ar, const struct area *a)
{
	const char *code = a->level == AREA_GEMEENTE ? MUNI : a->code;
	struct kwestie_row *k, *above = NULL;
	struct kwestie_topic_row *t;
	size_t nk, nabove = 0, nt;

	arena_clear(ar);
	if (store_agenda(db, ar, MUNI, code, a->level, AGENDA_MAX, &k, &nk) != ERR_OK ||
	    (a->nparents && store_agenda_above(db, ar, MUNI, a->parents, a->nparents,
					       10, &above, &nabove) != ERR_OK) ||
	    store_agenda_topics(db, ar, MUNI, code, a->level, 2, 10, &t, &nt) != ERR_OK)
		die("store", a->code);
	return nk + nabove + nt;
}

static size_t bare_triage(struct db *db, struct arena *ar, int64_t org,
			  const char *area)
{
	struct triage_filter f = {.area = area, .limit = TRIAGE_LIMIT};
	struct signal_row *rows;
	size_t n;

	arena_clear(ar);
	if (store_triage(db, ar, 0, org, &f, &rows, &n) != ERR_OK)
		die("store", "triage");
	return n;
}

struct samples {
	double *v;
	size_t n;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double pct(struct samples *s, double p)
{
	size_t i = (size_t)(p * (double)s->n + 0.999999);

	qsort(s->v, s->n, sizeof(double), cmp_double);
	return s->v[i ? i - 1 : 0];
}

/* One kind of request, both sides. */
struct run {
	const char *name;
	struct db *db;
	struct arena *ar;
	struct client *cl;
	const struct area *const *areas; /* cycled through */
	size_t nareas;
	int64_t org;              /* triage: the organisation */
	const char *key, *filter; /* triage: API key, area filter */
};

static double one_bare(struct run *r, size_t i, size_t *rows)
{
	double t0 = now_ms();

	*rows = r->key ? bare_triage(r->db, r->ar, r->org, r->filter)
		       : bare_agenda(r->db, r->ar, r->areas[i % r->nareas]);
	return now_ms() - t0;
}

static double one_http(struct run *r, size_t i, size_t *bytes)
{
	char path[256];

	if (r->key)
		snprintf(path, sizeof(path), "/api/v1/triage%s%s",
			 r->filter ? "?area=" : "", r->filter ? r->filter : "");
	else
		snprintf(path, sizeof(path), "/api/v1/areas/%s/agenda",
			 r->areas[i % r->nareas]->code);
	return client_get(r->cl, path, r->key, bytes);
}

/* warm: requests of each side before measuring */
static void measure(struct run *r, size_t n, size_t warm)
{
	struct samples h = {xmalloc(n * sizeof(double)), 0};
	struct samples b = {xmalloc(n * sizeof(double)), 0};
	size_t rows = 0, bytes = 0, x, per = (n + ROUNDS - 1) / ROUNDS;
	double hp50, hp99, bp50, bp99;

	for (size_t i = 0; i < warm; i++) {
		one_bare(r, i, &x);
		one_http(r, i, &x);
	}
	for (size_t done = 0; done < n; done += per) {
		for (size_t i = done; i < done + per && i < n; i++) {
			b.v[b.n++] = one_bare(r, i, &x);
			rows += x;
		}
		for (size_t i = done; i < done + per && i < n; i++) {
			h.v[h.n++] = one_http(r, i, &x);
			bytes += x;
		}
	}
	hp50 = pct(&h, 0.5);
	hp99 = pct(&h, 0.99);
	bp50 = pct(&b, 0.5);
	bp99 = pct(&b, 0.99);
	printf("%s areas=%zu n=%zu http_p50_ms=%.2f http_p99_ms=%.2f"
	       " bare_p50_ms=%.2f bare_p99_ms=%.2f ratio_p50=%.1f ratio_p99=%.1f"
	       " rows_avg=%.1f bytes_avg=%zu\n",
	       r->name, r->nareas, n, hp50, hp99, bp50, bp99, hp50 / bp50,
	       hp99 / bp99, (double)rows / (double)b.n, bytes / h.n);
	fflush(stdout);
	free(h.v);
	free(b.v);
}

/* --- triage's organisation ----------------------------------------------- */

static const char sql_triage_count[] =
	"SELECT COUNT(*) FROM signals s WHERE s.closed_at IS NULL"
	" AND NOT EXISTS (SELECT 1 FROM kwestie_signals ks"
	"  WHERE ks.signal_id = s.id)"
	" AND EXISTS (SELECT 1 FROM signal_organisations so"
	"  WHERE so.signal_id = s.id AND so.organisation_id = $1)";

static int64_t triage_open(struct db *db, int64_t org)
{
	struct db_stmt *st = db_prepare(db, sql_triage_count);
	int64_t n = 0;

	db_bind_int(st, 1, org);
	if (db_get_one(db, st, NULL, db_read_int, &n) != ERR_OK)
		die("triage", "count");
	return n;
}

static void read_key(const char *path, char key[128], int64_t *org)
{
	FILE *f = fopen(path, "r");
	long long o = 0;

	if (!f || fscanf(f, "%127s %lld", key, &o) != 2)
		die("key file", path);
	fclose(f);
	*org = o;
}

int main(int argc, char **argv)
{
	static const char *const names[AREA_LEVELS] = {
		"agenda.buurt", "agenda.wijk", "agenda.gebied", "agenda.stadsdeel",
		"agenda.gemeente"};
	struct client cl = {.fd = -1};
	struct arena ar, row_ar;
	struct db *db;
	struct area *areas;
	const struct area **by_level[AREA_LEVELS];
	size_t nareas, nlevel[AREA_LEVELS] = {0};
	size_t n = argc > 4 ? (size_t)strtoul(argv[4], NULL, 10) : 1000;
	size_t nt = argc > 5 ? (size_t)strtoul(argv[5], NULL, 10) : n / 5;
	char msg[512], key[128];
	const char *wijk = NULL;
	int64_t org;

	if (argc < 4 || n < ROUNDS || (nt && nt < ROUNDS))
		die("usage", "bench_kwesties DB_URL PORT KEY_FILE"
			     " [REQUESTS_PER_LEVEL [TRIAGE_REQUESTS]]");
	cl.port = (int)strtol(argv[2], NULL, 10);
	read_key(argv[3], key, &org);
	arena_init(&ar);
	arena_init(&row_ar);
	if (db_open(argv[1], &db, msg, sizeof(msg)) != ERR_OK)
		die("open", msg);
	areas = load_areas(db, &ar, &nareas);
	for (int l = 0; l < AREA_LEVELS; l++)
		by_level[l] = xmalloc(nareas * sizeof(*by_level[l]));
	for (size_t i = 0; i < nareas; i++) {
		struct area *a = &areas[i];

		by_level[a->level][nlevel[a->level]++] = a;
		/* a wijk of the triage organisation's stadsdeel, for the filter */
		if (!wijk && a->level == AREA_WIJK && a->nparents == 3 &&
		    strcmp(a->parents[1], "E") == 0)
			wijk = a->code;
	}
	for (int l = 0; l < AREA_LEVELS; l++) {
		struct run r = {names[l], db, &row_ar, &cl,
				by_level[l], nlevel[l], 0, NULL, NULL};

		measure(&r, n, 100);
	}
	printf("triage.organisation id=%lld open_signals_in_no_kwestie=%lld\n",
	       (long long)org, (long long)triage_open(db, org));
	if (nt) {
		struct run t = {"triage.first_page", db, &row_ar, &cl, NULL, 1,
				org, key, NULL};
		struct run w = {"triage.wijk_filter", db, &row_ar, &cl, NULL, 1,
				org, key, wijk};

		measure(&t, nt, 2);
		measure(&w, nt, 2);
	}
	client_close(&cl);
	db_close(db);
	return 0;
}
