/* kwestie_demo: see kwestie_demo.h.  Everything goes through the use
 * cases of app/kwestie.h, as a professional would do it, so the demo
 * holds only states the rules allow, with their history and audit rows.
 * The organisations are the demo ones (demo_accounts.c, socialmap_demo.c);
 * the actor is a stand-in for an organisation's API key, labelled as the
 * demo in the audit log. */
#include "kwestie_demo.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/kwestie.h"
#include "app/promise.h"
#include "app/timeline.h"
#include "base/log.h"
#include "geo/areaidx.h"
#include "store/accounts.h"
#include "store/store.h"

#define DEMO_LABEL "demo (serve --demo)"
#define MAX_SIGNALS 4
#define MAX_CHAIN 4

struct demo_link {
	const char *org; /* a demo organisation's name */
	const char *role;
};

struct demo_report {
	const char *buurt, *category, *text;
};

static const struct demo_kwestie {
	const char *acting; /* the organisation that makes it */
	const char *title, *description;
	const char *area;       /* a buurt code ... */
	enum area_level up;     /* ... or its ancestor of this level */
	const char *theme, *level, *level_reason;
	struct demo_report signals[MAX_SIGNALS];
	struct demo_link chain[MAX_CHAIN];
	int supporters;
	/* then: the change that brings it to its state (NULL: stays) */
	const char *status, *outcome, *forwarded_to, *park_reason;
	int merge_into; /* index + 1 of the kwestie it is a duplicate of */
} demo_kwesties[] = {
	{"Stadsdeel West (demo)", "Grofvuil naast de containers in de Van Galenbuurt",
	 "Bewoners melden dat er elke week grofvuil naast de ondergrondse "
	 "containers staat. We zoeken uit waar het vandaan komt en spreken "
	 "een vaste ophaaldag af. (demo)",
	 "EK02", AREA_BUURT, NULL, "buurt", "Het speelt in een paar straten; de "
	 "veegploeg van het stadsdeel kan het hier oplossen.",
	 {{"EK02", "afval/grofvuil", "Weer een bank en matrassen naast de container "
	   "op de hoek. (demo)"},
	  {"EK02", "afval/grofvuil", "Grofvuil bij de containers, al drie dagen. (demo)"},
	  {"EK01", "afval/grofvuil", "Stapel kartonnen dozen naast de papiercontainer. "
	   "(demo)"}},
	 {{"Stadsdeel West, team Openbare Ruimte (demo)", "regisseur"},
	  {"Woningcorporatie Thuis in West (demo)", "uitvoerder"},
	  {"Bewonersplatform Bos en Lommer (demo)", "betrokken"}},
	 6, "in_uitvoering", NULL, NULL, NULL, 0},
	{"Stadsdeel West (demo)", "Straatverlichting valt vaak uit in Landlust",
	 "Op meerdere plekken in Landlust brandt de straatverlichting 's avonds "
	 "niet. Het stadsdeel laat het net nakijken. (demo)",
	 "EE04", AREA_WIJK, NULL, "wijk", "Meldingen uit de hele wijk; het gaat om "
	 "één stroomgroep.",
	 {{"EE04", "wegen-verkeer-straatmeubilair/straatverlichting-openbare-klok",
	   "De lantaarnpalen in onze straat zijn al een week donker. (demo)"},
	  {"EE06", "wegen-verkeer-straatmeubilair/straatverlichting-openbare-klok",
	   "Donker op de stoep bij de school, lamp doet het niet. (demo)"}},
	 {{"Stadsdeel West, team Openbare Ruimte (demo)", "regisseur"}},
	 3, "opgepakt", NULL, NULL, NULL, 0},
	{"Stadsdeel West (demo)", "Eenzaamheid onder ouderen in Bos en Lommer",
	 "Buurtbewoners en de huisarts zien dat veel ouderen weinig contact "
	 "hebben. Welzijn, de corporatie en bewoners zetten samen een "
	 "koffieochtend en een belronde op. (demo)",
	 "EE02", AREA_GEBIED, "eenzaamheid", "gebied", "Het speelt in alle buurten "
	 "van het gebied en vraagt partijen die op gebiedsniveau werken.",
	 {{"EE02", NULL, "Mijn buurman van 84 komt de deur bijna niet meer uit. "
	   "Kan iemand langsgaan? (demo)"}},
	 {{"Welzijn West (demo)", "regisseur"},
	  {"Stadsdeel West (demo)", "financier"},
	  {"Bewonersplatform Bos en Lommer (demo)", "uitvoerder"}},
	 9, "in_uitvoering", NULL, NULL, NULL, 0},
	{"Stadsdeel West (demo)", "Te weinig betaalbare woningen voor jongeren in West",
	 "Jongeren uit West vinden geen betaalbare woning in hun eigen buurt. "
	 "Het stadsdeel kan dit niet alleen: het is doorgezet naar de gemeente. "
	 "(demo)",
	 "EK01", AREA_STADSDEEL, "wonen", "stadsdeel", "Het speelt in heel West.",
	 {{"EK01", NULL, "Ik ben 24 en sta al 9 jaar ingeschreven. Kan er niet "
	   "iets voor jongeren uit de buurt? (demo)"}},
	 {{"Stadsdeel West (demo)", "regisseur"},
	  {"Woningcorporatie Thuis in West (demo)", "betrokken"}},
	 12, "doorgezet", NULL, "Gemeente Amsterdam, programma Wonen", NULL, 0},
	{"Stadsdeel West (demo)", "Lawaai van jongeren bij het water",
	 "'s Nachts lawaai bij de bankjes aan het water. Jongerenwerk gaat in "
	 "gesprek; na de zomer kijken we opnieuw. (demo)",
	 "EJ01", AREA_BUURT, "veiligheid", "buurt", "Eén plek in de buurt.",
	 {{"EJ01", "overlast-van-en-door-personen-of-groepen/jongerenoverlast",
	   "Elke nacht harde muziek bij de bankjes. (demo)"}},
	 {{"Stadsdeel West (demo)", "regisseur"}},
	 2, "geparkeerd", NULL, NULL, "Jongerenwerk is in gesprek; we kijken na "
	 "de zomer of het rustiger is.", 0},
	{"Stadsdeel West (demo)", "Kapotte bank bij de speeltuin",
	 "Een bank met uitstekende spijkers bij de speeltuin. Vervangen. (demo)",
	 "EK03", AREA_BUURT, NULL, "buurt", "Eén bank.",
	 {{"EK03", "wegen-verkeer-straatmeubilair/straatmeubilair",
	   "Kapotte bank, kinderen kunnen zich bezeren. (demo)"}},
	 {{"Stadsdeel West, team Openbare Ruimte (demo)", "regisseur"}},
	 1, "afgerond", "opgelost", NULL, NULL, 0},
	{"Stadsdeel West (demo)", "Ratten bij de afvalbakken van het winkelcentrum",
	 "Ratten bij de afvalbakken. De bakken zijn van het winkelcentrum; het "
	 "stadsdeel kan ze niet vervangen. (demo)",
	 "EH02", AREA_BUURT, NULL, "buurt", "Eén plek.",
	 {{"EH02", "overlast-van-dieren/ratten", "Ratten achter het winkelcentrum, "
	   "ook overdag. (demo)"}},
	 {{"Stadsdeel West (demo)", "regisseur"}},
	 4, "afgerond", "niet_op_dit_niveau", NULL, NULL, 0},
	{"Stadsdeel West (demo)", "Grofvuil bij de container Van Galenstraat",
	 "Dubbel: hoort bij de kwestie over grofvuil in de Van Galenbuurt. (demo)",
	 "EK02", AREA_BUURT, NULL, "buurt", "Eén container.",
	 {{"EK02", "afval/grofvuil", "Matras naast de container. (demo)"}},
	 {{"Stadsdeel West, team Openbare Ruimte (demo)", "regisseur"}},
	 1, NULL, NULL, NULL, NULL, 1},
	{"Stadsdeel West (demo)", "Zwerfafval rond de Erasmusparkbuurt",
	 "Na het weekend ligt er veel zwerfafval. Nieuw: nog niet opgepakt. "
	 "(demo)",
	 "EF02", AREA_BUURT, NULL, "buurt", "Eén buurt.",
	 {{"EF02", "afval/zwerfafval", "Veel blikjes en zakjes in de bosjes. (demo)"}},
	 {{NULL, NULL}},
	 2, NULL, NULL, NULL, NULL, 0},
	{"Gemeente Amsterdam (demo)", "Ophaalrooster grofvuil stadsbreed herzien",
	 "In veel buurten staat grofvuil op de verkeerde dag buiten. De gemeente "
	 "herziet het rooster voor de hele stad. (demo)",
	 "EK02", AREA_GEMEENTE, "openbare-ruimte", "gemeente", "Het rooster is "
	 "stedelijk beleid.",
	 {{NULL, NULL, NULL}},
	 {{"Gemeente Amsterdam (demo)", "regisseur"},
	  {"Stadsdeel West, team Openbare Ruimte (demo)", "uitvoerder"},
	  {"Stadsdeel Noord, team Openbare Ruimte (demo)", "uitvoerder"}},
	 0, "opgepakt", NULL, NULL, NULL, 0},
};

