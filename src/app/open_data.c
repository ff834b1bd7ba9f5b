/* open_data: see open_data.h. */
#include "open_data.h"

enum err open_data_signals(const struct app *app, struct db *db,
			   struct arena *ar, struct open_data_query *q,
			   struct open_signal_row **out, size_t *n)
{
	enum err e = ERR_OK;

	*n = 0;
	/* without a period every signal is in it: the walk is the span */
	if (q->upto == 0 && ((q->from && *q->from) || (q->to && *q->to)))
		e = store_open_signal_span(db, q);
	if (e != ERR_OK || q->upto < 0)
		return e;
	e = store_open_signals(db, ar, q, out, n);

	for (size_t i = 0; e == ERR_OK && i < *n; i++)
		if ((*out)[i].category_code)
			(*out)[i].category_name =
				app_category_name(app, (*out)[i].category_code);
	return e;
}

enum err open_data_kwesties(const struct app *app, struct db *db,
			    struct arena *ar, const struct open_data_query *q,
			    struct open_kwestie_row **out, size_t *n)
{
	(void)app;
	return store_open_kwesties(db, ar, q, out, n);
}
