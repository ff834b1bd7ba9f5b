/* test_socialmap_search: store/socialmap_search.h on a fresh database per
 * test (db_fixture.h: an SQLite file, or PostgreSQL with
 * WIJKAGENDA_TEST_PG) with a small area tree of two stadsdelen:
 *
 *   - the MATCH builder: words, Dutch function words, hostile input (FTS5
 *     syntax, quotes, invalid UTF-8, giant words, too many words, a small
 *     buffer), and every expression it builds from hostile or random
 *     bytes runs as a query without an error;
 *   - the search: the area chain reaches up and not sideways, buurt-level
 *     before gemeente-level for the same text, stemming, filters, paging;
 *   - who serves an area on a theme or a signal category, per level;
 *   - the freshness queries: due services, reminded_at, coordinators. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/util.h"
#include "geo/areaidx.h"
#include "store/accounts.h"
#include "store/socialmap.h"
#include "store/socialmap_search.h"
#include "store/store.h"
#include "seed/socialmap_demo.h"

#include "db_fixture.h"

#define MUNI "GM0363"
#define G26 "03630950000026"
#define G39 "03630950000039"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena ar;
	struct areaidx *idx;
	int64_t org_buurt, org_city, org_noord;
};

/* --- fixture ------------------------------------------------------------ */

/* A small square around (lon, lat) as a GeoJSON polygon. */
static char *square(double lon, double lat)
{
	char buf[256];

	snprintf(buf, sizeof(buf),
		 "{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],"
		 "[%f,%f],[%f,%f],[%f,%f]]]}",
		 lon, lat, lon + 0.001, lat, lon + 0.001, lat + 0.001, lon,
		 lat + 0.001, lon, lat);
	return xstrdup(buf);
}

static void area(struct fixture *f, enum area_level level, const char *code,
		 const char *name, const char *parent, double lon)
{
	struct area_rec a;
	char err[256];

	memset(&a, 0, sizeof(a));
	a.level = level;
	a.code = (char *)code;
	a.name = (char *)name;
	a.parent_code = (char *)parent;
	a.geojson = level == AREA_BUURT ? square(lon, 52.37) : NULL;
	assert_int_equal(store_area_put(f->db, MUNI, &a), ERR_OK);
	if (areaidx_add(f->idx, &a, err, sizeof(err)) != 0)
		fail_msg("areaidx_add %s: %s", code, err);
	free(a.geojson);
}

static void areas(struct fixture *f)
{
	char err[256];

	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"), ERR_OK);
	f->idx = areaidx_new();
	area(f, AREA_GEMEENTE, MUNI, "Amsterdam", NULL, 0);
	area(f, AREA_STADSDEEL, "E", "West", MUNI, 0);
	area(f, AREA_STADSDEEL, "N", "Noord", MUNI, 0);
	area(f, AREA_GEBIED, G26, "Oud West / De Baarsjes", "E", 0);
	area(f, AREA_GEBIED, G39, "Noord-West", "N", 0);
	area(f, AREA_WIJK, "EK", "Van Galenbuurt", G26, 0);
	area(f, AREA_WIJK, "NA", "Oostzanerwerf", G39, 0);
	area(f, AREA_BUURT, "EK01", "Mercatorpark", "EK", 4.85);
	area(f, AREA_BUURT, "EK02", "Orteliusbuurt-Noord", "EK", 4.86);
	area(f, AREA_BUURT, "NA01", "Noorder IJplas", "NA", 4.90);
	if (areaidx_build(f->idx, err, sizeof(err)) != 0)
		fail_msg("areaidx_build: %s", err);
}

