/* test_kwestie: the rules of a kwestie's life (domain/kwestie.c), each
 * one refused with the field it names and, next to it, the nearest case
 * that is allowed (so a rule that refused everything would fail too):
 * the fields of a new kwestie, closing and its outcome, dubbel and its
 * other kwestie, doorgezet and to whom, geparkeerd with a reason and a
 * date in the future (and the calendar of kw_date_valid), the level
 * against the area's and its reason, no way back to nieuw, reopening,
 * the one regisseur, the chain's own rules and the text limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/arena.h"
#include "domain/kwestie.h"

#define TODAY "2026-12-04"

static struct arena ar;

/* A kwestie taken up in a buurt, tackled at buurt level. */
static struct kw_state taken_up(void)
{
	struct kw_state s = kw_state_new(AREA_BUURT);

	s.id = 7;
	s.title = "Losse stoeptegels";
	s.description = "Op de hoek liggen tegels los.";
	s.level = KW_BUURT;
	s.level_reason = "Speelt in één straat.";
	s.status = KS_OPGEPAKT;
	s.nregisseurs = 1;
	return s;
}

static struct kw_state closed(int outcome)
{
	struct kw_state s = taken_up();

	s.status = KS_AFGEROND;
	s.outcome = outcome;
	return s;
}

static struct kw_change none(void)
{
	struct kw_change c;

	memset(&c, 0, sizeof(c));
	return c;
}

static bool named(const struct field_errors *e, const char *field)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->e[i].field, field) == 0)
			return true;
	return false;
}

/* The change is refused and names field. */
static void refused(const struct kw_state *cur, const struct kw_change *ch,
		    const char *field)
{
	struct field_errors errs = {0};
	struct kw_state next;

	assert_false(kwestie_apply(&ar, cur, ch, TODAY, &next, &errs));
	if (!named(&errs, field))
		fail_msg("expected an error on %s, got %zu (first %s: %s)", field,
			 errs.n, errs.n ? errs.e[0].field : "-",
			 errs.n ? errs.e[0].msgid : "-");
	assert_non_null(errs.e[0].msgid);
}

/* The change is allowed; the state it leads to. */
static struct kw_state allowed(const struct kw_state *cur, const struct kw_change *ch)
{
	struct field_errors errs = {0};
	struct kw_state next;

	if (!kwestie_apply(&ar, cur, ch, TODAY, &next, &errs))
		fail_msg("refused: %s: %s", errs.e[0].field, errs.e[0].msgid);
	assert_int_equal(errs.n, 0);
	return next;
}

static struct kw_change new_one(void)
{
	struct kw_change c = none();

	c.title = "Grofvuil bij de containers";
	c.description = "Bewoners melden grofvuil naast de containers.";
	c.level = "buurt";
	c.level_reason = "Speelt in één straat.";
	return c;
}

static void test_new_needs_its_fields(void **state)
{
	struct kw_state blank = kw_state_new(AREA_BUURT), n;
	struct kw_change c = new_one();
	const char *fields[] = {"title", "description", "level", "level_reason"};

	(void)state;
	n = allowed(&blank, &c);
	assert_int_equal(n.status, KS_NIEUW);
	assert_int_equal(n.level, KW_BUURT);
	assert_string_equal(n.title, "Grofvuil bij de containers");
	for (size_t i = 0; i < 4; i++) {
		c = new_one();
		if (i == 0)
			c.title = NULL;
		else if (i == 1)
			c.description = NULL;
		else if (i == 2)
			c.level = NULL;
		else
			c.level_reason = NULL;
		refused(&blank, &c, fields[i]);
	}
	/* trimmed and kept */
	c = new_one();
	c.title = "  Grofvuil  ";
	n = allowed(&blank, &c);
	assert_string_equal(n.title, "Grofvuil");
}

static void test_new_status_nieuw_or_opgepakt(void **state)
{
	struct kw_state blank = kw_state_new(AREA_BUURT), n;
	struct kw_change c = new_one();

	(void)state;
	c.status = "opgepakt";
	refused(&blank, &c, "chain"); /* no regisseur */
	blank.nregisseurs = 1;
	n = allowed(&blank, &c);
	assert_int_equal(n.status, KS_OPGEPAKT);
	c.status = "in_uitvoering";
	refused(&blank, &c, "status");
	c.status = "afgerond";
	c.outcome = "opgelost";
	refused(&blank, &c, "status");
	c.outcome = NULL;
	c.status = "klaar";
	refused(&blank, &c, "status");
}

