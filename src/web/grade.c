/* grade: a resident's rapportcijfer (app/grade.h), three ways in:
 * SPDX-License-Identifier: EUPL-1.2
 *
 *   POST /api/v1/signals/{token}/grade  {"grade", "solved", "comment"?}:
 *        201 a new grade, 200 this person's grade changed (within 14
 *        days), 400 a field that is not right (a grade that is not a
 *        whole number 1-10: "8" and 8.5 too), 404 an unknown token, 409
 *        nothing closed to grade yet, or the grade is older than 14 days;
 *   POST /m/{token}/cijfer: the form of the tracking page (the section
 *        view_grade_section, filled here for web/pages.c);
 *   GET and POST /beoordelen/{token}: the page of an invitation link.
 *
 * The forms have no session behind them and carry the double-submit
 * token of the public forms (auth_form_token); after a grade the answer
 * is a 303 back to the page, which shows the grade. */
#include <string.h>

#include "app/grade.h"
#include "base/token.h"
#include "base/utf8.h"
#include "domain/describe.h"
#include "i18n/i18n.h"
#include "views/grade.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/grade.h"
#include "web/json_fields.h"
#include "web/web.h"

/* --- JSON ------------------------------------------------------------------ */

static json_t *grade_json(const struct grade_result *r)
{
	const struct grade_subject *s = &r->subject;
	const struct grade_row *g = &s->grade;
	json_t *subject = s->kwestie_id
		? json_pack("{s:s, s:I}", "type", "kwestie", "id", (json_int_t)s->kwestie_id)
		: json_pack("{s:s}", "type", "signal");

	return json_pack("{s:i, s:s, s:s?, s:s, s:s, s:s?, s:o, s:b}", "grade",
			 g->grade, "solved", g->solved, "comment", g->comment,
			 "created_at", g->created_at, "updated_at", g->updated_at,
			 "changeable_until", s->changeable_until, "subject", subject,
			 "reopened", r->reopened);
}

/* "grade" must be a JSON whole number: the string "8", 8.5 or true is
 * refused (domain/grade.c says so), never read as 8. */
static void json_grade(json_t *root, struct grade_input *in)
{
	json_t *g = json_object_get(root, "grade");

	if (!g || json_is_null(g))
		return;
	if (json_is_integer(g)) {
		in->has_grade = true;
		in->grade = json_integer_value(g);
	} else {
		in->grade_wrong_type = true;
	}
}

static const char *refusal_message(enum err e)
{
	switch (e) {
	case ERR_NOT_FOUND:
		return _("Deze melding of link bestaat niet.");
	case ERR_CONFLICT:
		return _("Nu kunt u geen cijfer geven; zie de velden.");
	case ERR_LIMITED:
		return _("U heeft in korte tijd vaak gemeld of een cijfer gegeven. "
			 "Wacht even en probeer het dan opnieuw.");
	case ERR_INVALID:
	case ERR_UNPROCESSABLE:
		return _("Dit kan zo niet; zie de velden.");
	case ERR_BUSY:
		return _("Het is even te druk. Probeer het zo opnieuw.");
	default:
		return _("Er ging iets mis.");
	}
}

static void retry_header(struct http_req *req, struct http_resp *resp,
			 const struct grade_result *r)
{
	http_resp_header(resp, "Retry-After",
			 arena_printf(req->arena, "%d",
				      r->retry_after > 0 ? r->retry_after : 1));
}

static const char *const grade_fields[] = {"grade", "solved", "comment"};

void web_api_signal_grade(struct http_req *req, struct http_resp *resp)
{
	struct grade_who who = {http_param(req, "token"), NULL};
	struct grade_input in = {0};
	struct field_errors errs = {0};
	struct grade_result r = {0};
	struct db *db;
	json_t *root;
	enum err e;

	if (!(db = web_db(req, resp, 1)))
		return;
	if (!(root = web_json_body(req, resp, 0, grade_fields, 3)))
		return;
	json_grade(root, &in);
	in.solved = json_field_text(req->arena, root, "solved", &errs);
	in.comment = json_field_text(req->arena, root, "comment", &errs);
	json_decref(root);
	e = errs.n ? ERR_INVALID
		   : grade_submit(req->app, db, req->arena, req->client, &who, &in,
				  &errs, &r);
	if (e == ERR_LIMITED)
		retry_header(req, resp, &r);
	if (e != ERR_OK) {
		web_json_error(resp, http_status_for(e), refusal_message(e), &errs);
		return;
	}
	web_json(resp, r.replaced ? 200 : 201, grade_json(&r));
}