/* Our vocabulary: built in, or read from the source tree. */
static void vocabulary(struct fixture *f)
{
	char err[256], *data = NULL;
	size_t len = 0;
	const char *json = socialmap_terms_json(&len);
	FILE *fp;

	if (!json) {
		fp = fopen(SK_TERMS_FILE, "rb");
		if (!fp)
			fail_msg("%s: not built in and not readable", SK_TERMS_FILE);
		data = xmalloc(65536);
		len = fread(data, 1, 65535, fp);
		fclose(fp);
		json = data;
	}
	if (socialmap_terms_load(f->db, json, len, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	free(data);
}

static int64_t org(struct fixture *f, const char *name, const char *kind)
{
	struct org_row o;
	int64_t id;

	memset(&o, 0, sizeof(o));
	o.municipality = MUNI;
	o.name = (char *)name;
	o.kind = (char *)kind;
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_OK);
	return id;
}

static int64_t term(struct fixture *f, const char *code)
{
	struct term_row t;

	if (store_socialmap_term(f->db, &f->ar, SK_TAXONOMY_DOELGROEP, code, &t) !=
	    ERR_OK)
		assert_int_equal(store_socialmap_term(f->db, &f->ar, SK_TAXONOMY_THEMA,
						      code, &t),
				 ERR_OK);
	return t.id;
}

struct svc {
	int64_t org;
	const char *name, *description, *areas, *terms, *cost, *languages;
	int days_ago;
	const char *status;
};

static int64_t service(struct fixture *f, const struct svc *v)
{
	struct service_row s;
	char *codes[8], confirmed[32], *list = arena_strdup(&f->ar, v->areas), *save;
	int64_t terms[8];
	size_t n = 0, nt = 0;

	memset(&s, 0, sizeof(s));
	for (char *p = strtok_r(list, " ", &save); p; p = strtok_r(NULL, " ", &save))
		codes[n++] = p;
	list = arena_strdup(&f->ar, v->terms ? v->terms : "");
	for (char *p = strtok_r(list, " ", &save); p; p = strtok_r(NULL, " ", &save))
		terms[nt++] = term(f, p);
	s.municipality = MUNI;
	s.organisation_id = v->org;
	s.name = (char *)v->name;
	s.description = (char *)v->description;
	s.cost = (char *)v->cost;
	s.languages = (char *)v->languages;
	s.status = (char *)v->status;
	s.norm_days = -1;
	store_time_ago(confirmed, sizeof(confirmed), v->days_ago * 86400);
	s.confirmed_at = confirmed;
	s.areas = codes;
	s.nareas = n;
	s.terms = terms;
	s.nterms = nt;
	assert_int_equal(store_service_put(f->db, &s), ERR_OK);
	return s.id;
}

static void services(struct fixture *f)
{
	f->org_buurt = org(f, "Buurthuis Ortelius", "bewonersorganisatie");
	f->org_city = org(f, "Stichting Stad", "welzijn");
	f->org_noord = org(f, "Buurtwerk Noord", "welzijn");
	const struct svc all[] = {
		{f->org_buurt, "Koffie in de buurt",
		 "Koffie en een praatje voor ouderen.", "EK02",
		 "ouderen eenzaamheid", "gratis", "nl tr", 10, NULL},
		{f->org_city, "Koffie in de stad",
		 "Koffie en een praatje voor ouderen.", MUNI,
		 "ouderen eenzaamheid", "gratis", "nl", 10, NULL},
		{f->org_city, "Meldpunt lantaarnpaal",
		 "Een kapotte lantaarnpaal of losse stoeptegel melden.", "E",
		 "openbare-ruimte iedereen", "gratis", "nl en", 300, NULL},
		{f->org_noord, "Meldpunt Noord",
		 "Een kapotte lantaarnpaal melden in Noord.", "N",
		 "openbare-ruimte", "gratis", "nl", 10, NULL},
		{f->org_noord, "Huiswerkklas", "Hulp bij huiswerk.", "EK",
		 "jeugd taal", "eigen bijdrage", "nl ar", 400, NULL},
		{f->org_city, "Schuldhulp", "Hulp bij schulden en rekeningen.",
		 G26 " " MUNI, "schulden-en-geld", "gratis", "nl en ar", 10, NULL},
		{f->org_city, "Opgeheven dienst", "Koffie voor ouderen.", MUNI,
		 "ouderen", "gratis", "nl", 10, "defunct"},
	};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		service(f, &all[i]);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "skmap", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->ar);
	areas(f);
	vocabulary(f);
	services(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_fixture_close(&f->fx, f->db);
	areaidx_free(f->idx);
	arena_clear(&f->ar);
	free(f);
	return 0;
}

/* --- the MATCH builder ---------------------------------------------------- */

static const char *expr(const char *q, enum sk_match_mode mode)
{
	static char out[SK_MATCH_MAX];

	assert_true(socialmap_match_expr(q, mode, out, sizeof(out)) >= 0);
	return out;
}

static void test_match_words(void **state)
{
	(void)state;
	assert_string_equal(expr("lantaarnpalen", SK_MATCH_ALL), "\"lantaarnpalen\"");
	assert_string_equal(expr("  Hulp, bij   SCHULDEN! ", SK_MATCH_ALL),
			    "\"Hulp\" \"SCHULDEN\"");
	assert_string_equal(expr("hulp schulden", SK_MATCH_ANY),
			    "\"hulp\" OR \"schulden\"");
	/* Function words go, unless nothing else is left. */
	assert_string_equal(expr("Waar kan ik terecht met schulden?", SK_MATCH_ALL),
			    "\"schulden\"");
	assert_string_equal(expr("waar kan ik", SK_MATCH_ALL),
			    "\"waar\" \"kan\" \"ik\"");
	/* Letters of any script, digits and accents are word characters. */
	assert_string_equal(expr("één café 1012AB مساعدة", SK_MATCH_ALL),
			    "\"één\" \"café\" \"1012AB\" \"مساعدة\"");
	assert_int_equal(socialmap_match_expr(NULL, SK_MATCH_ALL,
					      (char[8]){0}, 8), 0);
	assert_int_equal(socialmap_match_expr("", SK_MATCH_ALL, (char[8]){0}, 8), 0);
}

static void test_match_hostile(void **state)
{
	char big[4096], small[8];

	(void)state;
	/* FTS5 syntax is only a separator or a plain, quoted word. */
	assert_string_equal(expr("\"", SK_MATCH_ALL), "");
	assert_string_equal(expr("*", SK_MATCH_ALL), "");
	assert_string_equal(expr("-", SK_MATCH_ALL), "");
	assert_string_equal(expr("NEAR(", SK_MATCH_ALL), "\"NEAR\"");
	assert_string_equal(expr("a OR b", SK_MATCH_ALL), "\"a\" \"OR\" \"b\"");
	assert_string_equal(expr("name:koffie^ -ouderen \"x\"*", SK_MATCH_ALL),
			    "\"name\" \"koffie\" \"ouderen\" \"x\"");
	assert_string_equal(expr("AND NOT OR", SK_MATCH_ANY),
			    "\"AND\" OR \"NOT\" OR \"OR\"");
	/* Invalid UTF-8 separates words and never ends up in the output. */
	assert_string_equal(expr("koffie\xff\xfe" "thee\xc3", SK_MATCH_ALL),
			    "\"koffie\" \"thee\"");
	/* A word longer than the tokenizer takes is dropped. */
	memset(big, 'a', 200);
	snprintf(big + 200, sizeof(big) - 200, " koffie");
	assert_string_equal(expr(big, SK_MATCH_ALL), "\"koffie\"");
	/* At most SK_MATCH_MAX_WORDS words. */
	big[0] = '\0';
	for (int i = 0; i < 40; i++)
		snprintf(big + strlen(big), sizeof(big) - strlen(big), "woord ");
	assert_int_equal(socialmap_match_expr(big, SK_MATCH_ALL, (char[SK_MATCH_MAX]){0},
					      SK_MATCH_MAX),
			 SK_MATCH_MAX_WORDS);
	/* Too small a buffer: -1, never an overflow. */
	assert_int_equal(socialmap_match_expr("koffie", SK_MATCH_ALL, small,
					      sizeof(small)),
			 -1);
	assert_int_equal(socialmap_match_expr("ab", SK_MATCH_ALL, small, 5), 1);
	assert_string_equal(small, "\"ab\"");
}

/* Every expression built from hostile or random text is a valid query. */
static void test_match_always_valid(void **state)
{
	struct fixture *f = *state;
	static const char *const hostile[] = {
		"\"", "\"\"", "*", "NEAR(", "NEAR(a b, 3)", "OR", "AND", "NOT",
		"-", "+", "^", ":", "name:", "{name description}: x", "a OR",
		"OR a", "(", ")", "a\"b", "'; DROP TABLE services; --",
		"\xcc\x81", "\xe2\x80\xae", "\xf0\x9f\x98\x80 koffie", "%",
		"\\", "a*b*c", "x\xc0\xafy",
	};
	struct sk_search q;
	struct sk_hit *hits;
	size_t n;
	int64_t total;
	char text[64], m[SK_MATCH_MAX];

	memset(&q, 0, sizeof(q));
	q.municipality = MUNI;
	q.limit = 5;
	q.match = m;
	srand(42);
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]) + 500; i++) {
		const char *t = hostile[i % (sizeof(hostile) / sizeof(hostile[0]))];

		if (i >= sizeof(hostile) / sizeof(hostile[0])) {
			size_t len = (size_t)(rand() % 40);

			for (size_t j = 0; j < len; j++)
				text[j] = (char)(1 + rand() % 255);
			text[len] = '\0';
			t = text;
		}
		for (int mode = 0; mode < 2; mode++) {
			if (socialmap_match_expr(t, (enum sk_match_mode)mode, m,
						 sizeof(m)) <= 0)
				continue;
			assert_int_equal(store_socialmap_search(f->db, &f->ar, &q,
								&hits, &n, &total),
					 ERR_OK);
		}
	}
}

