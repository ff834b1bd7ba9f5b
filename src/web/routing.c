/* routing: the beheerder's page of routing rules (docs/routing.md).
 *
 *   GET  /beheer/routering              the rules in words, the form to
 *                                       add one, and the dry run: with
 *                                       ?dry_category=&buurt= its answer
 *   POST /beheer/routering              add a rule (category, area,
 *                                       organisation, note)
 *   POST /beheer/routering/{rule}/verwijderen
 *
 * The use cases are app/routing.c; the words of a rule and of a reason
 * live here, shared with the JSON API (web/routing_api.c), so the page
 * and the API say the same. */
#include "base/util.h"
#include "web/routing.h"

#include <stdlib.h>
#include <string.h>

#include "domain/organisation.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "views/routing.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/beheer.h"
#include "web/web.h"

/* --- the words of a rule ------------------------------------------------ */

static const char *const level_words[AREA_LEVELS] = {
	N_("buurt"), N_("wijk"), N_("gebied"), N_("stadsdeel"), N_("gemeente"),
};

static const char *category_words(struct http_req *req, const char *code)
{
	const char *name;

	if (!code)
		return _("alle categorieën");
	name = app_category_name(req->app, code);
	if (!name)
		name = code;
	if (!strchr(code, '/'))
		return arena_printf(req->arena,
				    _("categorie %s met haar subcategorieën"),
				    name);
	return arena_printf(req->arena, _("categorie %s"), name);
}

/* "stadsdeel West (E)"; the code alone for an area the index lacks. */
static const char *area_name(struct http_req *req, const char *code)
{
	const struct area_node *n = areaidx_find(req->app->areas, code);

	if (!n)
		return code;
	return arena_printf(req->arena, "%s %s (%s)", _(level_words[n->level]),
			    n->name, n->code);
}

static const char *area_words(struct http_req *req, const char *code)
{
	if (!code)
		return _("overal in de gemeente");
	return arena_printf(req->arena, _("in %s"), area_name(req, code));
}

void routing_words(struct http_req *req, const struct routing_rule_row *r,
		   struct routing_words *out)
{
	out->category = category_words(req, r->category_code);
	out->area = area_words(req, r->area_code);
	out->target = r->organisation_id
			      ? (r->org_name ? r->org_name : "?")
			      : _("de eigen organisaties van de gemeente "
				  "(soort gemeente of stadsdeel) die in het "
				  "gebied van de melding werken");
	out->sentence = arena_printf(req->arena,
				     _("Meldingen van %s, %s, gaan naar %s."),
				     out->category, out->area, out->target);
}

const char *routing_reason(struct http_req *req,
			   const struct routing_hit_row *hit)
{
	struct routing_rule_row r;
	struct routing_words w;
	const char *kind = org_kind_label(hit->org_kind);

	memset(&r, 0, sizeof(r));
	r.category_code = hit->category_code;
	r.area_code = hit->area_code;
	r.organisation_id = hit->is_default ? 0 : hit->organisation_id;
	r.org_name = hit->org_name;
	routing_words(req, &r, &w);
	if (!hit->is_default)
		return arena_printf(req->arena, _("Regel %lld: %s"),
				    (long long)hit->rule_id, w.sentence);
	return arena_printf(req->arena,
			    _("Regel %lld: %s Deze organisatie is van de "
			      "soort %s en werkt in %s."),
			    (long long)hit->rule_id, w.sentence,
			    kind ? _(kind) : hit->org_kind,
			    area_name(req, hit->via_area ? hit->via_area : "?"));
}

/* The report asked about has one category, a main one or a sub. */
const char *routing_question(struct http_req *req, const struct routing_dry *d)
{
	const char *name;

	if (!d->category)
		return arena_printf(req->arena, _("Een melding zonder categorie in %s:"),
				    area_name(req, d->buurt->code));
	name = app_category_name(req->app, d->category);
	return arena_printf(req->arena, _("Een melding van categorie %s in %s:"),
			    name ? name : d->category,
			    area_name(req, d->buurt->code));
}

/* --- the page ------------------------------------------------------------- */

static const char *notice_for(struct http_req *req)
{
	const char *k = form_get(&req->query, "klaar");

	if (k && strcmp(k, "toegevoegd") == 0)
		return _("De regel is toegevoegd. Nieuwe meldingen volgen hem.");
	if (k && strcmp(k, "verwijderd") == 0)
		return _("De regel is verwijderd.");
	return NULL;
}

