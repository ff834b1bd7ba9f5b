/* test_readability: the plain-language check (text/readability.h).
 * Syllables of hand-counted words (compounds, loanwords, the diaeresis,
 * ij and y), sentence splitting, scores of texts computed by hand (the
 * arithmetic in the comments), long sentences, and every entry of the
 * officialese list found in a sentence.  Needs hyphen-nl
 * (/usr/share/hyphen/hyph_nl_NL.dic, package hyphen-nl) for the words
 * whose hiatus only the patterns know (theater, museum, reactie). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "text/readability.h"

struct counted {
	const char *word;
	int syllables; /* counted by hand, as spoken */
};

/* Counted by hand, as a Dutch speaker says them; the dashes in the
 * comments are the syllables. */
static const struct counted words[] = {
	/* compounds */
	{"gemeentehuis", 4},	       /* ge-meen-te-huis */
	{"buurtbewoners", 4},	       /* buurt-be-wo-ners */
	{"afvalcontainer", 5},	       /* af-val-con-tai-ner */
	{"wijkagenda", 4},	       /* wijk-a-gen-da */
	{"buurthuis", 2},
	{"straatverlichting", 4},      /* straat-ver-lich-ting */
	{"lantaarnpaal", 3},
	{"vuilniszak", 3},
	{"fietsenrek", 3},
	{"speeltuin", 2},
	{"stoeptegel", 3},
	{"parkeerplaats", 3},
	{"geluidsoverlast", 5},	       /* ge-luids-o-ver-last */
	{"wijkteam", 2},
	{"bewonersavond", 5},	       /* be-wo-ners-a-vond */
	{"gemeenteraad", 4},
	{"huisvuil", 2},
	{"grofvuil", 2},
	{"bouwproject", 3},
	{"verkeersveiligheid", 5},     /* ver-keers-vei-lig-heid */
	{"zebrapad", 3},
	{"hondenpoep", 3},
	{"kinderboerderij", 5},	       /* kin-der-boer-de-rij */
	{"buurtcentrum", 3},
	{"schoolplein", 2},
	{"wijkagent", 3},
	{"huurwoning", 3},
	{"woningcorporatie", 6},       /* wo-ning-cor-po-ra-tie */
	{"ondernemersvereniging", 8},  /* on-der-ne-mers-ver-e-ni-ging */
	{"zwerfafval", 3},
	{"afvalbak", 3},
	{"glasbak", 2},
	{"rioolputje", 4},	       /* ri-ool-put-je */
	{"boomwortel", 3},
	{"stadsdeel", 2},
	{"klantenservice", 4},	       /* klan-ten-ser-vice, "service" as spoken */
	{"buurtpreventie", 4},
	{"servicepunt", 3},
	{"werkzaamheden", 4},
	{"onderhoudsprogramma", 6},
	{"jongerenwerk", 4},
	{"opbouwwerk", 3},
	{"Nieuwjaarsdag", 3},
	{"Koningsdag", 3},
	{"vuurwerk", 2},
	{"buurvrouw", 2},
	/* loanwords */
	{"computer", 3},
	{"e-mail", 2},
	{"team", 1},
	{"cafeïne", 4},		       /* ca-fe-ï-ne */
	{"situatie", 4},	       /* si-tu-a-tie */
	{"procedure", 4},
	{"baby", 2},
	{"hobby", 2},
	{"service", 2},		       /* "ser-vis" */
	{"container", 3},
	{"website", 2},
	{"websites", 2},
	{"online", 2},
	{"update", 2},
	{"updaten", 3},		       /* up-da-ten: the e is spoken */
	{"software", 2},
	{"smartphone", 2},
	{"meeting", 2},
	{"feedback", 2},
	{"workshop", 2},
	{"laptop", 2},
	{"internet", 3},
	{"chatten", 2},
	{"bureau", 2},
	{"niveau", 2},
	{"cadeau", 2},
	{"trainer", 2},
	{"display", 2},
	{"hockey", 2},
	{"party", 2},
	{"yoga", 2},
	{"type", 2},
	{"systeem", 2},
	{"museum", 3},		       /* mu-se-um: hyphen-nl */
	{"theater", 3},		       /* the-a-ter: hyphen-nl */
	{"piano", 3},
	{"radio", 3},
	{"aquarium", 4},
	{"quiz", 1},
	{"jazz", 1},
	{"manager", 3},
	{"deadline", 2},
	{"okay", 2},
	{"app", 1},
	{"tablet", 2},
	{"account", 2},
	{"support", 2},
	{"helpdesk", 2},
	{"download", 2},
	{"upload", 2},
	{"scooter", 2},
	{"festival", 3},
	{"budget", 2},
	{"ticket", 2},
	/* the diaeresis */
	{"ruïne", 3},
	{"coördinatie", 5},
	{"België", 3},
	{"geïnteresseerd", 5},
	{"zeeën", 2},
	{"ideeën", 3},
	{"knieën", 2},
	{"reünie", 3},
	{"naïef", 2},
	{"egoïsme", 4},
	{"beëindigen", 4},
	{"geëmigreerd", 4},
	{"coöperatie", 5},
	{"poëzie", 3},
	{"financiële", 5},
	{"officiële", 5},
	{"Italië", 4},
	{"geüpdatet", 4},
	{"skiën", 2},
	{"oliën", 3},
	{"drieën", 2},
	{"vacuüm", 3},
	{"continuïteit", 5},
	{"hygiëne", 4},
	{"Israël", 3},
	/* ij and y */
	{"wijk", 1},
	{"bijeenkomst", 3},
	{"vrijwilliger", 4},
	{"tijd", 1},
	{"mogelijk", 3},
	{"gelijk", 2},
	{"bijvoorbeeld", 3},
	{"rijbewijs", 3},
	{"wijkbijeenkomst", 4},
	{"ijs", 1},
	{"IJmuiden", 3},
	{"ijverig", 3},
	{"\xc4\xb3zer", 2},	       /* with the ligature U+0133 */
	{"vijftig", 2},
	{"blij", 1},
	{"bijzonder", 3},
	{"duidelijk", 3},
	{"eigenlijk", 3},
	{"verantwoordelijk", 5},
	{"moeilijk", 2},
	{"typisch", 2},
	{"cyclus", 2},
	{"fysiek", 2},
	{"psycholoog", 3},
	{"mysterie", 3},
	{"Nijmegen", 3},
	{"gymzaal", 2},
	/* vowels side by side */
	{"ideaal", 3},
	{"reageren", 4},
	{"realiseren", 5},
	{"beamen", 3},
	{"reactie", 3},
	{"oceaan", 3},
	{"linoleum", 4},
	{"geuit", 2},
	{"geopend", 3},
	{"beoordelen", 4},
	{"geaccepteerd", 4},
	{"koeien", 2},
	{"haaien", 2},
	{"uien", 2},
	{"luie", 2},
	{"mooie", 2},
	{"draaien", 2},
	{"lawaai", 2},
	{"nieuws", 1},
	{"nieuwe", 2},
	{"eeuw", 1},
	{"leeuw", 1},
	{"meeuwen", 2},
	{"geeuwen", 2},
	{"uw", 1},
	{"jouw", 1},
	{"blauw", 1},
	{"duwen", 2},
	{"vooral", 2},
	{"euro", 2},
	{"Europa", 3},
	{"auto", 2},
	{"sociale", 4},
	{"januari", 4},
	{"februari", 4},
	{"augustus", 3},
	/* everyday words */
	{"de", 1},
	{"het", 1},
	{"een", 1},
	{"niet", 1},
	{"u", 1},
	{"buurt", 1},
	{"straat", 1},
	{"melding", 2},
	{"gemeente", 3},
	{"bewoners", 3},
	{"organisatie", 5},
	{"informatie", 4},
	{"afspraak", 2},
	{"vergadering", 4},
	{"belofte", 3},
	{"oplossing", 3},
	{"probleem", 2},
	{"kwestie", 2},
	{"agenda", 3},
	{"aandacht", 2},
	{"uitnodiging", 4},
	{"ouderen", 3},
	{"kinderen", 3},
	{"zaterdag", 3},
	{"politie", 3},
	{"ambtenaar", 3},
	{"wethouder", 3},
	{"burgemeester", 4},
	{"gevaarlijk", 3},
	{"beschadigd", 3},
	{"reparatie", 4},
	{"onderhoud", 3},
	{"riolering", 4},
	{"verlichting", 3},
	{"plantsoen", 2},
	{"eigenaar", 3},
	{"corporatie", 4},
	{"participatie", 5},
	{"toezegging", 3},
	{"tijdlijn", 2},
	{"afgehandeld", 4},
	{"gewijzigd", 3},
	{"werkdagen", 3},
	{"Hemelvaart", 3},
	{"aangezien", 3},
	{"alvorens", 3},
	{"middels", 2},
	{"inzake", 3},
	{"derhalve", 3},
	{"teneinde", 3},
	{"voertuig", 2},
	{"verplaatsen", 3},
};

