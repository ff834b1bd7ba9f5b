/* signal: intake and reading of signals.  The signal row, its contact
 * row and the "received" entry of its timeline are written in one
 * transaction; the duplicate check runs inside the
 * same write transaction, so two identical submissions racing each other
 * still produce one signal. */
#include "store.h"

#include <string.h>

#include "base/token.h"
#include "store/notify.h"
#include "store/photo.h"
#include "store/timeline.h"

/* The ids of a period's first and last signal (migration 019's index). */
static const char sql_signal_span[] =
	"SELECT min(id), max(id) FROM signals"
	" WHERE created_at >= $1 AND created_at < $2";
/* PostgreSQL turned min(id) of the prepared text into a walk of the
 * primary key from the first signal, filtering created_at (1,052 ms for
 * the last day of 1M signals); OFFSET 0 keeps the period's range of
 * signals_by_created, whose ids it reads (0.2 ms; a year of 1M, 101 ms). */
static const char sql_signal_span_pg[] =
	"SELECT min(id), max(id) FROM (SELECT id FROM signals"
	" WHERE created_at >= $1 AND created_at < $2 OFFSET 0) x";

static const char sql_dedupe[] =
	"SELECT token FROM signals WHERE dedupe_key = $1 AND created_at >= $2"
	" AND created_at <= $3"
	" ORDER BY id LIMIT 1";
/* Several instances on PostgreSQL stamp rows with their own clocks: a
 * row that another instance stamped up to this many seconds "later"
 * still counts as within the window.  Rows further in the future (the
 * clock was stepped back) do not. */
#define DEDUPE_SKEW_PG_S 60
/* PostgreSQL: intake runs READ COMMITTED, and identical submissions
 * queue on a transaction-scoped advisory lock on their dedupe key; see
 * intake_isolation(). */
static const char sql_pg_read_committed[] =
	"SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
static const char sql_pg_key_lock[] =
	"SELECT pg_advisory_xact_lock(hashtextextended($1, 7274))";
static const char sql_insert[] =
	"INSERT INTO signals (municipality, token, kind, body, lat, lon,"
	" buurt_code, wijk_code, gebied_code, stadsdeel_code, category_code,"
	" status, created_at, dedupe_key, is_demo, resident_key)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'gemeld',"
	" $12, $13, $14, $15) RETURNING id";
static const char sql_insert_contact[] =
	"INSERT INTO signal_contacts (signal_id, municipality, email, phone,"
	" age_band) VALUES ($1, $5, $2, $3, $4)";
static const char sql_by_token[] =
	"SELECT id, token, kind, body, lat, lon, buurt_code, wijk_code,"
	" gebied_code, stadsdeel_code, category_code, status, created_at,"
	" municipality FROM signals WHERE token = $1";
static const char sql_outcome[] = "SELECT outcome FROM signals WHERE id = $1";
static const char sql_count[] = "SELECT COUNT(*) FROM signals";
/* At intake the signal goes to the organisations that answer for it
 * (the view signal_responsible of migration 006: the municipality's own,
 * kind gemeente or stadsdeel, working in one of its areas): they are who
 * "will look at it".  Partners join later, when a kwestie is made. */
static const char sql_link_orgs[] =
	"INSERT INTO signal_organisations (signal_id, organisation_id, role)"
	" SELECT signal_id, organisation_id, 'betrokken'"
	" FROM signal_responsible WHERE signal_id = $1"
	" ON CONFLICT (signal_id, organisation_id) DO NOTHING";
/* The links that still give access (view signal_access, migration 006). */
static const char sql_signal_orgs[] =
	"SELECT DISTINCT organisation_id FROM signal_access WHERE signal_id = $1"
	" AND ($2 = 0 OR access = 'contact') ORDER BY organisation_id";

