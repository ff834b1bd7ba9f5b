/* routing: the use cases of routing rules.  The rules are rows
 * (migration 011) that the views signal_routing and signal_responsible
 * apply at intake and on every access check; here they are added,
 * deleted and tried.  A form and the JSON API call the same functions.
 *
 * The last rule that takes every category everywhere stays: deleting it
 * would leave every signal that no other rule matches without anyone
 * told, and nobody would notice.  Add another such rule first (say one
 * naming an organisation), then the old one may go. */
#include "routing.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/audit.h"
#include "base/util.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "store/accounts.h"
#include "store/promise.h"
#include "store/store.h"

/* --- the rule's references --------------------------------------------- */

/* The category and area must be the municipality's (the organisation is
 * checked inside the transaction that writes the rule). */
static void refs_check(const struct app *app, const struct routing_input *in,
		       struct field_errors *errs)
{
	if (in->category && !app_category_name(app, in->category))
		field_errors_add(errs, "category",
				 N_("is geen bekende categorie"));
	if (in->area && !areaidx_find(app->areas, in->area))
		field_errors_add(errs, "area",
				 N_("is geen gebied van deze gemeente"));
}

static json_t *rule_json(const struct routing_rule_row *r)
{
	return json_pack("{s:s?, s:s?, s:o, s:s?, s:s}", "category",
			 r->category_code, "area", r->area_code, "organisation",
			 r->organisation_id ? json_integer(r->organisation_id)
					    : json_null(),
			 "organisation_name", r->org_name, "note",
			 r->note ? r->note : "");
}

/* --- create -------------------------------------------------------------- */

struct create_tx {
	const struct app *app;
	struct arena *ar;
	const struct actor *who;
	const struct routing_input *in;
	struct field_errors *errs;
	int64_t id;
};

static enum err create_in_tx(struct db *db, void *p)
{
	struct create_tx *t = p;
	struct routing_rule_row r;
	struct org_row o;
	enum err e;

	t->id = 0;
	memset(&r, 0, sizeof(r));
	r.municipality = (char *)t->app->municipality;
	r.category_code = (char *)t->in->category;
	r.area_code = (char *)t->in->area;
	r.organisation_id = t->in->organisation;
	r.note = (char *)t->in->note;
	if (r.organisation_id) {
		e = store_org_get(db, t->ar, r.organisation_id, &o);
		if (e == ERR_OK && strcmp(o.municipality, r.municipality) != 0)
			e = ERR_NOT_FOUND;
		if (e == ERR_NOT_FOUND) {
			field_errors_add(t->errs, "organisation",
					 N_("is geen organisatie van deze gemeente"));
			return ERR_UNPROCESSABLE;
		}
		if (e != ERR_OK)
			return e;
		r.org_name = o.name;
	}
	if ((e = store_routing_add(db, &r, &t->id)) != ERR_OK)
		return e; /* ERR_CONFLICT: this rule exists */
	return app_audit(db, t->who, "routing.rule.create", "routing_rule",
			 t->id, rule_json(&r));
}

enum err routing_rule_create(const struct app *app, struct db *db,
			     struct arena *ar, const struct actor *who,
			     struct routing_input *in,
			     struct field_errors *errs, int64_t *id)
{
	struct create_tx t = {app, ar, who, in, errs, 0};
	enum err e;

	*id = 0;
	if (!who->is_admin)
		return ERR_FORBIDDEN;
	if (routing_check(ar, in, errs))
		return ERR_INVALID;
	refs_check(app, in, errs);
	if (errs->n)
		return ERR_UNPROCESSABLE;
	e = db_write_for(db, app->municipality, create_in_tx, &t);
	*id = e == ERR_OK ? t.id : 0;
	return e;
}

/* --- delete -------------------------------------------------------------- */

bool routing_rule_kept(const struct routing_rule_row *r, size_t ncovering)
{
	return routing_delete_leaves_none(r->category_code, r->area_code,
					  ncovering);
}

size_t routing_rules_covering(const struct routing_rule_row *rules, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += routing_covers_all(rules[i].category_code,
					    rules[i].area_code);
	return count;
}

struct delete_tx {
	const struct app *app;
	struct arena *ar;
	const struct actor *who;
	int64_t id;
	struct field_errors *errs;
};

