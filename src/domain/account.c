/* account: see account.h. */
#include "account.h"

#include <string.h>

#include "i18n/i18n.h"

const char *account_password_check(const char *pw)
{
	size_t n = pw ? strlen(pw) : 0;

	if (n < ACCOUNT_PASSWORD_MIN)
		return N_("moet minstens 12 tekens lang zijn");
	if (n > ACCOUNT_PASSWORD_MAX)
		return N_("is te lang (hooguit 200 tekens)");
	return NULL;
}
