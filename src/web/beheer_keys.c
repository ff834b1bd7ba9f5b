/* beheer_keys: an organisation's API keys.  A key is
 * "wak_<prefix>_<secret>": the prefix (8 hex digits) names the key in
 * lists and logs, the secret is a token_new() value.  Only the hash of
 * the whole key string is stored (token_hash_parts, as web/auth.c's
 * from_api_key computes it), so the key is shown once, right after it
 * was made, and never again.  Keys carry scopes: the authz action names
 * they may use; the router checks them on every request. */
#include <sodium.h>
#include <string.h>

#include "base/token.h"
#include "i18n/i18n.h"
#include "views/beheer.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/beheer.h"
#include "web/web.h"

#define KEY_NAME_MAX 100
#define KEY_TRIES 3 /* new prefixes after a collision */

/* The actions that make sense for a key; in this order in the scopes. */
static const struct {
	const char *action, *label;
} key_scopes[] = {
	{"member.list", N_("Leden bekijken (member.list)")},
	{"organisation.update", N_("Organisatie wijzigen (organisation.update)")},
	{"signal.work", N_("Meldingen behandelen (signal.work)")},
};
#define NSCOPES (sizeof(key_scopes) / sizeof(key_scopes[0]))

static struct choice *scope_choices(struct http_req *req)
{
	struct choice *c = arena_alloc(req->arena, NSCOPES * sizeof(*c));

	for (size_t i = 0; i < NSCOPES; i++)
		c[i] = (struct choice){key_scopes[i].action, _(key_scopes[i].label),
				       NULL};
	return c;
}

static const char *notice_for(struct http_req *req)
{
	const char *k = form_get(&req->query, "klaar");

	return k && strcmp(k, "ingetrokken") == 0
		       ? _("De sleutel is ingetrokken. Hij werkt niet meer.")
		       : NULL;
}

static void render(struct http_req *req, struct http_resp *resp, struct db *db,
		   int status, const struct org_row *org, struct keys_page *k)
{
	struct page pg = web_page(req, _("API-sleutels"));
	enum err e;

	e = store_apikey_list(db, req->arena, org->id,
			      (struct apikey_row **)&k->keys, &k->nkeys);
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	k->org = org;
	k->csrf = auth_principal(req)->csrf;
	k->scopes = scope_choices(req);
	k->nscopes = NSCOPES;
	if (k->nerrors)
		pg.title = arena_printf(req->arena, "%s %s", _("Fout:"),
					_("API-sleutels"));
	resp->status = status;
	resp->no_store = true;
	view_beheer_keys(HTML_ON(&resp->body), &pg, k);
}

void web_beheer_keys(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	struct keys_page k;
	struct org_row org;

	if (!db || !org_load(req, resp, db, false, &org))
		return;
	memset(&k, 0, sizeof(k));
	k.notice = notice_for(req);
	render(req, resp, db, 200, &org, &k);
}

static bool scope_known(const char *s)
{
	for (size_t i = 0; i < NSCOPES; i++)
		if (strcmp(s, key_scopes[i].action) == 0)
			return true;
	return false;
}

/* The checked scopes, in table order, space-separated ("" for none);
 * *bad when a value is not one of ours. */
static const char *read_scopes(struct http_req *req, const struct form *f,
			       struct keys_page *k, bool *bad)
{
	const char **checked = arena_alloc(req->arena, NSCOPES * sizeof(*checked));
	const char *out = "";

	*bad = false;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].key, "scopes") == 0 &&
		    !scope_known(f->fields[i].value))
			*bad = true;
	for (size_t i = 0; i < NSCOPES; i++) {
		bool on = false;

		for (size_t j = 0; j < f->n && !on; j++)
			on = strcmp(f->fields[j].key, "scopes") == 0 &&
			     strcmp(f->fields[j].value, key_scopes[i].action) == 0;
		if (!on)
			continue;
		checked[k->nchecked++] = key_scopes[i].action;
		out = arena_printf(req->arena, "%s%s%s", out, *out ? " " : "",
				   key_scopes[i].action);
	}
	k->checked = checked;
	return out;
}

/* The key's row and its audit entry, inside db_write. */
struct key_tx {
	struct http_req *req;
	const struct org_row *org;
	struct apikey_row k;
	int64_t id;
	/* revoke: the key as it was */
	const struct apikey_row *old;
	const char *now;
};

static enum err key_create_tx(struct db *db, void *p)
{
	struct key_tx *t = p;
	const struct principal *who = auth_principal(t->req);
	enum err e;

