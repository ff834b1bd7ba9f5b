/* dedupe: see dedupe.h.  Large temporary arrays (block keys, candidate
 * pairs) live on the heap and are freed before returning; the result is
 * in the caller's arena. */
#include "inventory/dedupe.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* --- preparing ------------------------------------------------------------ */

void dedupe_prepare(struct arena *ar, const struct partner_rec *recs, size_t n,
		    struct dedupe_rec *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct partner_rec *r = &recs[i];
		struct norm_input in = {
			r->f[INV_NAAM],	    r->f[INV_KVK],     r->f[INV_WEBSITE],
			r->f[INV_EMAIL],    r->f[INV_TELEFOON], r->f[INV_ADRES],
			r->f[INV_POSTCODE], r->f[INV_PLAATS],
		};

		out[i].rec = r;
		norm_record(ar, &in, &out[i].norm);
	}
}

/* --- blocking ---------------------------------------------------------------- */

struct key {
	const char *k;
	uint32_t rec;
};

struct keys {
	struct key *v;
	size_t n, cap;
};

static void key_add(struct arena *ar, struct keys *ks, char kind,
		    const char *value, uint32_t rec)
{
	if (!value || !*value)
		return;
	if (ks->n == ks->cap) {
		ks->cap = ks->cap ? ks->cap * 2 : 1024;
		ks->v = xrealloc(ks->v, ks->cap * sizeof(*ks->v));
	}
	ks->v[ks->n].k = arena_printf(ar, "%c:%s", kind, value);
	ks->v[ks->n++].rec = rec;
}

static void name_keys(struct arena *ar, struct keys *ks, const struct norm_name *nm,
		      uint32_t i)
{
	size_t ni = strlen(nm->initials);

	if (!nm->ntokens)
		return;
	/* every word: "Sunnyvale Corps (Salvation Army)" meets "Salvation
	 * Army" by its third word */
	for (size_t k = 0; k < nm->ntokens; k++)
		if (k == 0 || strlen(nm->tokens[k]) >= 3)
			key_add(ar, ks, 'n', nm->tokens[k], i);
	/* a typo after the fourth letter still meets its name */
	if (strlen(nm->key) >= 4)
		key_add(ar, ks, 'f', arena_strndup(ar, nm->key, 4), i);
	if (nm->ntokens >= 2) {
		key_add(ar, ks, 'k', nm->key, i);
		key_add(ar, ks, 'n', nm->initials, i);
		if (strcmp(nm->initials_all, nm->initials) != 0)
			key_add(ar, ks, 'n', nm->initials_all, i);
	}
	/* A word that abbreviates the first three or four words. */
	for (size_t k = 3; k <= 4 && k < ni; k++)
		key_add(ar, ks, 'n', arena_strndup(ar, nm->initials, k), i);
}

static void record_keys(struct arena *ar, struct keys *ks,
			const struct dedupe_rec *r, uint32_t i)
{
	const struct norm_rec *n = &r->norm;

	name_keys(ar, ks, &n->name, i);
	key_add(ar, ks, 'p', n->postcode, i);
	key_add(ar, ks, 'd', n->domain, i);
	key_add(ar, ks, 'c', n->kvk, i);
	key_add(ar, ks, 't', n->phone_key, i);
	key_add(ar, ks, 'e', n->email, i);
}

static int cmp_key(const void *x, const void *y)
{
	const struct key *a = x, *b = y;
	int c = strcmp(a->k, b->k);

	return c ? c : (a->rec > b->rec) - (a->rec < b->rec);
}

struct pairs {
	uint64_t *v;
	size_t n, cap;
};

static void pair_add(struct pairs *ps, uint32_t a, uint32_t b)
{
	if (a == b)
		return;
	if (a > b) {
		uint32_t t = a;

		a = b;
		b = t;
	}
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 4096;
		ps->v = xrealloc(ps->v, ps->cap * sizeof(*ps->v));
	}
	ps->v[ps->n++] = (uint64_t)a << 32 | b;
}

static int cmp_by_name(const void *x, const void *y, void *ctx)
{
	const struct dedupe_rec *recs = ctx;
	const struct key *a = x, *b = y;
	int c = strcmp(recs[a->rec].norm.name.key, recs[b->rec].norm.name.key);

	return c ? c : (a->rec > b->rec) - (a->rec < b->rec);
}

