/* resident: see resident.h. */
#include "resident.h"

#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/mailer.h"
#include "base/log.h"
#include "base/token.h"
#include "base/util.h"
#include "store/installation.h"
#include "store/resident.h"
#include "store/store.h"

void resident_secret_set(const unsigned char *secret)
{
	token_key_set(secret);
}

void resident_key_parts(char *out, const char *const *parts, size_t n)
{
	token_keyed_parts(out, parts, n);
}

void resident_key(char *out, const char *norm_email, const char *client)
{
	char buf[128];
	const char *parts[2] = {"kwestie.support", norm_email};

	if (!norm_email) {
		snprintf(buf, sizeof(buf), "client:%s", client ? client : "");
		parts[1] = buf;
	}
	resident_key_parts(out, parts, 2);
}

void resident_key_token(char *out, const char *token)
{
	const char *parts[2] = {"grade.token", token};

	resident_key_parts(out, parts, 2);
}

/* --- the secret against the database ---------------------------------------- */

struct secret_tx {
	struct arena *ar;
	const unsigned char *given;
	unsigned char db_secret[TOKEN_KEY_BYTES];
	bool from_db;
	size_t rekeyed;
	bool mismatch;
};

static void rekey_one(char *out, const char *old, void *ctx)
{
	(void)ctx;
	token_keyed_text(out, old);
}

/* The secret the database keeps, made now when it has none. */
static enum err db_secret(struct db *db, struct secret_tx *t)
{
	char *hex = NULL, fresh[2 * TOKEN_KEY_BYTES + 1];
	size_t len = 0;
	enum err e = store_state_get(db, t->ar, "resident_secret", &hex);

	if (e != ERR_OK)
		return e;
	if (hex && sodium_hex2bin(t->db_secret, sizeof(t->db_secret), hex,
				  strlen(hex), NULL, &len, NULL) == 0 &&
	    len == sizeof(t->db_secret))
		return ERR_OK;
	if (hex) /* not 64 hex digits: someone edited it */
		return ERR_INTERNAL;
	randombytes_buf(t->db_secret, sizeof(t->db_secret));
	sodium_bin2hex(fresh, sizeof(fresh), t->db_secret, sizeof(t->db_secret));
	return store_state_set(db, "resident_secret", fresh);
}

static enum err secret_tx_fn(struct db *db, void *p)
{
	struct secret_tx *t = p;
	char *mark = NULL, print[33];
	enum err e;

	t->rekeyed = 0;
	t->mismatch = false;
	arena_clear(t->ar); /* a retried attempt starts with nothing */
	if (!t->given && (e = db_secret(db, t)) != ERR_OK)
		return e;
	/* a secret moved into its file leaves no copy behind */
	if (t->given && (e = store_state_set(db, "resident_secret", NULL)) != ERR_OK)
		return e;
	resident_secret_set(t->given ? t->given : t->db_secret);
	token_keyed_text(print, "installation.fingerprint");
	if ((e = store_state_get(db, t->ar, "resident_keys", &mark)) != ERR_OK)
		return e;
	if (mark) {
		t->mismatch = strcmp(mark, print) != 0;
		return t->mismatch ? ERR_CONFLICT : ERR_OK;
	}
	for (int c = 0; c < KEYCOL_COUNT; c++) {
		size_t n = 0;

		e = store_keys_rekey(db, (enum key_column)c, rekey_one, NULL,
				     &n);
		if (e != ERR_OK)
			return e;
		t->rekeyed += n;
	}
	return store_state_set(db, "resident_keys", print);
}

static enum err stored_tx_fn(struct db *db, void *p)
{
	struct secret_tx *t = p;
	char *hex = NULL;
	size_t len = 0;
	enum err e = store_state_get(db, t->ar, "resident_secret", &hex);

	t->from_db = false;
	if (e != ERR_OK || !hex)
		return e;
	if (sodium_hex2bin(t->db_secret, sizeof(t->db_secret), hex, strlen(hex),
			   NULL, &len, NULL) != 0 || len != sizeof(t->db_secret))
		return ERR_INTERNAL;
	t->from_db = true;
	return ERR_OK;
}

enum err resident_secret_stored(struct db *db, unsigned char *key, bool *found)
{
	struct arena ar;
	struct secret_tx t = {&ar, NULL, {0}, false, 0, false};
	enum err e;

