/* population: see population.h.  A line at a time: each line is copied
 * into one buffer (at most POP_MAX_LINE), checked for UTF-8 and split in
 * place; only the two columns that matter are kept. */
#include "population.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

struct reader {
	const char *data;
	size_t len, pos, line;
	char *buf; /* the current line, NUL-terminated */
	char delim;
	char **fields;
	size_t nfields;
	struct pop_error *err;
};

static enum err fail(struct reader *r, enum err e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum err fail(struct reader *r, enum err e, const char *fmt, ...)
{
	va_list ap;

	r->err->line = r->line;
	va_start(ap, fmt);
	vsnprintf(r->err->msg, sizeof(r->err->msg), fmt, ap);
	va_end(ap);
	return e;
}

/* The next line into r->buf, without its CR LF; ERR_NOT_FOUND at the
 * end of the data. */
static enum err next_line(struct reader *r)
{
	const char *start = r->data + r->pos, *nl;
	size_t n;

	if (r->pos >= r->len)
		return ERR_NOT_FOUND;
	nl = memchr(start, '\n', r->len - r->pos);
	n = nl ? (size_t)(nl - start) : r->len - r->pos;
	r->pos += n + (nl ? 1 : 0);
	r->line++;
	if (n > 0 && start[n - 1] == '\r')
		n--;
	if (n > POP_MAX_LINE)
		return fail(r, ERR_TOO_LARGE, "line longer than %zu bytes",
			    POP_MAX_LINE);
	if (memchr(start, '\0', n))
		return fail(r, ERR_INVALID, "a NUL byte");
	memcpy(r->buf, start, n);
	r->buf[n] = '\0';
	for (const unsigned char *p = (const unsigned char *)r->buf; *p;) {
		size_t k = utf8_seq_len(p);

		if (!k)
			return fail(r, ERR_INVALID, "not UTF-8 (byte %zu)",
				    (size_t)(p - (const unsigned char *)r->buf) + 1);
		p += k;
	}
	return ERR_OK;
}

static bool blank(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	return *s == '\0';
}

/* ';' or ',' as it occurs more often outside quotes; a tab when neither
 * occurs. */
static char detect_delim(const char *s)
{
	size_t semi = 0, comma = 0, tab = 0;
	bool q = false;

	for (; *s; s++) {
		if (*s == '"')
			q = !q;
		else if (!q && *s == ';')
			semi++;
		else if (!q && *s == ',')
			comma++;
		else if (!q && *s == '\t')
			tab++;
	}
	if (!semi && !comma && tab)
		return '\t';
	return comma > semi ? ',' : ';';
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/* Split r->buf in place; quoted fields lose their quotes and "" is ". */
static enum err split(struct reader *r)
{
	char *p = r->buf, *w;

	r->nfields = 0;
	for (;;) {
		if (r->nfields == POP_MAX_FIELDS)
			return fail(r, ERR_TOO_LARGE, "more than %d fields",
				    POP_MAX_FIELDS);
		while (*p == ' ' || (*p == '\t' && r->delim != '\t'))
			p++;
		r->fields[r->nfields++] = w = p;
		if (*p == '"') {
			for (p++;; p++) {
				if (*p == '\0')
					return fail(r, ERR_INVALID,
						    "a quote not closed on its line "
						    "(field %zu)", r->nfields);
				if (*p == '"' && p[1] == '"')
					p++;
				else if (*p == '"')
					break;
				*w++ = *p;
			}
			p++;
			while (*p == ' ' || (*p == '\t' && r->delim != '\t'))
				p++;
			if (*p && *p != r->delim)
				return fail(r, ERR_INVALID,
					    "text after a closing quote (field %zu)",
					    r->nfields);
		} else {
			while (*p && *p != r->delim) {
				if (*p == '"')
					return fail(r, ERR_INVALID,
						    "a quote inside an unquoted field "
						    "(field %zu)", r->nfields);
				*w++ = *p++;
			}
		}
		if (*p == '\0') {
			*w = '\0';
			break;
		}
		*w = '\0';
		p++;
	}
	for (size_t i = 0; i < r->nfields; i++)
		r->fields[i] = trim(r->fields[i]);
	return ERR_OK;
}

/* Lower-case letters and digits only. */
static void header_key(const char *s, char *out, size_t max)
{
	size_t n = 0;

	for (; *s && n + 1 < max; s++)
		if (isalnum((unsigned char)*s))
			out[n++] = (char)tolower((unsigned char)*s);
	out[n] = '\0';
}

static const char *const code_names[] = {
	"codering3", "codering", "wijkenenbuurten", "gwbcode10", "gwbcode",
	"regioaanduidingcoderingcode", "code"};
static const char *const inhabitant_names[] = {
	"aantalinwoners5", "aantalinwoners", "aantinw",
	"bevolkingaantalinwonersaantal", "inwoners"};

/* The column of the first name in names that the header has, or -1. */
static long find_column(struct reader *r, const char *const *names, size_t n)
{
	char key[64];

	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < r->nfields; c++) {
			header_key(r->fields[c], key, sizeof(key));
			if (strcmp(key, names[i]) == 0)
				return (long)c;
		}
	return -1;
}

static bool code_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > POP_CODE_MAX)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

