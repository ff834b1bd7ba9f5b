/* bench_sqlite: the baseline for durable intake.  Raw batched inserts of
 * the same rows the server writes per signal (signals + signal_contacts),
 * into a fresh database with the same schema and the same pragmas (WAL,
 * synchronous=FULL), 1000 rows per transaction.
 *
 *   bench_sqlite DB_PATH N
 * prints: sqlite.batched rows=N rows_per_s=... */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/token.h"
#include "store/store.h"

static const char sql_insert[] =
	"INSERT INTO signals (municipality, token, kind, body, lat, lon,"
	" buurt_code, wijk_code, gebied_code, stadsdeel_code, category_code,"
	" status, created_at, dedupe_key, is_demo)"
	" VALUES ('GM0363', $1, 'melding', $2, 52.37, 4.89, 'AA01', 'AA',"
	" '03630950000022', 'A', NULL, 'gemeld', $3, $4, 0) RETURNING id";
static const char sql_contact[] =
	"INSERT INTO signal_contacts (signal_id, municipality, email, phone,"
	" age_band) VALUES ($1, 'GM0363', 'bench@example.org', NULL, NULL)";

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void insert_one(struct db *db, long i)
{
	struct db_stmt *st = db_prepare(db, sql_insert), *ct;
	char token[TOKEN_LEN + 1], now[32], body[96], key[40];
	int64_t id;

	token_new(token);
	store_now(now, sizeof(now));
	snprintf(body, sizeof(body), "Bench melding nummer %ld: lamp kapot", i);
	snprintf(key, sizeof(key), "bench-%ld", i);
	db_bind_text(st, 1, token);
	db_bind_text(st, 2, body);
	db_bind_text(st, 3, now);
	db_bind_text(st, 4, key);
	if (db_step(st) != DB_ROW)
		exit(1);
	id = db_col_int(st, 0);
	db_done(st);
	ct = db_prepare(db, sql_contact);
	db_bind_int(ct, 1, id);
	if (db_step(ct) != DB_DONE)
		exit(1);
	db_done(ct);
}

int main(int argc, char **argv)
{
	struct db *db;
	char msg[256];
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 200000;
	double t0, t;

	if (argc < 2 || n < 1 || n > 100000000 || token_init() != 0)
		return 2;
	if (db_open(argv[1], &db, msg, sizeof(msg)) != ERR_OK ||
	    store_migrate(db, msg, sizeof(msg)) != ERR_OK ||
	    store_municipality_put(db, "GM0363", "Amsterdam") != ERR_OK) {
		fprintf(stderr, "%s\n", msg);
		return 1;
	}
	t0 = now_s();
	for (long i = 0; i < n; i += 1000) {
		db_begin_write(db);
		for (long j = i; j < i + 1000 && j < n; j++)
			insert_one(db, j);
		db_commit(db);
	}
	t = now_s() - t0;
	printf("sqlite.batched rows=%ld seconds=%.2f rows_per_s=%.0f\n", n, t, n / t);
	db_close(db);
	return 0;
}