/* Every category: a main one as "all of it" in its own group, its
 * subs after it (app->categories is in that order). */
static struct choice *category_choices(struct http_req *req, size_t *n)
{
	const struct app *app = req->app;
	struct choice *c = arena_alloc(req->arena,
				       (app->ncategories + 1) * sizeof(*c));
	const char *group = "";

	for (size_t i = 0; i < app->ncategories; i++) {
		const struct category_entry *e = &app->categories[i];

		if (!e->parent_code) {
			group = e->name;
			c[i] = (struct choice){e->code, _("Alles in deze hoofdcategorie"),
					       group};
		} else {
			c[i] = (struct choice){e->code, e->name, group};
		}
	}
	*n = app->ncategories;
	return c;
}

static struct choice *org_choices(struct http_req *req, struct db *db,
				  size_t *n)
{
	struct org_row *rows = NULL;
	struct choice *c;
	size_t k = 0;

	if (store_org_list(db, req->arena, req->app->municipality, &rows, &k) !=
	    ERR_OK)
		k = 0;
	c = arena_alloc(req->arena, (k + 1) * sizeof(*c));
	for (size_t i = 0; i < k; i++) {
		const char *label = org_kind_label(rows[i].kind);

		c[i] = (struct choice){
			arena_printf(req->arena, "%lld", (long long)rows[i].id),
			arena_printf(req->arena, "%s (%s)", rows[i].name,
				     label ? _(label) : rows[i].kind),
			NULL};
	}
	*n = k;
	return c;
}

static struct field_error *field_errors_view(struct http_req *req,
					     const struct field_errors *errs,
					     const char *rename_from,
					     const char *rename_to)
{
	struct field_error *fe = arena_alloc(req->arena,
					     (errs->n + 1) * sizeof(*fe));

	for (size_t i = 0; i < errs->n; i++) {
		fe[i].field = errs->e[i].field;
		if (rename_from && strcmp(fe[i].field, rename_from) == 0)
			fe[i].field = rename_to;
		fe[i].message = _(errs->e[i].msgid);
	}
	return fe;
}

static enum err rules_view(struct http_req *req, struct db *db,
			   struct routing_page *v)
{
	struct routing_rule_row *rows;
	struct routing_rule_view *rv;
	struct routing_words w;
	size_t n, covering;
	enum err e;

	e = store_routing_list(db, req->arena, req->app->municipality, &rows, &n);
	if (e != ERR_OK)
		return e;
	covering = routing_rules_covering(rows, n);
	rv = arena_alloc(req->arena, (n + 1) * sizeof(*rv));
	for (size_t i = 0; i < n; i++) {
		routing_words(req, &rows[i], &w);
		rv[i] = (struct routing_rule_view){rows[i].id, w.category, w.area,
						   w.target, rows[i].note,
						   !routing_rule_kept(&rows[i], covering)};
	}
	v->rules = rv;
	v->nrules = n;
	return ERR_OK;
}

/* The dry run's answer: the hits grouped by organisation. */
static void hits_view(struct http_req *req, const struct routing_dry *d,
		      struct routing_page *v)
{
	struct routing_hit_view *hv = arena_alloc(req->arena,
						  (d->nhits + 1) * sizeof(*hv));
	const char **reasons = arena_alloc(req->arena,
					   (d->nhits + 1) * sizeof(*reasons));
	size_t n = 0;

	for (size_t i = 0; i < d->nhits; i++) {
		const struct routing_hit_row *h = &d->hits[i];
		const char *kind = org_kind_label(h->org_kind);

		reasons[i] = routing_reason(req, h);
		if (i && d->hits[i - 1].organisation_id == h->organisation_id) {
			hv[n - 1].nreasons++;
			continue;
		}
		hv[n++] = (struct routing_hit_view){h->org_name,
						    kind ? _(kind) : h->org_kind,
						    &reasons[i], 1};
	}
	v->hits = hv;
	v->nhits = n;
	v->dry_question = routing_question(req, d);
	v->dry_ran = true;
}

