/* fuzz_forwarded: proxy_client (http/proxy.c) on an arbitrary
 * X-Forwarded-For value, with a trusted list chosen by the first byte
 * from a few IPv4 and IPv6 addresses.
 *
 * Properties: a client is only ever a numeric address that is not a
 * trusted proxy and that occurs in the value as written; the output
 * buffer is never overrun (ASan). */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/proxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const known[] = {"127.0.0.1", "10.0.0.2", "::1",
				    "2001:db8::7", "192.0.2.1"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxy_list l;
	struct proxy_addr a;
	char out[PROXY_ADDR_MAX], *xff;

	if (size == 0)
		return 0;
	memset(&l, 0, sizeof(l));
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (data[0] & (1u << i))
			assert(proxy_list_add(&l, known[i]));
	xff = malloc(size);
	memcpy(xff, data + 1, size - 1);
	xff[size - 1] = '\0';
	if (proxy_client(&l, xff, size - 1, out)) {
		assert(strlen(out) < PROXY_ADDR_MAX);
		assert(proxy_addr_parse(out, &a));
		assert(!proxy_trusted(&l, &a));
		assert(memmem(xff, size - 1, out, strlen(out)) != NULL);
	}
	free(xff);
	return 0;
}
