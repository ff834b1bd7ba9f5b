/* beheer_orgs: organisations on the beheer pages (list, new, view, edit,
 * delete), and the rules and transactions the JSON API (api_orgs.c)
 * shares with them, so that a form and the API can never disagree about
 * what a valid organisation is.
 *
 * Names are unique per municipality ignoring case ("Welzijn West" and
 * "welzijn west" would confuse everyone); the database's UNIQUE constraint
 * is exact, so the transaction checks the folded names first. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "domain/area.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "store/hsds_orgs.h"
#include "store/socialmap.h"
#include "views/beheer.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/beheer.h"
#include "web/web.h"

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

static bool kind_known(const char *kind)
{
	for (size_t i = 0; kind && i < ORG_KINDS; i++)
		if (strcmp(kind, view_org_kinds[i].value) == 0)
			return true;
	return false;
}

/* The KvK number: blank is none; else exactly 8 digits (spaces around
 * are forgiven, inside are not). */
static const char *kvk_check(struct arena *ar, const char *s, const char **out)
{
	size_t n;

	*out = NULL;
	if (!s)
		return NULL;
	s += strspn(s, " \t");
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n)
		return NULL;
	if (n != 8 || strspn(s, "0123456789") < 8)
		return N_("moet uit precies 8 cijfers bestaan");
	*out = arena_strndup(ar, s, n);
	return NULL;
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
static void areas_check(struct http_req *req, struct db *db,
			struct org_input *in, const char *field,
			struct field_errors *errs)
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
		e = store_area_get(db, req->arena, req->app->municipality,
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
		in->unknown_areas = arena_printf(req->arena, "%s%s",
						 buf_str(&unknown),
						 nunknown > UNKNOWN_LISTED ? " ..." : "");
	}
	if (failed)
		field_errors_add(errs, field, N_("kon niet worden gecontroleerd"));
	buf_release(&unknown);
}

size_t org_validate(struct http_req *req, struct db *db, struct org_input *in,
		    const char *areas_field, struct field_errors *errs)
{
	const char *msg;

	msg = text_check(req->arena, in->name ? in->name : "", 1, ORG_NAME_MAX,
			 false, &in->name);
	if (msg)
		field_errors_add(errs, "name", msg);
	if (!in->kind || !*in->kind)
		field_errors_add(errs, "kind", N_("is verplicht"));
	else if (!kind_known(in->kind))
		field_errors_add(errs, "kind", N_("is geen bekende soort"));
	if ((msg = kvk_check(req->arena, in->kvk, &in->kvk)) != NULL)
		field_errors_add(errs, "kvk", msg);
	areas_check(req, db, in, areas_field, errs);
	return errs->n;
}

/* --- transactions ------------------------------------------------------ */

/* Case-folded (NFC) copy, for comparing names. */
static char *fold(struct arena *ar, const char *s)
{
	utf8proc_uint8_t *f = NULL;
	char *out;

	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &f,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
				 UTF8PROC_CASEFOLD) < 0)
		return arena_strdup(ar, s);
	out = arena_strdup(ar, (const char *)f);
	free(f);
	return out;
}

/* ERR_CONFLICT when another organisation of the municipality has this
 * name, ignoring case. */
static enum err name_free(struct http_req *req, struct db *db,
			  const char *name, int64_t self)
{
	struct org_row *rows;
	const char *want = fold(req->arena, name);
	size_t n;
	enum err e;

	e = store_org_list(db, req->arena, req->app->municipality, &rows, &n);
	for (size_t i = 0; e == ERR_OK && i < n; i++)
		if (rows[i].id != self &&
		    strcmp(fold(req->arena, rows[i].name), want) == 0)
			e = ERR_CONFLICT;
	return e;
}

static json_t *codes_json(char *const *codes, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(codes[i]));
	return a;
}

/* An organisation's change inside db_write; id is the new one's. */
struct org_tx {
	struct http_req *req;
	const struct org_input *in;
	int64_t id;
};

