/* fuzz_classify_text: a resident's text through the category suggestion
 * (classify_words, classify_rank, classify_suggest in text/classify.h):
 * any byte, any length, as GET /api/v1/categories/suggest?text= and the
 * form pass it on.  The model is trained once on a small Dutch set (the
 * training path reads the same words).
 *
 * Properties checked beyond "no crash, no sanitizer report":
 *   - at most CLASSIFY_TOKENS_MAX words; every word and stem is within
 *     the text's bounds or the stem buffer, non-empty;
 *   - every word of a guess is a substring of the text, at most
 *     CLASSIFY_WORD_MAX bytes;
 *   - probabilities descend and lie in [0, 1];
 *   - a suggestion reaches the threshold and has a word;
 *   - the same text gives the same answer twice. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/classify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct classify_example toy[] = {
	{"De lantaarnpaal brandt niet, het is donker", "licht"},
	{"Straatverlichting kapot, lampen uit", "licht"},
	{"Grofvuil naast de container", "afval"},
	{"Vuilniszakken bij de container, container vol", "afval"},
	{"Losse stoeptegel op de stoep", "stoep"},
	{"Stoeptegels verzakt, gat in de stoep", "stoep"},
};

static struct classify_model *model(void)
{
	static struct classify_model *m;
	struct classify_options o = {CLASSIFY_LR, CLASSIFY_DUTCH, 0.9, 10, 1e-5};
	struct classify_figures f;

	if (!m)
		m = classify_build(toy, sizeof(toy) / sizeof(toy[0]), NULL, 0, &o,
				   false, &f);
	return m;
}

struct span {
	const char *text;
	size_t len;
};

static void check_word(void *ctx, const char *stem, size_t sl, const char *w,
		       size_t wl)
{
	struct span *s = ctx;

	assert(sl > 0 && strlen(stem) == sl);
	assert(wl > 0 && wl <= CLASSIFY_WORD_MAX);
	assert(w >= s->text && w + wl <= s->text + s->len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct classify_model *m = model();
	char *text = malloc(size + 1);
	struct classify_guess g[3], h[3];
	struct span s = {text, size};
	int n, words;

	memcpy(text, data, size);
	text[size] = '\0';
	words = classify_words(CLASSIFY_DUTCH, text, size, check_word, &s);
	assert(words >= 0 && words <= CLASSIFY_TOKENS_MAX);
	n = classify_rank(m, text, size, g, 3);
	assert(n >= 0 && n <= 3);
	for (int i = 0; i < n; i++) {
		assert(g[i].p >= 0 && g[i].p <= 1);
		assert(i == 0 || g[i].p <= g[i - 1].p);
		for (int k = 0; k < g[i].nwords; k++) {
			assert(strlen(g[i].words[k]) <= CLASSIFY_WORD_MAX);
			assert(memmem(text, size, g[i].words[k], strlen(g[i].words[k])));
		}
	}
	assert(classify_rank(m, text, size, h, 3) == n);
	for (int i = 0; i < n; i++)
		assert(h[i].cls == g[i].cls && h[i].p == g[i].p);
	if (classify_suggest(m, text, size, h))
		assert(h[0].p >= classify_threshold(m) && h[0].nwords > 0);
	free(text);
	return 0;
}
