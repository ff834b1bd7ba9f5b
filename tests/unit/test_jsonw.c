/* test_jsonw: JSON written straight into a buf (base/jsonw.c) and the
 * Open311 request list written with it (web/open311_json.c) give the
 * bytes jansson gives for the same values, as web_json dumps them
 * (JSON_COMPACT | JSON_REAL_PRECISION(10)): every control character,
 * quotes, backslashes, UTF-8 of every length, random strings and reals;
 * bytes that are not UTF-8 become U+FFFD and the whole stays valid JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "web/open311_json.h"

#define FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10) | JSON_ENCODE_ANY)

/* jansson's bytes for one value (taken over). */
static char *jansson(json_t *v)
{
	char *s = json_dumps(v, FLAGS);

	json_decref(v);
	assert_non_null(s);
	return s;
}

static void same_str(const char *s)
{
	struct buf b;
	char *want = jansson(json_string(s));

	buf_init(&b, 0);
	jsonw_str(&b, s);
	assert_string_equal(buf_str(&b), want);
	free(want);
	buf_release(&b);
}

static void same_real(double v)
{
	struct buf b;
	char *want = jansson(json_real(v));

	buf_init(&b, 0);
	jsonw_real(&b, v);
	if (strcmp(buf_str(&b), want) != 0)
		fail_msg("%.17g: jsonw %s, jansson %s", v, buf_str(&b), want);
	free(want);
	buf_release(&b);
}

static void test_strings(void **state)
{
	static const char *const s[] = {
		"", "a", "\"", "\\", "/", "\"\\\"", "a\"b\\c", "\x7f",
		"Leidsegracht-Noord, Amsterdam", "caf\xc3\xa9", "\xe2\x82\xac 10",
		"\xe2\x80\xa8\xe2\x80\xa9", "\xf0\x9f\x9a\xb2 fiets",
		"U hoort uiterlijk 2026-12-09 wat ermee gebeurt.",
		"tab\there\nnew line\r\n\b\f end",
	};
	struct buf b;
	char c[2] = {0, 0};

	for (size_t i = 0; i < sizeof(s) / sizeof(*s); i++)
		same_str(s[i]);
	for (int ch = 1; ch < 0x80; ch++) { /* every ASCII character */
		c[0] = (char)ch;
		same_str(c);
	}
	buf_init(&b, 0);
	jsonw_str(&b, NULL);
	assert_string_equal(buf_str(&b), "null");
	buf_release(&b);
}

/* A code point as UTF-8; returns its length. */
static size_t put_utf8(unsigned cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static void test_random_strings(void **state)
{
	char s[400];

	srand(20261205);
	for (int round = 0; round < 5000; round++) {
		size_t len = 0, want = (size_t)(rand() % 60);

		for (size_t i = 0; i < want; i++) {
			unsigned cp;

			switch (rand() % 4) {
			case 0: cp = 1 + (unsigned)rand() % 0x7F; break;
			case 1: cp = 0x80 + (unsigned)rand() % 0x780; break;
			case 2: cp = 0x800 + (unsigned)rand() % 0xF800; break;
			default: cp = 0x10000 + (unsigned)rand() % 0x100000; break;
			}
			if (cp >= 0xD800 && cp <= 0xDFFF)
				cp = 'x'; /* surrogates are no characters */
			len += put_utf8(cp, s + len);
		}
		s[len] = 0;
		same_str(s);
	}
}

/* Not UTF-8: each stray byte is U+FFFD, the rest as it was, and the
 * answer is still JSON (jansson would refuse such a string whole). */
static void test_not_utf8(void **state)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{"a\xff" "b", "\"a\xef\xbf\xbd" "b\""},
		{"\xc3", "\"\xef\xbf\xbd\""},
		{"\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\""}, /* overlong '/' */
		{"\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""},
		{"caf\xc3\xa9\x80\"", "\"caf\xc3\xa9\xef\xbf\xbd\\\"\""},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
		struct buf b;
		json_error_t e;
		json_t *back;

		buf_init(&b, 0);
		jsonw_str(&b, t[i].in);
		assert_string_equal(buf_str(&b), t[i].want);
		back = json_loads(buf_str(&b), JSON_DECODE_ANY, &e);
		assert_non_null(back);
		json_decref(back);
		buf_release(&b);
	}
}

static void test_reals(void **state)
{
	static const double v[] = {
		0.0, 1.0, -1.0, 52.0, 4.884596, 52.367792, -0.5, 0.000001,
		1e-7, 123456.123456, 1e20, 1e21, -1e-300, 1234567890.5,
		12345678901.0, 0.1, 2.5e-5, 4.9, 53.5,
	};
	char s[32];

	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++)
		same_real(v[i]);
	srand(1);
	for (int i = 0; i < 20000; i++) { /* coordinates as the list rounds them */
		double d = (double)rand() / RAND_MAX * 360.0 - 180.0;

		snprintf(s, sizeof(s), "%.6f", d);
		same_real(strtod(s, NULL));
		same_real(d);
	}
}

