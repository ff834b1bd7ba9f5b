/* test_router: the route table matcher (http/router.c) on a copy of the
 * table in web/routes.c with dummy handlers: literals, {param} segments
 * (percent-decoded), HEAD via GET, 405 with Allow, first route wins, and
 * hostile paths (empty segments, trailing slashes, %2F, very long). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/util.h"
#include "http/router.h"

/* Dummy handlers: each distinct, so we can tell which one matched. */
#define HANDLER(name)                                                    \
	static void name(struct http_req *req, struct http_resp *resp)   \
	{                                                                \
		(void)req;                                               \
		(void)resp;                                              \
	}
HANDLER(h_home)
HANDLER(h_healthz)
HANDLER(h_melden_form)
HANDLER(h_melden_post)
HANDLER(h_signal_page)
HANDLER(h_map)
HANDLER(h_static)
HANDLER(h_api_create)
HANDLER(h_api_get)
HANDLER(h_api_areas)
HANDLER(h_api_lookup)
HANDLER(h_api_area)
HANDLER(h_other)

/* As in src/web/routes.c. */
static const struct route routes[] = {
	{"GET", "/", h_home, 0},
	{"GET", "/healthz", h_healthz, 0},
	{"GET", "/melden", h_melden_form, 0},
	{"POST", "/melden", h_melden_post, 0},
	{"GET", "/m/{token}", h_signal_page, 0},
	{"GET", "/kaart.svg", h_map, 0},
	{"GET", "/static/{name}", h_static, 0},
	{"POST", "/api/v1/signals", h_api_create, 0},
	{"GET", "/api/v1/signals/{token}", h_api_get, 0},
	{"GET", "/api/v1/areas", h_api_areas, 0},
	{"GET", "/api/v1/areas/lookup", h_api_lookup, 0},
	{"GET", "/api/v1/areas/{code}", h_api_area, 0},
};

struct fixture {
	struct arena arena;
	struct http_req req;
	http_handler fn;
	const char *allow;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	arena_init(&f->arena);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	arena_clear(&f->arena);
	free(f);
	return 0;
}

static enum router_result match_in(struct fixture *f, const struct route *r,
				   size_t n, const char *method,
				   const char *path)
{
	memset(&f->req, 0, sizeof(f->req));
	f->req.arena = &f->arena;
	f->req.method = method;
	f->req.path = path;
	f->req.nparams = 99; /* must be set by the router */
	f->fn = NULL;
	f->allow = NULL;
	return router_match(r, n, &f->req, &f->fn, &f->allow);
}

static enum router_result match(struct fixture *f, const char *method,
				const char *path)
{
	return match_in(f, routes, sizeof(routes) / sizeof(routes[0]), method,
			path);
}

static void assert_found(struct fixture *f, const char *method,
			 const char *path, http_handler fn)
{
	if (match(f, method, path) != ROUTER_FOUND)
		fail_msg("%s %s: not found", method, path);
	if (f->fn != fn)
		fail_msg("%s %s: wrong handler", method, path);
}

static void assert_not_found(struct fixture *f, const char *method,
			     const char *path)
{
	if (match(f, method, path) != ROUTER_NOT_FOUND)
		fail_msg("%s %s: matched", method, path);
	assert_int_equal(f->req.nparams, 0);
}

static void test_literals(void **state)
{
	struct fixture *f = *state;

	assert_found(f, "GET", "/", h_home);
	assert_int_equal(f->req.nparams, 0);
	assert_string_equal(f->req.route, "/");
	assert_found(f, "GET", "/healthz", h_healthz);
	assert_found(f, "GET", "/melden", h_melden_form);
	assert_found(f, "POST", "/melden", h_melden_post);
	assert_found(f, "GET", "/kaart.svg", h_map);
	assert_found(f, "POST", "/api/v1/signals", h_api_create);
	assert_found(f, "GET", "/api/v1/areas", h_api_areas);
	assert_string_equal(f->req.route, "/api/v1/areas");
	assert_not_found(f, "GET", "/MELDEN"); /* case matters */
	assert_not_found(f, "GET", "/meldenx");
	assert_not_found(f, "GET", "/melde");
	assert_not_found(f, "GET", "melden");
	assert_not_found(f, "GET", "");
	assert_not_found(f, "GET", "/api/v1");
	assert_not_found(f, "GET", "/api/v1/areas/lookup/x");
}

