/* timeline: the public timeline of a signal or a kwestie as people read
 * it: the section "Wat er is gebeurd" of the kwestie page and the
 * resident's tracking page (views/timeline.c), and the Atom feed of each
 * (views/timeline_feed.c, RFC 4287).
 *
 * Both show what they are given: the handlers (web/timeline.c,
 * web/kwestie.c, web/pages.c) read the rows with the words people read
 * already filled in (app/timeline.h) and, for a feed, make its ids,
 * titles and links.  Nothing here names a person: an entry's actor is an
 * organisation (store/timeline.h). */
#ifndef WA_VIEWS_TIMELINE_H
#define WA_VIEWS_TIMELINE_H
#include <stddef.h>

#include "html/xml.h"
#include "store/timeline.h"
#include "views/views.h"

/* An h2 "Wat er is gebeurd" and the entries, oldest first (as the store
 * reads them): date and time in Amsterdam, the organisation, the words;
 * then, when feed is not NULL, a link to the feed (a path on this site). */
void view_timeline(struct html *out, const struct timeline_row *rows,
		   size_t n, const char *feed);

/* --- the Atom feed ------------------------------------------------------ */

struct timeline_feed_entry {
	const char *id;	      /* a URI that never changes (tag:) */
	const char *title;    /* short: what happened */
	const char *updated;  /* RFC 3339 */
	const char *author;   /* the organisation */
	const char *content;  /* the whole text, plain */
	const char *link;     /* absolute URL of the page it belongs to */
};

struct timeline_feed {
	const char *lang;      /* "nl", "en": xml:lang */
	const char *id;	       /* a URI that never changes (tag:) */
	const char *title;
	const char *updated;   /* RFC 3339: the newest entry's */
	const char *author;    /* of the feed as a whole */
	const char *self;      /* absolute URL of the feed */
	const char *alternate; /* absolute URL of its page */
	const struct timeline_feed_entry *entries; /* newest first */
	size_t n;
};

/* The whole document, from the XML declaration on. */
void view_timeline_feed(struct xml *out, const struct timeline_feed *f);

#endif
