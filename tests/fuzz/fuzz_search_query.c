/* fuzz_search_query: what someone types into the social map's search box
 * (store/socialmap_query.c).  The first byte picks the mode (AND or OR)
 * and a size for a small output buffer; the rest is the search text, to
 * socialmap_match_expr, whose expression goes on to store_fts_tsquery, as
 * a search on PostgreSQL does.  The bare bytes go to store_fts_tsquery
 * too (the HSDS API passes its own quoted words there).
 *
 * Properties: with SK_MATCH_MAX room the expression is always made, with
 * at most SK_MATCH_MAX_WORDS words, each between two quotes and holding
 * none, joined by " " or " OR " only (user text never reaches FTS5 as
 * syntax); with less room it is made or refused (-1), never overrun; the
 * tsquery has one quoted literal per word, joined by " & " or " | ", and
 * stays within the room store_fts_tsquery reserves (3 n + 3 bytes). */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/socialmap_search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Check a made expression: n words "w" joined by sep; returns its words. */
static void check_expr(const char *e, int n, const char *sep)
{
	const char *p = e;
	int words = 0;

	while (*p) {
		if (words) {
			assert(strncmp(p, sep, strlen(sep)) == 0);
			p += strlen(sep);
		}
		assert(*p == '"');
		p = strchr(p + 1, '"');
		assert(p && p[-1] != '"'); /* a word is never empty */
		p++;
		words++;
	}
	assert(words == n);
}

/* A tsquery of n literals 'w' (quotes and backslashes doubled inside)
 * joined by " & " or " | ". */
static void check_tsquery(const char *t, int n)
{
	const char *p = t;
	int words = 0;

	while (*p) {
		if (words) {
			assert(strncmp(p, " & ", 3) == 0 || strncmp(p, " | ", 3) == 0);
			p += 3;
		}
		assert(*p++ == '\'');
		for (;; p++) {
			assert(*p);
			if ((*p == '\'' || *p == '\\') && p[1] == *p) {
				p++;
				continue;
			}
			if (*p == '\'')
				break;
		}
		p++;
		words++;
	}
	assert(words == n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[SK_MATCH_MAX], small[64], *q;
	enum sk_match_mode mode;
	struct arena ar;
	const char *t;
	size_t room;
	int n, m;

	if (size == 0 || size > SK_QUERY_MAX * 4)
		return 0;
	mode = data[0] & 1 ? SK_MATCH_ANY : SK_MATCH_ALL;
	room = 1 + (data[0] >> 1) % sizeof(small);
	q = malloc(size);
	memcpy(q, data + 1, size - 1);
	q[size - 1] = '\0';
	n = socialmap_match_expr(q, mode, out, sizeof(out));
	assert(n >= 0 && n <= SK_MATCH_MAX_WORDS);
	assert(strlen(out) < sizeof(out));
	check_expr(out, n, mode == SK_MATCH_ANY ? " OR " : " ");
	m = socialmap_match_expr(q, mode, small, room);
	assert(m == -1 || (m == n && strcmp(small, out) == 0));
	arena_init(&ar);
	t = store_fts_tsquery(&ar, out);
	check_tsquery(t, n);
	assert(strlen(t) <= 3 * strlen(out) + 3);
	t = store_fts_tsquery(&ar, q);
	assert(strlen(t) <= 3 * strlen(q) + 3);
	arena_clear(&ar);
	free(q);
	return 0;
}
