/* proxy: see proxy.h. */
#include "proxy.h"

#include <arpa/inet.h>
#include <string.h>

bool proxy_addr_parse(const char *text, struct proxy_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, text, out->addr) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, text, out->addr) == 1)
		out->family = AF_INET6;
	return out->family != 0;
}

bool proxy_list_add(struct proxy_list *l, const char *text)
{
	if (l->n == PROXY_MAX || strlen(text) >= PROXY_ADDR_MAX)
		return false;
	return proxy_addr_parse(text, &l->a[l->n]) && ++l->n;
}

bool proxy_trusted(const struct proxy_list *l, const struct proxy_addr *a)
{
	size_t n = a->family == AF_INET ? 4 : 16;

	for (size_t i = 0; a->family && i < l->n; i++)
		if (l->a[i].family == a->family && memcmp(l->a[i].addr, a->addr, n) == 0)
			return true;
	return false;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

bool proxy_client(const struct proxy_list *l, const char *xff, size_t len,
		  char out[PROXY_ADDR_MAX])
{
	const char *end = xff + len, *from;
	struct proxy_addr a;
	size_t n;

	while (end > xff) {
		from = end;
		while (from > xff && from[-1] != ',')
			from--;
		n = (size_t)(end - from);
		end = from > xff ? from - 1 : xff;
		while (n && blank(*from))
			from++, n--;
		while (n && blank(from[n - 1]))
			n--;
		if (!n || n >= PROXY_ADDR_MAX || memchr(from, '\0', n))
			return false;
		memcpy(out, from, n);
		out[n] = '\0';
		if (!proxy_addr_parse(out, &a))
			return false;
		if (!proxy_trusted(l, &a))
			return true;
	}
	return false;
}
