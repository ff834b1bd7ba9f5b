/* socialmap_demo: see socialmap_demo.h.  The organisations and services
 * are invented but written the way Amsterdam's welfare, care and housing
 * organisations describe themselves; addresses, phone numbers and
 * websites are made up (.example domains, 020 000 numbers). */
#include "socialmap_demo.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "geo/areaidx.h"
#include "store/accounts.h"
#include "store/hsds_orgs.h"
#include "store/socialmap_search.h"
#include "store/store.h"
#include "app/app.h"

/* --- the vocabulary ---------------------------------------------------- */

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static enum err term_load(struct db *db, struct arena *ar, int64_t tax_id,
			  json_t *j)
{
	struct term_row t;
	const char *uuid = jstr(j, "id");

	if (!uuid || !jstr(j, "code") || !jstr(j, "name"))
		return ERR_INVALID;
	if (store_term_by_uuid(db, ar, uuid, &t) == ERR_OK)
		return ERR_OK; /* there already: keep what an admin made of it */
	memset(&t, 0, sizeof(t));
	t.uuid = (char *)uuid;
	t.taxonomy_id = tax_id;
	t.code = (char *)jstr(j, "code");
	t.name = (char *)jstr(j, "name");
	t.description = (char *)jstr(j, "description");
	return store_term_put(db, &t);
}

static enum err taxonomy_load(struct db *db, struct arena *ar, json_t *j)
{
	struct taxonomy_row t;
	const char *uuid = jstr(j, "id");
	json_t *term;
	size_t i;
	enum err e;

	if (!uuid || !jstr(j, "name") || !json_is_array(json_object_get(j, "terms")))
		return ERR_INVALID;
	e = store_taxonomy_by_uuid(db, ar, uuid, &t);
	if (e == ERR_NOT_FOUND) {
		memset(&t, 0, sizeof(t));
		t.uuid = (char *)uuid;
		t.name = (char *)jstr(j, "name");
		t.description = (char *)jstr(j, "description");
		t.version = (char *)jstr(j, "version");
		e = store_taxonomy_put(db, &t);
	}
	json_array_foreach(json_object_get(j, "terms"), i, term)
		if (e == ERR_OK)
			e = term_load(db, ar, t.id, term);
	return e;
}

/* Every taxonomy of termen.json, inside db_write. */
struct terms_load {
	json_t *root;
	struct arena *ar;
};

static enum err terms_load_tx(struct db *db, void *p)
{
	struct terms_load *t = p;
	json_t *tax;
	size_t i;
	enum err e = ERR_OK;

	json_array_foreach(json_object_get(t->root, "taxonomies"), i, tax)
		if (e == ERR_OK)
			e = taxonomy_load(db, t->ar, tax);
	return e;
}

int socialmap_terms_load(struct db *db, const char *json, size_t len,
			 char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr);
	struct arena ar;
	struct terms_load t = {root, &ar};
	enum err e;

	if (!json_is_array(json_object_get(root, "taxonomies"))) {
		snprintf(err, errlen, "termen.json: line %d: %s", jerr.line,
			 root ? "no \"taxonomies\" array" : jerr.text);
		json_decref(root);
		return -1;
	}
	arena_init(&ar);
	e = db_write(db, terms_load_tx, &t);
	arena_clear(&ar);
	json_decref(root);
	if (e != ERR_OK) {
		snprintf(err, errlen, "termen.json: cannot store the vocabulary (%s)",
			 err_name(e));
		return -1;
	}
	return 0;
}

int socialmap_terms_seed(struct db *db, char *err, size_t errlen)
{
	size_t len;
	const char *json = socialmap_terms_json(&len);

	if (!json) {
		snprintf(err, errlen, "%s is missing from the build (EMBED)",
			 SK_TERMS_FILE);
		return -1;
	}
	return socialmap_terms_load(db, json, len, err, errlen);
}

/* --- the demo organisations ---------------------------------------------- */

