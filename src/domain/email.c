/* email: see email.h. */
#include "email.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/utf8.h"

static bool is_control(const unsigned char *p, size_t n)
{
	if (n == 1)
		return *p < 0x20 || *p == 0x7f;
	return n == 2 && p[0] == 0xc2 && p[1] < 0xa0; /* C1 controls */
}

/* Well-formed UTF-8 of at most max bytes without control characters,
 * except TAB, CR and LF when multiline. */
static bool text_valid(const char *s, size_t max, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (!s || strnlen(s, max + 1) > max)
		return false;
	for (; *p; p += n) {
		if (!(n = utf8_seq_len(p)))
			return false;
		if (is_control(p, n) &&
		    !(multiline && (*p == '\t' || *p == '\r' || *p == '\n')))
			return false;
	}
	return true;
}

bool mail_subject_valid(const char *subject)
{
	return subject && *subject &&
	       text_valid(subject, MAIL_SUBJECT_MAX, false);
}

bool mail_body_valid(const char *body)
{
	return text_valid(body, MAIL_BODY_MAX, true);
}

bool mail_unsubscribe_url_valid(const char *url)
{
	size_t n;

	if (!url || (strncmp(url, "https://", 8) != 0 &&
		     strncmp(url, "http://", 7) != 0))
		return false;
	n = strnlen(url, MAIL_URL_MAX + 1);
	if (n > MAIL_URL_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c <= 0x20 || c >= 0x7f || strchr("<>,\"'\\", c))
			return false;
	}
	return true;
}

static bool address_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !strchr("<>()[],;:\\\"", c);
}

bool email_valid(const char *addr)
{
	const char *at, *dot;

	if (!addr || strnlen(addr, EMAIL_MAX + 1) > EMAIL_MAX)
		return false;
	at = strchr(addr, '@');
	if (!at || at == addr || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const char *p = addr; *p; p++)
		if (*p != '@' && !address_char((unsigned char)*p))
			return false;
	/* a domain with a top level: "jan@gmailcom" is a typing error */
	dot = strrchr(at, '.');
	return dot && dot > at + 1 && strlen(dot + 1) >= 2;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *email_normalise(struct arena *a, const char *s)
{
	char *out;
	size_t n;

	if (!s)
		return NULL;
	while (blank(*s))
		s++;
	n = strnlen(s, EMAIL_MAX + 64);
	while (n && blank(s[n - 1]))
		n--;
	if (!n || n > EMAIL_MAX)
		return NULL;
	out = arena_strndup(a, s, n);
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return email_valid(out) ? out : NULL;
}

const char *email_domain(const char *addr)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;

	return at ? at + 1 : "";
}