static void test_params(void **state)
{
	struct fixture *f = *state;

	assert_found(f, "GET", "/m/AbC-_123", h_signal_page);
	assert_int_equal(f->req.nparams, 1);
	assert_string_equal(f->req.params[0].key, "token");
	assert_string_equal(http_param(&f->req, "token"), "AbC-_123");
	assert_null(http_param(&f->req, "code"));
	assert_string_equal(f->req.route, "/m/{token}");
	assert_found(f, "GET", "/static/style.css", h_static);
	assert_string_equal(http_param(&f->req, "name"), "style.css");
	assert_found(f, "GET", "/api/v1/signals/tok", h_api_get);
	assert_string_equal(http_param(&f->req, "token"), "tok");
	assert_found(f, "GET", "/api/v1/areas/BA01", h_api_area);
	assert_string_equal(http_param(&f->req, "code"), "BA01");
	assert_not_found(f, "GET", "/m/");
	assert_not_found(f, "GET", "/m");
	assert_not_found(f, "GET", "/m/a/b");
}

static void test_params_decoded(void **state)
{
	struct fixture *f = *state;

	assert_found(f, "GET", "/static/caf%C3%A9.css", h_static);
	assert_string_equal(http_param(&f->req, "name"), "caf\xc3\xa9.css");
	/* '+' is a plus in a path, not a space */
	assert_found(f, "GET", "/m/a+b", h_signal_page);
	assert_string_equal(http_param(&f->req, "token"), "a+b");
	/* %2F is one segment holding a slash: matches, decoded */
	assert_found(f, "GET", "/static/..%2F..%2Fetc%2Fpasswd", h_static);
	assert_string_equal(http_param(&f->req, "name"), "../../etc/passwd");
	assert_found(f, "GET", "/m/%2F", h_signal_page);
	assert_string_equal(http_param(&f->req, "token"), "/");
	/* bad escapes and encoded NUL make the route not match */
	assert_not_found(f, "GET", "/m/%zz");
	assert_not_found(f, "GET", "/m/abc%");
	assert_not_found(f, "GET", "/m/abc%4");
	assert_not_found(f, "GET", "/m/abc%00def");
	assert_not_found(f, "GET", "/static/%00");
	/* literal segments are not decoded */
	assert_not_found(f, "GET", "/%6Delden");
	assert_not_found(f, "GET", "%2Fmelden");
}

static void test_trailing_slash_and_empty_segments(void **state)
{
	struct fixture *f = *state;

	assert_not_found(f, "GET", "/melden/");
	assert_not_found(f, "POST", "/melden/");
	assert_not_found(f, "GET", "/m/abc/");
	assert_not_found(f, "GET", "/api/v1/areas/");
	assert_not_found(f, "GET", "//");
	assert_not_found(f, "GET", "//melden");
	assert_not_found(f, "GET", "/melden//");
	assert_not_found(f, "GET", "/m//abc");
	assert_not_found(f, "GET", "/api//v1/areas");
	assert_not_found(f, "GET", "/api/v1/areas//BA01");
	assert_not_found(f, "GET", "/./melden");
	assert_not_found(f, "GET", "/api/v1/signals/../areas");
}

static void test_head_is_get(void **state)
{
	struct fixture *f = *state;

	assert_found(f, "HEAD", "/", h_home);
	assert_found(f, "HEAD", "/m/abc", h_signal_page);
	assert_string_equal(http_param(&f->req, "token"), "abc");
	assert_int_equal(match(f, "HEAD", "/api/v1/signals"), ROUTER_BAD_METHOD);
	assert_string_equal(f->allow, "POST");
}

