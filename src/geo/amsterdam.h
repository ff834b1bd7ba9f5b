/* amsterdam: the bundled area hierarchy of Amsterdam (indeling 2022, with
 * Weesp), built from data compiled into the binary, so that a fresh
 * installation knows every buurt without any download.
 *
 * Sources (see data/amsterdam/README.md):
 *   - data/amsterdam/buurten.geojson: the 518 buurten with code ("AA01"),
 *     naam and ligtInGgwgebiedId;
 *   - data/amsterdam/namen.csv: derived names of the wijken and gebieden
 *     (tools/derive_names.c).
 *
 * The hierarchy:
 *   buurt      code "AA01"            parent: wijk
 *   wijk       code "AA" (2 letters)  parent: gebied
 *   gebied     14-digit GGW identificatie, e.g. "03630950000022"; parent:
 *              stadsdeel.  Westpoort's 14 buurten lie in no GGW-gebied in
 *              the source; they get the made-up gebied "GGW-B" (Westpoort)
 *              so that every chain is complete.
 *   stadsdeel  code "A" (1 letter)    parent: gemeente
 *   gemeente   "GM0363" Amsterdam     no parent
 *
 * The tree must nest strictly, the source does not quite: wijk NB (7
 * buurten) has 2 buurten in gebied 03630950000039 and 5 in
 * 03630950000040.  A wijk's gebied is the one holding most of its buurten
 * (ties: the lowest code), so NB01 and NB02 roll up to 03630950000040
 * although their own property says 03630950000039; likewise a gebied's
 * stadsdeel (unique in the current data).  Geometries of wijk, gebied,
 * stadsdeel and gemeente are the GEOS union of their children, so every
 * area is exactly the union of the buurten that roll up to it. */
#ifndef WA_GEO_AMSTERDAM_H
#define WA_GEO_AMSTERDAM_H
#include <stddef.h>

#include "domain/area.h"

#define AMSTERDAM_GEMEENTE_CODE "GM0363"

/* Every area of every level as heap records (free with
 * amsterdam_areas_free), parents before children: the gemeente, then the
 * stadsdelen, gebieden, wijken and buurten, each level sorted by code.
 * Every record has a name and a geojson geometry (WGS84, 7 decimals);
 * parent_code is NULL only for the gemeente.  Takes a few hundred
 * milliseconds (the unions): call it at import, not per request.
 * Thread-safe.  Returns 0, or -1 with a message in err (only when the
 * embedded data is missing or inconsistent). */
int amsterdam_areas(struct area_rec **out, size_t *n, char *err,
		    size_t errlen);

void amsterdam_areas_free(struct area_rec *recs, size_t n);

#endif
