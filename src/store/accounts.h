/* accounts: organisations, professional accounts, memberships, sessions,
 * one-time tokens, API keys and the audit log.  SQL only here. */
#ifndef WA_STORE_ACCOUNTS_H
#define WA_STORE_ACCOUNTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

/* --- organisations --------------------------------------------------- */
struct org_row {
	int64_t id;
	char *municipality, *name, *kind, *kvk, *created_at, *updated_at;
	bool is_demo;
	char **areas; /* area codes */
	size_t nareas;
};

/* ERR_CONFLICT: another organisation of the municipality has this name,
 * ignoring case and Unicode form (the UNIQUE index on name_key). */
enum err store_org_create(struct db *db, const struct org_row *o, int64_t *id);
/* Give every organisation without one its name_key (after migration 009;
 * store_migrate calls it). */
enum err store_org_keys_fill(struct db *db);
enum err store_org_update(struct db *db, const struct org_row *o);
enum err store_org_delete(struct db *db, int64_t id);
/* Replace the organisation's areas (codes must exist: ERR_CONFLICT). */
enum err store_org_set_areas(struct db *db, int64_t id, const char *municipality,
			     char *const *codes, size_t n);
enum err store_org_get(struct db *db, struct arena *ar, int64_t id,
		       struct org_row *out);
enum err store_org_list(struct db *db, struct arena *ar,
			const char *municipality, struct org_row **out,
			size_t *n);

/* --- accounts and memberships ---------------------------------------- */
struct membership_row {
	int64_t org_id;
	char *org_name, *role;
	char *municipality; /* the organisation's (store_account_memberships) */
};

struct account_row {
	int64_t id;
	char *email, *name, *password_hash, *created_at, *disabled_at;
	bool is_admin, is_demo;
	struct membership_row *memberships; /* with store_account_memberships */
	size_t nmemberships;
};

/* email must be lower case.  ERR_CONFLICT when it exists. */
enum err store_account_create(struct db *db, const char *email,
			      const char *name, bool is_admin, bool is_demo,
			      int64_t *id);
enum err store_account_by_email(struct db *db, struct arena *ar,
				const char *email, struct account_row *out);
enum err store_account_by_id(struct db *db, struct arena *ar, int64_t id,
			     struct account_row *out);
enum err store_account_set_password(struct db *db, int64_t id,
				    const char *hash);
/* store/account_admin.c */
enum err store_account_set_admin(struct db *db, int64_t id, bool is_admin);
enum err store_account_memberships(struct db *db, struct arena *ar,
				   struct account_row *a);
enum err store_membership_put(struct db *db, int64_t account_id,
			      int64_t org_id, const char *role);
enum err store_membership_delete(struct db *db, int64_t account_id,
				 int64_t org_id);
/* The members of an organisation (accounts with only this membership). */
enum err store_org_members(struct db *db, struct arena *ar, int64_t org_id,
			   struct account_row **out, size_t *n);

/* --- sessions -------------------------------------------------------- */
struct session_row {
	char *token_hash, *csrf, *created_at, *last_seen_at, *expires_at,
		*resident_email;
	int64_t account_id; /* 0 for a resident session */
};

enum err store_session_create(struct db *db, const struct session_row *s);
enum err store_session_get(struct db *db, struct arena *ar,
			   const char *token_hash, struct session_row *out);
enum err store_session_touch(struct db *db, const char *token_hash,
			     const char *now);
enum err store_session_delete(struct db *db, const char *token_hash);
enum err store_sessions_delete_account(struct db *db, int64_t account_id);
/* Sessions past their absolute expiry or idle since before idle_before. */
enum err store_sessions_expire(struct db *db, const char *now,
			       const char *idle_before);

/* --- one-time tokens ------------------------------------------------- */
struct token_row {
	char *token_hash, *kind, *email, *role, *created_at, *expires_at,
		*used_at;
	int64_t account_id, org_id; /* 0 when absent */
};

