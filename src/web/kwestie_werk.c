/* kwestie_werk: GET /werk/kwesties (the kwesties of the member's
 * organisations) and /werk/kwesties/{id} with its four forms: change,
 * chain, merge, split (see views/kwestie_werk.h).
 *
 * The router has let only members of an organisation that may change the
 * kwestie through (AZ_KWESTIE_MANAGE with {id}: its chain, or working on
 * one of its signals), with the session's CSRF token; each form is one
 * use case of app/kwestie.h.  Forms carry the version the person read
 * and the last history entry they saw: a stale version is 409 with a page
 * that shows what they sent next to the kwestie as it is now and what
 * happened since; a broken rule is 422 (400 for a field that is no
 * number) with the errors at the fields, and nothing changed. */
#include <stdio.h>
#include <string.h>

#include "app/kwestie.h"
#include "app/plain.h"
#include "app/promise.h"
#include "i18n/i18n.h"
#include "store/accounts.h"
#include "store/grade.h"
#include "store/kwestie.h"
#include "views/kwestie_werk.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/kwestie.h"
#include "web/kwestie_werk.h"
#include "web/web.h"

#define KWESTIES_MAX 200
#define KWESTIE_SIGNALS_MAX 200

/* --- the list ---------------------------------------------------------- */

void web_werk_kwesties(struct http_req *req, struct http_resp *resp)
{
	const struct principal *p = auth_principal(req);
	struct page pg = web_page(req, _("Kwesties"));
	struct kwestie_werk_list l = {0};
	struct kwestie_werk_item *items;
	struct kwestie_row *rows;
	char now[32], today[16];
	struct db *db;
	size_t n;

	resp->no_store = true;
	if (web_query_only(req, resp, NULL, 0) != 0 || !(db = web_db(req, resp, 0)))
		return;
	store_now(now, sizeof(now));
	snprintf(today, sizeof(today), "%.10s", now);
	if (store_kwesties_of_orgs(db, req->arena, p->account_id,
				   p->kind == PRINCIPAL_APIKEY ? p->api_org_id : 0,
				   today, KWESTIES_MAX + 1, &rows, &n) != ERR_OK) {
		web_html_error(req, resp, 503, _("De kwesties zijn even niet te "
						 "lezen. Probeer het zo opnieuw."));
		return;
	}
	l.more = n > KWESTIES_MAX;
	l.nitems = l.more ? KWESTIES_MAX : n;
	items = arena_alloc(req->arena, (l.nitems + 1) * sizeof(*items));
	for (size_t i = 0; i < l.nitems; i++) {
		items[i].k = &rows[i];
		items[i].back = rows[i].park_until && !rows[i].closed_at &&
				strcmp(rows[i].park_until, today) <= 0;
	}
	l.items = items;
	view_werk_kwesties(HTML_ON(&resp->body), &pg, &l);
}

/* --- one kwestie ------------------------------------------------------- */

static const char *num_text(struct http_req *req, int64_t v)
{
	return v ? arena_printf(req->arena, "%lld", (long long)v) : NULL;
}

/* The change form with the kwestie's own values. */
static void change_of(struct http_req *req, const struct kwestie_view *v,
		      struct kwestie_change_form *c)
{
	const struct kwestie_row *k = &v->k;

	memset(c, 0, sizeof(*c));
	c->title = k->title;
	c->description = k->description;
	c->status = k->status;
	c->outcome = k->outcome;
	c->duplicate_of = num_text(req, k->duplicate_of);
	c->forwarded_to = k->forwarded_to;
	c->park_until = k->park_until;
	c->park_reason = k->park_reason;
	c->level = k->level;
	c->urgency = arena_printf(req->arena, "%d", k->urgency);
	c->version = k->version;
	c->seen = v->nhistory ? v->history[v->nhistory - 1].id : 0;
}

/* The chain editor's rows: the chain as it is, and one empty row. */
static void chain_rows_of(struct http_req *req, const struct kwestie_view *v,
			  struct kwestie_werk_page *w)
{
	struct chain_form_row *r = arena_alloc(req->arena, (v->nchain + 1) * sizeof(*r));

	for (size_t i = 0; i < v->nchain; i++) {
		r[i].org = num_text(req, v->chain[i].organisation);
		r[i].role = v->chain[i].role;
	}
	r[v->nchain].org = r[v->nchain].role = NULL;
	w->chain = r;
	w->nchain = v->nchain + 1;
}

