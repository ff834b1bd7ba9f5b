/* notify: see notify.h. */
#include "notify.h"

#include <ctype.h>
#include <string.h>

#include "base/token.h"
#include "store/store.h"

#define SUB_F                                                                \
	"SELECT 'f', f.id, f.kwestie_id, f.area_code, f.email, f.frequency," \
	" f.lang, f.confirmed_at, f.mailed_upto FROM followers f"
#define SUB_S                                                                 \
	"SELECT 's', n.signal_id, NULL, NULL, c.email, n.frequency, n.lang,"  \
	" n.created_at, n.mailed_upto FROM signal_notify n"                   \
	" LEFT JOIN signal_contacts c ON c.signal_id = n.signal_id"

static const char sql_subs[] =
	SUB_F " WHERE f.confirmed_at IS NOT NULL AND f.frequency = $1"
	" AND f.municipality = $2"
	" UNION ALL " SUB_S " JOIN signals sg ON sg.id = n.signal_id"
	" WHERE c.email IS NOT NULL AND n.frequency = $1 AND sg.municipality = $2"
	" ORDER BY 5, 1, 2";
/* A link of a confirmation mail (follower_tokens) or of a notification
 * (notify_tokens, one row per subscription it stands for). */
static const char sql_by_token[] =
	SUB_F " WHERE f.id IN (SELECT follower_id FROM follower_tokens"
	" WHERE token_hash = $1 UNION SELECT follower_id FROM notify_tokens"
	" WHERE token_hash = $1)"
	" UNION ALL " SUB_S " WHERE n.signal_id IN (SELECT signal_id"
	" FROM notify_tokens WHERE token_hash = $1) ORDER BY 1, 2";
static const char sql_entries_kwestie[] =
	"SELECT " TIMELINE_COLS " FROM timeline WHERE kwestie_id = $1"
	" AND id > $2 ORDER BY id LIMIT $3";
/* An area's agenda: the kwesties whose area chain holds the code (any
 * level), or all of the municipality for the city's own code. */
static const char sql_entries_area[] =
	"SELECT t.id, t.kwestie_id, t.signal_id, t.promise_id, t.at, t.actor,"
	" t.kind, t.from_value, t.to_value, t.reason, t.subject, t.message"
	" FROM timeline t JOIN kwesties k ON k.id = t.kwestie_id"
	" WHERE t.id > $2 AND (k.area_code = $1 OR k.buurt_code = $1"
	" OR k.wijk_code = $1 OR k.gebied_code = $1 OR k.stadsdeel_code = $1"
	" OR k.municipality = $1) ORDER BY t.id LIMIT $3";
/* Two index reads, then the oldest of both (as store/timeline.c's
 * sql_signal: one OR made PostgreSQL walk timeline's primary key). */
static const char sql_entries_signal[] =
	"SELECT " TIMELINE_COLS " FROM (SELECT " TIMELINE_COLS " FROM timeline"
	" WHERE signal_id = $1 AND id > $2 ORDER BY id LIMIT $3) a UNION"
	" SELECT " TIMELINE_COLS " FROM (SELECT " TIMELINE_COLS_T " FROM"
	" kwestie_signals ks JOIN timeline t ON t.kwestie_id = ks.kwestie_id"
	" WHERE ks.signal_id = $1 AND t.id > $2 ORDER BY t.id LIMIT $3) b"
	" ORDER BY id LIMIT $3";
static const char sql_advance_f[] =
	"UPDATE followers SET mailed_upto = $2 WHERE id = $1 AND mailed_upto < $2";
static const char sql_advance_s[] =
	"UPDATE signal_notify SET mailed_upto = $2"
	" WHERE signal_id = $1 AND mailed_upto < $2";
static const char sql_token_f[] =
	"INSERT INTO notify_tokens (token_hash, follower_id, created_at)"
	" VALUES ($1, $2, $3)";
static const char sql_token_s[] =
	"INSERT INTO notify_tokens (token_hash, signal_id, created_at)"
	" VALUES ($1, $2, $3)";
static const char sql_freq_f[] =
	"UPDATE followers SET frequency = $2 WHERE id = $1";
static const char sql_freq_s[] =
	"UPDATE signal_notify SET frequency = $2 WHERE signal_id = $1";
