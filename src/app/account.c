/* account: see account.h. */
#include "account.h"

#include "app/mailer.h"
#include "base/log.h"
#include "base/token.h"
#include "store/accounts.h"

void account_reset_mail(const struct app *app, struct db *db, struct arena *ar,
			const char *email)
{
	struct mail_env env = {app, ar};
	struct account_row a;
	char token[TOKEN_LEN + 1];

	if (store_account_by_email(db, ar, email, &a) != ERR_OK || a.disabled_at)
		return;
	token_new(token);
	if (mailer_token_mail(&env, db, "password", email, a.id, 0, NULL, NULL,
			      token, ACCOUNT_RESET_VALID_S) != ERR_OK)
		log_event("error", "reset_link_not_queued");
}
