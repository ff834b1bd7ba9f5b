/* signal: see signal.h. */
#include "signal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "domain/email.h"
#include "domain/notify.h"
#include "domain/phone.h"
#include "i18n/i18n.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

const char *const signal_kinds[3] = {"melding", "vraag", "idee"};
const char *const signal_age_bands[6] = {"0-17",  "18-29", "30-44",
					 "45-64", "65-79", "80+"};

static bool in_list(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return true;
	return false;
}

/* Codes (kind, age band, buurt, category) come from lists and must match
 * exactly; only blank means absent. */
static const char *blank_to_null(const char *s)
{
	if (!s)
		return NULL;
	for (const char *p = s; *p; p++)
		if (!isspace((unsigned char)*p))
			return s;
	return NULL;
}

/* Typed values (e-mail, phone, coordinates) without surrounding white space; NULL when absent or
 * blank.  Trimming needs a copy: the input may be a string constant. */
static const char *trimmed(struct arena *a, const char *s)
{
	size_t n;

	if (!s)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return n ? arena_strndup(a, s, n) : NULL;
}

static void validate_point(struct signal_input *in, struct field_errors *errs)
{
	bool has_lat = in->lat != NULL, has_lon = in->lon != NULL;

	if (has_lat != has_lon) {
		field_errors_add(errs, has_lat ? "lon" : "lat",
				  N_("geef zowel breedte- als lengtegraad op"));
		return;
	}
	if (!has_lat)
		return;
	if (!parse_decimal(in->lat, &in->lat_v) || in->lat_v < -90 ||
	    in->lat_v > 90)
		field_errors_add(errs, "lat",
				  N_("moet een getal tussen -90 en 90 zijn"));
	else if (!parse_decimal(in->lon, &in->lon_v) || in->lon_v < -180 ||
		 in->lon_v > 180)
		field_errors_add(errs, "lon",
				  N_("moet een getal tussen -180 en 180 zijn"));
	else
		in->has_point = true;
}

static void validate_optional(struct arena *a, struct signal_input *in,
			      struct field_errors *errs)
{
	const char *email = trimmed(a, in->email);

	in->email = email ? email_normalise(a, email) : NULL;
	in->phone = trimmed(a, in->phone);
	in->age_band = blank_to_null(in->age_band);
	in->category = blank_to_null(in->category);
	in->buurt = blank_to_null(in->buurt);
	if (email && !in->email)
		field_errors_add(errs, "email",
				  N_("is geen geldig e-mailadres"));
	if (in->phone && !phone_valid(in->phone))
		field_errors_add(errs, "phone",
				  N_("is geen geldig telefoonnummer"));
	if (in->age_band &&
	    !in_list(in->age_band, signal_age_bands, ARRAY_LEN(signal_age_bands)))
		field_errors_add(errs, "age_band", N_("is geen bekende leeftijdsgroep"));
	if (in->category && strlen(in->category) > 128)
		field_errors_add(errs, "category", N_("is te lang"));
	/* How often the reporter hears of it (domain/notify.h): only with
	 * an address, direct unless chosen. */
	in->notify = blank_to_null(in->notify);
	if (in->notify && !notify_frequency_valid(in->notify))
		field_errors_add(errs, "notify",
				  N_("moet direct, daily, weekly of none zijn"));
	else if (in->email && !in->notify)
		in->notify = "direct";
	if (in->buurt && strlen(in->buurt) > 32)
		field_errors_add(errs, "buurt", N_("is geen bekende buurt"));
}

size_t signal_validate(struct arena *a, struct signal_input *in,
		       struct field_errors *errs)
{
	const char *msg;

	in->has_point = false;
	in->lat = trimmed(a, in->lat);
	in->lon = trimmed(a, in->lon);
	in->kind = blank_to_null(in->kind);
	if (!in->kind)
		in->kind = "melding";
	else if (!in_list(in->kind, signal_kinds, ARRAY_LEN(signal_kinds)))
		field_errors_add(errs, "kind",
				  N_("moet melding, vraag of idee zijn"));
	msg = text_check(a, in->text ? in->text : "", SIGNAL_TEXT_MIN,
			 SIGNAL_TEXT_MAX, true, &in->text);
	if (msg)
		field_errors_add(errs, "text", msg);
	validate_point(in, errs);
	validate_optional(a, in, errs);
	if (!in->has_point && !in->buurt && !in->lat && !in->lon)
		field_errors_add(errs, "buurt",
				  N_("kies een buurt of een punt op de kaart"));
	return errs->n;
}
