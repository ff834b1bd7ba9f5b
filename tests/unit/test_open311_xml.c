/* test_open311_xml: the XML answers of Open311 (views/open311_xml.c) and
 * the times of app/open311.c.  Each document is checked exactly for a
 * plain case, and for hostile text (markup, "]]>", C0 controls, DEL,
 * invalid UTF-8, U+FFFE/U+FFFF) that the output has no forbidden byte
 * and no markup but its own; the times for offsets, the day and
 * summer-time changes, and refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* after the four above, which it needs */
#include <cmocka.h>

#include <string.h>

#include "app/open311.h"
#include "base/buf.h"
#include "views/open311_xml.h"

#define HEAD "<?xml version=\"1.0\" encoding=\"utf-8\"?>"

static void test_errors_plain(void **state)
{
	struct open311_error e[2] = {{400, "lat: te groot"}, {400, "a & b"}};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	open311_xml_errors(&b, e, 2);
	assert_string_equal(buf_str(&b),
			    HEAD "<errors><error><code>400</code><description>"
				 "lat: te groot</description></error><error><code>"
				 "400</code><description>a &amp; b</description>"
				 "</error></errors>");
	buf_release(&b);
}

/* No byte XML 1.0 forbids, and exactly the markup's own '<'. */
static void assert_clean(const char *s, size_t want_lt)
{
	size_t lt = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		assert_true(*p >= 0x20 || *p == '\t' || *p == '\n');
		assert_true(*p != 0x7f);
		lt += *p == '<';
		/* U+FFFE, U+FFFF: EF BF BE / EF BF BF */
		if (p[0] == 0xef && p[1] == 0xbf)
			assert_true(p[2] != 0xbe && p[2] != 0xbf);
	}
	assert_int_equal(lt, want_lt);
}

static void test_errors_hostile(void **state)
{
	struct open311_error e = {
		400, "<x>]]>\x01\x08\x0b\x0c\x1b\x7f\xff\xfe\xef\xbf\xbe\xef\xbf\xbf"
		     "\xed\xa0\x80'\"&end"};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	open311_xml_errors(&b, &e, 1);
	/* <?xml, errors, error, code, /code, description, /description,
	 * /error, /errors */
	assert_clean(buf_str(&b), 9);
	assert_non_null(strstr(buf_str(&b), "&lt;x&gt;]]&gt;"));
	assert_non_null(strstr(buf_str(&b), "&apos;&quot;&amp;end</description>"));
	buf_release(&b);
}

static void test_requests(void **state)
{
	struct open311_request r = {
		.id = 7, .status = "open", .service_code = "afval/grofvuil", .description = "Bank <b>\x02", .address = "Dam, Amsterdam", .lat = 52.3731234, .lon = 4.8926, .has_point = true};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	open311_xml_requests(&b, &r, 1);
	assert_non_null(strstr(buf_str(&b), "<service_requests><request>"
					    "<service_request_id>7</service_request_id>"
					    "<status>open</status><status_notes></status_notes>"));
	assert_non_null(strstr(buf_str(&b), "<description>Bank &lt;b&gt;</description>"));
	assert_non_null(strstr(buf_str(&b), "<zipcode></zipcode><lat>52.373123</lat>"
					    "<long>4.892600</long><media_url></media_url>"
					    "</request></service_requests>"));
	buf_release(&b);
	buf_init(&b, 0);
	open311_xml_requests(&b, NULL, 0);
	assert_string_equal(buf_str(&b), HEAD "<service_requests></service_requests>");
	buf_release(&b);
}

static void test_created_and_token(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	open311_xml_created(&b, 12, "Volg \"hem\"", "https://x/m/a?b&c");
	assert_string_equal(buf_str(&b),
			    HEAD "<service_requests><request><service_request_id>12"
				 "</service_request_id><service_notice>Volg &quot;hem"
				 "&quot;</service_notice><account_id></account_id>"
				 "<tracking_url>https://x/m/a?b&amp;c</tracking_url>"
				 "</request></service_requests>");
	buf_release(&b);
}

static void test_time_bound(void **state)
{
	char out[32];

	(void)state;
	assert_true(open311_time_bound("2026-12-04T20:15:00+01:00", false, out));
	assert_string_equal(out, "2026-12-04T19:15:00.000Z");
	assert_true(open311_time_bound("2026-12-04T20:15:00.123456Z", true, out));
	assert_string_equal(out, "2026-12-04T20:15:00.999Z");
	assert_true(open311_time_bound("2026-01-01T00:30:00+02:00", false, out));
	assert_string_equal(out, "2025-12-31T22:30:00.000Z");
	assert_true(open311_time_bound("2026-12-31T23:00:00-05:30", false, out));
	assert_string_equal(out, "2027-01-01T04:30:00.000Z");
	assert_false(open311_time_bound("2026-12-04", false, out));
	assert_false(open311_time_bound("2026-12-04T20:15:00", false, out));
	assert_false(open311_time_bound("2026-02-30T20:15:00Z", false, out));
	assert_false(open311_time_bound("2026-12-04T24:00:00Z", false, out));
	assert_false(open311_time_bound("2026-12-04T20:15:00+0100", false, out));
	assert_false(open311_time_bound("2026-12-04T20:15:00Z ", false, out));
	assert_false(open311_time_bound("2026-12-04T20:15:00.Z", false, out));
	assert_false(open311_time_bound(NULL, false, out));
	/* within the calendar's years in UTC too (fuzz_open311_time) */
	assert_false(open311_time_bound("1900-01-01T00:00:00+02:00", false, out));
	assert_false(open311_time_bound("2999-12-31T23:00:00-02:00", true, out));
	assert_true(open311_time_bound("1900-01-01T02:00:00+02:00", false, out));
	assert_string_equal(out, "1900-01-01T00:00:00.000Z");
	assert_true(open311_time_bound("2999-12-31T23:00:00+01:00", true, out));
	assert_string_equal(out, "2999-12-31T22:00:00.999Z");
}

static void test_time_local(void **state)
{
	char out[32];

	(void)state;
	open311_time_local("2026-12-04T19:15:00.000Z", out);
	assert_string_equal(out, "2026-12-04T20:15:00+01:00");
	open311_time_local("2026-07-01T22:30:00.000Z", out);
	assert_string_equal(out, "2026-07-02T00:30:00+02:00");
	/* summer time ends 2026-10-25 01:00 UTC */
	open311_time_local("2026-10-25T00:59:59.000Z", out);
	assert_string_equal(out, "2026-10-25T02:59:59+02:00");
	open311_time_local("2026-10-25T01:00:00.000Z", out);
	assert_string_equal(out, "2026-10-25T02:00:00+01:00");
	open311_time_local("onzin", out);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors_plain),
		cmocka_unit_test(test_errors_hostile),
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_created_and_token),
		cmocka_unit_test(test_time_bound),
		cmocka_unit_test(test_time_local),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