/* --- search ------------------------------------------------------------- */

static size_t search(struct fixture *f, const char *text, const char *area,
		     struct sk_hit **hits, int64_t *total)
{
	static char m[SK_MATCH_MAX];
	struct sk_search q;
	const struct area_node *a = area ? areaidx_find(f->idx, area) : NULL;
	size_t n;

	memset(&q, 0, sizeof(q));
	q.municipality = MUNI;
	q.limit = 50;
	if (text && socialmap_match_expr(text, SK_MATCH_ALL, m, sizeof(m)) > 0)
		q.match = m;
	for (; a; a = a->parent)
		q.chain[a->level] = a->code;
	assert_int_equal(store_socialmap_search(f->db, &f->ar, &q, hits, &n, total),
			 ERR_OK);
	return n;
}

static bool has(const struct sk_hit *h, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(h[i].s.name, name) == 0)
			return true;
	return false;
}

static void test_search_area_chain(void **state)
{
	struct fixture *f = *state;
	struct sk_hit *h;
	int64_t total;
	size_t n = search(f, NULL, "EK02", &h, &total);

	/* EK02 sees its buurt, wijk EK, gebied G26, stadsdeel E, the city;
	 * not Noord, not the defunct one. */
	assert_int_equal(n, 5);
	assert_int_equal(total, 5);
	assert_string_equal(h[0].s.name, "Koffie in de buurt");
	assert_int_equal(h[0].level, AREA_BUURT);
	assert_string_equal(h[1].s.name, "Huiswerkklas");
	assert_int_equal(h[1].level, AREA_WIJK);
	assert_string_equal(h[2].s.name, "Schuldhulp"); /* G26 beats the city */
	assert_int_equal(h[2].level, AREA_GEBIED);
	assert_string_equal(h[3].s.name, "Meldpunt lantaarnpaal");
	assert_int_equal(h[3].level, AREA_STADSDEEL);
	assert_string_equal(h[4].s.name, "Koffie in de stad");
	assert_int_equal(h[4].level, AREA_GEMEENTE);
	assert_string_equal(h[4].s.organisation_name, "Stichting Stad");
	/* The neighbouring buurt misses the buurt service. */
	n = search(f, NULL, "EK01", &h, &total);
	assert_int_equal(n, 4);
	assert_false(has(h, n, "Koffie in de buurt"));
	/* Noord sees its own and the city's (Schuldhulp works in G26 and the
	 * whole city). */
	n = search(f, NULL, "NA01", &h, &total);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].s.name, "Meldpunt Noord");
	assert_true(has(h, n, "Koffie in de stad"));
	assert_true(has(h, n, "Schuldhulp"));
	assert_int_equal(h[2].level, AREA_GEMEENTE);
	/* Without an area: everything public, level -1, by name. */
	n = search(f, NULL, NULL, &h, &total);
	assert_int_equal(n, 6);
	assert_int_equal(h[0].level, -1);
	assert_string_equal(h[0].s.name, "Huiswerkklas");
}

