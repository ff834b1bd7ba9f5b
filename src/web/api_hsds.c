/* api_hsds: the HSDS 3.0 API (web/api_hsds.h).  Lists answer with the
 * Page envelope (total_items, total_pages, page_number, size, first_page,
 * last_page, empty, contents) or, with format=ndjson, one object per line.
 * Parameters are checked strictly: unknown ones, bad numbers and bad ids
 * are 400.  Full-text search goes through services_fts with every word
 * quoted, so user text is never FTS syntax. */
#include "web/api_hsds.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "hsds/hsds.h"
#include "i18n/i18n.h"
#include "web/auth.h"
#include "web/link.h"
#include "web/web.h"

#define PER_PAGE_DEFAULT 50
#define PER_PAGE_MAX 100
#define PAGE_MAX 1000000
#define NDJSON_MAX 10000 /* objects in one unpaged ndjson answer */
#define SEARCH_MAX 256	 /* bytes of a search text */
#define SEARCH_WORDS 16

struct paging {
	int64_t page, per_page;
	bool ndjson, paged; /* paged: page or per_page given */
};

static void bad(struct http_resp *resp, const char *msg)
{
	web_json_error(resp, 400, msg, NULL);
}

/* A whole number lo..hi; -1 when absent; -2 when bad. */
static int64_t int_param(struct http_req *req, const char *name, int64_t lo,
			 int64_t hi)
{
	const char *s = form_get(&req->query, name);
	int64_t v = 0;

	if (!s)
		return -1;
	if (!*s || strlen(s) > 9)
		return -2;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -2;
		v = v * 10 + (*p - '0');
	}
	return v < lo || v > hi ? -2 : v;
}

/* true/false; *out unchanged when absent; -1 when bad (answered). */
static int bool_param(struct http_req *req, struct http_resp *resp,
		      const char *name, bool *out)
{
	const char *s = form_get(&req->query, name);

	if (!s)
		return 0;
	if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
		*out = s[0] == 't';
		return 0;
	}
	bad(resp, arena_printf(req->arena, _("Parameter %s moet true of false zijn."),
			       name));
	return -1;
}

static int paging_parse(struct http_req *req, struct http_resp *resp,
			struct paging *p)
{
	const char *format = form_get(&req->query, "format");

	p->page = int_param(req, "page", 1, PAGE_MAX);
	p->per_page = int_param(req, "per_page", 1, PER_PAGE_MAX);
	if (p->page == -2) {
		bad(resp, _("Parameter page moet een geheel getal vanaf 1 zijn."));
		return -1;
	}
	if (p->per_page == -2) {
		bad(resp, _("Parameter per_page moet een geheel getal van 1 tot en "
			    "met 100 zijn."));
		return -1;
	}
	if (format && strcmp(format, "json") != 0 && strcmp(format, "ndjson") != 0) {
		bad(resp, _("Parameter format moet json of ndjson zijn."));
		return -1;
	}
	p->paged = p->page > 0 || p->per_page > 0;
	p->ndjson = format && strcmp(format, "ndjson") == 0;
	if (p->page < 0)
		p->page = 1;
	if (p->per_page < 0)
		p->per_page = PER_PAGE_DEFAULT;
	return 0;
}

/* Offset and limit for the store: an unpaged ndjson answer asks for one
 * more than it may give, to know when to refuse. */
static void paging_window(const struct paging *p, int64_t *offset,
			  int64_t *limit)
{
	if (p->ndjson && !p->paged) {
		*offset = 0;
		*limit = NDJSON_MAX + 1;
		return;
	}
	*offset = (p->page - 1) * p->per_page;
	*limit = p->per_page;
}

static void ndjson_out(struct http_req *req, struct http_resp *resp,
		       json_t *items)
{
	json_t *v;
	size_t i;

	resp->status = 200;
	resp->content_type = "application/x-ndjson";
	if (json_array_size(items) > NDJSON_MAX) {
		json_decref(items);
		web_json_error(resp, 413,
			       _("Te veel resultaten voor één antwoord; vraag ze "
				 "per pagina op met page en per_page."),
			       NULL);
		return;
	}
	json_array_foreach(items, i, v) {
		char *s = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(10));

		if (s)
			buf_adds(&resp->body, s);
		buf_addc(&resp->body, '\n');
		free(s);
	}
	json_decref(items);
	if (resp->body.overflow) {
		buf_reset(&resp->body);
		resp->body.overflow = false;
		web_json_error(resp, 413, _("Het antwoord wordt te groot; vraag "
					    "het per pagina op."), NULL);
	}
	(void)req;
}

