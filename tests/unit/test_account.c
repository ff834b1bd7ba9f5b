/* test_account: the rules of a professional's account (domain/account.c):
 * the password's length at its edges, counted in bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/account.h"

static void test_password_length(void **state)
{
	char pw[ACCOUNT_PASSWORD_MAX + 2];

	assert_non_null(account_password_check(NULL));
	assert_non_null(account_password_check(""));
	memset(pw, 'x', sizeof(pw));
	pw[ACCOUNT_PASSWORD_MIN - 1] = '\0';
	assert_non_null(account_password_check(pw)); /* 11 */
	memset(pw, 'x', sizeof(pw));
	pw[ACCOUNT_PASSWORD_MIN] = '\0';
	assert_null(account_password_check(pw)); /* 12 */
	memset(pw, 'x', sizeof(pw));
	pw[ACCOUNT_PASSWORD_MAX] = '\0';
	assert_null(account_password_check(pw)); /* 200 */
	memset(pw, 'x', sizeof(pw));
	pw[ACCOUNT_PASSWORD_MAX + 1] = '\0';
	assert_non_null(account_password_check(pw)); /* 201 */
	/* six two-byte characters are twelve bytes: counted as bytes */
	assert_null(account_password_check("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"));
	/* spaces count; no composition rules */
	assert_null(account_password_check("            "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
