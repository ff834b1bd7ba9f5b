/* organisation: the use cases of an organisation: create, change,
 * delete, and the refusal of a change only the beheerder may make.  A
 * form and the JSON API call the same functions, so they can never
 * disagree about what a valid organisation is.
 *
 * Names are unique per municipality ignoring case: the store's UNIQUE
 * index on the case-folded name says so (ERR_CONFLICT), for every path
 * into the database alike. */
#include "organisation.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/audit.h"
#include "base/buf.h"
#include "domain/area.h"
#include "i18n/i18n.h"
#include "store/hsds_orgs.h"
#include "store/socialmap.h"
#include "store/store.h"

#define UNKNOWN_LISTED 20 /* unknown codes named in a message, at most */

/* --- input and validation --------------------------------------------- */

void org_input_add_area(struct arena *ar, struct org_input *in,
			const char *code, size_t len)
{
	/* One past the maximum is enough to report "too many". */
	if (in->nareas > ORG_AREAS_MAX)
		return;
	in->areas = arena_vec_grow(ar, in->areas, in->nareas, &in->cap,
				   sizeof(*in->areas));
	in->areas[in->nareas++] = arena_strndup(ar, code, len);
}

void org_input_add_areas(struct arena *ar, struct org_input *in,
			 const char *text)
{
	static const char sep[] = " \t\r\n,;";
	size_t n;

	while (text && *(text += strspn(text, sep))) {
		n = strcspn(text, sep);
		org_input_add_area(ar, in, text, n);
		text += n;
	}
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_unique(struct org_input *in)
{
	size_t j = 0;

	if (!in->nareas)
		return;
	qsort(in->areas, in->nareas, sizeof(*in->areas), cmp_code);
	for (size_t i = 1; i < in->nareas; i++)
		if (strcmp(in->areas[i], in->areas[j]) != 0)
			in->areas[++j] = in->areas[i];
	in->nareas = j + 1;
}

/* Every code must be well-formed and name an area of the municipality. */
static void areas_check(const struct app *app, struct db *db,
			struct arena *ar, struct org_input *in,
			const char *field, struct field_errors *errs)
{
	struct area_row row;
	struct buf unknown;
	size_t nunknown = 0;
	bool malformed = false, failed = false;
	enum err e;

	if (in->nareas > ORG_AREAS_MAX) {
		field_errors_add(errs, field, N_("heeft te veel gebieden"));
		return;
	}
	sort_unique(in);
	buf_init(&unknown, 4096);
	for (size_t i = 0; i < in->nareas; i++) {
		if (!area_code_valid(in->areas[i])) {
			malformed = true;
			continue;
		}
		e = store_area_get(db, ar, app->municipality,
				   in->areas[i], false, &row);
		if (e == ERR_NOT_FOUND) {
			if (nunknown < UNKNOWN_LISTED)
				buf_addf(&unknown, "%s%s", nunknown ? " " : "",
					 in->areas[i]);
			nunknown++;
		} else if (e != ERR_OK) {
			failed = true;
		}
	}
	if (malformed)
		field_errors_add(errs, field,
				  N_("bevat een ongeldige code (alleen letters, "
				     "cijfers, - en _)"));
	if (nunknown) {
		field_errors_add(errs, field,
				  N_("bevat een gebiedscode die niet bestaat"));
		in->unknown_areas = arena_printf(ar, "%s%s",
						 buf_str(&unknown),
						 nunknown > UNKNOWN_LISTED ? " ..." : "");
	}
	if (failed)
		field_errors_add(errs, field, N_("kon niet worden gecontroleerd"));
	buf_release(&unknown);
}

size_t org_validate(const struct app *app, struct db *db, struct arena *ar,
		    struct org_input *in, const char *areas_field,
		    struct field_errors *errs)
{
	const char *msg;

	msg = text_check(ar, in->name ? in->name : "", 1, ORG_NAME_MAX,
			 false, &in->name);
	if (msg)
		field_errors_add(errs, "name", msg);
	if (!in->kind || !*in->kind)
		field_errors_add(errs, "kind", N_("is verplicht"));
	else if (!org_kind_known(in->kind))
		field_errors_add(errs, "kind", N_("is geen bekende soort"));
	if ((msg = org_kvk_check(ar, in->kvk, &in->kvk)) != NULL)
		field_errors_add(errs, "kvk", msg);
	areas_check(app, db, ar, in, areas_field, errs);
	return errs->n;
}

/* --- transactions ------------------------------------------------------ */

static json_t *codes_json(char *const *codes, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(codes[i]));
	return a;
}

