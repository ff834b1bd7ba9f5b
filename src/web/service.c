/* service: coordinators keep their organisation's services on the
 * social map: list, add, change, remove, and confirm that an entry is
 * still right (one click).
 *
 * The router lets members read (AZ_MEMBER_LIST) and coordinators or the
 * beheerder write (AZ_ORG_UPDATE), by their relation to {org}.  That only
 * holds when the service belongs to {org}: every handler checks it and
 * answers 404 otherwise, inside the write transaction, so a coordinator of
 * one organisation can never reach another's service through their own
 * URL.
 *
 * Every changed field is one audit entry {"field", "old", "new"} in the
 * transaction of the change; saving the form also confirms the entry. */
#include <string.h>

#include "app/plain.h"
#include "app/service.h"
#include "base/utf8.h"
#include "i18n/i18n.h"
#include "store/accounts.h"
#include "store/socialmap_search.h"
#include "views/form.h"
#include "views/sociale_kaart.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/freshness.h"
#include "web/web.h"


/* --- the request's organisation and service --------------------------- */

struct ctx {
	struct http_req *req;
	struct http_resp *resp;
	struct db *db;
	const struct principal *who;
	int64_t org_id, id;
	struct sk_org org;
	bool can_edit;
};

static bool ctx_init(struct ctx *c, struct http_req *req,
		     struct http_resp *resp)
{
	enum err e;

	memset(c, 0, sizeof(*c));
	c->req = req;
	c->resp = resp;
	resp->no_store = true;
	c->who = auth_principal(req);
	c->org_id = web_param_id(req, "org");
	c->id = web_param_id(req, "id");
	if (!(c->db = web_db(req, resp, 0)))
		return false;
	e = c->org_id ? store_socialmap_org(c->db, req->arena, c->org_id, &c->org)
		      : ERR_NOT_FOUND;
	if (e == ERR_OK && !app_is_here(req->app, c->org.municipality))
		e = ERR_NOT_FOUND;
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Deze organisatie bestaat niet.")
						  : _("Er ging iets mis."));
		return false;
	}
	c->can_edit = authz_allows(AZ_ORG_UPDATE, c->who->is_admin,
				   auth_rel_org(c->who, c->org_id));
	return true;
}

/* The service {id}, if it belongs to {org}. */
static enum err service_of_org(struct ctx *c, struct service_row *s)
{
	enum err e = c->id ? store_service_get(c->db, c->req->arena, c->id, s)
			   : ERR_NOT_FOUND;

	if (e == ERR_OK && s->organisation_id != c->org_id)
		e = ERR_NOT_FOUND;
	return e;
}

static void fail(struct ctx *c, enum err e)
{
	web_html_error(c->req, c->resp, http_status_for(e),
		       e == ERR_NOT_FOUND
			       ? _("Deze dienst hoort niet bij deze organisatie, "
				   "of bestaat niet (meer).")
		       : e == ERR_BUSY ? _("Het is even te druk. Probeer het over "
					   "een minuut opnieuw.")
				       : _("Er ging iets mis."));
}

static const char *list_href(struct ctx *c)
{
	return arena_printf(c->req->arena, "/beheer/organisaties/%lld/diensten",
			    (long long)c->org_id);
}

static const char *service_href(struct ctx *c, int64_t id, const char *tail)
{
	return arena_printf(c->req->arena, "/beheer/organisaties/%lld/diensten/%lld%s",
			    (long long)c->org_id, (long long)id, tail);
}

static void redirect(struct ctx *c, const char *to)
{
	c->resp->status = 303;
	http_resp_header(c->resp, "Location", to);
}

/* Codes joined by spaces, for the text field of other areas. */
static const char *joined(struct ctx *c, char *const *codes, size_t n)
{
	const char *out = "";

	for (size_t i = 0; i < n; i++)
		out = arena_printf(c->req->arena, "%s%s%s", out, i ? " " : "",
				   codes[i]);
	return out;
}

static const char *norm_str(struct ctx *c, int days)
{
	return days < 0 ? NULL : arena_printf(c->req->arena, "%d", days);
}

