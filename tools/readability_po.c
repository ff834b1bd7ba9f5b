/* readability_po: the project's own texts for residents pass the check
 * they ask of others (docs/plain-language.md).  Run by scripts/lint.sh:
 *
 *   readability_po po/wijkagenda.pot SOURCE...
 *
 * Every msgid (and msgid_plural) of the catalogue template whose "#:"
 * locations name one of the SOURCE files is checked with
 * text/readability.h: no officialese word of the list and no sentence of
 * more than READABILITY_LONG_SENTENCE words in any of them, and a
 * Flesch-Douma score of READABILITY_TARGET or more for those of
 * READABILITY_MIN_WORDS words or more.  A printf conversion (%s, %d,
 * %lld) is read as the one-syllable word "iets".  Prints one line a
 * finding; exits 1 when there is one, 2 when the template cannot be read.
 * Build tool only, never in the server. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "text/readability.h"

struct entry {
	struct buf loc;	 /* the "#:" lines, space separated */
	struct buf text[2]; /* msgid, msgid_plural */
	int field;	 /* -1: none; 0 msgid; 1 msgid_plural; 2 msgstr */
};

/* The C escapes of a quoted PO line into b. */
static void unquote(struct buf *b, const char *s)
{
	const char *q = strchr(s, '"');

	if (!q)
		return;
	for (s = q + 1; *s && *s != '"'; s++) {
		if (*s != '\\' || !s[1]) {
			buf_addc(b, *s);
			continue;
		}
		s++;
		buf_addc(b, *s == 'n' ? '\n' : *s == 't' ? '\t' : *s);
	}
}

/* A printf conversion at s: its length, else 0. */
static size_t conversion(const char *s)
{
	size_t n = 1;

	if (s[0] != '%' || s[1] == '%')
		return 0;
	n += strspn(s + n, "-+ #0123456789.*");
	n += strspn(s + n, "hlLqjzt");
	return strchr("diouxXeEfgGcsp", s[n]) && s[n] ? n + 1 : 0;
}

static char *words_only(const struct buf *b)
{
	struct buf out;
	char *s;

	buf_init(&out, 1 << 20);
	for (size_t i = 0; i < b->len;) {
		size_t n = conversion(b->data + i);

		if (n) {
			buf_adds(&out, "iets");
			i += n;
		} else if (b->data[i] == '%' && b->data[i + 1] == '%') {
			buf_addc(&out, '%');
			i += 2;
		} else {
			buf_addc(&out, b->data[i++]);
		}
	}
	buf_addc(&out, '\0');
	s = strdup(out.data);
	buf_release(&out);
	return s;
}

static bool for_residents(const struct entry *e, char **sources, int n,
			  const char **which)
{
	for (int i = 0; i < n; i++) {
		const char *p = e->loc.data;
		size_t len = strlen(sources[i]);

		while (p && (p = strstr(p, sources[i])) != NULL) {
			if ((p == e->loc.data || p[-1] == ' ') &&
			    (p[len] == ' ' || p[len] == '\0' || p[len] == ':')) {
				*which = sources[i];
				return true;
			}
			p += len;
		}
	}
	return false;
}

/* The start of a finding's line: the file and the start of the text. */
static void finding(const char *where, const char *text)
{
	int n = 0;

	printf("%s: \"", where);
	for (; *text && n < 70; text++, n++)
		putchar(*text == '\n' ? ' ' : *text);
	fputs(*text ? "...\": " : "\": ", stdout);
}

static int check_text(const char *where, const char *text)
{
	struct arena ar;
	struct readability r;
	int findings = 0;

	arena_init(&ar);
	if (readability_check(&ar, text, &r) != ERR_OK) {
		finding(where, text);
		puts("not readable UTF-8");
		arena_clear(&ar);
		return 1;
	}
	for (size_t i = 0; i < r.nplain; i++, findings++) {
		finding(where, text);
		printf("officialese \"%s\", write \"%s\"\n", r.plain[i].word,
		       r.plain[i].instead);
	}
	for (size_t i = 0; i < r.nlong; i++, findings++) {
		finding(where, text);
		printf("a sentence of %d words (at most %d)\n",
		       r.long_sentences[i].words, READABILITY_LONG_SENTENCE);
	}
	if (!r.indicative && r.score < READABILITY_TARGET) {
		finding(where, text);
		printf("Flesch-Douma %.1f (at least %d)\n", r.score, READABILITY_TARGET);
		findings++;
	}
	arena_clear(&ar);
	return findings;
}

static int finish(struct entry *e, char **sources, int n, int *checked)
{
	const char *which = NULL;
	int findings = 0;

	buf_addc(&e->loc, '\0');
	if (e->text[0].len && for_residents(e, sources, n, &which)) {
		for (int k = 0; k < 2; k++) {
			char *t;

			if (!e->text[k].len)
				continue;
			buf_addc(&e->text[k], '\0');
			t = words_only(&e->text[k]);
			findings += check_text(which, t);
			(*checked)++;
			free(t);
		}
	}
	for (int k = 0; k < 2; k++)
		buf_reset(&e->text[k]);
	buf_reset(&e->loc);
	e->field = -1;
	return findings;
}

static void read_line(struct entry *e, const char *line)
{
	if (strncmp(line, "#: ", 3) == 0) {
		buf_addc(&e->loc, ' ');
		buf_add(&e->loc, line + 3, strcspn(line + 3, "\n"));
	} else if (strncmp(line, "msgid_plural ", 13) == 0) {
		e->field = 1;
		unquote(&e->text[1], line);
	} else if (strncmp(line, "msgid ", 6) == 0) {
		e->field = 0;
		unquote(&e->text[0], line);
	} else if (strncmp(line, "msgstr", 6) == 0) {
		e->field = 2;
	} else if (line[0] == '"' && (e->field == 0 || e->field == 1)) {
		unquote(&e->text[e->field], line);
	}
}

int main(int argc, char **argv)
{
	struct entry e = {.field = -1};
	int findings = 0, checked = 0;
	char line[8192];
	FILE *f;

	if (argc < 3) {
		fputs("usage: readability_po TEMPLATE.pot SOURCE...\n", stderr);
		return 2;
	}
	if (!(f = fopen(argv[1], "r"))) {
		perror(argv[1]);
		return 2;
	}
	buf_init(&e.loc, 1 << 16);
	buf_init(&e.text[0], 1 << 20);
	buf_init(&e.text[1], 1 << 20);
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '\n')
			findings += finish(&e, argv + 2, argc - 2, &checked);
		else
			read_line(&e, line);
	}
	findings += finish(&e, argv + 2, argc - 2, &checked);
	fclose(f);
	if (!readability_hyphen_loaded())
		fprintf(stderr, "readability_po: no %s; counting by the vowels alone\n",
			READABILITY_HYPHEN_DICT);
	fprintf(stderr, "readability_po: %d texts for residents checked, %d findings\n",
		checked, findings);
	return findings ? 1 : 0;
}
