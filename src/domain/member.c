/* member: see member.h. */
#include "member.h"

#include <string.h>

static bool is_coordinator(const char *role)
{
	return role && strcmp(role, "coordinator") == 0;
}

bool member_role_valid(const char *role)
{
	return role && (strcmp(role, "medewerker") == 0 || is_coordinator(role));
}

bool member_leaves_no_coordinator(const char *now, const char *after,
				  size_t coordinators, bool by_beheerder)
{
	return !by_beheerder && is_coordinator(now) && !is_coordinator(after) &&
	       coordinators <= 1;
}
