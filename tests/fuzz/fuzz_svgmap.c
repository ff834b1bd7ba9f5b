/* fuzz_svgmap: svgmap_build (geo/svgmap.c) on arbitrary bytes as an
 * area's GeoJSON geometry: alone, and after a valid square (so the
 * projection has a real box and a bad second area must still fail the
 * whole build).  The first byte picks the options: bit 0 one decimal,
 * bits 1-2 the tolerance (default, none, 0.1, 5 px), bits 3-4 the width
 * (default, 16, 300, 8000).  GEOS's own GeoJSON reader parses the text.
 *
 * Properties: on success there is one path per area, each starting with
 * M and holding only "Mlz0123456789.- " (the promise that lets views
 * write it as an attribute value), and the box is at least the padding;
 * on failure the message is not empty and names an area or the options. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo/svgmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char square[] =
	"{\"type\":\"Polygon\",\"coordinates\":[[[4.88,52.37],[4.89,52.37],"
	"[4.89,52.38],[4.88,52.38],[4.88,52.37]]]}";

static void check(const struct svgmap_area *a, size_t n,
		  const struct svgmap_opts *o)
{
	char err[256] = "";
	struct svgmap *m = svgmap_build(a, n, o, err, sizeof(err));

	if (!m) {
		assert(err[0] != '\0');
		assert(strstr(err, "area ") || strstr(err, "svgmap"));
		return;
	}
	assert(svgmap_count(m) == n);
	assert(svgmap_width(m) >= 16 && svgmap_height(m) >= 2 * SVGMAP_PAD);
	for (size_t i = 0; i < n; i++) {
		const char *d = svgmap_path(m, i);

		assert(d && (d[0] == 'M' || d[0] == '\0'));
		assert(strspn(d, "Mlz0123456789.- ") == strlen(d));
		assert(strcmp(svgmap_code(m, i), a[i].code) == 0);
	}
	svgmap_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const double tol[] = {0, -1, 0.1, 5};
	static const int width[] = {0, 16, 300, 8000};
	struct svgmap_opts o = {0};
	struct svgmap_area a[2];
	char *text;

	if (size == 0)
		return 0;
	o.decimals = data[0] & 1;
	o.tolerance = tol[(data[0] >> 1) & 3];
	o.width = width[(data[0] >> 3) & 3];
	text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	a[0] = (struct svgmap_area){"F", text};
	check(a, 1, &o);
	a[0] = (struct svgmap_area){"S", square};
	a[1] = (struct svgmap_area){"F", text};
	check(a, 2, &o);
	free(text);
	return 0;
}
