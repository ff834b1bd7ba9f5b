/* demo_history_texts: what the demo history's people write (Dutch only:
 * the demo's texts are data, not messages to translate), and the
 * organisations that answer in each stadsdeel.  Every text for residents
 * ends in "(demo)".  Tables only; seed/demo_history.c draws from them. */
#ifndef WA_SEED_DEMO_HISTORY_TEXTS_H
#define WA_SEED_DEMO_HISTORY_TEXTS_H
#include <stddef.h>

/* Which kind of organisation takes a topic up. */
enum hist_family { HF_OPENBARE_RUIMTE, HF_SOCIAAL, HF_WONEN, HF_VEILIGHEID,
		   HF_FAMILIES };

/* The scale levels a topic's kwesties are tackled at (weights of buurt,
 * wijk, gebied, stadsdeel, gemeente). */
#define HIST_LEVELS 5

struct hist_topic {
	const char *category; /* a Signalen category, or NULL: a question */
	const char *theme;    /* a term of the social map's Thema, or NULL */
	int family;	      /* enum hist_family */
	int weight;	      /* how often it comes up */
	int levels[HIST_LEVELS];
	int signals_max, supporters_max;
	int days_min, days_max; /* from taking it up to closing it */
	const char *reports[3]; /* what residents write */
	const char *title;	/* followed by the area's name */
	const char *description;
	const char *promises[2];
	const char *solved; /* the message for residents when opgelost */
};

extern const struct hist_topic hist_topics[];
extern const size_t hist_ntopics;

/* The organisations of a stadsdeel per family (NULL: the municipality's
 * own demo organisation), and a partner that carries out the work. */
struct hist_district {
	const char *code; /* the stadsdeel's code */
	int weight;	  /* its share of the signals */
	const char *org[HF_FAMILIES];
	const char *partner;
};

extern const struct hist_district hist_districts[];
extern const size_t hist_ndistricts;
#define HIST_CITY_ORG "Gemeente Amsterdam (demo)"

/* Texts by outcome (index: enum kw_outcome, KO_OPGELOST..KO_GEEN_ACTIE_NODIG
 * minus 1), three of each. */
#define HIST_VARIANTS 3
extern const char *const hist_closing[4][HIST_VARIANTS];  /* kwestie note */
extern const char *const hist_reasons[4][HIST_VARIANTS];  /* signal closed */
extern const char *const hist_broken[HIST_VARIANTS];	  /* niet gehaald */
extern const char *const hist_changed[HIST_VARIANTS];	  /* gewijzigd */
extern const char *const hist_busy[HIST_VARIANTS];	  /* in uitvoering */
/* Grade comments by solved: ja, deels, nee. */
extern const char *const hist_comments[3][HIST_VARIANTS];
/* Level reasons by level (buurt .. gemeente). */
extern const char *const hist_level_reasons[HIST_LEVELS];

#endif