static void block_pairs(const struct dedupe_rec *recs, struct key *blk,
			size_t n, struct pairs *ps)
{
	if (n <= DEDUPE_BLOCK_MAX) {
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				pair_add(ps, blk[i].rec, blk[j].rec);
		return;
	}
	qsort_r(blk, n, sizeof(*blk), cmp_by_name, (void *)recs);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n && j <= i + DEDUPE_WINDOW; j++)
			pair_add(ps, blk[i].rec, blk[j].rec);
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return (a > b) - (a < b);
}

/* Candidate pairs, sorted and unique. */
static void candidates(struct arena *ar, const struct dedupe_rec *recs,
		       size_t n, struct pairs *ps)
{
	struct keys ks = {NULL, 0, 0};
	size_t i = 0, j, u = 0;

	for (size_t r = 0; r < n; r++)
		record_keys(ar, &ks, &recs[r], (uint32_t)r);
	if (ks.n) /* qsort(NULL, 0, ...) is undefined */
		qsort(ks.v, ks.n, sizeof(*ks.v), cmp_key);
	while (i < ks.n) {
		for (j = i + 1; j < ks.n && strcmp(ks.v[j].k, ks.v[i].k) == 0; j++)
			;
		block_pairs(recs, ks.v + i, j - i, ps);
		i = j;
	}
	free(ks.v);
	if (ps->n)
		qsort(ps->v, ps->n, sizeof(*ps->v), cmp_u64);
	for (size_t k = 0; k < ps->n; k++)
		if (!u || ps->v[k] != ps->v[u - 1])
			ps->v[u++] = ps->v[k];
	ps->n = u;
}

/* --- clustering ------------------------------------------------------------- */

static int cmp_pair_score(const void *x, const void *y)
{
	const struct dedupe_pair *a = x, *b = y;

	if (a->sim.score != b->sim.score)
		return a->sim.score < b->sim.score ? 1 : -1;
	if (a->a != b->a)
		return a->a > b->a ? 1 : -1;
	return (a->b > b->b) - (a->b < b->b);
}

struct uf {
	size_t *parent;
	bool *has_org;
	double *weakest;
};

static size_t uf_find(struct uf *u, size_t x)
{
	while (u->parent[x] != x) {
		u->parent[x] = u->parent[u->parent[x]];
		x = u->parent[x];
	}
	return x;
}

/* Join the clusters of a and b unless both hold an existing organisation. */
static void uf_join(struct uf *u, size_t a, size_t b, double score)
{
	size_t ra = uf_find(u, a), rb = uf_find(u, b), lo, hi;
	double w;

	if (ra == rb || (u->has_org[ra] && u->has_org[rb]))
		return;
	lo = ra < rb ? ra : rb;
	hi = ra < rb ? rb : ra;
	w = u->weakest[lo] < u->weakest[hi] ? u->weakest[lo] : u->weakest[hi];
	u->parent[hi] = lo;
	u->has_org[lo] = u->has_org[lo] || u->has_org[hi];
	u->weakest[lo] = score < w ? score : w;
}

static void make_clusters(struct arena *ar, const struct dedupe_rec *recs,
			  size_t n, struct dedupe_result *out)
{
	struct uf u;
	size_t *size = xcalloc(n ? n : 1, sizeof(*size)), *id, root, c;

	u.parent = xmalloc((n ? n : 1) * sizeof(*u.parent));
	u.has_org = xmalloc((n ? n : 1) * sizeof(*u.has_org));
	u.weakest = xmalloc((n ? n : 1) * sizeof(*u.weakest));
	for (size_t i = 0; i < n; i++) {
		u.parent[i] = i;
		u.has_org[i] = recs[i].rec->org_id > 0;
		u.weakest[i] = 1.0;
	}
	for (size_t k = 0; k < out->npairs; k++)
		uf_join(&u, out->pairs[k].a, out->pairs[k].b, out->pairs[k].sim.score);
	for (size_t i = 0; i < n; i++)
		size[uf_find(&u, i)]++;
	id = arena_alloc(ar, (n ? n : 1) * sizeof(*id));
	out->cluster_of = id;
	out->nclusters = 0;
	/* Roots are the smallest member, so clusters come in member order. */
	for (size_t i = 0; i < n; i++)
		if (uf_find(&u, i) == i && size[i] >= 2)
			out->nclusters++;
	out->clusters = arena_alloc(ar, (out->nclusters ? out->nclusters : 1) *
						sizeof(*out->clusters));
	c = 0;
	for (size_t i = 0; i < n; i++) {
		root = uf_find(&u, i);
		if (size[root] < 2) {
			id[i] = SIZE_MAX;
			continue;
		}
		if (root == i) {
			out->clusters[c].members =
				arena_alloc(ar, size[i] * sizeof(size_t));
			out->clusters[c].n = 0;
			out->clusters[c].weakest = u.weakest[i];
			id[i] = c++;
		} else {
			id[i] = id[root];
		}
		out->clusters[id[i]].members[out->clusters[id[i]].n++] = i;
	}
	free(size);
	free(u.parent);
	free(u.has_org);
	free(u.weakest);
}

