/* beheer_diensten: coordinators keep their organisation's services on the
 * social map: list, add, change, remove, and confirm that an entry is
 * still right (one click).
 *
 * The router lets members read (AZ_MEMBER_LIST) and coordinators or the
 * beheerder write (AZ_ORG_UPDATE), by their relation to {org}.  That only
 * holds when the service belongs to {org}: every handler checks it and
 * answers 404 otherwise, inside the write transaction, so a coordinator of
 * one organisation can never reach another's service through their own
 * URL.
 *
 * Every changed field is one audit entry {"field", "old", "new"} in the
 * transaction of the change; saving the form also confirms the entry. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "geo/areaidx.h"
#include "html/html.h"
#include "domain/email.h"
#include "i18n/i18n.h"
#include "mail/smtp.h"
#include "store/accounts.h"
#include "store/socialmap_search.h"
#include "views/form.h"
#include "views/sociale_kaart.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/freshness.h"
#include "web/web.h"

#define MAX_AREAS 60
#define MAX_TERMS 40
#define MAX_LANGS 20

/* --- the request's organisation and service --------------------------- */

struct ctx {
	struct http_req *req;
	struct http_resp *resp;
	struct db *db;
	const struct principal *who;
	int64_t org_id, id;
	struct sk_org org;
	bool can_edit;
};

static bool ctx_init(struct ctx *c, struct http_req *req,
		     struct http_resp *resp)
{
	enum err e;

	memset(c, 0, sizeof(*c));
	c->req = req;
	c->resp = resp;
	resp->no_store = true;
	c->who = auth_principal(req);
	c->org_id = web_param_id(req, "org");
	c->id = web_param_id(req, "id");
	if (!(c->db = web_db(req, resp, 0)))
		return false;
	e = c->org_id ? store_socialmap_org(c->db, req->arena, c->org_id, &c->org)
		      : ERR_NOT_FOUND;
	if (e == ERR_OK && strcmp(c->org.municipality, req->app->municipality))
		e = ERR_NOT_FOUND;
	if (e != ERR_OK) {
		web_html_error(req, resp, http_status_for(e),
			       e == ERR_NOT_FOUND ? _("Deze organisatie bestaat niet.")
						  : _("Er ging iets mis."));
		return false;
	}
	c->can_edit = authz_allows(AZ_ORG_UPDATE, c->who->is_admin,
				   auth_rel_org(c->who, c->org_id));
	return true;
}

/* The service {id}, if it belongs to {org}. */
static enum err service_of_org(struct ctx *c, struct service_row *s)
{
	enum err e = c->id ? store_service_get(c->db, c->req->arena, c->id, s)
			   : ERR_NOT_FOUND;

	if (e == ERR_OK && s->organisation_id != c->org_id)
		e = ERR_NOT_FOUND;
	return e;
}

static void fail(struct ctx *c, enum err e)
{
	web_html_error(c->req, c->resp, http_status_for(e),
		       e == ERR_NOT_FOUND
			       ? _("Deze dienst hoort niet bij deze organisatie, "
				   "of bestaat niet (meer).")
		       : e == ERR_BUSY ? _("Het is even te druk. Probeer het over "
					   "een minuut opnieuw.")
				       : _("Er ging iets mis."));
}

static const char *list_href(struct ctx *c)
{
	return arena_printf(c->req->arena, "/beheer/organisaties/%lld/diensten",
			    (long long)c->org_id);
}

static const char *service_href(struct ctx *c, int64_t id, const char *tail)
{
	return arena_printf(c->req->arena, "/beheer/organisaties/%lld/diensten/%lld%s",
			    (long long)c->org_id, (long long)id, tail);
}

static void redirect(struct ctx *c, const char *to)
{
	c->resp->status = 303;
	http_resp_header(c->resp, "Location", to);
}

/* --- audit --------------------------------------------------------------- */

