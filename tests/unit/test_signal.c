/* test_signal: the intake rules of domain/signal.c, one group per rule of
 * the header comment in signal.h: text length in code points, NFC,
 * trimming, CRLF, control and bidi characters, invalid UTF-8, strict
 * decimals, both-or-neither coordinates, contact fields, place, kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/util.h"
#include "domain/signal.h"

#define TEXT "Losse stoeptegel voor nummer 12"

struct fixture {
	struct arena arena;
	struct signal_input in;
	struct field_errors errs;
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

/* A valid input: text and buurt. */
static struct signal_input *fresh(struct fixture *f)
{
	memset(&f->in, 0, sizeof(f->in));
	memset(&f->errs, 0, sizeof(f->errs));
	f->in.text = TEXT;
	f->in.buurt = "BA01";
	return &f->in;
}

static size_t validate(struct fixture *f)
{
	return signal_validate(&f->arena, &f->in, &f->errs);
}

/* The msgid of the error on field, or NULL. */
static const char *error_on(const struct fixture *f, const char *field)
{
	for (size_t i = 0; i < f->errs.n; i++)
		if (strcmp(f->errs.e[i].field, field) == 0)
			return f->errs.e[i].msgid;
	return NULL;
}

static void assert_ok(struct fixture *f)
{
	size_t n = validate(f);

	if (n)
		fail_msg("%zu error(s), first: %s %s", n, f->errs.e[0].field,
			 f->errs.e[0].msgid);
}

/* Exactly one error, on field. */
static void assert_error(struct fixture *f, const char *field)
{
	size_t n = validate(f);

	if (n != 1 || strcmp(f->errs.e[0].field, field) != 0)
		fail_msg("want one error on %s, got %zu (first: %s)", field, n,
			 n ? f->errs.e[0].field : "-");
}

static char *repeat(struct arena *a, const char *unit, size_t times)
{
	size_t ul = strlen(unit);
	char *s = arena_alloc(a, ul * times + 1);

	for (size_t i = 0; i < times; i++)
		memcpy(s + i * ul, unit, ul);
	s[ul * times] = '\0';
	return s;
}

/* --- the valid case and kind ---------------------------------------- */

static void test_valid_minimal(void **state)
{
	struct fixture *f = *state;

	fresh(f);
	assert_ok(f);
	assert_string_equal(f->in.kind, "melding");
	assert_string_equal(f->in.text, TEXT);
	assert_string_equal(f->in.buurt, "BA01");
	assert_false(f->in.has_point);
	assert_null(f->in.email);
	assert_null(f->in.phone);
	assert_null(f->in.age_band);
	assert_null(f->in.category);
}

static void test_kind(void **state)
{
	struct fixture *f = *state;
	const char *ok[] = {"melding", "vraag", "idee"};
	const char *dflt[] = {"", "   ", "\t"};
	const char *bad[] = {"klacht", "Melding", "MELDING", "melding ",
			     " vraag", "idee\n", "meldingen", "0",
			     "vraag\xc2\xa0"};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		fresh(f)->kind = ok[i];
		assert_ok(f);
		assert_string_equal(f->in.kind, ok[i]);
	}
	for (size_t i = 0; i < sizeof(dflt) / sizeof(dflt[0]); i++) {
		fresh(f)->kind = dflt[i];
		assert_ok(f);
		assert_string_equal(f->in.kind, "melding");
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fresh(f)->kind = bad[i];
		assert_error(f, "kind");
	}
}

/* --- text: length in code points ------------------------------------ */

