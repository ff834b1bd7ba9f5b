/* signal: the signals a professional works on: those linked to one
 * of their organisations (signal_organisations), newest first, and one
 * signal with, on request, the resident's contact data.
 *
 * The router has already decided who may come here (AZ_PROFESSIONAL for
 * the list; AZ_SIGNAL_WORK and AZ_SIGNAL_CONTACT for one signal: a member
 * of an involved organisation, not the beheerder as such).  Contact data
 * are shown only as the answer to a POST, which writes an audit entry in
 * the same transaction that reads them, so every view is on record; the
 * list never shows them.  Nothing here may be cached. */
#include <string.h>

#include "app/signal.h"
#include "base/util.h"
#include "i18n/i18n.h"
#include "store/accounts.h"
#include "store/grade.h"
#include "store/photo.h"
#include "store/resident.h"
#include "domain/describe.h"
#include "views/werk.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/resident.h"
#include "web/web.h"

#define WERK_PAGE 50

/* --- the list -------------------------------------------------------- */

/* ?voor=<id>: 0 when absent, -1 when not a positive number. */
static int64_t before_param(const struct http_req *req)
{
	const char *s = form_get(&req->query, "voor");

	return s && !*s ? -1 : id_parse(s);
}

static void render_list(struct http_req *req, struct http_resp *resp,
			const struct signal_row *rows, size_t n)
{
	struct page p = web_page(req, _("Meldingen"));
	struct werk_list_page l = {NULL, n < WERK_PAGE ? n : WERK_PAGE, 0};
	struct werk_item *items;

	items = arena_alloc(req->arena, (l.nitems + 1) * sizeof(*items));
	for (size_t i = 0; i < l.nitems; i++) {
		items[i].id = rows[i].id;
		signal_view_fill(req, &rows[i], &items[i].signal);
	}
	l.items = items;
	if (n > WERK_PAGE)
		l.older = rows[WERK_PAGE - 1].id;
	view_werk_meldingen(HTML_ON(&resp->body), &p, &l);
}

void web_werk_meldingen(struct http_req *req, struct http_resp *resp)
{
	const struct principal *p = auth_principal(req);
	int64_t before = before_param(req);
	struct signal_row *rows;
	struct db *db;
	size_t n;

	resp->no_store = true;
	if (before < 0) {
		web_html_error(req, resp, 400, _("Deze pagina bestaat niet."));
		return;
	}
	if (!(db = web_db(req, resp, 0)))
		return;
	/* One more than a page tells whether there is a next one. */
	if (store_org_signals(db, req->arena, req->app->municipality,
			      p->account_id,
			      p->kind == PRINCIPAL_APIKEY ? p->api_org_id : 0,
			      before, WERK_PAGE + 1, &rows, &n) != ERR_OK) {
		web_html_error(req, resp, 503, _("De meldingen zijn even niet te "
						 "lezen. Probeer het zo opnieuw."));
		return;
	}
	render_list(req, resp, rows, n);
}

/* --- one signal ------------------------------------------------------ */

/* The names of the organisations involved in a signal. */
static void org_names(struct http_req *req, struct db *db, int64_t signal_id,
		      struct werk_signal_page *w)
{
	struct org_row o;
	const char **names;
	int64_t *ids;
	size_t n;

	if (store_signal_orgs(db, req->arena, signal_id, false, &ids, &n) != ERR_OK || !n)
		return;
	names = arena_alloc(req->arena, n * sizeof(*names));
	for (size_t i = 0; i < n; i++)
		if (store_org_get(db, req->arena, ids[i], &o) == ERR_OK)
			names[w->norgs++] = o.name;
	w->orgs = names;
}

/* What a contact view found: the row (if any). */
struct contact_shown {
	bool shown; /* the POST: show what was found */
	bool found;
	struct contact_row c;
};

static void render_signal(struct http_req *req, struct http_resp *resp,
			  struct db *db, const struct contact_shown *cs)
{
	int64_t id = web_param_id(req, "id");
	struct werk_signal_page w = {id, NULL, NULL, 0,
				     auth_principal(req)->csrf, cs->shown,
				     cs->found ? &cs->c : NULL, NULL, 0,
				     NULL, 0};
	struct signal_row s;
	struct signal_view v;
	struct grade_row *grades;
	struct photo_row *photos = NULL;
	struct page pg;
	enum err e;

	resp->no_store = true;
	if ((e = store_signal_by_id(db, req->arena, id, &s)) != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Deze melding bestaat niet.")
						  : _("Er ging iets mis."));
		return;
	}
	signal_view_fill(req, &s, &v);
	w.signal = &v;
	org_names(req, db, id, &w);
	if (store_grades_subject(db, req->arena, 0, id, &grades, &w.ngrades) != ERR_OK)
		w.ngrades = 0;
	w.grades = grades;
	if (store_photos_of_signal(db, req->arena, id, &photos, &w.nphotos) != ERR_OK)
		w.nphotos = 0;
	w.photos = photos;
	pg = web_page(req, describe_kind(v.kind));
	view_werk_melding(HTML_ON(&resp->body), &pg, &w);
}

void web_werk_melding(struct http_req *req, struct http_resp *resp)
{
	struct contact_shown cs;
	struct db *db;

	if (!(db = web_db(req, resp, 0)))
		return;
	memset(&cs, 0, sizeof(cs));
	render_signal(req, resp, db, &cs);
}

/* Read the contact data and record the view, in one transaction: no
 * reading without its audit entry (app/signal.c). */
static enum err contact_view(struct http_req *req, struct db *db, int64_t id,
			     struct contact_shown *cs)
{
	return signal_contact_view(db, req->arena, auth_actor(req), id, &cs->c,
				   &cs->found);
}

void web_werk_contact(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id");
	struct contact_shown cs;
	struct db *db;

	resp->no_store = true;
	if (!(db = web_db(req, resp, 0)))
		return;
	memset(&cs, 0, sizeof(cs));
	cs.shown = true;
	if (contact_view(req, db, id, &cs) != ERR_OK) {
		web_html_error(req, resp, 503, _("De contactgegevens zijn even niet "
						 "te lezen. Probeer het zo "
						 "opnieuw."));
		return;
	}
	render_signal(req, resp, db, &cs);
}
