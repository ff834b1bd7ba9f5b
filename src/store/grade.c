/* grade: see grade.h.  SPDX-License-Identifier: EUPL-1.2
 *
 * The subject is matched as coalesce(kwestie_id, 0), coalesce(signal_id,
 * 0): the expressions of the unique index grades_once, so the lookup is
 * that index.  store_grade_put reads before it writes rather than using
 * an upsert on the expression index (which the two dialects spell
 * differently); inside the caller's write transaction that is safe (one
 * writer on SQLite, serializable on PostgreSQL, and the index refuses a
 * second row either way). */
#include "grade.h"

#define GRADE_COLS                                                             \
	"id, municipality, kwestie_id, signal_id, person_key, grade, solved,"  \
	" comment, buurt_code, wijk_code, gebied_code, stadsdeel_code, topic," \
	" organisation_id, created_at, updated_at, is_demo FROM grades"

#define SUBJECT_IS                                                             \
	" coalesce(kwestie_id, 0) = $1 AND coalesce(signal_id, 0) = $2"

static const char sql_find[] =
	"SELECT id FROM grades WHERE" SUBJECT_IS " AND person_key = $3";
static const char sql_insert[] =
	"INSERT INTO grades (municipality, kwestie_id, signal_id, person_key,"
	" grade, solved, comment, buurt_code, wijk_code, gebied_code,"
	" stadsdeel_code, topic, organisation_id, created_at, updated_at,"
	" is_demo) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
	" $13, $14, $15, $16) RETURNING id";
static const char sql_update[] =
	"UPDATE grades SET grade = $2, solved = $3, comment = $4,"
	" updated_at = $5 WHERE id = $1";
static const char sql_get[] =
	"SELECT " GRADE_COLS " WHERE" SUBJECT_IS " AND person_key = $3";
static const char sql_subject[] =
	"SELECT " GRADE_COLS " WHERE" SUBJECT_IS
	" ORDER BY updated_at DESC, id DESC LIMIT $3";

static void subject_bind(struct db_stmt *st, int64_t kwestie_id,
			 int64_t signal_id)
{
	db_bind_int(st, 1, kwestie_id);
	db_bind_int(st, 2, signal_id);
}

static enum err find(struct db *db, const struct grade_row *g, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_find);

	subject_bind(st, g->kwestie_id, g->signal_id);
	db_bind_text(st, 3, g->person_key);
	return db_get_one(db, st, NULL, db_read_int, id);
}

static enum err insert(struct db *db, const struct grade_row *g, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_insert);

	db_bind_text(st, 1, g->municipality);
	db_bind_id(st, 2, g->kwestie_id);
	db_bind_id(st, 3, g->signal_id);
	db_bind_text(st, 4, g->person_key);
	db_bind_int(st, 5, g->grade);
	db_bind_text(st, 6, g->solved);
	db_bind_text(st, 7, g->comment);
	db_bind_text(st, 8, g->buurt_code);
	db_bind_text(st, 9, g->wijk_code);
	db_bind_text(st, 10, g->gebied_code);
	db_bind_text(st, 11, g->stadsdeel_code);
	db_bind_text(st, 12, g->topic);
	db_bind_id(st, 13, g->organisation_id);
	db_bind_text(st, 14, g->created_at);
	db_bind_text(st, 15, g->updated_at ? g->updated_at : g->created_at);
	db_bind_int(st, 16, g->demo ? 1 : 0);
	return db_run_returning(db, st, id);
}

static enum err update(struct db *db, const struct grade_row *g, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql_update);

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, g->grade);
	db_bind_text(st, 3, g->solved);
	db_bind_text(st, 4, g->comment);
	db_bind_text(st, 5, g->updated_at ? g->updated_at : g->created_at);
	return db_run(db, st, true);
}

enum err store_grade_put(struct db *db, const struct grade_row *g,
			 int64_t *id, bool *replaced)
{
	enum err e = find(db, g, id);

	*replaced = e == ERR_OK;
	if (e == ERR_OK)
		return update(db, g, *id);
	if (e != ERR_NOT_FOUND)
		return e;
	return insert(db, g, id);
}

