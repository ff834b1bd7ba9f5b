/* authorize: see authorize.h. */
#include "authorize.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "i18n/i18n.h"
#include "store/kwestie.h"
#include "store/promise.h"
#include "web/auth.h"
#include "web/routes.h"
#include "web/web.h"

int64_t web_param_id(const struct http_req *req, const char *name)
{
	int64_t v = id_parse(http_param(req, name));

	return v > 0 ? v : 0;
}

/* The best role among organisations. */
static enum authz_rel best_rel(const struct principal *p, const int64_t *orgs,
			       size_t n)
{
	enum authz_rel best = AZR_NONE;

	for (size_t i = 0; i < n; i++) {
		enum authz_rel r = auth_rel_org(p, orgs[i]);

		if (r > best)
			best = r;
	}
	return best;
}

/* Organisations that work on the signal of route parameter param (with
 * contact: those that may see the resident's contact data). */
static enum authz_rel signal_rel(struct http_req *req, const struct principal *p,
				 const char *param, bool contact)
{
	int64_t id = web_param_id(req, param), *orgs = NULL;
	struct db *db = store_thread_db();
	size_t n = 0;

	if (!id || !db ||
	    store_signal_orgs(db, req->arena, id, contact, &orgs, &n) != ERR_OK)
		return AZR_NONE;
	return best_rel(p, orgs, n);
}

/* Organisations that may change the kwestie: its chain, and those that
 * work on one of its signals (store_kwestie_orgs). */
static enum authz_rel kwestie_rel(struct http_req *req, const struct principal *p)
{
	int64_t id = web_param_id(req, "id"), *orgs = NULL;
	struct db *db = store_thread_db();
	size_t n = 0;

	if (!id || !db ||
	    store_kwestie_orgs(db, req->arena, id, false, &orgs, &n) != ERR_OK)
		return AZR_NONE;
	return best_rel(p, orgs, n);
}

/* A promise: the organisations of its kwestie, or of its signal. */
static enum authz_rel promise_rel(struct http_req *req, const struct principal *p)
{
	int64_t id = web_param_id(req, "promise"), *orgs = NULL;
	struct db *db = store_thread_db();
	struct promise_row pr;
	size_t n = 0;
	enum err e;

	if (!id || !db || store_promise_get(db, req->arena, id, &pr) != ERR_OK)
		return AZR_NONE;
	e = pr.kwestie_id ? store_kwestie_orgs(db, req->arena, pr.kwestie_id,
					       false, &orgs, &n)
			  : store_signal_orgs(db, req->arena, pr.signal_id, false,
					      &orgs, &n);
	return e == ERR_OK ? best_rel(p, orgs, n) : AZR_NONE;
}

enum authz_rel web_relation(struct http_req *req, int action)
{
	const struct principal *p = auth_principal(req);

	switch (action) {
	case AZ_ORG_UPDATE:
	case AZ_MEMBER_LIST:
	case AZ_MEMBER_INVITE:
	case AZ_MEMBER_UPDATE:
	case AZ_MEMBER_REMOVE:
	case AZ_APIKEY_MANAGE:
		return auth_rel_org(p, web_param_id(req, "org"));
	case AZ_SIGNAL_WORK:
		return signal_rel(req, p, "id", false);
	case AZ_SIGNAL_CONTACT:
		return signal_rel(req, p, "id", true);
	case AZ_KWESTIE_MANAGE:
		/* /kwesties/{id}/...: that kwestie; /triage/{signal}/...: that
		 * signal; the triage list and a new kwestie: any membership
		 * (the use case checks each signal and the chain). */
		if (http_param(req, "id"))
			return kwestie_rel(req, p);
		if (http_param(req, "signal"))
			return signal_rel(req, p, "signal", false);
		if (http_param(req, "promise"))
			return promise_rel(req, p);
		return auth_rel_any(p);
	case AZ_PROFESSIONAL:
		return auth_rel_any(p);
	default:
		return AZR_NONE;
	}
}

static bool is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* API keys carry scopes: action names separated by spaces. */
static bool scope_ok(const struct principal *p, int action)
{
	const char *name = authz_name((enum authz_action)action);
	size_t n = strlen(name);

	for (const char *s = p->api_scopes; s && (s = strstr(s, name)); s += n)
		if ((s == p->api_scopes || s[-1] == ' ') && (!s[n] || s[n] == ' '))
			return true;
	return false;
}

static bool deny(struct http_req *req, struct http_resp *resp, int action,
		 int status, const char *msg)
{
	const struct principal *p = auth_principal(req);

	static const char *const kinds[] = {"anonymous", "account", "resident",
					    "apikey"};

	/* The kind of principal, never its e-mail address (docs/accounts.md). */
	log_event("info", "denied", "route", req->route, "who", kinds[p->kind],
		  "status", status == 401 ? "401" : "403");
	if (is_api(req->path)) {
		if (status == 401)
			http_resp_header(resp, "WWW-Authenticate",
					 "Bearer realm=\"wijkagenda\"");
		web_json_error(resp, status, msg, NULL);
	} else if (status == 401 && action == AZ_RESIDENT) {
		resp->status = 303; /* residents sign in by a mailed link */
		http_resp_header(resp, "Location", "/mijn");
	} else if (status == 401) {
		resp->status = 303;
		http_resp_header(resp, "Location",
				 arena_printf(req->arena, "/login?next=%s",
					      req->path));
	} else {
		web_html_error(req, resp, status, msg);
	}
	return false;
}

/* The gate; csrf false before the body is read (the token may be in it). */
static bool gate(struct http_req *req, struct http_resp *resp, int action,
		 bool csrf)
{
	const struct principal *p;

	if (action == AZ_PUBLIC)
		return true;
	p = auth_principal(req);
	if (action == AZ_RESIDENT)
		return p->kind == PRINCIPAL_RESIDENT
			       ? (!csrf || !is_write(req->method) || auth_csrf_ok(req) ||
				  deny(req, resp, action, 403, _("Het formulier is verlopen. "
							 "Laad de pagina opnieuw.")))
			       : deny(req, resp, action, 401, _("Log eerst in."));
	if (p->kind != PRINCIPAL_ACCOUNT && p->kind != PRINCIPAL_APIKEY)
		return deny(req, resp, action, 401, _("Log eerst in."));
	if (p->kind == PRINCIPAL_APIKEY &&
	    (!authz_key_may((enum authz_action)action) || !scope_ok(p, action)))
		return deny(req, resp, action, 403, _("Deze sleutel mag dit niet."));
	if (!authz_allows((enum authz_action)action, p->is_admin,
			  web_relation(req, action)))
		return deny(req, resp, action, 403, _("U mag dit niet doen."));
	if (csrf && is_write(req->method) && !auth_csrf_ok(req))
		return deny(req, resp, action, 403, _("Het formulier is verlopen. Laad "
					      "de pagina opnieuw."));
	return true;
}

bool web_authorize(struct http_req *req, struct http_resp *resp, int action)
{
	return gate(req, resp, action, true);
}

bool web_authorize_head(struct http_req *req, struct http_resp *resp,
			int action)
{
	return gate(req, resp, action, false);
}
