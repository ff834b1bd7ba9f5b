/* categories: see categories.h. */
#include "categories.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool slug_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > CATEGORY_SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '-' ? s[i + 1] == '-'
			     : !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

/* Valid UTF-8 is jansson's; no control characters (C0, DEL, C1). */
static bool text_ok(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f ||
		    (c == 0xc2 && (unsigned char)s[i + 1] >= 0x80 &&
		     (unsigned char)s[i + 1] <= 0x9f))
			return false;
	}
	return true;
}

static int fail(char *err, size_t errlen, size_t i, const char *what)
{
	snprintf(err, errlen, "categories: record %zu: %s", i + 1, what);
	return -1;
}

/* One record's own fields into d (code still the slug); *pk and *parent
 * (0: none) for the second pass. */
static int read_record(json_t *rec, size_t i, struct category_def *d,
		       json_int_t *pk, json_int_t *parent, char *err,
		       size_t errlen)
{
	json_t *f = json_object_get(rec, "fields"), *p, *h, *a;
	const char *slug, *name;

	if (!json_is_object(rec) || !json_is_object(f))
		return fail(err, errlen, i, "is not an object with \"fields\"");
	if (!json_is_integer(json_object_get(rec, "pk")) ||
	    (*pk = json_integer_value(json_object_get(rec, "pk"))) <= 0)
		return fail(err, errlen, i, "has no positive integer \"pk\"");
	slug = json_string_value(json_object_get(f, "slug"));
	if (!slug_ok(slug))
		return fail(err, errlen, i,
			    "\"slug\" must be 1 to 64 lower-case letters, digits "
			    "and single hyphens");
	name = json_string_value(json_object_get(f, "name"));
	if (!text_ok(name, CATEGORY_NAME_MAX))
		return fail(err, errlen, i,
			    "\"name\" must be 1 to 200 bytes without control characters");
	p = json_object_get(f, "parent");
	if (p && !json_is_null(p) && (!json_is_integer(p) || json_integer_value(p) <= 0))
		return fail(err, errlen, i, "\"parent\" must be a pk or null");
	*parent = json_is_integer(p) ? json_integer_value(p) : 0;
	h = json_object_get(f, "handling");
	if (h && !json_is_null(h) &&
	    (!json_is_string(h) ||
	     (json_string_length(h) && !text_ok(json_string_value(h), CATEGORY_HANDLING_MAX))))
		return fail(err, errlen, i, "\"handling\" must be a short text");
	a = json_object_get(f, "is_active");
	if (a && !json_is_boolean(a))
		return fail(err, errlen, i, "\"is_active\" must be true or false");
	memset(d, 0, sizeof(*d));
	snprintf(d->code, sizeof(d->code), "%s", slug);
	snprintf(d->name, sizeof(d->name), "%s", name);
	if (json_is_string(h))
		snprintf(d->handling, sizeof(d->handling), "%s", json_string_value(h));
	d->active = !a || json_is_true(a);
	return 0;
}

static int cmp_pk(const void *a, const void *b)
{
	const json_int_t *x = a, *y = b;

	return (x[0] > y[0]) - (x[0] < y[0]);
}

/* The index of pk in the sorted (pk, index) pairs, or -1. */
static long find_pk(const json_int_t *pairs, size_t n, json_int_t pk)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pairs[2 * mid] == pk)
			return (long)pairs[2 * mid + 1];
		if (pairs[2 * mid] < pk)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int cmp_code(const void *a, const void *b)
{
	const struct category_def *x = a, *y = b;

	return strcmp(x->code, y->code);
}

