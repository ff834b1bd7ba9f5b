/* demo_history_texts: see demo_history_texts.h.  Invented, plausible
 * Amsterdam neighbourhood matters; no real person, address or case. */
#include "demo_history_texts.h"

#define OR HF_OPENBARE_RUIMTE
#define SOC HF_SOCIAAL
#define WOON HF_WONEN
#define VEIL HF_VEILIGHEID

const struct hist_topic hist_topics[] = {
	{"afval/grofvuil", NULL, OR, 16, {80, 15, 5, 0, 0}, 4, 8, 5, 35,
	 {"Er staat weer grofvuil naast de containers: een bank en matrassen. (demo)",
	  "Al dagen grofvuil bij de ondergrondse container op de hoek. (demo)",
	  "Iemand heeft een kast en vuilniszakken naast de container gezet. (demo)"},
	 "Grofvuil naast de containers in",
	 "Bewoners melden vaak grofvuil naast de containers. We ruimen het op en "
	 "spreken met de buurt een vaste ophaaldag af. (demo)",
	 {"We halen het grofvuil op en zetten een bord met de ophaaldag bij de "
	  "containers. (demo)",
	  "We spreken met de buurt een vaste ophaaldag af. (demo)"},
	 "Het grofvuil is opgehaald en de ophaaldag staat op een bord bij de "
	 "containers. (demo)"},
	{"afval/veeg-zwerfvuil", NULL, OR, 12, {75, 20, 5, 0, 0}, 3, 6, 4, 30,
	 {"Veel blikjes en zakjes in de bosjes langs het pad. (demo)",
	  "Na het weekend ligt het plein vol zwerfafval. (demo)",
	  "De stoep ligt vol papier en plastic. (demo)"},
	 "Zwerfafval in",
	 "Na drukke dagen ligt er veel zwerfafval. De veegploeg komt vaker en we "
	 "kijken of er meer prullenbakken nodig zijn. (demo)",
	 {"De veegploeg komt een maand lang twee keer per week. (demo)",
	  "We zetten twee extra prullenbakken neer. (demo)"},
	 "De veegploeg komt nu vaker en er staan twee nieuwe prullenbakken. (demo)"},
	{"afval/container-is-vol", NULL, OR, 10, {85, 15, 0, 0, 0}, 4, 5, 3, 20,
	 {"De papiercontainer zit al drie dagen vol. (demo)",
	  "Container vol, de zakken staan ernaast. (demo)",
	  "De glasbak is vol en er ligt glas op de stoep. (demo)"},
	 "Volle containers in",
	 "De containers zitten vaak vol voordat ze geleegd worden. We passen het "
	 "leegschema aan. (demo)",
	 {"We legen de containers voortaan twee keer per week. (demo)",
	  "We zetten er een extra container bij. (demo)"},
	 "De containers worden nu vaker geleegd. (demo)"},
	{"wegen-verkeer-straatmeubilair/straatverlichting-openbare-klok", NULL, OR,
	 9, {55, 40, 5, 0, 0}, 4, 6, 5, 45,
	 {"De lantaarnpaal voor ons huis brandt al een week niet. (demo)",
	  "Het is 's avonds erg donker op het fietspad, de lampen zijn uit. (demo)",
	  "Drie lantaarnpalen in onze straat doen het niet. (demo)"},
	 "Straatverlichting valt uit in",
	 "Op meerdere plekken brandt de straatverlichting niet. We laten de "
	 "lampen en het net nakijken. (demo)",
	 {"We laten de kapotte lampen vervangen. (demo)",
	  "We laten het net nakijken en vertellen u wat er mis is. (demo)"},
	 "De lampen zijn vervangen en branden weer. (demo)"},
	{"wegen-verkeer-straatmeubilair/onderhoud-stoep-straat-en-fietspad", NULL,
	 OR, 9, {70, 25, 5, 0, 0}, 3, 8, 10, 70,
	 {"Losse stoeptegels, mijn moeder is er bijna over gevallen. (demo)",
	  "Groot gat in het fietspad bij de brug. (demo)",
	  "De stoep ligt scheef door boomwortels. (demo)"},
	 "Kapotte stoep en fietspad in",
	 "Losse tegels en gaten maken de stoep en het fietspad gevaarlijk. We "
	 "herstellen de ergste plekken eerst. (demo)",
	 {"We leggen de losse tegels opnieuw. (demo)",
	  "We repareren het gat in het fietspad. (demo)"},
	 "De tegels liggen weer recht en het gat is gerepareerd. (demo)"},
	{"wegen-verkeer-straatmeubilair/speelplaats", NULL, OR, 5, {90, 10, 0, 0, 0},
	 2, 10, 10, 60,
	 {"Het klimrek in de speeltuin is kapot, er steekt een spijker uit. (demo)",
	  "De schommel hangt scheef. (demo)",
	  "In de zandbak ligt glas. (demo)"},
	 "Speeltuin in",
	 "Speeltoestellen zijn kapot of onveilig. We zetten ze af en laten ze "
	 "repareren. (demo)",
	 {"We zetten het toestel af en laten het repareren. (demo)",
	  "We verversen het zand in de zandbak. (demo)"},
	 "De speeltoestellen zijn gerepareerd en weer open. (demo)"},
	{"overlast-van-dieren/ratten", NULL, OR, 6, {70, 25, 5, 0, 0}, 4, 8, 10, 60,
	 {"Ratten bij de afvalbakken achter de winkels, ook overdag. (demo)",
	  "We zien ratten in de tuinen aan de achterkant. (demo)",
	  "Ratten bij de container en op de speelplaats. (demo)"},
	 "Ratten in",
	 "Bewoners zien ratten bij afvalbakken en in tuinen. De ongediertebestrijding "
	 "komt en we kijken waar het eten vandaan komt. (demo)",
	 {"De ongediertebestrijding zet vallen en komt terug. (demo)",
	  "We vervangen de afvalbakken door bakken met een deksel. (demo)"},
	 "Er zijn geen ratten meer gezien sinds de nieuwe bakken er staan. (demo)"},
	{"overlast-in-de-openbare-ruimte/fietswrak", NULL, OR, 5, {80, 20, 0, 0, 0},
	 3, 4, 10, 40,
	 {"Al maanden fietswrakken aan het hek bij het station. (demo)",
	  "Het fietsenrek staat vol met kapotte fietsen. (demo)",
	  "Een fiets zonder wielen staat al een half jaar tegen de lantaarnpaal. (demo)"},
	 "Fietswrakken in",
	 "Kapotte fietsen nemen de rekken in. We labelen ze en halen ze na twee "
	 "weken weg. (demo)",
	 {"We hangen labels aan de wrakken en halen ze na twee weken weg. (demo)",
	  "We halen de gelabelde fietsen weg. (demo)"},
	 "De wrakken zijn weggehaald; de rekken zijn weer vrij. (demo)"},
	{"openbaar-groen-en-water/boom", NULL, OR, 5, {80, 20, 0, 0, 0}, 2, 6, 10, 80,
	 {"Er hangt een grote tak over het fietspad. (demo)",
	  "De boom voor ons huis staat scheef sinds de storm. (demo)",
	  "De bomen worden nooit gesnoeid, het is donker in huis. (demo)"},
	 "Bomen in",
	 "Bewoners maken zich zorgen over bomen na de storm. De boomverzorger "
	 "kijkt ze na en snoeit waar het moet. (demo)",
	 {"De boomverzorger kijkt de bomen na. (demo)",
	  "We snoeien de bomen langs het fietspad. (demo)"},
	 "De bomen zijn nagekeken en gesnoeid. (demo)"},
	{"overlast-van-en-door-personen-of-groepen/jongerenoverlast", "veiligheid",
	 VEIL, 6, {50, 35, 15, 0, 0}, 5, 12, 20, 120,
	 {"Elke avond harde muziek en scooters bij het bankje. (demo)",
	  "Groepen jongeren bij de ingang van de flat, bewoners durven er niet "
	  "langs. (demo)",
	  "'s Nachts lawaai op het pleintje, we slapen slecht. (demo)"},
	 "Overlast van groepen op straat in",
	 "Bewoners hebben 's avonds last van groepen jongeren. Jongerenwerk en "
	 "de wijkagent gaan in gesprek, met de bewoners erbij. (demo)",
	 {"Jongerenwerk gaat drie avonden per week langs. (demo)",
	  "We organiseren een buurtgesprek met bewoners en jongeren. (demo)"},
	 "Na de gesprekken is het 's avonds rustiger; jongerenwerk blijft "
	 "langsgaan. (demo)"},
	{"overlast-bedrijven-en-horeca/geluidsoverlast-muziek", NULL, VEIL, 4,
	 {70, 30, 0, 0, 0}, 4, 10, 10, 60,
	 {"Het café draait tot diep in de nacht harde muziek. (demo)",
	  "Elk weekend lawaai van het terras tot 3 uur. (demo)",
	  "De bas van de club hoor ik in mijn slaapkamer. (demo)"},
	 "Geluidsoverlast van horeca in",
	 "Bewoners hebben 's nachts last van muziek uit een zaak. We meten het "
	 "geluid en spreken de ondernemer aan. (demo)",
	 {"We meten het geluid op een vrijdagnacht. (demo)",
	  "We spreken de ondernemer aan op de afspraken. (demo)"},
	 "De ondernemer heeft de muziek aangepast; de metingen zijn nu goed. (demo)"},
	{NULL, "eenzaamheid", SOC, 6, {10, 40, 40, 10, 0}, 3, 15, 30, 150,
	 {"Mijn buurman van 84 komt de deur bijna niet meer uit. Kan iemand "
	  "langsgaan? (demo)",
	  "Veel ouderen in onze flat zien bijna niemand. (demo)",
	  "Is er in de buurt een plek om samen koffie te drinken? (demo)"},
	 "Eenzaamheid onder ouderen in",
	 "Veel ouderen hebben weinig contact. Welzijn, vrijwilligers en bewoners "
	 "zetten een koffieochtend en een belronde op. (demo)",
	 {"We starten een wekelijkse koffieochtend in het buurthuis. (demo)",
	  "Vrijwilligers bellen elke week de ouderen die dat willen. (demo)"},
	 "De koffieochtend loopt elke week en de belronde is gestart. (demo)"},
	{NULL, "wonen", WOON, 5, {40, 40, 20, 0, 0}, 4, 12, 20, 120,
	 {"Ons hele portiek heeft last van schimmel in de badkamer. (demo)",
	  "De lift in onze flat is al weken kapot. (demo)",
	  "Het tocht in alle woningen van ons blok. (demo)"},
	 "Onderhoud van woningen in",
	 "Huurders melden schimmel, tocht en een kapotte lift. De corporatie "
	 "inspecteert de woningen en maakt een plan. (demo)",
	 {"De corporatie inspecteert alle woningen in het blok. (demo)",
	  "We maken met de huurders een plan voor het onderhoud. (demo)"},
	 "De woningen zijn nagekeken en de ergste gebreken zijn hersteld. (demo)"},
	{NULL, "schulden-en-geld", SOC, 3, {10, 30, 40, 20, 0}, 3, 8, 30, 150,
	 {"Waar kan ik terecht met vragen over mijn rekeningen? (demo)",
	  "Mijn buurvrouw krijgt steeds aanmaningen en weet niet wat te doen. "
	  "(demo)",
	  "Is er hulp bij het invullen van formulieren van de gemeente? (demo)"},
	 "Hulp bij geldzaken in",
	 "Bewoners zoeken hulp bij rekeningen en formulieren. We openen een "
	 "spreekuur in de buurt. (demo)",
	 {"We openen een wekelijks spreekuur voor geldzaken. (demo)",
	  "We verspreiden een folder over het spreekuur. (demo)"},
	 "Het spreekuur loopt; elke week komen er bewoners. (demo)"},
	{"overlast-in-de-openbare-ruimte/deelfiets", "openbare-ruimte", OR, 3,
	 {0, 0, 10, 40, 50}, 6, 20, 30, 150,
	 {"Deelfietsen blokkeren de stoep bij de tramhalte. (demo)",
	  "Overal liggen omgevallen deelscooters. (demo)",
	  "Met de kinderwagen kom ik niet langs de deelfietsen. (demo)"},
	 "Deelfietsen en -scooters op de stoep in",
	 "Deelfietsen en -scooters staan vaak op de stoep. We maken afspraken "
	 "met de aanbieders over vaste parkeerplekken. (demo)",
	 {"We wijzen vaste parkeervakken voor deelvoertuigen aan. (demo)",
	  "We spreken de aanbieders aan op hun afspraken. (demo)"},
	 "Er zijn vaste parkeervakken en de aanbieders houden zich eraan. (demo)"},
};
const size_t hist_ntopics = sizeof(hist_topics) / sizeof(hist_topics[0]);

