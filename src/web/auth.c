/* auth: see auth.h. */
#include "auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/token.h"
#include "http/cookie.h"
#include "http/multipart.h"
#include "store/store.h"
#include "app/app.h"

static struct auth_config cfg = {30, 12, false};

void auth_configure(const struct auth_config *c)
{
	cfg = *c;
}

static const struct principal nobody = {PRINCIPAL_NONE, 0, NULL, NULL, false,
					NULL, 0, 0, 0, NULL, NULL, NULL, NULL};

/* Hash of a secret for the database: the secret itself never is stored. */
static const char *secret_hash(struct arena *a, const char *secret)
{
	char *out = arena_alloc(a, 33);
	const char *parts[1] = {secret};

	token_hash_parts(out, parts, 1);
	return out;
}

static bool session_fresh(const struct session_row *s, const char *now,
			  const char *idle_before)
{
	return strcmp(s->expires_at, now) > 0 &&
	       strcmp(s->last_seen_at, idle_before) > 0;
}

/* Through one municipality's site an account acts only in that
 * municipality's organisations (web/site.h): another's signals, triage
 * and kwesties are not reached through this host. */
static void here_only(const struct http_req *req, struct account_row *a)
{
	size_t n = 0;

	for (size_t i = 0; i < a->nmemberships; i++)
		if (app_is_here(req->app, a->memberships[i].municipality))
			a->memberships[n++] = a->memberships[i];
	a->nmemberships = n;
}

static const struct principal *from_session(struct http_req *req, struct db *db,
					    const char *cookie)
{
	struct principal *p;
	struct session_row s;
	struct account_row a;
	char now[32], idle[32], touch_before[32];
	const char *h;

	if (!token_valid(cookie))
		return &nobody;
	h = secret_hash(req->arena, cookie);
	if (store_session_get(db, req->arena, h, &s) != ERR_OK)
		return &nobody;
	store_now(now, sizeof(now));
	store_time_ago(idle, sizeof(idle), cfg.idle_minutes * 60);
	if (!session_fresh(&s, now, idle))
		return &nobody;
	p = arena_alloc(req->arena, sizeof(*p));
	*p = nobody;
	p->session_hash = h;
	p->csrf = s.csrf;
	if (s.resident_email) {
		p->kind = PRINCIPAL_RESIDENT;
		p->email = s.resident_email;
	} else {
		if (store_account_by_id(db, req->arena, s.account_id, &a) != ERR_OK ||
		    a.disabled_at ||
		    store_account_memberships(db, req->arena, &a) != ERR_OK)
			return &nobody;
		p->kind = PRINCIPAL_ACCOUNT;
		p->account_id = a.id;
		p->email = a.email;
		p->name = a.name;
		p->is_admin = a.is_admin;
		here_only(req, &a);
		p->memberships = a.memberships;
		p->nmemberships = a.nmemberships;
	}
	/* Touch at most once a minute: a write per request would serialise
	 * every page view on the database's write lock. */
	store_time_ago(touch_before, sizeof(touch_before), 60);
	if (strcmp(s.last_seen_at, touch_before) < 0)
		store_session_touch(db, h, now);
	return p;
}

/* "Bearer wak_<prefix>_<secret>" */
static const struct principal *from_api_key(struct http_req *req, struct db *db,
					    const char *authz)
{
	struct apikey_row k;
	struct principal *p;
	char prefix[16], now[32];
	const char *key, *us;

	if (strncmp(authz, "Bearer wak_", 11) != 0 || strlen(authz) > 128)
		return &nobody;
	key = authz + 7;
	us = strchr(key + 4, '_');
	if (!us || us - (key + 4) != 8)
		return &nobody;
	memcpy(prefix, key + 4, 8);
	prefix[8] = '\0';
	/* another municipality's key is nobody's through this site */
	if (store_apikey_by_prefix(db, req->arena, prefix, &k) != ERR_OK ||
	    k.revoked_at || !app_is_here(req->app, k.municipality))
		return &nobody;
	if (sodium_memcmp(k.key_hash, secret_hash(req->arena, key), 32) != 0)
		return &nobody;
	p = arena_alloc(req->arena, sizeof(*p));
	*p = nobody;
	p->kind = PRINCIPAL_APIKEY;
	p->api_key_id = k.id;
	p->api_org_id = k.org_id;
	p->api_prefix = k.prefix;
	p->api_scopes = k.scopes;
	store_now(now, sizeof(now));
	if (!k.last_used_at || strncmp(k.last_used_at, now, 16) != 0)
		store_apikey_touch(db, k.id, now);
	return p;
}

