/* bench_search: the social map's search (store_socialmap_search) over
 * 10,000 generated services with Dutch texts, spread over Amsterdam's
 * bundled areas at every scale level, in a fresh temporary database with
 * the real schema, the Dutch tokenizer and our vocabulary.
 *
 * 1,000 random searches as residents make them: a few words (or none),
 * mostly with a buurt, sometimes with a target group, theme, cost or
 * language filter, on one of the first pages.  Each is timed from the
 * search text to the rows read (building the MATCH expression included).
 * The baseline, measured in the same run, is the bare FTS5 query for the
 * same words, ranked by the same bm25 weights (rowids of the first 20: no
 * joins, no filters, no scale levels, no count, no columns).
 *
 *   bench_search [N_SERVICES] [N_QUERIES]
 * prints:
 *   search.services=10000 p50_ms=.. p99_ms=..
 *   search.baseline_fts p50_ms=.. p99_ms=.. ratio_p50=.. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/util.h"
#include "geo/amsterdam.h"
#include "geo/areaidx.h"
#include "store/accounts.h"
#include "store/socialmap.h"
#include "store/socialmap_search.h"
#include "store/store.h"
#include "seed/socialmap_demo.h"

#define MUNI "GM0363"
#define NORGS 250

static const char *const activities[] = {
	"Spreekuur", "Inloop", "Koffieochtend", "Hulp bij", "Advies over",
	"Cursus", "Maatje voor", "Steunpunt", "Groep", "Loket",
	"Huisbezoek bij", "Training", "Buurtkamer", "Meldpunt", "Workshop",
};
static const char *const topics[] = {
	"schulden", "geldzaken", "formulieren", "toeslagen", "eenzaamheid",
	"opvoeden", "huiswerk", "mantelzorg", "wonen", "huur", "onderhoud",
	"lantaarnpaal", "zwerfvuil", "overlast", "sport", "taal",
	"Nederlands leren", "werk zoeken", "vrijwilligerswerk", "gezondheid",
	"bewegen", "koken", "digitale vaardigheden", "DigiD", "rouw",
	"veiligheid", "ouderen", "jongeren", "statushouders", "verslaving",
};
static const char *const sentences[] = {
	"U kunt zonder afspraak binnenlopen.",
	"Een vrijwilliger komt bij u thuis.",
	"We zoeken samen met u naar een oplossing.",
	"Bel ons of stuur een e-mail.",
	"Iedereen uit de buurt is welkom.",
	"Wij helpen ook als u al schulden heeft.",
	"Neem uw post en rekeningen mee.",
	"De kinderen kunnen meedoen met spelletjes.",
	"Voor mantelzorgers regelen we vervangende zorg.",
	"Meld een kapotte lantaarnpaal of losse stoeptegel.",
	"Samen koken en eten met buren.",
	"Oefenen met Nederlands praten in een kleine groep.",
};
static const char *const queries[] = {
	"schulden", "hulp bij schulden", "waar kan ik terecht met schulden",
	"eenzaam", "eenzaamheid ouderen", "lantaarnpalen", "huiswerk",
	"mantelzorgers", "formulier", "taal leren", "koffie", "overlast",
	"werk", "sport jongeren", "opvoeden", "huur onderhoud", "DigiD",
	"rouw", "koken", "vrijwilliger", "gezondheid bewegen", "zwerfvuil",
	"toeslagen formulieren", "statushouders", "verslaving",
};
static const char *const doelgroepen[] = {
	"jeugd", "jongeren", "ouderen", "mantelzorgers", "gezinnen",
	"statushouders", "mensen-met-een-beperking", "iedereen",
};
static const char *const themas[] = {
	"wonen", "schulden-en-geld", "eenzaamheid", "veiligheid",
	"openbare-ruimte", "gezondheid", "werk-en-inkomen", "opvoeding", "taal",
	"vrijetijd",
};
static const char *const costs[] = {"gratis", "eigen bijdrage", "betaald", NULL};
static const char *const langs[] = {"nl", "nl en", "nl ar", "nl tr",
				    "nl en ar tr", "nl pl", "nl ti so"};
static const char *const lang_codes[] = {"en", "ar", "tr", "pl", "ti"};

struct world {
	struct db *db;
	struct arena ar;
	struct areaidx *idx;
	struct area_rec *areas;
	size_t nareas;
	const char **by_level[AREA_LEVELS];
	size_t nlevel[AREA_LEVELS];
	int64_t orgs[NORGS];
	int64_t doel_ids[8], thema_ids[10];
};

#define PICK(a) (a[(size_t)rand() % (sizeof(a) / sizeof(a[0]))])

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_search: %s: %s\n", what, msg);
	exit(1);
}

static void load_areas(struct world *w)
{
	char err[512];

	if (amsterdam_areas(&w->areas, &w->nareas, err, sizeof(err)) != 0)
		die("areas", err);
	if (store_municipality_put(w->db, MUNI, "Amsterdam") != ERR_OK)
		die("areas", "municipality");
	w->idx = areaidx_new();
	for (size_t i = 0; i < w->nareas; i++) {
		struct area_rec *a = &w->areas[i];
		size_t *n = &w->nlevel[a->level];

		if (store_area_put(w->db, MUNI, a) != ERR_OK ||
		    areaidx_add(w->idx, a, err, sizeof(err)) != 0)
			die("areas", a->code);
		w->by_level[a->level] = xrealloc(w->by_level[a->level],
						 (*n + 1) * sizeof(char *));
		w->by_level[a->level][(*n)++] = a->code;
	}
	if (areaidx_build(w->idx, err, sizeof(err)) != 0)
		die("areas", err);
}

static void load_terms(struct world *w)
{
	char err[256];
	struct term_row t;

	if (socialmap_terms_seed(w->db, err, sizeof(err)) != 0)
		die("vocabulary", err);
	for (size_t i = 0; i < 8; i++) {
		if (store_socialmap_term(w->db, &w->ar, SK_TAXONOMY_DOELGROEP,
					 doelgroepen[i], &t) != ERR_OK)
			die("term", doelgroepen[i]);
		w->doel_ids[i] = t.id;
	}
	for (size_t i = 0; i < 10; i++) {
		if (store_socialmap_term(w->db, &w->ar, SK_TAXONOMY_THEMA, themas[i],
					 &t) != ERR_OK)
			die("term", themas[i]);
		w->thema_ids[i] = t.id;
	}
}

static void make_orgs(struct world *w)
{
	static const char *const kinds[] = {"welzijn", "zorg", "woningcorporatie",
					    "bewonersorganisatie", "onderwijs"};
	static const char *const words[] = {"Buurtwerk", "Stichting", "Huis",
					    "Vereniging", "Centrum", "Team"};

	for (int i = 0; i < NORGS; i++) {
		struct org_row o;

		memset(&o, 0, sizeof(o));
		o.municipality = MUNI;
		o.name = arena_printf(&w->ar, "%s %s %d", PICK(words),
				      w->areas[(size_t)rand() % w->nareas].name, i);
		o.kind = (char *)PICK(kinds);
		if (store_org_create(w->db, &o, &w->orgs[i]) != ERR_OK)
			die("organisation", o.name);
	}
}

/* A scale level as services spread: many local, fewer city-wide. */
static enum area_level random_level(void)
{
	int r = rand() % 100;

