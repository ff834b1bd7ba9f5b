/* etag: the If-None-Match list (see etag.h).
 *
 *   If-None-Match = "*" / #entity-tag
 *   entity-tag    = [ "W/" ] DQUOTE *etagc DQUOTE
 *   etagc         = %x21 / %x23-7E / obs-text
 *
 * A cursor parser: each step takes what it expects or fails, and the
 * whole list must parse before a match counts. */
#include "http/etag.h"

#include <string.h>

static bool etagc(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c != 0x7f);
}

static const char *ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* The opaque part of an entity-tag at p (quotes included): its start and
 * length in *tag, *len; the position after it, or NULL. */
static const char *entity_tag(const char *p, const char **tag, size_t *len)
{
	const char *q;

	if (p[0] == 'W' && p[1] == '/')
		p += 2;
	if (*p != '"')
		return NULL;
	for (q = p + 1; *q && *q != '"'; q++)
		if (!etagc((unsigned char)*q))
			return NULL;
	if (*q != '"')
		return NULL;
	*tag = p;
	*len = (size_t)(q + 1 - p);
	return q + 1;
}

/* The opaque part of our own tag (W/ dropped). */
static const char *opaque(const char *etag)
{
	return etag[0] == 'W' && etag[1] == '/' ? etag + 2 : etag;
}

bool etag_none_match(const char *inm, const char *etag)
{
	const char *p, *tag, *want;
	size_t len, wlen;
	bool hit = false, any = false;

	if (!inm || !etag || strlen(inm) > ETAG_MAX_HEADER)
		return false;
	p = ows(inm);
	if (*p == '*')
		return *ows(p + 1) == '\0';
	want = opaque(etag);
	wlen = strlen(want);
	while (*p) {
		if (*p == ',') { /* empty list members are allowed (RFC 9110 5.6.1) */
			p = ows(p + 1);
			continue;
		}
		if (!(p = entity_tag(p, &tag, &len)))
			return false;
		any = true;
		hit |= len == wlen && memcmp(tag, want, len) == 0;
		p = ows(p);
		if (*p && *p != ',')
			return false;
	}
	return any && hit;
}