static enum err create_tx(struct db *db, void *p)
{
	struct org_tx *t = p;
	const struct org_input *in = t->in;
	struct org_row o;
	enum err e;

	t->id = 0;
	memset(&o, 0, sizeof(o));
	o.municipality = (char *)t->req->app->municipality;
	o.name = (char *)in->name;
	o.kind = (char *)in->kind;
	o.kvk = (char *)in->kvk;
	e = name_free(t->req, db, in->name, 0);
	if (e == ERR_OK)
		e = store_org_create(db, &o, &t->id);
	if (e == ERR_OK)
		e = store_org_set_areas(db, t->id, o.municipality, in->areas,
					in->nareas);
	if (e == ERR_OK)
		e = beheer_audit(t->req, db, "organisation.create", "organisation",
				 t->id,
				 json_pack("{s:s, s:s, s:s?, s:o}", "name", in->name,
					   "kind", in->kind, "kvk", in->kvk, "areas",
					   codes_json(in->areas, in->nareas)));
	return e;
}

enum err org_create(struct http_req *req, struct db *db,
		    const struct org_input *in, int64_t *id)
{
	struct org_tx t = {req, in, 0};
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
static const struct org_input *keep_fixed(struct http_req *req,
					  const struct org_row *old,
					  const struct org_input *in)
{
	struct org_input *k = arena_alloc(req->arena, sizeof(*k));

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

	e = store_org_get(db, t->req->arena, t->id, &old);
	if (e != ERR_OK)
		return e;
	if (!auth_principal(t->req)->is_admin)
		in = keep_fixed(t->req, &old, in);
	if (!(diff = org_diff(&old, in)))
		return ERR_OK;
	o = old;
	o.name = (char *)in->name;
	o.kind = (char *)in->kind;
	o.kvk = (char *)in->kvk;
	e = name_free(t->req, db, in->name, t->id);
	if (e == ERR_OK)
		e = store_org_update(db, &o);
	if (e == ERR_OK) /* the organisation's name is in its services' index */
		e = store_hsds_reindex_org(db, t->id);
	if (e == ERR_OK)
		e = store_org_set_areas(db, t->id, old.municipality, in->areas,
					in->nareas);
	if (e == ERR_OK) {
		e = beheer_audit(t->req, db, "organisation.update", "organisation",
				 t->id, diff);
		diff = NULL;
	}
	json_decref(diff);
	return e;
}

enum err org_update(struct http_req *req, struct db *db, int64_t id,
		    const struct org_input *in)
{
	struct org_tx t = {req, in, id};

	return db_write(db, update_tx, &t);
}

const char *org_guard(struct http_req *req, const struct org_row *old,
		      struct org_input *in)
{
	if (auth_principal(req)->is_admin)
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

const char *org_refused_message(const char *field)
{
	return strcmp(field, "kind") == 0
		       ? _("Alleen de beheerder mag de soort van een organisatie "
			   "wijzigen.")
		       : _("Alleen de beheerder mag het werkgebied van een "
			   "organisatie wijzigen.");
}

struct refuse_tx {
	struct http_req *req;
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
	return beheer_audit(t->req, db, "organisation.update.refused",
			    "organisation", t->old->id, d);
}

enum err org_refuse(struct http_req *req, struct db *db,
		    const struct org_row *old, const char *field,
		    const struct org_input *in)
{
	struct refuse_tx t = {req, old, field, in};

	return db_write(db, refuse_tx, &t);
}

static enum err delete_tx(struct db *db, void *p)
{
	struct org_tx *t = p;
	struct org_row old;
	enum err e;

	e = store_org_get(db, t->req->arena, t->id, &old);
	if (e == ERR_OK)
		e = store_services_unindex_org(db, t->id);
	if (e == ERR_OK)
		e = store_org_delete(db, t->id);
	if (e == ERR_OK)
		e = beheer_audit(t->req, db, "organisation.delete", "organisation",
				 t->id,
				 json_pack("{s:s, s:s, s:s?, s:o}", "name", old.name,
					   "kind", old.kind, "kvk", old.kvk, "areas",
					   codes_json(old.areas, old.nareas)));
	return e;
}

enum err org_delete(struct http_req *req, struct db *db, int64_t id)
{
	struct org_tx t = {req, NULL, id};

	return db_write(db, delete_tx, &t);
}

bool org_load(struct http_req *req, struct http_resp *resp, struct db *db,
	      bool json, struct org_row *out)
{
	int64_t id = web_param_id(req, "org");
	enum err e = id ? store_org_get(db, req->arena, id, out) : ERR_NOT_FOUND;
	const char *msg;

	if (e == ERR_OK)
		return true;
	msg = e == ERR_NOT_FOUND ? _("Deze organisatie bestaat niet (meer).")
				 : _("Er ging iets mis. Probeer het opnieuw.");
	if (json)
		web_json_error(resp, http_status_for(e), msg, NULL);
	else
		web_html_error(req, resp, http_status_for(e), msg);
	return false;
}

void beheer_redirect(struct http_req *req, struct http_resp *resp,
		     const char *location)
{
	(void)req;
	resp->status = 303;
	http_resp_header(resp, "Location", location);
}

/* --- pages -------------------------------------------------------------- */

/* Confirmations after a redirect: a fixed word in ?klaar=, never text
 * from the request. */
static const char *notice_for(struct http_req *req)
{
	const char *k = form_get(&req->query, "klaar");

	if (!k)
		return NULL;
	if (strcmp(k, "aangemaakt") == 0)
		return _("De organisatie is aangemaakt.");
	if (strcmp(k, "gewijzigd") == 0)
		return _("De wijzigingen zijn opgeslagen.");
	if (strcmp(k, "verwijderd") == 0)
		return _("De organisatie is verwijderd.");
	return NULL;
}

void web_beheer_orgs(struct http_req *req, struct http_resp *resp)
{
	struct page pg = web_page(req, _("Organisaties"));
	struct org_row *rows;
	struct db *db = web_db(req, resp, 0);
	size_t n;

	if (!db)
		return;
	if (store_org_list(db, req->arena, req->app->municipality, &rows, &n) !=
	    ERR_OK) {
		web_html_error(req, resp, 500, _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	resp->no_store = true;
	view_beheer_orgs(HTML_ON(&resp->body), &pg, rows, n, notice_for(req));
}

/* Stadsdelen and gebieden as checkboxes (gebieden grouped by the code of
 * their stadsdeel). */
static void area_choices(struct http_req *req, struct db *db,
			 struct org_form *f)
{
	static const char *const levels[2] = {"stadsdeel", "gebied"};
	const struct choice **dst[2] = {&f->stadsdelen, &f->gebieden};
	size_t *cnt[2] = {&f->nstadsdelen, &f->ngebieden};
	struct area_row *rows;
	struct choice *c;
	size_t n;

	for (int l = 0; l < 2; l++) {
		*dst[l] = NULL;
		*cnt[l] = 0;
		if (store_area_list(db, req->arena, req->app->municipality,
				    levels[l], &rows, &n) != ERR_OK)
			continue;
		c = arena_alloc(req->arena, (n ? n : 1) * sizeof(*c));
		for (size_t i = 0; i < n; i++)
			c[i] = (struct choice){rows[i].code, rows[i].name,
					       rows[i].parent_code};
		*dst[l] = c;
		*cnt[l] = n;
	}
}

static bool among(const struct choice *c, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].value, code) == 0)
			return true;
	return false;
}

/* The codes that have no checkbox, for the text field. */
static const char *other_codes(struct http_req *req, const struct org_form *f)
{
	const char *s = "";

	for (size_t i = 0; i < f->nareas; i++)
		if (!among(f->stadsdelen, f->nstadsdelen, f->areas[i]) &&
		    !among(f->gebieden, f->ngebieden, f->areas[i]))
			s = arena_printf(req->arena, "%s%s%s", s, *s ? " " : "",
					 f->areas[i]);
	return s;
}

/* The form's fields into in (and the raw text of the other codes). */
static void read_form(struct http_req *req, struct org_input *in,
		      const char **other)
{
	const struct form *f = web_form(req);

	memset(in, 0, sizeof(*in));
	in->name = form_get(f, "name");
	in->kind = form_get(f, "kind");
	in->kind_sent = in->kind != NULL;
	in->kvk = form_get(f, "kvk");
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].key, "areas") == 0) {
			org_input_add_area(req->arena, in, f->fields[i].value,
					   strlen(f->fields[i].value));
			in->areas_sent = true;
		}
	*other = form_get(f, "areas_other");
	in->areas_sent |= *other != NULL;
	org_input_add_areas(req->arena, in, *other);
}

