/* kwestie_json: the readers of the kwestie bodies of the JSON API (what
 * web/kwestie_api.c maps into the use cases' input), free of the request
 * so that tests/fuzz/fuzz_kwestie.c runs them as the server does.  Every
 * string is copied into ar; a wrong type, a NUL inside a string, a list
 * that is too long or an element of the wrong shape is a field error
 * naming the field, never a crash or a silent default. */
#ifndef WA_WEB_KWESTIE_JSON_H
#define WA_WEB_KWESTIE_JSON_H
#include <jansson.h>
#include <stdbool.h>

#include "app/kwestie.h"
#include "base/arena.h"
#include "domain/fields.h"
#include "domain/kwestie.h"
#include "web/json_fields.h"

/* The fields each body may have (web_json_body refuses others). */
extern const char *const kwestie_create_fields[11];
extern const char *const kwestie_patch_fields[14];

/* "chain": [{"organisation": id, "role": "..."}]; false when absent.  An
 * unknown role is kept as -1 for the rule's message. */
bool kwestie_json_chain(struct arena *ar, json_t *root, struct kw_link **out,
			size_t *n, struct field_errors *errs);
/* The body of a new kwestie (create, split). */
void kwestie_json_input(struct arena *ar, json_t *root,
			struct kwestie_input *in, struct field_errors *errs);
/* The body of a change (PATCH); *version 0 when absent. */
void kwestie_json_change(struct arena *ar, json_t *root, struct kw_change *ch,
			 int64_t *version, struct field_errors *errs);

#endif
