/* words: see words.h. */
#include "words.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

bool words_char(utf8proc_int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);

	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) ||
	       cat == UTF8PROC_CATEGORY_MN;
}

int words_fold_stem(struct sb_stemmer *st, const char *word, size_t len,
		    char *out, size_t outlen)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n;
	const sb_symbol *stem;
	int sl;

	n = utf8proc_map((const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len,
			 &folded, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (n <= 0) {
		free(folded);
		return -1;
	}
	stem = sb_stemmer_stem(st, folded, (int)n);
	sl = stem ? sb_stemmer_length(st) : 0;
	if (!stem || sl <= 0 || (size_t)sl >= outlen) {
		free(folded);
		return -1;
	}
	memcpy(out, stem, (size_t)sl);
	out[sl] = '\0';
	free(folded);
	return sl;
}