/* An organisation's change inside db_write; id is the new one's. */
struct org_tx {
	const struct app *app;
	struct arena *ar;
	const struct actor *who;
	const struct org_input *in;
	int64_t id;
};

/* An organisation's rows (its areas, its services' index; deleted, its
 * chains, links and memberships, all of its municipality's kwesties and
 * signals) are its municipality's alone: each use case names them so at
 * its end (db_end_in), so that an edit of one municipality's
 * organisations keeps the others' kept answers. */

static enum err create_tx(struct db *db, void *p)
{
	struct org_tx *t = p;
	const struct org_input *in = t->in;
	struct org_row o;
	enum err e;

	t->id = 0;
	memset(&o, 0, sizeof(o));
	o.municipality = (char *)t->app->municipality;
	o.name = (char *)in->name;
	o.kind = (char *)in->kind;
	o.kvk = (char *)in->kvk;
	/* ERR_CONFLICT when the name is taken, ignoring case (name_key) */
	e = store_org_create(db, &o, &t->id);
	if (e == ERR_OK)
		e = store_org_set_areas(db, t->id, o.municipality, in->areas,
					in->nareas);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "organisation.create", "organisation",
				 t->id,
				 json_pack("{s:s, s:s, s:s?, s:o}", "name", in->name,
					   "kind", in->kind, "kvk", in->kvk, "areas",
					   codes_json(in->areas, in->nareas)));
	return db_end_in(db, o.municipality, e);
}

