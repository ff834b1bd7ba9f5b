/* bench_national: every public page and API of the real server over a
 * generated database of national size (bench_kwgen, 10M signals; issue
 * 16), each against the bare SQL it needs, in the same run (bench/
 * national.sh runs it).
 *
 * For each page kind a list of sample arguments is read from the
 * database (signal tokens spread over all ids, kwestie ids, areas of each
 * level, organisations, topics); requests go one after another over one
 * keep-alive loopback connection, cycling through the samples, and
 * alternate in ROUNDS rounds with the bare statements on a connection of
 * this process: the one or two statements that read the rows the page
 * shows, rows stepped and their first column read, nothing else.  The
 * ratio http/bare is what the server adds (the application's other
 * statements, HTML or JSON, HTTP).  Pages that compute and cache on first
 * use (figures) are asked once per sample before measuring; that first
 * pass is reported as warm_max_ms.
 *
 *   bench_national DB_URL PORT [REQUESTS_PER_PAGE [ONLY]]
 * (default 500; ONLY: measure only pages whose name starts with one of
 * its comma-separated prefixes)
 * prints one line per page:
 *   page=tracking class=page n=500 http_p50_ms=.. http_p99_ms=..
 *     bare_p50_ms=.. bare_p99_ms=.. ratio_p99=.. bytes=.. warm_max_ms=..
 *     [later_p50_ms=.. later_p99_ms=..: the requests after each sample's
 *     first, when there are more requests than samples]
 * and a last line with the number of pages over their target
 * (page p99 < 10 ms, dashboard p99 < 50 ms).
 * SPDX-License-Identifier: EUPL-1.2 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/util.h"
#include "store/db.h"
#include "store/store.h"

#define MUNI "GM0363"
#define ROUNDS 5
#define MAXSAMPLES 2000

#define BENCH_NAME "bench_national"
#include "bench_client.h"

enum sample { S_NONE, S_TOKEN, S_KWESTIE, S_BUURT, S_WIJK, S_GEBIED,
	      S_STADSDEEL, S_GEMEENTE, S_ORG, S_TOPIC, S_SERVICE, S_NKIND };

static const char *const sample_sql[S_NKIND] = {
	[S_NONE] = "SELECT ''",
	/* filled from MAX(id) below: bench_kwgen's tokens are 'bench' and
	 * 10^16 + id (22 characters, the length of a real one) */
	[S_TOKEN] = NULL,
	[S_KWESTIE] = "SELECT CAST(id AS TEXT) FROM kwesties"
		      " WHERE id % 997 = 1 ORDER BY id LIMIT 2000",
	[S_BUURT] = "SELECT code FROM areas WHERE municipality = '" MUNI "'"
		    " AND level = 'buurt' ORDER BY code",
	[S_WIJK] = "SELECT code FROM areas WHERE municipality = '" MUNI "'"
		   " AND level = 'wijk' ORDER BY code",
	[S_GEBIED] = "SELECT code FROM areas WHERE municipality = '" MUNI "'"
		     " AND level = 'gebied' ORDER BY code",
	[S_STADSDEEL] = "SELECT code FROM areas WHERE municipality = '" MUNI "'"
			" AND level = 'stadsdeel' ORDER BY code",
	[S_GEMEENTE] = "SELECT '" MUNI "'",
	[S_ORG] = "SELECT CAST(id AS TEXT) FROM organisations ORDER BY id",
	[S_TOPIC] = "SELECT DISTINCT topic FROM kwestie_topics ORDER BY topic",
	[S_SERVICE] = "SELECT code FROM categories WHERE municipality = '" MUNI
		      "' AND parent_code IS NOT NULL AND is_active = 1"
		      " ORDER BY code",
};

/* The window Open311 reads by default: the last 90 days of the
 * generated three years (ending 2026-12-01). */
