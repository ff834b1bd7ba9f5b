/* authorize: the router's gate.  For every route it loads the principal,
 * works out its relation to the record the route names ({org} or {id} of a
 * signal), asks domain/authz, checks CSRF on state-changing requests and
 * API key scopes, and answers 401/403 (or sends a browser to /login)
 * itself.  Returns true when the handler may run. */
#ifndef WA_AUTHORIZE_H
#define WA_AUTHORIZE_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/authz.h"
#include "http/http.h"

bool web_authorize(struct http_req *req, struct http_resp *resp, int action);
/* The same gate before the body is read: everything but the CSRF token
 * (which may be in the body), so whoever may not send a body is refused
 * before it is buffered. */
bool web_authorize_head(struct http_req *req, struct http_resp *resp,
			int action);
/* A positive decimal id from a route parameter, or 0. */
int64_t web_param_id(const struct http_req *req, const char *name);
/* The principal's relation to a record, as the gate computed it. */
enum authz_rel web_relation(struct http_req *req, int action);

#endif
