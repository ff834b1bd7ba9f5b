/* fuzz_json_escape: our JSON output on arbitrary strings.  Every JSON
 * answer is written by web_json (src/web/respond.c): jansson's json_dumps
 * with JSON_COMPACT | JSON_REAL_PRECISION(10), no JSON_ENSURE_ASCII and no
 * JSON_ESCAPE_SLASH; the ndjson lines of the HSDS API use the same flags,
 * the audit details JSON_COMPACT | JSON_SORT_KEYS, hsds_extra JSON_COMPACT.
 * One escaper is our own: base/jsonw.c, for the Open311 request list
 * written straight into the answer; it must give jansson's bytes (checked
 * below).  This file includes respond.c, so
 * web_json and web_json_error are the real code; what else respond.c
 * calls (view_error, store_thread_db, auth_principal) is stubbed below
 * and never reached.
 *
 * No JSON is embedded in HTML (there is no <script> in src/views or
 * static/), and the answers are application/json with nosniff, so the
 * code does not promise HTML-safe JSON: '<', '>', '&' and "</script" are
 * written as they are, and this target does not assert otherwise.
 *
 * Properties, for the input bytes as a string value, an object key, the
 * message and a field name of web_json_error:
 *   - jansson takes the string (json_stringn, json_object_setn) exactly
 *     when it is valid UTF-8 by the strict check below (no overlong forms,
 *     no surrogates, nothing above U+10FFFF; U+0000 allowed);
 *   - valid: the output, with each flag set used in src/, is valid UTF-8
 *     without raw control characters (0x00-0x1f; web_json adds one final
 *     LF), parses back (JSON_ALLOW_NUL) to exactly the same bytes;
 *   - invalid: never passed through: the value is refused (NULL), and
 *     web_json_error answers the fixed {"error":{"status":500}};
 *   - utf8_sanitize (base/utf8.c, used before echoing form input) always
 *     gives a string jansson accepts;
 *   - jsonw_str writes the input (up to its first NUL) as jansson writes
 *     what utf8_sanitize makes of it, and jsonw_real the input's first
 *     eight bytes as a double (when finite) as jansson writes that. */
#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonw.h"
#include "base/utf8.h"
#include "web/respond.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --- stubs for what respond.c calls outside the JSON writers --------- */

void view_error(struct html *out, const struct page *p, int status,
		const char *message)
{
	abort();
}

struct db *store_thread_db(void)
{
	abort();
}

const struct principal *auth_principal(struct http_req *req)
{
	abort();
}

/* --- checks ---------------------------------------------------------- */

/* Strict UTF-8 (RFC 3629), written apart from jansson's utf8.c. */
static bool utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			k = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3, cp = c & 0x07;
		else
			return false;
		if (n - i <= k)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + j] & 0x3f);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return false;
		i += k + 1;
	}
	return true;
}

/* Valid UTF-8, no raw control character. */
static void check_text(const char *s, size_t n)
{
	assert(utf8_ok((const unsigned char *)s, n));
	for (size_t i = 0; i < n; i++)
		assert((unsigned char)s[i] >= 0x20);
}

static bool same(json_t *v, const uint8_t *data, size_t size)
{
	return json_is_string(v) && json_string_length(v) == size &&
	       memcmp(json_string_value(v), data, size) == 0;
}

/* root is {"v": <input>, "k": {<input>: true}}, "k" only when the input
 * has no NUL (jansson writes a NUL in a key as \u0000 but refuses it when
 * reading; our keys come from literals or from JSON jansson read, so they
 * never hold one): parse it back. */
static void check_round_trip(const char *out, size_t n, const uint8_t *data,
			     size_t size)
{
	json_t *back, *k;
	void *it;

	check_text(out, n);
	back = json_loadb(out, n, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, NULL);
	assert(back);
	assert(same(json_object_get(back, "v"), data, size));
	k = json_object_get(back, "k");
	if (memchr(data, '\0', size)) {
		assert(!k);
		json_decref(back);
		return;
	}
	it = json_object_iter(k);
	assert(it && json_object_size(k) == 1);
	assert(json_object_iter_key_len(it) == size &&
	       memcmp(json_object_iter_key(it), data, size) == 0);
	json_decref(back);
}