#define NDEMO (sizeof(demo_kwesties) / sizeof(demo_kwesties[0]))

/* Promises on the demo kwesties, made right after each kwestie (before
 * its change of status), and what became of them: kept today, broken
 * or given a new date, each with the reason residents read. */
static const struct demo_promise {
	size_t kwestie; /* index in demo_kwesties */
	const char *org, *what;
	int workdays;
	const char *then; /* NULL: open; gehaald, niet_gehaald, gewijzigd */
	const char *why;
	int new_workdays;
} demo_promises[] = {
	{0, "Woningcorporatie Thuis in West (demo)",
	 "We hangen bij de containers een bord op met de dag waarop grofvuil "
	 "wordt opgehaald. (demo)", 10, "gehaald", NULL, 0},
	{0, "Stadsdeel West, team Openbare Ruimte (demo)",
	 "We spreken met de buurt een vaste ophaaldag af en laten u weten welke "
	 "dag het wordt. (demo)", 15, NULL, NULL, 0},
	{1, "Stadsdeel West, team Openbare Ruimte (demo)",
	 "We laten het net nakijken en vertellen u wat er mis is. (demo)", 10,
	 "gewijzigd", "De netbeheerder kan pas later komen. (demo)", 20},
	{5, "Stadsdeel West, team Openbare Ruimte (demo)",
	 "We zetten een nieuwe bank neer. (demo)", 5, "gehaald", NULL, 0},
	{6, "Stadsdeel West (demo)",
	 "We vragen het winkelcentrum om bakken met een deksel. (demo)", 5,
	 "niet_gehaald", "Het winkelcentrum wil de bakken niet vervangen, en "
	 "wij kunnen dat niet afdwingen. (demo)", 0},
};

