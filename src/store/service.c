/* service: services of the social map (store/socialmap.h): the service
 * row, its areas and taxonomy terms, and its row in the Dutch full-text
 * index.  Taxonomies and terms are in socialmap_taxonomy.c.
 *
 * No function here begins a transaction (socialmap.h): a service and its
 * areas, terms and index entry are written by several statements, so the
 * caller wraps them (and its audit entry) in one. */
#include "socialmap.h"

#include <sodium.h>
#include <string.h>

#include "hsds_orgs.h"
#include "store.h"

static const char sql_insert[] =
	"INSERT INTO services (municipality, uuid, organisation_id, name,"
	" alternate_name, description, url, email, status,"
	" eligibility_description, application_process, fees_description,"
	" cost, languages, opening_hours, phone, address, postal_code, city,"
	" latitude, longitude, norm_days, norm_text, confirmed_at, hsds_extra,"
	" is_demo, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7,"
	" $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,"
	" $22, $23, $24, $25, $26, $27, $27) RETURNING id";
/* $1 is the id; the other numbers match sql_insert.  uuid, confirmed_at
 * and hsds_extra NULL keep what the row has. */
static const char sql_update[] =
	"UPDATE services SET municipality = $28, uuid = COALESCE($2, uuid),"
	" organisation_id = $3, name = $4, alternate_name = $5,"
	" description = $6, url = $7, email = $8, status = $9,"
	" eligibility_description = $10, application_process = $11,"
	" fees_description = $12, cost = $13, languages = $14,"
	" opening_hours = $15, phone = $16, address = $17, postal_code = $18,"
	" city = $19, latitude = $20, longitude = $21, norm_days = $22,"
	" norm_text = $23, confirmed_at = COALESCE($24, confirmed_at),"
	" hsds_extra = COALESCE($25, hsds_extra), is_demo = $26,"
	" updated_at = $27 WHERE id = $1";
static const char sql_delete[] = "DELETE FROM services WHERE id = $1";
static const char sql_get[] =
	"SELECT " STORE_SERVICE_COLS " FROM services s"
	" JOIN organisations o ON o.id = s.organisation_id WHERE s.id = $1";
static const char sql_by_uuid[] =
	"SELECT " STORE_SERVICE_COLS " FROM services s"
	" JOIN organisations o ON o.id = s.organisation_id WHERE s.uuid = $1";
static const char sql_of_org[] =
	"SELECT " STORE_SERVICE_COLS " FROM services s"
	" JOIN organisations o ON o.id = s.organisation_id"
	" WHERE s.organisation_id = $1 ORDER BY s.name, s.id";
static const char sql_confirm[] =
	"UPDATE services SET confirmed_at = $2, reminded_at = NULL,"
	" updated_at = $2 WHERE id = $1";
static const char sql_areas_clear[] =
	"DELETE FROM service_areas WHERE service_id = $1";
static const char sql_area_insert[] =
	"INSERT INTO service_areas (service_id, municipality, area_code)"
	" VALUES ($1, $2, $3) ON CONFLICT (service_id, area_code) DO NOTHING";
static const char sql_areas[] =
	"SELECT area_code FROM service_areas WHERE service_id = $1"
	" ORDER BY area_code";
static const char sql_terms_clear[] =
	"DELETE FROM service_terms WHERE service_id = $1";
static const char sql_term_insert[] =
	"INSERT INTO service_terms (service_id, term_id) VALUES ($1, $2)"
	" ON CONFLICT (service_id, term_id) DO NOTHING";
static const char sql_terms[] =
	"SELECT term_id FROM service_terms WHERE service_id = $1"
	" ORDER BY term_id";
/* sqlite-only: the FTS5 table (PostgreSQL keeps a tsvector column). */
static const char sql_fts_delete[] =
	"DELETE FROM services_fts WHERE rowid = $1";