/* The dry run of the query, if it asks one; returns its status. */
static int dry_run(struct http_req *req, struct db *db, struct routing_page *v)
{
	struct field_errors errs;
	struct routing_dry d;
	enum err e;

	v->dry_category = form_get(&req->query, "dry_category");
	v->dry_buurt = form_get(&req->query, "buurt");
	if (!v->dry_buurt && !v->dry_category)
		return 200;
	memset(&errs, 0, sizeof(errs));
	e = routing_dry_run(req->app, db, req->arena, v->dry_category,
			    v->dry_buurt, &errs, &d);
	if (e == ERR_OK) {
		hits_view(req, &d, v);
		return 200;
	}
	v->dry_errors = field_errors_view(req, &errs, "category", "dry_category");
	v->ndry_errors = errs.n;
	return http_status_for(e);
}

static void render(struct http_req *req, struct http_resp *resp,
		   struct db *db, int status, struct routing_page *v)
{
	struct page pg = web_page(req, _("Routering van meldingen"));
	int dry;

	v->csrf = auth_principal(req)->csrf;
	v->categories = category_choices(req, &v->ncategories);
	v->organisations = org_choices(req, db, &v->norganisations);
	v->buurten = req->app->buurt_options;
	v->nbuurten = req->app->nbuurt_options;
	if (rules_view(req, db, v) != ERR_OK) {
		web_html_error(req, resp, 500,
			       _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	dry = dry_run(req, db, v);
	if (status == 200)
		status = dry;
	if (v->nerrors || v->ndry_errors)
		pg.title = arena_printf(req->arena, "%s %s", _("Fout:"),
					_("Routering van meldingen"));
	resp->status = status;
	resp->no_store = true;
	view_routing(HTML_ON(&resp->body), &pg, v);
}

void web_beheer_routing(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"klaar", "dry_category", "buurt"};
	struct routing_page v;
	struct db *db;

	if (web_query_only(req, resp, allowed, 3) != 0 ||
	    !(db = web_db(req, resp, 0)))
		return;
	memset(&v, 0, sizeof(v));
	v.notice = notice_for(req);
	render(req, resp, db, 200, &v);
}

/* "" is the default rule (0); anything but digits is refused (-1). */
static int64_t org_of(const char *s)
{
	return id_parse(s);
}

void web_beheer_routing_add(struct http_req *req, struct http_resp *resp)
{
	const struct form *f = web_form(req);
	struct db *db = web_db(req, resp, 0);
	struct field_errors errs;
	struct routing_input in;
	struct routing_page v;
	int64_t id;
	enum err e;

	if (!db)
		return;
	memset(&v, 0, sizeof(v));
	v.category = form_get(f, "category");
	v.area = form_get(f, "area");
	v.organisation = form_get(f, "organisation");
	v.note = form_get(f, "note");
	in = (struct routing_input){v.category, v.area, org_of(v.organisation),
				    v.note};
	memset(&errs, 0, sizeof(errs));
	e = routing_rule_create(req->app, db, req->arena, auth_actor(req), &in,
				&errs, &id);
	if (e == ERR_OK) {
		beheer_redirect(req, resp, "/beheer/routering?klaar=toegevoegd");
		return;
	}
	if (e == ERR_CONFLICT && !errs.n)
		field_errors_add(&errs, "category", N_("deze regel bestaat al"));
	if (!errs.n) {
		web_html_error(req, resp, http_status_for(e),
			       _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	v.errors = field_errors_view(req, &errs, NULL, NULL);
	v.nerrors = errs.n;
	render(req, resp, db, http_status_for(e), &v);
}

void web_beheer_routing_delete(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	struct field_errors errs;
	struct routing_page v;
	enum err e;

	if (!db)
		return;
	memset(&errs, 0, sizeof(errs));
	e = routing_rule_delete(req->app, db, req->arena, auth_actor(req),
				web_param_id(req, "rule"), &errs);
	if (e == ERR_OK) {
		beheer_redirect(req, resp, "/beheer/routering?klaar=verwijderd");
		return;
	}
	if (!errs.n) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND
				       ? _("Deze regel bestaat niet (meer).")
				       : _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	memset(&v, 0, sizeof(v));
	v.errors = field_errors_view(req, &errs, NULL, NULL);
	v.nerrors = errs.n;
	render(req, resp, db, http_status_for(e), &v);
}
