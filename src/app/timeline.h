/* timeline: the words residents read for an entry of the public
 * timeline (store/timeline.h), the same in the page, the JSON, the Atom
 * feed and the mails.  An entry a professional wrote a message for reads
 * as that message; any other reads as the template of its kind, in the
 * language in use (i18n_use), so an English reader gets English. */
#ifndef WA_APP_TIMELINE_H
#define WA_APP_TIMELINE_H
#include <stddef.h>

#include "base/arena.h"
#include "store/timeline.h"

/* The actor of entries no organisation made: a signal received by the
 * system, before anyone has looked at it (intake).  Not translated: the
 * name of the service, stored as an organisation's name is. */
#define TIMELINE_SYSTEM "wijkagenda"

/* What happened, in one or two sentences of plain text (not HTML). */
const char *timeline_text(struct arena *ar, const struct timeline_row *r);
/* The template alone (without the professional's message). */
const char *timeline_template(struct arena *ar, const struct timeline_row *r);

/* Fill each row's text (timeline_text). */
void timeline_fill(struct arena *ar, struct timeline_row *rows, size_t n);

#endif
