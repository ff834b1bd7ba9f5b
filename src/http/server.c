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
#include <pthread.h>
#include <stdbool.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"
#include "base/workq.h"
#include "http/proxy.h"

/* A connection, while it may be waiting for a request header: the
 * sweeper cuts it when the header is late.  Linked from the connection's
 * socket context; the list and every field are under track_lock. */
struct conn_track {
	struct conn_track *prev, *next;
	MHD_socket fd;
	long long since_ms;
	bool waiting; /* for a request header */
	bool cut;
};

struct server {
	struct MHD_Daemon *d;
	struct server_config cfg;
	server_dispatch dispatch;
	struct app *app;
	atomic_int in_flight;
	atomic_size_t big_bodies; /* bytes reserved of big_body_budget */
	atomic_bool draining; /* server_stop began: new requests get 503 */
	struct proxy_list proxies;
	struct workq *slow;
	pthread_mutex_t track_lock;
	pthread_cond_t track_stop;
	struct conn_track *tracked;
	bool stopping; /* under track_lock */
	pthread_t sweeper;
};

enum parked { NOT_PARKED, PARKED, PARK_DONE };

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
	/* Built when the header is in; handed to the dispatcher with the body
	 * at the end, so what the head hook cached (the principal) stays. */
	struct http_req req;
	/* Kept while the connection is parked for slow work. */
	struct http_resp resp;
	struct server *srv;
	struct MHD_Connection *conn;
	struct workq_job job;
	atomic_int parked;
	bool ran;
	bool counted;	 /* in in_flight */
	size_t reserved; /* of big_bodies */
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
	st->srv = s;
	st->conn = c;
	return st;
}

static struct conn_track *track_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/* Waiting for a header from now on (true), or not (false). */
static void track_wait(struct server *s, struct MHD_Connection *c, bool waiting)
{
	struct conn_track *t = track_of(c);

	if (!t)
		return;
	pthread_mutex_lock(&s->track_lock);
	t->waiting = waiting;
	t->since_ms = mono_ms();
	pthread_mutex_unlock(&s->track_lock);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct conn_state *st = *con_cls;

	track_wait(cls, c, true); /* the next request's header */
	if (!st)
		return;
	if (st->counted)
		atomic_fetch_sub(&st->srv->in_flight, 1);
	if (st->reserved)
		atomic_fetch_sub(&st->srv->big_bodies, st->reserved);
	http_resp_release(&st->resp);
	buf_release(&st->body);
	arena_clear(&st->arena);
	free(st);
	*con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c,
			  void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct server *s = cls;
	struct conn_track *t;
	const union MHD_ConnectionInfo *ci;

	pthread_mutex_lock(&s->track_lock);
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		t = xcalloc(1, sizeof(*t));
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		t->fd = ci ? ci->connect_fd : MHD_INVALID_SOCKET;
		t->since_ms = mono_ms();
		t->waiting = true;
		t->next = s->tracked;
		if (s->tracked)
			s->tracked->prev = t;
		s->tracked = t;
		*socket_context = t;
	} else if ((t = *socket_context) != NULL) {
		/* libmicrohttpd closes the socket only after this call, so the
		 * sweeper (under the same lock) never touches a reused fd. */
		if (t->prev)
			t->prev->next = t->next;
		else
			s->tracked = t->next;
		if (t->next)
			t->next->prev = t->prev;
		free(t);
		*socket_context = NULL;
	}
	pthread_mutex_unlock(&s->track_lock);
}

/* Cut connections whose header is late: shutdown() makes the socket
 * readable at its end, and libmicrohttpd closes it on its own thread. */
static unsigned sweep(struct server *s, long long now)
{
	long long limit = (long long)s->cfg.header_timeout_seconds * 1000;
	unsigned n = 0;

	for (struct conn_track *t = s->tracked; t; t = t->next)
		if (t->waiting && !t->cut && now - t->since_ms > limit &&
		    t->fd != MHD_INVALID_SOCKET) {
			shutdown(t->fd, SHUT_RDWR);
			t->cut = true;
			n++;
		}
	return n;
}