const struct principal *auth_api_key(struct http_req *req, const char *key)
{
	struct db *db = store_thread_db();

	if (!key || strlen(key) > 120 || !db)
		return &nobody;
	return from_api_key(req, db, arena_printf(req->arena, "Bearer %s", key));
}

const struct principal *auth_principal(struct http_req *req)
{
	const char *authz = http_header(req, "Authorization");
	const char *sid;
	struct db *db;

	if (req->principal)
		return req->principal;
	req->principal = &nobody;
	sid = cookie_get(req->arena, http_header(req, "Cookie"), SESSION_COOKIE);
	if ((!sid && !authz) || !(db = store_thread_db()))
		return req->principal;
	if (authz)
		req->principal = from_api_key(req, db, authz);
	else
		req->principal = from_session(req, db, sid);
	return req->principal;
}

static void actor_of(const struct principal *p, struct actor *a)
{
	static const enum actor_kind kinds[] = {ACTOR_NOBODY, ACTOR_ACCOUNT,
						ACTOR_RESIDENT, ACTOR_KEY};

	*a = actor_nobody;
	a->kind = kinds[p->kind];
	a->account_id = p->account_id;
	a->key_id = p->api_key_id;
	a->key_org = p->api_org_id;
	a->email = p->email;
	a->label = auth_label(p);
	a->is_admin = p->is_admin;
	a->memberships = p->memberships;
	a->nmemberships = p->nmemberships;
}

const struct actor *auth_actor(struct http_req *req)
{
	struct actor *a = arena_alloc(req->arena, sizeof(*a));

	actor_of(auth_principal(req), a);
	return a;
}

enum authz_rel auth_rel_org(const struct principal *p, int64_t org_id)
{
	struct actor a;

	actor_of(p, &a);
	return actor_rel_org(&a, org_id);
}

enum authz_rel auth_rel_any(const struct principal *p)
{
	struct actor a;

	actor_of(p, &a);
	return actor_rel_any(&a);
}

const struct multipart *web_parts(struct http_req *req, const char **msg)
{
	struct multipart *m;

	*msg = NULL;
	if (req->body_parts)
		return req->body_parts;
	m = arena_alloc(req->arena, sizeof(*m));
	if (multipart_parse(req->arena, http_header(req, "Content-Type"),
			    req->body, req->body_len, m, msg) != ERR_OK)
		return NULL;
	req->body_parts = m;
	return m;
}

const struct form *web_form(struct http_req *req)
{
	static const struct form empty = {NULL, 0};
	struct form *f;
	const char *msg;

	if (req->body_form)
		return req->body_form;
	req->body_form = &empty;
	if (strcmp(http_media_type(req), "multipart/form-data") == 0) {
		const struct multipart *m = web_parts(req, &msg);

		f = arena_alloc(req->arena, sizeof(*f));
		if (m && multipart_form(req->arena, m, f, &msg) == ERR_OK)
			req->body_form = f;
		return req->body_form;
	}
	if (strcmp(http_media_type(req), "application/x-www-form-urlencoded") != 0)
		return req->body_form;
	f = arena_alloc(req->arena, sizeof(*f));
	if (form_parse(req->arena, req->body, req->body_len, f, &msg) == ERR_OK)
		req->body_form = f;
	return req->body_form;
}