static void row_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct grade_row *r = row;

	r->id = db_col_int(st, 0);
	r->municipality = db_col_dup(ar, st, 1);
	r->kwestie_id = db_col_id(st, 2);
	r->signal_id = db_col_id(st, 3);
	r->person_key = db_col_dup(ar, st, 4);
	r->grade = (int)db_col_int(st, 5);
	r->solved = db_col_dup(ar, st, 6);
	r->comment = db_col_dup(ar, st, 7);
	r->buurt_code = db_col_dup(ar, st, 8);
	r->wijk_code = db_col_dup(ar, st, 9);
	r->gebied_code = db_col_dup(ar, st, 10);
	r->stadsdeel_code = db_col_dup(ar, st, 11);
	r->topic = db_col_dup(ar, st, 12);
	r->organisation_id = db_col_id(st, 13);
	r->created_at = db_col_dup(ar, st, 14);
	r->updated_at = db_col_dup(ar, st, 15);
	r->demo = db_col_int(st, 16) != 0;
}

enum err store_grade_get(struct db *db, struct arena *ar, int64_t kwestie_id,
			 int64_t signal_id, const char *person_key,
			 struct grade_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_get);

	subject_bind(st, kwestie_id, signal_id);
	db_bind_text(st, 3, person_key);
	return db_get_one(db, st, ar, row_read, out);
}

enum err store_grades_subject(struct db *db, struct arena *ar,
			      int64_t kwestie_id, int64_t signal_id,
			      struct grade_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_subject);
	struct db_rows rows;
	enum err e;

	subject_bind(st, kwestie_id, signal_id);
	db_bind_int(st, 3, GRADE_LIST_MAX);
	e = db_list(db, st, ar, sizeof(**out), row_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

/* --- invitations -------------------------------------------------------- */

static const char sql_invite_add[] =
	"INSERT INTO grade_invites (token_hash, municipality, kwestie_id,"
	" signal_id, person_key, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
static const char sql_invite_get[] =
	"SELECT token_hash, municipality, person_key, created_at, kwestie_id,"
	" signal_id FROM grade_invites WHERE token_hash = $1";
static const char sql_invited[] =
	"SELECT count(*) FROM grade_invites WHERE"
	" coalesce(kwestie_id, 0) = $1 AND coalesce(signal_id, 0) = $2"
	" AND person_key = $3";

enum err store_grade_invite_add(struct db *db,
				const struct grade_invite_row *inv)
{
	struct db_stmt *st = db_prepare(db, sql_invite_add);

	db_bind_text(st, 1, inv->token_hash);
	db_bind_text(st, 2, inv->municipality);
	db_bind_id(st, 3, inv->kwestie_id);
	db_bind_id(st, 4, inv->signal_id);
	db_bind_text(st, 5, inv->person_key);
	db_bind_text(st, 6, inv->created_at);
	return db_run(db, st, false);
}

static void invite_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct grade_invite_row *r = row;

	r->token_hash = db_col_dup(ar, st, 0);
	r->municipality = db_col_dup(ar, st, 1);
	r->person_key = db_col_dup(ar, st, 2);
	r->created_at = db_col_dup(ar, st, 3);
	r->kwestie_id = db_col_id(st, 4);
	r->signal_id = db_col_id(st, 5);
}

enum err store_grade_invite_get(struct db *db, struct arena *ar,
				const char *token_hash,
				struct grade_invite_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_invite_get);

	db_bind_text(st, 1, token_hash);
	return db_get_one(db, st, ar, invite_read, out);
}

enum err store_grade_invited(struct db *db, int64_t kwestie_id,
			     int64_t signal_id, const char *person_key,
			     bool *invited)
{
	struct db_stmt *st = db_prepare(db, sql_invited);
	int64_t n = 0;
	enum err e;

	subject_bind(st, kwestie_id, signal_id);
	db_bind_text(st, 3, person_key);
	e = db_get_one(db, st, NULL, db_read_int, &n);
	*invited = n > 0;
	return e;
}

/* --- what the use case reads and changes around a grade ------------------ */

static const char sql_org_reopens[] =
	"SELECT reopen_on_nee FROM organisations WHERE id = $1";
static const char sql_org_set_reopens[] =
	"UPDATE organisations SET reopen_on_nee = $2 WHERE id = $1";

enum err store_grade_org_reopens(struct db *db, int64_t org, bool *reopens)
{
	struct db_stmt *st = db_prepare(db, sql_org_reopens);
	int64_t v = 0;
	enum err e;

	db_bind_int(st, 1, org);
	e = db_get_one(db, st, NULL, db_read_int, &v);
	*reopens = e == ERR_OK && v == 1;
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

enum err store_grade_org_set_reopens(struct db *db, int64_t org, bool reopens)
{
	struct db_stmt *st = db_prepare(db, sql_org_set_reopens);