/* Most of the history is in West and Noord, where the demo's own
 * organisations work; Weesp gets too little to pass the figures' minimum
 * of 10 respondents, as most buurten do, as in a real first year. */
const struct hist_district hist_districts[] = {
	{"E", 72,
	 {"Stadsdeel West, team Openbare Ruimte (demo)", "Welzijn West (demo)",
	  "Woningcorporatie Thuis in West (demo)", "Stadsdeel West (demo)"},
	 "Bewonersplatform Bos en Lommer (demo)"},
	{"N", 40,
	 {"Stadsdeel Noord, team Openbare Ruimte (demo)", "Ouderenwerk Noord (demo)",
	  "Woongroep Noorderlicht (demo)",
	  "Stadsdeel Noord, team Openbare Ruimte (demo)"},
	 "Buurtteam Noord-Oost (demo)"},
	{"A", 24,
	 {NULL, "Stichting Samen Oud (demo)", "Huurteam Amsterdam (demo)",
	  "Wijkagenten Centrum (demo)"},
	 "Digicafé Centrum (demo)"},
	{"M", 20,
	 {NULL, "Buurtbuik Oost (demo)", "Huurteam Amsterdam (demo)", NULL},
	 "Opvoedsteunpunt Oost (demo)"},
	{"F", 20,
	 {NULL, "Buurtteam Slotervaart (demo)", "Woonstichting De Waterkant (demo)",
	  "Jongerenwerk Nieuw-West (demo)"},
	 "Woonstichting De Waterkant (demo)"},
	{"K", 14,
	 {NULL, "Vrijwilligerscentrale Zuid (demo)", "Huurteam Amsterdam (demo)",
	  NULL},
	 "Stichting Meedoen (demo)"},
	{"T", 5,
	 {NULL, "Sportbuurtwerk Zuidoost (demo)", "Huurteam Amsterdam (demo)", NULL},
	 "Uitgiftepunt Voedselhulp Bijlmer (demo)"},
	{"S", 1,
	 {NULL, "Repair Café Weesp (demo)", "Huurteam Amsterdam (demo)", NULL},
	 "Buurtboerderij Driemond (demo)"},
};
const size_t hist_ndistricts = sizeof(hist_districts) / sizeof(hist_districts[0]);

