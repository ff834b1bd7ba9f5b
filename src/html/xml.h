/* xml: the only way text reaches an XML document (the Atom feeds of
 * views/timeline_feed.c), as html.h is for pages.  A separate type, so a
 * feed is never written with the HTML writers by mistake.
 *
 * Why not html_text: an HTML page survives a stray byte, an XML document
 * does not.  A parser must refuse the whole feed for one byte of invalid
 * UTF-8, one surrogate, or U+FFFE or U+FFFF (not characters of XML 1.0,
 * though domain/fields lets the last two through: they are not control
 * characters), and html_text copies all of them.  The contract here:
 *
 *   - & < > " ' are always written as &amp; &lt; &gt; &quot; &apos;, in
 *     text and attribute values alike, so "]]>" or "<script>" can never
 *     be more than text;
 *   - tab and LF are kept; in attribute values (xml_attr) they and CR are
 *     written as character references, so a parser's normalisation of
 *     attribute values keeps them; CR in text becomes &#13;;
 *   - the other controls (0x00-0x1f, 0x7f) are dropped, as html_text
 *     drops them, so a page and its feed show the same words;
 *   - a byte that is not part of well-formed UTF-8, a surrogate, U+FFFE
 *     and U+FFFF become U+FFFD: the rest of the text stays readable;
 *   - NULL is written as nothing.
 *
 * Markup comes from string literals only (xml_lit, which does not compile
 * for a variable); the owner of the buf checks its sticky overflow once
 * at the end. */
#ifndef WA_XML_H
#define WA_XML_H
#include <stddef.h>

#include "base/buf.h"

struct xml {
	struct buf *b; /* written only by the functions below */
};

/* A struct xml writing into buf, for as long as the enclosing block. */
#define XML_ON(buf) (&(struct xml){(buf)})

/* Markup from a string literal ("" s "" compiles for nothing else). */
#define xml_lit(x, s) xml_markup_((x), "" s "", sizeof("" s "") - 1)

/* Character data of an element. */
void xml_text(struct xml *x, const char *s);
/* A value written between double quotes: <link href="...">. */
void xml_attr(struct xml *x, const char *s);
/* A whole number in decimal. */
void xml_int(struct xml *x, long long v);

/* For xml_lit only (scripts/lint.sh allows no other caller). */
void xml_markup_(struct xml *x, const char *literal, size_t len);

#endif
