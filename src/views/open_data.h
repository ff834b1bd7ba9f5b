/* open_data: the page /open-data: the downloads of signals and kwesties,
 * their licence, what is left out and the data dictionary (the columns
 * of domain/open_data.c, the same table the downloads write). */
#ifndef WA_VIEWS_OPEN_DATA_H
#define WA_VIEWS_OPEN_DATA_H
#include "views/views.h"

void view_open_data(struct html *out, const struct page *p);

#endif