static void test_search_text_and_ranking(void **state)
{
	struct fixture *f = *state;
	struct sk_hit *h;
	int64_t total;
	size_t n;

	/* Stemming: plural and singular. */
	n = search(f, "lantaarnpalen", NULL, &h, &total);
	assert_int_equal(n, 2);
	n = search(f, "lantaarnpalen", "EK02", &h, &total);
	assert_int_equal(n, 1);
	assert_string_equal(h[0].s.name, "Meldpunt lantaarnpaal");
	/* "oudere" finds "ouderen", also through the doelgroep term. */
	n = search(f, "oudere", "EK02", &h, &total);
	assert_int_equal(n, 2);
	/* The same text: the buurt before the city. */
	assert_string_equal(h[0].s.name, "Koffie in de buurt");
	assert_string_equal(h[1].s.name, "Koffie in de stad");
	/* Text relevance first: a name match beats a description match. */
	n = search(f, "schulden", NULL, &h, &total);
	assert_int_equal(n, 1);
	n = search(f, "huiswerk", NULL, &h, &total);
	assert_string_equal(h[0].s.name, "Huiswerkklas");
	/* No match at all. */
	assert_int_equal(search(f, "fietsenstalling", NULL, &h, &total), 0);
	assert_int_equal(total, 0);
}