/* The Page envelope (takes items). */
static void page_out(struct http_req *req, struct http_resp *resp,
		     const struct paging *p, json_t *items, int64_t total)
{
	int64_t pages = (total + p->per_page - 1) / p->per_page;
	size_t n = json_array_size(items);

	if (p->ndjson) {
		ndjson_out(req, resp, items);
		return;
	}
	web_link_pages(req, resp,
		       &(struct web_pages){(long)p->page, (long)p->per_page,
					   (long)total, false, "page",
					   "per_page"});
	web_json(resp, 200,
		 json_pack("{s:I, s:I, s:I, s:I, s:b, s:b, s:b, s:o}",
			   "total_items", (json_int_t)total, "total_pages",
			   (json_int_t)pages, "page_number", (json_int_t)p->page,
			   "size", (json_int_t)n, "first_page", p->page == 1,
			   "last_page", p->page >= pages, "empty", n == 0,
			   "contents", items));
}

static void db_failed(struct http_resp *resp, enum err e)
{
	web_json_error(resp, http_status_for(e),
		       e == ERR_BUSY ? _("De database is even bezet. Probeer het "
					 "zo opnieuw.")
				     : _("Er ging iets mis."),
		       NULL);
}

/* A page of a list whose first entries are built in (our own taxonomies
 * and terms) and the rest stored: total counts both; e is the store's. */
static void builtin_page_out(struct http_req *req, struct http_resp *resp,
			     const struct paging *p, json_t *items,
			     json_t *builtins, int64_t total, enum err e)
{
	total += (int64_t)json_array_size(builtins);
	json_decref(builtins);
	if (e != ERR_OK) {
		json_decref(items);
		db_failed(resp, e);
		return;
	}
	page_out(req, resp, p, items, total);
}

static struct hsds_export_opts export_opts(const struct http_req *req)
{
	struct hsds_export_opts o = {req->app->municipality, req->app->base_url};

	return o;
}

/* "%text%" for LIKE on lower(name), with % _ and \ escaped; NULL when
 * absent; -1 (answered) when not UTF-8 or too long. */
static int like_param(struct http_req *req, struct http_resp *resp,
		      const char **out)
{
	const char *s = form_get(&req->query, "search");
	json_t *check;
	char *p, *q;

	*out = NULL;
	if (!s || !*s)
		return 0;
	check = json_string(s);
	if (!check || strlen(s) > SEARCH_MAX) {
		json_decref(check);
		bad(resp, _("Parameter search is te lang of geen UTF-8."));
		return -1;
	}
	json_decref(check);
	p = q = arena_alloc(req->arena, 2 * strlen(s) + 3);
	*q++ = '%';
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*q++ = '\\';
		*q++ = (char)tolower((unsigned char)*s);
	}
	*q++ = '%';
	*q = '\0';
	*out = p;
	return 0;
}

/* The search text as an FTS5 query of quoted words ("a" "b": all of
 * them); a quote inside a word is doubled.  NULL when absent or blank.
 * Inside quotes FTS5 sees only text for the tokenizer: no operators,
 * column filters or prefixes.  A word without letters or digits is an
 * empty phrase, which matches nothing on its own. */
static int fts_param(struct http_req *req, struct http_resp *resp,
		     const char **out)
{
	const char *s = form_get(&req->query, "search");
	struct buf b;
	int words = 0;
	json_t *check;

	*out = NULL;
	if (!s || !*s)
		return 0;
	check = json_string(s);
	if (!check || strlen(s) > SEARCH_MAX) {
		json_decref(check);
		bad(resp, _("Parameter search is te lang of geen UTF-8."));
		return -1;
	}
	json_decref(check);
	buf_init(&b, 4 * SEARCH_MAX);
	while (*s && words < SEARCH_WORDS) {
		size_t n;

		s += strspn(s, " \t\r\n");
		if (!(n = strcspn(s, " \t\r\n")))
			break;
		buf_adds(&b, words++ ? " \"" : "\"");
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '"')
				buf_addc(&b, '"');
			buf_addc(&b, s[i]);
		}
		buf_addc(&b, '"');
		s += n;
	}
	*out = words ? arena_strdup(req->arena, buf_str(&b)) : NULL;
	buf_release(&b);
	return 0;
}

