/* cache: public answers from memory (see cache.h).
 *
 * Why here, after routing and not in the server: only the route table
 * knows which answers are public (AZ_PUBLIC), and only the dispatcher
 * knows the language the answer was rendered in.  Why keyed by the
 * request and checked against the data generation instead of a time to
 * live: a page that is the same for everyone changes only when
 * something is written, and store/generation.c counts every committed
 * write, of this instance and of the others on the same PostgreSQL (an
 * intake only in its own municipality's count).  The
 * Amsterdam date is part of the check because a few answers depend on
 * the date (the Open311 default window, overdue promises) without a
 * write.
 *
 * The table is a chained hash (SipHash with a key drawn at start, so
 * query strings cannot be chosen to collide) plus a list in order of
 * use; one mutex covers both.  A hit copies the body under the lock: a
 * few kilobytes, less than a second lock round trip would cost. */
#include "web/cache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "base/util.h"
#include "domain/calendar.h"
#include "store/db.h"
#include "store/store.h"

#define CACHE_MIN_BUCKETS 1024
#define CACHE_MAX_HEADERS 8

/* Which generation of its municipality an answer is checked against:
 * every write of it, all but its reports, or all but its reports of
 * other categories (store/db.h). */
enum gen_kind { GEN_MUNICIPAL,
		GEN_REPORTLESS,
		GEN_CATEGORY };

struct entry {
	struct entry *chain;	  /* same bucket */
	struct entry *prev, *next; /* use order: head is the newest */
	uint64_t hash, gen;
	int64_t day;
	char *key;
	size_t keylen;
	const char *route; /* the route table's pattern, for the log */
	char *content_type;
	char *body;
	size_t body_len;
	struct kv headers[CACHE_MAX_HEADERS]; /* each string malloc'd */
	size_t nheaders;
	size_t bytes;
	bool no_store;
	enum gen_kind kind; /* the generation it is checked against */
};

struct web_cache {
	pthread_mutex_t lock;
	size_t limit, used, entries;
	struct entry **buckets;
	size_t nbuckets; /* a power of two */
	struct entry *head, *tail;
	unsigned char hash_key[crypto_shorthash_KEYBYTES];
	uint64_t hits, misses, stores, evictions;
};

struct web_cache *web_cache_new(size_t limit)
{
	struct web_cache *c;

	if (limit == 0)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->limit = limit;
	c->nbuckets = CACHE_MIN_BUCKETS;
	c->buckets = xcalloc(c->nbuckets, sizeof(*c->buckets));
	crypto_shorthash_keygen(c->hash_key);
	return c;
}

static void entry_free(struct entry *e)
{
	for (size_t i = 0; i < e->nheaders; i++) {
		free((char *)e->headers[i].key);
		free((char *)e->headers[i].value);
	}
	free(e->key);
	free(e->content_type);
	free(e->body);
	free(e);
}

void web_cache_free(struct web_cache *c)
{
	struct entry *e, *next;

	if (!c)
		return;
	for (e = c->head; e; e = next) {
		next = e->next;
		entry_free(e);
	}
	free(c->buckets);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* Cookies other than the language's belong to a person (a session, the
 * log-in form's token): such a request is never served from here. */
static bool only_lang_cookie(const char *cookies)
{
	const char *p = cookies;

	while (*p) {
		p += strspn(p, " \t;");
		if (!*p)
			break;
		if (strncmp(p, "lang=", 5) != 0)
			return false;
		p += strcspn(p, ";");
	}
	return true;
}

bool web_cache_eligible(const struct http_req *req)
{
	const char *cookies = http_header(req, "Cookie");

	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0)
		return false;
	if (req->early_status || req->lang_explicit ||
	    http_header(req, "Authorization"))
		return false;
	if (strcmp(req->path, "/healthz") == 0) /* asks the database */
		return false;
	return !cookies || only_lang_cookie(cookies);
}

/* A decoded query field with a control character (%1E, %1F, %0A ...):
 * such a request is not kept, so that no field can end early in the key
 * below and two queries never share one. */
static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20)
			return true;
	return false;
}

/* Host, path, the decoded query fields, the language and whether a
 * cookie came (the figures pages answer a different Cache-Control then):
 * each part closed by a byte that cannot occur in it (NULL for a query
 * with a control character: not kept). */
