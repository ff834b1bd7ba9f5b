/* triage: GET /werk/triage and its five actions on one signal (see
 * views/kwestie_werk.h): link it to a kwestie, start a new one from it,
 * "niet voor ons", correct its category, close it without a kwestie.
 *
 * The router has let only members of an organisation working on the
 * signal through (AZ_KWESTIE_MANAGE with {signal}), with the session's
 * CSRF token; each action is one use case of app/kwestie.h.  A refusal
 * shows the list again with what was sent and the errors at that signal,
 * with the status of the error (400, 403, 409, 422); a success goes back
 * to the list (303), or to the new kwestie's page. */
#include <stdio.h>
#include <string.h>

#include "app/kwestie.h"
#include "base/util.h"
#include "domain/authz.h"
#include "i18n/i18n.h"
#include "store/accounts.h"
#include "store/kwestie.h"
#include "store/resident.h"
#include "views/kwestie_werk.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/kwestie.h"
#include "web/kwestie_werk.h"
#include "web/web.h"

#define TRIAGE_PAGE 25
#define TRIAGE_SUGGESTIONS 5

/* --- shared with web/kwestie_werk.c ------------------------------------ */

const char *werk_form_value(struct http_req *req, const char *name)
{
	const char *v = form_get(web_form(req), name);

	return v && *v ? v : NULL;
}

int64_t werk_number(const char *s)
{
	if (s && !*s)
		return -1;
	return id_parse(s);
}

struct field_error *werk_page_errors(struct http_req *req,
				     const struct field_errors *errs,
				     const char *const *shown, size_t nshown)
{
	struct field_error *fe = arena_alloc(req->arena, (errs->n + 1) * sizeof(*fe));

	for (size_t i = 0; i < errs->n; i++) {
		fe[i].field = NULL;
		for (size_t j = 0; j < nshown; j++)
			if (strcmp(errs->e[i].field, shown[j]) == 0)
				fe[i].field = errs->e[i].field;
		fe[i].message = _(errs->e[i].msgid);
	}
	return fe;
}

const char *werk_refusal(enum err e)
{
	switch (e) {
	case ERR_NOT_FOUND:
		return _("Dit bestaat niet (meer).");
	case ERR_CONFLICT:
		return _("Iemand anders was u voor; hieronder staat hoe het nu is.");
	case ERR_FORBIDDEN:
		return _("Uw organisatie mag dit niet doen.");
	case ERR_INVALID:
	case ERR_UNPROCESSABLE:
		return _("Dit kan zo niet; zie de velden.");
	case ERR_BUSY:
		return _("Het is even te druk. Probeer het zo opnieuw.");
	default:
		return _("Er ging iets mis. Probeer het opnieuw.");
	}
}

void werk_redirect(struct http_resp *resp, const char *location)
{
	resp->status = 303;
	http_resp_header(resp, "Location", location);
}

/* --- the page ---------------------------------------------------------- */

/* Confirmations after a redirect: a fixed word in ?klaar=. */
static const char *notice_for(struct http_req *req)
{
	const char *k = form_get(&req->query, "klaar");

	if (!k)
		return NULL;
	if (strcmp(k, "gekoppeld") == 0)
		return _("De melding is aan de kwestie gekoppeld.");
	if (strcmp(k, "niet-voor-ons") == 0)
		return _("De melding staat niet meer op uw lijst; de andere "
			 "organisaties zien uw reden.");
	if (strcmp(k, "categorie") == 0)
		return _("Het onderwerp van de melding is verbeterd.");
	if (strcmp(k, "afgesloten") == 0)
		return _("De melding is afgesloten.");
	return NULL;
}

/* The member's organisations, for the regisseur of a new kwestie. */
static void org_choices(struct http_req *req, struct db *db,
			struct triage_page *t)
{
	const struct principal *p = auth_principal(req);
	struct choice *c = arena_alloc(req->arena, (p->nmemberships + 1) * sizeof(*c));
	struct org_row o;
	size_t n = 0;