static void test_text_length_code_points(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->arena;

	fresh(f)->text = repeat(a, "\xc3\xa9", SIGNAL_TEXT_MAX); /* é */
	assert_ok(f);
	assert_int_equal(strlen(f->in.text), 2 * SIGNAL_TEXT_MAX);
	fresh(f)->text = repeat(a, "\xc3\xa9", SIGNAL_TEXT_MAX + 1);
	assert_error(f, "text");
	assert_string_equal(error_on(f, "text"), "is te lang");
	assert_null(f->in.text);

	fresh(f)->text = repeat(a, "a", SIGNAL_TEXT_MAX);
	assert_ok(f);
	fresh(f)->text = repeat(a, "a", SIGNAL_TEXT_MAX + 1);
	assert_error(f, "text");

	/* four-byte characters */
	fresh(f)->text = repeat(a, "\xf0\x9f\x9a\xb2", SIGNAL_TEXT_MAX); /* 🚲 */
	assert_ok(f);
	fresh(f)->text = repeat(a, "\xf0\x9f\x9a\xb2", SIGNAL_TEXT_MAX + 1);
	assert_error(f, "text");

	/* surrounding space does not count */
	fresh(f)->text = arena_printf(a, "  \n%s\n\t ",
				      repeat(a, "\xc3\xa9", SIGNAL_TEXT_MAX));
	assert_ok(f);
	assert_int_equal(strlen(f->in.text), 2 * SIGNAL_TEXT_MAX);
}

static void test_text_too_short_or_missing(void **state)
{
	struct fixture *f = *state;

	fresh(f)->text = "abcde";
	assert_ok(f);
	fresh(f)->text = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"; /* 5 x é */
	assert_ok(f);
	fresh(f)->text = "abcd";
	assert_error(f, "text");
	assert_string_equal(error_on(f, "text"), "is te kort");
	fresh(f)->text = "   abcd   ";
	assert_error(f, "text");
	assert_string_equal(error_on(f, "text"), "is te kort");
	fresh(f)->text = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"; /* 8 bytes, 4 chars */
	assert_error(f, "text");
	fresh(f)->text = "";
	assert_error(f, "text");
	assert_string_equal(error_on(f, "text"), "is verplicht");
	fresh(f)->text = NULL;
	assert_error(f, "text");
	assert_string_equal(error_on(f, "text"), "is verplicht");
	fresh(f)->text = " \n\t\r\n\xc2\xa0 ";
	assert_error(f, "text");
	assert_string_equal(error_on(f, "text"), "is verplicht");
}

/* --- text: normalisation -------------------------------------------- */

static void test_text_nfc(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->arena;

	/* e + COMBINING ACUTE ACCENT becomes é */
	fresh(f)->text = "cafe\xcc\x81 is dicht";
	assert_ok(f);
	assert_string_equal(f->in.text, "caf\xc3\xa9 is dicht");
	/* ANGSTROM SIGN is a singleton: NFC gives Å */
	fresh(f)->text = "\xe2\x84\xab meter";
	assert_ok(f);
	assert_string_equal(f->in.text, "\xc3\x85 meter");
	/* Hangul jamo compose into one syllable */
	fresh(f)->text = "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab abcd";
	assert_ok(f);
	assert_string_equal(f->in.text, "\xed\x95\x9c abcd");
	/* the limit counts after NFC: 1999 x a + e + U+0301 = 2000 */
	fresh(f)->text = arena_printf(a, "%se\xcc\x81",
				      repeat(a, "a", SIGNAL_TEXT_MAX - 1));
	assert_ok(f);
	/* the combining mark alone on a space cannot be trimmed away */
	fresh(f)->text = "\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81";
	assert_ok(f);
}

static void test_text_trim_and_crlf(void **state)
{
	struct fixture *f = *state;

	fresh(f)->text = "   Losse tegel   ";
	assert_ok(f);
	assert_string_equal(f->in.text, "Losse tegel");
	fresh(f)->text = "\r\n\t\xc2\xa0Losse tegel\xc2\xa0\r\n\r\n";
	assert_ok(f);
	assert_string_equal(f->in.text, "Losse tegel");
	fresh(f)->text = "regel 1\r\nregel 2\r\n\r\nregel 4";
	assert_ok(f);
	assert_string_equal(f->in.text, "regel 1\nregel 2\n\nregel 4");
	fresh(f)->text = "kolom\tkolom\nnieuwe regel";
	assert_ok(f);
	assert_string_equal(f->in.text, "kolom\tkolom\nnieuwe regel");
	fresh(f)->text = "inner   spaces  kept";
	assert_ok(f);
	assert_string_equal(f->in.text, "inner   spaces  kept");
}

/* --- text: forbidden characters ------------------------------------- */

