/* member: see member.h. */
#include "member.h"

#include <string.h>

#include "i18n/i18n.h"

static bool is_coordinator(const char *role)
{
	return role && strcmp(role, "coordinator") == 0;
}

bool member_role_valid(const char *role)
{
	return role && (strcmp(role, "medewerker") == 0 || is_coordinator(role));
}

const char *member_role_label(const char *role)
{
	return is_coordinator(role) ? N_("coördinator") : N_("medewerker");
}

bool member_leaves_no_coordinator(const char *now, const char *after,
				  size_t coordinators, bool by_beheerder)
{
	return !by_beheerder && is_coordinator(now) && !is_coordinator(after) &&
	       coordinators <= 1;
}
