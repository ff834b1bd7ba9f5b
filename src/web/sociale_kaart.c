/* sociale_kaart: the public pages of the social map: the search "waar kan
 * ik terecht met ...", a service's page and an organisation's page.  For
 * anyone, without JavaScript (AZ_PUBLIC).
 *
 * Filters come from selects, so a value that is not on the list is not a
 * typing mistake but a stale or made-up link: the page says so (400)
 * rather than quietly showing everything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "domain/organisation.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "store/socialmap_search.h"
#include "views/sociale_kaart.h"
#include "web/authorize.h"
#include "web/freshness.h"
#include "web/web.h"

#define PAGE_SIZE 20
#define PAGE_MAX 500

static void html_ok(struct http_resp *resp)
{
	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
}

enum err kaart_term_choices(struct http_req *req, struct db *db,
			    const char *taxonomy_uuid, struct choice **out,
			    size_t *n)
{
	struct taxonomy_row t;
	struct term_row *terms;
	enum err e;

	*out = NULL;
	*n = 0;
	e = store_taxonomy_by_uuid(db, req->arena, taxonomy_uuid, &t);
	if (e == ERR_NOT_FOUND)
		return ERR_OK; /* vocabulary not loaded: no filter */
	if (e == ERR_OK)
		e = store_terms(db, req->arena, t.id, &terms, n);
	if (e != ERR_OK || !*n)
		return e;
	*out = arena_alloc(req->arena, *n * sizeof(**out));
	for (size_t i = 0; i < *n; i++)
		(*out)[i] = (struct choice){terms[i].code ? terms[i].code : "",
					    terms[i].name, NULL};
	return ERR_OK;
}

void kaart_card_fill(struct http_req *req, const struct service_row *s,
		     const char *cutoff, struct sk_card *c)
{
	memset(c, 0, sizeof(*c));
	c->name = s->name;
	c->href = arena_printf(req->arena, "/sociale-kaart/diensten/%lld",
			       (long long)s->id);
	c->org_name = s->organisation_name;
	c->org_href = arena_printf(req->arena, "/sociale-kaart/organisaties/%lld",
				   (long long)s->organisation_id);
	c->for_whom = s->eligibility_description;
	c->how = s->application_process;
	c->phone = s->phone;
	c->email = s->email;
	c->url = s->url;
	c->opening_hours = s->opening_hours;
	c->cost = s->cost;
	c->fees = s->fees_description;
	c->languages = s->languages;
	c->norm_days = s->norm_days;
	c->norm_text = s->norm_text;
	c->level = -1;
	c->confirmed_at = s->confirmed_at;
	c->stale = freshness_stale(s->confirmed_at, cutoff);
	c->closed = s->status && strcmp(s->status, "temporarily closed") == 0;
}

/* --- the search ---------------------------------------------------------- */

struct search_ctx {
	struct kaart_search_page page;
	struct sk_search q;
	const char *pagina;
	int status;
};

/* value=... for a link, percent-encoded. */
static void add_param(struct buf *b, const char *key, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";

	if (!value || !*value)
		return;
	buf_addc(b, b->len ? '&' : '?');
	buf_adds(b, key);
	buf_addc(b, '=');
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			buf_addc(b, (char)*p);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}

static const char *page_href(struct http_req *req, const struct search_ctx *c,
			     int page)
{
	const struct kaart_search_page *s = &c->page;
	struct buf b;
	const char *out;

	buf_init(&b, 4096);
	add_param(&b, "q", s->q);
	add_param(&b, "buurt", s->buurt);
	add_param(&b, "doelgroep", s->doelgroep);
	add_param(&b, "thema", s->thema);
	add_param(&b, "kosten", s->kosten);
	add_param(&b, "taal", s->taal);
	if (page > 1)
		add_param(&b, "pagina", arena_printf(req->arena, "%d", page));
	out = arena_printf(req->arena, "/sociale-kaart%s", buf_str(&b));
	buf_release(&b);
	return out;
}

static void fail(struct search_ctx *c, const char *msg)
{
	if (!c->page.error) {
		c->page.error = msg;
		c->status = 400;
	}
}

static const char *param(struct http_req *req, const char *key)
{
	const char *v = form_get(&req->query, key);

	return v && *v ? v : NULL;
}

static void area_filter(struct http_req *req, struct search_ctx *c)
{
	const char *code = param(req, "buurt");
	const struct area_node *a;

	if (!code)
		return;
	c->page.buurt = utf8_sanitize(req->arena, code);
	a = areaidx_find(req->app->areas, code);
	if (!a) {
		fail(c, _("Deze buurt kennen we niet. Kies een buurt uit de lijst."));
		return;
	}
	for (; a; a = a->parent)
		if (a->level < AREA_LEVELS)
			c->q.chain[a->level] = a->code;
}