static void assert_text_rejected(struct fixture *f, const char *bad)
{
	fresh(f)->text = arena_printf(&f->arena, "Losse %s tegel", bad);
	if (validate(f) != 1 || !error_on(f, "text"))
		fail_msg("text with <%s> accepted", bad);
	assert_null(f->in.text);
	/* also at the very start and end, where trimming looks */
	fresh(f)->text = arena_printf(&f->arena, "%sLosse tegel", bad);
	if (validate(f) != 1 || !error_on(f, "text"))
		fail_msg("text starting with <%s> accepted", bad);
	fresh(f)->text = arena_printf(&f->arena, "Losse tegel%s", bad);
	if (validate(f) != 1 || !error_on(f, "text"))
		fail_msg("text ending with <%s> accepted", bad);
}

static void test_text_control_chars(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = {
		"\x01", "\x1b", "\x7f", "\x08", "\x0b", "\x0c",
		"\r",	     /* a lone CR is not a line end we keep */
		"\x1b[31m", /* terminal escape */
		"\xc2\x85", /* U+0085 NEXT LINE (C1) */
		"\xc2\x9b", /* U+009B CSI (C1) */
		"\xc2\x80", "\xc2\x9f",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_text_rejected(f, bad[i]);
	assert_string_equal(error_on(f, "text"),
			    "bevat niet-toegestane stuurtekens");
}

static void test_text_bidi_overrides(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = {
		"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", /* LRE RLE PDF */
		"\xe2\x80\xad", "\xe2\x80\xae",			/* LRO RLO */
		"\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", /* LRI RLI FSI */
		"\xe2\x81\xa9",					/* PDI */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_text_rejected(f, bad[i]);
	/* neighbours of the ranges are ordinary characters */
	fresh(f)->text = "a \xe2\x80\xa9 b \xe2\x80\xaf c \xe2\x81\xa5 d";
	assert_ok(f);
}

static void test_text_invalid_utf8(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = {
		"\xc0\xaf",	    /* overlong '/' */
		"\xc1\xbf",	    /* overlong */
		"\xe0\x80\xaf",	    /* overlong, 3 bytes */
		"\xf0\x80\x80\xaf", /* overlong, 4 bytes */
		"\xed\xa0\x80",	    /* surrogate U+D800 */
		"\xed\xbf\xbf",	    /* surrogate U+DFFF */
		"\xed\xa0\xbd\xed\xb2\xa9", /* CESU-8 pair */
		"\xe2\x82",	    /* truncated € */
		"\xf0\x9f\x9a",	    /* truncated 4-byte */
		"\x80",		    /* lone continuation */
		"\xbf",
		"\xff", "\xfe",
		"\xf4\x90\x80\x80", /* above U+10FFFF */
		"\xf5\x80\x80\x80",
		"\xf8\x88\x80\x80\x80", /* 5-byte form */
		"\xc3",		    /* lead byte at the end */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_text_rejected(f, bad[i]);
	/* truncated right at the end of the string */
	fresh(f)->text = "Losse tegel\xe2\x82";
	assert_error(f, "text");
	assert_string_equal(error_on(f, "text"),
			    "bevat ongeldige tekens (geen geldige UTF-8)");
	/* the extremes of valid UTF-8 are fine */
	fresh(f)->text = "\xc2\xa9 \xef\xbf\xbd \xf4\x8f\xbf\xbf abc";
	assert_ok(f);
}

static void test_text_check_single_line(void **state)
{
	struct fixture *f = *state;
	const char *out = "unset";

	assert_null(text_check(&f->arena, "  Een titel ", 1, 20, false, &out));
	assert_string_equal(out, "Een titel");
	assert_non_null(text_check(&f->arena, "Een\ntitel", 1, 20, false, &out));
	assert_null(out);
	assert_non_null(text_check(&f->arena, "Een\ttitel", 1, 20, false, &out));
	assert_non_null(text_check(&f->arena, "Een titel", 1, 3, false, &out));
	assert_null(text_check(&f->arena, "", 0, 3, false, &out));
	assert_string_equal(out, "");
	/* a huge input is refused without normalising it */
	assert_non_null(text_check(&f->arena,
				   repeat(&f->arena, "a", 1 << 20), 1, 20,
				   true, &out));
}

/* --- coordinates ----------------------------------------------------- */

static void test_parse_decimal(void **state)
{
	const char *ok[] = {"52", "-0.5", "+4.9", "0", "-0", "52.370216",
			    "00052", "4.899431", "-90", "180.000",
			    "1234567890123456789012345678901", /* 31 bytes */
			    "0.000000000000000000000000000001"};
	const char *bad[] = {"1e5", "1E5", "1e", "inf", "-inf", "INF",
			     "infinity", "nan", "NaN", "0x10", "0X1A", "",
			     "-", "+", ".", "1.2.3", " 5", "5 ", "\t5",
			     "5,3", "--5", "+-5", "5-", "1_000", "٥",
			     "\xef\xbc\x95", /* FULLWIDTH DIGIT FIVE */
			     "123456789012345678901234567890123", /* 33 */
			     "52\n", "0x", "1e-5"};
	double d = -1;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!parse_decimal(ok[i], &d))
			fail_msg("parse_decimal rejected \"%s\"", ok[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse_decimal(bad[i], &d))
			fail_msg("parse_decimal accepted \"%s\"", bad[i]);
	assert_false(parse_decimal(NULL, &d));
	assert_true(parse_decimal("-0.5", &d));
	assert_true(d == -0.5);
	assert_true(parse_decimal("52", &d));
	assert_true(d == 52.0);
	assert_true(parse_decimal("52.370216", &d));
	assert_true(d > 52.370215 && d < 52.370217);
	/* 32 bytes is the maximum */
	assert_true(parse_decimal("12345678901234567890123456789012", &d));
}

/* signal.h: "optional sign, digits, optional fraction" -- a fraction is a
 * dot followed by digits, and digits come before it. */
static void test_parse_decimal_needs_digits_around_dot(void **state)
{
	double d;

	(void)state;
	if (parse_decimal("1.", &d))
		fail_msg("parse_decimal accepted \"1.\"");
	if (parse_decimal("-52.", &d))
		fail_msg("parse_decimal accepted \"-52.\"");
	if (parse_decimal(".5", &d))
		fail_msg("parse_decimal accepted \".5\"");
	if (parse_decimal("-.5", &d))
		fail_msg("parse_decimal accepted \"-.5\"");
}

static void test_point(void **state)
{
	struct fixture *f = *state;

	fresh(f);
	f->in.buurt = NULL; /* a point alone is a place */
	f->in.lat = "52.370216";
	f->in.lon = "4.895168";
	assert_ok(f);
	assert_true(f->in.has_point);
	assert_true(f->in.lat_v > 52.37 && f->in.lat_v < 52.371);
	assert_true(f->in.lon_v > 4.895 && f->in.lon_v < 4.896);

	fresh(f)->lat = "-90";
	f->in.lon = "-180";
	assert_ok(f);
	assert_true(f->in.has_point);
	fresh(f)->lat = "90";
	f->in.lon = "180";
	assert_ok(f);
	fresh(f)->lat = "90.0000001";
	f->in.lon = "4.9";
	assert_error(f, "lat");
	assert_false(f->in.has_point);
	fresh(f)->lat = "-90.5";
	f->in.lon = "4.9";
	assert_error(f, "lat");
	fresh(f)->lat = "52.37";
	f->in.lon = "180.0001";
	assert_error(f, "lon");
	fresh(f)->lat = "52.37";
	f->in.lon = "-181";
	assert_error(f, "lon");
	assert_false(f->in.has_point);
}

static void test_point_syntax(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = {"1e1", "inf", "nan", "0x10", "52,37", "abc",
			     "52.37abc", "--1"};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fresh(f)->lat = bad[i];
		f->in.lon = "4.9";
		assert_error(f, "lat");
		fresh(f)->lat = "52.3";
		f->in.lon = bad[i];
		assert_error(f, "lon");
	}
}

static void test_point_both_or_neither(void **state)
{
	struct fixture *f = *state;

	fresh(f)->lat = "52.37";
	assert_error(f, "lon");
	assert_false(f->in.has_point);
	fresh(f)->lon = "4.89";
	assert_error(f, "lat");
	/* blank counts as absent */
	fresh(f)->lat = "  ";
	f->in.lon = "4.89";
	assert_error(f, "lat");
	fresh(f)->lat = "";
	f->in.lon = "";
	assert_ok(f);
	assert_false(f->in.has_point);
	assert_null(f->in.lat);
	assert_null(f->in.lon);
	/* half a point is not a place either, but one error is enough */
	fresh(f)->buurt = NULL;
	f->in.lat = "52.37";
	assert_true(validate(f) >= 1);
	assert_non_null(error_on(f, "lon"));
}

/* --- place ----------------------------------------------------------- */

static void test_place_required(void **state)
{
	struct fixture *f = *state;
	char code[40];

	fresh(f)->buurt = NULL;
	assert_error(f, "buurt");
	fresh(f)->buurt = "";
	assert_error(f, "buurt");
	fresh(f)->buurt = " \t ";
	assert_error(f, "buurt");
	memset(code, 'B', 32);
	code[32] = '\0';
	fresh(f)->buurt = code;
	assert_ok(f);
	code[32] = 'B';
	code[33] = '\0';
	fresh(f)->buurt = code;
	assert_error(f, "buurt");
	/* buurt and point together are fine */
	fresh(f)->lat = "52.37";
	f->in.lon = "4.89";
	assert_ok(f);
	assert_true(f->in.has_point);
	assert_string_equal(f->in.buurt, "BA01");
}

/* --- contact data and the other optional fields ---------------------- */

static void test_email(void **state)
{
	struct fixture *f = *state;
	const char *ok[] = {"jan@example.nl", "j.de.vries+wijk@gemeente.amsterdam",
			    "a@b.co", "x_y-z@sub.domein.nl", "1@2.34"};
	const char *bad[] = {"jan", "jan@", "@example.nl", "jan@example",
			     "jan@@example.nl", "jan@ex@ample.nl", "jan@.nl",
			     "jan@example.n", "jan@example.nl.",
			     "jan de vries@example.nl", "jan@exa mple.nl",
			     "<jan@example.nl>", "jan@example.nl>",
			     "\"jan\"@example.nl", "jan;x@example.nl",
			     "jan,x@example.nl", "jan(x)@example.nl",
			     "jan\\@example.nl", "jan\n@example.nl",
			     "jan@example.nl\r\nBcc: x@y.nl",
			     "j\xc3\xa4n@example.nl", "jan\x7f@example.nl",
			     "jan@[127.0.0.1]"};
	char big[300];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		fresh(f)->email = ok[i];
		assert_ok(f);
		assert_string_equal(f->in.email, ok[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fresh(f)->email = bad[i];
		if (validate(f) != 1 || !error_on(f, "email"))
			fail_msg("email \"%s\" accepted", bad[i]);
	}
	fresh(f)->email = "   ";
	assert_ok(f);
	assert_null(f->in.email);
	/* 254 bytes is the maximum */
	memset(big, 'a', sizeof(big));
	memcpy(big + 254 - 9, "@mail.com", 10);
	assert_int_equal(strlen(big), 254);
	fresh(f)->email = big;
	assert_ok(f);
	memset(big, 'a', sizeof(big));
	memcpy(big + 255 - 9, "@mail.com", 10);
	fresh(f)->email = big;
	assert_error(f, "email");
}

static void test_phone(void **state)
{
	struct fixture *f = *state;
	const char *ok[] = {"0201234567", "020 123 4567", "+31 20 123 4567",
			    "+31 (0)20-123.45.67", "123456",
			    "123456789012345"};
	const char *bad[] = {"12345", "1234567890123456", "020-CALL-NOW",
			     "0201234567x", "+31/20/1234567", "020\n1234567",
			     "06 12345678 ext 3", "\xd9\xa0\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5",
			     "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7",
			     "+++++++++++++++++++++++++++1234567"};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		fresh(f)->phone = ok[i];
		assert_ok(f);
		assert_string_equal(f->in.phone, ok[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fresh(f)->phone = bad[i];
		if (validate(f) != 1 || !error_on(f, "phone"))
			fail_msg("phone \"%s\" accepted", bad[i]);
	}
	fresh(f)->phone = "";
	assert_ok(f);
	assert_null(f->in.phone);
}

static void test_age_band(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = {"18-30", "0-18", "80", "80 +", "65-79 ",
			     "twintig", "-1", "18\xe2\x80\x93" "29"};

	for (size_t i = 0; i < sizeof(signal_age_bands) /
				   sizeof(signal_age_bands[0]);
	     i++) {
		fresh(f)->age_band = signal_age_bands[i];
		assert_ok(f);
		assert_string_equal(f->in.age_band, signal_age_bands[i]);
	}
	assert_string_equal(signal_age_bands[5], "80+");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fresh(f)->age_band = bad[i];
		assert_error(f, "age_band");
	}
	fresh(f)->age_band = " ";
	assert_ok(f);
	assert_null(f->in.age_band);
}

static void test_category(void **state)
{
	struct fixture *f = *state;
	char cat[200];

	memset(cat, 'c', 128);
	cat[128] = '\0';
	fresh(f)->category = cat;
	assert_ok(f);
	assert_string_equal(f->in.category, cat);
	cat[128] = 'c';
	cat[129] = '\0';
	fresh(f)->category = cat;
	assert_error(f, "category");
	fresh(f)->category = "";
	assert_ok(f);
	assert_null(f->in.category);
	fresh(f)->category = "afval/grofvuil";
	assert_ok(f);
}

/* signal.h: typed values are trimmed (a trailing space after an
 * autocompleted e-mail address must not make it invalid); codes from lists
 * (kind, age band, buurt, category) must match exactly. */
static void test_optional_fields_trimmed(void **state)
{
	struct fixture *f = *state;

	fresh(f)->email = " jan@example.nl ";
	assert_ok(f);
	assert_string_equal(f->in.email, "jan@example.nl");
	fresh(f)->phone = " 020 123 4567\t";
	assert_ok(f);
	assert_string_equal(f->in.phone, "020 123 4567");
	fresh(f)->age_band = "18-29 ";
	assert_error(f, "age_band");
	fresh(f)->kind = " vraag";
	assert_error(f, "kind");
	/* coordinates are typed values too */
	fresh(f)->lat = " 52.37 ";
	f->in.lon = "\t4.89\n";
	assert_ok(f);
	assert_true(f->in.has_point);
	assert_string_equal(f->in.lat, "52.37");
	assert_string_equal(f->in.lon, "4.89");
	/* trimming happens on a copy: the caller's string is left alone */
	{
		char email[] = " jan@example.nl ";

		fresh(f)->email = email;
		assert_ok(f);
		assert_string_equal(email, " jan@example.nl ");
	}
}

/* --- errors ---------------------------------------------------------- */

static void test_all_wrong(void **state)
{
	struct fixture *f = *state;

	fresh(f);
	f->in.kind = "klacht";
	f->in.text = "kort";
	f->in.lat = "999";
	f->in.lon = "4.9";
	f->in.buurt = NULL;
	f->in.email = "nee";
	f->in.phone = "12";
	f->in.age_band = "oud";
	assert_int_equal(validate(f), 6);
	assert_non_null(error_on(f, "kind"));
	assert_non_null(error_on(f, "text"));
	assert_non_null(error_on(f, "lat"));
	assert_non_null(error_on(f, "email"));
	assert_non_null(error_on(f, "phone"));
	assert_non_null(error_on(f, "age_band"));
	assert_false(f->in.has_point);
}

static void test_errors_capped(void **state)
{
	struct field_errors errs;

	(void)state;
	memset(&errs, 0, sizeof(errs));
	for (int i = 0; i < 100; i++)
		field_errors_add(&errs, "f", "m");
	assert_int_equal(errs.n, FIELD_MAX_ERRORS);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_valid_minimal),
		T(test_kind),
		T(test_text_length_code_points),
		T(test_text_too_short_or_missing),
		T(test_text_nfc),
		T(test_text_trim_and_crlf),
		T(test_text_control_chars),
		T(test_text_bidi_overrides),
		T(test_text_invalid_utf8),
		T(test_text_check_single_line),
		T(test_parse_decimal),
		T(test_parse_decimal_needs_digits_around_dot),
		T(test_point),
		T(test_point_syntax),
		T(test_point_both_or_neither),
		T(test_place_required),
		T(test_email),
		T(test_phone),
		T(test_age_band),
		T(test_category),
		T(test_optional_fields_trimmed),
		T(test_all_wrong),
		T(test_errors_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
