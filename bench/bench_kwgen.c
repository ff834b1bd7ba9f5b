/* bench_kwgen: a city's worth of kwesties for the agenda and triage
 * benchmarks (bench/kwesties.sh, issue 12): by default 1,000,000 signals
 * and 100,000 kwesties over Amsterdam's 518 buurten, in a database made by
 * the real migrations and the server's own bundled areas and categories
 * (seed_base, as `serve` loads them into a fresh database), on SQLite or
 * PostgreSQL alike.
 *
 * Rows are made by set-based INSERT ... SELECT over a table of numbers, in
 * one transaction: a loop of single-row inserts would take an hour on
 * PostgreSQL (one round trip each).  "Random" choices are multiplicative
 * hashes of the row number modulo primes, the same on both backends, so
 * both hold the same data.  The spread:
 *   - kwesties: level buurt 70%, wijk 15%, gebied 8%, stadsdeel 5%,
 *     gemeente 1.7%, regio 0.3%; their area is of their level (60%) or a
 *     smaller one inside it (escalated); half open (nieuw, opgepakt, in
 *     uitvoering, doorgezet, geparkeerd), half afgerond with an outcome;
 *     urgency 0/1/2 at 80/15/5%; supporters 0-25 (skewed);
 *   - the chain: once taken up (status beyond nieuw) one regisseur (the
 *     stadsdeel's organisation, the gemeente's from level gemeente up),
 *     an uitvoerder for 60%, a betrokken partner for 30%;
 *   - signals: tokens 'bench' and 10^16 + id, 22 characters like a real
 *     one, so the tracking page and the API accept them; their duplicate
 *     check keys retired, as a server's first start leaves them (so that
 *     the first start does not rewrite every signal: 30 s of a 1M
 *     PostgreSQL start; the supporters' keys it still keys, 2.3 million
 *     at 10M);
 *   - signals: 60% in a kwestie (about 6 each, in a buurt of its area,
 *     with its status, closed_at and outcome), the rest reported once:
 *     18.5% of these still open in triage, the others closed;
 *   - every signal goes to its stadsdeel's organisation and the
 *     gemeente's, as intake links it (signal_organisations);
 *   - kwestie_topics, residents and a history are computed from the rows
 *     at the end, so the roll-up is consistent with the kwesties.
 * The SQL lives here, not in store/: it is the benchmark's fixture, not
 * the application's.
 *
 *   bench_kwgen DB_URL KEY_FILE [N_SIGNALS N_KWESTIES]
 * writes "KEY ORG_ID" to KEY_FILE: an API key (scope kwestie.manage) of
 * Stadsdeel West's organisation, whose triage the benchmark reads.
 *   bench_kwgen --check DB_URL
 * runs the store's own store_kwestie_settle on every kwestie of a
 * generated database (a small one: it is one statement per kwestie) and
 * counts the rows it changed: the signals' status, closed_at and outcome,
 * the kwesties' residents and the roll-up must already be what the
 * application would have made of them (0 changed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/actor.h"
#include "app/apikey.h"
#include "base/arena.h"
#include "seed/seed.h"
#include "store/accounts.h"
#include "store/db.h"
#include "store/kwestie.h"
#include "store/store.h"

#define MUNI "GM0363"
#define NTS 20000     /* distinct timestamps over three years */
#define NPARTNERS 20  /* partner organisations for chains */
#define TRIAGE_SD "E" /* the stadsdeel whose organisation reads triage */

/* A pseudo-random number from a row number x: (x * a) mod p; the
 * products stay below 2^63 for x up to 10^8.  Each choice uses its own
 * multiplier and prime so choices of one row are not correlated. */
#define H(x, a, p) "(CAST(" x " AS BIGINT) * " #a " % " #p ")"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_kwgen: %s: %s\n", what, msg);
	exit(1);
}

/* --- scratch tables ---------------------------------------------------- */

