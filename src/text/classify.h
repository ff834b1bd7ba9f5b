/* classify: a category suggestion from a resident's text (issue 17).
 *
 * Words are tokenised as in fts_dutch (runs of letters and digits,
 * case-folded and NFC-composed with utf8proc) and stemmed with
 * libstemmer in the model's language (dutch for our signals, english for
 * the Boston evaluation).  A text becomes a TF-IDF vector (1 + log tf,
 * times idf, L2-normalised); a linear model gives every category a
 * score, a softmax with a fitted temperature turns the scores into
 * probabilities.  Two ways to train the same linear model: multinomial
 * naive Bayes and logistic regression by SGD (docs/suggest.md has the
 * measurement that chose between them).
 *
 * The weights are centred per term (the softmax does not change), so a
 * term's weight for a category is its contribution against the average
 * category: the words of a suggestion are the terms of the text with the
 * largest positive contribution, given as the resident wrote them.
 *
 * A model is immutable once built and may be shared between threads;
 * every call makes its own stemmer.  classify_load refuses any blob that
 * is not exactly what classify_save writes, within the limits below. */
#ifndef WA_CLASSIFY_H
#define WA_CLASSIFY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLASSIFY_TEXT_MAX 65536	   /* bytes of a text read; the rest is ignored */
#define CLASSIFY_TOKENS_MAX 4096   /* words of a text read */
#define CLASSIFY_WORD_MAX 64	   /* bytes of a word shown; longer words are skipped */
#define CLASSIFY_CLASSES_MAX 1000  /* categories in a model */
#define CLASSIFY_TERMS_MAX 200000  /* terms in a model */
#define CLASSIFY_LABEL_MAX 200	   /* bytes of a category code */
#define CLASSIFY_BLOB_MAX (64u << 20) /* bytes of a saved model */
#define CLASSIFY_WORDS 3	   /* words given per suggestion */
/* Training keeps at most this many terms, and terms x categories at most
 * CLASSIFY_TRAIN_WEIGHTS (a 32 MB blob, well under CLASSIFY_BLOB_MAX). */
#define CLASSIFY_TRAIN_TERMS 30000
#define CLASSIFY_TRAIN_WEIGHTS 8000000

enum classify_lang { CLASSIFY_DUTCH = 0, CLASSIFY_ENGLISH = 1 };
enum classify_kind { CLASSIFY_NB = 0, CLASSIFY_LR = 1 };

struct classify_model;

struct classify_example {
	const char *text;
	const char *label;
};

struct classify_options {
	enum classify_kind kind;
	enum classify_lang lang;
	double target_precision; /* of the threshold, on the held-out part */
	int epochs;		 /* LR only */
	double l2;		 /* LR only */
};

/* The figures of a model on its held-out part. */
struct classify_figures {
	size_t ntrain, ntest;
	double top1, top3;     /* accuracy */
	double baseline;       /* always the most common training label */
	double threshold;      /* the confidence a suggestion needs */
	double precision;      /* top-1 accuracy of the suggestions made */
	double coverage;       /* share of texts that get a suggestion */
	double temperature;
};

struct classify_guess {
	int cls; /* index of the category */
	double p;
	int nwords;
	char words[CLASSIFY_WORDS][CLASSIFY_WORD_MAX + 1];
};

/* The language of a setting's name ("dutch", "english"); -1 when unknown. */
int classify_lang_parse(const char *name);

/* Train on train[0..ntrain), fit the temperature and choose the
 * threshold (the lowest confidence at which the held-out precision is at
 * least opt->target_precision) on test[0..ntest), and fill *fig.  With
 * refit, the model returned is trained again on both parts with that
 * temperature and threshold.  With no test examples the threshold is
 * CLASSIFY_DEFAULT_THRESHOLD.  NULL when there are fewer than two labels
 * or no terms. */
#define CLASSIFY_DEFAULT_THRESHOLD 0.6
struct classify_model *classify_build(const struct classify_example *train,
				      size_t ntrain,
				      const struct classify_example *test,
				      size_t ntest,
				      const struct classify_options *opt,
				      bool refit, struct classify_figures *fig);
void classify_free(struct classify_model *m);

/* The best max categories for text, most likely first, each with its
 * words; returns how many (0 when the text has no known word). */
int classify_rank(const struct classify_model *m, const char *text,
		  size_t len, struct classify_guess *out, int max);
/* The suggestion when its confidence reaches the model's threshold:
 * returns 1 and fills *out, else 0. */
int classify_suggest(const struct classify_model *m, const char *text,
		     size_t len, struct classify_guess *out);

size_t classify_nclasses(const struct classify_model *m);
const char *classify_label(const struct classify_model *m, int cls);
size_t classify_nterms(const struct classify_model *m);
double classify_threshold(const struct classify_model *m);
enum classify_lang classify_model_lang(const struct classify_model *m);
enum classify_kind classify_model_kind(const struct classify_model *m);

/* The model as bytes (malloc'd, *len set). */
unsigned char *classify_save(const struct classify_model *m, size_t *len);
/* A model from classify_save's bytes; NULL (and *why, a static English
 * reason for the log) when the blob is refused. */
struct classify_model *classify_load(const unsigned char *blob, size_t len,
				     const char **why);

/* Calls fn for each word of text[0..len) read by the classifier: the
 * stem and the word as written.  For tests, the fuzz target and the
 * benchmark's baseline.  Returns the number of words, -1 when the
 * stemmer could not be made. */
typedef void (*classify_word_fn)(void *ctx, const char *stem, size_t stemlen,
				 const char *word, size_t wordlen);
int classify_words(enum classify_lang lang, const char *text, size_t len,
		   classify_word_fn fn, void *ctx);

#endif
