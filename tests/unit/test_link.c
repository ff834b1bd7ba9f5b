/* test_link: the Link header of paged lists (web/link.c): first, prev,
 * next and last by page number with the total known or not, past the
 * end, the other parameters kept and encoded, the cursor form; and the
 * Retry-After every 429/503 error of web_json_error carries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "app/app.h"
#include "base/arena.h"
#include "http/form.h"
#include "web/link.h"
#include "web/web.h"

static struct app app = {.base_url = "https://wijk.example"};

static const char *link_of(const char *path, const char *query,
			   const struct web_pages *p, const char *cursor,
			   const char *value, struct arena *a)
{
	struct http_req req = {0};
	struct http_resp resp;
	const char *msg = NULL, *out;

	req.arena = a;
	req.app = &app;
	req.path = path;
	assert_int_equal(form_parse(a, query, strlen(query), &req.query, &msg),
			 ERR_OK);
	http_resp_init(&resp);
	if (p)
		web_link_pages(&req, &resp, p);
	else
		web_link_cursor(&req, &resp, cursor, value);
	out = http_resp_get(&resp, "Link");
	http_resp_release(&resp);
	return out;
}

#define U "https://wijk.example/hsds/services"

static void test_middle_page(void **state)
{
	struct arena a;
	struct web_pages p = {3, 10, 95, false, "page", "per_page"};

	(void)state;
	arena_init(&a);
	assert_string_equal(
		link_of("/hsds/services", "search=a%20b&page=3&lang=nl", &p, NULL,
			NULL, &a),
		"<" U "?search=a%20b&lang=nl&per_page=10&page=1>; rel=\"first\", "
		"<" U "?search=a%20b&lang=nl&per_page=10&page=2>; rel=\"prev\", "
		"<" U "?search=a%20b&lang=nl&per_page=10&page=4>; rel=\"next\", "
		"<" U "?search=a%20b&lang=nl&per_page=10&page=10>; rel=\"last\"");
	arena_clear(&a);
}

static void test_ends(void **state)
{
	struct arena a;
	struct web_pages first = {1, 10, 20, false, "page", NULL};
	struct web_pages last = {2, 10, 20, false, "page", NULL};
	struct web_pages past = {9, 10, 20, false, "page", NULL};
	struct web_pages empty = {1, 10, 0, false, "page", NULL};

	(void)state;
	arena_init(&a);
	assert_string_equal(link_of("/x", "", &first, NULL, NULL, &a),
			    "<https://wijk.example/x?page=1>; rel=\"first\", "
			    "<https://wijk.example/x?page=2>; rel=\"next\", "
			    "<https://wijk.example/x?page=2>; rel=\"last\"");
	assert_null(strstr(link_of("/x", "", &last, NULL, NULL, &a), "next"));
	assert_string_equal(link_of("/x", "page=9", &past, NULL, NULL, &a),
			    "<https://wijk.example/x?page=1>; rel=\"first\", "
			    "<https://wijk.example/x?page=2>; rel=\"prev\", "
			    "<https://wijk.example/x?page=2>; rel=\"last\"");
	assert_string_equal(link_of("/x", "", &empty, NULL, NULL, &a),
			    "<https://wijk.example/x?page=1>; rel=\"first\", "
			    "<https://wijk.example/x?page=1>; rel=\"last\"");
	arena_clear(&a);
}

static void test_total_unknown(void **state)
{
	struct arena a;
	struct web_pages more = {2, 50, -1, true, "page", "page_size"};
	struct web_pages end = {2, 50, -1, false, "page", "page_size"};
	const char *l;

	(void)state;
	arena_init(&a);
	l = link_of("/open311/v2/requests.json", "page_size=50", &more, NULL,
		    NULL, &a);
	assert_non_null(strstr(l, "page_size=50&page=3>; rel=\"next\""));
	assert_null(strstr(l, "last"));
	l = link_of("/open311/v2/requests.json", "", &end, NULL, NULL, &a);
	assert_null(strstr(l, "next"));
	assert_null(strstr(l, "last"));
	arena_clear(&a);
}

/* Nothing a client sends can close the <...> or start a field. */
static void test_hostile_query(void **state)
{
	struct arena a;
	struct web_pages p = {1, 10, 30, false, "page", NULL};
	const char *l;

	(void)state;
	arena_init(&a);
	l = link_of("/x>y", "q=%3E%0D%0ALink:%20%3Cevil%3E;%22&k%3E=v", &p, NULL,
		    NULL, &a);
	assert_null(strchr(l, '\r'));
	assert_null(strchr(l, '\n'));
	assert_non_null(strstr(l, "/x%3Ey?q=%3E%0D%0ALink%3A%20%3Cevil%3E%3B%22"
				  "&k%3E=v&page=1>"));
	arena_clear(&a);
}

static void test_cursor(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(
		link_of("/api/v1/audit", "before=90&limit=3", NULL, "before", "42",
			&a),
		"<https://wijk.example/api/v1/audit?limit=3>; rel=\"first\", "
		"<https://wijk.example/api/v1/audit?limit=3&before=42>; "
		"rel=\"next\"");
	assert_string_equal(
		link_of("/api/v1/audit", "before=90", NULL, "before", NULL, &a),
		"<https://wijk.example/api/v1/audit>; rel=\"first\"");
	arena_clear(&a);
}

static void test_retry_after_default(void **state)
{
	struct http_resp resp;

	(void)state;
	http_resp_init(&resp);
	web_json_error(&resp, 503, "bezet", NULL);
	assert_string_equal(http_resp_get(&resp, "Retry-After"), "5");
	http_resp_release(&resp);
	http_resp_init(&resp);
	http_resp_header(&resp, "Retry-After", "17");
	web_json_error(&resp, 429, "te vaak", NULL);
	assert_string_equal(http_resp_get(&resp, "Retry-After"), "17");
	assert_int_equal(resp.nheaders, 1);
	http_resp_release(&resp);
	http_resp_init(&resp);
	web_json_error(&resp, 429, "te vaak", NULL);
	assert_string_equal(http_resp_get(&resp, "Retry-After"), "60");
	http_resp_release(&resp);
	http_resp_init(&resp);
	web_json_error(&resp, 404, "weg", NULL);
	assert_null(http_resp_get(&resp, "Retry-After"));
	http_resp_release(&resp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_middle_page),
		cmocka_unit_test(test_ends),
		cmocka_unit_test(test_total_unknown),
		cmocka_unit_test(test_hostile_query),
		cmocka_unit_test(test_cursor),
		cmocka_unit_test(test_retry_after_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
