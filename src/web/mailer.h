/* mailer: one-time links by mail.  The token row (only its hash) and the
 * mail that carries the link go into the database in one transaction, so
 * there is never a mail for a token that was not stored, nor a stored
 * token whose mail was lost; the mail worker sends it afterwards. */
#ifndef WA_MAILER_H
#define WA_MAILER_H
#include <stdint.h>

#include "base/err.h"
#include "http/http.h"

struct db;

/* kind: "password" (reset or first password), "invite", "magic".
 * role and org_name: for invitations (org_name is shown in the mail).
 * token: the secret. */
enum err mailer_token_mail(struct http_req *req, struct db *db,
			   const char *kind, const char *email,
			   int64_t account_id, int64_t org_id,
			   const char *role, const char *org_name,
			   const char *token, int valid_s);
/* The link a token kind opens; "join": an invitation for an existing
 * account (an "invite" token), which opens the consent page. */
const char *mailer_link(struct http_req *req, const char *kind,
			const char *token);
/* Wake the mail worker (no-op when mail is not configured). */
void mailer_kick(struct http_req *req);

#endif