static void org_choices(struct http_req *req, struct db *db,
			struct kwestie_werk_page *w)
{
	struct org_row *orgs;
	struct choice *c;
	size_t n;

	if (store_org_list(db, req->arena, req->app->municipality, &orgs, &n) != ERR_OK)
		n = 0;
	c = arena_alloc(req->arena, (n + 1) * sizeof(*c));
	for (size_t i = 0; i < n; i++) {
		c[i].value = num_text(req, orgs[i].id);
		c[i].label = orgs[i].name;
		c[i].group = NULL;
	}
	w->orgs = c;
	w->norgs = n;
}

static const char *notice_for(struct http_req *req)
{
	const char *k = form_get(&req->query, "klaar");

	if (!k)
		return NULL;
	if (strcmp(k, "aangemaakt") == 0)
		return _("De kwestie is aangemaakt.");
	if (strcmp(k, "gewijzigd") == 0)
		return _("De wijziging is opgeslagen.");
	if (strcmp(k, "keten") == 0)
		return _("De keten is opgeslagen.");
	if (strcmp(k, "samengevoegd") == 0)
		return _("De kwesties zijn samengevoegd.");
	if (strcmp(k, "gesplitst") == 0)
		return _("De kwestie is gesplitst; dit is de nieuwe.");
	if (strcmp(k, "toegezegd") == 0)
		return _("De toezegging staat op de pagina voor bewoners.");
	if (strcmp(k, "toezegging") == 0)
		return _("De toezegging is bijgewerkt.");
	return NULL;
}

/* The promise form: the chain to choose from, the actor's own
 * organisation first chosen, its record on similar promises and its
 * service norm. */
static void promise_form_of(struct http_req *req, struct db *db,
			    const struct kwestie_view *v,
			    struct kwestie_werk_page *w)
{
	struct promise_form *f = &w->promise;
	struct promise_record *rec = arena_alloc(req->arena, sizeof(*rec));

	w->promise_base = arena_printf(req->arena, "/werk/kwesties/%lld/toezeggingen",
				       (long long)v->k.id);
	f->action = w->promise_base;
	f->csrf = w->csrf;
	f->chain = v->chain;
	f->nchain = v->nchain;
	f->own = kwestie_acting_org(db, req->arena, auth_actor(req), v->k.id);
	if (f->own && promise_record(db, req->arena, f->own, v->k.category_code,
				     rec) == ERR_OK)
		f->record = rec;
	f->norm = f->own ? promise_norm(db, req->arena, f->own) : NULL;
}

/* Read the kwestie and everything its page shows, forms from the
 * kwestie as it is.  false: answered (404, 503). */
static bool page_load(struct http_req *req, struct http_resp *resp,
		      struct db *db, struct kwestie_view *v,
		      struct kwestie_werk_page *w)
{
	int64_t id = web_param_id(req, "id");
	struct signal_row *sig;
	struct grade_row *grades;
	enum err e;
	size_t n;

	resp->no_store = true;
	memset(w, 0, sizeof(*w));
	if ((e = kwestie_read_in(db, req->arena, req->app->municipality, id,
				 v)) != ERR_OK) {
		web_html_error(req, resp, e == ERR_NOT_FOUND ? 404 : 503,
			       e == ERR_NOT_FOUND ? _("Deze kwestie bestaat niet.")
						  : _("De kwestie is even niet te "
						      "lezen. Probeer het zo opnieuw."));
		return false;
	}
	if (store_kwestie_signals(db, req->arena, id, KWESTIE_SIGNALS_MAX, &sig,
				  &n) != ERR_OK)
		n = 0;
	w->v = v;
	w->signals = sig;
	w->nsignals = n;
	if (store_grades_subject(db, req->arena, id, 0, &grades, &w->ngrades) != ERR_OK)
		w->ngrades = 0;
	w->grades = grades;
	w->csrf = auth_principal(req)->csrf;
	w->area_name = v->k.area_name;
	w->category_name = v->k.category_code
				   ? app_category_name(req->app, v->k.category_code)
				   : NULL;
	w->theme_name = v->k.theme ? kwestie_topic_label(req->app, db, req->arena,
							 v->k.theme)
				   : NULL;
	change_of(req, v, &w->change);
	chain_rows_of(req, v, w);
	org_choices(req, db, w);
	promise_form_of(req, db, v, w);
	return true;
}

