/* timeline: the Atom feeds of a signal's and a kwestie's timeline, and
 * the timeline in their JSON (see timeline.h).
 *
 * Ids (RFC 4287 wants ids that never change and are unique everywhere)
 * are tag: URIs (RFC 4151) made of the host of --base-url, a date on
 * which this installation had it (the day the thing was made) and the
 * path: tag:host,2026-11-27:/kwesties/12 for a kwestie's feed,
 * tag:host,DAY:/timeline/345 for an entry.  An entry keeps its id in
 * every feed it is in: a kwestie's entries are also in the feed of each
 * of its signals, and a reader that follows both sees each once.
 *
 * A signal's feed is as private as its page: whoever has the link sees
 * it, so its answer is never stored (Cache-Control: private, no-store),
 * and no id carries the tracking token: the feed's id has a hash of it
 * (tag:host,DAY:/m/<hash>), so an id copied into a reader's list or a
 * log does not open the page.  The token is only in the links, which
 * must lead to the page.
 *
 * Conditional GETs are cheap: the ETag is a hash of the body and
 * Last-Modified the newest entry's time; a matching If-None-Match (or,
 * without one, the same If-Modified-Since) is answered 304. */
#include "web/timeline.h"

#include <stdio.h>
#include <string.h>

#include "http/etag.h"
#include "app/kwestie.h"
#include "app/signal.h"
#include "app/timeline.h"
#include "base/token.h"
#include "domain/calendar.h"
#include "domain/describe.h"
#include "i18n/i18n.h"
#include "views/timeline.h"
#include "web/authorize.h"
#include "web/web.h"

json_t *timeline_json(const struct timeline_row *rows, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "at",
						   rows[i].at, "kind", rows[i].kind,
						   "message", rows[i].text ? rows[i].text : ""));
	return a;
}

const char *web_signal_feed_path(struct http_req *req, const char *token)
{
	return arena_printf(req->arena, "/m/%s/feed", token);
}

const char *web_kwestie_feed_path(struct http_req *req, int64_t id)
{
	return arena_printf(req->arena, "/kwesties/%lld/feed", (long long)id);
}

/* --- ids and links ------------------------------------------------------ */

/* tag:host,YYYY-MM-DD:/path/what from --base-url (http(s)://host[:port]
 * [/path], checked at start-up): the host in lower case without its
 * port, the day of at. */
