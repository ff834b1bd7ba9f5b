/* validate: our own checks of HSDS documents, each problem with its JSON
 * path: a scan of the raw text (depth, number of values, long strings)
 * before it is parsed, the HSDS 3.0 schema of every object (required
 * fields, types, allowed values, formats; schema_table.inc), and the
 * report the importer fills.  Also the small helpers the module shares:
 * paths, UUIDs and times. */
#include "hsds/hsds.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/token.h"
#include "base/utf8.h"
#include "base/util.h"

enum type { T_STRING, T_NUMBER, T_ARRAY, T_OBJECT };
enum format { F_NONE, F_UUID, F_URI, F_EMAIL, F_DATETIME };

struct field {
	const char *name;
	unsigned char type, format;
	bool required;
	signed char child; /* enum kind of nested objects, or -1 */
	const char *const *enums;
};

struct kind_def {
	const char *name;
	const struct field *fields;
	size_t n;
};

#include "hsds/schema_table.inc"

/* --- the report ------------------------------------------------------ */

void hsds_report_init(struct hsds_report *r, struct arena *ar)
{
	memset(r, 0, sizeof(*r));
	r->ar = ar;
}

/* Valid UTF-8 without control characters: parser messages quote the
 * document ("near '...'"), and reports go to JSON and terminals. */
static const char *printable(struct arena *ar, const char *s)
{
	char *t = (char *)utf8_sanitize(ar, s);

	for (char *p = t; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = '?';
	return t;
}

static void report_push(struct hsds_report *r, const char *path,
			const char *msg, int line, int column)
{
	struct hsds_error *e;

	if (r->nerrors >= HSDS_MAX_ERRORS) {
		r->truncated = true;
		return;
	}
	r->errors = arena_vec_grow(r->ar, r->errors, r->nerrors, &r->cap,
				   sizeof(*r->errors));
	e = &r->errors[r->nerrors++];
	e->path = printable(r->ar, path);
	e->message = printable(r->ar, msg);
	e->line = line;
	e->column = column;
}

void hsds_report_add(struct hsds_report *r, const char *path,
		     const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report_push(r, path, msg, 0, 0);
}

void hsds_report_print(const struct hsds_report *r, FILE *f)
{
	for (size_t i = 0; i < r->nerrors; i++)
		fprintf(f, "%s: %s\n", r->errors[i].path, r->errors[i].message);
	if (r->truncated)
		fprintf(f, "(more than %d problems; the first are shown)\n",
			HSDS_MAX_ERRORS);
}

static json_t *counts_json(const struct hsds_counts *c)
{
	return json_pack("{s:I, s:I}", "created", (json_int_t)c->created,
			 "updated", (json_int_t)c->updated);
}

json_t *hsds_report_counts_json(const struct hsds_report *r)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "organizations",
			 counts_json(&r->organizations), "services",
			 counts_json(&r->services), "taxonomies",
			 counts_json(&r->taxonomies), "taxonomy_terms",
			 counts_json(&r->taxonomy_terms));
}

json_t *hsds_report_errors_json(const struct hsds_report *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->nerrors; i++) {
		const struct hsds_error *e = &r->errors[i];
		json_t *o = json_pack("{s:s, s:s}", "path", e->path, "message",
				      e->message);

		if (e->line) {
			json_object_set_new(o, "line", json_integer(e->line));
			json_object_set_new(o, "column", json_integer(e->column));
		}
		json_array_append_new(a, o);
	}
	return a;
}

/* --- paths ----------------------------------------------------------- */

static bool plain_key(const char *k)
{
	if (!*k || (*k >= '0' && *k <= '9'))
		return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		      (*k >= '0' && *k <= '9') || *k == '_'))
			return false;
	return true;
}

/* $["odd key"]: printable ASCII only, at most 64 characters shown. */
const char *hsds_path_key(struct arena *ar, const char *path, const char *key)
{
	char q[80];
	size_t n = 0;

	if (plain_key(key) && strlen(key) <= 64)
		return arena_printf(ar, "%s.%s", path, key);
	for (const char *k = key; *k && n < sizeof(q) - 8; k++) {
		unsigned char c = (unsigned char)*k;

		if (n >= 64) {
			memcpy(q + n, "...", 3);
			n += 3;
			break;
		}
		if (c == '"' || c == '\\')
			q[n++] = '\\';
		q[n++] = (c < ' ' || c > '~') ? '?' : (char)c;
	}
	q[n] = '\0';
	return arena_printf(ar, "%s[\"%s\"]", path, q);
}

const char *hsds_path_index(struct arena *ar, const char *path, size_t i)
{
	return arena_printf(ar, "%s[%zu]", path, i);
}