/* --- the forms ---------------------------------------------------------------- */

/* The form's fields from a subject and this request. */
static void form_of(struct http_req *req, struct http_resp *resp,
		    const struct grade_subject *s, const char *action,
		    struct grade_form *f)
{
	char until[64];

	memset(f, 0, sizeof(*f));
	f->action = action;
	f->csrf = auth_form_token(req, resp);
	f->title = s->title;
	f->closed = s->closed;
	f->has_grade = s->has_grade;
	f->changeable = s->changeable;
	f->grade = &s->grade;
	if (s->changeable_until &&
	    describe_time(until, sizeof(until), s->changeable_until) == 0)
		f->until = arena_strdup(req->arena, until);
	if (form_get(&req->query, "cijfer"))
		f->notice = _("Dank u. Uw cijfer is opgeslagen.");
}

const struct grade_form *web_grade_section(struct http_req *req,
					   struct http_resp *resp, struct db *db,
					   const char *token)
{
	struct grade_who who = {token, NULL};
	struct grade_subject *s = arena_alloc(req->arena, sizeof(*s));
	struct grade_form *f = arena_alloc(req->arena, sizeof(*f));

	if (grade_subject_read(req->app, db, req->arena, &who, s) != ERR_OK ||
	    !s->closed)
		return NULL; /* the section is there once there is a grade to give */
	form_of(req, resp, s, arena_printf(req->arena, "/m/%s/cijfer", token), f);
	return f;
}

/* The page: an invitation's, or a refused form of either kind. */
static void page(struct http_req *req, struct http_resp *resp, int status,
		 struct grade_form *f)
{
	struct page p = web_page(req, _("Geef een rapportcijfer"));

	resp->no_store = true;
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	buf_reset(&resp->body);
	view_grade_page(HTML_ON(&resp->body), &p, f);
}

static const char *back_of(struct http_req *req, const struct grade_subject *s)
{
	if (s->kwestie_id)
		return arena_printf(req->arena, "/kwesties/%lld", (long long)s->kwestie_id);
	return s->signal_token ? arena_printf(req->arena, "/m/%s", s->signal_token)
			       : NULL;
}

/* GET /beoordelen/{token} (and the form again after a refusal). */
static void invite_page(struct http_req *req, struct http_resp *resp,
			struct db *db, int status, const struct field_errors *errs,
			const struct grade_input *in)
{
	const char *token = http_param(req, "token");
	struct grade_who who = {NULL, token};
	struct grade_subject s;
	struct grade_form f;
	struct field_error *fe;
	enum err e = grade_subject_read(req->app, db, req->arena, &who, &s);

	resp->no_store = true;
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Deze link bestaat niet (meer).")
						  : _("Er ging iets mis."));
		return;
	}
	form_of(req, resp, &s, arena_printf(req->arena, "/beoordelen/%s", token), &f);
	f.back_href = back_of(req, &s);
	if (errs && errs->n) {
		fe = arena_alloc(req->arena, errs->n * sizeof(*fe));
		for (size_t i = 0; i < errs->n; i++)
			fe[i] = (struct field_error){errs->e[i].field, _(errs->e[i].msgid)};
		f.errors = fe;
		f.nerrors = errs->n;
		f.v_grade = utf8_sanitize(req->arena, in->grade_text);
		f.v_solved = utf8_sanitize(req->arena, in->solved);
		f.v_comment = utf8_sanitize(req->arena, in->comment);
	}
	page(req, resp, status, &f);
}

void web_grade_invite_page(struct http_req *req, struct http_resp *resp)
{
	struct db *db;

	if (!token_valid(http_param(req, "token"))) {
		web_html_error(req, resp, 404, _("Deze link bestaat niet (meer)."));
		return;
	}
	if (!(db = web_db(req, resp, 0)))
		return;
	invite_page(req, resp, db, 200, NULL, NULL);
}

/* A refused form of the tracking page: the page of the form alone, with
 * the errors and what was sent. */
