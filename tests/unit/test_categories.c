/* test_categories: the category fixture reader (domain/categories.c) on
 * Amsterdam's real tree and on hostile files: each refused whole, with a
 * message that names the record.  SPDX-License-Identifier: EUPL-1.2 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domain/categories.h"

#define REAL "../shared/data/amsterdam-signalen-categorieen/categories.json"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc(*len + 1);
	if (fread(b, 1, *len, f) != *len) {
		free(b);
		b = NULL;
	}
	fclose(f);
	return b;
}

static int parse(const char *json, struct category_def **d, size_t *n,
		 char *err)
{
	return categories_parse(json, strlen(json), d, n, err, 256);
}

/* Amsterdam's published tree: 86 records, the subs after their mains,
 * "main/sub" codes. */
static void test_real(void **state)
{
	struct category_def *d;
	size_t len, n;
	char err[256] = "";
	char *json = slurp(REAL, &len);
	int seen_sub = 0;

	(void)state;
	if (!json)
		json = slurp("../" REAL, &len);
	assert_non_null(json);
	assert_int_equal(categories_parse(json, len, &d, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 86);
	for (size_t i = 0; i < n; i++) {
		if (!d[i].parent[0]) {
			assert_int_equal(seen_sub, 0); /* mains first */
			assert_null(strchr(d[i].code, '/'));
			continue;
		}
		seen_sub = 1;
		assert_int_equal(strncmp(d[i].code, d[i].parent, strlen(d[i].parent)), 0);
		assert_int_equal(d[i].code[strlen(d[i].parent)], '/');
	}
	free(d);
	free(json);
}

static void refused(const char *json, const char *why)
{
	struct category_def *d = (void *)1;
	size_t n = 99;
	char err[256] = "";

	assert_int_equal(parse(json, &d, &n, err), -1);
	assert_null(d);
	assert_int_equal(n, 0);
	if (!strstr(err, why))
		fail_msg("%s: expected '%s' in '%s'", json, why, err);
}

#define REC(pk, slug, parent) \
	"{\"pk\": " #pk ", \"fields\": {\"slug\": \"" slug "\", \"name\": \"N\", \"parent\": " parent "}}"

static void test_hostile(void **state)
{
	(void)state;
	refused("", "line 1");
	refused("{}", "not an array");
	refused("[]", "0 records");
	refused("[1]", "record 1: is not an object");
	refused("[{\"pk\": 1}]", "record 1: is not an object with");
	refused("[{\"pk\": -1, \"fields\": {}}]", "positive integer");
	refused("[" REC(1, "Hoofd", "null") "]", "\"slug\"");
	refused("[" REC(1, "a--b", "null") "]", "\"slug\"");
	refused("[" REC(1, "-a", "null") "]", "\"slug\"");
	refused("[" REC(1, "a/b", "null") "]", "\"slug\"");
	refused("[" REC(1, "a", "null") "," REC(1, "b", "null") "]",
		"record 2: has the \"pk\" of an earlier");
	refused("[" REC(1, "a", "7") "]", "unknown \"parent\"");
	refused("[" REC(1, "a", "null") "," REC(2, "b", "1") "," REC(3, "c", "2") "]",
		"record 3: has a sub category as its parent");
	refused("[" REC(1, "a", "null") "," REC(2, "a", "null") "]", "the code a occurs twice");
	refused("[" REC(1, "a", "\"x\"") "]", "\"parent\" must be");
	refused("[{\"pk\": 1, \"fields\": {\"slug\": \"a\", \"name\": \"a\\u0007b\"}}]",
		"\"name\"");
	refused("[{\"pk\": 1, \"fields\": {\"slug\": \"a\", \"name\": \"\"}}]", "\"name\"");
	refused("[{\"pk\": 1, \"fields\": {\"slug\": \"a\", \"name\": \"a\", "
		"\"is_active\": 1}}]", "is_active");
	refused("[{\"pk\": 1, \"pk\": 2, \"fields\": {}}]", "duplicate");
}

/* A slug of 65 characters, a name of 201 bytes, 1,001 records, a file of
 * more than 4 MB: each refused. */
static void test_limits(void **state)
{
	struct buf b;
	char slug[80], name[260];

	(void)state;
	memset(slug, 'a', 65);
	slug[65] = 0;
	buf_init(&b, 1 << 24);
	buf_addf(&b, "[{\"pk\": 1, \"fields\": {\"slug\": \"%s\", \"name\": \"n\"}}]", slug);
	refused(buf_str(&b), "\"slug\"");
	slug[64] = 0; /* 64: fine */
	buf_reset(&b);
	buf_addf(&b, "[{\"pk\": 1, \"fields\": {\"slug\": \"%s\", \"name\": \"n\"}}]", slug);
	{
		struct category_def *d;
		size_t n;
		char err[256];

		assert_int_equal(parse(buf_str(&b), &d, &n, err), 0);
		assert_string_equal(d[0].code, slug);
		free(d);
	}
	memset(name, 'x', 201);
	name[201] = 0;
	buf_reset(&b);
	buf_addf(&b, "[{\"pk\": 1, \"fields\": {\"slug\": \"a\", \"name\": \"%s\"}}]", name);
	refused(buf_str(&b), "\"name\"");
	buf_reset(&b);
	buf_adds(&b, "[");
	for (int i = 1; i <= CATEGORIES_MAX + 1; i++)
		buf_addf(&b, "%s{\"pk\": %d, \"fields\": {\"slug\": \"c%d\", \"name\": \"n\"}}",
			 i > 1 ? "," : "", i, i);
	buf_adds(&b, "]");
	refused(buf_str(&b), "1001 records");
	{
		struct category_def *d = NULL;
		size_t n;
		char err[256] = "";

		assert_int_equal(categories_parse(buf_str(&b), CATEGORIES_FILE_MAX + 1,
						  &d, &n, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "larger than"));
	}
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