static const char *tag_uri(struct http_req *req, const char *at,
			   const char *what)
{
	const char *base = req->app->base_url, *h = strstr(base, "://");
	char *host;
	size_t n;

	h = h ? h + 3 : base;
	n = strcspn(h, ":/");
	host = arena_strndup(req->arena, h, n);
	for (char *p = host; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return arena_printf(req->arena, "tag:%s,%.10s:%s/%s", host, at,
			    h + n + strcspn(h + n, "/"), what);
}

static const char *full(struct http_req *req, const char *path)
{
	return arena_printf(req->arena, "%s%s", req->app->base_url, path);
}

/* The entries, newest first: the store reads them oldest first. */
static struct timeline_feed_entry *
entries(struct http_req *req, const struct timeline_row *rows, size_t n,
	const char *own_page)
{
	struct timeline_feed_entry *e = arena_alloc(req->arena, (n + 1) * sizeof(*e));

	for (size_t i = 0; i < n; i++) {
		const struct timeline_row *r = &rows[n - 1 - i];
		const char *title = timeline_template(req->arena, r);

		e[i].id = tag_uri(req, r->at,
				  arena_printf(req->arena, "timeline/%lld",
					       (long long)r->id));
		e[i].title = title && *title ? title : _("Bericht");
		e[i].updated = r->at;
		e[i].author = r->actor;
		e[i].content = r->text;
		e[i].link = r->kwestie_id
				    ? full(req, arena_printf(req->arena, "/kwesties/%lld",
							     (long long)r->kwestie_id))
				    : own_page;
	}
	return e;
}

/* --- the answer --------------------------------------------------------- */

/* "Fri, 27 Nov 2026 18:20:00 GMT" from "2026-11-27T18:20:00.000Z", by
 * hand: strftime's names follow the locale. */
static const char *http_date(struct http_req *req, const char *at)
{
	static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri",
					   "Sat", "Sun"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
					     "Jun", "Jul", "Aug", "Sep", "Oct",
					     "Nov", "Dec"};
	int64_t t, day, sec;
	struct cal_date c;

	if (describe_moment(at, &t))
		return NULL;
	day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	sec = t - day * 86400;
	c = cal_from_day_number(day);
	return arena_printf(req->arena, "%s, %02d %s %04d %02d:%02d:%02d GMT",
			    days[cal_weekday(c) - 1], c.d, months[c.m - 1], c.y,
			    (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
}

/* Whether the client has this version already. */
static bool unchanged(struct http_req *req, const char *etag, const char *lm)
{
	const char *inm = http_header(req, "If-None-Match");
	const char *ims = http_header(req, "If-Modified-Since");

	if (inm) /* the one parser of the header (http/etag.h) */
		return etag_none_match(inm, etag);
	return ims && lm && strcmp(ims, lm) == 0;
}

static void answer(struct http_req *req, struct http_resp *resp,
		   const struct timeline_feed *f)
{
	const char *parts[1], *etag, *lm = http_date(req, f->updated);
	char hash[33];

	resp->status = 200;
	resp->content_type = "application/atom+xml; charset=utf-8";
	buf_reset(&resp->body);
	view_timeline_feed(XML_ON(&resp->body), f);
	if (resp->body.overflow)
		return; /* the server answers 500 */
	parts[0] = buf_str(&resp->body);
	token_hash_parts(hash, parts, 1);
	etag = arena_printf(req->arena, "\"%s\"", hash);
	http_resp_header(resp, "ETag", etag);
	if (lm)
		http_resp_header(resp, "Last-Modified", lm);
	if (unchanged(req, etag, lm))
		resp->status = 304; /* the body stays: see http_resp in http.h */
}

/* The newest entry's time (the latest, not the last: instances on one
 * database stamp rows with their own clocks), or since when there is no
 * entry.  ISO 8601 in UTC compares as text. */
static const char *newest(const struct timeline_row *rows, size_t n,
			  const char *since)
{
	const char *m = n ? rows[0].at : since;

	for (size_t i = 1; i < n; i++)
		if (strcmp(rows[i].at, m) > 0)
			m = rows[i].at;
	return m;
}

/* --- the routes --------------------------------------------------------- */

void web_signal_feed(struct http_req *req, struct http_resp *resp)
{
	const char *token = http_param(req, "token"), *parts[2], *page;
	struct timeline_feed f = {0};
	struct signal_track t;
	char hash[33], when[64];
	struct db *db;
	enum err e;

	resp->no_store = true; /* as private as the page */
	if (!token_valid(token)) {
		web_html_error(req, resp, 404, _("Deze melding bestaat niet."));
		return;
	}
	if (!(db = web_db(req, resp, 0)))
		return;
	if ((e = signal_track(db, req->arena, req->app->municipality, token, &t)) != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Deze melding bestaat niet.")
						  : _("Er ging iets mis."));
		return;
	}
	parts[0] = "signal feed";
	parts[1] = token;
	token_hash_parts(hash, parts, 2);
	page = full(req, t.s.token ? arena_printf(req->arena, "/m/%s", t.s.token) : "/");
	f.lang = i18n_code((enum lang)req->lang);
	f.id = tag_uri(req, t.s.created_at, arena_printf(req->arena, "m/%s", hash));
	f.title = arena_printf(req->arena, _("Uw melding van %s"),
			       describe_time(when, sizeof(when), t.s.created_at) == 0
				       ? when
				       : t.s.created_at);
	f.updated = newest(t.timeline, t.ntimeline, t.s.created_at);
	f.author = TIMELINE_SYSTEM;
	f.self = full(req, web_signal_feed_path(req, t.s.token));
	f.alternate = page;
	f.entries = entries(req, t.timeline, t.ntimeline, page);
	f.n = t.ntimeline;
	answer(req, resp, &f);
}

void web_kwestie_feed(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id");
	struct timeline_feed f = {0};
	struct kwestie_view v;
	const char *page;
	struct db *db;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	e = id ? kwestie_read_in(db, req->arena, req->app->municipality, id, &v)
	       : ERR_NOT_FOUND;
	if (e != ERR_OK) {
		web_html_error(req, resp, e == ERR_NOT_FOUND ? 404 : 503,
			       e == ERR_NOT_FOUND
				       ? _("Deze kwestie bestaat niet.")
				       : _("De kwestie is even niet te lezen. "
					   "Probeer het zo opnieuw."));
		return;
	}
	/* public, but in the reader's language: ask again each time */
	http_resp_header(resp, "Cache-Control", "no-cache");
	page = full(req, arena_printf(req->arena, "/kwesties/%lld", (long long)id));
	f.lang = i18n_code((enum lang)req->lang);
	f.id = tag_uri(req, v.k.created_at,
		       arena_printf(req->arena, "kwesties/%lld", (long long)id));
	f.title = v.k.title;
	f.updated = newest(v.history, v.nhistory, v.k.updated_at);
	f.author = TIMELINE_SYSTEM;
	f.self = full(req, web_kwestie_feed_path(req, id));
	f.alternate = page;
	f.entries = entries(req, v.history, v.nhistory, page);
	f.n = v.nhistory;
	answer(req, resp, &f);
}