static void test_closing_needs_an_outcome(void **state)
{
	struct kw_state cur = taken_up(), n;
	struct kw_change c = none();

	(void)state;
	c.status = "afgerond";
	refused(&cur, &c, "outcome");
	c.outcome = "";
	refused(&cur, &c, "outcome");
	c.outcome = "verholpen";
	refused(&cur, &c, "outcome");
	for (int o = KO_OPGELOST; o < KO_DUBBEL; o++) {
		c.outcome = kw_outcomes[o].value;
		n = allowed(&cur, &c);
		assert_int_equal(n.status, KS_AFGEROND);
		assert_int_equal(n.outcome, o);
	}
}

static void test_outcome_only_when_closing(void **state)
{
	struct kw_state cur = taken_up(), n;
	struct kw_change c = none();

	(void)state;
	c.outcome = "opgelost";
	refused(&cur, &c, "outcome");
	c.status = "in_uitvoering";
	refused(&cur, &c, "outcome");
	/* an empty outcome with an open status is no outcome */
	c.outcome = "";
	n = allowed(&cur, &c);
	assert_int_equal(n.outcome, KO_NONE);
	/* a closed one changes its outcome without a status */
	cur = closed(KO_OPGELOST);
	c = none();
	c.outcome = "deels_opgelost";
	n = allowed(&cur, &c);
	assert_int_equal(n.outcome, KO_DEELS_OPGELOST);
	c.outcome = "";
	refused(&cur, &c, "outcome");
}

static void test_dubbel_names_another(void **state)
{
	struct kw_state cur = taken_up(), n;
	struct kw_change c = none();

	(void)state;
	c.status = "afgerond";
	c.outcome = "dubbel";
	refused(&cur, &c, "duplicate_of");
	c.has_duplicate_of = true;
	c.duplicate_of = cur.id;
	refused(&cur, &c, "duplicate_of");
	c.duplicate_of = 9;
	n = allowed(&cur, &c);
	assert_int_equal(n.outcome, KO_DUBBEL);
	assert_int_equal(n.duplicate_of, 9);
	/* another outcome naming another kwestie: that is no dubbel */
	c.outcome = "opgelost";
	refused(&cur, &c, "duplicate_of");
	c.has_duplicate_of = false;
	n = allowed(&cur, &c);
	assert_int_equal(n.duplicate_of, 0);
	/* reopening drops it too */
	cur = closed(KO_DUBBEL);
	cur.duplicate_of = 9;
	c = none();
	c.status = "opgepakt";
	n = allowed(&cur, &c);
	assert_int_equal(n.outcome, KO_NONE);
	assert_int_equal(n.duplicate_of, 0);
}

static void test_doorgezet_names_where(void **state)
{
	struct kw_state cur = taken_up(), n;
	struct kw_change c = none();

	(void)state;
	c.status = "doorgezet";
	refused(&cur, &c, "forwarded_to");
	c.forwarded_to = " ";
	refused(&cur, &c, "forwarded_to");
	c.forwarded_to = "x";
	refused(&cur, &c, "forwarded_to");
	c.forwarded_to = "Gemeente, afdeling Riolering";
	n = allowed(&cur, &c);
	assert_int_equal(n.status, KS_DOORGEZET);
	assert_string_equal(n.forwarded_to, "Gemeente, afdeling Riolering");
	/* leaving doorgezet forgets where to */
	cur = n;
	c = none();
	c.status = "in_uitvoering";
	n = allowed(&cur, &c);
	assert_null(n.forwarded_to);
}

