/* http: request/response helpers shared by server, router and handlers. */
#include "http.h"

#include <assert.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

void http_resp_init(struct http_resp *r)
{
	memset(r, 0, sizeof(*r));
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	buf_init(&r->body, HTTP_MAX_RESP_BODY);
}

void http_resp_release(struct http_resp *r)
{
	buf_release(&r->body);
	if (r->stream.done)
		r->stream.done(r->stream.ctx);
	memset(&r->stream, 0, sizeof(r->stream));
}

void http_resp_header(struct http_resp *r, const char *key, const char *value)
{
	assert(r->nheaders < HTTP_MAX_RESP_HEADERS);
	r->headers[r->nheaders].key = key;
	r->headers[r->nheaders].value = value;
	r->nheaders++;
}

const char *http_resp_get(const struct http_resp *r, const char *key)
{
	for (size_t i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].key, key) == 0)
			return r->headers[i].value;
	return NULL;
}

const char *http_header(const struct http_req *r, const char *name)
{
	return r->header ? r->header(r, name) : NULL;
}

const char *http_param(const struct http_req *r, const char *name)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].key, name) == 0)
			return r->params[i].value;
	return NULL;
}

const char *http_media_type(const struct http_req *r)
{
	const char *ct = http_header(r, "Content-Type");
	size_t n = 0;
	char *out;

	if (!ct)
		return "";
	while (ct[n] && ct[n] != ';' && ct[n] != ' ' && n < 128)
		n++;
	out = arena_strndup(r->arena, ct, n);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

int http_status_for(enum err e)
{
	switch (e) {
	case ERR_OK: return 200;
	case ERR_INVALID: return 400;
	case ERR_UNPROCESSABLE: return 422;
	case ERR_FORBIDDEN: return 403;
	case ERR_NOT_FOUND: return 404;
	case ERR_CONFLICT: return 409;
	case ERR_TOO_LARGE: return 413;
	case ERR_UNSUPPORTED: return 415;
	case ERR_LIMITED: return 429;
	case ERR_BUSY: return 503;
	case ERR_INTERNAL: return 500;
	}
	return 500;
}

const char *http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 410: return "Gone";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default: return "Error";
	}
}