#define O311_FROM "'2026-09-02T00:00:00.000Z'"
#define O311_TO "'2026-12-31T00:00:00.000Z'"
/* The list's own walk (store/open311.c): newest first by (created_at,
 * id), signals_by_created; one service_code by signals_by_category. */
#define O311_REFS_WHERE(muni, filter, tail)                                   \
	"SELECT token, closed_at FROM signals WHERE " muni " = '" MUNI         \
	"' AND created_at >= " O311_FROM " AND created_at <= " O311_TO filter \
	" AND is_demo = 0 ORDER BY created_at DESC, id DESC " tail
/* "municipality || ''" keeps SQLite on signals_by_created; PostgreSQL
 * walks it with the plain column and with the other sorted the window
 * (330-400 ms at 1M, store/open311.c). */
#define O311_REFS(filter, tail)                                              \
	O311_REFS_WHERE("municipality || ''", filter, tail)
#define O311_REFS_PG(filter, tail)                                           \
	O311_REFS_WHERE("municipality", filter, tail)
#define O311_CODE_REFS(tail)                                                 \
	"SELECT token, closed_at FROM signals WHERE municipality = '" MUNI       \
	"' AND category_code = $1 AND created_at >= " O311_FROM                 \
	" AND created_at <= " O311_TO                                           \
	" AND is_demo = 0 ORDER BY created_at DESC, id DESC " tail

struct page {
	const char *name, *cls, *path; /* path: one %s for the sample */
	enum sample s;
	const char *bare[2]; /* $1: the sample, when the text has one */
};