static void signal_refused(struct http_req *req, struct http_resp *resp,
			   struct db *db, int status,
			   const struct field_errors *errs,
			   const struct grade_input *in)
{
	const char *token = http_param(req, "token");
	struct grade_who who = {token, NULL};
	struct grade_subject s;
	struct grade_form f;
	struct field_error *fe = arena_alloc(req->arena, (errs->n + 1) * sizeof(*fe));

	if (grade_subject_read(req->app, db, req->arena, &who, &s) != ERR_OK) {
		web_html_error(req, resp, 404, _("Deze melding bestaat niet."));
		return;
	}
	form_of(req, resp, &s, arena_printf(req->arena, "/m/%s/cijfer", token), &f);
	f.back_href = arena_printf(req->arena, "/m/%s", token);
	for (size_t i = 0; i < errs->n; i++)
		fe[i] = (struct field_error){errs->e[i].field, _(errs->e[i].msgid)};
	f.errors = fe;
	f.nerrors = errs->n;
	f.v_grade = utf8_sanitize(req->arena, in->grade_text);
	f.v_solved = utf8_sanitize(req->arena, in->solved);
	f.v_comment = utf8_sanitize(req->arena, in->comment);
	page(req, resp, status, &f);
}

/* The form's fields; the grade as its text (domain/grade.c parses it). */
static void form_input_of(struct http_req *req, struct grade_input *in)
{
	const struct form *body = web_form(req);

	memset(in, 0, sizeof(*in));
	in->grade_text = form_get(body, "grade");
	if (in->grade_text && !*in->grade_text)
		in->grade_text = NULL;
	in->solved = form_get(body, "solved");
	in->comment = form_get(body, "comment");
}

/* Both forms: CSRF, the use case, 303 back or the refusal. */
static void form_post(struct http_req *req, struct http_resp *resp, bool invite)
{
	const char *token = http_param(req, "token");
	struct grade_who who = {invite ? NULL : token, invite ? token : NULL};
	struct field_errors errs = {0};
	struct grade_input in;
	struct grade_result r = {0};
	struct db *db;
	enum err e;

	if (!(db = web_db(req, resp, 0)))
		return;
	form_input_of(req, &in);
	if (!auth_form_token_ok(req)) {
		field_errors_add(&errs, "csrf", N_("Het formulier is verlopen. "
						   "Probeer het opnieuw."));
		e = ERR_FORBIDDEN;
	} else {
		e = grade_submit(req->app, db, req->arena, req->client, &who, &in,
				 &errs, &r);
	}
	if (e == ERR_OK) {
		resp->status = 303;
		http_resp_header(resp, "Location",
				 arena_printf(req->arena, invite ? "/beoordelen/%s?cijfer=1"
								 : "/m/%s?cijfer=1#cijfer",
					      token));
		return;
	}
	if (e == ERR_LIMITED)
		retry_header(req, resp, &r);
	if (e == ERR_NOT_FOUND || e == ERR_LIMITED || e == ERR_BUSY || !errs.n) {
		web_html_error(req, resp, http_status_for(e), refusal_message(e));
		return;
	}
	if (invite)
		invite_page(req, resp, db, http_status_for(e), &errs, &in);
	else
		signal_refused(req, resp, db, http_status_for(e), &errs, &in);
}

void web_signal_grade_post(struct http_req *req, struct http_resp *resp)
{
	form_post(req, resp, false);
}

void web_grade_invite_post(struct http_req *req, struct http_resp *resp)
{
	form_post(req, resp, true);
}

/* --- the organisation's choice (beheer) ------------------------------------ */

/* POST /beheer/organisaties/{org}/cijfers: the checkbox reopen_on_nee,
 * "1" or absent (off); anything else is refused. */
void web_beheer_org_grades(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "org");
	const char *v = form_get(web_form(req), "reopen_on_nee");
	struct db *db;
	enum err e;

	if (v && strcmp(v, "1") != 0) {
		web_html_error(req, resp, 400, _("Kies aan of uit."));
		return;
	}
	if (!(db = web_db(req, resp, 0)))
		return;
	e = grade_org_set_reopen(db, auth_actor(req), id, v != NULL);
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Deze organisatie bestaat niet.")
						  : _("Er ging iets mis. Probeer het opnieuw."));
		return;
	}
	resp->status = 303;
	http_resp_header(resp, "Location",
			 arena_printf(req->arena, "/beheer/organisaties/%lld?klaar=gewijzigd",
				      (long long)id));
}