static void page_render(struct http_req *req, struct http_resp *resp,
			int status, const struct kwestie_werk_page *w)
{
	struct page pg = web_page(req, arena_printf(req->arena, "%s%s",
						    status >= 400 ? _("Fout: ") : "",
						    w->v->k.title));

	resp->status = status;
	view_werk_kwestie(HTML_ON(&resp->body), &pg, w);
}

void web_werk_kwestie(struct http_req *req, struct http_resp *resp)
{
	static const char *const params[] = {"klaar"};
	struct kwestie_werk_page w;
	struct kwestie_view v;
	struct db *db;

	if (web_query_only(req, resp, params, 1) != 0 || !(db = web_db(req, resp, 0)))
		return;
	if (!page_load(req, resp, db, &v, &w))
		return;
	w.notice = notice_for(req);
	page_render(req, resp, 200, &w);
}

/* --- refusals ---------------------------------------------------------- */

/* The history entries after the last one the person saw. */
static void since(struct kwestie_werk_page *w, int64_t seen)
{
	const struct kwestie_view *v = w->v;
	size_t i = 0;

	while (i < v->nhistory && v->history[i].id <= seen)
		i++;
	w->since = v->history + i;
	w->nsince = v->nhistory - i;
}

/* The page again after a refused form: the kwestie as it is now, the
 * message and errors at form; on a stale version, what happened since
 * the entry seen. */
static void refused(struct http_req *req, struct http_resp *resp,
		    struct db *db, enum err e, const char *form,
		    const struct field_errors *errs, const char *const *shown,
		    size_t nshown, struct kwestie_werk_page *w, int64_t seen)
{
	w->form = form;
	w->message = werk_refusal(e);
	w->errors = werk_page_errors(req, errs, shown, nshown);
	w->nerrors = errs->n;
	if (e == ERR_CONFLICT && !w->v->k.merged_into) { /* a stale version */
		w->conflict = true;
		since(w, seen);
	}
	(void)db;
	page_render(req, resp, http_status_for(e), w);
}

/* --- plain language ---------------------------------------------------- */

/* The writer ticked "publiceer de tekst zoals hij is". */
static bool confirmed(struct http_req *req)
{
	const char *v = werk_form_value(req, "confirm_plain");

	return v && strcmp(v, "1") == 0;
}

/* After a refusal: the first text refused for plain language (of the n
 * fields with their texts as sent), checked again for the box with its
 * score and the confirmation (views/kwestie_werk.c). */
static void plain_refused(struct http_req *req, const struct field_errors *errs,
			  const char *form, const char *const *fields,
			  const char *const *texts, size_t n,
			  struct kwestie_werk_page *w)
{
	struct readability *r;

	for (size_t i = 0; i < errs->n; i++) {
		if (errs->e[i].msgid != plain_refusal)
			continue;
		for (size_t j = 0; j < n; j++) {
			if (strcmp(errs->e[i].field, fields[j]) != 0 || !texts[j])
				continue;
			r = arena_alloc(req->arena, sizeof(*r));
			if (readability_check(req->arena, texts[j], r) != ERR_OK)
				return;
			w->plain_form = form;
			w->plain_text = texts[j];
			w->plain = r;
			return;
		}
	}
}

/* --- change ------------------------------------------------------------ */

/* The form as sent: every field (an empty text field is a value too,
 * which the rules refuse where one is needed). */
static void change_sent(struct http_req *req, struct kwestie_change_form *s)
{
	const struct form *f = web_form(req);

	memset(s, 0, sizeof(*s));
	s->title = form_get(f, "title");
	s->description = form_get(f, "description");
	s->status = form_get(f, "status");
	s->outcome = form_get(f, "outcome");
	s->duplicate_of = werk_form_value(req, "duplicate_of");
	s->forwarded_to = werk_form_value(req, "forwarded_to");
	s->park_until = werk_form_value(req, "park_until");
	s->park_reason = werk_form_value(req, "park_reason");
	s->level = form_get(f, "level");
	s->level_reason = werk_form_value(req, "level_reason");
	s->urgency = werk_form_value(req, "urgency");
	s->version = werk_number(werk_form_value(req, "version"));
	s->seen = werk_number(werk_form_value(req, "seen"));
	s->message = werk_form_value(req, "message");
}

/* The change the form asks for; field errors for what is no number. */
static void change_of_sent(const struct kwestie_change_form *s,
			   struct kw_change *ch, struct field_errors *errs)
{
	int64_t dup = werk_number(s->duplicate_of);

