/* classify_eval: the category suggestion (text/classify.h) measured on
 * real texts, and its latency (issue 17; results in
 * bench/RESULTS.md, issue 17).
 *
 * 1. Boston: the 24,544 Open311 requests of
 *    ../shared/data/boston-open311-requests (English; the service name is
 *    the label; requests without a description are left out, they give
 *    the classifier nothing to read).  A fixed split: a request is held
 *    out when the FNV-1a hash of its service_request_id is 0 mod 5 (20%).
 *    Naive Bayes and logistic regression, each with top-1 and top-3
 *    accuracy, the baseline of always the most common training label, the
 *    threshold chosen for a held-out precision of at least 0.9, and the
 *    precision and coverage at that threshold.
 * 2. Dutch: the demo history's texts (seed/demo_history_texts.c, three
 *    per topic): the first two of each topic train, the third is held out.
 * 3. Latency with 100 categories: a model trained on Boston with each
 *    label split in 20 by the id's hash (100 labels, the real vocabulary);
 *    every held-out text ranked once (the best three with their words), timed alone, against tokenising
 *    and stemming the same text alone (classify_words) in the same run.
 *
 *   classify_eval [requests.json]
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "seed/demo_history_texts.h"
#include "text/classify.h"

/* from /work/main (../shared) or from a worktree in /work/wt (../../shared) */
#define BOSTON "shared/data/boston-open311-requests/requests_sample.json"

struct split {
	struct classify_example *train, *test;
	size_t ntrain, ntest;
	char **own; /* labels made here (the 100-label set) */
	size_t nown;
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void add(struct split *s, bool held, const char *text, const char *label)
{
	struct classify_example **a = held ? &s->test : &s->train;
	size_t *n = held ? &s->ntest : &s->ntrain;

	*a = xrealloc(*a, (*n + 1) * sizeof(**a));
	(*a)[(*n)++] = (struct classify_example){text, label};
}

/* labels100: each service split in 20 by the id's hash. */
static void boston_split(json_t *all, struct split *s, bool labels100)
{
	size_t i;
	json_t *r;

	json_array_foreach(all, i, r) {
		const char *id = json_string_value(json_object_get(r, "service_request_id"));
		const char *text = json_string_value(json_object_get(r, "description"));
		const char *label = json_string_value(json_object_get(r, "service_name"));

		if (!id || !text || !label || !text[0])
			continue;
		if (labels100) {
			char buf[128];

			snprintf(buf, sizeof(buf), "%s#%u", label,
				 (unsigned)((fnv(id) >> 8) % 20));
			s->own = xrealloc(s->own, (s->nown + 1) * sizeof(*s->own));
			label = s->own[s->nown++] = xstrdup(buf);
		}
		add(s, fnv(id) % 5 == 0, text, label);
	}
}

static void split_clear(struct split *s)
{
	for (size_t i = 0; i < s->nown; i++)
		free(s->own[i]);
	free(s->own);
	free(s->train);
	free(s->test);
	memset(s, 0, sizeof(*s));
}

static const char *kind_name(enum classify_kind k)
{
	return k == CLASSIFY_NB ? "naive_bayes" : "logistic_regression";
}

static struct classify_model *evaluate(const char *set, const struct split *s,
				       enum classify_kind kind,
				       enum classify_lang lang)
{
	struct classify_options o = {kind, lang, 0.9, 10, 1e-5};
	struct classify_figures f;
	double t0 = now_ms();
	struct classify_model *m =
		classify_build(s->train, s->ntrain, s->test, s->ntest, &o, false, &f);