static int64_t term_filter(struct http_req *req, struct db *db,
			   struct search_ctx *c, const char *key,
			   const char *taxonomy, const char **shown)
{
	const char *code = param(req, key);
	struct term_row t;
	enum err e;

	if (!code)
		return 0;
	*shown = utf8_sanitize(req->arena, code);
	e = store_socialmap_term(db, req->arena, taxonomy, code, &t);
	if (e == ERR_OK)
		return t.id;
	if (e == ERR_NOT_FOUND)
		fail(c, _("Dit filter kennen we niet. Kies een waarde uit de lijst."));
	else
		c->status = http_status_for(e);
	return 0;
}

static void simple_filters(struct http_req *req, struct search_ctx *c)
{
	const char *kosten = param(req, "kosten"), *taal = param(req, "taal");
	const char *pagina = param(req, "pagina");
	long page = 1;
	char *end;

	if (kosten) {
		c->page.kosten = utf8_sanitize(req->arena, kosten);
		if (strcmp(kosten, "gratis") && strcmp(kosten, "eigen bijdrage") &&
		    strcmp(kosten, "betaald"))
			fail(c, _("Dit filter kennen we niet. Kies een waarde uit de lijst."));
		else
			c->q.cost = kosten;
	}
	if (taal) {
		size_t n = strlen(taal);
		bool ok = n >= 2 && n <= 3;

		for (size_t i = 0; ok && i < n; i++)
			ok = taal[i] >= 'a' && taal[i] <= 'z';
		c->page.taal = utf8_sanitize(req->arena, taal);
		if (!ok)
			fail(c, _("Deze taal kennen we niet. Kies een taal uit de lijst."));
		else
			c->q.lang = taal;
	}
	if (pagina) {
		page = strtol(pagina, &end, 10);
		if (*end || page < 1 || page > PAGE_MAX || strlen(pagina) > 4) {
			fail(c, _("Deze pagina bestaat niet."));
			page = 1;
		}
	}
	c->page.page = (int)page;
}

static void text_filter(struct http_req *req, struct search_ctx *c,
			char *match, size_t matchlen)
{
	const char *q = param(req, "q");

	if (!q)
		return;
	if (strlen(q) > SK_QUERY_MAX) {
		c->page.q = utf8_sanitize(req->arena, arena_strndup(req->arena, q, 64));
		fail(c, _("Uw zoekvraag is te lang. Gebruik een paar woorden."));
		return;
	}
	c->page.q = utf8_sanitize(req->arena, q);
	/* Like every other text field: bytes that are not UTF-8 are refused,
	 * not searched for. */
	if (strcmp(c->page.q, q) != 0) {
		fail(c, _("Uw zoekvraag bevat tekens die we niet kunnen lezen."));
		return;
	}
	if (socialmap_match_expr(q, SK_MATCH_ALL, match, matchlen) > 0)
		c->q.match = match;
	else
		c->page.note = _("Uw zoekvraag bevat geen woorden waarop we kunnen "
				 "zoeken. Hieronder staat alles.");
}

static void options(struct http_req *req, struct db *db, struct search_ctx *c)
{
	static const char *const costs[] = {"gratis", "eigen bijdrage", "betaald"};
	struct kaart_search_page *s = &c->page;
	struct choice *opts;
	enum err e;

	s->buurten = req->app->buurt_options;
	s->nbuurten = req->app->nbuurt_options;
	e = kaart_term_choices(req, db, SK_TAXONOMY_DOELGROEP, &opts,
			       &s->ndoelgroepen);
	s->doelgroepen = opts;
	if (e == ERR_OK)
		e = kaart_term_choices(req, db, SK_TAXONOMY_THEMA, &opts, &s->nthemas);
	s->themas = opts;
	if (e != ERR_OK)
		c->status = http_status_for(e);
	opts = arena_alloc(req->arena, 3 * sizeof(*opts));
	for (size_t i = 0; i < 3; i++)
		opts[i] = (struct choice){costs[i], view_kaart_cost(costs[i]), NULL};
	s->kosten_opts = opts;
	s->nkosten = 3;
	opts = arena_alloc(req->arena, view_kaart_nlanguages * sizeof(*opts));
	for (size_t i = 0; i < view_kaart_nlanguages; i++)
		opts[i] = (struct choice){view_kaart_languages[i].value,
					  _(view_kaart_languages[i].label), NULL};
	s->talen = opts;
	s->ntalen = view_kaart_nlanguages;
}

