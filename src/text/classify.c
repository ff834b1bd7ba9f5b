/* classify: reading a text with a model, and the model's blob.  See
 * classify.h; training is in classify_train.c.
 *
 * The blob (little-endian, version 1):
 *
 *   "WACM" u32 version u32 lang u32 kind f32 temperature f32 threshold
 *   u32 nclasses u32 nterms
 *   nclasses x (u16 len, bytes)          category codes
 *   nterms x (u8 len, bytes, f32 idf)    terms, strictly ascending
 *   nclasses x f32                       bias
 *   nterms x nclasses x f32              weights
 *
 * and nothing after it.  Every count, length and float is checked before
 * it is used: a blob that is not exactly this is refused. */
#include "classify.h"

#include <libstemmer.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/util.h"
#include "text/words.h"
#include "classify_model.h"

#define BLOB_MAGIC "WACM"
#define BLOB_VERSION 1u
#define STEM_MAX 256

int classify_lang_parse(const char *name)
{
	if (!name)
		return -1;
	if (strcmp(name, "dutch") == 0)
		return CLASSIFY_DUTCH;
	if (strcmp(name, "english") == 0)
		return CLASSIFY_ENGLISH;
	return -1;
}

const char *classify_stemmer_name(enum classify_lang lang)
{
	return lang == CLASSIFY_ENGLISH ? "english" : "dutch";
}

/* ---- words ---- */

/* Words too common to show as the reason for a suggestion (Snowball's
 * stop lists, shortened to the words residents write most).  They stay
 * features: on Boston, leaving them out cost coverage at the threshold
 * (0.933 -> 0.918, bench/RESULTS.md, issue 17); "not shoveled" says
 * something.  Folded, ascending. */
static const char *const stop_dutch[] = {
	"aan", "al", "alle", "alles", "als", "ben", "bij", "dan", "dat", "de",
	"deze", "die", "dit", "doen", "door", "dus", "een", "en", "er", "ge",
	"geen", "had", "heb", "hebben", "heeft", "het", "hier", "hij", "hoe", "hun",
	"ik", "in", "is", "ja", "je", "kan", "kon", "kunnen", "maar", "me", "meer",
	"men", "met", "mij", "mijn", "na", "naar", "naast", "nee", "niet", "niets",
	"nog", "nu", "of", "om", "omdat", "ons", "onze", "ook", "op", "over", "te",
	"tegen", "toch", "toen", "tot", "u", "uit", "uw", "van", "veel", "voor",
	"want", "waren", "was", "wat", "we", "wel", "werd", "wie", "wij", "wil",
	"worden", "wordt", "zal", "ze", "zelf", "zich", "zij", "zijn", "zo",
	"zonder", "zou",
};
static const char *const stop_english[] = {
	"a", "about", "all", "also", "am", "an", "and", "any", "are", "as", "at",
	"be", "been", "but", "by", "can", "could", "did", "do", "does", "for",
	"from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "into",
	"is", "it", "its", "just", "me", "my", "no", "not", "of", "on", "or", "our",
	"out", "please", "she", "so", "that", "the", "their", "them", "then",
	"there", "they", "this", "to", "too", "up", "us", "very", "was", "we",
	"were", "what", "when", "which", "who", "will", "with", "would", "you",
	"your",
};

static int term_find(const struct classify_model *m, const char *stem);

/* Mark the terms that are the stem of a stop word as not shown. */
void classify_mark_stop(struct classify_model *m)
{
	bool en = m->lang == CLASSIFY_ENGLISH;
	const char *const *list = en ? stop_english : stop_dutch;
	size_t n = en ? ARRAY_SIZE(stop_english) : ARRAY_SIZE(stop_dutch);
	struct sb_stemmer *st = sb_stemmer_new(classify_stemmer_name(m->lang), "UTF_8");
	char stem[STEM_MAX];

	free(m->hidden);
	m->hidden = xcalloc(m->nterms + 1, 1);
	for (size_t i = 0; st && i < n; i++) {
		int t = words_fold_stem(st, list[i], strlen(list[i]), stem, sizeof(stem)) > 0
				? term_find(m, stem)
				: -1;

		if (t >= 0)
			m->hidden[t] = 1;
	}
	sb_stemmer_delete(st);
}

