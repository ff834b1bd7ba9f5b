/* router: see router.h.  Segment-by-segment matching; no allocation until
 * a route matches. */
#include "router.h"

#include <string.h>

#include "base/buf.h"

/* Does path match pattern?  Fills req->params when it does. */
static int route_matches(const char *pattern, const char *path,
			 struct http_req *req)
{
	const char *p = pattern, *s = path;
	size_t np = 0;

	/* A request is held against every route in turn (some 150): most
	 * differ from it in the byte after the first "/" already. */
	if (p[0] == '/' && s[0] == '/' && p[1] != '{' && p[1] != s[1])
		return 0;
	while (*p && *s) {
		const char *pe = strchr(p, '/'), *se = strchr(s, '/');
		size_t pl, sl;

		pl = pe ? (size_t)(pe - p) : strlen(p);
		sl = se ? (size_t)(se - s) : strlen(s);
		if (pl >= 2 && p[0] == '{' && memchr(p, '}', pl)) {
			const char *close = memchr(p, '}', pl);
			size_t suffix = pl - (size_t)(close + 1 - p);
			char *v;

			/* {name} or {name}.ext: the value is what comes before
			 * the literal suffix, and never empty. */
			if (sl <= suffix || np >= HTTP_MAX_PARAMS ||
			    memcmp(close + 1, s + sl - suffix, suffix) != 0)
				return 0;
			v = form_decode(req->arena, s, sl - suffix, 0);
			if (!v)
				return 0;
			req->params[np].key = arena_strndup(
				req->arena, p + 1, (size_t)(close - p - 1));
			req->params[np].value = v;
			np++;
		} else if (pl != sl || memcmp(p, s, pl) != 0) {
			return 0;
		}
		p += pl;
		s += sl;
		if (*p != *s)
			return 0;
		if (*p == '/') {
			p++;
			s++;
		}
	}
	if (*p || *s)
		return 0;
	req->nparams = np;
	return 1;
}

/* Append a method to the Allow list once. */
static void allow_add(struct buf *b, const char *method)
{
	size_t n = strlen(method);

	for (const char *p = buf_str(b); (p = strstr(p, method)) != NULL; p += n)
		if ((p == buf_str(b) || p[-1] == ' ') && (p[n] == ',' || !p[n]))
			return;
	if (b->len)
		buf_adds(b, ", ");
	buf_adds(b, method);
}

static int method_matches(const char *route_method, const char *method)
{
	if (strcmp(route_method, method) == 0)
		return 1;
	return strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0;
}

enum router_result router_match(const struct route *routes, size_t n,
				struct http_req *req, http_handler *fn,
				const char **allow)
{
	struct buf methods;
	enum router_result res = ROUTER_NOT_FOUND;

	buf_init(&methods, 256);
	for (size_t i = 0; i < n; i++) {
		if (!route_matches(routes[i].pattern, req->path, req))
			continue;
		if (method_matches(routes[i].method, req->method)) {
			*fn = routes[i].fn;
			req->route = routes[i].pattern;
			req->route_index = (int)i;
			buf_release(&methods);
			return ROUTER_FOUND;
		}
		allow_add(&methods, routes[i].method);
		if (strcmp(routes[i].method, "GET") == 0)
			allow_add(&methods, "HEAD");
		res = ROUTER_BAD_METHOD;
	}
	req->nparams = 0;
	if (allow)
		*allow = arena_strdup(req->arena, buf_str(&methods));
	buf_release(&methods);
	return res;
}
