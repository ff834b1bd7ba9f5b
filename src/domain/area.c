/* area: see area.h. */
#include "area.h"

#include <stdlib.h>
#include <string.h>

static const char *const level_names[AREA_LEVELS] = {
	"buurt", "wijk", "gebied", "stadsdeel", "gemeente",
};

const char *area_level_name(enum area_level level)
{
	if ((unsigned)level >= AREA_LEVELS)
		return NULL;
	return level_names[level];
}

int area_level_parse(const char *s, enum area_level *out)
{
	for (int i = 0; i < AREA_LEVELS; i++)
		if (s && strcmp(s, level_names[i]) == 0) {
			*out = (enum area_level)i;
			return 0;
		}
	return -1;
}

bool area_is_gemeente_code(const char *s)
{
	if (!s || strncmp(s, "GM", 2) != 0 || strlen(s) != 6)
		return false;
	for (int i = 2; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool area_code_valid(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++) {
		char c = s[n];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return n >= 1 && n <= 32;
}

void area_rec_clear(struct area_rec *r)
{
	free(r->code);
	free(r->name);
	free(r->parent_code);
	free(r->geojson);
	memset(r, 0, sizeof(*r));
}
