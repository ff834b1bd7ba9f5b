/* fts_dutch: an FTS5 tokenizer for Dutch, so that a search for
 * "lantaarnpalen" finds "lantaarnpaal" and "schulden" finds "schuld".
 *
 * Words are runs of letters and digits (Unicode categories L, N and
 * combining marks), case-folded and NFC-composed with utf8proc, then
 * stemmed with libstemmer's Snowball Dutch stemmer.  Words longer than
 * FTS_DUTCH_MAX_WORD bytes are skipped (no Dutch word is that long; it
 * keeps hostile input cheap).  Use it as
 *
 *   CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'dutch');
 *
 * fts_dutch_register() must run on every connection that touches such a
 * table (db_open does it).  The tokenizer keeps one stemmer per table
 * instance, and SQLite uses a connection from one thread at a time. */
#ifndef WA_FTS_DUTCH_H
#define WA_FTS_DUTCH_H

#include <sqlite3.h>

#define FTS_DUTCH_MAX_WORD 128

/* Returns SQLITE_OK or an SQLite error code. */
int fts_dutch_register(sqlite3 *db);
/* The stemmed, folded form of one word into out (NUL-terminated); returns
 * its length, or -1 when it does not fit or is no word.  For tests and for
 * highlighting. */
int fts_dutch_stem_word(const char *word, int len, char *out, int outlen);

#endif