static char *make_key(const struct http_req *req, size_t *len)
{
	const char *host = http_header(req, "Host");
	struct buf b;
	char *k;

	for (size_t i = 0; i < req->query.n; i++)
		if (has_control(req->query.fields[i].key) ||
		    has_control(req->query.fields[i].value))
			return NULL;
	buf_init(&b, 16384);
	buf_adds(&b, host ? host : "");
	buf_addc(&b, '\0');
	buf_adds(&b, req->path);
	buf_addc(&b, '\0');
	for (size_t i = 0; i < req->query.n; i++) {
		buf_adds(&b, req->query.fields[i].key);
		buf_addc(&b, '\x1e');
		buf_adds(&b, req->query.fields[i].value);
		buf_addc(&b, '\x1f');
	}
	buf_addc(&b, '\0');
	buf_addf(&b, "%d%c", req->lang, http_header(req, "Cookie") ? 'c' : '-');
	if (b.overflow) {
		buf_release(&b);
		return NULL;
	}
	k = buf_detach(&b, len);
	return k;
}

static uint64_t key_hash(const struct web_cache *c, const char *k, size_t n)
{
	unsigned char h[crypto_shorthash_BYTES];
	uint64_t v;

	crypto_shorthash(h, (const unsigned char *)k, n, c->hash_key);
	memcpy(&v, h, sizeof(v));
	return v;
}

/* The Amsterdam date, as the answers that follow the date count days
 * (domain/calendar.h). */
static int64_t today(void)
{
	return cal_day_number(cal_amsterdam_date((int64_t)time(NULL)));
}

static void unlink_use(struct web_cache *c, struct entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = NULL;
}

static void push_front(struct web_cache *c, struct entry *e)
{
	e->next = c->head;
	e->prev = NULL;
	if (c->head)
		c->head->prev = e;
	c->head = e;
	if (!c->tail)
		c->tail = e;
}

static struct entry **slot_of(struct web_cache *c, uint64_t h, const char *k,
			      size_t n)
{
	struct entry **p = &c->buckets[h & (c->nbuckets - 1)];

	while (*p && !((*p)->hash == h && (*p)->keylen == n &&
		       memcmp((*p)->key, k, n) == 0))
		p = &(*p)->chain;
	return p;
}

static void remove_entry(struct web_cache *c, struct entry *e)
{
	struct entry **p = slot_of(c, e->hash, e->key, e->keylen);

	*p = e->chain;
	unlink_use(c, e);
	c->used -= e->bytes;
	c->entries--;
	entry_free(e);
}

static void fill_resp(struct http_req *req, struct http_resp *resp,
		      const struct entry *e)
{
	req->route = e->route;
	resp->status = 200;
	resp->no_store = e->no_store;
	resp->content_type = arena_strdup(req->arena, e->content_type);
	buf_reset(&resp->body);
	buf_add(&resp->body, e->body, e->body_len);
	for (size_t i = 0; i < e->nheaders; i++)
		http_resp_header(resp, arena_strdup(req->arena, e->headers[i].key),
				 arena_strdup(req->arena, e->headers[i].value));
	http_resp_header(resp, "X-Cache", "hit"); /* for tests and benches */
}

/* Routes whose answers show no report (signal): what an intake writes
 * (store/signal.c: the signal, its contact, photos, first timeline entry
 * and organisations, the reporter's mail) is read by none of them.  An
 * agenda reads kwesties, their chain, counts of their linked signals and
 * supporters, the topic roll-up and the areas (store_agenda*); a kwestie
 * its own row, chain, timeline, promises and the photos of its linked
 * signals; the social map and HSDS organisations and services.  Linking
 * a signal to a kwestie is a write of its own, which moves all of its
 * municipality's generations (db_write_in).  Each reads its own
 * municipality's rows alone.  A route belongs here only when what it reads has been
 * checked so; anything not listed counts reports. */
static const char *const reportless_routes[] = {
	/* a signal's tracking page and its JSON (app/signal.c signal_track)
	 * read that signal, its kwesties, timeline, promises, photos and
	 * organisations alone: another signal's intake writes none of
	 * them, its own comes before the page exists (404, not kept) */
	"/m/{token}",
	"/api/v1/signals/{token}",
	"/agenda/{code}",
	"/api/v1/areas/{code}/agenda",
	"/api/v1/kwesties/{id}", /* the page sets a form's cookie: not kept */
	"/kwesties/{id}/feed",
	"/sociale-kaart",
	"/sociale-kaart/organisaties/{org}",
	"/sociale-kaart/diensten/{id}",
	"/hsds/services",
	"/hsds/services/{id}",
	"/hsds/organizations",
	"/hsds/organizations/{id}",
};

/* Whether route is one of the n patterns of list. */
static bool route_in(const char *route, const char *const *list, size_t n)
{
	for (size_t i = 0; route && i < n; i++)
		if (strcmp(route, list[i]) == 0)
			return true;
	return false;
}