static enum err audit(struct ctx *c, const char *action, int64_t id,
		      json_t *detail)
{
	char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct audit_entry a;
	enum err e;

	json_decref(detail);
	a = (struct audit_entry){c->who->account_id, c->who->api_key_id,
				 auth_label(c->who), action, "service",
				 arena_printf(c->req->arena, "%lld", (long long)id),
				 text};
	e = store_audit_add(c->db, &a);
	free(text);
	return e;
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Null, "" and absent are the same for the audit. */
static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static enum err audit_field(struct ctx *c, const char *action, int64_t id,
			    const char *field, const char *old, const char *new)
{
	if (same(old, new))
		return ERR_OK;
	/* json_string refuses invalid UTF-8: such (imported) values are
	 * recorded repaired. */
	return audit(c, action, id,
		     json_pack("{s:s, s:o, s:o}", "field", field, "old",
			       jstr(utf8_sanitize(c->req->arena, old)), "new",
			       jstr(utf8_sanitize(c->req->arena, new))));
}

static const char *norm_str(struct ctx *c, int days)
{
	return days < 0 ? NULL : arena_printf(c->req->arena, "%d", days);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Codes sorted and joined by spaces (for comparing and the audit). */
static const char *joined(struct ctx *c, char *const *codes, size_t n)
{
	char **copy = arena_alloc(c->req->arena, (n + 1) * sizeof(*copy));
	struct buf b;
	const char *out;

	if (n) /* codes may be NULL then */
		memcpy(copy, codes, n * sizeof(*copy));
	qsort(copy, n, sizeof(*copy), cmp_str);
	buf_init(&b, 65536);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(&b, ' ');
		buf_adds(&b, copy[i]);
	}
	out = arena_strdup(c->req->arena, buf_str(&b));
	buf_release(&b);
	return out;
}

/* The term codes of a stored service, joined. */
static enum err term_codes(struct ctx *c, int64_t id, const char **out)
{
	struct term_row *t;
	char **codes;
	size_t n;
	enum err e = store_socialmap_service_terms(c->db, c->req->arena, id, &t, &n);

	if (e != ERR_OK)
		return e;
	codes = arena_alloc(c->req->arena, (n + 1) * sizeof(*codes));
	for (size_t i = 0; i < n; i++)
		codes[i] = t[i].code ? t[i].code : t[i].uuid;
	*out = joined(c, codes, n);
	return ERR_OK;
}

/* --- the form ------------------------------------------------------------- */

struct input {
	struct dienst_form view; /* as typed, for showing it again */
	struct field_error errors[24];
	size_t nerrors;
	/* validated */
	const char *name, *description, *eligibility, *application,
		*opening_hours, *cost, *fees, *languages, *phone, *email, *url,
		*address, *postal_code, *city, *norm_text, *status;
	int norm_days;
	char *areas[MAX_AREAS];
	size_t nareas;
	int64_t terms[MAX_TERMS];
	char *term_codes[MAX_TERMS];
	size_t nterms;
};

static void error(struct input *in, const char *field, const char *msg)
{
	if (in->nerrors < sizeof(in->errors) / sizeof(in->errors[0]) &&
	    !form_error_find(in->errors, in->nerrors, field))
		in->errors[in->nerrors++] = (struct field_error){field, msg};
}

static const char *blank_null(const char *s)
{
	return s && *s ? s : NULL;
}

/* A free-text field: trimmed NFC text or NULL when empty. */
static const char *text(struct ctx *c, struct input *in, const char *field,
			const char *v, size_t max, bool multiline, bool required)
{
	const char *out, *msg;

	if (!v || !*v) {
		if (required)
			error(in, field, _("is verplicht"));
		return NULL;
	}
	msg = text_check(c->req->arena, v, required ? 2 : 0, max, multiline, &out);
	if (msg) {
		error(in, field, _(msg));
		return NULL;
	}
	return blank_null(out);
}

static const char *one_of(struct input *in, const char *field, const char *v,
			  const char *const *allowed, size_t n)
{
	if (!v || !*v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, allowed[i]) == 0)
			return allowed[i];
	error(in, field, _("kies een waarde uit de lijst"));
	return NULL;
}

