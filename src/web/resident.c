/* resident: a resident's "mijn meldingen", without an account.  The resident
 * gives the e-mail address they reported with; when signals carry it, a
 * one-time link (a "magic" token, valid two hours) goes there by mail.
 * Opening the link starts a resident session for that address, which
 * shows every signal with that contact e-mail and lets the resident change
 * or delete their contact data at once.
 *
 * Nobody learns from these pages whether an address has signals: asking
 * gets the same answer either way.  Each change of contact data writes an
 * audit entry per signal (actor "resident", never the address itself) in
 * the same transaction.  After the e-mail address changed, or the data
 * were deleted, the session ends: it belonged to the old address, and
 * following the resident to a new one would let anyone who types someone
 * else's address read that person's signals. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "base/log.h"
#include "base/token.h"
#include "base/utf8.h"
#include "domain/email.h"
#include "domain/token.h"
#include "i18n/i18n.h"
#include "store/accounts.h"
#include "store/resident.h"
#include "views/account.h"
#include "views/resident.h"
#include "web/auth.h"
#include "app/mailer.h"
#include "app/later.h"
#include "app/resident.h"
#include "web/resident.h"
#include "web/web.h"




/* --- asking for a link ----------------------------------------------- */

static void render_request(struct http_req *req, struct http_resp *resp,
			   int status, const char *email, const char *error)
{
	struct page p = web_page(req, _("Mijn meldingen"));
	struct mijn_request_form f = {utf8_sanitize(req->arena, email),
				      auth_form_token(req, resp), error};

	resp->status = status;
	resp->no_store = true;
	view_mijn_request(HTML_ON(&resp->body), &p, &f);
}

void web_mijn_form(struct http_req *req, struct http_resp *resp)
{
	if (auth_principal(req)->kind == PRINCIPAL_RESIDENT) {
		resp->status = 303;
		http_resp_header(resp, "Location", "/mijn/meldingen");
		return;
	}
	render_request(req, resp, 200, NULL, NULL);
}

void web_mijn_post(struct http_req *req, struct http_resp *resp)
{
	const char *email = email_normalise(req->arena, form_get(web_form(req), "email"));
	struct page p = web_page(req, _("Kijk in uw mail"));
	struct app *app = req->app;

	if (!auth_form_token_ok(req)) {
		render_request(req, resp, 403, email,
			       _("Het formulier is verlopen. Probeer het opnieuw."));
		return;
	}
	if (!email || !strchr(email, '@')) {
		render_request(req, resp, 400, email,
			       _("Vul het e-mailadres in dat u bij uw melding "
				 "heeft opgegeven."));
		return;
	}
	if (web_limited(req, resp, app->rl_mail_ip, req->client) ||
	    web_limited(req, resp, app->rl_mail_address, email))
		return;
	/* The same answer at once, known address or not: the lookup and
	 * the mail follow off the request (app/later.h). */
	later(app, req->lang, resident_link_mail, email);
	resp->no_store = true;
	view_message(HTML_ON(&resp->body), &p, _("Kijk in uw mail"),
		     _("Als er meldingen bij dit adres horen, krijgt u binnen "
		       "een paar minuten een mail met een link naar uw "
		       "meldingen. De link werkt twee uur en één keer."),
		     "/", _("Naar de voorpagina"));
}

/* --- opening the link ------------------------------------------------ */

static void gone(struct http_req *req, struct http_resp *resp)
{
	struct page p = web_page(req, _("Link verlopen"));

	resp->status = 410;
	resp->no_store = true;
	buf_reset(&resp->body);
	view_message(HTML_ON(&resp->body), &p, _("Deze link werkt niet meer"),
		     _("De link is verlopen of al gebruikt. Een link werkt "
		       "twee uur en één keer. Vraag een nieuwe link aan."),
		     "/mijn", _("Een nieuwe link aanvragen"));
}

/* The token's row when it is an unused magic link that has not expired. */
static bool live_magic(struct http_req *req, struct db *db, const char *hash,
		       struct token_row *t)
{
	char now[32];

	store_now(now, sizeof(now));
	return store_token_get(db, req->arena, hash, t) == ERR_OK &&
	       strcmp(t->kind, "magic") == 0 &&
	       token_live(t->expires_at, t->used_at, now);
}

/* The link's token when it is well-formed and live; otherwise answers
 * 410 and returns NULL. */
static const char *live_link(struct http_req *req, struct http_resp *resp,
			     struct db **db, char *hash, struct token_row *t)
{
	const char *token = http_param(req, "token");
	const char *parts[1] = {token};

