/* site: the Host -> municipality table (site.h).  The Host header is
 * outside input: only a short host name or IPv6 literal is compared,
 * anything else is an unknown host.  The table is set before the server
 * starts and only read afterwards, so the workers need no lock. */
#include "site.h"

#include <string.h>

#include "app/app.h"
#include "base/buf.h"
#include "html/html.h"
#include "i18n/i18n.h"
#include "views/views.h"

static const struct site *table;
static size_t ntable;
static struct app *default_app;

void site_configure(const struct site *sites, size_t n, struct app *fallback)
{
	table = sites;
	ntable = n;
	default_app = fallback;
}

static bool host_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '.';
}

/* "[v6]" or "[v6]:port": the bracketed part, kept as it is (lower case). */
static int ipv6_literal(const char *h, size_t n, char *out, size_t outlen)
{
	const char *end = memchr(h, ']', n);
	size_t len;

	if (!end)
		return -1;
	len = (size_t)(end - h) + 1;
	if (len >= outlen || len < 3)
		return -1;
	for (size_t i = 1; i + 1 < len; i++) {
		char ch = h[i] >= 'A' && h[i] <= 'Z' ? (char)(h[i] + 32) : h[i];

		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
		      ch == ':' || ch == '.'))
			return -1;
		out[i] = ch;
	}
	out[0] = '[';
	out[len - 1] = ']';
	out[len] = '\0';
	return 0;
}

/* Only digits after the colon, at most 5. */
static bool port_ok(const char *p, size_t n)
{
	if (n == 0 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

int site_host_normalise(const char *host, char *out, size_t outlen)
{
	size_t n, end;
	const char *colon;

	if (!host || outlen == 0)
		return -1;
	n = strnlen(host, SITE_HOST_MAX + 1);
	if (n == 0 || n > SITE_HOST_MAX)
		return -1;
	if (host[0] == '[') {
		const char *close = memchr(host, ']', n);

		if (!close || (close[1] && (close[1] != ':' ||
					    !port_ok(close + 2, strlen(close + 2)))))
			return -1;
		return ipv6_literal(host, n, out, outlen);
	}
	colon = memchr(host, ':', n);
	end = colon ? (size_t)(colon - host) : n;
	if (colon && !port_ok(colon + 1, n - end - 1))
		return -1;
	if (end && host[end - 1] == '.')
		end--;
	if (end == 0 || end >= outlen)
		return -1;
	for (size_t i = 0; i < end; i++) {
		char ch = host[i] >= 'A' && host[i] <= 'Z' ? (char)(host[i] + 32)
							   : host[i];

		if (!host_char(ch))
			return -1;
		out[i] = ch;
	}
	out[end] = '\0';
	return 0;
}

bool site_choose(struct http_req *req)
{
	char host[SITE_HOST_MAX + 1];

	if (ntable == 0) {
		if (default_app)
			req->app = default_app;
		return true;
	}
	if (site_host_normalise(http_header(req, "Host"), host, sizeof(host)) == 0)
		for (size_t i = 0; i < ntable; i++)
			if (strcmp(table[i].host, host) == 0) {
				req->app = table[i].app;
				return true;
			}
	/* A load balancer's health check may use any name or an address. */
	if (strcmp(req->path, "/healthz") == 0) {
		req->app = default_app;
		return true;
	}
	return false;
}

/* The error page without a municipality: no map credit, nothing from
 * the Host echoed, in Dutch (the language is chosen after the site). */
void site_unknown(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	memset(&p, 0, sizeof(p));
	i18n_use(LANG_NL);
	p.lang = LANG_NL;
	p.title = _("Er ging iets mis");
	p.path = "/";
	p.no_map_credit = true;
	req->lang = LANG_NL;
	resp->status = 404;
	resp->content_type = "text/html; charset=utf-8";
	resp->no_store = true;
	buf_reset(&resp->body);
	view_error(HTML_ON(&resp->body), &p, 404,
		   _("Deze website is hier niet bekend."));
}
