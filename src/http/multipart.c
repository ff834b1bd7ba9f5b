/* multipart: see multipart.h.  A cursor over the body: the first
 * delimiter, then per part its header block (the blank line searched for
 * within MULTIPART_MAX_HEADER bytes) and its data up to the next
 * delimiter, found by memmem of "\r\n--boundary" from where the last one
 * ended.  A false match (the boundary followed by anything but padding and
 * CRLF, or "--") restarts the search one byte further on; what it looked
 * at after the match is padding, which no other match can start in, so
 * every byte is looked at a bounded number of times. */
#include "multipart.h"

#include <string.h>
#include <strings.h>

#include "i18n/i18n.h"

#define BOUNDARY_MAX 70

/* The messages name the limits as numbers. */
_Static_assert(MULTIPART_MAX_PARTS == 16, "update the message M_TOO_MANY");
_Static_assert(MULTIPART_MAX_HEADER == 2048, "update the message M_HEADER_LONG");
_Static_assert(MULTIPART_MAX_FIELD == 65536, "update the message M_FIELD_LONG");
_Static_assert(FORM_MAX_KEY == 64, "update the message M_NAME_LONG");
_Static_assert(FORM_MAX_FIELDS == 64, "update the message M_TOO_MANY_FIELDS");

#define M_NOT_MP N_("Het bericht moet het type multipart/form-data hebben.")
#define M_CT_BAD N_("De Content-Type-kop van het bericht is ongeldig.")
#define M_NO_BOUNDARY N_("De Content-Type-kop noemt geen grens (boundary=).")
#define M_BOUNDARY_TWICE N_("De Content-Type-kop noemt de grens (boundary=) twee keer.")
#define M_BOUNDARY_EMPTY N_("De grens (boundary=) in de Content-Type-kop is leeg.")
#define M_BOUNDARY_LONG N_("De grens (boundary=) in de Content-Type-kop is langer dan 70 tekens.")
#define M_BOUNDARY_CHARS N_("De grens (boundary=) in de Content-Type-kop bevat tekens die RFC 2046 niet toestaat.")
#define M_EMPTY N_("Het multipart-bericht is leeg.")
#define M_NO_START N_("Het multipart-bericht begint niet met de grens uit de Content-Type-kop.")
#define M_LF N_("Het multipart-bericht gebruikt LF als regeleinde; gebruik CRLF.")
#define M_CUT N_("Het multipart-bericht is afgebroken: de afsluitende grens ontbreekt.")
#define M_TOO_MANY N_("Het multipart-bericht heeft meer dan 16 delen.")
#define M_FIELD_LONG N_("Een tekstveld in het multipart-bericht is langer dan 64 KiB.")
#define M_HEADER_LONG N_("De kopregels van een deel van het multipart-bericht zijn samen langer dan 2048 bytes.")
#define M_HEADER_CUT N_("Het multipart-bericht is afgebroken in de kopregels van een deel.")
#define M_NO_BLANK N_("Na de kopregels van een deel van het multipart-bericht ontbreekt de lege regel.")
#define M_HEADER_NUL N_("Een kopregel van een deel van het multipart-bericht bevat een NUL-byte.")
#define M_HEADER_BAD N_("Een kopregel van een deel van het multipart-bericht heeft niet de vorm 'Naam: waarde'.")
#define M_FOLDED N_("Een kopregel van een deel van het multipart-bericht loopt door op de volgende regel; dat mag niet.")
#define M_NO_CD N_("Een deel van het multipart-bericht heeft geen kopregel 'Content-Disposition: form-data'.")
#define M_CD_TYPE N_("De kopregel Content-Disposition van een deel moet met form-data beginnen.")
#define M_CD_BAD N_("De kopregel Content-Disposition van een deel is ongeldig.")
#define M_HEADER_TWICE N_("Een deel van het multipart-bericht heeft de kopregel Content-Disposition of Content-Type twee keer.")
#define M_PARAM_TWICE N_("De kopregel Content-Disposition van een deel noemt name= of filename= twee keer.")
#define M_NO_NAME N_("Een deel van het multipart-bericht heeft geen veldnaam (name=).")
#define M_NAME_LONG N_("Een veldnaam in het multipart-bericht is langer dan 64 bytes.")
#define M_PART_TYPE N_("De kopregel Content-Type van een deel is geen mediatype van de vorm type/subtype.")
#define M_VALUE_NUL N_("Een tekstveld in het multipart-bericht bevat een NUL-byte.")
#define M_TOO_MANY_FIELDS N_("Het multipart-bericht heeft meer dan 64 tekstvelden.")