bool auth_csrf_ok(struct http_req *req)
{
	const struct principal *p = auth_principal(req);
	const char *sent;

	if (p->kind == PRINCIPAL_APIKEY)
		return true;
	if (!p->csrf)
		return false;
	sent = http_header(req, "X-CSRF-Token");
	if (!sent)
		sent = form_get(web_form(req), "csrf");
	return sent && strlen(sent) == strlen(p->csrf) &&
	       sodium_memcmp(sent, p->csrf, strlen(sent)) == 0;
}

const char *auth_form_token(struct http_req *req, struct http_resp *resp)
{
	const char *lc = cookie_get(req->arena, http_header(req, "Cookie"), LOGIN_COOKIE);
	char *fresh;

	if (lc && token_valid(lc))
		return lc;
	fresh = arena_alloc(req->arena, TOKEN_LEN + 1);
	token_new(fresh);
	http_resp_header(resp, "Set-Cookie", auth_cookie(req, LOGIN_COOKIE, fresh, 7200));
	return fresh;
}

bool auth_form_token_ok(struct http_req *req)
{
	const char *lc = cookie_get(req->arena, http_header(req, "Cookie"), LOGIN_COOKIE);
	const char *sent = form_get(web_form(req), "csrf");

	return lc && sent && token_valid(lc) && strlen(sent) == strlen(lc) &&
	       sodium_memcmp(lc, sent, strlen(lc)) == 0;
}

const char *auth_label(const struct principal *p)
{
	switch (p->kind) {
	case PRINCIPAL_ACCOUNT:
	case PRINCIPAL_RESIDENT:
		return p->email;
	case PRINCIPAL_APIKEY:
		return p->api_prefix;
	default:
		return "anonymous";
	}
}

const char *auth_cookie(struct http_req *req, const char *name,
			const char *value, int max_age)
{
	return arena_printf(req->arena, "%s=%s; Path=/; Max-Age=%d; HttpOnly; "
					"SameSite=Lax%s",
			    name, value, max_age, cfg.secure_cookies ? "; Secure" : "");
}

enum err auth_session_start(struct http_req *req, struct http_resp *resp,
			    int64_t account_id, const char *resident_email)
{
	struct db *db = store_thread_db();
	struct session_row s;
	char token[TOKEN_LEN + 1], csrf[TOKEN_LEN + 1], now[32], exp[32];
	const char *old;
	enum err e;

	if (!db)
		return ERR_BUSY;
	/* Rotation: a session id known before login is never reused. */
	old = cookie_get(req->arena, http_header(req, "Cookie"), SESSION_COOKIE);
	if (old && token_valid(old))
		store_session_delete(db, secret_hash(req->arena, old));
	token_new(token);
	token_new(csrf);
	store_now(now, sizeof(now));
	store_time_ago(exp, sizeof(exp), -cfg.absolute_hours * 3600);
	memset(&s, 0, sizeof(s));
	s.token_hash = (char *)secret_hash(req->arena, token);
	s.csrf = csrf;
	s.created_at = s.last_seen_at = now;
	s.expires_at = exp;
	s.account_id = account_id;
	s.resident_email = (char *)resident_email;
	e = store_session_create(db, &s);
	if (e != ERR_OK)
		return e;
	http_resp_header(resp, "Set-Cookie",
			 auth_cookie(req, SESSION_COOKIE, token,
				     cfg.absolute_hours * 3600));
	return ERR_OK;
}

void auth_session_end(struct http_req *req, struct http_resp *resp)
{
	const struct principal *p = auth_principal(req);
	struct db *db = store_thread_db();

	if (db && p->session_hash)
		store_session_delete(db, p->session_hash);
	http_resp_header(resp, "Set-Cookie", auth_cookie(req, SESSION_COOKIE, "", 0));
}