static void check_dumps(json_t *root, const uint8_t *data, size_t size)
{
	static const size_t flags[] = {
		JSON_COMPACT | JSON_REAL_PRECISION(10),
		JSON_COMPACT | JSON_SORT_KEYS, JSON_COMPACT};

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		char *s = json_dumps(root, flags[i]);

		assert(s);
		check_round_trip(s, strlen(s), data, size);
		free(s);
	}
}

/* web_json: the body is the dump and one LF. */
static void check_web_json(json_t *root, const uint8_t *data, size_t size)
{
	struct http_resp resp;

	http_resp_init(&resp);
	web_json(&resp, 200, root);
	assert(resp.status == 200 && !resp.body.overflow);
	assert(resp.body.len > 0 && resp.body.data[resp.body.len - 1] == '\n');
	check_round_trip(resp.body.data, resp.body.len - 1, data, size);
	http_resp_release(&resp);
}

/* web_json_error with s (up to the first NUL) as message and field. */
static void check_web_json_error(const char *s)
{
	struct http_resp resp;
	struct field_errors fields = {.n = 1};
	json_t *back, *err;
	bool valid = utf8_ok((const unsigned char *)s, strlen(s));

	fields.e[0].field = s;
	fields.e[0].msgid = "fuzz";
	http_resp_init(&resp);
	web_json_error(&resp, 400, s, &fields);
	assert(resp.body.len > 0);
	check_text(resp.body.data, resp.body.len - 1);
	back = json_loadb(resp.body.data, resp.body.len, 0, NULL);
	assert(back);
	err = json_object_get(back, "error");
	if (valid) {
		assert(resp.status == 400);
		assert(strcmp(json_string_value(json_object_get(err, "message")),
			      s) == 0);
		assert(json_object_get(json_object_get(err, "fields"), s));
	} else {
		assert(resp.status == 500);
		assert(json_object_size(err) == 1);
	}
	json_decref(back);
	http_resp_release(&resp);
}

/* jsonw's bytes are jansson's (web_json's flags, any value). */
static void check_jsonw(const char *s, const char *clean, const uint8_t *data,
			size_t size)
{
	const size_t flags = JSON_COMPACT | JSON_REAL_PRECISION(10) |
			     JSON_ENCODE_ANY;
	struct buf b;
	json_t *v = json_string(clean);
	char *want = json_dumps(v, flags);
	double d;

	json_decref(v);
	assert(want);
	buf_init(&b, 0);
	jsonw_str(&b, s);
	assert(!b.overflow && strcmp(buf_str(&b), want) == 0);
	free(want);
	if (size >= sizeof(d)) {
		memcpy(&d, data, sizeof(d));
		if (isfinite(d)) {
			v = json_real(d);
			want = json_dumps(v, flags);
			json_decref(v);
			buf_reset(&b);
			jsonw_real(&b, d);
			assert(want && strcmp(buf_str(&b), want) == 0);
			free(want);
		}
	}
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool valid = utf8_ok(data, size);
	json_t *v = json_stringn((const char *)data, size);
	json_t *root = json_object(), *k = json_object();
	char *s = malloc(size + 1);
	struct arena ar;
	const char *clean;

	assert((v != NULL) == valid);
	assert((json_object_setn_new(k, (const char *)data, size, json_true()) ==
		0) == valid);
	if (valid) {
		json_object_set_new(root, "v", v);
		if (memchr(data, '\0', size))
			json_decref(k);
		else
			json_object_set_new(root, "k", k);
		check_dumps(root, data, size);
		check_web_json(root, data, size); /* takes root */
	} else {
		json_decref(k);
		json_decref(root);
	}
	memcpy(s, data, size);
	s[size] = '\0';
	check_web_json_error(s);
	arena_init(&ar);
	clean = utf8_sanitize(&ar, s);
	v = json_string(clean);
	assert(v);
	json_decref(v);
	check_jsonw(s, clean, data, size);
	arena_clear(&ar);
	free(s);
	return 0;
}