static const char sql_scratch[] =
	"CREATE TEMP TABLE bench_p (ns INTEGER, nk INTEGER, nts INTEGER,"
	" nb INTEGER, nc INTEGER);"
	"CREATE TEMP TABLE bench_n (i INTEGER PRIMARY KEY);"
	"CREATE TEMP TABLE bench_ts (n INTEGER PRIMARY KEY, ts TEXT);"
	"CREATE TEMP TABLE bench_buurt (n INTEGER PRIMARY KEY, code TEXT,"
	" wijk TEXT, gebied TEXT, stadsdeel TEXT);"
	"CREATE TEMP TABLE bench_range (code TEXT PRIMARY KEY, lo INTEGER,"
	" hi INTEGER);"
	"CREATE TEMP TABLE bench_cat (n INTEGER PRIMARY KEY, code TEXT,"
	" main TEXT, name TEXT);"
	"CREATE TEMP TABLE bench_org (code TEXT PRIMARY KEY, id INTEGER);"
	"CREATE TEMP TABLE bench_kw0 (id INTEGER PRIMARY KEY, lvl INTEGER,"
	" alvl INTEGER, bn INTEGER, status TEXT, outcome TEXT, urg INTEGER,"
	" cat INTEGER, ti INTEGER, tu INTEGER, nsup INTEGER);"
	"CREATE TEMP TABLE bench_kw (id INTEGER PRIMARY KEY, lo INTEGER,"
	" hi INTEGER, lvl INTEGER, status TEXT, outcome TEXT, ti INTEGER,"
	" closed TEXT, cat TEXT, sd TEXT);"
	"CREATE TEMP TABLE bench_sig (i INTEGER PRIMARY KEY, id INTEGER, kid INTEGER,"
	" bn INTEGER, ti INTEGER)";
static const char sql_params[] =
	"INSERT INTO bench_p (ns, nk, nts) VALUES ($1, $2, $3)";
static const char sql_ts[] = "INSERT INTO bench_ts (n, ts) VALUES ($1, $2)";
static const char sql_org[] = "INSERT INTO bench_org (code, id) VALUES ($1, $2)";

/* The steps, in order; each one statement (PostgreSQL prepares one at a
 * time).  Scratch tables are analysed on PostgreSQL after they are filled
 * (pg_only steps): temporary tables get no autovacuum, and without
 * statistics the planner joins a million rows by nested loops. */
struct step {
	const char *name, *sql;
	int pg_only;
};

