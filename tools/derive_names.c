/* derive_names: give the 2022 Amsterdam wijken and GGW-gebieden a name.
 *
 * The 2022 buurten file (data/amsterdam/buurten.geojson) carries buurt names
 * and the codes of their wijk and gebied, but no licensed file holds the
 * names of those wijken and gebieden.  The 2015 indeling does, as open data
 * of the same publisher: 99 buurtcombinatie polygons with their names, and a
 * table from buurtcombinatie to GGW-gebied name.  Most 2022 wijken are 2015
 * buurtcombinaties under a new code, so:
 *
 *   - every 2022 buurt gets a point inside it (GEOSPointOnSurface) and the
 *     2015 buurtcombinatie that contains that point;
 *   - a wijk is named after the buurtcombinatie holding most of its buurten,
 *     a gebied after the 2015 GGW-gebied holding most of them; "most" must
 *     be more than half of all its buurten, ties go to the one met first in
 *     file order;
 *   - a blank 2015 GGW name (Westpoort had none) falls back to the 2015
 *     stadsdeel name; "West"/"Oost" in stadsdeel Noord become "Noord-West"/
 *     "Noord-Oost" (a gebied must not read like another stadsdeel), and "Ij"
 *     at the start of a word is the Dutch digraph "IJ";
 *   - without such a majority (Weesp joined Amsterdam in 2022, so it is not
 *     in the 2015 data) a gebied that covers a whole stadsdeel takes the
 *     stadsdeel's name; otherwise a wijk or gebied takes the word that at
 *     least half (and two or more) of its buurt names share, ignoring
 *     Noord/Zuid/... and the stadsdeel's own name ("Aetsveld"); otherwise
 *     the name of its largest buurt that is not a bedrijventerrein or
 *     landelijk gebied;
 *   - where 2015 areas were split, several wijken (or gebieden) get one
 *     name: the one with most buurten in the 2015 area keeps it; another
 *     wijk takes the word its buurt names share as above ("Holendrecht"),
 *     another gebied the name of its largest wijk; when that is missing or
 *     already taken, "<2015 name>, <its largest buurt>";
 *   - a 2015 gebied name "A / B" loses the part that is now the name of a
 *     wijk in another gebied ("Gaasperdam / Driemond": Driemond moved to
 *     Weesp).
 *
 * It is run once by hand, its output is committed, and the server only
 * reads that output (namen.csv); it is not part of the build:
 *
 *   cc -std=c11 -D_GNU_SOURCE -O1 -Isrc -o build/tools/derive_names \
 *      tools/derive_names.c src/geo/geojson.c src/geo/proj.c \
 *      src/domain/area.c src/base/util.c src/base/buf.c \
 *      -ljansson -lgeos_c -lproj -lm
 *   build/tools/derive_names data/amsterdam/buurten.geojson \
 *      ../shared/data/amsterdam-gebieden-2015 > data/amsterdam/namen.csv
 *
 * What it decided, and why, goes to stderr. */
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "geo/geojson.h"

#define MAX_BUURTEN 1000
#define MAX_GROUPS 200

/* The 2022 stadsdelen, by the letter that starts every buurt code. */
static const struct {
	char letter;
	const char *name;
} stadsdelen[] = {
	{ 'A', "Centrum" }, { 'B', "Westpoort" }, { 'E', "West" },
	{ 'F', "Nieuw-West" }, { 'K', "Zuid" }, { 'M', "Oost" },
	{ 'N', "Noord" }, { 'S', "Weesp" }, { 'T', "Zuidoost" },
};

/* Words that say where in an area a buurt lies, not which area it is. */
static const char *const stopwords[] = {
	"Noord", "Zuid", "Oost", "West", "Midden", "Centrum", "I", "II",
	"III", "e.o.", "buurt", "deel", "het", "Bedrijventerrein",
	"Landelijk", "gebied", "Dorp",
};

struct bce {
	const struct area_rec *rec;
	const GEOSPreparedGeometry *prep;
	GEOSGeometry *geom;
	char *ggw; /* 2015 GGW-gebied name, fixed up, UTF-8 */
};