static void test_405_allow(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(match(f, "PUT", "/melden"), ROUTER_BAD_METHOD);
	assert_null(f->fn);
	assert_string_equal(f->allow, "GET, HEAD, POST");
	assert_int_equal(f->req.nparams, 0);
	assert_int_equal(match(f, "GET", "/api/v1/signals"), ROUTER_BAD_METHOD);
	assert_string_equal(f->allow, "POST");
	assert_int_equal(match(f, "DELETE", "/m/abc"), ROUTER_BAD_METHOD);
	assert_string_equal(f->allow, "GET, HEAD");
	assert_int_equal(f->req.nparams, 0);
	assert_int_equal(match(f, "get", "/"), ROUTER_BAD_METHOD);
	assert_int_equal(match(f, "", "/"), ROUTER_BAD_METHOD);
	/* no allow pointer wanted */
	memset(&f->req, 0, sizeof(f->req));
	f->req.arena = &f->arena;
	f->req.method = "PUT";
	f->req.path = "/melden";
	assert_int_equal(router_match(routes, sizeof(routes) / sizeof(routes[0]),
				      &f->req, &f->fn, NULL),
			 ROUTER_BAD_METHOD);
	/* unknown path: not 405 */
	assert_int_equal(match(f, "PUT", "/nope"), ROUTER_NOT_FOUND);
	assert_string_equal(f->allow, "");
}

/* /api/v1/areas/lookup matches two GET routes; Allow must still name each
 * method once (RFC 9110 lists methods, a repeat is noise at best). */
static void test_405_allow_no_duplicates(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(match(f, "POST", "/api/v1/areas/lookup"),
			 ROUTER_BAD_METHOD);
	assert_string_equal(f->allow, "GET, HEAD");
}

static void test_first_route_wins(void **state)
{
	struct fixture *f = *state;
	static const struct route dup[] = {
		{"GET", "/x/{a}", h_home, 0},
		{"GET", "/x/lit", h_other, 0},
		{"GET", "/x/{b}", h_static, 0},
	};

	assert_found(f, "GET", "/api/v1/areas/lookup", h_api_lookup);
	assert_int_equal(f->req.nparams, 0);
	assert_int_equal(match_in(f, dup, 3, "GET", "/x/lit"), ROUTER_FOUND);
	assert_ptr_equal(f->fn, h_home);
	assert_string_equal(http_param(&f->req, "a"), "lit");
	assert_null(http_param(&f->req, "b"));
}

static void test_many_params(void **state)
{
	struct fixture *f = *state;
	static const struct route r4[] = {
		{"GET", "/{a}/{b}/x/{c}/{d}", h_other, 0},
	};
	static const struct route r5[] = {
		{"GET", "/{a}/{b}/{c}/{d}/{e}", h_other, 0},
	};

	assert_int_equal(match_in(f, r4, 1, "GET", "/1/2/x/3/4"), ROUTER_FOUND);
	assert_int_equal(f->req.nparams, 4);
	assert_string_equal(http_param(&f->req, "a"), "1");
	assert_string_equal(http_param(&f->req, "d"), "4");
	assert_int_equal(match_in(f, r4, 1, "GET", "/1/2/y/3/4"),
			 ROUTER_NOT_FOUND);
	/* more parameters than HTTP_MAX_PARAMS never match (no overflow) */
	assert_int_equal(match_in(f, r5, 1, "GET", "/1/2/3/4/5"),
			 ROUTER_NOT_FOUND);
	assert_int_equal(f->req.nparams, 0);
}

static void test_param_from_failed_route_not_kept(void **state)
{
	struct fixture *f = *state;
	static const struct route r[] = {
		{"GET", "/p/{x}/a", h_other, 0},
		{"GET", "/p/{y}/b", h_home, 0},
	};

	assert_int_equal(match_in(f, r, 2, "GET", "/p/v/b"), ROUTER_FOUND);
	assert_ptr_equal(f->fn, h_home);
	assert_int_equal(f->req.nparams, 1);
	assert_null(http_param(&f->req, "x"));
	assert_string_equal(http_param(&f->req, "y"), "v");
}

