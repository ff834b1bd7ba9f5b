/* fuzz_etag: etag_none_match (http/etag.c) on an arbitrary If-None-Match
 * value.  The first byte splits the input: that many bytes (mod 64) are
 * our entity-tag, the rest the header.
 *
 * Properties: no crash or overread; "*" alone always matches; a header
 * past ETAG_MAX_HEADER never does; a match implies the tag's opaque
 * part occurs in the header. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/etag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t tlen;
	char *tag, *header;
	const char *opaque;

	if (size == 0)
		return 0;
	tlen = data[0] % 64;
	if (tlen > size - 1)
		tlen = size - 1;
	tag = strndup((const char *)data + 1, tlen);
	header = strndup((const char *)data + 1 + tlen, size - 1 - tlen);
	if (etag_none_match(header, tag)) {
		opaque = strncmp(tag, "W/", 2) == 0 ? tag + 2 : tag;
		assert(strlen(header) <= ETAG_MAX_HEADER);
		assert(strcmp(header, "*") == 0 ||
		       strspn(header, " \t*") == strlen(header) ||
		       strstr(header, opaque) != NULL);
	}
	assert(etag_none_match("*", tag));
	free(tag);
	free(header);
	return 0;
}