static void *sweeper(void *p)
{
	struct server *s = p;
	struct timespec until;
	char count[16];
	unsigned n;

	pthread_mutex_lock(&s->track_lock);
	while (!s->stopping) {
		mono_deadline(&until, 250);
		pthread_cond_timedwait(&s->track_stop, &s->track_lock, &until);
		if (s->stopping || !(n = sweep(s, mono_ms())))
			continue;
		pthread_mutex_unlock(&s->track_lock);
		snprintf(count, sizeof(count), "%u", n);
		log_event("info", "header_deadline", "connections", count);
		pthread_mutex_lock(&s->track_lock);
	}
	pthread_mutex_unlock(&s->track_lock);
	return NULL;
}

static const char *mhd_header(const struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->transport, MHD_HEADER_KIND, name);
}

static const char *client_addr(const struct server *s, struct MHD_Connection *c,
			       struct arena *a)
{
	const union MHD_ConnectionInfo *ci;
	char text[PROXY_ADDR_MAX] = "unknown", fwd[PROXY_ADDR_MAX];
	struct proxy_addr peer;
	const char *xff;

	memset(&peer, 0, sizeof(peer));
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET) {
			peer.family = AF_INET;
			memcpy(peer.addr, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		} else if (sa->sa_family == AF_INET6) {
			peer.family = AF_INET6;
			memcpy(peer.addr, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
		}
		if (peer.family)
			inet_ntop(peer.family, peer.addr, text, sizeof(text));
	}
	if (proxy_trusted(&s->proxies, &peer)) {
		xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						  "X-Forwarded-For");
		if (xff && proxy_client(&s->proxies, xff, strlen(xff), fwd))
			return arena_strdup(a, fwd);
	}
	return arena_strdup(a, text);
}

static void add_headers(struct MHD_Response *mr, const struct http_resp *resp)
{
	if (resp->status != 204 && resp->status != 304) /* no body to type */
		MHD_add_response_header(mr, "Content-Type", resp->content_type);
	MHD_add_response_header(mr, "Content-Security-Policy", csp);
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(mr, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(mr, "X-Frame-Options", "DENY");
	MHD_add_response_header(mr, "Vary", "Accept-Language");
	if (resp->no_store)
		MHD_add_response_header(mr, "Cache-Control", "private, no-store");
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

/* A streamed body (http_stream in http.h): what fill gave and is not
 * sent yet, and whether fill said it was the end. */
struct stream_state {
	struct http_stream s;
	struct buf b;
	size_t off;
	bool end;
};

#define STREAM_BLOCK ((size_t)64 << 10) /* libmicrohttpd's buffer */
#define STREAM_PIECE_MAX ((size_t)16 << 20) /* one fill at most */

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream_state *ss = cls;
	enum http_stream_step step;
	size_t n;

	(void)pos;
	while (ss->off == ss->b.len) {
		if (ss->end)
			return MHD_CONTENT_READER_END_OF_STREAM;
		buf_reset(&ss->b);
		ss->off = 0;
		step = ss->s.fill(ss->s.ctx, &ss->b);
		if (step == HTTP_STREAM_ERROR || ss->b.overflow)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		ss->end = step == HTTP_STREAM_END;
	}
	n = ss->b.len - ss->off;
	if (n > max)
		n = max;
	memcpy(out, ss->b.data + ss->off, n);
	ss->off += n;
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	struct stream_state *ss = cls;

	if (ss->s.done)
		ss->s.done(ss->s.ctx);
	buf_release(&ss->b);
	free(ss);
}

/* The response of a stream: from here on the response owns it. */
static struct MHD_Response *stream_response(struct http_resp *resp)
{
	struct stream_state *ss = xcalloc(1, sizeof(*ss));
	struct MHD_Response *mr;

	ss->s = resp->stream;
	memset(&resp->stream, 0, sizeof(resp->stream));
	buf_init(&ss->b, STREAM_PIECE_MAX);
	mr = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK,
					       stream_read, ss, stream_free);
	if (!mr) /* libmicrohttpd frees nothing then */
		stream_free(ss);
	return mr;
}