/* {name}.ext: the suffix is literal and whole; the value before it is
 * decoded and never empty; a plain {name} still takes the whole segment. */
static void test_param_with_suffix(void **state)
{
	struct fixture *f = *state;
	static const struct route r[] = {
		{"GET", "/open311/v2/services.json", h_api_areas, 0},
		{"GET", "/open311/v2/requests/{id}.json", h_api_get, 0},
		{"GET", "/open311/v2/requests/{id}.xml", h_api_area, 0},
		{"GET", "/open311/v2/other/{id}", h_other, 0},
	};
	size_t n = sizeof(r) / sizeof(r[0]);

	assert_int_equal(match_in(f, r, n, "GET", "/open311/v2/requests/42.json"),
			 ROUTER_FOUND);
	assert_true(f->fn == h_api_get);
	assert_string_equal(http_param(&f->req, "id"), "42");
	assert_string_equal(f->req.route, "/open311/v2/requests/{id}.json");
	assert_int_equal(match_in(f, r, n, "GET", "/open311/v2/requests/42.xml"),
			 ROUTER_FOUND);
	assert_true(f->fn == h_api_area);
	assert_string_equal(http_param(&f->req, "id"), "42");
	assert_int_equal(match_in(f, r, n, "GET",
				  "/open311/v2/requests/a%2Eb.json"),
			 ROUTER_FOUND);
	assert_string_equal(http_param(&f->req, "id"), "a.b");
	assert_int_equal(match_in(f, r, n, "GET",
				  "/open311/v2/requests/x.xml.json"),
			 ROUTER_FOUND);
	assert_string_equal(http_param(&f->req, "id"), "x.xml");
	assert_int_equal(match_in(f, r, n, "GET", "/open311/v2/other/7.json"),
			 ROUTER_FOUND);
	assert_string_equal(http_param(&f->req, "id"), "7.json");
	assert_int_equal(match_in(f, r, n, "GET", "/open311/v2/services.json"),
			 ROUTER_FOUND);
	assert_int_equal(f->req.nparams, 0);
	static const char *none[] = {
		"/open311/v2/requests/.json", "/open311/v2/requests/json",
		"/open311/v2/requests/42", "/open311/v2/requests/42.jso",
		"/open311/v2/requests/42.JSON", "/open311/v2/requests/42.json/",
		"/open311/v2/requests/42.csv", "/open311/v2/requests/42.json.",
		"/open311/v2/requests/%.json", "/open311/v2/requests/.xml"};
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		if (match_in(f, r, n, "GET", none[i]) != ROUTER_NOT_FOUND)
			fail_msg("%s: matched", none[i]);
}

static void test_very_long_paths(void **state)
{
	struct fixture *f = *state;
	size_t n = 1 << 20;
	char *p = xmalloc(n + 8);

	/* one enormous segment */
	memcpy(p, "/m/", 3);
	memset(p + 3, 'a', n);
	p[n + 3] = '\0';
	assert_found(f, "GET", p, h_signal_page);
	assert_int_equal(strlen(http_param(&f->req, "token")), n);
	/* enormous segment of escapes */
	for (size_t i = 3; i + 3 <= n; i += 3)
		memcpy(p + i, "%41", 3);
	assert_found(f, "GET", p, h_signal_page);
	/* a million slashes */
	memset(p, '/', n);
	p[n] = '\0';
	assert_not_found(f, "GET", p);
	/* many segments */
	for (size_t i = 0; i < n; i += 2)
		memcpy(p + i, "/a", 2);
	p[n] = '\0';
	assert_not_found(f, "GET", p);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_literals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params_decoded, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_trailing_slash_and_empty_segments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_head_is_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_405_allow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_405_allow_no_duplicates,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_route_wins, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_many_params, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_param_from_failed_route_not_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_param_with_suffix, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_very_long_paths, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
