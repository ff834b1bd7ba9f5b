/* figures (web): the handlers of the public figures (web/figures.c) and
 * their CSV, which the pages' download links share. */
#ifndef WA_WEB_FIGURES_H
#define WA_WEB_FIGURES_H
#include "app/figures.h"
#include "base/buf.h"
#include "http/http.h"

void web_api_area_figures(struct http_req *req, struct http_resp *resp);
void web_api_area_figures_csv(struct http_req *req, struct http_resp *resp);
void web_api_org_figures(struct http_req *req, struct http_resp *resp);
void web_api_org_figures_csv(struct http_req *req, struct http_resp *resp);
void web_api_theme_figures(struct http_req *req, struct http_resp *resp);
void web_api_theme_figures_csv(struct http_req *req, struct http_resp *resp);

/* The pages (web/cijfers.c). */
void web_cijfers_home(struct http_req *req, struct http_resp *resp);
void web_cijfers_area(struct http_req *req, struct http_resp *resp);
void web_cijfers_area_print(struct http_req *req, struct http_resp *resp);
void web_cijfers_org(struct http_req *req, struct http_resp *resp);
void web_cijfers_theme(struct http_req *req, struct http_resp *resp);

/* The figures as CSV (UTF-8, CRLF, RFC 4180 quoting), long format: one
 * row per figure, columns scope_kind, scope_code, period_from, period_to,
 * figure, key, value, n, suppressed (docs/open-data.md). */
void figures_csv(const struct figures *f, struct buf *b);

#endif
