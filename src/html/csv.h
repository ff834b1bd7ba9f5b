/* csv: writing CSV (RFC 4180) for downloads people open in a spreadsheet.
 *
 * A cell is quoted when it holds the separator (','), a quote, CR or LF
 * (quotes doubled).  A text cell that a spreadsheet would take for a
 * formula, one starting with '=', '+', '-', '@', a tab or CR, gets a
 * leading apostrophe and is quoted, as OWASP advises against CSV
 * injection: "=HYPERLINK(...)" is written "'=HYPERLINK(...)" and shows
 * as text.  Numbers the program wrote itself go through csv_int and are
 * never changed.  Rows end with CRLF, as RFC 4180 says. */
#ifndef WA_HTML_CSV_H
#define WA_HTML_CSV_H
#include <stdint.h>

#include "base/buf.h"

/* A text cell (NULL: empty), with the separator before it unless first. */
void csv_text(struct buf *b, const char *s, int first);
/* A whole number. */
void csv_int(struct buf *b, int64_t v, int first);
void csv_end_row(struct buf *b);

#endif