/* A uuid parameter; NULL when absent; -1 (answered) when not a UUID. */
static int uuid_param(struct http_req *req, struct http_resp *resp,
		      const char *name, const char **out)
{
	const char *s = form_get(&req->query, name);

	*out = s;
	if (!s || hsds_uuid_valid(s))
		return 0;
	bad(resp, arena_printf(req->arena, _("Parameter %s moet een UUID zijn."),
			       name));
	return -1;
}

/* --- the root and the profile ---------------------------------------- */

void web_hsds_root(struct http_req *req, struct http_resp *resp)
{
	if (web_query_only(req, resp, NULL, 0) != 0)
		return;
	web_json(resp, 200,
		 json_pack("{s:s, s:s, s:s}", "version", HSDS_VERSION, "profile",
			   arena_printf(req->arena, "%s/hsds/profile",
					req->app->base_url ? req->app->base_url : ""),
			   "openapi_url", HSDS_OPENAPI_URL));
}

static json_t *builtin_all(size_t (*count)(void), json_t *(*one)(size_t))
{
	json_t *a = json_array();

	for (size_t i = 0; i < count(); i++)
		json_array_append_new(a, one(i));
	return a;
}

/* What the profile adds to HSDS 3.0, machine-readable (docs/hsds.md). */
void web_hsds_profile(struct http_req *req, struct http_resp *resp)
{
	json_t *x, *props;

	if (web_query_only(req, resp, NULL, 0) != 0)
		return;
	props = json_pack("{s:{s:s, s:i, s:i}, s:{s:s}, s:{s:s, s:s},"
			  " s:{s:[sss]}, s:{s:s}, s:{s:s}, s:{s:s}}",
			  "norm_days", "type", "integer", "minimum", 0,
			  "maximum", 365, "norm_text", "type", "string",
			  "confirmed_at", "type", "string", "format",
			  "date-time", "cost", "enum", "gratis",
			  "eigen bijdrage", "betaald", "languages", "type",
			  "array", "areas", "type", "array", "kind", "type",
			  "string");
	x = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:o}}", "name",
		      "wijkagenda HSDS-profiel", "version", "1", "hsds_version",
		      HSDS_VERSION, "documentation",
		      "docs/hsds.md in de broncode van wijkagenda",
		      "x_wijkagenda", "description",
		      "Eigenschap x_wijkagenda van service en organization: wat "
		      "een bewoner mag verwachten en de indeling in wijkagenda.",
		      "type", "object", "properties", props);
	json_object_set_new(x, "taxonomies",
			    builtin_all(hsds_builtin_taxonomy_count,
					hsds_builtin_taxonomy));
	json_object_set_new(x, "taxonomy_terms",
			    builtin_all(hsds_builtin_term_count, hsds_builtin_term));
	json_object_set_new(x, "service_area_extent_type",
			    json_string("wijkagenda_area"));
	web_json(resp, 200, x);
}

/* --- services -------------------------------------------------------- */

/* The filters that name records: an unknown record gives an empty list
 * (*none), a malformed id 400 (-1). */
static int service_refs(struct http_req *req, struct http_resp *resp,
			struct db *db, struct hsds_service_filter *f, bool *none)
{
	const char *term, *tax, *org;
	struct term_row t;
	struct taxonomy_row x;
	struct hsds_org_row o;

	if (uuid_param(req, resp, "taxonomy_term_id", &term) ||
	    uuid_param(req, resp, "taxonomy_id", &tax) ||
	    uuid_param(req, resp, "organization_id", &org))
		return -1;
	if (term && store_term_by_uuid(db, req->arena, term, &t) == ERR_OK)
		f->term_id = t.id;
	else if (term)
		*none = true;
	if (tax && store_taxonomy_by_uuid(db, req->arena, tax, &x) == ERR_OK)
		f->taxonomy_id = x.id;
	else if (tax)
		*none = true;
	if (org && hsds_org_find(db, req->arena, f->municipality, org, &o) == ERR_OK)
		f->organisation_id = o.id;
	else if (org)
		*none = true;
	return 0;
}

