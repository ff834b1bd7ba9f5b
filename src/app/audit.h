/* audit: one row of the append-only audit log, written by a use case in
 * its own transaction (the change and its record commit together or not
 * at all).  The detail is a JSON object built with jansson, never with
 * printf. */
#ifndef WA_APP_AUDIT_H
#define WA_APP_AUDIT_H
#include <jansson.h>
#include <stdint.h>

#include "app/actor.h"
#include "base/err.h"
#include "store/db.h"

/* detail (may be NULL) is consumed.  entity_id is a number here; for a
 * code use app_audit_code. */
enum err app_audit(struct db *db, const struct actor *who, const char *action,
		   const char *entity, int64_t entity_id, json_t *detail);
enum err app_audit_code(struct db *db, const struct actor *who,
			const char *action, const char *entity,
			const char *entity_id, json_t *detail);

#endif
