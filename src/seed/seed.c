/* seed: see seed.h. */
#include "seed.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "domain/categories.h"
#include "base/log.h"
#include "base/token.h"
#include "geo/amsterdam.h"
#include "geo/areaidx.h"
#include "store/store.h"
#include "app/app.h"
#include "app/timeline.h"
#include "seed/socialmap_demo.h"
#include "seed/demo_accounts.h"
#include "seed/kwestie_demo.h"
#include "seed/demo_history.h"

#define AMSTERDAM "GM0363"

/* Signalen's handling codes as a norm in working days, from the texts
 * Signalen shows residents for each code ("binnen 3 werkdagen", "binnen
 * drie weken" = 15 working days, "binnen 5 werkdagen"); codes without a
 * promise of time (enforcement, lighting, gladheid, REST: sorted first)
 * get none, and the default norm of the intake applies to them. */
static int handling_norm(const char *code)
{
	static const struct {
		const char *code;
		int workdays;
	} norms[] = {
		{"A3DMC", 3}, {"A3DEC", 3}, {"A3DEVOMC", 3}, {"A3WMC", 15},
		{"A3WEC", 15}, {"I5DMC", 5}, {"STOPEC", 5}, {"STOPEC3", 3},
	};

	for (size_t i = 0; code && i < sizeof(norms) / sizeof(norms[0]); i++)
		if (strcmp(code, norms[i].code) == 0)
			return norms[i].workdays;
	return -1;
}

