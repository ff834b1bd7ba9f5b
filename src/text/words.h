/* words: what the text modules count as a word, and its folded, stemmed
 * form: the FTS5 tokenizer (fts_dutch.c) and the category suggestion
 * (classify.c) read words the same way.  SPDX-License-Identifier: EUPL-1.2 */
#ifndef WA_TEXT_WORDS_H
#define WA_TEXT_WORDS_H
#include <stdbool.h>
#include <stddef.h>
#include <utf8proc.h>

struct sb_stemmer;

/* Letters, digits and combining marks (Unicode categories L, N, Mn). */
bool words_char(utf8proc_int32_t c);
/* word[0..len) case-folded, NFC-composed and stemmed with st into out
 * (NUL-terminated); its length, or -1 when it does not fit or is no word. */
int words_fold_stem(struct sb_stemmer *st, const char *word, size_t len,
		    char *out, size_t outlen);

#endif
