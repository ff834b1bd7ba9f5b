/* readability: the Flesch-Douma score of a Dutch text, its long
 * sentences and its officialese (readability.h, docs/plain-language.md).
 *
 * One pass cuts the text into words and sentences:
 *   - a word is a run of letters, marks and digits; a hyphen, apostrophe,
 *     slash, @ or dot joins two such runs (e-mail, zo'n, en/of, o.a,
 *     3.5), a comma only two digits (1,5);
 *   - a sentence ends at . ! ? or an ellipsis followed by a space or the
 *     end, except: a dot after an abbreviation (o.a., bijv., t.z.t.: a
 *     word of short parts joined by dots, or one of the list below) is
 *     part of the word, and after . or an ellipsis the next word must not
 *     start with a small letter;
 *   - a blank line ends a sentence, and so does a line break before or
 *     after a list item (a line starting with -, *, a bullet or 1. / 1)),
 *     so a list without full stops is a sentence an item.
 * Syllables are counted a word at a time (readability_syllables.c); the
 * officialese list (readability_words.c) is matched on the words. */
#include "text/readability.h"

#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "base/utf8.h"

struct token {
	size_t start, len;
};

struct scan {
	struct arena *ar;
	const char *text;
	size_t len;
	struct token *tok;
	size_t ntok, captok;
	size_t s_start, s_end; /* the sentence being read */
	int s_words;
	struct readability *out;
	size_t caplong;
};

/* Abbreviations without inner dots whose dot does not end a sentence. */
static const char *const abbreviations[] = {
	"bijv", "bv", "enz", "etc", "incl", "excl", "ca", "nr", "tel", "dhr",
	"mevr", "mr", "dr", "drs", "ir", "ing", "prof", "jl", "evt", "max",
	"min", "resp", "vs", "blz", "zgn", "ong", "vnl", "afd", "art", "St",
	"jr", "sr", "mw", "nl",
};

static utf8proc_int32_t cp_at(const struct scan *s, size_t i, size_t *k)
{
	utf8proc_int32_t cp = -1;
	utf8proc_ssize_t n;

	if (i >= s->len) {
		*k = 0;
		return 0;
	}
	n = utf8proc_iterate((const utf8proc_uint8_t *)s->text + i,
			     (utf8proc_ssize_t)(s->len - i), &cp);
	*k = n > 0 ? (size_t)n : 1;
	return cp;
}

static bool word_char(utf8proc_int32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
}

static bool is_digit(utf8proc_int32_t cp)
{
	return cp >= '0' && cp <= '9';
}

