/* follower: the handlers for following a kwestie or an area by e-mail
 * (app/follower.h): the forms on the kwestie and agenda pages, the JSON
 * API, and the pages of the two mailed links.  Following answers the same
 * whatever the address's state, so the answer tells nobody who follows
 * what.  A mailed link does nothing on GET (mail scanners open links):
 * its page has a button whose POST confirms or unsubscribes.  The token
 * in the path is the secret; no other form token is asked. */
#include <string.h>

#include "app/follower.h"
#include "i18n/i18n.h"
#include "views/account.h"
#include "views/follower.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/follower.h"
#include "web/json_fields.h"
#include "web/web.h"

/* --- following by the form ---------------------------------------------- */

static void follow_sent(struct http_req *req, struct http_resp *resp)
{
	struct page p = web_page(req, _("Kijk in uw mail"));

	resp->no_store = true;
	view_message(HTML_ON(&resp->body), &p, _("Kijk in uw mail"),
		     _("Wij hebben een mail gestuurd naar het adres dat u "
		       "opgaf. Klik op de link in die mail om te bevestigen "
		       "dat u wilt volgen; de link werkt zeven dagen. Volgde u "
		       "dit al, dan verandert er niets."),
		     "/", _("Naar de voorpagina"));
}

/* The message (translated) for field, or NULL. */
static const char *error_of(const struct field_errors *errs, const char *field)
{
	for (size_t i = 0; i < errs->n; i++)
		if (strcmp(errs->e[i].field, field) == 0)
			return _(errs->e[i].msgid);
	return NULL;
}

static void follow_refused(struct http_req *req, struct http_resp *resp,
			   const char *action, const struct follow_input *in,
			   enum err e, const struct field_errors *errs, int retry)
{
	struct page p = web_page(req, _("Volgen"));
	const char *msg = errs->n ? _(errs->e[0].msgid) : NULL;
	struct follow_form_values v = {in->email, in->frequency,
				       error_of(errs, "email"),
				       error_of(errs, "frequency")};

	resp->no_store = true;
	switch (e) {
	case ERR_INVALID:
		resp->status = 400;
		view_follow_page(HTML_ON(&resp->body), &p, action, &v);
		return;
	case ERR_LIMITED:
		http_resp_header(resp, "Retry-After",
				 arena_printf(req->arena, "%d", retry > 0 ? retry : 1));
		web_html_error(req, resp, 429,
			       _("U heeft het te vaak geprobeerd. Wacht even en "
				 "probeer het dan opnieuw."));
		return;
	case ERR_NOT_FOUND:
		web_html_error(req, resp, 404, _("Deze pagina bestaat niet (meer)."));
		return;
	case ERR_UNPROCESSABLE:
		web_html_error(req, resp, 422, msg);
		return;
	default:
		web_html_error(req, resp, http_status_for(e),
			       _("Het lukt even niet. Probeer het over een paar "
				 "minuten opnieuw."));
	}
}

static void follow_form_post(struct http_req *req, struct http_resp *resp,
			     struct follow_input *in, const char *action)
{
	struct field_errors errs = {0};
	struct db *db;
	int retry = 0;
	enum err e;

	if (strcmp(http_media_type(req), "application/x-www-form-urlencoded") != 0) {
		web_html_error(req, resp, 415,
			       _("Dit formulier kan alleen als gewoon webformulier "
				 "worden verstuurd."));
		return;
	}
	if (!(db = web_db(req, resp, 0)))
		return;
	in->email = form_get(web_form(req), "email");
	in->frequency = form_get(web_form(req), "frequency");
	in->client = req->client;
	e = follower_follow(req->app, db, req->arena, in, &errs, &retry);
	if (e == ERR_OK)
		follow_sent(req, resp);
	else
		follow_refused(req, resp, action, in, e, &errs, retry);
}

void web_kwestie_follow(struct http_req *req, struct http_resp *resp)
{
	struct follow_input in = {0};

	in.kwestie_id = web_param_id(req, "id");
	if (in.kwestie_id <= 0) {
		web_html_error(req, resp, 404, _("Deze pagina bestaat niet (meer)."));
		return;
	}
	follow_form_post(req, resp, &in,
			 arena_printf(req->arena, "/kwesties/%lld/volgen",
				      (long long)in.kwestie_id));
}

void web_agenda_follow(struct http_req *req, struct http_resp *resp)
{
	struct follow_input in = {0};

	in.area_code = http_param(req, "code");
	follow_form_post(req, resp, &in,
			 arena_printf(req->arena, "/agenda/%s/volgen",
				      in.area_code ? in.area_code : ""));
}

/* --- following by the JSON API ------------------------------------------ */

static const char *const follow_fields[] = {"email", "frequency"};

