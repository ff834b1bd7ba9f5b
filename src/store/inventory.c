/* inventory: see inventory.h.
 *
 * organisation_sources holds, per organisation, one row per field per
 * source: the value each list gave (source: the list's name, or "name
 * #line" when one list brings several records to the same merge), and the
 * value wijkagenda keeps (source INV_SOURCE_SELF), also for the fields
 * that have no column in organisations (telefoon, adres, postcode,
 * plaats, werkgebied): a later import is compared against those. */
#include "store/inventory.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/accounts.h"
#include "store/hsds_orgs.h"
#include "store/store.h"

/* The two dialects differ only in the id columns (INTEGER PRIMARY KEY on
 * SQLite, an identity column on PostgreSQL, as in the numbered
 * migrations and their .pg.sql pairs); keep the texts in step. */

static const char sql_list_insert[] =
	"INSERT INTO inventory_lists (municipality, source, format, records,"
	" imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
static const char sql_record_insert[] =
	"INSERT INTO inventory_records (list_id, line, naam, kvk, website, email,"
	" telefoon, adres, postcode, plaats, soort, werkgebied)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
static const char sql_lists[] =
	"SELECT l.id, l.source, l.format, l.imported_by, l.imported_at,"
	" l.records, (SELECT COUNT(*) FROM inventory_records r"
	" WHERE r.list_id = l.id AND r.merge_id IS NOT NULL)"
	" FROM inventory_lists l WHERE l.municipality = $1 ORDER BY l.id";
static const char sql_list_get[] =
	"SELECT source, records FROM inventory_lists WHERE id = $1"
	" AND municipality = $2";
static const char sql_list_delete[] =
	"DELETE FROM inventory_lists WHERE id = $1 AND municipality = $2";
#define RECORD_COLUMNS                                                       \
	" r.id, l.source, r.line, r.naam, r.kvk, r.website, r.email,"       \
	" r.telefoon, r.adres, r.postcode, r.plaats, r.soort, r.werkgebied,"\
	" r.merge_id, l.municipality"
static const char sql_pending[] =
	"SELECT" RECORD_COLUMNS " FROM inventory_records r"
	" JOIN inventory_lists l ON l.id = r.list_id"
	" WHERE l.municipality = $1 AND r.merge_id IS NULL"
	" ORDER BY l.id, r.line, r.id";
static const char sql_record_get[] =
	"SELECT" RECORD_COLUMNS " FROM inventory_records r"
	" JOIN inventory_lists l ON l.id = r.list_id WHERE r.id = $1";
static const char sql_orgs[] =
	"SELECT id, name, kind, kvk, website, email FROM organisations"
	" WHERE municipality = $1 ORDER BY id";
static const char sql_orgs_kept[] =
	"SELECT s.organisation_id, s.field, s.value FROM organisation_sources s"
	" JOIN organisations o ON o.id = s.organisation_id"
	" WHERE o.municipality = $1 AND s.source = $2"
	" ORDER BY s.organisation_id";
static const char sql_org_in_muni[] =
	"SELECT 1 FROM organisations WHERE id = $1 AND municipality = $2";
static const char sql_org_contact[] =
	"UPDATE organisations SET website = $2, email = $3, updated_at = $4"
	" WHERE id = $1";
static const char sql_source_put[] =
	"INSERT INTO organisation_sources (organisation_id, source, field,"
	" value, recorded_at) VALUES ($1, $2, $3, $4, $5)"
	" ON CONFLICT (organisation_id, source, field)"
	" DO UPDATE SET value = excluded.value, recorded_at = excluded.recorded_at";
static const char sql_source_clear[] =
	"DELETE FROM organisation_sources WHERE organisation_id = $1"
	" AND source = $2";
static const char sql_record_merged[] =
	"UPDATE inventory_records SET merge_id = $2, merged_into = $3,"
	" merged_at = $4 WHERE id = $1 AND merge_id IS NULL";
static const char sql_merge_insert[] =
	"INSERT INTO inventory_merges (municipality, organisation_id,"
	" organisation_name, created, records, actor_label, merged_at, detail)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char sql_merges[] =
	"SELECT id, organisation_id, organisation_name, created, records,"
	" actor_label, merged_at, detail FROM inventory_merges"
	" WHERE municipality = $1 ORDER BY id DESC LIMIT $2";
