/* authz: the table.  Read it as: action, may the beheerder, which members
 * of the record's organisation may, does it need an account (or key), may
 * an API key with the action as its scope. */
#include "authz.h"

#include <stddef.h>

const struct authz_rule authz_rules[AZ_ACTIONS] = {
	{AZ_PUBLIC, "public", true, AZR_NONE, false, false},
	{AZ_RESIDENT, "resident", false, AZR_NONE, false, false},
	{AZ_PROFESSIONAL, "professional", true, AZR_MEDEWERKER, true, true},
	{AZ_ORG_LIST, "organisation.list", true, AZR_NONE, true, true},
	{AZ_ORG_CREATE, "organisation.create", true, AZR_NONE, true, true},
	{AZ_ORG_UPDATE, "organisation.update", true, AZR_COORDINATOR, true, true},
	{AZ_ORG_DELETE, "organisation.delete", true, AZR_NONE, true, true},
	{AZ_MEMBER_LIST, "member.list", true, AZR_MEDEWERKER, true, true},
	{AZ_MEMBER_INVITE, "member.invite", true, AZR_COORDINATOR, true, true},
	{AZ_MEMBER_UPDATE, "member.update", true, AZR_COORDINATOR, true, true},
	{AZ_MEMBER_REMOVE, "member.remove", true, AZR_COORDINATOR, true, true},
	{AZ_APIKEY_MANAGE, "apikey.manage", true, AZR_COORDINATOR, true, false},
	{AZ_AUDIT_READ, "audit.read", true, AZR_NONE, true, true},
	{AZ_SIGNAL_WORK, "signal.work", false, AZR_MEDEWERKER, true, true},
	{AZ_SIGNAL_CONTACT, "signal.contact", false, AZR_MEDEWERKER, true, false},
	{AZ_ADMIN, "admin", true, AZR_NONE, true, false},
	{AZ_KWESTIE_MANAGE, "kwestie.manage", false, AZR_MEDEWERKER, true, true},
};

bool authz_allows(enum authz_action a, bool is_admin, enum authz_rel rel)
{
	const struct authz_rule *r;

	if ((unsigned)a >= AZ_ACTIONS)
		return false;
	r = &authz_rules[a];
	if (!r->needs_account)
		return true; /* the route checks the resident session itself */
	if (is_admin && r->admin)
		return true;
	return r->min_rel != AZR_NONE && rel >= r->min_rel;
}

bool authz_key_may(enum authz_action a)
{
	return (unsigned)a < AZ_ACTIONS && authz_rules[a].key;
}

const char *authz_name(enum authz_action a)
{
	return (unsigned)a < AZ_ACTIONS ? authz_rules[a].name : "unknown";
}
