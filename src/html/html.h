/* html: the only way text from outside reaches a page.  Every string that
 * did not come from a literal in src/views goes through one of these.
 *
 * The contract, the same for every function here:
 *
 *   - safe by default: & < > " ' are always written as entities, in text
 *     and in attributes alike, so a value can never open a tag, close an
 *     attribute or start an entity of its own; attribute values also get `
 *     and = escaped (harmless inside double quotes, but old parsers and
 *     unquoted mistakes make them cheap insurance);
 *   - attribute values are always written inside double quotes by the
 *     caller: html_attr escapes the value, the quotes come from the literal;
 *   - control characters (0x00-0x1f and 0x7f) are dropped, except tab and
 *     newline (CR is dropped too: HTML turns CRLF into LF anyway);
 *   - bytes 0x80-0xff are copied unchanged.  No UTF-8 sequence can contain
 *     an ASCII byte, so invalid UTF-8 can at worst show as U+FFFD and never
 *     hide a < or a quote from the browser; the validators in domain/
 *     reject it before it is stored;
 *   - NULL is written as nothing;
 *   - the output is also well-formed XML character data, so the same
 *     functions serve the SVG map.
 *
 * Output goes to a struct buf, whose sticky overflow the caller checks
 * once at the end.
 *
 * Safe by type.  Views write into a struct html, whose only writers are
 * the functions below and html_lit(), a macro that compiles for a string
 * literal alone: `html_lit(h, name)` with a variable is a syntax error, so
 * markup can only come from the source and text only through escaping.
 * A fragment rendered once and kept (the SVG map) is a struct html_frag,
 * which only html_frag_take() makes, from a struct html. */
#ifndef WA_HTML_H
#define WA_HTML_H
#include <stddef.h>

#include "base/buf.h"

/* Text content of an element. */
void html_txt(struct buf *b, const char *s);
/* The same for the first len bytes of s (a NUL among them is dropped). */
void html_txtn(struct buf *b, const char *s, size_t len);
/* A value written between double quotes: <a title="...">. */
void html_attr(struct buf *b, const char *s);
/* printf, then html_txt of the result: for translated sentences with a
 * number or a name in them.  The format must come from a literal or from
 * gettext of one (msgfmt --check keeps translations to the same %s/%d). */
void html_txtf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Whether url may go into href/src/action: a path on this site ("/..."
 * but not "//host" or "/\host", which browsers read as another host) or an
 * absolute http:// or https:// URL (scheme in any case), with no control
 * characters, spaces or backslashes anywhere.  Everything else is refused:
 * javascript:, data:, vbscript:, relative paths without '/', empty. */
int html_url_ok(const char *url);
/* Write url as an attribute value when html_url_ok, else "#" so the link
 * leads nowhere.  Returns 0, or -1 when it wrote "#". */
int html_url_attr(struct buf *b, const char *url);

/* --- safe by type --------------------------------------------------- */

struct html {
	struct buf *b; /* written only by the functions below */
};

/* A struct html writing into buf, for as long as the enclosing block. */
#define HTML_ON(buf) (&(struct html){(buf)})

/* Markup from a string literal ("" s "" does not compile for anything
 * else). */
#define html_lit(h, s) html_markup_((h), "" s "", sizeof("" s "") - 1)
void html_markup_(struct html *h, const char *literal, size_t len);
/* Escaped text, attribute values, numbers and URLs, as the buf writers
 * above. */
void html_text(struct html *h, const char *s);
void html_textn(struct html *h, const char *s, size_t len);
void html_textf(struct html *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void html_value(struct html *h, const char *s); /* an attribute value */
void html_int(struct html *h, long long v);
int html_url(struct html *h, const char *url);

/* Markup rendered once and kept: made only from a struct html. */
struct html_frag {
	const char *s;
	size_t len;
};
/* The text written to h so far, as a fragment owned by the caller
 * (free(f.s)); h is empty afterwards. */
struct html_frag html_frag_take(struct html *h);
void html_frag(struct html *h, const struct html_frag *f);

#endif
