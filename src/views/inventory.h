/* inventory: the pages of the partner inventory (web/inventory.c,
 * docs/inventory.md), for the beheerder: the imported lists, the form to
 * paste a list, the proposed clusters with every field's values and
 * sources, the records that match nothing (views/inventory.c), and the
 * report of what was merged (views/inventory_report.c).  The handler
 * computes the proposal (inventory/dedupe.h) and the default winner of
 * each field; these pages show it. */
#ifndef WA_VIEWS_INVENTORY_H
#define WA_VIEWS_INVENTORY_H
#include <stddef.h>

#include "inventory/dedupe.h"
#include "inventory/lists.h"
#include "store/inventory.h"
#include "views/views.h"

/* The paste form, as typed (re-shown after an error).  Field names: bron,
 * inhoud. */
struct inventory_form {
	const char *source, *content;
	const struct field_error *errors;
	size_t nerrors;
};

struct inventory_page {
	const char *csrf;
	const char *notice; /* a confirmation after a change, or NULL */
	const struct inv_list_row *lists;
	size_t nlists;
	const struct inventory_form *form;
	/* The proposal: recs[0..nrecs) (the organisations first, then the
	 * records not merged yet), prepared as d and clustered as res. */
	const struct partner_rec *recs;
	size_t nrecs;
	const struct dedupe_rec *d;
	const struct dedupe_result *res;
	/* The clusters shown (the first nshown), with the default winner of
	 * each field (dedupe_choose): cluster i's for field f at
	 * winners[i * INV_NFIELDS + f]; and how many single records at most. */
	size_t nshown;
	const size_t *winners;
	size_t max_singles;
};

/* GET /beheer/inventaris */
void view_inventory(struct html *out, const struct page *p,
		    const struct inventory_page *v);
/* GET /beheer/inventaris/rapport: the merges, newest first; each row's
 * detail is the JSON the merge stored. */
void view_inventory_report(struct html *out, const struct page *p,
			   const struct inv_merge_row *rows, size_t n);

#endif