static void test_geparkeerd_reason_and_future_date(void **state)
{
	struct kw_state cur = taken_up(), n;
	struct kw_change c = none();

	(void)state;
	c.status = "geparkeerd";
	c.park_until = "2027-01-15";
	refused(&cur, &c, "park_reason");
	c.park_reason = "Wacht op de begroting.";
	c.park_until = NULL;
	refused(&cur, &c, "park_until");
	c.park_until = "15-01-2027";
	refused(&cur, &c, "park_until");
	c.park_until = "2027-02-30";
	refused(&cur, &c, "park_until");
	c.park_until = TODAY; /* today is not the future */
	refused(&cur, &c, "park_until");
	c.park_until = "2026-12-03";
	refused(&cur, &c, "park_until");
	c.park_until = "2026-12-05";
	n = allowed(&cur, &c);
	assert_int_equal(n.status, KS_GEPARKEERD);
	assert_string_equal(n.park_until, "2026-12-05");
	assert_string_equal(n.park_reason, "Wacht op de begroting.");
	/* leaving geparkeerd forgets both */
	cur = n;
	c = none();
	c.status = "opgepakt";
	n = allowed(&cur, &c);
	assert_null(n.park_until);
	assert_null(n.park_reason);
}

/* What belongs to a status is refused with another one, not dropped
 * without a word (the answer would say it was taken). */
static void test_fields_need_their_status(void **state)
{
	struct kw_state cur = taken_up(), n;
	struct kw_change c = none();

	(void)state;
	c.forwarded_to = "Waternet";
	refused(&cur, &c, "forwarded_to");
	c.status = "in_uitvoering";
	refused(&cur, &c, "forwarded_to");
	c = none();
	c.park_until = "2027-01-01";
	refused(&cur, &c, "park_until");
	c.park_until = "2020-01-01"; /* a past date is no more welcome */
	refused(&cur, &c, "park_until");
	c = none();
	c.park_reason = "Wacht op de begroting.";
	refused(&cur, &c, "park_reason");
	c = none();
	c.has_duplicate_of = true;
	c.duplicate_of = 9;
	refused(&cur, &c, "duplicate_of");
	/* with their status: fine, also changed later on their own */
	cur.status = KS_DOORGEZET;
	cur.forwarded_to = "Waternet";
	c = none();
	c.forwarded_to = "Gemeente, afdeling Riolering";
	n = allowed(&cur, &c);
	assert_string_equal(n.forwarded_to, "Gemeente, afdeling Riolering");
	cur = taken_up();
	cur.status = KS_GEPARKEERD;
	cur.park_until = "2027-01-01";
	cur.park_reason = "Wacht.";
	c = none();
	c.park_until = "2027-02-01";
	n = allowed(&cur, &c);
	assert_string_equal(n.park_until, "2027-02-01");
	/* leaving the status while naming its field: refused */
	c.status = "opgepakt";
	refused(&cur, &c, "park_until");
}

static void test_date_valid(void **state)
{
	static const char *const good[] = {
		"2026-12-04", "2000-02-29", "2028-02-29", "2400-02-29",
		"2026-01-31", "2026-04-30", "2026-12-31", "2999-12-31"};
	static const char *const bad[] = {
		"2027-02-29", "2100-02-29", "1900-02-29", "2026-02-30",
		"2026-04-31", "2026-06-31", "2026-13-01", "2026-00-10",
		"2026-01-00", "2026-01-32", "1999-12-31", "2026-1-01",
		"2026-01-1",  "26-01-2026", "2026/01/01", "2026-01-01 ",
		" 2026-01-01", "2026-01-01T00:00", "20260101", "2026-0a-01",
		"+026-01-01", "",	    "2026-01-\xef\xbc\x91", "3000-01-01",
		"9999-12-31"};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!kw_date_valid(good[i]))
			fail_msg("%s should be valid", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (kw_date_valid(bad[i]))
			fail_msg("%s should not be valid", bad[i]);
	assert_false(kw_date_valid(NULL));
}

static void test_level_not_below_area(void **state)
{
	struct kw_state blank = kw_state_new(AREA_WIJK), n;
	struct kw_change c = new_one();

	(void)state;
	refused(&blank, &c, "level"); /* buurt below a wijk */
	c.level = "wijk";
	n = allowed(&blank, &c);
	assert_int_equal(n.level, KW_WIJK);
	c.level = "rijk";
	n = allowed(&blank, &c);
	assert_int_equal(n.level, KW_RIJK);
	c.level = "dorp";
	refused(&blank, &c, "level");
	c.level = "Wijk";
	refused(&blank, &c, "level");
	/* the city itself: gemeente, regio or rijk */
	blank = kw_state_new(AREA_GEMEENTE);
	c.level = "stadsdeel";
	refused(&blank, &c, "level");
	c.level = "gemeente";
	allowed(&blank, &c);
	c.level = "regio";
	allowed(&blank, &c);
	/* an existing one moved below its area */
	blank = taken_up();
	blank.area_level = AREA_STADSDEEL;
	blank.level = KW_STADSDEEL;
	c = none();
	c.level = "gebied";
	c.level_reason = "Toch kleiner.";
	refused(&blank, &c, "level");
}

