/* i18n: see i18n.h. */
#include "i18n.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static locale_t locales[LANG_COUNT];
static const char *const codes[LANG_COUNT] = {"nl", "en"};

int i18n_init(const char *localedir)
{
	static const char *const en_names[] = {"en_GB.UTF-8", "en_US.UTF-8",
					       "C.UTF-8"};
	int rc = 0;

	bindtextdomain("wijkagenda", localedir ? localedir : LOCALEDIR);
	bind_textdomain_codeset("wijkagenda", "UTF-8");
	textdomain("wijkagenda");
	locales[LANG_NL] = newlocale(LC_MESSAGES_MASK | LC_CTYPE_MASK,
				     "C.UTF-8", (locale_t)0);
	for (size_t i = 0; i < 3 && !locales[LANG_EN]; i++) {
		locales[LANG_EN] = newlocale(LC_MESSAGES_MASK | LC_CTYPE_MASK,
					     en_names[i], (locale_t)0);
		if (locales[LANG_EN] && i == 2)
			rc = -1;
	}
	if (!locales[LANG_NL] || !locales[LANG_EN])
		return -1;
	return rc;
}

#define I18N_CACHE 1024 /* power of two */

struct i18n_slot {
	const char *msgid, *text;
	int lang;
};

static _Thread_local struct i18n_slot cache[I18N_CACHE];
static _Thread_local int current_lang;

enum lang i18n_current(void)
{
	return (enum lang)current_lang;
}

void i18n_use(enum lang lang)
{
	if ((unsigned)lang < LANG_COUNT && locales[lang]) {
		uselocale(locales[lang]);
		current_lang = (int)lang;
	}
}

const char *i18n_text(const char *msgid)
{
	uintptr_t h = (uintptr_t)msgid;
	struct i18n_slot *s;

	h = (h >> 4) ^ (h >> 13) ^ (uintptr_t)current_lang * 0x9e37u;
	s = &cache[h & (I18N_CACHE - 1)];
	if (s->msgid == msgid && s->lang == current_lang && s->text)
		return s->text;
	s->msgid = msgid;
	s->lang = current_lang;
	s->text = gettext(msgid);
	return s->text;
}

const char *i18n_code(enum lang lang)
{
	return (unsigned)lang < LANG_COUNT ? codes[lang] : codes[LANG_NL];
}

int i18n_parse(const char *code)
{
	for (int i = 0; i < LANG_COUNT; i++)
		if (code && strcmp(code, codes[i]) == 0)
			return i;
	return -1;
}

/* RFC 9110 qvalue: "0" ["." 0-3 digits] or "1" ["." 0-3 zeros]; anything
 * else counts as 0, so a bogus weight never outranks a real one. */
static double qvalue(const char *p)
{
	double q = 0, scale = 0.1;
	int digits = 0;

	if (*p != '0' && *p != '1')
		return 0;
	q = *p++ - '0';
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9' && digits < 3; p++, digits++) {
			q += (*p - '0') * scale;
			scale /= 10;
		}
	if (*p && *p != ',' && *p != ';' && *p != ' ')
		return 0;
	return q > 1 ? 0 : q;
}

/* One entry of Accept-Language: its primary subtag, lower-cased, and q. */
static const char *al_entry(const char *p, char *tag, size_t tagsz, double *q)
{
	size_t n = 0;
	int primary = 1;

	*q = 1.0;
	while (*p == ' ' || *p == ',')
		p++;
	for (; *p && *p != ',' && *p != ';'; p++) {
		if (*p == '-')
			primary = 0;
		else if (primary && *p != ' ' && n + 1 < tagsz)
			tag[n++] = (char)(*p | 0x20);
	}
	tag[n] = '\0';
	while (*p == ';') {
		p++;
		while (*p == ' ')
			p++;
		if (p[0] == 'q' && p[1] == '=')
			*q = qvalue(p + 2);
		while (*p && *p != ',' && *p != ';')
			p++;
	}
	return p;
}

enum lang i18n_negotiate(const char *al)
{
	enum lang best = LANG_NL;
	double best_q = 0.0;
	int guard = 0;

	if (!al)
		return LANG_NL;
	while (*al && guard++ < 32) {
		char tag[16];
		double q;
		int l;

		al = al_entry(al, tag, sizeof(tag), &q);
		l = i18n_parse(tag);
		if (l < 0 || !(q > best_q))
			continue;
		best = (enum lang)l;
		best_q = q;
		/* ties keep the earlier entry */
	}
	return best;
}