	resp->no_store = true;
	if (!token_valid(token)) {
		gone(req, resp);
		return NULL;
	}
	if (!(*db = web_db(req, resp, 0)))
		return NULL;
	token_hash_parts(hash, parts, 1);
	if (!live_magic(req, *db, hash, t)) {
		gone(req, resp);
		return NULL;
	}
	return token;
}

/* GET (and HEAD) of a mailed link use nothing up: mail scanners and link
 * previews open links before the resident does.  The page has one button
 * that posts to the same path. */
void web_mijn_token(struct http_req *req, struct http_resp *resp)
{
	struct page p = web_page(req, _("Uw meldingen openen"));
	struct token_row t;
	struct db *db;
	char hash[33];
	const char *token = live_link(req, resp, &db, hash, &t);

	if (!token)
		return;
	view_mijn_open(HTML_ON(&resp->body), &p,
		       arena_printf(req->arena, "/mijn/%s", token),
		       auth_form_token(req, resp));
}

/* The button: the link is used (once, also when raced) and a resident
 * session starts. */
void web_mijn_token_use(struct http_req *req, struct http_resp *resp)
{
	struct token_row t;
	struct db *db;
	char hash[33];
	enum err e;

	if (!live_link(req, resp, &db, hash, &t))
		return;
	if (!auth_form_token_ok(req)) {
		web_html_error(req, resp, 403, _("Het formulier is verlopen. Open "
						 "de link uit uw mail opnieuw."));
		return;
	}
	e = resident_link_use(db, hash);
	if (e == ERR_CONFLICT) {
		gone(req, resp);
		return;
	}
	if (e != ERR_OK ||
	    auth_session_start(req, resp, 0, email_normalise(req->arena, t.email)) !=
		    ERR_OK) {
		web_html_error(req, resp, 503, _("Het lukt even niet. Vraag over "
						 "een paar minuten een nieuwe "
						 "link aan."));
		return;
	}
	log_event("info", "resident_session");
	resp->status = 303;
	http_resp_header(resp, "Location", "/mijn/meldingen");
}

/* --- the list and the contact form ----------------------------------- */

static const struct choice *age_choices(size_t *n)
{
	static struct choice opts[6];

	for (size_t i = 0; i < 6; i++) {
		opts[i].value = signal_age_bands[i];
		opts[i].label = signal_age_bands[i];
	}
	*n = 6;
	return opts;
}


/* Render the list; form values from in (after an error) or from the
 * newest signal. */
static void render_list(struct http_req *req, struct http_resp *resp,
			int status, const char *notice,
			const struct resident_contact *in,
			const struct field_error *errs, size_t nerrs)
{
	const struct principal *pr = auth_principal(req);
	struct page p = web_page(req, _("Mijn meldingen"));
	struct resident_signal *rs;
	struct mijn_item *items;
	struct mijn_page m;
	struct db *db;
	size_t n;

	if (!(db = web_db(req, resp, 0)))
		return;
	if (store_resident_signals(db, req->arena, req->app->municipality,
				   pr->email, RESIDENT_SIGNALS_MAX, &rs,
				   &n) != ERR_OK) {
		web_html_error(req, resp, 503, _("Uw meldingen zijn even niet te "
						 "lezen. Probeer het zo opnieuw."));
		return;
	}
	items = arena_alloc(req->arena, (n + 1) * sizeof(*items));
	for (size_t i = 0; i < n; i++) {
		signal_view_fill(req, &rs[i].signal, &items[i].signal);
		items[i].email = rs[i].contact.email;
		items[i].phone = rs[i].contact.phone;
		items[i].age_band = rs[i].contact.age_band;
	}
	memset(&m, 0, sizeof(m));
	m.email = pr->email;
	m.items = items;
	m.nitems = n;
	m.csrf = pr->csrf;
	m.notice = notice;
	if (in) {
		m.form_email = in->email;
		m.form_phone = in->phone;
		m.form_age_band = in->age_band;
	} else if (n) {
		m.form_email = items[0].email;
		m.form_phone = items[0].phone;
		m.form_age_band = items[0].age_band;
	}
	m.age_bands = age_choices(&m.nage_bands);
	m.errors = errs;
	m.nerrors = nerrs;
	resp->status = status;
	resp->no_store = true;
	view_mijn_meldingen(HTML_ON(&resp->body), &p, &m);
}

