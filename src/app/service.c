/* service: see service.h. */
#include "service.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/audit.h"
#include "app/plain.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "store/socialmap.h"
#include "store/socialmap_search.h"
#include "store/store.h"

/* --- checking ---------------------------------------------------------- */

static void add_area(const struct app *app, struct arena *ar,
		     struct service_check *c, const char *code,
		     struct field_errors *errs)
{
	const struct area_node *a = areaidx_find(app->areas, code);

	if (!a) {
		if (!c->unknown_area)
			c->unknown_area = utf8_sanitize(ar, arena_strndup(ar, code, 32));
		field_errors_add_first(errs, "areas_other",
				       N_("gebied '%s' kennen we niet"));
		return;
	}
	for (size_t i = 0; i < c->nareas; i++)
		if (strcmp(c->areas[i], a->code) == 0)
			return;
	if (c->nareas == SERVICE_MAX_AREAS) {
		field_errors_add_first(errs, "areas_other", N_("noem minder gebieden"));
		return;
	}
	c->areas[c->nareas++] = (char *)a->code;
}

static void areas(const struct app *app, struct arena *ar,
		  const struct service_request *rq, struct service_check *c,
		  struct field_errors *errs)
{
	const char *p = rq->areas_other ? rq->areas_other : "";

	for (size_t i = 0; i < rq->nareas; i++)
		if (*rq->areas[i])
			add_area(app, ar, c, rq->areas[i], errs);
	while (*p) {
		size_t len = strcspn(p, " ,;\t\r\n");

		if (len)
			add_area(app, ar, c, arena_strndup(ar, p, len), errs);
		p += len;
		p += strspn(p, " ,;\t\r\n");
	}
	if (!c->nareas)
		field_errors_add_first(errs, "areas",
				       N_("kies minstens één gebied, bijvoorbeeld de "
					  "hele stad"));
}

/* Terms of the doelgroep or thema taxonomy, by code. */
static void terms(struct db *db, struct arena *ar,
		  const struct service_request *rq, struct service_check *c,
		  struct field_errors *errs)
{
	for (size_t i = 0; i < rq->nterms; i++) {
		const char *code = rq->terms[i];
		struct term_row t;
		enum err e;

		if (!*code)
			continue;
		e = store_socialmap_term(db, ar, SK_TAXONOMY_DOELGROEP, code, &t);
		if (e == ERR_NOT_FOUND)
			e = store_socialmap_term(db, ar, SK_TAXONOMY_THEMA, code, &t);
		if (e != ERR_OK || c->nterms == SERVICE_MAX_TERMS) {
			field_errors_add_first(errs, "terms",
					       N_("kies een waarde uit de lijst"));
			continue;
		}
		c->terms[c->nterms] = t.id;
		c->term_codes[c->nterms++] = t.code;
	}
}

size_t service_check(const struct app *app, struct db *db, struct arena *ar,
		     const struct service_request *rq, struct service_check *out,
		     struct field_errors *errs)
{
	size_t before = errs->n;

	memset(out, 0, sizeof(*out));
	service_validate(ar, &rq->in, &out->f, errs);
	/* what residents read on the social map (app/plain.h) */
	plain_check(ar, "description", out->f.description, rq->plain_confirmed, errs);
	plain_check(ar, "norm_text", out->f.norm_text, rq->plain_confirmed, errs);
	areas(app, ar, rq, out, errs);
	terms(db, ar, rq, out, errs);
	return errs->n - before;
}

/* --- changes and the audit --------------------------------------------- */

struct change {
	const char *field, *old, *new;
};