struct buurt {
	const struct area_rec *rec;
	double area;
	int bce; /* index of the containing 2015 buurtcombinatie, or -1 */
};

struct group {
	char code[33];
	char sd; /* stadsdeel letter */
	int member[MAX_BUURTEN];
	int n;
	const char *name; /* points into the records or into names */
	int votes;        /* buurten that agreed on the name */
	char *owned;      /* name storage when made here */
	const char *how;
};

static GEOSContextHandle_t geos;

__attribute__((format(printf, 1, 2)))
static void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static char *file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[65536];
	size_t n;

	if (!f)
		fatal("%s: cannot open", path);
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (b.overflow)
		fatal("%s: too large", path);
	return buf_detach(&b, len);
}

static struct area_rec *areas_load(const char *path,
				   const struct geojson_opts *o, size_t *n)
{
	size_t len;
	char *data = file_read(path, &len);
	struct area_rec *recs;
	char err[512];

	if (geojson_read_areas(data, len, AREA_BUURT, o, &recs, n, err,
			       sizeof(err)) < 0)
		fatal("%s: %s", path, err);
	free(data);
	return recs;
}

static GEOSGeometry *geom_parse(const char *geojson)
{
	GEOSGeoJSONReader *rd = GEOSGeoJSONReader_create_r(geos);
	GEOSGeometry *g = GEOSGeoJSONReader_readGeometry_r(geos, rd, geojson);

	GEOSGeoJSONReader_destroy_r(geos, rd);
	if (!g)
		fatal("cannot parse our own GeoJSON");
	return g;
}

static char *cp1252_to_utf8(const char *s)
{
	iconv_t cd = iconv_open("UTF-8", "CP1252");
	size_t inleft = strlen(s), outleft = 4 * inleft + 1;
	char *out = xmalloc(outleft), *in = (char *)s, *o = out;

	if (cd == (iconv_t)-1)
		fatal("iconv cannot convert CP1252");
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1)
		fatal("bad CP1252 text: %s", s);
	*o = '\0';
	iconv_close(cd);
	return out;
}

/* Split a ';' line in place; returns the number of fields. */
static int csv_split(char *line, char **field, int max)
{
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		field[n++] = line;
		line = strchr(line, ';');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

static int csv_column(char **field, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(field[i], name) == 0)
			return i;
	fatal("brt-bce-sdl-ggw.csv: no column %s", name);
}

/* "Ijburg" -> "IJburg": the Dutch digraph is capitalised as a whole. */
static void fix_ij(char *s)
{
	for (char *p = s; (p = strstr(p, "Ij")); p++)
		if (p == s || p[-1] == ' ' || p[-1] == '/' || p[-1] == '-')
			p[1] = 'J';
}

static bool is_stadsdeel_name(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(stadsdelen); i++)
		if (strcmp(s, stadsdelen[i].name) == 0)
			return true;
	return false;
}

static const char *stadsdeel_name(char letter)
{
	for (size_t i = 0; i < ARRAY_SIZE(stadsdelen); i++)
		if (stadsdelen[i].letter == letter)
			return stadsdelen[i].name;
	fatal("unknown stadsdeel letter %c", letter);
}

/* The GGW name a 2015 buurtcombinatie row stands for, fixed up. */
static char *ggw_name(const char *ggw, const char *sdl)
{
	char *name;

	if (!*ggw)
		name = cp1252_to_utf8(sdl);
	else if (is_stadsdeel_name(ggw) && strcmp(ggw, sdl) != 0) {
		struct buf b;

		buf_init(&b, 0);
		buf_addf(&b, "%s-%s", sdl, ggw);
		name = buf_detach(&b, NULL);
	} else
		name = cp1252_to_utf8(ggw);
	fix_ij(name);
	return name;
}