/* --- the form ------------------------------------------------------------- */

struct input {
	struct dienst_form view; /* as typed, for showing it again */
	struct field_error errors[FIELD_MAX_ERRORS];
	struct service_check checked;
};

/* The typed values, repaired for showing them again. */
static void keep_typed(struct ctx *c, struct input *in, const struct form *f)
{
	struct dienst_form *v = &in->view;
	struct arena *a = c->req->arena;

	v->name = utf8_sanitize(a, form_get(f, "name"));
	v->description = utf8_sanitize(a, form_get(f, "description"));
	v->eligibility = utf8_sanitize(a, form_get(f, "eligibility"));
	v->application = utf8_sanitize(a, form_get(f, "application"));
	v->opening_hours = utf8_sanitize(a, form_get(f, "opening_hours"));
	v->cost = utf8_sanitize(a, form_get(f, "cost"));
	v->fees = utf8_sanitize(a, form_get(f, "fees"));
	v->languages = utf8_sanitize(a, form_get(f, "languages"));
	v->phone = utf8_sanitize(a, form_get(f, "phone"));
	v->email = utf8_sanitize(a, form_get(f, "email"));
	v->url = utf8_sanitize(a, form_get(f, "url"));
	v->address = utf8_sanitize(a, form_get(f, "address"));
	v->postal_code = utf8_sanitize(a, form_get(f, "postal_code"));
	v->city = utf8_sanitize(a, form_get(f, "city"));
	v->norm_days = utf8_sanitize(a, form_get(f, "norm_days"));
	v->norm_text = utf8_sanitize(a, form_get(f, "norm_text"));
	v->status = utf8_sanitize(a, form_get(f, "status"));
	v->areas_other = utf8_sanitize(a, form_get(f, "areas_other"));
}

/* The values of every field named key. */
static const char *const *all_of(struct ctx *c, const struct form *f,
				 const char *key, size_t *n)
{
	const char **v = arena_alloc(c->req->arena, (f->n + 1) * sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].key, key) == 0)
			v[(*n)++] = f->fields[i].value;
	return v;
}

/* The form into a request for the use case (app/service.h). */
static void read_request(struct ctx *c, const struct form *f,
			 struct service_request *rq)
{
	struct service_input *in = &rq->in;

	memset(rq, 0, sizeof(*rq));
	in->name = form_get(f, "name");
	in->description = form_get(f, "description");
	in->eligibility = form_get(f, "eligibility");
	in->application = form_get(f, "application");
	in->opening_hours = form_get(f, "opening_hours");
	in->cost = form_get(f, "cost");
	in->fees = form_get(f, "fees");
	in->languages = form_get(f, "languages");
	in->phone = form_get(f, "phone");
	in->email = form_get(f, "email");
	in->url = form_get(f, "url");
	in->address = form_get(f, "address");
	in->postal_code = form_get(f, "postal_code");
	in->city = form_get(f, "city");
	in->norm_days = form_get(f, "norm_days");
	in->norm_text = form_get(f, "norm_text");
	in->status = form_get(f, "status");
	rq->areas = all_of(c, f, "areas", &rq->nareas);
	rq->areas_other = form_get(f, "areas_other");
	rq->terms = all_of(c, f, "terms", &rq->nterms);
	rq->plain_confirmed = form_get(f, "confirm_plain") &&
			      strcmp(form_get(f, "confirm_plain"), "1") == 0;
}

/* Check the form; the errors, translated, on the view. */
static size_t validate(struct ctx *c, struct input *in)
{
	const struct form *f = web_form(c->req);
	struct service_request rq;
	struct field_errors errs;
	const char *msg;

	memset(&errs, 0, sizeof(errs));
	keep_typed(c, in, f);
	read_request(c, f, &rq);
	service_check(c->req->app, c->db, c->req->arena, &rq, &in->checked, &errs);
	for (size_t i = 0; i < errs.n; i++) {
		msg = _(errs.e[i].msgid);
		if (errs.e[i].msgid == plain_refusal)
			in->view.ask_plain = true;
		if (in->checked.unknown_area &&
		    strcmp(errs.e[i].msgid, "gebied '%s' kennen we niet") == 0)
			msg = arena_printf(c->req->arena, _("gebied '%s' kennen we niet"),
					   in->checked.unknown_area);
		in->errors[i] = (struct field_error){errs.e[i].field, msg};
	}
	in->view.errors = in->errors;
	in->view.nerrors = errs.n;
	return errs.n;
}