int classify_words(enum classify_lang lang, const char *text, size_t len,
		   classify_word_fn fn, void *ctx)
{
	struct sb_stemmer *st = sb_stemmer_new(classify_stemmer_name(lang), "UTF_8");
	char stem[STEM_MAX];
	size_t i = 0, start = 0;
	bool in_word = false;
	int words = 0;

	if (!st)
		return -1;
	if (len > CLASSIFY_TEXT_MAX)
		len = CLASSIFY_TEXT_MAX;
	while (i <= len && words < CLASSIFY_TOKENS_MAX) {
		utf8proc_int32_t c = 0;
		utf8proc_ssize_t n = 1;
		bool word = false;

		if (i < len) {
			n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
					     (utf8proc_ssize_t)(len - i), &c);
			if (n <= 0)
				n = 1; /* an invalid byte separates words */
			else
				word = words_char(c);
		}
		if (word && !in_word) {
			start = i;
			in_word = true;
		}
		if (!word && in_word) {
			int sl = i - start <= CLASSIFY_WORD_MAX
					 ? words_fold_stem(st, text + start, i - start, stem,
						     sizeof(stem))
					 : -1;

			if (sl > 0) {
				fn(ctx, stem, (size_t)sl, text + start, i - start);
				words++;
			}
			in_word = false;
		}
		i += (size_t)n;
	}
	sb_stemmer_delete(st);
	return words;
}

/* ---- vectors ---- */

void classify_vec_clear(struct classify_vec *v)
{
	free(v->term);
	free(v->x);
	free(v->woff);
	free(v->wlen);
	memset(v, 0, sizeof(*v));
}

struct vec_ctx {
	const struct classify_model *m;
	struct classify_vec *v;
	const char *text;
};

static int term_find(const struct classify_model *m, const char *stem)
{
	uint32_t lo = 0, hi = m->nterms;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->terms[mid], stem);

		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void vec_add(void *p, const char *stem, size_t stemlen,
		    const char *word, size_t wordlen)
{
	struct vec_ctx *c = p;
	struct classify_vec *v = c->v;
	int t = term_find(c->m, stem);

	(void)stemlen;
	if (t < 0)
		return;
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 32;
		v->term = xrealloc(v->term, (size_t)v->cap * sizeof(*v->term));
		v->x = xrealloc(v->x, (size_t)v->cap * sizeof(*v->x));
		v->woff = xrealloc(v->woff, (size_t)v->cap * sizeof(*v->woff));
		v->wlen = xrealloc(v->wlen, (size_t)v->cap * sizeof(*v->wlen));
	}
	v->term[v->n] = t;
	v->x[v->n] = 1.0f;
	v->woff[v->n] = (uint32_t)(word - c->text);
	v->wlen[v->n] = (uint32_t)wordlen;
	v->n++;
}

/* Sort by term, then by place, so the first of a run is the first written. */
static void vec_sort(struct classify_vec *v)
{
	for (int i = 1; i < v->n; i++) {
		int t = v->term[i];
		uint32_t o = v->woff[i], l = v->wlen[i];
		int j = i - 1;

		while (j >= 0 && (v->term[j] > t || (v->term[j] == t && v->woff[j] > o))) {
			v->term[j + 1] = v->term[j];
			v->woff[j + 1] = v->woff[j];
			v->wlen[j + 1] = v->wlen[j];
			j--;
		}
		v->term[j + 1] = t;
		v->woff[j + 1] = o;
		v->wlen[j + 1] = l;
	}
}

/* Runs of one term become one entry: (1 + ln tf) * idf, then L2. */
static void vec_weigh(const struct classify_model *m, struct classify_vec *v)
{
	int out = 0;
	double norm = 0;

	for (int i = 0; i < v->n;) {
		int j = i;

		while (j < v->n && v->term[j] == v->term[i])
			j++;
		v->term[out] = v->term[i];
		v->woff[out] = v->woff[i];
		v->wlen[out] = v->wlen[i];
		v->x[out] = (float)((1.0 + log((double)(j - i))) * m->idf[v->term[i]]);
		norm += (double)v->x[out] * v->x[out];
		out++;
		i = j;
	}
	v->n = out;
	norm = sqrt(norm);
	for (int i = 0; i < v->n && norm > 0; i++)
		v->x[i] = (float)(v->x[i] / norm);
}