static const char sql_reporter_add[] =
	"INSERT INTO signal_notify (signal_id, frequency, lang, mailed_upto,"
	" created_at) VALUES ($1, $2, $3,"
	" (SELECT COALESCE(MAX(id), 0) FROM timeline), $4)";
static const char sql_signal_token[] = "SELECT token FROM signals WHERE id = $1";
static const char sql_bounced[] =
	"SELECT 1 FROM mail_bounces WHERE address_hash = $1";
static const char sql_bounce_add[] =
	"INSERT INTO mail_bounces (address_hash, first_at, last_at, count,"
	" permanent) VALUES ($1, $2, $2, 1, $3) ON CONFLICT (address_hash)"
	" DO UPDATE SET last_at = $2, count = mail_bounces.count + 1,"
	" permanent = $3";
static const char sql_bounce_clear[] =
	"DELETE FROM mail_bounces WHERE address_hash = $1";
static const char sql_promises_due[] =
	"SELECT p.id, p.organisation_id, p.kwestie_id, p.signal_id, o.name,"
	" p.what, p.due, k.title FROM promises p"
	" JOIN organisations o ON o.id = p.organisation_id"
	" LEFT JOIN kwesties k ON k.id = p.kwestie_id"
	" WHERE p.status = 'open' AND p.due <= $1 AND o.municipality = $2"
	" ORDER BY p.organisation_id, p.due, p.id";
static const char sql_member_emails[] =
	"SELECT a.email FROM memberships m JOIN accounts a ON a.id = m.account_id"
	" WHERE m.organisation_id = $1 AND a.disabled_at IS NULL ORDER BY a.email";

static void sub_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct notify_sub *s = row;
	const char *k = db_col_text(st, 0);

	memset(s, 0, sizeof(*s));
	s->kind = k && *k == 's' ? 's' : 'f';
	s->id = db_col_int(st, 1);
	s->kwestie_id = db_col_id(st, 2);
	s->area_code = db_col_dup(ar, st, 3);
	s->email = db_col_dup(ar, st, 4);
	s->frequency = db_col_dup(ar, st, 5);
	s->lang = db_col_dup(ar, st, 6);
	s->confirmed_at = db_col_dup(ar, st, 7);
	s->mailed_upto = db_col_int(st, 8);
}

/* arg2: a second parameter, or NULL when sql has one. */
static enum err sub_list(struct db *db, struct arena *ar, const char *sql,
			 const char *arg, const char *arg2,
			 struct notify_sub **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, arg);
	if (arg2)
		db_bind_text(st, 2, arg2);
	e = db_list(db, st, ar, sizeof(**out), sub_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

enum err store_notify_subs(struct db *db, struct arena *ar,
			   const char *municipality, const char *frequency,
			   struct notify_sub **out, size_t *n)
{
	return sub_list(db, ar, sql_subs, frequency, municipality, out, n);
}

enum err store_notify_by_token(struct db *db, struct arena *ar,
			       const char *hash, struct notify_sub **out,
			       size_t *n)
{
	enum err e = sub_list(db, ar, sql_by_token, hash, NULL, out, n);

	return e == ERR_OK && *n == 0 ? ERR_NOT_FOUND : e;
}

enum err store_notify_entries(struct db *db, struct arena *ar,
			      const struct notify_sub *s,
			      struct timeline_row **out, size_t *n)
{
	const char *sql = s->kind == 's' ? sql_entries_signal
			  : s->kwestie_id ? sql_entries_kwestie
					  : sql_entries_area;
	struct db_stmt *st = db_prepare(db, sql);
	struct db_rows rows;
	enum err e;

	if (sql == sql_entries_area)
		db_bind_text(st, 1, s->area_code);
	else
		db_bind_int(st, 1, s->kind == 's' ? s->id : s->kwestie_id);
	db_bind_int(st, 2, s->mailed_upto);
	db_bind_int(st, 3, NOTIFY_ENTRIES_MAX);
	e = db_list(db, st, ar, sizeof(**out), store_timeline_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

static enum err run_id_int(struct db *db, const char *sql, int64_t id,
			   int64_t v)
{
	struct db_stmt *st = db_prepare(db, sql);

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, v);
	return db_run(db, st, false);
}

static enum err run_id_text(struct db *db, const char *sql, int64_t id,
			    const char *v)
{
	struct db_stmt *st = db_prepare(db, sql);

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, v);
	return db_run(db, st, false);
}

enum err store_notify_advance(struct db *db, const struct notify_sub *s,
			      int64_t upto)
{
	return run_id_int(db, s->kind == 's' ? sql_advance_s : sql_advance_f,
			  s->id, upto);
}

enum err store_notify_token_add(struct db *db, const char *hash,
				const struct notify_sub *s, const char *now)
{
	struct db_stmt *st = db_prepare(db, s->kind == 's' ? sql_token_s
							   : sql_token_f);

	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, s->id);
	db_bind_text(st, 3, now);
	return db_run(db, st, false);
}

