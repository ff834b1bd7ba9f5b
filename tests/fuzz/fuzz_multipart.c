/* fuzz_multipart: multipart_parse and multipart_form (http/multipart.c) on
 * arbitrary bytes.  The input's first line (up to the first LF) is the
 * Content-Type header value, the rest the body, given as an exact-size
 * heap copy (not NUL-terminated), as the server hands it over.
 *
 * Properties checked beyond "no crash, no sanitizer report":
 *   - the answer is ERR_OK, ERR_INVALID, ERR_TOO_LARGE or ERR_UNSUPPORTED;
 *     a failure has a message and no parts, success no message;
 *   - on success: at most MULTIPART_MAX_PARTS parts, each lying within the
 *     body, in order, not overlapping; a non-empty name of at most
 *     FORM_MAX_KEY bytes; a filename without / or \; a content type of
 *     lower-case type/subtype; a text part at most MULTIPART_MAX_FIELD
 *     bytes; no part's data holds "\r\n--boundary\r\n"; the boundary
 *     (multipart_boundary) is 1..70 bytes and "--boundary" is in the body;
 *   - multipart_form gives exactly the text parts, in order, with their
 *     bytes, and fails only for a NUL in one of them;
 *   - multipart_count_files agrees with the parts;
 *   - the same input parses the same way twice. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "http/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_part(const struct multipart_part *p, const char *body,
		       size_t len, const char *delim)
{
	assert(p->name && p->name[0] != '\0');
	assert(strlen(p->name) <= FORM_MAX_KEY);
	assert(p->data >= body && p->len <= len &&
	       (size_t)(p->data - body) <= len - p->len);
	if (p->filename)
		assert(!strchr(p->filename, '/') && !strchr(p->filename, '\\'));
	else
		assert(p->len <= MULTIPART_MAX_FIELD);
	if (p->content_type) {
		const char *slash = strchr(p->content_type, '/');

		assert(slash && slash != p->content_type && slash[1] != '\0' &&
		       !strchr(slash + 1, '/'));
		for (const char *c = p->content_type; *c; c++)
			assert(!(*c >= 'A' && *c <= 'Z') && *c > ' ');
	}
	assert(!memmem(p->data, p->len, delim, strlen(delim)));
}

static void check_form(struct arena *a, const struct multipart *m)
{
	struct form f;
	const char *msg = "unset";
	size_t n = 0, nul = 0;
	enum err e = multipart_form(a, m, &f, &msg);

	for (size_t i = 0; i < m->nparts; i++) {
		const struct multipart_part *p = &m->parts[i];

		if (p->filename)
			continue;
		nul += memchr(p->data, '\0', p->len) != NULL;
		if (e == ERR_OK) {
			assert(strcmp(f.fields[n].key, p->name) == 0);
			assert(strlen(f.fields[n].value) == p->len);
			assert(memcmp(f.fields[n].value, p->data, p->len) == 0);
			assert(form_get(&f, p->name) != NULL);
		}
		n++;
	}
	if (e == ERR_OK) {
		assert(msg == NULL && f.n == n && nul == 0);
	} else {
		assert(e == ERR_INVALID && msg != NULL && nul > 0);
	}
}

static void check_files(const struct multipart *m)
{
	for (size_t i = 0; i < m->nparts; i++) {
		size_t n = 0;

		for (size_t j = 0; j < m->nparts; j++)
			n += m->parts[j].filename &&
			     strcmp(m->parts[j].name, m->parts[i].name) == 0;
		assert(multipart_count_files(m, m->parts[i].name) == n);
	}
}

static void check_ok(struct arena *a, const char *ct, const struct multipart *m,
		     const char *body, size_t len)
{
	const char *msg = "unset", *b = multipart_boundary(a, ct, &msg);
	char *delim, *dash;

	assert(b && msg == NULL);
	assert(strlen(b) >= 1 && strlen(b) <= 70);
	dash = arena_printf(a, "--%s", b);
	assert(memmem(body, len, dash, strlen(dash)));
	delim = arena_printf(a, "\r\n--%s\r\n", b);
	assert(m->nparts <= MULTIPART_MAX_PARTS);
	for (size_t i = 0; i < m->nparts; i++) {
		check_part(&m->parts[i], body, len, delim);
		if (i > 0)
			assert(m->parts[i - 1].data + m->parts[i - 1].len <=
			       m->parts[i].data);
	}
	check_form(a, m);
	check_files(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t ctlen = nl ? (size_t)(nl - data) : size;
	size_t len = nl ? size - ctlen - 1 : 0;
	char *ct = malloc(ctlen + 1), *body = malloc(len ? len : 1);
	struct multipart *m = malloc(sizeof(*m)), *again = malloc(sizeof(*m));
	struct arena a;
	const char *msg = "unset", *msg2 = "unset";
	enum err e, e2;

	memcpy(ct, data, ctlen);
	ct[ctlen] = '\0';
	if (len)
		memcpy(body, nl + 1, len);
	arena_init(&a);
	e = multipart_parse(&a, ct, body, len, m, &msg);
	if (e == ERR_OK) {
		assert(msg == NULL);
		check_ok(&a, ct, m, body, len);
	} else {
		assert(e == ERR_INVALID || e == ERR_TOO_LARGE ||
		       e == ERR_UNSUPPORTED);
		assert(msg != NULL && m->nparts == 0);
	}
	e2 = multipart_parse(&a, ct, body, len, again, &msg2);
	assert(e2 == e && msg2 == msg && again->nparts == m->nparts);
	for (size_t i = 0; i < m->nparts; i++)
		assert(again->parts[i].data == m->parts[i].data &&
		       again->parts[i].len == m->parts[i].len);
	arena_clear(&a);
	free(ct);
	free(body);
	free(m);
	free(again);
	return 0;
}
