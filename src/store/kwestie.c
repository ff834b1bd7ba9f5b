/* kwestie: see kwestie.h.  The agenda of an area of level L is one
 * indexed range: the open kwesties whose area chain holds the area and
 * whose scale level is L or above (a kwestie's level is never below its
 * area's, so the area's own are among them). */
#include "kwestie.h"

#include <string.h>

/* --- columns --------------------------------------------------------- */

#define KW_COLS                                                               \
	"k.id, k.municipality, k.title, k.description, k.area_code,"          \
	" k.area_level, a.name, k.buurt_code, k.wijk_code, k.gebied_code,"    \
	" k.stadsdeel_code, k.theme, k.category_code, k.topic, k.level,"      \
	" k.level_reason, k.status, k.outcome, k.duplicate_of,"               \
	" k.merged_into, k.forwarded_to, k.park_until, k.park_reason,"        \
	" k.urgency, k.residents, k.version, k.created_at, k.updated_at,"     \
	" k.closed_at,"                                                       \
	" (SELECT o.name FROM kwestie_chain c JOIN organisations o"           \
	"  ON o.id = c.organisation_id WHERE c.kwestie_id = k.id"             \
	"  AND c.role = 'regisseur'),"                                        \
	" k.lat, k.lon,"                                                      \
	" (SELECT COUNT(*) FROM kwestie_signals x WHERE x.kwestie_id = k.id)," \
	" (SELECT COUNT(*) FROM kwestie_supporters x"                         \
	"  WHERE x.kwestie_id = k.id)"
#define KW_JOIN_AREA                                                          \
	" LEFT JOIN areas a ON a.municipality = k.municipality"               \
	" AND a.code = k.area_code"
#define KW_FROM " FROM kwesties k" KW_JOIN_AREA

static void kwestie_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct kwestie_row *r = row;
	int c = 0;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, c++);
	r->municipality = db_col_dup(ar, st, c++);
	r->title = db_col_dup(ar, st, c++);
	r->description = db_col_dup(ar, st, c++);
	r->area_code = db_col_dup(ar, st, c++);
	r->area_level = db_col_dup(ar, st, c++);
	r->area_name = db_col_dup(ar, st, c++);
	r->buurt_code = db_col_dup(ar, st, c++);
	r->wijk_code = db_col_dup(ar, st, c++);
	r->gebied_code = db_col_dup(ar, st, c++);
	r->stadsdeel_code = db_col_dup(ar, st, c++);
	r->theme = db_col_dup(ar, st, c++);
	r->category_code = db_col_dup(ar, st, c++);
	r->topic = db_col_dup(ar, st, c++);
	r->level = db_col_dup(ar, st, c++);
	r->level_reason = db_col_dup(ar, st, c++);
	r->status = db_col_dup(ar, st, c++);
	r->outcome = db_col_dup(ar, st, c++);
	r->duplicate_of = db_col_int(st, c++);
	r->merged_into = db_col_int(st, c++);
	r->forwarded_to = db_col_dup(ar, st, c++);
	r->park_until = db_col_dup(ar, st, c++);
	r->park_reason = db_col_dup(ar, st, c++);
	r->urgency = (int)db_col_int(st, c++);
	r->residents = db_col_int(st, c++);
	r->version = db_col_int(st, c++);
	r->created_at = db_col_dup(ar, st, c++);
	r->updated_at = db_col_dup(ar, st, c++);
	r->closed_at = db_col_dup(ar, st, c++);
	r->regisseur = db_col_dup(ar, st, c++);
	r->has_point = !db_col_null(st, c);
	r->lat = db_col_double(st, c++);
	r->lon = db_col_double(st, c++);
	r->nsignals = db_col_int(st, c++);
	r->nsupporters = db_col_int(st, c++);
}

static enum err list_rows(struct db *db, struct db_stmt *st, struct arena *ar,
			  struct kwestie_row **out, size_t *n)
{
	struct db_rows rows;
	enum err e = db_list(db, st, ar, sizeof(**out), kwestie_read, &rows);

	*out = rows.v;
	*n = rows.n;
	return e;
}

/* --- reads ------------------------------------------------------------ */

static const char sql_get[] = "SELECT " KW_COLS KW_FROM " WHERE k.id = $1";

enum err store_kwestie_get(struct db *db, struct arena *ar, int64_t id,
			   struct kwestie_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_get);

	memset(out, 0, sizeof(*out));
	db_bind_int(st, 1, id);
	return db_get_one(db, st, ar, kwestie_read, out);
}

static const char sql_chain[] =
	"SELECT c.organisation_id, o.name, c.role FROM kwestie_chain c"
	" JOIN organisations o ON o.id = c.organisation_id"
	" WHERE c.kwestie_id = $1 ORDER BY CASE c.role WHEN 'regisseur' THEN 0"
	" WHEN 'uitvoerder' THEN 1 WHEN 'financier' THEN 2 ELSE 3 END, o.name";