static void test_ints(void **state)
{
	static const int64_t v[] = {0, 1, -1, 9999985, INT64_MAX, INT64_MIN};

	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++) {
		struct buf b;
		char *want = jansson(json_integer(v[i]));

		buf_init(&b, 0);
		jsonw_int(&b, v[i]);
		assert_string_equal(buf_str(&b), want);
		free(want);
		buf_release(&b);
	}
}

/* The list as web/open311.c built it with jansson before. */
static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *coordinate(double v)
{
	char s[32];

	snprintf(s, sizeof(s), "%.6f", v);
	return json_real(strtod(s, NULL));
}

static json_t *reference(const struct open311_request *r)
{
	json_t *j = json_object();
	char id[32];

	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	json_object_set_new(j, "service_request_id", json_string(id));
	json_object_set_new(j, "status", json_string(r->status));
	json_object_set_new(j, "status_notes", str_or_null(r->status_notes));
	json_object_set_new(j, "service_name", str_or_null(r->service_name));
	json_object_set_new(j, "service_code", str_or_null(r->service_code));
	json_object_set_new(j, "description", str_or_null(r->description));
	json_object_set_new(j, "agency_responsible", str_or_null(r->agency));
	json_object_set_new(j, "service_notice", str_or_null(r->service_notice));
	json_object_set_new(j, "requested_datetime", str_or_null(r->requested));
	json_object_set_new(j, "updated_datetime", str_or_null(r->updated));
	json_object_set_new(j, "expected_datetime", str_or_null(r->expected));
	json_object_set_new(j, "address", str_or_null(r->address));
	json_object_set_new(j, "address_id", str_or_null(r->address_id));
	json_object_set_new(j, "zipcode", json_null());
	json_object_set_new(j, "lat", r->has_point ? coordinate(r->lat) : json_null());
	json_object_set_new(j, "long", r->has_point ? coordinate(r->lon) : json_null());
	json_object_set_new(j, "media_url", str_or_null(r->media_url));
	return j;
}

static void test_open311_list(void **state)
{
	const struct open311_request r[] = {
		{9999985, "closed", NULL, "Grofvuil", "afval/grofvuil", "Grofvuil",
		 "Amsterdam", "Deze melding is afgehandeld.",
		 "2026-11-30T19:00:00+01:00", "2026-11-30T19:00:00+01:00", NULL,
		 "Leidsegracht-Noord, Amsterdam", "AC04", 52.3677921, 4.8845959,
		 true, NULL, NULL, NULL},
		{7, "open", "Wij \"kijken\" ernaar\nmorgen\\overmorgen",
		 "Caf\xc3\xa9 & terras", "overlast/horeca", "Geluid \xe2\x82\xac",
		 "Stadsdeel Centrum", "U hoort uiterlijk 2026-12-09 wat ermee gebeurt.",
		 "2026-12-01T08:00:00+01:00", "2026-12-02T09:30:00+01:00",
		 "2026-12-09T23:59:59+01:00", "Amsterdam", NULL, 0, 0, false,
		 "https://wijkagenda.example/foto/openbaar/abc.jpg", NULL, NULL},
		{1, "open", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		 NULL, NULL, -0.0000004, 180.0, true, NULL, NULL, NULL},
		/* the point as the area index writes it once ("%.6f") */
		{2, "open", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		 NULL, "AC04", 52.3677921, 4.8845959, true, NULL, "52.367792",
		 "4.884596"},
		{3, "open", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		 NULL, "X", 52.5, -4.25, true, NULL, "52.500000", "-4.250000"},
	};
	json_t *list = json_array();
	char *want;
	size_t len;
	struct buf b;

	for (size_t i = 0; i < sizeof(r) / sizeof(*r); i++)
		json_array_append_new(list, reference(&r[i]));
	want = jansson(list);
	len = strlen(want);
	buf_init(&b, 0);
	open311_json_requests(&b, r, sizeof(r) / sizeof(*r));
	assert_int_equal(b.len, len + 1);
	assert_memory_equal(b.data, want, len);
	assert_int_equal(b.data[len], '\n');
	buf_reset(&b);
	open311_json_requests(&b, r, 0);
	assert_string_equal(buf_str(&b), "[]\n");
	free(want);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_random_strings),
		cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_reals),
		cmocka_unit_test(test_ints),
		cmocka_unit_test(test_open311_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
