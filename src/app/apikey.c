/* apikey: see apikey.h. */
#include "apikey.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>

#include "app/audit.h"
#include "base/token.h"
#include "store/store.h"

#define KEY_TRIES 3 /* new prefixes after a collision */

/* The key's row and its audit entry, inside db_write. */
struct key_tx {
	struct arena *ar;
	const struct actor *who;
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
	enum err e;

	t->id = 0;
	e = store_apikey_create(db, &t->k,
				t->who->kind == ACTOR_ACCOUNT ? t->who->account_id : 0,
				&t->id);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "apikey.create", "organisation",
				 t->org->id,
				 json_pack("{s:I, s:s, s:s, s:s}", "key_id",
					   (json_int_t)t->id, "name", t->k.name,
					   "prefix", t->k.prefix, "scopes",
					   t->k.scopes));
	return db_end_unseen(db, e); /* keys are on no public answer */
}

/* A new key (*key) and its row in the organisation, with the audit
 * entry, in one transaction; a new key when the prefix is taken. */
enum err apikey_create(struct db *db, struct arena *ar, const struct actor *who,
		       const struct org_row *org, const char *name,
		       const char *scopes, const char **key)
{
	unsigned char raw[4];
	char prefix[9], secret[TOKEN_LEN + 1], hash[33];
	const char *parts[1];
	struct key_tx t = {.ar = ar, .who = who, .org = org};
	enum err e = ERR_CONFLICT;

	for (int i = 0; i < KEY_TRIES && e == ERR_CONFLICT; i++) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(prefix, sizeof(prefix), raw, sizeof(raw));
		token_new(secret);
		*key = arena_printf(ar, "wak_%s_%s", prefix, secret);
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

static enum err key_revoke_tx(struct db *db, void *p)
{
	struct key_tx *t = p;
	struct apikey_row *keys;
	size_t n;
	enum err e;

	t->old = NULL;
	e = store_apikey_list(db, t->ar, t->org->id, &keys, &n);
	for (size_t i = 0; e == ERR_OK && i < n; i++)
		if (keys[i].id == t->id && !keys[i].revoked_at)
			t->old = &keys[i];
	if (e == ERR_OK && !t->old)
		e = ERR_NOT_FOUND;
	if (e == ERR_OK)
		e = store_apikey_revoke(db, t->org->id, t->id, t->now);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "apikey.revoke", "organisation",
				 t->org->id,
				 json_pack("{s:I, s:s, s:s}", "key_id",
					   (json_int_t)t->id, "name", t->old->name,
					   "prefix", t->old->prefix));
	return db_end_unseen(db, e);
}

enum err apikey_revoke(struct db *db, struct arena *ar, const struct actor *who,
		       const struct org_row *org, int64_t key_id)
{
	struct key_tx t;
	char now[32];

	store_now(now, sizeof(now));
	t = (struct key_tx){.ar = ar, .who = who, .org = org, .id = key_id,
			    .now = now};
	return key_id ? db_write(db, key_revoke_tx, &t) : ERR_NOT_FOUND;
}