static const char sql_org_sources[] =
	"SELECT source, field, value, recorded_at FROM organisation_sources"
	" WHERE organisation_id = $1 ORDER BY field, source";

static enum err audit(struct db *db, const struct inv_actor *who,
		      const char *action, const char *entity, int64_t id,
		      const char *detail)
{
	char idtext[24];
	struct audit_entry a = {who->account_id, who->api_key_id, who->label,
				action, entity, idtext, detail};

	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	return store_audit_add(db, &a);
}

/* The same with a detail built by jansson (consumed). */
static enum err audit_json(struct db *db, const struct inv_actor *who,
			   const char *action, const char *entity, int64_t id,
			   json_t *detail)
{
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	enum err e = detail && !text ? ERR_INTERNAL
				     : audit(db, who, action, entity, id, text);

	free(text);
	json_decref(detail);
	return e;
}

/* --- lists ------------------------------------------------------------------ */

static enum err record_insert(struct db *db, int64_t list_id,
			      const struct partner_rec *r)
{
	struct db_stmt *st = db_prepare(db, sql_record_insert);

	db_bind_int(st, 1, list_id);
	db_bind_int(st, 2, (int64_t)r->line);
	for (int f = 0; f < INV_NFIELDS; f++)
		db_bind_text(st, 3 + f, r->f[f]);
	return db_run(db, st, false);
}

struct import_ctx {
	const char *municipality;
	const struct partner_list *l;
	const struct inv_actor *who;
	int64_t list_id;
};

static enum err import_tx(struct db *db, void *p)
{
	struct import_ctx *c = p;
	const struct partner_list *l = c->l;
	struct db_stmt *st;
	char now[32];
	enum err e;

	c->list_id = 0;
	store_now(now, sizeof(now));
	st = db_prepare(db, sql_list_insert);
	db_bind_text(st, 1, c->municipality);
	db_bind_text(st, 2, l->source);
	db_bind_text(st, 3, l->format);
	db_bind_int(st, 4, (int64_t)l->n);
	db_bind_text(st, 5, c->who->label);
	db_bind_text(st, 6, now);
	e = db_run_returning(db, st, &c->list_id);
	for (size_t i = 0; e == ERR_OK && i < l->n; i++)
		e = record_insert(db, c->list_id, &l->recs[i]);
	if (e == ERR_OK)
		e = audit_json(db, c->who, "inventory.import", "inventory_list",
			       c->list_id,
			       json_pack("{s:I, s:s}", "records", (json_int_t)l->n,
					 "format",
					 strcmp(l->format, "hsds") == 0 ? "hsds"
									: "csv"));
	return e;
}

enum err store_inventory_import(struct db *db, const char *municipality,
				const struct partner_list *l,
				const struct inv_actor *who, int64_t *list_id)
{
	struct import_ctx c = {municipality, l, who, 0};
	enum err e = db_write(db, import_tx, &c);

	*list_id = c.list_id;
	return e;
}

static void inv_list_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct inv_list_row *l = row;

	l->id = db_col_int(st, 0);
	l->source = db_col_dup(ar, st, 1);
	l->format = db_col_dup(ar, st, 2);
	l->imported_by = db_col_dup(ar, st, 3);
	l->imported_at = db_col_dup(ar, st, 4);
	l->records = db_col_int(st, 5);
	l->merged = db_col_int(st, 6);
}

enum err store_inventory_lists(struct db *db, struct arena *ar,
			       const char *municipality,
			       struct inv_list_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_lists);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, municipality);
	e = db_list(db, st, ar, sizeof(**out), inv_list_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

/* The records column of sql_list_get. */
static void records_read(struct arena *ar, struct db_stmt *st, void *row)
{
	*(int64_t *)row = db_col_int(st, 1);
}

/* The list's size, for the audit entry of its deletion. */
static enum err list_get(struct db *db, const char *municipality, int64_t id,
			 int64_t *records)
{
	struct db_stmt *st = db_prepare(db, sql_list_get);

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, municipality);
	return db_get_one(db, st, NULL, records_read, records);
}

struct list_delete_ctx {
	const char *municipality;
	int64_t list_id;
	const struct inv_actor *who;
};

static enum err list_delete_tx(struct db *db, void *p)
{
	struct list_delete_ctx *c = p;
	struct db_stmt *st;
	int64_t records = 0;
	enum err e;