	memset(ch, 0, sizeof(*ch));
	ch->title = s->title;
	ch->description = s->description;
	ch->status = s->status;
	ch->outcome = s->outcome;
	ch->forwarded_to = s->forwarded_to;
	ch->park_until = s->park_until;
	ch->park_reason = s->park_reason;
	ch->level = s->level;
	ch->level_reason = s->level_reason;
	if (dup < 0)
		field_errors_add(errs, "duplicate_of",
				 N_("Vul het nummer van een kwestie in."));
	ch->has_duplicate_of = dup > 0;
	ch->duplicate_of = dup;
	if (s->urgency) {
		ch->has_urgency = true;
		ch->urgency = strlen(s->urgency) == 1 && s->urgency[0] >= '0' &&
					      s->urgency[0] <= '9'
				      ? s->urgency[0] - '0'
				      : -1;
	}
	if (s->version <= 0)
		field_errors_add(errs, "version", N_("Stuur de versie mee die u las."));
	ch->message = s->message;
}

static const char *const change_shown[] = {
	"title", "description", "status", "outcome", "duplicate_of",
	"forwarded_to", "park_until", "park_reason", "level", "level_reason",
	"urgency", "chain", "message"};

void web_werk_kwestie_change(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id");
	struct field_errors errs = {0};
	struct kwestie_change_form sent;
	struct kwestie_werk_page w;
	struct kwestie_view v;
	struct kw_change ch;
	struct db *db;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	change_sent(req, &sent);
	change_of_sent(&sent, &ch, &errs);
	ch.plain_confirmed = confirmed(req);
	e = errs.n ? ERR_INVALID
		   : kwestie_change(req->app, db, req->arena, auth_actor(req), id,
				    sent.version, &ch, &errs);
	if (e == ERR_OK) {
		werk_redirect(resp, arena_printf(req->arena, "/werk/kwesties/%lld?klaar="
							     "gewijzigd",
						 (long long)id));
		return;
	}
	if (!page_load(req, resp, db, &v, &w))
		return;
	if (e == ERR_CONFLICT) {
		w.sent = &sent; /* the form keeps the current values */
	} else if (e == ERR_INVALID || e == ERR_UNPROCESSABLE) {
		sent.seen = w.change.seen;
		w.change = sent; /* the form keeps what was sent */
	}
	{
		const char *fields[] = {"title", "description", "message"};
		const char *texts[] = {sent.title, sent.description, sent.message};

		plain_refused(req, &errs, "wijzigen", fields, texts, 3, &w);
	}
	refused(req, resp, db, e, "wijzigen", &errs, change_shown, 13, &w, sent.seen);
}

/* --- the chain --------------------------------------------------------- */

/* The rows as sent: the n-th "org" with the n-th "role". */
static size_t chain_sent(struct http_req *req, struct chain_form_row **out)
{
	const struct form *f = web_form(req);
	size_t norg = form_count(f, "org"), nrole = form_count(f, "role");
	size_t n = norg > nrole ? norg : nrole, io = 0, ir = 0;
	struct chain_form_row *r = arena_alloc(req->arena, (n + 2) * sizeof(*r));

	memset(r, 0, (n + 2) * sizeof(*r));
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->fields[i].key, "org") == 0)
			r[io++].org = f->fields[i].value;
		else if (strcmp(f->fields[i].key, "role") == 0)
			r[ir++].role = f->fields[i].value;
	}
	*out = r;
	return n;
}

/* The links of the rows that are not blank. */
static size_t links_of(struct http_req *req, const struct chain_form_row *r,
		       size_t n, struct kw_link **out)
{
	struct kw_link *l = arena_alloc(req->arena, (n + 1) * sizeof(*l));
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		bool no_org = !r[i].org || !*r[i].org, no_role = !r[i].role || !*r[i].role;

		if (no_org && no_role)
			continue;
		l[k].organisation = werk_number(no_org ? NULL : r[i].org);
		l[k++].role = kw_role_parse(r[i].role);
	}
	*out = l;
	return k;
}

static const char *const chain_shown[] = {"chain"};

