/* form: application/x-www-form-urlencoded bodies and query strings.
 *
 * Limits (FORM_MAX_FIELDS fields, FORM_MAX_KEY bytes per name) are hard:
 * past them the parser fails with ERR_TOO_LARGE / ERR_INVALID and a message.
 * Bad percent-escapes are ERR_INVALID.  Decoded values may contain any byte
 * except NUL (a %00 is rejected): UTF-8 and control characters are checked
 * per field by the validators, which know what each field may hold.
 * Everything lives in the arena. */
#ifndef WA_FORM_H
#define WA_FORM_H
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

#define FORM_MAX_FIELDS 64
#define FORM_MAX_KEY 64

struct kv {
	const char *key;
	const char *value;
};

struct form {
	struct kv *fields;
	size_t n;
};

enum err form_parse(struct arena *a, const char *s, size_t len, struct form *out,
		    const char **msg);
/* First value for key, or NULL. */
const char *form_get(const struct form *f, const char *key);
/* How many times key occurs. */
size_t form_count(const struct form *f, const char *key);
/* Percent-decode (and '+' to space when plus is set) into the arena.
 * Returns NULL on a bad escape or an encoded NUL. */
char *form_decode(struct arena *a, const char *s, size_t len, int plus);

#endif
