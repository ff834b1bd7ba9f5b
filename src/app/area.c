/* area: see area.h.  The file is read whole (bounded by the GeoJSON
 * reader's byte limit), parsed and checked completely, and only then
 * written in one transaction. */
#include "area.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/util.h"
#include "geo/geojson.h"
#include "domain/signal.h"
#include "store/store.h"

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *data;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size > GEOJSON_MAX_BYTES) {
		snprintf(err, errlen, "%s: not a regular file of at most %zu bytes",
			 path, GEOJSON_MAX_BYTES);
		fclose(f);
		return NULL;
	}
	data = xmalloc((size_t)st.st_size + 1);
	*len = fread(data, 1, (size_t)st.st_size, f);
	data[*len] = '\0';
	fclose(f);
	return data;
}

/* Every parent must exist one level up, or the index cannot be built. */
static int check_parents(struct db *db, const char *municipality,
			 const struct area_rec *recs, size_t n, char *err,
			 size_t errlen)
{
	struct arena ar;
	int rc = 0;

	arena_init(&ar);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct area_row row;
		enum area_level pl;

		if (!recs[i].parent_code)
			continue;
		/* A level may be skipped (a small municipality has no
		 * gebieden), but a parent must be larger than its child. */
		if (store_area_get(db, &ar, municipality, recs[i].parent_code,
				   false, &row) != ERR_OK ||
		    area_level_parse(row.level, &pl) != 0 || pl <= recs[i].level) {
			snprintf(err, errlen,
				 "feature %zu (%s): parent %s is not a known area "
				 "of a higher level in %s",
				 i, recs[i].code, recs[i].parent_code, municipality);
			rc = -1;
		}
	}
	arena_clear(&ar);
	return rc;
}

/* The writes of store_all, inside db_write; err says which one failed. */
struct area_write {
	const char *municipality, *municipality_name;
	const struct area_rec *recs;
	size_t n;
	char *err;
	size_t errlen;
};

static enum err store_all_tx(struct db *db, void *p)
{
	struct area_write *w = p;
	enum err e;

	w->err[0] = '\0';
	if (w->municipality_name &&
	    (e = store_municipality_put(db, w->municipality,
					w->municipality_name)) != ERR_OK) {
		snprintf(w->err, w->errlen, "cannot store municipality %s",
			 w->municipality);
		return e;
	}
	for (size_t i = 0; i < w->n; i++)
		if ((e = store_area_put(db, w->municipality, &w->recs[i])) != ERR_OK) {
			snprintf(w->err, w->errlen, "cannot store area %s",
				 w->recs[i].code);
			return e;
		}
	return ERR_OK;
}

static int store_all(struct db *db, const char *municipality,
		     const char *municipality_name, const struct area_rec *recs,
		     size_t n, char *err, size_t errlen)
{
	struct area_write w = {municipality, municipality_name, recs, n,
			       err, errlen};
	enum err e;

	if (!store_has_municipality(db, municipality) && !municipality_name) {
		snprintf(err, errlen,
			 "municipality %s is not in the database: give its name "
			 "with --municipality-name to add it",
			 municipality);
		return -1;
	}
	if (check_parents(db, municipality, recs, n, err, errlen) != 0)
		return -1;
	*err = '\0';
	if ((e = db_write(db, store_all_tx, &w)) == ERR_OK)
		return 0;
	if (!*err)
		snprintf(err, errlen, "database: %s", err_name(e));
	return -1;
}

int import_areas_file(struct db *db, const struct import_opts *o, size_t *n,
		      char *err, size_t errlen)
{
	struct geojson_opts go;
	struct area_rec *recs = NULL;
	enum area_level level;
	size_t len = 0;
	char *data;
	int rc;

	*n = 0;
	if (area_level_parse(o->level, &level) != 0) {
		snprintf(err, errlen, "--level must be buurt, wijk, gebied, "
				      "stadsdeel or gemeente, not '%s'", o->level);
		return -1;
	}
	if (!area_is_gemeente_code(o->municipality)) {
		snprintf(err, errlen, "--municipality must be a CBS code like GM0363");
		return -1;
	}
	if (o->municipality_name) {
		struct arena ar;
		const char *clean, *msg;

		arena_init(&ar);
		msg = text_check(&ar, o->municipality_name, 1, 100, false, &clean);
		arena_clear(&ar);
		if (msg) {
			snprintf(err, errlen, "--municipality-name %s", msg);
			return -1;
		}
	}
	if (!(data = read_file(o->path, &len, err, errlen)))
		return -1;
	memset(&go, 0, sizeof(go));
	go.code_prop = o->code_prop;
	go.name_prop = o->name_prop;
	go.parent_prop = o->parent_prop;
	rc = geojson_read_areas(data, len, level, &go, &recs, n, err, errlen);
	free(data);
	if (rc != 0)
		return -1;
	rc = store_all(db, o->municipality, o->municipality_name, recs, *n, err,
		       errlen);
	geojson_areas_free(recs, *n);
	if (rc != 0)
		*n = 0;
	return rc;
}
