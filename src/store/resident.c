/* resident: see resident.h.  Contact data are read only here and in
 * signal.c (intake) and retention.c: nothing else joins signal_contacts. */
#include "resident.h"

#include <string.h>

/* The columns of struct signal_row, in the order store_signal_read takes them. */

static const char sql_known[] =
	"SELECT 1 FROM signal_contacts WHERE lower(email) = lower($1)"
	" AND anonymised_at IS NULL LIMIT 1";
static const char sql_resident_signals[] =
	"SELECT " SIGNAL_COLS ", c.signal_id, c.email, c.phone, c.age_band,"
	" c.anonymised_at FROM signal_contacts c JOIN signals s"
	" ON s.id = c.signal_id WHERE lower(c.email) = lower($1)"
	" AND c.anonymised_at IS NULL AND s.municipality = $3"
	" ORDER BY s.id DESC LIMIT $2";
static const char sql_resident_contacts[] =
	"SELECT signal_id, email, phone, age_band, anonymised_at"
	" FROM signal_contacts WHERE lower(email) = lower($1)"
	" AND anonymised_at IS NULL ORDER BY signal_id";
static const char sql_contact_update[] =
	"UPDATE signal_contacts SET email = $2, phone = $3, age_band = $4"
	" WHERE signal_id = $1 AND anonymised_at IS NULL";
static const char sql_contact_anonymise[] =
	"UPDATE signal_contacts SET email = NULL, phone = NULL,"
	" anonymised_at = $2 WHERE signal_id = $1 AND anonymised_at IS NULL";
static const char sql_signal_by_id[] =
	"SELECT " SIGNAL_COLS " FROM signals s WHERE s.id = $1";
static const char sql_signal_contact[] =
	"SELECT signal_id, email, phone, age_band, anonymised_at"
	" FROM signal_contacts WHERE signal_id = $1";
/* The organisations of the account by membership, or the API key's one. */
static const char sql_org_signals[] =
	"SELECT " SIGNAL_COLS " FROM signals s WHERE s.id < $3"
	" AND s.municipality = $5 AND s.id IN"
	" (SELECT so.signal_id FROM signal_access so"
	" WHERE so.organisation_id = $2 OR so.organisation_id IN"
	" (SELECT m.organisation_id FROM memberships m WHERE m.account_id = $1))"
	" ORDER BY s.id DESC LIMIT $4";

/* The five contact columns from column c on. */
static void contact_cols(struct arena *ar, struct db_stmt *st, int c,
			 struct contact_row *r)
{
	r->signal_id = db_col_int(st, c);
	r->email = db_col_dup(ar, st, c + 1);
	r->phone = db_col_dup(ar, st, c + 2);
	r->age_band = db_col_dup(ar, st, c + 3);
	r->anonymised_at = db_col_dup(ar, st, c + 4);
}

static void contact_read(struct arena *ar, struct db_stmt *st, void *row)
{
	contact_cols(ar, st, 0, row);
}

/* The signal's columns, then its contact's. */
static void resident_signal_read(struct arena *ar, struct db_stmt *st,
				 void *row)
{
	struct resident_signal *r = row;

	store_signal_read(ar, st, &r->signal);
	contact_cols(ar, st, NSIGNAL_COLS, &r->contact);
}

enum err store_resident_known(struct db *db, const char *email, bool *known)
{
	struct db_stmt *st = db_prepare(db, sql_known);
	enum db_step r;

	db_bind_text(st, 1, email);
	r = db_step(st);
	*known = r == DB_ROW;
	db_done(st);
	return r == DB_ERROR ? db_error(db, st) : ERR_OK;
}

enum err store_resident_signals(struct db *db, struct arena *ar,
				const char *municipality, const char *email,
				int limit, struct resident_signal **out,
				size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_resident_signals);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, email);
	db_bind_int(st, 2, limit);
	db_bind_text(st, 3, municipality);
	e = db_list(db, st, ar, sizeof(**out), resident_signal_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

enum err store_resident_contacts(struct db *db, struct arena *ar,
				 const char *email, struct contact_row **out,
				 size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_resident_contacts);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, email);
	e = db_list(db, st, ar, sizeof(**out), contact_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

enum err store_contact_update(struct db *db, int64_t signal_id,
			      const char *email, const char *phone,
			      const char *age_band)
{
	struct db_stmt *st = db_prepare(db, sql_contact_update);

	db_bind_int(st, 1, signal_id);
	db_bind_text(st, 2, email);
	db_bind_text(st, 3, phone);
	db_bind_text(st, 4, age_band);
	return db_run(db, st, true);
}

enum err store_contact_anonymise(struct db *db, int64_t signal_id,
				 const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_contact_anonymise);

	db_bind_int(st, 1, signal_id);
	db_bind_text(st, 2, now);
	return db_run(db, st, true);
}

enum err store_signal_by_id(struct db *db, struct arena *ar, int64_t id,
			    struct signal_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_signal_by_id);

	memset(out, 0, sizeof(*out));
	db_bind_int(st, 1, id);
	return db_get_one(db, st, ar, store_signal_read, out);
}

enum err store_signal_contact(struct db *db, struct arena *ar,
			      int64_t signal_id, struct contact_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_signal_contact);

	memset(out, 0, sizeof(*out));
	db_bind_int(st, 1, signal_id);
	return db_get_one(db, st, ar, contact_read, out);
}

enum err store_org_signals(struct db *db, struct arena *ar,
			   const char *municipality, int64_t account_id,
			   int64_t org_id, int64_t before_id, int limit,
			   struct signal_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_org_signals);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, org_id);
	db_bind_int(st, 3, before_id > 0 ? before_id : INT64_MAX);
	db_bind_int(st, 4, limit);
	db_bind_text(st, 5, municipality);
	e = db_list(db, st, ar, sizeof(**out), store_signal_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}
