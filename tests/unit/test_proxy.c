/* test_proxy: who may name the client (http/proxy.c): trusted lists,
 * X-Forwarded-For read from the right past trusted hops, and the values
 * that name nobody. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "http/proxy.h"

static void trusted(struct proxy_list *l)
{
	memset(l, 0, sizeof(*l));
	assert_true(proxy_list_add(l, "127.0.0.1"));
	assert_true(proxy_list_add(l, "::1"));
	assert_true(proxy_list_add(l, "10.0.0.2"));
}

static const char *client(const struct proxy_list *l, const char *xff)
{
	static char out[PROXY_ADDR_MAX];

	return proxy_client(l, xff, strlen(xff), out) ? out : NULL;
}

static void test_list(void **state)
{
	struct proxy_list l;
	struct proxy_addr a;

	memset(&l, 0, sizeof(l));
	assert_false(proxy_list_add(&l, "localhost"));
	assert_false(proxy_list_add(&l, "10.0.0.0/8"));
	assert_false(proxy_list_add(&l, ""));
	assert_false(proxy_list_add(&l, " 10.0.0.1"));
	assert_false(proxy_list_add(&l, "0000:0000:0000:0000:0000:0000:0000:0000:1"));
	for (int i = 0; i < PROXY_MAX; i++)
		assert_true(proxy_list_add(&l, "192.0.2.1"));
	assert_false(proxy_list_add(&l, "192.0.2.2")); /* full */
	assert_true(proxy_addr_parse("192.0.2.1", &a));
	assert_true(proxy_trusted(&l, &a));
	assert_true(proxy_addr_parse("192.0.2.3", &a));
	assert_false(proxy_trusted(&l, &a));
	memset(&a, 0, sizeof(a)); /* no address at all */
	assert_false(proxy_trusted(&l, &a));
}

static void test_v4_v6_not_confused(void **state)
{
	struct proxy_list l;
	struct proxy_addr a;

	trusted(&l);
	/* ::ffff:127.0.0.1 is another family than 127.0.0.1 */
	assert_true(proxy_addr_parse("::ffff:127.0.0.1", &a));
	assert_false(proxy_trusted(&l, &a));
	assert_true(proxy_addr_parse("0:0:0:0:0:0:0:1", &a));
	assert_true(proxy_trusted(&l, &a)); /* ::1 written long */
}

static void test_client(void **state)
{
	struct proxy_list l;

	trusted(&l);
	assert_string_equal(client(&l, "192.0.2.9"), "192.0.2.9");
	assert_string_equal(client(&l, " 192.0.2.9 "), "192.0.2.9");
	/* what the client wrote left of what our proxy appended */
	assert_string_equal(client(&l, "6.6.6.6, 192.0.2.9"), "192.0.2.9");
	/* past our own hops */
	assert_string_equal(client(&l, "192.0.2.9, 10.0.0.2, 127.0.0.1"), "192.0.2.9");
	assert_string_equal(client(&l, "2001:db8::5,\t::1"), "2001:db8::5");
}

static void test_names_nobody(void **state)
{
	struct proxy_list l;
	char big[300];

	trusted(&l);
	assert_null(client(&l, ""));
	assert_null(client(&l, " , "));
	assert_null(client(&l, "unknown"));
	assert_null(client(&l, "192.0.2.9, garbage")); /* stops at garbage */
	assert_null(client(&l, "192.0.2.9,"));
	assert_null(client(&l, "127.0.0.1, 10.0.0.2")); /* only our hops */
	assert_null(client(&l, "192.0.2.9:443"));
	assert_null(client(&l, "[2001:db8::5]"));
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_null(client(&l, big));
}

static void test_embedded_nul(void **state)
{
	struct proxy_list l;
	char out[PROXY_ADDR_MAX];
	static const char xff[] = "192.0.2.9\0, 10.0.0.2";

	trusted(&l);
	/* the length is the caller's; a NUL inside an entry names nobody */
	assert_false(proxy_client(&l, "19\0" "2.0.2.9", 9, out));
	assert_false(proxy_client(&l, xff, sizeof(xff) - 1, out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_v4_v6_not_confused),
		cmocka_unit_test(test_client),
		cmocka_unit_test(test_names_nobody),
		cmocka_unit_test(test_embedded_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
