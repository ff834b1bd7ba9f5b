/* apikey: an organisation's API keys.  A key is
 * "wak_<prefix>_<secret>": the prefix (8 hex digits) names the key in
 * lists and logs, the secret is a token_new() value.  Only the hash of
 * the whole key string is stored (token_hash_parts, as web/auth.c's
 * from_api_key computes it), so the key is shown once, right after it
 * was made, and never again.  Keys carry scopes: the authz action names
 * they may use; the router checks them on every request.  Making and
 * revoking one are use cases (app/apikey.c); here the pages. */
#include <string.h>

#include "app/apikey.h"
#include "i18n/i18n.h"
#include "views/beheer.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/beheer.h"
#include "web/web.h"

#define KEY_NAME_MAX 100

/* The actions that make sense for a key; in this order in the scopes. */
static const struct {
	const char *action, *label;
} key_scopes[] = {
	{"member.list", N_("Leden bekijken (member.list)")},
	{"organisation.update", N_("Organisatie wijzigen (organisation.update)")},
	{"signal.work", N_("Meldingen behandelen (signal.work)")},
	{"kwestie.manage", N_("Triage en kwesties (kwestie.manage)")},
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
	if ((e = apikey_create(db, req->arena, auth_actor(req), &org, name, scopes, &key)) != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	/* Shown once, in this answer only: nothing to redirect to. */
	memset(&k, 0, sizeof(k));
	k.new_key = key;
	render(req, resp, db, 201, &org, &k);
}

void web_beheer_key_revoke(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	struct org_row org;
	enum err e;

	if (!db || !org_load(req, resp, db, false, &org))
		return;
	if ((e = apikey_revoke(db, req->arena, auth_actor(req), &org,
			       web_param_id(req, "key"))) != ERR_OK) {
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
