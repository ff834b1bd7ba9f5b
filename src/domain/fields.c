/* fields: see fields.h. */
#include "fields.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "i18n/i18n.h"

void field_errors_add(struct field_errors *errs, const char *field,
		       const char *msgid)
{
	if (errs->n < FIELD_MAX_ERRORS) {
		errs->e[errs->n].field = field;
		errs->e[errs->n].msgid = msgid;
		errs->n++;
	}
}

void field_errors_add_first(struct field_errors *errs, const char *field,
			    const char *msgid)
{
	for (size_t i = 0; i < errs->n; i++)
		if (strcmp(errs->e[i].field, field) == 0)
			return;
	field_errors_add(errs, field, msgid);
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

