/* link: the Link header of a paginated list (see link.h).
 *
 * The URL is written by percent-encoding every byte of the query that is
 * not unreserved (RFC 3986 2.3), and of the path every byte that is
 * neither unreserved nor '/' nor an escape already there, so nothing a
 * client sent can close the <...> of the header or start a new field. */
#include "web/link.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/buf.h"

#define LINK_MAX 8192 /* one URL; past it no link is sent */

static bool unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

static void encode(struct buf *b, const char *s, bool path)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (unreserved(*p) || (path && (*p == '/' || *p == '%')))
			buf_addc(b, (char)*p);
		else
			buf_addf(b, "%%%02X", *p);
}

static void pair(struct buf *b, bool *first, const char *k, const char *v)
{
	buf_addc(b, *first ? '?' : '&');
	*first = false;
	encode(b, k, false);
	buf_addc(b, '=');
	encode(b, v, false);
}

/* base_url + path + the query with `param` set to value (NULL: dropped)
 * and, when size is not NULL, `size` set to size_value. */
static const char *url_with(struct http_req *req, const char *param,
			    const char *value, const char *size,
			    const char *size_value)
{
	struct buf b;
	bool first = true;
	const char *out;

	buf_init(&b, LINK_MAX);
	if (req->app && req->app->base_url)
		buf_adds(&b, req->app->base_url);
	encode(&b, req->path, true);
	for (size_t i = 0; i < req->query.n; i++) {
		const char *k = req->query.fields[i].key;

		if (strcmp(k, param) == 0 || (size && strcmp(k, size) == 0))
			continue;
		pair(&b, &first, k, req->query.fields[i].value);
	}
	if (size)
		pair(&b, &first, size, size_value);
	if (value)
		pair(&b, &first, param, value);
	out = b.overflow ? NULL : arena_strdup(req->arena, buf_str(&b));
	buf_release(&b);
	return out;
}

static void rel(struct buf *h, const char *url, const char *name)
{
	if (!url)
		return;
	if (h->len)
		buf_adds(h, ", ");
	buf_addc(h, '<'); /* a URI-Reference in angle brackets, not markup */
	buf_addf(h, "%s>; rel=\"%s\"", url, name);
}

static void page_rel(struct http_req *req, struct buf *h,
		     const struct web_pages *p, long page, const char *name)
{
	char n[24], size[24];

	snprintf(n, sizeof(n), "%ld", page);
	snprintf(size, sizeof(size), "%ld", p->per_page);
	rel(h, url_with(req, p->page_param, n, p->size_param, size), name);
}

static void header_out(struct http_req *req, struct http_resp *resp,
		       struct buf *h)
{
	if (h->len && !h->overflow)
		http_resp_header(resp, "Link", arena_strdup(req->arena, buf_str(h)));
	buf_release(h);
}

void web_link_pages(struct http_req *req, struct http_resp *resp,
		    const struct web_pages *p)
{
	long last = -1;
	bool next = p->more;
	struct buf h;

	if (p->page < 1 || p->per_page < 1)
		return;
	if (p->total >= 0) {
		last = p->total ? (p->total - 1) / p->per_page + 1 : 1;
		next = p->page < last;
	}
	buf_init(&h, 4 * LINK_MAX);
	page_rel(req, &h, p, 1, "first");
	if (p->page > 1)
		page_rel(req, &h, p,
			 last > 0 && p->page - 1 > last ? last : p->page - 1,
			 "prev");
	if (next)
		page_rel(req, &h, p, p->page + 1, "next");
	if (last > 0)
		page_rel(req, &h, p, last, "last");
	header_out(req, resp, &h);
}

void web_link_cursor(struct http_req *req, struct http_resp *resp,
		     const char *param, const char *value)
{
	struct buf h;

	buf_init(&h, 2 * LINK_MAX);
	rel(&h, url_with(req, param, NULL, NULL, NULL), "first");
	if (value)
		rel(&h, url_with(req, param, value, NULL, NULL), "next");
	header_out(req, resp, &h);
}