enum err store_token_create(struct db *db, const struct token_row *t);
enum err store_token_get(struct db *db, struct arena *ar,
			 const char *token_hash, struct token_row *out);
/* Mark used; ERR_CONFLICT when it was used already (a race lost). */
enum err store_token_use(struct db *db, const char *token_hash,
			 const char *now);
enum err store_tokens_expire(struct db *db, const char *now);

/* --- invitations (store/invitation.c) ----------------------- */
/* A pending invitation: an "invite" token with who sent it.  account_id is
 * the invited account when the address had one (its link asks for
 * consent), else 0 (its link chooses a password).  invited_by is 0 for an
 * API key or an account that is gone; invited_by_label is "" when unknown
 * (invitations from before migration 008). */
struct invitation_row {
	int64_t id, org_id, account_id, invited_by;
	char *email, *role, *invited_by_label, *created_at, *expires_at;
};

/* Record who sent the token token_hash (made in the same transaction). */
enum err store_invitation_create(struct db *db, const char *token_hash,
				 int64_t invited_by, const char *label,
				 int64_t *id);
/* Pending at now: unused and unexpired.  Oldest first. */
enum err store_invitations_pending(struct db *db, struct arena *ar,
				   int64_t org_id, const char *now,
				   struct invitation_row **out, size_t *n);
/* The pending ones that invited_by sent for org_id. */
enum err store_invitations_pending_by(struct db *db, struct arena *ar,
				      int64_t org_id, int64_t invited_by,
				      const char *now,
				      struct invitation_row **out, size_t *n);
/* One pending invitation of org_id (ERR_NOT_FOUND: none such, or not
 * pending). */
enum err store_invitation_pending_get(struct db *db, struct arena *ar,
				      int64_t org_id, int64_t id,
				      const char *now, struct invitation_row *out);
/* The pending invitation of email (lower case) to org_id, if any. */
enum err store_invitation_pending_email(struct db *db, struct arena *ar,
					int64_t org_id, const char *email,
					const char *now,
					struct invitation_row *out);
/* The invitation of a token, pending or not. */
enum err store_invitation_by_token(struct db *db, struct arena *ar,
				   const char *token_hash,
				   struct invitation_row *out);
/* Delete its token, so the link stops working; ERR_NOT_FOUND when it was
 * no longer pending. */
enum err store_invitation_revoke(struct db *db, int64_t id, const char *now);

/* --- API keys -------------------------------------------------------- */
struct apikey_row {
	int64_t id, org_id;
	char *name, *prefix, *key_hash, *scopes, *created_at, *last_used_at,
		*revoked_at;
	char *municipality; /* the organisation's (store_apikey_by_prefix) */
};

enum err store_apikey_create(struct db *db, const struct apikey_row *k,
			     int64_t created_by, int64_t *id);
enum err store_apikey_by_prefix(struct db *db, struct arena *ar,
				const char *prefix, struct apikey_row *out);
enum err store_apikey_list(struct db *db, struct arena *ar, int64_t org_id,
			   struct apikey_row **out, size_t *n);
enum err store_apikey_revoke(struct db *db, int64_t org_id, int64_t id,
			     const char *now);
enum err store_apikey_touch(struct db *db, int64_t id, const char *now);

/* --- audit log ------------------------------------------------------- */
struct audit_entry {
	int64_t actor_account_id, actor_api_key_id; /* 0: none */
	const char *actor_label, *action, *entity, *entity_id;
	const char *detail; /* JSON object text, or NULL for {} */
};

struct audit_row {
	int64_t id;
	char *at, *actor_label, *action, *entity, *entity_id, *detail;
};

enum err store_audit_add(struct db *db, const struct audit_entry *e);
/* Newest first; entity may be NULL for all. */
enum err store_audit_list(struct db *db, struct arena *ar, const char *entity,
			  const char *entity_id, int64_t before_id, int limit,
			  struct audit_row **out, size_t *n);

#endif