static const struct step steps[] = {
	{"numbers", "INSERT INTO bench_n WITH RECURSIVE c(i) AS (SELECT 1"
		    " UNION ALL SELECT i + 1 FROM c WHERE i < (SELECT"
		    " CASE WHEN ns > nk THEN ns ELSE nk END FROM bench_p))"
		    " SELECT i FROM c",
	 0},
	{"buurten", "INSERT INTO bench_buurt SELECT ROW_NUMBER() OVER (ORDER BY"
		    " s.code, g.code, w.code, b.code), b.code, w.code, g.code,"
		    " s.code FROM areas b"
		    " JOIN areas w ON w.municipality = b.municipality"
		    " AND w.code = b.parent_code"
		    " JOIN areas g ON g.municipality = b.municipality"
		    " AND g.code = w.parent_code"
		    " JOIN areas s ON s.municipality = b.municipality"
		    " AND s.code = g.parent_code"
		    " WHERE b.municipality = '" MUNI "' AND b.level = 'buurt'",
	 0},
	/* Buurten are numbered area by area, so every area's buurten are
	 * one range of numbers. */
	{"ranges", "INSERT INTO bench_range SELECT code, n, n FROM bench_buurt"
		   " UNION ALL SELECT wijk, MIN(n), MAX(n) FROM bench_buurt"
		   " GROUP BY wijk"
		   " UNION ALL SELECT gebied, MIN(n), MAX(n) FROM bench_buurt"
		   " GROUP BY gebied"
		   " UNION ALL SELECT stadsdeel, MIN(n), MAX(n) FROM bench_buurt"
		   " GROUP BY stadsdeel"
		   " UNION ALL SELECT '" MUNI "', MIN(n), MAX(n) FROM bench_buurt",
	 0},
	{"categories", "INSERT INTO bench_cat SELECT ROW_NUMBER() OVER (ORDER BY"
		       " c.code), c.code, c.parent_code, c.name FROM categories c"
		       " WHERE c.municipality = '" MUNI "'"
		       " AND c.parent_code IS NOT NULL AND c.is_active = 1",
	 0},
	{"counts", "UPDATE bench_p SET nb = (SELECT COUNT(*) FROM bench_buurt),"
		   " nc = (SELECT COUNT(*) FROM bench_cat)",
	 0},
	{"analyze scratch", "ANALYZE bench_n; ANALYZE bench_ts;"
			    " ANALYZE bench_buurt; ANALYZE bench_range;"
			    " ANALYZE bench_cat; ANALYZE bench_org",
	 1},
	/* Each kwestie's choices.  alvl: the level of its area, that of the
	 * kwestie (capped at gemeente) or, escalated, a smaller one. */
	{"kwestie choices",
	 "INSERT INTO bench_kw0 SELECT i, lvl,"
	 " CASE WHEN lvl = 0 OR r % 10 < 6 THEN (CASE WHEN lvl > 4 THEN 4"
	 "  ELSE lvl END) ELSE (r / 10) % (CASE WHEN lvl > 4 THEN 4 ELSE lvl END)"
	 " END, bn,"
	 " CASE WHEN o >= 500 THEN 'afgerond' WHEN s < 20 THEN 'nieuw'"
	 "  WHEN s < 50 THEN 'opgepakt' WHEN s < 80 THEN 'in_uitvoering'"
	 "  WHEN s < 88 THEN 'doorgezet' ELSE 'geparkeerd' END,"
	 " CASE WHEN o < 500 THEN NULL WHEN s < 50 THEN 'opgelost'"
	 "  WHEN s < 70 THEN 'deels_opgelost' WHEN s < 80 THEN 'niet_op_dit_niveau'"
	 "  WHEN s < 95 OR i = 1 THEN 'geen_actie_nodig' ELSE 'dubbel' END,"
	 " CASE WHEN g < 80 THEN 0 WHEN g < 95 THEN 1 ELSE 2 END,"
	 " cat, ti, CASE WHEN ti + d > nts THEN nts ELSE ti + d END,"
	 " CASE WHEN sp < 40 THEN 0 WHEN sp < 70 THEN 1 WHEN sp < 85 THEN 2"
	 "  WHEN sp < 95 THEN 5 ELSE 25 END"
	 " FROM (SELECT i, nts,"
	 "  CASE WHEN u < 700 THEN 0 WHEN u < 850 THEN 1 WHEN u < 930 THEN 2"
	 "  WHEN u < 980 THEN 3 WHEN u < 997 THEN 4 ELSE 5 END AS lvl,"
	 "  r, bn, o, s, g, cat, ti, d, sp FROM (SELECT n.i, p.nts,"
	 "  " H("n.i", 2654435761, 1000003) " % 1000 AS u,"
					    "  " H("n.i", 2246822519, 1000033) " AS r,"
									       "  " H("n.i", 3266489917, 1000037) " % p.nb + 1 AS bn,"
														  "  " H("n.i", 668265263, 1000039) " % 1000 AS o,"
																		    "  " H("n.i", 374761393, 1000081) " % 100 AS s,"
																						      "  " H("n.i", 1597334677, 1000099) " % 100 AS g,"
																											 "  " H("n.i", 2869860233, 1000117) " % p.nc + 1 AS cat,"
																															    "  " H("n.i", 3812015801, 1000121) " % p.nts + 1 AS ti,"
																																			       "  " H("n.i", 1181783497, 1000133) " % 2000 AS d,"
																																								  "  " H("n.i", 2654435789, 1000151) " % 100 AS sp"
																																												     "  FROM bench_n n CROSS JOIN bench_p p WHERE n.i <= p.nk) x) y",
	 0},
	{"kwesties",
	 "INSERT INTO kwesties (id, municipality, title, description, area_code,"
	 " area_level, buurt_code, wijk_code, gebied_code, stadsdeel_code,"
	 " category_code, topic, level, level_rank, level_reason, status,"
	 " outcome, duplicate_of, forwarded_to, park_until, park_reason,"
	 " urgency, residents, version, created_at, updated_at, closed_at)"
	 " SELECT k.id, '" MUNI "', c.name || ' (' || k.id || ')',"
	 " 'Bewoners melden: ' || c.name || '. Kwestie ' || k.id"
	 "  || ' van de benchmark.',"
	 " CASE k.alvl WHEN 0 THEN b.code WHEN 1 THEN b.wijk WHEN 2 THEN b.gebied"
	 "  WHEN 3 THEN b.stadsdeel ELSE '" MUNI "' END,"
	 " CASE k.alvl WHEN 0 THEN 'buurt' WHEN 1 THEN 'wijk' WHEN 2 THEN 'gebied'"
	 "  WHEN 3 THEN 'stadsdeel' ELSE 'gemeente' END,"
	 " CASE WHEN k.alvl = 0 THEN b.code END,"
	 " CASE WHEN k.alvl <= 1 THEN b.wijk END,"
	 " CASE WHEN k.alvl <= 2 THEN b.gebied END,"
	 " CASE WHEN k.alvl <= 3 THEN b.stadsdeel END,"
	 " c.code, c.main,"
	 " CASE k.lvl WHEN 0 THEN 'buurt' WHEN 1 THEN 'wijk' WHEN 2 THEN 'gebied'"
	 "  WHEN 3 THEN 'stadsdeel' WHEN 4 THEN 'gemeente' ELSE 'regio' END,"
	 " k.lvl, 'Speelt op dit niveau.', k.status, k.outcome,"
	 " CASE WHEN k.outcome = 'dubbel' THEN k.id - 1 END,"
	 " CASE WHEN k.status = 'doorgezet' THEN 'gemeente' END,"
	 " CASE WHEN k.status = 'geparkeerd' THEN '2027-09-01' END,"
	 " CASE WHEN k.status = 'geparkeerd' THEN 'Wacht op de begroting.' END,"
	 " k.urg, 0, 1 + k.id % 5, t1.ts, t2.ts,"
	 " CASE WHEN k.status = 'afgerond' THEN t2.ts END"
	 " FROM bench_kw0 k JOIN bench_buurt b ON b.n = k.bn"
	 " JOIN bench_cat c ON c.n = k.cat JOIN bench_ts t1 ON t1.n = k.ti"
	 " JOIN bench_ts t2 ON t2.n = k.tu ORDER BY k.id",
	 0},
	{"kwestie ranges",
	 "INSERT INTO bench_kw SELECT k.id, r.lo, r.hi, k.level_rank, k.status,"
	 " k.outcome, b0.ti, k.closed_at, k.category_code, b.stadsdeel"
	 " FROM kwesties k JOIN bench_range r ON r.code = k.area_code"
	 " JOIN bench_kw0 b0 ON b0.id = k.id JOIN bench_buurt b ON b.n = b0.bn",
	 0},
	{"analyze kwesties", "ANALYZE bench_kw0; ANALYZE bench_kw", 1},
	/* A signal of a kwestie lies in a buurt of the kwestie's area and was
	 * made a little before it.  Its id follows the time it was made, as
	 * intake numbers them (i is the number its choices are hashed from). */
	{"signal choices",
	 "INSERT INTO bench_sig SELECT i, ROW_NUMBER() OVER (ORDER BY ti, i), kid,"
	 " bn, ti FROM (SELECT x.i, x.kid,"
	 " CASE WHEN k.id IS NULL THEN " H("x.i", 3266489917, 1000037) " % x.nb + 1"
								       "  ELSE k.lo + " H("x.i", 3266489917, 1000037) " % (k.hi - k.lo + 1) END AS bn,"
														      " CASE WHEN k.id IS NULL THEN " H("x.i", 3812015801, 1000121) " % x.nts + 1"
																						    "  WHEN k.ti > " H("x.i", 1181783497, 1000133) " % 300"
																												   "  THEN k.ti - " H("x.i", 1181783497, 1000133) " % 300 ELSE 1 END AS ti"
																																		  " FROM (SELECT n.i, p.nb, p.nts, CASE WHEN n.i <= p.ns * 6 / 10"
																																		  "  THEN " H("n.i", 2246822519, 1000033) " % p.nk + 1 END AS kid"
																																							  "  FROM bench_n n CROSS JOIN bench_p p WHERE n.i <= p.ns) x"
																																							  " LEFT JOIN bench_kw k ON k.id = x.kid) y",
	 0},
	{"analyze signals", "ANALYZE bench_sig", 1},
	{"signals",
	 "INSERT INTO signals (id, municipality, token, kind, body, buurt_code,"
	 " wijk_code, gebied_code, stadsdeel_code, category_code, status,"
	 " created_at, dedupe_key, closed_at, outcome)"
	 " SELECT s.id, '" MUNI "',"
	 " 'bench' || CAST(10000000000000000 + s.id AS TEXT),"
	 " CASE WHEN " H("s.i", 668265263, 1000039) " % 10 < 7 THEN 'melding'"
						    "  WHEN " H("s.i", 668265263, 1000039) " % 10 < 9 THEN 'vraag'"
											   "  ELSE 'idee' END,"
											   " 'Melding ' || s.id || ': ' || c.name || ' bij ons in de straat.',"
											   " b.code, b.wijk, b.gebied, b.stadsdeel, COALESCE(k.cat, c.code),"
											   " CASE WHEN k.id IS NOT NULL THEN k.status WHEN op THEN 'gemeld'"
											   "  ELSE 'afgerond' END,"
											   " t.ts, 'retired-' || s.id,"
											   " CASE WHEN k.id IS NOT NULL THEN k.closed WHEN op THEN NULL ELSE t.ts END,"
											   " CASE WHEN k.id IS NOT NULL THEN k.outcome WHEN op THEN NULL"
											   "  WHEN s.i % 2 = 0 THEN 'geen_actie_nodig' ELSE 'opgelost' END"
											   " FROM (SELECT s0.*, " H("s0.i", 374761393, 1000081) " % 1000 < 185 AS op,"
																		"  " H("s0.i", 2869860233, 1000117) " % p.nc + 1 AS cn"
																						    "  FROM bench_sig s0 CROSS JOIN bench_p p) s"
																						    " JOIN bench_buurt b ON b.n = s.bn JOIN bench_ts t ON t.n = s.ti"
																						    " JOIN bench_cat c ON c.n = s.cn LEFT JOIN bench_kw k ON k.id = s.kid"
																						    " ORDER BY s.id",
	 0},
	/* The kwesties' entries before their links: an entry's trigger
	 * (migration 025) then finds no signal to update, and each link
	 * reads its signal's newest entry once, in signal order. */
	{"history: created",
	 "INSERT INTO timeline (kwestie_id, at, actor, kind, to_value,"
	 " reason) SELECT id, created_at, 'Gemeente Amsterdam (bench)', 'created',"
	 " level, level_reason FROM kwesties",
	 0},
	{"history: status",
	 "INSERT INTO timeline (kwestie_id, at, actor, kind, from_value,"
	 " to_value) SELECT id, updated_at, 'Gemeente Amsterdam (bench)', 'status',"
	 " 'nieuw', status FROM kwesties WHERE status <> 'nieuw'",
	 0},
	{"kwestie_signals",
	 "INSERT INTO kwestie_signals (kwestie_id, signal_id, linked_at)"
	 " SELECT s.kid, s.id, t.ts FROM bench_sig s JOIN bench_ts t ON t.n = s.ti"
	 " WHERE s.kid IS NOT NULL",
	 0},
	{"signal_organisations",
	 "INSERT INTO signal_organisations (signal_id, organisation_id, role)"
	 " SELECT s.id, o.id, 'betrokken' FROM bench_sig s"
	 " JOIN bench_buurt b ON b.n = s.bn"
	 " JOIN bench_org o ON o.code = b.stadsdeel OR o.code = '" MUNI "'",
	 0},
	{"chain: regisseurs",
	 "INSERT INTO kwestie_chain (kwestie_id, organisation_id, role)"
	 " SELECT k.id, o.id, 'regisseur' FROM bench_kw k JOIN bench_org o"
	 " ON o.code = CASE WHEN k.lvl >= 4 THEN '" MUNI "' ELSE k.sd END"
	 " WHERE k.status <> 'nieuw'",
	 0},
	{"chain: uitvoerders",
	 "INSERT INTO kwestie_chain (kwestie_id, organisation_id, role)"
	 " SELECT k.id, o.id, 'uitvoerder' FROM bench_kw k JOIN bench_org o"
	 " ON o.code = 'p' || (" H("k.id", 1597334677, 1000099) " % 20 + 1)"
								" WHERE k.status <> 'nieuw'"
								" AND " H("k.id", 2654435789, 1000151) " % 10 < 6",
	 0},
	{"chain: betrokken",
	 "INSERT INTO kwestie_chain (kwestie_id, organisation_id, role)"
	 " SELECT k.id, o.id, 'betrokken' FROM bench_kw k JOIN bench_org o"
	 " ON o.code = 'p' || ((" H("k.id", 1597334677, 1000099) " % 20 + 1"
								 " + " H("k.id", 3812015801, 1000121) " % 19) % 20 + 1)"
												      " WHERE " H("k.id", 1181783497, 1000133) " % 10 < 3",
	 0},
	{"supporters",
	 "INSERT INTO kwestie_supporters (kwestie_id, supporter_key, created_at)"
	 " SELECT k.id, 'bench-' || k.id || '-' || n.i, t.ts FROM bench_kw0 k"
	 " JOIN bench_n n ON n.i <= k.nsup JOIN bench_ts t ON t.n = k.tu",
	 0},
	{"residents",
	 "UPDATE kwesties SET residents = (SELECT COUNT(*) FROM kwestie_signals x"
	 " WHERE x.kwestie_id = kwesties.id) + (SELECT COUNT(*) FROM"
	 " kwestie_supporters x WHERE x.kwestie_id = kwesties.id)",
	 0},
	/* The roll-up as store_kwestie_settle keeps it: a row per buurt and
	 * topic that ever had a kwestie, with the number open now. */
	{"kwestie_topics",
	 "INSERT INTO kwestie_topics (municipality, topic, buurt_code, wijk_code,"
	 " gebied_code, stadsdeel_code, open) SELECT municipality, topic,"
	 " buurt_code, wijk_code, gebied_code, stadsdeel_code,"
	 " SUM(CASE WHEN closed_at IS NULL THEN 1 ELSE 0 END) FROM kwesties"
	 " WHERE buurt_code IS NOT NULL GROUP BY municipality, buurt_code, topic,"
	 " wijk_code, gebied_code, stadsdeel_code",
	 0},
	/* Rows were given their ids: move the identity columns past them. */
	{"sequences",
	 "SELECT setval(pg_get_serial_sequence('signals', 'id'),"
	 " (SELECT MAX(id) FROM signals));"
	 " SELECT setval(pg_get_serial_sequence('kwesties', 'id'),"
	 " (SELECT MAX(id) FROM kwesties))",
	 1},
};

