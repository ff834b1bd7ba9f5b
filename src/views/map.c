/* map: draw area polygons into one SVG and invert the projection for
 * clicks (see map.h).  Two passes: read every geometry and find the
 * bounding box, then project and write the paths.  Paths use relative
 * moves ("l1 2-3 4") because small whole-pixel steps are the shortest
 * text, which keeps the 518 buurten far below the size budget. */
#include "views/map.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "html/html.h"

#define MAP_MAX_SVG ((size_t)16 << 20)

struct map {
	int width, height;
	double lon_min, lat_max; /* the data's top-left corner */
	double sx, sy;		 /* pixels per degree of lon, of lat */
	struct html_frag svg;
};

struct bbox {
	double lon0, lat0, lon1, lat1;
};

/* A position [lon, lat, ...] with sane, finite numbers. */
static int read_position(json_t *pos, double *lon, double *lat)
{
	json_t *x = json_array_get(pos, 0), *y = json_array_get(pos, 1);

	if (!json_is_number(x) || !json_is_number(y))
		return -1;
	*lon = json_number_value(x);
	*lat = json_number_value(y);
	if (!isfinite(*lon) || !isfinite(*lat) || fabs(*lon) > 180 ||
	    fabs(*lat) > 90)
		return -1;
	return 0;
}

/* The polygons of a geometry: [polygon] for a Polygon, the array itself
 * for a MultiPolygon.  A polygon is an array of rings; a ring an array of
 * positions.  Returns the number of polygons, or -1. */
static int polygons_of(json_t *geom, json_t **polys, json_t **single)
{
	const char *type = json_string_value(json_object_get(geom, "type"));
	json_t *coords = json_object_get(geom, "coordinates");

	*single = NULL;
	if (!type || !json_is_array(coords))
		return -1;
	if (strcmp(type, "Polygon") == 0) {
		*single = json_array();
		json_array_append(*single, coords);
		*polys = *single;
		return 1;
	}
	if (strcmp(type, "MultiPolygon") == 0) {
		*polys = coords;
		return (int)json_array_size(coords);
	}
	return -1;
}

/* Call fn for every ring of every polygon; stops at the first error. */
static int each_ring(json_t *geom, int (*fn)(json_t *ring, void *ctx),
		     void *ctx)
{
	json_t *polys, *single, *poly, *ring;
	size_t i, j;
	int rc = polygons_of(geom, &polys, &single) < 0 ? -1 : 0;

	for (i = 0; rc == 0 && i < json_array_size(polys); i++) {
		poly = json_array_get(polys, i);
		if (!json_is_array(poly))
			rc = -1;
		json_array_foreach(poly, j, ring)
		{
			if (rc == 0)
				rc = json_is_array(ring) ? fn(ring, ctx) : -1;
		}
	}
	json_decref(single);
	return rc;
}

static int ring_extend(json_t *ring, void *ctx)
{
	struct bbox *b = ctx;
	double lon, lat;
	size_t i;
	json_t *pos;

	json_array_foreach(ring, i, pos)
	{
		if (read_position(pos, &lon, &lat))
			return -1;
		b->lon0 = fmin(b->lon0, lon);
		b->lon1 = fmax(b->lon1, lon);
		b->lat0 = fmin(b->lat0, lat);
		b->lat1 = fmax(b->lat1, lat);
	}
	return 0;
}

/* Parse every geometry into geoms[] and find their bounding box. */
static int read_all(const struct map_area *areas, size_t n, json_t **geoms,
		    struct bbox *b)
{
	*b = (struct bbox){INFINITY, INFINITY, -INFINITY, -INFINITY};
	for (size_t i = 0; i < n; i++) {
		json_error_t err;

		if (!areas[i].geojson)
			return -1;
		geoms[i] = json_loads(areas[i].geojson, 0, &err);
		if (!geoms[i] || each_ring(geoms[i], ring_extend, b))
			return -1;
	}
	return b->lon0 <= b->lon1 && b->lat0 <= b->lat1 ? 0 : -1;
}

/* Fit the box into width pixels, x shrunk by cos(middle latitude).  A box
 * of one point still gets a scale (as if it were 1 m wide). */
static void set_projection(struct map *m, const struct bbox *b, int width)
{
	double c = cos((b->lat0 + b->lat1) / 2 * M_PI / 180);
	double dlon = fmax(b->lon1 - b->lon0, 1e-5);
	double dlat = fmax(b->lat1 - b->lat0, 1e-5);
	double k = (width - 2 * MAP_PAD) / (dlon * c);

	m->width = width;
	m->lon_min = b->lon0;
	m->lat_max = b->lat1;
	m->sx = k * c;
	m->sy = k;
	m->height = (int)ceil(dlat * k) + 2 * MAP_PAD;
}

int map_lonlat_to_pixel(const struct map *m, double lon, double lat, double *x,
			double *y)
{
	if (!isfinite(lon) || !isfinite(lat))
		return -1;
	*x = MAP_PAD + (lon - m->lon_min) * m->sx;
	*y = MAP_PAD + (m->lat_max - lat) * m->sy;
	return 0;
}

