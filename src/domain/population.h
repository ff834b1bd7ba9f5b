/* population: reading the number of inhabitants per area from a CBS
 * "Kerncijfers wijken en buurten" table (StatLine), as CSV.  Pure: the
 * caller reads the file and writes the rows (app/population.c); this
 * module only says what the file holds, or on which line it is wrong.
 *
 * The file: UTF-8 (a byte order mark at the start is skipped), lines
 * ended by LF or CRLF, fields separated by ';' or ',' (the header line
 * decides: whichever occurs more often outside quotes; a tab when there
 * is neither), fields in double quotes may hold the separator and ""
 * but no line break.  The first line is the header.  Blank lines are
 * skipped.  Headers are compared lower-cased with everything but letters
 * and digits removed, so "AantalInwoners_5", "aantal_inwoners" and
 * "Bevolking/Aantal inwoners (aantal)" are found alike:
 *
 *   code:        Codering_3, Codering, WijkenEnBuurten, gwb_code_10,
 *                gwb_code, Regioaanduiding/Codering (code), code
 *                (the first of these the header has)
 *   inhabitants: AantalInwoners_5, AantalInwoners, aantal_inwoners,
 *                aant_inw, Bevolking/Aantal inwoners (aantal), inwoners
 *
 * A code is a CBS code of this municipality (BU0363AA01 is our buurt
 * AA01, WK0363AA our wijk AA, GM0363 the gemeente), a CBS code of
 * another municipality or region (counted, skipped: the national file
 * can be loaded as it is), or our own area code (AA01, 03630950000022).
 * Codes are padded with spaces in StatLine's exports: fields are
 * trimmed.  (Where a municipality imported its areas with the CBS codes
 * themselves, app/population.c tries the code as given too.)  The number is a whole number 0..POP_MAX_INHABITANTS;
 * empty, ".", "x", "-" or "?" (CBS's signs for unknown or secret) mean
 * no figure (counted, skipped).
 *
 * Refused, with the line: a file or line past the limits, a NUL byte,
 * invalid UTF-8, a quote not closed on its line or followed by anything
 * but the separator, a line without the code or the number, a code that
 * is no code, a number that is no whole number or too large, the same
 * area twice. */
#ifndef WA_DOMAIN_POPULATION_H
#define WA_DOMAIN_POPULATION_H
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

#define POP_MAX_BYTES ((size_t)64 << 20) /* the national file is ~20 MB */
#define POP_MAX_LINE ((size_t)64 << 10)
#define POP_MAX_ROWS 100000 /* about 17,000 regions in the national file */
#define POP_MAX_FIELDS 1000
#define POP_MAX_INHABITANTS 100000000
#define POP_CODE_MAX 32

struct pop_row {
	size_t line;
	char code[POP_CODE_MAX + 1]; /* our area code */
	char given[POP_CODE_MAX + 1]; /* the code as the file has it, trimmed */
	const char *level;	     /* "buurt", "wijk", "gemeente"; NULL: any */
	int64_t inhabitants;
};

struct pop_table {
	struct pop_row *rows; /* rows of this municipality with a figure */
	size_t n;
	size_t lines;	/* data lines read */
	size_t other;	/* of another municipality or region */
	size_t unknown; /* without a figure */
	char delim;
	const char *code_header, *inhabitants_header; /* as found */
};

struct pop_error {
	size_t line; /* 1-based; 0: the file as a whole */
	char msg[160];
};

/* municipality: the CBS code of ours (GM0363).  ERR_OK, or ERR_INVALID /
 * ERR_TOO_LARGE with err filled in and *out empty. */
enum err pop_parse(struct arena *ar, const char *data, size_t len,
		   const char *municipality, struct pop_table *out,
		   struct pop_error *err);

#endif
