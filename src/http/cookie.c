/* cookie: see cookie.h. */
#include "cookie.h"

#include <string.h>

const char *cookie_get(struct arena *a, const char *header, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = header;

	if (!header || strlen(header) > COOKIE_MAX_HEADER || nlen == 0)
		return NULL;
	while (*p) {
		const char *end = strchr(p, ';'), *eq;
		size_t len;

		while (*p == ' ' || *p == '\t')
			p++;
		len = end ? (size_t)(end - p) : strlen(p);
		eq = memchr(p, '=', len);
		if (eq && (size_t)(eq - p) == nlen && memcmp(p, name, nlen) == 0) {
			size_t vlen = len - nlen - 1;
			const char *v = eq + 1;

			while (vlen && (*v == ' ' || *v == '\t')) {
				v++;
				vlen--;
			}
			while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
				vlen--;
			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			if (vlen > COOKIE_MAX_VALUE || memchr(v, '\0', vlen))
				return NULL;
			return arena_strndup(a, v, vlen);
		}
		if (!end)
			break;
		p = end + 1;
	}
	return NULL;
}
