/* fuzz_categories: categories_parse (domain/categories.c), the reader of
 * import-categories' Signalen fixtures, on arbitrary bytes.
 *
 * Properties: on success every record has a valid code ("slug" or
 * "slug/slug" whose first part is its parent), a name, and the main
 * categories come before the subs; on failure nothing is returned and the
 * message is not empty.  SPDX-License-Identifier: EUPL-1.2 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/categories.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct category_def *d = NULL;
	size_t n = 99;
	char err[256] = "";
	bool subs = false;

	if (categories_parse((const char *)data, size, &d, &n, err, sizeof(err)) != 0) {
		assert(!d && n == 0 && err[0]);
		return 0;
	}
	assert(d && n > 0 && n <= CATEGORIES_MAX);
	for (size_t i = 0; i < n; i++) {
		size_t pl = strlen(d[i].parent);

		assert(d[i].code[0] && d[i].name[0]);
		if (!pl) {
			assert(!subs && !strchr(d[i].code, '/'));
			continue;
		}
		subs = true;
		assert(strncmp(d[i].code, d[i].parent, pl) == 0 && d[i].code[pl] == '/');
		assert(!strchr(d[i].code + pl + 1, '/'));
	}
	free(d);
	return 0;
}
