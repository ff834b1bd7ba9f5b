/* open_data: the use case of the public downloads of signals and kwesties
 * (docs/open-data.md): one page of rows at a time, by id, each row only
 * what may be published (store/open_data.h selects nothing else), with
 * the category's name.  Read only: no transaction, no audit row (the
 * data are public). */
#ifndef WA_APP_OPEN_DATA_H
#define WA_APP_OPEN_DATA_H
#include "app/app.h"
#include "store/open_data.h"

/* A page of OPEN_DATA_PAGE rows (fewer: the last). */
#define OPEN_DATA_PAGE 1000

/* The next page after q->after; the first narrows q to its period's ids
 * (store_open_signal_span), so a day of ten million signals is not
 * found by walking them all. */
enum err open_data_signals(const struct app *app, struct db *db,
			   struct arena *ar, struct open_data_query *q,
			   struct open_signal_row **out, size_t *n);
enum err open_data_kwesties(const struct app *app, struct db *db,
			    struct arena *ar, const struct open_data_query *q,
			    struct open_kwestie_row **out, size_t *n);

#endif