static const char sql_fts_insert[] =
	"INSERT INTO services_fts (rowid, name, description, eligibility,"
	" organisation, terms) SELECT s.id, s.name, s.description,"
	" COALESCE(s.eligibility_description, ''), o.name,"
	" COALESCE((SELECT group_concat(t.name, ' ') FROM service_terms st"
	" JOIN taxonomy_terms t ON t.id = st.term_id"
	" WHERE st.service_id = s.id), '')"
	" FROM services s JOIN organisations o ON o.id = s.organisation_id"
	" WHERE s.id = $1";
/* PostgreSQL: services.search in one statement (no row to delete first).
 * Four weight classes against FTS5's five column weights (10/1/3/2/5 in
 * socialmap_search.c): name A, terms B, eligibility and organisation C,
 * description D. */
static const char sql_fts_update_pg[] =
	"UPDATE services s SET search ="
	" setweight(to_tsvector('dutch', s.name), 'A') ||"
	" setweight(to_tsvector('dutch', COALESCE((SELECT string_agg(t.name,"
	" ' ') FROM service_terms st JOIN taxonomy_terms t ON t.id = st.term_id"
	" WHERE st.service_id = s.id), '')), 'B') ||"
	" setweight(to_tsvector('dutch', COALESCE(s.eligibility_description,"
	" '') || ' ' || o.name), 'C') ||"
	" setweight(to_tsvector('dutch', s.description), 'D')"
	" FROM organisations o WHERE o.id = s.organisation_id AND s.id = $1";

static void bind_text_or(struct db_stmt *st, int n, const char *s,
			 const char *def)
{
	db_bind_text(st, n, s ? s : def);
}

/* A random (version 4) UUID for a service made without one. */
static void uuid_random(char out[37])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	size_t o = 0;

	randombytes_buf(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 15];
	}
	out[o] = '\0';
}

/* The values shared by insert and update ($2 .. $27, and $28 for the
 * update's municipality). */
static void bind_service(struct db_stmt *st, const struct service_row *s,
			 const char *uuid, const char *now, bool insert)
{
	db_bind_text(st, 2, uuid);
	db_bind_int(st, 3, s->organisation_id);
	db_bind_text(st, 4, s->name);
	db_bind_text(st, 5, s->alternate_name);
	bind_text_or(st, 6, s->description, "");
	db_bind_text(st, 7, s->url);
	db_bind_text(st, 8, s->email);
	bind_text_or(st, 9, s->status, "active");
	db_bind_text(st, 10, s->eligibility_description);
	db_bind_text(st, 11, s->application_process);
	db_bind_text(st, 12, s->fees_description);
	db_bind_text(st, 13, s->cost);
	bind_text_or(st, 14, s->languages, "nl");
	db_bind_text(st, 15, s->opening_hours);
	db_bind_text(st, 16, s->phone);
	db_bind_text(st, 17, s->address);
	db_bind_text(st, 18, s->postal_code);
	db_bind_text(st, 19, s->city);
	if (s->has_point) {
		db_bind_double(st, 20, s->latitude);
		db_bind_double(st, 21, s->longitude);
	} else {
		db_bind_null(st, 20);
		db_bind_null(st, 21);
	}
	if (s->norm_days >= 0)
		db_bind_int(st, 22, s->norm_days);
	else
		db_bind_null(st, 22);
	db_bind_text(st, 23, s->norm_text);
	bind_text_or(st, 24, s->confirmed_at, insert ? now : NULL);
	bind_text_or(st, 25, s->hsds_extra, insert ? "{}" : NULL);
	db_bind_int(st, 26, s->is_demo ? 1 : 0);
	db_bind_text(st, 27, now);
}

static enum err service_write(struct db *db, struct service_row *s)
{
	struct db_stmt *st;
	char now[32], uuid[37];

	store_now(now, sizeof(now));
	if (s->id == 0) {
		if (!s->uuid)
			uuid_random(uuid);
		st = db_prepare(db, sql_insert);
		db_bind_text(st, 1, s->municipality);
		bind_service(st, s, s->uuid ? s->uuid : uuid, now, true);
		return db_run_returning(db, st, &s->id);
	}
	st = db_prepare(db, sql_update);
	db_bind_int(st, 1, s->id);
	bind_service(st, s, s->uuid, now, false);
	db_bind_text(st, 28, s->municipality);
	return db_run(db, st, true);
}