#define NCHANGES 19

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Null, "" and absent are the same for the audit. */
static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static const char *norm_str(struct arena *ar, int days)
{
	return days < 0 ? NULL : arena_printf(ar, "%d", days);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Codes sorted and joined by spaces (for comparing and the audit). */
static const char *joined(struct arena *ar, char *const *codes, size_t n)
{
	char **copy = arena_alloc(ar, (n + 1) * sizeof(*copy));
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
	out = arena_strdup(ar, buf_str(&b));
	buf_release(&b);
	return out;
}

/* The term codes of a stored service, joined. */
static enum err term_codes(struct db *db, struct arena *ar, int64_t id,
			   const char **out)
{
	struct term_row *t;
	char **codes;
	size_t n;
	enum err e = store_socialmap_service_terms(db, ar, id, &t, &n);

	if (e != ERR_OK)
		return e;
	codes = arena_alloc(ar, (n + 1) * sizeof(*codes));
	for (size_t i = 0; i < n; i++)
		codes[i] = t[i].code ? t[i].code : t[i].uuid;
	*out = joined(ar, codes, n);
	return ERR_OK;
}

/* Every field an owner edits, old against new; o may be a zeroed row
 * (norm_days -1) for a new service. */
static void changes(struct arena *ar, const struct service_row *o,
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
		{"norm_days", norm_str(ar, o->norm_days), norm_str(ar, n->norm_days)},
		{"norm_text", o->norm_text, n->norm_text},
		{"status", o->status, n->status},
		{"areas", joined(ar, o->areas, o->nareas), joined(ar, n->areas, n->nareas)},
		{"terms", old_terms, new_terms},
	};

	memcpy(ch, all, sizeof(all));
}

struct service_tx {
	const struct app *app;
	struct arena *ar;
	const struct actor *who;
	int64_t org_id, id;
	bool demo;
	const struct service_check *c;
};

/* One audit entry per changed field; *count gets their number.  jansson
 * refuses invalid UTF-8: such (imported) values are recorded repaired. */
static enum err audit_changes(const struct service_tx *t, struct db *db,
			      const char *action, int64_t id,
			      const struct change *ch, size_t *count)
{
	enum err e = ERR_OK;

	*count = 0;
	for (size_t i = 0; i < NCHANGES && e == ERR_OK; i++) {
		if (same(ch[i].old, ch[i].new))
			continue;
		e = app_audit(db, t->who, action, "service", id,
			      json_pack("{s:s, s:o, s:o}", "field", ch[i].field,
					"old", jstr(utf8_sanitize(t->ar, ch[i].old)),
					"new", jstr(utf8_sanitize(t->ar, ch[i].new))));
		(*count)++;
	}
	return e;
}

/* The checked input into a row (areas and terms point into c). */
static void apply(const struct service_check *c, struct service_row *s)
{
	const struct service_fields *f = &c->f;

	s->name = (char *)f->name;
	s->description = (char *)(f->description ? f->description : "");
	s->eligibility_description = (char *)f->eligibility;
	s->application_process = (char *)f->application;
	s->opening_hours = (char *)f->opening_hours;
	s->cost = (char *)f->cost;
	s->fees_description = (char *)f->fees;
	s->languages = (char *)f->languages;
	s->phone = (char *)f->phone;
	s->email = (char *)f->email;
	s->url = (char *)f->url;
	s->address = (char *)f->address;
	s->postal_code = (char *)f->postal_code;
	s->city = (char *)f->city;
	s->norm_days = f->norm_days;
	s->norm_text = (char *)f->norm_text;
	s->status = (char *)f->status;
	s->areas = (char **)c->areas;
	s->nareas = c->nareas;
	s->terms = (int64_t *)c->terms;
	s->nterms = c->nterms;
}

/* The service id, if it belongs to org_id. */
static enum err service_of_org(struct db *db, struct arena *ar, int64_t org_id,
			       int64_t id, struct service_row *s)
{
	enum err e = id ? store_service_get(db, ar, id, s) : ERR_NOT_FOUND;

	if (e == ERR_OK && s->organisation_id != org_id)
		e = ERR_NOT_FOUND;
	return e;
}

/* --- the use cases ------------------------------------------------------ */

/* A service's rows (its areas, terms, index, the audit log) are its
 * municipality's alone: each use case names them so at its end
 * (db_end_in), so that an edit of one municipality's social map keeps
 * the other municipalities' kept answers. */

