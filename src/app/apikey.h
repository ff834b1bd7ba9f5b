/* apikey: an organisation's API keys (app/apikey.c).  A key is
 * "wak_<prefix>_<secret>": the prefix (8 hex digits) names the key in
 * lists and logs, the secret is a token_new() value.  Only the hash of
 * the whole key string is stored (token_hash_parts, as web/auth.c
 * computes it), so the key is shown once, right after it was made. */
#ifndef WA_APP_APIKEY_H
#define WA_APP_APIKEY_H
#include <stdint.h>

#include "app/actor.h"
#include "base/arena.h"
#include "base/err.h"
#include "store/accounts.h"

struct db;

/* A new key (*key, in ar) for org with its audit entry, in one
 * transaction; a new prefix when one is taken.  name and scopes are
 * checked by the caller. */
enum err apikey_create(struct db *db, struct arena *ar, const struct actor *who,
		       const struct org_row *org, const char *name,
		       const char *scopes, const char **key);
/* Revoke org's key key_id, audited; ERR_NOT_FOUND when there is no such
 * key, or it was revoked already. */
enum err apikey_revoke(struct db *db, struct arena *ar, const struct actor *who,
		       const struct org_row *org, int64_t key_id);

#endif
