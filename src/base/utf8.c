/* utf8: see utf8.h. */
#include "utf8.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

const char *utf8_sanitize(struct arena *a, const char *s)
{
	static const char replacement[] = "\xef\xbf\xbd";
	utf8proc_ssize_t len, i = 0;
	char *out, *o;

	if (!s)
		return NULL;
	len = (utf8proc_ssize_t)strlen(s);
	out = o = arena_alloc(a, (size_t)len * 3 + 1);
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      len - i, &c);

		if (n <= 0) {
			memcpy(o, replacement, 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(o, s + i, (size_t)n);
		o += n;
		i += n;
	}
	*o = '\0';
	return out;
}

size_t utf8_seq_len(const unsigned char *s)
{
	uint32_t cp;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07u;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) /* also stops at the NUL */
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}