int map_pixel_to_lonlat(const struct map *m, double x, double y, double *lon,
			double *lat)
{
	if (!m || !isfinite(x) || !isfinite(y) || x < 0 || y < 0 ||
	    x > m->width || y > m->height)
		return -1;
	*lon = m->lon_min + (x - MAP_PAD) / m->sx;
	*lat = m->lat_max - (y - MAP_PAD) / m->sy;
	return 0;
}

struct ring_writer {
	const struct map *m;
	struct html *out;
};

/* A number in a list of path numbers: SVG needs no separator after a
 * command letter or before a minus sign. */
static void add_num(struct html *out, long v, int after_letter)
{
	if (!after_letter && v >= 0)
		html_lit(out, " ");
	html_int(out, v);
}

/* One ring as "M x y l dx dy dx dy ... z", in whole pixels, without
 * repeated points and without the closing point, which z draws. */
static int ring_write(json_t *ring, void *ctx)
{
	struct ring_writer *w = ctx;
	long x0 = 0, y0 = 0, px = 0, py = 0, x, y, n = 0;
	size_t i, last = json_array_size(ring) - 1;
	double lon, lat, fx, fy;
	json_t *pos;

	json_array_foreach(ring, i, pos)
	{
		if (read_position(pos, &lon, &lat) ||
		    map_lonlat_to_pixel(w->m, lon, lat, &fx, &fy))
			return -1;
		x = lround(fx);
		y = lround(fy);
		if (n == 0) {
			html_lit(w->out, "M");
			html_int(w->out, x);
			html_lit(w->out, " ");
			html_int(w->out, y);
			x0 = x;
			y0 = y;
		} else if ((x == px && y == py) ||
			   (i == last && x == x0 && y == y0)) {
			continue;
		} else {
			if (n == 1)
				html_lit(w->out, "l");
			add_num(w->out, x - px, n == 1);
			add_num(w->out, y - py, 0);
		}
		px = x;
		py = y;
		n++;
	}
	if (n)
		html_lit(w->out, "z");
	return 0;
}

static int write_area(struct html *out, const struct map *m,
		      const struct map_area *a, json_t *geom)
{
	struct ring_writer w = {m, out};

	html_lit(out, "<path d=\"");
	if (each_ring(geom, ring_write, &w))
		return -1;
	html_lit(out, "\"><title>");
	html_text(out, a->name);
	html_lit(out, "</title></path>\n");
	return 0;
}

/* Presentation attributes, not a <style> element: the server's CSP may
 * forbid inline style for this document too. */
static int write_svg(struct html *out, const struct map *m,
		     const struct map_area *areas, size_t n, json_t **geoms)
{
	html_lit(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
	html_int(out, m->width);
	html_lit(out, "\" height=\"");
	html_int(out, m->height);
	html_lit(out, "\" viewBox=\"0 0 ");
	html_int(out, m->width);
	html_lit(out, " ");
	html_int(out, m->height);
	html_lit(out, "\">\n<rect width=\"");
	html_int(out, m->width);
	html_lit(out, "\" height=\"");
	html_int(out, m->height);
	html_lit(out, "\" fill=\"#f3f6f9\"/>\n"
		      "<g fill=\"#ffffff\" stroke=\"#5f7387\" "
		      "stroke-width=\"0.8\" stroke-linejoin=\"round\" "
		      "fill-rule=\"evenodd\">\n");
	for (size_t i = 0; i < n; i++)
		if (write_area(out, m, &areas[i], geoms[i]))
			return -1;
	html_lit(out, "</g>\n</svg>\n");
	return 0;
}

struct map *map_build(const struct map_area *areas, size_t n, int width_px)
{
	struct map *m = NULL;
	json_t **geoms;
	struct bbox b;
	struct buf svg;
	struct html *h = HTML_ON(&svg);

	if (n == 0 || width_px < MAP_MIN_WIDTH || width_px > MAP_MAX_WIDTH)
		return NULL;
	geoms = xcalloc(n, sizeof(*geoms));
	buf_init(&svg, MAP_MAX_SVG);
	if (read_all(areas, n, geoms, &b))
		goto out;
	m = xcalloc(1, sizeof(*m));
	set_projection(m, &b, width_px);
	if (write_svg(h, m, areas, n, geoms) || svg.overflow) {
		free(m);
		m = NULL;
		goto out;
	}
	m->svg = html_frag_take(h);
out:
	for (size_t i = 0; i < n; i++)
		json_decref(geoms[i]);
	free(geoms);
	buf_release(&svg);
	return m;
}

const struct html_frag *map_svg(const struct map *m)
{
	return &m->svg;
}

int map_width(const struct map *m)
{
	return m->width;
}

int map_height(const struct map *m)
{
	return m->height;
}

void map_free(struct map *m)
{
	if (!m)
		return;
	free((char *)m->svg.s);
	free(m);
}
