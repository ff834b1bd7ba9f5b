/* lists: see lists.h.  Values pass the same text rules as every other
 * free text (domain/signal.h text_check: NFC, trimmed, no control
 * characters, a maximum length), then the field's own rule. */
#include "inventory/lists.h"

#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#include "domain/organisation.h"
#include "domain/signal.h"
#include "i18n/i18n.h"
#include "inventory/csv.h"
#include "inventory/normalize.h"

const char *const inv_field_names[INV_NFIELDS] = {
	"naam", "kvk", "website", "email", "telefoon",
	"adres", "postcode", "plaats", "soort", "werkgebied",
};

const char *const inv_field_labels[INV_NFIELDS] = {
	N_("Naam"),    N_("KvK-nummer"), N_("Website"),	 N_("E-mail"),
	N_("Telefoon"), N_("Adres"),	 N_("Postcode"), N_("Plaats"),
	N_("Soort"),   N_("Werkgebied"),
};

/* Other names a header may use for a column (compared case-insensitively,
 * spaces, '-' and '_' ignored). */
static const struct {
	const char *alias;
	enum inv_field field;
} column_aliases[] = {
	{"name", INV_NAAM}, {"organisatie", INV_NAAM},
	{"organisatienaam", INV_NAAM}, {"kvknummer", INV_KVK},
	{"kvknr", INV_KVK}, {"url", INV_WEBSITE}, {"site", INV_WEBSITE},
	{"web", INV_WEBSITE}, {"internet", INV_WEBSITE}, {"mail", INV_EMAIL},
	{"emailadres", INV_EMAIL}, {"telefoonnummer", INV_TELEFOON},
	{"tel", INV_TELEFOON}, {"phone", INV_TELEFOON},
	{"telephone", INV_TELEFOON}, {"address", INV_ADRES},
	{"straat", INV_ADRES}, {"postalcode", INV_POSTCODE},
	{"zip", INV_POSTCODE}, {"woonplaats", INV_PLAATS},
	{"city", INV_PLAATS}, {"stad", INV_PLAATS}, {"type", INV_SOORT},
	{"kind", INV_SOORT}, {"categorie", INV_SOORT},
	{"gebied", INV_WERKGEBIED}, {"gebieden", INV_WERKGEBIED},
	{"area", INV_WERKGEBIED}, {"areas", INV_WERKGEBIED},
};

#define N_ALIASES (sizeof(column_aliases) / sizeof(column_aliases[0]))

static enum err fail(struct list_error *err, enum err e, size_t line,
		     size_t column, const char *where, const char *msgid,
		     const char *detail)
{
	err->line = line;
	err->column = column;
	err->where = where;
	err->msgid = msgid;
	err->detail = detail;
	return e;
}

const char *list_source_check(struct arena *ar, const char *source,
			      const char **out)
{
	return text_check(ar, source ? source : "", 1, LIST_SOURCE_MAX, false,
			  out);
}

/* --- values ------------------------------------------------------------ */

/* The rule of each field on a trimmed, non-empty value; NULL when fine. */
static const char *field_rule(struct arena *ar, enum inv_field f,
			      const char *v)
{
	switch (f) {
	case INV_KVK:
		return norm_kvk(ar, v) ? NULL
				       : N_("moet een KvK-nummer van 8 cijfers zijn");
	case INV_EMAIL:
		return norm_email(ar, v) ? NULL : N_("is geen geldig e-mailadres");
	case INV_WEBSITE:
		return norm_website(ar, v) ? NULL : N_("is geen geldig webadres");
	default:
		return NULL;
	}
}

/* Check and store one value: *slot gets the clean copy or NULL. */
static const char *value_set(struct arena *ar, enum inv_field f,
			     const char *raw, char **slot)
{
	const char *clean, *msg;

	msg = text_check(ar, raw ? raw : "", f == INV_NAAM ? 1 : 0,
			 f == INV_NAAM ? LIST_NAME_MAX : LIST_VALUE_MAX, false,
			 &clean);
	if (msg)
		return msg;
	*slot = clean && *clean ? (char *)clean : NULL;
	return *slot ? field_rule(ar, f, *slot) : NULL;
}

/* --- CSV --------------------------------------------------------------- */

/* The header cell folded for comparison: lower case ASCII without
 * spaces, '-' and '_'. */