static void run_steps(struct db *db)
{
	char msg[512];

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		double t0 = now_ms();

		if (steps[i].pg_only && db_dialect(db) != DB_POSTGRES)
			continue;
		if (db_exec(db, steps[i].sql, msg, sizeof(msg)) != ERR_OK)
			die(steps[i].name, msg);
		fprintf(stderr, "bench_kwgen: %-22s %6.1f s\n", steps[i].name,
			(now_ms() - t0) / 1e3);
	}
}

/* --- what SQL cannot make well ----------------------------------------- */

/* NTS timestamps in the server's format, spread evenly over the three
 * years before December 2026. */
static void make_times(struct db *db)
{
	const time_t start = 1701388800; /* 2023-12-01T00:00:00Z */
	const double step = 3 * 365.25 * 86400 / NTS;

	for (int i = 1; i <= NTS; i++) {
		time_t t = start + (time_t)(step * i);
		struct tm tm;
		char ts[32];
		struct db_stmt *st = db_prepare(db, sql_ts);

		gmtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
		db_bind_int(st, 1, i);
		db_bind_text(st, 2, ts);
		if (db_run(db, st, true) != ERR_OK)
			die("times", ts);
	}
}

static int64_t make_org(struct db *db, const char *name, const char *kind,
			const char *area)
{
	struct org_row o;
	char *areas[1] = {(char *)area};
	int64_t id;

	memset(&o, 0, sizeof(o));
	o.municipality = MUNI;
	o.name = (char *)name;
	o.kind = (char *)kind;
	if (store_org_create(db, &o, &id) != ERR_OK ||
	    store_org_set_areas(db, id, MUNI, areas, 1) != ERR_OK)
		die("organisation", name);
	return id;
}