static bool four_digits(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* A CBS code (BU/WK + 4 digits + rest, GM + 4 digits) or our own; other
 * is set for a CBS code of another municipality, or a region code (NL,
 * PV, LD, CR, ...) with digits. */
static void classify(const char *code, const char *muni_digits,
		     struct pop_row *row, bool *other)
{
	size_t n = strlen(code);

	*other = false;
	row->level = NULL;
	if (n > 6 && (strncmp(code, "BU", 2) == 0 || strncmp(code, "WK", 2) == 0) &&
	    four_digits(code + 2)) {
		if (strncmp(code + 2, muni_digits, 4) != 0) {
			*other = true;
			return;
		}
		row->level = code[0] == 'B' ? "buurt" : "wijk";
		snprintf(row->code, sizeof(row->code), "%s", code + 6);
		return;
	}
	if (n == 6 && strncmp(code, "GM", 2) == 0 && four_digits(code + 2)) {
		if (strncmp(code + 2, muni_digits, 4) != 0) {
			*other = true;
			return;
		}
		row->level = "gemeente";
	} else if (n == 4 && isdigit((unsigned char)code[2]) &&
		   isdigit((unsigned char)code[3]) &&
		   (strncmp(code, "NL", 2) == 0 || strncmp(code, "PV", 2) == 0 ||
		    strncmp(code, "LD", 2) == 0)) {
		*other = true; /* Nederland, a provincie, a landsdeel */
		return;
	}
	snprintf(row->code, sizeof(row->code), "%s", code);
}

/* -1: no figure; -2: not a whole number in range. */
static int64_t inhabitants(const char *s)
{
	int64_t v = 0;

	if (!*s || strcmp(s, ".") == 0 || strcmp(s, "x") == 0 ||
	    strcmp(s, "-") == 0 || strcmp(s, "?") == 0)
		return -1;
	if (strlen(s) > 9)
		return -2;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -2;
		v = v * 10 + (*s - '0');
	}
	return v <= POP_MAX_INHABITANTS ? v : -2;
}

