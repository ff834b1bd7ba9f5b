/* login: a professional's way in and out: log in, log out, forgotten
 * password, and choosing a password from a mailed link (after a reset, an
 * invitation, or `wijkagenda admin create`).
 *
 * Forms without a session (login, reset, choose password) are protected
 * against cross-site posting by a double-submit token: a random value in
 * the cookie "lc" that must come back in the form's csrf field.  Every
 * failure of a log-in gets the same answer, and an unknown account costs
 * the same argon2id verification as a wrong password. */
#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "base/log.h"
#include "base/password.h"
#include "base/token.h"
#include "domain/account.h"
#include "http/cookie.h"
#include "domain/email.h"
#include "i18n/i18n.h"
#include "store/outbox.h"
#include "views/account.h"
#include "app/account.h"
#include "app/later.h"
#include "web/auth.h"
#include "app/mailer.h"
#include "web/web.h"

#define HOME_AFTER_LOGIN "/werk"

/* Only our own paths: no scheme, no //host, no backslashes. */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strlen(next) > 200 || strpbrk(next, "\\\r\n\t \"'<>"))
		return HOME_AFTER_LOGIN;
	return next;
}



static void render_login(struct http_req *req, struct http_resp *resp,
			 int status, const char *email, const char *next,
			 const char *error)
{
	struct page p = web_page(req, _("Inloggen"));
	struct login_form f = {email, next, auth_form_token(req, resp), error};

	resp->status = status;
	resp->no_store = true;
	view_login(HTML_ON(&resp->body), &p, &f);
}

void web_login_form(struct http_req *req, struct http_resp *resp)
{
	const struct principal *p = auth_principal(req);

	if (p->kind == PRINCIPAL_ACCOUNT) {
		resp->status = 303;
		http_resp_header(resp, "Location", HOME_AFTER_LOGIN);
		return;
	}
	render_login(req, resp, 200, NULL,
		     safe_next(form_get(&req->query, "next")), NULL);
}

/* A log-in's check, carried to a slow thread and back (web_defer): the
 * argon2id verification never runs on a server thread. */
struct login_try {
	const char *hash; /* NULL: no usable account, verify a dummy */
	const char *pw;
	const char *email, *next;
	int64_t id;
	bool ok;
};

/* On a slow thread: the same cost for every failure. */
static void login_verify(void *p)
{
	struct login_try *t = p;

	if (!t->hash || !t->pw || strlen(t->pw) > ACCOUNT_PASSWORD_MAX) {
		password_verify_dummy(t->pw ? t->pw : "");
		t->ok = false;
		return;
	}
	t->ok = password_verify(t->hash, t->pw);
}

static void login_finish(struct http_req *req, struct http_resp *resp,
			 void *p, bool ran)
{
	struct login_try *t = p;

	if (!ran) {
		log_event("info", "login_busy");
		resp->no_store = true;
		web_busy(req, resp);
		return;
	}
	if (!t->ok) {
		log_event("info", "login_failed");
		http_resp_header(resp, "WWW-Authenticate", "Form realm=\"wijkagenda\"");
		render_login(req, resp, 401, t->email, t->next,
			     _("Het e-mailadres of het wachtwoord klopt niet."));
		return;
	}
	if (auth_session_start(req, resp, t->id, NULL) != ERR_OK) {
		web_html_error(req, resp, 503, _("Inloggen lukt even niet."));
		return;
	}
	log_event("info", "login");
	resp->no_store = true;
	resp->status = 303;
	http_resp_header(resp, "Location", t->next);
}

/* The account behind the e-mail address, when it may log in. */
static void login_account(struct http_req *req, struct db *db,
			  struct login_try *t)
{
	struct account_row a;

	if (t->email &&
	    store_account_by_email(db, req->arena, t->email, &a) == ERR_OK &&
	    a.password_hash && !a.disabled_at) {
		t->hash = a.password_hash;
		t->id = a.id;
	}
}

void web_login_post(struct http_req *req, struct http_resp *resp)
{
	const struct form *f = web_form(req);
	const char *email = email_normalise(req->arena, form_get(f, "email"));
	const char *next = safe_next(form_get(f, "next"));
	struct app *app = req->app;
	struct login_try *t;
	struct db *db;

	if (!auth_form_token_ok(req)) {
		render_login(req, resp, 403, email, next,
			     _("Het formulier is verlopen. Probeer het opnieuw."));
		return;
	}
	/* Per address, and per account from that address: someone guessing
	 * a colleague's password from one place never locks the colleague
	 * out, who logs in from another. */
	if (web_limited(req, resp, app->rl_login_ip, req->client) ||
	    (email && web_limited(req, resp, app->rl_login_account,
			      arena_printf(req->arena, "%s\x1f%s", email,
					   req->client))))
		return;
	if (!(db = web_db(req, resp, 0)))
		return;
	t = arena_alloc(req->arena, sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->email = email;
	t->next = next;
	t->pw = form_get(f, "password");
	login_account(req, db, t);
	web_defer(req, resp, login_verify, login_finish, t);
}

void web_logout(struct http_req *req, struct http_resp *resp)
{
	const struct principal *p = auth_principal(req);

	if (p->session_hash && !auth_csrf_ok(req)) {
		web_html_error(req, resp, 403, _("Het formulier is verlopen. "
						 "Laad de pagina opnieuw."));
		return;
	}
	auth_session_end(req, resp);
	resp->status = 303;
	http_resp_header(resp, "Location", "/");
}

void web_reset_form(struct http_req *req, struct http_resp *resp)
{
	struct page p = web_page(req, _("Wachtwoord vergeten"));

	resp->no_store = true;
	view_reset_request(HTML_ON(&resp->body), &p, NULL,
			   auth_form_token(req, resp), NULL);
}

void web_reset_post(struct http_req *req, struct http_resp *resp)
{
	const char *email = email_normalise(req->arena, form_get(web_form(req), "email"));
	struct page p = web_page(req, _("Wachtwoord vergeten"));
	struct app *app = req->app;

	resp->no_store = true;
	if (!auth_form_token_ok(req)) {
		resp->status = 403;
		view_reset_request(HTML_ON(&resp->body), &p, email,
				   auth_form_token(req, resp),
				   _("Het formulier is verlopen. Probeer het opnieuw."));
		return;
	}
	if (!email || !strchr(email, '@')) {
		resp->status = 400;
		view_reset_request(HTML_ON(&resp->body), &p, email,
				   auth_form_token(req, resp),
				   _("Vul uw e-mailadres in."));
		return;
	}
	if (web_limited(req, resp, app->rl_mail_ip, req->client) ||
	    web_limited(req, resp, app->rl_mail_address, email))
		return;
	/* The same answer at once, account or not: the lookup and the mail
	 * follow off the request (app/later.h). */
	later(app, req->lang, account_reset_mail, email);
	view_message(HTML_ON(&resp->body), &p, _("Kijk in uw mail"),
		     _("Als er een account bij dit e-mailadres hoort, krijgt u "
		       "binnen een paar minuten een mail met een link. De link "
		       "werkt een uur."),
		     "/login", _("Terug naar inloggen"));
}