static void org_code(struct db *db, const char *code, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql_org);

	db_bind_text(st, 1, code);
	db_bind_int(st, 2, id);
	if (db_run(db, st, true) != ERR_OK)
		die("organisation code", code);
}

/* The gemeente's organisation, one per stadsdeel (kind stadsdeel: they
 * answer for the signals of their areas) and partners for chains.
 * Returns the id of TRIAGE_SD's. */
static int64_t make_orgs(struct db *db, struct arena *ar)
{
	static const char *const kinds[] = {"welzijn", "zorg", "woningcorporatie",
					    "politie", "bewonersorganisatie"};
	struct area_row *sd;
	size_t n;
	int64_t triage = 0;

	org_code(db, MUNI, make_org(db, "Gemeente Amsterdam (bench)", "gemeente", MUNI));
	if (store_area_list(db, ar, MUNI, "stadsdeel", &sd, &n) != ERR_OK || !n)
		die("stadsdelen", "list");
	for (size_t i = 0; i < n; i++) {
		int64_t id = make_org(db,
				      arena_printf(ar, "Stadsdeel %s (bench)", sd[i].name),
				      "stadsdeel", sd[i].code);

		org_code(db, sd[i].code, id);
		if (strcmp(sd[i].code, TRIAGE_SD) == 0)
			triage = id;
	}
	for (int i = 1; i <= NPARTNERS; i++)
		org_code(db, arena_printf(ar, "p%d", i),
			 make_org(db, arena_printf(ar, "Partner %d (bench)", i),
				  kinds[i % 5], sd[(size_t)i % n].code));
	if (!triage)
		die("stadsdelen", "no stadsdeel " TRIAGE_SD);
	return triage;
}