void web_werk_kwestie_chain(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id");
	int64_t version = werk_number(werk_form_value(req, "version"));
	int64_t seen = werk_number(werk_form_value(req, "seen"));
	const char *act = werk_form_value(req, "actie");
	struct field_errors errs = {0};
	struct chain_form_row *rows;
	struct kwestie_werk_page w;
	struct kwestie_view v;
	struct kw_link *links;
	size_t nrows, nlinks;
	struct db *db;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	nrows = chain_sent(req, &rows);
	if (act && strcmp(act, "rij") == 0) {
		/* one more row, nothing saved */
		if (!page_load(req, resp, db, &v, &w))
			return;
		w.chain = rows;
		w.nchain = nrows < KW_CHAIN_MAX ? nrows + 1 : nrows;
		if (version > 0)
			w.change.version = version;
		page_render(req, resp, 200, &w);
		return;
	}
	nlinks = links_of(req, rows, nrows, &links);
	if (version <= 0) {
		field_errors_add(&errs, "version", N_("Stuur de versie mee die u las."));
		e = ERR_INVALID;
	} else {
		e = kwestie_set_chain(req->app, db, req->arena, auth_actor(req), id,
				      version, links, nlinks, &errs);
	}
	if (e == ERR_OK) {
		werk_redirect(resp, arena_printf(req->arena,
						 "/werk/kwesties/%lld?klaar=keten",
						 (long long)id));
		return;
	}
	if (!page_load(req, resp, db, &v, &w))
		return;
	if (e != ERR_CONFLICT) {
		w.chain = rows;
		w.nchain = nrows;
	}
	refused(req, resp, db, e, "keten", &errs, chain_shown, 1, &w, seen);
}

/* --- merge and split --------------------------------------------------- */

static const char *const merge_shown[] = {"into"};

void web_werk_kwestie_merge(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id");
	int64_t version = werk_number(werk_form_value(req, "version"));
	int64_t seen = werk_number(werk_form_value(req, "seen"));
	const char *into_s = werk_form_value(req, "into");
	int64_t into = werk_number(into_s);
	struct field_errors errs = {0};
	struct kwestie_werk_page w;
	struct kwestie_view v;
	struct db *db;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	if (into < 0) {
		field_errors_add(&errs, "into", N_("Vul het nummer van een kwestie in."));
		e = ERR_INVALID;
	} else if (version <= 0) {
		field_errors_add(&errs, "version", N_("Stuur de versie mee die u las."));
		e = ERR_INVALID;
	} else {
		e = kwestie_merge(req->app, db, req->arena, auth_actor(req), id,
				  version, into, &errs);
	}
	if (e == ERR_OK) {
		werk_redirect(resp, arena_printf(req->arena, "/werk/kwesties/%lld?klaar="
							     "samengevoegd",
						 (long long)into));
		return;
	}
	if (!page_load(req, resp, db, &v, &w))
		return;
	w.into = into_s;
	refused(req, resp, db, e, "samenvoegen", &errs, merge_shown, 1, &w, seen);
}

static const char *const split_shown[] = {"new_title", "new_description",
					  "signals"};

/* The use case names the new kwestie's fields title and description; the
 * form calls them new_title and new_description (the change form on the
 * same page has title and description). */
static void split_fields(struct field_errors *errs)
{
	for (size_t i = 0; i < errs->n; i++) {
		if (strcmp(errs->e[i].field, "title") == 0)
			errs->e[i].field = "new_title";
		else if (strcmp(errs->e[i].field, "description") == 0)
			errs->e[i].field = "new_description";
	}
}

void web_werk_kwestie_split(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id"), new_id = 0, *ids;
	const struct form *f = web_form(req);
	struct field_errors errs = {0};
	struct kwestie_werk_page w;
	struct kwestie_input in;
	struct kwestie_view v;
	size_t n = 0;
	struct db *db;
	enum err e = ERR_OK;

	if (!(db = web_db(req, resp, 0)))
		return;
	ids = arena_alloc(req->arena, (form_count(f, "signals") + 1) * sizeof(*ids));
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].key, "signals") == 0 &&
		    (ids[n++] = werk_number(f->fields[i].value)) <= 0)
			e = ERR_INVALID;
	memset(&in, 0, sizeof(in));
	in.title = werk_form_value(req, "new_title");
	in.description = werk_form_value(req, "new_description");
	in.signals = ids;
	in.nsignals = n;
	if (e == ERR_INVALID)
		field_errors_add(&errs, "signals", N_("Kies meldingen uit de lijst."));
	else
		e = kwestie_split(req->app, db, req->arena, auth_actor(req), id, &in,
				  &errs, &new_id);
	if (e == ERR_OK) {
		werk_redirect(resp, arena_printf(req->arena, "/werk/kwesties/%lld?klaar="
							     "gesplitst",
						 (long long)new_id));
		return;
	}
	split_fields(&errs);
	if (!page_load(req, resp, db, &v, &w))
		return;
	w.split_title = in.title;
	w.split_description = in.description;
	w.split_signals = ids;
	w.nsplit_signals = n;
	refused(req, resp, db, e, "splitsen", &errs, split_shown, 3, &w, 0);
}

