/* audit: see audit.h. */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/accounts.h"

enum err app_audit_code(struct db *db, const struct actor *who,
			const char *action, const char *entity,
			const char *entity_id, json_t *detail)
{
	struct audit_entry a;
	char *text = NULL;
	enum err e;

	if (detail) {
		text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(detail);
		if (!text)
			return ERR_INTERNAL;
	}
	memset(&a, 0, sizeof(a));
	a.actor_account_id = who->kind == ACTOR_ACCOUNT ? who->account_id : 0;
	a.actor_api_key_id = who->kind == ACTOR_KEY ? who->key_id : 0;
	a.actor_label = who->label;
	a.action = action;
	a.entity = entity;
	a.entity_id = entity_id;
	a.detail = text;
	e = store_audit_add(db, &a);
	free(text);
	return e;
}

enum err app_audit(struct db *db, const struct actor *who, const char *action,
		   const char *entity, int64_t entity_id, json_t *detail)
{
	char id[24];

	snprintf(id, sizeof(id), "%lld", (long long)entity_id);
	return app_audit_code(db, who, action, entity, id, detail);
}