static int modified_param(struct http_req *req, struct http_resp *resp,
			  const char **out)
{
	const char *s = form_get(&req->query, "modified_after");
	char t[32];

	*out = NULL;
	if (!s)
		return 0;
	if (hsds_time_normalise(s, t) != 0) {
		bad(resp, _("Parameter modified_after moet een datum of een "
			    "RFC 3339-tijdstip zijn."));
		return -1;
	}
	*out = arena_strdup(req->arena, t);
	return 0;
}

static json_t *services_json(struct http_req *req, struct db *db,
			     struct service_row *rows, size_t n, bool full,
			     enum err *e)
{
	struct hsds_export_opts o = export_opts(req);
	json_t *a = json_array();

	*e = ERR_OK;
	for (size_t i = 0; i < n && *e == ERR_OK; i++) {
		json_t *j = hsds_service_json(db, req->arena, &o, &rows[i],
					      HSDS_WITH_ORG | (full ? HSDS_FULL : 0), e);

		if (j)
			json_array_append_new(a, j);
	}
	return a;
}

void web_hsds_services(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {
		"search", "taxonomy_term_id", "taxonomy_id", "organization_id",
		"modified_after", "page", "per_page", "format", "full"};
	struct hsds_service_filter f = {0};
	struct paging p;
	struct service_row *rows = NULL;
	bool none = false, full = false;
	size_t n = 0;
	int64_t total = 0;
	json_t *items;
	struct db *db;
	enum err e = ERR_OK;

	if (web_query_only(req, resp, allowed, ARRAY_SIZE(allowed)) || paging_parse(req, resp, &p) ||
	    bool_param(req, resp, "full", &full) ||
	    fts_param(req, resp, &f.fts_match) ||
	    modified_param(req, resp, &f.modified_after) ||
	    !(db = web_db(req, resp, 1)))
		return;
	f.municipality = req->app->municipality;
	if (service_refs(req, resp, db, &f, &none))
		return;
	paging_window(&p, &f.offset, &f.limit);
	if (!none)
		e = store_hsds_service_list(db, req->arena, &f, &rows, &n, &total);
	items = e == ERR_OK ? services_json(req, db, rows, n, full, &e) : NULL;
	if (e != ERR_OK) {
		json_decref(items);
		db_failed(resp, e);
		return;
	}
	page_out(req, resp, &p, items, total);
}

/* The {id} of a route as a UUID, or answers 404. */
static const char *id_of(struct http_req *req, struct http_resp *resp,
			 const char *what)
{
	const char *id = http_param(req, "id");

	if (id && hsds_uuid_valid(id))
		return id;
	web_json_error(resp, 404, what, NULL);
	return NULL;
}

static void one_out(struct http_resp *resp, enum err e, json_t *j,
		    const char *missing)
{
	if (e == ERR_NOT_FOUND)
		web_json_error(resp, 404, missing, NULL);
	else if (e != ERR_OK)
		db_failed(resp, e);
	else
		web_json(resp, 200, j);
}

void web_hsds_service(struct http_req *req, struct http_resp *resp)
{
	const char *missing = _("Deze dienst bestaat niet.");
	struct hsds_export_opts o = export_opts(req);
	const char *id;
	struct db *db;
	json_t *j = NULL;
	enum err e;

	if (web_query_only(req, resp, NULL, 0) || !(id = id_of(req, resp, missing)) ||
	    !(db = web_db(req, resp, 1)))
		return;
	e = hsds_export_service(db, req->arena, &o, id,
				HSDS_FULL | HSDS_WITH_ORG, &j);
	one_out(resp, e, j, missing);
}

/* --- organisations --------------------------------------------------- */

