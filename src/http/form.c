/* form: see form.h.  A cursor over `key=value&key=value`. */
#include "form.h"

#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *form_decode(struct arena *a, const char *s, size_t len, int plus)
{
	char *out = arena_alloc(a, len + 1), *o = out;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= len)
				return NULL;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return NULL;
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '+' && plus) {
			*o++ = ' ';
		} else if (s[i] == '\0') {
			return NULL;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static enum err form_add(struct arena *a, struct form *f, const char *s,
			 size_t len, const char **msg)
{
	const char *eq = memchr(s, '=', len);
	size_t klen = eq ? (size_t)(eq - s) : len;
	struct kv *kv;

	if (f->n >= FORM_MAX_FIELDS) {
		*msg = "too many fields";
		return ERR_TOO_LARGE;
	}
	if (klen == 0 || klen > FORM_MAX_KEY * 3) {
		*msg = klen ? "field name too long" : "empty field name";
		return ERR_INVALID;
	}
	kv = &f->fields[f->n];
	kv->key = form_decode(a, s, klen, 1);
	kv->value = eq ? form_decode(a, eq + 1, len - klen - 1, 1) : "";
	if (!kv->key || !kv->value) {
		*msg = "bad percent-encoding";
		return ERR_INVALID;
	}
	if (strlen(kv->key) > FORM_MAX_KEY) {
		*msg = "field name too long";
		return ERR_INVALID;
	}
	f->n++;
	return ERR_OK;
}

enum err form_parse(struct arena *a, const char *s, size_t len, struct form *out,
		    const char **msg)
{
	size_t start = 0;
	enum err e;

	out->fields = arena_alloc(a, FORM_MAX_FIELDS * sizeof(struct kv));
	out->n = 0;
	*msg = NULL;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '&')
			continue;
		if (i > start) {
			e = form_add(a, out, s + start, i - start, msg);
			if (e != ERR_OK)
				return e;
		}
		start = i + 1;
	}
	return ERR_OK;
}

const char *form_get(const struct form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].key, key) == 0)
			return f->fields[i].value;
	return NULL;
}

size_t form_count(const struct form *f, const char *key)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += strcmp(f->fields[i].key, key) == 0;
	return n;
}