static void test_level_change_needs_reason(void **state)
{
	struct kw_state cur = taken_up(), n;
	struct kw_change c = none();

	(void)state;
	c.level = "stadsdeel";
	refused(&cur, &c, "level_reason");
	c.level_reason = "   ";
	refused(&cur, &c, "level_reason");
	c.level_reason = "Speelt in het hele stadsdeel.";
	n = allowed(&cur, &c);
	assert_int_equal(n.level, KW_STADSDEEL);
	assert_string_equal(n.level_reason, "Speelt in het hele stadsdeel.");
	/* back down needs one too */
	cur = n;
	c = none();
	c.level = "buurt";
	refused(&cur, &c, "level_reason");
	/* the same level again needs none */
	c.level = "stadsdeel";
	n = allowed(&cur, &c);
	assert_int_equal(n.level, KW_STADSDEEL);
}

static void test_never_back_to_nieuw(void **state)
{
	struct kw_state cur;
	struct kw_change c = none();
	int from[] = {KS_OPGEPAKT, KS_IN_UITVOERING, KS_DOORGEZET, KS_GEPARKEERD,
		      KS_AFGEROND};

	(void)state;
	c.status = "nieuw";
	for (size_t i = 0; i < sizeof(from) / sizeof(from[0]); i++) {
		cur = from[i] == KS_AFGEROND ? closed(KO_OPGELOST) : taken_up();
		cur.status = from[i];
		if (from[i] == KS_DOORGEZET)
			cur.forwarded_to = "Waternet";
		if (from[i] == KS_GEPARKEERD) {
			cur.park_until = "2027-01-01";
			cur.park_reason = "Wacht.";
		}
		refused(&cur, &c, "status");
	}
	/* nieuw stays nieuw (no regisseur needed) */
	cur = taken_up();
	cur.status = KS_NIEUW;
	cur.nregisseurs = 0;
	c.title = "Nieuwe titel";
	allowed(&cur, &c);
}

static void test_reopen_only_to_work(void **state)
{
	struct kw_state cur = closed(KO_OPGELOST), n;
	struct kw_change c = none();

	(void)state;
	c.status = "opgepakt";
	n = allowed(&cur, &c);
	assert_int_equal(n.status, KS_OPGEPAKT);
	assert_int_equal(n.outcome, KO_NONE);
	c.status = "in_uitvoering";
	n = allowed(&cur, &c);
	assert_int_equal(n.status, KS_IN_UITVOERING);
	c.status = "doorgezet";
	c.forwarded_to = "Waternet";
	refused(&cur, &c, "status");
	c = none();
	c.status = "geparkeerd";
	c.park_until = "2027-01-01";
	c.park_reason = "Wacht op de begroting.";
	refused(&cur, &c, "status");
}

static void test_taking_up_needs_one_regisseur(void **state)
{
	struct kw_state cur = taken_up();
	struct kw_change c = none();
	int to[] = {KS_OPGEPAKT, KS_IN_UITVOERING};

	(void)state;
	cur.status = KS_NIEUW;
	for (size_t i = 0; i < 2; i++) {
		c.status = kw_statuses[to[i]].value;
		cur.nregisseurs = 0;
		refused(&cur, &c, "chain");
		cur.nregisseurs = 2;
		refused(&cur, &c, "chain");
		cur.nregisseurs = 1;
		allowed(&cur, &c);
	}
	/* a taken-up one that lost its regisseur cannot change either */
	cur = taken_up();
	cur.nregisseurs = 0;
	c = none();
	c.title = "Andere titel";
	refused(&cur, &c, "chain");
}

