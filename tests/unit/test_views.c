/* test_views: every page rendered with ordinary values and with hostile
 * ones in every string field.  The strongest check is structural: a page
 * with hostile values must have exactly as many < > and " characters as
 * the same page with harmless values, so no value added or closed any
 * markup.  Then the form's error wiring, the language switch, Dutch dates
 * in Amsterdam time, and English when the catalogue is built.
 *
 * With WA_VIEWS_DUMP=dir set, the pages are also written to dir/NAME.html,
 * for looking at them in a browser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "app/timeline.h"
#include "views/agenda.h"
#include "domain/describe.h"
#include "views/kwestie.h"
#include "views/views.h"

static const char *const hostile[] = {
	"<script>alert(1)</script>",
	"\" onmouseover=\"x",
	"'><img src=x onerror=alert(1)>",
	"<svg onload=alert(1)>",
	"</textarea><script>alert(2)</script>",
	"javascript:alert(1)",
	"</title></head><body onload=alert(1)>",
	"\"/><a href=\"javascript:alert(1)\">x</a>",
	"&quot;><b>&amp;</b>",
};

/* Pick values from hostile[] or from a harmless list, in turn, so each
 * field gets a different attack. */
static int evil;
static size_t turn;

static const char *v(const char *harmless)
{
	return evil ? hostile[turn++ % ARRAY_SIZE(hostile)] : harmless;
}

static struct choice buurten[3], categories[3], ages[2];
static struct field_error errors[9];

/* A group name is used twice, so the hostile page has the same optgroups
 * as the harmless one. */
static void fill_options(void)
{
	const char *centrum = v("Centrum"), *afval = v("Afval");

	buurten[0] = (struct choice){v("AA01"), v("Planciusbuurt-Noord"),
				     centrum};
	buurten[1] = (struct choice){v("AA02"), v("Planciusbuurt-Zuid"),
				     centrum};
	buurten[2] = (struct choice){v("EA01"), v("Houthavens"), v("West")};
	categories[0] = (struct choice){v("afval/grofvuil"), v("Grofvuil"),
					afval};
	categories[1] = (struct choice){v("afval/container"), v("Container"),
					afval};
	categories[2] = (struct choice){v("wegen/stoep"), v("Stoep"),
					v("Wegen")};
	ages[0] = (struct choice){v("18-34"), v("18 tot 35 jaar"), NULL};
	ages[1] = (struct choice){v("35-64"), v("35 tot 65 jaar"), NULL};
}

static struct melden_form make_form(size_t nerrors)
{
	static const char *const fields[] = {"kind",  "text",	  "buurt",
					     "lat",   "lon",	  "email",
					     "phone", "age_band", "category"};
	struct melden_form f = {0};

	fill_options();
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		errors[i] = (struct field_error){fields[i], v("is verplicht")};
	f.kind = v("vraag");
	f.text = v("Losse stoeptegel");
	f.buurt = v("AA02");
	f.lat = v("52.37");
	f.lon = v("4.89");
	f.email = v("a@example.org");
	f.phone = v("020 123 4567");
	f.age_band = v("35-64");
	f.category = v("wegen/stoep");
	f.errors = errors;
	f.nerrors = nerrors;
	f.buurten = buurten;
	f.nbuurten = ARRAY_SIZE(buurten);
	f.categories = categories;
	f.ncategories = ARRAY_SIZE(categories);
	f.age_bands = ages;
	f.nage_bands = ARRAY_SIZE(ages);
	f.map_point_label = v("52.37, 4.89 (Burgwallen-Oost)");
	f.max_text = 2000;
	f.map_width = 800;
	f.map_height = 532;
	return f;
}