/* A path made only when a problem is reported: a base text and a stack of
 * keys and indexes. */
struct vpath {
	const char *base;
	int n;
	struct {
		const char *key; /* NULL: index */
		size_t index;
	} seg[HSDS_MAX_DEPTH + 8];
};

static const char *vpath_str(struct arena *ar, const struct vpath *p)
{
	const char *s = p->base;

	for (int i = 0; i < p->n; i++)
		s = p->seg[i].key ? hsds_path_key(ar, s, p->seg[i].key)
				  : hsds_path_index(ar, s, p->seg[i].index);
	return s;
}

static bool vpath_push(struct vpath *p, const char *key, size_t index)
{
	if (p->n >= (int)ARRAY_SIZE(p->seg))
		return false;
	p->seg[p->n].key = key;
	p->seg[p->n].index = index;
	p->n++;
	return true;
}

static void vreport(struct hsds_report *r, const struct vpath *p,
		    const char *msg)
{
	if (r->nerrors >= HSDS_MAX_ERRORS) {
		r->truncated = true;
		return;
	}
	report_push(r, vpath_str(r->ar, p), msg, 0, 0);
}

/* --- formats --------------------------------------------------------- */

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

bool hsds_uuid_valid(const char *s)
{
	size_t i = 0;

	if (!s)
		return false;
	for (; i < 36 && s[i]; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !is_hex(s[i]))
			return false;
	}
	return i == 36 && !s[i];
}

void hsds_uuid_derive(char out[37], const char *const *parts, size_t n)
{
	static const char variant[] = "89ab";
	char h[33];
	size_t o = 0;

	token_hash_parts(h, parts, n);
	h[12] = '5';
	h[16] = variant[(h[16] >= 'a' ? h[16] - 'a' + 10 : h[16] - '0') & 3];
	for (int i = 0; i < 32; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[o++] = '-';
		out[o++] = h[i];
	}
	out[o] = '\0';
}

/* scheme ":" rest, printable ASCII without spaces or <>"{}|\^`, and
 * every % followed by two hex digits (what ajv-formats' "uri" needs). */
static bool uri_valid(const char *s)
{
	const char *p = s;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p++ != ':' || !*p)
		return false;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= ' ' || c >= 0x7f || strchr("<>\"{}|\\^`", c))
			return false;
		if (c == '%' && !(is_hex(p[1]) && is_hex(p[2])))
			return false;
	}
	return true;
}

static bool email_local_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

/* local@label.label: ajv-formats' "email" (dots inside the local part,
 * labels of letters, digits and inner hyphens, at least two labels). */
static bool email_valid(const char *s)
{
	const char *at = strrchr(s, '@'), *p;
	int labels = 0;

	if (!at || at == s || s[0] == '.' || at[-1] == '.')
		return false;
	for (p = s; p < at; p++)
		if (!(email_local_char(*p) || (*p == '.' && p[1] != '.')))
			return false;
	for (p = at + 1; *p;) {
		const char *l = p;

		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		       (*p >= '0' && *p <= '9') || *p == '-')
			p++;
		if (p == l || p - l > 63 || *l == '-' || p[-1] == '-')
			return false;
		labels++;
		if (*p == '.')
			p++;
		else if (*p)
			return false;
		else
			break;
	}
	return labels >= 2 && s[strlen(s) - 1] != '.';
}

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* YYYY-MM-DD into tm; returns the characters read or 0. */
static size_t parse_date(const char *s, struct tm *tm)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = digits(s, 4), m, d;

	if (y < 0 || s[4] != '-' || s[7] != '-')
		return 0;
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap(y) ? 1 : 0))
		return 0;
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	return 10;
}

/* HH:MM:SS[.frac](Z|+HH:MM|-HH:MM); *ms and *offset_s filled. */
static bool parse_time(const char *s, struct tm *tm, int *ms, long *offset_s)
{
	int h = digits(s, 2), mi, se, oh, om;
	const char *p = s + 8;

	if (h < 0 || s[2] != ':' || s[5] != ':')
		return false;
	mi = digits(s + 3, 2);
	se = digits(s + 6, 2);
	if (h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60)
		return false;
	*ms = 0;
	if (*p == '.') {
		int n = 0;

		for (p++; *p >= '0' && *p <= '9'; p++, n++)
			if (n < 3)
				*ms = *ms * 10 + (*p - '0');
		if (n == 0)
			return false;
		for (; n < 3; n++)
			*ms *= 10;
	}
	tm->tm_hour = h;
	tm->tm_min = mi;
	tm->tm_sec = se == 60 ? 59 : se;
	if ((*p == 'Z' || *p == 'z') && !p[1]) {
		*offset_s = 0;
		return true;
	}
	if ((*p != '+' && *p != '-') || p[3] != ':' || p[6])
		return false;
	oh = digits(p + 1, 2);
	om = digits(p + 4, 2);
	if (oh < 0 || oh > 23 || om < 0 || om > 59)
		return false;
	*offset_s = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
	return true;
}

