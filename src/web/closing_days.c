/* closing_days: an organisation's closing days on the beheer side
 * (/beheer/organisaties/{org}/sluitingsdagen): the list from today on,
 * add one, remove one.  The rules and the audit rows are the use cases'
 * (app/closing_days.c); here: read the form, call one, render the page
 * or redirect (303) with a fixed word in ?klaar=. */
#include <string.h>

#include "app/closing_days.h"
#include "i18n/i18n.h"
#include "views/closing_days.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/beheer.h"
#include "web/calendar.h"
#include "web/web.h"

static const char *notice_for(struct http_req *req)
{
	const char *k = form_get(&req->query, "klaar");

	if (k && strcmp(k, "toegevoegd") == 0)
		return _("De sluitingsdag is toegevoegd.");
	if (k && strcmp(k, "verwijderd") == 0)
		return _("De sluitingsdag is verwijderd.");
	return NULL;
}

static void render(struct http_req *req, struct http_resp *resp,
		   struct db *db, int status, const struct org_row *org,
		   struct closing_days_page *c)
{
	struct page pg = web_page(req, _("Sluitingsdagen"));
	struct closing_day_row *rows;
	char today[11];
	enum err e;

	cal_date_format(closing_days_today(), today);
	e = store_closing_days_list(db, req->arena, org->id, today,
				    "2999-12-31", &rows, &c->ndays);
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	c->days = rows;
	c->org = org;
	c->csrf = auth_principal(req)->csrf;
	if (c->nerrors)
		pg.title = arena_printf(req->arena, "%s %s", _("Fout:"),
					_("Sluitingsdagen"));
	resp->status = status;
	resp->no_store = true;
	view_beheer_closing_days(HTML_ON(&resp->body), &pg, c);
}

void web_beheer_closing_days(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	struct closing_days_page c;
	struct org_row org;

	if (!db || !org_load(req, resp, db, false, &org))
		return;
	memset(&c, 0, sizeof(c));
	c.notice = notice_for(req);
	render(req, resp, db, 200, &org, &c);
}

/* The use case's field errors, translated for the page. */
static struct field_error *page_errors(struct http_req *req,
				       const struct field_errors *errs)
{
	struct field_error *fe = arena_alloc(req->arena,
					     (errs->n + 1) * sizeof(*fe));

	for (size_t i = 0; i < errs->n; i++)
		fe[i] = (struct field_error){errs->e[i].field,
					     _(errs->e[i].msgid)};
	return fe;
}

static void redirect(struct http_req *req, struct http_resp *resp,
		     const struct org_row *org, const char *word)
{
	beheer_redirect(req, resp,
			arena_printf(req->arena,
				     "/beheer/organisaties/%lld/sluitingsdagen"
				     "?klaar=%s",
				     (long long)org->id, word));
}

void web_beheer_closing_day_add(struct http_req *req, struct http_resp *resp)
{
	const struct form *f = web_form(req);
	struct db *db = web_db(req, resp, 0);
	struct closing_days_page c;
	struct field_errors errs;
	struct org_row org;
	enum err e;

	if (!db || !org_load(req, resp, db, false, &org))
		return;
	memset(&c, 0, sizeof(c));
	memset(&errs, 0, sizeof(errs));
	c.day = form_get(f, "day");
	c.reason = form_get(f, "reason");
	e = closing_day_add(db, req->arena, auth_actor(req), &org, c.day,
			    c.reason, &errs);
	if (e == ERR_CONFLICT)
		field_errors_add(&errs, "day", N_("is al een sluitingsdag"));
	if (e == ERR_INVALID || e == ERR_CONFLICT) {
		c.errors = page_errors(req, &errs);
		c.nerrors = errs.n;
		render(req, resp, db, http_status_for(e), &org, &c);
		return;
	}
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	redirect(req, resp, &org, "toegevoegd");
}

void web_beheer_closing_day_remove(struct http_req *req,
				   struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	struct field_errors errs;
	struct org_row org;
	enum err e;

	if (!db || !org_load(req, resp, db, false, &org))
		return;
	memset(&errs, 0, sizeof(errs));
	e = closing_day_remove(db, req->arena, auth_actor(req), &org,
			       http_param(req, "day"), &errs);
	if (e == ERR_INVALID) {
		web_html_error(req, resp, 400,
			       errs.n && strcmp(errs.e[0].msgid,
						"ligt in het verleden") == 0
				       ? _("Een sluitingsdag in het verleden "
					   "blijft staan.")
				       : _("Dit is geen geldige datum."));
		return;
	}
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND
				       ? _("Deze sluitingsdag bestaat niet (meer).")
				       : _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	redirect(req, resp, &org, "verwijderd");
}