static struct signal_view make_signal(void)
{
	struct signal_view s = {
		.token = v("Ab3dEf"),
		.kind = v("melding"),
		.text = v("Losse stoeptegel\nvoor nummer 12"),
		.created_at = v("2026-11-27T17:20:00Z"),
		.status = v("gemeld"),
		.category = v("Stoep"),
		.buurt = v("Planciusbuurt-Noord"),
		.wijk = v("Haarlemmerbuurt"),
		.gebied = v("Centrum-West"),
		.stadsdeel = v("Centrum"),
		.gemeente = v("Amsterdam"),
		.buurt_code = v("AA01"),
		.who = v("Een medewerker van stadsdeel Centrum bekijkt uw melding."),
		.track_url = v("/m/Ab3dEf"),
		.track_link = v("https://wijkagenda.example/m/Ab3dEf"),
	};
	return s;
}

/* A kwestie with every string field set (closed_at stays NULL, so the
 * support form is there in both the harmless and the hostile page). */
static struct kwestie_row make_kwestie(void)
{
	struct kwestie_row k = {
		.id = 12,
		.title = (char *)v("Grofvuil bij de containers"),
		.description = (char *)v("Bewoners melden grofvuil.\nElke week."),
		.area_code = (char *)v("EA01"),
		.area_level = (char *)v("buurt"),
		.area_name = (char *)v("Houthavens"),
		.level = (char *)v("wijk"),
		.level_reason = (char *)v("Het speelt in de hele wijk."),
		.status = (char *)v("afgerond"),
		.outcome = (char *)v("deels_opgelost"),
		.forwarded_to = (char *)v("Gemeente"),
		.park_until = (char *)v("2027-01-01"),
		.park_reason = (char *)v("Wacht op budget"),
		.regisseur = (char *)v("Stadsdeel West"),
		.merged_into = 14,
		.residents = 5, .nsignals = 3, .nsupporters = 2,
	};
	return k;
}

static struct kwestie_link_row chain_rows[2];
static struct timeline_row events[3];
static struct arena text_arena;
static struct field_error email_error[1];

static struct kwestie_view make_kwestie_view(void)
{
	struct kwestie_view kv = {.k = make_kwestie()};

	chain_rows[0] = (struct kwestie_link_row){7, (char *)v("Stadsdeel West"),
						  (char *)v("regisseur")};
	chain_rows[1] = (struct kwestie_link_row){9, (char *)v("Buurtwerk"),
						  (char *)v("uitvoerder")};
	events[0] = (struct timeline_row){.id = 1, .at = (char *)v("2026-11-27T17:20:00Z"),
					  .actor = (char *)v("Stadsdeel West"),
					  .kind = (char *)v("created"),
					  .to_value = (char *)v("opgepakt"),
					  .reason = (char *)v("Speelt in de buurt")};
	events[1] = (struct timeline_row){.id = 2, .at = (char *)v("2026-11-28T09:00:00Z"),
					  .actor = (char *)v("Stadsdeel West"),
					  .kind = (char *)v("status"),
					  .from_value = (char *)v("opgepakt"),
					  .to_value = (char *)v("afgerond: deels_opgelost")};
	events[2] = (struct timeline_row){.id = 3, .at = (char *)v("2026-11-29T09:00:00Z"),
					  .actor = (char *)v("Buurtwerk"),
					  .kind = (char *)v("level"),
					  .from_value = (char *)v("buurt"),
					  .to_value = (char *)v("wijk"),
					  .reason = (char *)v("Meer buurten")};
	kv.chain = chain_rows;
	kv.nchain = 2;
	/* the words people read are made by app/timeline.c */
	timeline_fill(&text_arena, events, 3);
	kv.history = events;
	kv.nhistory = 3;
	return kv;
}

static struct page make_page(const char *path)
{
	struct page p = {.lang = LANG_NL, .title = v("Melden"), .path = v(path),
			 .demo = 1, .feed_href = v("/m/x/feed"),
			 .feed_title = v("Wat er gebeurt")};
	return p;
}

enum page_kind { P_HOME, P_MELDEN, P_MELDEN_ERR, P_BEVESTIGING, P_SIGNAL,
		 P_ERROR, P_KWESTIE, P_AGENDA, P_COUNT };

static const char *const page_names[P_COUNT] = {
	"home", "melden", "melden-fouten", "bevestiging", "signal", "error",
	"kwestie", "agenda"};