static const struct page pages[] = {
	{"tracking", "page", "/m/%s", S_TOKEN,
	 {"SELECT id, body, status, created_at FROM signals WHERE token = $1",
	  "SELECT t.at, t.kind FROM timeline t JOIN kwestie_signals x"
	  " ON x.kwestie_id = t.kwestie_id JOIN signals s ON s.id = x.signal_id"
	  " WHERE s.token = $1 ORDER BY t.at"}},
	{"api.signal", "page", "/api/v1/signals/%s", S_TOKEN,
	 {"SELECT id, body, status, created_at FROM signals WHERE token = $1",
	  NULL}},
	{"agenda.buurt", "page", "/agenda/%s", S_BUURT,
	 {"SELECT id, title FROM kwesties WHERE area_code = $1"
	  " AND closed_at IS NULL ORDER BY urgency DESC, residents DESC LIMIT 50",
	  "SELECT topic, open FROM kwestie_topics WHERE buurt_code = $1"}},
	{"agenda.wijk", "page", "/agenda/%s", S_WIJK,
	 {"SELECT id, title FROM kwesties WHERE area_code = $1"
	  " AND closed_at IS NULL ORDER BY urgency DESC, residents DESC LIMIT 50",
	  "SELECT topic, SUM(open) FROM kwestie_topics WHERE wijk_code = $1"
	  " GROUP BY topic"}},
	{"agenda.gebied", "page", "/agenda/%s", S_GEBIED,
	 {"SELECT id, title FROM kwesties WHERE area_code = $1"
	  " AND closed_at IS NULL ORDER BY urgency DESC, residents DESC LIMIT 50",
	  "SELECT topic, SUM(open) FROM kwestie_topics WHERE gebied_code = $1"
	  " GROUP BY topic"}},
	{"agenda.stadsdeel", "page", "/agenda/%s", S_STADSDEEL,
	 {"SELECT id, title FROM kwesties WHERE area_code = $1"
	  " AND closed_at IS NULL ORDER BY urgency DESC, residents DESC LIMIT 50",
	  "SELECT topic, SUM(open) FROM kwestie_topics WHERE stadsdeel_code = $1"
	  " GROUP BY topic"}},
	{"agenda.gemeente", "page", "/agenda/%s", S_GEMEENTE,
	 {"SELECT id, title FROM kwesties WHERE area_code = $1"
	  " AND closed_at IS NULL ORDER BY urgency DESC, residents DESC LIMIT 50",
	  "SELECT topic, SUM(open) FROM kwestie_topics WHERE municipality = $1"
	  " GROUP BY topic"}},
	{"api.agenda.buurt", "page", "/api/v1/areas/%s/agenda", S_BUURT,
	 {"SELECT id, title FROM kwesties WHERE area_code = $1"
	  " AND closed_at IS NULL ORDER BY urgency DESC, residents DESC LIMIT 50",
	  "SELECT topic, open FROM kwestie_topics WHERE buurt_code = $1"}},
	{"kwestie", "page", "/kwesties/%s", S_KWESTIE,
	 {"SELECT id, title, description FROM kwesties WHERE id = $1",
	  "SELECT at, kind FROM timeline WHERE kwestie_id = $1 ORDER BY at"}},
	{"api.kwestie", "page", "/api/v1/kwesties/%s", S_KWESTIE,
	 {"SELECT id, title, description FROM kwesties WHERE id = $1",
	  "SELECT at, kind FROM timeline WHERE kwestie_id = $1 ORDER BY at"}},
	{"cijfers.stadsdeel", "dashboard", "/cijfers/%s", S_STADSDEEL,
	 {"SELECT body FROM figures_cache WHERE municipality = '" MUNI "'"
	  " AND scope_code = $1", NULL}},
	{"cijfers.gemeente", "dashboard", "/cijfers/%s", S_GEMEENTE,
	 {"SELECT body FROM figures_cache WHERE municipality = '" MUNI "'"
	  " AND scope_code = $1", NULL}},
	{"api.figures.wijk", "dashboard", "/api/v1/areas/%s/figures", S_WIJK,
	 {"SELECT body FROM figures_cache WHERE municipality = '" MUNI "'"
	  " AND scope_code = $1", NULL}},
	{"api.figures.org", "dashboard", "/api/v1/organisations/%s/figures",
	 S_ORG,
	 {"SELECT body FROM figures_cache WHERE municipality = '" MUNI "'"
	  " AND scope_code = $1", NULL}},
	{"api.figures.theme", "dashboard", "/api/v1/themes/%s/figures", S_TOPIC,
	 {"SELECT body FROM figures_cache WHERE municipality = '" MUNI "'"
	  " AND scope_code = $1", NULL}},
	{"open311.default", "page", "/open311/v2/requests.json", S_NONE,
	 {O311_REFS("", "LIMIT 1000"), NULL}},
	{"open311.default.xml", "page", "/open311/v2/requests.xml", S_NONE,
	 {O311_REFS("", "LIMIT 1000"), NULL}},
	{"open311.page10", "page", "/open311/v2/requests.json?page=10%s",
	 S_NONE, {O311_REFS("", "LIMIT 1000 OFFSET 9000"), NULL}},
	{"open311.service", "page",
	 "/open311/v2/requests.json?service_code=%s", S_SERVICE,
	 {O311_CODE_REFS("LIMIT 1000"), NULL}},
	{"open311.open", "page", "/open311/v2/requests.json?status=open%s",
	 S_NONE, {O311_REFS(" AND closed_at IS NULL", "LIMIT 1000"), NULL}},
	{"sociale-kaart", "page", "/sociale-kaart?q=buurthuis%s", S_NONE,
	 {"SELECT id, name FROM services LIMIT 20", NULL}},
	{"open-data", "page", "/open-data%s", S_NONE, {"SELECT 1", NULL}},
	{"open-data.day", "page",
	 "/open-data/signalen.json?from=2026-11-30&to=2026-11-30%s", S_NONE,
	 {"SELECT id, created_at, status FROM signals"
	  " WHERE created_at >= '2026-11-30' AND created_at < '2026-12-01'",
	  NULL}},
};

