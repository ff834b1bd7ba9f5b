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
 *     caller: html_value escapes the value, the quotes come from the
 *     literal;
 *   - control characters (0x00-0x1f and 0x7f) are dropped, except tab and
 *     newline (CR is dropped too: HTML turns CRLF into LF anyway);
 *   - bytes 0x80-0xff are copied unchanged.  No UTF-8 sequence can contain
 *     an ASCII byte, so invalid UTF-8 can at worst show as U+FFFD and never
 *     hide a < or a quote from the browser; the validators in domain/
 *     reject it before it is stored;
 *   - NULL is written as nothing;
 *   - for valid UTF-8 without U+FFFE and U+FFFF the output is also
 *     well-formed XML character data, so the same functions serve inline
 *     SVG (parsed as HTML) and the SVG map of area names that passed the
 *     import's checks; a document parsed as XML from any text (the Atom
 *     feeds) goes through html/xml.c, which replaces what XML 1.0
 *     cannot carry.
 *
 * Output goes to the struct buf under a struct html, whose sticky
 * overflow the owner of the buf checks once at the end.
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

/* Whether url may go into href/src/action: a path on this site ("/..."
 * but not "//host" or "/\host", which browsers read as another host) or an
 * absolute http:// or https:// URL (scheme in any case), with no control
 * characters, spaces or backslashes anywhere.  Everything else is refused:
 * javascript:, data:, vbscript:, relative paths without '/', empty.  Also
 * the rule for URLs that forms accept (a service's website). */
int html_url_ok(const char *url);

/* --- safe by type --------------------------------------------------- */

struct html {
	struct buf *b; /* written only by the functions below */
};

/* A struct html writing into buf, for as long as the enclosing block. */
#define HTML_ON(buf) (&(struct html){(buf)})

/* Markup from a string literal ("" s "" does not compile for anything
 * else).  A choice between two pieces of markup is an if and two
 * html_lit. */
#define html_lit(h, s) html_markup_((h), "" s "", sizeof("" s "") - 1)
/* <tag>text</tag>: the start tag from a literal, which may carry
 * attributes ("p class=\"wa-note\""); the end tag is its first word; the
 * text escaped as by html_text. */
#define html_el(h, tag, text) html_el_((h), "" tag "", (text))

/* Text content of an element. */
void html_text(struct html *h, const char *s);
/* The same for the first len bytes of s (a NUL among them is dropped). */
void html_textn(struct html *h, const char *s, size_t len);
/* printf, then html_text of the result: for translated sentences with a
 * number or a name in them.  The format must come from a literal or from
 * gettext of one (msgfmt --check keeps translations to the same %s/%d). */
void html_textf(struct html *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A value written between double quotes: <a title="...">. */
void html_value(struct html *h, const char *s);
/* A whole number in decimal, in text or in an attribute value. */
void html_int(struct html *h, long long v);
/* A number for markup that needs one (SVG coordinates, widths, path data):
 * v rounded to `decimals` (0..6; outside that range clamped) with a point
 * as decimal separator and trailing zeros dropped ("12.5", "12", "-0.3",
 * never "-0" nor an exponent).  A value that is not finite, or beyond
 * +-1e15, is written as 0: only [-0-9.] ever reaches the output.  Not for
 * text people read: those numbers follow the page's language. */
void html_dec(struct html *h, double v, int decimals);
/* url as an attribute value when html_url_ok, else "#" so the link leads
 * nowhere.  Returns 0, or -1 when it wrote "#". */
int html_url(struct html *h, const char *url);

/* Markup rendered once and kept: made only from a struct html. */
struct html_frag {
	const char *s;
	size_t len;
};
/* The text written to h so far, as a fragment owned by the caller
 * (free(f.s)); h is empty afterwards.  When h's buffer overflowed, the
 * fragment is empty ({NULL, 0}): half a document is worth nothing. */
struct html_frag html_frag_take(struct html *h);
/* Write f (nothing for NULL or an empty fragment). */
void html_frag(struct html *h, const struct html_frag *f);

/* For the macros above only (scripts/lint.sh allows no other caller). */
void html_markup_(struct html *h, const char *literal, size_t len);
void html_el_(struct html *h, const char *tag, const char *text);

#endif
