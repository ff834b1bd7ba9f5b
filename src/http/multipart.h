/* multipart: multipart/form-data bodies (RFC 7578, boundaries as RFC 2046
 * section 5.1), for the photos of a report from a plain HTML form and from
 * the JSON API's multipart variant.  The body is already in memory (the
 * server buffers it within the route's size limit): the parser makes one
 * pass over it and copies nothing of the data; each part points into the
 * body, so the body must outlive the result.
 *
 * Accepted: CRLF line endings only (LF-only bodies are ERR_INVALID with
 * their own message), a preamble and an epilogue (ignored), transport
 * padding (spaces, tabs) after a boundary, quoted and unquoted parameter
 * values, `\"` and `\\` escapes inside quotes (older curl; a backslash
 * before anything else is kept, so `C:\foto\a.jpg` keeps its path
 * separators before the path is cut off).  Names and filenames are kept as
 * sent: browsers write `"`, CR and LF in them as %22, %0D and %0A, which
 * is lossy, so they are not decoded.  filename*= (RFC 5987, forbidden by
 * RFC 7578) and headers other than Content-Disposition and Content-Type are
 * ignored.  A "\r\n--boundary" in the data not followed by padding and
 * CRLF, or by "--" and padding and CRLF or the end, is data (as Go's
 * mime/multipart: a nested multipart whose boundary starts with ours stays
 * opaque).  docs/photos-multipart.md has the rest.
 *
 * Limits are hard: past them the parser fails with a message and the
 * result holds no parts.  Messages are Dutch, marked N_(), static: the
 * caller translates them with _(). */
#ifndef WA_MULTIPART_H
#define WA_MULTIPART_H
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "http/form.h" /* struct kv, struct form */

#define MULTIPART_MAX_PARTS 16                 /* parts in one body */
#define MULTIPART_MAX_HEADER 2048              /* bytes of one part's header block */
#define MULTIPART_MAX_FIELD ((size_t)64 << 10) /* bytes of one text (non-file) part's value */

struct multipart_part {
	const char *name;         /* the form field name (Content-Disposition name=), NUL-terminated, in the arena */
	const char *filename;     /* filename= when present (may be ""), else NULL; NUL-terminated, no path kept (only what follows the last / or \) */
	const char *content_type; /* the part's media type, lower-cased, without parameters; NULL when absent */
	const char *data;         /* the part's bytes: points INTO the body (not copied), not NUL-terminated */
	size_t len;
};

struct multipart {
	struct multipart_part parts[MULTIPART_MAX_PARTS];
	size_t nparts;
};

/* The boundary of a Content-Type header value "multipart/form-data;
 * boundary=..." (quoted or not, any case of the parameter name,
 * other parameters allowed), copied into the arena; NULL (with *msg set) when the
 * type is not multipart/form-data or the boundary is missing, empty,
 * longer than 70 or has characters RFC 2046 does not allow.  A boundary
 * parameter given twice is refused too. */
const char *multipart_boundary(struct arena *a, const char *content_type, const char **msg);

/* Parses body.  ERR_OK; ERR_UNSUPPORTED when content_type is not
 * multipart/form-data; ERR_TOO_LARGE when there are more than
 * MULTIPART_MAX_PARTS parts or a text part's value is longer than
 * MULTIPART_MAX_FIELD; ERR_INVALID for a bad or missing boundary, a
 * body that does not start with the delimiter (after an optional
 * preamble), a missing closing delimiter (a truncated body), a part
 * header block longer than MULTIPART_MAX_HEADER or without its blank line,
 * a part without Content-Disposition: form-data or without a name,
 * a field name longer than FORM_MAX_KEY, a NUL in a header, a header line
 * not "Name: value".  Also ERR_INVALID: LF-only line endings, a header
 * folded over two lines, Content-Disposition or Content-Type (or name= or
 * filename=) twice in one part, a Content-Type that is not type/subtype.
 * *msg is a Dutch sentence marked N_() (NULL on success).  On failure
 * out->nparts is 0.
 * Part headers other than Content-Disposition and Content-Type are
 * ignored (Content-Transfer-Encoding is deprecated by RFC 7578: ignore it).
 * Linear time in len. */
enum err multipart_parse(struct arena *a, const char *content_type,
			 const char *body, size_t len, struct multipart *out,
			 const char **msg);

/* The text parts (those without a filename) as a form, in order, so the
 * handlers read them with form_get()/form_count() as they read an
 * urlencoded body: values copied NUL-terminated into the arena; a value
 * holding a NUL byte is ERR_INVALID (as form.c refuses %00); more than
 * FORM_MAX_FIELDS text fields is ERR_TOO_LARGE. */
enum err multipart_form(struct arena *a, const struct multipart *m,
			struct form *out, const char **msg);

/* How many file parts are named name.  An empty file input counts too:
 * browsers send it as filename="" with zero bytes (skip those with
 * `p->filename[0] == '\0' && p->len == 0`). */
size_t multipart_count_files(const struct multipart *m, const char *name);

#endif
