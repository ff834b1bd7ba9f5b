/* fuzz_readability: readability_check (text/readability.h) on arbitrary
 * bytes, as a writer's text arrives through POST /api/v1/readability or
 * a form: any byte, any length (a NUL ends the text, as in C).  Also
 * readability_syllables on the same bytes as one word.
 *
 * Properties checked beyond "no crash, no sanitizer report":
 *   - ERR_TOO_LARGE exactly past READABILITY_MAX_BYTES, ERR_INVALID
 *     exactly for bad UTF-8 (the driver's own decoder), ERR_OK otherwise;
 *     a failure leaves the result empty;
 *   - on ERR_OK: no words, no sentences and a score of 0 go together;
 *     sentences <= words; syllables >= words (every word has one);
 *     indicative exactly under READABILITY_MIN_WORDS words; the score is
 *     the formula of its counts;
 *   - every long sentence has more than READABILITY_LONG_SENTENCE words
 *     and lies within the text, in text order, not overlapping;
 *   - every officialese find is an entry of the list, lies within the
 *     text, in text order, not overlapping;
 *   - syllables of a word are 0 only when it has no letter or digit;
 *   - the same text gives the same result twice (no hidden state). */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "text/readability.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int utf8_ok(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c < 0xE0)
			k = 2, cp = c & 0x1F;
		else if (c >= 0xE0 && c < 0xF0)
			k = 3, cp = c & 0x0F;
		else if (c >= 0xF0 && c < 0xF5)
			k = 4, cp = c & 0x07;
		else
			return 0;
		if (i + k > n)
			return 0;
		for (size_t j = 1; j < k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k;
	}
	return 1;
}

static int listed(const char *w)
{
	size_t n;
	const struct readability_word *list = readability_words(&n);

	for (size_t i = 0; i < n; i++)
		if (list[i].word == w)
			return 1;
	return 0;
}

static void check_ok(const char *text, size_t len, const struct readability *r)
{
	size_t end = 0;

	assert((r->words == 0) == (r->sentences == 0));
	assert(r->sentences <= r->words);
	assert(r->syllables >= r->words);
	assert(r->indicative == (r->words < READABILITY_MIN_WORDS));
	if (r->words == 0)
		assert(r->score == 0);
	else
		assert(fabs(r->score - (206.84 - 0.77 * (100.0 * r->syllables / r->words) -
					0.93 * ((double)r->words / r->sentences))) < 1e-9);
	for (size_t i = 0; i < r->nlong; i++) {
		const struct readability_long *l = &r->long_sentences[i];

		assert(l->words > READABILITY_LONG_SENTENCE);
		assert(l->start >= end && l->len > 0 && l->start + l->len <= len);
		end = l->start + l->len;
	}
	end = 0;
	for (size_t i = 0; i < r->nplain; i++) {
		const struct readability_plain *p = &r->plain[i];

		assert(listed(p->word) && p->instead && *p->instead);
		assert(p->at >= end && p->len > 0 && p->at + p->len <= len);
		end = p->at + p->len;
	}
	(void)text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct readability r, again;
	struct arena ar;
	size_t len;
	enum err e;
	int syl;

	memcpy(text, data, size);
	text[size] = '\0';
	len = strlen(text);
	arena_init(&ar);
	e = readability_check(&ar, text, &r);
	if (len > READABILITY_MAX_BYTES)
		assert(e == ERR_TOO_LARGE);
	else if (!utf8_ok((const unsigned char *)text, len))
		assert(e == ERR_INVALID);
	else
		assert(e == ERR_OK);
	if (e != ERR_OK) {
		assert(r.words == 0 && r.nlong == 0 && r.nplain == 0);
	} else {
		check_ok(text, len, &r);
		assert(readability_check(&ar, text, &again) == ERR_OK);
		assert(again.words == r.words && again.sentences == r.sentences &&
		       again.syllables == r.syllables && again.nlong == r.nlong &&
		       again.nplain == r.nplain);
	}
	syl = readability_syllables(text, len < 4096 ? len : 4096);
	assert(syl >= 0);
	arena_clear(&ar);
	free(text);
	return 0;
}