static const struct demo_org {
	const char *name, *kind, *areas, *description, *website, *email;
} demo_orgs[] = {
	/* 0 */ {"Buurtwerk Amsterdam West (demo)", "welzijn", "E",
		 "Buurtwerk in stadsdeel West: buurthuizen, activiteiten en hulp "
		 "bij vragen over geld, wonen en meedoen.",
		 "https://buurtwerk-west.example", "info@buurtwerk-west.example"},
	/* 1 */ {"Stichting Samen Oud (demo)", "welzijn", "GM0363",
		 "Samen Oud helpt ouderen in heel Amsterdam om zelfstandig en "
		 "niet alleen te wonen.",
		 "https://samenoud.example", "contact@samenoud.example"},
	/* 2 */ {"Geldhulp Amsterdam (demo)", "welzijn", "GM0363",
		 "Gratis hulp bij rekeningen, schulden en formulieren. Wij "
		 "oordelen niet, wij helpen.",
		 "https://geldhulp.example", "hulp@geldhulp.example"},
	/* 3 */ {"Mantelzorgpunt Amsterdam (demo)", "zorg", "GM0363",
		 "Steun voor iedereen die zorgt voor een ziek familielid, een "
		 "partner of een buur.",
		 "https://mantelzorgpunt.example", "info@mantelzorgpunt.example"},
	/* 4 */ {"Woonstichting De Waterkant (demo)", "woningcorporatie", "E F",
		 "Woningcorporatie met huurwoningen in West en Nieuw-West.",
		 "https://dewaterkant.example", "huurders@dewaterkant.example"},
	/* 5 */ {"Woongroep Noorderlicht (demo)", "woningcorporatie", "N",
		 "Woningcorporatie in Amsterdam-Noord.",
		 "https://noorderlicht-wonen.example", NULL},
	/* 6 */ {"Buurtteam Oud-West / De Baarsjes (demo)", "zorg",
		 "03630950000026",
		 "Het buurtteam helpt volwassenen, jongeren en gezinnen met "
		 "vragen over zorg, geld, opvoeden en wonen.",
		 "https://buurtteam-oudwest.example", NULL},
	/* 7 */ {"Buurtteam Noord-Oost (demo)", "zorg", "03630950000041",
		 "Het buurtteam voor Noord-Oost: één plek voor vragen over zorg, "
		 "geld en opvoeden.",
		 NULL, "noordoost@buurtteam.example"},
	/* 8 */ {"Bewonersvereniging Van Galenbuurt (demo)", "bewonersorganisatie",
		 "EK", "Bewoners van de Van Galenbuurt die samen de buurt mooier "
		       "en gezelliger maken.",
		 NULL, "bestuur@vangalenbuurt.example"},
	/* 9 */ {"Buurthuis De Ortelius (demo)", "bewonersorganisatie", "EK02",
		 "Buurthuis in de Orteliusbuurt, gerund door vrijwilligers uit "
		 "de buurt.",
		 NULL, "buurthuis@ortelius.example"},
	/* 10 */ {"Jongerenwerk Nieuw-West (demo)", "welzijn", "F",
		  "Jongerenwerkers voor jongeren van 12 tot 23 jaar in Nieuw-West.",
		  "https://jongerenwerk-nw.example", NULL},
	/* 11 */ {"Taalhuis Amsterdam (demo)", "onderwijs", "GM0363",
		  "Hulp bij Nederlands leren, lezen, schrijven en werken met de "
		  "computer.",
		  "https://taalhuis.example", "leren@taalhuis.example"},
	/* 12 */ {"Sportbuurtwerk Zuidoost (demo)", "welzijn", "T",
		  "Sport en spel in de buurt voor kinderen en jongeren.", NULL,
		  NULL},
	/* 13 */ {"Opvoedsteunpunt Oost (demo)", "zorg", "M",
		  "Voor ouders met vragen over opvoeden en opgroeien.",
		  "https://opvoedsteun-oost.example", NULL},
	/* 14 */ {"Stadsdeel West, team Openbare Ruimte (demo)", "stadsdeel", "E",
		  "Het team van het stadsdeel dat zorgt voor straten, groen en "
		  "verlichting in West.",
		  NULL, NULL},
	/* 15 */ {"Stadsdeel Noord, team Openbare Ruimte (demo)", "stadsdeel", "N",
		  "Het team van het stadsdeel dat zorgt voor straten, groen en "
		  "verlichting in Noord.",
		  NULL, NULL},
	/* 16 */ {"Gemeente Amsterdam, Werk en Inkomen (demo)", "gemeente",
		  "GM0363", "Uitkeringen, toeslagen en hulp bij werk zoeken.",
		  NULL, NULL},
	/* 17 */ {"Wijkagenten Centrum (demo)", "politie", "A",
		  "De wijkagenten van het centrum.", NULL, NULL},
	/* 18 */ {"Nieuwkomerspunt Amsterdam (demo)", "welzijn", "GM0363",
		  "Begeleiding voor statushouders in hun eerste jaren in "
		  "Amsterdam.",
		  "https://nieuwkomerspunt.example", NULL},
	/* 19 */ {"Stichting Meedoen (demo)", "zorg", "GM0363",
		  "Voor mensen met een beperking die willen meedoen in de buurt.",
		  NULL, "info@meedoen.example"},
	/* 20 */ {"Huiswerkklas Van Galenbuurt (demo)", "onderwijs", "EK",
		  "Vrijwilligers helpen kinderen met hun huiswerk.", NULL, NULL},
	/* 21 */ {"Buurtboerderij Driemond (demo)", "bewonersorganisatie", "SA",
		  "Een kleine boerderij van en voor de buurt.", NULL, NULL},
	/* 22 */ {"Vrijwilligerscentrale Zuid (demo)", "welzijn", "K",
		  "Vrijwilligerswerk vinden in Zuid.", NULL, NULL},
	/* 23 */ {"Uitgiftepunt Voedselhulp Bijlmer (demo)", "welzijn",
		  "03630950000043", "Wekelijks een voedselpakket voor wie het "
				    "nodig heeft.",
		  NULL, NULL},
	/* 24 */ {"Huurteam Amsterdam (demo)", "overig", "GM0363",
		  "Gratis advies voor huurders over huurprijs, onderhoud en "
		  "rechten.",
		  "https://huurteam.example", NULL},
	/* 25 */ {"Buurtbuik Oost (demo)", "welzijn", "M",
		  "Samen koken en eten in de buurt.", NULL, NULL},
	/* 26 */ {"Digicafé Centrum (demo)", "welzijn", "A",
		  "Hulp bij de computer, de telefoon en DigiD.", NULL, NULL},
	/* 27 */ {"Repair Café Weesp (demo)", "bewonersorganisatie", "S",
		  "Samen kapotte spullen repareren.", NULL, NULL},
	/* 28 */ {"Ouderenwerk Noord (demo)", "welzijn", "N",
		  "Activiteiten en hulp voor ouderen in Noord.", NULL, NULL},
	/* 29 */ {"Buurtteam Slotervaart (demo)", "zorg", "03630950000031",
		  "Het buurtteam voor Slotervaart.", NULL, NULL},
};