void store_signal_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct signal_row *r = row;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, 0);
	r->token = db_col_dup(ar, st, 1);
	r->kind = db_col_dup(ar, st, 2);
	r->body = db_col_dup(ar, st, 3);
	r->has_point = !db_col_null(st, 4);
	r->lat = db_col_double(st, 4);
	r->lon = db_col_double(st, 5);
	r->buurt_code = db_col_dup(ar, st, 6);
	r->wijk_code = db_col_dup(ar, st, 7);
	r->gebied_code = db_col_dup(ar, st, 8);
	r->stadsdeel_code = db_col_dup(ar, st, 9);
	r->category_code = db_col_dup(ar, st, 10);
	r->status = db_col_dup(ar, st, 11);
	r->created_at = db_col_dup(ar, st, 12);
	r->municipality = db_col_dup(ar, st, 13);
}

enum err store_signal_by_token(struct db *db, struct arena *ar,
			       const char *token, struct signal_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_by_token);

	memset(out, 0, sizeof(*out));
	db_bind_text(st, 1, token);
	return db_get_one(db, st, ar, store_signal_read, out);
}

enum err store_signal_outcome(struct db *db, struct arena *ar, int64_t id,
			      char **outcome)
{
	struct db_stmt *st = db_prepare(db, sql_outcome);
	enum db_step r;
	enum err e = ERR_OK;

	*outcome = NULL;
	db_bind_int(st, 1, id);
	if ((r = db_step(st)) == DB_ROW)
		*outcome = db_col_dup(ar, st, 0);
	else
		e = r == DB_DONE ? ERR_NOT_FOUND : db_error(db, st);
	db_done(st);
	return e;
}

/* The token of a recent signal with the same dedupe key, or NULL. */
static enum err find_duplicate(struct db *db, struct arena *ar,
			       const struct signal_new *s, char **token)
{
	bool pg = db_dialect(db) == DB_POSTGRES;
	struct db_stmt *st = db_prepare(db, sql_dedupe);
	char since[32], until[32];
	enum err e;

	*token = NULL;
	if (s->dedupe_window_s <= 0)
		return ERR_OK; /* deduplication switched off */
	store_time_ago(since, sizeof(since), s->dedupe_window_s);
	db_bind_text(st, 1, s->dedupe_key);
	db_bind_text(st, 2, since);
	store_time_ago(until, sizeof(until), pg ? -DEDUPE_SKEW_PG_S : 0);
	db_bind_text(st, 3, until);
	e = db_get_one(db, st, ar, db_read_text, token);
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

static enum err insert_signal(struct db *db, const struct signal_new *s,
			      const char *token, const char *now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_insert);
	const struct signal_input *in = s->in;

	db_bind_text(st, 1, s->municipality);
	db_bind_text(st, 2, token);
	db_bind_text(st, 3, in->kind);
	db_bind_text(st, 4, in->text);
	if (in->has_point) {
		db_bind_double(st, 5, in->lat_v);
		db_bind_double(st, 6, in->lon_v);
	} else {
		db_bind_null(st, 5);
		db_bind_null(st, 6);
	}
	for (int i = 0; i < 4; i++)
		db_bind_text(st, 7 + i, s->codes[i]);
	db_bind_text(st, 11, in->category);
	db_bind_text(st, 12, now);
	db_bind_text(st, 13, s->dedupe_key);
	db_bind_int(st, 14, s->demo ? 1 : 0);
	db_bind_text(st, 15, s->resident_key);
	return db_run_returning(db, st, id);
}

static enum err insert_contact(struct db *db, int64_t id,
			       const char *municipality,
			       const struct signal_input *in)
{
	struct db_stmt *st;
	enum err e = ERR_OK;

	if (!in->email && !in->phone && !in->age_band)
		return ERR_OK;
	st = db_prepare(db, sql_insert_contact);
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, in->email);
	db_bind_text(st, 3, in->phone);
	db_bind_text(st, 4, in->age_band);
	db_bind_text(st, 5, municipality);
	if (db_step(st) != DB_DONE)
		e = db_error(db, st);
	db_done(st);
	return e;
}