static void render_kwestie(struct html *out, const struct page *p)
{
	struct kwestie_view kv = make_kwestie_view();
	struct kwestie_page kp = {&kv, v("Afval"), true, v("Ab3dEf"), v("a@example"),
				  email_error, 1, v("Deze kwestie is afgerond."),
				  v("Dank u."), v("/kwesties/7/feed"), NULL, 0};

	email_error[0] = (struct field_error){"email", v("Dit e-mailadres klopt niet.")};
	view_kwestie(out, p, &kp);
}

static void render_agenda(struct html *out, const struct page *p)
{
	static struct kwestie_row rows[2];
	static struct kwestie_topic_row topics[1];
	static struct agenda_area up[2], down[1];
	static const char *labels[1];
	struct agenda a = {0};
	struct agenda_page g = {&a, up, 2, down, 1, labels};

	rows[0] = make_kwestie();
	rows[1] = make_kwestie();
	topics[0] = (struct kwestie_topic_row){(char *)v("afval"), 7};
	labels[0] = v("Afval");
	up[0] = (struct agenda_area){v("GM0363"), v("Amsterdam"), v("gemeente")};
	up[1] = (struct agenda_area){v("E"), v("West"), v("stadsdeel")};
	down[0] = (struct agenda_area){v("EA01"), v("Houthavens"), v("buurt")};
	a.code = v("EA");
	a.name = v("Spaarndammer- en Zeeheldenbuurt");
	a.level = v("wijk");
	a.kwesties = rows;
	a.n = 1;
	a.above = rows + 1;
	a.nabove = 1;
	a.topics = topics;
	a.ntopics = 1;
	view_agenda(out, p, &g);
}

static void render(struct html *out, enum page_kind k)
{
	struct page p = make_page(k == P_HOME ? "/" : "/melden");
	struct melden_form f = make_form(k == P_MELDEN_ERR ? 9 : 0);
	struct signal_view s = make_signal();
	struct kwestie_view kv;

	if (k == P_MELDEN)
		f.map_point_label = NULL;
	switch (k) {
	case P_HOME: view_home(out, &p); break;
	case P_MELDEN:
	case P_MELDEN_ERR: view_melden(out, &p, &f); break;
	case P_BEVESTIGING: view_bevestiging(out, &p, &s); break;
	case P_SIGNAL:
		/* the tracking page shows the timeline as the kwestie page does */
		kv = make_kwestie_view();
		s.timeline = kv.history;
		s.ntimeline = kv.nhistory;
		view_signal(out, &p, &s);
		break;
	case P_KWESTIE: render_kwestie(out, &p); break;
	case P_AGENDA: render_agenda(out, &p); break;
	default: view_error(out, &p, 404, v("Deze pagina bestaat niet.")); break;
	}
}

static char *page(enum page_kind k, int hostile_values)
{
	struct buf b;

	evil = hostile_values;
	turn = 0;
	buf_init(&b, 0);
	render(HTML_ON(&b), k);
	assert_false(b.overflow);
	return buf_detach(&b, NULL);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void dump(const char *name, const char *html)
{
	const char *dir = getenv("WA_VIEWS_DUMP");
	char path[512];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s.html", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(html, f);
		fclose(f);
	}
}

static void assert_no_injection(const char *html)
{
	/* "onerror=" as text is harmless; what matters is that no tag and
	 * no quote comes through (the counts in test_hostile_values). */
	static const char *const bad[] = {
		"<script", "<svg", "<img", "<body on", "onmouseover=\"",
		"href=\"javascript:", "src=\"javascript:", "'",
	};

	/* the form's own script (views/suggest.c) is the one allowed */
	static const char own[] = "<script src=\"/static/suggest.js\" defer></script>";
	const char *o = strstr(html, own);
	size_t skip = o ? (size_t)(o - html) : 0;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *at = strstr(html, bad[i]);

		if (at && o && at == html + skip)
			at = strstr(o + sizeof(own) - 1, bad[i]);
		if (at) {
			fprintf(stderr, "found %s\n", bad[i]);
			fail();
		}
	}
}