static void column_key(const char *s, char *out, size_t outlen)
{
	size_t n = 0;

	for (; *s && n + 1 < outlen; s++) {
		char c = *s;

		if (c == ' ' || c == '-' || c == '_' || c == '\t')
			continue;
		out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	out[n] = '\0';
}

static int column_field(const char *name)
{
	char key[64];

	column_key(name, key, sizeof(key));
	for (int f = 0; f < INV_NFIELDS; f++)
		if (strcmp(key, inv_field_names[f]) == 0)
			return f;
	for (size_t i = 0; i < N_ALIASES; i++)
		if (strcmp(key, column_aliases[i].alias) == 0)
			return (int)column_aliases[i].field;
	return -1;
}

/* Which field each column holds (map[i]); naam must be among them. */
static enum err read_header(const struct csv_row *h, int *map,
			    struct list_error *err)
{
	bool seen[INV_NFIELDS] = {false};
	int f;

	for (size_t i = 0; i < h->n; i++) {
		if ((f = column_field(h->fields[i])) < 0)
			return fail(err, ERR_INVALID, h->pos[i].line,
				    h->pos[i].column, NULL,
				    N_("onbekende kolom (toegestaan: naam, kvk, "
				       "website, email, telefoon, adres, "
				       "postcode, plaats, soort, werkgebied)"),
				    h->fields[i]);
		if (seen[f])
			return fail(err, ERR_INVALID, h->pos[i].line,
				    h->pos[i].column, inv_field_names[f],
				    N_("kolom staat er twee keer in"), h->fields[i]);
		seen[f] = true;
		map[i] = f;
	}
	if (!seen[INV_NAAM])
		return fail(err, ERR_INVALID, h->line, 1, "naam",
			    N_("de kolom naam ontbreekt"), NULL);
	return ERR_OK;
}

static enum err read_row(struct arena *ar, const struct csv_row *row,
			 const int *map, struct partner_rec *rec,
			 struct list_error *err)
{
	const char *msg;

	for (size_t i = 0; i < row->n; i++) {
		msg = value_set(ar, (enum inv_field)map[i], row->fields[i],
				&rec->f[map[i]]);
		if (msg)
			return fail(err, ERR_INVALID, row->pos[i].line,
				    row->pos[i].column, inv_field_names[map[i]],
				    msg, NULL);
	}
	return ERR_OK;
}

enum err list_read_csv(struct arena *ar, const char *source, const char *data,
		       size_t len, struct partner_list *out,
		       struct list_error *err)
{
	struct csv c;
	struct csv_error ce;
	int map[CSV_MAX_COLS];
	enum err e;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	memset(&ce, 0, sizeof(ce));
	if ((e = csv_parse(ar, data, len, 0, &c, &ce)) != ERR_OK)
		return fail(err, e, ce.line, ce.column, NULL, ce.msgid, NULL);
	if ((e = read_header(&c.rows[0], map, err)) != ERR_OK)
		return e;
	out->recs = arena_alloc(ar, (c.nrows ? c.nrows : 1) * sizeof(*out->recs));
	for (size_t r = 1; r < c.nrows; r++) {
		struct partner_rec *rec = &out->recs[out->n];

		memset(rec, 0, sizeof(*rec));
		rec->source = source;
		rec->line = c.rows[r].line;
		if ((e = read_row(ar, &c.rows[r], map, rec, err)) != ERR_OK)
			return e;
		out->n++;
	}
	if (!out->n)
		return fail(err, ERR_INVALID, c.rows[0].line, 1, NULL,
			    N_("de lijst heeft geen organisaties"), NULL);
	out->source = source;
	out->format = "csv";
	return ERR_OK;
}

/* --- HSDS JSON ----------------------------------------------------------- */

struct jctx {
	struct arena *ar;
	struct list_error *err;
	size_t index; /* 0-based position of the organization */
	const char *base; /* its path, "$[3]" */
};

/* A string member (or null/absent: *out NULL); anything else is an error
 * naming the path. */
static enum err jstr(struct jctx *c, json_t *obj, const char *key,
		     const char *path, const char **out)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL;

	*out = NULL;
	if (!v || json_is_null(v))
		return ERR_OK;
	if (!json_is_string(v))
		return fail(c->err, ERR_INVALID, 0, 0,
			    arena_printf(c->ar, "%s.%s", path, key),
			    N_("moet tekst zijn"), NULL);
	*out = json_string_value(v);
	return ERR_OK;
}

/* The first element of an array member, if it is an object. */
static json_t *jfirst(struct jctx *c, json_t *obj, const char *key,
		      const char *path, enum err *e)
{
	json_t *a = obj ? json_object_get(obj, key) : NULL, *v;

	if (!a || json_is_null(a))
		return NULL;
	if (!json_is_array(a)) {
		*e = fail(c->err, ERR_INVALID, 0, 0,
			  arena_printf(c->ar, "%s.%s", path, key),
			  N_("moet een lijst zijn"), NULL);
		return NULL;
	}
	if (!(v = json_array_get(a, 0)))
		return NULL;
	if (!json_is_object(v)) {
		*e = fail(c->err, ERR_INVALID, 0, 0,
			  arena_printf(c->ar, "%s.%s[0]", path, key),
			  N_("moet een object zijn"), NULL);
		return NULL;
	}
	return v;
}