/* PostgreSQL's form of a page's first bare statement, where it differs. */
static const struct {
	const char *name, *sql;
} bare_pg[] = {
	{"open311.default", O311_REFS_PG("", "LIMIT 1000")},
	{"open311.default.xml", O311_REFS_PG("", "LIMIT 1000")},
	{"open311.page10", O311_REFS_PG("", "LIMIT 1000 OFFSET 9000")},
	{"open311.open", O311_REFS_PG(" AND closed_at IS NULL", "LIMIT 1000")},
};

static const char *bare_sql(struct db *db, const struct page *p, int i)
{
	if (i == 0 && db_dialect(db) == DB_POSTGRES)
		for (size_t k = 0; k < sizeof(bare_pg) / sizeof(bare_pg[0]); k++)
			if (strcmp(bare_pg[k].name, p->name) == 0)
				return bare_pg[k].sql;
	return p->bare[i];
}

struct samples {
	char **v;
	size_t n;
};

static void load_samples(struct db *db, struct arena *ar,
			 struct samples s[S_NKIND])
{
	struct db_rows rows;
	int64_t max = 0;

	for (int k = 0; k < S_NKIND; k++) {
		if (!sample_sql[k])
			continue;
		if (db_list(db, db_prepare(db, sample_sql[k]), ar, sizeof(char *),
			    db_read_text, &rows) != ERR_OK || !rows.n)
			die("samples", sample_sql[k]);
		s[k].v = rows.v;
		s[k].n = rows.n;
	}
	if (db_get_one(db, db_prepare(db, "SELECT MAX(id) FROM signals"), ar,
		       db_read_int, &max) != ERR_OK || max < 1)
		die("samples", "no signals");
	s[S_TOKEN].v = arena_alloc(ar, MAXSAMPLES * sizeof(char *));
	for (size_t i = 0; i < MAXSAMPLES; i++)
		s[S_TOKEN].v[i] = arena_printf(
			ar, "bench%lld",
			10000000000000000LL +
				(long long)((int64_t)(i * 2654435761u) % max + 1));
	s[S_TOKEN].n = MAXSAMPLES;
}

/* The bare statements for one sample: every row stepped, its first
 * column read. */
static double bare_once(struct db *db, const struct page *p, const char *arg)
{
	double t0 = now_ms();

	for (int i = 0; i < 2 && p->bare[i]; i++) {
		const char *sql = bare_sql(db, p, i);
		struct db_stmt *st = db_prepare(db, sql);
		enum db_step r;
		size_t len = 0;

		if (strstr(sql, "$1"))
			db_bind_text(st, 1, arg);
		while ((r = db_step(st)) == DB_ROW) {
			const char *t = db_col_text(st, 0);

			len += t ? strlen(t) : 0;
		}
		db_done(st);
		if (r != DB_DONE)
			die("bare", sql);
		(void)len;
	}
	return now_ms() - t0;
}

static const char *path_of(char *buf, size_t len, const struct page *p,
			   const char *arg)
{
	const char *at = strstr(p->path, "%s");

	if (!at)
		snprintf(buf, len, "%s", p->path);
	else
		snprintf(buf, len, "%.*s%s%s", (int)(at - p->path), p->path, arg,
			 at + 2);
	return buf;
}

/* The server's peak RSS so far (VmHWM, KB) when BENCH_NAT_PID names it;
 * -1 without.  Printed after each page, so a peak has a page to it. */