enum err org_create(const struct app *app, struct db *db, struct arena *ar,
		    const struct actor *who, const struct org_input *in,
		    int64_t *id)
{
	struct org_tx t = {app, ar, who, in, 0};
	enum err e = db_write(db, create_tx, &t);

	*id = t.id;
	return e;
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void diff_text(json_t *d, const char *field, const char *old,
		      const char *new)
{
	if (!same_text(old, new))
		json_object_set_new(d, field,
				    json_pack("{s:s?, s:s?}", "old", old, "new", new));
}

static bool same_codes(const struct org_row *old, const struct org_input *in)
{
	if (old->nareas != in->nareas)
		return false;
	for (size_t i = 0; i < in->nareas; i++)
		if (strcmp(old->areas[i], in->areas[i]) != 0)
			return false;
	return true;
}

/* {"field": {"old": ..., "new": ...}} for what changes; NULL: nothing. */
static json_t *org_diff(const struct org_row *old, const struct org_input *in)
{
	json_t *d = json_object();

	diff_text(d, "name", old->name, in->name);
	diff_text(d, "kind", old->kind, in->kind);
	diff_text(d, "kvk", old->kvk, in->kvk);
	/* Both lists are sorted by byte value (ORDER BY area_code). */
	if (!same_codes(old, in))
		json_object_set_new(d, "areas",
				    json_pack("{s:o, s:o}", "old",
					      codes_json(old->areas, old->nareas),
					      "new",
					      codes_json(in->areas, in->nareas)));
	if (json_object_size(d) == 0) {
		json_decref(d);
		return NULL;
	}
	return d;
}

/* A copy of in with the kind and areas of the stored row. */
static const struct org_input *keep_fixed(struct arena *ar,
					  const struct org_row *old,
					  const struct org_input *in)
{
	struct org_input *k = arena_alloc(ar, sizeof(*k));

	*k = *in;
	k->kind = old->kind;
	k->areas = old->areas;
	k->nareas = k->cap = old->nareas;
	return k;
}

/* Nothing changed: nothing is written, not even an audit entry. */
static enum err update_tx(struct db *db, void *p)
{
	struct org_tx *t = p;
	const struct org_input *in = t->in;
	struct org_row old, o;
	json_t *diff = NULL;
	enum err e;

	e = store_org_get(db, t->ar, t->id, &old);
	if (e != ERR_OK)
		return e;
	if (!t->who->is_admin)
		in = keep_fixed(t->ar, &old, in);
	if (!(diff = org_diff(&old, in)))
		return ERR_OK;
	o = old;
	o.name = (char *)in->name;
	o.kind = (char *)in->kind;
	o.kvk = (char *)in->kvk;
	e = store_org_update(db, &o); /* ERR_CONFLICT: the name is taken */
	if (e == ERR_OK) /* the organisation's name is in its services' index */
		e = store_hsds_reindex_org(db, t->id);
	if (e == ERR_OK)
		e = store_org_set_areas(db, t->id, old.municipality, in->areas,
					in->nareas);
	if (e == ERR_OK) {
		e = app_audit(db, t->who, "organisation.update", "organisation",
			      t->id, diff);
		diff = NULL;
	}
	json_decref(diff);
	return db_end_in(db, old.municipality, e);
}

enum err org_update(const struct app *app, struct db *db, struct arena *ar,
		    const struct actor *who, int64_t id,
		    const struct org_input *in)
{
	struct org_tx t = {app, ar, who, in, id};

	return db_write(db, update_tx, &t);
}

const char *org_guard(const struct actor *who, const struct org_row *old,
		      struct org_input *in)
{
	if (who->is_admin)
		return NULL;
	if (in->kind_sent && !same_text(in->kind, old->kind))
		return "kind";
	if (in->areas_sent) {
		sort_unique(in);
		if (!same_codes(old, in))
			return "areas";
	}
	in->kind = old->kind;
	in->areas = old->areas;
	in->nareas = in->cap = old->nareas;
	return NULL;
}

struct refuse_tx {
	const struct actor *who;
	const struct org_row *old;
	const char *field;
	const struct org_input *in;
};

static enum err refuse_tx(struct db *db, void *p)
{
	struct refuse_tx *t = p;
	json_t *d = json_pack("{s:s}", "field", t->field);

	if (strcmp(t->field, "kind") == 0)
		json_object_set_new(d, "kind",
				    json_pack("{s:s?, s:s?}", "old", t->old->kind,
					      "sent", t->in->kind));
	else
		json_object_set_new(d, "areas",
				    json_pack("{s:o, s:o}", "old",
					      codes_json(t->old->areas,
							 t->old->nareas),
					      "sent",
					      codes_json(t->in->areas,
							 t->in->nareas)));
	return app_audit(db, t->who, "organisation.update.refused",
			 "organisation", t->old->id, d);
}

enum err org_refuse(struct db *db, const struct actor *who,
		    const struct org_row *old, const char *field,
		    const struct org_input *in)
{
	struct refuse_tx t = {who, old, field, in};

	return db_write(db, refuse_tx, &t);
}

static enum err delete_tx(struct db *db, void *p)
{
	struct org_tx *t = p;
	struct org_row old;
	enum err e;

	e = store_org_get(db, t->ar, t->id, &old);
	if (e == ERR_OK)
		e = store_services_unindex_org(db, t->id);
	if (e == ERR_OK)
		e = store_org_delete(db, t->id);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "organisation.delete", "organisation",
				 t->id,
				 json_pack("{s:s, s:s, s:s?, s:o}", "name", old.name,
					   "kind", old.kind, "kvk", old.kvk, "areas",
					   codes_json(old.areas, old.nareas)));
	return db_end_in(db, old.municipality, e);
}

enum err org_delete(const struct app *app, struct db *db, struct arena *ar,
		    const struct actor *who, int64_t id)
{
	struct org_tx t = {app, ar, who, NULL, id};

	return db_write(db, delete_tx, &t);
}