static void link_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct kwestie_link_row *r = row;

	r->organisation = db_col_int(st, 0);
	r->name = db_col_dup(ar, st, 1);
	r->role = db_col_dup(ar, st, 2);
}

enum err store_kwestie_chain(struct db *db, struct arena *ar, int64_t id,
			     struct kwestie_link_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_chain);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, id);
	e = db_list(db, st, ar, sizeof(**out), link_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

static const char sql_signals[] =
	"SELECT " SIGNAL_COLS " FROM signals s JOIN kwestie_signals ks"
	" ON ks.signal_id = s.id WHERE ks.kwestie_id = $1 ORDER BY s.id"
	" LIMIT $2";

enum err store_kwestie_signals(struct db *db, struct arena *ar, int64_t id,
			       size_t limit, struct signal_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_signals);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, (int64_t)limit);
	e = db_list(db, st, ar, sizeof(**out), store_signal_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

static const char sql_signal_kwesties[] =
	"SELECT " KW_COLS KW_FROM " JOIN kwestie_signals ks ON ks.kwestie_id = k.id"
	" WHERE ks.signal_id = $1"
	" ORDER BY CASE WHEN k.closed_at IS NULL THEN 0 ELSE 1 END, k.id";

enum err store_signal_kwesties(struct db *db, struct arena *ar,
			       int64_t signal_id, struct kwestie_row **out,
			       size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_signal_kwesties);

	db_bind_int(st, 1, signal_id);
	return list_rows(db, st, ar, out, n);
}

/* The chain, and the organisations that answer for one of its signals
 * (their intake link stands: the first half of signal_access).  Not all
 * of signal_access: that holds the chains of every kwestie of a signal,
 * and the chain of another kwestie is outside this one's. */
static const char sql_orgs[] =
	"SELECT organisation_id FROM kwestie_chain WHERE kwestie_id = $1"
	" UNION SELECT so.organisation_id FROM signal_organisations so"
	" JOIN kwestie_signals ks ON ks.signal_id = so.signal_id"
	" JOIN signal_responsible r ON r.signal_id = so.signal_id"
	" AND r.organisation_id = so.organisation_id"
	" WHERE ks.kwestie_id = $1 ORDER BY 1";

/* Who steers: the chain's regisseur and uitvoerders (the whole chain
 * while it has no regisseur), and the organisations that answer for its
 * signals. */
static const char sql_steering[] =
	"SELECT organisation_id FROM kwestie_chain WHERE kwestie_id = $1"
	" AND (role IN ('regisseur', 'uitvoerder') OR NOT EXISTS (SELECT 1"
	" FROM kwestie_chain c WHERE c.kwestie_id = $1 AND c.role = 'regisseur'))"
	" UNION SELECT so.organisation_id FROM signal_organisations so"
	" JOIN kwestie_signals ks ON ks.signal_id = so.signal_id"
	" JOIN signal_responsible r ON r.signal_id = so.signal_id"
	" AND r.organisation_id = so.organisation_id"
	" WHERE ks.kwestie_id = $1 ORDER BY 1";

enum err store_kwestie_orgs(struct db *db, struct arena *ar, int64_t id,
			    bool steering, int64_t **ids, size_t *n)
{
	struct db_stmt *st = db_prepare(db, steering ? sql_steering : sql_orgs);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, id);
	e = db_list(db, st, ar, sizeof(**ids), db_read_int, &rows);
	*ids = rows.v;
	*n = rows.n;
	return e;
}

/* The kwesties of the account's organisations (or the key's one): in
 * their chain, or behind one of the signals they answer for.  Open ones
 * first, parked ones whose date has not come after them (a parked one
 * whose date has passed is on the list again, before the unpark job has
 * run), closed ones last.
 *
 * The second half says what the first half of the view signal_access
 * says (signal_organisations still backed by signal_responsible; its
 * second half is the chain, the first half here), written out because
 * neither SQLite nor PostgreSQL pushes an organisation into that UNION
 * view: through the view, every signal of the municipality is read.
 * This way both halves are indexed ranges per organisation:
 * kwestie_chain_by_org, and signal_organisations_by_org followed by
 * kwestie_signals_by_signal. */
#define OF_ORGS                                                               \
	" (SELECT m.organisation_id FROM memberships m WHERE m.account_id = $1" \
	" UNION ALL SELECT CAST($2 AS BIGINT))"
static const char sql_of_orgs[] =
	"SELECT " KW_COLS KW_FROM " WHERE k.id IN ("
	" SELECT c.kwestie_id FROM kwestie_chain c WHERE c.organisation_id IN"
	OF_ORGS
	" UNION SELECT ks.kwestie_id FROM signal_organisations so"
	"  JOIN kwestie_signals ks ON ks.signal_id = so.signal_id"
	"  WHERE so.organisation_id IN" OF_ORGS
	"  AND EXISTS (SELECT 1 FROM signal_responsible r"
	"  WHERE r.signal_id = so.signal_id"
	"  AND r.organisation_id = so.organisation_id))"
	" ORDER BY CASE WHEN k.closed_at IS NOT NULL THEN 2"
	" WHEN k.status = 'geparkeerd' AND k.park_until > $3 THEN 1 ELSE 0 END,"
	" k.urgency DESC, k.updated_at DESC, k.id DESC LIMIT $4";

