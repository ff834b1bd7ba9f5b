/* categories: a municipality's category tree read from a Signalen
 * category fixture (Django's dumpdata of signals.category, as Amsterdam
 * publishes it: ../shared/data/amsterdam-signalen-categorieen):
 *
 *   [{"pk": 1, "fields": {"slug": "grofvuil", "name": "Grofvuil",
 *     "parent": 78, "handling": "A3DEVOMC", "is_active": true}}, ...]
 *
 * Checked whole before anything is stored (import-categories, and the
 * bundled Amsterdam tree at the first start): two levels (a main
 * category, or a sub category of a main one), slugs of lower-case letters,
 * digits and single hyphens, unique pks and codes, names without control
 * characters, and limits on every size, so that no file can make the
 * importer slow or truncate a code.  SPDX-License-Identifier: EUPL-1.2 */
#ifndef WA_DOMAIN_CATEGORIES_H
#define WA_DOMAIN_CATEGORIES_H
#include <stdbool.h>
#include <stddef.h>

#define CATEGORIES_FILE_MAX (4u << 20) /* bytes */
#define CATEGORIES_MAX 1000	       /* records */
#define CATEGORY_SLUG_MAX 64
#define CATEGORY_NAME_MAX 200 /* bytes of UTF-8 */
#define CATEGORY_HANDLING_MAX 32

struct category_def {
	char code[2 * CATEGORY_SLUG_MAX + 2];	 /* "main" or "main/sub" */
	char parent[CATEGORY_SLUG_MAX + 1];	 /* "" for a main category */
	char name[CATEGORY_NAME_MAX + 1];
	char handling[CATEGORY_HANDLING_MAX + 1]; /* "" for none */
	bool active;
};

/* Parse json (len bytes) into *out (malloc'd, n records, main categories
 * before their subs; free() it).  0, or -1 with a message in err naming
 * the record, and *out NULL. */
int categories_parse(const char *json, size_t len, struct category_def **out,
		     size_t *n, char *err, size_t errlen);

#endif
