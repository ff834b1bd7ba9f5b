/* socialmap_query: what someone typed into the social map's search box,
 * as a full-text query (socialmap_search.h): the words that say something,
 * as an FTS5 MATCH expression for SQLite or a tsquery for PostgreSQL.
 * Outside input: lengths and word counts are bounded here. */
#include "socialmap_search.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/fts_dutch.h"

/* --- the MATCH expression ------------------------------------------- */

/* Words that say nothing about what someone looks for.  ASCII, lower
 * case; compared with the word folded to ASCII lower case. */
static const char *const stopwords[] = {
	"aan", "als", "bij", "ben", "bent", "dan", "dat", "de", "die", "dit",
	"door", "een", "en", "er", "ergens", "graag", "heb", "hebben",
	"heeft", "het", "hij", "hoe", "iemand", "iets", "ik", "in", "is",
	"je", "jij", "kan", "kun", "kunnen", "me", "met", "mij", "mijn",
	"naar", "of", "om", "op", "over", "te", "terecht", "tot", "u",
	"uit", "van", "voor", "waar", "wanneer", "was", "wat", "we", "welke",
	"wie", "wij", "wil", "wilt", "ze", "zij", "zijn", "zoek", "zoeken",
};

static bool is_word_char(utf8proc_int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);

	/* The same classes as text/fts_dutch.c. */
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) ||
	       cat == UTF8PROC_CATEGORY_MN;
}

static bool is_stopword(const char *w, size_t len)
{
	char low[16];

	if (len >= sizeof(low))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)w[i];

		if (c >= 0x80)
			return false;
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	low[len] = '\0';
	for (size_t i = 0; i < sizeof(stopwords) / sizeof(stopwords[0]); i++)
		if (strcmp(low, stopwords[i]) == 0)
			return true;
	return false;
}

struct word {
	const char *p;
	size_t len;
	bool stop;
};

/* Cut q into words as the tokenizer does; keep those it would index. */
static size_t split_words(const char *q, struct word *w, size_t max)
{
	size_t len = strlen(q), i = 0, start = 0, n = 0;
	bool in = false;
	char stem[FTS_DUTCH_MAX_WORD * 4 + 8];

	while (i <= len && n < max) {
		utf8proc_int32_t c = 0;
		utf8proc_ssize_t step = 1;
		bool word = false;

		if (i < len) {
			step = utf8proc_iterate((const utf8proc_uint8_t *)q + i,
						(utf8proc_ssize_t)(len - i), &c);
			if (step <= 0)
				step = 1; /* invalid byte: a separator */
			else
				word = is_word_char(c);
		}
		if (word && !in) {
			start = i;
			in = true;
		} else if (!word && in) {
			size_t wl = i - start;

			in = false;
			if (wl <= FTS_DUTCH_MAX_WORD &&
			    fts_dutch_stem_word(q + start, (int)wl, stem,
						(int)sizeof(stem)) > 0)
				w[n++] = (struct word){q + start, wl,
						       is_stopword(q + start, wl)};
		}
		i += (size_t)step;
	}
	return n;
}

int socialmap_match_expr(const char *q, enum sk_match_mode mode, char *out,
			 size_t outlen)
{
	struct word w[SK_MATCH_MAX_WORDS * 4];
	size_t n = split_words(q ? q : "", w, sizeof(w) / sizeof(w[0]));
	size_t content = 0, used = 0, pos = 0;
	const char *sep = mode == SK_MATCH_ANY ? " OR " : " ";

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		content += !w[i].stop;
	for (size_t i = 0; i < n && used < SK_MATCH_MAX_WORDS; i++) {
		size_t need;

		if (content && w[i].stop)
			continue;
		need = (used ? strlen(sep) : 0) + w[i].len + 2;
		if (pos + need + 1 > outlen)
			return -1;
		if (used) {
			memcpy(out + pos, sep, strlen(sep));
			pos += strlen(sep);
		}
		out[pos++] = '"';
		memcpy(out + pos, w[i].p, w[i].len);
		pos += w[i].len;
		out[pos++] = '"';
		out[pos] = '\0';
		used++;
	}
	return (int)used;
}

const char *store_fts_tsquery(struct arena *ar, const char *match)
{
	size_t len, pos = 0, words = 0;
	bool any = false;
	char *out;

	if (!match)
		return NULL;
	len = strlen(match);
	/* A byte of a word takes at most 2 ('' or \\), a separator of at
	 * least one byte 3 (" & "), a pair of quotes 2. */
	out = arena_alloc(ar, 3 * len + 4);
	for (const char *p = match; *p;) {
		if (*p == '"') {
			if (words++) {
				memcpy(out + pos, any ? " | " : " & ", 3);
				pos += 3;
			}
			any = false;
			out[pos++] = '\'';
			for (p++; *p; p++) {
				if (*p == '"' && p[1] == '"') {
					out[pos++] = *p++;
					continue;
				}
				if (*p == '"')
					break;
				if (*p == '\'' || *p == '\\')
					out[pos++] = *p;
				out[pos++] = *p;
			}
			out[pos++] = '\'';
			if (*p)
				p++;
		} else if (p[0] == 'O' && p[1] == 'R' &&
			   (p[2] == ' ' || p[2] == '"')) {
			any = true;
			p += 2;
		} else {
			p++; /* a space between words */
		}
	}
	out[pos] = '\0';
	return out;
}