static bool phone_ok(const char *s)
{
	size_t digits = 0;

	if (strlen(s) > 32)
		return false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (!strchr("+()-. ", *s))
			return false;
	}
	return digits >= 6 && digits <= 15;
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_letter(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* "1234AB" or "1234 ab" -> "1234 AB" (a Dutch postcode). */
static const char *postcode(struct ctx *c, struct input *in, const char *v)
{
	char d[4], l[2];
	size_t nd = 0, nl = 0;
	bool ok = strlen(v ? v : "") <= 10;

	if (!v || !*v)
		return NULL;
	for (const char *p = v; *p && ok; p++) {
		if (*p == ' ')
			continue;
		if (nd < 4 && nl == 0 && is_digit(*p))
			d[nd++] = *p;
		else if (nd == 4 && nl < 2 && is_letter(*p))
			l[nl++] = (char)(*p & ~0x20);
		else
			ok = false;
	}
	if (!ok || nd != 4 || nl != 2 || d[0] == '0') {
		error(in, "postal_code", _("is geen postcode zoals 1011 AB"));
		return NULL;
	}
	return arena_printf(c->req->arena, "%.4s %.2s", d, l);
}

/* An absolute http(s) link that may go into an href. */
static bool url_ok(const char *url)
{
	return (strncasecmp(url, "https://", 8) == 0 ||
		strncasecmp(url, "http://", 7) == 0) &&
	       html_url_ok(url);
}

/* "NL, en;ar" -> "nl en ar"; codes of 2 or 3 letters; "nl" when empty. */
static const char *languages(struct ctx *c, struct input *in, const char *v)
{
	struct buf b;
	const char *out;
	size_t n = 0;

	if (!v || !*v)
		return "nl";
	buf_init(&b, 256);
	for (const char *p = v; *p;) {
		size_t len = strcspn(p, " ,;");
		bool ok = len >= 2 && len <= 3;

		for (size_t i = 0; ok && i < len; i++)
			ok = (p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z';
		if (len && (!ok || ++n > MAX_LANGS)) {
			error(in, "languages", _("gebruik taalcodes zoals nl, en, ar"));
			break;
		}
		for (size_t i = 0; i < len; i++) {
			if (i == 0 && b.len)
				buf_addc(&b, ' ');
			buf_addc(&b, (char)(p[i] | 0x20));
		}
		p += len;
		p += strspn(p, " ,;");
	}
	out = b.len ? arena_strdup(c->req->arena, buf_str(&b)) : "nl";
	buf_release(&b);
	return out;
}

static int norm_days(struct input *in, const char *v)
{
	char *end;
	long d;

	if (!v || !*v)
		return -1;
	d = strtol(v, &end, 10);
	if (*end || d < 0 || d > 365 || strlen(v) > 3) {
		error(in, "norm_days", _("is geen aantal werkdagen van 0 tot 365"));
		return -1;
	}
	return (int)d;
}

static void add_area(struct ctx *c, struct input *in, const char *code)
{
	const struct area_node *a = areaidx_find(c->req->app->areas, code);

	if (!a) {
		error(in, "areas_other",
		      arena_printf(c->req->arena, _("gebied '%s' kennen we niet"),
				   utf8_sanitize(c->req->arena,
						 arena_strndup(c->req->arena, code, 32))));
		return;
	}
	for (size_t i = 0; i < in->nareas; i++)
		if (strcmp(in->areas[i], a->code) == 0)
			return;
	if (in->nareas == MAX_AREAS) {
		error(in, "areas_other", _("noem minder gebieden"));
		return;
	}
	in->areas[in->nareas++] = (char *)a->code;
}

static void areas(struct ctx *c, struct input *in, const struct form *f)
{
	const char *other = form_get(f, "areas_other");

	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].key, "areas") == 0 && *f->fields[i].value)
			add_area(c, in, f->fields[i].value);
	for (const char *p = other ? other : ""; *p;) {
		size_t len = strcspn(p, " ,;\t\r\n");

		if (len)
			add_area(c, in, arena_strndup(c->req->arena, p, len));
		p += len;
		p += strspn(p, " ,;\t\r\n");
	}
	if (!in->nareas)
		error(in, "areas", _("kies minstens één gebied, bijvoorbeeld de "
				     "hele stad"));
}

static void terms(struct ctx *c, struct input *in, const struct form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const char *code = f->fields[i].value;
		struct term_row t;
		enum err e;

		if (strcmp(f->fields[i].key, "terms") != 0 || !*code)
			continue;
		e = store_socialmap_term(c->db, c->req->arena, SK_TAXONOMY_DOELGROEP,
					 code, &t);
		if (e == ERR_NOT_FOUND)
			e = store_socialmap_term(c->db, c->req->arena,
						 SK_TAXONOMY_THEMA, code, &t);
		if (e != ERR_OK || in->nterms == MAX_TERMS) {
			error(in, "terms", _("kies een waarde uit de lijst"));
			continue;
		}
		in->terms[in->nterms] = t.id;
		in->term_codes[in->nterms++] = t.code;
	}
}

