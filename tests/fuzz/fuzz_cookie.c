/* fuzz_cookie: cookie_get (http/cookie.c) on an arbitrary Cookie header.
 * The first byte picks the name: one of the names the server reads, or a
 * name taken from the input itself (up to 15 bytes after the first).
 *
 * Properties: a value is only returned for a header within
 * COOKIE_MAX_HEADER bytes, is at most COOKIE_MAX_VALUE bytes, and occurs
 * in the header (it is a copy of part of it, quotes removed). */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "http/cookie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(struct arena *a, const char *header, const char *name)
{
	const char *v = cookie_get(a, header, name);

	if (!v)
		return;
	assert(strlen(header) <= COOKIE_MAX_HEADER);
	assert(strlen(v) <= COOKIE_MAX_VALUE);
	assert(strstr(header, v) != NULL);
	assert(strstr(header, name) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"lang", "sid", "csrf", "a"};
	struct arena a;
	char name[16], *header;
	size_t nlen = 0;

	if (size == 0)
		return 0;
	if (data[0] < 0x80) {
		snprintf(name, sizeof(name), "%s", names[data[0] % 4]);
		data++;
		size--;
	} else {
		nlen = data[0] & 0x0f;
		if (nlen > size - 1)
			nlen = size - 1;
		memcpy(name, data + 1, nlen);
		name[nlen] = '\0';
		data += 1 + nlen;
		size -= 1 + nlen;
	}
	header = malloc(size + 1);
	memcpy(header, data, size);
	header[size] = '\0';
	arena_init(&a);
	check(&a, header, name);
	check(&a, header, "lang");
	arena_clear(&a);
	free(header);
	return 0;
}