	return r < 30 ? AREA_BUURT : r < 55 ? AREA_WIJK : r < 70 ? AREA_GEBIED
	       : r < 88 ? AREA_STADSDEEL : AREA_GEMEENTE;
}

static void make_service(struct world *w, int i)
{
	struct service_row s;
	enum area_level l = random_level();
	const char *area = w->by_level[l][(size_t)rand() % w->nlevel[l]];
	const char *topic = PICK(topics);
	char *areas[1] = {(char *)area};
	int64_t terms[3];

	memset(&s, 0, sizeof(s));
	s.municipality = MUNI;
	s.organisation_id = w->orgs[rand() % NORGS];
	s.name = arena_printf(&w->ar, "%s %s %d", PICK(activities), topic, i);
	s.description = arena_printf(&w->ar, "%s %s Wij helpen bij %s en %s.",
				     PICK(sentences), PICK(sentences), topic,
				     PICK(topics));
	s.eligibility_description = arena_printf(&w->ar, "Voor %s in %s.",
						 PICK(doelgroepen),
						 areaidx_find(w->idx, area)->name);
	s.cost = (char *)PICK(costs);
	s.languages = (char *)PICK(langs);
	s.norm_days = rand() % 10;
	s.areas = areas;
	s.nareas = 1;
	terms[0] = w->doel_ids[rand() % 8];
	terms[1] = w->thema_ids[rand() % 10];
	terms[2] = w->thema_ids[rand() % 10];
	s.terms = terms;
	s.nterms = terms[1] == terms[2] ? 2 : 3;
	if (store_service_put(w->db, &s) != ERR_OK)
		die("service", s.name);
}

static void build(struct world *w, int n)
{
	double t0 = now_ms();

	load_terms(w); /* a transaction of its own */
	if (db_begin_write(w->db) != ERR_OK)
		die("build", "begin");
	load_areas(w);
	make_orgs(w);
	for (int i = 0; i < n; i++) {
		make_service(w, i);
		if (i % 1000 == 999)
			arena_clear(&w->ar);
	}
	if (db_commit(w->db) != ERR_OK)
		die("build", "commit");
	fprintf(stderr, "bench_search: %d services in %.1f s\n", n,
		(now_ms() - t0) / 1e3);
}

