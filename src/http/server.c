/* server: libmicrohttpd glue; see server.h.
 *
 * Every request is answered on the second or later call of the access
 * handler, never the first: libmicrohttpd 0.9.75 adds "Connection: close"
 * to a response queued on the first call, which would kill keep-alive.
 * The raw URI (path and query undecoded) comes from the URI log callback;
 * we do our own decoding with our own limits. */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"

struct server {
	struct MHD_Daemon *d;
	struct server_config cfg;
	server_dispatch dispatch;
	struct app *app;
	atomic_int in_flight;
};

struct conn_state {
	struct arena arena;
	struct buf body;
	char *uri;
	char *query; /* raw query string, or NULL */
	int too_big;
	int started;
	size_t discarded;
	size_t max_body; /* this request's limit */
	struct timespec t0;
};

static const char csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; "
	"img-src 'self' data:; object-src 'none'; base-uri 'none'; "
	"form-action 'self'; frame-ancestors 'none'";

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct server *s = cls;
	struct conn_state *st = xcalloc(1, sizeof(*st));

	arena_init(&st->arena);
	st->uri = arena_strdup(&st->arena, uri ? uri : "/");
	st->query = strchr(st->uri, '?');
	if (st->query)
		*st->query++ = '\0';
	st->max_body = s->cfg.max_body_bytes;
	buf_init(&st->body, st->max_body);
	clock_gettime(CLOCK_MONOTONIC, &st->t0);
	return st;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct conn_state *st = *con_cls;

	if (!st)
		return;
	buf_release(&st->body);
	arena_clear(&st->arena);
	free(st);
	*con_cls = NULL;
}

static const char *mhd_header(const struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->transport, MHD_HEADER_KIND, name);
}

static const char *client_addr(struct MHD_Connection *c, struct arena *a,
			       int trust_proxy)
{
	const union MHD_ConnectionInfo *ci;
	char text[INET6_ADDRSTRLEN] = "unknown";

	if (trust_proxy) {
		const char *xff = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, "X-Forwarded-For");

		if (xff && *xff) {
			const char *comma = strrchr(xff, ',');
			const char *last = comma ? comma + 1 : xff;

			while (*last == ' ')
				last++;
			return arena_strndup(a, last, strnlen(last, 64));
		}
	}
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET,
				  &((const struct sockaddr_in *)sa)->sin_addr,
				  text, sizeof(text));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((const struct sockaddr_in6 *)sa)->sin6_addr,
				  text, sizeof(text));
	}
	return arena_strdup(a, text);
}

static void add_headers(struct MHD_Response *mr, const struct http_resp *resp)
{
	MHD_add_response_header(mr, "Content-Type", resp->content_type);
	MHD_add_response_header(mr, "Content-Security-Policy", csp);
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(mr, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(mr, "X-Frame-Options", "DENY");
	MHD_add_response_header(mr, "Vary", "Accept-Language");
	if (resp->no_store)
		MHD_add_response_header(mr, "Cache-Control", "no-store");
	for (size_t i = 0; i < resp->nheaders; i++)
		MHD_add_response_header(mr, resp->headers[i].key,
					resp->headers[i].value);
}

static long elapsed_us(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000000L +
	       (t1.tv_nsec - t0->tv_nsec) / 1000L;
}

static enum MHD_Result send_resp(struct server *s, struct MHD_Connection *c,
				 struct conn_state *st, struct http_req *req,
				 struct http_resp *resp)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;
	size_t len;
	char *body;
	char status[8], bytes[24], us[24];

	if (resp->body.overflow) {
		buf_reset(&resp->body);
		resp->status = 500;
		resp->content_type = "text/plain; charset=utf-8";
		buf_adds(&resp->body, "response too large\n");
	}
	body = buf_detach(&resp->body, &len);
	mr = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!mr) {
		free(body);
		return MHD_NO;
	}
	add_headers(mr, resp);
	ret = MHD_queue_response(c, (unsigned)resp->status, mr);
	MHD_destroy_response(mr);
	snprintf(status, sizeof(status), "%d", resp->status);
	snprintf(bytes, sizeof(bytes), "%zu", len);
	snprintf(us, sizeof(us), "%ld", elapsed_us(&st->t0));
	log_event("info", "request", "method", req->method, "route",
		  req->route ? req->route : "-", "status", status, "bytes",
		  bytes, "us", us);
	return ret;
}