const char *const hist_closing[4][HIST_VARIANTS] = {
	{"Het is opgelost. Dank voor uw meldingen! (demo)",
	 "Klaar: het probleem is verholpen. Ziet u het weer, meld het dan. (demo)",
	 "Het werk is af. We houden de plek in de gaten. (demo)"},
	{"Een deel is opgelost; voor de rest zoeken we nog een oplossing met de "
	 "buurt. (demo)",
	 "De ergste plekken zijn aangepakt. Voor de rest is geen geld dit jaar. "
	 "(demo)",
	 "Het is beter, maar nog niet goed. We nemen het mee in het plan voor "
	 "volgend jaar. (demo)"},
	{"Dit kunnen wij op dit niveau niet oplossen. We hebben het doorgegeven "
	 "aan de gemeente. (demo)",
	 "De eigenaar is een particulier; wij kunnen hem niet dwingen. We hebben "
	 "hem wel aangeschreven. (demo)",
	 "Dit vraagt een besluit van de gemeenteraad. We hebben het op de lijst "
	 "voor de commissie gezet. (demo)"},
	{"We hebben gekeken: er is geen actie nodig. De situatie is veilig. (demo)",
	 "Het probleem was al verholpen toen we kwamen kijken. (demo)",
	 "Na overleg met de melders is besloten dat er niets hoeft te gebeuren. "
	 "(demo)"},
};