static bool names_kvk(const char *s)
{
	char low[64];

	if (!s)
		return false;
	column_key(s, low, sizeof(low));
	return strstr(low, "kvk") || strstr(low, "kamervankoophandel") ||
	       strstr(low, "chamberofcommerce") || strcmp(low, "nlkvk") == 0;
}

/* The KvK number among organization_identifiers, else tax_id. */
static enum err jkvk(struct jctx *c, json_t *org, const char **out)
{
	json_t *ids = json_object_get(org, "organization_identifiers"), *id;
	const char *scheme, *type, *path;
	size_t i;
	enum err e;

	if (ids && !json_is_null(ids) && !json_is_array(ids))
		return fail(c->err, ERR_INVALID, 0, 0,
			    arena_printf(c->ar, "%s.organization_identifiers",
					 c->base),
			    N_("moet een lijst zijn"), NULL);
	json_array_foreach(ids, i, id) {
		path = arena_printf(c->ar, "%s.organization_identifiers[%zu]",
				    c->base, i);
		if (!json_is_object(id))
			return fail(c->err, ERR_INVALID, 0, 0, path,
				    N_("moet een object zijn"), NULL);
		if ((e = jstr(c, id, "identifier_scheme", path, &scheme)) ||
		    (e = jstr(c, id, "identifier_type", path, &type)))
			return e;
		if (names_kvk(scheme) || names_kvk(type))
			return jstr(c, id, "identifier", path, out);
	}
	return jstr(c, org, "tax_id", c->base, out);
}

/* address_1 and address_2 as one line. */
static const char *address_line(struct arena *ar, const char *a1,
				const char *a2)
{
	if (a1 && a2 && *a2)
		return arena_printf(ar, "%s, %s", a1, a2);
	return a1 ? a1 : a2;
}

static enum err jaddress(struct jctx *c, json_t *org, const char *v[INV_NFIELDS])
{
	enum err e = ERR_OK;
	json_t *loc = jfirst(c, org, "locations", c->base, &e), *adr;
	const char *lp = arena_printf(c->ar, "%s.locations[0]", c->base), *ap,
		   *a1, *a2;

	if (e || !loc)
		return e;
	adr = jfirst(c, loc, "addresses", lp, &e);
	if (e || !adr)
		return e;
	ap = arena_printf(c->ar, "%s.addresses[0]", lp);
	if ((e = jstr(c, adr, "address_1", ap, &a1)) ||
	    (e = jstr(c, adr, "address_2", ap, &a2)) ||
	    (e = jstr(c, adr, "postal_code", ap, &v[INV_POSTCODE])) ||
	    (e = jstr(c, adr, "city", ap, &v[INV_PLAATS])))
		return e;
	v[INV_ADRES] = address_line(c->ar, a1, a2);
	return ERR_OK;
}

static enum err jphone(struct jctx *c, json_t *org, const char **out)
{
	enum err e = ERR_OK;
	json_t *ph = jfirst(c, org, "phones", c->base, &e);

	if (e || !ph)
		return e;
	return jstr(c, ph, "number", arena_printf(c->ar, "%s.phones[0]", c->base),
		    out);
}

static enum err read_org(struct jctx *c, json_t *org, struct partner_rec *rec)
{
	const char *v[INV_NFIELDS] = {NULL}, *msg;
	enum err e;

	if (!json_is_object(org))
		return fail(c->err, ERR_INVALID, 0, 0, c->base,
			    N_("moet een object zijn"), NULL);
	if ((e = jstr(c, org, "name", c->base, &v[INV_NAAM])) ||
	    (e = jstr(c, org, "website", c->base, &v[INV_WEBSITE])) ||
	    (e = jstr(c, org, "email", c->base, &v[INV_EMAIL])) ||
	    (e = jphone(c, org, &v[INV_TELEFOON])) || (e = jkvk(c, org, &v[INV_KVK])) ||
	    (e = jaddress(c, org, v)))
		return e;
	for (int f = 0; f < INV_NFIELDS; f++)
		if ((msg = value_set(c->ar, (enum inv_field)f, v[f], &rec->f[f])))
			return fail(c->err, ERR_INVALID, 0, 0,
				    f == INV_NAAM ? arena_printf(c->ar, "%s.name",
								 c->base)
						  : arena_printf(c->ar, "%s (%s)",
								 c->base,
								 inv_field_names[f]),
				    msg, NULL);
	rec->line = c->index + 1;
	return ERR_OK;
}