static void test_hand_counted_words(void **state)
{
	size_t n = sizeof(words) / sizeof(words[0]), wrong = 0;

	assert_true(readability_hyphen_loaded());
	assert_true(n >= 200);
	for (size_t i = 0; i < n; i++) {
		int got = readability_syllables(words[i].word, strlen(words[i].word));

		if (got != words[i].syllables) {
			fprintf(stderr, "%s: %d, counted %d\n", words[i].word, got,
				words[i].syllables);
			wrong++;
		}
	}
	assert_int_equal(wrong, 0);
}

/* The two counts and how they combine: hyphen-nl knows the hiatus the
 * letters hide (theater), the vowels count what the patterns leave whole
 * (a final syllable: "via", "luie"), the loanword list takes the silent
 * e off (service). */
static void test_vowels_and_hyphenation_combine(void **state)
{
	assert_int_equal(readability_syllables_vowels("theater", 7), 2);
	assert_int_equal(readability_syllables_hyphen("theater", 7), 3);
	assert_int_equal(readability_syllables_vowels("via", 3), 2);
	assert_int_equal(readability_syllables_hyphen("via", 3), 1);
	assert_int_equal(readability_syllables_vowels("service", 7), 3);
	assert_int_equal(readability_syllables("service", 7), 2);
	/* a number: a syllable a digit; no letter: no word */
	assert_int_equal(readability_syllables("3", 1), 1);
	assert_int_equal(readability_syllables("2026", 4), 4);
	assert_int_equal(readability_syllables("--", 2), 0);
	/* a word without a vowel is still a syllable */
	assert_int_equal(readability_syllables("btw", 3), 1);
	/* a very long "word" is counted in chunks, never past its end */
	{
		char *w = malloc(5001);

		for (int i = 0; i < 5000; i++)
			w[i] = "ba"[i % 2];
		w[5000] = '\0';
		assert_int_equal(readability_syllables(w, 5000), 2500);
		free(w);
	}
}