/* --- pages -------------------------------------------------------------- */

static void form_options(struct ctx *c, struct dienst_form *v)
{
	struct area_row *g = NULL, *sd = NULL;
	struct choice *opts, *terms_;
	size_t ng = 0, nsd = 0, n = 0;

	store_area_list(c->db, c->req->arena, c->req->app->municipality,
			"gemeente", &g, &ng);
	store_area_list(c->db, c->req->arena, c->req->app->municipality,
			"stadsdeel", &sd, &nsd);
	opts = arena_alloc(c->req->arena, (ng + nsd + 1) * sizeof(*opts));
	for (size_t i = 0; i < ng; i++)
		opts[n++] = (struct choice){g[i].code,
					    arena_printf(c->req->arena, _("Heel %s"),
							 g[i].name),
					    NULL};
	for (size_t i = 0; i < nsd; i++)
		opts[n++] = (struct choice){sd[i].code,
					    arena_printf(c->req->arena,
							 _("Stadsdeel %s"), sd[i].name),
					    NULL};
	v->area_opts = opts;
	v->narea_opts = n;
	kaart_term_choices(c->req, c->db, SK_TAXONOMY_DOELGROEP, &terms_,
			   &v->ndoelgroepen);
	v->doelgroepen = terms_;
	kaart_term_choices(c->req, c->db, SK_TAXONOMY_THEMA, &terms_, &v->nthemas);
	v->themas = terms_;
	v->csrf = c->who->csrf;
}

/* Which of the codes are checkboxes (gemeente, stadsdelen). */
static bool is_option(const struct dienst_form *v, const char *code)
{
	for (size_t i = 0; i < v->narea_opts; i++)
		if (strcmp(v->area_opts[i].value, code) == 0)
			return true;
	return false;
}

/* Checked boxes: areas and term codes (from a row or the input). */
static void set_checked(struct ctx *c, struct dienst_form *v, char **areas,
			size_t nareas, char **codes, size_t ncodes)
{
	char **all = arena_alloc(c->req->arena,
				 (nareas + ncodes + 1) * sizeof(*all));

	if (nareas)
		memcpy(all, areas, nareas * sizeof(*all));
	if (ncodes)
		memcpy(all + nareas, codes, ncodes * sizeof(*all));
	v->checked = all;
	v->nchecked = nareas + ncodes;
}

/* The edit form filled from a stored service. */
static enum err form_from_row(struct ctx *c, const struct service_row *s,
			      struct dienst_form *v)
{
	struct term_row *t;
	char **codes, **other;
	size_t nt, nother = 0;
	enum err e;

	memset(v, 0, sizeof(*v));
	form_options(c, v);
	v->name = s->name;
	v->description = s->description;
	v->eligibility = s->eligibility_description;
	v->application = s->application_process;
	v->opening_hours = s->opening_hours;
	v->cost = s->cost;
	v->fees = s->fees_description;
	v->languages = s->languages;
	v->phone = s->phone;
	v->email = s->email;
	v->url = s->url;
	v->address = s->address;
	v->postal_code = s->postal_code;
	v->city = s->city;
	v->norm_days = norm_str(c, s->norm_days);
	v->norm_text = s->norm_text;
	v->status = s->status;
	other = arena_alloc(c->req->arena, (s->nareas + 1) * sizeof(*other));
	for (size_t i = 0; i < s->nareas; i++)
		if (!is_option(v, s->areas[i]))
			other[nother++] = s->areas[i];
	v->areas_other = joined(c, other, nother);
	if ((e = store_socialmap_service_terms(c->db, c->req->arena, s->id, &t,
					       &nt)) != ERR_OK)
		return e;
	codes = arena_alloc(c->req->arena, (nt + 1) * sizeof(*codes));
	for (size_t i = 0; i < nt; i++)
		codes[i] = t[i].code ? t[i].code : t[i].uuid;
	set_checked(c, v, s->areas, s->nareas, codes, nt);
	return ERR_OK;
}

