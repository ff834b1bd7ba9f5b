/* service: the rules of a service on the social map, as its owner types
 * it.  Pure: the areas and terms it names are looked up by the use case
 * (app/service.c); messages are Dutch msgids.
 *
 *   name              2..200 characters, one line (required)
 *   description, eligibility, application, opening_hours
 *                     up to 4000 / 1000 / 1000 / 1000 characters, lines
 *   fees, norm_text   up to 500 characters, lines
 *   address           up to 200, one line;  city up to 100, one line
 *   cost              gratis | eigen bijdrage | betaald, or none
 *   status            active | temporarily closed | inactive | defunct
 *                     (active when none)
 *   languages         codes of 2 or 3 letters, separated by spaces, commas
 *                     or semicolons, at most SERVICE_MAX_LANGS ("nl" when
 *                     none); stored lower-case, space-separated
 *   phone             domain/phone.h;  email domain/email.h
 *   url               an absolute http(s) address of at most 500 bytes
 *                     that may go into a link
 *   postal_code       a Dutch postcode, stored as "1234 AB"
 *   norm_days         the working days a resident may expect to wait,
 *                     0..365, or none (-1) */
#ifndef WA_DOMAIN_SERVICE_H
#define WA_DOMAIN_SERVICE_H
#include <stddef.h>

#include "base/arena.h"
#include "domain/fields.h"

#define SERVICE_MAX_AREAS 60
#define SERVICE_MAX_TERMS 40
#define SERVICE_MAX_LANGS 20

/* As typed (NULL or "" for empty). */
struct service_input {
	const char *name, *description, *eligibility, *application,
		*opening_hours, *cost, *fees, *languages, *phone, *email, *url,
		*address, *postal_code, *city, *norm_days, *norm_text, *status;
};

/* Validated and normalised (NULL when empty; copies in the arena). */
struct service_fields {
	const char *name, *description, *eligibility, *application,
		*opening_hours, *cost, *fees, *languages, *phone, *email, *url,
		*address, *postal_code, *city, *norm_text, *status;
	int norm_days; /* -1: none */
};

/* Check and normalise every field; at most one error per field.  Returns
 * the number of errors. */
size_t service_validate(struct arena *ar, const struct service_input *in,
			struct service_fields *out, struct field_errors *errs);
/* "1234AB" or "1234 ab" -> "1234 AB"; NULL when it is not a Dutch
 * postcode (four digits, not starting with 0, and two letters). */
const char *postcode_normalise(struct arena *ar, const char *s);

#endif