enum err store_kwesties_of_orgs(struct db *db, struct arena *ar,
				int64_t account_id, int64_t key_org,
				const char *today, size_t limit,
				struct kwestie_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_of_orgs);

	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, key_org);
	db_bind_text(st, 3, today);
	db_bind_int(st, 4, (int64_t)limit);
	return list_rows(db, st, ar, out, n);
}

/* The agenda: one statement per level, each one indexed range
 * (migration 010's kwesties_open_*).  Ranked first, read after: the inner
 * SELECT orders the open kwesties of the range by what its index holds
 * (the indexes carry the ranking columns, so no kwestie row is read) and
 * keeps the first $4; only those get the columns of KW_COLS, whose
 * regisseur and counts are a subquery each.  SQLite computes the columns
 * of every row before it sorts, so with the columns in the ranked query
 * a stadsdeel's agenda or the city's ran the three subqueries and read
 * the row for hundreds of kwesties to keep 50 (bench/RESULTS.md). */
#define AGENDA_RANK(limit)                                                    \
	" ORDER BY urgency DESC, residents DESC, updated_at DESC, id DESC"    \
	" LIMIT " limit
#define AGENDA_ORDER                                                          \
	" ORDER BY k.urgency DESC, k.residents DESC, k.updated_at DESC, k.id DESC"
#define AGENDA_TOP(where, limit)                                              \
	"SELECT " KW_COLS " FROM (SELECT id FROM kwesties WHERE " where       \
	" AND closed_at IS NULL" AGENDA_RANK(limit) ") t"                     \
	" JOIN kwesties k ON k.id = t.id" KW_JOIN_AREA AGENDA_ORDER
#define AGENDA_WHERE(col)                                                     \
	AGENDA_TOP("municipality = $1 AND " col " = $2 AND level_rank >= $3", "$4")
static const char sql_agenda_buurt[] = AGENDA_WHERE("buurt_code");
static const char sql_agenda_wijk[] = AGENDA_WHERE("wijk_code");
static const char sql_agenda_gebied[] = AGENDA_WHERE("gebied_code");
static const char sql_agenda_stadsdeel[] = AGENDA_WHERE("stadsdeel_code");
/* The city: every kwestie of the municipality tackled at its level or
 * above ($2 is the municipality's code again). */
static const char sql_agenda_gemeente[] =
	AGENDA_TOP("municipality = $1 AND $2 = $1 AND level_rank >= $3", "$4");

enum err store_agenda(struct db *db, struct arena *ar,
		      const char *municipality, const char *area_code,
		      enum area_level level, size_t limit,
		      struct kwestie_row **out, size_t *n)
{
	static const char *const sql[AREA_LEVELS] = {
		sql_agenda_buurt, sql_agenda_wijk, sql_agenda_gebied,
		sql_agenda_stadsdeel, sql_agenda_gemeente};
	struct db_stmt *st;

	if ((int)level < 0 || level >= AREA_LEVELS)
		return ERR_INVALID;
	st = db_prepare(db, sql[level]);
	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, area_code);
	db_bind_int(st, 3, (int64_t)kw_level_of_area(level));
	db_bind_int(st, 4, (int64_t)limit);
	return list_rows(db, st, ar, out, n);
}

static const char sql_agenda_above[] = AGENDA_TOP(
	"municipality = $1 AND area_code IN ($2, $3, $4, $5)", "$6");

enum err store_agenda_above(struct db *db, struct arena *ar,
			    const char *municipality, const char *const *codes,
			    size_t ncodes, size_t limit,
			    struct kwestie_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_agenda_above);

	db_bind_text(st, 1, municipality);
	for (size_t i = 0; i < 4; i++)
		db_bind_text(st, 2 + (int)i, i < ncodes ? codes[i] : NULL);
	db_bind_int(st, 6, (int64_t)limit);
	return list_rows(db, st, ar, out, n);
}

#define TOPICS_TAIL                                                           \
	" AND open > 0 GROUP BY topic HAVING COUNT(*) >= $3"                  \
	" ORDER BY COUNT(*) DESC, topic LIMIT $4"
#define TOPICS_WHERE(col)                                                     \
	"SELECT topic, COUNT(*) FROM kwestie_topics WHERE municipality = $1"  \
	" AND " col " = $2" TOPICS_TAIL
static const char sql_topics_wijk[] = TOPICS_WHERE("wijk_code");
static const char sql_topics_gebied[] = TOPICS_WHERE("gebied_code");
static const char sql_topics_stadsdeel[] = TOPICS_WHERE("stadsdeel_code");
static const char sql_topics_gemeente[] =
	"SELECT topic, COUNT(*) FROM kwestie_topics WHERE municipality = $1"
	" AND $2 = $1" TOPICS_TAIL;