static const char *notice_of(struct http_req *req)
{
	if (form_get(&req->query, "opgeslagen"))
		return _("De dienst is opgeslagen en bevestigd.");
	if (form_get(&req->query, "bevestigd"))
		return _("Bedankt. U heeft bevestigd dat de informatie klopt.");
	if (form_get(&req->query, "verwijderd"))
		return _("De dienst is van de sociale kaart gehaald.");
	return NULL;
}

static void render_list(struct ctx *c, struct dienst_form *form, int status)
{
	struct diensten_page d;
	struct service_row *rows;
	struct dienst_row *dr;
	struct page p = web_page(c->req, _("Diensten op de sociale kaart"));
	char cutoff[32];
	size_t n;
	enum err e = store_services_of_org(c->db, c->req->arena, c->org_id, &rows, &n);

	if (e != ERR_OK) {
		fail(c, e);
		return;
	}
	freshness_cutoff(cutoff, sizeof(cutoff));
	dr = arena_alloc(c->req->arena, (n + 1) * sizeof(*dr));
	for (size_t i = 0; i < n; i++)
		dr[i] = (struct dienst_row){
			rows[i].name, service_href(c, rows[i].id, ""),
			arena_printf(c->req->arena, "/sociale-kaart/diensten/%lld",
				     (long long)rows[i].id),
			service_href(c, rows[i].id, "/bevestigen"),
			rows[i].confirmed_at, rows[i].status,
			freshness_stale(rows[i].confirmed_at, cutoff)};
	memset(&d, 0, sizeof(d));
	d.org_name = c->org.name;
	d.org_href = arena_printf(c->req->arena, "/beheer/organisaties/%lld",
				  (long long)c->org_id);
	d.rows = dr;
	d.nrows = n;
	d.can_edit = c->can_edit;
	d.csrf = c->who->csrf;
	d.notice = status == 200 ? notice_of(c->req) : NULL;
	d.form = c->can_edit ? form : NULL;
	d.freshness_days = freshness_days();
	c->resp->status = status;
	c->resp->content_type = "text/html; charset=utf-8";
	view_diensten(HTML_ON(&c->resp->body), &p, &d);
}

void web_diensten_list(struct http_req *req, struct http_resp *resp)
{
	struct dienst_form form;
	struct ctx c;

	if (!ctx_init(&c, req, resp))
		return;
	memset(&form, 0, sizeof(form));
	form_options(&c, &form);
	form.action = list_href(&c);
	form.submit = _("Dienst toevoegen");
	form.languages = "nl";
	render_list(&c, &form, 200);
}

void web_diensten_create(struct http_req *req, struct http_resp *resp)
{
	struct input in;
	struct ctx c;
	int64_t id = 0;
	enum err e;

	if (!ctx_init(&c, req, resp))
		return;
	memset(&in, 0, sizeof(in));
	if (validate(&c, &in)) {
		form_options(&c, &in.view);
		in.view.action = list_href(&c);
		in.view.submit = _("Dienst toevoegen");
		set_checked(&c, &in.view, in.checked.areas, in.checked.nareas,
			    in.checked.term_codes, in.checked.nterms);
		render_list(&c, &in.view, 400);
		return;
	}
	if ((e = service_create(req->app, c.db, req->arena, auth_actor(req),
				c.org_id, c.org.is_demo, &in.checked, &id)) != ERR_OK) {
		fail(&c, e);
		return;
	}
	redirect(&c, service_href(&c, id, "?opgeslagen=1"));
}

