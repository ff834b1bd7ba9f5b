/* areaidx: which buurt, wijk, gebied, stadsdeel and gemeente a point lies
 * in, answered from memory for every melding a resident places on the map.
 *
 * Life cycle: areaidx_new, areaidx_add for every area (any order, from
 * amsterdam_areas or the store), areaidx_build once, then any number of
 * concurrent areaidx_lookup / areaidx_find / areaidx_count calls, then
 * areaidx_free when no thread uses it any more.  add and build are not
 * thread-safe; after build the index is read-only and safe to share.
 *
 * Only buurt geometries are used: a point's chain is its buurt and the
 * buurt's ancestors by parent_code, so the answer is consistent with the
 * hierarchy even where a higher-level polygon would disagree by a sliver.
 *
 * Threads: GEOS needs a context handle per thread for the query point, so
 * each thread that calls areaidx_lookup gets its own, made on its first
 * lookup and finished when the thread exits (a pthread key destructor);
 * the index itself is never written after build.  GEOS builds the STRtree
 * and each prepared polygon's point locator lazily on first use; build
 * forces all of that, so lookups only read.  One catch in GEOS 3.11: all
 * contexts share one GeometryFactory whose reference count is not atomic,
 * so making and destroying the query point happens under a short mutex
 * (see areaidx.c).  Other code that makes GEOS geometries in a thread of
 * its own (an import running while lookups are served) touches the same
 * counter; that race is harmless in effect (the default factory is never
 * freed) but race detectors will report it.
 *
 * A point exactly on the boundary of two buurten is given to one of them
 * (deterministic for a given index). */
#ifndef WA_GEO_AREAIDX_H
#define WA_GEO_AREAIDX_H
#include <stddef.h>

#include "domain/area.h"

/* One area as the index knows it.  Strings and nodes live as long as the
 * index. */
struct area_node {
	enum area_level level;
	const char *code;
	const char *name;
	const struct area_node *parent; /* NULL at the top */
};

/* at[AREA_BUURT]..at[AREA_GEMEENTE]; NULL where the chain has no area of
 * that level. */
struct area_chain {
	const struct area_node *at[AREA_LEVELS];
};

struct areaidx;

struct areaidx *areaidx_new(void);

/* Copy r into the index.  A buurt must carry a valid Polygon or
 * MultiPolygon in r->geojson (WGS84 lon/lat), which is parsed here;
 * geometries of other levels are ignored.  Returns 0, or -1 with a
 * message in err (bad record, or the index is already built). */
int areaidx_add(struct areaidx *x, const struct area_rec *r, char *err,
		size_t errlen);

/* Link parents by code and make the index read-only.  Fails (-1, message
 * in err) on a duplicate code, an unknown parent code, a parent whose
 * level is not above its child's, or when already built.  A level may be
 * skipped (a buurt whose parent is a gemeente); an area without parent is
 * the top of its chain.  After a failed build only areaidx_free is left. */
int areaidx_build(struct areaidx *x, char *err, size_t errlen);

/* The chain of the buurt containing (lat, lon), WGS84 degrees.  Returns 0,
 * or -1 (out all NULL) when the point lies in no buurt, is not finite or
 * out of range, or the index is not built. */
int areaidx_lookup(const struct areaidx *x, double lat, double lon,
		   struct area_chain *out);

/* The area with this code, any level; NULL if none or not built. */
const struct area_node *areaidx_find(const struct areaidx *x, const char *code);

/* A buurt's representative point (GEOS's point on surface: always
 * inside it), for what may show where a signal is without its own
 * point (Open311).  0, or -1 for an unknown code or not a buurt. */
int areaidx_point(const struct areaidx *x, const char *code, double *lat,
		  double *lon);
/* The same of a node areaidx_find gave (no second look-up), and as
 * printf's "%.6f" writes it (a micro-degree, some 10 cm), made once at
 * build, into lat_text and lon_text unless NULL: Open311 writes it for
 * each of a thousand requests.  0, or -1 for a node not a buurt. */
int areaidx_node_point(const struct area_node *node, double *lat,
		       double *lon, const char **lat_text,
		       const char **lon_text);

/* Areas of a level added so far. */
size_t areaidx_count(const struct areaidx *x, enum area_level level);

void areaidx_free(struct areaidx *x);

#endif
