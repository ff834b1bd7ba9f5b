/* static: the stylesheet and the scripts (embedded in the binary), the
 * map image and the health check. */
#include <string.h>

#include "base/embedded.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "views/map.h"
#include "web/web.h"

/* By the name's ending: the stylesheet, the scripts (readability.js). */
static const char *content_type(const char *name)
{
	size_t n = strlen(name);

	if (n > 3 && strcmp(name + n - 3, ".js") == 0)
		return "text/javascript; charset=utf-8";
	return "text/css; charset=utf-8";
}

void web_static(struct http_req *req, struct http_resp *resp)
{
	const char *name = http_param(req, "name");
	const struct embedded_file *f;
	char path[96];

	/* Only names of embedded files: no paths, so no traversal. */
	if (!name || strchr(name, '/') || strlen(name) > 64) {
		web_html_error(req, resp, 404, _("Deze pagina bestaat niet (meer)."));
		return;
	}
	memcpy(path, "static/", 7);
	memcpy(path + 7, name, strlen(name) + 1);
	f = embedded_find(path);
	if (!f) {
		web_html_error(req, resp, 404, _("Deze pagina bestaat niet (meer)."));
		return;
	}
	resp->content_type = content_type(name);
	http_resp_header(resp, "Cache-Control", "public, max-age=3600");
	buf_add(&resp->body, f->data, f->len);
}

void web_map_svg(struct http_req *req, struct http_resp *resp)
{
	resp->content_type = "image/svg+xml";
	http_resp_header(resp, "Cache-Control", "public, max-age=3600");
	html_frag(HTML_ON(&resp->body), map_svg(req->app->map));
}

void web_healthz(struct http_req *req, struct http_resp *resp)
{
	struct db *db = store_thread_db();
	int version = db ? store_schema_version(db) : -1;
	int ok = version == store_latest_version();

	if (!ok) /* a migration or the database: a load balancer asks again */
		http_resp_header(resp, "Retry-After", "10");
	web_json(resp, ok ? 200 : 503,
		 json_pack("{s:s, s:s, s:i, s:I}", "status", ok ? "ok" : "unavailable",
			   "database", db ? "ok" : "unreachable", "schema_version",
			   version, "buurten",
			   (json_int_t)areaidx_count(req->app->areas, AREA_BUURT)));
}