enum err store_signal_link_orgs(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql_link_orgs);
	enum err e = ERR_OK;

	db_bind_int(st, 1, id);
	if (db_step(st) != DB_DONE)
		e = db_error(db, st);
	db_done(st);
	return e;
}

struct create_ctx {
	struct arena *ar;
	const struct signal_new *s;
	char token[TOKEN_LEN + 1];
	char *dup;
	struct signal_row *out; /* read back inside the transaction */
};

/* One attempt of store_signal_create inside db_write: the dedupe check
 * and the inserts in one write transaction; ctx->token is the new
 * signal's, or ctx->dup the earlier identical one's. */
/* On PostgreSQL intake does not need SERIALIZABLE, and paid for it: under
 * load, concurrent intakes failed to serialize on the index pages they
 * share (bench/instances.sh: 3,270 conflicts and 33 requests out of
 * retries in 16,277).  Its one read-then-write invariant is the dedupe
 * window, so identical submissions (one dedupe key) queue on an advisory
 * lock held until COMMIT, and READ COMMITTED gives the later one a
 * snapshot with the earlier one's row once it holds the lock.  Distinct
 * submissions never wait for each other.  SQLite: writers are serial. */
static enum err intake_isolation(struct db *db, const struct signal_new *s)
{
	struct db_stmt *st;
	enum db_step r;

	if (db_dialect(db) != DB_POSTGRES)
		return ERR_OK;
	st = db_prepare(db, sql_pg_read_committed);
	r = db_step(st);
	db_done(st);
	if (r == DB_ERROR)
		return db_error(db, st);
	if (s->dedupe_window_s <= 0)
		return ERR_OK;
	st = db_prepare(db, sql_pg_key_lock);
	db_bind_text(st, 1, s->dedupe_key);
	r = db_step(st);
	db_done(st);
	return r == DB_ERROR ? db_error(db, st) : ERR_OK;
}

/* The first entry of the signal's public timeline. */
static enum err received(struct db *db, const struct signal_new *s, int64_t id,
			 const char *now)
{
	struct timeline_new t = {0};

	if (!s->received_by)
		return ERR_OK;
	t.signal_id = id;
	t.at = now;
	t.actor = s->received_by;
	t.kind = "received";
	return store_timeline_add(db, &t);
}

static enum err signal_create_tx(struct db *db, void *p)
{
	struct create_ctx *c = p;
	char now[32];
	int64_t id = 0;
	enum err e;

	c->dup = NULL;
	if ((e = intake_isolation(db, c->s)) != ERR_OK)
		return e;
	e = find_duplicate(db, c->ar, c->s, &c->dup);
	if (e != ERR_OK)
		return e;
	if (c->dup) {
		e = store_signal_by_token(db, c->ar, c->dup, c->out);
		if (e == ERR_OK && c->s->read)
			e = c->s->read(db, c->s->read_ctx, c->out, false);
		return e;
	}
	token_new(c->token);
	store_now(now, sizeof(now));
	e = insert_signal(db, c->s, c->token, now, &id);
	if (e == ERR_OK)
		e = insert_contact(db, id, c->s->municipality, c->s->in);
	for (size_t i = 0; e == ERR_OK && i < c->s->nphotos; i++)
		if ((e = store_photo_attach(db, c->s->municipality, c->s->photos[i],
					    id, (int)i + 1)) == ERR_NOT_FOUND)
			e = ERR_CONFLICT;
	/* the received entry first: the reporter's mail cursor starts after
	 * it (the acknowledgement says as much) */
	if (e == ERR_OK)
		e = received(db, c->s, id, now);
	if (e == ERR_OK && c->s->in->email)
		e = store_notify_reporter_add(db, id,
					      c->s->in->notify ? c->s->in->notify
							       : "direct",
					      c->s->lang ? c->s->lang : "nl", now);
	if (e == ERR_OK)
		e = store_signal_link_orgs(db, id);
	if (e == ERR_OK && c->s->after)
		e = c->s->after(db, c->s->after_ctx, id, c->token, now);
	/* what it wrote shows on its municipality's pages alone (its
	 * organisations are the municipality's own, sql_link_orgs), so the
	 * others keep their cached answers, and of the answers of one
	 * category on that category's alone (db_write_scope_category):
	 * no row of another signal, kwestie or promise changed */
	if (e == ERR_OK)
		db_write_scope_category(db, c->s->municipality, c->s->in->category);
	/* the row as the answer shows it, read on the connection that wrote
	 * it (in a group another thread's, whose page cache holds it): a
	 * read after the commit on this thread's connection had to fetch
	 * the pages every other connection's commit had changed */
	if (e == ERR_OK)
		e = store_signal_by_token(db, c->ar, c->token, c->out);
	if (e == ERR_OK && c->s->read)
		e = c->s->read(db, c->s->read_ctx, c->out, true);
	return e;
}