static enum err delete_in_tx(struct db *db, void *p)
{
	struct delete_tx *t = p;
	struct routing_rule_row r;
	size_t covering = 0;
	enum err e;

	e = store_routing_get(db, t->ar, t->app->municipality, t->id, &r);
	if (e == ERR_OK)
		e = store_routing_covering(db, t->app->municipality, &covering);
	if (e != ERR_OK)
		return e;
	if (routing_rule_kept(&r, covering)) {
		field_errors_add_first(t->errs, "rule",
				       N_("is de laatste regel voor alle "
					  "categorieën overal; voeg eerst een "
					  "andere toe"));
		return ERR_CONFLICT;
	}
	e = store_routing_delete(db, t->app->municipality, t->id);
	if (e == ERR_OK)
		e = app_audit(db, t->who, "routing.rule.delete", "routing_rule",
			      t->id, rule_json(&r));
	return e;
}

enum err routing_rule_delete(const struct app *app, struct db *db,
			     struct arena *ar, const struct actor *who,
			     int64_t id, struct field_errors *errs)
{
	struct delete_tx t = {app, ar, who, id, errs};

	if (!who->is_admin)
		return ERR_FORBIDDEN;
	if (id <= 0)
		return ERR_NOT_FOUND;
	return db_write_for(db, app->municipality, delete_in_tx, &t);
}

/* --- dry run ------------------------------------------------------------- */

static const struct area_node *dry_buurt(const struct app *app,
					 const char *buurt,
					 struct field_errors *errs, enum err *e)
{
	const struct area_node *b;

	if (!buurt || !*buurt) {
		field_errors_add(errs, "buurt", N_("is verplicht"));
		*e = ERR_INVALID;
		return NULL;
	}
	if (!area_code_valid(buurt)) {
		field_errors_add(errs, "buurt",
				 N_("bevat een ongeldige code (alleen letters, "
				    "cijfers, - en _)"));
		*e = ERR_INVALID;
		return NULL;
	}
	b = areaidx_find(app->areas, buurt);
	if (!b || b->level != AREA_BUURT) {
		field_errors_add(errs, "buurt", N_("is geen bekende buurt"));
		*e = ERR_UNPROCESSABLE;
		return NULL;
	}
	return b;
}

static enum err dry_category(const struct app *app, const char **category,
			     struct field_errors *errs)
{
	if (*category && !**category)
		*category = NULL;
	if (!*category)
		return ERR_OK;
	if (!routing_category_valid(*category)) {
		field_errors_add(errs, "category", N_("is geen geldige categoriecode"));
		return ERR_INVALID;
	}
	if (!app_category_name(app, *category)) {
		field_errors_add(errs, "category", N_("is geen bekende categorie"));
		return ERR_UNPROCESSABLE;
	}
	return ERR_OK;
}

enum err routing_dry_run(const struct app *app, struct db *db,
			 struct arena *ar, const char *category,
			 const char *buurt, struct field_errors *errs,
			 struct routing_dry *out)
{
	const char *codes[4] = {NULL, NULL, NULL, NULL};
	enum err e = ERR_OK, ec;

	memset(out, 0, sizeof(*out));
	out->buurt = dry_buurt(app, buurt, errs, &e);
	ec = dry_category(app, &category, errs);
	if (e == ERR_OK || (ec == ERR_INVALID && e != ERR_INVALID))
		e = ec; /* malformed input first: 400 before 422 */
	if (e != ERR_OK)
		return e;
	for (const struct area_node *n = out->buurt; n; n = n->parent)
		if (n->level < AREA_GEMEENTE)
			codes[n->level] = n->code;
	out->category = category;
	return store_routing_dry_run(db, ar, app->municipality, category, codes,
				     &out->hits, &out->nhits);
}

/* --- who is responsible, kept for the process ------------------------------ */

/* Open addressing over twice the keys it may hold.  One allocation an
 * entry: the key and the names, each ended by a NUL. */
#define MEMO_SLOTS (2 * ROUTING_MEMO_MAX)

struct kept {
	char *block; /* NULL: empty */
	uint32_t hash;
	uint8_t n;
	int64_t ids[STORE_RESPONSIBLE_PER_SIGNAL];
};