static bool shows_no_report(const char *route)
{
	return route_in(route, reportless_routes,
			sizeof(reportless_routes) / sizeof(reportless_routes[0]));
}

/* Routes whose answers show the reports of one category alone when the
 * request names one (category_of): an Open311 list of one service code
 * reads signals of that category (store/open311.c, O311_CODE) and what
 * each shows of its kwesties, promises, timeline and public photos,
 * none of which another category's intake writes (store/signal.c; its
 * photos are not public, linking it to a kwestie is a write of its
 * own).  With service_request_id the list is of those ids, whatever
 * their category: not one category's. */
static const char *const category_routes[] = {
	"/open311/v2/requests.json",
	"/open311/v2/requests.xml",
};

static bool shows_one_category(const char *route)
{
	return route_in(route, category_routes,
			sizeof(category_routes) / sizeof(category_routes[0]));
}

/* The one category a request names: one service_code of one code (no
 * comma: web/open311.c splits at commas and takes each as it is) and no
 * service_request_id; else NULL. */
static const char *category_of(const struct http_req *req)
{
	const char *v = form_get(&req->query, "service_code");

	if (!v || !*v || strchr(v, ',') || form_count(&req->query, "service_code") != 1 ||
	    form_get(&req->query, "service_request_id"))
		return NULL;
	return v;
}

/* The generation an answer is checked against: that of the request's
 * municipality (its Host, web/site.c), which an intake or a
 * professional's work elsewhere leaves be (db_write_scope, db_write_in);
 * for an answer that shows no report, the one of its municipality that
 * no intake moves; for an answer of one category, the one that only
 * that category's intakes move of all intakes.  The route is known after
 * routing: a lookup (before it) finds the entry by its key and checks it
 * against the generation the entry was kept under (its own route's,
 * e->kind). */
static uint64_t snapshot_of(const struct web_cache_gen *gen, enum gen_kind kind)
{
	switch (kind) {
	case GEN_REPORTLESS:
		return gen->reportless;
	case GEN_CATEGORY:
		return gen->category;
	default:
		return gen->municipal;
	}
}

static uint64_t generation_now(const struct http_req *req, enum gen_kind kind,
			       const char *category)
{
	const char *municipality = req->app ? req->app->municipality : NULL;

	switch (kind) {
	case GEN_REPORTLESS:
		return db_generation_reportless(municipality);
	case GEN_CATEGORY:
		return category ? db_generation_category(municipality, category) : 0;
	default:
		return db_generation_in(municipality);
	}
}

/* Which generation an answer of this route is kept under. */
static enum gen_kind kind_of(const struct http_req *req, const struct web_cache_gen *gen)
{
	if (shows_no_report(req->route))
		return GEN_REPORTLESS;
	if (gen && gen->category_code && shows_one_category(req->route))
		return GEN_CATEGORY;
	return GEN_MUNICIPAL;
}

bool web_cache_get(struct web_cache *c, struct http_req *req,
		   struct http_resp *resp, struct web_cache_gen *gen)
{
	struct entry *e;
	size_t n;
	char *k;
	bool hit = false;

	db_generation_sync(store_thread_db());
	gen->category_code = category_of(req);
	gen->reportless = generation_now(req, GEN_REPORTLESS, NULL);
	gen->municipal = generation_now(req, GEN_MUNICIPAL, NULL);
	gen->category = generation_now(req, GEN_CATEGORY, gen->category_code);
	if (!c || !gen->municipal || !(k = make_key(req, &n)))
		return false;
	pthread_mutex_lock(&c->lock);
	e = *slot_of(c, key_hash(c, k, n), k, n);
	/* the same key, the same query: the same category_code */
	if (e && (e->gen != snapshot_of(gen, e->kind) ||
		  e->day != today())) {
		remove_entry(c, e);
		e = NULL;
	}
	if (e) {
		unlink_use(c, e);
		push_front(c, e);
		fill_resp(req, resp, e);
		c->hits++;
		hit = true;
	} else {
		c->misses++;
	}
	pthread_mutex_unlock(&c->lock);
	free(k);
	return hit;
}

/* Private answers (no-store) that are still the same for everyone who
 * asks: the tracking page of a signal and its JSON.  Their URL holds the
 * secret token, and the cache is keyed by the URL, so only who knows the
 * token gets the kept answer; no-store still goes out with it, so no
 * browser or proxy keeps it.  (The page with a grade form sets a cookie
 * and is not kept.) */