/* The typed values, repaired for showing them again. */
static void keep_typed(struct ctx *c, struct input *in, const struct form *f)
{
	struct dienst_form *v = &in->view;
	struct arena *a = c->req->arena;

	v->name = utf8_sanitize(a, form_get(f, "name"));
	v->description = utf8_sanitize(a, form_get(f, "description"));
	v->eligibility = utf8_sanitize(a, form_get(f, "eligibility"));
	v->application = utf8_sanitize(a, form_get(f, "application"));
	v->opening_hours = utf8_sanitize(a, form_get(f, "opening_hours"));
	v->cost = utf8_sanitize(a, form_get(f, "cost"));
	v->fees = utf8_sanitize(a, form_get(f, "fees"));
	v->languages = utf8_sanitize(a, form_get(f, "languages"));
	v->phone = utf8_sanitize(a, form_get(f, "phone"));
	v->email = utf8_sanitize(a, form_get(f, "email"));
	v->url = utf8_sanitize(a, form_get(f, "url"));
	v->address = utf8_sanitize(a, form_get(f, "address"));
	v->postal_code = utf8_sanitize(a, form_get(f, "postal_code"));
	v->city = utf8_sanitize(a, form_get(f, "city"));
	v->norm_days = utf8_sanitize(a, form_get(f, "norm_days"));
	v->norm_text = utf8_sanitize(a, form_get(f, "norm_text"));
	v->status = utf8_sanitize(a, form_get(f, "status"));
	v->areas_other = utf8_sanitize(a, form_get(f, "areas_other"));
}

static void validate_texts(struct ctx *c, struct input *in, const struct form *f)
{
	in->name = text(c, in, "name", form_get(f, "name"), 200, false, true);
	in->description = text(c, in, "description", form_get(f, "description"),
			       4000, true, false);
	in->eligibility = text(c, in, "eligibility", form_get(f, "eligibility"),
			       1000, true, false);
	in->application = text(c, in, "application", form_get(f, "application"),
			       1000, true, false);
	in->opening_hours = text(c, in, "opening_hours",
				 form_get(f, "opening_hours"), 1000, true, false);
	in->fees = text(c, in, "fees", form_get(f, "fees"), 500, true, false);
	in->norm_text = text(c, in, "norm_text", form_get(f, "norm_text"), 500,
			     true, false);
	in->address = text(c, in, "address", form_get(f, "address"), 200, false,
			   false);
	in->city = text(c, in, "city", form_get(f, "city"), 100, false, false);
}

static void validate_contact(struct ctx *c, struct input *in, const struct form *f)
{
	const char *phone = blank_null(form_get(f, "phone"));
	const char *email = blank_null(form_get(f, "email"));
	const char *url = blank_null(form_get(f, "url"));

	if (phone && !phone_ok(phone))
		error(in, "phone", _("is geen telefoonnummer"));
	in->phone = phone;
	if (email && !email_valid(email))
		error(in, "email", _("is geen e-mailadres"));
	in->email = email;
	if (url && (strlen(url) > 500 || !url_ok(url)))
		error(in, "url", _("is geen webadres dat met https:// begint"));
	in->url = url;
	in->postal_code = postcode(c, in, form_get(f, "postal_code"));
}

static size_t validate(struct ctx *c, struct input *in)
{
	static const char *const costs[] = {"gratis", "eigen bijdrage", "betaald"};
	static const char *const statuses[] = {"active", "temporarily closed",
					       "inactive", "defunct"};
	const struct form *f = web_form(c->req);

	keep_typed(c, in, f);
	validate_texts(c, in, f);
	validate_contact(c, in, f);
	in->cost = one_of(in, "cost", form_get(f, "cost"), costs, 3);
	in->status = one_of(in, "status", form_get(f, "status"), statuses, 4);
	if (!in->status)
		in->status = "active";
	in->languages = languages(c, in, form_get(f, "languages"));
	in->norm_days = norm_days(in, form_get(f, "norm_days"));
	areas(c, in, f);
	terms(c, in, f);
	in->view.errors = in->errors;
	in->view.nerrors = in->nerrors;
	return in->nerrors;
}

/* --- changes and the audit ------------------------------------------------ */

struct change {
	const char *field, *old, *new;
};

#define NCHANGES 19

/* Every field a coordinator edits, old against new; o may be a zeroed
 * row (norm_days -1) for a new service. */
