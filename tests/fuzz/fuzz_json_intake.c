/* fuzz_json_intake: the JSON intake of POST /api/v1/signals without a
 * server.
 *
 * This file includes src/web/signal_api.c itself, so the real handler
 * web_api_signal_create runs: the media-type check, json_loadb with the
 * flags the handler uses (JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL),
 * the field mapping (field_string, slot, parse_body; the reader of
 * src/web/json_body.c, linked as the server links it), then
 * the real signal_validate.  What lies beyond -- placing the point in a
 * buurt, the database, the JSON and HTML writers -- is replaced below by
 * stubs (web_intake_defer validates and checks; the writers only record the
 * status), because they need the area index and a database.
 *
 * Properties:
 *   - the answer is 400 (bad JSON, unknown field, wrong type, invalid
 *     signal) or 201 (valid): never anything else, never a crash;
 *   - a signal that passes has text that is valid UTF-8, NFC, 5..2000
 *     code points, without control characters or bidi controls, and a
 *     point within range when it has one;
 *   - json_loadb on the same bytes agrees with the handler about
 *     "is this a JSON object". */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "web/signal_api.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --- stubs for what the handler calls outside this file -------------- */

static int fuzz_status;
static bool fuzz_validated_ok;

void web_json(struct http_resp *resp, int status, json_t *j)
{
	resp->status = status;
	json_decref(j);
}

void web_json_error(struct http_resp *resp, int status, const char *message,
		    const struct field_errors *fields)
{
	assert(message);
	if (fields)
		for (size_t i = 0; i < fields->n; i++)
			assert(fields->e[i].field && fields->e[i].msgid);
	resp->status = status;
}

/* No database here: the answer falls back to the stored row. */
struct db *store_thread_db(void)
{
	return NULL;
}

json_t *signal_track_json(const struct app *app, const struct signal_track *t)
{
	(void)app;
	assert(t->s.token);
	return json_object();
}

static void check_text(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s), i = 0;
	utf8proc_uint8_t *nfc;
	size_t n = 0;

	while (i < len) {
		int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, len - i, &c);

		assert(k > 0);
		assert(c == '\n' || c == '\t' ||
		       utf8proc_category(c) != UTF8PROC_CATEGORY_CC);
		assert(!(c >= 0x202a && c <= 0x202e) &&
		       !(c >= 0x2066 && c <= 0x2069));
		i += k;
		n++;
	}
	assert(n >= SIGNAL_TEXT_MIN && n <= SIGNAL_TEXT_MAX);
	nfc = utf8proc_NFC(p);
	assert(nfc && strcmp((const char *)nfc, s) == 0);
	free(nfc);
}

/* The API's intake parks its connection while the writer stores the
 * signal; here it is answered at once, as a refusal would be. */
size_t web_intake_defer(struct http_req *req, struct http_resp *resp,
			struct signal_input *in, struct field_errors *errs,
			struct intake_result *res, struct signal_track *track,
			void (*then)(struct http_req *req, struct http_resp *resp,
				     void *ctx),
			void *ctx)
{
	(void)resp, (void)then, (void)ctx, (void)track;
	memset(res, 0, sizeof(*res));
	res->status = 400;
	if (signal_validate(req->arena, in, errs))
		return errs->n;
	check_text(in->text);
	if (in->has_point)
		assert(fabs(in->lat_v) <= 90 && fabs(in->lon_v) <= 180);
	fuzz_validated_ok = true;
	res->status = 201;
	res->row.token = "AAAAAAAAAAAAAAAAAAAAAA";
	return 0;
}



/* Only web_api_signal_get uses these; never called here. */
int web_query_only(struct http_req *req, struct http_resp *resp,
		   const char *const *allowed, size_t n)
{
	(void)req, (void)resp, (void)allowed, (void)n;
	abort();
}

struct db *web_db(struct http_req *req, struct http_resp *resp, int json)
{
	(void)req, (void)resp, (void)json;
	abort();
}

enum err signal_track(struct db *db, struct arena *ar, const char *municipality,
		      const char *token, struct signal_track *out)
{
	(void)db, (void)ar, (void)municipality, (void)token, (void)out;
	abort();
}

/* Only a multipart body (photos) uses these; this driver sends JSON
 * (fuzz_multipart and fuzz_image cover that path). */
const struct multipart *web_parts(struct http_req *req, const char **msg)
{
	(void)req, (void)msg;
	abort();
}

const struct form *web_form(struct http_req *req)
{
	(void)req;
	abort();
}

size_t web_photos_take(struct http_req *req, const char *field,
		       struct signal_input *in, struct field_errors *errs)
{
	(void)req, (void)field, (void)in, (void)errs;
	abort();
}

/* --- the driver -------------------------------------------------------- */

static const char *fuzz_header(const struct http_req *r, const char *name)
{
	(void)r;
	if (strcasecmp(name, "Content-Type") == 0)
		return "application/json; charset=utf-8";
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct http_req req;
	struct http_resp resp;
	struct app app;
	json_error_t jerr;
	json_t *root;
	bool is_object;

	/* the flags of parse_body, on the bare bytes */
	root = json_loadb((const char *)data, size,
			  JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &jerr);
	is_object = root && json_is_object(root);
	if (!root)
		assert(jerr.text[0] != '\0');
	json_decref(root);

	arena_init(&a);
	memset(&req, 0, sizeof(req));
	memset(&app, 0, sizeof(app));
	req.arena = &a;
	req.app = &app;
	req.method = "POST";
	req.path = "/api/v1/signals";
	req.body = (const char *)data;
	req.body_len = size;
	req.client = "127.0.0.1";
	req.header = fuzz_header;
	http_resp_init(&resp);
	fuzz_validated_ok = false;
	web_api_signal_create(&req, &resp);
	fuzz_status = resp.status;
	assert(fuzz_status == 400 || fuzz_status == 201);
	if (fuzz_status == 201)
		assert(is_object && fuzz_validated_ok);
	http_resp_release(&resp);
	arena_clear(&a);
	return 0;
}
