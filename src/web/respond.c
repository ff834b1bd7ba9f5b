/* respond: answering in JSON or HTML, shared by all handlers. */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/ratelimit.h"
#include "i18n/i18n.h"
#include "web/auth.h"
#include "web/web.h"

static const char *status_code_name(int status)
{
	switch (status) {
	case 400: return "invalid";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 410: return "gone";
	case 429: return "too_many_requests";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413: return "too_large";
	case 415: return "unsupported_media_type";
	case 422: return "unprocessable";
	case 503: return "unavailable";
	default: return status >= 500 ? "internal" : "error";
	}
}

/* A refusal for now (429, 503) says when to try again (RFC 9110
 * 10.2.3).  Where the handler knows (a rate limit's own wait, the
 * server stopping) it set Retry-After already; else these defaults: a
 * busy or unreachable database is back within seconds, a limit without
 * a known wait is tried again after a minute. */
static void retry_after_default(struct http_resp *resp, int status)
{
	if ((status == 429 || status == 503) &&
	    !http_resp_get(resp, "Retry-After"))
		http_resp_header(resp, "Retry-After",
				 status == 429 ? "60" : "5");
}

void web_json(struct http_resp *resp, int status, json_t *j)
{
	char *s;

	resp->status = status;
	resp->content_type = "application/json";
	s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(j);
	if (!s) {
		resp->status = 500;
		buf_adds(&resp->body, "{\"error\":{\"status\":500}}");
		return;
	}
	buf_adds(&resp->body, s);
	buf_addc(&resp->body, '\n');
	free(s);
}

void web_json_error(struct http_resp *resp, int status, const char *message,
		    const struct field_errors *fields)
{
	json_t *err = json_pack("{s:i, s:s, s:s}", "status", status, "code",
				status_code_name(status), "message", message);

	retry_after_default(resp, status);

	if (fields && fields->n) {
		json_t *f = json_object();

		for (size_t i = 0; i < fields->n; i++)
			if (!json_object_get(f, fields->e[i].field))
				json_object_set_new(f, fields->e[i].field,
						    json_string(_(fields->e[i].msgid)));
		json_object_set_new(err, "fields", f);
	}
	web_json(resp, status, json_pack("{s:o}", "error", err));
}

struct page web_page(struct http_req *req, const char *title)
{
	const struct principal *pr = auth_principal(req);
	struct page p;

	memset(&p, 0, sizeof(p));
	p.lang = (enum lang)req->lang;
	p.title = title;
	p.path = req->path;
	p.demo = req->app->demo;
	p.no_map_credit = strcmp(req->app->municipality, "GM0363") != 0;
	if (pr->session_hash && pr->csrf) {
		p.csrf = pr->csrf;
		if (pr->kind == PRINCIPAL_ACCOUNT) {
			p.account_href = "/werk";
			p.account_label = _("Mijn werk");
		} else if (pr->kind == PRINCIPAL_RESIDENT) {
			p.account_href = "/mijn/meldingen";
			p.account_label = _("Mijn meldingen");
		}
	}
	return p;
}

struct resume {
	void (*work)(void *ctx);
	void (*then)(struct http_req *req, struct http_resp *resp, void *ctx,
		     bool ran);
	void *ctx;
};

static void web_work(void *p)
{
	struct resume *r = p;

	r->work(r->ctx);
}

/* The thread that resumes has served other requests meanwhile, in other
 * languages: this one's comes back first. */
static void web_resume(struct http_req *req, struct http_resp *resp, void *p,
		       bool ran)
{
	struct resume *r = p;

	i18n_use((enum lang)req->lang);
	r->then(req, resp, r->ctx, ran);
}

void web_defer(struct http_req *req, struct http_resp *resp,
	       void (*work)(void *ctx),
	       void (*then)(struct http_req *req, struct http_resp *resp,
			    void *ctx, bool ran),
	       void *ctx)
{
	struct resume *r = arena_alloc(req->arena, sizeof(*r));

	r->work = work;
	r->then = then;
	r->ctx = ctx;
	resp->defer = (struct http_defer){.work = web_work, .then = web_resume, .ctx = r};
}

void web_busy(struct http_req *req, struct http_resp *resp)
{
	http_resp_header(resp, "Retry-After", "1");
	web_html_error(req, resp, 503,
		       _("Het is nu erg druk. Probeer het over een paar "
			 "seconden opnieuw."));
}

void web_html_error(struct http_req *req, struct http_resp *resp, int status,
		    const char *message)
{
	struct page p = web_page(req, _("Er ging iets mis"));

	retry_after_default(resp, status);
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	buf_reset(&resp->body);
	view_error(HTML_ON(&resp->body), &p, status, message);
}

struct db *web_db(struct http_req *req, struct http_resp *resp, int json)
{
	struct db *db = store_thread_db();
	const char *msg = _("De database is even niet bereikbaar. Probeer het "
			    "over een minuut opnieuw.");

	if (db)
		return db;
	http_resp_header(resp, "Retry-After", "60"); /* as the message says */
	if (json)
		web_json_error(resp, 503, msg, NULL);
	else
		web_html_error(req, resp, 503, msg);
	return NULL;
}

/* Echo outside input in a message only when it is short printable ASCII. */
static const char *safe_echo(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (s[n] < ' ' || s[n] > '~' || n >= 64)
			return "?";
	return s;
}

int web_query_only(struct http_req *req, struct http_resp *resp,
		   const char *const *allowed, size_t n)
{
	for (size_t i = 0; i < req->query.n; i++) {
		const char *k = req->query.fields[i].key;
		bool ok = strcmp(k, "lang") == 0;

		for (size_t j = 0; j < n && !ok; j++)
			ok = strcmp(k, allowed[j]) == 0;
		if (!ok) {
			web_json_error(resp, 400,
				       arena_printf(req->arena,
						    _("Onbekende parameter '%s'."),
						    safe_echo(k)),
				       NULL);
			return -1;
		}
	}
	return 0;
}

static bool limited(struct http_req *req, struct http_resp *resp,
		    struct ratelimit *rl, const char *key, bool json)
{
	const char *msg;
	int retry = 0;

	if (!rl || ratelimit_take(rl, key ? key : "", &retry))
		return false;
	http_resp_header(resp, "Retry-After",
			 arena_printf(req->arena, "%d", retry > 0 ? retry : 1));
	log_event("info", "rate_limited", "route", req->route);
	msg = _("U heeft het te vaak geprobeerd. Wacht even en probeer het dan "
		"opnieuw.");
	if (json)
		web_json_error(resp, 429, msg, NULL);
	else
		web_html_error(req, resp, 429, msg);
	return true;
}

bool web_limited(struct http_req *req, struct http_resp *resp,
		 struct ratelimit *rl, const char *key)
{
	return limited(req, resp, rl, key, false);
}

bool web_limited_json(struct http_req *req, struct http_resp *resp,
		      struct ratelimit *rl, const char *key)
{
	return limited(req, resp, rl, key, true);
}
