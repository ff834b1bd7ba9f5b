/* inventory: see inventory.h. */
#include "inventory.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "i18n/i18n.h"
#include "inventory/normalize.h"



/* The audit actor of the store's inventory functions. */
static struct inv_actor inv_actor_of(const struct actor *a)
{
	struct inv_actor w = {a->kind == ACTOR_ACCOUNT ? a->account_id : 0,
			      a->kind == ACTOR_KEY ? a->key_id : 0, a->label};

	return w;
}

enum err inventory_list_delete(const struct app *app, struct db *db,
			       const struct actor *a, int64_t list_id)
{
	struct inv_actor who = inv_actor_of(a);

	if (list_id <= 0)
		return ERR_NOT_FOUND;
	return store_inventory_list_delete(db, app->municipality, list_id, &who);
}

/* Outside text in a message only when short and printable. */
static const char *echo(struct arena *ar, const char *s)
{
	size_t n = 0;

	if (!s)
		return NULL;
	for (; s[n]; n++)
		if ((unsigned char)s[n] < ' ' || s[n] == 0x7f || n >= 80)
			return "?";
	return arena_strdup(ar, s);
}

/* "Regel 3, kolom 5 (kvk): moet ..." and the like, translated. */
static const char *list_message(struct arena *ar, const struct list_error *le)
{
	const char *m = _(le->msgid), *d = echo(ar, le->detail), *s;

	if (le->line && le->where)
		s = arena_printf(ar, _("Regel %zu, kolom %zu (%s): %s"),
				 le->line, le->column, le->where, m);
	else if (le->line)
		s = arena_printf(ar, _("Regel %zu, kolom %zu: %s"),
				 le->line, le->column, m);
	else if (le->where)
		s = arena_printf(ar, "%s: %s", le->where, m);
	else
		s = m;
	return d ? arena_printf(ar, "%s (%s)", s, d) : s;
}

enum err inventory_import(const struct app *app, struct db *db,
			  struct arena *ar, const struct actor *a,
			  const char *source, const char *data, size_t len,
			  int format, struct import_res *r)
{
	struct partner_list l;
	struct list_error le;
	struct inv_actor who = inv_actor_of(a);
	const char *msg, *clean;
	enum err e;

	memset(r, 0, sizeof(*r));
	memset(&le, 0, sizeof(le));
	r->field = "inhoud";
	if ((msg = list_source_check(ar, source, &clean)) != NULL) {
		r->field = "bron";
		r->message = arena_printf(ar, "%s %s", _("De bron"), _(msg));
		return ERR_INVALID;
	}
	r->source = clean;
	if (format == 'c')
		e = list_read_csv(ar, clean, data, len, &l, &le);
	else if (format == 'j')
		e = list_read_hsds(ar, clean, data, len, &l, &le);
	else
		e = list_read(ar, clean, data, len, &l, &le);
	if (e != ERR_OK) {
		r->message = list_message(ar, &le);
		r->where = json_pack("{s:I, s:I, s:s?}", "line", (json_int_t)le.line,
				     "column", (json_int_t)le.column, "where",
				     le.where);
		return e;
	}
	e = store_inventory_import(db, app->municipality, &l, &who,
				   &r->list_id);
	if (e == ERR_CONFLICT) {
		r->field = "bron";
		r->message = _("Er is al een lijst met deze bron. Geef de lijst een "
			       "andere naam of verwijder de oude eerst.");
		return ERR_CONFLICT;
	}
	if (e != ERR_OK) {
		r->message = _("Er ging iets mis. Probeer het opnieuw.");
		return e;
	}
	r->nrecs = l.n;
	r->format = l.format;
	return ERR_OK;
}