static void topic_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct kwestie_topic_row *r = row;

	r->topic = db_col_dup(ar, st, 0);
	r->buurten = db_col_int(st, 1);
}

enum err store_agenda_topics(struct db *db, struct arena *ar,
			     const char *municipality, const char *area_code,
			     enum area_level level, int64_t min_buurten,
			     size_t limit, struct kwestie_topic_row **out,
			     size_t *n)
{
	static const char *const sql[AREA_LEVELS] = {
		NULL, sql_topics_wijk, sql_topics_gebied, sql_topics_stadsdeel,
		sql_topics_gemeente};
	struct db_stmt *st;
	struct db_rows rows;
	enum err e;

	*out = NULL;
	*n = 0;
	if ((int)level <= 0 || level >= AREA_LEVELS)
		return ERR_OK; /* a buurt has no buurten inside it */
	st = db_prepare(db, sql[level]);
	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, area_code);
	db_bind_int(st, 3, min_buurten);
	db_bind_int(st, 4, (int64_t)limit);
	e = db_list(db, st, ar, sizeof(**out), topic_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

static const char sql_candidates[] =
	"SELECT " KW_COLS KW_FROM " WHERE k.municipality = $1"
	" AND k.closed_at IS NULL AND (k.buurt_code = $2 OR (k.lat BETWEEN $3"
	" AND $4 AND k.lon BETWEEN $5 AND $6))"
	" ORDER BY k.residents DESC, k.id DESC LIMIT $7";

enum err store_kwestie_candidates(struct db *db, struct arena *ar,
				  const char *municipality, const char *buurt,
				  bool has_point, double lat, double lon,
				  double dlat, double dlon, size_t limit,
				  struct kwestie_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_candidates);

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, buurt);
	if (has_point) {
		db_bind_double(st, 3, lat - dlat);
		db_bind_double(st, 4, lat + dlat);
		db_bind_double(st, 5, lon - dlon);
		db_bind_double(st, 6, lon + dlon);
	} else {
		for (int i = 3; i <= 6; i++)
			db_bind_null(st, i);
	}
	db_bind_int(st, 7, (int64_t)limit);
	return list_rows(db, st, ar, out, n);
}

/* The organisations of the account ($1) by membership, or the key's ($2). */
#define ACTOR_ORGS(col)                                                       \
	" (" col " = $2 OR " col " IN (SELECT m.organisation_id"             \
	" FROM memberships m WHERE m.account_id = $1))"
/* Triage walks the short list of open signals in no kwestie (status
 * 'gemeld': index signals_triage, migration 010) oldest first and checks
 * each one's access by key.  Of signal_access only its first half counts
 * here, written out: the intake's links that its signal_responsible
 * still backs (the chain half is about signals in kwesties, which triage
 * leaves out).  Asked as "s.id IN (SELECT signal_id FROM signal_access
 * WHERE organisation ...)", both backends first listed every signal the
 * organisation may see (all of a stadsdeel's, all of the city's for the
 * gemeente): a page took 0.25 s on SQLite and 2.6 s on PostgreSQL with
 * 1M signals (bench/RESULTS.md).  CROSS JOIN keeps SQLite's join order: the
 * signal's own links first, then the view by key; left to itself it tried
 * every organisation of the municipality for every signal. */
static const char sql_triage[] =
	"SELECT " SIGNAL_COLS " FROM signals s WHERE s.id > $3"
	" AND s.status = 'gemeld' AND s.closed_at IS NULL"
	" AND NOT EXISTS (SELECT 1 FROM kwestie_signals ks"
	"  WHERE ks.signal_id = s.id)"
	" AND EXISTS (SELECT 1 FROM signal_organisations so"
	"  CROSS JOIN signal_responsible r WHERE so.signal_id = s.id"
	"  AND r.signal_id = so.signal_id"
	"  AND r.organisation_id = so.organisation_id"
	"  AND" ACTOR_ORGS("so.organisation_id") ")"
	" AND NOT EXISTS (SELECT 1 FROM signal_declines d"
	"  WHERE d.signal_id = s.id AND" ACTOR_ORGS("d.organisation_id") ")"
	" AND (CAST($4 AS TEXT) IS NULL OR $4 IN (s.buurt_code, s.wijk_code,"
	"  s.gebied_code, s.stadsdeel_code, s.municipality))"
	" AND (CAST($5 AS TEXT) IS NULL OR s.kind = $5)"
	" AND (CAST($6 AS TEXT) IS NULL OR s.category_code = $6"
	"  OR s.category_code LIKE $7)"
	" ORDER BY s.id LIMIT $8";

