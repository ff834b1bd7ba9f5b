/* proj: RD New (EPSG:28992, the Dutch national grid that Amsterdam and CBS
 * publish their master data in) to WGS84 lon/lat, through PROJ.
 *
 * Used at import time only.  A struct geoproj holds its own PJ_CONTEXT, so
 * one per thread or per import call is safe; never share one between
 * threads.  The prefix is geoproj_, not proj_, because libproj owns the
 * proj_ namespace.  Network grids are switched off: an import must give the
 * same answer on every machine, so PROJ uses the best transformation it has
 * locally (without the RDNAPTRANS grid that is a Helmert fit good to about a
 * metre, plenty for neighbourhood boundaries). */
#ifndef WA_GEO_PROJ_H
#define WA_GEO_PROJ_H
#include <stddef.h>

struct geoproj;

/* A transformer from RD New x,y (metres) to lon,lat (degrees, in that
 * order).  NULL with a message in err when PROJ cannot make one (e.g. no
 * proj.db). */
struct geoproj *geoproj_rd_new(char *err, size_t errlen);

/* Transform n points in place; xy holds x0,y0,x1,y1,... and becomes
 * lon0,lat0,...  Returns 0, or -1 when a point could not be transformed
 * or came out non-finite (xy is then partly transformed). */
int geoproj_rd_to_wgs84(struct geoproj *p, double *xy, size_t n);

void geoproj_free(struct geoproj *p);

#endif