static void ggw_load(const char *path, struct bce *bce, size_t nbce)
{
	FILE *f = fopen(path, "rb");
	char line[1024], *field[16];
	int n, cb, cg, cs;

	if (!f || !fgets(line, sizeof(line), f))
		fatal("%s: cannot read", path);
	n = csv_split(line, field, 16);
	cb = csv_column(field, n, "BCE_VOLLCODE");
	cg = csv_column(field, n, "GGW_NAAM");
	cs = csv_column(field, n, "SDL_NAAM");
	while (fgets(line, sizeof(line), f)) {
		n = csv_split(line, field, 16);
		if (n <= cb || n <= cg || n <= cs)
			fatal("%s: short row", path);
		for (size_t i = 0; i < nbce; i++)
			if (!bce[i].ggw && strcmp(bce[i].rec->code, field[cb]) == 0)
				bce[i].ggw = ggw_name(field[cg], field[cs]);
	}
	fclose(f);
	for (size_t i = 0; i < nbce; i++)
		if (!bce[i].ggw)
			fatal("%s: no row for buurtcombinatie %s", path,
			      bce[i].rec->code);
}

static void bce_prepare(struct bce *bce, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bce[i].geom = geom_parse(bce[i].rec->geojson);
		bce[i].prep = GEOSPrepare_r(geos, bce[i].geom);
	}
}

static void buurt_locate(struct buurt *b, const struct bce *bce, size_t nbce)
{
	GEOSGeometry *g = geom_parse(b->rec->geojson);
	GEOSGeometry *pt = GEOSPointOnSurface_r(geos, g);

	GEOSArea_r(geos, g, &b->area);
	b->bce = -1;
	for (size_t i = 0; i < nbce && b->bce < 0; i++)
		if (GEOSPreparedContains_r(geos, bce[i].prep, pt) == 1)
			b->bce = (int)i;
	GEOSGeom_destroy_r(geos, pt);
	GEOSGeom_destroy_r(geos, g);
}

static struct group *group_of(struct group *g, int *ng, const char *code)
{
	for (int i = 0; i < *ng; i++)
		if (strcmp(g[i].code, code) == 0)
			return &g[i];
	if (*ng == MAX_GROUPS)
		fatal("too many groups");
	snprintf(g[*ng].code, sizeof(g[*ng].code), "%s", code);
	return &g[(*ng)++];
}

static void group_add(struct group *g, int buurt, char sd)
{
	if (g->n == MAX_BUURTEN)
		fatal("group too large");
	g->member[g->n++] = buurt;
	g->sd = sd;
}

/* The most frequent non-NULL candidate; ties go to the first met. */
static const char *vote(const char *const *cand, int n, int *votes)
{
	const char *best = NULL;

	*votes = 0;
	for (int i = 0; i < n; i++) {
		int c = 0;

		if (!cand[i])
			continue;
		for (int j = 0; j < n; j++)
			c += cand[j] && strcmp(cand[i], cand[j]) == 0;
		if (c > *votes) {
			best = cand[i];
			*votes = c;
		}
	}
	return best;
}

static bool is_stopword(const char *w)
{
	for (size_t i = 0; i < ARRAY_SIZE(stopwords); i++)
		if (strcmp(w, stopwords[i]) == 0)
			return true;
	return false;
}

static bool word_in(const char *const *w, int n, const char *word)
{
	for (int i = 0; i < n; i++)
		if (strcmp(w[i], word) == 0)
			return true;
	return false;
}

