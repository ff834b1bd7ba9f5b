/* plain: the plain-language check before a text reaches residents
 * (docs/plain-language.md).  A text below the target (Flesch-Douma 60,
 * about B1; text/readability.h) is refused with a field error unless the
 * writer confirmed it, after seeing the score: the forms show the score
 * beside the text and ask for that confirmation (confirm_plain), the
 * JSON interface takes "confirm_plain": true.  Texts under 40 words get
 * an indicative score and are never refused. */
#ifndef WA_APP_PLAIN_H
#define WA_APP_PLAIN_H
#include <stdbool.h>

#include "base/arena.h"
#include "domain/fields.h"

/* The msgid of the refusal (a view looks for it to show the score and
 * the confirmation). */
extern const char *const plain_refusal;

/* true when text (NULL: nothing to check) may be published: easy enough,
 * or confirmed; else errs gets field with plain_refusal. */
bool plain_check(struct arena *ar, const char *field, const char *text,
		 bool confirmed, struct field_errors *errs);

#endif