static enum err areas_write(struct db *db, const struct service_row *s)
{
	struct db_stmt *st = db_prepare(db, sql_areas_clear);
	enum err e;

	db_bind_int(st, 1, s->id);
	if ((e = db_run(db, st, false)) != ERR_OK)
		return e;
	for (size_t i = 0; i < s->nareas && e == ERR_OK; i++) {
		st = db_prepare(db, sql_area_insert);
		db_bind_int(st, 1, s->id);
		db_bind_text(st, 2, s->municipality);
		db_bind_text(st, 3, s->areas[i]);
		e = db_run(db, st, false);
	}
	return e;
}

static enum err terms_write(struct db *db, const struct service_row *s)
{
	struct db_stmt *st = db_prepare(db, sql_terms_clear);
	enum err e;

	db_bind_int(st, 1, s->id);
	if ((e = db_run(db, st, false)) != ERR_OK)
		return e;
	for (size_t i = 0; i < s->nterms && e == ERR_OK; i++) {
		st = db_prepare(db, sql_term_insert);
		db_bind_int(st, 1, s->id);
		db_bind_int(st, 2, s->terms[i]);
		e = db_run(db, st, false);
	}
	return e;
}

/* uuid NULL makes a random one for a new service (read it back with
 * store_service_get) and keeps it on an update; description, status and languages NULL take their defaults ('',
 * active, nl); confirmed_at and hsds_extra NULL are now and {} for a new
 * service and unchanged for an update.  On success s->id is set. */
enum err store_service_put(struct db *db, struct service_row *s)
{
	enum err e = service_write(db, s);

	if (e == ERR_OK)
		e = areas_write(db, s);
	if (e == ERR_OK)
		e = terms_write(db, s);
	if (e == ERR_OK)
		e = store_service_reindex(db, s->id);
	return e;
}

/* Areas and terms go with it (ON DELETE CASCADE); the index row by hand
 * (on PostgreSQL it is a column of the row). */
enum err store_service_delete(struct db *db, int64_t id)
{
	struct db_stmt *st;
	enum err e;

	if (db_dialect(db) == DB_SQLITE) {
		st = db_prepare(db, sql_fts_delete);
		db_bind_int(st, 1, id);
		if ((e = db_run(db, st, false)) != ERR_OK)
			return e;
	}
	st = db_prepare(db, sql_delete);
	db_bind_int(st, 1, id);
	return db_run(db, st, true);
}

void store_service_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct service_row *s = row;

	memset(s, 0, sizeof(*s));
	s->id = db_col_int(st, 0);
	s->organisation_id = db_col_int(st, 1);
	s->municipality = db_col_dup(ar, st, 2);
	s->uuid = db_col_dup(ar, st, 3);
	s->name = db_col_dup(ar, st, 4);
	s->alternate_name = db_col_dup(ar, st, 5);
	s->description = db_col_dup(ar, st, 6);
	s->url = db_col_dup(ar, st, 7);
	s->email = db_col_dup(ar, st, 8);
	s->status = db_col_dup(ar, st, 9);
	s->eligibility_description = db_col_dup(ar, st, 10);
	s->application_process = db_col_dup(ar, st, 11);
	s->fees_description = db_col_dup(ar, st, 12);
	s->cost = db_col_dup(ar, st, 13);
	s->languages = db_col_dup(ar, st, 14);
	s->opening_hours = db_col_dup(ar, st, 15);
	s->phone = db_col_dup(ar, st, 16);
	s->address = db_col_dup(ar, st, 17);
	s->postal_code = db_col_dup(ar, st, 18);
	s->city = db_col_dup(ar, st, 19);
	s->has_point = !db_col_null(st, 20) && !db_col_null(st, 21);
	s->latitude = db_col_double(st, 20);
	s->longitude = db_col_double(st, 21);
	s->norm_days = db_col_null(st, 22) ? -1 : (int)db_col_int(st, 22);
	s->norm_text = db_col_dup(ar, st, 23);
	s->confirmed_at = db_col_dup(ar, st, 24);
	s->reminded_at = db_col_dup(ar, st, 25);
	s->hsds_extra = db_col_dup(ar, st, 26);
	s->is_demo = db_col_int(st, 27) != 0;
	s->created_at = db_col_dup(ar, st, 28);
	s->updated_at = db_col_dup(ar, st, 29);
	s->organisation_name = db_col_dup(ar, st, 30);
}