static void changes(struct ctx *c, const struct service_row *o,
		    const struct service_row *n, const char *old_terms,
		    const char *new_terms, struct change ch[NCHANGES])
{
	struct change all[NCHANGES] = {
		{"name", o->name, n->name},
		{"description", o->description, n->description},
		{"eligibility_description", o->eligibility_description,
		 n->eligibility_description},
		{"application_process", o->application_process,
		 n->application_process},
		{"opening_hours", o->opening_hours, n->opening_hours},
		{"cost", o->cost, n->cost},
		{"fees_description", o->fees_description, n->fees_description},
		{"languages", o->languages, n->languages},
		{"phone", o->phone, n->phone},
		{"email", o->email, n->email},
		{"url", o->url, n->url},
		{"address", o->address, n->address},
		{"postal_code", o->postal_code, n->postal_code},
		{"city", o->city, n->city},
		{"norm_days", norm_str(c, o->norm_days), norm_str(c, n->norm_days)},
		{"norm_text", o->norm_text, n->norm_text},
		{"status", o->status, n->status},
		{"areas", joined(c, o->areas, o->nareas), joined(c, n->areas, n->nareas)},
		{"terms", old_terms, new_terms},
	};

	memcpy(ch, all, sizeof(all));
}

/* One audit entry per changed field; *count gets their number. */
static enum err audit_changes(struct ctx *c, const char *action, int64_t id,
			      const struct change *ch, size_t *count)
{
	enum err e = ERR_OK;

	*count = 0;
	for (size_t i = 0; i < NCHANGES && e == ERR_OK; i++) {
		if (same(ch[i].old, ch[i].new))
			continue;
		e = audit_field(c, action, id, ch[i].field, ch[i].old, ch[i].new);
		(*count)++;
	}
	return e;
}

/* The validated input into a row (areas and terms point into in). */
static void apply(const struct input *in, struct service_row *s)
{
	s->name = (char *)in->name;
	s->description = (char *)(in->description ? in->description : "");
	s->eligibility_description = (char *)in->eligibility;
	s->application_process = (char *)in->application;
	s->opening_hours = (char *)in->opening_hours;
	s->cost = (char *)in->cost;
	s->fees_description = (char *)in->fees;
	s->languages = (char *)in->languages;
	s->phone = (char *)in->phone;
	s->email = (char *)in->email;
	s->url = (char *)in->url;
	s->address = (char *)in->address;
	s->postal_code = (char *)in->postal_code;
	s->city = (char *)in->city;
	s->norm_days = in->norm_days;
	s->norm_text = (char *)in->norm_text;
	s->status = (char *)in->status;
	s->areas = (char **)in->areas;
	s->nareas = in->nareas;
	s->terms = (int64_t *)in->terms;
	s->nterms = in->nterms;
}

/* One write transaction of a handler, run by db_write (perhaps more than
 * once): in is the form, s and id what it reports back. */
struct service_tx {
	struct ctx *c;
	struct input *in;
	struct service_row s;
	int64_t id;
};

static enum err create_tx(struct db *db, void *p)
{
	struct service_tx *t = p;
	struct ctx *c = t->c;
	struct service_row o, s;
	struct change ch[NCHANGES];
	size_t count;
	enum err e;

	memset(&o, 0, sizeof(o));
	o.norm_days = -1;
	memset(&s, 0, sizeof(s));
	apply(t->in, &s);
	s.municipality = (char *)c->req->app->municipality;
	s.organisation_id = c->org_id;
	s.is_demo = c->org.is_demo;
	e = store_service_put(db, &s);
	t->id = s.id;
	changes(c, &o, &s, NULL, joined(c, t->in->term_codes, t->in->nterms), ch);
	if (e == ERR_OK)
		e = audit_changes(c, "service.create", s.id, ch, &count);
	return e;
}

static enum err create_service(struct ctx *c, struct input *in, int64_t *id)
{
	struct service_tx t = {.c = c, .in = in};
	enum err e = db_write(c->db, create_tx, &t);

	*id = t.id;
	return e;
}

static enum err update_tx(struct db *db, void *p)
{
	struct service_tx *t = p;
	struct ctx *c = t->c;
	struct service_row old, s;
	struct change ch[NCHANGES];
	const char *old_terms = NULL;
	char now[32];
	size_t count = 0;
	enum err e;

