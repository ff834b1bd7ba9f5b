/* password: choosing a password from a mailed one-time link.  The same
 * page serves a reset ("password" tokens, for an existing account) and an
 * invitation ("invite" tokens: the account is made if needed and joins the
 * organisation with the invited role).  The link works once: the token is
 * marked used in the same transaction that sets the password.  An
 * invitation that names an account asks for that account's consent on
 * its own page (web/invitation.c) and is refused here: it must not set
 * the password of an account that exists. */
#include <string.h>

#include "base/log.h"
#include "base/password.h"
#include "base/token.h"
#include "http/cookie.h"
#include "app/account.h"
#include "domain/account.h"
#include "domain/token.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "views/account.h"
#include "web/auth.h"
#include "web/web.h"

/* The token of the path if it is valid now, else answers 410 and NULL
 * (also for a revoked invitation: its token is gone). */
static const char *live_token(struct http_req *req, struct http_resp *resp,
			      struct db *db, struct token_row *t)
{
	const char *token = http_param(req, "token");
	const char *parts[1] = {token};
	char hash[33], now[32];

	if (token_valid(token)) {
		token_hash_parts(hash, parts, 1);
		store_now(now, sizeof(now));
		if (store_token_get(db, req->arena, hash, t) == ERR_OK &&
		    token_live(t->expires_at, t->used_at, now) &&
		    (strcmp(t->kind, "password") == 0 ||
		     (strcmp(t->kind, "invite") == 0 && !t->account_id)))
			return arena_strdup(req->arena, hash);
	}
	web_html_error(req, resp, 410,
		       _("Deze link is verlopen of al gebruikt. Vraag een nieuwe "
			 "aan via 'Wachtwoord vergeten'."));
	return NULL;
}

static const char *welcome(struct http_req *req, struct db *db,
			   const struct token_row *t)
{
	struct org_row o;

	if (strcmp(t->kind, "invite") != 0 ||
	    store_org_get(db, req->arena, t->org_id, &o) != ERR_OK)
		return NULL;
	return arena_printf(req->arena, _("Welkom! U bent uitgenodigd voor %s."),
			    o.name);
}

static void render(struct http_req *req, struct http_resp *resp, struct db *db,
		   const struct token_row *t, const char *csrf,
		   const struct field_error *errs, size_t n, int status)
{
	struct page p = web_page(req, _("Kies een wachtwoord"));
	struct password_form f;

	memset(&f, 0, sizeof(f));
	f.token = http_param(req, "token");
	f.csrf = csrf;
	f.email = t->email;
	f.welcome = welcome(req, db, t);
	f.errors = errs;
	f.nerrors = n;
	resp->status = status;
	resp->no_store = true;
	view_password(HTML_ON(&resp->body), &p, &f);
}

void web_password_form(struct http_req *req, struct http_resp *resp)
{
	struct token_row t;
	struct db *db = web_db(req, resp, 0);

	if (!db || !live_token(req, resp, db, &t))
		return;
	render(req, resp, db, &t, auth_form_token(req, resp), NULL, 0, 200);
}

/* The new password, hashed on a slow thread (web_defer): argon2id holds
 * neither a server thread nor, since it runs before the transaction, the
 * write lock. */
struct password_set {
	const char *pw, *hash;
	struct token_row t;
	char pw_hash[PASSWORD_HASH_MAX];
	bool hashed;
};

static void password_hash_work(void *p)
{
	struct password_set *ps = p;

	ps->hashed = password_hash(ps->pw, ps->pw_hash) == 0;
}

static void password_set_finish(struct http_req *req, struct http_resp *resp,
				void *p, bool ran)
{
	struct password_set *ps = p;
	struct db *db;
	int64_t id = 0;

	if (!ran) {
		web_busy(req, resp);
		return;
	}
	if (!(db = web_db(req, resp, 0)))
		return;
	if (!ps->hashed || account_password_set(db, req->arena, ps->hash, &ps->t, ps->pw_hash, &id) != ERR_OK) {
		web_html_error(req, resp, 409, _("Deze link is net gebruikt of verlopen."));
		return;
	}
	if (auth_session_start(req, resp, id, NULL) != ERR_OK) {
		web_html_error(req, resp, 503, _("Inloggen lukt even niet."));
		return;
	}
	log_event("info", "password_set");
	resp->no_store = true;
	resp->status = 303;
	http_resp_header(resp, "Location", "/werk");
}

void web_password_post(struct http_req *req, struct http_resp *resp)
{
	const struct form *f = web_form(req);
	const char *pw = form_get(f, "password"), *pw2 = form_get(f, "password2");
	const char *lc = cookie_get(req->arena, http_header(req, "Cookie"), LOGIN_COOKIE);
	const char *hash, *rule;
	struct field_error errs[2];
	struct password_set *ps;
	struct token_row t;
	struct db *db = web_db(req, resp, 0);
	size_t n = 0;

	if (!db || !(hash = live_token(req, resp, db, &t)))
		return;
	if (!auth_form_token_ok(req)) {
		web_html_error(req, resp, 403, _("Het formulier is verlopen. Laad de "
						 "pagina opnieuw."));
		return;
	}
	if ((rule = account_password_check(pw)) != NULL)
		errs[n++] = (struct field_error){"password", _(rule)};
	else if (!pw2 || strcmp(pw, pw2) != 0)
		errs[n++] = (struct field_error){"password2",
						 _("is niet hetzelfde als het wachtwoord")};
	if (n) {
		render(req, resp, db, &t, lc, errs, n, 400);
		return;
	}
	ps = arena_alloc(req->arena, sizeof(*ps));
	memset(ps, 0, sizeof(*ps));
	ps->pw = pw;
	ps->hash = hash;
	ps->t = t;
	web_defer(req, resp, password_hash_work, password_set_finish, ps);
}
