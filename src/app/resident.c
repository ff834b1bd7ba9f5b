/* resident: see resident.h. */
#include "resident.h"

#include <stdbool.h>

#include "app/mailer.h"
#include "base/log.h"
#include "base/token.h"
#include "store/resident.h"

void resident_link_mail(const struct app *app, struct db *db, struct arena *ar,
			const char *email)
{
	struct mail_env env = {app, ar};
	char token[TOKEN_LEN + 1];
	bool known = false;

	if (store_resident_known(db, email, &known) != ERR_OK || !known)
		return;
	token_new(token);
	if (mailer_token_mail(&env, db, "magic", email, 0, 0, NULL, NULL, token,
			      RESIDENT_LINK_VALID_S) != ERR_OK)
		log_event("error", "magic_link_not_queued");
}