	e = service_of_org(c, &old);
	if (e == ERR_OK)
		e = term_codes(c, old.id, &old_terms);
	if (e == ERR_OK) {
		s = old;
		apply(t->in, &s);
		store_now(now, sizeof(now));
		s.confirmed_at = now; /* the owner just looked at every field */
		e = store_service_put(db, &s);
	}
	if (e == ERR_OK) {
		changes(c, &old, &s, old_terms,
			joined(c, t->in->term_codes, t->in->nterms), ch);
		e = audit_changes(c, "service.update", s.id, ch, &count);
	}
	if (e == ERR_OK && count == 0)
		e = audit(c, "service.confirm", s.id,
			  json_pack("{s:s}", "confirmed_at", now));
	return e;
}

static enum err update_service(struct ctx *c, struct input *in)
{
	struct service_tx t = {.c = c, .in = in};

	return db_write(c->db, update_tx, &t);
}

static enum err delete_tx(struct db *db, void *p)
{
	struct service_tx *t = p;
	struct ctx *c = t->c;
	enum err e;

	e = service_of_org(c, &t->s);
	if (e == ERR_OK)
		e = audit(c, "service.delete", t->s.id,
			  json_pack("{s:s, s:s}", "name",
				    utf8_sanitize(c->req->arena, t->s.name),
				    "uuid", t->s.uuid));
	if (e == ERR_OK)
		e = store_service_delete(db, t->s.id);
	return e;
}

static enum err confirm_tx(struct db *db, void *p)
{
	struct service_tx *t = p;
	struct ctx *c = t->c;
	char now[32];
	enum err e;

	store_now(now, sizeof(now));
	e = service_of_org(c, &t->s);
	if (e == ERR_OK)
		e = store_service_confirm(db, t->s.id, now);
	if (e == ERR_OK)
		e = audit(c, "service.confirm", t->s.id,
			  json_pack("{s:s, s:o}", "confirmed_at", now, "previous",
				    jstr(t->s.confirmed_at)));
	return e;
}

/* --- pages -------------------------------------------------------------- */

static void form_options(struct ctx *c, struct dienst_form *v)
{
	struct area_row *g = NULL, *sd = NULL;
	struct choice *opts, *terms_;
	size_t ng = 0, nsd = 0, n = 0;

	store_area_list(c->db, c->req->arena, c->req->app->municipality,
			"gemeente", &g, &ng);
	store_area_list(c->db, c->req->arena, c->req->app->municipality,
			"stadsdeel", &sd, &nsd);
	opts = arena_alloc(c->req->arena, (ng + nsd + 1) * sizeof(*opts));
	for (size_t i = 0; i < ng; i++)
		opts[n++] = (struct choice){g[i].code,
					    arena_printf(c->req->arena, _("Heel %s"),
							 g[i].name),
					    NULL};
	for (size_t i = 0; i < nsd; i++)
		opts[n++] = (struct choice){sd[i].code,
					    arena_printf(c->req->arena,
							 _("Stadsdeel %s"), sd[i].name),
					    NULL};
	v->area_opts = opts;
	v->narea_opts = n;
	kaart_term_choices(c->req, c->db, SK_TAXONOMY_DOELGROEP, &terms_,
			   &v->ndoelgroepen);
	v->doelgroepen = terms_;
	kaart_term_choices(c->req, c->db, SK_TAXONOMY_THEMA, &terms_, &v->nthemas);
	v->themas = terms_;
	v->csrf = c->who->csrf;
}

/* Which of the codes are checkboxes (gemeente, stadsdelen). */
static bool is_option(const struct dienst_form *v, const char *code)
{
	for (size_t i = 0; i < v->narea_opts; i++)
		if (strcmp(v->area_opts[i].value, code) == 0)
			return true;
	return false;
}

/* Checked boxes: areas and term codes (from a row or the input). */
static void set_checked(struct ctx *c, struct dienst_form *v, char **areas,
			size_t nareas, char **codes, size_t ncodes)
{
	char **all = arena_alloc(c->req->arena,
				 (nareas + ncodes + 1) * sizeof(*all));

	if (nareas)
		memcpy(all, areas, nareas * sizeof(*all));
	if (ncodes)
		memcpy(all + nareas, codes, ncodes * sizeof(*all));
	v->checked = all;
	v->nchecked = nareas + ncodes;
}

/* The edit form filled from a stored service. */
static enum err form_from_row(struct ctx *c, const struct service_row *s,
			      struct dienst_form *v)
{
	struct term_row *t;
	char **codes, **other;
	size_t nt, nother = 0;
	enum err e;

