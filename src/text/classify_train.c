/* classify_train: training a classify model, fitting its temperature
 * and choosing its threshold on held-out texts (classify.h).
 *
 * The vocabulary is every stem in at least two training texts (one when
 * there are fewer than 50), the CLASSIFY_TRAIN_TERMS most frequent at
 * most, fewer when the weights would pass CLASSIFY_TRAIN_WEIGHTS;
 * idf = ln((1 + N) / (1 + df)) + 1.  Naive Bayes weighs a term for a
 * category by ln P(term | category) over the TF-IDF mass (Laplace 0.1);
 * logistic regression is a softmax regression trained by SGD with L2, in
 * a fixed order (a seeded shuffle), so training is reproducible.  Both
 * end with weights centred per term. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "classify.h"
#include "classify_model.h"

/* ---- the vocabulary: an open-addressing table of stems ---- */

struct vocab {
	char **stem;
	uint32_t *df, *seen; /* seen: the last text counted (+1) */
	size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void vocab_grow(struct vocab *v);

static size_t vocab_slot(const struct vocab *v, const char *s)
{
	size_t i = hash_str(s) & (v->cap - 1);

	while (v->stem[i] && strcmp(v->stem[i], s) != 0)
		i = (i + 1) & (v->cap - 1);
	return i;
}

static void vocab_count(struct vocab *v, const char *s, uint32_t doc)
{
	size_t i;

	if (2 * (v->n + 1) > v->cap)
		vocab_grow(v);
	i = vocab_slot(v, s);
	if (!v->stem[i]) {
		v->stem[i] = xstrdup(s);
		v->n++;
	}
	if (v->seen[i] != doc + 1) {
		v->seen[i] = doc + 1;
		v->df[i]++;
	}
}

static void vocab_grow(struct vocab *v)
{
	struct vocab old = *v;

	v->cap = v->cap ? 2 * v->cap : 1024;
	v->stem = xcalloc(v->cap, sizeof(*v->stem));
	v->df = xcalloc(v->cap, sizeof(*v->df));
	v->seen = xcalloc(v->cap, sizeof(*v->seen));
	for (size_t i = 0; i < old.cap; i++) {
		size_t j;

		if (!old.stem[i])
			continue;
		j = vocab_slot(v, old.stem[i]);
		v->stem[j] = old.stem[i];
		v->df[j] = old.df[i];
		v->seen[j] = old.seen[i];
	}
	free(old.stem);
	free(old.df);
	free(old.seen);
}

struct count_ctx {
	struct vocab *v;
	uint32_t doc;
};

static void count_word(void *p, const char *stem, size_t stemlen,
		       const char *word, size_t wordlen)
{
	struct count_ctx *c = p;

	(void)stemlen;
	(void)word;
	(void)wordlen;
	vocab_count(c->v, stem, c->doc);
}

struct term_df {
	char *stem;
	uint32_t df;
};

static int by_df_desc(const void *a, const void *b)
{
	const struct term_df *x = a, *y = b;

	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return strcmp(x->stem, y->stem);
}

static int by_stem(const void *a, const void *b)
{
	return strcmp(((const struct term_df *)a)->stem,
		      ((const struct term_df *)b)->stem);
}

/* The kept terms, ascending, with their df; the count in *n. */
static struct term_df *vocab_keep(struct vocab *v, size_t ndocs,
				  uint32_t nlabels, size_t *n)
{
	struct term_df *t = xcalloc(v->n + 1, sizeof(*t));
	uint32_t min_df = ndocs < 50 ? 1 : 2;
	size_t k = 0, max = CLASSIFY_TRAIN_WEIGHTS / (nlabels ? nlabels : 1);

	for (size_t i = 0; i < v->cap; i++) {
		if (!v->stem[i])
			continue;
		if (v->df[i] >= min_df)
			t[k++] = (struct term_df){v->stem[i], v->df[i]};
		else
			free(v->stem[i]);
	}
	qsort(t, k, sizeof(*t), by_df_desc);
	if (max > CLASSIFY_TRAIN_TERMS)
		max = CLASSIFY_TRAIN_TERMS;
	for (size_t i = max; i < k; i++)
		free(t[i].stem);
	if (k > max)
		k = max;
	qsort(t, k, sizeof(*t), by_stem);
	free(v->stem);
	free(v->df);
	free(v->seen);
	*n = k;
	return t;
}

/* ---- labels ---- */

static int label_index(char **labels, uint32_t n, const char *label)
{
	for (uint32_t i = 0; i < n; i++)
		if (strcmp(labels[i], label) == 0)
			return (int)i;
	return -1;
}

/* The distinct labels of ex, in order of first appearance. */
static char **labels_of(const struct classify_example *ex, size_t n,
			uint32_t *nlabels)
{
	char **l = xcalloc(n + 1, sizeof(*l));
	uint32_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (k < CLASSIFY_CLASSES_MAX && ex[i].label &&
		    strlen(ex[i].label) <= CLASSIFY_LABEL_MAX && ex[i].label[0] &&
		    label_index(l, k, ex[i].label) < 0)
			l[k++] = xstrdup(ex[i].label);
	*nlabels = k;
	return l;
}

/* ---- fitting ---- */

struct set {
	struct classify_vec *vec;
	int *y; /* -1: a label the model does not know */
	size_t n;
};

static void set_read(const struct classify_model *m,
		     const struct classify_example *ex, size_t n, struct set *s)
{
	s->n = n;
	s->vec = xcalloc(n + 1, sizeof(*s->vec));
	s->y = xcalloc(n + 1, sizeof(*s->y));
	for (size_t i = 0; i < n; i++) {
		classify_vectorize(m, ex[i].text, strlen(ex[i].text), &s->vec[i]);
		s->y[i] = ex[i].label ? label_index(m->labels, m->nclasses, ex[i].label)
				      : -1;
	}
}

static void set_clear(struct set *s)
{
	for (size_t i = 0; i < s->n; i++)
		classify_vec_clear(&s->vec[i]);
	free(s->vec);
	free(s->y);
}

static void centre(struct classify_model *m)
{
	for (uint32_t t = 0; t < m->nterms; t++) {
		float *w = m->w + (size_t)t * m->nclasses;
		double mean = 0;

		for (uint32_t c = 0; c < m->nclasses; c++)
			mean += w[c];
		mean /= m->nclasses;
		for (uint32_t c = 0; c < m->nclasses; c++)
			w[c] = (float)(w[c] - mean);
	}
}

static void fit_nb(struct classify_model *m, const struct set *s)
{
	double *mass = xcalloc(m->nclasses, sizeof(*mass));
	double *docs = xcalloc(m->nclasses, sizeof(*docs));
	const double alpha = 0.1;
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		const struct classify_vec *v = &s->vec[i];

		if (s->y[i] < 0)
			continue;
		docs[s->y[i]]++;
		n++;
		for (int k = 0; k < v->n; k++) {
			m->w[(size_t)v->term[k] * m->nclasses + (size_t)s->y[i]] += v->x[k];
			mass[s->y[i]] += v->x[k];
		}
	}
	for (uint32_t c = 0; c < m->nclasses; c++) {
		double denom = mass[c] + alpha * m->nterms;

		m->bias[c] = (float)log((docs[c] + 1) / (double)(n + m->nclasses));
		for (uint32_t t = 0; t < m->nterms; t++) {
			float *w = &m->w[(size_t)t * m->nclasses + c];

			*w = (float)log((*w + alpha) / denom);
		}
	}
	free(mass);
	free(docs);
}

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* One SGD step of the softmax loss on text i, learning rate lr. */
static void lr_step(struct classify_model *m, const struct set *s, size_t i,
		    double lr, double *p)
{
	const struct classify_vec *v = &s->vec[i];

	classify_probs(m, v, 1.0f, p);
	for (uint32_t c = 0; c < m->nclasses; c++) {
		double g = p[c] - (s->y[i] == (int)c ? 1.0 : 0.0);

		m->bias[c] = (float)(m->bias[c] - lr * g);
		for (int k = 0; k < v->n; k++) {
			float *w = &m->w[(size_t)v->term[k] * m->nclasses + c];

			*w = (float)(*w - lr * g * v->x[k]);
		}
	}
}