void dedupe_run(struct arena *ar, const struct dedupe_rec *recs, size_t n,
		double threshold, struct dedupe_result *out)
{
	struct pairs ps = {NULL, 0, 0};
	struct dedupe_pair p;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	candidates(ar, recs, n, &ps);
	for (size_t k = 0; k < ps.n; k++) {
		p.a = (uint32_t)(ps.v[k] >> 32);
		p.b = (uint32_t)(ps.v[k] & 0xffffffffu);
		if (recs[p.a].rec->org_id > 0 && recs[p.b].rec->org_id > 0)
			continue;
		sim_compare(&recs[p.a].norm, &recs[p.b].norm, &p.sim);
		out->ncompared++;
		if (p.sim.score < threshold)
			continue;
		out->pairs = arena_vec_grow(ar, out->pairs, out->npairs, &cap,
					    sizeof(*out->pairs));
		out->pairs[out->npairs++] = p;
	}
	free(ps.v);
	if (out->npairs)
		qsort(out->pairs, out->npairs, sizeof(*out->pairs), cmp_pair_score);
	make_clusters(ar, recs, n, out);
}

/* --- choosing the values of a merge ---------------------------------------- */

/* What two values of a field are compared as. */
static const char *value_key(struct arena *ar, enum inv_field f, const char *v)
{
	struct norm_name nm;
	const char *k = NULL;

	switch (f) {
	case INV_NAAM:
		norm_name(ar, v, &nm);
		k = nm.text;
		break;
	case INV_KVK: k = norm_kvk(ar, v); break;
	case INV_WEBSITE: k = norm_website(ar, v); break;
	case INV_EMAIL: k = norm_email(ar, v); break;
	case INV_TELEFOON: k = norm_phone_key(norm_phone(ar, v)); break;
	case INV_ADRES: {
		const char *street = norm_street(ar, v),
			   *nr = norm_house_number(ar, v);

		if (street || nr)
			k = arena_printf(ar, "%s %s", street ? street : "",
					 nr ? nr : "");
		break;
	}
	case INV_POSTCODE: k = norm_postcode(ar, v); break;
	case INV_PLAATS: k = norm_city(ar, v); break;
	case INV_SOORT: k = list_kind(v); break;
	default: break;
	}
	return k && *k ? k : norm_fold(ar, v);
}

static size_t filled(const struct partner_rec *r)
{
	size_t n = 0;

	for (int f = 0; f < INV_NFIELDS; f++)
		n += r->f[f] != NULL;
	return n;
}

/* Whether member i beats member j as the spelling of a value. */
static bool better(const struct dedupe_rec *recs, const size_t *members,
		   size_t i, size_t j)
{
	const struct partner_rec *a = recs[members[i]].rec,
				 *b = recs[members[j]].rec;

	if ((a->org_id > 0) != (b->org_id > 0))
		return a->org_id > 0;
	if (filled(a) != filled(b))
		return filled(a) > filled(b);
	return i < j;
}

static size_t choose_field(struct arena *ar, const struct dedupe_rec *recs,
			   const size_t *members, size_t n, enum inv_field f)
{
	const char **key = arena_alloc(ar, n * sizeof(*key));
	size_t best = SIZE_MAX, best_count = 0, count, rep;

	for (size_t i = 0; i < n; i++) {
		const char *v = recs[members[i]].rec->f[f];

		key[i] = v ? value_key(ar, f, v) : NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (!key[i])
			continue;
		count = 0;
		rep = i; /* the best spelling of this value */
		for (size_t j = 0; j < n; j++)
			if (key[j] && strcmp(key[i], key[j]) == 0) {
				count++;
				if (better(recs, members, j, rep))
					rep = j;
			}
		if (best == SIZE_MAX || count > best_count ||
		    (count == best_count && better(recs, members, rep, best))) {
			best = rep;
			best_count = count;
		}
	}
	return best;
}

void dedupe_choose(struct arena *ar, const struct dedupe_rec *recs,
		   const size_t *members, size_t n, size_t winner[INV_NFIELDS])
{
	for (int f = 0; f < INV_NFIELDS; f++)
		winner[f] = n ? choose_field(ar, recs, members, n, (enum inv_field)f)
			      : SIZE_MAX;
}
