/* similar: how likely two normalised partner records (normalize.h) are the
 * same organisation, as a score from 0 to 1.  Pure.
 *
 * Names.  sim_names is the largest of
 *   - the soft token Jaccard: words that are equal count 1, a word written
 *     with a full stop that begins the other ("Fam."/"family") counts
 *     SIM_ABBREV, words of at least 4 letters with a Jaro-Winkler
 *     similarity of at least SIM_WORD_JW (typos, plurals:
 *     "famliy"/"family", "services"/"service") count their similarity;
 *     matched / (|A| + |B| - matched), one-to-one, greedily;
 *   - containment * SIM_CONTAINMENT, when both names have two words or more:
 *     matched / the smaller number of words ("Buurtwerk Noord" inside
 *     "Buurtwerk Noord - locatie De Meeuw");
 *   - the trigram Dice coefficient of the names without spaces, only when at
 *     least SIM_TRIGRAM_MIN ("Buurtwerk Noord" / "BuurtwerkNoord"): below
 *     that, trigrams reward a long shared prefix ("stadsdeelnoord" /
 *     "stadsdeelwest" share 62%);
 *   - SIM_ACRONYM when one name is the initials of the other ("OBA" /
 *     "Openbare Bibliotheek Amsterdam"); a word that is the initials of the
 *     other name's first words is written out before the comparisons.
 *
 * Evidence.  The name similarity and each identifying field add
 * log-odds points (a Fellegi-Sunter style sum); a field that one side
 * lacks adds nothing, so a short list is not punished for what it does
 * not say:
 *
 *   bias                                 -1.0
 *   name: piecewise linear through (0, -6), (0.5, -2.5), (0.7, 0),
 *         (0.85, +3), (1, +5)
 *   KvK number            equal +8.0   different -8.0
 *   website/e-mail domain equal +2.5   different -1.5
 *   e-mail address        equal +2.0   different  0
 *   phone number          equal +5.0   different -0.5
 *   postcode + number (or street + number + place)
 *                         equal +2.5   different -0.5
 *
 * score = 1 / (1 + e^-points).  SIM_THRESHOLD 0.5 is "more likely the
 * same than not": a name alone must reach about 0.75; a weaker name needs
 * a phone number, an address or a domain to agree; a different KvK number
 * outweighs everything but itself.  Different phone numbers and addresses
 * count little, because one organisation has several locations (one per
 * district list).  docs/inventory.md has the figures on the test case. */
#ifndef WA_INVENTORY_SIMILAR_H
#define WA_INVENTORY_SIMILAR_H
#include <stddef.h>

#include "inventory/normalize.h"

#define SIM_THRESHOLD 0.5
#define SIM_WORD_JW 0.92
#define SIM_CONTAINMENT 0.85
#define SIM_TRIGRAM_MIN 0.8
#define SIM_ACRONYM 0.9
#define SIM_ABBREV 0.9

enum sim_agree { SIM_UNKNOWN = 0, SIM_AGREE = 1, SIM_DIFFER = -1 };

struct sim_detail {
	double score;  /* 0..1 */
	double name;   /* sim_names, 0..1 */
	double points; /* the sum of the log-odds points */
	enum sim_agree kvk, domain, email, phone, address;
};

/* Jaro-Winkler similarity of two byte strings (at most 64 bytes of each
 * are compared). */
double sim_jaro_winkler(const char *a, const char *b);
/* Dice coefficient of the padded trigrams (at most 128 bytes of each). */
double sim_trigram(const char *a, const char *b);
/* The soft token Jaccard described above. */
double sim_token_jaccard(const struct norm_name *a, const struct norm_name *b);
double sim_names(const struct norm_name *a, const struct norm_name *b);
void sim_compare(const struct norm_rec *a, const struct norm_rec *b,
		 struct sim_detail *out);

#endif
