/* classify_model: the inside of a classify model, shared by classify.c
 * (reading a text, the blob) and classify_train.c (training).  Not for
 * other modules: the contract is classify.h. */
#ifndef WA_CLASSIFY_MODEL_H
#define WA_CLASSIFY_MODEL_H
#include <stdint.h>

#include "classify.h"

struct classify_model {
	uint32_t lang, kind;
	float temperature, threshold;
	uint32_t nclasses, nterms;
	char **labels; /* nclasses */
	char **terms;  /* nterms, strictly ascending (strcmp) */
	float *idf;    /* nterms */
	float *bias;   /* nclasses */
	float *w;      /* nterms x nclasses, centred per term */
	unsigned char *hidden; /* nterms: a stop word's stem, never shown */
};

/* A text as the model reads it: the known terms, ascending, with their
 * TF-IDF weight (L2-normalised) and the first place each was written. */
struct classify_vec {
	int n, cap;
	int *term;
	float *x;
	uint32_t *woff;
	uint32_t *wlen;
};

void classify_vec_clear(struct classify_vec *v);
/* Reads text into v (emptied first) with the model's terms and idf. */
void classify_vectorize(const struct classify_model *m, const char *text,
			size_t len, struct classify_vec *v);
/* The softmax probabilities of v into p[0..nclasses). */
void classify_probs(const struct classify_model *m, const struct classify_vec *v,
		    float temperature, double *p);
struct classify_model *classify_model_new(uint32_t nclasses, uint32_t nterms);
const char *classify_stemmer_name(enum classify_lang lang);
/* Fill m->hidden from the language's stop words (after terms are set). */
void classify_mark_stop(struct classify_model *m);

#endif
