/* open_data: see open_data.h. */
#include "open_data.h"

enum err open_data_signals(const struct app *app, struct db *db,
			   struct arena *ar, const struct open_data_query *q,
			   struct open_signal_row **out, size_t *n)
{
	enum err e = store_open_signals(db, ar, q, out, n);

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
