/* fuzz_router: router_match (http/router.c) on arbitrary paths against a
 * the route table of web/routes.c (made from its sources), with dummy
 * handlers.  The first
 * byte picks the method; the rest is the path.
 *
 * Properties:
 *   - ROUTER_FOUND: a handler of a route with that method (or GET for
 *     HEAD); at most HTTP_MAX_PARAMS decoded parameters, named as in the
 *     pattern, non-empty; a path without '%' gives parameters that are
 *     literally in the path; the path has as many '/' as the pattern;
 *   - ROUTER_BAD_METHOD: a non-empty Allow list;
 *   - ROUTER_NOT_FOUND: no parameters. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void h_a(struct http_req *q, struct http_resp *r) { (void)q; (void)r; }
static void h_b(struct http_req *q, struct http_resp *r) { (void)q; (void)r; }

/* The route table of src/web/routes.c and its routes_*.inc, made from
 * the sources at build time (tests/fuzz/fuzz.mk) with the handlers left
 * out; route_handlers gives each method a dummy of its own.  The body
 * limits of routes.c repeat some routes; a repeated route never matches
 * (the first one does), which the router allows. */
static struct route routes[] = {
#include "fuzz_routes.inc"
};

static void h_c(struct http_req *q, struct http_resp *r) { (void)q; (void)r; }

static void route_handlers(void)
{
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		routes[i].fn = strcmp(routes[i].method, "GET") == 0	 ? h_a
			       : strcmp(routes[i].method, "POST") == 0 ? h_b
								       : h_c;
}

static size_t slashes(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '/';
	return n;
}

static void check_found(const struct http_req *req, http_handler fn)
{
	const struct route *r = NULL;

	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (routes[i].pattern == req->route &&
		    (strcmp(routes[i].method, req->method) == 0 ||
		     (strcmp(req->method, "HEAD") == 0 &&
		      strcmp(routes[i].method, "GET") == 0)))
			r = &routes[i];
	assert(r && r->fn == fn);
	assert(req->nparams <= HTTP_MAX_PARAMS);
	assert(slashes(req->path) == slashes(r->pattern));
	for (size_t i = 0; i < req->nparams; i++) {
		const char *k = req->params[i].key, *v = req->params[i].value;
		char brace[40];

		assert(k && v && v[0]);
		snprintf(brace, sizeof(brace), "{%s}", k);
		assert(strstr(r->pattern, brace));
		if (!strchr(req->path, '%'))
			assert(strstr(req->path, v) && !strchr(v, '/'));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = {"GET", "HEAD", "POST", "PUT",
					      "DELETE", "PATCH", "get"};
	struct arena a;
	struct http_req req;
	http_handler fn = NULL;
	const char *allow = NULL;
	enum router_result res;
	char *path;

	if (size == 0)
		return 0;
	if (!routes[0].fn)
		route_handlers();
	path = malloc(size);
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';
	arena_init(&a);
	memset(&req, 0, sizeof(req));
	req.arena = &a;
	req.method = methods[data[0] % 7];
	req.path = path;
	res = router_match(routes, sizeof(routes) / sizeof(routes[0]), &req,
			   &fn, &allow);
	switch (res) {
	case ROUTER_FOUND:
		check_found(&req, fn);
		break;
	case ROUTER_BAD_METHOD:
		assert(allow && allow[0]);
		assert(req.nparams == 0);
		break;
	case ROUTER_NOT_FOUND:
		assert(allow && !allow[0]);
		assert(req.nparams == 0);
		break;
	}
	arena_clear(&a);
	free(path);
	return 0;
}
