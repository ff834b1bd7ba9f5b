/* test_readability_view: the writer's box (views/readability.c): the
 * score with a decimal comma in Dutch, the target, "indicatief" under 40
 * words, the long sentences and each flagged word once with its
 * alternative; a section with a heading and every verdict in words; a
 * hostile text written escaped (the same number of < > " as a harmless
 * one); the live box's labels for the script. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/buf.h"
#include "views/readability.h"

#define OFFICIAL                                                             \
	"Aangezien de werkzaamheden aan de riolering in het kader van het " \
	"onderhoudsprogramma reeds zijn aangevangen, dient u uw voertuig "  \
	"alvorens maandag te verplaatsen. Aangezien het regent."

static char *render(struct arena *ar, const char *text)
{
	struct readability r;
	struct page p = {.lang = LANG_NL};
	struct buf b;
	char *s;

	assert_int_equal(readability_check(ar, text, &r), ERR_OK);
	buf_init(&b, 1 << 20);
	view_readability(HTML_ON(&b), &p, "tekst-leesbaarheid", text, &r);
	assert_false(b.overflow);
	s = arena_strndup(ar, b.data, b.len);
	buf_release(&b);
	return s;
}

static size_t count(const char *s, char c)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

static void test_box_says_it_in_words(void **state)
{
	struct arena ar;
	char *h;

	arena_init(&ar);
	h = render(&ar, OFFICIAL);
	assert_non_null(strstr(h, "<section class=\"wa-readability\" id=\"tekst-leesbaarheid\" "
				  "aria-labelledby=\"tekst-leesbaarheid-kop\" aria-live=\"polite\">"));
	assert_non_null(strstr(h, "<h2 id=\"tekst-leesbaarheid-kop\">Leesbaarheid</h2>"));
	/* 26 words: indicative; the score with a comma; the target */
	assert_non_null(strstr(h, "Indicatief: de tekst heeft minder dan 40 woorden."));
	assert_non_null(strstr(h, "doel: 60 of meer, ongeveer taalniveau B1"));
	assert_non_null(strstr(h, "<strong>Score: "));
	assert_null(strstr(h, "Goed leesbaar."));
	assert_non_null(strstr(h, "Onder het doel"));
	/* the long sentence and its length */
	assert_non_null(strstr(h, "<li><q>Aangezien de werkzaamheden"));
	assert_non_null(strstr(h, "(23 woorden)"));
	assert_null(strstr(h, "<q>Aangezien het regent.</q>"));
	/* each word once, as written, with the alternative */
	assert_non_null(strstr(h, "<li><strong>Aangezien</strong>: schrijf liever <q>omdat</q></li>"));
	assert_null(strstr(strstr(h, "<q>omdat</q>") + 12, "<q>omdat</q>"));
	assert_non_null(strstr(h, "<strong>in het kader van</strong>"));
	arena_clear(&ar);
}

static void test_plain_text_passes(void **state)
{
	struct arena ar;
	char *h;

	arena_init(&ar);
	h = render(&ar, "De lamp is kapot. Wij maken hem morgen.");
	assert_non_null(strstr(h, "Goed leesbaar."));
	assert_null(strstr(h, "<h3>"));
	assert_non_null(strstr(h, ","));
	h = render(&ar, "");
	assert_null(strstr(h, "Score"));
	arena_clear(&ar);
}

static void test_hostile_text_is_escaped(void **state)
{
	struct arena ar;
	const char *bad = "Aangezien <script>alert(1)</script> \"x\" een heel lange zin "
			  "met veel te veel woorden die maar doorgaat en doorgaat "
			  "tot de lezer het niet meer weet of wil weten.";
	const char *good = "Aangezien xscriptxalert(1)x/scriptx xxx een heel lange zin "
			   "met veel te veel woorden die maar doorgaat en doorgaat "
			   "tot de lezer het niet meer weet of wil weten.";
	char *hb, *hg;

	arena_init(&ar);
	hb = render(&ar, bad);
	hg = render(&ar, good);
	assert_null(strstr(hb, "<script>"));
	assert_int_equal(count(hb, '<'), count(hg, '<'));
	assert_int_equal(count(hb, '>'), count(hg, '>'));
	assert_int_equal(count(hb, '"'), count(hg, '"'));
	arena_clear(&ar);
}

static void test_live_box(void **state)
{
	struct page p = {.lang = LANG_NL};
	struct buf b;

	buf_init(&b, 1 << 16);
	view_readability_live(HTML_ON(&b), &p, "belofte-leesbaarheid");
	view_readability_script(HTML_ON(&b));
	buf_addc(&b, '\0');
	assert_non_null(strstr(b.data, "id=\"belofte-leesbaarheid\""));
	assert_non_null(strstr(b.data, "aria-live=\"polite\""));
	assert_non_null(strstr(b.data, "data-l-target=\"doel: %d of meer, ongeveer taalniveau B1\""));
	assert_non_null(strstr(b.data, "data-decimal=\",\""));
	assert_non_null(strstr(b.data, "data-target=\"60\""));
	assert_non_null(strstr(b.data, "<h2 id=\"belofte-leesbaarheid-kop\">Leesbaarheid</h2>"));
	assert_non_null(strstr(b.data, "<script src=\"/static/readability.js\" defer></script>"));
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_box_says_it_in_words),
		cmocka_unit_test(test_plain_text_passes),
		cmocka_unit_test(test_hostile_text_is_escaped),
		cmocka_unit_test(test_live_box),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