static void test_hostile_values(void **state)
{
	(void)state;
	for (int k = 0; k < P_COUNT; k++) {
		char *good = page((enum page_kind)k, 0);
		char *bad = page((enum page_kind)k, 1);
		char name[64];

		dump(page_names[k], good);
		snprintf(name, sizeof(name), "%s-hostile", page_names[k]);
		dump(name, bad);
		assert_no_injection(good);
		assert_no_injection(bad);
		assert_int_equal(count(good, "<"), count(bad, "<"));
		assert_int_equal(count(good, ">"), count(bad, ">"));
		/* a hostile path is no menu item (no aria-current="page"),
		 * a hostile kind checks no radio, selects no option */
		assert_int_equal(count(good, "\"") -
					 2 * count(good, "aria-current=\"page\""),
				 count(bad, "\""));
		assert_int_equal(count(bad, "<main"), 1);
		assert_int_equal(count(bad, "</html>"), 1);
		free(good);
		free(bad);
	}
}

static void test_layout(void **state)
{
	char *html = page(P_HOME, 0);

	(void)state;
	assert_true(strncmp(html, "<!doctype html>\n<html lang=\"nl\">", 31) == 0);
	assert_non_null(strstr(html, "<title>Melden – wijkagenda</title>"));
	assert_non_null(strstr(html, "name=\"viewport\""));
	assert_non_null(strstr(html, "href=\"/static/wijkagenda.css\""));
	assert_non_null(strstr(html, "href=\"#inhoud\""));
	assert_non_null(strstr(html, "<main id=\"inhoud\""));
	assert_non_null(strstr(html, "Demo-omgeving: alle gegevens zijn verzonnen."));
	assert_non_null(strstr(html, "href=\"/?lang=en\""));
	assert_non_null(strstr(html, "href=\"/?lang=nl\" hreflang=\"nl\" "
				     "lang=\"nl\" aria-current=\"true\""));
	assert_non_null(strstr(html, "<a href=\"/\" aria-current=\"page\">"));
	assert_non_null(strstr(html, "Open source onder EUPL-1.2"));
	assert_non_null(strstr(html, "Kaartgegevens: Gemeente Amsterdam (CC BY)"));
	assert_non_null(strstr(html, "href=\"/melden\""));
	free(html);
}

/* Signed in, the header links to the own start page and has a log-out
 * button with the session's CSRF token; visitors see neither. */
static void test_layout_signed_in(void **state)
{
	struct page p = {.lang = LANG_NL, .title = "Werk", .path = "/werk",
			 .account_href = "/werk", .account_label = "Mijn werk",
			 .csrf = "tok\"<en>"};
	struct buf b;
	const char *form;

	(void)state;
	buf_init(&b, 0);
	view_begin(HTML_ON(&b), &p);
	assert_non_null(strstr(buf_str(&b),
			       "<a href=\"/werk\" aria-current=\"page\">Mijn werk</a>"));
	form = strstr(buf_str(&b), "<form class=\"wa-logout\" method=\"post\" "
				   "action=\"/logout\">");
	assert_non_null(form);
	assert_true(form < strstr(buf_str(&b), "<main"));
	assert_non_null(strstr(form, "value=\"tok&quot;&lt;en&gt;\""));
	assert_non_null(strstr(form, ">Uitloggen</button>"));
	buf_reset(&b);
	p.account_href = p.account_label = p.csrf = NULL;
	view_begin(HTML_ON(&b), &p);
	assert_null(strstr(buf_str(&b), "wa-logout"));
	assert_null(strstr(buf_str(&b), "Mijn werk"));
	buf_release(&b);
}

