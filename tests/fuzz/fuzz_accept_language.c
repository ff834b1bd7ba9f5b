/* fuzz_accept_language: i18n_negotiate (i18n/i18n.c) on an arbitrary
 * Accept-Language header, and i18n_parse on the same bytes as a ?lang=
 * value.
 *
 * Properties: the answer is Dutch or English; English only when the
 * header names "en" somewhere (any case; the parser skips spaces inside a
 * tag, so "e n" counts); i18n_parse knows exactly "nl" and "en". */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s without spaces, in a new string. */
static char *squeeze(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	for (; *s; s++)
		if (*s != ' ')
			*o++ = *s;
	*o = '\0';
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *sq;
	enum lang l;
	int p;

	memcpy(s, data, size);
	s[size] = '\0';
	l = i18n_negotiate(s);
	assert(l == LANG_NL || l == LANG_EN);
	sq = squeeze(s);
	if (l == LANG_EN)
		assert(strcasestr(sq, "en") != NULL);
	free(sq);
	assert(i18n_negotiate(s) == l); /* no hidden state */
	p = i18n_parse(s);
	if (strcmp(s, "nl") == 0)
		assert(p == LANG_NL);
	else if (strcmp(s, "en") == 0)
		assert(p == LANG_EN);
	else
		assert(p == -1);
	free(s);
	return 0;
}