static void api_follow(struct http_req *req, struct http_resp *resp,
		       struct follow_input *in)
{
	struct field_errors errs = {0};
	json_t *root, *email;
	struct db *db;
	int retry = 0;
	enum err e;

	if (!(db = web_db(req, resp, 1)) ||
	    !(root = web_json_body(req, resp, 0, follow_fields, 2)))
		return;
	in->frequency = json_field_text(req->arena, root, "frequency", &errs);
	email = json_object_get(root, "email");
	if (email && !json_is_string(email))
		field_errors_add(&errs, "email", N_("heeft het verkeerde type"));
	else if (email && strlen(json_string_value(email)) != json_string_length(email))
		field_errors_add(&errs, "email", N_("bevat ongeldige tekens"));
	else
		in->email = email ? arena_strdup(req->arena, json_string_value(email)) : NULL;
	json_decref(root);
	in->client = req->client;
	e = errs.n ? ERR_INVALID
		   : follower_follow(req->app, db, req->arena, in, &errs, &retry);
	if (e == ERR_LIMITED)
		http_resp_header(resp, "Retry-After",
				 arena_printf(req->arena, "%d", retry > 0 ? retry : 1));
	if (e == ERR_OK)
		web_json(resp, 202,
			 json_pack("{s:s}", "message",
				   _("Als dit adres dit nog niet volgde, komt er "
				     "een mail met een link om te bevestigen.")));
	else
		web_json_error(resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Niet gevonden.")
			       : e == ERR_LIMITED ? _("Even te veel tegelijk. Probeer "
						      "het zo opnieuw.")
			       : errs.n           ? _("Niet gelukt; zie de velden.")
						  : _("Het lukt even niet."),
			       &errs);
}

void web_api_kwestie_follow(struct http_req *req, struct http_resp *resp)
{
	struct follow_input in = {0};

	in.kwestie_id = web_param_id(req, "id");
	if (in.kwestie_id <= 0) {
		web_json_error(resp, 404, _("Niet gevonden."), NULL);
		return;
	}
	api_follow(req, resp, &in);
}

void web_api_area_follow(struct http_req *req, struct http_resp *resp)
{
	struct follow_input in = {0};

	in.area_code = http_param(req, "code");
	api_follow(req, resp, &in);
}

/* --- the mailed links ----------------------------------------------------- */

static void link_gone(struct http_req *req, struct http_resp *resp)
{
	struct page p = web_page(req, _("Link verlopen"));

	resp->status = 410;
	buf_reset(&resp->body);
	view_message(HTML_ON(&resp->body), &p, _("Deze link werkt niet meer"),
		     _("De link is verlopen of al gebruikt. Wilt u volgen, "
		       "vraag het dan opnieuw aan op de pagina van de kwestie of "
		       "van het gebied."),
		     "/", _("Naar de voorpagina"));
}

typedef enum err (*link_fn)(const struct app *app, struct db *db,
			    struct arena *ar, const char *token,
			    struct follower_link *out);

/* Run fn on the path's token; false (answered) when the link is dead. */
static bool link_run(struct http_req *req, struct http_resp *resp, link_fn fn,
		     struct follower_link *l)
{
	struct db *db;
	enum err e;

	resp->no_store = true;
	if (!(db = web_db(req, resp, 0)))
		return false;
	e = fn(req->app, db, req->arena, http_param(req, "token"), l);
	if (e == ERR_NOT_FOUND) {
		link_gone(req, resp);
		return false;
	}
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       _("Het lukt even niet. Probeer het over een paar "
				 "minuten opnieuw."));
		return false;
	}
	return true;
}

static void link_page(struct http_req *req, struct http_resp *resp,
		      const struct follower_link *l, struct follow_link_page *v)
{
	struct page p = web_page(req, v->heading);

	v->what = l->what;
	v->href = l->href;
	view_follow_link(HTML_ON(&resp->body), &p, v);
}

void web_follow_confirm_page(struct http_req *req, struct http_resp *resp)
{
	struct follow_link_page v = {_("Volgen bevestigen"),
				     _("Klik op de knop om te bevestigen dat u "
				       "hierover mail wilt krijgen."),
				     NULL, NULL, req->path, _("Ja, ik wil dit volgen")};
	struct follower_link l;

	if (link_run(req, resp, follower_confirm_read, &l))
		link_page(req, resp, &l, &v);
}

void web_follow_confirm(struct http_req *req, struct http_resp *resp)
{
	struct follow_link_page v = {_("U volgt dit nu"),
				     _("U krijgt mail als er iets verandert. In "
				       "elke mail staat een link om u af te "
				       "melden."),
				     NULL, NULL, NULL, NULL};
	struct follower_link l;

	if (link_run(req, resp, follower_confirm, &l))
		link_page(req, resp, &l, &v);
}

/* The unsubscribe link's pages are web/notify.c's: a link may stand for
 * a follower or a reporter. */
