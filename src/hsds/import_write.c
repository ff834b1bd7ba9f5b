/* import_write: writing the checked records of an import (see import.c),
 * taxonomies first, then terms, organisations and services, and the audit
 * entry; all inside the caller's transaction. */
#include <stdlib.h>
#include <string.h>

#include "hsds/import_ctx.h"
#include "store/accounts.h"
#include "store/store.h"

/* --- writing --------------------------------------------------------- */

static enum err write_taxonomy(struct imp *im, struct rec *r)
{
	struct taxonomy_row t = {
		.id = r->db_id, .uuid = (char *)r->id,
		.name = (char *)hsds_str(r->obj, "name"),
		.description = (char *)hsds_str(r->obj, "description"),
		.uri = (char *)hsds_str(r->obj, "uri"),
		.version = (char *)hsds_str(r->obj, "version")};
	enum err e;

	if (r->builtin)
		return ERR_OK;
	e = store_taxonomy_put(im->db, &t);
	if (e == ERR_OK) {
		if (r->db_id)
			im->rep->taxonomies.updated++;
		else
			im->rep->taxonomies.created++;
		r->db_id = t.id;
	}
	return e;
}

static char *extra_text(struct imp *im, json_t *obj,
			const char *const *skip)
{
	json_t *extra = json_object(), *v;
	const char *key;
	char *s, *out;

	json_object_foreach(obj, key, v) {
		if (!imp_modelled(key, skip))
			json_object_set(extra, key, v);
	}
	s = json_dumps(extra, JSON_COMPACT);
	out = arena_strdup(im->ar, s ? s : "{}");
	free(s);
	json_decref(extra);
	return out;
}

static enum err write_term(struct imp *im, struct rec *r)
{
	static const char *const skip[] = {"id", "code", "name", "description",
					   "parent_id", "taxonomy_id",
					   "taxonomy_detail", NULL};
	struct term_row t = {
		.id = r->db_id, .uuid = (char *)r->id,
		.code = (char *)hsds_str(r->obj, "code"),
		.name = (char *)hsds_str(r->obj, "name"),
		.description = (char *)hsds_str(r->obj, "description"),
		.parent_uuid = (char *)hsds_str(r->obj, "parent_id")};
	enum err e;

	if (r->builtin)
		return ERR_OK;
	t.taxonomy_id = r->tax ? (r->tax->builtin ? 0 : r->tax->db_id) : r->tax_db;
	t.hsds_extra = extra_text(im, r->obj, skip);
	e = store_term_put(im->db, &t);
	if (e == ERR_OK) {
		if (r->db_id)
			im->rep->taxonomy_terms.updated++;
		else
			im->rep->taxonomy_terms.created++;
		r->db_id = t.id;
	}
	return e;
}

/* The org's extra without what we model or made up. */
static char *org_extra(struct imp *im, struct rec *r)
{
	static const char *const skip[] = {"id", "name", "description", "email",
					   "website", "services", X_WIJKAGENDA,
					   NULL};
	json_t *obj = json_copy(r->obj), *a, *v, *keep;
	size_t i;
	char *s;

	a = json_object_get(obj, "attributes");
	keep = json_array();
	json_array_foreach(a, i, v) {
		const char *t = hsds_str(v, "taxonomy_term_id");

		if (!t)
			t = hsds_str(json_object_get(v, "taxonomy_term"), "id");
		if (!hsds_term_kind(t))
			json_array_append(keep, v);
	}
	if (a && json_array_size(keep))
		json_object_set(obj, "attributes", keep);
	else if (a)
		json_object_del(obj, "attributes");
	json_decref(keep);
	a = json_object_get(obj, "organization_identifiers");
	keep = json_array();
	json_array_foreach(a, i, v) {
		if (!hsds_is_slot(v, r->id, "kvk", NULL))
			json_array_append(keep, v);
	}
	if (a && json_array_size(keep))
		json_object_set(obj, "organization_identifiers", keep);
	else if (a)
		json_object_del(obj, "organization_identifiers");
	json_decref(keep);
	s = extra_text(im, obj, skip);
	json_decref(obj);
	return s;
}

static enum err write_org(struct imp *im, struct rec *r)
{
	struct org_row o = {.id = r->db_id,
			    .municipality = (char *)im->o->municipality,
			    .name = (char *)hsds_str(r->obj, "name"),
			    .kind = r->kind ? r->kind : "overig",
			    .kvk = r->kvk, .is_demo = im->o->is_demo};
	struct hsds_org_row h = {
		.uuid = (char *)r->id,
		.description = (char *)hsds_str(r->obj, "description"),
		.website = (char *)hsds_str(r->obj, "website"),
		.email = (char *)hsds_str(r->obj, "email"),
		.confirmed_at = r->row.confirmed_at ? r->row.confirmed_at : im->now};
	struct org_row old;
	enum err e = ERR_OK;

