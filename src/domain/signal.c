/* signal: see signal.h. */
#include "signal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "i18n/i18n.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

const char *const signal_kinds[3] = {"melding", "vraag", "idee"};
const char *const signal_age_bands[6] = {"0-17",  "18-29", "30-44",
					 "45-64", "65-79", "80+"};

void signal_errors_add(struct signal_errors *errs, const char *field,
		       const char *msgid)
{
	if (errs->n < SIGNAL_MAX_ERRORS) {
		errs->e[errs->n].field = field;
		errs->e[errs->n].msgid = msgid;
		errs->n++;
	}
}

/* Bidirectional overrides can make a text read differently from what it
 * says (a spoofing trick); nobody needs them in a signal. */
static bool is_bidi_control(utf8proc_int32_t c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

static bool is_space(utf8proc_int32_t c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == 0xa0;
}

/* Walk the NFC text: count code points, reject controls, trim. */
static const char *text_scan(const utf8proc_uint8_t *s, bool multiline,
			     size_t *chars, size_t *first, size_t *end)
{
	utf8proc_ssize_t i = 0, len = (utf8proc_ssize_t)strlen((const char *)s);
	bool seen = false;

	*chars = 0;
	*first = *end = 0;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(s + i, len - i, &c);

		if (n <= 0)
			return N_("bevat ongeldige tekens (geen geldige UTF-8)");
		if ((c == '\n' || c == '\t') ? !multiline
					     : (utf8proc_category(c) ==
							UTF8PROC_CATEGORY_CC ||
						is_bidi_control(c)))
			return N_("bevat niet-toegestane stuurtekens");
		if (!is_space(c)) {
			if (!seen)
				*first = (size_t)i;
			seen = true;
			*end = (size_t)(i + n);
		}
		i += n;
	}
	return NULL;
}

static size_t count_chars(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* Browsers send textarea line ends as CRLF; keep LF only. */
static char *crlf_to_lf(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s), *o = out;

	for (const char *p = s; *p; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			*o++ = *p;
	*o = '\0';
	return out;
}

const char *text_check(struct arena *a, const char *s, size_t min_chars,
		       size_t max_chars, bool multiline, const char **out)
{
	utf8proc_uint8_t *nfc = NULL;
	const char *msg;
	size_t chars, first, end;
	utf8proc_ssize_t rc;

	*out = NULL;
	if (strlen(s) > max_chars * 4 + 64)
		return N_("is te lang");
	rc = utf8proc_map((const utf8proc_uint8_t *)crlf_to_lf(a, s), 0, &nfc,
			  UTF8PROC_NULLTERM | UTF8PROC_STABLE |
				  UTF8PROC_COMPOSE);
	if (rc < 0)
		return N_("bevat ongeldige tekens (geen geldige UTF-8)");
	msg = text_scan(nfc, multiline, &chars, &first, &end);
	if (!msg) {
		chars = count_chars((const char *)nfc + first, end - first);
		if (chars < min_chars)
			msg = chars ? N_("is te kort") : N_("is verplicht");
		else if (chars > max_chars)
			msg = N_("is te lang");
		else
			*out = arena_strndup(a, (const char *)nfc + first,
					     end - first);
	}
	free(nfc);
	return msg;
}

bool parse_decimal(const char *s, double *out)
{
	const char *p = s;
	char *end;
	size_t digits = 0;

	if (!s || strlen(s) > 32)
		return false;
	if (*p == '-' || *p == '+')
		p++;
	for (; isdigit((unsigned char)*p); p++)
		digits++;
	if (digits == 0)
		return false; /* ".5" */
	if (*p == '.') {
		const char *frac = ++p;

		for (; isdigit((unsigned char)*p); p++)
			digits++;
		if (p == frac)
			return false; /* "1." and "." */
	}
	if (*p || digits == 0)
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return errno == 0 && *end == '\0' && isfinite(*out);
}

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

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *dot;

	if (strlen(s) > SIGNAL_EMAIL_MAX || !at || at == s ||
	    strchr(at + 1, '@'))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    strchr("<>()[]\\,;:\"", *p))
			return false;
	dot = strrchr(at, '.');
	return dot && dot > at + 1 && dot[1] && strlen(dot + 1) >= 2;
}

static bool phone_ok(const char *s)
{
	size_t digits = 0;

	if (strlen(s) > 32)
		return false;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr("+()-. ", *p))
			return false;
	}
	return digits >= 6 && digits <= 15;
}

static void validate_point(struct signal_input *in, struct signal_errors *errs)
{
	bool has_lat = in->lat != NULL, has_lon = in->lon != NULL;

	if (has_lat != has_lon) {
		signal_errors_add(errs, has_lat ? "lon" : "lat",
				  N_("geef zowel breedte- als lengtegraad op"));
		return;
	}
	if (!has_lat)
		return;
	if (!parse_decimal(in->lat, &in->lat_v) || in->lat_v < -90 ||
	    in->lat_v > 90)
		signal_errors_add(errs, "lat",
				  N_("moet een getal tussen -90 en 90 zijn"));
	else if (!parse_decimal(in->lon, &in->lon_v) || in->lon_v < -180 ||
		 in->lon_v > 180)
		signal_errors_add(errs, "lon",
				  N_("moet een getal tussen -180 en 180 zijn"));
	else
		in->has_point = true;
}

static void validate_optional(struct arena *a, struct signal_input *in,
			      struct signal_errors *errs)
{
	in->email = trimmed(a, in->email);
	in->phone = trimmed(a, in->phone);
	in->age_band = blank_to_null(in->age_band);
	in->category = blank_to_null(in->category);
	in->buurt = blank_to_null(in->buurt);
	if (in->email && !email_ok(in->email))
		signal_errors_add(errs, "email",
				  N_("is geen geldig e-mailadres"));
	if (in->phone && !phone_ok(in->phone))
		signal_errors_add(errs, "phone",
				  N_("is geen geldig telefoonnummer"));
	if (in->age_band &&
	    !in_list(in->age_band, signal_age_bands, ARRAY_LEN(signal_age_bands)))
		signal_errors_add(errs, "age_band", N_("is geen bekende leeftijdsgroep"));
	if (in->category && strlen(in->category) > 128)
		signal_errors_add(errs, "category", N_("is te lang"));
	if (in->buurt && strlen(in->buurt) > 32)
		signal_errors_add(errs, "buurt", N_("is geen bekende buurt"));
}

size_t signal_validate(struct arena *a, struct signal_input *in,
		       struct signal_errors *errs)
{
	const char *msg;

	in->has_point = false;
	in->lat = trimmed(a, in->lat);
	in->lon = trimmed(a, in->lon);
	in->kind = blank_to_null(in->kind);
	if (!in->kind)
		in->kind = "melding";
	else if (!in_list(in->kind, signal_kinds, ARRAY_LEN(signal_kinds)))
		signal_errors_add(errs, "kind",
				  N_("moet melding, vraag of idee zijn"));
	msg = text_check(a, in->text ? in->text : "", SIGNAL_TEXT_MIN,
			 SIGNAL_TEXT_MAX, true, &in->text);
	if (msg)
		signal_errors_add(errs, "text", msg);
	validate_point(in, errs);
	validate_optional(a, in, errs);
	if (!in->has_point && !in->buurt && !in->lat && !in->lon)
		signal_errors_add(errs, "buurt",
				  N_("kies een buurt of een punt op de kaart"));
	return errs->n;
}