/* Every 429 and 503 tells the client when to come back (RFC 9110
 * 10.2.3); the answers that say so themselves are the rule, and one
 * that does not is a bug: it gets a default and an error in the log, so
 * it is found. */
static void retry_after_guard(const struct conn_state *st,
			      struct http_resp *resp)
{
	if ((resp->status != 429 && resp->status != 503) ||
	    http_resp_get(resp, "Retry-After"))
		return;
	http_resp_header(resp, "Retry-After", "5");
	log_event("error", "retry_after_missing", "route",
		  st->req.route ? st->req.route : st->req.path);
}

static enum MHD_Result send_resp(struct MHD_Connection *c,
				 struct conn_state *st, struct http_resp *resp)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;
	size_t len = 0;
	char *body;
	bool streamed = resp->stream.fill != NULL;
	char status[8], bytes[24], us[24];

	if (streamed) {
		if (!(mr = stream_response(resp)))
			return MHD_NO;
		goto queue;
	}
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
queue:
	retry_after_guard(st, resp);
	add_headers(mr, resp);
	ret = MHD_queue_response(c, (unsigned)resp->status, mr);
	MHD_destroy_response(mr);
	snprintf(status, sizeof(status), "%d", resp->status);
	if (streamed)
		snprintf(bytes, sizeof(bytes), "stream");
	else /* sent: a 304 is headers only (http.h) */
		snprintf(bytes, sizeof(bytes), "%zu", resp->status == 304 ? 0 : len);
	snprintf(us, sizeof(us), "%ld", elapsed_us(&st->t0));
	log_event("info", "request", "method", st->req.method, "route",
		  st->req.route ? st->req.route : "-", "status", status, "bytes",
		  bytes, "us", us);
	return ret;
}

/* The request as the header gave it; the body is added at the end. */
static void req_build(struct server *s, struct MHD_Connection *c,
		      struct conn_state *st, const char *method,
		      const char *version)
{
	struct http_req *req = &st->req;
	const char *msg = NULL;

	memset(req, 0, sizeof(*req));
	req->arena = &st->arena;
	req->app = s->app;
	req->method = arena_strdup(&st->arena, method);
	req->path = st->uri;
	req->http_1_0 = strcmp(version, "HTTP/1.0") == 0;
	req->body = "";
	req->header = mhd_header;
	req->transport = c;
	req->client = client_addr(s, c, &st->arena);
	if (form_parse(&st->arena, st->query ? st->query : "",
		       st->query ? strlen(st->query) : 0, &req->query,
		       &msg) != ERR_OK) {
		req->early_status = 400;
		req->early_message = arena_printf(&st->arena, "query string: %s", msg);
	}
}

/* Hand the request to the dispatcher; early_status, when set, is a
 * refusal decided here (limits, framing): the dispatcher only renders
 * it, in JSON or HTML as the path asks. */
static void dispatch(struct server *s, struct conn_state *st, int early_status,
		     const char *early_msg)
{
	if (early_status) {
		st->req.early_status = early_status;
		st->req.early_message = early_msg;
	}
	http_resp_init(&st->resp);
	s->dispatch(&st->req, &st->resp);
}