	for (size_t i = 0; i < p->nmemberships; i++) {
		c[n].value = arena_printf(req->arena, "%lld",
					  (long long)p->memberships[i].org_id);
		c[n].label = p->memberships[i].org_name;
		c[n++].group = NULL;
	}
	if (!n && p->api_org_id && store_org_get(db, req->arena, p->api_org_id, &o) == ERR_OK) {
		c[n].value = arena_printf(req->arena, "%lld", (long long)o.id);
		c[n].label = o.name;
		c[n++].group = NULL;
	}
	t->orgs = c;
	t->norgs = n;
}

static void item_fill(struct http_req *req, struct db *db,
		      const struct signal_row *s, struct triage_item *it)
{
	struct signal_decline_row *d = NULL;
	struct kwestie_row *sug;
	size_t n, nd = 0;

	memset(it, 0, sizeof(*it));
	it->id = s->id;
	it->buurt_code = s->buurt_code;
	it->category_code = s->category_code;
	signal_view_fill(req, s, &it->signal);
	store_signal_declines(db, req->arena, s->id, &d, &nd);
	it->declines = d;
	it->ndeclines = nd;
	if (kwestie_suggest(req->app, db, req->arena, s->buurt_code, s->has_point,
			    s->lat, s->lon, s->category_code, s->body,
			    TRIAGE_SUGGESTIONS, &sug, &n) == ERR_OK) {
		it->suggestions = sug;
		it->nsuggestions = n;
	}
}

/* The filter again as a query string for the next page's link. */
static const char *filter_query(struct http_req *req, const struct triage_filter *f)
{
	const char *s = "";

	if (f->area)
		s = arena_printf(req->arena, "%s&area=%s", s, f->area);
	if (f->kind)
		s = arena_printf(req->arena, "%s&kind=%s", s, f->kind);
	if (f->category) {
		/* category codes are [a-z0-9_/-]; anything else is not sent */
		if (strspn(f->category, "abcdefghijklmnopqrstuvwxyz0123456789_-/") ==
		    strlen(f->category))
			s = arena_printf(req->arena, "%s&category=%s", s, f->category);
	}
	return s;
}

/* The signal a refusal is about, when it is not on this page. */
static size_t add_refused(struct http_req *req, struct db *db,
			  struct triage_item *items, size_t n, int64_t sid)
{
	struct signal_row s;

	for (size_t i = 0; i < n; i++)
		if (items[i].id == sid)
			return n;
	if (store_signal_by_id(db, req->arena, sid, &s) != ERR_OK)
		return n;
	memmove(items + 1, items, n * sizeof(*items));
	item_fill(req, db, &s, &items[0]);
	return n + 1;
}

/* The list; with sent, the refusal at signal sid. */
static void render(struct http_req *req, struct http_resp *resp, struct db *db,
		   int status, int64_t sid, const struct triage_sent *sent)
{
	struct page pg = web_page(req, sent ? _("Fout: Triage") : _("Triage"));
	struct triage_page t;
	struct triage_filter f;
	struct signal_row *rows;
	struct triage_item *items;
	size_t n;

	resp->no_store = true;
	if (!triage_filter_of(req, &f)) {
		web_html_error(req, resp, 400,
			       _("Dit filter kan niet: een gebiedscode, een soort "
				 "(melding, vraag of idee) en een onderwerp."));
		return;
	}
	f.limit = TRIAGE_PAGE + 1;
	if (triage_list(db, req->arena, auth_actor(req), &f, &rows, &n) != ERR_OK) {
		web_html_error(req, resp, 503, _("De triage is even niet te lezen. "
						 "Probeer het zo opnieuw."));
		return;
	}
	memset(&t, 0, sizeof(t));
	t.nitems = n > TRIAGE_PAGE ? TRIAGE_PAGE : n;
	items = arena_alloc(req->arena, (t.nitems + 2) * sizeof(*items));
	for (size_t i = 0; i < t.nitems; i++)
		item_fill(req, db, &rows[i], &items[i]);
	if (n > TRIAGE_PAGE)
		t.next_after = rows[TRIAGE_PAGE - 1].id;
	if (sent) {
		t.nitems = add_refused(req, db, items, t.nitems, sid);
		for (size_t i = 0; i < t.nitems; i++)
			if (items[i].id == sid)
				items[i].sent = sent;
	}
	t.items = items;
	t.csrf = auth_principal(req)->csrf;
	t.notice = sent ? NULL : notice_for(req);
	t.area = f.area;
	t.kind = f.kind;
	t.category = f.category;
	t.filter_query = filter_query(req, &f);
	t.categories = req->app->category_options;
	t.ncategories = req->app->ncategory_options;
	org_choices(req, db, &t);
	resp->status = status;
	view_werk_triage(HTML_ON(&resp->body), &pg, &t);
}

