/* member: the rules of membership.  Pure.
 *
 * A member of an organisation is a medewerker or a coordinator.  An
 * organisation keeps at least one coordinator: nobody but the beheerder
 * may demote or remove the last one (the beheerder may, when an
 * organisation is wound down or its coordinator leaves). */
#ifndef WA_DOMAIN_MEMBER_H
#define WA_DOMAIN_MEMBER_H
#include <stdbool.h>
#include <stddef.h>

#define MEMBER_INVITE_VALID_S (7 * 86400) /* an invitation works 7 days */

bool member_role_valid(const char *role);
/* The Dutch word for a role (a msgid, N_()): "coördinator", and
 * "medewerker" for any other (a stored role is one of the two). */
const char *member_role_label(const char *role);
/* Would changing a member with role now into role after (NULL: removed)
 * leave the organisation, which has coordinators coordinators now,
 * without one, by the hand of someone who is not the beheerder? */
bool member_leaves_no_coordinator(const char *now, const char *after,
				  size_t coordinators, bool by_beheerder);

#endif
