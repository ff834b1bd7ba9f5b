/* actor: who acts in a use case, with nothing of HTTP in it.  The web
 * layer makes one from the request's principal (web/auth.c auth_actor);
 * the command line and periodic jobs make their own (actor_system,
 * actor_cli).  Use cases read the actor for what they may do (through
 * domain/authz) and for the audit log (app/audit.h). */
#ifndef WA_APP_ACTOR_H
#define WA_APP_ACTOR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "store/accounts.h"

enum actor_kind {
	ACTOR_NOBODY,	/* anonymous: a resident reporting, a visitor */
	ACTOR_ACCOUNT,	/* a professional signed in */
	ACTOR_RESIDENT, /* a resident signed in by a mailed link */
	ACTOR_KEY,	/* an organisation's API key */
	ACTOR_SYSTEM,	/* a periodic job */
	ACTOR_CLI,	/* the command line */
};

struct actor {
	enum actor_kind kind;
	int64_t account_id;	  /* ACTOR_ACCOUNT */
	int64_t key_id, key_org;  /* ACTOR_KEY */
	const char *email;	  /* ACTOR_ACCOUNT, ACTOR_RESIDENT */
	const char *label;	  /* in the audit log: an e-mail address,
				   * a key's prefix, "system", "command line" */
	bool is_admin;		  /* the beheerder */
	const struct membership_row *memberships;
	size_t nmemberships;
};

extern const struct actor actor_nobody, actor_system, actor_cli;

/* The actor's role in an organisation: a key acts for its own with a
 * coordinator's reach (its scopes, checked by the router, are the real
 * limit); an account by its membership. */
enum authz_rel actor_rel_org(const struct actor *a, int64_t org_id);
/* The best role in any organisation. */
enum authz_rel actor_rel_any(const struct actor *a);
/* authz_allows for this actor and organisation (0: none). */
bool actor_may(const struct actor *a, enum authz_action action, int64_t org_id);

#endif