static enum MHD_Result answer(struct server *s, struct MHD_Connection *c,
			      struct conn_state *st, int early_status,
			      const char *early_msg)
{
	dispatch(s, st, early_status, early_msg);
	return send_resp(c, st, &st->resp);
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

/* A body allowed past max_body_bytes: its bytes out of the budget, held
 * until the request is done (on_completed).  No Content-Length (chunked)
 * counts the whole limit. */
static bool reserve(struct server *s, struct conn_state *st, const char *cl)
{
	size_t want = cl ? (size_t)strtoull(cl, NULL, 10) : st->max_body;
	size_t had = atomic_load(&s->big_bodies);

	if (!s->cfg.big_body_budget || want <= s->cfg.max_body_bytes)
		return true;
	do {
		if (had + want > s->cfg.big_body_budget)
			return false;
	} while (!atomic_compare_exchange_weak(&s->big_bodies, &had, had + want));
	st->reserved = want;
	return true;
}

/* The header is in: framing, then the head hook (who may send a body,
 * and how large), then Content-Length against that limit.  Any answer
 * here is queued on the first call, before "100 Continue" and before a
 * byte of the body is read; libmicrohttpd then closes the connection. */
static enum MHD_Result on_header(struct server *s, struct MHD_Connection *c,
				 struct conn_state *st, const char *method,
				 const char *version)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						     "Content-Length");
	size_t limit = s->cfg.max_body_bytes;
	const char *bad;
	struct http_resp head;
	enum MHD_Result ret;

	st->started = 1;
	track_wait(s, c, false);
	req_build(s, c, st, method, version);
	if ((bad = framing_error(c, version)) != NULL)
		return answer(s, c, st, 400, bad);
	if (atomic_load(&s->draining))
		return answer(s, c, st, 503, "the server is stopping");
	/* in flight from its header on: a body still uploading when the stop
	 * begins is waited for too */
	atomic_fetch_add(&s->in_flight, 1);
	st->counted = true;
	if (s->cfg.head && !st->req.early_status) {
		http_resp_init(&head);
		if (!s->cfg.head(&st->req, &head, &limit)) {
			ret = send_resp(c, st, &head);
			http_resp_release(&head);
			return ret;
		}
		http_resp_release(&head);
	}
	st->max_body = limit;
	st->body.max = limit;
	if (cl && strtoull(cl, NULL, 10) > st->max_body)
		return answer(s, c, st, 413, "request body too large");
	if (limit > s->cfg.max_body_bytes && !reserve(s, st, cl))
		return answer(s, c, st, 503, "too many large uploads at once");
	return MHD_YES;
}

/* On a slow thread: the handler's work is done (or was too late to run);
 * wake the parked connection. */
static void park_done(void *p, bool ran)
{
	struct conn_state *st = p;

	st->ran = ran;
	atomic_store(&st->parked, PARK_DONE);
	MHD_resume_connection(st->conn);
}

static void park_work(void *p)
{
	struct conn_state *st = p;

	st->resp.defer.work(st->resp.defer.ctx);
}

static void park_wake(void *p)
{
	park_done(p, true);
}

bool http_deferred(const struct http_resp *resp)
{
	return resp->defer.work || resp->defer.start;
}

/* The handler asked for slow work: suspend first (a resume that came
 * before the suspend would be lost), then queue it.  A full queue is
 * answered as a late job.  Work another thread does (defer.start) is
 * handed over the same way. */
static enum MHD_Result park(struct server *s, struct MHD_Connection *c,
			    struct conn_state *st)
{
	if (st->resp.defer.start) {
		atomic_store(&st->parked, PARKED);
		MHD_suspend_connection(c);
		st->resp.defer.start(st->resp.defer.ctx, park_wake, st);
		return MHD_YES;
	}
	if (!s->slow) { /* no pool: the work runs here */
		park_work(st);
		st->resp.defer.then(&st->req, &st->resp, st->resp.defer.ctx, true);
		return send_resp(c, st, &st->resp);
	}
	atomic_store(&st->parked, PARKED);
	st->job = (struct workq_job){.work = park_work, .done = park_done, .ctx = st};
	MHD_suspend_connection(c);
	if (!workq_push(s->slow, &st->job))
		park_done(st, false);
	return MHD_YES;
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
	struct http_defer d;