/* The word at least half (and two) of the buurt names of g share, or NULL. */
static char *common_word(const struct group *g, const struct buurt *b)
{
	char *copy[MAX_BUURTEN];
	const char *cand[MAX_BUURTEN * 8];
	int nc = 0, votes;
	const char *best;
	char *ret;

	for (int i = 0; i < g->n; i++) {
		char *save = NULL;
		int first = nc;

		copy[i] = xstrdup(b[g->member[i]].rec->name);
		for (char *w = strtok_r(copy[i], " -/", &save); w;
		     w = strtok_r(NULL, " -/", &save)) {
			/* One vote per buurt name, whatever it repeats. */
			if (strlen(w) < 3 || is_stopword(w) ||
			    strcmp(w, stadsdeel_name(g->sd)) == 0 ||
			    word_in(cand + first, nc - first, w) ||
			    nc == (int)ARRAY_SIZE(cand))
				continue;
			cand[nc++] = w;
		}
	}
	best = vote(cand, nc, &votes);
	ret = best && votes >= 2 && 2 * votes >= g->n ? xstrdup(best) : NULL;
	for (int i = 0; i < g->n; i++)
		free(copy[i]);
	return ret;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The largest buurt that says something about where people live. */
static const char *typical_buurt(const struct group *g, const struct buurt *b)
{
	int best = -1;

	for (int pass = 0; pass < 2 && best < 0; pass++)
		for (int i = 0; i < g->n; i++) {
			const struct buurt *x = &b[g->member[i]];

			if (pass == 0 && (starts_with(x->rec->name, "Bedrijventerrein") ||
					  starts_with(x->rec->name, "Landelijk")))
				continue;
			if (best < 0 || x->area > b[best].area)
				best = g->member[i];
		}
	return b[best].rec->name;
}

static int stadsdeel_size(const struct buurt *b, size_t nb, char letter)
{
	int n = 0;

	for (size_t i = 0; i < nb; i++)
		n += b[i].rec->code[0] == letter;
	return n;
}

static void group_name_set(struct group *g, const char *name, char *owned,
			   const char *how)
{
	if (owned != g->owned)
		free(g->owned);
	g->owned = owned;
	g->name = owned ? owned : name;
	g->how = how;
}

/* Name g when its buurten have no majority in 2015 data. */
static void fallback_name(struct group *g, const struct buurt *b, size_t nb,
			  bool gebied)
{
	char *word;

	g->votes = 0;
	if (gebied && g->n == stadsdeel_size(b, nb, g->sd)) {
		group_name_set(g, stadsdeel_name(g->sd), NULL, "whole stadsdeel");
		return;
	}
	word = common_word(g, b);
	if (word)
		group_name_set(g, NULL, word, "word most buurt names share");
	else
		group_name_set(g, typical_buurt(g, b), NULL, "largest buurt");
}

static void name_by_vote(struct group *g, const char *const *cand,
			 const struct buurt *b, size_t nb, bool gebied)
{
	const char *name = vote(cand, g->n, &g->votes);

	if (name && 2 * g->votes > g->n)
		group_name_set(g, name, NULL, gebied ? "2015 GGW-gebied" :
			       "2015 buurtcombinatie");
	else
		fallback_name(g, b, nb, gebied);
}

static void name_wijk(struct group *g, const struct buurt *b, size_t nb,
		      const struct bce *bce)
{
	const char *cand[MAX_BUURTEN];

	for (int i = 0; i < g->n; i++) {
		int k = b[g->member[i]].bce;

		cand[i] = k < 0 ? NULL : bce[k].rec->name;
	}
	name_by_vote(g, cand, b, nb, false);
}

static void name_gebied(struct group *g, const struct buurt *b, size_t nb,
			const struct bce *bce)
{
	const char *cand[MAX_BUURTEN];

	for (int i = 0; i < g->n; i++) {
		int k = b[g->member[i]].bce;

		cand[i] = k < 0 ? NULL : bce[k].ggw;
	}
	name_by_vote(g, cand, b, nb, true);
}

static bool name_taken(const struct group *g, int ng, const char *name)
{
	for (int i = 0; i < ng; i++)
		if (strcmp(g[i].name, name) == 0)
			return true;
	return false;
}

/* The wijk with most buurten in gebied g. */
static char *largest_wijk(const struct group *g, const struct group *wijk,
			  int nw)
{
	int best = -1, best_n = 0;

	for (int w = 0; w < nw; w++) {
		int n = 0;

		for (int i = 0; i < g->n; i++)
			for (int j = 0; j < wijk[w].n; j++)
				n += g->member[i] == wijk[w].member[j];
		if (n > best_n) {
			best = w;
			best_n = n;
		}
	}
	return best < 0 ? NULL : xstrdup(wijk[best].name);
}

/* Give g, which shares its 2015 name with a group that keeps it, a name of
 * its own. */
static void rename_split(struct group *g, struct group *all, int n,
			 const struct buurt *b, const struct group *wijk, int nw)
{
	char *alt = wijk ? largest_wijk(g, wijk, nw) : common_word(g, b);
	struct buf nb;

	if (alt && !name_taken(all, n, alt)) {
		note("  %s: \"%s\" is kept by another; now \"%s\"", g->code,
		     g->name, alt);
		group_name_set(g, NULL, alt, wijk ? "largest wijk" :
			       "word most buurt names share");
		return;
	}
	free(alt);
	buf_init(&nb, 0);
	buf_addf(&nb, "%s, %s", g->name, typical_buurt(g, b));
	note("  %s: \"%s\" is kept by another; now \"%s\"", g->code, g->name,
	     buf_str(&nb));
	group_name_set(g, NULL, buf_detach(&nb, NULL),
		       "2015 name and largest buurt");
}

static bool group_has(const struct group *g, int buurt)
{
	for (int i = 0; i < g->n; i++)
		if (g->member[i] == buurt)
			return true;
	return false;
}

/* Is there a wijk called name with no buurt in gebied g? */
static bool named_wijk_elsewhere(const struct group *g, const char *name,
				 size_t len, const struct group *wijk, int nw)
{
	for (int w = 0; w < nw; w++) {
		bool inside = false;

		if (strlen(wijk[w].name) != len || strncmp(wijk[w].name, name, len))
			continue;
		for (int i = 0; i < wijk[w].n && !inside; i++)
			inside = group_has(g, wijk[w].member[i]);
		if (!inside)
			return true;
	}
	return false;
}

/* "Gaasperdam / Driemond" -> "Gaasperdam" once Driemond is a wijk of
 * another gebied: a 2015 name must not promise a part that moved away. */
static void drop_moved_parts(struct group *g, const struct group *wijk, int nw)
{
	const char *sep = strstr(g->name, " / ");
	struct buf nb;

	if (!sep || strstr(sep + 3, " / "))
		return;
	buf_init(&nb, 0);
	if (named_wijk_elsewhere(g, sep + 3, strlen(sep + 3), wijk, nw))
		buf_add(&nb, g->name, (size_t)(sep - g->name));
	else if (named_wijk_elsewhere(g, g->name, (size_t)(sep - g->name), wijk, nw))
		buf_adds(&nb, sep + 3);
	if (nb.len) {
		note("  %s: \"%s\" names a wijk of another gebied; now \"%s\"",
		     g->code, g->name, buf_str(&nb));
		group_name_set(g, NULL, buf_detach(&nb, NULL),
			       "2015 GGW-gebied, moved part dropped");
	}
	buf_release(&nb);
}

/* Where groups share a name, the one with most votes (then the first)
 * keeps it.  wijk is NULL when g are the wijken themselves. */
static void disambiguate(struct group *g, int ng, const struct buurt *b,
			 const struct group *wijk, int nw)
{
	bool *rename = xcalloc((size_t)ng, sizeof(*rename));

	for (int i = 0; i < ng; i++)
		for (int j = 0; j < ng; j++)
			if (j != i && strcmp(g[j].name, g[i].name) == 0 &&
			    (g[j].votes > g[i].votes ||
			     (g[j].votes == g[i].votes && j < i)))
				rename[i] = true;
	for (int i = 0; i < ng; i++)
		if (rename[i])
			rename_split(&g[i], g, ng, b, wijk, nw);
	free(rename);
	for (int i = 0; i < ng; i++)
		for (int j = i + 1; j < ng; j++)
			if (strcmp(g[i].name, g[j].name) == 0)
				fatal("%s and %s both named \"%s\"", g[i].code,
				      g[j].code, g[i].name);
}

/* Westpoort's buurten lie in no GGW-gebied; src/geo/amsterdam.c gives
 * them the made-up gebied "GGW-" + stadsdeel letter, and so do we. */
static const char *gebied_code(const struct area_rec *r, char *buf)
{
	if (r->parent_code)
		return r->parent_code;
	snprintf(buf, 8, "GGW-%c", r->code[0]);
	return buf;
}

static int group_cmp(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->code,
		      ((const struct group *)b)->code);
}