/* --- promises ---------------------------------------------------------- */

static const char *const promise_shown[] = {"what", "organisation", "due",
					    "workdays"};

/* A whole number of working days as typed: has false when blank; -1
 * (refused by the rule) when it is no number. */
static void workdays_of(const char *s, struct promise_when *w)
{
	if (!s)
		return;
	w->has_workdays = true;
	w->workdays = werk_number(s);
}

void web_werk_promise_make(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id"), pid;
	const char *org_s = werk_form_value(req, "organisation");
	struct field_errors errs = {0};
	struct kwestie_werk_page w;
	struct promise_input in;
	struct kwestie_view v;
	struct db *db;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	memset(&in, 0, sizeof(in));
	in.what = werk_form_value(req, "what");
	in.organisation = werk_number(org_s);
	in.when.due = werk_form_value(req, "due");
	workdays_of(werk_form_value(req, "workdays"), &in.when);
	in.plain_confirmed = confirmed(req);
	if (in.organisation < 0) {
		field_errors_add(&errs, "organisation", N_("Kies een organisatie."));
		e = ERR_INVALID;
	} else {
		e = promise_make(req->app, db, req->arena, auth_actor(req), id, 0,
				 &in, &errs, &pid);
	}
	if (e == ERR_OK) {
		werk_redirect(resp, arena_printf(req->arena,
						 "/werk/kwesties/%lld?klaar=toegezegd"
						 "#toezeggen",
						 (long long)id));
		return;
	}
	if (!page_load(req, resp, db, &v, &w))
		return;
	w.promise.what = in.what;
	w.promise.due = in.when.due;
	w.promise.workdays = werk_form_value(req, "workdays");
	{
		const char *fields[] = {"what"};
		const char *texts[] = {in.what};

		plain_refused(req, &errs, "toezeggen", fields, texts, 1, &w);
	}
	refused(req, resp, db, e, "toezeggen", &errs, promise_shown, 4, &w, 0);
}

static const char *const promise_close_shown[] = {"status", "explanation",
						  "new_due"};

void web_werk_promise_update(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id"), pid = web_param_id(req, "promise");
	int64_t version = werk_number(werk_form_value(req, "version"));
	struct field_errors errs = {0};
	struct kwestie_werk_page w;
	struct promise_change ch;
	struct promise_row p;
	struct kwestie_view v;
	struct db *db;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	memset(&ch, 0, sizeof(ch));
	ch.status = werk_form_value(req, "status");
	ch.explanation = werk_form_value(req, "explanation");
	ch.when.due = werk_form_value(req, "new_due");
	ch.plain_confirmed = confirmed(req);
	/* the promise must be one of this kwestie: the router checked the
	 * actor against the kwestie of the path, not of the promise */
	e = store_promise_get(db, req->arena, pid, &p);
	if (e == ERR_OK && p.kwestie_id != id)
		e = ERR_NOT_FOUND;
	if (e == ERR_OK && version <= 0) {
		field_errors_add(&errs, "version", N_("Stuur de versie mee die u las."));
		e = ERR_INVALID;
	} else if (e == ERR_OK && !ch.status) {
		field_errors_add(&errs, "status",
				 N_("Kies gehaald, niet gehaald of gewijzigd."));
		e = ERR_INVALID;
	} else if (e == ERR_OK) {
		e = promise_update(req->app, db, req->arena, auth_actor(req), pid,
				   version, &ch, &errs, NULL);
	}
	if (e == ERR_OK) {
		werk_redirect(resp, arena_printf(req->arena,
						 "/werk/kwesties/%lld?klaar=toezegging"
						 "#toezeggen",
						 (long long)id));
		return;
	}
	if (!page_load(req, resp, db, &v, &w))
		return;
	refused(req, resp, db, e, "toezegging", &errs, promise_close_shown, 3, &w, 0);
}