enum err inventory_load(const struct app *app, struct db *db, struct arena *ar,
			double threshold, struct inv_state *s)
{
	struct partner_rec *orgs = NULL, *pending = NULL;
	size_t no = 0, np = 0;
	const char *muni = app->municipality;
	enum err e;

	memset(s, 0, sizeof(*s));
	if ((e = db_begin_read(db)) != ERR_OK)
		return e;
	e = store_inventory_lists(db, ar, muni, &s->lists, &s->nlists);
	if (e == ERR_OK)
		e = store_inventory_orgs(db, ar, muni, &orgs, &no);
	if (e == ERR_OK)
		e = store_inventory_pending(db, ar, muni, &pending, &np);
	db_rollback(db);
	if (e != ERR_OK)
		return e;
	s->n = no + np;
	s->recs = arena_alloc(ar, (s->n + 1) * sizeof(*s->recs));
	if (no)
		memcpy(s->recs, orgs, no * sizeof(*orgs));
	if (np)
		memcpy(s->recs + no, pending, np * sizeof(*pending));
	s->d = arena_alloc(ar, (s->n + 1) * sizeof(*s->d));
	dedupe_prepare(ar, s->recs, s->n, s->d);
	dedupe_run(ar, s->d, s->n, threshold, &s->res);
	return ERR_OK;
}

static int merge_fail(struct merge_res *r, enum err e, const char *message)
{
	r->err = e;
	r->message = message;
	return -1;
}

static enum err outcome(struct merge_res *r, enum err e, const char *message)
{
	merge_fail(r, e, message);
	return e;
}

/* The members of the merge: the organisation first, then the records. */
static int merge_members(const struct app *app, struct arena *ar, struct db *db,
			 const struct merge_req *mr, struct merge_res *res,
			 struct partner_rec **out, size_t *n)
{
	struct partner_rec *orgs = NULL, *m;
	size_t no = 0;
	enum err e;

	*n = 0;
	m = arena_alloc(ar, (mr->nids + 1) * sizeof(*m));
	if (mr->org_id) {
		e = store_inventory_orgs(db, ar, app->municipality,
					 &orgs, &no);
		for (size_t i = 0; e == ERR_OK && i < no; i++)
			if (orgs[i].org_id == mr->org_id)
				m[(*n)++] = orgs[i];
		if (e != ERR_OK || !*n)
			return merge_fail(res, e == ERR_OK ? ERR_NOT_FOUND : e,
					  _("Deze organisatie bestaat niet (meer)."));
	}
	e = store_inventory_records(db, ar, app->municipality,
				    mr->ids, mr->nids, m + *n);
	if (e == ERR_NOT_FOUND)
		return merge_fail(res, ERR_NOT_FOUND, _("Een van de vermeldingen bestaat niet "
					      "(meer)."));
	if (e == ERR_CONFLICT)
		return merge_fail(res, ERR_CONFLICT, _("Een van de vermeldingen is al "
					      "samengevoegd."));
	if (e != ERR_OK)
		return merge_fail(res, e, _("Er ging iets mis. Probeer het opnieuw."));
	*n += mr->nids;
	*out = m;
	return 0;
}

/* The member a choice names, or SIZE_MAX. */
static size_t chosen_member(const struct partner_rec *m, size_t n, int64_t c)
{
	for (size_t i = 0; i < n; i++)
		if ((c == CHOOSE_ORG && m[i].org_id) ||
		    (c > 0 && !m[i].org_id && m[i].id == c))
			return i;
	return SIZE_MAX;
}

/* keep[f]: the member whose value each field keeps (SIZE_MAX: empty). */
static int merge_choose(struct arena *ar, const struct merge_req *mr,
			const struct partner_rec *m, size_t n,
			struct merge_res *res, size_t keep[INV_NFIELDS])
{
	struct dedupe_rec *d = arena_alloc(ar, n * sizeof(*d));
	size_t *idx = arena_alloc(ar, n * sizeof(*idx));

	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	dedupe_prepare(ar, m, n, d);
	dedupe_choose(ar, d, idx, n, keep);
	for (int f = 0; f < INV_NFIELDS; f++) {
		int64_t c = mr->choose[f];

		if (c == CHOOSE_DEFAULT)
			continue;
		if (c == CHOOSE_EMPTY && f != INV_NAAM) {
			keep[f] = SIZE_MAX;
			continue;
		}
		keep[f] = c == CHOOSE_EMPTY ? SIZE_MAX : chosen_member(m, n, c);
		if (keep[f] == SIZE_MAX || !m[keep[f]].f[f])
			return merge_fail(res, ERR_INVALID,
					  arena_printf(ar, "%s: %s",
						       _(inv_field_labels[f]),
						       _("kies een vermelding uit "
							 "de samenvoeging die dit "
							 "veld heeft")));
	}
	return 0;
}

