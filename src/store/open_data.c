/* open_data: see open_data.h. */
#include "open_data.h"
#include "store.h"

#include <string.h>

/* The signal's own columns only: never body, lat, lon, token,
 * dedupe_key or resident_key; contact data live in another table.
 * "municipality || ''" keeps SQLite off signals_by_area (municipality,
 * buurt_code, created_at), which it would otherwise choose for the
 * equality and then sort every signal of the city for each page of
 * 1,000 (a download of 1M signals did not end in five minutes); the
 * primary key gives the pages in order. */
static const char sql_signals[] =
	"SELECT s.id, s.created_at, s.closed_at, s.kind, s.category_code,"
	" s.status, s.outcome, s.buurt_code, a.name, s.wijk_code,"
	" s.gebied_code, s.stadsdeel_code, s.is_demo"
	" FROM signals s LEFT JOIN areas a ON a.municipality = s.municipality"
	" AND a.code = s.buurt_code"
	" WHERE s.municipality || '' = $1 AND s.id > $2 AND s.created_at >= $3"
	" AND s.created_at < $4 AND (s.is_demo = 0 OR $5 = 1) AND s.id <= $7"
	" ORDER BY s.id LIMIT $6";

/* The kwesties of the signals of a page: (first, last] by signal id. */
static const char sql_signal_kwesties[] =
	"SELECT signal_id, kwestie_id FROM kwestie_signals"
	" WHERE signal_id > $1 AND signal_id <= $2"
	" ORDER BY signal_id, kwestie_id";

/* The kwestie's public text (written for residents) and its figures;
 * never lat, lon (the first signal's point) or the chain's people. */
static const char sql_kwesties[] =
	"SELECT k.id, k.title, k.description, k.area_code, k.area_level,"
	" a.name, k.buurt_code, b.name, k.wijk_code, k.gebied_code,"
	" k.stadsdeel_code, k.theme, k.category_code, k.topic, k.level,"
	" k.status, k.outcome, k.duplicate_of, k.merged_into, k.forwarded_to,"
	" o.name, k.urgency, k.residents,"
	" (SELECT count(*) FROM kwestie_signals ks WHERE ks.kwestie_id = k.id),"
	" k.created_at, k.closed_at, k.is_demo"
	" FROM kwesties k"
	" LEFT JOIN areas a ON a.municipality = k.municipality"
	" AND a.code = k.area_code"
	" LEFT JOIN areas b ON b.municipality = k.municipality"
	" AND b.code = k.buurt_code"
	" LEFT JOIN kwestie_chain kc ON kc.kwestie_id = k.id"
	" AND kc.role = 'regisseur'"
	" LEFT JOIN organisations o ON o.id = kc.organisation_id"
	" WHERE k.municipality = $1 AND k.id > $2 AND k.created_at >= $3"
	" AND k.created_at < $4 AND (k.is_demo = 0 OR $5 = 1)"
	" ORDER BY k.id LIMIT $6";

static const char sql_population_any[] =
	"UPDATE areas SET population = $1, population_year = $2"
	" WHERE municipality = $3 AND code = $4";
static const char sql_population_level[] =
	"UPDATE areas SET population = $1, population_year = $2"
	" WHERE municipality = $3 AND code = $4 AND level = $5";

/* No bound is a bound past every stored time ("0" sorts before every
 * year, "9" after). */
static void bind_query(struct db_stmt *st, const struct open_data_query *q)
{
	db_bind_text(st, 1, q->municipality);
	db_bind_int(st, 2, q->after);
	db_bind_text(st, 3, q->from && *q->from ? q->from : "0");
	db_bind_text(st, 4, q->to && *q->to ? q->to : "9");
	db_bind_int(st, 5, q->demo ? 1 : 0);
	db_bind_int(st, 6, q->limit);
}

enum err store_open_signal_span(struct db *db, struct open_data_query *q)
{
	int64_t lo, hi;
	enum err e = store_signal_id_span(db, q->from && *q->from ? q->from : "0",
					  q->to && *q->to ? q->to : "9", &lo, &hi);

	if (e != ERR_OK)
		return e;
	if (lo > hi) { /* nothing in the period */
		q->upto = -1;
		return ERR_OK;
	}
	if (lo - 1 > q->after)
		q->after = lo - 1;
	q->upto = hi;
	return ERR_OK;
}