void classify_vectorize(const struct classify_model *m, const char *text,
			size_t len, struct classify_vec *v)
{
	struct vec_ctx c = {m, v, text};

	v->n = 0;
	if (classify_words((enum classify_lang)m->lang, text, len, vec_add, &c) < 0)
		return;
	vec_sort(v);
	vec_weigh(m, v);
}

void classify_probs(const struct classify_model *m, const struct classify_vec *v,
		    float temperature, double *p)
{
	double max = -INFINITY, sum = 0;

	for (uint32_t c = 0; c < m->nclasses; c++)
		p[c] = m->bias[c];
	for (int i = 0; i < v->n; i++) {
		const float *w = m->w + (size_t)v->term[i] * m->nclasses;

		for (uint32_t c = 0; c < m->nclasses; c++)
			p[c] += (double)v->x[i] * w[c];
	}
	for (uint32_t c = 0; c < m->nclasses; c++) {
		p[c] /= temperature;
		if (p[c] > max)
			max = p[c];
	}
	for (uint32_t c = 0; c < m->nclasses; c++)
		sum += (p[c] = exp(p[c] - max));
	for (uint32_t c = 0; c < m->nclasses; c++)
		p[c] /= sum;
}

/* ---- ranking ---- */

/* The words with the largest positive contribution to class c. */
static void guess_words(const struct classify_model *m,
			const struct classify_vec *v, const char *text,
			struct classify_guess *g)
{
	double best[CLASSIFY_WORDS];
	int pick[CLASSIFY_WORDS];
	int n = 0;

	for (int i = 0; i < v->n; i++) {
		double s = (double)v->x[i] *
			   m->w[(size_t)v->term[i] * m->nclasses + (size_t)g->cls];
		int k;

		if (s <= 0 || v->wlen[i] > CLASSIFY_WORD_MAX || m->hidden[v->term[i]])
			continue;
		if (n < CLASSIFY_WORDS)
			n++;
		else if (s <= best[n - 1])
			continue;
		for (k = n - 1; k > 0 && best[k - 1] < s; k--) {
			best[k] = best[k - 1];
			pick[k] = pick[k - 1];
		}
		best[k] = s;
		pick[k] = i;
	}
	g->nwords = n;
	for (int k = 0; k < n; k++) {
		memcpy(g->words[k], text + v->woff[pick[k]], v->wlen[pick[k]]);
		g->words[k][v->wlen[pick[k]]] = '\0';
	}
}

int classify_rank(const struct classify_model *m, const char *text,
		  size_t len, struct classify_guess *out, int max)
{
	struct classify_vec v = {0};
	double *p;
	int n = 0;

	if (max <= 0)
		return 0;
	classify_vectorize(m, text, len, &v);
	if (v.n == 0) {
		classify_vec_clear(&v);
		return 0;
	}
	p = xmalloc(m->nclasses * sizeof(*p));
	classify_probs(m, &v, m->temperature, p);
	for (; n < max && (uint32_t)n < m->nclasses; n++) {
		int best = -1;

		for (uint32_t c = 0; c < m->nclasses; c++)
			if (p[c] >= 0 && (best < 0 || p[c] > p[best]))
				best = (int)c;
		out[n].cls = best;
		out[n].p = p[best];
		p[best] = -1; /* taken */
		guess_words(m, &v, text, &out[n]);
	}
	free(p);
	classify_vec_clear(&v);
	return n;
}

int classify_suggest(const struct classify_model *m, const char *text,
		     size_t len, struct classify_guess *out)
{
	if (classify_rank(m, text, len, out, 1) != 1)
		return 0;
	return out->p >= m->threshold && out->nwords > 0;
}

size_t classify_nclasses(const struct classify_model *m)
{
	return m->nclasses;
}

const char *classify_label(const struct classify_model *m, int cls)
{
	return cls >= 0 && (uint32_t)cls < m->nclasses ? m->labels[cls] : NULL;
}

size_t classify_nterms(const struct classify_model *m)
{
	return m->nterms;
}

double classify_threshold(const struct classify_model *m)
{
	return m->threshold;
}

