/* fuzz_html: the HTML escapers (html/html.c) on arbitrary bytes.
 *
 * Property: the output never carries markup from the input: no '<', '>',
 * '"' or '\'' at all (every one of them in the input comes out as an
 * entity), and html_url_attr writes either a URL it accepted, escaped, or
 * "#". */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "html/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void no_markup(const struct buf *b)
{
	assert(!b->overflow);
	for (size_t i = 0; i < b->len; i++)
		assert(b->data[i] != '<' && b->data[i] != '>' &&
		       b->data[i] != '"' && b->data[i] != '\'' &&
		       b->data[i] != '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b;
	char *s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	buf_init(&b, 1 << 22);
	html_txt(&b, s);
	no_markup(&b);
	buf_reset(&b);
	html_attr(&b, s);
	no_markup(&b);
	buf_reset(&b);
	html_txtn(&b, s, strlen(s));
	no_markup(&b);
	buf_reset(&b);
	html_url_attr(&b, s);
	no_markup(&b);
	buf_release(&b);
	free(s);
	return 0;
}