static int row_cmp(const void *a, const void *b)
{
	const struct pop_row *x = a, *y = b;
	int c = strcmp(x->code, y->code);

	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

static enum err no_duplicates(struct reader *r, struct pop_table *t)
{
	struct pop_row *s;

	if (t->n < 2)
		return ERR_OK;
	s = malloc(t->n * sizeof(*s));
	if (!s)
		abort();
	memcpy(s, t->rows, t->n * sizeof(*s));
	qsort(s, t->n, sizeof(*s), row_cmp);
	for (size_t i = 1; i < t->n; i++)
		if (strcmp(s[i].code, s[i - 1].code) == 0) {
			r->line = s[i].line;
			fail(r, ERR_INVALID, "area %s again (first on line %zu)",
			     s[i].code, s[i - 1].line);
			free(s);
			return ERR_INVALID;
		}
	free(s);
	return ERR_OK;
}

static enum err header(struct reader *r, struct pop_table *t, long *cc,
		       long *pc)
{
	enum err e;

	do {
		if ((e = next_line(r)) == ERR_NOT_FOUND) {
			r->line = 0;
			return fail(r, ERR_INVALID, "no header line");
		}
		if (e != ERR_OK)
			return e;
	} while (blank(r->buf));
	if (r->line == 1 && strncmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
		memmove(r->buf, r->buf + 3, strlen(r->buf + 3) + 1);
	r->delim = t->delim = detect_delim(r->buf);
	if ((e = split(r)) != ERR_OK)
		return e;
	*cc = find_column(r, code_names, sizeof(code_names) / sizeof(*code_names));
	*pc = find_column(r, inhabitant_names,
			  sizeof(inhabitant_names) / sizeof(*inhabitant_names));
	if (*cc < 0 || *pc < 0)
		return fail(r, ERR_INVALID,
			    "the header has no %s column (docs/open-data.md "
			    "lists the names read)",
			    *cc < 0 ? "code (Codering_3)"
				    : "inhabitants (AantalInwoners_5)");
	return ERR_OK;
}

static enum err data_line(struct reader *r, struct pop_table *t, long cc,
			  long pc, const char *muni_digits, size_t cap)
{
	struct pop_row row;
	const char *code;
	int64_t v;
	bool other;
	enum err e;

	if ((e = split(r)) != ERR_OK)
		return e;
	if ((size_t)cc >= r->nfields || (size_t)pc >= r->nfields)
		return fail(r, ERR_INVALID, "%zu fields: the code or the number "
			    "of inhabitants is missing", r->nfields);
	if (++t->lines > POP_MAX_ROWS || t->n >= cap)
		return fail(r, ERR_TOO_LARGE, "more than %d rows", POP_MAX_ROWS);
	code = r->fields[cc];
	if (!code_ok(code))
		return fail(r, ERR_INVALID, "\"%.40s\" is not an area code", code);
	memset(&row, 0, sizeof(row));
	row.line = r->line;
	snprintf(row.given, sizeof(row.given), "%s", code);
	classify(code, muni_digits, &row, &other);
	v = inhabitants(r->fields[pc]);
	if (v == -2)
		return fail(r, ERR_INVALID,
			    "\"%.40s\" is not a number of inhabitants (a whole "
			    "number up to %d)", r->fields[pc], POP_MAX_INHABITANTS);
	if (other)
		t->other++;
	else if (v < 0)
		t->unknown++;
	else {
		row.inhabitants = v;
		t->rows[t->n++] = row;
	}
	return ERR_OK;
}

enum err pop_parse(struct arena *ar, const char *data, size_t len,
		   const char *municipality, struct pop_table *out,
		   struct pop_error *err)
{
	struct reader r = {data, len, 0, 0, NULL, ';', NULL, 0, err};
	struct pop_table t;
	long cc = -1, pc = -1;
	size_t cap = 1024;
	enum err e;

	memset(out, 0, sizeof(*out));
	memset(&t, 0, sizeof(t));
	memset(err, 0, sizeof(*err));
	if (len > POP_MAX_BYTES)
		return fail(&r, ERR_TOO_LARGE, "the file is larger than %zu MiB",
			    POP_MAX_BYTES >> 20);
	if (!municipality || strlen(municipality) != 6)
		return fail(&r, ERR_INVALID, "no municipality code");
	r.buf = arena_alloc(ar, POP_MAX_LINE + 1);
	r.fields = arena_alloc(ar, POP_MAX_FIELDS * sizeof(char *));
	if ((e = header(&r, &t, &cc, &pc)) != ERR_OK)
		return e;
	t.code_header = arena_strdup(ar, r.fields[cc]);
	t.inhabitants_header = arena_strdup(ar, r.fields[pc]);
	t.rows = malloc(cap * sizeof(*t.rows));
	while ((e = next_line(&r)) == ERR_OK) {
		if (blank(r.buf))
			continue;
		if (t.n == cap && cap < POP_MAX_ROWS) {
			cap = cap * 2 > POP_MAX_ROWS ? POP_MAX_ROWS : cap * 2;
			t.rows = realloc(t.rows, cap * sizeof(*t.rows));
		}
		if (!t.rows)
			abort();
		if ((e = data_line(&r, &t, cc, pc, municipality + 2, cap)) != ERR_OK)
			break;
	}
	if (e == ERR_NOT_FOUND)
		e = no_duplicates(&r, &t);
	if (e == ERR_OK && t.n) {
		struct pop_row *keep = arena_alloc(ar, t.n * sizeof(*keep));

		memcpy(keep, t.rows, t.n * sizeof(*keep));
		free(t.rows);
		t.rows = keep;
		*out = t;
		return ERR_OK;
	}
	free(t.rows);
	if (e == ERR_OK) {
		t.rows = NULL;
		*out = t;
	}
	return e;
}
