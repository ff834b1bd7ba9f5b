/* dedupe: likely duplicates among the records of several partner lists
 * and the organisations wijkagenda already has.  Pure.
 *
 * Blocking, so that a list of 100,000 records is not 5e9 comparisons:
 * only records that share a key are compared.  The keys of a record:
 * every word of its normalised name (of three letters or more, and the
 * first), the name without spaces and its first four letters (so a typo
 * later in the name still meets it), its initials (all, and the first 3
 * and 4 when longer), postcode,
 * website domain, KvK number, phone number and e-mail address.  A key
 * that more than DEDUPE_BLOCK_MAX records share (a common first word, a
 * postcode with many organisations) is compared as a sliding window of
 * DEDUPE_WINDOW over those records sorted by name, so every key costs at
 * most O(n * DEDUPE_WINDOW).
 *
 * Every candidate pair is scored with sim_compare (similar.h); pairs at
 * or above the threshold are joined into clusters by union-find, strongest
 * first.  Two organisations already in wijkagenda are never compared nor
 * put in one cluster: a cluster holds at most one, which a merge keeps
 * and updates. */
#ifndef WA_INVENTORY_DEDUPE_H
#define WA_INVENTORY_DEDUPE_H
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "inventory/lists.h"
#include "inventory/normalize.h"
#include "inventory/similar.h"

#define DEDUPE_BLOCK_MAX 100
#define DEDUPE_WINDOW 10

struct dedupe_rec {
	const struct partner_rec *rec;
	struct norm_rec norm;
};

struct dedupe_pair {
	uint32_t a, b; /* record indices, a < b */
	struct sim_detail sim;
};

struct dedupe_cluster {
	size_t *members; /* record indices, ascending */
	size_t n;	 /* 2 or more */
	double weakest;	 /* the lowest score among the links that made it */
};

struct dedupe_result {
	struct dedupe_pair *pairs; /* scored >= threshold, best first */
	size_t npairs;
	size_t ncompared; /* candidate pairs scored */
	struct dedupe_cluster *clusters; /* by their first member */
	size_t nclusters;
	size_t *cluster_of; /* per record: its cluster, or SIZE_MAX (alone) */
};

/* Normalise every record once (out has n elements). */
void dedupe_prepare(struct arena *ar, const struct partner_rec *recs, size_t n,
		    struct dedupe_rec *out);
void dedupe_run(struct arena *ar, const struct dedupe_rec *recs, size_t n,
		double threshold, struct dedupe_result *out);

/* The value a merge keeps for each field, among the records members[0..n):
 * the value most of them share (compared normalised), ties going to the
 * most complete record (the most fields filled), then to the first; within
 * the winning value, an existing organisation's own spelling, else the
 * most complete record's.  winner[f] is an index into members, or
 * SIZE_MAX when none has that field. */
void dedupe_choose(struct arena *ar, const struct dedupe_rec *recs,
		   const size_t *members, size_t n, size_t winner[INV_NFIELDS]);

#endif
