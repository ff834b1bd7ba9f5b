/* utf8: see utf8.h. */
#include "utf8.h"

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
