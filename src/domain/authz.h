/* authz: who may do what, in one table.  Pure: the web layer works out the
 * principal's relation to the record (its role in the organisation the
 * record belongs to) and asks authz_allows(); the router applies it to
 * every route, and a test walks the whole matrix.
 *
 * Roles: medewerker (works on its organisation's records), coordinator
 * (also manages its organisation's members and keys), beheerder (admin,
 * platform-wide; sees no resident contact data unless also a member of an
 * involved organisation — privacy before convenience). */
#ifndef WA_DOMAIN_AUTHZ_H
#define WA_DOMAIN_AUTHZ_H
#include <stdbool.h>

enum authz_action {
	AZ_PUBLIC,	      /* anyone, no account */
	AZ_RESIDENT,	      /* a resident signed in by magic link */
	AZ_PROFESSIONAL,      /* any signed-in professional */
	AZ_ORG_LIST,	      /* see every organisation in beheer */
	AZ_ORG_CREATE,
	AZ_ORG_UPDATE,	      /* name, kind, KvK, areas */
	AZ_ORG_DELETE,
	AZ_MEMBER_LIST,
	AZ_MEMBER_INVITE,
	AZ_MEMBER_UPDATE,     /* change a member's role */
	AZ_MEMBER_REMOVE,
	AZ_APIKEY_MANAGE,
	AZ_AUDIT_READ,
	AZ_SIGNAL_WORK,	      /* a signal of an involved organisation */
	AZ_SIGNAL_CONTACT,    /* the resident's contact data (logged) */
	AZ_ADMIN,	      /* the beheerder's platform tasks that belong to
			       * no record: the partner inventory, the
			       * social map's bulk import, routing rules */
	AZ_KWESTIE_MANAGE,    /* triage, and a kwestie of an organisation in
			       * its chain or working on one of its signals */
	AZ_ACTIONS
};

/* The principal's relation to the record: its role in the record's
 * organisation (for signals: the best role in any involved one). */
enum authz_rel { AZR_NONE, AZR_MEDEWERKER, AZR_COORDINATOR };

struct authz_rule {
	enum authz_action action;
	const char *name;      /* for logs, audit and the matrix test */
	bool admin;	       /* the beheerder may, whatever the relation */
	enum authz_rel min_rel; /* members with at least this role may;
				 * AZR_NONE: nobody by relation */
	bool needs_account;    /* false only for public and resident */
	bool key;	       /* an API key with this scope may; false where
				* a person must act and answer for it (reading
				* a resident's contact data, making keys) */
};

extern const struct authz_rule authz_rules[AZ_ACTIONS];

bool authz_allows(enum authz_action a, bool is_admin, enum authz_rel rel);
/* May an API key act for this action at all (given its scope)? */
bool authz_key_may(enum authz_action a);
const char *authz_name(enum authz_action a);

#endif
