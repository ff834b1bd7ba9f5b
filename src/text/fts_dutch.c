/* fts_dutch: see fts_dutch.h. */
#include "fts_dutch.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/util.h"
#include "text/words.h"

struct dutch_tok {
	struct sb_stemmer *stemmer;
};

int fts_dutch_stem_word(const char *word, int len, char *out, int outlen)
{
	struct sb_stemmer *s = sb_stemmer_new("dutch", "UTF_8");
	int n;

	if (!s)
		return -1;
	n = words_fold_stem(s, word, len, out, outlen);
	sb_stemmer_delete(s);
	return n;
}

static int tok_create(void *ctx, const char **argv, int argc,
		      Fts5Tokenizer **out)
{
	struct dutch_tok *t = xcalloc(1, sizeof(*t));

	(void)ctx;
	(void)argv;
	(void)argc;
	t->stemmer = sb_stemmer_new("dutch", "UTF_8");
	if (!t->stemmer) {
		free(t);
		return SQLITE_NOMEM;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p)
{
	struct dutch_tok *t = (struct dutch_tok *)p;

	sb_stemmer_delete(t->stemmer);
	free(t);
}

typedef int (*token_cb)(void *, int, const char *, int, int, int);

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags,
			const char *text, int len, token_cb emit)
{
	struct dutch_tok *t = (struct dutch_tok *)p;
	char stem[FTS_DUTCH_MAX_WORD * 4 + 8];
	int i = 0, start = -1, rc = SQLITE_OK;

	(void)flags;
	while (i <= len && rc == SQLITE_OK) {
		utf8proc_int32_t c = 0;
		utf8proc_ssize_t n = 1;
		bool word = false;

		if (i < len) {
			n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
					     len - i, &c);
			if (n <= 0)
				n = 1; /* invalid byte: a separator */
			else
				word = words_char(c);
		}
		if (word && start < 0)
			start = i;
		if (!word && start >= 0) {
			int sl = i - start <= FTS_DUTCH_MAX_WORD
					 ? words_fold_stem(t->stemmer, text + start, i - start,
						     stem, (int)sizeof(stem))
					 : -1;

			if (sl > 0)
				rc = emit(ctx, 0, stem, sl, start, i);
			start = -1;
		}
		i += (int)n;
	}
	return rc;
}

static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int fts_dutch_register(sqlite3 *db)
{
	static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
	fts5_api *api = fts5_api_of(db);

	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	return api->xCreateTokenizer(api, "dutch", NULL, &tok, NULL);
}
