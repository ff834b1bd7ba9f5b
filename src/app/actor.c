/* actor: see actor.h. */
#include "actor.h"

#include <string.h>

const struct actor actor_nobody = {ACTOR_NOBODY, 0, 0, 0, NULL, "anonymous",
				   false, NULL, 0};
const struct actor actor_system = {ACTOR_SYSTEM, 0, 0, 0, NULL, "system",
				   false, NULL, 0};
const struct actor actor_cli = {ACTOR_CLI, 0, 0, 0, NULL, "command line",
				true, NULL, 0};

enum authz_rel actor_rel_org(const struct actor *a, int64_t org_id)
{
	if (a->kind == ACTOR_KEY)
		return a->key_org == org_id ? AZR_COORDINATOR : AZR_NONE;
	for (size_t i = 0; i < a->nmemberships; i++)
		if (a->memberships[i].org_id == org_id)
			return strcmp(a->memberships[i].role, "coordinator") == 0
				       ? AZR_COORDINATOR
				       : AZR_MEDEWERKER;
	return AZR_NONE;
}

enum authz_rel actor_rel_any(const struct actor *a)
{
	enum authz_rel best = AZR_NONE;

	if (a->kind == ACTOR_KEY)
		return AZR_MEDEWERKER;
	for (size_t i = 0; i < a->nmemberships; i++) {
		enum authz_rel r = actor_rel_org(a, a->memberships[i].org_id);

		if (r > best)
			best = r;
	}
	return best;
}

bool actor_may(const struct actor *a, enum authz_action action, int64_t org_id)
{
	return authz_allows(action, a->is_admin, actor_rel_org(a, org_id));
}