static struct {
	pthread_mutex_t mu;
	int64_t version;
	size_t used;
	uint64_t emptied; /* how many times emptied */
	bool warm;        /* filled ahead at version since last emptied */
	struct kept slot[MEMO_SLOTS];
} memo = {.mu = PTHREAD_MUTEX_INITIALIZER};

/* Called with memo.mu held; stops at the last entry kept. */
static void memo_empty(void)
{
	for (size_t i = 0; i < MEMO_SLOTS && memo.used; i++)
		if (memo.slot[i].block) {
			free(memo.slot[i].block);
			memo.slot[i].block = NULL;
			memo.used--;
		}
	memo.emptied++;
	memo.warm = false;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* Built by hand: arena_printf was 7% of a cold Open311 list. */
const char *routing_memo_key(struct arena *ar, const struct signal_row *s)
{
	const char *part[6] = {s->municipality, s->category_code, s->buurt_code,
			       s->wijk_code, s->gebied_code, s->stadsdeel_code};
	size_t len[6], total = 1;
	char *key, *p;

	for (size_t i = 0; i < 6; i++)
		total += (len[i] = strlen(or_empty(part[i]))) + 1;
	p = key = arena_alloc(ar, total);
	for (size_t i = 0; i < 6; i++) {
		memcpy(p, or_empty(part[i]), len[i]);
		p += len[i];
		*p++ = '\x1f';
	}
	*p = '\0';
	return key;
}

/* The slot of key, or the empty slot where it would go.  Called with
 * memo.mu held; never full (used stays at most half the slots). */
static struct kept *memo_slot(const char *key, uint32_t h)
{
	for (size_t i = 0;; i++) {
		struct kept *k = &memo.slot[(h + i) % MEMO_SLOTS];

		if (!k->block || (k->hash == h && strcmp(k->block, key) == 0))
			return k;
	}
}

bool routing_memo_get(int64_t version, const char *key, struct arena *ar,
		      struct promise_org **orgs, size_t *n)
{
	uint32_t h = text_hash(key);
	struct kept *k;
	bool found = false;

	*orgs = NULL;
	*n = 0;
	pthread_mutex_lock(&memo.mu);
	if (version == memo.version && (k = memo_slot(key, h))->block) {
		const char *name = k->block + strlen(k->block) + 1;

		*orgs = arena_alloc(ar, 3 * sizeof(**orgs));
		for (size_t i = 0; i < k->n; i++) {
			(*orgs)[i].id = k->ids[i];
			(*orgs)[i].name = arena_strdup(ar, name);
			name += strlen(name) + 1;
		}
		*n = k->n;
		found = true;
	}
	pthread_mutex_unlock(&memo.mu);
	return found;
}

void routing_memo_put(int64_t version, const char *key,
		      const struct promise_org *orgs, size_t n)
{
	uint32_t h = text_hash(key);
	size_t len = strlen(key) + 1;
	struct kept *k;
	char *block, *p;

	if (n > STORE_RESPONSIBLE_PER_SIGNAL)
		n = STORE_RESPONSIBLE_PER_SIGNAL;
	for (size_t i = 0; i < n; i++)
		len += strlen(orgs[i].name ? orgs[i].name : "") + 1;
	if (!(block = malloc(len)))
		return; /* not kept: read again next time */
	p = block;
	p = stpcpy(p, key) + 1;
	for (size_t i = 0; i < n; i++)
		p = stpcpy(p, orgs[i].name ? orgs[i].name : "") + 1;
	pthread_mutex_lock(&memo.mu);
	/* another version: what is kept is of another state of the tables
	 * (a reader whose snapshot is older than the last put empties it
	 * too: rare, and never wrong) */
	if (version != memo.version || memo.used >= ROUTING_MEMO_MAX) {
		memo_empty();
		memo.version = version;
	}
	if (!(k = memo_slot(key, h))->block) {
		k->block = block;
		k->hash = h;
		k->n = (uint8_t)n;
		for (size_t i = 0; i < n; i++)
			k->ids[i] = orgs[i].id;
		memo.used++;
		block = NULL;
	}
	pthread_mutex_unlock(&memo.mu);
	free(block);
}

size_t routing_memo_size(void)
{
	size_t n;

	pthread_mutex_lock(&memo.mu);
	n = memo.used;
	pthread_mutex_unlock(&memo.mu);
	return n;
}

size_t routing_orgs_of(const struct signal_org *rows, size_t n, int64_t id,
		       struct promise_org *out)
{
	size_t lo = 0, hi = n, k = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rows[mid].signal_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && rows[lo].signal_id == id &&
	       k < STORE_RESPONSIBLE_PER_SIGNAL;
	     lo++)
		out[k++] = rows[lo].org;
	return k;
}