	if (!st)
		return MHD_NO;
	if (!st->started)
		return on_header(s, c, st, method, version);
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
	switch (atomic_load(&st->parked)) {
	case PARKED:
		return MHD_YES; /* not ours yet */
	case PARK_DONE:
		d = st->resp.defer;
		memset(&st->resp.defer, 0, sizeof(st->resp.defer));
		atomic_store(&st->parked, NOT_PARKED);
		d.then(&st->req, &st->resp, d.ctx, st->ran);
		return send_resp(c, st, &st->resp);
	default:
		break;
	}
	st->req.body = st->body.data ? st->body.data : "";
	st->req.body_len = st->body.len;
	dispatch(s, st, st->too_big ? 413 : 0, "request body too large");
	if (http_deferred(&st->resp))
		return park(s, c, st);
	return send_resp(c, st, &st->resp);
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

int server_parse_proxy(const char *addr, char *err, size_t errlen)
{
	struct proxy_addr p;

	if (addr && strlen(addr) < PROXY_ADDR_MAX && proxy_addr_parse(addr, &p))
		return 0;
	snprintf(err, errlen,
		 "trusted proxy '%s' is not a numeric IPv4 or IPv6 address",
		 addr ? addr : "");
	return -1;
}

static int proxies_parse(struct server *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < s->cfg.ntrusted_proxies; i++) {
		if (server_parse_proxy(s->cfg.trusted_proxies[i], err, errlen))
			return -1;
		if (!proxy_list_add(&s->proxies, s->cfg.trusted_proxies[i])) {
			snprintf(err, errlen, "at most %d trusted proxies", PROXY_MAX);
			return -1;
		}
	}
	return 0;
}

static void server_free(struct server *s)
{
	pthread_mutex_lock(&s->track_lock);
	s->stopping = true;
	pthread_cond_signal(&s->track_stop);
	pthread_mutex_unlock(&s->track_lock);
	pthread_join(s->sweeper, NULL);
	if (s->d)
		MHD_stop_daemon(s->d);
	workq_free(s->slow);
	pthread_cond_destroy(&s->track_stop);
	pthread_mutex_destroy(&s->track_lock);
	free(s);
}

struct server *server_start(const struct server_config *cfg,
			    server_dispatch dispatch_fn, struct app *app,
			    char *err, size_t errlen)
{
	struct server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
			 MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;

	s->cfg = *cfg;
	if (server_sockaddr(cfg->listen, &ss, &len, err, errlen) != 0 ||
	    proxies_parse(s, err, errlen) != 0) {
		free(s);
		return NULL;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->dispatch = dispatch_fn;
	s->app = app;
	pthread_mutex_init(&s->track_lock, NULL);
	cond_init_monotonic(&s->track_stop);
	if (pthread_create(&s->sweeper, NULL, sweeper, s) != 0)
		fatal("server: cannot start the header sweeper");
	if (cfg->slow_threads)
		s->slow = workq_new(cfg->slow_threads, cfg->slow_queue,
				    cfg->slow_wait_ms, 10);
	s->d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->max_header_bytes,
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_seconds,
		MHD_OPTION_CONNECTION_LIMIT, 1000u,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_address,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 512u,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		MHD_OPTION_END);
	if (!s->d) {
		snprintf(err, errlen, "cannot listen on %s: %s", cfg->listen,
			 strerror(errno ? errno : EADDRINUSE));
		server_free(s);
		return NULL;
	}
	return s;
}

/* Requests in flight, parked ones among them, get grace_ms to finish;
 * the slow pool is drained before libmicrohttpd stops, since its jobs
 * resume connections.
 *
 * We do not call MHD_quiesce_daemon: with an epoll thread pool it races
 * the workers' own removal of the listen socket from their epoll sets
 * and libmicrohttpd 0.9.75 aborts the process ("Failed to remove listen
 * FD from epoll set", seen in CI; the defect is open upstream).  While
 * we drain, a new request is answered 503 with Retry-After and its
 * connection closed, so a proxy in front tries the other instance;
 * MHD_stop_daemon closes the listen socket at the end. */
void server_stop(struct server *s, unsigned grace_ms)
{
	if (!s)
		return;
	atomic_store(&s->draining, true);
	for (unsigned waited = 0;
	     atomic_load(&s->in_flight) > 0 && waited < grace_ms; waited += 10)
		usleep(10000);
	workq_free(s->slow);
	s->slow = NULL;
	server_free(s);
}