static struct readability check(struct arena *ar, const char *text)
{
	struct readability r;

	assert_int_equal(readability_check(ar, text, &r), ERR_OK);
	return r;
}

static void assert_split(const char *text, int sentences, int nwords)
{
	struct arena ar;
	struct readability r;

	arena_init(&ar);
	r = check(&ar, text);
	if (r.sentences != sentences || r.words != nwords)
		fprintf(stderr, "%s: %d sentences, %d words\n", text, r.sentences,
			r.words);
	assert_int_equal(r.sentences, sentences);
	assert_int_equal(r.words, nwords);
	arena_clear(&ar);
}

static void test_sentences(void **state)
{
	assert_split("De lamp is kapot. Wij maken hem.", 2, 7);
	/* abbreviations keep their dots */
	assert_split("Wij komen o.a. bij u langs. Daarna bellen we.", 2, 9);
	assert_split("Neem bijv. een foto mee. Dat helpt.", 2, 7);
	assert_split("Neem Bijv. Foto's mee.", 1, 4);
	assert_split("We bellen u t.z.t. over de uitkomst.", 1, 7);
	assert_split("Dat is d.w.z. morgen.", 1, 4);
	assert_split("Bel dhr. Jansen of mevr. De Vries.", 1, 7);
	/* numbers */
	assert_split("De prijs is 3.5 euro. Dat is veel.", 2, 8);
	assert_split("Het is 1,5 meter.", 1, 4);
	assert_split("Het waren er 3. Daarna kwamen er meer.", 2, 8);
	/* ellipsis */
	assert_split("Het duurt even... Daarna gaat het snel.", 2, 7);
	assert_split("Het duurt... even lang.", 1, 4);
	assert_split("Het duurt even\xe2\x80\xa6 Daarna gaat het snel.", 2, 7);
	assert_split("Wacht\xe2\x80\xa6", 1, 1);
	/* question and exclamation marks always end */
	assert_split("Kapot? Ja! Echt waar.", 3, 4);
	assert_split("Wat nu?! bel ons.", 2, 4);
	/* a small letter after a dot: no new sentence (an initial, a
	 * missed abbreviation) */
	assert_split("Vraag het J. de Vries.", 1, 5);
	/* quotes and brackets after the mark */
	assert_split("Hij zei: \"Kom maar.\" Toen ging hij.", 2, 7);
	assert_split("(Zie de kaart.) Daar staat het.", 2, 6);
	/* lists without full stops: one sentence an item */
	assert_split("Neem mee:\n- een foto\n- uw adres\n- de datum", 4, 8);
	assert_split("1. Vul het formulier in\n2. Stuur het op", 2, 7);
	assert_split("Neem mee:\n\xe2\x80\xa2 een foto\n\xe2\x80\xa2 uw adres", 3, 6);
	/* a blank line ends a sentence, one line break does not */
	assert_split("Beste buurman\n\nDe lamp is kapot", 2, 6);
	assert_split("De lamp is\nkapot.", 1, 4);
	/* web addresses and e-mail addresses are one word */
	assert_split("Kijk op www.amsterdam.nl. Of mail info@wijk.nl.", 2, 6);
	/* no words */
	assert_split("", 0, 0);
	assert_split(" ... !? ", 0, 0);
}