/* L2 applied lazily would be faster; applied per epoch it is simple and
 * the texts are short. */
static void fit_lr(struct classify_model *m, const struct set *s,
		   const struct classify_options *opt)
{
	size_t *order = xcalloc(s->n + 1, sizeof(*order));
	double *p = xcalloc(m->nclasses, sizeof(*p));
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	int epochs = opt->epochs > 0 ? opt->epochs : 10;
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->y[i] >= 0 && s->vec[i].n > 0)
			order[n++] = i;
	for (int e = 0; e < epochs; e++) {
		double lr = 0.5 / (1.0 + e);

		for (size_t i = n; i > 1; i--) {
			size_t j = rng_next(&seed) % i, t = order[i - 1];

			order[i - 1] = order[j];
			order[j] = t;
		}
		for (size_t i = 0; i < n; i++)
			lr_step(m, s, order[i], lr, p);
		for (size_t i = 0; i < (size_t)m->nterms * m->nclasses; i++)
			m->w[i] = (float)(m->w[i] * (1.0 - lr * opt->l2));
	}
	free(order);
	free(p);
}

/* ---- the model from texts ---- */

static struct classify_model *train(const struct classify_example *ex,
				    size_t n, const struct classify_options *opt)
{
	struct vocab v = {0};
	struct term_df *terms;
	struct classify_model *m;
	char **labels;
	uint32_t nlabels;
	size_t nterms;
	struct set s;

	labels = labels_of(ex, n, &nlabels);
	for (size_t i = 0; i < n; i++) {
		struct count_ctx c = {&v, (uint32_t)i};

		classify_words(opt->lang, ex[i].text, strlen(ex[i].text), count_word, &c);
	}
	terms = vocab_keep(&v, n, nlabels, &nterms);
	if (nlabels < 2 || nterms == 0) {
		for (size_t i = 0; i < nterms; i++)
			free(terms[i].stem);
		for (uint32_t i = 0; i < nlabels; i++)
			free(labels[i]);
		free(terms);
		free(labels);
		return NULL;
	}
	m = classify_model_new(nlabels, (uint32_t)nterms);
	m->lang = opt->lang;
	m->kind = opt->kind;
	for (uint32_t i = 0; i < nlabels; i++)
		m->labels[i] = labels[i];
	for (size_t i = 0; i < nterms; i++) {
		m->terms[i] = terms[i].stem;
		m->idf[i] = (float)(log((1.0 + (double)n) / (1.0 + terms[i].df)) + 1.0);
	}
	free(labels);
	free(terms);
	classify_mark_stop(m);
	set_read(m, ex, n, &s);
	if (opt->kind == CLASSIFY_NB)
		fit_nb(m, &s);
	else
		fit_lr(m, &s, opt);
	centre(m);
	set_clear(&s);
	return m;
}

