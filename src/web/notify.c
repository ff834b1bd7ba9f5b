/* notify: the pages of a notification mail's links (app/notify.h).
 * /meldingen-instellen/{token}: GET shows what the link is about and the
 * four choices, POST (a plain form) saves one.  /afmelden/{token}: GET
 * shows a button, POST stops; the POST is also RFC 8058's one-click
 * unsubscribe, which a mail program sends without a session or a form
 * token: the token in the path is the secret, and a GET never changes
 * anything (mail scanners open links).  A link that is not (or no
 * longer) live: 404 for the settings, 410 for unsubscribing as before. */
#include <string.h>

#include "app/notify.h"
#include "i18n/i18n.h"
#include "views/account.h"
#include "views/notify.h"
#include "web/auth.h"
#include "web/follower.h"
#include "web/web.h"

static void link_dead(struct http_req *req, struct http_resp *resp, int status)
{
	struct page p = web_page(req, _("Link werkt niet"));

	resp->status = status;
	resp->no_store = true;
	buf_reset(&resp->body);
	view_message(HTML_ON(&resp->body), &p, _("Deze link werkt niet (meer)"),
		     _("De link is onbekend, of u heeft zich al afgemeld."), "/",
		     _("Naar de voorpagina"));
}

/* The use case's answer that is not ERR_OK; true when answered. */
static bool refused(struct http_req *req, struct http_resp *resp, enum err e,
		    int dead_status)
{
	if (e == ERR_OK)
		return false;
	if (e == ERR_NOT_FOUND)
		link_dead(req, resp, dead_status);
	else
		web_html_error(req, resp, http_status_for(e),
			       _("Het lukt even niet. Probeer het over een paar "
				 "minuten opnieuw."));
	return true;
}

static void prefs_page(struct http_req *req, struct http_resp *resp,
		       const struct notify_prefs *np, struct notify_page *v)
{
	struct page p = web_page(req, v->heading);

	v->what = np->what;
	v->href = np->href;
	v->n = np->n;
	v->frequency = np->n ? np->subs[0].frequency : NULL;
	resp->no_store = true;
	view_notify_prefs(HTML_ON(&resp->body), &p, v);
}

static const char *stop_path(struct http_req *req)
{
	return arena_printf(req->arena, "/afmelden/%s", http_param(req, "token"));
}

void web_notify_prefs_page(struct http_req *req, struct http_resp *resp)
{
	struct notify_page v = {_("Hoe vaak wilt u mail?"), NULL, NULL, NULL, 0,
				NULL, req->path, stop_path(req), NULL};
	struct notify_prefs np = {0};
	struct db *db;

	if (!(db = web_db(req, resp, 0)) ||
	    refused(req, resp,
		    notify_prefs_read(req->app, db, req->arena,
				      http_param(req, "token"), &np),
		    404))
		return;
	prefs_page(req, resp, &np, &v);
}

void web_notify_prefs_set(struct http_req *req, struct http_resp *resp)
{
	struct notify_page v = {_("Uw keuze is opgeslagen"), NULL, NULL, NULL, 0,
				NULL, req->path, stop_path(req), NULL};
	struct field_errors errs = {0};
	struct notify_prefs np = {0};
	struct db *db;
	enum err e;

	if (strcmp(http_media_type(req), "application/x-www-form-urlencoded") != 0) {
		web_html_error(req, resp, 415,
			       _("Dit formulier kan alleen als gewoon webformulier "
				 "worden verstuurd."));
		return;
	}
	if (!(db = web_db(req, resp, 0)))
		return;
	e = notify_prefs_set(req->app, db, req->arena, http_param(req, "token"),
			     form_get(web_form(req), "frequency"), &errs, &np);
	if (e == ERR_INVALID) {
		/* the page again, as it was, with the message */
		if (refused(req, resp,
			    notify_prefs_read(req->app, db, req->arena,
					      http_param(req, "token"), &np),
			    404))
			return;
		v.heading = _("Hoe vaak wilt u mail?");
		v.error = _(errs.e[0].msgid);
		resp->status = 400;
	} else if (refused(req, resp, e, 404)) {
		return;
	}
	prefs_page(req, resp, &np, &v);
}

void web_unsubscribe_page(struct http_req *req, struct http_resp *resp)
{
	struct notify_page v = {_("Afmelden"),
				_("Klik op de knop om u af te melden."), NULL,
				NULL, 0, NULL, NULL, req->path, NULL};
	struct notify_prefs np = {0};
	struct db *db;

	if (!(db = web_db(req, resp, 0)) ||
	    refused(req, resp,
		    notify_prefs_read(req->app, db, req->arena,
				      http_param(req, "token"), &np),
		    410))
		return;
	prefs_page(req, resp, &np, &v);
}

void web_unsubscribe(struct http_req *req, struct http_resp *resp)
{
	struct notify_page v = {_("U bent afgemeld"),
				_("U krijgt hierover geen mail meer. Volgde u "
				  "iets, dan is uw adres daarvoor gewist."),
				NULL, NULL, 0, NULL, NULL, NULL, NULL};
	struct notify_prefs np = {0};
	struct db *db;

	if (!(db = web_db(req, resp, 0)) ||
	    refused(req, resp,
		    notify_stop(req->app, db, req->arena, http_param(req, "token"),
				&np),
		    410))
		return;
	prefs_page(req, resp, &np, &v);
}
