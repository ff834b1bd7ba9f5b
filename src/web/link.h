/* link: Link headers for paginated lists (RFC 8288), one rule for every
 * list of our APIs (HSDS, the audit log, triage, Open311).
 *
 * The URLs are absolute, made of --base-url, the request's path and its
 * query string with the page parameter replaced (every other parameter
 * kept, in order), because a client follows them from wherever it keeps
 * them and RFC 8288 resolves relative ones against the request's URL,
 * which a proxy in front may have rewritten. */
#ifndef WA_WEB_LINK_H
#define WA_WEB_LINK_H
#include <stdbool.h>

#include "http/http.h"

/* A list paged by number: rel first, prev (page > 1), next (a page after
 * this one), last (when the total is known). */
struct web_pages {
	long page;	/* 1-based, as asked */
	long per_page;	/* items on a full page, >= 1 */
	long total;	/* items in all pages, -1 when unknown */
	bool more;	/* total unknown: whether a next page exists */
	const char *page_param; /* "page" */
	const char *size_param; /* "per_page", "page_size"; NULL: not sent */
};

void web_link_pages(struct http_req *req, struct http_resp *resp,
		    const struct web_pages *p);

/* A list paged by cursor (?after=<id>, ?before=<id>): rel first (the
 * parameter dropped) and, when value is not NULL, rel next with
 * param=value. */
void web_link_cursor(struct http_req *req, struct http_resp *resp,
		     const char *param, const char *value);

#endif