/* ---- calibration on the held-out texts ---- */

struct held {
	double p;    /* top-1 confidence */
	bool right;  /* top-1 is the label */
};

static int by_p_desc(const void *a, const void *b)
{
	double x = ((const struct held *)a)->p, y = ((const struct held *)b)->p;

	return x > y ? -1 : x < y ? 1 : 0;
}

/* Mean log-loss of the held-out texts at temperature T. */
static double log_loss(const struct classify_model *m, const struct set *s,
		       float T, double *p)
{
	double sum = 0;
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (s->y[i] < 0)
			continue;
		classify_probs(m, &s->vec[i], T, p);
		sum -= log(p[s->y[i]] > 1e-12 ? p[s->y[i]] : 1e-12);
		n++;
	}
	return n ? sum / (double)n : 0;
}

static float fit_temperature(const struct classify_model *m,
			     const struct set *s, double *p)
{
	float best = 1.0f;
	double best_loss = INFINITY;

	for (int k = -30; k <= 30; k++) { /* T from e^-3 to e^3 */
		float T = (float)exp(k / 10.0);
		double l = log_loss(m, s, T, p);

		if (l < best_loss) {
			best_loss = l;
			best = T;
		}
	}
	return best;
}

/* top-1 and top-3 of the held-out texts, and their top-1 confidences. */
static void score_held(const struct classify_model *m, const struct set *s,
		       struct held *h, struct classify_figures *fig, double *p)
{
	size_t right1 = 0, right3 = 0;