	e = list_get(db, c->municipality, c->list_id, &records);
	if (e == ERR_OK) {
		st = db_prepare(db, sql_list_delete);
		db_bind_int(st, 1, c->list_id);
		db_bind_text(st, 2, c->municipality);
		e = db_run(db, st, true);
	}
	if (e == ERR_OK)
		e = audit_json(db, c->who, "inventory.list_delete",
			       "inventory_list", c->list_id,
			       json_pack("{s:I}", "records", (json_int_t)records));
	return e;
}

enum err store_inventory_list_delete(struct db *db, const char *municipality,
				     int64_t list_id,
				     const struct inv_actor *who)
{
	struct list_delete_ctx c = {municipality, list_id, who};

	return db_write(db, list_delete_tx, &c);
}

/* --- records -------------------------------------------------------------- */

static void record_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct partner_rec *r = row;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, 0);
	r->source = db_col_dup(ar, st, 1);
	r->line = (size_t)db_col_int(st, 2);
	for (int f = 0; f < INV_NFIELDS; f++)
		r->f[f] = db_col_dup(ar, st, 3 + f);
}

enum err store_inventory_pending(struct db *db, struct arena *ar,
				 const char *municipality,
				 struct partner_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_pending);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, municipality);
	e = db_list(db, st, ar, sizeof(**out), record_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

static int field_index(const char *name)
{
	for (int f = 0; name && f < INV_NFIELDS; f++)
		if (strcmp(name, inv_field_names[f]) == 0)
			return f;
	return -1;
}

static struct partner_rec *org_find(struct partner_rec *rows, size_t n,
				    int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) { /* rows are ordered by id */
		size_t mid = lo + (hi - lo) / 2;

		if (rows[mid].org_id == id)
			return &rows[mid];
		if (rows[mid].org_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The values the last merge kept for the fields without a column. */
static enum err orgs_kept(struct db *db, struct arena *ar,
			  const char *municipality, struct partner_rec *rows,
			  size_t n)
{
	struct db_stmt *st = db_prepare(db, sql_orgs_kept);
	struct partner_rec *o;
	enum db_step r;
	enum err e;
	int f;

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, INV_SOURCE_SELF);
	while ((r = db_step(st)) == DB_ROW) {
		o = org_find(rows, n, db_col_int(st, 0));
		f = field_index(db_col_text(st, 1));
		if (o && (f == INV_TELEFOON || f == INV_ADRES ||
			  f == INV_POSTCODE || f == INV_PLAATS ||
			  f == INV_WERKGEBIED) && !o->f[f])
			o->f[f] = db_col_dup(ar, st, 2);
	}
	e = r == DB_DONE ? ERR_OK : db_error(db, st);
	db_done(st);
	return e;
}

/* An organisation as a record of the columns it has. */
static void org_rec_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct partner_rec *o = row;

	memset(o, 0, sizeof(*o));
	o->org_id = db_col_int(st, 0);
	o->source = INV_SOURCE_SELF;
	o->f[INV_NAAM] = db_col_dup(ar, st, 1);
	o->f[INV_SOORT] = db_col_dup(ar, st, 2);
	o->f[INV_KVK] = db_col_dup(ar, st, 3);
	o->f[INV_WEBSITE] = db_col_dup(ar, st, 4);
	o->f[INV_EMAIL] = db_col_dup(ar, st, 5);
}

enum err store_inventory_orgs(struct db *db, struct arena *ar,
			      const char *municipality,
			      struct partner_rec **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_orgs);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, municipality);
	e = db_list(db, st, ar, sizeof(**out), org_rec_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e == ERR_OK ? orgs_kept(db, ar, municipality, *out, *n) : e;
}

/* A staged record of sql_record_get, with its list's municipality and
 * whether it has been merged. */
struct staged {
	struct partner_rec *rec;
	char *municipality;
	bool merged;
};

static void staged_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct staged *s = row;

	record_read(ar, st, s->rec);
	s->merged = !db_col_null(st, 13);
	s->municipality = db_col_dup(ar, st, 14);
}

static enum err record_get(struct db *db, struct arena *ar,
			   const char *municipality, int64_t id,
			   struct partner_rec *out)
{
	struct db_stmt *st = db_prepare(db, sql_record_get);
	struct staged s = {.rec = out};
	enum err e;

