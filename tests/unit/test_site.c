/* test_site: the Host header's name (web/site.c): case, port and a
 * trailing dot dropped; everything else that is not a host name refused,
 * and the table lookup that sets req->app from it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "app/app.h"
#include "web/site.h"

static void expect(const char *host, const char *want)
{
	char out[SITE_HOST_MAX + 1];
	int rc = site_host_normalise(host, out, sizeof(out));

	if (!want && rc == 0)
		fail_msg("host [%s]: got [%s], want refused", host ? host : "(null)", out);
	if (want && rc != 0)
		fail_msg("host [%s]: refused, want [%s]", host, want);
	if (want && strcmp(out, want) != 0)
		fail_msg("host [%s]: got [%s], want [%s]", host, out, want);
}

static void test_names(void **state)
{
	(void)state;
	expect("proef.test", "proef.test");
	expect("Proef.TEST", "proef.test");
	expect("proef.test:8080", "proef.test");
	expect("proef.test.", "proef.test");
	expect("proef.test.:443", "proef.test");
	expect("127.0.0.1:8080", "127.0.0.1");
	expect("[::1]:8080", "[::1]");
	expect("[FE80::1]", "[fe80::1]");
	expect("xn--bcher-kva.example", "xn--bcher-kva.example");
}

static void test_hostile(void **state)
{
	char long_host[SITE_HOST_MAX + 10];

	(void)state;
	expect(NULL, NULL);
	expect("", NULL);
	expect(":80", NULL);
	expect(".", NULL);
	expect("proef.test:", NULL);
	expect("proef.test:abc", NULL);
	expect("proef.test:123456", NULL);
	expect("proef.test:80:80", NULL);
	expect("proef.test/../x", NULL);
	expect("proef.test, ams.test", NULL);
	expect("proef.test ", NULL);
	expect("proef_test", NULL);
	expect("proef.test\r\nX: 1", NULL);
	expect("<script>", NULL);
	expect("user@proef.test", NULL);
	expect("[::1", NULL);
	expect("[::1]x", NULL);
	expect("[::1]:", NULL);
	expect("[]", NULL);
	expect("[g::1]", NULL);
	expect("pr\xc3\xb6" "ef.test", NULL);
	memset(long_host, 'a', sizeof(long_host) - 1);
	long_host[sizeof(long_host) - 1] = '\0';
	expect(long_host, NULL);
}

static const char *test_host;

static const char *one_header(const struct http_req *r, const char *name)
{
	(void)r;
	return strcmp(name, "Host") == 0 ? test_host : NULL;
}

static struct app *choose(const char *host, const char *path, bool *ok)
{
	struct http_req req;

	memset(&req, 0, sizeof(req));
	req.header = one_header;
	req.path = path;
	test_host = host;
	*ok = site_choose(&req);
	return req.app;
}

static void test_choose(void **state)
{
	struct app a = {.municipality = "GM0363"}, b = {.municipality = "GM9999"};
	const struct site sites[] = {{"ams.test", &a}, {"proef.test", &b}};
	bool ok;

	(void)state;
	/* no table: every host, even none, is the default */
	site_configure(NULL, 0, &a);
	assert_ptr_equal(choose("anything.example", "/", &ok), &a);
	assert_true(ok);
	assert_ptr_equal(choose(NULL, "/", &ok), &a);
	assert_true(ok);
	site_configure(sites, 2, &a);
	assert_ptr_equal(choose("PROEF.test:8080", "/", &ok), &b);
	assert_true(ok);
	assert_ptr_equal(choose("ams.test", "/melden", &ok), &a);
	assert_true(ok);
	assert_null(choose("other.test", "/", &ok));
	assert_false(ok);
	assert_null(choose(NULL, "/", &ok));
	assert_false(ok);
	assert_null(choose("proef.test:x", "/", &ok));
	assert_false(ok);
	/* the health check of a load balancer that names no site */
	assert_ptr_equal(choose("10.0.0.1", "/healthz", &ok), &a);
	assert_true(ok);
	site_configure(NULL, 0, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_choose),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
