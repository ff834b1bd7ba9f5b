/* bench_intake: the baseline of bench/intake.sh.  Raw batched inserts of
 * the rows the server writes per signal at intake (store/signal.c): the
 * signal, its contact row, the "received" entry of its timeline, the
 * reporter's notification row, the acknowledgement mail in the outbox and
 * the links to the organisations that answer for it, into a fresh
 * database with the same schema, indexes and pragmas (WAL,
 * synchronous=FULL), BATCH signals per transaction.  The same statements
 * as the server's where the store has them (timeline, notify, outbox,
 * links); no HTTP, JSON, validation, dedupe read or promise.
 *
 *   bench_intake DB_PATH N BATCH
 * prints: intake.raw_batched signals=N batch=B seconds=... signals_per_s=...
 * SPDX-License-Identifier: EUPL-1.2 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/token.h"
#include "store/notify.h"
#include "store/outbox.h"
#include "store/store.h"
#include "store/timeline.h"

static const char sql_insert[] =
	"INSERT INTO signals (municipality, token, kind, body, lat, lon,"
	" buurt_code, wijk_code, gebied_code, stadsdeel_code, category_code,"
	" status, created_at, dedupe_key, is_demo, resident_key)"
	" VALUES ('GM0363', $1, 'melding', $2, NULL, NULL, 'AA01', 'AA',"
	" 'GA', 'A', NULL, 'gemeld', $3, $4, 0, $5) RETURNING id";
static const char sql_contact[] =
	"INSERT INTO signal_contacts (signal_id, municipality, email, phone,"
	" age_band) VALUES ($1, 'GM0363', 'bench@example.org', NULL, NULL)";

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void must(enum err e)
{
	if (e != ERR_OK)
		exit(1);
}

static void insert_one(struct db *db, long i)
{
	struct db_stmt *st = db_prepare(db, sql_insert), *ct;
	char token[TOKEN_LEN + 1], now[32], body[96], key[40], rkey[40];
	struct timeline_new t = {0};
	int64_t id;

	token_new(token);
	store_now(now, sizeof(now));
	snprintf(body, sizeof(body), "Lantaarnpaal kapot, bench %ld", i);
	snprintf(key, sizeof(key), "bench-%ld", i);
	snprintf(rkey, sizeof(rkey), "resident-%ld", i);
	db_bind_text(st, 1, token);
	db_bind_text(st, 2, body);
	db_bind_text(st, 3, now);
	db_bind_text(st, 4, key);
	db_bind_text(st, 5, rkey);
	if (db_step(st) != DB_ROW)
		exit(1);
	id = db_col_int(st, 0);
	db_done(st);
	ct = db_prepare(db, sql_contact);
	db_bind_int(ct, 1, id);
	if (db_step(ct) != DB_DONE)
		exit(1);
	db_done(ct);
	t.signal_id = id;
	t.at = now;
	t.actor = "wijkagenda";
	t.kind = "received";
	must(store_timeline_add(db, &t));
	must(store_notify_reporter_add(db, id, "direct", "nl", now));
	must(store_signal_link_orgs(db, id));
	must(outbox_add(db, "bench@example.org", "Uw melding is ontvangen",
			"Dank u voor uw melding.\n\nDe gemeente kijkt ernaar."
			" U hoort uiterlijk vrijdag 11 december wat ermee"
			" gebeurt.\n\nOp deze pagina ziet u uw melding en wat"
			" ermee gebeurt:\nhttp://127.0.0.1/m/0123456789abcdef"
			"0123456789abcdef\n\nBewaar de link goed. Iedereen die"
			" hem heeft, kan uw melding zien. Uw e-mailadres ziet"
			" niemand.\n"));
}

int main(int argc, char **argv)
{
	struct db *db;
	char msg[256];
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 50000;
	long batch = argc > 3 ? strtol(argv[3], NULL, 10) : 50;
	double t0, t;

	static const unsigned char key[32] = "bench_intake: not a secret key";

	if (argc < 2 || n < 1 || n > 100000000 || batch < 1 ||
	    token_init() != 0)
		return 2;
	token_key_set(key); /* the notification row's key is keyed */
	if (db_open(argv[1], &db, msg, sizeof(msg)) != ERR_OK ||
	    store_migrate(db, msg, sizeof(msg)) != ERR_OK ||
	    store_municipality_put(db, "GM0363", "Amsterdam") != ERR_OK) {
		fprintf(stderr, "%s\n", msg);
		return 1;
	}
	t0 = now_s();
	for (long i = 0; i < n; i += batch) {
		must(db_begin_write(db));
		for (long j = i; j < i + batch && j < n; j++)
			insert_one(db, j);
		must(db_commit(db));
	}
	t = now_s() - t0;
	printf("intake.raw_batched signals=%ld batch=%ld seconds=%.2f"
	       " signals_per_s=%.0f\n", n, batch, t, n / t);
	db_close(db);
	return 0;
}