enum err store_triage(struct db *db, struct arena *ar, int64_t account_id,
		      int64_t key_org, const struct triage_filter *f,
		      struct signal_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_triage);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, key_org);
	db_bind_int(st, 3, f->after);
	db_bind_text(st, 4, f->area);
	db_bind_text(st, 5, f->kind);
	db_bind_text(st, 6, f->category);
	db_bind_text(st, 7, f->category ? arena_printf(ar, "%s/%%", f->category)
					: NULL);
	db_bind_int(st, 8, (int64_t)f->limit);
	e = db_list(db, st, ar, sizeof(**out), store_signal_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

static const char sql_signal_open[] =
	"SELECT " SIGNAL_COLS ", s.closed_at, (SELECT COUNT(*) FROM"
	" kwestie_signals ks WHERE ks.signal_id = s.id)"
	" FROM signals s WHERE s.id = $1";

struct signal_open {
	struct signal_row s;
	char *closed_at;
	int64_t nkwesties;
};

static void signal_open_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct signal_open *r = row;

	store_signal_read(ar, st, &r->s);
	r->closed_at = db_col_dup(ar, st, NSIGNAL_COLS);
	r->nkwesties = db_col_int(st, NSIGNAL_COLS + 1);
}

enum err store_signal_by_id_open(struct db *db, struct arena *ar, int64_t id,
				 struct signal_row *out, bool *in_kwestie,
				 char **closed_at)
{
	struct db_stmt *st = db_prepare(db, sql_signal_open);
	struct signal_open r;
	enum err e;

	memset(&r, 0, sizeof(r));
	db_bind_int(st, 1, id);
	e = db_get_one(db, st, ar, signal_open_read, &r);
	*out = r.s;
	*in_kwestie = r.nkwesties > 0;
	*closed_at = r.closed_at;
	return e;
}

/* --- writes ----------------------------------------------------------- */

static const char sql_insert[] =
	"INSERT INTO kwesties (municipality, title, description, area_code,"
	" area_level, buurt_code, wijk_code, gebied_code, stadsdeel_code,"
	" lat, lon, theme, category_code, topic, level, level_rank,"
	" level_reason, status, urgency, created_at, updated_at, is_demo)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
	" $15, $16, $17, $18, $19, $20, $20, $21) RETURNING id";

enum err store_kwestie_insert(struct db *db, const struct kwestie_new *k,
			      const char *now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_insert);

	db_bind_text(st, 1, k->municipality);
	db_bind_text(st, 2, k->title);
	db_bind_text(st, 3, k->description);
	db_bind_text(st, 4, k->area_code);
	db_bind_text(st, 5, k->area_level);
	for (int i = 0; i < 4; i++)
		db_bind_text(st, 6 + i, k->chain_codes[i]);
	if (k->has_point) {
		db_bind_double(st, 10, k->lat);
		db_bind_double(st, 11, k->lon);
	} else {
		db_bind_null(st, 10);
		db_bind_null(st, 11);
	}
	db_bind_text(st, 12, k->theme);
	db_bind_text(st, 13, k->category_code);
	db_bind_text(st, 14, k->topic);
	db_bind_text(st, 15, kw_levels[k->level].value);
	db_bind_int(st, 16, k->level);
	db_bind_text(st, 17, k->level_reason);
	db_bind_text(st, 18, kw_statuses[k->status].value);
	db_bind_int(st, 19, k->urgency);
	db_bind_text(st, 20, now);
	db_bind_int(st, 21, k->demo ? 1 : 0);
	return db_run_returning(db, st, id);
}

static const char sql_update[] =
	"UPDATE kwesties SET title = $3, description = $4, level = $5,"
	" level_rank = $6, level_reason = $7, status = $8, outcome = $9,"
	" duplicate_of = $10, forwarded_to = $11, park_until = $12,"
	" park_reason = $13, urgency = $14, updated_at = $15,"
	" closed_at = CASE WHEN $8 = 'afgerond' THEN COALESCE(closed_at, $15)"
	" ELSE NULL END, version = version + 1"
	" WHERE id = $1 AND version = $2 AND merged_into IS NULL";

enum err store_kwestie_update(struct db *db, int64_t id,
			      const struct kw_state *s, int64_t expected_version,
			      const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_update);
	enum err e;

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, expected_version);
	db_bind_text(st, 3, s->title);
	db_bind_text(st, 4, s->description);
	db_bind_text(st, 5, kw_levels[s->level].value);
	db_bind_int(st, 6, s->level);
	db_bind_text(st, 7, s->level_reason);
	db_bind_text(st, 8, kw_statuses[s->status].value);
	db_bind_text(st, 9, s->outcome ? kw_outcomes[s->outcome].value : NULL);
	db_bind_id(st, 10, s->duplicate_of);
	db_bind_text(st, 11, s->forwarded_to);
	db_bind_text(st, 12, s->park_until);
	db_bind_text(st, 13, s->park_reason);
	db_bind_int(st, 14, s->urgency);
	db_bind_text(st, 15, now);
	e = db_run(db, st, true);
	return e == ERR_NOT_FOUND ? ERR_CONFLICT : e;
}

