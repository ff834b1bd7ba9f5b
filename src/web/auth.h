/* auth: who is asking.  A request carries at most one of: a professional's
 * session (cookie "sid"), a resident's session (cookie "sid" too, of the
 * resident kind), or an API key (Authorization: Bearer wak_<prefix>_<secret>).
 * Sessions live in the database (several instances share them); the
 * cookie holds a random token, the database only its hash.
 *
 * CSRF: every state-changing request authenticated by a cookie must carry
 * the session's CSRF token, as form field "csrf" or header X-CSRF-Token.
 * Requests with an API key need none (no ambient authority). */
#ifndef WA_AUTH_H
#define WA_AUTH_H
#include <stdbool.h>
#include <stdint.h>

#include "app/actor.h"
#include "domain/authz.h"
#include "http/http.h"
#include "store/accounts.h"

#define SESSION_COOKIE "sid"
#define LOGIN_COOKIE "lc" /* double-submit token of the login form */

enum principal_kind { PRINCIPAL_NONE, PRINCIPAL_ACCOUNT, PRINCIPAL_RESIDENT,
		      PRINCIPAL_APIKEY };

struct principal {
	enum principal_kind kind;
	int64_t account_id;
	const char *email; /* account or resident */
	const char *name;
	bool is_admin;
	struct membership_row *memberships;
	size_t nmemberships;
	int64_t api_key_id, api_org_id;
	const char *api_prefix, *api_scopes;
	const char *session_hash; /* NULL for API keys */
	const char *csrf;
};

struct auth_config {
	int idle_minutes;     /* session idle timeout */
	int absolute_hours;   /* session absolute timeout */
	bool secure_cookies;  /* add Secure (behind TLS) */
};

void auth_configure(const struct auth_config *c);
/* The principal of this request (loaded once, cached on the request). */
const struct principal *auth_principal(struct http_req *req);
/* The same as the use cases see it (app/actor.h); in the request's arena. */
const struct actor *auth_actor(struct http_req *req);
/* The principal of an API key given as a value (Open311's api_key):
 * an API key's, or nobody's (PRINCIPAL_NONE) for a wrong or revoked key. */
const struct principal *auth_api_key(struct http_req *req, const char *key);
/* The relation of the principal to an organisation. */
enum authz_rel auth_rel_org(const struct principal *p, int64_t org_id);
/* Best role in any organisation. */
enum authz_rel auth_rel_any(const struct principal *p);
/* Check the CSRF token of a state-changing request (constant time). */
bool auth_csrf_ok(struct http_req *req);
/* A label for logs and the audit log: e-mail or "key:<prefix>". */
const char *auth_label(const struct principal *p);

/* Start a session (rotating: any session the request had is deleted) and
 * set the cookie.  account_id or resident_email. */
enum err auth_session_start(struct http_req *req, struct http_resp *resp,
			    int64_t account_id, const char *resident_email);
/* End the request's session and clear the cookie. */
void auth_session_end(struct http_req *req, struct http_resp *resp);
/* Set-Cookie header value for name=value with our attributes. */
const char *auth_cookie(struct http_req *req, const char *name,
			const char *value, int max_age);

/* Forms without a session (log in, reset, choose a password) use a
 * double-submit token: a random value in cookie "lc" (made and set here
 * when absent) that must come back as form field "csrf". */
const char *auth_form_token(struct http_req *req, struct http_resp *resp);
bool auth_form_token_ok(struct http_req *req);

/* The body as a form (application/x-www-form-urlencoded), parsed once. */
const struct form *web_form(struct http_req *req);
/* A multipart/form-data body's parts (parsed once), or NULL with *msg
 * (a msgid) when it is not one or is broken.  web_form gives its text
 * fields. */
struct multipart;
const struct multipart *web_parts(struct http_req *req, const char **msg);

#endif