static void groups_write(const char *level, struct group *g, int ng)
{
	qsort(g, (size_t)ng, sizeof(*g), group_cmp);
	for (int i = 0; i < ng; i++) {
		if (strpbrk(g[i].name, ";\r\n"))
			fatal("name with ';' or newline: %s", g[i].name);
		printf("%s;%s;%s\n", level, g[i].code, g[i].name);
		note("%s %s \"%s\": %s, %d of %d buurten", level, g[i].code,
		     g[i].name, g[i].how, g[i].votes, g[i].n);
	}
}

static void groups_free(struct group *g, int ng)
{
	for (int i = 0; i < ng; i++)
		free(g[i].owned);
}

static void bce_free(struct bce *bce, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		GEOSPreparedGeom_destroy_r(geos, bce[i].prep);
		GEOSGeom_destroy_r(geos, bce[i].geom);
		free(bce[i].ggw);
	}
	free(bce);
}

static void header_write(void)
{
	puts("# Derived, not official: names of the 2022 wijken and GGW-gebieden "
	     "made by tools/derive_names.c from the 2015 indeling (each 2022 "
	     "buurt's point on surface in a 2015 buurtcombinatie and GGW-gebied, "
	     "majority per wijk and gebied, Weesp and other uncovered parts "
	     "named from buurt names, see data/amsterdam/README.md). Bron: "
	     "Gemeente Amsterdam.");
	puts("level;code;name");
}