	if (r->db_id && (e = store_org_get(im->db, im->ar, r->db_id, &old)) == ERR_OK) {
		o.kind = r->kind ? r->kind : old.kind;
		o.kvk = r->kvk ? r->kvk : old.kvk;
		e = store_org_update(im->db, &o);
		im->rep->organizations.updated++;
	} else if (e == ERR_OK) {
		e = store_org_create(im->db, &o, &r->db_id);
		im->rep->organizations.created++;
	}
	h.id = r->db_id;
	h.hsds_extra = org_extra(im, r);
	if (e == ERR_OK)
		e = store_hsds_org_put(im->db, &h);
	if (e == ERR_OK && r->areas_given)
		e = store_org_set_areas(im->db, r->db_id, im->o->municipality,
					r->row.areas, r->row.nareas);
	if (e == ERR_OK && r->old_name && strcmp(r->old_name, o.name) != 0)
		e = store_hsds_reindex_org(im->db, r->db_id);
	return e;
}

static void fill_row(struct imp *im, struct rec *r)
{
	struct service_row *row = &r->row;
	json_t *o = r->obj;

	row->id = r->db_id;
	row->municipality = (char *)im->o->municipality;
	row->uuid = (char *)r->id;
	if (r->org)
		row->organisation_id = r->org->db_id;
	row->name = (char *)hsds_str(o, "name");
	row->alternate_name = (char *)hsds_str(o, "alternate_name");
	row->description = (char *)hsds_str(o, "description");
	row->url = (char *)hsds_str(o, "url");
	row->email = (char *)hsds_str(o, "email");
	row->status = (char *)hsds_str(o, "status");
	row->eligibility_description = (char *)hsds_str(o, "eligibility_description");
	row->application_process = (char *)hsds_str(o, "application_process");
	row->fees_description = (char *)hsds_str(o, "fees_description");
	row->is_demo = im->o->is_demo;
}

/* Terms written in this import are resolved now (-1 at check time). */
static void resolve_terms(struct imp *im, struct rec *r, json_t *a)
{
	size_t k = 0, i;
	json_t *v;

	json_array_foreach(a, i, v) {
		const char *t = hsds_str(v, "taxonomy_term_id");
		struct rec *tr;

		if (!t)
			t = hsds_str(json_object_get(v, "taxonomy_term"), "id");
		if (!t || hsds_builtin_id(t))
			continue;
		if (k < r->row.nterms && r->row.terms[k] == -1 &&
		    (tr = imp_find_rec(im, R_TERM, t)))
			r->row.terms[k] = tr->db_id;
		k++;
	}
}

static enum err write_service(struct imp *im, struct rec *r)
{
	bool existed = r->db_id != 0;
	enum err e;

	fill_row(im, r);
	resolve_terms(im, r, json_object_get(r->obj, "attributes"));
	e = store_service_put(im->db, &r->row);
	if (e == ERR_OK) {
		if (existed)
			im->rep->services.updated++;
		else
			im->rep->services.created++;
		r->db_id = r->row.id;
	}
	return e;
}

static enum err write_audit(struct imp *im)
{
	struct audit_entry a = {0};
	json_t *d = json_pack("{s:s, s:o}", "source",
			      im->o->source ? im->o->source : "",
			      "counts", hsds_report_counts_json(im->rep));
	char *s = json_dumps(d, JSON_COMPACT);
	enum err e;

	a.actor_account_id = im->o->actor_account_id;
	a.actor_api_key_id = im->o->actor_api_key_id;
	a.actor_label = im->o->actor_label ? im->o->actor_label : "command line";
	a.action = "hsds.import";
	a.entity = "hsds";
	a.entity_id = im->o->municipality;
	a.detail = s;
	e = store_audit_add(im->db, &a);
	free(s);
	json_decref(d);
	return e;
}

enum err imp_write_all(struct imp *im)
{
	static const enum rkind order[] = {R_TAXONOMY, R_TERM, R_ORG, R_SERVICE};
	enum err e = ERR_OK;

	for (size_t k = 0; k < 4 && e == ERR_OK; k++) {
		struct recs *rs = &im->r[order[k]];

		for (size_t i = 0; i < rs->n && e == ERR_OK; i++) {
			struct rec *r = rs->v[i];

			switch (order[k]) {
			case R_TAXONOMY: e = write_taxonomy(im, r); break;
			case R_TERM: e = write_term(im, r); break;
			case R_ORG: e = write_org(im, r); break;
			default: e = write_service(im, r); break;
			}
			if (e != ERR_OK)
				hsds_report_add(im->rep, r->path,
						"the database refused the record (%s)",
						err_name(e));
		}
	}
	return e == ERR_OK ? write_audit(im) : e;
}