static void test_urgency_and_unknown_values(void **state)
{
	struct kw_state cur = taken_up(), n;
	struct kw_change c = none();

	(void)state;
	c.has_urgency = true;
	c.urgency = 3;
	refused(&cur, &c, "urgency");
	c.urgency = -1;
	refused(&cur, &c, "urgency");
	c.urgency = 2;
	n = allowed(&cur, &c);
	assert_int_equal(n.urgency, 2);
	assert_true(kw_state_differs(&cur, &n));
	c = none();
	c.status = "Opgepakt";
	refused(&cur, &c, "status");
	c.status = "";
	refused(&cur, &c, "status");
	/* nothing asked: nothing differs */
	c = none();
	n = allowed(&cur, &c);
	assert_false(kw_state_differs(&cur, &n));
}

/* A string of n copies of the UTF-8 character ch. */
static const char *times(const char *ch, size_t n)
{
	size_t len = strlen(ch);
	char *s = arena_alloc(&ar, n * len + 1);

	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, ch, len);
	s[n * len] = '\0';
	return s;
}

static void test_text_limits(void **state)
{
	struct kw_state cur = taken_up();
	struct kw_change c = none();

	(void)state;
	c.title = "ab";
	refused(&cur, &c, "title");
	c.title = "abc";
	allowed(&cur, &c);
	c.title = times("é", KW_TITLE_MAX);
	allowed(&cur, &c);
	c.title = times("é", KW_TITLE_MAX + 1);
	refused(&cur, &c, "title");
	c.title = "Twee\nregels";
	refused(&cur, &c, "title");
	c.title = "Met\001teken";
	refused(&cur, &c, "title");
	c.title = "\xff\xfe kapot";
	refused(&cur, &c, "title");
	c = none();
	c.description = "Twee\nregels mag.";
	allowed(&cur, &c);
	c.description = times("x", KW_DESCRIPTION_MAX);
	allowed(&cur, &c);
	c.description = times("x", KW_DESCRIPTION_MAX + 1);
	refused(&cur, &c, "description");
	c = none();
	c.level = "wijk";
	c.level_reason = times("r", KW_REASON_MAX);
	allowed(&cur, &c);
	c.level_reason = times("r", KW_REASON_MAX + 1);
	refused(&cur, &c, "level_reason");
	c = none();
	c.status = "doorgezet";
	c.forwarded_to = times("w", KW_FORWARDED_MAX);
	allowed(&cur, &c);
	c.forwarded_to = times("w", KW_FORWARDED_MAX + 1);
	refused(&cur, &c, "forwarded_to");
	c = none();
	c.status = "geparkeerd";
	c.park_until = "2027-01-01";
	c.park_reason = times("p", KW_REASON_MAX);
	allowed(&cur, &c);
	c.park_reason = times("p", KW_REASON_MAX + 1);
	refused(&cur, &c, "park_reason");
}

/* --- the chain ---------------------------------------------------------- */

static bool chain_ok(const struct kw_link *l, size_t n, int status)
{
	struct field_errors errs = {0};
	bool ok = kwestie_chain_check(l, n, status, &errs);

	assert_int_equal(ok, errs.n == 0);
	if (!ok)
		assert_string_equal(errs.e[0].field, "chain");
	return ok;
}

static void test_chain(void **state)
{
	struct kw_link l[KW_CHAIN_MAX + 1];

	(void)state;
	assert_true(chain_ok(NULL, 0, KS_NIEUW));
	assert_false(chain_ok(NULL, 0, KS_OPGEPAKT));
	l[0] = (struct kw_link){11, KR_UITVOERDER};
	l[1] = (struct kw_link){12, KR_FINANCIER};
	assert_true(chain_ok(l, 2, KS_NIEUW));	     /* no regisseur yet */
	assert_false(chain_ok(l, 2, KS_IN_UITVOERING)); /* taken up: one */
	l[1].role = KR_REGISSEUR;
	assert_true(chain_ok(l, 2, KS_IN_UITVOERING));
	assert_int_equal(kw_chain_regisseurs(l, 2), 1);
	/* two regisseurs: never, not even while nieuw */
	l[0].role = KR_REGISSEUR;
	assert_int_equal(kw_chain_regisseurs(l, 2), 2);
	assert_false(chain_ok(l, 2, KS_NIEUW));
	assert_false(chain_ok(l, 2, KS_OPGEPAKT));
	/* an organisation twice, whatever the roles */
	l[0] = (struct kw_link){12, KR_BETROKKEN};
	assert_false(chain_ok(l, 2, KS_OPGEPAKT));
	assert_false(chain_ok(l, 2, KS_NIEUW));
	/* a link without an organisation or with an unknown role */
	l[0] = (struct kw_link){0, KR_BETROKKEN};
	assert_false(chain_ok(l, 2, KS_OPGEPAKT));
	l[0] = (struct kw_link){-3, KR_BETROKKEN};
	assert_false(chain_ok(l, 2, KS_OPGEPAKT));
	l[0] = (struct kw_link){11, -1};
	assert_false(chain_ok(l, 2, KS_OPGEPAKT));
	l[0] = (struct kw_link){11, KR_ROLES};
	assert_false(chain_ok(l, 2, KS_OPGEPAKT));
	/* the limit */
	for (int i = 0; i <= KW_CHAIN_MAX; i++)
		l[i] = (struct kw_link){100 + i, i ? KR_BETROKKEN : KR_REGISSEUR};
	assert_true(chain_ok(l, KW_CHAIN_MAX, KS_OPGEPAKT));
	assert_false(chain_ok(l, KW_CHAIN_MAX + 1, KS_OPGEPAKT));
}

