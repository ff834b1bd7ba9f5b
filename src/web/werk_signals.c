/* werk_signals: the signals a professional works on: those linked to one
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

#include "html/html.h"
#include "i18n/i18n.h"
#include "store/accounts.h"
#include "store/resident.h"
#include "views/account.h"
#include "views/describe.h"
#include "views/mijn.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/mijn.h"
#include "web/web.h"

#define WERK_PAGE 50

/* --- the list -------------------------------------------------------- */

/* ?voor=<id>: 0 when absent, -1 when not a positive number. */
static int64_t before_param(const struct http_req *req)
{
	const char *s = form_get(&req->query, "voor");
	int64_t v = 0;

	if (!s)
		return 0;
	if (!*s || strlen(s) > 18)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v > 0 ? v : -1;
}

static void list_head(struct buf *out)
{
	static const char *const cols[] = {
		N_("Gemeld op"), N_("Melding"), N_("Onderwerp"), N_("Buurt"),
		N_("Stadsdeel"), N_("Status")};

	buf_adds(out, "<table class=\"wa-table\">\n<thead>\n<tr>");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		view_el(HTML_ON(out), "th scope=\"col\"", _(cols[i]));
	buf_adds(out, "</tr>\n</thead>\n<tbody>\n");
}

static void list_row(struct buf *out, const struct signal_row *s,
		     const struct signal_view *v)
{
	char when[64];

	buf_adds(out, "<tr>");
	view_el(HTML_ON(out), "td", describe_time(when, sizeof(when), v->created_at) == 0
				   ? when
				   : v->created_at);
	buf_addf(out, "<td><a href=\"/werk/meldingen/%lld\">", (long long)s->id);
	html_txt(out, describe_kind(v->kind));
	buf_adds(out, ":</a> ");
	view_excerpt(HTML_ON(out), v->text, 100);
	buf_adds(out, "</td>\n");
	view_el(HTML_ON(out), "td", v->category ? v->category : "");
	view_el(HTML_ON(out), "td", v->buurt ? v->buurt : v->buurt_code);
	view_el(HTML_ON(out), "td", v->stadsdeel ? v->stadsdeel : "");
	view_el(HTML_ON(out), "td", describe_status(v->status));
	buf_adds(out, "</tr>\n");
}

static void render_list(struct http_req *req, struct http_resp *resp,
			const struct signal_row *rows, size_t n)
{
	struct page p = web_page(req, _("Meldingen"));
	struct buf *out = &resp->body;
	struct signal_view v;

	view_begin(HTML_ON(out), &p);
	view_el(HTML_ON(out), "h1", _("Meldingen van mijn organisaties"));
	view_el(HTML_ON(out), "p class=\"wa-lead\"",
		_("De meldingen waarbij uw organisaties betrokken zijn, de "
		  "nieuwste eerst."));
	if (!n) {
		view_el(HTML_ON(out), "p", _("Er zijn (nog) geen meldingen."));
	} else {
		list_head(out);
		for (size_t i = 0; i < n && i < WERK_PAGE; i++) {
			signal_view_fill(req, &rows[i], &v);
			list_row(out, &rows[i], &v);
		}
		buf_adds(out, "</tbody>\n</table>\n");
	}
	if (n > WERK_PAGE) {
		buf_addf(out, "<p><a href=\"/werk/meldingen?voor=%lld\">",
			 (long long)rows[WERK_PAGE - 1].id);
		html_txt(out, _("Oudere meldingen"));
		buf_adds(out, "</a></p>\n");
	}
	buf_adds(out, "<p><a href=\"/werk\">");
	html_txt(out, _("Terug naar mijn werk"));
	buf_adds(out, "</a></p>\n");
	view_end(HTML_ON(out), &p);
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
	if (store_org_signals(db, req->arena, p->account_id,
			      p->kind == PRINCIPAL_APIKEY ? p->api_org_id : 0,
			      before, WERK_PAGE + 1, &rows, &n) != ERR_OK) {
		web_html_error(req, resp, 503, _("De meldingen zijn even niet te "
						 "lezen. Probeer het zo opnieuw."));
		return;
	}
	render_list(req, resp, rows, n);
}

/* --- one signal ------------------------------------------------------ */

static void row(struct buf *out, const char *term, const char *value)
{
	if (!value || !*value)
		return;
	view_el(HTML_ON(out), "dt", term);
	view_el(HTML_ON(out), "dd", value);
}

static void facts(struct buf *out, const struct signal_view *v)
{
	char when[64];

	buf_adds(out, "<p class=\"wa-panel wa-status\"><span>");
	html_txt(out, _("Status:"));
	buf_adds(out, "</span> <strong>");
	html_txt(out, describe_status(v->status));
	buf_adds(out, "</strong></p>\n<dl class=\"wa-summary\">\n");
	row(out, _("Soort"), describe_kind(v->kind));
	row(out, _("Onderwerp"), v->category ? v->category : _("Nog geen categorie"));
	row(out, _("Gemeld op"), describe_time(when, sizeof(when), v->created_at) == 0
					 ? when
					 : v->created_at);
	buf_adds(out, "</dl>\n");
	view_el(HTML_ON(out), "h2", _("Wat er is gemeld"));
	view_el(HTML_ON(out), "p class=\"wa-text\"", v->text);
	view_el(HTML_ON(out), "h2", _("Plek"));
	buf_adds(out, "<dl class=\"wa-summary\">\n");
	row(out, _("Buurt"), v->buurt ? v->buurt : v->buurt_code);
	row(out, _("Wijk"), v->wijk);
	row(out, _("Gebied"), v->gebied);
	row(out, _("Stadsdeel"), v->stadsdeel);
	row(out, _("Gemeente"), v->gemeente);
	buf_adds(out, "</dl>\n");
}