	db_bind_int(st, 1, org);
	db_bind_int(st, 2, reopens ? 1 : 0);
	return db_run(db, st, true);
}

/* The address, or (once retention blanked it) the signal's resident key
 * when a grade of one of its subjects was given under that key: the key
 * the reporter graded with while the address was there.  Each subject
 * by grades_once's expressions, the other side without affinity (unary
 * +: SQLite uses an expression index only against a value without one).
 * As "signal_id = s.id OR kwestie_id IN (...)" SQLite read every grade
 * for every tracking page of a signal without an address (18 ms at
 * 100,000 grades, bench/RESULTS.md). */
static const char sql_reporter[] =
	"SELECT c.email, CASE WHEN c.email IS NULL AND (EXISTS (SELECT 1 FROM"
	" grades g WHERE coalesce(g.kwestie_id, 0) = 0 AND"
	" coalesce(g.signal_id, 0) = +s.id AND g.person_key = s.resident_key)"
	" OR EXISTS (SELECT 1 FROM kwestie_signals ks JOIN grades g ON"
	" coalesce(g.kwestie_id, 0) = +ks.kwestie_id AND"
	" coalesce(g.signal_id, 0) = 0 AND g.person_key = s.resident_key"
	" WHERE ks.signal_id = s.id)) THEN s.resident_key END"
	" FROM signals s LEFT JOIN signal_contacts c"
	" ON c.signal_id = s.id WHERE s.id = $1";

struct reporter {
	char *email, *graded_key;
};

static void reporter_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct reporter *r = row;

	r->email = db_col_dup(ar, st, 0);
	r->graded_key = db_col_dup(ar, st, 1);
}

enum err store_grade_reporter(struct db *db, struct arena *ar,
			      int64_t signal_id, char **email,
			      char **graded_key)
{
	struct db_stmt *st = db_prepare(db, sql_reporter);
	struct reporter r = {NULL, NULL};
	enum err e;

	db_bind_int(st, 1, signal_id);
	e = db_get_one(db, st, ar, reporter_read, &r);
	*email = r.email && *r.email ? r.email : NULL;
	*graded_key = r.graded_key && *r.graded_key ? r.graded_key : NULL;
	return e;
}

static const char sql_signal_reopen[] =
	"UPDATE signals SET status = 'gemeld', outcome = NULL, closed_at = NULL"
	" WHERE id = $1 AND closed_at IS NOT NULL AND NOT EXISTS (SELECT 1"
	" FROM kwestie_signals ks WHERE ks.signal_id = signals.id)";

enum err store_grade_signal_reopen(struct db *db, int64_t signal_id)
{
	struct db_stmt *st = db_prepare(db, sql_signal_reopen);
	enum err e;

	db_bind_int(st, 1, signal_id);
	e = db_run(db, st, true);
	return e == ERR_NOT_FOUND ? ERR_CONFLICT : e;
}

/* Reporters (with their tracking token), then a kwestie's confirmed
 * followers; not those who stopped the mails about it (frequency none:
 * they said no mail, and an invitation is one).  $1 a kwestie (0: none),
 * $2 a lone signal (0: none). */
static const char sql_recipients[] =
	"SELECT c.email, s.token, coalesce(n.lang, 'nl'), 0 AS k, s.id AS o"
	" FROM signals s JOIN signal_contacts c ON c.signal_id = s.id"
	" LEFT JOIN signal_notify n ON n.signal_id = s.id"
	" WHERE c.email IS NOT NULL AND c.email <> ''"
	" AND coalesce(n.frequency, 'direct') <> 'none' AND (s.id = $2 OR s.id IN"
	" (SELECT signal_id FROM kwestie_signals WHERE kwestie_id = $1))"
	" UNION ALL SELECT f.email, NULL, f.lang, 1, f.id FROM followers f"
	" WHERE $1 > 0 AND f.kwestie_id = $1 AND f.confirmed_at IS NOT NULL"
	" AND f.frequency <> 'none' ORDER BY 4, 5 LIMIT $3";

static void recipient_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct grade_recipient *r = row;

	r->email = db_col_dup(ar, st, 0);
	r->token = db_col_dup(ar, st, 1);
	r->lang = db_col_dup(ar, st, 2);
}

enum err store_grade_recipients(struct db *db, struct arena *ar,
				int64_t kwestie_id, int64_t signal_id,
				struct grade_recipient **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_recipients);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, kwestie_id);
	db_bind_int(st, 2, signal_id);
	db_bind_int(st, 3, GRADE_RECIPIENTS_MAX);
	e = db_list(db, st, ar, sizeof(**out), recipient_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}