/* The dedupe check and the inserts in one db_write_group: on SQLite the
 * intakes that arrive together share one transaction and one fsync, each
 * in its own savepoint (a duplicate or a constraint fails only its own);
 * on PostgreSQL a db_write, which retries should the transaction still
 * fail to commit (a lost connection).  Identical submissions in one group
 * still make one signal: the later one's dedupe check runs after the
 * earlier one's insert, in the same transaction. */
enum err store_signal_create(struct db *db, struct arena *ar,
			     const struct signal_new *s, struct signal_row *out,
			     bool *replayed)
{
	struct create_ctx c = {.ar = ar, .s = s, .out = out};
	enum err e = db_write_group(db, signal_create_tx, &c);

	*replayed = e == ERR_OK && c.dup;
	return e;
}

struct signal_pending {
	struct db_group_job job;
	struct create_ctx c;
	void (*done)(void *arg);
	void *arg;
};

static void pending_done(struct db_group_job *j)
{
	struct signal_pending *p = (struct signal_pending *)j;

	p->done(p->arg);
}

struct signal_pending *store_signal_queue(struct db *db, struct arena *ar,
					  const struct signal_new *s,
					  struct signal_row *out,
					  void (*done)(void *arg), void *arg)
{
	struct signal_pending *p = arena_alloc(ar, sizeof(*p));

	memset(p, 0, sizeof(*p));
	p->c.ar = ar;
	p->c.s = s;
	p->c.out = out;
	p->done = done;
	p->arg = arg;
	p->job.fn = signal_create_tx;
	p->job.ctx = &p->c;
	p->job.done = pending_done;
	return db_group_queue(db, &p->job) ? p : NULL;
}

enum err store_signal_pending_result(const struct signal_pending *p,
				     bool *replayed)
{
	*replayed = p->job.result == ERR_OK && p->c.dup;
	return p->job.result;
}

int64_t store_signal_count(struct db *db)
{
	struct db_stmt *st = db_prepare(db, sql_count);
	int64_t n = -1;

	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_done(st);
	return n;
}

enum err store_signal_id_span(struct db *db, const char *from, const char *to,
			      int64_t *lo, int64_t *hi)
{
	struct db_stmt *st = db_prepare(
		db, db_dialect(db) == DB_POSTGRES ? sql_signal_span_pg : sql_signal_span);
	enum err e = ERR_OK;

	*lo = 1;
	*hi = 0;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	switch (db_step(st)) {
	case DB_ROW:
		if (!db_col_null(st, 0)) {
			*lo = db_col_int(st, 0);
			*hi = db_col_int(st, 1);
		}
		break;
	case DB_DONE:
		break;
	default:
		e = db_error(db, st);
	}
	db_done(st);
	return e;
}

enum err store_signal_orgs(struct db *db, struct arena *ar, int64_t signal_id,
			   bool contact, int64_t **ids, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_signal_orgs);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, signal_id);
	db_bind_int(st, 2, contact ? 1 : 0);
	e = db_list(db, st, ar, sizeof(**ids), db_read_int, &rows);
	*ids = rows.v;
	*n = rows.n;
	return e;
}