/* Field messages for the page; the unknown codes are named. */
static struct field_error *page_errors(struct http_req *req,
				       const struct org_input *in,
				       const struct field_errors *errs)
{
	struct field_error *fe = arena_alloc(req->arena, (errs->n + 1) * sizeof(*fe));

	for (size_t i = 0; i < errs->n; i++) {
		fe[i].field = errs->e[i].field;
		fe[i].message = _(errs->e[i].msgid);
		if (in->unknown_areas &&
		    strcmp(errs->e[i].msgid, "bevat een gebiedscode die niet bestaat") == 0)
			fe[i].message = arena_printf(req->arena, "%s: %s",
						     fe[i].message, in->unknown_areas);
	}
	return fe;
}

static void form_fill(struct org_form *f, const struct org_input *in,
		      const char *other, const struct field_error *errs,
		      size_t n)
{
	f->name = in->name;
	f->kind = in->kind;
	f->kvk = in->kvk;
	f->areas = in->areas;
	f->nareas = in->nareas;
	f->areas_other = other;
	f->errors = errs;
	f->nerrors = n;
}

static void render_new(struct http_req *req, struct http_resp *resp,
		       struct db *db, int status, const struct org_input *in,
		       const char *other, const struct field_error *errs,
		       size_t n)
{
	struct page pg = web_page(req, _("Nieuwe organisatie"));
	struct org_form f;

	memset(&f, 0, sizeof(f));
	f.action = "/beheer/organisaties/nieuw";
	f.csrf = auth_principal(req)->csrf;
	f.submit = _("Organisatie aanmaken");
	area_choices(req, db, &f);
	if (in)
		form_fill(&f, in, other, errs, n);
	if (n)
		pg.title = _("Fout: Nieuwe organisatie");
	resp->status = status;
	resp->no_store = true;
	view_beheer_org_new(HTML_ON(&resp->body), &pg, &f);
}

