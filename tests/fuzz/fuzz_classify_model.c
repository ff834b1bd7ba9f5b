/* fuzz_classify_model: classify_load (text/classify.h) on arbitrary
 * bytes, as a model blob arrives from the database (another instance,
 * an older version, a damaged row).
 *
 * Properties checked beyond "no crash, no sanitizer report":
 *   - a refusal gives a reason, an acceptance none;
 *   - an accepted model is within the limits, saves to exactly the bytes
 *     it was loaded from, and ranks a text with probabilities in [0, 1]
 *     that sum to 1 and words that are words of the text. */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/classify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char text[] = "De lantaarnpaal brandt niet, grofvuil bij de container";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	struct classify_model *m = classify_load(data, size, &why);
	struct classify_guess g[CLASSIFY_CLASSES_MAX];
	unsigned char *again;
	size_t len, n;
	double sum = 0;

	if (!m) {
		assert(why != NULL);
		return 0;
	}
	assert(why == NULL);
	assert(classify_nclasses(m) >= 2 && classify_nclasses(m) <= CLASSIFY_CLASSES_MAX);
	again = classify_save(m, &len);
	assert(len == size && memcmp(again, data, size) == 0);
	free(again);
	n = (size_t)classify_rank(m, text, sizeof(text) - 1, g, CLASSIFY_CLASSES_MAX);
	for (size_t i = 0; i < n; i++) {
		assert(g[i].p >= 0 && g[i].p <= 1);
		sum += g[i].p;
		for (int w = 0; w < g[i].nwords; w++)
			assert(strstr(text, g[i].words[w]) != NULL);
	}
	assert(n == 0 || fabs(sum - 1.0) < 1e-6);
	classify_free(m);
	return 0;
}
