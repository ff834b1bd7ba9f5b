/* readability: is a Dutch text for residents plain enough?  The
 * Flesch-Douma score, the sentences that are too long and the officialese
 * ("ambtelijke") words and phrases with a plain word to use instead.
 * docs/plain-language.md explains the formula, the syllable rules, how
 * libhyphen's hyphen-nl patterns cross-check them and the word list.
 *
 * Pure and thread-safe: a function of the text.  The one thing read from
 * outside is the hyphenation dictionary (READABILITY_HYPHEN_DICT), loaded
 * once on first use and only read afterwards; without it the vowel rules
 * count alone (readability_hyphen_loaded() says which). */
#ifndef WA_READABILITY_H
#define WA_READABILITY_H
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

#define READABILITY_TARGET 60       /* Flesch-Douma, about B1 */
#define READABILITY_MIN_WORDS 40    /* under this the score is indicative */
#define READABILITY_MAX_BYTES 20000 /* longer texts: ERR_TOO_LARGE */
/* A sentence of more than this many words is flagged as long: the B1
 * advice is 15 to 20 words at most, and a sentence past 20 is where
 * readers lose the thread.  A sentence of exactly 20 passes. */
#define READABILITY_LONG_SENTENCE 20
#define READABILITY_HYPHEN_DICT "/usr/share/hyphen/hyph_nl_NL.dic"

/* A sentence of more than READABILITY_LONG_SENTENCE words: its byte span
 * in the text (without the spaces around it). */
struct readability_long {
	size_t start, len;
	int words;
};

/* Officialese found: the list's entry (word), the plain alternative, and
 * where it stands in the text (byte offset at, byte length len). */
struct readability_plain {
	const char *word;
	const char *instead;
	size_t at, len;
};

struct readability {
	double score; /* Flesch-Douma; 0 when there are no words */
	int words, sentences, syllables;
	bool indicative;                         /* fewer than READABILITY_MIN_WORDS words */
	struct readability_long *long_sentences; /* in the arena */
	size_t nlong;
	struct readability_plain *plain; /* in the arena, in text order */
	size_t nplain;
};

/* Check text (NUL-terminated UTF-8).  ERR_INVALID for bad UTF-8 or a
 * NULL text, ERR_TOO_LARGE past READABILITY_MAX_BYTES; *out is zeroed
 * first and filled on ERR_OK.  Arrays are allocated in ar. */
enum err readability_check(struct arena *ar, const char *text,
			   struct readability *out);
/* True when the text may be published without asking: indicative, or a
 * score of READABILITY_TARGET or more. */
bool readability_ok(const struct readability *r);
/* Dutch syllables of one word (UTF-8, len bytes): at least 1 for a word
 * with a letter, 0 for no word. */
int readability_syllables(const char *word, size_t len);
/* The same by the vowel rules alone, and the pieces hyphen-nl makes of
 * the word (0 when the dictionary is not loaded or cannot take the
 * word): for tests and docs/plain-language.md. */
int readability_syllables_vowels(const char *word, size_t len);
int readability_syllables_hyphen(const char *word, size_t len);
bool readability_hyphen_loaded(void);

/* The officialese list (src/text/readability_words.c): n entries,
 * lowercase, words separated by one space. */
struct readability_word {
	const char *word, *instead;
};
const struct readability_word *readability_words(size_t *n);

#endif