	db_bind_int(st, 1, id);
	e = db_get_one(db, st, ar, staged_read, &s);
	if (e == ERR_OK && strcmp(s.municipality, municipality) != 0)
		e = ERR_NOT_FOUND;
	else if (e == ERR_OK && s.merged)
		e = ERR_CONFLICT;
	return e;
}

enum err store_inventory_records(struct db *db, struct arena *ar,
				 const char *municipality, const int64_t *ids,
				 size_t n, struct partner_rec *out)
{
	enum err e = ERR_OK;

	for (size_t i = 0; i < n && e == ERR_OK; i++)
		e = record_get(db, ar, municipality, ids[i], &out[i]);
	return e;
}

/* --- merging -------------------------------------------------------------- */

static enum err org_in_muni(struct db *db, const struct inv_merge *m)
{
	struct db_stmt *st = db_prepare(db, sql_org_in_muni);
	int64_t one;

	db_bind_int(st, 1, m->org_id);
	db_bind_text(st, 2, m->municipality);
	return db_get_one(db, st, NULL, db_read_int, &one);
}

/* Create or update the organisation's columns.  ERR_CONFLICT when another
 * organisation of the municipality has the name, ignoring case and
 * Unicode form: the UNIQUE index on name_key (migration 009, the key of
 * domain/organisation.c that store/organisation.c writes) says so, as for the
 * forms, the API and the HSDS import. */
static enum err org_write(struct db *db, const struct inv_merge *m,
			  int64_t *id)
{
	struct org_row o;
	struct db_stmt *st;
	char now[32];
	enum err e;

	memset(&o, 0, sizeof(o));
	o.id = m->org_id;
	o.municipality = (char *)m->municipality;
	o.name = (char *)m->name;
	o.kind = (char *)m->kind;
	o.kvk = (char *)m->kvk;
	e = m->org_id ? store_org_update(db, &o) : store_org_create(db, &o, id);
	if (m->org_id)
		*id = m->org_id;
	if (e == ERR_OK && m->org_id) /* its name is in its services' index */
		e = store_hsds_reindex_org(db, *id);
	if (e != ERR_OK)
		return e;
	store_now(now, sizeof(now));
	st = db_prepare(db, sql_org_contact);
	db_bind_int(st, 1, *id);
	db_bind_text(st, 2, m->website);
	db_bind_text(st, 3, m->email);
	db_bind_text(st, 4, now);
	return db_run(db, st, true);
}

static enum err source_put(struct db *db, int64_t org, const char *source,
			   const char *field, const char *value,
			   const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_source_put);

	db_bind_int(st, 1, org);
	db_bind_text(st, 2, source);
	db_bind_text(st, 3, field);
	db_bind_text(st, 4, value);
	db_bind_text(st, 5, now);
	return db_run(db, st, false);
}

/* The provenance label of a record: its list, with the line when the list
 * brings more than one record to this merge. */
static const char *source_label(struct arena *ar, const struct inv_merge *m,
				const struct partner_rec *r)
{
	size_t same = 0;

	for (size_t i = 0; i < m->nrecs; i++)
		same += m->recs[i]->org_id == 0 &&
			strcmp(m->recs[i]->source, r->source) == 0;
	return same > 1 ? arena_printf(ar, "%s #%zu", r->source, r->line)
			: r->source;
}

static enum err record_merged(struct db *db, const struct partner_rec *r,
			      int64_t merge_id, int64_t org, const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_record_merged);
	enum err e;

	db_bind_int(st, 1, r->id);
	db_bind_int(st, 2, merge_id);
	db_bind_int(st, 3, org);
	db_bind_text(st, 4, now);
	e = db_run(db, st, true);
	return e == ERR_NOT_FOUND ? ERR_CONFLICT : e; /* merged meanwhile */
}

static enum err provenance(struct db *db, struct arena *ar,
			   const struct inv_merge *m, int64_t org,
			   int64_t merge_id, const char *now)
{
	const struct partner_rec *r;
	const char *label;
	enum err e = ERR_OK;

	for (size_t i = 0; i < m->nrecs && e == ERR_OK; i++) {
		r = m->recs[i];
		if (r->org_id)
			continue; /* the organisation itself: its kept values follow */
		label = source_label(ar, m, r);
		e = record_merged(db, r, merge_id, org, now);
		for (int f = 0; f < INV_NFIELDS && e == ERR_OK; f++)
			if (r->f[f])
				e = source_put(db, org, label, inv_field_names[f],
					       r->f[f], now);
	}
	return e;
}