static bool datetime_valid(const char *s)
{
	struct tm tm;
	int ms;
	long off;

	memset(&tm, 0, sizeof(tm));
	return strlen(s) >= 20 && parse_date(s, &tm) &&
	       (s[10] == 'T' || s[10] == 't' || s[10] == ' ') &&
	       parse_time(s + 11, &tm, &ms, &off);
}

int hsds_time_normalise(const char *in, char out[32])
{
	struct tm tm, u;
	int ms = 0;
	long off = 0;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (!in || strlen(in) > 40 || !parse_date(in, &tm))
		return -1;
	if (in[10] && !((in[10] == 'T' || in[10] == 't' || in[10] == ' ') &&
			parse_time(in + 11, &tm, &ms, &off)))
		return -1;
	t = timegm(&tm) - off;
	if (!gmtime_r(&t, &u) || u.tm_year + 1900 > 9999 || u.tm_year < -1899)
		return -1;
	if (strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &u) != 19)
		return -1;
	snprintf(out + 19, 13, ".%03uZ", (unsigned)ms % 1000u);
	return 0;
}

static bool format_ok(enum format f, const char *s)
{
	switch (f) {
	case F_UUID: return hsds_uuid_valid(s);
	case F_URI: return uri_valid(s);
	case F_EMAIL: return email_valid(s);
	case F_DATETIME: return datetime_valid(s);
	default: return true;
	}
}

static const char *format_name(enum format f)
{
	switch (f) {
	case F_UUID: return "a UUID";
	case F_URI: return "a URI with a scheme (https://...)";
	case F_EMAIL: return "an e-mail address";
	case F_DATETIME: return "a date-time with time zone (RFC 3339)";
	default: return "valid";
	}
}

/* --- the raw text ---------------------------------------------------- */

static void prescan_fail(struct hsds_report *r, int line, int col,
			 const char *msg)
{
	report_push(r, "$", msg, line, col);
}

/* Values are at most commas + opening brackets + 1; depth counts open
 * brackets; a string's raw length bounds its decoded length. */
int hsds_prescan(const char *text, size_t len, struct hsds_report *rep)
{
	size_t values = 1, strlen_raw = 0;
	int depth = 0, line = 1, col = 0;
	bool in_str = false, esc = false;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		col++;
		if (c == '\n') {
			line++;
			col = 0;
		}
		if (in_str) {
			if (++strlen_raw > (size_t)HSDS_MAX_STRING * 6) {
				prescan_fail(rep, line, col, "a string is too long");
				return -1;
			}
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"') {
			in_str = true;
			strlen_raw = 0;
		} else if (c == '{' || c == '[') {
			values++;
			if (++depth > HSDS_MAX_DEPTH) {
				char m[96];

				snprintf(m, sizeof(m), "nested deeper than %d levels",
					 HSDS_MAX_DEPTH);
				prescan_fail(rep, line, col, m);
				return -1;
			}
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (c == ',') {
			values++;
		}
		if (values > HSDS_MAX_VALUES) {
			char m[96];

			snprintf(m, sizeof(m), "more than %d values in one document",
				 HSDS_MAX_VALUES);
			prescan_fail(rep, line, col, m);
			return -1;
		}
	}
	return 0;
}

/* --- schema ---------------------------------------------------------- */