enum err store_notify_set_frequency(struct db *db, const struct notify_sub *s,
				    const char *frequency)
{
	return run_id_text(db, s->kind == 's' ? sql_freq_s : sql_freq_f, s->id,
			   frequency);
}

enum err store_notify_reporter_add(struct db *db, int64_t signal_id,
				   const char *frequency, const char *lang,
				   const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_reporter_add);

	db_bind_int(st, 1, signal_id);
	db_bind_text(st, 2, frequency);
	db_bind_text(st, 3, lang);
	db_bind_text(st, 4, now);
	return db_run(db, st, false);
}

enum err store_notify_signal_token(struct db *db, struct arena *ar,
				   int64_t signal_id, char **token)
{
	struct db_stmt *st = db_prepare(db, sql_signal_token);

	db_bind_int(st, 1, signal_id);
	return db_get_one(db, st, ar, db_read_text, token);
}

/* --- bounces ----------------------------------------------------------- */

void store_bounce_key(const char *address, char *out)
{
	char lower[320];
	const char *parts[2] = {"bounce", lower};
	size_t i;

	for (i = 0; address && address[i] && i < sizeof(lower) - 1; i++)
		lower[i] = (char)tolower((unsigned char)address[i]);
	lower[i] = '\0';
	token_keyed_parts(out, parts, 2); /* keyed: it holds an address */
}

bool store_bounced(struct db *db, const char *address)
{
	struct db_stmt *st = db_prepare(db, sql_bounced);
	char key[33];
	bool found;

	store_bounce_key(address, key);
	db_bind_text(st, 1, key);
	found = db_step(st) == DB_ROW;
	db_done(st);
	return found;
}

struct bounce_tx {
	const char *key;
	bool permanent;
};

static enum err bounce_tx_fn(struct db *db, void *p)
{
	struct bounce_tx *b = p;
	struct db_stmt *st = db_prepare(db, sql_bounce_add);
	char now[32];

	store_now(now, sizeof(now));
	db_bind_text(st, 1, b->key);
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, b->permanent ? 1 : 0);
	return db_run(db, st, false);
}

enum err store_bounce_record(struct db *db, const char *address,
			     bool permanent)
{
	char key[33];
	struct bounce_tx b = {key, permanent};

	store_bounce_key(address, key);
	return bounce_tx_fn(db, &b);
}

enum err store_bounce_record_tx(struct db *db, const char *address,
				bool permanent)
{
	char key[33];
	struct bounce_tx b = {key, permanent};

	store_bounce_key(address, key);
	return db_write(db, bounce_tx_fn, &b);
}

enum err store_bounce_clear(struct db *db, const char *address)
{
	struct db_stmt *st = db_prepare(db, sql_bounce_clear);
	char key[33];

	store_bounce_key(address, key);
	db_bind_text(st, 1, key);
	return db_run(db, st, false);
}

/* --- the professional digest -------------------------------------------- */

static void promise_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct promise_due *p = row;

	p->id = db_col_int(st, 0);
	p->organisation_id = db_col_int(st, 1);
	p->kwestie_id = db_col_id(st, 2);
	p->signal_id = db_col_id(st, 3);
	p->organisation = db_col_dup(ar, st, 4);
	p->what = db_col_dup(ar, st, 5);
	p->due = db_col_dup(ar, st, 6);
	p->title = db_col_dup(ar, st, 7);
}

enum err store_promises_due(struct db *db, struct arena *ar,
			    const char *municipality, const char *until,
			    struct promise_due **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_promises_due);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, until);
	db_bind_text(st, 2, municipality);
	e = db_list(db, st, ar, sizeof(**out), promise_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

enum err store_org_member_emails(struct db *db, struct arena *ar,
				 int64_t org_id, char ***out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_member_emails);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, org_id);
	e = db_list(db, st, ar, sizeof(char *), db_read_text, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}