/* The array of organizations in any of the accepted shapes. */
static json_t *organizations(json_t *root, const char **path)
{
	json_t *a;

	*path = "$";
	if (json_is_array(root))
		return root;
	if (!json_is_object(root))
		return NULL;
	if ((a = json_object_get(root, "contents")) && json_is_array(a)) {
		*path = "$.contents";
		return a;
	}
	if ((a = json_object_get(root, "organizations")) && json_is_array(a)) {
		*path = "$.organizations";
		return a;
	}
	return json_object_get(root, "name") ? root : NULL;
}

static enum err read_orgs(struct jctx *c, json_t *root, const char *source,
			  struct partner_list *out)
{
	const char *path;
	json_t *orgs = organizations(root, &path), *org;
	size_t n;
	enum err e;

	if (!orgs)
		return fail(c->err, ERR_INVALID, 0, 0, "$",
			    N_("is geen lijst van HSDS-organisaties"), NULL);
	n = json_is_array(orgs) ? json_array_size(orgs) : 1;
	if (n > LIST_MAX_RECORDS)
		return fail(c->err, ERR_TOO_LARGE, 0, 0, path,
			    N_("heeft meer dan 100.000 organisaties"), NULL);
	if (!n)
		return fail(c->err, ERR_INVALID, 0, 0, path,
			    N_("de lijst heeft geen organisaties"), NULL);
	out->recs = arena_alloc(c->ar, n * sizeof(*out->recs));
	for (c->index = 0; c->index < n; c->index++) {
		struct partner_rec *rec = &out->recs[c->index];

		org = json_is_array(orgs) ? json_array_get(orgs, c->index) : orgs;
		c->base = json_is_array(orgs)
				  ? arena_printf(c->ar, "%s[%zu]", path, c->index)
				  : path;
		memset(rec, 0, sizeof(*rec));
		rec->source = source;
		if ((e = read_org(c, org, rec)) != ERR_OK)
			return e;
	}
	out->n = n;
	return ERR_OK;
}

enum err list_read_hsds(struct arena *ar, const char *source,
			const char *data, size_t len, struct partner_list *out,
			struct list_error *err)
{
	struct jctx c = {ar, err, 0, "$"};
	json_error_t jerr;
	json_t *root;
	enum err e;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (len > CSV_MAX_BYTES)
		return fail(err, ERR_TOO_LARGE, 0, 0, NULL,
			    N_("bestand groter dan 16 MiB"), NULL);
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return fail(err, ERR_INVALID, (size_t)(jerr.line > 0 ? jerr.line : 0),
			    (size_t)(jerr.column > 0 ? jerr.column : 0), NULL,
			    N_("geen geldige JSON"), arena_strdup(ar, jerr.text));
	e = read_orgs(&c, root, source, out);
	json_decref(root);
	if (e != ERR_OK) {
		out->n = 0;
		return e;
	}
	out->source = source;
	out->format = "hsds";
	return ERR_OK;
}

enum err list_read(struct arena *ar, const char *source, const char *data,
		   size_t len, struct partner_list *out, struct list_error *err)
{
	size_t i = 0;

	memset(err, 0, sizeof(*err));
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && strchr(" \t\r\n", data[i]) && data[i])
		i++;
	if (i < len && (data[i] == '[' || data[i] == '{'))
		return list_read_hsds(ar, source, data + i, len - i, out, err);
	return list_read_csv(ar, source, data, len, out, err);
}

/* --- kinds --------------------------------------------------------------- */

static const struct {
	const char *word, *kind;
} kind_words[] = {
	{"school", "onderwijs"}, {"corporatie", "woningcorporatie"},
	{"ggz", "zorg"}, {"gezondheid", "zorg"}, {"huisarts", "zorg"},
	{"bewoners", "bewonersorganisatie"}, {"ondernemer", "ondernemers"},
};

const char *list_kind(const char *soort)
{
	char key[64];

	if (!soort)
		return "overig";
	column_key(soort, key, sizeof(key));
	for (size_t i = 0; i < ORG_KINDS; i++)
		if (strncmp(key, org_kinds[i].value, strlen(org_kinds[i].value)) == 0)
			return org_kinds[i].value;
	for (size_t i = 0; i < sizeof(kind_words) / sizeof(kind_words[0]); i++)
		if (strstr(key, kind_words[i].word))
			return kind_words[i].kind;
	return "overig";
}
