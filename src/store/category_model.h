/* category_model: the category suggestion's rows (migration 021): the
 * model of each municipality, the signals it learns from, and the mark a
 * professional's triage leaves on a category (app/suggest.c, app/kwestie.c). */
#ifndef WA_STORE_CATEGORY_MODEL_H
#define WA_STORE_CATEGORY_MODEL_H
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

struct category_model_row {
	int64_t version;
	char *trained_at, *source; /* source: "confirmed" or "demo" */
	int64_t examples, labels;
	char *figures; /* JSON */
	char *model;   /* base64 (NULL from store_category_model_head) */
};

/* The municipality's model; ERR_NOT_FOUND when it has none. */
enum err store_category_model_get(struct db *db, struct arena *ar,
				  const char *municipality,
				  struct category_model_row *out);
/* The same without the model itself (cheap: the reload check). */
enum err store_category_model_head(struct db *db, struct arena *ar,
				   const char *municipality,
				   struct category_model_row *out);
/* Store row as the municipality's model, its version one past the one
 * before (row->version is set). */
enum err store_category_model_put(struct db *db, const char *municipality,
				  struct category_model_row *row);

/* A text to learn from. */
struct category_example_row {
	int64_t id;
	char *body, *category;
};

/* At most max of the municipality's signals with a category: those a
 * professional confirmed (confirmed true), else its demo signals; the
 * newest first. */
#define CATEGORY_EXAMPLES_MAX 50000
enum err store_category_examples(struct db *db, struct arena *ar,
				 const char *municipality, bool confirmed,
				 int64_t max, struct db_rows *rows);
/* How many signals of the municipality have a confirmed category. */
enum err store_category_confirmed_count(struct db *db,
					const char *municipality, int64_t *n);
/* Mark signal id's category as set or kept by a professional at now. */
enum err store_signal_confirm_category(struct db *db, int64_t id,
				       const char *now);

#endif
