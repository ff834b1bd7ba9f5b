/* similar: see similar.h for the measures and the weights. */
#include "inventory/similar.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define JW_MAX 64
#define TRI_MAX 128
#define WORDS_MAX (2 * NORM_TOKENS_MAX)

/* --- string measures ----------------------------------------------------- */

double sim_jaro_winkler(const char *a, const char *b)
{
	size_t la = strnlen(a, JW_MAX), lb = strnlen(b, JW_MAX), win, m = 0,
	       t = 0, k = 0, prefix = 0;
	bool ma[JW_MAX] = {false}, mb[JW_MAX] = {false};
	double jaro;

	if (!la && !lb)
		return 1.0;
	if (!la || !lb)
		return 0.0;
	win = (la > lb ? la : lb) / 2;
	win = win ? win - 1 : 0;
	for (size_t i = 0; i < la; i++) {
		size_t lo = i > win ? i - win : 0, hi = i + win + 1 < lb ? i + win + 1 : lb;

		for (size_t j = lo; j < hi; j++)
			if (!mb[j] && a[i] == b[j]) {
				ma[i] = mb[j] = true;
				m++;
				break;
			}
	}
	if (!m)
		return 0.0;
	for (size_t i = 0; i < la; i++) {
		if (!ma[i])
			continue;
		while (!mb[k])
			k++;
		if (a[i] != b[k++])
			t++;
	}
	jaro = ((double)m / (double)la + (double)m / (double)lb +
		((double)m - (double)t / 2.0) / (double)m) /
	       3.0;
	while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix])
		prefix++;
	return jaro + (double)prefix * 0.1 * (1.0 - jaro);
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

/* Trigrams of "\1\1" s "\1" as 24-bit numbers, sorted. */
static size_t trigrams(const char *s, uint32_t *out)
{
	unsigned char p[TRI_MAX + 3];
	size_t n = strnlen(s, TRI_MAX), k = 0;

	p[0] = p[1] = 1;
	memcpy(p + 2, s, n);
	p[n + 2] = 1;
	for (size_t i = 0; i + 2 < n + 3; i++)
		out[k++] = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
	qsort(out, k, sizeof(*out), cmp_u32);
	return k;
}

double sim_trigram(const char *a, const char *b)
{
	uint32_t ta[TRI_MAX + 1], tb[TRI_MAX + 1];
	size_t na, nb, i = 0, j = 0, common = 0;

	if (!*a && !*b)
		return 1.0;
	if (!*a || !*b)
		return 0.0;
	na = trigrams(a, ta);
	nb = trigrams(b, tb);
	while (i < na && j < nb) {
		if (ta[i] == tb[j]) {
			common++;
			i++;
			j++;
		} else if (ta[i] < tb[j]) {
			i++;
		} else {
			j++;
		}
	}
	return 2.0 * (double)common / (double)(na + nb);
}

/* --- words ----------------------------------------------------------------- */

struct wordlist {
	const char *w[WORDS_MAX];
	bool dot[WORDS_MAX]; /* written as an abbreviation ("Fam.") */
	size_t n;
};

static void wordlist_of(const struct norm_name *nm, struct wordlist *wl)
{
	wl->n = 0;
	for (size_t i = 0; i < nm->ntokens && wl->n < WORDS_MAX; i++) {
		wl->dot[wl->n] = i < 32 && (nm->abbrev >> i & 1);
		wl->w[wl->n++] = nm->tokens[i];
	}
}

/* "fam" written "Fam." abbreviates "family": a proper prefix of at least
 * two letters. */
static bool abbreviates(const char *abbr, bool dot, const char *word)
{
	size_t n = strlen(abbr);

	return dot && n >= 2 && n < strlen(word) && strncmp(abbr, word, n) == 0;
}

static double word_match(const struct wordlist *a, size_t i,
			 const struct wordlist *b, size_t j)
{
	const char *x = a->w[i], *y = b->w[j];
	double jw;

	if (strcmp(x, y) == 0)
		return 1.0;
	if (abbreviates(x, a->dot[i], y) || abbreviates(y, b->dot[j], x))
		return SIM_ABBREV;
	if (strlen(x) < 4 || strlen(y) < 4)
		return 0.0;
	jw = sim_jaro_winkler(x, y);
	return jw >= SIM_WORD_JW ? jw : 0.0;
}

