/* service: see service.h. */
#include "service.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/email.h"
#include "domain/phone.h"
#include "i18n/i18n.h"

static const char *blank_null(const char *s)
{
	return s && *s ? s : NULL;
}

/* A free-text field: trimmed NFC text or NULL when empty. */
static const char *text(struct arena *ar, struct field_errors *errs,
			const char *field, const char *v, size_t max,
			bool multiline, bool required)
{
	const char *out, *msg;

	if (!v || !*v) {
		if (required)
			field_errors_add_first(errs, field, N_("is verplicht"));
		return NULL;
	}
	msg = text_check(ar, v, required ? 2 : 0, max, multiline, &out);
	if (msg) {
		field_errors_add_first(errs, field, msg);
		return NULL;
	}
	return blank_null(out);
}

static const char *one_of(struct field_errors *errs, const char *field,
			  const char *v, const char *const *allowed, size_t n)
{
	if (!v || !*v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, allowed[i]) == 0)
			return allowed[i];
	field_errors_add_first(errs, field, N_("kies een waarde uit de lijst"));
	return NULL;
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_letter(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

const char *postcode_normalise(struct arena *ar, const char *v)
{
	char d[4], l[2];
	size_t nd = 0, nl = 0;
	bool ok = v && strlen(v) <= 10;

	for (const char *p = v; ok && *p; p++) {
		if (*p == ' ')
			continue;
		if (nd < 4 && nl == 0 && is_digit(*p))
			d[nd++] = *p;
		else if (nd == 4 && nl < 2 && is_letter(*p))
			l[nl++] = (char)(*p & ~0x20);
		else
			ok = false;
	}
	if (!ok || nd != 4 || nl != 2 || d[0] == '0')
		return NULL;
	return arena_printf(ar, "%.4s %.2s", d, l);
}

/* Spaces, controls and backslashes have no place in a link. */
static bool url_valid(const char *url)
{
	if (strlen(url) > 500 || (strncasecmp(url, "https://", 8) != 0 &&
				  strncasecmp(url, "http://", 7) != 0))
		return false;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '\\')
			return false;
	return true;
}

static bool lang_code(const char *p, size_t len)
{
	bool ok = len >= 2 && len <= 3;

	for (size_t i = 0; ok && i < len; i++)
		ok = (p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z';
	return ok;
}

/* "NL, en;ar" -> "nl en ar"; "nl" when empty. */
static const char *languages(struct arena *ar, struct field_errors *errs,
			     const char *v)
{
	char *out, *o;
	size_t n = 0;

	if (!v || !*v)
		return "nl";
	out = o = arena_alloc(ar, strlen(v) + 1);
	for (const char *p = v; *p;) {
		size_t len = strcspn(p, " ,;");

		if (len && (!lang_code(p, len) || ++n > SERVICE_MAX_LANGS)) {
			field_errors_add_first(errs, "languages",
					       N_("gebruik taalcodes zoals nl, en, ar"));
			return NULL;
		}
		if (len && o > out)
			*o++ = ' ';
		for (size_t i = 0; i < len; i++)
			*o++ = (char)(p[i] | 0x20);
		p += len;
		p += strspn(p, " ,;");
	}
	*o = '\0';
	return *out ? out : "nl";
}

static int norm_days(struct field_errors *errs, const char *v)
{
	char *end;
	long d;

	if (!v || !*v)
		return -1;
	d = strtol(v, &end, 10);
	if (*end || d < 0 || d > 365 || strlen(v) > 3 || !is_digit(*v)) {
		field_errors_add_first(errs, "norm_days",
				       N_("is geen aantal werkdagen van 0 tot 365"));
		return -1;
	}
	return (int)d;
}

static void validate_texts(struct arena *ar, const struct service_input *in,
			   struct service_fields *out, struct field_errors *errs)
{
	out->name = text(ar, errs, "name", in->name, 200, false, true);
	out->description = text(ar, errs, "description", in->description, 4000,
				true, false);
	out->eligibility = text(ar, errs, "eligibility", in->eligibility, 1000,
				true, false);
	out->application = text(ar, errs, "application", in->application, 1000,
				true, false);
	out->opening_hours = text(ar, errs, "opening_hours", in->opening_hours,
				  1000, true, false);
	out->fees = text(ar, errs, "fees", in->fees, 500, true, false);
	out->norm_text = text(ar, errs, "norm_text", in->norm_text, 500, true,
			      false);
	out->address = text(ar, errs, "address", in->address, 200, false, false);
	out->city = text(ar, errs, "city", in->city, 100, false, false);
}

static void validate_contact(struct arena *ar, const struct service_input *in,
			     struct service_fields *out,
			     struct field_errors *errs)
{
	out->phone = blank_null(in->phone);
	if (out->phone && !phone_valid(out->phone))
		field_errors_add_first(errs, "phone", N_("is geen telefoonnummer"));
	out->email = blank_null(in->email);
	if (out->email && !email_valid(out->email))
		field_errors_add_first(errs, "email", N_("is geen e-mailadres"));
	out->url = blank_null(in->url);
	if (out->url && !url_valid(out->url))
		field_errors_add_first(errs, "url",
				       N_("is geen webadres dat met https:// begint"));
	out->postal_code = NULL;
	if (blank_null(in->postal_code) &&
	    !(out->postal_code = postcode_normalise(ar, in->postal_code)))
		field_errors_add_first(errs, "postal_code",
				       N_("is geen postcode zoals 1011 AB"));
}

size_t service_validate(struct arena *ar, const struct service_input *in,
			struct service_fields *out, struct field_errors *errs)
{
	static const char *const costs[] = {"gratis", "eigen bijdrage", "betaald"};
	static const char *const statuses[] = {"active", "temporarily closed",
					       "inactive", "defunct"};
	size_t before = errs->n;

	memset(out, 0, sizeof(*out));
	validate_texts(ar, in, out, errs);
	validate_contact(ar, in, out, errs);
	out->cost = one_of(errs, "cost", in->cost, costs, 3);
	out->status = one_of(errs, "status", in->status, statuses, 4);
	if (!out->status)
		out->status = "active";
	out->languages = languages(ar, errs, in->languages);
	out->norm_days = norm_days(errs, in->norm_days);
	return errs->n - before;
}