static void render_service(struct ctx *c, const struct service_row *s,
			   struct dienst_form *form, int status)
{
	struct kaart_service_page details;
	struct sk_card card;
	struct dienst_page d;
	struct page p = web_page(c->req, s->name);
	char cutoff[32];

	freshness_cutoff(cutoff, sizeof(cutoff));
	memset(&d, 0, sizeof(d));
	d.org_name = c->org.name;
	d.list_href = list_href(c);
	d.public_href = arena_printf(c->req->arena, "/sociale-kaart/diensten/%lld",
				     (long long)s->id);
	d.name = s->name;
	d.confirmed_at = s->confirmed_at;
	d.stale = freshness_stale(s->confirmed_at, cutoff);
	d.can_edit = c->can_edit;
	d.csrf = c->who->csrf;
	d.notice = status == 200 ? notice_of(c->req) : NULL;
	d.confirm_action = service_href(c, s->id, "/bevestigen?terug=dienst");
	d.delete_action = service_href(c, s->id, "/verwijderen");
	d.freshness_days = freshness_days();
	if (c->can_edit) {
		d.form = form;
	} else if (kaart_service_fill(c->req, c->db, s, &card, &details) == 0) {
		details.card = &card;
		d.details = &details;
	}
	c->resp->status = status;
	c->resp->content_type = "text/html; charset=utf-8";
	view_dienst(HTML_ON(&c->resp->body), &p, &d);
}

void web_dienst_form(struct http_req *req, struct http_resp *resp)
{
	struct dienst_form form;
	struct service_row s;
	struct ctx c;
	enum err e;

	if (!ctx_init(&c, req, resp))
		return;
	e = service_of_org(&c, &s);
	if (e == ERR_OK && c.can_edit)
		e = form_from_row(&c, &s, &form);
	if (e != ERR_OK) {
		fail(&c, e);
		return;
	}
	form.action = service_href(&c, s.id, "");
	form.submit = _("Opslaan");
	render_service(&c, &s, &form, 200);
}

void web_dienst_update(struct http_req *req, struct http_resp *resp)
{
	struct service_row s;
	struct input in;
	struct ctx c;
	enum err e;

	if (!ctx_init(&c, req, resp))
		return;
	memset(&in, 0, sizeof(in));
	if (validate(&c, &in)) {
		if ((e = service_of_org(&c, &s)) != ERR_OK) {
			fail(&c, e);
			return;
		}
		form_options(&c, &in.view);
		in.view.action = service_href(&c, s.id, "");
		in.view.submit = _("Opslaan");
		set_checked(&c, &in.view, in.checked.areas, in.checked.nareas,
			    in.checked.term_codes, in.checked.nterms);
		render_service(&c, &s, &in.view, 400);
		return;
	}
	if ((e = service_update(c.db, req->arena, auth_actor(req), c.org_id, c.id,
				&in.checked)) != ERR_OK) {
		fail(&c, e);
		return;
	}
	redirect(&c, service_href(&c, c.id, "?opgeslagen=1"));
}

void web_dienst_delete(struct http_req *req, struct http_resp *resp)
{
	struct ctx c;
	enum err e;

	if (!ctx_init(&c, req, resp))
		return;
	if ((e = service_delete(c.db, req->arena, auth_actor(req), c.org_id,
				c.id)) != ERR_OK) {
		fail(&c, e);
		return;
	}
	redirect(&c, arena_printf(req->arena, "%s?verwijderd=1", list_href(&c)));
}

void web_dienst_confirm(struct http_req *req, struct http_resp *resp)
{
	struct ctx c;
	enum err e;

	if (!ctx_init(&c, req, resp))
		return;
	if ((e = service_confirm(c.db, req->arena, auth_actor(req), c.org_id,
				 c.id)) != ERR_OK) {
		fail(&c, e);
		return;
	}
	if (form_get(&req->query, "terug"))
		redirect(&c, service_href(&c, c.id, "?bevestigd=1"));
	else
		redirect(&c, arena_printf(req->arena, "%s?bevestigd=1", list_href(&c)));
}