/* Greedy one-to-one matching; the sum of the matches. */
static double matched(const struct wordlist *a, const struct wordlist *b)
{
	bool used[WORDS_MAX] = {false};
	double sum = 0.0, best, m;
	size_t bj;

	for (size_t i = 0; i < a->n; i++) {
		best = 0.0;
		bj = b->n;
		for (size_t j = 0; j < b->n; j++) {
			if (used[j] || (m = word_match(a, i, b, j)) <= best)
				continue;
			best = m;
			bj = j;
		}
		if (bj < b->n) {
			used[bj] = true;
			sum += best;
		}
	}
	return sum;
}

static double jaccard(const struct wordlist *a, const struct wordlist *b,
		      double m)
{
	double d = (double)(a->n + b->n) - m;

	return d > 0 ? m / d : 1.0;
}

/* Jaccard, and containment when both have two words or more. */
static double words_score(const struct wordlist *a, const struct wordlist *b)
{
	double m, s;
	size_t least = a->n < b->n ? a->n : b->n;

	if (!a->n || !b->n)
		return 0.0;
	m = matched(a, b);
	s = jaccard(a, b, m);
	if (least >= 2 && SIM_CONTAINMENT * m / (double)least > s)
		s = SIM_CONTAINMENT * m / (double)least;
	return s;
}

double sim_token_jaccard(const struct norm_name *a, const struct norm_name *b)
{
	struct wordlist wa, wb;

	wordlist_of(a, &wa);
	wordlist_of(b, &wb);
	if (!wa.n && !wb.n)
		return 1.0;
	return wa.n && wb.n ? jaccard(&wa, &wb, matched(&wa, &wb)) : 0.0;
}

static bool all_letters(const char *s)
{
	for (; *s; s++)
		if (*s < 'a' || *s > 'z')
			return false;
	return true;
}

/* Whether w abbreviates the first strlen(w) words of b. */
static bool initials_of_first(const char *w, const struct wordlist *b)
{
	size_t n = strlen(w);

	if (n < 2 || n > 6 || n > b->n || !all_letters(w))
		return false;
	for (size_t i = 0; i < n; i++)
		if (b->w[i][0] != w[i])
			return false;
	return true;
}

static void add_word(struct wordlist *out, const struct wordlist *from,
		     size_t i)
{
	out->dot[out->n] = from->dot[i];
	out->w[out->n++] = from->w[i];
}

/* a with its first abbreviation of b's first words written out; false
 * when a has none. */
static bool expand_acronym(const struct wordlist *a, const struct wordlist *b,
			   struct wordlist *out)
{
	size_t k;

	for (size_t i = 0; i < a->n; i++) {
		if (!initials_of_first(a->w[i], b))
			continue;
		k = strlen(a->w[i]);
		out->n = 0;
		for (size_t j = 0; j < i; j++)
			add_word(out, a, j);
		for (size_t j = 0; j < k && out->n < WORDS_MAX; j++)
			add_word(out, b, j);
		for (size_t j = i + 1; j < a->n && out->n < WORDS_MAX; j++)
			add_word(out, a, j);
		return true;
	}
	return false;
}

static bool is_acronym(const struct norm_name *a, const struct norm_name *b)
{
	size_t n;

	if (a->ntokens != 1 || b->ntokens < 2)
		return false;
	n = strlen(a->tokens[0]);
	return n >= 2 && n <= 8 && all_letters(a->tokens[0]) &&
	       (strcmp(a->tokens[0], b->initials) == 0 ||
		strcmp(a->tokens[0], b->initials_all) == 0);
}

static double max2(double a, double b)
{
	return a > b ? a : b;
}