/* 17 words, 21 syllables, 3 sentences:
 *   De(1) lamp(1) in(1) on-ze(2) straat(1) is(1) ka-pot(2)  7 w  9 s
 *   Wij(1) ma-ken(2) hem(1) de-ze(2) week(1)                 5 w  7 s
 *   U(1) hoeft(1) niets(1) te(1) doen(1)                     5 w  5 s
 * 206.84 - 0.77 x (2100 / 17) - 0.93 x (17 / 3)
 *   = 206.84 - 0.77 x 123.5294 - 0.93 x 5.6667
 *   = 206.84 - 95.1176 - 5.2700 = 106.4524; under 40 words: indicative. */
static void test_score_short_plain_text(void **state)
{
	struct arena ar;
	struct readability r;

	arena_init(&ar);
	r = check(&ar, "De lamp in onze straat is kapot. Wij maken hem deze "
		       "week. U hoeft niets te doen.");
	assert_int_equal(r.words, 17);
	assert_int_equal(r.syllables, 21);
	assert_int_equal(r.sentences, 3);
	assert_float_equal(r.score, 106.4524, 0.0001);
	assert_true(r.indicative);
	assert_int_equal(r.nlong, 0);
	assert_int_equal(r.nplain, 0);
	assert_true(readability_ok(&r));
	arena_clear(&ar);
}

/* 42 words, 54 syllables, 7 sentences:
 *   Er ligt veel af-val bij de glas-bak                      7 w  9 s
 *   Wij ha-len het mor-gen op                                5 w  7 s
 *   Daar-na zet-ten we een ex-tra bak neer                   7 w 10 s
 *   Die bak is gro-ter                                       4 w  5 s
 *   Zo blijft de straat schoon                               5 w  5 s
 *   Ziet u weer af-val lig-gen                               5 w  7 s
 *   Meld het dan vi-a de web-site of bel ons                 9 w 11 s
 * 206.84 - 0.77 x (5400 / 42) - 0.93 x (42 / 7)
 *   = 206.84 - 0.77 x 128.5714 - 0.93 x 6
 *   = 206.84 - 99.00 - 5.58 = 102.26; 42 words: not indicative. */
static void test_score_plain_text(void **state)
{
	struct arena ar;
	struct readability r;

	arena_init(&ar);
	r = check(&ar, "Er ligt veel afval bij de glasbak. Wij halen het morgen "
		       "op. Daarna zetten we een extra bak neer. Die bak is "
		       "groter. Zo blijft de straat schoon. Ziet u weer afval "
		       "liggen? Meld het dan via de website of bel ons.");
	assert_int_equal(r.words, 42);
	assert_int_equal(r.syllables, 54);
	assert_int_equal(r.sentences, 7);
	assert_float_equal(r.score, 102.26, 0.0001);
	assert_false(r.indicative);
	assert_true(readability_ok(&r));
	arena_clear(&ar);
}

