/* timeline: the public timeline of a signal and of a kwestie outside
 * their pages: the Atom feeds (GET /m/{token}/feed, GET
 * /kwesties/{id}/feed, routes_timeline.inc) and the "timeline" array of
 * the JSON of each (GET /api/v1/signals/{token}, GET /api/v1/kwesties/{id}).
 * The words are those of the pages (app/timeline.h), in the language of
 * the request. */
#ifndef WA_WEB_TIMELINE_H
#define WA_WEB_TIMELINE_H
#include <jansson.h>
#include <stddef.h>

#include "http/http.h"
#include "store/timeline.h"

void web_signal_feed(struct http_req *req, struct http_resp *resp);
void web_kwestie_feed(struct http_req *req, struct http_resp *resp);

/* [{"at", "kind", "message"}], oldest first; message is the words people
 * read (the row's text), never a person's name. */
json_t *timeline_json(const struct timeline_row *rows, size_t n);

/* The path of each feed, for the pages' <link rel="alternate">. */
const char *web_signal_feed_path(struct http_req *req, const char *token);
const char *web_kwestie_feed_path(struct http_req *req, int64_t id);

#endif