double sim_names(const struct norm_name *a, const struct norm_name *b)
{
	struct wordlist wa, wb, x;
	double s, t;

	if (!a->ntokens || !b->ntokens)
		return 0.0;
	wordlist_of(a, &wa);
	wordlist_of(b, &wb);
	s = words_score(&wa, &wb);
	t = sim_trigram(a->key, b->key);
	if (t >= SIM_TRIGRAM_MIN)
		s = max2(s, t);
	if (is_acronym(a, b) || is_acronym(b, a))
		s = max2(s, SIM_ACRONYM);
	if (expand_acronym(&wa, &wb, &x))
		s = max2(s, words_score(&x, &wb));
	if (expand_acronym(&wb, &wa, &x))
		s = max2(s, words_score(&wa, &x));
	return s > 1.0 ? 1.0 : s;
}

/* --- evidence ------------------------------------------------------------- */

#define W_BIAS -1.0
#define W_KVK_SAME 8.0
#define W_KVK_DIFF -8.0
#define W_DOMAIN_SAME 2.5
#define W_DOMAIN_DIFF -1.5
#define W_EMAIL_SAME 2.0
#define W_PHONE_SAME 5.0
#define W_PHONE_DIFF -0.5
#define W_ADDRESS_SAME 2.5
#define W_ADDRESS_DIFF -0.5

/* The name's points: linear between these knots. */
static const double name_knots[][2] = {
	{0.0, -6.0}, {0.5, -2.5}, {0.7, 0.0}, {0.85, 3.0}, {1.0, 5.0},
};

static double name_points(double s)
{
	size_t n = sizeof(name_knots) / sizeof(name_knots[0]);

	for (size_t i = 1; i < n; i++)
		if (s <= name_knots[i][0]) {
			double x0 = name_knots[i - 1][0], y0 = name_knots[i - 1][1],
			       x1 = name_knots[i][0], y1 = name_knots[i][1];

			return y0 + (s - x0) / (x1 - x0) * (y1 - y0);
		}
	return name_knots[n - 1][1];
}

static enum sim_agree same(const char *a, const char *b)
{
	if (!a || !b)
		return SIM_UNKNOWN;
	return strcmp(a, b) == 0 ? SIM_AGREE : SIM_DIFFER;
}

static bool city_compatible(const struct norm_rec *a, const struct norm_rec *b)
{
	return !a->city || !b->city || strcmp(a->city, b->city) == 0;
}

/* Postcode and house number when both have them; else street, number
 * and place. */
static enum sim_agree address(const struct norm_rec *a, const struct norm_rec *b)
{
	if (!a->house_number || !b->house_number)
		return SIM_UNKNOWN;
	if (a->postcode && b->postcode)
		return strcmp(a->postcode, b->postcode) == 0 &&
				       strcmp(a->house_number, b->house_number) == 0
			       ? SIM_AGREE
			       : SIM_DIFFER;
	if (!a->street || !b->street)
		return SIM_UNKNOWN;
	return strcmp(a->house_number, b->house_number) == 0 &&
			       sim_jaro_winkler(a->street, b->street) >= SIM_WORD_JW &&
			       city_compatible(a, b)
		       ? SIM_AGREE
		       : SIM_DIFFER;
}

static double points(enum sim_agree v, double agree, double differ)
{
	return v == SIM_AGREE ? agree : v == SIM_DIFFER ? differ : 0.0;
}

void sim_compare(const struct norm_rec *a, const struct norm_rec *b,
		 struct sim_detail *out)
{
	double p;

	memset(out, 0, sizeof(*out));
	out->name = sim_names(&a->name, &b->name);
	out->kvk = same(a->kvk, b->kvk);
	out->domain = same(a->domain, b->domain);
	out->email = same(a->email, b->email);
	out->phone = same(a->phone_key, b->phone_key);
	out->address = address(a, b);
	p = W_BIAS + name_points(out->name);
	p += points(out->kvk, W_KVK_SAME, W_KVK_DIFF);
	p += points(out->domain, W_DOMAIN_SAME, W_DOMAIN_DIFF);
	p += points(out->email, W_EMAIL_SAME, 0.0);
	p += points(out->phone, W_PHONE_SAME, W_PHONE_DIFF);
	p += points(out->address, W_ADDRESS_SAME, W_ADDRESS_DIFF);
	out->points = p;
	out->score = 1.0 / (1.0 + exp(-p));
}
