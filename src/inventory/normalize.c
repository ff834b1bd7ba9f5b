/* normalize: see normalize.h.  Names are folded with utf8proc (NFKC, case
 * folding, marks stripped), then split into words at anything that is not
 * a letter or digit; the word lists below are matched against whole
 * words only, so "Huurdersvereniging" keeps its "vereniging". */
#include "inventory/normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "domain/organisation.h"
#include "domain/phone.h"

#define INITIALS_MAX 16

/* --- folding --------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate(s, (utf8proc_ssize_t)n, &c);

	return k > 0 && c > 0 ? (size_t)k : 0;
}

/* A copy of at most NORM_TEXT_MAX bytes of s with invalid bytes and NULs
 * dropped, cut at a character boundary. */
static char *clean_copy(struct arena *ar, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strnlen(s, NORM_TEXT_MAX), i = 0, j = 0, k;
	char *out = arena_alloc(ar, n + 1);

	while (i < n) {
		k = utf8_seq(p + i, n - i);
		if (!k) {
			i++;
			continue;
		}
		memcpy(out + j, p + i, k);
		i += k;
		j += k;
	}
	out[j] = '\0';
	return out;
}

char *norm_fold(struct arena *ar, const char *s)
{
	utf8proc_uint8_t *f = NULL;
	char *clean, *out;

	if (!s)
		return NULL;
	clean = clean_copy(ar, s);
	if (utf8proc_map((const utf8proc_uint8_t *)clean, 0, &f,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
				 UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
				 UTF8PROC_STRIPMARK) < 0)
		return clean;
	out = arena_strdup(ar, (const char *)f);
	free(f);
	return out;
}

/* --- words ----------------------------------------------------------- */

/* Letters and digits make words; apostrophes vanish inside them
 * (a'dam -> adam, 't -> t); everything else separates. */
enum cls { C_SEP, C_WORD, C_JOIN, C_AMP };

static enum cls classify(utf8proc_int32_t c)
{
	if (c == '\'' || c == 0x2019 || c == 0x2018 || c == '`' || c == 0xB4)
		return C_JOIN;
	if (c == '&')
		return C_AMP;
	if (c < 0x80)
		return ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			(c >= 'A' && c <= 'Z'))
			       ? C_WORD
			       : C_SEP;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return C_WORD;
	default:
		return C_SEP;
	}
}

struct words {
	char *w[NORM_TOKENS_MAX];
	bool dot[NORM_TOKENS_MAX]; /* a '.' followed the word ("Fam.") */
	size_t n;
};

static void words_add(struct arena *ar, struct words *ws, const char *s,
		      size_t len, bool dot)
{
	if (len && ws->n < NORM_TOKENS_MAX) {
		ws->dot[ws->n] = dot;
		ws->w[ws->n++] = arena_strndup(ar, s, len);
	}
}

/* Split folded text into words ("&" is the word "en"). */
static void split_words(struct arena *ar, const char *s, struct words *ws)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;
	char word[NORM_TEXT_MAX + 1];
	size_t wl = 0;
	utf8proc_int32_t c;
	enum cls cl;

	ws->n = 0;
	while (i < n) {
		utf8proc_ssize_t r = utf8proc_iterate(p + i,
						      (utf8proc_ssize_t)(n - i), &c);

		k = r > 0 ? (size_t)r : 1; /* folded text is valid; be safe */
		cl = r > 0 ? classify(c) : C_SEP;
		if (cl == C_WORD) {
			if (wl + k <= NORM_TEXT_MAX) { /* folding may grow text */
				memcpy(word + wl, p + i, k);
				wl += k;
			}
		} else if (cl != C_JOIN) {
			words_add(ar, ws, word, wl, c == '.');
			wl = 0;
			if (cl == C_AMP)
				words_add(ar, ws, "en", 2, false);
		}
		i += k;
	}
	words_add(ar, ws, word, wl, false);
}

static bool is_single_letter(const char *w)
{
	return w[0] >= 'a' && w[0] <= 'z' && w[1] == '\0';
}

/* Runs of single letters are one abbreviation: "b v" (from "B.V."),
 * "o b a" (from "O.B.A.") become "bv", "oba". */
static void join_letters(struct arena *ar, struct words *ws)
{
	size_t i = 0, j = 0, k;
	char buf[NORM_TOKENS_MAX + 1];

	while (i < ws->n) {
		k = i;
		while (k < ws->n && is_single_letter(ws->w[k]))
			k++;
		if (k - i >= 2) {
			for (size_t m = i; m < k; m++)
				buf[m - i] = ws->w[m][0];
			ws->dot[j] = false;
			ws->w[j++] = arena_strndup(ar, buf, k - i);
			i = k;
		} else {
			ws->dot[j] = ws->dot[i];
			ws->w[j++] = ws->w[i++];
		}
	}
	ws->n = j;
}