static int kind_index(const char *name)
{
	for (int i = 0; i < K_COUNT; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return i;
	return -1;
}

static const char *type_name(unsigned char t)
{
	switch (t) {
	case T_STRING: return "a string";
	case T_NUMBER: return "a number";
	case T_ARRAY: return "an array";
	default: return "an object";
	}
}

static bool type_ok(unsigned char t, const json_t *v)
{
	switch (t) {
	case T_STRING: return json_is_string(v);
	case T_NUMBER: return json_is_number(v);
	case T_ARRAY: return json_is_array(v);
	default: return json_is_object(v);
	}
}

static bool in_enum(const char *const *e, const char *s)
{
	for (; *e; e++)
		if (strcmp(*e, s) == 0)
			return true;
	return false;
}

static size_t check_object(int k, json_t *obj, struct vpath *p,
			   struct hsds_report *r);

static size_t check_value(const struct field *f, json_t *v, struct vpath *p,
			  struct hsds_report *r)
{
	char msg[160];
	size_t bad = 0;

	if (!type_ok(f->type, v)) {
		snprintf(msg, sizeof(msg), "must be %s", type_name(f->type));
		vreport(r, p, msg);
		return 1;
	}
	if (f->type == T_STRING && f->enums &&
	    !in_enum(f->enums, json_string_value(v))) {
		vreport(r, p, "is not one of the allowed values");
		return 1;
	}
	if (f->type == T_STRING && f->format &&
	    !format_ok((enum format)f->format, json_string_value(v))) {
		snprintf(msg, sizeof(msg), "must be %s",
			 format_name((enum format)f->format));
		vreport(r, p, msg);
		return 1;
	}
	if (f->type == T_OBJECT && f->child >= 0)
		return check_object(f->child, v, p, r);
	if (f->type == T_ARRAY && f->child >= 0) {
		size_t i;
		json_t *item;

		json_array_foreach(v, i, item) {
			if (!vpath_push(p, NULL, i))
				break;
			bad += check_object(f->child, item, p, r);
			p->n--;
		}
	}
	return bad;
}

static size_t check_object(int k, json_t *obj, struct vpath *p,
			   struct hsds_report *r)
{
	const struct kind_def *d = &kinds[k];
	size_t bad = 0;

	if (!json_is_object(obj)) {
		vreport(r, p, json_is_null(obj) ? "must be an object, not null"
						: "must be an object");
		return 1;
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct field *f = &d->fields[i];
		json_t *v = json_object_get(obj, f->name);

		if (v && json_is_null(v)) {
			json_object_del(obj, f->name);
			v = NULL;
		}
		if (!vpath_push(p, f->name, 0))
			return bad + 1;
		if (!v && f->required) {
			vreport(r, p, "is required");
			bad++;
		} else if (v) {
			bad += check_value(f, v, p, r);
		}
		p->n--;
	}
	return bad;
}

/* Every string of the value, wherever it is, within HSDS_MAX_STRING. */
static size_t check_strings(json_t *v, struct vpath *p, struct hsds_report *r)
{
	const char *key;
	json_t *x;
	size_t i, bad = 0;

	if (json_is_string(v) && json_string_length(v) > HSDS_MAX_STRING) {
		char msg[96];

		snprintf(msg, sizeof(msg), "is longer than %d bytes",
			 HSDS_MAX_STRING);
		vreport(r, p, msg);
		return 1;
	}
	if (json_is_object(v)) {
		json_object_foreach(v, key, x) {
			if (strlen(key) > HSDS_MAX_STRING) {
				vreport(r, p, "has a key that is too long");
				return bad + 1;
			}
			if (!vpath_push(p, key, 0))
				return bad + 1;
			bad += check_strings(x, p, r);
			p->n--;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			if (!vpath_push(p, NULL, i))
				return bad + 1;
			bad += check_strings(x, p, r);
			p->n--;
		}
	}
	return bad;
}

/* CSV cells have no types: a number where the table has a string
 * becomes its text, a text holding a number where it has a number
 * becomes the number. */
void hsds_coerce_row(const char *kind, json_t *row)
{
	int k = kind_index(kind);

	for (size_t i = 0; k >= 0 && json_is_object(row) && i < kinds[k].n; i++) {
		const struct field *f = &kinds[k].fields[i];
		json_t *v = json_object_get(row, f->name);
		char buf[64], *end;
		double d;

		if (f->type == T_STRING && json_is_integer(v)) {
			snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT,
				 json_integer_value(v));
			json_object_set_new(row, f->name, json_string(buf));
		} else if (f->type == T_STRING && json_is_real(v)) {
			snprintf(buf, sizeof(buf), "%.17g", json_real_value(v));
			json_object_set_new(row, f->name, json_string(buf));
		} else if (f->type == T_NUMBER && json_is_string(v) &&
			   json_string_length(v) < 40) {
			const char *s = json_string_value(v);

			d = strtod(s, &end);
			if (end != s && !*end && strspn(s, "0123456789") == strlen(s))
				json_object_set_new(row, f->name,
						    json_integer(strtoll(s, NULL, 10)));
			else if (end != s && !*end && isfinite(d))
				json_object_set_new(row, f->name, json_real(d));
		}
	}
}

size_t hsds_validate(const char *kind, json_t *obj, const char *path,
		     struct hsds_report *rep)
{
	struct vpath p;
	int k = kind_index(kind);
	size_t bad;

	assert(k >= 0); /* callers name the kinds of schema_table.inc */
	p.base = path;
	p.n = 0;
	bad = check_strings(obj, &p, rep);
	p.n = 0;
	return bad + check_object(k, obj, &p, rep);
}