void web_beheer_org_new_form(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);

	if (db)
		render_new(req, resp, db, 200, NULL, NULL, NULL, 0);
}

static struct field_error name_taken_error(void)
{
	struct field_error fe = {"name",
				 _("wordt al gebruikt door een andere organisatie")};
	return fe;
}

void web_beheer_org_new_post(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	struct field_errors errs;
	struct org_input in;
	struct field_error taken;
	const char *other;
	int64_t id = 0;
	enum err e;

	if (!db)
		return;
	memset(&errs, 0, sizeof(errs));
	read_form(req, &in, &other);
	if (org_validate(req, db, &in, "areas_other", &errs)) {
		render_new(req, resp, db, 400, &in, other,
			   page_errors(req, &in, &errs), errs.n);
		return;
	}
	e = org_create(req, db, &in, &id);
	if (e == ERR_CONFLICT) {
		taken = name_taken_error();
		render_new(req, resp, db, 409, &in, other, &taken, 1);
		return;
	}
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	beheer_redirect(req, resp,
			arena_printf(req->arena,
				     "/beheer/organisaties/%lld?klaar=aangemaakt",
				     (long long)id));
}

/* Names of the organisation's areas, from the loaded area index. */
static const char *const *area_names(struct http_req *req,
				     const struct org_row *o)
{
	const char **names = arena_alloc(req->arena, (o->nareas + 1) * sizeof(*names));
	const struct area_node *node;

	for (size_t i = 0; i < o->nareas; i++) {
		node = req->app->areas ? areaidx_find(req->app->areas, o->areas[i])
				       : NULL;
		names[i] = node ? node->name : NULL;
	}
	return names;
}

