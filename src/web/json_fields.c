/* json_fields: see json_fields.h. */
#include "json_fields.h"

#include <string.h>

#include "i18n/i18n.h"

const char *json_field_text(struct arena *ar, json_t *root, const char *key,
			    struct field_errors *errs)
{
	json_t *v = json_object_get(root, key);
	const char *s;

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		field_errors_add(errs, key, N_("heeft het verkeerde type"));
		return NULL;
	}
	s = arena_strndup(ar, json_string_value(v), json_string_length(v));
	/* A NUL inside would cut the text short unseen: refuse it. */
	if (strlen(s) != json_string_length(v)) {
		field_errors_add(errs, key, N_("bevat ongeldige tekens"));
		return NULL;
	}
	return s;
}

int64_t json_field_id(json_t *root, const char *key, bool *present,
		      struct field_errors *errs)
{
	json_t *v = json_object_get(root, key);

	*present = v && !json_is_null(v);
	if (!*present)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		field_errors_add(errs, key, N_("moet een positief geheel getal zijn"));
		return 0;
	}
	return (int64_t)json_integer_value(v);
}

bool json_field_bool(json_t *root, const char *key, struct field_errors *errs)
{
	json_t *v = json_object_get(root, key);

	if (!v || json_is_null(v))
		return false;
	if (!json_is_boolean(v)) {
		field_errors_add(errs, key, N_("heeft het verkeerde type"));
		return false;
	}
	return json_is_true(v);
}
