/* csv: see csv.h.  One pass over the bytes with a cursor that knows its
 * line and column; each field is first located as a span of the input and
 * copied (quotes undoubled) only once it is known to be valid. */
#include "inventory/csv.h"

#include <stdbool.h>
#include <string.h>

#define N_(s) (s)

struct parser {
	const unsigned char *p;
	size_t len, pos;
	size_t line, col; /* of p[pos] */
	char delim;
	struct csv_error *err;
};

struct span {
	size_t start, end; /* bytes of the field (inside the quotes) */
	bool quoted;
};

static enum err fail(struct parser *ps, enum err e, size_t line, size_t col,
		     size_t field, const char *msgid)
{
	ps->err->line = line;
	ps->err->column = col;
	ps->err->field = field;
	ps->err->msgid = msgid;
	return e;
}

static bool cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Length of the well-formed UTF-8 character at s (n bytes left), or 0
 * (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		return n >= 2 && cont(s[1]) ? 2 : 0;
	if (c < 0xF0) {
		if (n < 3 || !cont(s[1]) || !cont(s[2]))
			return 0;
		if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))
			return 0;
		return 3;
	}
	if (c < 0xF5) {
		if (n < 4 || !cont(s[1]) || !cont(s[2]) || !cont(s[3]))
			return 0;
		if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

static bool at_crlf(const struct parser *ps)
{
	return ps->pos + 1 < ps->len && ps->p[ps->pos] == '\r' &&
	       ps->p[ps->pos + 1] == '\n';
}

/* One character of field content: NUL and invalid UTF-8 are refused. */
static enum err content_char(struct parser *ps, size_t field, size_t *bytes)
{
	size_t k;

	if (ps->p[ps->pos] == '\0')
		return fail(ps, ERR_INVALID, ps->line, ps->col, field,
			    N_("NUL-teken"));
	k = utf8_len(ps->p + ps->pos, ps->len - ps->pos);
	if (!k)
		return fail(ps, ERR_INVALID, ps->line, ps->col, field,
			    N_("geen geldige UTF-8"));
	ps->pos += k;
	ps->col++;
	*bytes += k;
	return ERR_OK;
}

static enum err quoted(struct parser *ps, struct span *f, size_t field,
		       size_t line, size_t col)
{
	size_t bytes = 0;
	enum err e;

	f->quoted = true;
	f->start = ++ps->pos;
	ps->col++;
	for (;;) {
		if (ps->pos >= ps->len)
			return fail(ps, ERR_INVALID, line, col, field,
				    N_("aanhalingsteken wordt niet gesloten"));
		if (ps->p[ps->pos] == '"') {
			if (ps->pos + 1 < ps->len && ps->p[ps->pos + 1] == '"') {
				ps->pos += 2;
				ps->col += 2;
				bytes++;
				continue;
			}
			break;
		}
		if (ps->p[ps->pos] == '\n') {
			ps->pos++;
			ps->line++;
			ps->col = 1;
			bytes++;
		} else if (ps->p[ps->pos] == '\r') {
			ps->pos++;
			bytes++;
		} else if ((e = content_char(ps, field, &bytes)) != ERR_OK) {
			return e;
		}
		if (bytes > CSV_MAX_FIELD)
			return fail(ps, ERR_TOO_LARGE, line, col, field,
				    N_("veld langer dan 64 KiB"));
	}
	f->end = ps->pos++;
	ps->col++;
	if (ps->pos < ps->len && ps->p[ps->pos] != (unsigned char)ps->delim &&
	    ps->p[ps->pos] != '\n' && !at_crlf(ps))
		return fail(ps, ERR_INVALID, ps->line, ps->col, field,
			    N_("na een sluitend aanhalingsteken hoort een "
			       "scheidingsteken of regeleinde"));
	return ERR_OK;
}

static enum err unquoted(struct parser *ps, struct span *f, size_t field,
			 size_t line, size_t col)
{
	size_t bytes = 0;
	enum err e;
	unsigned char c;

	f->quoted = false;
	f->start = ps->pos;
	while (ps->pos < ps->len) {
		c = ps->p[ps->pos];
		if (c == (unsigned char)ps->delim || c == '\n' || at_crlf(ps))
			break;
		if (c == '\r')
			return fail(ps, ERR_INVALID, ps->line, ps->col, field,
				    N_("los CR-teken (een regel eindigt op CRLF "
				       "of LF)"));
		if (c == '"')
			return fail(ps, ERR_INVALID, ps->line, ps->col, field,
				    N_("aanhalingsteken midden in een veld; zet "
				       "het hele veld tussen aanhalingstekens en "
				       "verdubbel het"));
		if ((e = content_char(ps, field, &bytes)) != ERR_OK)
			return e;
		if (bytes > CSV_MAX_FIELD)
			return fail(ps, ERR_TOO_LARGE, line, col, field,
				    N_("veld langer dan 64 KiB"));
	}
	f->end = ps->pos;
	return ERR_OK;
}

static char *copy_field(struct arena *ar, const struct parser *ps,
			const struct span *f)
{
	const unsigned char *s = ps->p + f->start;
	size_t n = f->end - f->start, j = 0;
	char *out;

	if (!f->quoted)
		return arena_strndup(ar, (const char *)s, n);
	out = arena_alloc(ar, n + 1);
	for (size_t i = 0; i < n; i++) {
		out[j++] = (char)s[i];
		if (s[i] == '"')
			i++; /* the second of a doubled quote */
	}
	out[j] = '\0';
	return out;
}

/* Whether only line breaks are left (trailing empty lines are forgiven). */
static bool only_breaks_left(const struct parser *ps)
{
	for (size_t i = ps->pos; i < ps->len; i++)
		if (ps->p[i] != '\n' && ps->p[i] != '\r')
			return false;
	return true;
}

/* The end of a record: a line break or the end of the input. */
static void end_of_record(struct parser *ps)
{
	if (ps->pos < ps->len) {
		ps->pos += ps->p[ps->pos] == '\r' ? 2 : 1;
		ps->line++;
		ps->col = 1;
	}
}

static enum err record(struct parser *ps, struct arena *ar, size_t expect,
		       struct csv_row *row)
{
	char *fields[CSV_MAX_COLS];
	struct csv_pos pos[CSV_MAX_COLS];
	size_t n = 0, line, col, start = ps->pos;
	struct span f;
	enum err e;

	row->line = ps->line;
	for (;;) {
		line = ps->line;
		col = ps->col;
		if (n == CSV_MAX_COLS)
			return fail(ps, ERR_TOO_LARGE, line, col, n + 1,
				    N_("meer dan 64 velden"));
		if (expect && n == expect)
			return fail(ps, ERR_INVALID, line, col, n + 1,
				    N_("meer velden dan de kopregel"));
		e = ps->pos < ps->len && ps->p[ps->pos] == '"'
			    ? quoted(ps, &f, n + 1, line, col)
			    : unquoted(ps, &f, n + 1, line, col);
		if (e != ERR_OK)
			return e;
		pos[n].line = line;
		pos[n].column = col;
		fields[n++] = copy_field(ar, ps, &f);
		if (ps->pos < ps->len && ps->p[ps->pos] == (unsigned char)ps->delim) {
			ps->pos++;
			ps->col++;
			continue;
		}
		break;
	}
	if (n == 1 && !f.quoted && ps->pos == start)
		return fail(ps, ERR_INVALID, ps->line, 1, 0, N_("lege regel"));
	if (expect && n < expect)
		return fail(ps, ERR_INVALID, ps->line, ps->col, n,
			    N_("minder velden dan de kopregel"));
	end_of_record(ps);
	row->n = n;
	row->fields = arena_alloc(ar, n * sizeof(*row->fields));
	memcpy(row->fields, fields, n * sizeof(*fields));
	row->pos = arena_alloc(ar, n * sizeof(*row->pos));
	memcpy(row->pos, pos, n * sizeof(*pos));
	return ERR_OK;
}

/* The separator that occurs more often outside quotes on the first line;
 * a comma when neither does. */
static char detect_delim(const unsigned char *p, size_t len)
{
	size_t comma = 0, semi = 0;
	bool inq = false;

	for (size_t i = 0; i < len; i++) {
		if (p[i] == '"')
			inq = !inq;
		else if (!inq && p[i] == '\n')
			break;
		else if (!inq && p[i] == ',')
			comma++;
		else if (!inq && p[i] == ';')
			semi++;
	}
	return semi > comma ? ';' : ',';
}

enum err csv_parse(struct arena *ar, const char *data, size_t len, char delim,
		   struct csv *out, struct csv_error *err)
{
	struct parser ps = {(const unsigned char *)data, len, 0, 1, 1, delim, err};
	struct csv_row *rows = NULL;
	size_t n = 0, cap = 0;
	enum err e;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (len > CSV_MAX_BYTES)
		return fail(&ps, ERR_TOO_LARGE, 0, 0, 0,
			    N_("bestand groter dan 16 MiB"));
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		ps.pos = 3;
	if (!ps.delim)
		ps.delim = detect_delim(ps.p + ps.pos, len - ps.pos);
	if (ps.delim != ',' && ps.delim != ';')
		return fail(&ps, ERR_INVALID, 0, 0, 0,
			    N_("onbekend scheidingsteken"));
	if (only_breaks_left(&ps))
		return fail(&ps, ERR_INVALID, 1, 1, 0, N_("leeg bestand"));
	while (!only_breaks_left(&ps)) {
		if (n == CSV_MAX_ROWS)
			return fail(&ps, ERR_TOO_LARGE, ps.line, 1, 0,
				    N_("meer dan 100.000 regels"));
		rows = arena_vec_grow(ar, rows, n, &cap, sizeof(*rows));
		if ((e = record(&ps, ar, n ? rows[0].n : 0, &rows[n])) != ERR_OK)
			return e;
		n++;
	}
	out->rows = rows;
	out->nrows = n;
	out->delim = ps.delim;
	return ERR_OK;
}
