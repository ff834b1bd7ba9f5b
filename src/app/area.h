/* area: the import-areas use case: a GeoJSON file of one level into the
 * areas table, all or nothing. */
#ifndef WA_APP_AREA_H
#define WA_APP_AREA_H
#include <stddef.h>

struct db;

struct import_opts {
	const char *path, *level, *municipality;
	const char *municipality_name; /* adds or renames the municipality */
	const char *code_prop, *name_prop, *parent_prop; /* parent may be NULL */
};

/* Returns 0 and the number of areas in *n, or -1 with a message. */
int import_areas_file(struct db *db, const struct import_opts *o, size_t *n,
		      char *err, size_t errlen);

#endif
