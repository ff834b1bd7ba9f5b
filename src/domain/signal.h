/* signal: what a resident reports, and the rules it must meet before it is
 * stored.  Pure: no SQL, no HTTP; messages are Dutch msgids (N_()) that the
 * web layer translates.
 *
 * Limits (documented in docs/intake.md):
 *   text        5..2000 characters (Unicode code points) after trimming;
 *               valid UTF-8, NFC-normalised, no control characters other
 *               than newline and tab
 *   kind        melding | vraag | idee (default melding)
 *   lat, lon    decimal degrees, -90..90 / -180..180, both or neither
 *   buurt       an area code (checked against the areas by the caller)
 *   email       optional, at most 254 bytes, local@domain.tld
 *   phone       optional, 6..15 digits with + ( ) - . and spaces
 *   age_band    optional, one of SIGNAL_AGE_BANDS
 *   category    optional category code (checked by the caller)
 *   notify      optional: direct | daily | weekly | none, how often the
 *               reporter hears of it by mail (default direct when an
 *               address is given; ignored without one)
 * A place is required: lat/lon or buurt. */
#ifndef WA_DOMAIN_SIGNAL_H
#define WA_DOMAIN_SIGNAL_H
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "domain/fields.h"

#define SIGNAL_TEXT_MIN 5
#define SIGNAL_TEXT_MAX 2000
#define SIGNAL_EMAIL_MAX 254
#define SIGNAL_PHOTOS_MAX 3

extern const char *const signal_kinds[3];
extern const char *const signal_age_bands[6];

/* Raw input as strings (NULL = absent); validation normalises in place. */
struct signal_input {
	const char *kind, *text, *lat, *lon, *buurt, *email, *phone,
		*age_band, *category, *notify;
	/* Tokens of photos uploaded for it (app/photo.h checks them). */
	const char *photos[SIGNAL_PHOTOS_MAX];
	size_t nphotos;
	/* set by signal_validate */
	double lat_v, lon_v;
	bool has_point;
};

/* Check and normalise every field: the text becomes a trimmed NFC copy,
 * typed values (email, phone, lat, lon) are trimmed, codes from lists
 * (kind, age_band, buurt, category) must match exactly; blank optional
 * fields become NULL.  Copies live in the arena.
 * Returns the number of errors. */
size_t signal_validate(struct arena *a, struct signal_input *in,
		       struct field_errors *errs);

#endif