static bool in_set(const char *const *set, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(set[i], w) == 0)
			return true;
	return false;
}

/* Legal forms, Dutch first (with their usual abbreviations), then the
 * foreign ones partner lists of a port city meet. */
static const char *const legal_forms[] = {
	"stichting", "stg", "st", "vereniging", "ver", "vzw", "vof",
	"bv", "nv", "cv", "cooperatie", "cooperatief", "cooperatieve", "coop",
	"ua", "wa", "ba", "vennootschap", "besloten", "naamloze",
	"commanditaire", "firma", "inc", "incorporated", "ltd", "limited",
	"llc", "llp", "corp", "corporation", "gmbh", "plc",
};

static const char *const stop_words[] = {
	"de", "het", "een", "van", "der", "den", "des", "voor", "en", "in",
	"op", "te", "t", "s", "aan", "bij", "the", "of", "and", "for",
};

/* Abbreviations written out, so both spellings meet. */
static const struct {
	const char *abbr, *full;
} abbreviations[] = {
	{"adam", "amsterdam"}, {"bieb", "bibliotheek"},
	{"bibl", "bibliotheek"}, {"gem", "gemeente"},
	{"sd", "stadsdeel"}, {"mij", "maatschappij"},
	{"ctr", "center"}, {"cntr", "center"},
	{"hse", "house"}, {"svc", "service"},
	{"svcs", "services"}, {"assn", "association"},
	{"assoc", "association"}, {"dept", "department"},
	{"natl", "national"}, {"intl", "international"},
	{"univ", "university"}, {"lib", "library"},
};

#define N_LEGAL (sizeof(legal_forms) / sizeof(legal_forms[0]))
#define N_STOP (sizeof(stop_words) / sizeof(stop_words[0]))
#define N_ABBR (sizeof(abbreviations) / sizeof(abbreviations[0]))

static void expand(struct words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		for (size_t k = 0; k < N_ABBR; k++)
			if (strcmp(ws->w[i], abbreviations[k].abbr) == 0) {
				ws->w[i] = (char *)abbreviations[k].full;
				ws->dot[i] = false;
			}
}

/* Keep the words that are in neither set (legal may be skipped). */
static void filter(const struct words *in, struct words *out, bool legal)
{
	out->n = 0;
	for (size_t i = 0; i < in->n; i++) {
		if (in_set(stop_words, N_STOP, in->w[i]))
			continue;
		if (legal && in_set(legal_forms, N_LEGAL, in->w[i]))
			continue;
		out->dot[out->n] = in->dot[i];
		out->w[out->n++] = in->w[i];
	}
}

static char *initials(struct arena *ar, const struct words *ws)
{
	char buf[INITIALS_MAX + 1];
	size_t n = 0;

	for (size_t i = 0; i < ws->n && n < INITIALS_MAX; i++)
		if (ws->w[i][0] >= 'a' && ws->w[i][0] <= 'z')
			buf[n++] = ws->w[i][0];
	return arena_strndup(ar, buf, n);
}

static char *join(struct arena *ar, const struct words *ws, const char *sep)
{
	struct buf b;
	char *out;

	buf_init(&b, NORM_TEXT_MAX * 2);
	for (size_t i = 0; i < ws->n; i++) {
		if (i)
			buf_adds(&b, sep);
		buf_adds(&b, ws->w[i]);
	}
	out = arena_strdup(ar, buf_str(&b));
	buf_release(&b);
	return out;
}

void norm_name(struct arena *ar, const char *s, struct norm_name *out)
{
	struct words all, kept, with_legal;

	memset(out, 0, sizeof(*out));
	split_words(ar, s ? norm_fold(ar, s) : "", &all);
	join_letters(ar, &all);
	expand(&all);
	filter(&all, &kept, true);
	filter(&all, &with_legal, false);
	/* A name of only legal forms or common words ("Stichting") keeps
	 * them rather than becoming nothing. */
	if (!kept.n)
		kept = with_legal.n ? with_legal : all;
	out->text = join(ar, &kept, " ");
	out->key = join(ar, &kept, "");
	out->initials = initials(ar, &kept);
	out->initials_all = initials(ar, &with_legal);
	out->tokens = arena_alloc(ar, (kept.n + 1) * sizeof(*out->tokens));
	memcpy(out->tokens, kept.w, kept.n * sizeof(*out->tokens));
	out->ntokens = kept.n;
	for (size_t i = 0; i < kept.n; i++)
		if (kept.dot[i])
			out->abbrev |= (uint32_t)1 << i;
}