/* With BENCH_KWGEN_BARE=1 on SQLite, a bare load: the signals'
 * secondary indexes are dropped before the load, and bench/national.sh
 * makes them again after bench/figures.sql.  The triggers of migration
 * 025 rewrite a signal's row for each of its links and entries; with the
 * indexes each rewrite also moved the signal's entry in
 * signals_by_category, at a random place of a 1.8 GB index at 10M (the load stopped after 30 minutes in
 * the links' step, bench/RESULTS.md).  The load also gets a page cache
 * of 2 GB: at 10M the steps that read or rewrite a table in another
 * table's order (residents: 506 s at 10M, 5.8 s at 1M) ran from the
 * OS cache a page at a time. */
static void bare_load(struct db *db, struct arena *ar)
{
	const char *bare = getenv("BENCH_KWGEN_BARE");
	struct db_stmt *st;
	struct db_rows rows;
	char msg[512];

	if (!bare || strcmp(bare, "1") != 0 || db_dialect(db) != DB_SQLITE)
		return;
	if (db_exec(db, "PRAGMA cache_size = -2000000", msg, sizeof(msg)) != ERR_OK)
		die("cache_size", msg);
	st = db_prepare(db, "SELECT name FROM sqlite_master WHERE type ="
			    " 'index' AND tbl_name = 'signals' AND sql IS NOT NULL");
	if (db_list(db, st, ar, sizeof(char *), db_read_text, &rows) != ERR_OK)
		die("signals' indexes", "list");
	for (size_t i = 0; i < rows.n; i++) {
		const char *name = ((char **)rows.v)[i];

		if (db_exec(db, arena_printf(ar, "DROP INDEX \"%s\"", name),
			    msg, sizeof(msg)) != ERR_OK)
			die(name, msg);
	}
	fprintf(stderr, "bench_kwgen: %zu indexes of signals dropped\n", rows.n);
}