static void test_search_filters_and_paging(void **state)
{
	struct fixture *f = *state;
	struct sk_search q;
	struct sk_hit *h;
	size_t n;
	int64_t total;

	memset(&q, 0, sizeof(q));
	q.municipality = MUNI;
	q.limit = 50;
	q.doelgroep = term(f, "ouderen");
	assert_int_equal(store_socialmap_search(f->db, &f->ar, &q, &h, &n, &total),
			 ERR_OK);
	assert_int_equal(n, 2);
	q.doelgroep = 0;
	q.thema = term(f, "openbare-ruimte");
	q.lang = "en";
	assert_int_equal(store_socialmap_search(f->db, &f->ar, &q, &h, &n, &total),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(h[0].s.name, "Meldpunt lantaarnpaal");
	q.thema = 0;
	q.lang = NULL;
	q.cost = "eigen bijdrage";
	assert_int_equal(store_socialmap_search(f->db, &f->ar, &q, &h, &n, &total),
			 ERR_OK);
	assert_int_equal(n, 1);
	/* "e" is no language code, and "n%" would be a LIKE pattern. */
	q.cost = NULL;
	q.lang = "n%";
	assert_int_equal(store_socialmap_search(f->db, &f->ar, &q, &h, &n, &total),
			 ERR_INVALID);
	q.lang = "ar";
	assert_int_equal(store_socialmap_search(f->db, &f->ar, &q, &h, &n, &total),
			 ERR_OK);
	assert_int_equal(n, 2);
	/* Paging: 6 public services, 4 per page. */
	q.lang = NULL;
	q.limit = 4;
	q.offset = 4;
	assert_int_equal(store_socialmap_search(f->db, &f->ar, &q, &h, &n, &total),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(total, 6);
	q.limit = 0;
	assert_int_equal(store_socialmap_search(f->db, &f->ar, &q, &h, &n, &total),
			 ERR_INVALID);
}

/* --- who serves an area --------------------------------------------------- */

static void test_serving_by_theme(void **state)
{
	struct fixture *f = *state;
	struct sk_level lv[AREA_LEVELS];

	assert_int_equal(socialmap_serving(f->db, &f->ar, f->idx, MUNI, "EK02",
					   "eenzaamheid", NULL, lv),
			 ERR_OK);
	assert_int_equal(lv[AREA_BUURT].nservices, 1);
	assert_string_equal(lv[AREA_BUURT].area_code, "EK02");
	assert_string_equal(lv[AREA_BUURT].services[0].s.name, "Koffie in de buurt");
	assert_int_equal(lv[AREA_BUURT].norgs, 1);
	assert_string_equal(lv[AREA_BUURT].orgs[0].name, "Buurthuis Ortelius");
	assert_int_equal(lv[AREA_WIJK].nservices, 0);
	assert_int_equal(lv[AREA_GEBIED].nservices, 0);
	assert_int_equal(lv[AREA_STADSDEEL].nservices, 0);
	assert_int_equal(lv[AREA_GEMEENTE].nservices, 1);
	assert_int_equal(lv[AREA_GEMEENTE].orgs[0].id, f->org_city);
	/* A wijk as the area: no buurt level in its chain. */
	assert_int_equal(socialmap_serving(f->db, &f->ar, f->idx, MUNI, "EK",
					   "schulden-en-geld", NULL, lv),
			 ERR_OK);
	assert_null(lv[AREA_BUURT].area_code);
	/* Schuldhulp works in G26 and the city: listed once, at G26. */
	assert_int_equal(lv[AREA_GEBIED].nservices, 1);
	assert_int_equal(lv[AREA_GEMEENTE].nservices, 0);
	assert_int_equal(socialmap_serving(f->db, &f->ar, f->idx, MUNI, "ZZ99",
					   "wonen", NULL, lv),
			 ERR_NOT_FOUND);
	assert_int_equal(socialmap_serving(f->db, &f->ar, f->idx, MUNI, "EK02",
					   "bestaat-niet", NULL, lv),
			 ERR_NOT_FOUND);
	assert_int_equal(socialmap_serving(f->db, &f->ar, f->idx, MUNI, "EK02",
					   NULL, NULL, lv),
			 ERR_INVALID);
}

static void test_serving_by_category(void **state)
{
	struct fixture *f = *state;
	struct sk_level lv[AREA_LEVELS];
	size_t len;

	/* The category-to-theme table is read from the built-in termen.json
	 * (EMBED in the Makefile). */
	if (!socialmap_terms_json(&len)) {
		fprintf(stderr, "%s is not built in: skipped\n", SK_TERMS_FILE);
		skip();
	}

	/* afval/grofvuil is openbare ruimte (termen.json). */
	assert_int_equal(socialmap_serving(f->db, &f->ar, f->idx, MUNI, "EK02",
					   NULL, "afval/grofvuil", lv),
			 ERR_OK);
	assert_int_equal(lv[AREA_STADSDEEL].nservices, 1);
	assert_string_equal(lv[AREA_STADSDEEL].area_code, "E");
	assert_string_equal(lv[AREA_STADSDEEL].services[0].s.name,
			    "Meldpunt lantaarnpaal");
	assert_int_equal(lv[AREA_GEMEENTE].nservices, 0);
	assert_int_equal(socialmap_serving(f->db, &f->ar, f->idx, MUNI, "NA01",
					   NULL, "afval", lv),
			 ERR_OK);
	assert_int_equal(lv[AREA_STADSDEEL].nservices, 1);
	assert_string_equal(lv[AREA_STADSDEEL].orgs[0].name, "Buurtwerk Noord");
	/* A category no theme covers: empty, not an error. */
	assert_int_equal(socialmap_serving(f->db, &f->ar, f->idx, MUNI, "EK02",
					   NULL, "overig/overig", lv),
			 ERR_OK);
	for (int l = 0; l < AREA_LEVELS; l++)
		assert_int_equal(lv[l].nservices, 0);
}

static void test_category_themes(void **state)
{
	struct fixture *f = *state;
	static const char json[] =
		"{\"taxonomies\": [{\"id\": \"" SK_TAXONOMY_THEMA "\", \"terms\": ["
		"{\"code\": \"a\", \"signaalcategorieen\": [\"afval\"]},"
		"{\"code\": \"b\", \"signaalcategorieen\": [\"afval/grofvuil\", 3]},"
		"{\"code\": \"c\", \"signaalcategorieen\": [\"afv\"]}]}]}";
	const char *codes[4];

	assert_int_equal(socialmap_category_themes(&f->ar, json, strlen(json),
						   "afval/grofvuil", codes, 4),
			 2);
	assert_string_equal(codes[0], "a");
	assert_string_equal(codes[1], "b");
	assert_int_equal(socialmap_category_themes(&f->ar, json, strlen(json),
						   "afval", codes, 4),
			 1);
	assert_int_equal(socialmap_category_themes(&f->ar, json, strlen(json),
						   "afvalbak", codes, 4),
			 0);
	assert_int_equal(socialmap_category_themes(&f->ar, "{", 1, "afval", codes, 4),
			 -1);
}

/* --- freshness -------------------------------------------------------- */

static void test_due_and_coordinators(void **state)
{
	struct fixture *f = *state;
	struct sk_due *d;
	char before[32], now[32], **emails;
	size_t n;
	int64_t a, b;

	store_time_ago(before, sizeof(before), 180 * 86400);
	assert_int_equal(store_socialmap_due(f->db, &f->ar, before, &d, &n), ERR_OK);
	assert_int_equal(n, 2); /* 300 and 400 days */
	assert_true(d[0].organisation_id <= d[1].organisation_id);
	store_now(now, sizeof(now));
	assert_int_equal(store_socialmap_mark_reminded(f->db, d[0].service_id, now),
			 ERR_OK);
	assert_int_equal(store_socialmap_due(f->db, &f->ar, before, &d, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_account_create(f->db, "b@example.org", "B", false,
					      false, &b),
			 ERR_OK);
	assert_int_equal(store_account_create(f->db, "a@example.org", "A", false,
					      false, &a),
			 ERR_OK);
	assert_int_equal(store_membership_put(f->db, a, f->org_city, "coordinator"),
			 ERR_OK);
	assert_int_equal(store_membership_put(f->db, b, f->org_city, "coordinator"),
			 ERR_OK);
	assert_int_equal(store_membership_put(f->db, b, f->org_noord, "medewerker"),
			 ERR_OK);
	assert_int_equal(store_socialmap_coordinators(f->db, &f->ar, f->org_city,
						      &emails, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(emails[0], "a@example.org");
	assert_int_equal(store_socialmap_coordinators(f->db, &f->ar, f->org_noord,
						      &emails, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* the builder alone: no database */
		cmocka_unit_test(test_match_words),
		cmocka_unit_test(test_match_hostile),
		T(test_match_always_valid),
		T(test_search_area_chain),
		T(test_search_text_and_ranking),
		T(test_search_filters_and_paging),
		T(test_serving_by_theme),
		T(test_serving_by_category),
		T(test_category_themes),
		T(test_due_and_coordinators),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
