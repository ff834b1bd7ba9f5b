/* web: handlers (one file per resource) and the helpers they share for
 * answering in JSON or HTML. */
#ifndef WA_WEB_H
#define WA_WEB_H
#include <jansson.h>

#include "domain/signal.h"
#include "http/http.h"
#include "store/store.h"
#include "views/views.h"
#include "app/app.h"
#include "app/mailer.h"

/* Handlers (routes.c holds the table). */
void web_healthz(struct http_req *req, struct http_resp *resp);
void web_static(struct http_req *req, struct http_resp *resp);
void web_map_svg(struct http_req *req, struct http_resp *resp);
void web_home(struct http_req *req, struct http_resp *resp);
void web_melden_form(struct http_req *req, struct http_resp *resp);
void web_melden_post(struct http_req *req, struct http_resp *resp);
void web_signal_page(struct http_req *req, struct http_resp *resp);
void web_api_signal_create(struct http_req *req, struct http_resp *resp);
void web_api_signal_get(struct http_req *req, struct http_resp *resp);
void web_api_areas(struct http_req *req, struct http_resp *resp);
void web_api_area_lookup(struct http_req *req, struct http_resp *resp);
void web_api_area_get(struct http_req *req, struct http_resp *resp);
void web_login_form(struct http_req *req, struct http_resp *resp);
void web_login_post(struct http_req *req, struct http_resp *resp);
void web_logout(struct http_req *req, struct http_resp *resp);
void web_reset_form(struct http_req *req, struct http_resp *resp);
void web_reset_post(struct http_req *req, struct http_resp *resp);
void web_password_form(struct http_req *req, struct http_resp *resp);
void web_password_post(struct http_req *req, struct http_resp *resp);
void web_werk(struct http_req *req, struct http_resp *resp);

/* The body of a JSON request: one object, duplicate keys refused, jansson
 * flags added (JSON_DECODE_INT_AS_REAL ...); with allowed, a key not among
 * allowed[0..n) is refused, each named.  Else the answer (415; 400 with
 * line and column for malformed JSON) and NULL.  The caller owns it. */
json_t *web_json_body(struct http_req *req, struct http_resp *resp,
		      size_t flags, const char *const *allowed, size_t n);
/* A key of outside JSON fit for an error message (short and plain, copied
 * to the request's arena), else "?". */
const char *web_printable_key(struct http_req *req, const char *key);

/* JSON answers: takes ownership of j. */
void web_json(struct http_resp *resp, int status, json_t *j);
/* {"error": {"status", "code", "message", "fields": {...}}} */
void web_json_error(struct http_resp *resp, int status, const char *message,
		    const struct field_errors *fields);
/* Take one from the rate limit rl (NULL: none) for key; when it is spent,
 * answer the HTML page 429 with Retry-After and return true. */
struct ratelimit;
bool web_limited(struct http_req *req, struct http_resp *resp,
		 struct ratelimit *rl, const char *key);
/* The same answered as a JSON error (the APIs). */
bool web_limited_json(struct http_req *req, struct http_resp *resp,
		      struct ratelimit *rl, const char *key);
/* HTML error page in the request's language. */
void web_html_error(struct http_req *req, struct http_resp *resp, int status,
		    const char *message);
/* The page struct for this request. */
/* A page for this request; with a session, the header gets the own start
 * page and a log-out button. */
struct page web_page(struct http_req *req, const char *title);
/* Slow work (argon2id) off the server's threads (http_defer in
 * http/http.h): work(ctx) runs on a slow thread, then then() on a server
 * thread in the request's language.  ran false: the slow threads were too
 * busy; answer with web_busy(). */
void web_defer(struct http_req *req, struct http_resp *resp,
	       void (*work)(void *ctx),
	       void (*then)(struct http_req *req, struct http_resp *resp,
			    void *ctx, bool ran),
	       void *ctx);
/* 503 with Retry-After: 1, the page saying to try again in a moment. */
void web_busy(struct http_req *req, struct http_resp *resp);
/* The mail environment of this request (app/mailer.h), as a pointer
 * valid for the enclosing block. */
#define MAIL_ENV(req) (&(struct mail_env){(req)->app, (req)->arena})
/* This thread's database, or answers 503 and returns NULL. */
struct db *web_db(struct http_req *req, struct http_resp *resp, int json);
/* Refuse query parameters other than those named (and "lang"); answers 400
 * and returns -1. */
int web_query_only(struct http_req *req, struct http_resp *resp,
		   const char *const *allowed, size_t n);

/* --- intake (shared by the form and the JSON API) -------------------- */
struct intake_result {
	struct signal_row row;
	bool replayed;
	int status;	     /* 201 new, 200 replayed; 400 invalid fields,
			      * 422 unknown place or category; 5xx */
	const char *message; /* on failure, translated */
	int retry_after;     /* with 429 */
};
struct signal_track;
/* The intake use case (app/intake.h) for this request's client, for a
 * handler that answers once the signal is stored without holding its
 * server thread meanwhile (the group writer stores it; the server parks
 * the connection).  A refusal is answered at once: it returns the number
 * of field errors (in errs; res->status 400 or 422), or 0 with
 * res->status set to the failure and its message.  Otherwise it returns
 * 0 with res->status 0, and then(req, resp, ctx) follows once the signal
 * is stored, with res->status 201 (200: replayed) or a failure with its
 * message.  track: what the answer shows of the signal (intake_prepare's),
 * NULL for nothing.  in, errs, res and track must live in the request's
 * arena and stay untouched until then. */
size_t web_intake_defer(struct http_req *req, struct http_resp *resp,
			struct signal_input *in, struct field_errors *errs,
			struct intake_result *res, struct signal_track *track,
			void (*then)(struct http_req *req, struct http_resp *resp,
				     void *ctx),
			void *ctx);
/* The signal as JSON (never contact data). */
json_t *signal_json(const struct app *app, const struct signal_row *s);
/* The same with how it ended ("outcome", null while open) and its
 * kwesties ("kwesties": [{"id", "title", "level", "regisseur", "status",
 * "outcome"}]), as GET /api/v1/signals/{token} answers. */
json_t *signal_track_json(const struct app *app, const struct signal_track *t);
/* Fill a view of the signal (names from the area index; translated). */
void signal_view_fill(struct http_req *req, const struct signal_row *s,
		      struct signal_view *v);

#endif