static const char *const triage_params[] = {"area", "kind", "category", "after",
					    "klaar"};

void web_werk_triage(struct http_req *req, struct http_resp *resp)
{
	struct db *db;

	if (web_query_only(req, resp, triage_params, 5) != 0 ||
	    !(db = web_db(req, resp, 0)))
		return;
	render(req, resp, db, 200, 0, NULL);
}

/* --- the actions ------------------------------------------------------- */

/* After a use case: 303 on, or the list with the refusal. */
static void answer(struct http_req *req, struct http_resp *resp, struct db *db,
		   enum err e, struct triage_sent *sent,
		   const struct field_errors *errs, const char *const *shown,
		   size_t nshown, const char *klaar)
{
	int64_t sid = web_param_id(req, "signal");

	if (e == ERR_OK) {
		werk_redirect(resp, arena_printf(req->arena, "/werk/triage?klaar=%s",
						 klaar));
		return;
	}
	if (e == ERR_NOT_FOUND) {
		web_html_error(req, resp, 404, _("Deze melding bestaat niet."));
		return;
	}
	sent->message = werk_refusal(e);
	sent->errors = werk_page_errors(req, errs, shown, nshown);
	sent->nerrors = errs->n;
	render(req, resp, db, http_status_for(e), sid, sent);
}

static const char *const link_shown[] = {"kwestie", "suggestion"};

void web_werk_triage_link(struct http_req *req, struct http_resp *resp)
{
	struct field_errors errs = {0};
	struct triage_sent sent = {0};
	struct kwestie_row k;
	struct db *db;
	int64_t kid;
	bool added;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	sent.action = "koppelen";
	sent.kwestie = werk_form_value(req, "kwestie");
	sent.suggestion = werk_form_value(req, "suggestion");
	kid = werk_number(sent.kwestie ? sent.kwestie : sent.suggestion);
	if (kid < 0)
		field_errors_add(&errs, "kwestie", N_("Vul het nummer van een kwestie in."));
	else if (!kid)
		field_errors_add(&errs, "kwestie",
				 N_("Kies een kwestie of vul haar nummer in."));
	if (errs.n) {
		answer(req, resp, db, ERR_INVALID, &sent, &errs, link_shown, 2, NULL);
		return;
	}
	if (store_kwestie_get(db, req->arena, kid, &k) == ERR_NOT_FOUND) {
		field_errors_add(&errs, "kwestie", N_("Die kwestie bestaat niet."));
		e = ERR_UNPROCESSABLE;
	} else {
		/* the use case checks both: the kwestie is one the actor may
		 * change, the signal one its organisation works on */
		e = kwestie_add_signal(req->app, db, req->arena, auth_actor(req), kid,
				       web_param_id(req, "signal"), &errs, &added);
		for (size_t i = 0; i < errs.n; i++)
			if (strcmp(errs.e[i].field, "id") == 0)
				errs.e[i].field = "kwestie";
	}
	answer(req, resp, db, e, &sent, &errs, link_shown, 2, "gekoppeld");
}