/* --- phone ------------------------------------------------------------ */

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The digits of the first number in s; *intl when it began with '+' or
 * "00".  A "(0)" after an international prefix is skipped. */
static size_t phone_digits(const char *s, char *d, size_t dmax, bool *intl)
{
	size_t n = 0, i = 0, len = strnlen(s, 64);

	*intl = false;
	while (i < len && !is_digit(s[i]) && s[i] != '+')
		i++; /* "tel.", "T:" */
	if (i < len && s[i] == '+') {
		*intl = true;
		i++;
	}
	for (; i < len; i++) {
		char c = s[i];

		if (is_digit(c)) {
			if (n >= dmax)
				return 0;
			d[n++] = c;
		} else if (c == '(' && *intl && i + 2 < len && s[i + 1] == '0' &&
			   s[i + 2] == ')') {
			i += 2;
		} else if (c != ' ' && c != '-' && c != '.' && c != '(' &&
			   c != ')' && c != '\t') {
			break; /* an extension, a second number, words */
		}
	}
	if (!*intl && n >= 2 && d[0] == '0' && d[1] == '0') {
		*intl = true;
		memmove(d, d + 2, n - 2);
		n -= 2;
	}
	return n;
}

/* The number in one spelling, or NULL; not yet held to the rule. */
static char *phone_spelling(struct arena *ar, const char *d, size_t n,
			    bool intl)
{
	/* Fewer than 8 digits match too much (a short service number). */
	if (n < 8 || n > PHONE_DIGITS_MAX)
		return NULL;
	if (intl)
		return arena_printf(ar, "+%.*s", (int)n, d);
	/* National: a Dutch number is the trunk 0 and 9 digits. */
	if (n == 10 && d[0] == '0')
		return arena_printf(ar, "+" NORM_COUNTRY_CODE "%.*s", 9, d + 1);
	if (n == 9 && d[0] != '0')
		return arena_printf(ar, "+" NORM_COUNTRY_CODE "%.*s", 9, d);
	/* Another country's national number: its digits, country unknown. */
	return arena_strndup(ar, d, n);
}

char *norm_phone(struct arena *ar, const char *s)
{
	char d[32], *out;
	bool intl;
	size_t n;

	if (!s || !(n = phone_digits(s, d, sizeof(d), &intl)))
		return NULL;
	out = phone_spelling(ar, d, n, intl);
	/* A matching key is always a number the one rule accepts. */
	return out && phone_valid(out) ? out : NULL;
}

const char *norm_phone_key(const char *phone)
{
	size_t n;

	if (!phone)
		return NULL;
	n = strlen(phone);
	return n >= 9 && strspn(phone + (phone[0] == '+'), "0123456789") ==
					 n - (phone[0] == '+')
		       ? phone + n - 9
		       : NULL;
}

/* --- domains, websites, e-mail ----------------------------------------- */

/* Second-level suffixes under which organisations register one level
 * deeper (a short list: the registrable part of "x.co.uk" is "x.co.uk"). */
static const char *const second_level[] = {
	"co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "org.au", "net.au",
	"co.nz", "org.nz", "co.za", "com.br", "co.jp", "com.tr", "com.cn",
};

static const char *const shared_domains[] = {
	/* mail providers */
	"gmail.com", "googlemail.com", "hotmail.com", "hotmail.nl",
	"outlook.com", "live.nl", "live.com", "msn.com", "yahoo.com",
	"icloud.com", "me.com", "ziggo.nl", "kpnmail.nl", "kpnplanet.nl",
	"planet.nl", "xs4all.nl", "home.nl", "chello.nl", "upcmail.nl",
	"hetnet.nl", "tele2.nl", "online.nl", "casema.nl", "quicknet.nl",
	"aol.com", "protonmail.com", "proton.me", "gmx.com", "gmx.net",
	/* site builders and social media */
	"google.com", "facebook.com", "instagram.com", "linkedin.com",
	"twitter.com", "x.com", "wixsite.com", "wix.com", "jimdo.com",
	"jimdofree.com", "wordpress.com", "blogspot.com", "weebly.com",
	"squarespace.com", "strikingly.com", "webnode.nl", "mijnwebsite.nl",
	"yolasite.com", "linktr.ee",
};

bool norm_domain_shared(const char *domain)
{
	return domain &&
	       in_set(shared_domains,
		      sizeof(shared_domains) / sizeof(shared_domains[0]), domain);
}

