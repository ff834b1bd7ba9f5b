/* fuzz_signal: signal_validate (domain/signal.c) on arbitrary input.
 *
 * Input layout: two bytes whose low 9 bits say which fields are absent
 * (NULL), then the field values separated by NUL bytes in the order kind,
 * text, lat, lon, buurt, email, phone, age_band, category (missing ones
 * are "").
 *
 * Property: when signal_validate reports no errors, the result meets every
 * rule of signal.h -- text is valid UTF-8, NFC, trimmed, 5..2000 code
 * points, without control characters (other than LF and tab) or bidi
 * controls; kind is known; a point is in range or absent; there is a
 * place; contact fields meet their rules.  Also: parse_decimal accepts
 * only sign, digits and dot, at most 32 bytes, finite; text_check in
 * single-line mode never lets a newline through. */
#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/arena.h"
#include "domain/email.h"
#include "domain/signal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NFIELDS 9

static bool is_space(int32_t c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == 0xa0;
}

/* Valid UTF-8, allowed characters; returns the number of code points. */
static size_t check_text_chars(const char *s, bool multiline)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s), i = 0;
	size_t n = 0;
	int32_t c = 0, first = -1;

	while (i < len) {
		utf8proc_ssize_t k = utf8proc_iterate(p + i, len - i, &c);

		assert(k > 0);
		if (c == '\n' || c == '\t')
			assert(multiline);
		else
			assert(utf8proc_category(c) != UTF8PROC_CATEGORY_CC);
		assert(!(c >= 0x202a && c <= 0x202e));
		assert(!(c >= 0x2066 && c <= 0x2069));
		if (first < 0)
			first = c;
		i += k;
		n++;
	}
	if (n) { /* trimmed */
		assert(!is_space(first));
		assert(!is_space(c));
	}
	return n;
}

static void check_nfc(const char *s)
{
	utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);

	assert(nfc && strcmp((const char *)nfc, s) == 0);
	free(nfc);
}

static void check_valid(const struct signal_input *in)
{
	size_t chars, digits = 0;
	bool kind_ok = false, band_ok = in->age_band == NULL;

	assert(in->text);
	chars = check_text_chars(in->text, true);
	assert(chars >= SIGNAL_TEXT_MIN && chars <= SIGNAL_TEXT_MAX);
	check_nfc(in->text);
	for (size_t i = 0; i < 3; i++)
		kind_ok |= strcmp(in->kind, signal_kinds[i]) == 0;
	assert(kind_ok);
	if (in->has_point) {
		assert(isfinite(in->lat_v) && in->lat_v >= -90 && in->lat_v <= 90);
		assert(isfinite(in->lon_v) && in->lon_v >= -180 &&
		       in->lon_v <= 180);
	} else {
		assert(!in->lat && !in->lon);
	}
	assert(in->has_point || in->buurt);
	if (in->buurt)
		assert(in->buurt[0] && strlen(in->buurt) <= 32);
	if (in->email) {
		const char *at = strchr(in->email, '@');

		assert(strlen(in->email) <= SIGNAL_EMAIL_MAX);
		assert(at && at != in->email && !strchr(at + 1, '@'));
		for (const char *p = in->email; *p; p++)
			assert((unsigned char)*p > ' ' && (unsigned char)*p < 0x7f &&
			       !(*p >= 'A' && *p <= 'Z')); /* lower-cased */
		assert(email_valid(in->email));
	}
	if (in->phone) {
		for (const char *p = in->phone; *p; p++)
			digits += *p >= '0' && *p <= '9';
		assert(digits >= 6 && digits <= 15);
	}
	for (size_t i = 0; i < 6 && in->age_band; i++)
		band_ok |= strcmp(in->age_band, signal_age_bands[i]) == 0;
	assert(band_ok);
	if (in->category)
		assert(strlen(in->category) <= 128);
}

static void check_decimal(const char *s)
{
	double d;

	if (!parse_decimal(s, &d))
		return;
	assert(strlen(s) <= 32);
	assert(strspn(s, "+-0123456789.") == strlen(s));
	assert(isfinite(d));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *f[NFIELDS] = {0};
	struct signal_input in;
	struct field_errors errs;
	struct arena a;
	unsigned absent;
	char *buf;
	size_t start = 0, k = 0;
	const char *out;

	if (size < 2)
		return 0;
	absent = (unsigned)data[0] | (unsigned)data[1] << 8;
	data += 2;
	size -= 2;
	buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (size_t i = 0; i <= size && k < NFIELDS; i++)
		if (i == size || buf[i] == '\0') {
			f[k++] = buf + start;
			start = i + 1;
		}
	for (size_t i = 0; i < NFIELDS; i++)
		if (!f[i] || (absent >> i & 1))
			f[i] = (absent >> i & 1) ? NULL : "";
	memset(&in, 0, sizeof(in));
	memset(&errs, 0, sizeof(errs));
	in.kind = f[0];
	in.text = f[1];
	in.lat = f[2];
	in.lon = f[3];
	in.buurt = f[4];
	in.email = f[5];
	in.phone = f[6];
	in.age_band = f[7];
	in.category = f[8];
	arena_init(&a);
	if (signal_validate(&a, &in, &errs) == 0) {
		check_valid(&in);
	} else {
		assert(errs.n <= FIELD_MAX_ERRORS);
		for (size_t i = 0; i < errs.n; i++)
			assert(errs.e[i].field && errs.e[i].msgid);
	}
	for (size_t i = 0; i < NFIELDS; i++)
		if (f[i])
			check_decimal(f[i]);
	if (f[1] && !text_check(&a, f[1], 0, 100000, false, &out)) {
		assert(out);
		check_text_chars(out, false);
	}
	arena_clear(&a);
	free(buf);
	return 0;
}