static void random_query(struct world *w, struct sk_search *q, char *match,
			 size_t matchlen)
{
	memset(q, 0, sizeof(*q));
	q->municipality = MUNI;
	q->limit = 20;
	q->offset = rand() % 4 == 0 ? 20 * (1 + rand() % 2) : 0;
	if (rand() % 5 != 0 &&
	    socialmap_match_expr(PICK(queries), SK_MATCH_ALL, match, matchlen) > 0)
		q->match = match;
	if (rand() % 10 < 7) {
		const struct area_node *a = areaidx_find(
			w->idx, w->by_level[AREA_BUURT][(size_t)rand() %
							w->nlevel[AREA_BUURT]]);

		for (; a; a = a->parent)
			q->chain[a->level] = a->code;
	}
	if (rand() % 5 == 0)
		q->doelgroep = w->doel_ids[rand() % 8];
	if (rand() % 5 == 0)
		q->thema = w->thema_ids[rand() % 10];
	if (rand() % 10 == 0)
		q->cost = "gratis";
	if (rand() % 10 == 0)
		q->lang = PICK(lang_codes);
}

/* sqlite-only, as the search itself. */
static const char sql_baseline[] =
	"SELECT rowid FROM services_fts WHERE services_fts MATCH $1"
	" ORDER BY bm25(services_fts, 10.0, 1.0, 3.0, 2.0, 5.0) LIMIT 20";

static double baseline(struct world *w, const char *match)
{
	struct db_stmt *st;
	double t0 = now_ms();

	st = db_prepare(w->db, sql_baseline);
	db_bind_text(st, 1, match);
	while (db_step(st) == DB_ROW)
		;
	db_done(st);
	return now_ms() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double pct(double *v, size_t n, double p)
{
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);

	return v[i < n ? i : n - 1];
}

int main(int argc, char **argv)
{
	int nservices = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 10000;
	int nq = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 1000;
	char dir[] = "/tmp/wa-bench-search-XXXXXX", path[64], msg[256];
	struct world w;
	double *t = xcalloc((size_t)nq, sizeof(double));
	double *b = xcalloc((size_t)nq, sizeof(double));
	size_t nb = 0, total_hits = 0;

	if (nservices < 1 || nq < 1 || !mkdtemp(dir))
		die("usage", "bench_search [N_SERVICES] [N_QUERIES]");
	snprintf(path, sizeof(path), "%s/bench.db", dir);
	memset(&w, 0, sizeof(w));
	arena_init(&w.ar);
	srand(20261127);
	if (db_open(path, &w.db, msg, sizeof(msg)) != ERR_OK ||
	    store_migrate(w.db, msg, sizeof(msg)) != ERR_OK)
		die("database", msg);
	build(&w, nservices);
	for (int i = 0; i < nq; i++) {
		struct sk_search q;
		struct sk_hit *hits;
		size_t n;
		int64_t total;
		char match[SK_MATCH_MAX];
		double t0 = now_ms();

		random_query(&w, &q, match, sizeof(match));
		if (store_socialmap_search(w.db, &w.ar, &q, &hits, &n, &total) != ERR_OK)
			die("search", q.match ? q.match : "(no text)");
		t[i] = now_ms() - t0;
		total_hits += n;
		if (q.match)
			b[nb++] = baseline(&w, q.match);
		arena_clear(&w.ar);
	}
	qsort(t, (size_t)nq, sizeof(double), cmp_double);
	qsort(b, nb, sizeof(double), cmp_double);
	printf("search.services=%d p50_ms=%.2f p99_ms=%.2f\n", nservices,
	       pct(t, (size_t)nq, 0.5), pct(t, (size_t)nq, 0.99));
	if (nb)
		printf("search.baseline_fts p50_ms=%.2f p99_ms=%.2f ratio_p50=%.1f\n",
		       pct(b, nb, 0.5), pct(b, nb, 0.99),
		       pct(t, (size_t)nq, 0.5) / (pct(b, nb, 0.5) > 0 ? pct(b, nb, 0.5) : 1e-3));
	fprintf(stderr, "bench_search: %d queries, %.1f hits per page on average\n",
		nq, (double)total_hits / nq);
	db_close(w.db);
	amsterdam_areas_free(w.areas, w.nareas);
	areaidx_free(w.idx);
	for (int l = 0; l < AREA_LEVELS; l++)
		free(w.by_level[l]);
	free(t);
	free(b);
	snprintf(msg, sizeof(msg), "%s-wal", path);
	unlink(msg);
	snprintf(msg, sizeof(msg), "%s-shm", path);
	unlink(msg);
	unlink(path);
	rmdir(dir);
	return 0;
}