void web_mijn_meldingen(struct http_req *req, struct http_resp *resp)
{
	const char *notice = NULL;

	if (form_get(&req->query, "opgeslagen"))
		notice = _("Uw contactgegevens zijn opgeslagen.");
	render_list(req, resp, 200, notice, NULL, NULL, 0);
}

/* The rules of intake (domain/signal.c) for e-mail, phone and age band:
 * signal_validate checks them along with a text and a place, which are
 * given valid dummies here and whose errors cannot occur. */
static size_t contact_validate(struct http_req *req, struct resident_contact *c,
			       struct field_error *out)
{
	const struct form *f = web_form(req);
	struct signal_input in;
	struct field_errors errs;
	size_t n = 0;

	memset(&in, 0, sizeof(in));
	memset(&errs, 0, sizeof(errs));
	in.text = "contact";
	in.buurt = "-";
	in.email = form_get(f, "email");
	in.phone = form_get(f, "phone");
	in.age_band = form_get(f, "age_band");
	signal_validate(req->arena, &in, &errs);
	for (size_t i = 0; i < errs.n && n < 3; i++)
		if (strcmp(errs.e[i].field, "email") == 0 ||
		    strcmp(errs.e[i].field, "phone") == 0 ||
		    strcmp(errs.e[i].field, "age_band") == 0)
			out[n++] = (struct field_error){errs.e[i].field,
							_(errs.e[i].msgid)};
	if (!in.email && n < 3)
		out[n++] = (struct field_error){
			"email", _("is nodig; wilt u het weg hebben, wis dan uw "
				   "contactgegevens hieronder")};
	c->email = in.email;
	c->phone = in.phone;
	c->age_band = in.age_band;
	return n;
}

static void saved_elsewhere(struct http_req *req, struct http_resp *resp)
{
	struct page p = web_page(req, _("Opgeslagen"));

	auth_session_end(req, resp);
	resp->no_store = true;
	view_message(HTML_ON(&resp->body), &p, _("Uw contactgegevens zijn opgeslagen"),
		     _("Uw meldingen staan nu op uw nieuwe e-mailadres. Wilt u "
		       "ze weer zien? Vraag dan met dat adres een nieuwe link "
		       "aan."),
		     "/mijn", _("Een nieuwe link aanvragen"));
}

void web_mijn_contact(struct http_req *req, struct http_resp *resp)
{
	const struct principal *pr = auth_principal(req);
	struct field_error errs[3];
	struct resident_contact c;
	struct db *db;
	size_t n = contact_validate(req, &c, errs);

	if (n) {
		/* shown again as typed, repaired to valid UTF-8 */
		c.email = utf8_sanitize(req->arena, c.email);
		c.phone = utf8_sanitize(req->arena, c.phone);
		c.age_band = utf8_sanitize(req->arena, c.age_band);
		render_list(req, resp, 400, NULL, &c, errs, n);
		return;
	}
	if (!(db = web_db(req, resp, 0)))
		return;
	if (resident_contact_change(db, req->arena, pr->email, &c) != ERR_OK) {
		web_html_error(req, resp, 503, _("Uw gegevens zijn niet opgeslagen. "
						 "Probeer het zo opnieuw."));
		return;
	}
	log_event("info", "resident_contact_update");
	if (strcasecmp(c.email, pr->email) != 0) {
		saved_elsewhere(req, resp);
		return;
	}
	resp->status = 303;
	http_resp_header(resp, "Location", "/mijn/meldingen?opgeslagen=1");
}

/* --- deleting -------------------------------------------------------- */

void web_mijn_wissen(struct http_req *req, struct http_resp *resp)
{
	const struct principal *pr = auth_principal(req);
	struct page p = web_page(req, _("Gewist"));
	struct db *db;
	size_t n;

	if (!(db = web_db(req, resp, 0)))
		return;
	if (resident_contact_delete(db, req->arena, pr->email, &n) != ERR_OK) {
		web_html_error(req, resp, 503, _("Uw gegevens zijn niet gewist. "
						 "Probeer het zo opnieuw."));
		return;
	}
	log_event("info", "resident_contact_delete");
	/* The session's address no longer matches anything. */
	auth_session_end(req, resp);
	resp->no_store = true;
	view_message(HTML_ON(&resp->body), &p, _("Uw contactgegevens zijn gewist"),
		     _("Wij hebben uw e-mailadres en telefoonnummer bij al uw "
		       "meldingen gewist. De meldingen zelf blijven bestaan. "
		       "Wij kunnen u er niet meer over bereiken."),
		     "/", _("Naar de voorpagina"));
}
