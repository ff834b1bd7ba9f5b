/* fuzz_geojson: geojson_read_areas (geo/geojson.c), the importer of area
 * files, on arbitrary bytes, with small limits so that the fuzzer reaches
 * them.  The first byte picks the level.
 *
 * Properties: on success every record has a valid code and a name, and
 * its geometry text parses again as a Polygon or MultiPolygon; on failure
 * nothing is returned and the message is not empty. */
#include <assert.h>
#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "geo/geojson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_record(const struct area_rec *r)
{
	json_t *g;
	const char *type;

	assert(area_code_valid(r->code));
	assert(r->name && r->name[0]);
	g = json_loads(r->geojson, 0, NULL);
	assert(g);
	type = json_string_value(json_object_get(g, "type"));
	assert(type && (strcmp(type, "Polygon") == 0 ||
			strcmp(type, "MultiPolygon") == 0));
	json_decref(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct geojson_opts o;
	struct area_rec *recs = NULL;
	size_t n = 99;
	char err[512] = "";
	enum area_level level;

	if (size == 0)
		return 0;
	level = (enum area_level)(data[0] % AREA_LEVELS);
	memset(&o, 0, sizeof(o));
	o.max_bytes = 1 << 16;
	o.max_features = 64;
	o.max_vertices = 4096;
	o.parent_prop = (data[0] & 0x80) ? "ouder" : NULL;
	if (geojson_read_areas((const char *)data + 1, size - 1, level, &o,
			       &recs, &n, err, sizeof(err)) == 0) {
		for (size_t i = 0; i < n; i++)
			check_record(&recs[i]);
		geojson_areas_free(recs, n);
	} else {
		assert(recs == NULL && n == 0 && err[0]);
	}
	return 0;
}