	memset(v, 0, sizeof(*v));
	form_options(c, v);
	v->name = s->name;
	v->description = s->description;
	v->eligibility = s->eligibility_description;
	v->application = s->application_process;
	v->opening_hours = s->opening_hours;
	v->cost = s->cost;
	v->fees = s->fees_description;
	v->languages = s->languages;
	v->phone = s->phone;
	v->email = s->email;
	v->url = s->url;
	v->address = s->address;
	v->postal_code = s->postal_code;
	v->city = s->city;
	v->norm_days = norm_str(c, s->norm_days);
	v->norm_text = s->norm_text;
	v->status = s->status;
	other = arena_alloc(c->req->arena, (s->nareas + 1) * sizeof(*other));
	for (size_t i = 0; i < s->nareas; i++)
		if (!is_option(v, s->areas[i]))
			other[nother++] = s->areas[i];
	v->areas_other = joined(c, other, nother);
	if ((e = store_socialmap_service_terms(c->db, c->req->arena, s->id, &t,
					       &nt)) != ERR_OK)
		return e;
	codes = arena_alloc(c->req->arena, (nt + 1) * sizeof(*codes));
	for (size_t i = 0; i < nt; i++)
		codes[i] = t[i].code ? t[i].code : t[i].uuid;
	set_checked(c, v, s->areas, s->nareas, codes, nt);
	return ERR_OK;
}

static const char *notice_of(struct http_req *req)
{
	if (form_get(&req->query, "opgeslagen"))
		return _("De dienst is opgeslagen en bevestigd.");
	if (form_get(&req->query, "bevestigd"))
		return _("Bedankt. U heeft bevestigd dat de informatie klopt.");
	if (form_get(&req->query, "verwijderd"))
		return _("De dienst is van de sociale kaart gehaald.");
	return NULL;
}

static void render_list(struct ctx *c, struct dienst_form *form, int status)
{
	struct diensten_page d;
	struct service_row *rows;
	struct dienst_row *dr;
	struct page p = web_page(c->req, _("Diensten op de sociale kaart"));
	char cutoff[32];
	size_t n;
	enum err e = store_services_of_org(c->db, c->req->arena, c->org_id, &rows, &n);

	if (e != ERR_OK) {
		fail(c, e);
		return;
	}
	freshness_cutoff(cutoff, sizeof(cutoff));
	dr = arena_alloc(c->req->arena, (n + 1) * sizeof(*dr));
	for (size_t i = 0; i < n; i++)
		dr[i] = (struct dienst_row){
			rows[i].name, service_href(c, rows[i].id, ""),
			arena_printf(c->req->arena, "/sociale-kaart/diensten/%lld",
				     (long long)rows[i].id),
			service_href(c, rows[i].id, "/bevestigen"),
			rows[i].confirmed_at, rows[i].status,
			freshness_stale(rows[i].confirmed_at, cutoff)};
	memset(&d, 0, sizeof(d));
	d.org_name = c->org.name;
	d.org_href = arena_printf(c->req->arena, "/beheer/organisaties/%lld",
				  (long long)c->org_id);
	d.rows = dr;
	d.nrows = n;
	d.can_edit = c->can_edit;
	d.csrf = c->who->csrf;
	d.notice = status == 200 ? notice_of(c->req) : NULL;
	d.form = c->can_edit ? form : NULL;
	d.freshness_days = freshness_days();
	c->resp->status = status;
	c->resp->content_type = "text/html; charset=utf-8";
	view_diensten(HTML_ON(&c->resp->body), &p, &d);
}

void web_diensten_list(struct http_req *req, struct http_resp *resp)
{
	struct dienst_form form;
	struct ctx c;

	if (!ctx_init(&c, req, resp))
		return;
	memset(&form, 0, sizeof(form));
	form_options(&c, &form);
	form.action = list_href(&c);
	form.submit = _("Dienst toevoegen");
	form.languages = "nl";
	render_list(&c, &form, 200);
}

void web_diensten_create(struct http_req *req, struct http_resp *resp)
{
	struct input in;
	struct ctx c;
	int64_t id = 0;
	enum err e;

	if (!ctx_init(&c, req, resp))
		return;
	memset(&in, 0, sizeof(in));
	if (validate(&c, &in)) {
		form_options(&c, &in.view);
		in.view.action = list_href(&c);
		in.view.submit = _("Dienst toevoegen");
		set_checked(&c, &in.view, in.areas, in.nareas, in.term_codes,
			    in.nterms);
		render_list(&c, &in.view, 400);
		return;
	}
	if ((e = create_service(&c, &in, &id)) != ERR_OK) {
		fail(&c, e);
		return;
	}
	redirect(&c, service_href(&c, id, "?opgeslagen=1"));
}

