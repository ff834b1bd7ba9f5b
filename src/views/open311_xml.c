/* open311_xml: see open311_xml.h.  An absent value is an empty element,
 * as the specification's examples write one. */
#include "open311_xml.h"

#include <stdio.h>

#include "html/xml.h"

#define HEAD "<?xml version=\"1.0\" encoding=\"utf-8\"?>"

/* <name>text</name>; name is a literal at every use. */
#define EL(x, name, s)                     \
	do {                               \
		xml_lit(x, "<" name ">");  \
		xml_text(x, s);            \
		xml_lit(x, "</" name ">"); \
	} while (0)
#define EL_INT(x, name, v)                 \
	do {                               \
		xml_lit(x, "<" name ">");  \
		xml_int(x, v);             \
		xml_lit(x, "</" name ">"); \
	} while (0)

void open311_xml_errors(struct buf *b, const struct open311_error *e, size_t n)
{
	struct xml *x = XML_ON(b);

	xml_lit(x, HEAD "<errors>");
	for (size_t i = 0; i < n; i++) {
		xml_lit(x, "<error>");
		EL_INT(x, "code", e[i].code);
		EL(x, "description", e[i].description);
		xml_lit(x, "</error>");
	}
	xml_lit(x, "</errors>");
}

void open311_xml_discovery(struct buf *b, const struct open311_discovery *d)
{
	struct xml *x = XML_ON(b);

	xml_lit(x, HEAD "<discovery>");
	EL(x, "changeset", d->changeset);
	EL(x, "contact", d->contact);
	EL(x, "key_service", d->key_service);
	xml_lit(x, "<endpoints><endpoint>");
	EL(x, "specification", "http://wiki.open311.org/GeoReport_v2");
	EL(x, "url", d->url);
	EL(x, "changeset", d->changeset);
	EL(x, "type", "production");
	xml_lit(x, "<formats><format>application/json</format>"
		   "<format>text/xml</format></formats>");
	xml_lit(x, "</endpoint></endpoints></discovery>");
}

static void service(struct xml *x, const struct open311_service *s)
{
	xml_lit(x, "<service>");
	EL(x, "service_code", s->code);
	EL(x, "service_name", s->name);
	EL(x, "description", s->description);
	EL(x, "metadata", "false");
	EL(x, "type", "realtime");
	EL(x, "keywords", "");
	EL(x, "group", s->group);
	xml_lit(x, "</service>");
}

void open311_xml_services(struct buf *b, const struct open311_service *s,
			  size_t n)
{
	struct xml *x = XML_ON(b);

	xml_lit(x, HEAD "<services>");
	for (size_t i = 0; i < n; i++)
		service(x, &s[i]);
	xml_lit(x, "</services>");
}

void open311_xml_definition(struct buf *b, const struct open311_service *s)
{
	struct xml *x = XML_ON(b);

	xml_lit(x, HEAD "<service_definition>");
	EL(x, "service_code", s->code);
	xml_lit(x, "<attributes></attributes></service_definition>");
}

static void coordinate(struct xml *x, bool has, double v, const char *text,
		       int lat)
{
	char s[32] = "";
	const char *t = has && text ? text : s;

	if (has && !text)
		snprintf(s, sizeof(s), "%.6f", v);
	if (lat)
		EL(x, "lat", t);
	else
		EL(x, "long", t);
}

static void request(struct xml *x, const struct open311_request *r)
{
	xml_lit(x, "<request>");
	EL_INT(x, "service_request_id", r->id);
	EL(x, "status", r->status);
	EL(x, "status_notes", r->status_notes);
	EL(x, "service_name", r->service_name);
	EL(x, "service_code", r->service_code);
	EL(x, "description", r->description);
	EL(x, "agency_responsible", r->agency);
	EL(x, "service_notice", r->service_notice);
	EL(x, "requested_datetime", r->requested);
	EL(x, "updated_datetime", r->updated);
	EL(x, "expected_datetime", r->expected);
	EL(x, "address", r->address);
	EL(x, "address_id", r->address_id);
	EL(x, "zipcode", NULL);
	coordinate(x, r->has_point, r->lat, r->lat_text, 1);
	coordinate(x, r->has_point, r->lon, r->lon_text, 0);
	EL(x, "media_url", r->media_url);
	xml_lit(x, "</request>");
}

void open311_xml_requests(struct buf *b, const struct open311_request *r,
			  size_t n)
{
	struct xml *x = XML_ON(b);

	xml_lit(x, HEAD "<service_requests>");
	for (size_t i = 0; i < n; i++)
		request(x, &r[i]);
	xml_lit(x, "</service_requests>");
}

void open311_xml_created(struct buf *b, int64_t id, const char *notice,
			 const char *tracking_url)
{
	struct xml *x = XML_ON(b);

	xml_lit(x, HEAD "<service_requests><request>");
	EL_INT(x, "service_request_id", id);
	EL(x, "service_notice", notice);
	EL(x, "account_id", NULL);
	EL(x, "tracking_url", tracking_url);
	xml_lit(x, "</request></service_requests>");
}

void open311_xml_token(struct buf *b, int64_t id, const char *token)
{
	struct xml *x = XML_ON(b);

	xml_lit(x, HEAD "<service_requests><request>");
	EL_INT(x, "service_request_id", id);
	EL(x, "token", token);
	xml_lit(x, "</request></service_requests>");
}