/* Confirmation ages in days: most recent, some past the default 180. */
static const struct demo_service {
	int org;
	const char *name, *description, *eligibility, *application, *hours,
		*cost, *fees, *languages;
	int norm_days;
	const char *norm_text, *areas, *terms;
	int confirmed_days_ago;
	const char *status;
} demo_services[] = {
	{14, "Meldpunt openbare ruimte West (demo)",
	 "Kapotte lantaarnpaal, losse stoeptegel, een volle afvalbak of "
	 "zwerfvuil op straat? Meld het ons. Wij sturen iemand om het te "
	 "maken of op te ruimen.",
	 "Voor iedereen die in West woont, werkt of er op bezoek is.",
	 "Maak een melding op wijkagenda of bel ons.",
	 "Maandag tot en met vrijdag van 8.00 tot 18.00 uur.", "gratis", NULL,
	 "nl en", 3, "Binnen 3 werkdagen hoort u wat we gaan doen.", "E",
	 "iedereen openbare-ruimte", 20, NULL},
	{15, "Meldpunt openbare ruimte Noord (demo)",
	 "Is een lantaarnpaal kapot, ligt er afval naast de container of is "
	 "de stoep gevaarlijk? Meld het ons.",
	 "Voor iedereen in Noord.", "Maak een melding op wijkagenda.",
	 "Maandag tot en met vrijdag van 8.00 tot 17.00 uur.", "gratis", NULL,
	 "nl", 5, NULL, "N", "iedereen openbare-ruimte", 30, NULL},
	{1, "Koffieochtend voor ouderen (demo)",
	 "Elke week koffie drinken, praten en spelletjes doen met andere "
	 "ouderen uit de buurt. U hoeft zich niet aan te melden.",
	 "Voor ouderen die andere mensen willen ontmoeten.",
	 "Loop gewoon binnen.", "Dinsdag van 10.00 tot 12.00 uur.", "gratis",
	 NULL, "nl tr", 2, "Vragen beantwoorden we binnen 2 werkdagen.",
	 "EK02", "ouderen eenzaamheid vrijetijd", 15, NULL},
	{1, "Ouderenadviseur (demo)",
	 "De ouderenadviseur komt bij u thuis en kijkt samen met u wat u nodig "
	 "heeft om prettig thuis te blijven wonen: hulp in huis, "
	 "boodschappen, vervoer of gezelschap.",
	 "Voor ouderen vanaf 65 jaar en hun familie.",
	 "Bel ons of vraag uw huisarts om u aan te melden.",
	 "Maandag tot en met vrijdag van 9.00 tot 17.00 uur.", "gratis", NULL,
	 "nl en ar tr", 5, "Binnen een week komt de adviseur bij u langs.",
	 "GM0363", "ouderen mantelzorgers wonen gezondheid", 60, NULL},
	{28, "Boodschappenmaatje Noord (demo)",
	 "Een vrijwilliger doet elke week samen met u boodschappen.",
	 "Voor ouderen in Noord die niet meer alleen boodschappen kunnen doen.",
	 "Bel het ouderenwerk.", NULL, "gratis", NULL, "nl", 5, NULL, "N",
	 "ouderen eenzaamheid", 400, NULL},
	{2, "Hulp bij geldzaken en schulden (demo)",
	 "Komt u niet rond, liggen er rekeningen die u niet kunt betalen, of "
	 "begrijpt u een brief niet? Wij zoeken samen met u naar een "
	 "oplossing. Ook als u al schulden heeft.",
	 "Voor iedereen in Amsterdam die moeite heeft met geld.",
	 "Bel ons, mail ons of kom naar het spreekuur. U hoeft niets mee te "
	 "nemen.",
	 "Spreekuur maandag en donderdag van 13.00 tot 16.00 uur.", "gratis",
	 NULL, "nl en ar tr pap", 3,
	 "Binnen 3 werkdagen belt een geldhulpverlener u terug.", "GM0363",
	 "iedereen schulden-en-geld", 45, NULL},
	{2, "Formulierenhulp West (demo)",
	 "Vrijwilligers helpen u met formulieren van de gemeente, de "
	 "Belastingdienst en toeslagen.",
	 "Voor iedereen die hulp nodig heeft met formulieren.",
	 "Kom langs op het spreekuur in het buurthuis.",
	 "Woensdag van 9.30 tot 12.00 uur.", "gratis", NULL, "nl ar ber", 1,
	 NULL, "E", "iedereen schulden-en-geld taal", 100, NULL},
	{3, "Steunpunt voor mantelzorgers (demo)",
	 "Zorgt u voor iemand en wordt het u soms te veel? Wij luisteren, "
	 "geven advies en regelen even vervangende zorg, zodat u op adem "
	 "kunt komen.",
	 "Voor mantelzorgers van alle leeftijden.",
	 "Bel of mail ons. We maken een afspraak bij u thuis of op ons "
	 "kantoor.",
	 "Maandag tot en met vrijdag van 9.00 tot 17.00 uur.", "gratis", NULL,
	 "nl en", 5, "Binnen een week heeft u een eerste gesprek.", "GM0363",
	 "mantelzorgers gezondheid", 30, NULL},
	{3, "Jonge mantelzorgers (demo)",
	 "Groepen en uitjes voor kinderen en jongeren die thuis zorgen voor een "
	 "ouder, broer of zus.",
	 "Voor jongeren van 8 tot 24 jaar die thuis zorgen.",
	 "Meld je aan via de website of laat je ouder bellen.", NULL, "gratis",
	 NULL, "nl", 5, NULL, "GM0363", "jeugd jongeren mantelzorgers", 200,
	 NULL},
	{4, "Huurdersspreekuur De Waterkant (demo)",
	 "Vragen over uw huur, onderhoud, overlast van buren of een andere "
	 "woning? Kom naar het spreekuur.",
	 "Voor huurders van De Waterkant.",
	 "Kom langs zonder afspraak, of bel het klantcontactcentrum.",
	 "Dinsdag van 14.00 tot 16.00 uur.", "gratis", NULL, "nl en", 10,
	 "Een reparatie plannen we binnen 10 werkdagen in.", "E F",
	 "wonen iedereen", 250, NULL},
	{5, "Reparatieverzoek Noorderlicht (demo)",
	 "Lekkage, een kapotte deur of schimmel in uw woning? Geef het aan ons "
	 "door.",
	 "Voor huurders van Noorderlicht.", "Bel ons of vul het formulier in.",
	 "Dag en nacht bereikbaar voor spoed.", "gratis", NULL, "nl", 2,
	 "Bij spoed komen we dezelfde dag.", "N", "wonen", 40, NULL},
	{6, "Buurtteam Oud-West / De Baarsjes: spreekuur (demo)",
	 "U kunt bij ons terecht met vragen over zorg, geld, opvoeden, eenzaamheid "
	 "of wonen. Wij helpen zelf of zoeken met u wie het beste kan helpen.",
	 "Voor alle bewoners van Oud-West en De Baarsjes.",
	 "Bel ons of kom naar het inloopspreekuur.",
	 "Maandag tot en met vrijdag van 9.00 tot 17.00 uur; inloop op "
	 "woensdag van 13.00 tot 15.00 uur.",
	 "gratis", NULL, "nl en ar tr", 5,
	 "Binnen 5 werkdagen heeft u een eerste gesprek.", "03630950000026",
	 "iedereen gezinnen gezondheid opvoeding schulden-en-geld", 90, NULL},
	{7, "Buurtteam Noord-Oost: spreekuur (demo)",
	 "Vragen over zorg, geld, opvoeden of wonen? Het buurtteam helpt.",
	 "Voor alle bewoners van Noord-Oost.", "Bel ons.",
	 "Maandag tot en met vrijdag van 9.00 tot 17.00 uur.", "gratis", NULL,
	 "nl en", 5, NULL, "03630950000041",
	 "iedereen gezinnen gezondheid opvoeding", 20, NULL},
	{29, "Buurtteam Slotervaart: spreekuur (demo)",
	 "Vragen over zorg, geld of opvoeden? Het buurtteam helpt.",
	 "Voor alle bewoners van Slotervaart.", "Bel ons of loop binnen.",
	 "Maandag tot en met vrijdag van 9.00 tot 17.00 uur.", "gratis", NULL,
	 "nl ar ber tr", 5, NULL, "03630950000031",
	 "iedereen gezinnen gezondheid", 10, NULL},
	{8, "Buurtschoonmaak Van Galenbuurt (demo)",
	 "Eén zaterdag per maand maken we samen de straten en pleintjes "
	 "schoon. Prikstokken en handschoenen krijgt u van ons.",
	 "Voor iedereen uit de buurt die wil helpen.",
	 "Kom om 10.00 uur naar het pleintje bij de speeltuin.",
	 "De eerste zaterdag van de maand van 10.00 tot 12.00 uur.", "gratis",
	 NULL, "nl", -1, NULL, "EK", "iedereen openbare-ruimte vrijetijd", 50,
	 NULL},
	{9, "Buurtkamer Ortelius (demo)",
	 "Een warme huiskamer in de buurt: koffie, een krant, een praatje. "
	 "Iedereen is welkom, ook als u alleen even wilt zitten.",
	 "Voor iedereen uit de Orteliusbuurt.", "Loop binnen.",
	 "Maandag tot en met vrijdag van 10.00 tot 16.00 uur.", "gratis", NULL,
	 "nl en ar", 1, NULL, "EK02", "iedereen eenzaamheid vrijetijd", 240,
	 NULL},
	{9, "Kookclub De Ortelius (demo)",
	 "Samen koken en eten met buren. U betaalt alleen de boodschappen.",
	 "Voor iedereen uit de buurt.", "Meld u aan in het buurthuis.",
	 "Donderdag van 17.00 tot 20.00 uur.", "eigen bijdrage",
	 "3 euro per maaltijd.", "nl", 3, NULL, "EK02",
	 "iedereen eenzaamheid", 300, NULL},
	{10, "Jongerenwerk op straat (demo)",
	 "Jongerenwerkers zijn op straat en in het jongerenhuis. Je kunt met ze "
	 "praten over school, werk, thuis of geld, en samen dingen "
	 "organiseren.",
	 "Voor jongeren van 12 tot 23 jaar in Nieuw-West.",
	 "Spreek een jongerenwerker aan of stuur een bericht.",
	 "Maandag tot en met zaterdag van 14.00 tot 22.00 uur.", "gratis", NULL,
	 "nl en ar ber", 2, NULL, "F", "jongeren vrijetijd veiligheid", 25, NULL},
	{11, "Nederlands leren in de bibliotheek (demo)",
	 "Oefenen met Nederlands praten, lezen en schrijven in een kleine "
	 "groep, met een vrijwilliger.",
	 "Voor volwassenen die beter Nederlands willen leren.",
	 "Kom langs in het Taalhuis voor een intake.",
	 "Dinsdag en donderdag van 10.00 tot 12.00 uur.", "gratis", NULL,
	 "nl en ar ti so", 10, "Binnen 2 weken kunt u beginnen.", "GM0363",
	 "statushouders iedereen taal", 70, NULL},
	{11, "Taalcafé Nieuw-West (demo)",
	 "Praten in het Nederlands met anderen, onder leiding van een "
	 "vrijwilliger.",
	 "Voor iedereen die Nederlands wil oefenen.", "Loop binnen.",
	 "Vrijdag van 14.00 tot 16.00 uur.", "gratis", NULL, "nl", -1, NULL,
	 "F", "taal statushouders", 20, NULL},
	{12, "Sport in de buurt Zuidoost (demo)",
	 "Voetbal, basketbal en dans op de pleintjes in de buurt.",
	 "Voor kinderen van 6 tot 12 jaar en jongeren tot 18 jaar.",
	 "Kom gewoon meedoen.", "Woensdagmiddag en zaterdagochtend.", "gratis",
	 NULL, "nl en", -1, NULL, "T", "jeugd jongeren vrijetijd", 35, NULL},
	{13, "Opvoedspreekuur Oost (demo)",
	 "Vragen over slapen, eten, driftbuien, school of puberteit? Een "
	 "pedagoog denkt met u mee.",
	 "Voor ouders en verzorgers van kinderen tot 18 jaar in Oost.",
	 "Bel voor een afspraak of kom naar het inloopspreekuur.",
	 "Woensdag van 9.00 tot 11.00 uur.", "gratis", NULL, "nl en tr", 5,
	 "Binnen 5 werkdagen heeft u een afspraak.", "M",
	 "gezinnen jeugd opvoeding", 55, NULL},
	{16, "Bijstand aanvragen (demo)",
	 "Heeft u geen of te weinig inkomen? Dan kunt u misschien een "
	 "bijstandsuitkering krijgen.",
	 "Voor inwoners van Amsterdam vanaf 18 jaar zonder genoeg inkomen.",
	 "Vraag de uitkering online aan of bel voor een afspraak.",
	 "Maandag tot en met vrijdag van 8.00 tot 18.00 uur.", "gratis", NULL,
	 "nl en", 10, "Binnen 8 weken krijgt u een besluit.", "GM0363",
	 "iedereen werk-en-inkomen schulden-en-geld", 30, NULL},
	{16, "Werkloket (demo)",
	 "Hulp bij werk zoeken, een cv maken en solliciteren.",
	 "Voor werkzoekenden in Amsterdam.", "Maak een afspraak.",
	 "Maandag tot en met vrijdag van 9.00 tot 17.00 uur.", "gratis", NULL,
	 "nl en", 5, NULL, "GM0363", "werk-en-inkomen iedereen", 190, NULL},
	{17, "Spreekuur wijkagent Centrum (demo)",
	 "Voelt u zich niet veilig in de buurt, of heeft u last van overlast? "
	 "Praat erover met de wijkagent.",
	 "Voor bewoners en ondernemers in het centrum.",
	 "Kom naar het spreekuur of bel het algemene nummer van de politie.",
	 "Donderdag van 16.00 tot 17.00 uur.", "gratis", NULL, "nl en", 5, NULL,
	 "A", "veiligheid iedereen", 80, NULL},
	{18, "Begeleiding statushouders (demo)",
	 "Een vaste begeleider helpt u in het eerste jaar met wonen, geld, "
	 "taal, werk en de weg vinden in de buurt.",
	 "Voor statushouders die in Amsterdam komen wonen.",
	 "U wordt door de gemeente aangemeld.", NULL, "gratis", NULL,
	 "nl en ar ti fa so", 5, NULL, "GM0363",
	 "statushouders wonen werk-en-inkomen taal", 60, NULL},
	{19, "Maatje voor meedoen (demo)",
	 "Een vrijwilliger gaat met u op pad: naar de markt, het buurthuis of "
	 "een sportclub.",
	 "Voor mensen met een lichamelijke, verstandelijke of psychische "
	 "beperking.",
	 "Bel of mail ons.", NULL, "gratis", NULL, "nl ngt", 10, NULL, "GM0363",
	 "mensen-met-een-beperking eenzaamheid vrijetijd", 120, NULL},
	{20, "Huiswerkklas (demo)",
	 "Na school hulp bij huiswerk, lezen en rekenen.",
	 "Voor kinderen van 8 tot 14 jaar uit de Van Galenbuurt.",
	 "Ouders melden hun kind aan bij de huiswerkklas.",
	 "Maandag tot en met donderdag van 15.30 tot 17.30 uur.",
	 "eigen bijdrage", "10 euro per maand; gratis met een Stadspas.",
	 "nl", 5, NULL, "EK", "jeugd opvoeding taal", 40, NULL},
	{21, "Zorgboerderij-dagen Driemond (demo)",
	 "Buiten werken met dieren en in de moestuin, samen met anderen.",
	 "Voor ouderen en mensen met een beperking.", "Bel voor een kennismaking.",
	 "Dinsdag en vrijdag.", "betaald", "Met een indicatie vergoed.", "nl",
	 10, NULL, "SA", "ouderen mensen-met-een-beperking vrijetijd", 500, NULL},
	{22, "Vrijwilligerswerk vinden (demo)",
	 "Wij zoeken samen met u vrijwilligerswerk dat bij u past.",
	 "Voor iedereen in Zuid.", "Kom langs of mail ons.",
	 "Maandag tot en met donderdag van 10.00 tot 15.00 uur.", "gratis", NULL,
	 "nl en", 5, NULL, "K", "iedereen werk-en-inkomen vrijetijd", 150, NULL},
	{23, "Voedselpakket (demo)",
	 "Wekelijks een pakket met eten voor wie tijdelijk te weinig geld "
	 "heeft.",
	 "Voor huishoudens met een laag inkomen; u heeft een verwijzing "
	 "nodig.",
	 "Vraag een verwijzing bij het buurtteam of de schuldhulp.",
	 "Vrijdag van 12.00 tot 15.00 uur.", "gratis", NULL, "nl en pap srn", 5,
	 NULL, "03630950000043", "gezinnen schulden-en-geld", 20, NULL},
	{24, "Huuradvies (demo)",
	 "Betaalt u te veel huur of wordt uw huis niet goed onderhouden? Wij "
	 "zoeken het uit en helpen u bij een klacht.",
	 "Voor alle huurders in Amsterdam.", "Bel, mail of kom naar het "
					     "spreekuur.",
	 "Maandag tot en met vrijdag van 10.00 tot 16.00 uur.", "gratis", NULL,
	 "nl en es pl", 5, "Binnen 5 werkdagen hoort u van ons.", "GM0363",
	 "wonen iedereen", 25, NULL},
	{25, "Samen eten in Oost (demo)",
	 "Samen koken en eten met buurtgenoten.", "Voor iedereen in Oost.",
	 "Meld u aan.", "Woensdag vanaf 18.00 uur.", "eigen bijdrage",
	 "4 euro per maaltijd.", "nl en", -1, NULL, "M",
	 "iedereen eenzaamheid ouderen", 30, "temporarily closed"},
	{26, "Digicafé: hulp met DigiD en de computer (demo)",
	 "Vrijwilligers helpen u met DigiD, e-mail, de telefoon of een "
	 "formulier op internet.",
	 "Voor iedereen die moeite heeft met computers.", "Loop binnen.",
	 "Maandag en woensdag van 10.00 tot 12.00 uur.", "gratis", NULL,
	 "nl en", -1, NULL, "A", "iedereen ouderen taal", 60, NULL},
	{27, "Repair Café Weesp (demo)",
	 "Kapotte lamp, stoel of broek? Samen maken we het weer heel.",
	 "Voor iedereen.", "Kom langs met uw spullen.",
	 "De laatste zaterdag van de maand.", "gratis",
	 "Een vrijwillige bijdrage mag.", "nl", -1, NULL, "S",
	 "iedereen vrijetijd", 220, NULL},
	{0, "Buurthuis De Meeuw: activiteiten (demo)",
	 "Cursussen, spelmiddagen, een naaiatelier en een open podium in het "
	 "buurthuis.",
	 "Voor alle buurtbewoners in West.", "Kijk in het programma of bel.",
	 "Elke dag van 9.00 tot 22.00 uur.", "eigen bijdrage",
	 "Sommige cursussen kosten een paar euro.", "nl en tr", 5, NULL, "E",
	 "iedereen vrijetijd eenzaamheid", 45, NULL},
	{0, "Ouders van West (demo)",
	 "Ontmoetingen voor ouders over opvoeden, school en geld.",
	 "Voor ouders in West.", "Loop binnen op vrijdagochtend.",
	 "Vrijdag van 9.00 tot 11.00 uur.", "gratis", NULL, "nl ar tr ber", 3,
	 NULL, "03630950000025", "gezinnen opvoeding", 15, NULL},
	{6, "Schuldhulp in de buurt Oud-West (demo)",
	 "Een schuldhulpmaatje komt bij u thuis en helpt met uw post en "
	 "rekeningen.",
	 "Voor bewoners van Oud-West en De Baarsjes met geldzorgen.",
	 "Meld u aan bij het buurtteam.", NULL, "gratis", NULL, "nl en", 5,
	 NULL, "EK", "schulden-en-geld iedereen", 35, NULL},
};