static const char *const new_shown[] = {"title", "description", "area", "level",
					"level_reason", "theme", "regisseur"};

void web_werk_triage_new(struct http_req *req, struct http_resp *resp)
{
	int64_t sid = web_param_id(req, "signal"), org, id = 0;
	struct field_errors errs = {0};
	struct triage_sent sent = {0};
	struct kwestie_input in;
	struct kw_link link;
	struct db *db;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	sent.action = "kwestie";
	sent.title = werk_form_value(req, "title");
	sent.description = werk_form_value(req, "description");
	sent.area = werk_form_value(req, "area");
	sent.level = werk_form_value(req, "level");
	sent.level_reason = werk_form_value(req, "level_reason");
	sent.theme = werk_form_value(req, "theme");
	sent.regisseur = werk_form_value(req, "regisseur");
	memset(&in, 0, sizeof(in));
	in.title = sent.title;
	in.description = sent.description;
	in.area = sent.area;
	in.level = sent.level;
	in.level_reason = sent.level_reason;
	in.theme = sent.theme;
	in.signals = &sid;
	in.nsignals = 1;
	if ((org = werk_number(sent.regisseur)) < 0) {
		field_errors_add(&errs, "regisseur", N_("Kies een organisatie."));
		answer(req, resp, db, ERR_INVALID, &sent, &errs, new_shown, 7, NULL);
		return;
	}
	if (org) {
		link.organisation = org;
		link.role = KR_REGISSEUR;
		in.chain = &link;
		in.nchain = 1;
		in.status = "opgepakt"; /* a regisseur takes it up */
	}
	e = kwestie_create(req->app, db, req->arena, auth_actor(req), &in, &errs, &id);
	for (size_t i = 0; i < errs.n; i++) /* the chain is the regisseur here */
		if (strcmp(errs.e[i].field, "chain") == 0)
			errs.e[i].field = "regisseur";
	if (e == ERR_OK) {
		werk_redirect(resp, arena_printf(req->arena, "/werk/kwesties/%lld?klaar="
							     "aangemaakt",
						 (long long)id));
		return;
	}
	answer(req, resp, db, e, &sent, &errs, new_shown, 7, NULL);
}

static const char *const reason_shown[] = {"reason", "outcome", "category"};

void web_werk_triage_decline(struct http_req *req, struct http_resp *resp)
{
	struct field_errors errs = {0};
	struct triage_sent sent = {0};
	struct db *db;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	sent.action = "niet-voor-ons";
	sent.reason = werk_form_value(req, "reason");
	e = triage_decline(req->app, db, req->arena, auth_actor(req),
			   web_param_id(req, "signal"), sent.reason, &errs);
	answer(req, resp, db, e, &sent, &errs, reason_shown, 3, "niet-voor-ons");
}

void web_werk_triage_category(struct http_req *req, struct http_resp *resp)
{
	struct field_errors errs = {0};
	struct triage_sent sent = {0};
	struct db *db;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	sent.action = "categorie";
	sent.category = werk_form_value(req, "category");
	e = triage_set_category(req->app, db, req->arena, auth_actor(req),
				web_param_id(req, "signal"), sent.category, &errs);
	answer(req, resp, db, e, &sent, &errs, reason_shown, 3, "categorie");
}

void web_werk_triage_close(struct http_req *req, struct http_resp *resp)
{
	struct field_errors errs = {0};
	struct triage_sent sent = {0};
	struct db *db;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	sent.action = "afsluiten";
	sent.outcome = werk_form_value(req, "outcome");
	sent.reason = werk_form_value(req, "reason");
	e = triage_close(req->app, db, req->arena, auth_actor(req),
			 web_param_id(req, "signal"), sent.outcome, sent.reason, &errs);
	answer(req, resp, db, e, &sent, &errs, reason_shown, 3, "afgesloten");
}
