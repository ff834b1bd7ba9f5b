/* seed: what an empty installation starts with: the bundled Amsterdam
 * areas and the Signalen category tree (always, unless --no-seed), and
 * demo data (only with --demo, every record marked is_demo). */
#ifndef WA_SEED_H
#define WA_SEED_H
#include <stddef.h>

struct db;
struct app;

/* Load areas and categories when the municipality is not there yet.
 * All or nothing (one transaction).  Returns 0 or -1 with a message. */
int seed_base(struct db *db, char *err, size_t errlen);
/* Load the Signalen category fixture (Django JSON) for a municipality. */
int seed_categories(struct db *db, const char *municipality,
		    const char *json, size_t len, char *err, size_t errlen);
/* Demo signals, once: needs the loaded app for the area chain. */
int seed_demo(struct db *db, struct app *app, char *err, size_t errlen);

#endif
