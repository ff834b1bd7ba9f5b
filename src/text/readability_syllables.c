/* readability_syllables: Dutch syllables of one word, for the
 * Flesch-Douma score (readability.h; the rules with examples in
 * docs/plain-language.md).
 *
 * Two counts, combined:
 *   1. vowel nuclei: the word's letters, lowercased, accents dropped but
 *      the diaeresis kept; each run of vowels is cut into the longest
 *      Dutch digraphs and trigraphs (aai, ooi, oei, ieu, eeu, eau; aa ee
 *      oo uu ie oe eu ei ij ui ou au, and ai ea ay ey oy uy of loanwords),
 *      and each piece is one syllable.  A letter with a diaeresis always
 *      starts a new one (ruïne, coördinatie, België).  "ij" is a vowel; y
 *      is one too (baby, type) except at the start of a part before a
 *      vowel (yoga); u after q is not (aquarium).
 *   2. hyphen-nl through libhyphen: the pieces that hold a vowel.  The
 *      patterns never break inside a syllable, so this is a lower bound;
 *      they know hiatus the letters do not show (the-a-ter, mu-se-um,
 *      re-ac-tie), but they leave short words and final syllables whole.
 * The larger of the two wins.  Then a short list of English loanwords
 * (a silent e: service, website, update; oa: download) takes one off, where the
 * loanword ends the word or a compound part follows it.  Numbers count a
 * syllable per digit, a rough middle between "drie" and "tweeduizend". */
#include <ctype.h>
#include <hyphen.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/readability.h"

/* Letters of a word, folded.  Longer words are counted a chunk at a time
 * (no Dutch word is this long; it keeps hostile input cheap). */
#define LETTERS_MAX 128
/* hyphen-nl gets words of at most this many bytes in Latin-1. */
#define HYPHEN_MAX 64

struct letters {
	char c[LETTERS_MAX]; /* a-z, '0' a digit, '-' a part break */
	bool trema[LETTERS_MAX];
	size_t n;
};

static HyphenDict *hyphen_dict;
static pthread_once_t hyphen_once = PTHREAD_ONCE_INIT;

static void hyphen_load(void)
{
	hyphen_dict = hnj_hyphen_load(READABILITY_HYPHEN_DICT);
}

bool readability_hyphen_loaded(void)
{
	pthread_once(&hyphen_once, hyphen_load);
	return hyphen_dict != NULL;
}

/* One code point as a folded letter: its base letter (a-z), whether it
 * carries a diaeresis; 0 when it is no letter or digit. */
static char fold(utf8proc_int32_t cp, bool *trema)
{
	utf8proc_int32_t d[4];
	utf8proc_ssize_t n;
	int last = 0;

	*trema = false;
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			return (char)(cp - 'A' + 'a');
		if ((cp >= 'a' && cp <= 'z'))
			return (char)cp;
		return cp >= '0' && cp <= '9' ? '0' : 0;
	}
	n = utf8proc_decompose_char(cp, d, 4, UTF8PROC_DECOMPOSE, &last);
	for (utf8proc_ssize_t i = 1; i < n && i < 4; i++)
		if (d[i] == 0x308)
			*trema = true;
	if (n >= 1 && d[0] < 0x80)
		return fold(d[0], &(bool){false});
	if (utf8proc_category(cp) >= UTF8PROC_CATEGORY_LU &&
	    utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO)
		return 'x'; /* a letter of another script: a consonant here */
	return 0;
}

static void letters_add(struct letters *l, char c, bool trema)
{
	if (l->n < LETTERS_MAX) {
		l->c[l->n] = c;
		l->trema[l->n++] = trema;
	}
}

/* Fold word[0..len) into l, from *pos, until l is full; ij as a ligature
 * (U+0132, U+0133) becomes i and j. */
static void letters_fold(const char *word, size_t len, size_t *pos,
			 struct letters *l)
{
	l->n = 0;
	while (*pos < len && l->n + 2 <= LETTERS_MAX) {
		utf8proc_int32_t cp = -1;
		utf8proc_ssize_t k = utf8proc_iterate(
			(const utf8proc_uint8_t *)word + *pos,
			(utf8proc_ssize_t)(len - *pos), &cp);
		bool trema = false;
		char c;

		if (k <= 0) {
			(*pos)++;
			continue;
		}
		*pos += (size_t)k;
		if (cp == 0x132 || cp == 0x133) {
			letters_add(l, 'i', false);
			letters_add(l, 'j', false);
			continue;
		}
		c = fold(cp, &trema);
		letters_add(l, c ? c : '-', trema);
	}
}

static bool plain_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static bool part_start(const struct letters *l, size_t i)
{
	return i == 0 || l->c[i - 1] == '-';
}

static bool is_vowel(const struct letters *l, size_t i)
{
	char c = l->c[i];

	if (c == 'u' && i > 0 && l->c[i - 1] == 'q')
		return false;
	if (c == 'y')
		return !(part_start(l, i) && i + 1 < l->n && plain_vowel(l->c[i + 1]));
	return plain_vowel(c);
}

/* Longest first: a nucleus is matched greedily from its first vowel. */
static const char *const nuclei[] = {
	"aai",
	"ooi",
	"oei",
	"ieu",
	"eeu",
	"eau",
	"aa",
	"ee",
	"oo",
	"uu",
	"ie",
	"oe",
	"eu",
	"ei",
	"ij",
	"ui",
	"ou",
	"au",
	"ai",
	"ea",
	"ay",
	"ey",
	"oy",
	"uy",
};

/* Letters one nucleus takes from i: no letter after its first may carry a
 * diaeresis, which always starts a syllable of its own. */