static const char sql_touch[] =
	"UPDATE kwesties SET version = version + 1, updated_at = $3"
	" WHERE id = $1 AND ($2 = 0 OR version = $2) AND merged_into IS NULL";

enum err store_kwestie_touch(struct db *db, int64_t id,
			     int64_t expected_version, const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_touch);
	enum err e;

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, expected_version);
	db_bind_text(st, 3, now);
	e = db_run(db, st, true);
	return e == ERR_NOT_FOUND ? ERR_CONFLICT : e;
}

static const char sql_chain_clear[] =
	"DELETE FROM kwestie_chain WHERE kwestie_id = $1";
static const char sql_chain_add[] =
	"INSERT INTO kwestie_chain (kwestie_id, organisation_id, role)"
	" VALUES ($1, $2, $3)";

enum err store_kwestie_chain_add(struct db *db, int64_t id,
				 const struct kw_link *c, size_t n)
{
	enum err e = ERR_OK;

	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		struct db_stmt *st = db_prepare(db, sql_chain_add);

		db_bind_int(st, 1, id);
		db_bind_int(st, 2, c[i].organisation);
		db_bind_text(st, 3, kw_roles[c[i].role].value);
		e = db_run(db, st, false);
	}
	return e;
}

enum err store_kwestie_chain_set(struct db *db, int64_t id,
				 const struct kw_link *c, size_t n,
				 int64_t expected_version, const char *now)
{
	struct db_stmt *st;
	enum err e = store_kwestie_touch(db, id, expected_version, now);

	if (e != ERR_OK)
		return e;
	st = db_prepare(db, sql_chain_clear);
	db_bind_int(st, 1, id);
	if ((e = db_run(db, st, false)) != ERR_OK)
		return e;
	return store_kwestie_chain_add(db, id, c, n);
}

static const char sql_regisseurs[] =
	"SELECT COUNT(*) FROM kwestie_chain WHERE kwestie_id = $1"
	" AND role = 'regisseur'";

enum err store_kwestie_regisseurs(struct db *db, int64_t id, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_regisseurs);

	*n = 0;
	db_bind_int(st, 1, id);
	return db_get_one(db, st, NULL, db_read_int, n);
}

static const char sql_link[] =
	"INSERT INTO kwestie_signals (kwestie_id, signal_id, linked_at)"
	" VALUES ($1, $2, $3) ON CONFLICT (kwestie_id, signal_id) DO NOTHING";

enum err store_kwestie_link_signal(struct db *db, int64_t id,
				   int64_t signal_id, const char *now,
				   bool *added)
{
	struct db_stmt *st = db_prepare(db, sql_link);
	enum err e;

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, signal_id);
	db_bind_text(st, 3, now);
	e = db_run(db, st, false);
	*added = e == ERR_OK && db_changes(db) > 0;
	return e;
}

static const char sql_unlink[] =
	"DELETE FROM kwestie_signals WHERE kwestie_id = $1 AND signal_id = $2";
/* A signal left in no kwestie is reported again, and open. */
static const char sql_signal_reset[] =
	"UPDATE signals SET status = 'gemeld', closed_at = NULL, outcome = NULL"
	" WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM kwestie_signals ks"
	" WHERE ks.signal_id = signals.id)";

enum err store_kwestie_unlink_signal(struct db *db, int64_t id,
				     int64_t signal_id)
{
	struct db_stmt *st = db_prepare(db, sql_unlink);
	enum err e;

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, signal_id);
	if ((e = db_run(db, st, true)) != ERR_OK)
		return e;
	st = db_prepare(db, sql_signal_reset);
	db_bind_int(st, 1, signal_id);
	return db_run(db, st, false);
}

static const char sql_recount[] =
	"UPDATE kwesties SET residents ="
	" (SELECT COUNT(*) FROM kwestie_signals WHERE kwestie_id = $1) +"
	" (SELECT COUNT(*) FROM kwestie_supporters WHERE kwestie_id = $1)"
	" WHERE id = $1";
/* A signal's status is its first open kwestie's; closed (with the outcome
 * of the kwestie closed last) when all its kwesties are. */
static const char sql_follow[] =
	"UPDATE signals SET"
	" status = COALESCE((SELECT k.status FROM kwestie_signals ks"
	"  JOIN kwesties k ON k.id = ks.kwestie_id WHERE ks.signal_id = signals.id"
	"  AND k.closed_at IS NULL ORDER BY k.id LIMIT 1), 'afgerond'),"
	" closed_at = CASE WHEN EXISTS (SELECT 1 FROM kwestie_signals ks"
	"  JOIN kwesties k ON k.id = ks.kwestie_id WHERE ks.signal_id = signals.id"
	"  AND k.closed_at IS NULL) THEN NULL ELSE COALESCE(signals.closed_at, $2)"
	"  END,"
	" outcome = CASE WHEN EXISTS (SELECT 1 FROM kwestie_signals ks"
	"  JOIN kwesties k ON k.id = ks.kwestie_id WHERE ks.signal_id = signals.id"
	"  AND k.closed_at IS NULL) THEN NULL ELSE (SELECT k.outcome FROM"
	"  kwestie_signals ks JOIN kwesties k ON k.id = ks.kwestie_id"
	"  WHERE ks.signal_id = signals.id ORDER BY k.closed_at DESC, k.id DESC"
	"  LIMIT 1) END"
	" WHERE id IN (SELECT signal_id FROM kwestie_signals WHERE kwestie_id = $1)";
