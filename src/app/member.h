/* member: the use cases of an organisation's members and invitations
 * (app/member.c): invite, change a role, remove, revoke an invitation,
 * and an existing account's answer to one.  No HTTP: the caller maps the
 * outcome to a status and a page or JSON.
 *
 * Inviting: one transaction holds the token (only its hash), the
 * invitations row with who sent it, the mail (outbox) and the audit
 * entry.  An address without an account gets a link to choose a password;
 * an address with one gets a link to the consent page, and joins only
 * when it accepts there.  Whoever invites learns nothing of which it was:
 * the answer, the list and the audit entry look the same.
 *
 * Revoking deletes the token, so the link answers as an expired one.  A
 * coordinator who is demoted or removed takes the invitations they sent
 * for that organisation along, in the same transaction. */
#ifndef WA_APP_MEMBER_H
#define WA_APP_MEMBER_H
#include <stdbool.h>
#include <stdint.h>

#include "app/actor.h"
#include "base/arena.h"
#include "base/err.h"
#include "store/accounts.h"

struct app;
struct db;

/* What a change to the members came to. */
struct member_outcome {
	/* ERR_OK; ERR_INVALID (field); ERR_CONFLICT (field: a member or an
	 * invitation already, or NULL: the last coordinator); ERR_NOT_FOUND
	 * (no such member or pending invitation); or the database's error */
	enum err err;
	const char *field;
	const char *msgid;   /* Dutch: what happened, or why not */
	bool unchanged;	     /* nothing to change: the role was already so */
	int64_t invitation_id; /* of a new invitation */
};

enum err member_invite(const struct app *app, struct db *db, struct arena *ar,
		       const struct actor *who, const struct org_row *org,
		       const char *email, const char *role,
		       struct member_outcome *out);
enum err member_set_role(const struct app *app, struct db *db, struct arena *ar,
			 const struct actor *who, const struct org_row *org,
			 int64_t account_id, const char *role,
			 struct member_outcome *out);
enum err member_remove(const struct app *app, struct db *db, struct arena *ar,
		       const struct actor *who, const struct org_row *org,
		       int64_t account_id, struct member_outcome *out);
/* Revoke a pending invitation of the organisation (ERR_NOT_FOUND when it
 * is not, or no longer, pending). */
enum err invitation_revoke(struct db *db, struct arena *ar,
			   const struct actor *who, int64_t org_id,
			   int64_t invitation_id, struct member_outcome *out);
/* An existing account's answer to its invitation t (hash: the token's):
 * the token is used, the membership made when accepted, the answer
 * audited, in one transaction. */
enum err invitation_answer(struct db *db, struct arena *ar,
			   const struct actor *who, const char *hash,
			   const struct token_row *t, bool accept);

#endif