void web_hsds_organizations(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"search", "page", "per_page",
					      "format", "full", "full_service"};
	struct hsds_export_opts o = export_opts(req);
	struct hsds_org_row *rows = NULL;
	struct paging p;
	const char *like;
	bool full = false, full_service = false;
	int64_t offset, limit, total = 0;
	size_t n = 0;
	json_t *items;
	struct db *db;
	enum err e;

	if (web_query_only(req, resp, allowed, ARRAY_SIZE(allowed)) || paging_parse(req, resp, &p) ||
	    bool_param(req, resp, "full", &full) ||
	    bool_param(req, resp, "full_service", &full_service) ||
	    like_param(req, resp, &like) || !(db = web_db(req, resp, 1)))
		return;
	paging_window(&p, &offset, &limit);
	e = store_hsds_org_list(db, req->arena, o.municipality, like, offset,
				limit, &rows, &n, &total);
	items = json_array();
	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		unsigned flags = (full ? HSDS_FULL : 0) |
				 (full_service ? HSDS_WITH_SERVICES | HSDS_FULL_SERVICES : 0);
		json_t *j = hsds_org_json(db, req->arena, &o, &rows[i], flags, &e);

		if (j)
			json_array_append_new(items, j);
	}
	if (e != ERR_OK) {
		json_decref(items);
		db_failed(resp, e);
		return;
	}
	page_out(req, resp, &p, items, total);
}

void web_hsds_organization(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"full_service"};
	const char *missing = _("Deze organisatie bestaat niet.");
	struct hsds_export_opts o = export_opts(req);
	bool full_service = false;
	const char *id;
	struct db *db;
	json_t *j = NULL;
	enum err e;

	if (web_query_only(req, resp, allowed, ARRAY_SIZE(allowed)) ||
	    bool_param(req, resp, "full_service", &full_service) ||
	    !(id = id_of(req, resp, missing)) || !(db = web_db(req, resp, 1)))
		return;
	e = hsds_export_organization(db, req->arena, &o, id,
				     HSDS_FULL | HSDS_WITH_SERVICES |
					     (full_service ? HSDS_FULL_SERVICES : 0),
				     &j);
	one_out(resp, e, j, missing);
}

/* --- taxonomies and terms -------------------------------------------- */

/* Built-in items first, then rows: the window of a page over both. */
struct merged {
	int64_t offset, limit; /* for the rows */
};

static json_t *builtin_window(json_t *builtins, const struct paging *p,
			      struct merged *m)
{
	int64_t nb = (int64_t)json_array_size(builtins), off, lim;
	json_t *out = json_array();

	paging_window(p, &off, &lim);
	for (int64_t i = off; i < nb && i < off + lim; i++)
		json_array_append(out, json_array_get(builtins, (size_t)i));
	m->offset = off > nb ? off - nb : 0;
	m->limit = lim - (int64_t)json_array_size(out);
	return out;
}

static bool like_match(const char *name, const char *like)
{
	char pat[SEARCH_MAX + 1];
	size_t n = 0;

	/* like is %text% with escapes: the plain text back, lower case */
	for (const char *s = like + 1; s[1] && n < SEARCH_MAX; s++) {
		if (*s == '\\')
			s++;
		pat[n++] = *s;
	}
	pat[n] = '\0';
	for (const char *h = name; *h; h++)
		if (strncasecmp(h, pat, n) == 0)
			return true;
	return n == 0;
}

static json_t *builtin_taxonomies(const char *like)
{
	json_t *a = json_array();

	for (size_t i = 0; i < hsds_builtin_taxonomy_count(); i++) {
		json_t *t = hsds_builtin_taxonomy(i);

		if (!like || like_match(json_string_value(json_object_get(t, "name")), like))
			json_array_append(a, t);
		json_decref(t);
	}
	return a;
}

void web_hsds_taxonomies(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"search", "page", "per_page", "format"};
	struct taxonomy_row *rows = NULL;
	struct paging p;
	struct merged m;
	const char *like;
	int64_t total = 0;
	size_t n = 0;
	json_t *builtins, *items;
	struct db *db;
	enum err e = ERR_OK;

	if (web_query_only(req, resp, allowed, ARRAY_SIZE(allowed)) || paging_parse(req, resp, &p) ||
	    like_param(req, resp, &like) || !(db = web_db(req, resp, 1)))
		return;
	builtins = builtin_taxonomies(like);
	items = builtin_window(builtins, &p, &m);
	e = store_hsds_taxonomy_list(db, req->arena, like, m.offset,
				     m.limit > 0 ? m.limit : 1, &rows, &n, &total);
	for (size_t i = 0; e == ERR_OK && m.limit > 0 && i < n; i++)
		json_array_append_new(items, hsds_taxonomy_json(&rows[i]));
	builtin_page_out(req, resp, &p, items, builtins, total, e);
}