static void cards(struct http_req *req, struct search_ctx *c,
		  const struct sk_hit *hits, size_t n)
{
	struct sk_card *cs = arena_alloc(req->arena, (n + 1) * sizeof(*cs));
	char cutoff[32];

	freshness_cutoff(cutoff, sizeof(cutoff));
	for (size_t i = 0; i < n; i++) {
		const char *code;
		const struct area_node *a;

		kaart_card_fill(req, &hits[i].s, cutoff, &cs[i]);
		if (hits[i].level < 0 || hits[i].level >= AREA_LEVELS)
			continue;
		code = c->q.chain[hits[i].level];
		a = code ? areaidx_find(req->app->areas, code) : NULL;
		cs[i].level = hits[i].level;
		cs[i].area_name = a ? a->name : code;
	}
	c->page.results = cs;
	c->page.nresults = n;
}

/* Run the search; with no service having every word, try any word. */
static enum err run_search(struct http_req *req, struct db *db,
			   struct search_ctx *c, char *match, size_t matchlen)
{
	struct sk_hit *hits;
	size_t n;
	int64_t total;
	enum err e;

	e = store_socialmap_search(db, req->arena, &c->q, &hits, &n, &total);
	if (e == ERR_OK && total == 0 && c->q.offset == 0 && c->q.match &&
	    socialmap_match_expr(c->page.q, SK_MATCH_ANY, match, matchlen) > 1) {
		e = store_socialmap_search(db, req->arena, &c->q, &hits, &n, &total);
		c->page.broadened = total > 0;
	}
	if (e == ERR_OK && n == 0 && c->q.offset > 0) {
		/* past the last page: say how many there are after all */
		struct sk_search first = c->q;
		struct sk_hit *h;
		size_t nh;

		first.offset = 0;
		first.limit = 1;
		e = store_socialmap_search(db, req->arena, &first, &h, &nh, &total);
	}
	if (e != ERR_OK)
		return e;
	cards(req, c, hits, n);
	c->page.total = total;
	c->page.pages = (int)((total + PAGE_SIZE - 1) / PAGE_SIZE);
	if (c->page.pages > PAGE_MAX)
		c->page.pages = PAGE_MAX;
	if (c->page.page > 1)
		c->page.prev_href = page_href(req, c, c->page.page - 1);
	if (c->page.page < c->page.pages)
		c->page.next_href = page_href(req, c, c->page.page + 1);
	return ERR_OK;
}

void web_kaart_search(struct http_req *req, struct http_resp *resp)
{
	struct search_ctx c;
	struct page p = web_page(req, _("Waar kan ik terecht?"));
	char match[SK_MATCH_MAX];
	struct db *db;
	enum err e = ERR_OK;

	memset(&c, 0, sizeof(c));
	c.status = 200;
	if (!(db = web_db(req, resp, 0)))
		return;
	c.q.municipality = req->app->municipality;
	text_filter(req, &c, match, sizeof(match));
	area_filter(req, &c);
	c.q.doelgroep = term_filter(req, db, &c, "doelgroep",
				    SK_TAXONOMY_DOELGROEP, &c.page.doelgroep);
	c.q.thema = term_filter(req, db, &c, "thema", SK_TAXONOMY_THEMA,
				&c.page.thema);
	simple_filters(req, &c);
	options(req, db, &c);
	c.page.freshness_days = freshness_days();
	c.q.limit = PAGE_SIZE;
	c.q.offset = (c.page.page - 1) * PAGE_SIZE;
	/* The match expression is quoted words only; the ANY retry reuses
	 * the buffer. */
	if (c.status == 200 && !c.page.error)
		e = run_search(req, db, &c, match, sizeof(match));
	if (c.status >= 500 || e != ERR_OK) {
		web_html_error(req, resp, e != ERR_OK ? http_status_for(e) : c.status,
			       _("Zoeken lukt nu even niet. Probeer het over een "
				 "minuut opnieuw."));
		return;
	}
	resp->status = c.status;
	resp->content_type = "text/html; charset=utf-8";
	view_kaart_search(HTML_ON(&resp->body), &p, &c.page);
}

/* --- a service's page --------------------------------------------------- */

static bool is_public(const char *status)
{
	return !status || strcmp(status, "active") == 0 ||
	       strcmp(status, "temporarily closed") == 0;
}

/* "Name (buurt)", or "Heel Amsterdam" for the gemeente. */
static const char *area_label(struct http_req *req, const char *code)
{
	const struct area_node *a = areaidx_find(req->app->areas, code);

	if (!a)
		return code;
	if (a->level == AREA_GEMEENTE)
		return arena_printf(req->arena, _("Heel %s"), a->name);
	return arena_printf(req->arena, "%s (%s)", a->name,
			    _(area_level_name(a->level)));
}

/* Names of the service's terms of one taxonomy, joined. */
static const char *term_names(struct http_req *req, const struct term_row *t,
			      size_t n, const char *taxonomy)
{
	struct buf b;
	const char *out = NULL;

	buf_init(&b, 8192);
	for (size_t i = 0; i < n; i++) {
		if (!t[i].taxonomy_name || strcmp(t[i].taxonomy_name, taxonomy))
			continue;
		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, t[i].name);
	}
	if (b.len)
		out = arena_strdup(req->arena, buf_str(&b));
	buf_release(&b);
	return out;
}