/* The values kept, under INV_SOURCE_SELF (replacing the previous ones). */
static enum err kept_values(struct db *db, const struct inv_merge *m,
			    int64_t org, const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_source_clear);
	enum err e;

	db_bind_int(st, 1, org);
	db_bind_text(st, 2, INV_SOURCE_SELF);
	e = db_run(db, st, false);
	for (int f = 0; f < INV_NFIELDS && e == ERR_OK; f++)
		if (m->keep[f])
			e = source_put(db, org, INV_SOURCE_SELF, inv_field_names[f],
				       m->keep[f], now);
	return e;
}

static enum err merge_row(struct db *db, const struct inv_merge *m,
			  int64_t org, const char *now, int64_t *merge_id)
{
	struct db_stmt *st = db_prepare(db, sql_merge_insert);
	size_t staged = 0;

	for (size_t i = 0; i < m->nrecs; i++)
		staged += m->recs[i]->org_id == 0;
	db_bind_text(st, 1, m->municipality);
	db_bind_int(st, 2, org);
	db_bind_text(st, 3, m->name);
	db_bind_int(st, 4, m->org_id ? 0 : 1);
	db_bind_int(st, 5, (int64_t)staged);
	db_bind_text(st, 6, m->who->label);
	db_bind_text(st, 7, now);
	db_bind_text(st, 8, m->detail ? m->detail : "{}");
	return db_run_returning(db, st, merge_id);
}

struct merge_ctx {
	struct arena *ar;
	const struct inv_merge *m;
	int64_t org_id, merge_id;
};

static enum err merge_tx(struct db *db, void *p)
{
	struct merge_ctx *c = p;
	const struct inv_merge *m = c->m;
	char now[32];
	enum err e;

	c->org_id = c->merge_id = 0;
	store_now(now, sizeof(now));
	e = m->org_id ? org_in_muni(db, m) : ERR_OK;
	if (e == ERR_OK)
		e = org_write(db, m, &c->org_id);
	if (e == ERR_OK)
		e = merge_row(db, m, c->org_id, now, &c->merge_id);
	if (e == ERR_OK)
		e = provenance(db, c->ar, m, c->org_id, c->merge_id, now);
	if (e == ERR_OK)
		e = kept_values(db, m, c->org_id, now);
	if (e == ERR_OK)
		e = audit(db, m->who, "inventory.merge", "organisation",
			  c->org_id, m->detail);
	return e;
}

enum err store_inventory_merge(struct db *db, struct arena *ar,
			       const struct inv_merge *m, int64_t *org_id,
			       int64_t *merge_id)
{
	struct merge_ctx c = {.ar = ar, .m = m};
	enum err e = db_write(db, merge_tx, &c);

	*org_id = c.org_id;
	*merge_id = c.merge_id;
	return e;
}

/* --- reading the report ---------------------------------------------------- */

static void merge_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct inv_merge_row *m = row;

	m->id = db_col_int(st, 0);
	m->org_id = db_col_id(st, 1);
	m->org_name = db_col_dup(ar, st, 2);
	m->created = db_col_int(st, 3) != 0;
	m->records = db_col_int(st, 4);
	m->actor_label = db_col_dup(ar, st, 5);
	m->merged_at = db_col_dup(ar, st, 6);
	m->detail = db_col_dup(ar, st, 7);
}

enum err store_inventory_merges(struct db *db, struct arena *ar,
				const char *municipality, int limit,
				struct inv_merge_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_merges);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, municipality);
	db_bind_int(st, 2, limit > 0 ? limit : 1);
	e = db_list(db, st, ar, sizeof(**out), merge_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

static void source_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct org_source_row *s = row;

	s->source = db_col_dup(ar, st, 0);
	s->field = db_col_dup(ar, st, 1);
	s->value = db_col_dup(ar, st, 2);
	s->recorded_at = db_col_dup(ar, st, 3);
}

enum err store_org_sources(struct db *db, struct arena *ar, int64_t org_id,
			   struct org_source_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_org_sources);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, org_id);
	e = db_list(db, st, ar, sizeof(**out), source_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}