const char *const hist_reasons[4][HIST_VARIANTS] = {
	{"Opgelost: de ploeg is langs geweest. (demo)",
	 "Opgelost: het is weggehaald. (demo)",
	 "Opgelost: het is gerepareerd. (demo)"},
	{"Deels opgelost: een deel is weggehaald, de rest volgt bij de volgende "
	 "ronde. (demo)",
	 "Deels opgelost: tijdelijk hersteld. (demo)",
	 "Deels opgelost: de ergste schade is hersteld. (demo)"},
	{"Dit is van een particuliere eigenaar; wij hebben hem gevraagd het op "
	 "te lossen. (demo)",
	 "Dit hoort bij de gemeente; wij hebben het doorgestuurd. (demo)",
	 "Dit ligt bij het waterschap; wij hebben het doorgegeven. (demo)"},
	{"Geen actie nodig: we hebben gekeken en er is niets aan de hand. (demo)",
	 "Geen actie nodig: het was al opgeruimd. (demo)",
	 "Geen actie nodig: dit valt binnen de regels. (demo)"},
};

const char *const hist_broken[HIST_VARIANTS] = {
	"De aannemer kon niet op tijd leveren, en we hebben geen andere "
	"gevonden. (demo)",
	"Er was dit jaar geen geld meer voor. We proberen het volgend jaar "
	"opnieuw. (demo)",
	"De eigenaar werkte niet mee, en wij kunnen dat niet afdwingen. (demo)",
};

