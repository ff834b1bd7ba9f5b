/* outbox: see outbox.h.  The checks on address, subject and body are the
 * SMTP module's own, so a row that is accepted here can always be built
 * into a message; a bad row would otherwise fail ten times over a day and
 * a half before anyone noticed. */
#include "outbox.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "base/log.h"
#include "domain/email.h"
#include "store/notify.h"
#include "store/store.h"

static const char sql_insert[] =
	"INSERT INTO outbox (to_addr, subject, body, created_at,"
	" next_attempt_at, unsubscribe_url) VALUES ($1, $2, $3, $4, $4, $5)";
/* The inner SELECT picks candidates; the outer WHERE repeats the test so
 * that a row another worker claimed meanwhile is skipped, not claimed
 * twice (PostgreSQL re-checks it after waiting for the row lock). */
static const char sql_claim[] =
	"UPDATE outbox SET next_attempt_at = $1"
	" WHERE id IN (SELECT id FROM outbox"
	" WHERE sent_at IS NULL AND next_attempt_at <= $2"
	" ORDER BY next_attempt_at, id LIMIT $3)"
	" AND sent_at IS NULL AND next_attempt_at <= $2"
	" RETURNING id, to_addr, subject, body, attempts, unsubscribe_url";
/* PostgreSQL: workers of several instances claim at once; a row that
 * another worker has locked is skipped instead of waited for.  The
 * candidates are a materialized CTE, picked once: as a subquery in IN the
 * planner may rescan them for every row (a nested-loop semi join), and
 * each rescan re-checks the rows this UPDATE has already leased, drops
 * them and takes the next ones, so more than $3 rows were claimed. */
static const char sql_claim_pg[] =
	"WITH due AS MATERIALIZED (SELECT id FROM outbox"
	" WHERE sent_at IS NULL AND next_attempt_at <= $2"
	" ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)"
	" UPDATE outbox SET next_attempt_at = $1"
	" WHERE id IN (SELECT id FROM due)"
	" AND sent_at IS NULL AND next_attempt_at <= $2"
	" RETURNING id, to_addr, subject, body, attempts, unsubscribe_url";
static const char sql_mark_sent[] =
	"UPDATE outbox SET sent_at = $2 WHERE id = $1 AND sent_at IS NULL";
static const char sql_attempts[] =
	"SELECT attempts, to_addr FROM outbox"
	" WHERE id = $1 AND sent_at IS NULL";
static const char sql_mark_failed[] =
	"UPDATE outbox SET attempts = $2, last_error = $3,"
	" next_attempt_at = $4 WHERE id = $1";
static const char sql_give_up[] =
	"UPDATE outbox SET attempts = attempts + 1, last_error = $2,"
	" next_attempt_at = '" OUTBOX_NEVER "' WHERE id = $1 AND sent_at IS NULL";
static const char sql_release[] =
	"UPDATE outbox SET next_attempt_at = $2"
	" WHERE id = $1 AND sent_at IS NULL";
static const char sql_count_pending[] =
	"SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts < $1";

int outbox_backoff_s(int attempts)
{
	static const int steps[] = {60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600};
	int i = attempts < 1 ? 0 : attempts - 1;

	return steps[i < 5 ? i : 4];
}

/* now + seconds, in the stored format (store_time_ago counts back). */
static void time_in(char *out, size_t outlen, int seconds)
{
	store_time_ago(out, outlen, -seconds);
}

enum err outbox_add(struct db *db, const char *to, const char *subject,
		    const char *body)
{
	struct outbox_mail m = {to, subject, body, NULL, false};

	return outbox_add_mail(db, &m);
}

enum err outbox_add_mail(struct db *db, const struct outbox_mail *m)
{
	struct db_stmt *st;
	char now[32];
	enum err e = ERR_OK;

	if (!email_valid(m->to) || !mail_subject_valid(m->subject) ||
	    !mail_body_valid(m->body) ||
	    (m->unsubscribe_url && !mail_unsubscribe_url_valid(m->unsubscribe_url)))
		return ERR_INVALID;
	if (!m->asked && store_bounced(db, m->to)) {
		log_event("info", "mail_not_queued_bounced", "domain",
			  email_domain(m->to));
		return ERR_OK;
	}
	store_now(now, sizeof(now));
	st = db_prepare(db, sql_insert);
	db_bind_text(st, 1, m->to);
	db_bind_text(st, 2, m->subject);
	db_bind_text(st, 3, m->body);
	db_bind_text(st, 4, now);
	db_bind_text(st, 5, m->unsubscribe_url);
	if (db_step(st) != DB_DONE)
		e = db_error(db, st);
	db_done(st);
	return e;
}

static void msg_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct outbox_msg *m = row;

	m->id = db_col_int(st, 0);
	m->to = arena_strdup(ar, db_col_text(st, 1));
	m->subject = arena_strdup(ar, db_col_text(st, 2));
	m->body = arena_strdup(ar, db_col_text(st, 3));
	m->attempts = (int)db_col_int(st, 4);
	m->unsubscribe_url = db_col_dup(ar, st, 5);
}

struct claim_ctx {
	struct arena *ar;
	size_t max;
	struct outbox_msg *out;
	size_t n;
};

static enum err claim_tx(struct db *db, void *p)
{
	struct claim_ctx *c = p;
	struct db_stmt *st = db_prepare(
		db, db_dialect(db) == DB_POSTGRES ? sql_claim_pg : sql_claim);
	char now[32], lease[32];
	struct db_rows rows;
	enum err e;