static const char sql_topic_count[] =
	"INSERT INTO kwestie_topics (municipality, topic, buurt_code, wijk_code,"
	" gebied_code, stadsdeel_code, open)"
	" SELECT k.municipality, k.topic, k.buurt_code, k.wijk_code,"
	" k.gebied_code, k.stadsdeel_code, (SELECT COUNT(*) FROM kwesties x"
	"  WHERE x.municipality = k.municipality AND x.buurt_code = k.buurt_code"
	"  AND x.topic = k.topic AND x.closed_at IS NULL)"
	" FROM kwesties k WHERE k.id = $1 AND k.buurt_code IS NOT NULL"
	" ON CONFLICT (municipality, buurt_code, topic)"
	" DO UPDATE SET open = excluded.open";

static enum err run_id(struct db *db, const char *sql, int64_t id,
		       const char *text)
{
	struct db_stmt *st = db_prepare(db, sql);

	db_bind_int(st, 1, id);
	if (text)
		db_bind_text(st, 2, text);
	return db_run(db, st, false);
}

enum err store_kwestie_settle(struct db *db, int64_t id, const char *now)
{
	enum err e = run_id(db, sql_recount, id, NULL);

	if (e == ERR_OK)
		e = run_id(db, sql_follow, id, now);
	if (e == ERR_OK)
		e = run_id(db, sql_topic_count, id, NULL);
	return e;
}

static const char sql_event[] =
	"INSERT INTO timeline (kwestie_id, at, actor, kind, from_value,"
	" to_value, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)";

enum err store_kwestie_event(struct db *db, int64_t id, const char *now,
			     const char *actor, const char *what,
			     const char *from, const char *to,
			     const char *reason)
{
	struct db_stmt *st = db_prepare(db, sql_event);

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, actor);
	db_bind_text(st, 4, what);
	db_bind_text(st, 5, from);
	db_bind_text(st, 6, to);
	db_bind_text(st, 7, reason);
	return db_run(db, st, false);
}

static const char *const sql_merge[] = {
	"INSERT INTO kwestie_signals (kwestie_id, signal_id, linked_at)"
	" SELECT $2, signal_id, linked_at FROM kwestie_signals"
	" WHERE kwestie_id = $1 ON CONFLICT (kwestie_id, signal_id) DO NOTHING",
	"DELETE FROM kwestie_signals WHERE kwestie_id = $1 AND $2 > 0",
	"INSERT INTO kwestie_supporters (kwestie_id, supporter_key, created_at)"
	" SELECT $2, supporter_key, created_at FROM kwestie_supporters"
	" WHERE kwestie_id = $1"
	" ON CONFLICT (kwestie_id, supporter_key) DO NOTHING",
	"DELETE FROM kwestie_supporters WHERE kwestie_id = $1 AND $2 > 0",
	"UPDATE followers SET kwestie_id = $2 WHERE kwestie_id = $1"
	" AND email NOT IN (SELECT f.email FROM followers f"
	" WHERE f.kwestie_id = $2)",
	"DELETE FROM followers WHERE kwestie_id = $1 AND $2 > 0",
};
static const char sql_mark_merged[] =
	"UPDATE kwesties SET status = 'afgerond', outcome = 'dubbel',"
	" duplicate_of = $2, merged_into = $2, forwarded_to = NULL,"
	" park_until = NULL, park_reason = NULL,"
	" closed_at = COALESCE(closed_at, $4), updated_at = $4,"
	" version = version + 1"
	" WHERE id = $1 AND version = $3 AND merged_into IS NULL";

enum err store_kwestie_merge(struct db *db, int64_t from, int64_t into,
			     int64_t expected_version, const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_mark_merged);
	enum err e;

	db_bind_int(st, 1, from);
	db_bind_int(st, 2, into);
	db_bind_int(st, 3, expected_version);
	db_bind_text(st, 4, now);
	if ((e = db_run(db, st, true)) != ERR_OK)
		return e == ERR_NOT_FOUND ? ERR_CONFLICT : e;
	for (size_t i = 0; i < sizeof(sql_merge) / sizeof(sql_merge[0]); i++) {
		st = db_prepare(db, sql_merge[i]);
		db_bind_int(st, 1, from);
		db_bind_int(st, 2, into);
		if ((e = db_run(db, st, false)) != ERR_OK)
			return e;
	}
	return ERR_OK;
}

static const char sql_support[] =
	"INSERT INTO kwestie_supporters (kwestie_id, supporter_key, created_at)"
	" VALUES ($1, $2, $3) ON CONFLICT (kwestie_id, supporter_key) DO NOTHING";