enum classify_lang classify_model_lang(const struct classify_model *m)
{
	return (enum classify_lang)m->lang;
}

enum classify_kind classify_model_kind(const struct classify_model *m)
{
	return (enum classify_kind)m->kind;
}

/* ---- life ---- */

struct classify_model *classify_model_new(uint32_t nclasses, uint32_t nterms)
{
	struct classify_model *m = xcalloc(1, sizeof(*m));

	m->nclasses = nclasses;
	m->nterms = nterms;
	m->labels = xcalloc(nclasses ? nclasses : 1, sizeof(*m->labels));
	m->terms = xcalloc(nterms ? nterms : 1, sizeof(*m->terms));
	m->idf = xcalloc(nterms ? nterms : 1, sizeof(*m->idf));
	m->bias = xcalloc(nclasses ? nclasses : 1, sizeof(*m->bias));
	m->w = xcalloc((size_t)nterms * nclasses + 1, sizeof(*m->w));
	m->hidden = xcalloc(nterms + 1, 1);
	m->temperature = 1.0f;
	m->threshold = (float)CLASSIFY_DEFAULT_THRESHOLD;
	return m;
}

void classify_free(struct classify_model *m)
{
	if (!m)
		return;
	for (uint32_t i = 0; i < m->nclasses; i++)
		free(m->labels[i]);
	for (uint32_t i = 0; i < m->nterms; i++)
		free(m->terms[i]);
	free(m->labels);
	free(m->terms);
	free(m->idf);
	free(m->bias);
	free(m->w);
	free(m->hidden);
	free(m);
}

/* ---- the blob ---- */

struct wbuf {
	unsigned char *p;
	size_t len, cap;
};

static void put(struct wbuf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		while (b->len + n > b->cap)
			b->cap = b->cap ? 2 * b->cap : 4096;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put_u32(struct wbuf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8),
			      (unsigned char)(v >> 16), (unsigned char)(v >> 24)};

	put(b, x, 4);
}

static void put_f32(struct wbuf *b, float f)
{
	uint32_t v;

	memcpy(&v, &f, 4);
	put_u32(b, v);
}

unsigned char *classify_save(const struct classify_model *m, size_t *len)
{
	struct wbuf b = {0};

	put(&b, BLOB_MAGIC, 4);
	put_u32(&b, BLOB_VERSION);
	put_u32(&b, m->lang);
	put_u32(&b, m->kind);
	put_f32(&b, m->temperature);
	put_f32(&b, m->threshold);
	put_u32(&b, m->nclasses);
	put_u32(&b, m->nterms);
	for (uint32_t c = 0; c < m->nclasses; c++) {
		size_t l = strlen(m->labels[c]);
		unsigned char x[2] = {(unsigned char)l, (unsigned char)(l >> 8)};

		put(&b, x, 2);
		put(&b, m->labels[c], l);
	}
	for (uint32_t t = 0; t < m->nterms; t++) {
		unsigned char l = (unsigned char)strlen(m->terms[t]);

		put(&b, &l, 1);
		put(&b, m->terms[t], l);
		put_f32(&b, m->idf[t]);
	}
	for (uint32_t c = 0; c < m->nclasses; c++)
		put_f32(&b, m->bias[c]);
	for (size_t i = 0; i < (size_t)m->nterms * m->nclasses; i++)
		put_f32(&b, m->w[i]);
	*len = b.len;
	return b.p;
}

struct rbuf {
	const unsigned char *p;
	size_t len, at;
	const char *why;
};

static bool take(struct rbuf *r, void *out, size_t n, const char *why)
{
	if (r->why)
		return false;
	if (r->len - r->at < n) {
		r->why = why;
		return false;
	}
	memcpy(out, r->p + r->at, n);
	r->at += n;
	return true;
}

static uint32_t take_u32(struct rbuf *r, const char *why)
{
	unsigned char x[4] = {0};

	take(r, x, 4, why);
	return (uint32_t)x[0] | (uint32_t)x[1] << 8 | (uint32_t)x[2] << 16 |
	       (uint32_t)x[3] << 24;
}

static float take_f32(struct rbuf *r, const char *why)
{
	uint32_t v = take_u32(r, why);
	float f;

	memcpy(&f, &v, 4);
	if (!r->why && !isfinite(f))
		r->why = "a number is not finite";
	return f;
}