const char *const hist_changed[HIST_VARIANTS] = {
	"De onderdelen zijn later geleverd dan gepland. (demo)",
	"Door ziekte in de ploeg lukt het pas later. (demo)",
	"Er kwam eerst ander spoedwerk tussen. (demo)",
};

const char *const hist_busy[HIST_VARIANTS] = {
	"We zijn begonnen met het werk. (demo)",
	"De eerste afspraken zijn gemaakt; we houden u op de hoogte. (demo)",
	"Het werk is ingepland. (demo)",
};

const char *const hist_comments[3][HIST_VARIANTS] = {
	{"Snel en netjes opgelost, dank! (demo)",
	 "Fijn dat er echt iets gebeurd is. (demo)",
	 "Goed dat we op de hoogte werden gehouden. (demo)"},
	{"Het is beter, maar nog niet helemaal goed. (demo)",
	 "Het duurde lang, maar er is wel iets gebeurd. (demo)",
	 "Half werk: de helft van de straat is nog niet gedaan. (demo)"},
	{"Er is niets veranderd. (demo)",
	 "Ze beloofden het voor de zomer, het is nog steeds niet klaar. (demo)",
	 "Ik hoorde niets meer en het probleem is er nog. (demo)"},
};

const char *const hist_level_reasons[HIST_LEVELS] = {
	"Het speelt in een paar straten; het stadsdeel kan het hier oplossen. "
	"(demo)",
	"Meldingen uit de hele wijk over hetzelfde. (demo)",
	"Het speelt in meer wijken van het gebied en vraagt partijen die op "
	"gebiedsniveau werken. (demo)",
	"Het speelt in het hele stadsdeel. (demo)",
	"Het vraagt stedelijk beleid. (demo)",
};