void web_hsds_taxonomy(struct http_req *req, struct http_resp *resp)
{
	const char *missing = _("Deze taxonomie bestaat niet.");
	struct taxonomy_row t;
	const char *id;
	struct db *db;
	enum err e;

	if (web_query_only(req, resp, NULL, 0) || !(id = id_of(req, resp, missing)))
		return;
	for (size_t i = 0; i < hsds_builtin_taxonomy_count(); i++) {
		json_t *b = hsds_builtin_taxonomy(i);

		if (strcmp(json_string_value(json_object_get(b, "id")), id) == 0) {
			web_json(resp, 200, b);
			return;
		}
		json_decref(b);
	}
	if (!(db = web_db(req, resp, 1)))
		return;
	e = store_taxonomy_by_uuid(db, req->arena, id, &t);
	one_out(resp, e, e == ERR_OK ? hsds_taxonomy_json(&t) : NULL, missing);
}

/* Built-in terms that pass the filters; *rows_too false when the filter
 * names a built-in taxonomy (no rows belong to it). */
static json_t *builtin_terms(const char *tax, const char *parent, bool top,
			     const char *like, bool *rows_too)
{
	json_t *a = json_array();

	*rows_too = !(tax && hsds_builtin_id(tax));
	for (size_t i = 0; i < hsds_builtin_term_count() && !parent; i++) {
		json_t *t = hsds_builtin_term(i);
		const char *tx = json_string_value(json_object_get(t, "taxonomy_id"));

		if ((!tax || strcmp(tax, tx) == 0) &&
		    (!like || like_match(json_string_value(json_object_get(t, "name")), like)))
			json_array_append(a, t);
		json_decref(t);
	}
	(void)top; /* built-in terms have no parent: they are all top terms */
	return a;
}

static int term_filter(struct http_req *req, struct http_resp *resp,
		       struct db *db, struct hsds_term_filter *f,
		       const char **tax, bool *none)
{
	const char *parent;
	struct taxonomy_row x;

	if (uuid_param(req, resp, "taxonomy_id", tax) ||
	    uuid_param(req, resp, "parent_id", &parent) ||
	    bool_param(req, resp, "top_only", &f->top_only) ||
	    like_param(req, resp, &f->name_like))
		return -1;
	f->parent_uuid = parent;
	if (*tax && !hsds_builtin_id(*tax)) {
		if (store_taxonomy_by_uuid(db, req->arena, *tax, &x) == ERR_OK)
			f->taxonomy_id = x.id;
		else
			*none = true;
	}
	return 0;
}

static json_t *terms_json(struct http_req *req, struct db *db,
			  struct term_row *rows, size_t n, json_t *items,
			  enum err *e)
{
	for (size_t i = 0; i < n && *e == ERR_OK; i++) {
		json_t *t = hsds_term_json_db(db, req->arena, &rows[i], e);

		if (t)
			json_array_append_new(items, t);
	}
	return items;
}

void web_hsds_terms(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"search", "page", "per_page",
					      "format", "taxonomy_id",
					      "parent_id", "top_only"};
	struct hsds_term_filter f = {0};
	struct term_row *rows = NULL;
	struct paging p;
	struct merged m;
	const char *tax;
	bool none = false, rows_too;
	int64_t total = 0;
	size_t n = 0;
	json_t *builtins, *items;
	struct db *db;
	enum err e = ERR_OK;

	if (web_query_only(req, resp, allowed, ARRAY_SIZE(allowed)) || paging_parse(req, resp, &p) ||
	    !(db = web_db(req, resp, 1)) ||
	    term_filter(req, resp, db, &f, &tax, &none))
		return;
	builtins = builtin_terms(tax, f.parent_uuid, f.top_only, f.name_like,
				 &rows_too);
	items = builtin_window(builtins, &p, &m);
	f.offset = m.offset;
	f.limit = m.limit > 0 ? m.limit : 1;
	if (rows_too && !none)
		e = store_hsds_term_list(db, req->arena, &f, &rows, &n, &total);
	if (m.limit > 0)
		items = terms_json(req, db, rows, n, items, &e);
	builtin_page_out(req, resp, &p, items, builtins, total, e);
}