struct demo {
	struct db *db;
	struct app *app;
	struct arena *ar;
	struct org_row *orgs;
	size_t norgs;
	int64_t ids[NDEMO];
	int nsignal; /* for unique dedupe keys */
};

static int64_t org_id(const struct demo *d, const char *name)
{
	for (size_t i = 0; name && i < d->norgs; i++)
		if (strcmp(d->orgs[i].name, name) == 0)
			return d->orgs[i].id;
	return 0;
}

/* A demo signal through the store, as seed.c makes its own. */
static int64_t report(struct demo *d, const struct demo_report *r)
{
	const struct area_node *b = areaidx_find(d->app->areas, r->buurt);
	struct signal_input in;
	struct signal_new s;
	struct signal_row row;
	bool replayed;

	if (!b || b->level != AREA_BUURT)
		return 0;
	memset(&in, 0, sizeof(in));
	in.kind = r->category ? "melding" : "vraag";
	in.text = r->text;
	in.buurt = r->buurt;
	in.category = r->category;
	memset(&s, 0, sizeof(s));
	s.municipality = d->app->municipality;
	s.in = &in;
	for (const struct area_node *n = b; n; n = n->parent)
		if (n->level < AREA_GEMEENTE)
			s.codes[n->level] = n->code;
	s.dedupe_key = arena_printf(d->ar, "demo-kwestie-%d", d->nsignal++);
	s.demo = true;
	s.received_by = TIMELINE_SYSTEM;
	return store_signal_create(d->db, d->ar, &s, &row, &replayed) == ERR_OK
		       ? row.id
		       : 0;
}

static const char *area_of(const struct demo *d, const struct demo_kwestie *k)
{
	const struct area_node *a = areaidx_find(d->app->areas, k->area);

	while (a && a->level < k->up && a->parent)
		a = a->parent;
	return a && a->level == k->up ? a->code : NULL;
}

/* The demo promises of kwestie i, made and then closed or changed
 * through the use cases of app/promise.h. */
static enum err promises(struct demo *d, size_t i, const struct actor *who,
			 struct field_errors *errs)
{
	for (size_t j = 0; j < sizeof(demo_promises) / sizeof(demo_promises[0]); j++) {
		const struct demo_promise *p = &demo_promises[j];
		/* demo texts are short and plain; the check would only say so */
		struct promise_input in = {p->what, org_id(d, p->org),
					   {NULL, true, p->workdays}, true};
		struct promise_change ch = {p->then, p->why, NULL,
					    {NULL, p->new_workdays > 0, p->new_workdays},
					    true};
		int64_t id;
		enum err e;

		if (p->kwestie != i || !in.organisation)
			continue;
		if ((e = promise_make(d->app, d->db, d->ar, who, d->ids[i], 0, &in,
				      errs, &id)) != ERR_OK)
			return e;
		if (p->then && (e = promise_update(d->app, d->db, d->ar, who, id, 1,
						   &ch, errs, NULL)) != ERR_OK)
			return e;
	}
	return ERR_OK;
}

