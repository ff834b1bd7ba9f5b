/* intake_hint: "Is het dit?" on the report form.  A valid report whose
 * place, category or words match open kwesties nearby (app/intake.h
 * intake_suggest) is not stored at once: the resident sees those kwesties
 * and chooses.  "Ja, dit bedoel ik" supports the kwestie (POST
 * /melden/steun/{id}, app/kwestie.h kwestie_support, with the e-mail
 * address of the report when one was given) and files nothing; "Nee, het
 * is iets anders" sends the same fields again with the flag "anders", and
 * the report is stored as it would have been.  A valid report without a
 * category whose text suggests one (app/suggest.h) gets the same step,
 * with the category list set to the suggestion and the words that drove
 * it (only that question when no kwestie is near).  The JSON intake never
 * asks: clients have GET /api/v1/kwesties/suggest and
 * GET /api/v1/categories/suggest. */
#include <string.h>

#include "app/intake.h"
#include "app/kwestie.h"
#include "app/suggest.h"
#include "domain/kwestie.h"
#include "i18n/i18n.h"
#include "views/melden_hint.h"
#include "views/suggest.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/follower.h"
#include "web/web.h"

#define HINTS_MAX 5

static const char *status_label(const char *status)
{
	int i = kw_status_parse(status);

	return i >= 0 ? _(kw_statuses[i].label) : status;
}

/* The category a valid report without one suggests (app/suggest.h), as
 * the second step shows it; false when there is none. */
static bool category_hint(struct http_req *req, struct db *db,
			  const struct signal_input *in,
			  struct category_hint *out)
{
	struct signal_input v = *in; /* validation normalises in place */
	struct field_errors errs = {0};
	struct suggestion s;
	const char *why;

	/* with JavaScript the form showed the suggestion while the resident
	 * wrote (static/suggest.js says so): no second time */
	if ((in->category && *in->category) ||
	    form_get(web_form(req), "voorstel_getoond") ||
	    signal_validate(req->arena, &v, &errs) != 0 ||
	    !suggest_category(req->app, db, v.text, strlen(v.text), &s))
		return false;
	why = arena_printf(req->arena, "%s %s. %s", _("Voorstel voor het onderwerp:"),
			   s.name, _("Omdat u schreef:"));
	for (int i = 0; i < s.nwords; i++)
		why = arena_printf(req->arena, "%s%s %s", why, i ? "," : "", s.words[i]);
	out->code = s.code;
	out->why = arena_printf(req->arena, "%s.", why);
	return true;
}

bool web_melden_hints(struct http_req *req, struct http_resp *resp,
		      const struct signal_input *in, const struct melden_form *f)
{
	struct db *db = store_thread_db();
	struct kwestie_row *rows;
	struct melden_hint *k;
	struct category_hint cat;
	struct melden_form g = *f;
	bool has_cat;
	struct page p;
	size_t n = 0;

	/* A hint is a courtesy: when it cannot be had, the report goes on. */
	if (!db || intake_suggest(req->app, db, req->arena, in, HINTS_MAX, &rows, &n) != ERR_OK)
		return false;
	has_cat = category_hint(req, db, in, &cat);
	if (!n && !has_cat)
		return false;
	g.categories = req->app->category_options;
	g.ncategories = req->app->ncategory_options;
	k = arena_alloc(req->arena, n * sizeof(*k));
	for (size_t i = 0; i < n; i++) {
		k[i].id = rows[i].id;
		k[i].title = rows[i].title;
		k[i].area = rows[i].area_name ? rows[i].area_name : rows[i].area_code;
		k[i].status = status_label(rows[i].status);
		k[i].residents = rows[i].residents;
	}
	p = web_page(req, n ? _("Is het dit?") : _("Klopt het onderwerp?"));
	resp->status = 200;
	resp->no_store = true; /* the report's contact data are in the page */
	view_melden_hints(HTML_ON(&resp->body), &p, &g, k, n, has_cat ? &cat : NULL);
	return true;
}

static void support_refused(struct http_req *req, struct http_resp *resp,
			    enum err e, const struct field_errors *errs, int retry)
{
	const char *msg = errs->n ? _(errs->e[0].msgid) : NULL;

	if (e == ERR_LIMITED)
		http_resp_header(resp, "Retry-After",
				 arena_printf(req->arena, "%d", retry > 0 ? retry : 1));
	web_html_error(req, resp, http_status_for(e),
		       msg                  ? msg
		       : e == ERR_NOT_FOUND ? _("Deze kwestie bestaat niet.")
		       : e == ERR_LIMITED   ? _("U heeft het te vaak geprobeerd. Wacht "
						  "even en probeer het dan opnieuw.")
					    : _("Het lukt even niet. Probeer het over "
						  "een paar minuten opnieuw."));
}

void web_melden_support(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id");
	struct support_input sup = {id, NULL, req->client, true, NULL};
	struct field_errors errs = {0};
	struct page p;
	struct db *db;
	bool added;
	int retry;
	enum err e;

	if (id <= 0) {
		web_html_error(req, resp, 404, _("Deze kwestie bestaat niet."));
		return;
	}
	if (strcmp(http_media_type(req), "application/x-www-form-urlencoded") != 0) {
		web_html_error(req, resp, 415,
			       _("Dit formulier kan alleen als gewoon webformulier "
				 "worden verstuurd."));
		return;
	}
	if (!(db = web_db(req, resp, 0)))
		return;
	/* how often: the report form's choice, carried by the hints page */
	sup.email = form_get(web_form(req), "email");
	sup.frequency = form_get(web_form(req), "notify");
	e = kwestie_support(req->app, db, req->arena, &sup, &errs, &added, &retry);
	if (e != ERR_OK) {
		support_refused(req, resp, e, &errs, retry);
		return;
	}
	p = web_page(req, _("Bedankt: u steunt deze kwestie"));
	resp->no_store = true;
	view_melden_supported(HTML_ON(&resp->body), &p,
			      arena_printf(req->arena, "/kwesties/%lld", (long long)id),
			      arena_printf(req->arena, "/kwesties/%lld/volgen",
					   (long long)id));
}