static void test_layout_paths(void **state)
{
	static const struct {
		const char *path, *want;
	} cases[] = {
		{"/m/Ab3?lang=nl", "href=\"/m/Ab3?lang=en\""},
		{"//evil.example/x", "href=\"/?lang=en\""},
		{"/\\evil.example", "href=\"/?lang=en\""},
		{"javascript:alert(1)", "href=\"/?lang=en\""},
		{NULL, "href=\"/?lang=en\""},
		{"", "href=\"/?lang=en\""},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct page p = {.lang = LANG_NL, .path = cases[i].path};
		struct buf b;

		buf_init(&b, 0);
		view_begin(HTML_ON(&b), &p);
		view_end(HTML_ON(&b), &p);
		assert_non_null(strstr(b.data, cases[i].want));
		assert_null(strstr(b.data, "Demo-omgeving"));
		assert_non_null(strstr(b.data, "<title>wijkagenda</title>"));
		buf_release(&b);
	}
}

static void test_form(void **state)
{
	char *html = page(P_MELDEN, 0);

	(void)state;
	assert_non_null(strstr(html, "<form class=\"wa-form\" method=\"post\" "
				     "action=\"/melden\""));
	assert_null(strstr(html, "role=\"alert\""));
	assert_null(strstr(html, "aria-invalid"));
	assert_non_null(strstr(html, "value=\"vraag\" checked"));
	assert_non_null(strstr(html, "<optgroup label=\"Centrum\">"));
	assert_non_null(strstr(html, "<option value=\"AA02\" selected>"));
	assert_non_null(strstr(html, "<option value=\"\">Weet ik niet</option>"));
	assert_non_null(strstr(html, "<option value=\"\">Zeg ik liever niet"));
	assert_non_null(strstr(html, "type=\"email\" id=\"f-email\" "
				     "name=\"email\" autocomplete=\"email\""));
	assert_non_null(strstr(html, "type=\"tel\" id=\"f-phone\""));
	assert_non_null(strstr(html, "autocomplete=\"tel\""));
	assert_non_null(strstr(html, "type=\"image\""));
	assert_non_null(strstr(html, "src=\"/kaart.svg\""));
	assert_non_null(strstr(html, "width=\"800\" height=\"532\""));
	assert_non_null(strstr(html, "<details class=\"wa-details\" open>"));
	assert_non_null(strstr(html, "Coördinaten invoeren"));
	assert_non_null(strstr(html, "2000"));
	assert_non_null(strstr(html, ">Versturen</button>"));
	assert_null(strstr(html, "style="));
	/* one script: the category suggestion's, an addition (the form works
	 * without it) */
	assert_int_equal(count(html, "<script"), 1);
	assert_non_null(strstr(html, "<script src=\"/static/suggest.js\" defer></script>"));
	/* every control has a label */
	assert_int_equal(count(html, "<label"),
			 count(html, "<input") - 1 /* the map has alt */ +
				 count(html, "<textarea") +
				 count(html, "<select"));
	free(html);
}

static void test_form_errors(void **state)
{
	char *html = page(P_MELDEN_ERR, 0);

	(void)state;
	assert_non_null(strstr(html, "<title>Fout: Melden – wijkagenda</title>"));
	assert_non_null(strstr(html, "role=\"alert\""));
	assert_non_null(strstr(html, "<a href=\"#f-text\">Uw bericht: "
				     "is verplicht</a>"));
	assert_non_null(strstr(html, "<a href=\"#f-email\">E-mailadres: "));
	/* the summary follows the page: category comes before email there,
	 * though after it in the list of errors */
	assert_true(strstr(html, "href=\"#f-category\"") <
		    strstr(html, "href=\"#f-email\""));
	assert_true(strstr(html, "href=\"#f-kind\"") <
		    strstr(html, "href=\"#f-text\""));
	assert_non_null(strstr(html, "id=\"f-text\" name=\"text\" "
				     "aria-describedby=\"f-text-error "
				     "f-text-hint\" aria-invalid=\"true\""));
	assert_non_null(strstr(html, "id=\"f-text-error\""));
	assert_non_null(strstr(html, "id=\"f-email\" name=\"email\" "
				     "aria-describedby=\"f-email-error\" "
				     "aria-invalid=\"true\""));
	assert_non_null(strstr(html, "id=\"f-kind\" name=\"kind\" "
				     "value=\"melding\" aria-invalid=\"true\""));
	assert_non_null(strstr(html, "wa-field--error"));
	/* a lat/lon error shows the coordinate fields, not the hidden ones */
	assert_null(strstr(html, "type=\"hidden\""));
	assert_non_null(strstr(html, "id=\"f-lat\""));
	assert_int_equal(count(html, "aria-invalid=\"true\""), 3 + 8);
	free(html);
}

