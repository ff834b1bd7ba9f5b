/* fields: what is wrong with a form's or a body's fields, and the rules
 * every free-text and number field shares.  Pure: messages are Dutch
 * msgids (N_()) that the web layer translates. */
#ifndef WA_DOMAIN_FIELDS_H
#define WA_DOMAIN_FIELDS_H
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

#define FIELD_MAX_ERRORS 12

/* One field that is not right: its name and a Dutch msgid. */
struct invalid_field {
	const char *field;
	const char *msgid; /* Dutch, untranslated */
};

struct field_errors {
	struct invalid_field e[FIELD_MAX_ERRORS];
	size_t n;
};

/* Add one (past FIELD_MAX_ERRORS the rest is dropped). */
void field_errors_add(struct field_errors *errs, const char *field,
		      const char *msgid);
/* Add one unless the field has one already: a form shows one message a
 * field, the first found. */
void field_errors_add_first(struct field_errors *errs, const char *field,
			    const char *msgid);

/* Text rules shared with other free-text fields: returns NULL when ok,
 * else a msgid.  *out gets the trimmed NFC copy. */
const char *text_check(struct arena *a, const char *s, size_t min_chars,
		       size_t max_chars, bool multiline, const char **out);
/* Strict decimal number parser: optional sign, digits, optional fraction;
 * no exponents, hex, inf or nan; at most 32 bytes. */
bool parse_decimal(const char *s, double *out);

#endif