/* --- seeding -------------------------------------------------------------- */

/* Codes from a space-separated list that this installation knows. */
static size_t known_areas(struct app *app, struct arena *ar, const char *list,
			  char ***out)
{
	size_t n = 0, cap = 0;

	*out = NULL;
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, " ");
		char *code = arena_strndup(ar, p, len);

		if (areaidx_find(app->areas, code)) {
			*out = arena_vec_grow(ar, *out, n, &cap, sizeof(**out));
			(*out)[n++] = code;
		}
		p += len;
		p += strspn(p, " ");
	}
	return n;
}

static enum err org_seed(struct db *db, struct app *app, struct arena *ar,
			 const struct demo_org *d, int64_t *id)
{
	struct org_row o;
	struct hsds_org_row h;
	char **areas;
	size_t n = known_areas(app, ar, d->areas, &areas);
	enum err e;

	memset(&o, 0, sizeof(o));
	o.municipality = (char *)app->municipality;
	o.name = (char *)d->name;
	o.kind = (char *)d->kind;
	o.is_demo = true;
	if ((e = store_org_create(db, &o, id)) != ERR_OK)
		return e;
	if ((e = store_org_set_areas(db, *id, app->municipality, areas, n)) != ERR_OK)
		return e;
	memset(&h, 0, sizeof(h));
	h.id = *id;
	h.description = (char *)d->description;
	h.website = (char *)d->website;
	h.email = (char *)d->email;
	return store_hsds_org_put(db, &h);
}

