/* fuzz_form: form_parse (http/form.c) on arbitrary bytes, as a request body
 * or query string arrives: not NUL-terminated, any byte, any length.
 *
 * Properties checked beyond "no crash, no sanitizer report":
 *   - ERR_OK gives at most FORM_MAX_FIELDS fields, each with a non-empty
 *     name of at most FORM_MAX_KEY bytes, no NUL inside a name or value
 *     (the decoded lengths fit in the input), and form_get/form_count find
 *     every name;
 *   - a failure always comes with a message;
 *   - form_decode never grows its input. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "http/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_form(const struct form *f, size_t size)
{
	assert(f->n <= FORM_MAX_FIELDS);
	for (size_t i = 0; i < f->n; i++) {
		const char *k = f->fields[i].key, *v = f->fields[i].value;

		assert(k && v);
		assert(k[0] != '\0');
		assert(strlen(k) <= FORM_MAX_KEY);
		assert(strlen(k) + strlen(v) <= size);
		assert(form_get(f, k) != NULL);
		assert(form_count(f, k) >= 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct form f;
	const char *msg = NULL;
	enum err e;
	char *copy = malloc(size ? size : 1);

	/* an exact-size heap copy: any read past size is an ASan report */
	memcpy(copy, data, size);
	arena_init(&a);
	e = form_parse(&a, copy, size, &f, &msg);
	if (e == ERR_OK) {
		assert(msg == NULL);
		check_form(&f, size);
	} else {
		assert(e == ERR_INVALID || e == ERR_TOO_LARGE);
		assert(msg != NULL);
	}
	for (int plus = 0; plus <= 1; plus++) {
		char *d = form_decode(&a, copy, size, plus);

		if (d)
			assert(strlen(d) <= size);
	}
	arena_clear(&a);
	free(copy);
	return 0;
}