	store_now(now, sizeof(now));
	time_in(lease, sizeof(lease), OUTBOX_LEASE_S);
	db_bind_text(st, 1, lease);
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, (int64_t)c->max);
	e = db_list(db, st, c->ar, sizeof(*c->out), msg_read, &rows);
	c->out = rows.v;
	c->n = rows.n;
	db_changes_unseen(db); /* the queue is on no public answer */
	return e;
}

enum err outbox_due(struct db *db, struct arena *ar, size_t max,
		    struct outbox_msg **out, size_t *n)
{
	struct claim_ctx c = {.ar = ar, .max = max};
	enum err e;

	*out = NULL;
	*n = 0;
	if (max == 0)
		return ERR_OK;
	if ((e = db_write(db, claim_tx, &c)) == ERR_OK) {
		*out = c.out;
		*n = c.n;
	}
	return e;
}

struct update_ctx {
	const char *sql;
	int64_t id;
	const char *at;
};

static enum err update_tx(struct db *db, void *p)
{
	struct update_ctx *c = p;
	struct db_stmt *st = db_prepare(db, c->sql);

	enum err e;

	db_bind_int(st, 1, c->id);
	db_bind_text(st, 2, c->at);
	e = db_run(db, st, false);
	db_changes_unseen(db);
	return e;
}

/* One UPDATE of (id, time) in a write transaction of its own: writers of
 * this process queue on db_begin_write's mutex, not on SQLite's busy
 * handler. */
static enum err update_at(struct db *db, const char *sql, int64_t id,
			  const char *at)
{
	struct update_ctx c = {sql, id, at};

	return db_write(db, update_tx, &c);
}

enum err outbox_mark_sent(struct db *db, int64_t id)
{
	char now[32];

	store_now(now, sizeof(now));
	return update_at(db, sql_mark_sent, id, now);
}

struct give_up_ctx {
	int64_t id;
	const char *error;
	const char *bounced; /* the address marked as bounced */
};

static enum err give_up_tx(struct db *db, void *p)
{
	struct give_up_ctx *c = p;
	struct db_stmt *st;
	char cut[512];
	enum err e;

	if ((e = store_bounce_record(db, c->bounced, true)) != ERR_OK)
		return e;
	st = db_prepare(db, sql_give_up);

	snprintf(cut, sizeof(cut), "%s", c->error ? c->error : "refused");
	db_bind_int(st, 1, c->id);
	db_bind_text(st, 2, cut);
	e = db_run(db, st, false);
	db_changes_unseen(db); /* the queue and the bounces: no public answer */
	return e;
}

enum err outbox_give_up_bounced(struct db *db, int64_t id, const char *to,
				const char *error)
{
	struct give_up_ctx c = {id, error, to};

	return db_write(db, give_up_tx, &c);
}

enum err outbox_release(struct db *db, int64_t id)
{
	char now[32];

	store_now(now, sizeof(now));
	return update_at(db, sql_release, id, now);
}

static enum err failed_write(struct db *db, int64_t id, int attempts,
			     const char *error, const char *next)
{
	struct db_stmt *st = db_prepare(db, sql_mark_failed);
	char cut[512];
	enum err e = ERR_OK;

	snprintf(cut, sizeof(cut), "%s", error ? error : "unknown error");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, attempts);
	db_bind_text(st, 3, cut);
	db_bind_text(st, 4, next);
	if (db_step(st) != DB_DONE)
		e = db_error(db, st);
	db_done(st);
	return e;
}

static void log_gave_up(int64_t id, int attempts, const char *domain,
			const char *error)
{
	char ids[24], att[12];

	snprintf(ids, sizeof(ids), "%" PRId64, id);
	snprintf(att, sizeof(att), "%d", attempts);
	log_event("error", "mail_gave_up", "outbox_id", ids, "domain", domain,
		  "attempts", att, "error", error);
}

struct failed_ctx {
	int64_t id;
	const char *error;
	char domain[EMAIL_MAX + 1];
	int attempts;
};

/* Failed attempts so far and the recipient's domain (for the log), into
 * a struct failed_ctx. */
static void attempts_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct failed_ctx *c = row;

	c->attempts = (int)db_col_int(st, 0);
	snprintf(c->domain, sizeof(c->domain), "%s",
		 email_domain(db_col_text(st, 1)));
}

static enum err attempts_get(struct db *db, struct failed_ctx *c)
{
	struct db_stmt *st = db_prepare(db, sql_attempts);

	db_bind_int(st, 1, c->id);
	return db_get_one(db, st, NULL, attempts_read, c);
}

static enum err failed_tx(struct db *db, void *p)
{
	struct failed_ctx *c = p;
	char next[32];
	enum err e;

	c->domain[0] = '\0';
	c->attempts = 0;
	e = attempts_get(db, c);
	c->attempts++;
	if (c->attempts >= OUTBOX_MAX_ATTEMPTS)
		snprintf(next, sizeof(next), "%s", OUTBOX_NEVER);
	else
		time_in(next, sizeof(next), outbox_backoff_s(c->attempts));
	if (e == ERR_OK)
		e = failed_write(db, c->id, c->attempts, c->error, next);
	db_changes_unseen(db);
	return e;
}

enum err outbox_mark_failed(struct db *db, int64_t id, const char *error)
{
	struct failed_ctx c = {.id = id, .error = error};
	enum err e = db_write(db, failed_tx, &c);

	if (e == ERR_OK && c.attempts >= OUTBOX_MAX_ATTEMPTS)
		log_gave_up(id, c.attempts, c.domain, error);
	return e;
}

int64_t outbox_count_pending(struct db *db)
{
	struct db_stmt *st = db_prepare(db, sql_count_pending);
	int64_t n = -1;

	db_bind_int(st, 1, OUTBOX_MAX_ATTEMPTS);
	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_done(st);
	return n;
}
