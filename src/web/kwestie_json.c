/* kwestie_json: see kwestie_json.h. */
#include "kwestie_json.h"

#include <string.h>

#include "i18n/i18n.h"
#include "web/json_fields.h"

const char *const kwestie_create_fields[11] = {
	"title", "description", "area", "theme", "level", "level_reason",
	"status", "urgency", "signals", "chain", "confirm_plain"};

const char *const kwestie_patch_fields[14] = {
	"version", "title", "description", "status", "outcome", "level",
	"level_reason", "park_until", "park_reason", "forwarded_to",
	"duplicate_of", "urgency", "message", "confirm_plain"};

/* "signals": [id, ...] */
static void signals_of(struct arena *ar, json_t *root, struct kwestie_input *in,
		       struct field_errors *errs)
{
	json_t *a = json_object_get(root, "signals"), *v;
	int64_t *ids;
	size_t i;

	if (!a || json_is_null(a))
		return;
	if (!json_is_array(a) || json_array_size(a) > KW_SIGNALS_MAX) {
		field_errors_add(errs, "signals",
				 N_("moet een lijst van hoogstens 100 meldingnummers zijn"));
		return;
	}
	ids = arena_alloc(ar, (json_array_size(a) + 1) * sizeof(*ids));
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			field_errors_add(errs, "signals",
					 N_("moet een lijst van meldingnummers zijn"));
			return;
		}
		ids[i] = (int64_t)json_integer_value(v);
	}
	in->signals = ids;
	in->nsignals = json_array_size(a);
}

bool kwestie_json_chain(struct arena *ar, json_t *root, struct kw_link **out,
			size_t *n, struct field_errors *errs)
{
	json_t *a = json_object_get(root, "chain"), *v;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!a || json_is_null(a))
		return false;
	if (!json_is_array(a) || json_array_size(a) > KW_CHAIN_MAX) {
		field_errors_add(errs, "chain",
				 N_("moet een lijst van hoogstens 30 schakels zijn"));
		return true;
	}
	*out = arena_alloc(ar, (json_array_size(a) + 1) * sizeof(**out));
	json_array_foreach(a, i, v) {
		json_t *o = json_object_get(v, "organisation");
		json_t *r = json_object_get(v, "role");

		if (!json_is_object(v) || json_object_size(v) != 2 ||
		    !json_is_integer(o) || json_integer_value(o) <= 0 ||
		    !json_is_string(r)) {
			field_errors_add(errs, "chain",
					 N_("elke schakel is een object met organisation "
					    "(een nummer) en role (een tekst)"));
			*out = NULL;
			return true;
		}
		(*out)[i].organisation = (int64_t)json_integer_value(o);
		(*out)[i].role = kw_role_parse(json_string_value(r));
	}
	*n = json_array_size(a);
	return true;
}

/* "urgency": a whole number (its range is the rule's). */
static void urgency_of(json_t *root, bool *has, int64_t *out,
		       struct field_errors *errs)
{
	json_t *u = json_object_get(root, "urgency");

	*has = u && !json_is_null(u);
	if (!*has)
		return;
	if (!json_is_integer(u)) {
		field_errors_add(errs, "urgency", N_("heeft het verkeerde type"));
		*out = -1;
		return;
	}
	*out = (int64_t)json_integer_value(u);
}

void kwestie_json_input(struct arena *ar, json_t *root,
			struct kwestie_input *in, struct field_errors *errs)
{
	struct kw_link *chain;

	memset(in, 0, sizeof(*in));
	in->title = json_field_text(ar, root, "title", errs);
	in->description = json_field_text(ar, root, "description", errs);
	in->area = json_field_text(ar, root, "area", errs);
	in->theme = json_field_text(ar, root, "theme", errs);
	in->level = json_field_text(ar, root, "level", errs);
	in->level_reason = json_field_text(ar, root, "level_reason", errs);
	in->status = json_field_text(ar, root, "status", errs);
	urgency_of(root, &in->has_urgency, &in->urgency, errs);
	signals_of(ar, root, in, errs);
	kwestie_json_chain(ar, root, &chain, &in->nchain, errs);
	in->chain = chain;
	in->plain_confirmed = json_field_bool(root, "confirm_plain", errs);
}

void kwestie_json_change(struct arena *ar, json_t *root, struct kw_change *ch,
			 int64_t *version, struct field_errors *errs)
{
	bool present;

	memset(ch, 0, sizeof(*ch));
	*version = json_field_id(root, "version", &present, errs);
	if (!present)
		field_errors_add(errs, "version", N_("Stuur de versie mee die u las."));
	ch->title = json_field_text(ar, root, "title", errs);
	ch->description = json_field_text(ar, root, "description", errs);
	ch->status = json_field_text(ar, root, "status", errs);
	ch->outcome = json_field_text(ar, root, "outcome", errs);
	ch->level = json_field_text(ar, root, "level", errs);
	ch->level_reason = json_field_text(ar, root, "level_reason", errs);
	ch->park_until = json_field_text(ar, root, "park_until", errs);
	ch->park_reason = json_field_text(ar, root, "park_reason", errs);
	ch->forwarded_to = json_field_text(ar, root, "forwarded_to", errs);
	ch->duplicate_of = json_field_id(root, "duplicate_of",
					   &ch->has_duplicate_of, errs);
	urgency_of(root, &ch->has_urgency, &ch->urgency, errs);
	ch->message = json_field_text(ar, root, "message", errs);
	ch->plain_confirmed = json_field_bool(root, "confirm_plain", errs);
}