static long server_hwm_kb(void)
{
	const char *pid = getenv("BENCH_NAT_PID");
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	if (!pid || !*pid)
		return -1;
	snprintf(path, sizeof(path), "/proc/%.20s/status", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

static int measure(struct db *db, struct client *c, const struct page *p,
		   const struct samples *s, size_t n)
{
	double *h = calloc(n, sizeof(double)), *b = calloc(n, sizeof(double));
	double warm = 0, hp99, bp99, later = -1, later50 = 0;
	size_t body = 0, k = 0, per = (n + ROUNDS - 1) / ROUNDS;
	char path[512];
	double target = strcmp(p->cls, "dashboard") == 0 ? 50 : 10;

	if (!h || !b)
		die("memory", p->name);
	/* a dashboard's first computation: until its figures are counted
	 * (503 while they are, app/figures.c), up to an hour */
	if (strcmp(p->cls, "dashboard") == 0)
		for (size_t i = 0; i < s->n && i < n; i++) {
			double t = client_get_ready(
				c, path_of(path, sizeof(path), p, s->v[i]), &body,
				3600e3);
			warm = t > warm ? t : warm;
		}
	for (int r = 0; r < ROUNDS && k < n; r++) {
		size_t k0 = k;

		for (; k < n && k < k0 + per; k++)
			h[k] = client_get(c,
					  path_of(path, sizeof(path), p,
						  s->v[k % s->n]),
					  NULL, &body);
		for (size_t j = k0; j < k; j++)
			b[j] = bare_once(db, p, s->v[j % s->n]);
	}
	/* each sample's requests after its first apart: what a memo of the
	 * process filled on first use (the routing memo of an Open311 list,
	 * app/routing.h) leaves; before quantile sorts h */
	if (n > s->n && s->n > 0) {
		double *l = calloc(n - s->n, sizeof(double));

		if (!l)
			die("memory", p->name);
		memcpy(l, h + s->n, (n - s->n) * sizeof(double));
		later50 = quantile(l, n - s->n, 0.5);
		later = quantile(l, n - s->n, 0.99);
		free(l);
	}
	printf("page=%s class=%s samples=%zu n=%zu http_p50_ms=%.2f", p->name,
	       p->cls, s->n, n, quantile(h, n, 0.5));
	hp99 = quantile(h, n, 0.99);
	printf(" http_p99_ms=%.2f bare_p50_ms=%.3f", hp99, quantile(b, n, 0.5));
	bp99 = quantile(b, n, 0.99);
	printf(" bare_p99_ms=%.3f ratio_p99=%.1f bytes=%zu warm_max_ms=%.0f",
	       bp99, bp99 > 0 ? hp99 / bp99 : 0, body, warm);
	if (later >= 0)
		printf(" later_p50_ms=%.2f later_p99_ms=%.2f", later50, later);
	if (server_hwm_kb() >= 0)
		printf(" server_hwm_kb=%ld", server_hwm_kb());
	printf("%s\n", hp99 > target ? " OVER" : "");
	fflush(stdout);
	free(h);
	free(b);
	return hp99 > target;
}

/* name starts with one of the comma-separated prefixes of only ("" is
 * every page) */
static int chosen(const char *name, const char *only)
{
	const char *p = only;

	if (!*only)
		return 1;
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n && strncmp(name, p, n) == 0)
			return 1;
		p += n + (p[n] == ',');
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct samples s[S_NKIND];
	struct arena ar;
	struct db *db;
	struct client c;
	char msg[256];
	size_t n = argc > 3 ? strtoul(argv[3], NULL, 10) : 500;
	const char *only = argc > 4 ? argv[4] : "";
	int over = 0;

	if (argc < 3 || n < 1) {
		fprintf(stderr, "usage: bench_national DB_URL PORT"
				" [REQUESTS_PER_PAGE [ONLY]]\n");
		return 2;
	}
	memset(s, 0, sizeof(s));
	memset(&c, 0, sizeof(c));
	c.fd = -1;
	c.port = (int)strtol(argv[2], NULL, 10);
	arena_init(&ar);
	if (db_open(argv[1], &db, msg, sizeof(msg)) != ERR_OK)
		die("open", msg);
	load_samples(db, &ar, s);
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		if (chosen(pages[i].name, only))
			over += measure(db, &c, &pages[i], &s[pages[i].s], n);
	printf("national.over_target=%d\n", over);
	client_close(&c);
	db_close(db);
	arena_clear(&ar);
	return 0;
}