static void test_form_point(void **state)
{
	struct page p = {.lang = LANG_NL, .title = "Melden", .path = "/melden"};
	struct melden_form f;
	struct buf b;

	(void)state;
	evil = 0;
	f = make_form(0);
	buf_init(&b, 0);
	view_melden(HTML_ON(&b), &p, &f);
	assert_non_null(strstr(b.data, "<input type=\"hidden\" name=\"lat\" "
				       "value=\"52.37\">"));
	assert_non_null(strstr(b.data, "<input type=\"hidden\" name=\"lon\" "
				       "value=\"4.89\">"));
	assert_non_null(strstr(b.data, "52.37, 4.89 (Burgwallen-Oost)"));
	assert_null(strstr(b.data, "<details"));
	/* no kind given: a report is preselected */
	f.kind = NULL;
	buf_reset(&b);
	view_melden(HTML_ON(&b), &p, &f);
	assert_non_null(strstr(b.data, "value=\"melding\" checked"));
	buf_release(&b);
}

static void test_signal(void **state)
{
	char *html = page(P_SIGNAL, 0);
	struct page p = {.lang = LANG_NL, .title = "x", .path = "/m/x"};
	struct signal_view s = {.kind = "idee", .status = "in_behandeling",
				.created_at = "gisteren"};
	struct buf b;

	(void)state;
	assert_non_null(strstr(html, "Ontvangen"));
	assert_non_null(strstr(html, "27 november 2026, 18:20"));
	assert_non_null(strstr(html, "<dd>Planciusbuurt-Noord</dd>"));
	assert_non_null(strstr(html, "<dd>Amsterdam</dd>"));
	assert_non_null(strstr(html, "<h1>Melding</h1>"));
	free(html);
	buf_init(&b, 0);
	view_signal(HTML_ON(&b), &p, &s);
	assert_non_null(strstr(b.data, "Nog geen categorie"));
	assert_non_null(strstr(b.data, "<strong>in_behandeling</strong>"));
	assert_non_null(strstr(b.data, "<dd>gisteren</dd>"));
	assert_non_null(strstr(b.data, "<h1>Idee</h1>"));
	assert_null(strstr(b.data, "<dt>Wijk</dt>"));
	buf_release(&b);
}

static void test_bevestiging(void **state)
{
	char *html = page(P_BEVESTIGING, 0);
	char *bad = page(P_BEVESTIGING, 1);

	(void)state;
	assert_non_null(strstr(html, "Bedankt, uw melding is ontvangen"));
	assert_non_null(strstr(html, "<a href=\"/m/Ab3dEf\">https://"
				     "wijkagenda.example/m/Ab3dEf</a>"));
	assert_non_null(strstr(html, "stadsdeel Centrum bekijkt"));
	assert_null(strstr(bad, "href=\"javascript"));
	free(html);
	free(bad);
}

static void test_kwestie(void **state)
{
	char *html = page(P_KWESTIE, 0);

	(void)state;
	assert_non_null(strstr(html, "<h1>Grofvuil bij de containers</h1>"));
	/* closed never silently means solved: the outcome is there */
	assert_non_null(strstr(html, "<strong>Afgerond</strong>"));
	assert_non_null(strstr(html, "<strong>Deels opgelost</strong>"));
	assert_non_null(strstr(html, "Status: Opgepakt → Afgerond (Deels opgelost)"));
	assert_non_null(strstr(html, "Niveau: Buurt → Wijk"));
	/* the pointer to the kwestie it was merged into */
	assert_non_null(strstr(html, "<a href=\"/kwesties/14\">Naar die kwestie</a>"));
	assert_non_null(strstr(html, "<a href=\"/agenda/EA01\">Houthavens</a> (Buurt)"));
	assert_non_null(strstr(html, "<a href=\"/sociale-kaart/organisaties/9\">"
				     "Buurtwerk</a>: Uitvoerder"));
	assert_non_null(strstr(html, "action=\"/kwesties/12/steun\""));
	assert_non_null(strstr(html, "aria-invalid=\"true\""));
	assert_non_null(strstr(html, "href=\"#f-email\""));
	assert_non_null(strstr(html, "role=\"status\""));
	assert_non_null(strstr(html, "role=\"alert\">Deze kwestie is afgerond."));
	free(html);
}

