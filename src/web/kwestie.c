/* kwestie: the public page of a kwestie, GET /kwesties/{id}, and its
 * support form, POST /kwesties/{id}/steun ("Ik heb hier ook last van").
 *
 * Anyone may read and support; the page carries no personal data
 * (views/kwestie.h).  The form has no session behind it, so it carries
 * the double-submit token of the log-in forms (auth_form_token, cookie
 * "lc"); the page is therefore never cached.  After a support the answer
 * is a 303 back to the page with a thank-you, the same whether this
 * address or browser had supported it before: the page must not tell
 * anyone whether an e-mail address supports a kwestie. */
#include <string.h>

#include "base/utf8.h"
#include "i18n/i18n.h"
#include "views/kwestie.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/kwestie.h"
#include "web/timeline.h"
#include "store/photo.h"
#include "web/web.h"

/* Photos on a kwestie page, at most. */
#define KWESTIE_PHOTOS_MAX 12

/* The page with what the caller set in *in (notice, errors, email). */
static void render(struct http_req *req, struct http_resp *resp,
		   struct db *db, int status, const struct kwestie_page *in)
{
	int64_t id = web_param_id(req, "id");
	struct kwestie_page kp = *in;
	struct kwestie_view v;
	struct photo_row *photos = NULL;
	struct page p;
	enum err e = id ? kwestie_read_in(db, req->arena, req->app->municipality,
					  id, &v)
			: ERR_NOT_FOUND;

	resp->no_store = true;
	if (e != ERR_OK) {
		web_html_error(req, resp, e == ERR_NOT_FOUND ? 404 : 503,
			       e == ERR_NOT_FOUND
				       ? _("Deze kwestie bestaat niet.")
				       : _("De kwestie is even niet te lezen. "
					   "Probeer het zo opnieuw."));
		return;
	}
	kp.v = &v;
	/* a closed (or merged) kwestie takes no support (kwestie_support) */
	kp.can_support = !v.k.closed_at;
	if (v.k.topic)
		kp.topic = kwestie_topic_label(req->app, db, req->arena, v.k.topic);
	kp.csrf = auth_form_token(req, resp);
	kp.feed = web_kwestie_feed_path(req, id);
	if (store_photos_public_of_kwestie(db, req->arena, id, KWESTIE_PHOTOS_MAX,
					   &photos, &kp.nphotos) != ERR_OK)
		kp.nphotos = 0; /* the page stands without them */
	kp.photos = photos;
	p = web_page(req, v.k.title);
	p.feed_href = kp.feed;
	p.feed_title = _("Wat er met deze kwestie gebeurt");
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	buf_reset(&resp->body);
	view_kwestie(HTML_ON(&resp->body), &p, &kp);
}

void web_kwestie_page(struct http_req *req, struct http_resp *resp)
{
	struct kwestie_page kp = {0};
	struct db *db;

	if (!(db = web_db(req, resp, 0)))
		return;
	if (form_get(&req->query, "steun"))
		kp.notice = _("Dank u. Uw steun is geteld: deze kwestie weegt nu "
			      "zwaarder op de agenda.");
	render(req, resp, db, 200, &kp);
}

/* The use case's refusal of a field or of the kwestie, on the page. */
static void refused(struct http_req *req, struct http_resp *resp,
		    struct db *db, enum err e, const struct field_errors *errs,
		    const char *email)
{
	struct field_error *fe = arena_alloc(req->arena, (errs->n + 1) * sizeof(*fe));
	struct kwestie_page kp = {0};

	kp.email = utf8_sanitize(req->arena, email);
	for (size_t i = 0; i < errs->n; i++) {
		if (strcmp(errs->e[i].field, "email") == 0)
			fe[kp.nerrors++] = (struct field_error){"email", _(errs->e[i].msgid)};
		else if (!kp.problem)
			kp.problem = _(errs->e[i].msgid);
	}
	kp.errors = fe;
	if (!kp.nerrors && !kp.problem)
		kp.problem = _("Uw steun kon niet worden geteld.");
	render(req, resp, db, http_status_for(e), &kp);
}

void web_kwestie_support_post(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id");
	const char *email = form_get(web_form(req), "email");
	struct support_input sup = {id, email, req->client, true, NULL};
	struct field_errors errs = {0};
	struct db *db;
	bool added;
	int retry;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	if (!auth_form_token_ok(req)) {
		field_errors_add(&errs, "csrf", N_("Het formulier is verlopen. "
						   "Probeer het opnieuw."));
		refused(req, resp, db, ERR_FORBIDDEN, &errs, email);
		return;
	}
	e = id ? kwestie_support(req->app, db, req->arena, &sup, &errs, &added,
				 &retry)
	       : ERR_NOT_FOUND;
	switch (e) {
	case ERR_OK:
		resp->status = 303;
		http_resp_header(resp, "Location",
				 arena_printf(req->arena, "/kwesties/%lld?steun=1",
					      (long long)id));
		return;
	case ERR_LIMITED:
		http_resp_header(resp, "Retry-After",
				 arena_printf(req->arena, "%d", retry > 0 ? retry : 1));
		web_html_error(req, resp, 429,
			       _("U heeft in korte tijd vaak gesteund of gemeld. "
				 "Wacht even en probeer het dan opnieuw."));
		return;
	case ERR_INVALID:
	case ERR_UNPROCESSABLE:
		refused(req, resp, db, e, &errs, email);
		return;
	default:
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND
				       ? _("Deze kwestie bestaat niet.")
				       : _("Uw steun kon niet worden geteld. "
					   "Probeer het zo opnieuw."));
	}
}
