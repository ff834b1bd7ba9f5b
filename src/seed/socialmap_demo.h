/* socialmap_demo: what the social map starts with.
 *
 *  - our vocabulary (data/sociale-kaart/termen.json, built into the
 *    binary): the taxonomies doelgroep and thema with stable uuids and
 *    codes.  Every installation needs it for the search filters;
 *  - with --demo, a social map of invented organisations and services
 *    spread over Amsterdam's stadsdelen, gebieden, wijken and buurten,
 *    target groups and themes.  Every record is marked is_demo and has
 *    "(demo)" in its name; some are confirmed longer ago than the
 *    freshness period, to show the "mogelijk verouderd" mark. */
#ifndef WA_WEB_SOCIALMAP_DEMO_H
#define WA_WEB_SOCIALMAP_DEMO_H
#include <stddef.h>

struct db;
struct app;

/* Load termen.json into taxonomies and taxonomy_terms: what is missing
 * (by uuid) is added, what exists is left alone.  One transaction.
 * Returns 0 or -1 with a message. */
int socialmap_terms_seed(struct db *db, char *err, size_t errlen);
/* The same from a termen.json text (for tests and other vocabularies). */
int socialmap_terms_load(struct db *db, const char *json, size_t len,
			 char *err, size_t errlen);

/* The demo social map, once (a second call finds it and does nothing);
 * loads the vocabulary first.  Needs the loaded app for the areas (an
 * area missing from this installation is skipped).  One transaction.
 * Returns 0 or -1 with a message. */
int socialmap_demo_seed(struct db *db, struct app *app, char *err,
			size_t errlen);

#endif
