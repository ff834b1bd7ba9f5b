/* audit: reading the audit log (GET /beheer/audit, GET /api/v1/audit; the beheerder only).
 * Newest first; a page ends with a link to the next, older one
 * (?voor=<id> on the page, ?before=<id> in the API), so paging stays
 * correct while new entries arrive. */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "i18n/i18n.h"
#include "views/beheer.h"
#include "web/auth.h"
#include "web/beheer.h"
#include "web/link.h"
#include "web/web.h"

#define PAGE_ROWS 50
#define API_ROWS_MAX 200 /* the store gives at most 500 */
#define ENTITY_MAX 32
#define ENTITY_ID_MAX 64

/* The kinds of record that entries are about, for the page's filter. */
static const char *const entities[] = {"organisation", "account", "signal"};

/* A positive decimal id (at most 18 digits), or 0. */
static int64_t parse_id(const char *s)
{
	int64_t v = id_parse(s);

	return v > 0 ? v : 0;
}

/* Filters: entity is a lower-case word, entity_id an id or code; both
 * go into links as they are, so neither may need escaping. */
static bool entity_ok(const char *s)
{
	return s && *s && strlen(s) <= ENTITY_MAX &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz_.") == strlen(s);
}

static bool entity_id_ok(const char *s)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:.-";

	return s && *s && strlen(s) <= ENTITY_ID_MAX && strspn(s, ok) == strlen(s);
}

struct filter {
	const char *entity, *entity_id;
	int64_t before;
	int limit;
};

/* The query into f; the message of the first bad parameter, or NULL. */
static const char *read_filter(struct http_req *req, const char *before_key,
			       struct filter *f)
{
	const char *entity = form_get(&req->query, "entity");
	const char *id = form_get(&req->query, "entity_id");
	const char *before = form_get(&req->query, before_key);

	memset(f, 0, sizeof(*f));
	if (entity && *entity && !entity_ok(entity))
		return _("Onbekende soort record.");
	if (id && *id && !entity_id_ok(id))
		return _("Ongeldig nummer van een record.");
	if (before && *before && !(f->before = parse_id(before)))
		return _("Ongeldige plaats in het log.");
	f->entity = entity && *entity ? entity : NULL;
	f->entity_id = f->entity && id && *id ? id : NULL;
	return NULL;
}

/* One more row than asked for tells whether there is a next page. */
static enum err fetch(struct http_req *req, struct db *db,
		      const struct filter *f, int limit,
		      struct audit_row **rows, size_t *n, bool *more)
{
	enum err e = store_audit_list(db, req->arena, f->entity, f->entity_id,
				      f->before, limit + 1, rows, n);

	*more = e == ERR_OK && *n > (size_t)limit;
	if (*more)
		*n = (size_t)limit;
	return e;
}

static const char *query_arg(struct http_req *req, const char *key,
			     const char *value)
{
	return value ? arena_printf(req->arena, "&%s=%s", key, value) : "";
}

void web_beheer_audit(struct http_req *req, struct http_resp *resp)
{
	struct page pg = web_page(req, _("Auditlog"));
	struct audit_page a;
	struct filter f;
	struct audit_row *rows;
	struct db *db;
	const char *bad = read_filter(req, "voor", &f);
	size_t n;
	bool more;

	if (bad) {
		web_html_error(req, resp, 400, bad);
		return;
	}
	if (!(db = web_db(req, resp, 0)))
		return;
	if (fetch(req, db, &f, PAGE_ROWS, &rows, &n, &more) != ERR_OK) {
		web_html_error(req, resp, 500, _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	memset(&a, 0, sizeof(a));
	a.rows = rows;
	a.nrows = n;
	a.entity = f.entity;
	a.entity_id = f.entity_id;
	a.entities = entities;
	a.nentities = sizeof(entities) / sizeof(entities[0]);
	if (more)
		a.next = arena_printf(req->arena, "/beheer/audit?voor=%lld%s%s",
				      (long long)rows[n - 1].id,
				      query_arg(req, "entity", f.entity),
				      query_arg(req, "entity_id", f.entity_id));
	resp->no_store = true;
	view_beheer_audit(HTML_ON(&resp->body), &pg, &a);
}

static json_t *row_json(const struct audit_row *r)
{
	json_t *detail = json_loads(r->detail ? r->detail : "{}", 0, NULL);

	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "id",
			 (json_int_t)r->id, "at", r->at, "actor", r->actor_label,
			 "action", r->action, "entity", r->entity, "entity_id",
			 r->entity_id, "detail",
			 detail ? detail : json_string(r->detail ? r->detail : ""));
}

void web_api_audit(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"before", "entity", "entity_id",
					      "limit"};
	const char *lim = form_get(&req->query, "limit"), *bad;
	struct audit_row *rows;
	struct filter f;
	struct db *db;
	json_t *list;
	int64_t limit = PAGE_ROWS;
	size_t n;
	bool more;

	resp->no_store = true;
	if (web_query_only(req, resp, allowed, 4) != 0)
		return;
	if ((bad = read_filter(req, "before", &f)) != NULL ||
	    (lim && (!(limit = parse_id(lim)) || limit > API_ROWS_MAX))) {
		web_json_error(resp, 400,
			       bad ? bad : _("limit moet tussen 1 en 200 liggen."),
			       NULL);
		return;
	}
	if (!(db = web_db(req, resp, 1)))
		return;
	if (fetch(req, db, &f, (int)limit, &rows, &n, &more) != ERR_OK) {
		web_json_error(resp, 500, _("Er ging iets mis."), NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, row_json(&rows[i]));
	web_link_cursor(req, resp, "before",
			more ? arena_printf(req->arena, "%lld",
					    (long long)rows[n - 1].id)
			     : NULL);
	web_json(resp, 200,
		 json_pack("{s:o, s:o}", "entries", list, "next",
			   more ? json_string(arena_printf(
					  req->arena, "/api/v1/audit?before=%lld&limit=%lld%s%s",
					  (long long)rows[n - 1].id, (long long)limit,
					  query_arg(req, "entity", f.entity),
					  query_arg(req, "entity_id", f.entity_id)))
				: json_null()));
}
