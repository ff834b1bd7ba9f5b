/* map: the map of the report form that needs no JavaScript.  At startup
 * the areas (the 518 buurten) are drawn once into one SVG image, which the
 * web layer serves as /kaart.svg; the form shows it as an
 * <input type="image">, whose click sends the pixel that was clicked, and
 * map_pixel_to_lonlat turns that pixel back into a point on the earth.
 *
 * Projection: plate carrée with the x axis shrunk by cos(middle latitude),
 * so shapes look right at the city's latitude.  For a city this is within
 * a fraction of a pixel of a proper conformal projection, and it can be
 * inverted exactly, which is what matters here.  Coordinates are rounded
 * to whole pixels and repeated points dropped: at 800 px for Amsterdam a
 * pixel is about 30 m, so finer detail would only make the file bigger
 * (518 buurten at 800 px: about 85 KB, against 1.2 MB of GeoJSON).
 *
 * A struct map is immutable once built, so worker threads may share it. */
#ifndef WA_VIEWS_MAP_H
#define WA_VIEWS_MAP_H
#include <stddef.h>

#include "html/html.h"

#define MAP_MIN_WIDTH 16
#define MAP_MAX_WIDTH 8000
/* Blank border around the areas, in pixels, so edge strokes show whole. */
#define MAP_PAD 4

struct map_area {
	const char *code;    /* not drawn; kept for later use (links, ids) */
	const char *name;    /* the path's <title>, escaped */
	const char *geojson; /* a GeoJSON Polygon or MultiPolygon geometry
			      * object, WGS84 lon,lat (area_rec.geojson) */
};

struct map;

/* Draw n areas into an image width_px wide (MAP_MIN_WIDTH..MAP_MAX_WIDTH);
 * the height follows from the areas' extent.  Returns NULL when n is 0,
 * the width is out of range, or any geometry is not a Polygon or
 * MultiPolygon with finite lon -180..180 / lat -90..90 positions: the
 * areas were validated on import, so that means a bug or a damaged store,
 * and the caller logs it and serves no map rather than a wrong one. */
struct map *map_build(const struct map_area *areas, size_t n, int width_px);

/* The SVG document, markup kept for html_frag (its text s is
 * NUL-terminated, len bytes long). */
const struct html_frag *map_svg(const struct map *m);
int map_width(const struct map *m);
int map_height(const struct map *m);

/* The point under pixel (x, y) of the image, origin at the top left as
 * <input type="image"> sends it.  Returns 0, or -1 (and leaves lon and lat
 * alone) for a pixel outside 0..width, 0..height or not finite, and when
 * m is NULL (no map could be built). */
int map_pixel_to_lonlat(const struct map *m, double x, double y, double *lon,
			double *lat);
/* The other way round, e.g. to mark a chosen point; may fall outside the
 * image.  Returns 0, or -1 for a non-finite point. */
int map_lonlat_to_pixel(const struct map *m, double lon, double lat, double *x,
			double *y);

void map_free(struct map *m);

#endif
