/* test_email: the one rule for e-mail addresses (domain/email.c) and
 * for the subjects and bodies of queued mail: what is an address, how it
 * is normalised, and the edges (length, quoting characters, header
 * injection, UTF-8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/arena.h"
#include "domain/email.h"

static void test_valid(void **state)
{
	assert_true(email_valid("a@b.nl"));
	assert_true(email_valid("jan.de-vries+wijk@gemeente.amsterdam"));
	assert_true(email_valid("x_y@sub.domein.example.org"));
	assert_true(email_valid("wijkagenda@localhost.localdomain"));
}

static void test_invalid(void **state)
{
	static const char *const bad[] = {
		"", "a", "@b.nl", "a@", "a@b@c.nl", "a b@c.nl", "<a@b.nl>",
		"\"a\"@b.nl", "a@b.nl;c@d.nl", "a@b.nl,c@d.nl", "j\xc3\xa9@b.nl",
		"a@b", "a@localhost", "jan@gmailcom", "a@b.n", "a@.nl", "a@b.",
		"a@b.nl\r\nBcc: x@y.nl", "a@b.nl\n", "a\t@b.nl", "a(b)@c.nl",
		"a[b]@c.nl", "a\\b@c.nl", "a:b@c.nl",
	};

	assert_false(email_valid(NULL));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (email_valid(bad[i]))
			fail_msg("accepted %s", bad[i]);
}

static void test_length(void **state)
{
	char lng[EMAIL_MAX + 2];

	memset(lng, 'a', sizeof(lng));
	memcpy(lng + EMAIL_MAX - 5, "@b.nl", 6); /* 254 bytes */
	assert_true(email_valid(lng));
	memset(lng, 'a', sizeof(lng));
	memcpy(lng + EMAIL_MAX - 4, "@b.nl", 6); /* 255 bytes */
	assert_false(email_valid(lng));
}

static void test_normalise(void **state)
{
	struct arena a;
	char lng[EMAIL_MAX + 70];

	arena_init(&a);
	assert_string_equal(email_normalise(&a, "  Jan.Vries@Gemeente.NL \r\n"),
			    "jan.vries@gemeente.nl");
	assert_string_equal(email_normalise(&a, "\ta@b.nl"), "a@b.nl");
	assert_null(email_normalise(&a, NULL));
	assert_null(email_normalise(&a, ""));
	assert_null(email_normalise(&a, "   "));
	assert_null(email_normalise(&a, "geen adres"));
	assert_null(email_normalise(&a, "a@b"));
	/* only ASCII letters are folded; anything else stays invalid */
	assert_null(email_normalise(&a, "\xc3\x89@b.nl"));
	/* blanks around a long address are not counted */
	memset(lng, ' ', sizeof(lng));
	memset(lng + 30, 'a', EMAIL_MAX - 5);
	memcpy(lng + 30 + EMAIL_MAX - 5, "@b.nl", 5);
	lng[sizeof(lng) - 1] = '\0';
	assert_non_null(email_normalise(&a, lng));
	arena_clear(&a);
}

static void test_domain(void **state)
{
	assert_string_equal(email_domain("a@b.nl"), "b.nl");
	assert_string_equal(email_domain("nope"), "");
	assert_string_equal(email_domain(NULL), "");
}

static void test_mail_text(void **state)
{
	char big[MAIL_BODY_MAX + 2];

	assert_true(mail_subject_valid("Uw melding is ontvangen \xe2\x80\x93 dank"));
	assert_false(mail_subject_valid(""));
	assert_false(mail_subject_valid(NULL));
	assert_false(mail_subject_valid("Hallo\r\nBcc: x@y.nl"));
	assert_false(mail_subject_valid("tab\there"));
	assert_false(mail_subject_valid("C1 \xc2\x85 NEL"));
	assert_false(mail_subject_valid("\xc0\xaf"));	     /* overlong */
	assert_false(mail_subject_valid("\xed\xa0\x80"));    /* surrogate */
	assert_false(mail_subject_valid("caf\xc3"));	     /* cut short */
	assert_true(mail_body_valid("regel 1\r\nregel 2\n\ttab"));
	assert_true(mail_body_valid(""));
	assert_false(mail_body_valid("nul\x01"));
	assert_false(mail_body_valid("\xff"));
	memset(big, 'x', sizeof(big));
	big[MAIL_BODY_MAX] = '\0';
	assert_true(mail_body_valid(big));
	big[MAIL_BODY_MAX] = 'x';
	big[MAIL_BODY_MAX + 1] = '\0';
	assert_false(mail_body_valid(big));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_domain),
		cmocka_unit_test(test_mail_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