static enum err term_ids(struct db *db, struct arena *ar, const char *list,
			 int64_t **out, size_t *n)
{
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, " ");
		char *code = arena_strndup(ar, p, len);
		struct term_row t;
		enum err e = store_socialmap_term(db, ar, SK_TAXONOMY_DOELGROEP,
						  code, &t);

		if (e == ERR_NOT_FOUND)
			e = store_socialmap_term(db, ar, SK_TAXONOMY_THEMA, code, &t);
		if (e != ERR_OK)
			return e;
		*out = arena_vec_grow(ar, *out, *n, &cap, sizeof(**out));
		(*out)[(*n)++] = t.id;
		p += len;
		p += strspn(p, " ");
	}
	return ERR_OK;
}

static enum err service_seed(struct db *db, struct app *app, struct arena *ar,
			     const struct demo_service *d, int64_t org_id)
{
	struct service_row s;
	char confirmed[32];
	enum err e;

	memset(&s, 0, sizeof(s));
	s.municipality = (char *)app->municipality;
	s.organisation_id = org_id;
	s.name = (char *)d->name;
	s.description = (char *)d->description;
	s.eligibility_description = (char *)d->eligibility;
	s.application_process = (char *)d->application;
	s.opening_hours = (char *)d->hours;
	s.cost = (char *)d->cost;
	s.fees_description = (char *)d->fees;
	s.languages = (char *)d->languages;
	s.norm_days = d->norm_days;
	s.norm_text = (char *)d->norm_text;
	s.status = (char *)d->status;
	s.phone = arena_printf(ar, "020 000 %02d %02d", (int)(org_id % 100),
			       (int)(strlen(d->name) % 100));
	s.is_demo = true;
	store_time_ago(confirmed, sizeof(confirmed), d->confirmed_days_ago * 86400);
	s.confirmed_at = confirmed;
	s.nareas = known_areas(app, ar, d->areas, &s.areas);
	if (!s.nareas)
		return ERR_OK; /* none of its areas here: skip */
	if ((e = term_ids(db, ar, d->terms, &s.terms, &s.nterms)) != ERR_OK)
		return e;
	return store_service_put(db, &s);
}