static void orgs(struct http_req *req, struct db *db, struct buf *out,
		 int64_t signal_id)
{
	struct org_row o;
	int64_t *ids;
	size_t n;

	if (store_signal_orgs(db, req->arena, signal_id, &ids, &n) != ERR_OK || !n)
		return;
	view_el(HTML_ON(out), "h2", _("Betrokken organisaties"));
	buf_adds(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < n; i++)
		if (store_org_get(db, req->arena, ids[i], &o) == ERR_OK)
			view_el(HTML_ON(out), "li", o.name);
	buf_adds(out, "</ul>\n");
}

/* What a contact view found: the row (if any). */
struct contact_shown {
	bool shown; /* the POST: show what was found */
	bool found;
	struct contact_row c;
};

static void contact_data(struct buf *out, const struct contact_shown *cs)
{
	const struct contact_row *c = &cs->c;

	if (!cs->found || (!c->email && !c->phone && !c->age_band)) {
		view_el(HTML_ON(out), "p", _("Bij deze melding staan geen contactgegevens."));
	} else if (c->anonymised_at && !c->email && !c->phone) {
		view_el(HTML_ON(out), "p", _("De melder heeft zijn of haar e-mailadres en "
				    "telefoonnummer laten wissen, of ze zijn na "
				    "de bewaartermijn gewist."));
	}
	if (cs->found && (c->email || c->phone || c->age_band)) {
		buf_adds(out, "<dl class=\"wa-summary\">\n");
		row(out, _("E-mailadres"), c->email);
		row(out, _("Telefoonnummer"), c->phone);
		row(out, _("Leeftijdsgroep"), c->age_band);
		buf_adds(out, "</dl>\n");
	}
	view_el(HTML_ON(out), "p class=\"wa-note\"",
		_("Deze inzage is vastgelegd in het auditlog: wie, wanneer en "
		  "bij welke melding."));
}

static void contact_section(struct buf *out, const struct principal *p,
			    int64_t id, const struct contact_shown *cs)
{
	view_el(HTML_ON(out), "h2", _("Contactgegevens van de melder"));
	if (cs->shown) {
		contact_data(out, cs);
		return;
	}
	view_el(HTML_ON(out), "p", _("Alleen medewerkers van een betrokken organisatie "
			    "kunnen de contactgegevens zien. Elke inzage wordt "
			    "vastgelegd: wie, wanneer en bij welke melding."));
	buf_addf(out, "<form class=\"wa-form\" method=\"post\" "
		      "action=\"/werk/meldingen/%lld/contact\">\n",
		 (long long)id);
	view_csrf(HTML_ON(out), p->csrf);
	buf_adds(out, "<button type=\"submit\" class=\"wa-button\">");
	html_txt(out, _("Toon de contactgegevens"));
	buf_adds(out, "</button>\n</form>\n");
}

static void render_signal(struct http_req *req, struct http_resp *resp,
			  struct db *db, const struct contact_shown *cs)
{
	const struct principal *p = auth_principal(req);
	int64_t id = web_param_id(req, "id");
	struct signal_row s;
	struct signal_view v;
	struct page pg;
	struct buf *out = &resp->body;
	enum err e;

	resp->no_store = true;
	if ((e = store_signal_by_id(db, req->arena, id, &s)) != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Deze melding bestaat niet.")
						  : _("Er ging iets mis."));
		return;
	}
	signal_view_fill(req, &s, &v);
	pg = web_page(req, describe_kind(v.kind));
	view_begin(HTML_ON(out), &pg);
	buf_adds(out, "<h1>");
	html_txtf(out, "%s %lld", describe_kind(v.kind), (long long)id);
	buf_adds(out, "</h1>\n");
	facts(out, &v);
	orgs(req, db, out, id);
	contact_section(out, p, id, cs);
	buf_adds(out, "<p><a href=\"/werk/meldingen\">");
	html_txt(out, _("Terug naar de meldingen"));
	buf_adds(out, "</a></p>\n");
	view_end(HTML_ON(out), &pg);
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

struct contact_read {
	struct http_req *req;
	int64_t id;
	struct contact_shown *cs;
};

static enum err contact_view_tx(struct db *db, void *p)
{
	struct contact_read *v = p;
	struct contact_shown *cs = v->cs;
	const struct principal *who = auth_principal(v->req);
	struct audit_entry a;
	enum err e;

	memset(&cs->c, 0, sizeof(cs->c));
	e = store_signal_contact(db, v->req->arena, v->id, &cs->c);
	cs->found = e == ERR_OK;
	if (e == ERR_NOT_FOUND)
		e = ERR_OK;
	if (e == ERR_OK) {
		memset(&a, 0, sizeof(a));
		a.actor_account_id = who->account_id;
		a.actor_api_key_id = who->api_key_id;
		a.actor_label = auth_label(who);
		a.action = "signal.contact.view";
		a.entity = "signal";
		a.entity_id = arena_printf(v->req->arena, "%lld", (long long)v->id);
		a.detail = cs->found ? NULL : "{\"found\": false}";
		e = store_audit_add(db, &a);
	}
	return e;
}

/* Read the contact data and record the view, in one transaction: no
 * reading without its audit entry. */
static enum err contact_view(struct http_req *req, struct db *db, int64_t id,
			     struct contact_shown *cs)
{
	struct contact_read v = {req, id, cs};

	return db_write(db, contact_view_tx, &v);
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
