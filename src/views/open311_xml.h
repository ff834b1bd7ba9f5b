/* open311_xml: the XML answers of Open311 GeoReport v2 (docs/open311.md),
 * element names exactly as the specification writes them, all text
 * through html/xml.c (escaped; characters XML 1.0 forbids dropped or
 * replaced).  The JSON answers carry the same fields (web/open311.c). */
#ifndef WA_VIEWS_OPEN311_XML_H
#define WA_VIEWS_OPEN311_XML_H
#include <stddef.h>
#include <stdint.h>

#include "app/open311.h"
#include "base/buf.h"

struct open311_error {
	int code;
	const char *description;
};

struct open311_discovery {
	const char *changeset, *contact, *key_service, *url;
};

void open311_xml_errors(struct buf *b, const struct open311_error *e, size_t n);
void open311_xml_discovery(struct buf *b, const struct open311_discovery *d);
void open311_xml_services(struct buf *b, const struct open311_service *s,
			  size_t n);
void open311_xml_definition(struct buf *b, const struct open311_service *s);
void open311_xml_requests(struct buf *b, const struct open311_request *r,
			  size_t n);
/* The answer to a POST: one request, its id, notice and tracking link. */
void open311_xml_created(struct buf *b, int64_t id, const char *notice,
			 const char *tracking_url);
void open311_xml_token(struct buf *b, int64_t id, const char *token);

#endif