static enum err create_tx(struct db *db, void *p)
{
	struct service_tx *t = p;
	struct service_row o, s;
	struct change ch[NCHANGES];
	size_t count;
	enum err e;

	memset(&o, 0, sizeof(o));
	o.norm_days = -1;
	memset(&s, 0, sizeof(s));
	apply(t->c, &s);
	s.municipality = (char *)t->app->municipality;
	s.organisation_id = t->org_id;
	s.is_demo = t->demo;
	e = store_service_put(db, &s);
	t->id = s.id;
	changes(t->ar, &o, &s, NULL, joined(t->ar, t->c->term_codes, t->c->nterms),
		ch);
	if (e == ERR_OK)
		e = audit_changes(t, db, "service.create", s.id, ch, &count);
	return db_end_in(db, s.municipality, e);
}

enum err service_create(const struct app *app, struct db *db, struct arena *ar,
			const struct actor *who, int64_t org_id, bool demo,
			const struct service_check *c, int64_t *id)
{
	struct service_tx t = {app, ar, who, org_id, 0, demo, c};
	enum err e = db_write(db, create_tx, &t);

	*id = t.id;
	return e;
}

static enum err update_tx(struct db *db, void *p)
{
	struct service_tx *t = p;
	struct service_row old, s;
	struct change ch[NCHANGES];
	const char *old_terms = NULL;
	char now[32];
	size_t count = 0;
	enum err e;

	e = service_of_org(db, t->ar, t->org_id, t->id, &old);
	if (e == ERR_OK)
		e = term_codes(db, t->ar, old.id, &old_terms);
	if (e == ERR_OK) {
		s = old;
		apply(t->c, &s);
		store_now(now, sizeof(now));
		s.confirmed_at = now; /* the owner just looked at every field */
		e = store_service_put(db, &s);
	}
	if (e == ERR_OK) {
		changes(t->ar, &old, &s, old_terms,
			joined(t->ar, t->c->term_codes, t->c->nterms), ch);
		e = audit_changes(t, db, "service.update", s.id, ch, &count);
	}
	if (e == ERR_OK && count == 0)
		e = app_audit(db, t->who, "service.confirm", "service", s.id,
			      json_pack("{s:s}", "confirmed_at", now));
	return db_end_in(db, old.municipality, e);
}

enum err service_update(struct db *db, struct arena *ar, const struct actor *who,
			int64_t org_id, int64_t id, const struct service_check *c)
{
	struct service_tx t = {NULL, ar, who, org_id, id, false, c};

	return db_write(db, update_tx, &t);
}

static enum err delete_tx(struct db *db, void *p)
{
	struct service_tx *t = p;
	struct service_row s;
	enum err e;

	e = service_of_org(db, t->ar, t->org_id, t->id, &s);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "service.delete", "service", s.id,
			      json_pack("{s:s, s:s}", "name",
					utf8_sanitize(t->ar, s.name), "uuid", s.uuid));
	if (e == ERR_OK)
		e = store_service_delete(db, s.id);
	return db_end_in(db, s.municipality, e);
}

enum err service_delete(struct db *db, struct arena *ar, const struct actor *who,
			int64_t org_id, int64_t id)
{
	struct service_tx t = {NULL, ar, who, org_id, id, false, NULL};

	return db_write(db, delete_tx, &t);
}

static enum err confirm_tx(struct db *db, void *p)
{
	struct service_tx *t = p;
	struct service_row s;
	char now[32];
	enum err e;

	store_now(now, sizeof(now));
	e = service_of_org(db, t->ar, t->org_id, t->id, &s);
	if (e == ERR_OK)
		e = store_service_confirm(db, s.id, now);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "service.confirm", "service", s.id,
			      json_pack("{s:s, s:o}", "confirmed_at", now, "previous",
					jstr(s.confirmed_at)));
	return db_end_in(db, s.municipality, e);
}

enum err service_confirm(struct db *db, struct arena *ar, const struct actor *who,
			 int64_t org_id, int64_t id)
{
	struct service_tx t = {NULL, ar, who, org_id, id, false, NULL};

	return db_write(db, confirm_tx, &t);
}