static const char *const private_same_for_all[] = {
	"/m/{token}",
	"/api/v1/signals/{token}",
};

static bool private_keepable(const struct http_req *req)
{
	return route_in(req->route, private_same_for_all,
			sizeof(private_same_for_all) / sizeof(private_same_for_all[0]));
}

/* A whole answer that anyone with its URL may see: tagged (public), or
 * private and on the list above (no ETag then, as before). */
static bool keepable(const struct http_req *req, const struct http_resp *resp)
{
	const char *etag = http_resp_get(resp, "ETag");

	if (resp->no_store && !private_keepable(req))
		return false;
	return resp->status == 200 && !resp->stream.fill &&
	       !http_deferred(resp) && !resp->body.overflow &&
	       (etag || resp->no_store) &&
	       !http_resp_get(resp, "Set-Cookie") &&
	       resp->nheaders < CACHE_MAX_HEADERS;
}

static struct entry *entry_of(const struct http_resp *resp, char *key,
			      size_t keylen)
{
	struct entry *e = xcalloc(1, sizeof(*e));

	e->key = key;
	e->keylen = keylen;
	e->content_type = xstrdup(resp->content_type ? resp->content_type : "");
	e->body = xmalloc(resp->body.len ? resp->body.len : 1);
	memcpy(e->body, resp->body.data, resp->body.len);
	e->body_len = resp->body.len;
	e->bytes = sizeof(*e) + keylen + resp->body.len +
		   strlen(e->content_type) + 1;
	for (size_t i = 0; i < resp->nheaders; i++) {
		e->headers[i].key = xstrdup(resp->headers[i].key);
		e->headers[i].value = xstrdup(resp->headers[i].value);
		e->bytes += strlen(resp->headers[i].key) +
			    strlen(resp->headers[i].value) + 2;
	}
	e->nheaders = resp->nheaders;
	e->no_store = resp->no_store;
	return e;
}

static void grow(struct web_cache *c)
{
	size_t nb = c->nbuckets * 2;
	struct entry **b = xcalloc(nb, sizeof(*b)), *e, *next;

	for (size_t i = 0; i < c->nbuckets; i++)
		for (e = c->buckets[i]; e; e = next) {
			next = e->chain;
			e->chain = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
		}
	free(c->buckets);
	c->buckets = b;
	c->nbuckets = nb;
}

static void insert(struct web_cache *c, struct entry *e)
{
	struct entry **p = slot_of(c, e->hash, e->key, e->keylen);

	if (*p) /* another thread rendered it meanwhile */
		remove_entry(c, *p);
	while (c->tail && c->used + e->bytes > c->limit) {
		remove_entry(c, c->tail);
		c->evictions++;
	}
	p = &c->buckets[e->hash & (c->nbuckets - 1)];
	e->chain = *p;
	*p = e;
	push_front(c, e);
	c->used += e->bytes;
	c->entries++;
	c->stores++;
	if (c->entries > 2 * c->nbuckets)
		grow(c);
}

void web_cache_put(struct web_cache *c, struct http_req *req,
		   const struct http_resp *resp, const struct web_cache_gen *gen)
{
	struct entry *e;
	size_t n;
	char *k;
	bool kept;

	/* A write since gen (this handler's own, or anyone's) may be in the
	 * answer or not: keep nothing. */
	enum gen_kind kind = kind_of(req, gen);
	const char *category = gen ? gen->category_code : NULL;
	uint64_t at = gen ? snapshot_of(gen, kind) : 0;

	if (!c || !at || !keepable(req, resp) ||
	    generation_now(req, kind, category) != at)
		return;
	if (resp->body.len > web_cache_body_max(c) || !(k = make_key(req, &n)))
		return;
	e = entry_of(resp, k, n);
	e->hash = key_hash(c, k, n);
	e->route = req->route;
	e->gen = at;
	e->kind = kind;
	e->day = today();
	pthread_mutex_lock(&c->lock);
	kept = generation_now(req, kind, category) == at;
	if (kept)
		insert(c, e);
	pthread_mutex_unlock(&c->lock);
	if (!kept)
		entry_free(e);
}

/* One answer may take an eighth of the cache at most. */
size_t web_cache_body_max(const struct web_cache *c)
{
	return c ? c->limit / 8 : 0;
}

void web_cache_stats(struct web_cache *c, struct web_cache_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	out->hits = c->hits;
	out->misses = c->misses;
	out->stores = c->stores;
	out->evictions = c->evictions;
	out->bytes = c->used;
	out->entries = c->entries;
	pthread_mutex_unlock(&c->lock);
}