int seed_categories(struct db *db, const char *municipality, const char *json,
		    size_t len, char *err, size_t errlen)
{
	struct category_def *d;
	size_t n;
	int rc = 0;

	if (categories_parse(json, len, &d, &n, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (store_category_put(db, municipality, d[i].code,
				       d[i].parent[0] ? d[i].parent : NULL,
				       d[i].name, d[i].active, (int)i) != ERR_OK ||
		    store_category_set_norm(db, municipality, d[i].code,
					    handling_norm(d[i].handling)) != ERR_OK) {
			snprintf(err, errlen, "categories: cannot store %s", d[i].code);
			rc = -1;
		}
	free(d);
	return rc;
}

static int seed_areas(struct db *db, char *err, size_t errlen)
{
	struct area_rec *areas = NULL;
	size_t n = 0;
	int rc = 0;

	if (amsterdam_areas(&areas, &n, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (store_area_put(db, AMSTERDAM, &areas[i]) != ERR_OK) {
			snprintf(err, errlen, "cannot store area %s", areas[i].code);
			rc = -1;
		}
	amsterdam_areas_free(areas, n);
	return rc;
}

/* The bundled data inside db_write; err says what failed. */
struct base_seed {
	const struct embedded_file *cats;
	char *err;
	size_t errlen;
};

static enum err seed_base_tx(struct db *db, void *p)
{
	struct base_seed *b = p;
	enum err e;

	b->err[0] = '\0';
	if ((e = store_municipality_put(db, AMSTERDAM, "Amsterdam")) != ERR_OK)
		return e;
	/* These two say what failed in err, not why: no retry on ERR_BUSY. */
	if (seed_areas(db, b->err, b->errlen) != 0 ||
	    seed_categories(db, AMSTERDAM, b->cats->data, b->cats->len, b->err,
			    b->errlen) != 0)
		return ERR_INTERNAL;
	return ERR_OK;
}

int seed_base(struct db *db, char *err, size_t errlen)
{
	struct base_seed b = {embedded_find("data/categories/signalen-amsterdam.json"),
			      err, errlen};
	enum err e;

	if (store_has_municipality(db, AMSTERDAM))
		return 0;
	if (!b.cats) {
		snprintf(err, errlen, "category data missing from the build");
		return -1;
	}
	*err = '\0';
	if ((e = db_write(db, seed_base_tx, &b)) != ERR_OK) {
		if (!*err)
			snprintf(err, errlen, "cannot store the bundled data: %s",
				 err_name(e));
		return -1;
	}
	log_event("info", "seeded", "municipality", AMSTERDAM);
	return 0;
}

/* Demo signals: realistic, invented, marked is_demo and "(demo)". */
static const struct demo_signal {
	const char *kind, *text, *buurt, *category;
} demo_signals[] = {
	{"melding", "Naast de speeltuin staat al een week een kapotte bank met "
		    "uitstekende spijkers. (demo)", "AA01",
	 "wegen-verkeer-straatmeubilair/straatmeubilair"},
	{"melding", "De lantaarnpaal voor nummer 12 brandt al dagen niet; het is "
		    "'s avonds erg donker op de stoep. (demo)", "EK02",
	 "wegen-verkeer-straatmeubilair/straatverlichting-openbare-klok"},
	{"melding", "Bij de ondergrondse container ligt elke maandag grofvuil. (demo)",
	 "FG03", "afval/grofvuil"},
	{"vraag", "Wie kan ons helpen een buurtbarbecue te organiseren in het "
		  "plantsoen? (demo)", "KC01", NULL},
	{"idee", "Kunnen we van het lege grasveld een moestuin voor de buurt "
		 "maken? Er zijn al tien bewoners die mee willen doen. (demo)",
	 "MA01", NULL},
	{"melding", "Veel ratten bij de afvalbakken achter het winkelcentrum. (demo)",
	 "TA01", "overlast-van-dieren/ratten"},
	{"vraag", "Waar kan mijn buurvrouw (82) terecht voor hulp bij haar "
		  "post en rekeningen? (demo)", "NA01", NULL},
	{"melding", "Jongeren maken 's nachts lawaai bij het bankje aan het "
		    "water. (demo)", "SA01",
	 "overlast-van-en-door-personen-of-groepen/jongerenoverlast"},
};

static int seed_one_demo(struct db *db, struct app *app, struct arena *ar,
			 const struct demo_signal *d, size_t i)
{
	const struct area_node *b = areaidx_find(app->areas, d->buurt);
	struct signal_input in;
	struct signal_new s;
	struct signal_row row;
	char key[40];
	bool replayed;

	if (!b || b->level != AREA_BUURT)
		return 0; /* not in this area division: skip */
	memset(&in, 0, sizeof(in));
	in.kind = d->kind;
	in.text = d->text;
	in.buurt = d->buurt;
	in.category = d->category;
	memset(&s, 0, sizeof(s));
	s.municipality = app->municipality;
	s.in = &in;
	for (const struct area_node *n = b; n; n = n->parent)
		if (n->level < 4)
			s.codes[n->level] = n->code;
	snprintf(key, sizeof(key), "demo-%zu", i);
	s.dedupe_key = key;
	s.dedupe_window_s = 0;
	s.demo = true;
	s.received_by = TIMELINE_SYSTEM;
	if (store_signal_create(db, ar, &s, &row, &replayed) != ERR_OK)
		return -1;
	log_event("info", "demo_signal", "url",
		  arena_printf(ar, "/m/%s", row.token));
	return 0;
}

int seed_demo(struct db *db, struct app *app, char *err, size_t errlen)
{
	struct arena ar;
	int rc = 0;

	if (demo_accounts_seed(db, app->municipality, err, errlen) != 0)
		return -1;
	if (socialmap_demo_seed(db, app, err, errlen) != 0)
		return -1;
	if (store_signal_count(db) > 0)
		return 0;
	arena_init(&ar);
	for (size_t i = 0; i < sizeof(demo_signals) / sizeof(demo_signals[0]); i++)
		if (seed_one_demo(db, app, &ar, &demo_signals[i], i) != 0) {
			snprintf(err, errlen, "cannot store demo signal %zu", i);
			rc = -1;
			break;
		}
	arena_clear(&ar);
	if (rc == 0)
		rc = kwestie_demo_seed(db, app, err, errlen);
	if (rc == 0)
		rc = demo_history_seed(db, app, err, errlen);
	return rc;
}