static int parse(json_t *all, struct category_def *d, json_int_t *pk,
		 json_int_t *parent, json_int_t *pairs, size_t n, char *err,
		 size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (read_record(json_array_get(all, i), i, &d[i], &pk[i],
				&parent[i], err, errlen) != 0)
			return -1;
		pairs[2 * i] = pk[i];
		pairs[2 * i + 1] = (json_int_t)i;
	}
	qsort(pairs, n, 2 * sizeof(*pairs), cmp_pk);
	for (size_t i = 1; i < n; i++)
		if (pairs[2 * i] == pairs[2 * i - 2])
			return fail(err, errlen, (size_t)pairs[2 * i + 1],
				    "has the \"pk\" of an earlier record");
	/* slugs first: a parent's code is its slug */
	for (size_t i = 0; i < n; i++) {
		long p;

		if (!parent[i])
			continue;
		if ((p = find_pk(pairs, n, parent[i])) < 0)
			return fail(err, errlen, i, "has an unknown \"parent\"");
		if (parent[p])
			return fail(err, errlen, i,
				    "has a sub category as its parent (two levels only)");
		/* d[p].code is still its slug here */
		snprintf(d[i].parent, sizeof(d[i].parent), "%.*s",
			 CATEGORY_SLUG_MAX, d[p].code);
	}
	for (size_t i = 0; i < n; i++)
		if (d[i].parent[0]) {
			char sub[CATEGORY_SLUG_MAX + 1];

			snprintf(sub, sizeof(sub), "%.*s", CATEGORY_SLUG_MAX, d[i].code);
			snprintf(d[i].code, sizeof(d[i].code), "%s/%s", d[i].parent, sub);
		}
	return 0;
}

/* Main categories first (stable), so each parent is stored before its
 * subs. */
static void mains_first(struct category_def *d, size_t n)
{
	struct category_def *tmp = malloc((n ? n : 1) * sizeof(*tmp));
	size_t k = 0;

	if (!tmp)
		return;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if ((d[i].parent[0] != 0) == (pass == 1))
				tmp[k++] = d[i];
	memcpy(d, tmp, n * sizeof(*d));
	free(tmp);
}

int categories_parse(const char *json, size_t len, struct category_def **out,
		     size_t *n, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *all;
	struct category_def *d = NULL, *sorted = NULL;
	json_int_t *pk = NULL, *parent = NULL, *pairs = NULL;
	size_t count;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (len > CATEGORIES_FILE_MAX) {
		snprintf(err, errlen, "categories: the file is larger than %u bytes",
			 CATEGORIES_FILE_MAX);
		return -1;
	}
	all = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_array(all)) {
		snprintf(err, errlen, "categories: line %d column %d: %s", jerr.line,
			 jerr.column, all ? "not an array" : jerr.text);
		json_decref(all);
		return -1;
	}
	count = json_array_size(all);
	if (count == 0 || count > CATEGORIES_MAX) {
		snprintf(err, errlen, "categories: %zu records (1 to %d allowed)",
			 count, CATEGORIES_MAX);
		json_decref(all);
		return -1;
	}
	d = calloc(count, sizeof(*d));
	pk = calloc(count, sizeof(*pk));
	parent = calloc(count, sizeof(*parent));
	pairs = calloc(2 * count, sizeof(*pairs));
	sorted = calloc(count, sizeof(*sorted));
	if (!d || !pk || !parent || !pairs || !sorted) {
		snprintf(err, errlen, "categories: out of memory");
		goto done;
	}
	if (parse(all, d, pk, parent, pairs, count, err, errlen) != 0)
		goto done;
	memcpy(sorted, d, count * sizeof(*d));
	qsort(sorted, count, sizeof(*sorted), cmp_code);
	for (size_t i = 1; i < count; i++)
		if (strcmp(sorted[i].code, sorted[i - 1].code) == 0) {
			snprintf(err, errlen, "categories: the code %s occurs twice",
				 sorted[i].code);
			goto done;
		}
	mains_first(d, count);
	*out = d;
	*n = count;
	d = NULL;
	rc = 0;
done:
	free(d);
	free(pk);
	free(parent);
	free(pairs);
	free(sorted);
	json_decref(all);
	return rc;
}