static bool is_space(utf8proc_int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' ||
	       cp == 0xa0 || cp == 0x202f ||
	       utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* Does the joiner at i (previous code point prev) continue the word? */
static bool joins(const struct scan *s, size_t i, utf8proc_int32_t prev)
{
	size_t k, k2;
	utf8proc_int32_t cp = cp_at(s, i, &k), next = cp_at(s, i + k, &k2);

	if (!k2 || !word_char(next))
		return false;
	if (cp == ',')
		return is_digit(prev) && is_digit(next);
	return cp == '-' || cp == '\'' || cp == 0x2019 || cp == '/' ||
	       cp == '@' || cp == '.' || cp == 0x2010 || cp == 0x2011;
}

static size_t word_end(const struct scan *s, size_t i)
{
	utf8proc_int32_t prev = 0, cp;
	size_t k;

	while (i < s->len) {
		cp = cp_at(s, i, &k);
		if (!word_char(cp) && !(prev && joins(s, i, prev)))
			break;
		prev = cp;
		i += k;
	}
	return i;
}

/* o.a, t.z.t, d.w.z: parts of one or two letters joined by dots. */
static bool dotted(const char *w, size_t n)
{
	size_t run = 0;
	bool dot = false;

	for (size_t i = 0; i < n; i++) {
		if (w[i] == '.') {
			if (run == 0 || run > 2)
				return false;
			dot = true;
			run = 0;
		} else if ((w[i] | 0x20) >= 'a' && (w[i] | 0x20) <= 'z') {
			run++;
		} else {
			return false;
		}
	}
	return dot && run >= 1 && run <= 2;
}

static bool abbreviation(const char *w, size_t n)
{
	if (dotted(w, n))
		return true;
	for (size_t i = 0; i < sizeof(abbreviations) / sizeof(abbreviations[0]); i++)
		if (strlen(abbreviations[i]) == n &&
		    strncasecmp(abbreviations[i], w, n) == 0)
			return true;
	return false;
}

static void sentence_end(struct scan *s)
{
	struct readability *r = s->out;

	if (s->s_words == 0)
		return;
	r->sentences++;
	if (s->s_words > READABILITY_LONG_SENTENCE) {
		r->long_sentences = arena_vec_grow(s->ar, r->long_sentences, r->nlong,
						   &s->caplong, sizeof(*r->long_sentences));
		r->long_sentences[r->nlong++] = (struct readability_long){
			s->s_start, s->s_end - s->s_start, s->s_words};
	}
	s->s_words = 0;
}

static void word_add(struct scan *s, size_t start, size_t end)
{
	s->tok = arena_vec_grow(s->ar, s->tok, s->ntok, &s->captok, sizeof(*s->tok));
	s->tok[s->ntok++] = (struct token){start, end - start};
	s->out->words++;
	s->out->syllables += readability_syllables(s->text + start, end - start);
	if (s->s_words++ == 0)
		s->s_start = start;
	s->s_end = end;
}

/* A list item's marker at i (- * bullet dash, or digits and . or ) ),
 * followed by a space: its length, else 0. */
static size_t list_marker(const struct scan *s, size_t i)
{
	size_t k, j = i;
	utf8proc_int32_t cp = cp_at(s, i, &k);

	if (cp == '-' || cp == '*' || cp == 0x2022 || cp == 0x2013 || cp == 0x2014) {
		j += k;
	} else {
		while (j < s->len && is_digit((unsigned char)s->text[j]) && j - i < 3)
			j++;
		if (j == i || j >= s->len || (s->text[j] != '.' && s->text[j] != ')'))
			return 0;
		j++;
	}
	cp = cp_at(s, j, &k);
	return k && (cp == ' ' || cp == '\t') ? j - i + k : 0;
}

static size_t skip_blank(const struct scan *s, size_t i)
{
	while (i < s->len && (s->text[i] == ' ' || s->text[i] == '\t' ||
			      s->text[i] == '\r'))
		i++;
	return i;
}

/* A line break at i: a blank line, or a list item before or after it,
 * ends the sentence. */
static size_t line_break(struct scan *s, size_t i, bool *item_line)
{
	size_t n = skip_blank(s, i + 1);

	if (n >= s->len || s->text[n] == '\n' || *item_line || list_marker(s, n))
		sentence_end(s);
	*item_line = false;
	return i + 1;
}

static bool terminator(utf8proc_int32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

static bool closer(utf8proc_int32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == 0x2019 ||
	       cp == 0x201d || cp == 0xbb;
}

/* A run of . ! ? and ellipses at i, with closing quotes and brackets:
 * does it end the sentence?  Returns the end of the run. */
static size_t punctuation(struct scan *s, size_t i)
{
	bool strong = false;
	size_t k, j = i;
	utf8proc_int32_t cp;

	while ((cp = cp_at(s, j, &k)) && k && (terminator(cp) || closer(cp))) {
		strong = strong || cp == '!' || cp == '?';
		j += k;
	}
	if (j < s->len && !is_space(cp_at(s, j, &k)))
		return j; /* "3.5" is a word; ".nl" or "?!x" no end */
	s->s_end = j;
	if (!strong) {
		size_t n = j;

		while (n < s->len && is_space(cp = cp_at(s, n, &k)))
			n += k;
		if (n < s->len && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
			return j;
	}
	sentence_end(s);
	return j;
}

static void scan_text(struct scan *s)
{
	bool line_start = true, item_line = false;
	size_t i = 0, k, m;
	utf8proc_int32_t cp;

	while (i < s->len) {
		cp = cp_at(s, i, &k);
		if (line_start && (m = list_marker(s, i))) {
			if (s->s_words)
				sentence_end(s); /* an item after text on its line */
			item_line = true;
			line_start = false;
			i += m;
		} else if (word_char(cp)) {
			size_t end = word_end(s, i);

			word_add(s, i, end);
			if (end < s->len && s->text[end] == '.' &&
			    abbreviation(s->text + i, end - i))
				s->s_end = ++end;
			line_start = false;
			i = end;
		} else if (cp == '\n') {
			i = line_break(s, i, &item_line);
			line_start = true;
		} else if (is_space(cp)) {
			i += k;
		} else if (terminator(cp)) {
			i = punctuation(s, i);
			line_start = false;
		} else {
			line_start = false;
			i += k;
		}
	}
	sentence_end(s);
}

/* --- officialese ------------------------------------------------------ */

/* Does the token equal one word of an entry (ignoring case; an entry's
 * final dot is not part of the token)? */
static bool token_is(const struct scan *s, const struct token *t,
		     const char *w, size_t wn)
{
	size_t i = 0, j = 0, k;

	if (wn && w[wn - 1] == '.')
		wn--;
	while (i < t->len && j < wn) {
		utf8proc_int32_t cp = cp_at(s, t->start + i, &k);
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_tolower(cp), enc);

		if (n <= 0 || j + (size_t)n > wn || memcmp(enc, w + j, (size_t)n) != 0)
			return false;
		i += k;
		j += (size_t)n;
	}
	return i == t->len && j == wn;
}

/* The number of tokens from t that entry e covers, or 0. */
static size_t entry_match(const struct scan *s, size_t t, const char *e)
{
	size_t n = 0;

	while (*e) {
		size_t wn = strcspn(e, " ");

		if (t + n >= s->ntok || !token_is(s, &s->tok[t + n], e, wn))
			return 0;
		n++;
		e += wn;
		e += *e == ' ';
	}
	return n;
}

static void find_plain(struct scan *s)
{
	struct readability *r = s->out;
	size_t nw, cap = 0;
	const struct readability_word *w = readability_words(&nw);

	for (size_t t = 0; t < s->ntok;) {
		size_t best = 0, bi = 0, end;

		for (size_t e = 0; e < nw; e++) {
			size_t n = entry_match(s, t, w[e].word);

			if (n > best)
				best = n, bi = e;
		}
		if (!best) {
			t++;
			continue;
		}
		end = s->tok[t + best - 1].start + s->tok[t + best - 1].len;
		r->plain = arena_vec_grow(s->ar, r->plain, r->nplain, &cap, sizeof(*r->plain));
		r->plain[r->nplain++] = (struct readability_plain){
			w[bi].word, w[bi].instead, s->tok[t].start, end - s->tok[t].start};
		t += best;
	}
}

/* --- the whole text ---------------------------------------------------- */

static bool valid_utf8(const char *text, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t k = utf8_seq_len((const unsigned char *)text + i);

		if (!k)
			return false;
		i += k;
	}
	return true;
}

enum err readability_check(struct arena *ar, const char *text,
			   struct readability *out)
{
	struct scan s;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (!text)
		return ERR_INVALID;
	len = strnlen(text, READABILITY_MAX_BYTES + 1);
	if (len > READABILITY_MAX_BYTES)
		return ERR_TOO_LARGE;
	if (!valid_utf8(text, len))
		return ERR_INVALID;
	memset(&s, 0, sizeof(s));
	s.ar = ar;
	s.text = text;
	s.len = len;
	s.out = out;
	scan_text(&s);
	find_plain(&s);
	out->indicative = out->words < READABILITY_MIN_WORDS;
	if (out->words > 0 && out->sentences > 0)
		out->score = 206.84 -
			     0.77 * (100.0 * out->syllables / out->words) -
			     0.93 * ((double)out->words / out->sentences);
	return ERR_OK;
}

bool readability_ok(const struct readability *r)
{
	return r->indicative || r->score >= READABILITY_TARGET;
}