static void req_init(struct server *s, struct MHD_Connection *c,
		     struct conn_state *st, const char *method,
		     struct http_req *req)
{
	memset(req, 0, sizeof(*req));
	req->arena = &st->arena;
	req->app = s->app;
	req->method = method;
	req->path = st->uri;
	req->body = st->body.data ? st->body.data : "";
	req->body_len = st->body.len;
	req->header = mhd_header;
	req->transport = c;
	req->client = client_addr(c, &st->arena, s->cfg.trust_proxy);
}

/* Build the request and hand it to the dispatcher.  early_status, when
 * set, is a refusal decided here (limits, framing): the dispatcher only
 * renders it, in JSON or HTML as the path asks. */
static enum MHD_Result dispatch(struct server *s, struct MHD_Connection *c,
				struct conn_state *st, const char *method,
				int early_status, const char *early_msg)
{
	struct http_req req;
	struct http_resp resp;
	const char *msg = NULL;
	enum MHD_Result ret;
	enum err e;

	req_init(s, c, st, method, &req);
	e = form_parse(&st->arena, st->query ? st->query : "",
		       st->query ? strlen(st->query) : 0, &req.query, &msg);
	if (early_status) {
		req.early_status = early_status;
		req.early_message = early_msg;
	} else if (e != ERR_OK) {
		req.early_status = http_status_for(e);
		req.early_message = arena_printf(&st->arena, "query string: %s", msg);
	}
	http_resp_init(&resp);
	s->dispatch(&req, &resp);
	ret = send_resp(s, c, st, &req, &resp);
	http_resp_release(&resp);
	return ret;
}

struct header_count {
	int content_length, transfer_encoding, host;
	int bad_te;	   /* a Transfer-Encoding other than "chunked" */
	int bad_value;	   /* a bare CR in a value (RFC 9110 5.5) */
};

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind,
				    const char *key, const char *value)
{
	struct header_count *hc = cls;

	if (strcasecmp(key, "Content-Length") == 0)
		hc->content_length++;
	else if (strcasecmp(key, "Transfer-Encoding") == 0) {
		hc->transfer_encoding++;
		hc->bad_te |= !value || strcasecmp(value, "chunked") != 0;
	} else if (strcasecmp(key, "Host") == 0)
		hc->host++;
	if (value && strchr(value, '\r'))
		hc->bad_value = 1;
	return MHD_YES;
}

/* Framing that two HTTP parsers could read differently is how requests
 * are smuggled past a proxy (RFC 9112 6.1, 6.3): refuse it outright.  A
 * response queued on the first call makes libmicrohttpd close the
 * connection, which is what the RFC asks for here. */
static const char *framing_error(struct MHD_Connection *c, const char *version)
{
	struct header_count hc = {0, 0, 0, 0, 0};

	MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, &hc);
	if (hc.content_length > 1)
		return "more than one Content-Length header";
	if (hc.content_length && hc.transfer_encoding)
		return "both Content-Length and Transfer-Encoding";
	if (hc.transfer_encoding > 1)
		return "more than one Transfer-Encoding header";
	/* We decode only chunked; anything else would leave the body's end
	 * unknown and the connection hanging. */
	if (hc.bad_te)
		return "Transfer-Encoding other than chunked";
	if (hc.bad_value)
		return "a header value with a bare CR";
	if (hc.host != 1 && strcmp(version, "HTTP/1.1") == 0)
		return "HTTP/1.1 needs exactly one Host header";
	return NULL;
}