struct demo_seed {
	struct app *app;
	struct arena *ar;
};

static enum err demo_seed_tx(struct db *db, void *p)
{
	struct demo_seed *d = p;
	int64_t ids[sizeof(demo_orgs) / sizeof(demo_orgs[0])];
	enum err e = ERR_OK;

	for (size_t i = 0; i < sizeof(demo_orgs) / sizeof(demo_orgs[0]) && e == ERR_OK;
	     i++)
		e = org_seed(db, d->app, d->ar, &demo_orgs[i], &ids[i]);
	for (size_t i = 0;
	     i < sizeof(demo_services) / sizeof(demo_services[0]) && e == ERR_OK; i++)
		e = service_seed(db, d->app, d->ar, &demo_services[i],
				 ids[demo_services[i].org]);
	return e;
}

int socialmap_demo_seed(struct db *db, struct app *app, char *err,
			size_t errlen)
{
	struct hsds_org_row h;
	struct arena ar;
	struct demo_seed d = {app, &ar};
	enum err e;

	if (socialmap_terms_seed(db, err, errlen) != 0)
		return -1;
	arena_init(&ar);
	e = store_hsds_org_by_name(db, &ar, app->municipality, demo_orgs[0].name, &h);
	if (e == ERR_OK) {
		arena_clear(&ar);
		return 0; /* seeded before */
	}
	e = db_write(db, demo_seed_tx, &d);
	arena_clear(&ar);
	if (e != ERR_OK) {
		snprintf(err, errlen, "demo social map: %s", err_name(e));
		return -1;
	}
	snprintf(err, errlen, "%zu organisations, %zu services",
		 sizeof(demo_orgs) / sizeof(demo_orgs[0]),
		 sizeof(demo_services) / sizeof(demo_services[0]));
	log_event("info", "demo_socialmap", "seeded", err);
	err[0] = '\0';
	return 0;
}
