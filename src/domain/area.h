/* area: the scale levels of wijkgericht werken and the area record shared by
 * the importer, the store and the lookup index.  Pure: no SQL, no HTTP.
 *
 * Levels, smallest first.  regio and rijk are scale levels for kwesties
 * (later issues) but have no polygons of their own here, so area records
 * stop at gemeente. */
#ifndef WA_DOMAIN_AREA_H
#define WA_DOMAIN_AREA_H
#include <stdbool.h>

enum area_level {
	AREA_BUURT,
	AREA_WIJK,
	AREA_GEBIED,
	AREA_STADSDEEL,
	AREA_GEMEENTE,
	AREA_LEVELS
};

/* "buurt", "wijk", ...; NULL for an out-of-range value. */
const char *area_level_name(enum area_level level);
/* Parse a level name (exact, lower case).  Returns 0 or -1. */
int area_level_parse(const char *s, enum area_level *out);

/* A CBS municipality code: "GM" and four digits (GM0363 Amsterdam). */
bool area_is_gemeente_code(const char *s);
/* Area codes: 1..32 bytes of [A-Za-z0-9_-]. */
bool area_code_valid(const char *s);

/* One area as imported and stored.  Strings are owned by whoever made the
 * record (see area_rec_clear for heap-made ones). */
struct area_rec {
	enum area_level level;
	char *code;
	char *name;
	char *parent_code; /* the area one level up; NULL for a gemeente */
	char *geojson;     /* GeoJSON geometry, WGS84 lon/lat; NULL if none */
};

/* free() every string of a heap-made record and zero it. */
void area_rec_clear(struct area_rec *r);

#endif