static size_t nucleus_len(const struct letters *l, size_t i)
{
	for (size_t k = 0; k < sizeof(nuclei) / sizeof(nuclei[0]); k++) {
		size_t n = strlen(nuclei[k]), j;

		if (i + n > l->n)
			continue;
		for (j = 0; j < n; j++)
			if (l->c[i + j] != nuclei[k][j] || (j > 0 && l->trema[i + j]))
				break;
		if (j == n)
			return n;
	}
	return 1;
}

static int count_nuclei(const struct letters *l)
{
	int count = 0;

	for (size_t i = 0; i < l->n;) {
		if (l->c[i] == '0') {
			count++, i++;
			continue;
		}
		if (!is_vowel(l, i)) {
			i++;
			continue;
		}
		count++;
		i += nucleus_len(l, i);
	}
	return count;
}

int readability_syllables_vowels(const char *word, size_t len)
{
	struct letters l;
	size_t pos = 0;
	int count = 0;

	while (pos < len) {
		letters_fold(word, len, &pos, &l);
		count += count_nuclei(&l);
	}
	return count;
}

/* --- hyphen-nl -------------------------------------------------------- */

static bool latin1_vowel(unsigned char c)
{
	return strchr("aeiouy", c) || (c >= 0xe0 && c <= 0xfd && c != 0xe7 &&
				       c != 0xf1 && c != 0xf7 && c != 0xf8);
}

/* The pieces of one part (Latin-1, lowercase) that hold a vowel.  s has
 * room for its NUL: libhyphen reads the word as a C string too. */
static int hyphen_part(char *s, int n)
{
	char h[HYPHEN_MAX + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	int pieces = 0;
	bool vowel = false;

	if (n <= 0)
		return 0;
	s[n] = '\0';
	if (hnj_hyphen_hyphenate2(hyphen_dict, s, n, h, NULL, &rep, &pos, &cut) != 0)
		return 0;
	for (int i = 0; i < n; i++) {
		vowel = vowel || latin1_vowel((unsigned char)s[i]);
		if ((i == n - 1 || (h[i] & 1)) && vowel) {
			pieces++;
			vowel = false;
		}
	}
	/* Replacements (non-standard hyphenation) are not used by
	 * hyphen-nl; free them if a dictionary ever brings them. */
	if (rep) {
		for (int i = 0; i < n; i++)
			free(rep[i]);
		free(rep);
		free(pos);
		free(cut);
	}
	return pieces;
}

/* The word in Latin-1, lowercase, parts split at anything that is not a
 * letter; 0 when a letter has no Latin-1 form or the word is too long. */
int readability_syllables_hyphen(const char *word, size_t len)
{
	char s[HYPHEN_MAX + 1];
	int n = 0, pieces = 0;
	size_t pos = 0;

	if (!readability_hyphen_loaded())
		return 0;
	while (pos < len) {
		utf8proc_int32_t cp = -1;
		utf8proc_ssize_t k = utf8proc_iterate(
			(const utf8proc_uint8_t *)word + pos,
			(utf8proc_ssize_t)(len - pos), &cp);

		if (k <= 0)
			return 0;
		pos += (size_t)k;
		cp = utf8proc_tolower(cp);
		if (cp == 0x133) {
			if (n + 2 > HYPHEN_MAX)
				return 0;
			s[n++] = 'i', s[n++] = 'j';
		} else if ((cp >= 'a' && cp <= 'z') || (cp >= 0xdf && cp <= 0xff)) {
			if (n + 1 > HYPHEN_MAX)
				return 0;
			s[n++] = (char)cp;
		} else if (cp >= 0x80 && utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO) {
			return 0;
		} else {
			pieces += hyphen_part(s, n);
			n = 0;
		}
	}
	return pieces + hyphen_part(s, n);
}

/* --- loanwords ------------------------------------------------------- */

/* English loanwords both counts give one too many: a final e silent in
 * Dutch speech too (service), oa as one vowel (download).  Hand-picked: a
 * part that also ends Dutch words (site: visite, file) stays out. */
static const char *const silent_e[] = {
	"service",
	"website",
	"online",
	"offline",
	"update",
	"software",
	"hardware",
	"deadline",
	"timeline",
	"smartphone",
	"image",
	"cake",
	"skate",
	"freelance",
	"interface",
	"homepage",
	"headline",
	"load",
};

/* The loanword ends the word, or an s or a compound part of three letters
 * or more follows it (servicepunt, websites; not updaten). */
static bool loan_fits(const char *rest, size_t n)
{
	return n == 0 || (n == 1 && rest[0] == 's') || n >= 3;
}

static int loan_correction(const char *word, size_t len)
{
	char low[LETTERS_MAX];
	int fix = 0;

	if (len >= sizeof(low))
		return 0;
	for (size_t i = 0; i < len; i++)
		low[i] = (char)(word[i] >= 'A' && word[i] <= 'Z' ? word[i] + 32 : word[i]);
	for (size_t k = 0; k < sizeof(silent_e) / sizeof(silent_e[0]); k++) {
		size_t n = strlen(silent_e[k]);

		for (size_t i = 0; i + n <= len; i++)
			if (memcmp(low + i, silent_e[k], n) == 0 &&
			    loan_fits(low + i + n, len - i - n))
				fix++;
	}
	return fix;
}

int readability_syllables(const char *word, size_t len)
{
	int v = readability_syllables_vowels(word, len);
	int h = readability_syllables_hyphen(word, len);
	int n = v > h ? v : h;
	bool any = false;

	for (size_t i = 0; i < len && !any; i++)
		any = (unsigned char)word[i] >= 0x80 || isalnum((unsigned char)word[i]);
	if (!any)
		return 0;
	n -= loan_correction(word, len);
	return n < 1 ? 1 : n;
}