static void generate(struct db *db, struct arena *ar, int64_t ns, int64_t nk,
		     int64_t *triage_org)
{
	char msg[512];
	struct db_stmt *st;

	if (db_begin_write(db) != ERR_OK)
		die("generate", "begin");
	bare_load(db, ar);
	if (db_exec(db, sql_scratch, msg, sizeof(msg)) != ERR_OK)
		die("scratch tables", msg);
	st = db_prepare(db, sql_params);
	db_bind_int(st, 1, ns);
	db_bind_int(st, 2, nk);
	db_bind_int(st, 3, NTS);
	if (db_run(db, st, true) != ERR_OK)
		die("generate", "parameters");
	make_times(db);
	*triage_org = make_orgs(db, ar);
	run_steps(db);
	if (db_commit(db) != ERR_OK)
		die("generate", "commit");
}

static void write_key(struct db *db, struct arena *ar, int64_t org_id,
		      const char *path)
{
	struct org_row org;
	const char *key;
	FILE *f;

	if (store_org_get(db, ar, org_id, &org) != ERR_OK ||
	    apikey_create(db, ar, &actor_system, &org, "bench", "kwestie.manage",
			  &key) != ERR_OK)
		die("api key", "create");
	f = fopen(path, "w");
	if (!f || fprintf(f, "%s %lld\n", key, (long long)org_id) < 0 ||
	    fclose(f) != 0)
		die("api key", path);
}

/* --- --check ------------------------------------------------------------ */

