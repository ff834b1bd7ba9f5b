/* open_data: the rules of the public open data (docs/open-data.md) that
 * need no database: the period a download asks for, and the day a stored
 * moment is published as.  Pure.
 *
 * A period is ?from=&to=, each YYYY-MM-DD (a day in Amsterdam), both
 * optional; to not before from; at most five years: to before the same
 * day five years after from, the figures' rule (fig_add_years,
 * FIG_MAX_YEARS in domain/figures.h).  The rows are those created from the start of `from`
 * to the end of `to`, Amsterdam time. */
#ifndef WA_DOMAIN_OPEN_DATA_H
#define WA_DOMAIN_OPEN_DATA_H
#include <stdbool.h>

#include "domain/calendar.h"
#include "domain/fields.h"


struct open_data_period {
	bool has_from, has_to;
	struct cal_date from, to;
	/* The bounds as stored moments are compared: the UTC instants of
	 * the start of from and of the day after to, "YYYY-MM-DDTHH:MM:SS";
	 * "" for no bound. */
	char from_utc[32], to_utc[32];
};

/* The columns of a download, in their order: the CSV header and the keys
 * of each JSON row, and the data dictionary of /open-data.  type is
 * "integer", "text", "date", "boolean" or "list of integers"; meaning a
 * Dutch msgid.  Stable: a column is added at the end, never renamed. */
struct open_data_column {
	const char *name, *type, *meaning;
};
#define OPEN_SIGNAL_COLUMNS 15
#define OPEN_KWESTIE_COLUMNS 27
extern const struct open_data_column open_signal_columns[OPEN_SIGNAL_COLUMNS];
extern const struct open_data_column open_kwestie_columns[OPEN_KWESTIE_COLUMNS];

/* The licence of the downloads (docs/open-data.md says why). */
#define OPEN_DATA_LICENCE "CC0-1.0"
#define OPEN_DATA_LICENCE_URL "https://creativecommons.org/publicdomain/zero/1.0/"

/* from, to: the query's values, NULL when absent.  false with the fields
 * that are wrong in errs (the field names "from" and "to"). */
bool open_data_period_parse(const char *from, const char *to,
			    struct open_data_period *p,
			    struct field_errors *errs);

/* The Amsterdam day (YYYY-MM-DD) of a stored moment (ISO 8601); "" when
 * iso is NULL or unreadable. */
void open_data_day(const char *iso, char out[11]);

#endif
