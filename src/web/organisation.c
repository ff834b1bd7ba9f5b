/* organisation: organisations on the beheer pages (list, new, view, edit,
 * delete).  The use cases are app/organisation.c, shared with the JSON API
 * (web/organisation_api.c); here: read the form, call one, render the page. */
#include <stdlib.h>
#include <string.h>

#include "domain/organisation.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "store/grade.h"
#include "views/beheer.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/beheer.h"
#include "web/web.h"

const char *org_refused_message(const char *field)
{
	return strcmp(field, "kind") == 0
		       ? _("Alleen de beheerder mag de soort van een organisatie "
			   "wijzigen.")
		       : _("Alleen de beheerder mag het werkgebied van een "
			   "organisatie wijzigen.");
}

bool org_load(struct http_req *req, struct http_resp *resp, struct db *db,
	      bool json, struct org_row *out)
{
	int64_t id = web_param_id(req, "org");
	enum err e = id ? store_org_get(db, req->arena, id, out) : ERR_NOT_FOUND;
	const char *msg;

	/* another municipality's organisation is not found through this
	 * municipality's site (web/site.h) */
	if (e == ERR_OK && !app_is_here(req->app, out->municipality))
		e = ERR_NOT_FOUND;
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
	if (org_validate(req->app, db, req->arena, &in, "areas_other", &errs)) {
		render_new(req, resp, db, 400, &in, other,
			   page_errors(req, &in, &errs), errs.n);
		return;
	}
	e = org_create(req->app, db, req->arena, auth_actor(req), &in, &id);
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
		if (store_grade_org_reopens(db, org->id, &o.reopen_on_nee) != ERR_OK)
			o.reopen_on_nee = false;
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
	if ((refused = org_guard(auth_actor(req), &org, &in)) != NULL) {
		e = org_refuse(db, auth_actor(req), &org, refused, &in);
		web_html_error(req, resp, e == ERR_OK ? 403 : http_status_for(e),
			       e == ERR_OK ? org_refused_message(refused)
					   : _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	if (org_validate(req->app, db, req->arena, &in, "areas_other", &errs)) {
		render_org(req, resp, db, 400, &org, &in, other,
			   page_errors(req, &in, &errs), errs.n);
		return;
	}
	e = org_update(req->app, db, req->arena, auth_actor(req), org.id, &in);
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
	e = id ? org_delete(req->app, db, req->arena, auth_actor(req), id) : ERR_NOT_FOUND;
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND
				       ? _("Deze organisatie bestaat niet (meer).")
				       : _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	beheer_redirect(req, resp, "/beheer/organisaties?klaar=verwijderd");
}