enum err store_kwestie_support(struct db *db, int64_t id, const char *key,
			       const char *now, bool *added)
{
	struct db_stmt *st = db_prepare(db, sql_support);
	enum err e;

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, now);
	e = db_run(db, st, false);
	*added = e == ERR_OK && db_changes(db) > 0;
	return e;
}

static const char sql_decline[] =
	"INSERT INTO signal_declines (signal_id, organisation_id, reason, at)"
	" VALUES ($1, $2, $3, $4)"
	" ON CONFLICT (signal_id, organisation_id) DO NOTHING";

enum err store_signal_decline(struct db *db, int64_t signal_id, int64_t org,
			      const char *reason, const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_decline);
	enum err e;

	db_bind_int(st, 1, signal_id);
	db_bind_int(st, 2, org);
	db_bind_text(st, 3, reason);
	db_bind_text(st, 4, now);
	e = db_run(db, st, false);
	if (e == ERR_OK && db_changes(db) == 0)
		return ERR_CONFLICT;
	return e;
}

static const char sql_declines[] =
	"SELECT d.organisation_id, o.name, d.reason, d.at FROM signal_declines d"
	" JOIN organisations o ON o.id = d.organisation_id"
	" WHERE d.signal_id = $1 ORDER BY d.at, d.organisation_id";

static void decline_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct signal_decline_row *r = row;

	r->organisation = db_col_int(st, 0);
	r->name = db_col_dup(ar, st, 1);
	r->reason = db_col_dup(ar, st, 2);
	r->at = db_col_dup(ar, st, 3);
}

enum err store_signal_declines(struct db *db, struct arena *ar,
			       int64_t signal_id,
			       struct signal_decline_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_declines);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, signal_id);
	e = db_list(db, st, ar, sizeof(**out), decline_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

static const char sql_set_category[] =
	"UPDATE signals SET category_code = $2 WHERE id = $1";

enum err store_signal_set_category(struct db *db, int64_t signal_id,
				   const char *category)
{
	struct db_stmt *st = db_prepare(db, sql_set_category);
	enum err e;

	db_bind_int(st, 1, signal_id);
	db_bind_text(st, 2, category);
	if ((e = db_run(db, st, true)) != ERR_OK)
		return e;
	/* the rules of the new category may bring other organisations */
	return store_signal_link_orgs(db, signal_id);
}

static const char sql_close[] =
	"UPDATE signals SET status = 'afgerond', outcome = $2, closed_at = $3"
	" WHERE id = $1 AND closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM"
	" kwestie_signals ks WHERE ks.signal_id = signals.id)";

enum err store_signal_close(struct db *db, int64_t signal_id,
			    const char *outcome, const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_close);
	enum err e;

	db_bind_int(st, 1, signal_id);
	db_bind_text(st, 2, outcome);
	db_bind_text(st, 3, now);
	e = db_run(db, st, true);
	return e == ERR_NOT_FOUND ? ERR_CONFLICT : e;
}

static const char sql_unpark_history[] =
	"INSERT INTO timeline (kwestie_id, at, actor, kind, from_value,"
	" to_value, reason) SELECT id, $2, 'wijkagenda', 'status', 'geparkeerd',"
	" 'opgepakt', park_reason FROM kwesties WHERE status = 'geparkeerd'"
	" AND park_until <= $1";
static const char sql_unpark[] =
	"UPDATE kwesties SET status = 'opgepakt', park_until = NULL,"
	" park_reason = NULL, version = version + 1, updated_at = $2"
	" WHERE status = 'geparkeerd' AND park_until <= $1 RETURNING id";

enum err store_kwestie_unpark(struct db *db, struct arena *ar,
			      const char *today, const char *now,
			      int64_t **ids, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_unpark_history);
	struct db_rows rows = {NULL, 0};
	enum err e;

	db_bind_text(st, 1, today);
	db_bind_text(st, 2, now);
	e = db_run(db, st, false);
	if (e == ERR_OK) {
		st = db_prepare(db, sql_unpark);
		db_bind_text(st, 1, today);
		db_bind_text(st, 2, now);
		e = db_list(db, st, ar, sizeof(**ids), db_read_int, &rows);
	}
	*ids = rows.v;
	*n = rows.n;
	return e;
}

/* A theme of the social map: a term of the taxonomy named Thema. */
static const char sql_theme_name[] =
	"SELECT t.name FROM taxonomy_terms t JOIN taxonomies x"
	" ON x.id = t.taxonomy_id WHERE t.code = $1 AND lower(x.name) = 'thema'"
	" ORDER BY t.id LIMIT 1";

enum err store_theme_name(struct db *db, struct arena *ar, const char *code,
			  char **name)
{
	struct db_stmt *st = db_prepare(db, sql_theme_name);

	*name = NULL;
	db_bind_text(st, 1, code);
	return db_get_one(db, st, ar, db_read_text, name);
}