static const char *address_line(struct http_req *req, const struct service_row *s)
{
	if (!s->address && !s->postal_code && !s->city)
		return NULL;
	return arena_printf(req->arena, "%s%s%s%s%s", s->address ? s->address : "",
			    s->address && (s->postal_code || s->city) ? ", " : "",
			    s->postal_code ? s->postal_code : "",
			    s->postal_code && s->city ? " " : "",
			    s->city ? s->city : "");
}

int kaart_service_fill(struct http_req *req, struct db *db,
		       const struct service_row *s, struct sk_card *card,
		       struct kaart_service_page *v)
{
	struct term_row *terms;
	const char **areas;
	size_t nterms;
	char cutoff[32];

	freshness_cutoff(cutoff, sizeof(cutoff));
	kaart_card_fill(req, s, cutoff, card);
	memset(v, 0, sizeof(*v));
	v->card = card;
	v->description = s->description && *s->description ? s->description : NULL;
	v->address = address_line(req, s);
	v->status = s->status;
	v->freshness_days = freshness_days();
	areas = arena_alloc(req->arena, (s->nareas + 1) * sizeof(*areas));
	for (size_t i = 0; i < s->nareas; i++)
		areas[i] = area_label(req, s->areas[i]);
	v->areas = areas;
	v->nareas = s->nareas;
	if (store_socialmap_service_terms(db, req->arena, s->id, &terms, &nterms) !=
	    ERR_OK)
		return -1;
	v->doelgroepen = term_names(req, terms, nterms, SK_TAXONOMY_DOELGROEP);
	v->themas = term_names(req, terms, nterms, SK_TAXONOMY_THEMA);
	return 0;
}

void web_kaart_service(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id");
	struct kaart_service_page v;
	struct service_row s;
	struct sk_card card;
	struct page p;
	struct db *db;
	enum err e = ERR_NOT_FOUND;

	if (!(db = web_db(req, resp, 0)))
		return;
	if (id)
		e = store_service_get(db, req->arena, id, &s);
	if (e == ERR_OK && (!is_public(s.status) ||
			    !app_is_here(req->app, s.municipality)))
		e = ERR_NOT_FOUND;
	if (e == ERR_OK && kaart_service_fill(req, db, &s, &card, &v) != 0)
		e = ERR_INTERNAL;
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND
				       ? _("Deze dienst staat niet (meer) op de "
					   "sociale kaart.")
				       : _("Er ging iets mis."));
		return;
	}
	p = web_page(req, s.name);
	html_ok(resp);
	view_kaart_service(HTML_ON(&resp->body), &p, &v);
}

/* --- an organisation's page --------------------------------------------- */

static const char *kind_label(const char *kind)
{
	const char *label = org_kind_public_label(kind);

	return label ? _(label) : NULL;
}

void web_kaart_org(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "org");
	struct kaart_org_page v;
	struct service_row *rows = NULL;
	struct sk_card *cards_;
	struct sk_org o;
	size_t n = 0;
	char cutoff[32];
	struct page p;
	struct db *db;
	enum err e = ERR_NOT_FOUND;

	if (!(db = web_db(req, resp, 0)))
		return;
	if (id)
		e = store_socialmap_org(db, req->arena, id, &o);
	if (e == ERR_OK && !app_is_here(req->app, o.municipality))
		e = ERR_NOT_FOUND;
	if (e == ERR_OK)
		e = store_services_of_org(db, req->arena, id, &rows, &n);
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND
				       ? _("Deze organisatie staat niet op de "
					   "sociale kaart.")
				       : _("Er ging iets mis."));
		return;
	}
	memset(&v, 0, sizeof(v));
	v.name = o.name;
	v.kind = kind_label(o.kind);
	v.description = o.description && *o.description ? o.description : NULL;
	v.website = o.website;
	v.email = o.email;
	v.freshness_days = freshness_days();
	freshness_cutoff(cutoff, sizeof(cutoff));
	cards_ = arena_alloc(req->arena, (n + 1) * sizeof(*cards_));
	for (size_t i = 0; i < n; i++)
		if (is_public(rows[i].status)) {
			kaart_card_fill(req, &rows[i], cutoff, &cards_[v.nservices]);
			cards_[v.nservices].org_name = NULL; /* the page's own */
			cards_[v.nservices++].org_href = NULL;
		}
	v.services = cards_;
	p = web_page(req, o.name);
	html_ok(resp);
	view_kaart_org(HTML_ON(&resp->body), &p, &v);
}