/* The page of an organisation; with in, the edit form shows that input
 * and its errors instead of the stored values. */
static void render_org(struct http_req *req, struct http_resp *resp,
		       struct db *db, int status, const struct org_row *org,
		       const struct org_input *in, const char *other,
		       const struct field_error *errs, size_t n)
{
	const struct principal *p = auth_principal(req);
	enum authz_rel rel = auth_rel_org(p, org->id);
	struct page pg = web_page(req, org->name);
	struct org_page o;
	struct org_form f;

	memset(&o, 0, sizeof(o));
	memset(&f, 0, sizeof(f));
	o.org = org;
	o.area_names = area_names(req, org);
	o.csrf = p->csrf;
	o.notice = status == 200 ? notice_for(req) : NULL;
	o.can_delete = authz_allows(AZ_ORG_DELETE, p->is_admin, rel);
	o.can_members = authz_allows(AZ_MEMBER_LIST, p->is_admin, rel);
	o.can_keys = authz_allows(AZ_APIKEY_MANAGE, p->is_admin, rel);
	if (authz_allows(AZ_ORG_UPDATE, p->is_admin, rel)) {
		f.action = arena_printf(req->arena, "/beheer/organisaties/%lld",
					(long long)org->id);
		f.csrf = p->csrf;
		f.submit = _("Wijzigingen opslaan");
		f.kind_areas_fixed = !p->is_admin;
		area_choices(req, db, &f);
		f.name = org->name;
		f.kind = org->kind;
		f.kvk = org->kvk;
		f.areas = org->areas;
		f.nareas = org->nareas;
		f.areas_other = other_codes(req, &f);
		if (in)
			form_fill(&f, in, other, errs, n);
		o.form = &f;
	}
	if (n)
		pg.title = arena_printf(req->arena, "%s %s", _("Fout:"), org->name);
	resp->status = status;
	resp->no_store = true;
	view_beheer_org(HTML_ON(&resp->body), &pg, &o);
}

void web_beheer_org(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	struct org_row org;

	if (db && org_load(req, resp, db, false, &org))
		render_org(req, resp, db, 200, &org, NULL, NULL, NULL, 0);
}

void web_beheer_org_update(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	struct field_errors errs;
	struct org_input in;
	struct org_row org;
	struct field_error taken;
	const char *other, *refused;
	enum err e;

	if (!db || !org_load(req, resp, db, false, &org))
		return;
	memset(&errs, 0, sizeof(errs));
	read_form(req, &in, &other);
	if ((refused = org_guard(req, &org, &in)) != NULL) {
		e = org_refuse(req, db, &org, refused, &in);
		web_html_error(req, resp, e == ERR_OK ? 403 : http_status_for(e),
			       e == ERR_OK ? org_refused_message(refused)
					   : _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	if (org_validate(req, db, &in, "areas_other", &errs)) {
		render_org(req, resp, db, 400, &org, &in, other,
			   page_errors(req, &in, &errs), errs.n);
		return;
	}
	e = org_update(req, db, org.id, &in);
	if (e == ERR_CONFLICT) {
		taken = name_taken_error();
		render_org(req, resp, db, 409, &org, &in, other, &taken, 1);
		return;
	}
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	beheer_redirect(req, resp,
			arena_printf(req->arena,
				     "/beheer/organisaties/%lld?klaar=gewijzigd",
				     (long long)org.id));
}

void web_beheer_org_delete(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	int64_t id = web_param_id(req, "org");
	enum err e;

	if (!db)
		return;
	e = id ? org_delete(req, db, id) : ERR_NOT_FOUND;
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND
				       ? _("Deze organisatie bestaat niet (meer).")
				       : _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	beheer_redirect(req, resp, "/beheer/organisaties?klaar=verwijderd");
}