static enum err areas_read(struct db *db, struct arena *ar,
			   struct service_row *s)
{
	struct db_stmt *st = db_prepare(db, sql_areas);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, s->id);
	e = db_list(db, st, ar, sizeof(*s->areas), db_read_text, &rows);
	s->areas = rows.v;
	s->nareas = rows.n;
	return e;
}

static enum err terms_read(struct db *db, struct arena *ar,
			   struct service_row *s)
{
	struct db_stmt *st = db_prepare(db, sql_terms);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, s->id);
	e = db_list(db, st, ar, sizeof(*s->terms), db_read_int, &rows);
	s->terms = rows.v;
	s->nterms = rows.n;
	return e;
}

/* One row of sql (bound to key by the caller), with areas and terms. */
static enum err get_one(struct db *db, struct arena *ar, struct db_stmt *st,
			struct service_row *out)
{
	enum err e;

	memset(out, 0, sizeof(*out));
	e = db_get_one(db, st, ar, store_service_read, out);
	if (e == ERR_OK)
		e = areas_read(db, ar, out);
	if (e == ERR_OK)
		e = terms_read(db, ar, out);
	return e;
}

enum err store_service_get(struct db *db, struct arena *ar, int64_t id,
			   struct service_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_get);

	db_bind_int(st, 1, id);
	return get_one(db, ar, st, out);
}

enum err store_service_by_uuid(struct db *db, struct arena *ar,
			       const char *uuid, struct service_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_by_uuid);

	db_bind_text(st, 1, uuid);
	return get_one(db, ar, st, out);
}

enum err store_services_of_org(struct db *db, struct arena *ar, int64_t org_id,
			       struct service_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_of_org);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, org_id);
	e = db_list(db, st, ar, sizeof(**out), store_service_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

/* Confirming changes what HSDS calls assured_date, so updated_at moves
 * too; a new reminder may be sent after the next period. */
enum err store_service_confirm(struct db *db, int64_t id, const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_confirm);

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, now);
	return db_run(db, st, true);
}

enum err store_service_reindex(struct db *db, int64_t id)
{
	struct db_stmt *st;
	enum err e;

	if (db_dialect(db) == DB_POSTGRES) {
		st = db_prepare(db, sql_fts_update_pg);
		db_bind_int(st, 1, id);
		return db_run(db, st, false);
	}
	st = db_prepare(db, sql_fts_delete);
	db_bind_int(st, 1, id);
	if ((e = db_run(db, st, false)) != ERR_OK)
		return e;
	st = db_prepare(db, sql_fts_insert);
	db_bind_int(st, 1, id);
	return db_run(db, st, false);
}

static const char sql_unindex_org[] =
	"DELETE FROM services_fts WHERE rowid IN"
	" (SELECT id FROM services WHERE organisation_id = $1)";
static const char sql_unindex_org_pg[] =
	"UPDATE services SET search = ''::tsvector WHERE organisation_id = $1";

enum err store_services_unindex_org(struct db *db, int64_t org_id)
{
	struct db_stmt *st = db_prepare(db, db_dialect(db) == DB_POSTGRES
						    ? sql_unindex_org_pg
						    : sql_unindex_org);
	enum err e = ERR_OK;

	db_bind_int(st, 1, org_id);
	if (db_step(st) != DB_DONE)
		e = db_error(db, st);
	db_done(st);
	return e;
}
