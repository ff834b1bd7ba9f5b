/* json_fields: the typed fields of a JSON request body, one rule for
 * every handler: a wrong type or a NUL inside a string is a field error
 * naming the field (never a silent default), absent and null are the
 * same.  Free of the request (arena and object in), so that the fuzz
 * targets run them as the server does. */
#ifndef WA_WEB_JSON_FIELDS_H
#define WA_WEB_JSON_FIELDS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "domain/fields.h"

/* A string, copied into ar; NULL when absent or null (or wrong). */
const char *json_field_text(struct arena *ar, json_t *root, const char *key,
			    struct field_errors *errs);
/* A positive whole number; *present false when absent or null. */
int64_t json_field_id(json_t *root, const char *key, bool *present,
		      struct field_errors *errs);

/* true or false; absent and null are false. */
bool json_field_bool(json_t *root, const char *key, struct field_errors *errs);

#endif