	for (size_t i = 0; i < s->n; i++) {
		int above = 0;

		classify_probs(m, &s->vec[i], m->temperature, p);
		/* a text without a known word is ranked by the prior alone */
		for (uint32_t c = 0; c < m->nclasses; c++)
			if (s->y[i] >= 0 && p[c] > p[s->y[i]])
				above++;
		h[i].right = s->y[i] >= 0 && above == 0;
		h[i].p = 0; /* and gets no suggestion */
		for (uint32_t c = 0; c < m->nclasses; c++)
			if (s->vec[i].n > 0 && p[c] > h[i].p)
				h[i].p = p[c];
		right1 += h[i].right;
		right3 += s->y[i] >= 0 && above < 3;
	}
	fig->top1 = s->n ? (double)right1 / (double)s->n : 0;
	fig->top3 = s->n ? (double)right3 / (double)s->n : 0;
}

/* The lowest confidence at which the suggestions made are right at least
 * target of the time (counted from the most confident down, over at
 * least 10 texts); 1.0 (never) when no such point exists. */
static void choose_threshold(struct held *h, size_t n, double target,
			     struct classify_figures *fig)
{
	size_t right = 0, best = 0;

	qsort(h, n, sizeof(*h), by_p_desc);
	fig->threshold = 1.0;
	fig->precision = 0;
	fig->coverage = 0;
	for (size_t i = 0; i < n && h[i].p > 0; i++) {
		right += h[i].right;
		if (i + 1 >= 10 && (double)right / (double)(i + 1) >= target &&
		    (i + 1 == n || h[i + 1].p < h[i].p)) {
			best = i + 1;
			fig->threshold = h[i].p;
			fig->precision = (double)right / (double)(i + 1);
		}
	}
	fig->coverage = n ? (double)best / (double)n : 0;
}

static double baseline(const struct classify_model *m,
		       const struct classify_example *train_ex, size_t ntrain,
		       const struct set *test)
{
	size_t *count = xcalloc(m->nclasses, sizeof(*count)), hits = 0;
	int top = 0;

	for (size_t i = 0; i < ntrain; i++) {
		int c = train_ex[i].label
				? label_index(m->labels, m->nclasses, train_ex[i].label)
				: -1;

		if (c >= 0 && ++count[c] > count[top])
			top = c;
	}
	for (size_t i = 0; i < test->n; i++)
		hits += test->y[i] == top;
	free(count);
	return test->n ? (double)hits / (double)test->n : 0;
}

static void calibrate(struct classify_model *m,
		      const struct classify_example *train_ex, size_t ntrain,
		      const struct classify_example *test, size_t ntest,
		      const struct classify_options *opt,
		      struct classify_figures *fig)
{
	double *p = xcalloc(m->nclasses, sizeof(*p));
	struct held *h = xcalloc(ntest + 1, sizeof(*h));
	struct set s;

	set_read(m, test, ntest, &s);
	m->temperature = fit_temperature(m, &s, p);
	score_held(m, &s, h, fig, p);
	choose_threshold(h, ntest, opt->target_precision, fig);
	fig->baseline = baseline(m, train_ex, ntrain, &s);
	fig->temperature = m->temperature;
	m->threshold = (float)fig->threshold;
	set_clear(&s);
	free(h);
	free(p);
}

struct classify_model *classify_build(const struct classify_example *train_ex,
				      size_t ntrain,
				      const struct classify_example *test,
				      size_t ntest,
				      const struct classify_options *opt,
				      bool refit, struct classify_figures *fig)
{
	struct classify_model *m = train(train_ex, ntrain, opt), *all;
	struct classify_example *both;

	memset(fig, 0, sizeof(*fig));
	fig->ntrain = ntrain;
	fig->ntest = ntest;
	fig->threshold = CLASSIFY_DEFAULT_THRESHOLD;
	fig->temperature = 1.0;
	if (!m || ntest == 0 || !refit) {
		if (m && ntest > 0)
			calibrate(m, train_ex, ntrain, test, ntest, opt, fig);
		return m;
	}
	calibrate(m, train_ex, ntrain, test, ntest, opt, fig);
	both = xcalloc(ntrain + ntest, sizeof(*both));
	memcpy(both, train_ex, ntrain * sizeof(*both));
	memcpy(both + ntrain, test, ntest * sizeof(*both));
	all = train(both, ntrain + ntest, opt);
	free(both);
	if (!all)
		return m;
	all->temperature = m->temperature;
	all->threshold = m->threshold;
	classify_free(m);
	return all;
}