static void test_tables_and_parsers(void **state)
{
	(void)state;
	for (int i = 0; i < KW_LEVELS; i++)
		assert_int_equal(kw_level_parse(kw_levels[i].value), i);
	for (int i = 0; i < KS_STATUSES; i++)
		assert_int_equal(kw_status_parse(kw_statuses[i].value), i);
	for (int i = 1; i < KO_OUTCOMES; i++)
		assert_int_equal(kw_outcome_parse(kw_outcomes[i].value), i);
	for (int i = 0; i < KR_ROLES; i++)
		assert_int_equal(kw_role_parse(kw_roles[i].value), i);
	assert_int_equal(kw_outcome_parse(""), -1);
	assert_int_equal(kw_outcome_parse(NULL), -1);
	assert_int_equal(kw_role_parse("Regisseur"), -1);
	assert_int_equal(kw_level_of_area(AREA_BUURT), KW_BUURT);
	assert_int_equal(kw_level_of_area(AREA_STADSDEEL), KW_STADSDEEL);
	assert_int_equal(kw_level_of_area(AREA_GEMEENTE), KW_GEMEENTE);
	assert_string_equal(kw_signal_status(-1), "gemeld");
	assert_string_equal(kw_signal_status(KS_STATUSES), "gemeld");
	assert_string_equal(kw_signal_status(KS_IN_UITVOERING), "in_uitvoering");
}

static void test_reason_check(void **state)
{
	const char *out;

	(void)state;
	assert_non_null(kw_reason_check(&ar, NULL, &out));
	assert_non_null(kw_reason_check(&ar, "ja", &out));
	assert_non_null(kw_reason_check(&ar, times("r", KW_REASON_MAX + 1), &out));
	assert_null(kw_reason_check(&ar, " Niet in ons gebied. ", &out));
	assert_string_equal(out, "Niet in ons gebied.");
}

static int teardown(void **state)
{
	(void)state;
	arena_clear(&ar);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_new_needs_its_fields, teardown),
		cmocka_unit_test_teardown(test_new_status_nieuw_or_opgepakt, teardown),
		cmocka_unit_test_teardown(test_closing_needs_an_outcome, teardown),
		cmocka_unit_test_teardown(test_outcome_only_when_closing, teardown),
		cmocka_unit_test_teardown(test_dubbel_names_another, teardown),
		cmocka_unit_test_teardown(test_doorgezet_names_where, teardown),
		cmocka_unit_test_teardown(test_geparkeerd_reason_and_future_date, teardown),
		cmocka_unit_test_teardown(test_fields_need_their_status, teardown),
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test_teardown(test_level_not_below_area, teardown),
		cmocka_unit_test_teardown(test_level_change_needs_reason, teardown),
		cmocka_unit_test_teardown(test_never_back_to_nieuw, teardown),
		cmocka_unit_test_teardown(test_reopen_only_to_work, teardown),
		cmocka_unit_test_teardown(test_taking_up_needs_one_regisseur, teardown),
		cmocka_unit_test_teardown(test_urgency_and_unknown_values, teardown),
		cmocka_unit_test_teardown(test_text_limits, teardown),
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_tables_and_parsers),
		cmocka_unit_test_teardown(test_reason_check, teardown),
	};

	arena_init(&ar);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