/* Past this much discarded body we stop listening and drop the client. */
#define DISCARD_FACTOR 16

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct conn_state *st = *con_cls;
	enum MHD_Result ret;
	const char *bad;

	if (!st)
		return MHD_NO;
	if (!st->started) {
		const char *cl = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, "Content-Length");

		st->started = 1;
		if (s->cfg.body_limit) {
			size_t lim = s->cfg.body_limit(method, st->uri);

			if (lim) {
				st->max_body = lim;
				st->body.max = lim;
			}
		}
		if ((bad = framing_error(c, version)) != NULL)
			return dispatch(s, c, st, method, 400, bad);
		if (cl && strtoull(cl, NULL, 10) > st->max_body)
			return dispatch(s, c, st, method, 413,
					"request body too large");
		return MHD_YES;
	}
	if (*upload_size) {
		if (!st->too_big) {
			buf_add(&st->body, upload, *upload_size);
			st->too_big = st->body.overflow;
		} else {
			st->discarded += *upload_size;
			if (st->discarded > DISCARD_FACTOR * st->max_body)
				return MHD_NO;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	atomic_fetch_add(&s->in_flight, 1);
	ret = dispatch(s, c, st, method, st->too_big ? 413 : 0,
		       "request body too large");
	atomic_fetch_sub(&s->in_flight, 1);
	return ret;
}

static int server_sockaddr(const char *listen, struct sockaddr_storage *ss,
		    socklen_t *len, char *err, size_t errlen)
{
	char host[64];
	const char *colon = strrchr(listen, ':'), *h = listen;
	size_t hl;
	char *end;
	unsigned long port;

	memset(ss, 0, sizeof(*ss));
	if (!colon)
		goto bad;
	hl = (size_t)(colon - listen);
	if (hl >= 2 && listen[0] == '[' && listen[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof(host))
		goto bad;
	memcpy(host, h, hl);
	host[hl] = '\0';
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno || *end || colon[1] == '\0' || port > 65535)
		goto bad;
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
		((struct sockaddr_in *)ss)->sin_family = AF_INET;
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
		*len = sizeof(struct sockaddr_in);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
		((struct sockaddr_in6 *)ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
		*len = sizeof(struct sockaddr_in6);
		return 0;
	}
bad:
	snprintf(err, errlen,
		 "listen address '%s' is not HOST:PORT with a numeric IPv4 "
		 "address or [IPv6] address and a port 0-65535",
		 listen);
	return -1;
}

int server_parse_listen(const char *listen, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t len;

	return server_sockaddr(listen, &ss, &len, err, errlen);
}

struct server *server_start(const struct server_config *cfg,
			    server_dispatch dispatch_fn, struct app *app,
			    char *err, size_t errlen)
{
	struct server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
			 MHD_USE_ITC;

	if (server_sockaddr(cfg->listen, &ss, &len, err, errlen) != 0) {
		free(s);
		return NULL;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->cfg = *cfg;
	s->dispatch = dispatch_fn;
	s->app = app;
	s->d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->max_header_bytes,
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_seconds,
		MHD_OPTION_CONNECTION_LIMIT, 1000u,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 512u,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_END);
	if (!s->d) {
		snprintf(err, errlen, "cannot listen on %s: %s", cfg->listen,
			 strerror(errno ? errno : EADDRINUSE));
		free(s);
		return NULL;
	}
	return s;
}

void server_stop(struct server *s, unsigned grace_ms)
{
	MHD_socket fd;

	if (!s)
		return;
	fd = MHD_quiesce_daemon(s->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	for (unsigned waited = 0;
	     atomic_load(&s->in_flight) > 0 && waited < grace_ms; waited += 10)
		usleep(10000);
	MHD_stop_daemon(s->d);
	free(s);
}