static void read_signal(struct arena *ar, struct db_stmt *st, void *row)
{
	struct open_signal_row *r = row;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, 0);
	r->created_at = db_col_dup(ar, st, 1);
	r->closed_at = db_col_dup(ar, st, 2);
	r->kind = db_col_dup(ar, st, 3);
	r->category_code = db_col_dup(ar, st, 4);
	r->status = db_col_dup(ar, st, 5);
	r->outcome = db_col_dup(ar, st, 6);
	r->buurt_code = db_col_dup(ar, st, 7);
	r->buurt_name = db_col_dup(ar, st, 8);
	r->wijk_code = db_col_dup(ar, st, 9);
	r->gebied_code = db_col_dup(ar, st, 10);
	r->stadsdeel_code = db_col_dup(ar, st, 11);
	r->demo = db_col_int(st, 12) != 0;
}

struct link {
	int64_t signal_id, kwestie_id;
};

static void read_link(struct arena *ar, struct db_stmt *st, void *row)
{
	struct link *l = row;

	(void)ar;
	l->signal_id = db_col_int(st, 0);
	l->kwestie_id = db_col_int(st, 1);
}

/* Both lists are in signal id order: one merge. */
static void attach_links(struct arena *ar, struct open_signal_row *s, size_t n,
			 const struct link *l, size_t nl)
{
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		size_t k;

		while (j < nl && l[j].signal_id < s[i].id)
			j++;
		for (k = j; k < nl && l[k].signal_id == s[i].id; k++)
			;
		if (k == j)
			continue;
		s[i].kwesties = arena_alloc(ar, (k - j) * sizeof(int64_t));
		for (size_t m = j; m < k; m++)
			s[i].kwesties[s[i].nkwesties++] = l[m].kwestie_id;
		j = k;
	}
}

enum err store_open_signals(struct db *db, struct arena *ar,
			    const struct open_data_query *q,
			    struct open_signal_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_signals);
	struct db_rows rows, links;
	enum err e;

	bind_query(st, q);
	db_bind_int(st, 7, q->upto ? q->upto : INT64_MAX);
	e = db_list(db, st, ar, sizeof(**out), read_signal, &rows);
	*out = rows.v;
	*n = e == ERR_OK ? rows.n : 0;
	if (e != ERR_OK || rows.n == 0)
		return e;
	st = db_prepare(db, sql_signal_kwesties);
	db_bind_int(st, 1, q->after);
	db_bind_int(st, 2, (*out)[rows.n - 1].id);
	e = db_list(db, st, ar, sizeof(struct link), read_link, &links);
	if (e == ERR_OK)
		attach_links(ar, *out, rows.n, links.v, links.n);
	return e;
}

static void read_kwestie(struct arena *ar, struct db_stmt *st, void *row)
{
	struct open_kwestie_row *r = row;

	r->id = db_col_int(st, 0);
	r->title = db_col_dup(ar, st, 1);
	r->description = db_col_dup(ar, st, 2);
	r->area_code = db_col_dup(ar, st, 3);
	r->area_level = db_col_dup(ar, st, 4);
	r->area_name = db_col_dup(ar, st, 5);
	r->buurt_code = db_col_dup(ar, st, 6);
	r->buurt_name = db_col_dup(ar, st, 7);
	r->wijk_code = db_col_dup(ar, st, 8);
	r->gebied_code = db_col_dup(ar, st, 9);
	r->stadsdeel_code = db_col_dup(ar, st, 10);
	r->theme = db_col_dup(ar, st, 11);
	r->category_code = db_col_dup(ar, st, 12);
	r->topic = db_col_dup(ar, st, 13);
	r->level = db_col_dup(ar, st, 14);
	r->status = db_col_dup(ar, st, 15);
	r->outcome = db_col_dup(ar, st, 16);
	r->duplicate_of = db_col_id(st, 17);
	r->merged_into = db_col_id(st, 18);
	r->forwarded_to = db_col_dup(ar, st, 19);
	r->regisseur = db_col_dup(ar, st, 20);
	r->urgency = db_col_int(st, 21);
	r->residents = db_col_int(st, 22);
	r->signals = db_col_int(st, 23);
	r->created_at = db_col_dup(ar, st, 24);
	r->closed_at = db_col_dup(ar, st, 25);
	r->demo = db_col_int(st, 26) != 0;
}

enum err store_open_kwesties(struct db *db, struct arena *ar,
			     const struct open_data_query *q,
			     struct open_kwestie_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_kwesties);
	struct db_rows rows;
	enum err e;

	bind_query(st, q);
	e = db_list(db, st, ar, sizeof(**out), read_kwestie, &rows);
	*out = rows.v;
	*n = e == ERR_OK ? rows.n : 0;
	return e;
}

enum err store_area_population(struct db *db, const char *municipality,
			       const char *code, const char *level,
			       int64_t population, int year)
{
	struct db_stmt *st =
		db_prepare(db, level ? sql_population_level : sql_population_any);

	db_bind_int(st, 1, population);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, municipality);
	db_bind_text(st, 4, code);
	if (level)
		db_bind_text(st, 5, level);
	return db_run(db, st, true);
}
