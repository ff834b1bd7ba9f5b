/* suggest: see suggest.h.
 *
 * The held-out part of the training signals is fixed by their id (a
 * hash, one in five), so that a model trained again on the same signals
 * gets the same threshold.  Logistic regression, not naive Bayes: on
 * Boston's requests it was right more often (top-1 0.874 against 0.843)
 * and could suggest for 93% of texts at a precision of 0.9 against 82%
 * (bench/RESULTS.md, issue 17). */
#include "suggest.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/util.h"
#include "store/category_model.h"
#include "store/store.h"

/* A loaded model and the requests using it. */
struct held {
	struct classify_model *m;
	int64_t version;
	int refs;
};

struct suggest_cache {
	pthread_mutex_t mu;
	struct held *cur;
	time_t checked; /* when the stored version was last read */
};

struct suggest_cache *suggest_cache_new(void)
{
	struct suggest_cache *c = xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->mu, NULL);
	return c;
}

static void held_drop(struct held *h)
{
	if (h && --h->refs == 0) {
		classify_free(h->m);
		free(h);
	}
}

void suggest_cache_free(struct suggest_cache *c)
{
	if (!c)
		return;
	held_drop(c->cur);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

/* The stored model as a held one; NULL when it cannot be used. */
static struct held *model_read(struct db *db, const char *municipality)
{
	struct arena ar;
	struct category_model_row row;
	struct held *h = NULL;
	unsigned char *bin = NULL;
	size_t len = 0, cap;
	const char *why = "not base64";

	arena_init(&ar);
	if (store_category_model_get(db, &ar, municipality, &row) != ERR_OK ||
	    !row.model)
		goto out;
	cap = strlen(row.model) / 4 * 3 + 3;
	bin = xmalloc(cap);
	if (sodium_base642bin(bin, cap, row.model, strlen(row.model), NULL, &len,
			      NULL, sodium_base64_VARIANT_ORIGINAL) == 0) {
		h = xcalloc(1, sizeof(*h));
		h->m = classify_load(bin, len, &why);
		h->version = row.version;
		h->refs = 1;
	}
	if (!h || !h->m) {
		log_event("error", "suggest_model", "municipality", municipality,
			  "refused", why);
		free(h);
		h = NULL;
	}
out:
	free(bin);
	arena_clear(&ar);
	return h;
}

/* The stored version, 0 when there is none, -1 on an error. */
static int64_t stored_version(struct db *db, const char *municipality)
{
	struct arena ar;
	struct category_model_row row;
	enum err e;

	arena_init(&ar);
	e = store_category_model_head(db, &ar, municipality, &row);
	arena_clear(&ar);
	return e == ERR_OK ? row.version : e == ERR_NOT_FOUND ? 0 : -1;
}

/* Read the stored version when it is time, and load a new model. */
static void refresh(struct suggest_cache *c, struct db *db,
		    const char *municipality)
{
	time_t now = time(NULL);
	int64_t have, stored;
	struct held *h;

	pthread_mutex_lock(&c->mu);
	if (c->checked && now - c->checked < SUGGEST_CHECK_S) {
		pthread_mutex_unlock(&c->mu);
		return;
	}
	c->checked = now; /* one request checks; the others go on */
	have = c->cur ? c->cur->version : 0;
	pthread_mutex_unlock(&c->mu);
	stored = stored_version(db, municipality);
	if (stored <= 0 || stored == have)
		return;
	if (!(h = model_read(db, municipality)))
		return;
	pthread_mutex_lock(&c->mu);
	held_drop(c->cur);
	c->cur = h;
	pthread_mutex_unlock(&c->mu);
}

static struct held *acquire(struct suggest_cache *c)
{
	struct held *h;

	pthread_mutex_lock(&c->mu);
	if ((h = c->cur))
		h->refs++;
	pthread_mutex_unlock(&c->mu);
	return h;
}

static void release(struct suggest_cache *c, struct held *h)
{
	pthread_mutex_lock(&c->mu);
	held_drop(h);
	pthread_mutex_unlock(&c->mu);
}

int suggest_category(const struct app *app, struct db *db, const char *text,
		     size_t len, struct suggestion *out)
{
	struct classify_guess g;
	struct held *h;
	int n = 0;

	memset(out, 0, sizeof(*out));
	if (!app->suggest)
		return 0;
	if (db)
		refresh(app->suggest, db, app->municipality);
	if (!(h = acquire(app->suggest)))
		return 0;
	if (classify_suggest(h->m, text, len, &g)) {
		const char *code = classify_label(h->m, g.cls);

		for (size_t i = 0; i < app->ncategories; i++)
			if (strcmp(app->categories[i].code, code) == 0) {
				out->code = app->categories[i].code;
				out->name = app->categories[i].name;
				n = 1;
			}
		out->confidence = g.p;
		out->nwords = g.nwords;
		memcpy(out->words, g.words, sizeof(out->words));
	}
	release(app->suggest, h);
	return n;
}

/* ---- training ---- */

struct plan {
	bool confirmed; /* train on confirmed signals, else demo ones */
	int64_t labels; /* confirmed signals now */
};

static bool older_than(const char *at, int seconds)
{
	char then[40];

	store_time_ago(then, sizeof(then), seconds);
	return strcmp(at, then) < 0;
}

/* Whether a model is due, and from which signals. */
static enum err plan_training(const struct app *app, struct db *db,
			      struct arena *ar, bool force, struct plan *p,
			      bool *due)
{
	struct category_model_row head;
	enum err e = store_category_confirmed_count(db, app->municipality,
						    &p->labels);

	if (e != ERR_OK)
		return e;
	p->confirmed = p->labels >= SUGGEST_MIN_CONFIRMED;
	e = store_category_model_head(db, ar, app->municipality, &head);
	if (e == ERR_NOT_FOUND || force) {
		*due = true;
		return e == ERR_NOT_FOUND ? ERR_OK : e;
	}
	if (e != ERR_OK)
		return e;
	*due = strcmp(head.source, p->confirmed ? "confirmed" : "demo") != 0 ||
	       (p->confirmed && p->labels - head.labels >= SUGGEST_RETRAIN_NEW) ||
	       (p->labels != head.labels &&
		older_than(head.trained_at, SUGGEST_MAX_AGE_S));
	return ERR_OK;
}

static bool held_out(int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;

	return (h >> 32) % 5 == 0;
}

static bool active(const struct app *app, const char *code)
{
	return code && app_category_name(app, code) != NULL;
}

static char *figures_json(const struct classify_figures *f)
{
	json_t *j = json_pack("{s:s, s:I, s:I, s:f, s:f, s:f, s:f, s:f, s:f}",
			      "kind", "logistic_regression", "train",
			      (json_int_t)f->ntrain, "test", (json_int_t)f->ntest,
			      "top1", f->top1, "top3", f->top3, "baseline",
			      f->baseline, "threshold", f->threshold, "precision",
			      f->precision, "coverage", f->coverage);
	char *s = json_dumps(j, JSON_COMPACT);

	json_decref(j);
	return s;
}

struct stored {
	const char *municipality;
	struct category_model_row row;
};

static enum err put_fn(struct db *db, void *p)
{
	struct stored *s = p;

	return store_category_model_put(db, s->municipality, &s->row);
}

/* Store m, trained on n examples; fills row's version. */
static enum err model_store(const struct app *app, struct db *db,
			    const struct classify_model *m,
			    const struct plan *p, size_t n,
			    const struct classify_figures *f, int64_t *version)
{
	struct stored s = {app->municipality, {0}};
	char now[40];
	size_t len, b64len;
	unsigned char *bin = classify_save(m, &len);
	char *b64, *fig = figures_json(f);
	enum err e;

	b64len = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
	b64 = xmalloc(b64len);
	sodium_bin2base64(b64, b64len, bin, len, sodium_base64_VARIANT_ORIGINAL);
	store_now(now, sizeof(now));
	s.row = (struct category_model_row){0, now, p->confirmed ? "confirmed" : "demo",
					    (int64_t)n, p->labels, fig, b64};
	e = db_write(db, put_fn, &s);
	*version = s.row.version;
	free(bin);
	free(b64);
	free(fig);
	return e;
}

/* The examples of the plan, split in training and held-out ones. */
static enum err examples(const struct app *app, struct db *db,
			 struct arena *ar, const struct plan *p,
			 struct classify_example **train, size_t *ntrain,
			 struct classify_example **test, size_t *ntest)
{
	struct db_rows rows;
	const struct category_example_row *r;
	enum err e = store_category_examples(db, ar, app->municipality,
					     p->confirmed, CATEGORY_EXAMPLES_MAX,
					     &rows);

	*ntrain = *ntest = 0;
	if (e != ERR_OK)
		return e;
	*train = arena_alloc(ar, (rows.n + 1) * sizeof(**train));
	*test = arena_alloc(ar, (rows.n + 1) * sizeof(**test));
	r = rows.v;
	for (size_t i = 0; i < rows.n; i++) {
		struct classify_example x = {r[i].body, r[i].category};

		if (!r[i].body || !active(app, r[i].category))
			continue;
		if (held_out(r[i].id))
			(*test)[(*ntest)++] = x;
		else
			(*train)[(*ntrain)++] = x;
	}
	return ERR_OK;
}

enum err suggest_train(const struct app *app, struct db *db, bool force,
		       bool *trained, char *msg, size_t msglen)
{
	struct classify_options o = {CLASSIFY_LR, (enum classify_lang)app->suggest_lang,
				     SUGGEST_TARGET_PRECISION, 10, 1e-5};
	struct classify_example *train, *test;
	struct classify_figures f;
	struct classify_model *m;
	size_t ntrain, ntest;
	struct plan p = {0};
	int64_t version = 0;
	bool due = false;
	struct arena ar;
	enum err e;

	*trained = false;
	arena_init(&ar);
	if ((e = plan_training(app, db, &ar, force, &p, &due)) != ERR_OK || !due) {
		snprintf(msg, msglen, e == ERR_OK ? "not due" : "database error");
		goto out;
	}
	if ((e = examples(app, db, &ar, &p, &train, &ntrain, &test, &ntest)) != ERR_OK) {
		snprintf(msg, msglen, "database error");
		goto out;
	}
	m = classify_build(train, ntrain, test, ntest, &o, true, &f);
	if (!m) {
		snprintf(msg, msglen, "too few examples (%zu)", ntrain + ntest);
		goto out;
	}
	e = model_store(app, db, m, &p, ntrain + ntest, &f, &version);
	classify_free(m);
	*trained = e == ERR_OK;
	snprintf(msg, msglen,
		 "%s: version %lld from %zu %s signals, top1 %.3f baseline %.3f "
		 "threshold %.3f precision %.3f coverage %.3f",
		 e == ERR_OK ? "trained" : "not stored", (long long)version,
		 ntrain + ntest, p.confirmed ? "confirmed" : "demo", f.top1,
		 f.baseline, f.threshold, f.precision, f.coverage);
out:
	arena_clear(&ar);
	return e;
}
