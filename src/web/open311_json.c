/* open311_json: see open311_json.h. */
#include "open311_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonw.h"

/* "key": with the comma before it; key is a literal at every use. */
#define KEY(b, key) buf_add(b, ",\"" key "\":", sizeof(key) + 3)
#define STR(b, key, s)            \
	do {                      \
		KEY(b, key);      \
		jsonw_str(b, s);  \
	} while (0)

/* Six decimals (about 10 cm), as the XML writes them; text: v as "%.6f"
 * writes it, when the caller has it (a buurt's point, made once). */
static void coordinate(struct buf *b, bool has, double v, const char *text)
{
	char s[32];
	const char *digits;
	size_t whole;
	int n;

	if (!has) {
		buf_add(b, "null", 4);
		return;
	}
	/* to a micro-degree (10 cm), written as jsonw_real would write that
	 * number ("%.10g": a coordinate has at most 9 digits), without
	 * printing it twice: the trailing zeros go, one stays after the
	 * point */
	if (text && strlen(text) < sizeof(s)) {
		n = (int)strlen(text);
		memcpy(s, text, (size_t)n + 1);
	} else {
		n = snprintf(s, sizeof(s), "%.6f", v);
	}
	digits = s + (n > 0 && s[0] == '-');
	whole = strspn(digits, "0123456789");

	/* beyond 3 whole digits or below 1 ("1e-06") "%.10g" differs */
	if (n <= 0 || (size_t)n >= sizeof(s) || digits[whole] != '.' ||
	    whole > 3 || digits[0] == '0') {
		jsonw_real(b, strtod(s, NULL));
		return;
	}
	while (n > 1 && s[n - 1] == '0' && s[n - 2] != '.')
		n--;
	buf_add(b, s, (size_t)n);
}

static void request(struct buf *b, const struct open311_request *r)
{
	buf_adds(b, "{\"service_request_id\":\"");
	jsonw_int(b, r->id);
	buf_addc(b, '"');
	STR(b, "status", r->status);
	STR(b, "status_notes", r->status_notes);
	STR(b, "service_name", r->service_name);
	STR(b, "service_code", r->service_code);
	STR(b, "description", r->description);
	STR(b, "agency_responsible", r->agency);
	STR(b, "service_notice", r->service_notice);
	STR(b, "requested_datetime", r->requested);
	STR(b, "updated_datetime", r->updated);
	STR(b, "expected_datetime", r->expected);
	STR(b, "address", r->address);
	STR(b, "address_id", r->address_id);
	STR(b, "zipcode", NULL);
	KEY(b, "lat");
	coordinate(b, r->has_point, r->lat, r->lat_text);
	KEY(b, "long");
	coordinate(b, r->has_point, r->lon, r->lon_text);
	STR(b, "media_url", r->media_url);
	buf_addc(b, '}');
}

void open311_json_requests(struct buf *b, const struct open311_request *r,
			   size_t n)
{
	buf_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ',');
		request(b, &r[i]);
	}
	buf_add(b, "]\n", 2);
}