/* A string of len bytes without NUL, as a fresh C string; NULL on refusal. */
static char *take_str(struct rbuf *r, size_t len)
{
	char *s;

	if (r->why)
		return NULL;
	if (len == 0 || r->len - r->at < len ||
	    memchr(r->p + r->at, '\0', len)) {
		r->why = "a string is empty, cut off or holds a NUL";
		return NULL;
	}
	s = xstrndup((const char *)r->p + r->at, len);
	r->at += len;
	return s;
}

static void load_labels(struct rbuf *r, struct classify_model *m)
{
	for (uint32_t c = 0; c < m->nclasses && !r->why; c++) {
		unsigned char x[2] = {0};
		size_t l;

		take(r, x, 2, "cut off in the categories");
		l = (size_t)x[0] | (size_t)x[1] << 8;
		if (!r->why && l > CLASSIFY_LABEL_MAX)
			r->why = "a category code is too long";
		m->labels[c] = take_str(r, l);
	}
}

static void load_terms(struct rbuf *r, struct classify_model *m)
{
	for (uint32_t t = 0; t < m->nterms && !r->why; t++) {
		unsigned char l = 0;

		take(r, &l, 1, "cut off in the terms");
		m->terms[t] = take_str(r, l);
		m->idf[t] = take_f32(r, "cut off in the terms");
		if (!r->why && t > 0 && strcmp(m->terms[t - 1], m->terms[t]) >= 0)
			r->why = "the terms are not in ascending order";
	}
}

static void load_header(struct rbuf *r, struct classify_model *m)
{
	m->lang = take_u32(r, "cut off in the header");
	m->kind = take_u32(r, "cut off in the header");
	m->temperature = take_f32(r, "cut off in the header");
	m->threshold = take_f32(r, "cut off in the header");
	if (r->why)
		return;
	if (m->lang > CLASSIFY_ENGLISH || m->kind > CLASSIFY_LR)
		r->why = "unknown language or kind";
	else if (!(m->temperature > 0.001f && m->temperature < 1000.0f))
		r->why = "the temperature is out of range";
	else if (!(m->threshold >= 0.0f && m->threshold <= 1.0f))
		r->why = "the threshold is out of range";
}

struct classify_model *classify_load(const unsigned char *blob, size_t len,
				     const char **why)
{
	struct rbuf r = {blob, len, 0, NULL};
	struct classify_model head = {0}, *m = NULL;
	char magic[4];
	uint32_t nclasses, nterms;

	if (len > CLASSIFY_BLOB_MAX)
		r.why = "the model is too large";
	if (take(&r, magic, 4, "cut off") && memcmp(magic, BLOB_MAGIC, 4) != 0)
		r.why = "not a model";
	if (take_u32(&r, "cut off") != BLOB_VERSION && !r.why)
		r.why = "unknown model version";
	load_header(&r, &head);
	nclasses = take_u32(&r, "cut off in the header");
	nterms = take_u32(&r, "cut off in the header");
	if (!r.why && (nclasses < 2 || nclasses > CLASSIFY_CLASSES_MAX ||
		       nterms < 1 || nterms > CLASSIFY_TERMS_MAX))
		r.why = "too few or too many categories or terms";
	/* the weights alone need this many bytes: refuse before allocating */
	if (!r.why && (uint64_t)nclasses * nterms * 4 > len - r.at)
		r.why = "cut off in the weights";
	if (!r.why) {
		m = classify_model_new(nclasses, nterms);
		m->lang = head.lang;
		m->kind = head.kind;
		m->temperature = head.temperature;
		m->threshold = head.threshold;
		load_labels(&r, m);
		load_terms(&r, m);
		for (uint32_t c = 0; c < nclasses && !r.why; c++)
			m->bias[c] = take_f32(&r, "cut off in the bias");
		for (size_t i = 0; i < (size_t)nterms * nclasses && !r.why; i++)
			m->w[i] = take_f32(&r, "cut off in the weights");
		if (!r.why && r.at != len)
			r.why = "bytes after the model";
	}
	if (r.why) {
		if (why)
			*why = r.why;
		classify_free(m);
		return NULL;
	}
	classify_mark_stop(m);
	return m;
}