static const char sql_check_before[] =
	"CREATE TEMP TABLE chk_s AS SELECT id, status, closed_at, outcome"
	" FROM signals;"
	"CREATE TEMP TABLE chk_k AS SELECT id, residents FROM kwesties;"
	"CREATE TEMP TABLE chk_t AS SELECT municipality, buurt_code, topic, open"
	" FROM kwestie_topics";
static const char sql_check_ids[] = "SELECT id FROM kwesties ORDER BY id";
static const char sql_check_diff[] =
	"SELECT (SELECT COUNT(*) FROM (SELECT id, status, closed_at, outcome"
	"  FROM signals EXCEPT SELECT * FROM chk_s) a),"
	" (SELECT COUNT(*) FROM (SELECT id, residents FROM kwesties"
	"  EXCEPT SELECT * FROM chk_k) b),"
	" (SELECT COUNT(*) FROM (SELECT municipality, buurt_code, topic, open"
	"  FROM kwestie_topics EXCEPT SELECT * FROM chk_t) c)";

static void diff_read(struct arena *ar, struct db_stmt *st, void *row)
{
	int64_t *d = row;

	(void)ar;
	for (int i = 0; i < 3; i++)
		d[i] = db_col_int(st, i);
}

static int check(const char *url)
{
	struct arena ar;
	struct db *db;
	struct db_rows ids;
	int64_t d[3];
	char msg[512];

	arena_init(&ar);
	if (store_open_migrated(url, &db, msg, sizeof(msg)) != ERR_OK)
		die("open", msg);
	if (db_exec(db, sql_check_before, msg, sizeof(msg)) != ERR_OK ||
	    db_list(db, db_prepare(db, sql_check_ids), &ar, sizeof(int64_t),
		    db_read_int, &ids) != ERR_OK ||
	    db_begin_write(db) != ERR_OK)
		die("check", msg);
	for (size_t i = 0; i < ids.n; i++)
		if (store_kwestie_settle(db, ((int64_t *)ids.v)[i],
					 "2026-12-04T00:00:00.000Z") != ERR_OK)
			die("check", "settle");
	if (db_commit(db) != ERR_OK ||
	    db_get_one(db, db_prepare(db, sql_check_diff), NULL, diff_read, d) !=
		    ERR_OK)
		die("check", "diff");
	printf("kwgen.check kwesties=%zu changed_signals=%lld"
	       " changed_residents=%lld changed_topics=%lld\n",
	       ids.n, (long long)d[0], (long long)d[1], (long long)d[2]);
	db_close(db);
	arena_clear(&ar);
	return d[0] || d[1] || d[2];
}

int main(int argc, char **argv)
{
	int64_t ns = argc > 4 ? strtoll(argv[3], NULL, 10) : 1000000;
	int64_t nk = argc > 4 ? strtoll(argv[4], NULL, 10) : 100000;
	struct db *db;
	struct arena ar;
	char msg[512] = "";
	int64_t triage_org;
	double t0 = now_ms();

	if (argc == 3 && strcmp(argv[1], "--check") == 0)
		return check(argv[2]);
	if (argc != 3 && argc != 5) {
		fprintf(stderr, "usage: bench_kwgen DB_URL KEY_FILE"
				" [N_SIGNALS N_KWESTIES]\n"
				"       bench_kwgen --check DB_URL\n");
		return 2;
	}
	if (ns < 1 || nk < 1 || ns > 100000000 || nk > ns)
		die("sizes", "1 <= N_KWESTIES <= N_SIGNALS <= 10^8");
	arena_init(&ar);
	if (store_open_migrated(argv[1], &db, msg, sizeof(msg)) != ERR_OK)
		die("open", msg);
	if (seed_base(db, msg, sizeof(msg)) != 0)
		die("areas", msg);
	generate(db, &ar, ns, nk, &triage_org);
	/* PostgreSQL's autovacuum would do this within minutes of the load;
	 * SQLite has no statistics unless someone runs ANALYZE, and the
	 * server never does: it is measured as it would run. */
	if (db_dialect(db) == DB_POSTGRES &&
	    db_exec(db, "VACUUM ANALYZE", msg, sizeof(msg)) != ERR_OK)
		die("vacuum", msg);
	write_key(db, &ar, triage_org, argv[2]);
	db_close(db);
	arena_clear(&ar);
	fprintf(stderr, "bench_kwgen: %lld signals, %lld kwesties in %.1f s\n",
		(long long)ns, (long long)nk, (now_ms() - t0) / 1e3);
	return 0;
}