	arena_init(&ar);
	e = db_begin_read(db);
	if (e == ERR_OK) {
		e = stored_tx_fn(db, &t);
		if (db_commit(db) != ERR_OK && e == ERR_OK)
			e = ERR_INTERNAL;
	}
	arena_clear(&ar);
	*found = e == ERR_OK && t.from_db;
	if (*found)
		memcpy(key, t.db_secret, sizeof(t.db_secret));
	sodium_memzero(t.db_secret, sizeof(t.db_secret));
	return e;
}

enum err resident_secret_use(struct db *db, const unsigned char *secret,
			     char *msg, size_t msglen)
{
	struct arena ar;
	struct secret_tx t = {&ar, secret, {0}, false, 0, false};
	char n[24];
	enum err e;

	arena_init(&ar);
	e = db_write(db, secret_tx_fn, &t);
	arena_clear(&ar);
	sodium_memzero(t.db_secret, sizeof(t.db_secret));
	if (e == ERR_OK && t.rekeyed) {
		snprintf(n, sizeof(n), "%zu", t.rekeyed);
		log_event("info", "resident_keys_keyed", "values", n);
	}
	if (t.mismatch)
		snprintf(msg, msglen, "the installation secret is not the one this "
				      "database's resident keys were made with; "
				      "use the original --secret-file");
	else if (e != ERR_OK)
		snprintf(msg, msglen, "cannot check the installation secret: %s",
			 err_name(e));
	return e;
}

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

/* The audit log's actor for a resident: never the address. */
static const struct actor resident_actor = {ACTOR_RESIDENT, 0, 0, 0, NULL,
					    "resident", false, NULL, 0};

struct token_use {
	const char *hash, *now;
};

static enum err use_token_tx(struct db *db, void *p)
{
	struct token_use *u = p;

	return store_token_use(db, u->hash, u->now);
}

enum err resident_link_use(struct db *db, const char *hash)
{
	char now[32];
	struct token_use u = {hash, now};

	store_now(now, sizeof(now));
	return db_write(db, use_token_tx, &u);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* {"fields": [...]} naming what changes for this row, or NULL if nothing
 * does.  Names only, never the values. */
static json_t *changed_fields(const struct contact_row *r,
			      const struct resident_contact *c)
{
	json_t *f = json_array();

	if (!same(r->email, c->email))
		json_array_append_new(f, json_string("email"));
	if (!same(r->phone, c->phone))
		json_array_append_new(f, json_string("phone"));
	if (!same(r->age_band, c->age_band))
		json_array_append_new(f, json_string("age_band"));
	if (!json_array_size(f)) {
		json_decref(f);
		return NULL;
	}
	return json_pack("{s:o}", "fields", f);
}

/* The resident's contact rows, changed or wiped inside db_write; count
 * is how many rows the address had. */
struct contact_tx {
	struct arena *ar;
	const char *email, *now;
	const struct resident_contact *c;
	size_t count;
};

static enum err change_tx(struct db *db, void *p)
{
	struct contact_tx *t = p;
	struct contact_row *rows;
	json_t *detail;
	enum err e;

	t->count = 0;
	e = store_resident_contacts(db, t->ar, t->email, &rows, &t->count);
	for (size_t i = 0; e == ERR_OK && i < t->count; i++) {
		if (!(detail = changed_fields(&rows[i], t->c)))
			continue;
		e = store_contact_update(db, rows[i].signal_id, t->c->email,
					 t->c->phone, t->c->age_band);
		if (e == ERR_OK)
			e = app_audit(db, &resident_actor, "contact.update", "signal",
				      rows[i].signal_id, detail);
		else
			json_decref(detail);
	}
	return e;
}

enum err resident_contact_change(struct db *db, struct arena *ar,
				 const char *email,
				 const struct resident_contact *c)
{
	struct contact_tx t = {ar, email, NULL, c, 0};

	return db_write(db, change_tx, &t);
}

static enum err delete_tx(struct db *db, void *p)
{
	struct contact_tx *t = p;
	struct contact_row *rows;
	enum err e;

	t->count = 0;
	e = store_resident_contacts(db, t->ar, t->email, &rows, &t->count);
	for (size_t i = 0; e == ERR_OK && i < t->count; i++) {
		e = store_contact_anonymise(db, rows[i].signal_id, t->now);
		if (e == ERR_OK)
			e = app_audit(db, &resident_actor, "contact.delete", "signal",
				      rows[i].signal_id, NULL);
	}
	return e;
}

enum err resident_contact_delete(struct db *db, struct arena *ar,
				 const char *email, size_t *count)
{
	char now[32];
	struct contact_tx t = {ar, email, now, NULL, 0};
	enum err e;

	store_now(now, sizeof(now));
	e = db_write(db, delete_tx, &t);
	*count = t.count;
	return e;
}