void routing_memo_clear(void)
{
	pthread_mutex_lock(&memo.mu);
	memo_empty();
	memo.version = 0;
	pthread_mutex_unlock(&memo.mu);
}

/* Is there nothing to fill at version (warm at it, or at a newer one)?
 * Else the memo is at version from now on (emptied when at an older
 * one), and *emptied how many times it has been emptied so far. */
static bool memo_warm_at(int64_t version, uint64_t *emptied)
{
	bool done;

	pthread_mutex_lock(&memo.mu);
	done = memo.version > version || (memo.warm && memo.version == version);
	if (!done && memo.version != version) {
		memo_empty();
		memo.version = version;
	}
	*emptied = memo.emptied;
	pthread_mutex_unlock(&memo.mu);
	return done;
}

/* Is key kept at version? */
static bool memo_has(int64_t version, const char *key)
{
	bool has;

	pthread_mutex_lock(&memo.mu);
	has = version == memo.version && memo_slot(key, text_hash(key))->block;
	pthread_mutex_unlock(&memo.mu);
	return has;
}

/* One batch of keys (ks[0..n), n <= STORE_RESPONSIBLE_MAX) in a read
 * transaction of its own: those not kept yet are read and kept. */
static enum err warm_batch(struct db *db, struct arena *ar,
			   const struct signal_row *ks, size_t n,
			   int64_t *version, size_t *kept)
{
	int64_t *ids = arena_alloc(ar, (n + 1) * sizeof(*ids));
	const char **keys = arena_alloc(ar, (n + 1) * sizeof(*keys));
	struct signal_org *rows;
	size_t nids = 0, nrows;
	enum err e;

	if ((e = db_begin_read(db)) != ERR_OK)
		return e;
	/* before the organisations, in the same transaction (routing.h) */
	if ((e = store_routing_version(db, version)) != ERR_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const char *key = routing_memo_key(ar, &ks[i]);

		if (!memo_has(*version, key)) {
			keys[nids] = key;
			ids[nids++] = ks[i].id;
		}
	}
	if ((e = store_signals_responsible(db, ar, ids, nids, &rows, &nrows)) != ERR_OK)
		goto out;
	for (size_t i = 0; i < nids; i++) {
		struct promise_org orgs[STORE_RESPONSIBLE_PER_SIGNAL];
		size_t norgs = routing_orgs_of(rows, nrows, ids[i], orgs);

		routing_memo_put(*version, keys[i], orgs, norgs);
	}
	*kept += nids;
out:
	db_rollback(db);
	return e;
}

enum err routing_memo_warm(struct db *db, struct arena *ar, size_t *kept)
{
	char since[32];
	struct signal_row *ks;
	size_t nks;
	int64_t version, at;
	uint64_t emptied, emptied_after;
	enum err e;

	*kept = 0;
	if ((e = store_routing_version(db, &version)) != ERR_OK)
		return e;
	if (memo_warm_at(version, &emptied))
		return ERR_OK;
	store_time_ago(since, sizeof(since), ROUTING_WARM_DAYS * 86400);
	if ((e = store_routing_keys(db, ar, since, ROUTING_WARM_MAX, &ks, &nks)) != ERR_OK)
		return e;
	for (size_t i = 0; i < nks; i += STORE_RESPONSIBLE_MAX) {
		size_t n = nks - i < STORE_RESPONSIBLE_MAX ? nks - i
							   : STORE_RESPONSIBLE_MAX;

		if (routing_memo_size() >= ROUTING_WARM_MAX)
			break;
		if ((e = warm_batch(db, ar, ks + i, n, &at, kept)) != ERR_OK)
			return e;
		if (at != version)
			return ERR_OK; /* the rules changed: warm at the next run */
	}
	/* warm unless emptied meanwhile (full, or another version put) */
	pthread_mutex_lock(&memo.mu);
	emptied_after = memo.emptied;
	if (emptied_after == emptied && memo.version == version)
		memo.warm = true;
	pthread_mutex_unlock(&memo.mu);
	return ERR_OK;
}