static bool host_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c >= 0x80;
}

/* Every label non-empty, at least two, the last of letters. */
static bool host_ok(const char *h)
{
	size_t labels = 0, len = 0, last_start = 0;

	for (size_t i = 0;; i++) {
		if (h[i] == '.' || h[i] == '\0') {
			if (!len)
				return false;
			labels++;
			if (h[i] == '\0')
				break;
			last_start = i + 1;
			len = 0;
		} else if (!host_char((unsigned char)h[i])) {
			return false;
		} else {
			len++;
		}
	}
	if (labels < 2 || strlen(h + last_start) < 2)
		return false;
	for (const char *p = h + last_start; *p; p++)
		if (!is_alpha(*p) && (unsigned char)*p < 0x80)
			return false;
	return true;
}

/* The registrable part of a host name (in place: returns a suffix). */
static const char *registrable(const char *h)
{
	const char *dots[3] = {NULL, NULL, NULL}; /* last three dots */

	for (const char *p = h; *p; p++)
		if (*p == '.') {
			dots[2] = dots[1];
			dots[1] = dots[0];
			dots[0] = p;
		}
	if (!dots[1])
		return h;
	if (in_set(second_level, sizeof(second_level) / sizeof(second_level[0]),
		   dots[1] + 1))
		return dots[2] ? dots[2] + 1 : h;
	return dots[1] + 1;
}

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A trimmed, ASCII-lower-cased copy of at most NORM_TEXT_MAX bytes. */
static char *lower_trim(struct arena *ar, const char *s)
{
	size_t n;
	char *out;

	while (is_space(*s))
		s++;
	n = strnlen(s, NORM_TEXT_MAX);
	while (n && is_space(s[n - 1]))
		n--;
	out = arena_strndup(ar, s, n);
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

char *norm_website(struct arena *ar, const char *s)
{
	char *h, *p, *end;
	size_t n;

	if (!s)
		return NULL;
	h = lower_trim(ar, s);
	if ((p = strstr(h, "://")) != NULL && (size_t)(p - h) <= 10)
		h = p + 3;
	else if (h[0] == '/' && h[1] == '/')
		h += 2;
	n = strcspn(h, "/?#");
	h[n] = '\0';
	if ((p = strrchr(h, '@')) != NULL)
		h = p + 1; /* user:password@ */
	if ((end = strchr(h, ':')) != NULL)
		*end = '\0'; /* port */
	n = strlen(h);
	if (n && h[n - 1] == '.')
		h[n - 1] = '\0';
	if (!host_ok(h))
		return NULL;
	return arena_strdup(ar, registrable(h));
}

char *norm_email(struct arena *ar, const char *s)
{
	char *e, *at;

	if (!s)
		return NULL;
	e = lower_trim(ar, s);
	if (strncmp(e, "mailto:", 7) == 0)
		e += 7;
	at = strchr(e, '@');
	if (!at || at == e || strchr(at + 1, '@') || strpbrk(e, " \t<>,;\"") ||
	    !host_ok(at + 1))
		return NULL;
	return e;
}

char *norm_email_domain(struct arena *ar, const char *email)
{
	const char *at = email ? strchr(email, '@') : NULL;

	return at ? arena_strdup(ar, registrable(at + 1)) : NULL;
}

/* --- addresses, postcodes, KvK ------------------------------------------ */

char *norm_postcode(struct arena *ar, const char *s)
{
	char a[16];
	size_t n = 0;

	if (!s)
		return NULL;
	for (size_t i = 0; i < 64 && s[i]; i++) {
		char c = s[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (is_digit(c) || (c >= 'A' && c <= 'Z')) {
			if (n >= sizeof(a) - 1)
				return NULL;
			a[n++] = c;
		} else if (c != ' ' && c != '-' && c != '\t') {
			return NULL;
		}
	}
	a[n] = '\0';
	/* A US ZIP+4 ("94025-9881") is the same area as its ZIP. */
	if (n == 9 && strspn(a, "0123456789") == 9)
		n = 5;
	return n >= 3 && n <= 10 ? arena_strndup(ar, a, n) : NULL;
}

static bool is_ordinal_suffix(const char *s)
{
	static const char *const ord[] = {"e", "de", "ste", "st", "nd", "rd",
					  "th"};

	return in_set(ord, sizeof(ord) / sizeof(ord[0]), s);
}

char *norm_house_number(struct arena *ar, const char *address)
{
	struct words ws;
	size_t d;

	if (!address)
		return NULL;
	split_words(ar, norm_fold(ar, address), &ws);
	for (size_t i = 0; i < ws.n; i++) {
		d = strspn(ws.w[i], "0123456789");
		if (d && d <= 6 && !is_ordinal_suffix(ws.w[i] + d))
			return arena_strndup(ar, ws.w[i], d);
	}
	return NULL;
}

static const struct {
	const char *abbr, *full;
} street_words[] = {
	{"str", "straat"}, {"ln", "laan"}, {"pln", "plein"}, {"gr", "gracht"},
	{"ave", "avenue"}, {"av", "avenue"}, {"rd", "road"}, {"st", "street"},
	{"blvd", "boulevard"}, {"dr", "drive"}, {"pkwy", "parkway"},
	{"first", "1st"}, {"second", "2nd"}, {"third", "3rd"},
	{"fourth", "4th"}, {"fifth", "5th"}, {"eerste", "1e"},
	{"tweede", "2e"}, {"derde", "3e"},
};

static const char *street_word(struct arena *ar, const char *w)
{
	size_t n = strlen(w);

	for (size_t k = 0; k < sizeof(street_words) / sizeof(street_words[0]); k++)
		if (strcmp(w, street_words[k].abbr) == 0)
			return street_words[k].full;
	if (n > 3 && strcmp(w + n - 3, "str") == 0) /* "Kinkerstr." */
		return arena_printf(ar, "%.*sstraat", (int)(n - 3), w);
	return w;
}

char *norm_street(struct arena *ar, const char *address)
{
	struct words ws, out;
	size_t d;

	if (!address)
		return NULL;
	split_words(ar, norm_fold(ar, address), &ws);
	out.n = 0;
	for (size_t i = 0; i < ws.n; i++) {
		d = strspn(ws.w[i], "0123456789");
		if (d && !is_ordinal_suffix(ws.w[i] + d))
			continue; /* house numbers and their additions */
		out.dot[out.n] = false;
		out.w[out.n++] = (char *)street_word(ar, ws.w[i]);
	}
	/* "Kinkerstraat 12 hs": a lone letter after the number is its
	 * addition, as are "hs" (huis) and "bg" (begane grond). */
	while (out.n && (strlen(out.w[out.n - 1]) == 1 ||
			 strcmp(out.w[out.n - 1], "hs") == 0 ||
			 strcmp(out.w[out.n - 1], "bg") == 0))
		out.n--;
	return out.n ? join(ar, &out, " ") : NULL;
}

char *norm_city(struct arena *ar, const char *s)
{
	struct words ws;

	if (!s)
		return NULL;
	split_words(ar, norm_fold(ar, s), &ws);
	return ws.n ? join(ar, &ws, " ") : NULL;
}

char *norm_kvk(struct arena *ar, const char *s)
{
	char d[16];
	size_t n = 0, i = 0, len;

	if (!s)
		return NULL;
	len = strnlen(s, 64);
	/* "KvK", "KvK-nummer:", "nr." before the digits */
	for (; i < len && !is_digit(s[i]); i++)
		if (!is_alpha(s[i]) && !strchr(" \t.:-#", s[i]))
			return NULL;
	for (; i < len; i++) {
		if (is_digit(s[i])) {
			if (n >= sizeof(d) - 1)
				return NULL;
			d[n++] = s[i];
		} else if (!strchr(" \t.-", s[i])) {
			return NULL;
		}
	}
	d[n] = '\0';
	if (n == ORG_KVK_LEN - 1) { /* a spreadsheet dropped the leading zero */
		memmove(d + 1, d, n + 1);
		d[0] = '0';
	}
	/* What is read must be a KvK number by the one rule. */
	return org_kvk_valid(d) ? arena_strdup(ar, d) : NULL;
}

/* --- records ------------------------------------------------------------ */

void norm_record(struct arena *ar, const struct norm_input *in,
		 struct norm_rec *out)
{
	memset(out, 0, sizeof(*out));
	norm_name(ar, in->name, &out->name);
	out->kvk = norm_kvk(ar, in->kvk);
	out->email = norm_email(ar, in->email);
	out->domain = norm_website(ar, in->website);
	if (!out->domain && out->email) {
		char *d = norm_email_domain(ar, out->email);

		out->domain = norm_domain_shared(d) ? NULL : d;
	}
	if (norm_domain_shared(out->domain))
		out->domain = NULL;
	out->phone = norm_phone(ar, in->phone);
	out->phone_key = (char *)norm_phone_key(out->phone);
	out->postcode = norm_postcode(ar, in->postcode);
	out->house_number = norm_house_number(ar, in->address);
	out->street = norm_street(ar, in->address);
	out->city = norm_city(ar, in->city);
}