	if (!m) {
		printf("%s.%s no model\n", set, kind_name(kind));
		return NULL;
	}
	printf("%s.%s train=%zu test=%zu classes=%zu terms=%zu train_s=%.2f "
	       "top1=%.3f top3=%.3f baseline=%.3f threshold=%.3f "
	       "precision=%.3f coverage=%.3f temperature=%.2f\n",
	       set, kind_name(kind), f.ntrain, f.ntest, classify_nclasses(m),
	       classify_nterms(m), (now_ms() - t0) / 1e3, f.top1, f.top3,
	       f.baseline, f.threshold, f.precision, f.coverage, f.temperature);
	return m;
}

/* Logistic regression's two settings, on the same split: what the
 * server's 10 epochs and L2 1e-5 were chosen from. */
static void lr_sweep(const struct split *s)
{
	static const int epochs[] = {5, 10, 20};
	static const double l2[] = {0, 1e-2, 1e-1};

	for (size_t e = 0; e < 3; e++)
		for (size_t k = 0; k < 3; k++) {
			struct classify_options o = {CLASSIFY_LR, CLASSIFY_ENGLISH, 0.9,
						     epochs[e], l2[k]};
			struct classify_figures f;
			struct classify_model *m = classify_build(
				s->train, s->ntrain, s->test, s->ntest, &o, false, &f);

			printf("boston.lr_sweep epochs=%d l2=%g top1=%.3f top3=%.3f "
			       "coverage=%.3f\n",
			       epochs[e], l2[k], f.top1, f.top3, f.coverage);
			classify_free(m);
		}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void no_word(void *ctx, const char *stem, size_t sl, const char *w,
		    size_t wl)
{
	(void)stem;
	(void)sl;
	(void)w;
	(void)wl;
	++*(size_t *)ctx;
}

/* The same for texts of the intake's maximum: held-out texts joined up
 * to 2,000 bytes, 200 of them. */
static void latency_long(const struct classify_model *m, const struct split *s)
{
	enum { N = 200, LEN = 2000 };
	double a[N];
	char text[LEN + 1];
	size_t k = 0;

	for (int i = 0; i < N; i++) {
		struct classify_guess g[3];
		size_t len = 0;
		double t0;

		while (len < LEN) {
			const char *t = s->test[k++ % s->ntest].text;
			size_t n = strlen(t);

			if (n > LEN - len - 1)
				n = LEN - len - 1;
			memcpy(text + len, t, n);
			len += n;
			text[len++] = ' ';
		}
		text[LEN] = '\0';
		t0 = now_ms();
		classify_rank(m, text, LEN, g, 3);
		a[i] = now_ms() - t0;
	}
	qsort(a, N, sizeof(*a), cmp_double);
	printf("latency.text_bytes=%d texts=%d p50_ms=%.4f p99_ms=%.4f max_ms=%.4f\n",
	       LEN, N, a[N / 2], a[N * 99 / 100], a[N - 1]);
}

/* p50 and p99 of fn over the held-out texts, in ms. */
static void latency(const struct classify_model *m, const struct split *s)
{
	double *a = xcalloc(s->ntest, sizeof(*a)), *b = xcalloc(s->ntest, sizeof(*b));
	size_t words = 0, made = 0;

	for (size_t i = 0; i < s->ntest; i++) {
		const char *t = s->test[i].text;
		struct classify_guess g[3];
		double t0 = now_ms();

		classify_words(CLASSIFY_ENGLISH, t, strlen(t), no_word, &words);
		b[i] = now_ms() - t0;
		t0 = now_ms();
		made += classify_rank(m, t, strlen(t), g, 3) > 0 && g[0].p >= classify_threshold(m);
		a[i] = now_ms() - t0;
	}
	qsort(a, s->ntest, sizeof(*a), cmp_double);
	qsort(b, s->ntest, sizeof(*b), cmp_double);
	printf("latency.classes=%zu texts=%zu suggested=%zu p50_ms=%.4f "
	       "p99_ms=%.4f max_ms=%.4f\n",
	       classify_nclasses(m), s->ntest, made, a[s->ntest / 2],
	       a[s->ntest * 99 / 100], a[s->ntest - 1]);
	printf("latency.baseline_tokenise p50_ms=%.4f p99_ms=%.4f ratio_p50=%.2f "
	       "ratio_p99=%.2f\n",
	       b[s->ntest / 2], b[s->ntest * 99 / 100], a[s->ntest / 2] / b[s->ntest / 2],
	       a[s->ntest * 99 / 100] / b[s->ntest * 99 / 100]);
	free(a);
	free(b);
	latency_long(m, s);
}

static void dutch(void)
{
	struct split s = {0};

	for (size_t i = 0; i < hist_ntopics; i++) {
		if (!hist_topics[i].category)
			continue;
		for (int k = 0; k < 3; k++)
			if (hist_topics[i].reports[k])
				add(&s, k == 2, hist_topics[i].reports[k],
				    hist_topics[i].category);
	}
	classify_free(evaluate("dutch_demo", &s, CLASSIFY_NB, CLASSIFY_DUTCH));
	classify_free(evaluate("dutch_demo", &s, CLASSIFY_LR, CLASSIFY_DUTCH));
	split_clear(&s);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "../" BOSTON;
	json_error_t err;
	json_t *all = json_load_file(path, 0, &err);
	struct split s = {0}, s100 = {0};
	struct classify_model *m;

	if (!all && argc <= 1)
		all = json_load_file(path = "../../" BOSTON, 0, &err);
	if (!json_is_array(all)) {
		fprintf(stderr, "classify_eval: %s: %s\n", path, err.text);
		return 1;
	}
	boston_split(all, &s, false);
	classify_free(evaluate("boston", &s, CLASSIFY_NB, CLASSIFY_ENGLISH));
	classify_free(evaluate("boston", &s, CLASSIFY_LR, CLASSIFY_ENGLISH));
	lr_sweep(&s);
	dutch();
	boston_split(all, &s100, true);
	m = evaluate("boston100", &s100, CLASSIFY_LR, CLASSIFY_ENGLISH);
	if (m)
		latency(m, &s100);
	classify_free(m);
	split_clear(&s);
	split_clear(&s100);
	json_decref(all);
	return 0;
}
