/* suggest: the category suggestion of a municipality (issue 17,
 * docs/suggest.md).
 *
 * The model (text/classify.h) lives in the database, one per
 * municipality (store/category_model.h), so that every instance suggests
 * with the same one.  Each app keeps the model it loaded; at most every
 * SUGGEST_CHECK_S seconds a suggestion reads the stored version first,
 * and loads the model again when it changed.  A model in use by a
 * request is never freed under it (a reference count).
 *
 * suggest_train (the job jobs/suggest.c, and tests) trains a new model
 * from the signals whose category a professional set or kept in triage
 * once there are SUGGEST_MIN_CONFIRMED of them, else from the
 * municipality's demo signals; it trains again when SUGGEST_RETRAIN_NEW
 * confirmed signals arrived since, or when the model is a week old and
 * any did. */
#ifndef WA_APP_SUGGEST_H
#define WA_APP_SUGGEST_H
#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "base/err.h"
#include "text/classify.h"

struct db;

#define SUGGEST_CHECK_S 10
#define SUGGEST_MIN_CONFIRMED 200
#define SUGGEST_RETRAIN_NEW 50
#define SUGGEST_MAX_AGE_S (7 * 86400)
#define SUGGEST_TARGET_PRECISION 0.9

struct suggest_cache;
struct suggest_cache *suggest_cache_new(void);
void suggest_cache_free(struct suggest_cache *c);

struct suggestion {
	const char *code, *name; /* the app's, valid while the app is */
	double confidence;
	int nwords;
	char words[CLASSIFY_WORDS][CLASSIFY_WORD_MAX + 1];
};

/* The suggestion for text[0..len) into *out: returns 1, or 0 when there
 * is none (no model, not confident, a category no longer active).  The
 * caller limits the text (the intake's SIGNAL_TEXT_MAX). */
int suggest_category(const struct app *app, struct db *db, const char *text,
		     size_t len, struct suggestion *out);

/* Train and store a new model when one is due (force: always).  *trained
 * says whether it did; msg describes the outcome for the log. */
enum err suggest_train(const struct app *app, struct db *db, bool force,
		       bool *trained, char *msg, size_t msglen);

#endif