void web_hsds_term(struct http_req *req, struct http_resp *resp)
{
	const char *missing = _("Deze term bestaat niet.");
	struct term_row t;
	const char *id;
	struct db *db;
	json_t *j = NULL;
	enum err e;

	if (web_query_only(req, resp, NULL, 0) || !(id = id_of(req, resp, missing)))
		return;
	for (size_t i = 0; i < hsds_builtin_term_count(); i++) {
		json_t *b = hsds_builtin_term(i);

		if (strcmp(json_string_value(json_object_get(b, "id")), id) == 0) {
			web_json(resp, 200, b);
			return;
		}
		json_decref(b);
	}
	if (!(db = web_db(req, resp, 1)))
		return;
	e = store_term_by_uuid(db, req->arena, id, &t);
	if (e == ERR_OK)
		j = hsds_term_json_db(db, req->arena, &t, &e);
	one_out(resp, e, j, missing);
}

/* --- import ---------------------------------------------------------- */

static void import_failed(struct http_req *req, struct http_resp *resp,
			  enum err e, const struct hsds_report *rep)
{
	json_t *fields = json_object(), *err;
	int status = e == ERR_INVALID ? 400 : http_status_for(e);

	for (size_t i = 0; i < rep->nerrors; i++)
		if (!json_object_get(fields, rep->errors[i].path))
			json_object_set_new(fields, rep->errors[i].path,
					    json_string(rep->errors[i].message));
	err = json_pack("{s:i, s:s, s:s, s:o, s:o, s:b}", "status", status,
			"code", status == 413 ? "too_large" :
				status == 400 ? "invalid" : "error",
			"message",
			status == 400 ? _("Het HSDS-document is niet geldig; er is "
					  "niets ingelezen.")
			: status == 413 ? _("Het HSDS-document is te groot.")
					: _("Het inlezen is mislukt; er is niets "
					    "ingelezen."),
			"fields", fields, "errors", hsds_report_errors_json(rep),
			"truncated", rep->truncated);
	web_json(resp, status, json_pack("{s:o}", "error", err));
	(void)req;
}

void web_api_hsds_import(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"kind"};
	const struct principal *pr = auth_principal(req);
	struct hsds_import_opts o = {0};
	struct hsds_report rep;
	const char *kind = form_get(&req->query, "kind");
	struct db *db;
	enum err e;

	resp->no_store = true;
	if (web_query_only(req, resp, allowed, ARRAY_SIZE(allowed)) != 0)
		return;
	if (strcmp(http_media_type(req), "application/json") != 0) {
		web_json_error(resp, 415, _("Stuur het HSDS-document als "
					    "application/json."), NULL);
		return;
	}
	if (kind && strcmp(kind, "service") && strcmp(kind, "organization") &&
	    strcmp(kind, "taxonomy") && strcmp(kind, "taxonomy_term") &&
	    strcmp(kind, "service_at_location")) {
		bad(resp, _("Parameter kind moet service, organization, taxonomy, "
			    "taxonomy_term of service_at_location zijn."));
		return;
	}
	if (!(db = web_db(req, resp, 1)))
		return;
	o.municipality = req->app->municipality;
	o.kind = kind;
	o.source = "api";
	o.actor_label = auth_label(pr);
	o.actor_account_id = pr->account_id;
	o.actor_api_key_id = pr->api_key_id;
	hsds_report_init(&rep, req->arena);
	e = hsds_import(db, req->arena, req->body ? req->body : "",
			req->body_len, &o, &rep);
	if (e != ERR_OK) {
		import_failed(req, resp, e, &rep);
		return;
	}
	web_json(resp, 200, json_pack("{s:o}", "imported",
				      hsds_report_counts_json(&rep)));
}