static int one(struct demo *d, size_t i)
{
	const struct demo_kwestie *k = &demo_kwesties[i];
	struct actor who = {ACTOR_KEY, 0, 0, org_id(d, k->acting), NULL,
			    DEMO_LABEL, false, NULL, 0};
	struct kw_link chain[MAX_CHAIN];
	int64_t signals[MAX_SIGNALS];
	struct field_errors errs = {0};
	struct kwestie_input in;
	struct kwestie_view v;
	struct kw_change ch;
	size_t nchain = 0, nsig = 0;
	enum err e;

	if (!who.key_org || !(in.area = area_of(d, k)))
		return 0; /* not in this installation's demo or areas */
	for (size_t j = 0; j < MAX_SIGNALS && k->signals[j].buurt; j++)
		if ((signals[nsig] = report(d, &k->signals[j])))
			nsig++;
	for (size_t j = 0; j < MAX_CHAIN && k->chain[j].org; j++)
		if ((chain[nchain].organisation = org_id(d, k->chain[j].org))) {
			chain[nchain].role = kw_role_parse(k->chain[j].role);
			nchain++;
		}
	memset(&in, 0, sizeof(in));
	in.title = k->title;
	in.description = k->description;
	in.area = area_of(d, k);
	in.theme = k->theme;
	in.level = k->level;
	in.level_reason = k->level_reason;
	in.status = nchain ? "opgepakt" : "nieuw";
	in.signals = signals;
	in.nsignals = nsig;
	in.chain = chain;
	in.nchain = nchain;
	in.demo = true;
	if ((e = kwestie_create(d->app, d->db, d->ar, &who, &in, &errs,
				&d->ids[i])) != ERR_OK)
		goto fail;
	for (int s = 0; s < k->supporters; s++) {
		/* no follow: demo addresses get no mail */
		struct support_input sup = {
			d->ids[i],
			arena_printf(d->ar, "bewoner%d.%zu@demo.wijkagenda.nl", s, i),
			NULL, false, NULL};
		bool added;
		int retry;

		e = kwestie_support(d->app, d->db, d->ar, &sup, &errs, &added, &retry);
		if (e != ERR_OK)
			goto fail;
	}
	if ((e = promises(d, i, &who, &errs)) != ERR_OK)
		goto fail;
	if (k->merge_into && d->ids[k->merge_into - 1])
		e = kwestie_merge(d->app, d->db, d->ar, &who, d->ids[i], 0,
				  d->ids[k->merge_into - 1], &errs);
	if (e != ERR_OK || !k->status || strcmp(k->status, "opgepakt") == 0)
		goto done;
	memset(&ch, 0, sizeof(ch));
	ch.status = k->status;
	ch.outcome = k->outcome;
	ch.forwarded_to = k->forwarded_to;
	ch.park_reason = k->park_reason;
	if (k->park_reason) {
		char now[32];

		store_time_ago(now, sizeof(now), -120 * 86400); /* in 4 months */
		ch.park_until = arena_printf(d->ar, "%.10s", now);
	}
	if ((e = kwestie_read(d->db, d->ar, d->ids[i], &v)) == ERR_OK)
		e = kwestie_change(d->app, d->db, d->ar, &who, d->ids[i], v.k.version,
				   &ch, &errs);
done:
	if (e == ERR_OK)
		return 0;
fail:
	log_event("error", "demo_kwestie", "title", k->title, "error", err_name(e),
		  "field", errs.n ? errs.e[0].field : "");
	return -1;
}

int kwestie_demo_seed(struct db *db, struct app *app, char *err, size_t errlen)
{
	struct arena ar;
	struct demo d;
	int rc = 0;

	arena_init(&ar);
	memset(&d, 0, sizeof(d));
	d.db = db;
	d.app = app;
	d.ar = &ar;
	if (store_org_list(db, &ar, app->municipality, &d.orgs, &d.norgs) != ERR_OK) {
		snprintf(err, errlen, "cannot list the demo organisations");
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < NDEMO; i++)
		if (one(&d, i) != 0) {
			snprintf(err, errlen, "cannot store demo kwestie %zu", i);
			rc = -1;
		}
	arena_clear(&ar);
	return rc;
}