static void test_agenda(void **state)
{
	char *html = page(P_AGENDA, 0);

	(void)state;
	assert_non_null(strstr(html, "<h1>Spaarndammer- en Zeeheldenbuurt</h1>"));
	assert_non_null(strstr(html, "Bewonersagenda van Spaarndammer- en "
				     "Zeeheldenbuurt (Wijk)"));
	assert_non_null(strstr(html, "<li>Afval speelt in 7 buurten</li>"));
	assert_non_null(strstr(html, "<h2>Speelt ook op een hoger niveau</h2>"));
	assert_non_null(strstr(html, "<a href=\"/agenda/GM0363\">Amsterdam</a> "
				     "(Gemeente)"));
	assert_non_null(strstr(html, "<a href=\"/agenda/EA01\">Houthavens</a> (Buurt)"));
	assert_non_null(strstr(html, "<h3><a href=\"/kwesties/12\">"));
	assert_non_null(strstr(html, "<dt>Regisseur</dt>\n<dd>Stadsdeel West</dd>"));
	assert_non_null(strstr(html, "<dt>Bewoners betrokken</dt>\n<dd>5</dd>"));
	free(html);
}

static void test_error_page(void **state)
{
	struct page p = {.lang = LANG_NL, .title = "Fout", .path = "/x"};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	view_error(HTML_ON(&b), &p, 404, "Deze pagina bestaat niet (meer).");
	assert_non_null(strstr(b.data, "<h1>Pagina niet gevonden</h1>"));
	assert_non_null(strstr(b.data, "Deze pagina bestaat niet (meer)."));
	assert_non_null(strstr(b.data, "Foutcode: 404"));
	buf_reset(&b);
	view_error(HTML_ON(&b), &p, 500, NULL);
	assert_non_null(strstr(b.data, "Er ging bij ons iets mis"));
	buf_release(&b);
}

static void assert_time(const char *iso, const char *want)
{
	char out[64];

	assert_int_equal(describe_time(out, sizeof(out), iso), want ? 0 : -1);
	assert_string_equal(out, want ? want : "");
}

/* The one parser of stored moments (domain/describe.c): seconds kept,
 * offsets applied, anything else refused. */