static json_t *member_json(const struct partner_rec *r, const char *value)
{
	json_t *j = json_pack("{s:s?, s:s}", "value", value, "source", r->source);

	if (r->org_id)
		json_object_set_new(j, "organisation", json_integer(r->org_id));
	else
		json_object_set_new(j, "line", json_integer((json_int_t)r->line));
	return j;
}

/* What the report shows: per field the value kept and its source, and
 * every other member's value with its source. */
static char *merge_detail(const struct partner_rec *m, size_t n,
			  const size_t keep[INV_NFIELDS])
{
	json_t *fields = json_object(), *recs = json_array(), *fj, *others, *root;
	char *s;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(recs, m[i].org_id
						    ? json_pack("{s:I}", "organisation",
								(json_int_t)m[i].org_id)
						    : json_pack("{s:I, s:s, s:I}", "id",
								(json_int_t)m[i].id,
								"source", m[i].source,
								"line",
								(json_int_t)m[i].line));
	for (int f = 0; f < INV_NFIELDS; f++) {
		if (keep[f] == SIZE_MAX)
			fj = json_pack("{s:n}", "value");
		else
			fj = member_json(&m[keep[f]], m[keep[f]].f[f]);
		others = json_array();
		for (size_t i = 0; i < n; i++)
			if (i != keep[f] && m[i].f[f])
				json_array_append_new(others, member_json(&m[i], m[i].f[f]));
		json_object_set_new(fj, "others", others);
		json_object_set_new(fields, inv_field_names[f], fj);
	}
	root = json_pack("{s:o, s:o}", "records", recs, "fields", fields);
	s = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	return s;
}

enum err inventory_merge(const struct app *app, struct db *db, struct arena *ar,
			 const struct actor *a, const struct merge_req *mr,
			 struct merge_res *res)
{
	struct partner_rec *m = NULL;
	const struct partner_rec **ptrs;
	struct inv_actor who = inv_actor_of(a);
	struct inv_merge im;
	size_t n, keep[INV_NFIELDS];
	int64_t merge_id = 0;
	char *detail;
	enum err e;

	memset(res, 0, sizeof(*res));
	if (!mr->nids)
		return outcome(res, ERR_INVALID, _("Kies ten minste één vermelding."));
	if (mr->nids > MERGE_MAX)
		return outcome(res, ERR_TOO_LARGE,
			       _("Te veel vermeldingen in één keer."));
	if (merge_members(app, ar, db, mr, res, &m, &n) ||
	    merge_choose(ar, mr, m, n, res, keep))
		return res->err;
	memset(&im, 0, sizeof(im));
	ptrs = arena_alloc(ar, n * sizeof(*ptrs));
	for (size_t i = 0; i < n; i++)
		ptrs[i] = &m[i];
	for (int f = 0; f < INV_NFIELDS; f++)
		im.keep[f] = keep[f] == SIZE_MAX ? NULL : m[keep[f]].f[f];
	im.municipality = app->municipality;
	im.org_id = mr->org_id;
	im.name = im.keep[INV_NAAM];
	im.kind = list_kind(im.keep[INV_SOORT]);
	im.kvk = im.keep[INV_KVK] ? norm_kvk(ar, im.keep[INV_KVK]) : NULL;
	im.website = im.keep[INV_WEBSITE];
	im.email = im.keep[INV_EMAIL];
	im.recs = ptrs;
	im.nrecs = n;
	im.who = &who;
	detail = merge_detail(m, n, keep);
	im.detail = detail;
	e = store_inventory_merge(db, ar, &im, &res->org_id, &merge_id);
	free(detail);
	if (e == ERR_CONFLICT)
		return outcome(res, ERR_CONFLICT,
			       _("Er is al een andere organisatie met deze naam, "
				 "of een vermelding is intussen samengevoegd. "
				 "Kies een andere naam of laad de pagina opnieuw."));
	if (e != ERR_OK)
		return outcome(res, e,
			       e == ERR_NOT_FOUND
				       ? _("Deze organisatie bestaat niet (meer).")
				       : _("Er ging iets mis. Probeer het opnieuw."));
	res->created = mr->org_id == 0;
	res->err = ERR_OK;
	return ERR_OK;
}