struct slice {
	const char *p;
	size_t n;
};

/* What follows "--boundary" where memmem found it. */
enum delim {
	DELIM_DATA,  /* anything else: not a delimiter, part of the data */
	DELIM_PART,  /* padding, CRLF: a part follows */
	DELIM_CLOSE, /* "--", padding, then CRLF or the end */
	DELIM_CUT,   /* the body ends before that is known */
	DELIM_LF,    /* padding, then a bare LF */
};

struct mp {
	const char *end;   /* of the body */
	const char *delim; /* "\r\n--" boundary */
	size_t dlen;
	const char **msg;
};

static enum err fail(const char **msg, enum err e, const char *text)
{
	*msg = text;
	return e;
}

/* RFC 9110 tchar. */
static int is_tchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

/* RFC 2046 bchars (a space only inside, which the caller checks). */
static int is_bchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c != '\0' && strchr("'()+_,-./:=? ", c));
}

/* A byte of an unquoted parameter value: lenient (any visible byte, UTF-8
 * too) but never a separator or a quote. */
static int is_vchar(unsigned char c)
{
	return c > ' ' && c != 0x7f && c != ';' && c != '"';
}

static const char *skip_ows(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static int slice_is(struct slice s, const char *lit)
{
	return s.n == strlen(lit) && strncasecmp(s.p, lit, s.n) == 0;
}

/* The media type or disposition type at *pp: up to ';' or white space. */
static struct slice type_token(const char **pp, const char *end)
{
	const char *p = skip_ows(*pp, end);
	struct slice s = {p, 0};

	while (p < end && *p != ';' && *p != ' ' && *p != '\t')
		p++;
	s.n = (size_t)(p - s.p);
	*pp = p;
	return s;
}

/* Past the quoted-string starting at p (on its '"'), or NULL when it is
 * not closed.  \" and \\ are escapes; any other backslash is itself. */
static const char *quoted_end(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\' && p + 1 < end && (p[1] == '"' || p[1] == '\\'))
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/* The next `; name=value` at *pp (which is at ';' or the end, after white
 * space): 1 with the name and the raw value (a token, possibly empty, or
 * a quoted-string with its quotes), 0 at the end, -1 on bad syntax. */
static int param_next(const char **pp, const char *end, struct slice *name,
		      struct slice *raw)
{
	const char *p = skip_ows(*pp, end);

	if (p < end && *p != ';')
		return -1;
	while (p < end && *p == ';')
		p = skip_ows(p + 1, end);
	if (p == end)
		return 0;
	name->p = p;
	while (p < end && is_tchar((unsigned char)*p))
		p++;
	name->n = (size_t)(p - name->p);
	p = skip_ows(p, end);
	if (name->n == 0 || p == end || *p != '=')
		return -1;
	raw->p = p = skip_ows(p + 1, end);
	if (p < end && *p == '"')
		p = quoted_end(p, end);
	else
		while (p < end && is_vchar((unsigned char)*p))
			p++;
	if (!p)
		return -1;
	raw->n = (size_t)(p - raw->p);
	*pp = p;
	return 1;
}

/* A raw parameter value as a string in the arena: quotes taken off,
 * escapes undone. */
static char *unquote(struct arena *a, struct slice raw)
{
	char *out, *o;

	if (raw.n < 2 || raw.p[0] != '"')
		return arena_strndup(a, raw.p, raw.n);
	o = out = arena_alloc(a, raw.n - 1);
	for (size_t i = 1; i + 1 < raw.n; i++) {
		if (raw.p[i] == '\\' && (raw.p[i + 1] == '"' || raw.p[i + 1] == '\\') &&
		    i + 2 < raw.n)
			i++;
		*o++ = raw.p[i];
	}
	*o = '\0';
	return out;
}

static const char *boundary_check(const char *b)
{
	size_t n = strlen(b);

	if (n == 0)
		return M_BOUNDARY_EMPTY;
	if (n > BOUNDARY_MAX)
		return M_BOUNDARY_LONG;
	for (size_t i = 0; i < n; i++)
		if (!is_bchar((unsigned char)b[i]))
			return M_BOUNDARY_CHARS;
	return b[n - 1] == ' ' ? M_BOUNDARY_CHARS : NULL;
}

static enum err boundary_of(struct arena *a, const char *ct, const char **out,
			    const char **msg)
{
	const char *p = ct, *end, *b = NULL, *bad;
	struct slice name, raw;
	int r;

	*out = NULL;
	if (!ct)
		return fail(msg, ERR_UNSUPPORTED, M_NOT_MP);
	end = ct + strlen(ct);
	if (!slice_is(type_token(&p, end), "multipart/form-data"))
		return fail(msg, ERR_UNSUPPORTED, M_NOT_MP);
	while ((r = param_next(&p, end, &name, &raw)) == 1) {
		if (!slice_is(name, "boundary"))
			continue;
		if (b)
			return fail(msg, ERR_INVALID, M_BOUNDARY_TWICE);
		b = unquote(a, raw);
	}
	if (r < 0)
		return fail(msg, ERR_INVALID, M_CT_BAD);
	if (!b)
		return fail(msg, ERR_INVALID, M_NO_BOUNDARY);
	bad = boundary_check(b);
	if (bad)
		return fail(msg, ERR_INVALID, bad);
	*out = b;
	return ERR_OK;
}

const char *multipart_boundary(struct arena *a, const char *content_type,
			       const char **msg)
{
	const char *b;

	*msg = NULL;
	boundary_of(a, content_type, &b, msg);
	return b;
}

/* q is just past "--boundary": what kind of line is it? */
static enum delim delim_kind(const struct mp *m, const char *q,
			     const char **next)
{
	int close = 0;

	if (m->end - q >= 2 && q[0] == '-' && q[1] == '-') {
		close = 1;
		q += 2;
	} else if (q < m->end && q[0] == '-' && q + 1 == m->end) {
		return DELIM_CUT;
	}
	q = skip_ows(q, m->end);
	if (q == m->end || (q[0] == '\r' && q + 1 == m->end))
		return close ? DELIM_CLOSE : DELIM_CUT;
	if (q[0] == '\n')
		return DELIM_LF;
	if (q[0] != '\r' || q[1] != '\n')
		return DELIM_DATA;
	*next = q + 2;
	return close ? DELIM_CLOSE : DELIM_PART;
}

/* The next delimiter at or after from: its kind (DELIM_DATA when there
 * is none), where its CRLF starts, where the part after it starts. */
static enum delim delim_find(const struct mp *m, const char *from,
			     const char **at, const char **next)
{
	enum delim k;

	for (const char *p = from; p < m->end; p++) {
		p = memmem(p, (size_t)(m->end - p), m->delim, m->dlen);
		if (!p)
			break;
		k = delim_kind(m, p + m->dlen, next);
		if (k != DELIM_DATA) {
			*at = p;
			return k;
		}
	}
	return DELIM_DATA;
}

/* ERR_OK for a delimiter that opens or closes a part, else the error:
 * none_msg when none was found. */
static enum err delim_fail(const struct mp *m, enum delim k, const char *none_msg)
{
	switch (k) {
	case DELIM_PART:
	case DELIM_CLOSE: return ERR_OK;
	case DELIM_CUT: return fail(m->msg, ERR_INVALID, M_CUT);
	case DELIM_LF: return fail(m->msg, ERR_INVALID, M_LF);
	case DELIM_DATA: break;
	}
	return fail(m->msg, ERR_INVALID, none_msg);
}

static int has_dash_boundary(const struct mp *m, const char *p)
{
	return (size_t)(m->end - p) >= m->dlen - 2 &&
	       memcmp(p, m->delim + 2, m->dlen - 2) == 0;
}

/* Whether the body has "--boundary" after a bare LF: LF line endings. */
static int lf_only(const struct mp *m, const char *body)
{
	for (const char *p = body; p < m->end; p++) {
		p = memmem(p, (size_t)(m->end - p), m->delim + 1, m->dlen - 1);
		if (!p)
			break;
		if (p == body || p[-1] != '\r')
			return 1;
	}
	return 0;
}

/* The first delimiter: "--boundary" at the very start, or after a
 * preamble (then with its CRLF).  *next is NULL when it closes at once. */
static enum err delim_first(const struct mp *m, const char *body,
			    const char **next)
{
	const char *at;
	enum delim k = DELIM_DATA;

	if (has_dash_boundary(m, body))
		k = delim_kind(m, body + m->dlen - 2, next);
	if (k == DELIM_DATA)
		k = delim_find(m, body, &at, next);
	if (k == DELIM_DATA && lf_only(m, body))
		k = DELIM_LF;
	*next = k == DELIM_PART ? *next : NULL;
	return delim_fail(m, k, M_NO_START);
}

/* A part's Content-Type: type/subtype, lower-cased; parameters dropped. */
static enum err part_type(struct arena *a, const struct mp *m, struct slice v,
			  struct multipart_part *part)
{
	const char *p = v.p, *end = v.p + v.n;
	struct slice t = type_token(&p, end);
	size_t slashes = 0;
	char *s = arena_strndup(a, t.p, t.n);

	for (size_t i = 0; i < t.n; i++) {
		if (s[i] == '/')
			slashes++;
		else if (!is_tchar((unsigned char)s[i]))
			return fail(m->msg, ERR_INVALID, M_PART_TYPE);
		else if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
	}
	p = skip_ows(p, end);
	if (slashes != 1 || s[0] == '/' || s[t.n - 1] == '/' || (p < end && *p != ';'))
		return fail(m->msg, ERR_INVALID, M_PART_TYPE);
	part->content_type = s;
	return ERR_OK;
}

/* The path a browser (old Internet Explorer) may send is cut off. */
static const char *base_name(const char *f)
{
	const char *b = f;

	for (const char *p = f; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	return b;
}

static enum err disposition(struct arena *a, const struct mp *m,
			    struct slice v, struct multipart_part *part)
{
	const char *p = v.p, *end = v.p + v.n;
	struct slice name, raw;
	int r;

	if (!slice_is(type_token(&p, end), "form-data"))
		return fail(m->msg, ERR_INVALID, M_CD_TYPE);
	while ((r = param_next(&p, end, &name, &raw)) == 1) {
		if (slice_is(name, "name")) {
			if (part->name)
				return fail(m->msg, ERR_INVALID, M_PARAM_TWICE);
			part->name = unquote(a, raw);
		} else if (slice_is(name, "filename")) {
			if (part->filename)
				return fail(m->msg, ERR_INVALID, M_PARAM_TWICE);
			part->filename = base_name(unquote(a, raw));
		}
	}
	if (r < 0)
		return fail(m->msg, ERR_INVALID, M_CD_BAD);
	if (!part->name || !*part->name)
		return fail(m->msg, ERR_INVALID, M_NO_NAME);
	if (strlen(part->name) > FORM_MAX_KEY)
		return fail(m->msg, ERR_INVALID, M_NAME_LONG);
	return ERR_OK;
}

enum { SEEN_CD = 1,
       SEEN_CT = 2 };

/* One header line [p, end), without its CRLF. */
static enum err header_line(struct arena *a, const struct mp *m, const char *p,
			    const char *end, struct multipart_part *part,
			    unsigned *seen)
{
	struct slice name = {p, 0}, v;
	unsigned bit;

	if (has_dash_boundary(m, p))
		return fail(m->msg, ERR_INVALID, M_NO_BLANK);
	if (p < end && (*p == ' ' || *p == '\t'))
		return fail(m->msg, ERR_INVALID, M_FOLDED);
	if (memchr(p, '\r', (size_t)(end - p)))
		return fail(m->msg, ERR_INVALID, M_HEADER_BAD);
	while (p < end && is_tchar((unsigned char)*p))
		p++;
	name.n = (size_t)(p - name.p);
	if (name.n == 0 || p == end || *p != ':')
		return fail(m->msg, ERR_INVALID, M_HEADER_BAD);
	v.p = skip_ows(p + 1, end);
	v.n = (size_t)(end - v.p);
	while (v.n > 0 && (v.p[v.n - 1] == ' ' || v.p[v.n - 1] == '\t'))
		v.n--;
	if (slice_is(name, "Content-Disposition"))
		bit = SEEN_CD;
	else if (slice_is(name, "Content-Type"))
		bit = SEEN_CT;
	else
		return ERR_OK; /* RFC 7578: the others are ignored */
	if (*seen & bit)
		return fail(m->msg, ERR_INVALID, M_HEADER_TWICE);
	*seen |= bit;
	return bit == SEEN_CD ? disposition(a, m, v, part) : part_type(a, m, v, part);
}

/* No blank line within reach of h: say why. */
static enum err headers_unended(const struct mp *m, const char *h, size_t rem,
				size_t win)
{
	if (has_dash_boundary(m, h) || memmem(h, win, m->delim, m->dlen))
		return fail(m->msg, ERR_INVALID, M_NO_BLANK);
	if (rem > win)
		return fail(m->msg, ERR_INVALID, M_HEADER_LONG);
	return fail(m->msg, ERR_INVALID, M_HEADER_CUT);
}

/* The header block at h, up to *blank (where its blank line starts). */
static enum err part_headers(struct arena *a, const struct mp *m, const char *h,
			     struct multipart_part *part, const char **blank)
{
	size_t rem = (size_t)(m->end - h), win;
	const char *e = h, *nl;
	unsigned seen = 0;
	enum err err;

	win = rem < MULTIPART_MAX_HEADER + 2 ? rem : MULTIPART_MAX_HEADER + 2;
	if (rem < 2 || h[0] != '\r' || h[1] != '\n') {
		e = memmem(h, win, "\r\n\r\n", 4);
		if (!e)
			return headers_unended(m, h, rem, win);
		e += 2;
	}
	if (memchr(h, '\0', (size_t)(e - h)))
		return fail(m->msg, ERR_INVALID, M_HEADER_NUL);
	if (memmem(h, (size_t)(e - h), "\r\n ", 3) || memmem(h, (size_t)(e - h), "\r\n\t", 3))
		return fail(m->msg, ERR_INVALID, M_FOLDED);
	for (const char *p = h; p < e; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == p || nl[-1] != '\r')
			return fail(m->msg, ERR_INVALID, M_HEADER_BAD);
		err = header_line(a, m, p, nl - 1, part, &seen);
		if (err != ERR_OK)
			return err;
	}
	if (!(seen & SEEN_CD))
		return fail(m->msg, ERR_INVALID, M_NO_CD);
	*blank = e;
	return ERR_OK;
}

/* The part at *pp; *pp becomes the next part's start, or NULL after the
 * closing delimiter. */
static enum err part_next(struct arena *a, const struct mp *m,
			  struct multipart *out, const char **pp)
{
	struct multipart_part *part = &out->parts[out->nparts];
	const char *blank = NULL, *at = NULL, *next = NULL;
	enum delim k;
	enum err e;

	if (out->nparts == MULTIPART_MAX_PARTS)
		return fail(m->msg, ERR_TOO_LARGE, M_TOO_MANY);
	memset(part, 0, sizeof(*part));
	e = part_headers(a, m, *pp, part, &blank);
	if (e != ERR_OK)
		return e;
	/* From the blank line: a part without data may end with its CRLF
	 * doubling as the delimiter's (RFC 2046: the data is optional). */
	k = delim_find(m, blank, &at, &next);
	e = delim_fail(m, k, M_CUT);
	if (e != ERR_OK)
		return e;
	part->data = blank + 2;
	part->len = at == blank ? 0 : (size_t)(at - part->data);
	if (!part->filename && part->len > MULTIPART_MAX_FIELD)
		return fail(m->msg, ERR_TOO_LARGE, M_FIELD_LONG);
	out->nparts++;
	*pp = k == DELIM_PART ? next : NULL;
	return ERR_OK;
}

enum err multipart_parse(struct arena *a, const char *content_type,
			 const char *body, size_t len, struct multipart *out,
			 const char **msg)
{
	struct mp m = {.msg = msg};
	const char *b, *p = NULL;
	enum err e;

	out->nparts = 0;
	*msg = NULL;
	e = boundary_of(a, content_type, &b, msg);
	if (e != ERR_OK)
		return e;
	if (len == 0 || !body)
		return fail(msg, ERR_INVALID, M_EMPTY);
	m.end = body + len;
	m.delim = arena_printf(a, "\r\n--%s", b);
	m.dlen = strlen(m.delim);
	e = delim_first(&m, body, &p);
	while (e == ERR_OK && p)
		e = part_next(a, &m, out, &p);
	if (e != ERR_OK)
		out->nparts = 0;
	return e;
}

enum err multipart_form(struct arena *a, const struct multipart *m,
			struct form *out, const char **msg)
{
	const struct multipart_part *p;

	out->fields = arena_alloc(a, FORM_MAX_FIELDS * sizeof(struct kv));
	out->n = 0;
	*msg = NULL;
	for (size_t i = 0; i < m->nparts; i++) {
		p = &m->parts[i];
		if (p->filename)
			continue;
		if (out->n == FORM_MAX_FIELDS)
			return fail(msg, ERR_TOO_LARGE, M_TOO_MANY_FIELDS);
		if (memchr(p->data, '\0', p->len))
			return fail(msg, ERR_INVALID, M_VALUE_NUL);
		out->fields[out->n].key = p->name;
		out->fields[out->n].value = arena_strndup(a, p->data, p->len);
		out->n++;
	}
	return ERR_OK;
}

size_t multipart_count_files(const struct multipart *m, const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nparts; i++)
		n += m->parts[i].filename && strcmp(m->parts[i].name, name) == 0;
	return n;
}