#define OFFICIAL                                                              \
	"Aangezien de werkzaamheden aan de riolering in het kader van het "  \
	"onderhoudsprogramma reeds zijn aangevangen, dient u uw voertuig "   \
	"alvorens maandag te verplaatsen."

/* 23 words, 46 syllables, 1 sentence:
 *   Aan-ge-zien(3) de(1) werk-zaam-he-den(4) aan(1) de(1)
 *   ri-o-le-ring(4) in(1) het(1) ka-der(2) van(1) het(1)
 *   on-der-houds-pro-gram-ma(6) reeds(1) zijn(1) aan-ge-van-gen(4)
 *   dient(1) u(1) uw(1) voer-tuig(2) al-vo-rens(3) maan-dag(2) te(1)
 *   ver-plaat-sen(3)
 * 206.84 - 0.77 x (4600 / 23) - 0.93 x 23 = 206.84 - 154 - 21.39 = 31.45.
 * Twice: 46 words, 92 syllables, 2 sentences, the same score, now not
 * indicative, so below target. */
static void test_score_officialese(void **state)
{
	static const char *const found[] = {"aangezien", "werkzaamheden",
					    "in het kader van", "reeds", "alvorens"};
	struct arena ar;
	struct readability r;

	arena_init(&ar);
	r = check(&ar, OFFICIAL);
	assert_int_equal(r.words, 23);
	assert_int_equal(r.syllables, 46);
	assert_int_equal(r.sentences, 1);
	assert_float_equal(r.score, 31.45, 0.0001);
	assert_true(r.indicative);
	assert_true(readability_ok(&r)); /* indicative: never asks */
	assert_int_equal(r.nlong, 1);
	assert_int_equal(r.long_sentences[0].start, 0);
	assert_int_equal(r.long_sentences[0].len, strlen(OFFICIAL));
	assert_int_equal(r.long_sentences[0].words, 23);
	assert_int_equal(r.nplain, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(r.plain[i].word, found[i]);
	assert_string_equal(r.plain[0].instead, "omdat");
	assert_int_equal(r.plain[0].at, 0);
	assert_int_equal(r.plain[0].len, 9);
	assert_int_equal(r.plain[2].at, strstr(OFFICIAL, "in het kader") - OFFICIAL);
	assert_int_equal(r.plain[2].len, strlen("in het kader van"));

	r = check(&ar, OFFICIAL " " OFFICIAL);
	assert_int_equal(r.words, 46);
	assert_int_equal(r.syllables, 92);
	assert_int_equal(r.sentences, 2);
	assert_float_equal(r.score, 31.45, 0.0001);
	assert_false(r.indicative);
	assert_false(readability_ok(&r));
	assert_int_equal(r.nlong, 2);
	assert_int_equal(r.long_sentences[1].start, strlen(OFFICIAL) + 1);
	arena_clear(&ar);
}

/* A sentence of READABILITY_LONG_SENTENCE words passes; one more is long. */
static void test_long_sentence_limit(void **state)
{
	char text[512];
	size_t n = 0;
	struct arena ar;
	struct readability r;

	arena_init(&ar);
	for (int i = 0; i < READABILITY_LONG_SENTENCE; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s", i ? " buurt" : "Buurt");
	snprintf(text + n, sizeof(text) - n, ".");
	r = check(&ar, text);
	assert_int_equal(r.words, READABILITY_LONG_SENTENCE);
	assert_int_equal(r.nlong, 0);
	r = check(&ar, arena_printf(&ar, "Een %s", text));
	assert_int_equal(r.words, READABILITY_LONG_SENTENCE + 1);
	assert_int_equal(r.nlong, 1);
	assert_int_equal(r.long_sentences[0].words, READABILITY_LONG_SENTENCE + 1);
	assert_int_equal(r.long_sentences[0].len, strlen(text) + 4);
	arena_clear(&ar);
}

static void test_every_listed_word_is_found(void **state)
{
	size_t n;
	const struct readability_word *w = readability_words(&n);
	struct arena ar;

	assert_true(n >= 150);
	arena_init(&ar);
	for (size_t i = 0; i < n; i++) {
		char *text = NULL, *upper;
		struct readability r;

		assert_true(w[i].instead[0] != '\0');
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(w[i].word, w[j].word);
		text = arena_printf(&ar, "Wij schrijven %s hier.", w[i].word);
		r = check(&ar, text);
		if (r.nplain != 1 || strcmp(r.plain[0].word, w[i].word) != 0)
			fprintf(stderr, "not found: %s\n", w[i].word);
		assert_int_equal(r.nplain, 1);
		assert_string_equal(r.plain[0].word, w[i].word);
		assert_string_equal(r.plain[0].instead, w[i].instead);
		assert_int_equal(r.plain[0].at, strlen("Wij schrijven "));
		/* case does not matter (ASCII entries; the others below) */
		upper = arena_strdup(&ar, text);
		for (char *p = upper; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 32);
		r = check(&ar, upper);
		assert_int_equal(r.nplain, 1);
		assert_string_equal(r.plain[0].word, w[i].word);
	}
	arena_clear(&ar);
}

static void test_words_on_word_boundaries(void **state)
{
	struct arena ar;
	struct readability r;

	arena_init(&ar);
	/* inside other words: nothing */
	r = check(&ar, "De dochter van de rechter zat in de middelste rij.");
	assert_int_equal(r.nplain, 0);
	r = check(&ar, "Hedendaags en voorsteds.");
	assert_int_equal(r.nplain, 0);
	/* the longest entry at a place wins */
	r = check(&ar, "Heden ten dage gebeurt dat niet.");
	assert_int_equal(r.nplain, 1);
	assert_string_equal(r.plain[0].word, "heden ten dage");
	/* case folding past ASCII */
	r = check(&ar, "FINANCIËLE MIDDELEN zijn er.");
	assert_int_equal(r.nplain, 1);
	assert_string_equal(r.plain[0].instead, "geld");
	/* a phrase across a line break still counts */
	r = check(&ar, "U dient\nte betalen.");
	assert_int_equal(r.nplain, 1);
	assert_string_equal(r.plain[0].word, "dient te");
	assert_int_equal(r.plain[0].len, strlen("dient\nte"));
	/* a phrase is not found across a sentence mark? It is: words only.
	 * Order in the text: */
	r = check(&ar, "Middels dit schrijven vragen wij het. Echter niet nu.");
	assert_int_equal(r.nplain, 3);
	assert_string_equal(r.plain[0].word, "middels");
	assert_string_equal(r.plain[1].word, "dit schrijven");
	assert_string_equal(r.plain[2].word, "echter");
	arena_clear(&ar);
}

static void test_bad_input(void **state)
{
	struct arena ar;
	struct readability r;
	char *big = malloc(READABILITY_MAX_BYTES + 2);

	arena_init(&ar);
	assert_int_equal(readability_check(&ar, NULL, &r), ERR_INVALID);
	assert_int_equal(readability_check(&ar, "De lamp \xff is kapot.", &r), ERR_INVALID);
	assert_int_equal(readability_check(&ar, "half \xc3", &r), ERR_INVALID);
	assert_int_equal(readability_check(&ar, "overlong \xc0\xaf", &r), ERR_INVALID);
	assert_int_equal(readability_check(&ar, "surrogate \xed\xa0\x80", &r), ERR_INVALID);
	memset(big, 'a', READABILITY_MAX_BYTES + 1);
	big[READABILITY_MAX_BYTES + 1] = '\0';
	assert_int_equal(readability_check(&ar, big, &r), ERR_TOO_LARGE);
	assert_int_equal(r.words, 0);
	big[READABILITY_MAX_BYTES] = '\0';
	assert_int_equal(readability_check(&ar, big, &r), ERR_OK);
	assert_int_equal(r.words, 1);
	free(big);
	arena_clear(&ar);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_counted_words),
		cmocka_unit_test(test_vowels_and_hyphenation_combine),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_score_short_plain_text),
		cmocka_unit_test(test_score_plain_text),
		cmocka_unit_test(test_score_officialese),
		cmocka_unit_test(test_long_sentence_limit),
		cmocka_unit_test(test_every_listed_word_is_found),
		cmocka_unit_test(test_words_on_word_boundaries),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