	t->id = 0;
	e = store_apikey_create(db, &t->k,
				who->kind == PRINCIPAL_ACCOUNT ? who->account_id : 0,
				&t->id);
	if (e == ERR_OK)
		e = beheer_audit(t->req, db, "apikey.create", "organisation",
				 t->org->id,
				 json_pack("{s:I, s:s, s:s, s:s}", "key_id",
					   (json_int_t)t->id, "name", t->k.name,
					   "prefix", t->k.prefix, "scopes",
					   t->k.scopes));
	return e;
}

/* A new key (*key) and its row in the organisation, with the audit
 * entry, in one transaction; a new key when the prefix is taken. */
static enum err key_store(struct http_req *req, struct db *db,
			  const struct org_row *org, const char *name,
			  const char *scopes, const char **key)
{
	unsigned char raw[4];
	char prefix[9], secret[TOKEN_LEN + 1], hash[33];
	const char *parts[1];
	struct key_tx t = {.req = req, .org = org};
	enum err e = ERR_CONFLICT;

	for (int i = 0; i < KEY_TRIES && e == ERR_CONFLICT; i++) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(prefix, sizeof(prefix), raw, sizeof(raw));
		token_new(secret);
		*key = arena_printf(req->arena, "wak_%s_%s", prefix, secret);
		parts[0] = *key;
		token_hash_parts(hash, parts, 1);
		memset(&t.k, 0, sizeof(t.k));
		t.k.org_id = org->id;
		t.k.name = (char *)name;
		t.k.prefix = prefix;
		t.k.key_hash = hash;
		t.k.scopes = (char *)scopes;
		e = db_write(db, key_create_tx, &t);
	}
	return e;
}

void web_beheer_key_create(struct http_req *req, struct http_resp *resp)
{
	const struct form *f = web_form(req);
	struct db *db = web_db(req, resp, 0);
	struct field_error errs[2];
	struct keys_page k;
	struct org_row org;
	const char *name, *scopes, *msg, *key = NULL;
	bool bad;
	enum err e;

	if (!db || !org_load(req, resp, db, false, &org))
		return;
	memset(&k, 0, sizeof(k));
	k.name = form_get(f, "name");
	msg = text_check(req->arena, k.name ? k.name : "", 1, KEY_NAME_MAX, false,
			 &name);
	if (msg)
		errs[k.nerrors++] = (struct field_error){"name", _(msg)};
	scopes = read_scopes(req, f, &k, &bad);
	if (bad)
		errs[k.nerrors++] = (struct field_error){"scopes",
							 _("bevat een onbekend recht")};
	else if (!*scopes)
		errs[k.nerrors++] = (struct field_error){"scopes",
							 _("kies minstens één recht")};
	k.errors = errs;
	if (k.nerrors) {
		render(req, resp, db, 400, &org, &k);
		return;
	}
	if ((e = key_store(req, db, &org, name, scopes, &key)) != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	/* Shown once, in this answer only: nothing to redirect to. */
	memset(&k, 0, sizeof(k));
	k.new_key = key;
	render(req, resp, db, 201, &org, &k);
}

static enum err key_revoke_tx(struct db *db, void *p)
{
	struct key_tx *t = p;
	struct apikey_row *keys;
	size_t n;
	enum err e;

	t->old = NULL;
	e = store_apikey_list(db, t->req->arena, t->org->id, &keys, &n);
	for (size_t i = 0; e == ERR_OK && i < n; i++)
		if (keys[i].id == t->id && !keys[i].revoked_at)
			t->old = &keys[i];
	if (e == ERR_OK && !t->old)
		e = ERR_NOT_FOUND;
	if (e == ERR_OK)
		e = store_apikey_revoke(db, t->org->id, t->id, t->now);
	if (e == ERR_OK)
		e = beheer_audit(t->req, db, "apikey.revoke", "organisation",
				 t->org->id,
				 json_pack("{s:I, s:s, s:s}", "key_id",
					   (json_int_t)t->id, "name", t->old->name,
					   "prefix", t->old->prefix));
	return e;
}

void web_beheer_key_revoke(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	struct key_tx t;
	struct org_row org;
	char now[32];
	enum err e;

	if (!db || !org_load(req, resp, db, false, &org))
		return;
	store_now(now, sizeof(now));
	t = (struct key_tx){.req = req, .org = &org,
			    .id = web_param_id(req, "key"), .now = now};
	if ((e = db_write(db, key_revoke_tx, &t)) != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND
				       ? _("Deze sleutel bestaat niet of is al ingetrokken.")
				       : _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	beheer_redirect(req, resp,
			arena_printf(req->arena,
				     "/beheer/organisaties/%lld/sleutels?klaar=ingetrokken",
				     (long long)org.id));
}