static void render_service(struct ctx *c, const struct service_row *s,
			   struct dienst_form *form, int status)
{
	struct kaart_service_page details;
	struct sk_card card;
	struct dienst_page d;
	struct page p = web_page(c->req, s->name);
	char cutoff[32];

	freshness_cutoff(cutoff, sizeof(cutoff));
	memset(&d, 0, sizeof(d));
	d.org_name = c->org.name;
	d.list_href = list_href(c);
	d.public_href = arena_printf(c->req->arena, "/sociale-kaart/diensten/%lld",
				     (long long)s->id);
	d.name = s->name;
	d.confirmed_at = s->confirmed_at;
	d.stale = freshness_stale(s->confirmed_at, cutoff);
	d.can_edit = c->can_edit;
	d.csrf = c->who->csrf;
	d.notice = status == 200 ? notice_of(c->req) : NULL;
	d.confirm_action = service_href(c, s->id, "/bevestigen?terug=dienst");
	d.delete_action = service_href(c, s->id, "/verwijderen");
	d.freshness_days = freshness_days();
	if (c->can_edit) {
		d.form = form;
	} else if (kaart_service_fill(c->req, c->db, s, &card, &details) == 0) {
		details.card = &card;
		d.details = &details;
	}
	c->resp->status = status;
	c->resp->content_type = "text/html; charset=utf-8";
	view_dienst(HTML_ON(&c->resp->body), &p, &d);
}

void web_dienst_form(struct http_req *req, struct http_resp *resp)
{
	struct dienst_form form;
	struct service_row s;
	struct ctx c;
	enum err e;

	if (!ctx_init(&c, req, resp))
		return;
	e = service_of_org(&c, &s);
	if (e == ERR_OK && c.can_edit)
		e = form_from_row(&c, &s, &form);
	if (e != ERR_OK) {
		fail(&c, e);
		return;
	}
	form.action = service_href(&c, s.id, "");
	form.submit = _("Opslaan");
	render_service(&c, &s, &form, 200);
}

void web_dienst_update(struct http_req *req, struct http_resp *resp)
{
	struct service_row s;
	struct input in;
	struct ctx c;
	enum err e;

	if (!ctx_init(&c, req, resp))
		return;
	memset(&in, 0, sizeof(in));
	if (validate(&c, &in)) {
		if ((e = service_of_org(&c, &s)) != ERR_OK) {
			fail(&c, e);
			return;
		}
		form_options(&c, &in.view);
		in.view.action = service_href(&c, s.id, "");
		in.view.submit = _("Opslaan");
		set_checked(&c, &in.view, in.areas, in.nareas, in.term_codes,
			    in.nterms);
		render_service(&c, &s, &in.view, 400);
		return;
	}
	if ((e = update_service(&c, &in)) != ERR_OK) {
		fail(&c, e);
		return;
	}
	redirect(&c, service_href(&c, c.id, "?opgeslagen=1"));
}

void web_dienst_delete(struct http_req *req, struct http_resp *resp)
{
	struct service_tx t;
	struct ctx c;
	enum err e;

	if (!ctx_init(&c, req, resp))
		return;
	t = (struct service_tx){.c = &c};
	if ((e = db_write(c.db, delete_tx, &t)) != ERR_OK) {
		fail(&c, e);
		return;
	}
	redirect(&c, arena_printf(req->arena, "%s?verwijderd=1", list_href(&c)));
}

void web_dienst_confirm(struct http_req *req, struct http_resp *resp)
{
	struct service_tx t;
	struct ctx c;
	enum err e;

	if (!ctx_init(&c, req, resp))
		return;
	t = (struct service_tx){.c = &c};
	if ((e = db_write(c.db, confirm_tx, &t)) != ERR_OK) {
		fail(&c, e);
		return;
	}
	if (form_get(&req->query, "terug"))
		redirect(&c, service_href(&c, t.s.id, "?bevestigd=1"));
	else
		redirect(&c, arena_printf(req->arena, "%s?bevestigd=1", list_href(&c)));
}
