/* csv: a strict RFC 4180 reader for partner lists, with hard limits.
 *
 * Accepted: fields separated by a comma, or by a semicolon (what Dutch
 * spreadsheets write; with delim 0 the first line decides: the one that
 * occurs more often outside quotes), records ended by CRLF or LF, the last
 * one with or without a line break; fields in double quotes may hold the
 * separator, line breaks and doubled quotes ("" is one "); a UTF-8 byte
 * order mark at the very start is skipped.
 *
 * Refused, each with the line and column where it happens (lines count
 * from 1 and include the line breaks inside quoted fields; columns count
 * characters from 1): a quote that is never closed (reported where it
 * opened), a quote inside an unquoted field, anything but a separator or a
 * line break after a closing quote, a bare CR, a NUL byte, invalid UTF-8
 * (overlong forms, surrogates and code points past U+10FFFF included), an
 * empty line, a record with more or fewer fields than the first one, and
 * input past the limits below.
 *
 * Everything lives in the caller's arena; on failure *out is empty.  The
 * reader never reads past len and needs no NUL at the end. */
#ifndef WA_INVENTORY_CSV_H
#define WA_INVENTORY_CSV_H
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

#define CSV_MAX_BYTES ((size_t)16 << 20) /* 16 MiB */
#define CSV_MAX_ROWS 100000		 /* records, the header included */
#define CSV_MAX_COLS 64
#define CSV_MAX_FIELD ((size_t)64 << 10) /* bytes of one field, unescaped */

struct csv_pos {
	size_t line, column;
};

struct csv_row {
	char **fields; /* NUL-terminated; a field never holds a NUL */
	struct csv_pos *pos; /* where each field starts (for messages) */
	size_t n;
	size_t line; /* where the record starts */
};

struct csv {
	struct csv_row *rows;
	size_t nrows;
	char delim;
};

struct csv_error {
	size_t line, column; /* 1-based; 0 for the size limit */
	size_t field;	     /* 1-based field of the record, 0 when none */
	const char *msgid;   /* Dutch, static: translate with _() */
};

/* ERR_OK; ERR_INVALID or ERR_TOO_LARGE (bytes, rows, columns or a field
 * past its limit) with err filled in.  delim: ',' or ';', or 0 to detect. */
enum err csv_parse(struct arena *ar, const char *data, size_t len, char delim,
		   struct csv *out, struct csv_error *err);

#endif