static void test_moments(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(describe_moment("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(describe_moment("2026-12-04T13:40:07.123Z", &t), 0);
	assert_int_equal(t, 1796391607);
	assert_int_equal(describe_moment("2026-12-04T14:40:07+01:00", &t), 0);
	assert_int_equal(t, 1796391607);
	assert_int_equal(describe_moment("2026-12-04 13:40", &t), 0);
	assert_int_equal(t, 1796391600);
	assert_int_equal(describe_moment("1969-12-31T23:59:59Z", &t), 0);
	assert_int_equal(t, -1);
	assert_int_equal(describe_moment("2016-12-31T23:59:60Z", &t), 0);
	assert_int_equal(t, 1483228799); /* a leap second: its minute's last */
	assert_int_equal(describe_moment("2026-02-29T10:00:00Z", &t), -1);
	assert_int_equal(describe_moment("2026-12-04T24:00:00Z", &t), -1);
	assert_int_equal(describe_moment("2026-12-04T13:40:61Z", &t), -1);
	assert_int_equal(describe_moment("2026-12-04T13:40:00Zx", &t), -1);
	assert_int_equal(describe_moment("2026-12-04", &t), -1);
	assert_int_equal(describe_moment(NULL, &t), -1);
}

static void test_dates(void **state)
{
	(void)state;
	assert_time("2026-11-27T17:20:00Z", "27 november 2026, 18:20");
	assert_time("2026-11-27 17:20:00", "27 november 2026, 18:20");
	assert_time("2026-11-27T17:20:00.123456Z", "27 november 2026, 18:20");
	assert_time("2026-11-27T18:20:00+01:00", "27 november 2026, 18:20");
	assert_time("2026-11-27T12:20-0500", "27 november 2026, 18:20");
	assert_time("2026-07-01T10:00:00Z", "1 juli 2026, 12:00");
	/* summer time 2026: 29 March 01:00 UTC to 25 October 01:00 UTC */
	assert_time("2026-03-29T00:59:00Z", "29 maart 2026, 01:59");
	assert_time("2026-03-29T01:00:00Z", "29 maart 2026, 03:00");
	assert_time("2026-10-25T00:59:00Z", "25 oktober 2026, 02:59");
	assert_time("2026-10-25T01:00:00Z", "25 oktober 2026, 02:00");
	assert_time("2026-12-31T23:30:00Z", "1 januari 2027, 00:30");
	assert_time("2028-02-29T12:00:00Z", "29 februari 2028, 13:00");
	assert_time("1969-12-31T23:00:00Z", "1 januari 1970, 00:00");
	assert_time("2026-02-29T12:00:00Z", NULL);
	assert_time("2026-13-01T12:00:00Z", NULL);
	assert_time("2026-11-27T24:00:00Z", NULL);
	assert_time("2026-11-27T17:20:00Zjunk", NULL);
	assert_time("2026-11-27", NULL);
	assert_time("<script>", NULL);
	assert_time("", NULL);
	assert_time(NULL, NULL);
}

static void test_english(void **state)
{
	int rc = i18n_init(NULL);
	struct page p = {.lang = LANG_EN, .title = "Home", .path = "/"};
	struct buf b;
	int have_mo = 0;

	(void)state;
#ifdef LOCALEDIR
	have_mo = access(LOCALEDIR "/en/LC_MESSAGES/wijkagenda.mo", R_OK) == 0;
#endif
	i18n_use(LANG_EN);
	buf_init(&b, 0);
	view_home(HTML_ON(&b), &p);
	assert_non_null(strstr(b.data, "<html lang=\"en\">"));
	assert_non_null(strstr(b.data, "aria-current=\"true\">English</a>"));
	if (rc != 0 || !have_mo) {
		fprintf(stderr, "skip: English catalogue or locale missing "
				"(make build/locale/en/LC_MESSAGES/"
				"wijkagenda.mo); checked the Dutch fallback\n");
		assert_non_null(strstr(b.data, "Melding maken"));
	} else {
		assert_non_null(strstr(b.data, "Make a report"));
		assert_null(strstr(b.data, "Melding maken"));
		dump("home-en", b.data);
		buf_reset(&b);
		view_signal(HTML_ON(&b), &p, &(struct signal_view){
			.kind = "vraag", .status = "gemeld",
			.created_at = "2026-11-27T17:20:00Z"});
		assert_non_null(strstr(b.data, "27 November 2026, 18:20"));
		assert_non_null(strstr(b.data, "Received"));
		buf_reset(&b);
		evil = 0;
		{
			struct melden_form f = make_form(2);

			view_melden(HTML_ON(&b), &p, &f);
		}
		assert_non_null(strstr(b.data, "Email address (optional)"));
		assert_non_null(strstr(b.data, "<title>Error: Home – wijkagenda"));
		assert_non_null(strstr(b.data, "Your message: is verplicht"));
		dump("melden-en", b.data);
	}
	i18n_use(LANG_NL);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_values),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_layout_paths),
		cmocka_unit_test(test_layout_signed_in),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_form_errors),
		cmocka_unit_test(test_form_point),
		cmocka_unit_test(test_signal),
		cmocka_unit_test(test_bevestiging),
		cmocka_unit_test(test_kwestie),
		cmocka_unit_test(test_agenda),
		cmocka_unit_test(test_error_page),
		cmocka_unit_test(test_moments),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_english),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