int main(int argc, char **argv)
{
	static struct group wijk[MAX_GROUPS], gebied[MAX_GROUPS];
	static struct buurt b[MAX_BUURTEN];
	struct geojson_opts o22 = { .parent_prop = "ligtInGgwgebiedId" };
	struct geojson_opts o15 = { .code_prop = "Buurtcombinatie_code",
				    .name_prop = "Buurtcombinatie" };
	struct area_rec *r22, *r15;
	struct bce *bce;
	size_t n22, n15;
	int nw = 0, ng = 0, outside = 0;
	char path[4096];

	if (argc != 3)
		fatal("usage: derive_names BUURTEN_2022.geojson DIR_2015");
	geos = GEOS_init_r();
	r22 = areas_load(argv[1], &o22, &n22);
	snprintf(path, sizeof(path), "%s/buurtcombinaties.geojson", argv[2]);
	r15 = areas_load(path, &o15, &n15);
	if (n22 > MAX_BUURTEN)
		fatal("too many buurten");
	bce = xcalloc(n15, sizeof(*bce));
	for (size_t i = 0; i < n15; i++)
		bce[i].rec = &r15[i];
	snprintf(path, sizeof(path), "%s/brt-bce-sdl-ggw.csv", argv[2]);
	ggw_load(path, bce, n15);
	bce_prepare(bce, n15);
	for (size_t i = 0; i < n22; i++) {
		char wcode[3] = { r22[i].code[0], r22[i].code[1], 0 };
		char gcode[8];

		b[i].rec = &r22[i];
		buurt_locate(&b[i], bce, n15);
		outside += b[i].bce < 0;
		group_add(group_of(wijk, &nw, wcode), (int)i, wcode[0]);
		group_add(group_of(gebied, &ng, gebied_code(&r22[i], gcode)),
			  (int)i, wcode[0]);
	}
	note("%zu buurten, %d outside every 2015 buurtcombinatie; %d wijken, "
	     "%d gebieden", n22, outside, nw, ng);
	for (int i = 0; i < nw; i++)
		name_wijk(&wijk[i], b, n22, bce);
	disambiguate(wijk, nw, b, NULL, 0);
	for (int i = 0; i < ng; i++) {
		name_gebied(&gebied[i], b, n22, bce);
		drop_moved_parts(&gebied[i], wijk, nw);
	}
	disambiguate(gebied, ng, b, wijk, nw);
	header_write();
	groups_write("gebied", gebied, ng);
	groups_write("wijk", wijk, nw);
	groups_free(wijk, nw);
	groups_free(gebied, ng);
	bce_free(bce, n15);
	geojson_areas_free(r15, n15);
	geojson_areas_free(r22, n22);
	GEOS_finish_r(geos);
	return fflush(stdout) == 0 ? 0 : 1;
}
