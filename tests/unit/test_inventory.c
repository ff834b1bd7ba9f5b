/* test_inventory: the partner inventory (src/inventory, store/inventory):
 * normalisation of Dutch organisation names, phone numbers, websites,
 * postcodes and KvK numbers; the CSV reader on hostile input (every error
 * with its line and column); reading lists from CSV and HSDS JSON; the
 * similarity measures and the threshold; blocking and clustering (also at
 * 50,000 records); the default choice of a merge; and the store's import,
 * merge with provenance, and refusals that leave nothing behind.
 *
 * The store tests run on a fresh database each (db_fixture.h); with
 * WIJKAGENDA_TEST_PG set only they run, on PostgreSQL: the rest touch no
 * database and have run on the SQLite pass already. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/util.h"
#include "domain/organisation.h"
#include "domain/phone.h"
#include "inventory/csv.h"
#include "inventory/dedupe.h"
#include "inventory/lists.h"
#include "inventory/normalize.h"
#include "inventory/similar.h"
#include "store/accounts.h"
#include "store/inventory.h"
#include "store/store.h"

#include "db_fixture.h"

#define MUNI "GM0363"

static int arena_setup(void **state)
{
	struct arena *a = xmalloc(sizeof(*a));

	arena_init(a);
	*state = a;
	return 0;
}

static int arena_teardown(void **state)
{
	arena_clear(*state);
	free(*state);
	return 0;
}

/* --- names ------------------------------------------------------------------ */

static const char *name_text(struct arena *a, const char *s)
{
	struct norm_name n;

	norm_name(a, s, &n);
	return n.text;
}

static void test_names_dutch(void **state)
{
	struct arena *a = *state;
	static const char *const same[] = {
		"Stichting Buurtwerk Noord", "Buurtwerk Noord",
		"St. Buurtwerk-Noord",	     "Buurtwerk Noord B.V.",
		"BUURTWERK  NOORD",	     "Stg Buurtwerk Noord",
		"Buurtwerk Noord b.v.",	     "  buurtwerk noord  ",
		"Buurtwerk-Noord bv",	     "Vereniging Buurtwerk Noord",
	};

	for (size_t i = 0; i < ARRAY_SIZE(same); i++)
		assert_string_equal(name_text(a, same[i]), "buurtwerk noord");
	assert_string_equal(name_text(a, "Coöperatie Zorg U.A."), "zorg");
	assert_string_equal(name_text(a, "Coöperatieve Vereniging Zorgkracht"),
			    "zorgkracht");
	assert_string_equal(name_text(a, "Vereniging Vrienden van het Buurthuis"),
			    "vrienden buurthuis");
	/* a legal form inside a word stays */
	assert_string_equal(name_text(a, "Huurdersvereniging Oost"),
			    "huurdersvereniging oost");
	assert_string_equal(name_text(a, "Zorg & Welzijn"),
			    name_text(a, "Zorg en Welzijn"));
	assert_string_equal(name_text(a, "Café de Ruif"), "cafe ruif");
	assert_string_equal(name_text(a, "Buurthuis ’t Hoekje"), "buurthuis hoekje");
	assert_string_equal(name_text(a, "A'dam Zuid"), "amsterdam zuid");
	assert_string_equal(name_text(a, "The Salvation Army"), "salvation army");
	assert_string_equal(name_text(a, "Samaritan House, Inc."), "samaritan house");
	/* nothing but a legal form: kept rather than empty */
	assert_string_equal(name_text(a, "Stichting"), "stichting");
	assert_string_equal(name_text(a, ""), "");
	assert_string_equal(name_text(a, NULL), "");
	assert_string_equal(name_text(a, "!!!"), "");
	/* invalid UTF-8 is dropped, not a crash */
	assert_string_equal(name_text(a, "Buurt\xff\xfewerk"), "buurtwerk");
}

static void test_names_initials_and_keys(void **state)
{
	struct norm_name n;

	norm_name(*state, "Openbare Bibliotheek Amsterdam", &n);
	assert_string_equal(n.initials, "oba");
	assert_string_equal(n.key, "openbarebibliotheekamsterdam");
	assert_int_equal(n.ntokens, 3);
	norm_name(*state, "O.B.A.", &n);
	assert_string_equal(n.text, "oba");
	norm_name(*state, "Peninsula Volunteers, Inc.", &n);
	assert_string_equal(n.initials, "pv");
	assert_string_equal(n.initials_all, "pvi");
	norm_name(*state, "Buurtwerk-Noord", &n);
	assert_string_equal(n.key, "buurtwerknoord");
	assert_int_equal(n.abbrev, 0);
	norm_name(*state, "St. Peninsula Fam. Service B.V.", &n);
	assert_string_equal(n.text, "peninsula fam service");
	assert_int_equal(n.abbrev, 2); /* "fam." only */
	/* a very long name is cut, never overflows */
	{
		char big[5000];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		norm_name(*state, big, &n);
		assert_true(strlen(n.text) <= NORM_TEXT_MAX);
	}
}

/* --- phones, websites, e-mail, postcodes, KvK, addresses ------------------------ */

static void test_phones(void **state)
{
	struct arena *a = *state;
	static const char *const amsterdam[] = {
		"020-123 45 67",   "+31 20 1234567",	"0031 20 123 4567",
		"+31 (0)20 1234567", "(020) 123 4567", "020 1234567 tst. 12",
		"tel. 020-1234567", "020.123.45.67", "+31201234567",
	};
	const char *p;

	for (size_t i = 0; i < ARRAY_SIZE(amsterdam); i++) {
		p = norm_phone(a, amsterdam[i]);
		assert_non_null(p);
		assert_string_equal(p, "+31201234567");
	}
	assert_string_equal(norm_phone(a, "06-12345678"), "+31612345678");
	assert_string_equal(norm_phone(a, "020 1234567 / 06 12345678"),
			    "+31201234567");
	assert_null(norm_phone(a, "12"));
	assert_null(norm_phone(a, "zie website"));
	assert_null(norm_phone(a, ""));
	assert_null(norm_phone(a, NULL));
	assert_null(norm_phone(a, "703-555-ABCD"));
	/* a foreign national number keeps its digits; the key still meets the
	 * international spelling */
	p = norm_phone(a, "(650) 780-7525");
	assert_string_equal(p, "6507807525");
	assert_string_equal(norm_phone_key(p),
			    norm_phone_key(norm_phone(a, "+1 650 780 7525")));
	assert_string_equal(norm_phone_key("+31201234567"), "201234567");
	/* built on the one rule (domain/phone.h): a key is a valid number,
	 * and no longer than the rule allows */
	for (size_t i = 0; i < ARRAY_SIZE(amsterdam); i++)
		assert_true(phone_valid(norm_phone(a, amsterdam[i])));
	assert_true(phone_valid(p));
	assert_non_null(norm_phone(a, "+123 4567 8901 2345")); /* 15 digits */
	assert_null(norm_phone(a, "+123 4567 8901 23456"));    /* 16 */
	assert_null(norm_phone(a, "1234 5678 9012 3456"));
	assert_null(norm_phone_key("+3112"));
	assert_null(norm_phone_key(NULL));
}

static void test_websites_and_email(void **state)
{
	struct arena *a = *state;
	static const char *const same[] = {
		"https://www.Buurtwerk-Noord.nl/contact", "buurtwerk-noord.nl",
		"WWW.BUURTWERK-NOORD.NL",		  "http://buurtwerk-noord.nl:8080/",
		"//www.buurtwerk-noord.nl",		  "https://user@www2.buurtwerk-noord.nl/?a=1",
		"www.buurtwerk-noord.nl.",		  "https://noord.buurtwerk-noord.nl",
	};

	for (size_t i = 0; i < ARRAY_SIZE(same); i++)
		assert_string_equal(norm_website(a, same[i]), "buurtwerk-noord.nl");
	assert_string_equal(norm_website(a, "https://shop.example.co.uk/x"),
			    "example.co.uk");
	assert_null(norm_website(a, "nonsense"));
	assert_null(norm_website(a, "http://localhost"));
	assert_null(norm_website(a, "http://a..nl"));
	assert_null(norm_website(a, "javascript:alert(1)"));
	assert_null(norm_website(a, ""));
	assert_true(norm_domain_shared("gmail.com"));
	assert_true(norm_domain_shared(norm_website(a, "https://sites.google.com/x")));
	assert_false(norm_domain_shared("buurtwerk-noord.nl"));
	assert_string_equal(norm_email(a, " Info@Buurtwerk-Noord.NL "),
			    "info@buurtwerk-noord.nl");
	assert_string_equal(norm_email(a, "mailto:a@b.nl"), "a@b.nl");
	assert_null(norm_email(a, "info@"));
	assert_null(norm_email(a, "@b.nl"));
	assert_null(norm_email(a, "a@b@c.nl"));
	assert_null(norm_email(a, "a b@c.nl"));
	assert_string_equal(norm_email_domain(a, "jan@mail.buurtwerk-noord.nl"),
			    "buurtwerk-noord.nl");
}

static void test_postcodes_kvk_addresses(void **state)
{
	struct arena *a = *state;

	assert_string_equal(norm_postcode(a, "1234 ab"), "1234AB");
	assert_string_equal(norm_postcode(a, " 1011  AB "), "1011AB");
	assert_string_equal(norm_postcode(a, "1011-ab"), "1011AB");
	assert_string_equal(norm_postcode(a, "94025-9881"), "94025");
	assert_null(norm_postcode(a, "12"));
	assert_null(norm_postcode(a, "1234/AB"));
	assert_string_equal(norm_kvk(a, "KvK 4121 5422"), "41215422");
	assert_string_equal(norm_kvk(a, "kvk-nummer: 41215422"), "41215422");
	assert_string_equal(norm_kvk(a, "41.21.54.22"), "41215422");
	assert_string_equal(norm_kvk(a, "1234567"), "01234567"); /* Excel */
	assert_null(norm_kvk(a, "123456789012")); /* a vestigingsnummer */
	assert_null(norm_kvk(a, "12a45678"));
	assert_null(norm_kvk(a, "1234"));
	/* what it reads is a KvK number by domain/organisation.h */
	assert_true(org_kvk_valid(norm_kvk(a, "KvK 4121 5422")));
	assert_true(org_kvk_valid(norm_kvk(a, "1234567")));
	assert_null(norm_kvk(a, "123456789")); /* nine digits */
	assert_string_equal(norm_house_number(a, "Kinkerstraat 12-3 hs"), "12");
	assert_string_equal(norm_house_number(a, "2e Hugo de Grootstraat 5"), "5");
	assert_string_equal(norm_house_number(a, "2600 Middlefield Road"), "2600");
	assert_string_equal(norm_house_number(a, "19 West 39th Avenue"), "19");
	assert_null(norm_house_number(a, "Postbus"));
	assert_string_equal(norm_street(a, "Kinkerstr. 12 A"), "kinkerstraat");
	assert_string_equal(norm_street(a, "Kinkerstraat 12-hs"), "kinkerstraat");
	assert_string_equal(norm_street(a, "24 Second Ave."),
			    norm_street(a, "24 2nd Avenue"));
	assert_string_equal(norm_street(a, "Tweede Hugo de Grootstraat 5"),
			    "2e hugo de grootstraat");
	assert_string_equal(norm_city(a, "'s-Gravenhage"), "s gravenhage");
}

/* --- CSV ------------------------------------------------------------------------ */

/* Parse exactly len bytes from a heap copy without a NUL after them, so
 * ASan reports any read past the end. */
static enum err csv_of(struct arena *a, const char *s, size_t len,
		       struct csv *c, struct csv_error *e)
{
	char *copy = xmalloc(len ? len : 1);
	enum err r;

	memcpy(copy, s, len);
	r = csv_parse(a, copy, len, 0, c, e);
	free(copy);
	return r;
}

static void test_csv_good(void **state)
{
	struct arena *a = *state;
	static const char in[] =
		"\xEF\xBB\xBFnaam,adres\r\n"
		"\"Buurtwerk \"\"Noord\"\"\",\"Kinkerstraat 12\r\n1053 AB\"\r\n"
		"\"a,b\",\n"
		",\"\"";
	struct csv c;
	struct csv_error e;

	assert_int_equal(csv_of(a, in, sizeof(in) - 1, &c, &e), ERR_OK);
	assert_int_equal(c.nrows, 4);
	assert_int_equal(c.delim, ',');
	assert_string_equal(c.rows[0].fields[0], "naam");
	assert_string_equal(c.rows[1].fields[0], "Buurtwerk \"Noord\"");
	assert_string_equal(c.rows[1].fields[1], "Kinkerstraat 12\r\n1053 AB");
	assert_int_equal(c.rows[1].line, 2);
	assert_int_equal(c.rows[2].line, 4); /* the field above spans two lines */
	assert_string_equal(c.rows[2].fields[0], "a,b");
	assert_string_equal(c.rows[2].fields[1], "");
	assert_string_equal(c.rows[3].fields[0], "");
	assert_string_equal(c.rows[3].fields[1], "");
	assert_int_equal(c.rows[2].pos[1].column, 7);
	/* semicolons, detected from the header; trailing empty lines */
	assert_int_equal(csv_of(a, "naam;plaats\nA, B;C\n\n\n", 20, &c, &e), ERR_OK);
	assert_int_equal(c.delim, ';');
	assert_int_equal(c.nrows, 2);
	assert_string_equal(c.rows[1].fields[0], "A, B");
	/* one column, no final line break */
	assert_int_equal(csv_of(a, "naam\nA", 6, &c, &e), ERR_OK);
	assert_int_equal(c.nrows, 2);
	/* an empty field at the end of a line */
	assert_int_equal(csv_of(a, "a,b\n1,\n", 7, &c, &e), ERR_OK);
	assert_string_equal(c.rows[1].fields[1], "");
}

struct csv_case {
	const char *in;
	size_t len; /* 0: strlen */
	enum err err;
	size_t line, column, field;
	const char *msg; /* a part of the msgid */
};

static void test_csv_hostile(void **state)
{
	static const struct csv_case cases[] = {
		{"a,b\n1,\"x\n2,3\n", 0, ERR_INVALID, 2, 3, 2, "niet gesloten"},
		{"a,b\n1,x\"y\n", 0, ERR_INVALID, 2, 4, 2, "midden in een veld"},
		{"a,b\n\"x\"y,2\n", 0, ERR_INVALID, 2, 4, 1, "sluitend"},
		{"a,b\n1,2,3\n", 0, ERR_INVALID, 2, 5, 3, "meer velden"},
		{"a,b\n1\n", 0, ERR_INVALID, 2, 2, 1, "minder velden"},
		{"a,b\n\"x\ny\",2,3\n", 0, ERR_INVALID, 3, 6, 3, "meer velden"},
		{"naam,kvk\nCaf\xC3\xA9,\"x\"y\n", 0, ERR_INVALID, 2, 9, 2, "sluitend"},
		{"a,b\n1,x\xFFy\n", 0, ERR_INVALID, 2, 4, 2, "UTF-8"},
		{"a,b\n1,\x80\n", 0, ERR_INVALID, 2, 3, 2, "UTF-8"},
		{"a\n\xC0\x80\n", 0, ERR_INVALID, 2, 1, 1, "UTF-8"},	 /* overlong */
		{"a\n\xED\xA0\x80\n", 0, ERR_INVALID, 2, 1, 1, "UTF-8"}, /* surrogate */
		{"a\n\xF4\x90\x80\x80\n", 0, ERR_INVALID, 2, 1, 1, "UTF-8"},
		{"a\n\xE2\x82\n", 0, ERR_INVALID, 2, 1, 1, "UTF-8"}, /* cut short */
		{"a\n\"\xF5\"\n", 0, ERR_INVALID, 2, 2, 1, "UTF-8"},
		{"a,b\n1,x\0y\n", 10, ERR_INVALID, 2, 4, 2, "NUL"},
		{"a,b\n1,\"x\0\"\n", 11, ERR_INVALID, 2, 5, 2, "NUL"},
		{"a,b\r1,2\n", 0, ERR_INVALID, 1, 4, 2, "CR"},
		{"a\n1\n\n2\n", 0, ERR_INVALID, 3, 1, 0, "lege regel"},
		{"", 0, ERR_INVALID, 1, 1, 0, "leeg bestand"},
		{"\xEF\xBB\xBF\r\n", 0, ERR_INVALID, 1, 1, 0, "leeg bestand"},
		{"\"abc", 0, ERR_INVALID, 1, 1, 1, "niet gesloten"},
	};
	struct csv c;
	struct csv_error e;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct csv_case *k = &cases[i];
		size_t len = k->len ? k->len : strlen(k->in);

		assert_int_equal(csv_of(*state, k->in, len, &c, &e), k->err);
		if (e.line != k->line || e.column != k->column ||
		    e.field != k->field || !strstr(e.msgid, k->msg))
			fail_msg("case %zu: got line %zu column %zu field %zu "
				 "\"%s\"", i, e.line, e.column, e.field, e.msgid);
		assert_int_equal(c.nrows, 0);
	}
}

static void test_csv_limits(void **state)
{
	struct arena *a = *state;
	struct buf b;
	struct csv c;
	struct csv_error e;
	char *big;

	/* 64 columns pass, 65 do not */
	buf_init(&b, 1 << 20);
	for (int i = 0; i < 64; i++)
		buf_addf(&b, "%sc%d", i ? "," : "", i);
	assert_int_equal(csv_of(a, b.data, b.len, &c, &e), ERR_OK);
	buf_adds(&b, ",c64");
	assert_int_equal(csv_of(a, b.data, b.len, &c, &e), ERR_TOO_LARGE);
	assert_int_equal(e.line, 1);
	assert_int_equal(e.field, 65);
	buf_release(&b);
	/* a field of exactly 64 KiB passes, one byte more does not; the error
	 * points at where the field starts */
	big = xmalloc(CSV_MAX_FIELD + 16);
	memcpy(big, "a\n\"", 3);
	memset(big + 3, 'x', CSV_MAX_FIELD);
	memcpy(big + 3 + CSV_MAX_FIELD, "\"\n", 2);
	assert_int_equal(csv_of(a, big, CSV_MAX_FIELD + 5, &c, &e), ERR_OK);
	memset(big + 2, 'x', CSV_MAX_FIELD + 1);
	big[CSV_MAX_FIELD + 3] = '\n';
	assert_int_equal(csv_of(a, big, CSV_MAX_FIELD + 4, &c, &e), ERR_TOO_LARGE);
	assert_int_equal(e.line, 2);
	assert_int_equal(e.column, 1);
	free(big);
	/* 100,000 records pass, 100,001 do not */
	big = xmalloc(2 * (CSV_MAX_ROWS + 1));
	for (size_t i = 0; i < CSV_MAX_ROWS + 1; i++)
		memcpy(big + 2 * i, "a\n", 2);
	assert_int_equal(csv_of(a, big, 2 * CSV_MAX_ROWS, &c, &e), ERR_OK);
	assert_int_equal(c.nrows, CSV_MAX_ROWS);
	assert_int_equal(csv_of(a, big, 2 * (CSV_MAX_ROWS + 1), &c, &e),
			 ERR_TOO_LARGE);
	assert_int_equal(e.line, CSV_MAX_ROWS + 1);
	free(big);
	/* more than 16 MiB is refused before reading */
	assert_int_equal(csv_parse(a, "", CSV_MAX_BYTES + 1, 0, &c, &e),
			 ERR_TOO_LARGE);
	assert_non_null(strstr(e.msgid, "16 MiB"));
}

/* --- lists ----------------------------------------------------------------------- */

static enum err csv_list(struct arena *a, const char *s, struct partner_list *l,
			 struct list_error *e)
{
	return list_read_csv(a, "Noord", s, strlen(s), l, e);
}

static void test_lists_csv(void **state)
{
	struct arena *a = *state;
	struct partner_list l;
	struct list_error e;
	const char *clean;

	assert_int_equal(csv_list(a, "Naam;KvK-nummer;Telefoonnummer;E-mail;Woonplaats\n"
				     " Buurtwerk Noord ;KvK 4121 5422;020-1234567;"
				     "info@bwn.nl;Amsterdam\n"
				     "OBA;;zie website;;\n",
				  &l, &e),
			 ERR_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.format, "csv");
	assert_string_equal(l.recs[0].f[INV_NAAM], "Buurtwerk Noord");
	assert_string_equal(l.recs[0].f[INV_KVK], "KvK 4121 5422");
	assert_string_equal(l.recs[0].f[INV_PLAATS], "Amsterdam");
	assert_int_equal(l.recs[1].line, 3);
	assert_string_equal(l.recs[1].f[INV_TELEFOON], "zie website"); /* kept */
	assert_null(l.recs[1].f[INV_KVK]);
	assert_string_equal(l.recs[1].source, "Noord");

	assert_int_equal(csv_list(a, "naam,kvk\nA,1234\n", &l, &e), ERR_INVALID);
	assert_int_equal(e.line, 2);
	assert_int_equal(e.column, 3);
	assert_string_equal(e.where, "kvk");
	assert_int_equal(l.n, 0);
	assert_int_equal(csv_list(a, "naam,email\nA,geen-adres\n", &l, &e),
			 ERR_INVALID);
	assert_string_equal(e.where, "email");
	assert_int_equal(csv_list(a, "naam,website\nA,niet een site\n", &l, &e),
			 ERR_INVALID);
	assert_int_equal(csv_list(a, "naam,fax\nA,1\n", &l, &e), ERR_INVALID);
	assert_int_equal(e.column, 6);
	assert_string_equal(e.detail, "fax");
	assert_int_equal(csv_list(a, "naam,Naam\nA,B\n", &l, &e), ERR_INVALID);
	assert_int_equal(csv_list(a, "kvk\n12345678\n", &l, &e), ERR_INVALID);
	assert_non_null(strstr(e.msgid, "naam"));
	assert_int_equal(csv_list(a, "naam\n", &l, &e), ERR_INVALID);
	assert_int_equal(csv_list(a, "naam,plaats\n,Amsterdam\n", &l, &e), ERR_INVALID);
	assert_string_equal(e.msgid, "is verplicht");
	assert_int_equal(csv_list(a, "naam\nA\tB\n", &l, &e), ERR_INVALID);
	/* a CSV error comes through with its position */
	assert_int_equal(csv_list(a, "naam\n\"A\n", &l, &e), ERR_INVALID);
	assert_int_equal(e.line, 2);
	assert_int_equal(e.column, 1);
	assert_null(list_source_check(a, " Nieuw-West ", &clean));
	assert_string_equal(clean, "Nieuw-West");
	assert_non_null(list_source_check(a, "", &clean));
	assert_non_null(list_source_check(a, NULL, &clean));
}

static enum err hsds(struct arena *a, const char *s, struct partner_list *l,
		     struct list_error *e)
{
	return list_read_hsds(a, "W", s, strlen(s), l, e);
}

static void test_lists_hsds(void **state)
{
	struct arena *a = *state;
	static const char page[] =
		"{\"total_items\": 2, \"contents\": ["
		"{\"name\": \"Stichting Buurtwerk Noord\", \"website\": \"www.bwn.nl\","
		" \"phones\": [{\"number\": \"020 1234567\"}],"
		" \"organization_identifiers\": [{\"identifier_scheme\": \"NL-KVK\","
		"  \"identifier\": \"41215422\"}],"
		" \"locations\": [{\"addresses\": [{\"address_1\": \"Kinkerstraat 12\","
		"  \"address_2\": \"2e etage\", \"postal_code\": \"1053 AB\","
		"  \"city\": \"Amsterdam\"}]}]},"
		"{\"name\": \"OBA\", \"tax_id\": \"34123456\", \"email\": null}]}";
	struct partner_list l;
	struct list_error e;

	assert_int_equal(list_read(a, "West", page, strlen(page), &l, &e), ERR_OK);
	assert_string_equal(l.format, "hsds");
	assert_int_equal(l.n, 2);
	assert_string_equal(l.recs[0].f[INV_KVK], "41215422");
	assert_string_equal(l.recs[0].f[INV_TELEFOON], "020 1234567");
	assert_string_equal(l.recs[0].f[INV_ADRES], "Kinkerstraat 12, 2e etage");
	assert_string_equal(l.recs[0].f[INV_POSTCODE], "1053 AB");
	assert_string_equal(l.recs[1].f[INV_KVK], "34123456");
	assert_int_equal(l.recs[1].line, 2);
	assert_int_equal(hsds(a, "{\"organizations\": [{\"name\": \"A\"}]}", &l, &e),
			 ERR_OK);
	assert_int_equal(hsds(a, "{\"name\": \"A\"}", &l, &e),
			 ERR_OK);
	assert_int_equal(l.n, 1);

	assert_int_equal(hsds(a, "[{\"name\": \"A\"}, {\"name\": 5}]", &l, &e),
			 ERR_INVALID);
	assert_string_equal(e.where, "$[1].name");
	assert_int_equal(hsds(a, "[{\"name\": \"A\", \"phones\": {}}]", &l, &e),
			 ERR_INVALID);
	assert_string_equal(e.where, "$[0].phones");
	assert_int_equal(hsds(a, "[{\"name\": \"A\", \"tax_id\": \"1\"}]", &l, &e),
			 ERR_INVALID);
	assert_string_equal(e.where, "$[0] (kvk)");
	assert_int_equal(hsds(a, "[{\"name\": \"\"}]", &l, &e),
			 ERR_INVALID);
	assert_int_equal(hsds(a, "[1]", &l, &e), ERR_INVALID);
	assert_int_equal(hsds(a, "[]", &l, &e), ERR_INVALID);
	assert_int_equal(hsds(a, "{\"x\": 1}", &l, &e), ERR_INVALID);
	assert_int_equal(hsds(a, "[{\"name\": \"A\", \"name\": \"B\"}]", &l, &e),
			 ERR_INVALID);
	assert_int_equal(hsds(a, "[{\"name\":\n \"A\",]", &l, &e),
			 ERR_INVALID);
	assert_int_equal(e.line, 2);
	assert_true(e.column > 0);
	assert_non_null(e.detail);
}

static void test_list_kind(void **state)
{
	(void)state;
	assert_string_equal(list_kind("Welzijn"), "welzijn");
	assert_string_equal(list_kind("Welzijnsorganisatie"), "welzijn");
	assert_string_equal(list_kind("basisschool"), "onderwijs");
	assert_string_equal(list_kind("Woningcorporatie"), "woningcorporatie");
	assert_string_equal(list_kind("iets anders"), "overig");
	assert_string_equal(list_kind(NULL), "overig");
	/* every kind of the one list (domain/organisation.h) is found as
	 * itself, and the words the inventory knows lead to kinds of it */
	for (size_t i = 0; i < ORG_KINDS; i++)
		assert_string_equal(list_kind(org_kinds[i].value), org_kinds[i].value);
	assert_true(org_kind_known(list_kind("GGZ-instelling")));
	assert_true(org_kind_known(list_kind("Huisartsenpraktijk")));
	assert_true(org_kind_known(list_kind("Ondernemersvereniging")));
	assert_true(org_kind_known(list_kind("Bewonerscommissie")));
}

/* --- similarity --------------------------------------------------------------------- */

static void test_sim_measures(void **state)
{
	(void)state;
	assert_float_equal(sim_jaro_winkler("martha", "marhta"), 0.961, 0.001);
	assert_float_equal(sim_jaro_winkler("dwayne", "duane"), 0.840, 0.001);
	assert_float_equal(sim_jaro_winkler("dixon", "dicksonx"), 0.813, 0.001);
	assert_float_equal(sim_jaro_winkler("abc", "abc"), 1.0, 1e-9);
	assert_float_equal(sim_jaro_winkler("abc", "xyz"), 0.0, 1e-9);
	assert_float_equal(sim_jaro_winkler("", ""), 1.0, 1e-9);
	assert_float_equal(sim_trigram("buurtwerknoord", "buurtwerknoord"), 1.0, 1e-9);
	assert_float_equal(sim_trigram("abc", "xyz"), 0.0, 1e-9);
	assert_true(sim_trigram("stadsdeelnoord", "stadsdeelwest") < SIM_TRIGRAM_MIN);
}

static double names(struct arena *a, const char *x, const char *y)
{
	struct norm_name n1, n2;

	norm_name(a, x, &n1);
	norm_name(a, y, &n2);
	return sim_names(&n1, &n2);
}

static void test_sim_names(void **state)
{
	struct arena *a = *state;

	assert_float_equal(names(a, "Stichting Buurtwerk Noord", "St. Buurtwerk-Noord"),
			   1.0, 1e-9);
	assert_float_equal(names(a, "Buurtwerk Noord", "BuurtwerkNoord"), 1.0, 1e-9);
	assert_true(names(a, "OBA", "Openbare Bibliotheek Amsterdam") >= SIM_ACRONYM);
	assert_true(names(a, "Buurtwerk Noord", "Buurtwerk Nord") > 0.9); /* typo */
	assert_true(names(a, "Peninsula Family Services", "Peninsula Family Service") >
		    0.95);
	/* a word written with a full stop abbreviates the word it begins;
	 * without the stop it is a different word */
	assert_true(names(a, "Peninsula Fam. Service", "Peninsula Family Service") >
		    0.85);
	assert_true(names(a, "Wijkcentr. De Meeuw", "Wijkcentrum De Meeuw") > 0.85);
	assert_true(names(a, "Noord", "Noordoost") < 0.5);
	assert_true(names(a, "Noord.", "Noordoost") > 0.8);
	assert_true(names(a, "Buurtwerk Noord", "Buurtwerk Noord - locatie De Meeuw") >=
		    SIM_CONTAINMENT - 1e-9);
	/* shared words that are not the name */
	assert_true(names(a, "Stadsdeel Noord", "Stadsdeel West") < 0.5);
	assert_true(names(a, "Buurtwerk Noord", "Buurtwerk Zuid") < 0.5);
	assert_true(names(a, "Redwood City Corps", "Redwood City Public Library") < 0.7);
	assert_float_equal(names(a, "", "Buurtwerk"), 0.0, 1e-9);
}

static void rec(struct arena *a, struct norm_rec *out, const char *name,
		const char *kvk, const char *website, const char *phone,
		const char *address, const char *postcode)
{
	struct norm_input in = {name, kvk, website, NULL, phone, address,
				postcode, "Amsterdam"};

	norm_record(a, &in, out);
}

static double score(const struct norm_rec *x,
		    const struct norm_rec *y)
{
	struct sim_detail d;

	sim_compare(x, y, &d);
	assert_true(d.score >= 0.0 && d.score <= 1.0);
	return d.score;
}

static void test_sim_threshold(void **state)
{
	struct arena *a = *state;
	struct norm_rec x, y;

	/* the same name alone is enough */
	rec(a, &x, "Stichting Buurtwerk Noord", NULL, NULL, NULL, NULL, NULL);
	rec(a, &y, "Buurtwerk Noord", NULL, NULL, NULL, NULL, NULL);
	assert_true(score(&x, &y) >= 0.95);
	/* ... unless the KvK numbers differ */
	rec(a, &x, "Buurtwerk Noord", "41215422", NULL, NULL, NULL, NULL);
	rec(a, &y, "Buurtwerk Noord", "12345678", NULL, NULL, NULL, NULL);
	assert_true(score(&x, &y) < SIM_THRESHOLD);
	/* the same KvK number carries a different spelling */
	rec(a, &x, "Buurtwerk Noord", "41215422", NULL, NULL, NULL, NULL);
	rec(a, &y, "Wijkcentrum De Meeuw", "4121 5422", NULL, NULL, NULL, NULL);
	assert_true(score(&x, &y) >= SIM_THRESHOLD);
	/* a phone number in two spellings and the address make up for a weak
	 * name; the name alone does not */
	rec(a, &x, "Buurtwerk Noord", NULL, NULL, "020-123 45 67", "Kinkerstraat 12",
	    "1053 AB");
	rec(a, &y, "BWN Kinkerbuurt", NULL, NULL, "+31 20 1234567", "Kinkerstr. 12",
	    "1053AB");
	assert_true(score(&x, &y) >= SIM_THRESHOLD);
	rec(a, &y, "BWN Kinkerbuurt", NULL, NULL, NULL, NULL, NULL);
	assert_true(score(&x, &y) < SIM_THRESHOLD);
	/* one website domain does not join two districts' offices */
	rec(a, &x, "Stadsdeel Noord", NULL, "https://www.amsterdam.nl/noord", NULL,
	    NULL, NULL);
	rec(a, &y, "Stadsdeel West", NULL, "amsterdam.nl/west", NULL, NULL, NULL);
	assert_true(score(&x, &y) < SIM_THRESHOLD);
	/* two organisations in one building */
	rec(a, &x, "Buurtwerk Noord", NULL, NULL, NULL, "Kinkerstraat 12", "1053 AB");
	rec(a, &y, "Huurdersvereniging De Meeuw", NULL, NULL, NULL, "Kinkerstraat 12",
	    "1053 AB");
	assert_true(score(&x, &y) < SIM_THRESHOLD);
	/* one organisation at another location still matches by name */
	rec(a, &x, "Buurtwerk Noord", NULL, NULL, "020 1234567", "Kinkerstraat 12",
	    "1053 AB");
	rec(a, &y, "Stichting Buurtwerk Noord", NULL, NULL, "020 7777777",
	    "Meeuwenlaan 4", "1021 JL");
	assert_true(score(&x, &y) >= SIM_THRESHOLD);
}

/* --- dedupe ---------------------------------------------------------------------- */

static struct partner_rec prec(const char *source, size_t line, int64_t org,
			       const char *name, const char *kvk,
			       const char *phone, const char *postcode)
{
	struct partner_rec r;

	memset(&r, 0, sizeof(r));
	r.source = source;
	r.line = line;
	r.org_id = org;
	r.id = org ? 0 : (int64_t)line;
	r.f[INV_NAAM] = (char *)name;
	r.f[INV_KVK] = (char *)kvk;
	r.f[INV_TELEFOON] = (char *)phone;
	r.f[INV_POSTCODE] = (char *)postcode;
	return r;
}

static void test_dedupe_clusters(void **state)
{
	struct arena *a = *state;
	struct partner_rec r[] = {
		prec("wijkagenda", 0, 7, "Buurtwerk Noord", "41215422", NULL, NULL),
		prec("wijkagenda", 0, 8, "Buurtwerk Noord Oost", NULL, NULL, NULL),
		prec("Noord", 2, 0, "Stichting Buurtwerk Noord", "41215422", NULL, NULL),
		prec("West", 3, 0, "St. Buurtwerk-Noord", NULL, "020 1234567", NULL),
		prec("Oost", 4, 0, "Buurtwerk N.", NULL, "+31 20 1234567", NULL),
		prec("Oost", 5, 0, "Dynamo Jeugdwerk", NULL, NULL, NULL),
		prec("Noord", 6, 0, "OBA", "34123456", NULL, NULL),
		prec("West", 7, 0, "Openbare Bibliotheek Amsterdam", "34123456", NULL,
		     NULL),
		/* typos in the first and the longest word: met by the prefix key */
		prec("Oost", 8, 0, "Buurtwerrk Nord", NULL, NULL, NULL),
	};
	size_t n = ARRAY_SIZE(r);
	struct dedupe_rec d[ARRAY_SIZE(r)];
	struct dedupe_result res;

	/* nothing at all */
	dedupe_run(a, NULL, 0, SIM_THRESHOLD, &res);
	assert_int_equal(res.nclusters, 0);
	assert_int_equal(res.npairs, 0);
	dedupe_prepare(a, r, n, d);
	dedupe_run(a, d, n, SIM_THRESHOLD, &res);
	assert_int_equal(res.nclusters, 2);
	/* org 7 with Noord, West and (by phone, through West) Oost's
	 * "Buurtwerk N.";
	 * org 8 is never put with org 7 */
	assert_int_equal(res.clusters[0].n, 5);
	assert_int_equal(res.clusters[0].members[0], 0);
	assert_int_equal(res.clusters[0].members[1], 2);
	assert_int_equal(res.clusters[0].members[2], 3);
	assert_int_equal(res.clusters[0].members[3], 4);
	assert_int_equal(res.clusters[0].members[4], 8);
	assert_true(res.clusters[0].weakest >= SIM_THRESHOLD);
	assert_int_equal(res.cluster_of[1], SIZE_MAX);
	assert_int_equal(res.cluster_of[5], SIZE_MAX);
	assert_int_equal(res.clusters[1].n, 2);
	assert_int_equal(res.clusters[1].members[0], 6);
	for (size_t k = 0; k < res.npairs; k++) {
		assert_true(res.pairs[k].a < res.pairs[k].b);
		assert_true(res.pairs[k].sim.score >= SIM_THRESHOLD);
		assert_false(r[res.pairs[k].a].org_id && r[res.pairs[k].b].org_id);
		if (k)
			assert_true(res.pairs[k].sim.score <=
				    res.pairs[k - 1].sim.score);
	}
}

static void test_dedupe_choose(void **state)
{
	struct arena *a = *state;
	struct partner_rec r[] = {
		prec("Noord", 2, 0, "Stichting Buurtwerk Noord", NULL, "020-1234567",
		     NULL),
		prec("West", 3, 0, "Buurtwerk Noord", "41215422", "020 7777777",
		     "1053 AB"),
		prec("Oost", 4, 0, "St. Buurtwerk Noord", NULL, "+31 20 1234567", NULL),
		prec("wijkagenda", 0, 9, "buurtwerk noord", NULL, NULL, NULL),
	};
	struct dedupe_rec d[4];
	size_t members[] = {0, 1, 2}, all[] = {0, 1, 2, 3}, w[INV_NFIELDS];

	dedupe_prepare(a, r, 4, d);
	dedupe_choose(a, d, members, 3, w);
	/* every spelling of the name is the same value: the most complete
	 * record's spelling wins */
	assert_int_equal(w[INV_NAAM], 1);
	/* the phone two records share beats the more complete record's */
	assert_true(w[INV_TELEFOON] == 0 || w[INV_TELEFOON] == 2);
	assert_int_equal(w[INV_TELEFOON], 0); /* tie within the value: first */
	assert_int_equal(w[INV_KVK], 1);
	assert_int_equal(w[INV_WEBSITE], SIZE_MAX);
	/* an existing organisation keeps its own spelling */
	dedupe_choose(a, d, all, 4, w);
	assert_int_equal(w[INV_NAAM], 3);
}

static void test_dedupe_scale(void **state)
{
	struct arena *a = *state;
	const size_t n = 50000;
	struct partner_rec *r = xcalloc(n, sizeof(*r));
	struct dedupe_rec *d = xcalloc(n, sizeof(*d));
	struct dedupe_result res;
	char *name;

	/* the worst case for blocking: everybody's first word is the same
	 * and half share a postcode; pairs of true duplicates every 1000 */
	for (size_t i = 0; i < n; i++) {
		size_t k = i % 1000 == 1 ? i - 1 : i;

		name = arena_printf(a, "Buurthuis %s%zu", i % 2 ? "de " : "", k * 7919 % n);
		r[i] = prec(i % 2 ? "Noord" : "West", i + 2, 0, name, NULL, NULL,
			    i % 2 ? "1053AB" : NULL);
	}
	dedupe_prepare(a, r, n, d);
	dedupe_run(a, d, n, SIM_THRESHOLD, &res);
	/* at most window-many comparisons per key per record, not n^2/2 */
	assert_true(res.ncompared <= n * 8 * DEDUPE_WINDOW);
	assert_true(res.nclusters >= n / 1000 - 1);
	free(r);
	free(d);
}

/* --- the store ------------------------------------------------------------------------ */

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena arena;
};

static int store_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "inventory", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->arena);
	*state = f;
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"), ERR_OK);
	return 0;
}

static int store_teardown(void **state)
{
	struct fixture *f = *state;

	db_fixture_close(&f->fx, f->db);
	arena_clear(&f->arena);
	free(f);
	return 0;
}

static int64_t count(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t n = -1;

	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static const char sql_n_sources[] = "SELECT COUNT(*) FROM organisation_sources";
static const char sql_n_orgs[] = "SELECT COUNT(*) FROM organisations";
static const char sql_n_merges[] = "SELECT COUNT(*) FROM inventory_merges";
static const char sql_n_audit[] =
	"SELECT COUNT(*) FROM audit_log WHERE action LIKE 'inventory.%'";

static const struct inv_actor who = {0, 0, "test"};

static int64_t import(struct fixture *f, const char *source, const char *csv)
{
	struct partner_list l;
	struct list_error e;
	int64_t id = 0;

	assert_int_equal(list_read_csv(&f->arena, source, csv, strlen(csv), &l, &e),
			 ERR_OK);
	assert_int_equal(store_inventory_import(f->db, MUNI, &l, &who, &id), ERR_OK);
	return id;
}

static void test_store_import_and_merge(void **state)
{
	struct fixture *f = *state;
	struct partner_rec *p, *orgs, two[2];
	const struct partner_rec *ptrs[2];
	struct inv_list_row *lists;
	struct inv_merge m;
	struct inv_merge_row *merges;
	struct org_source_row *src;
	struct partner_list l;
	struct list_error le;
	int64_t org = 0, mid = 0, ids[2], lid;
	size_t n;

	lid = import(f, "Noord", "naam,telefoon\nStichting Buurtwerk Noord,020-1234567\n"
				 "Dynamo,\n");
	import(f, "West", "naam,kvk,website\nBuurtwerk Noord,41215422,www.bwn.nl\n");
	/* the same source again: refused, nothing added */
	assert_int_equal(list_read_csv(&f->arena, "Noord", "naam\nX\n", 7, &l, &le),
			 ERR_OK);
	assert_int_equal(store_inventory_import(f->db, MUNI, &l, &who, &ids[0]),
			 ERR_CONFLICT);
	assert_int_equal(store_inventory_lists(f->db, &f->arena, MUNI, &lists, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(lists[0].records, 2);
	assert_int_equal(store_inventory_pending(f->db, &f->arena, MUNI, &p, &n),
			 ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(p[2].source, "West");
	assert_int_equal(p[2].line, 2);

	ids[0] = p[0].id;
	ids[1] = p[2].id;
	assert_int_equal(store_inventory_records(f->db, &f->arena, MUNI, ids, 2, two),
			 ERR_OK);
	ptrs[0] = &two[0];
	ptrs[1] = &two[1];
	memset(&m, 0, sizeof(m));
	m.municipality = MUNI;
	m.name = "Buurtwerk Noord";
	m.kind = "welzijn";
	m.kvk = "41215422";
	m.website = "www.bwn.nl";
	m.recs = ptrs;
	m.nrecs = 2;
	m.keep[INV_NAAM] = "Buurtwerk Noord";
	m.keep[INV_TELEFOON] = "020-1234567";
	m.detail = "{\"fields\":{}}";
	m.who = &who;
	assert_int_equal(store_inventory_merge(f->db, &f->arena, &m, &org, &mid),
			 ERR_OK);
	assert_true(org > 0 && mid > 0);
	/* Noord: naam, telefoon; West: naam, kvk, website; kept: naam, telefoon */
	assert_int_equal(count(f->db, sql_n_sources), 7);
	assert_int_equal(store_org_sources(f->db, &f->arena, org, &src, &n), ERR_OK);
	assert_int_equal(n, 7);
	assert_int_equal(count(f->db, sql_n_audit), 3); /* 2 imports, 1 merge */
	/* the organisation now meets later lists with its phone number */
	assert_int_equal(store_inventory_orgs(f->db, &f->arena, MUNI, &orgs, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(orgs[0].f[INV_TELEFOON], "020-1234567");
	assert_string_equal(orgs[0].f[INV_WEBSITE], "www.bwn.nl");
	assert_int_equal(store_inventory_pending(f->db, &f->arena, MUNI, &p, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	/* merged records are merged once */
	assert_int_equal(store_inventory_records(f->db, &f->arena, MUNI, ids, 2, two),
			 ERR_CONFLICT);
	assert_int_equal(store_inventory_merges(f->db, &f->arena, MUNI, 10, &merges, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_true(merges[0].created);
	assert_int_equal(merges[0].records, 2);
	/* deleting a list keeps the organisation's provenance and the report */
	assert_int_equal(store_inventory_list_delete(f->db, MUNI, lid, &who), ERR_OK);
	assert_int_equal(store_inventory_list_delete(f->db, MUNI, lid, &who),
			 ERR_NOT_FOUND);
	assert_int_equal(count(f->db, sql_n_sources), 7);
	assert_int_equal(count(f->db, sql_n_merges), 1);
}

static void test_store_merge_refusals(void **state)
{
	struct fixture *f = *state;
	struct org_row o;
	struct partner_rec *p, one;
	const struct partner_rec *ptr = &one;
	struct inv_merge m;
	int64_t existing = 0, org = 0, mid = 0, id;
	size_t n;

	memset(&o, 0, sizeof(o));
	o.municipality = MUNI;
	o.name = "Buurtwerk Noord";
	o.kind = "welzijn";
	assert_int_equal(store_org_create(f->db, &o, &existing), ERR_OK);
	import(f, "Noord", "naam\nBUURTWERK NOORD\n");
	assert_int_equal(store_inventory_pending(f->db, &f->arena, MUNI, &p, &n),
			 ERR_OK);
	id = p[0].id;
	assert_int_equal(store_inventory_records(f->db, &f->arena, MUNI, &id, 1, &one),
			 ERR_OK);
	memset(&m, 0, sizeof(m));
	m.municipality = MUNI;
	m.name = "BUURTWERK NOORD";
	m.kind = "overig";
	m.recs = &ptr;
	m.nrecs = 1;
	m.keep[INV_NAAM] = m.name;
	m.who = &who;
	/* a new organisation with an existing name (ignoring case) */
	assert_int_equal(store_inventory_merge(f->db, &f->arena, &m, &org, &mid),
			 ERR_CONFLICT);
	assert_int_equal(count(f->db, sql_n_orgs), 1);
	assert_int_equal(count(f->db, sql_n_sources), 0);
	assert_int_equal(count(f->db, sql_n_merges), 0);
	assert_int_equal(store_inventory_pending(f->db, &f->arena, MUNI, &p, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	/* an organisation of another municipality, or none */
	m.org_id = existing + 100;
	assert_int_equal(store_inventory_merge(f->db, &f->arena, &m, &org, &mid),
			 ERR_NOT_FOUND);
	/* into the existing one: allowed, it keeps its id */
	m.org_id = existing;
	assert_int_equal(store_inventory_merge(f->db, &f->arena, &m, &org, &mid),
			 ERR_OK);
	assert_int_equal(org, existing);
	assert_int_equal(count(f->db, sql_n_orgs), 1);
	/* a record of another municipality is not found */
	assert_int_equal(store_inventory_records(f->db, &f->arena, "GM0599", &id, 1,
						 &one),
			 ERR_NOT_FOUND);
}

#define A(fn) cmocka_unit_test_setup_teardown(fn, arena_setup, arena_teardown)
#define S(fn) cmocka_unit_test_setup_teardown(fn, store_setup, store_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		A(test_names_dutch),
		A(test_names_initials_and_keys),
		A(test_phones),
		A(test_websites_and_email),
		A(test_postcodes_kvk_addresses),
		A(test_csv_good),
		A(test_csv_hostile),
		A(test_csv_limits),
		A(test_lists_csv),
		A(test_lists_hsds),
		A(test_list_kind),
		A(test_sim_measures),
		A(test_sim_names),
		A(test_sim_threshold),
		A(test_dedupe_clusters),
		A(test_dedupe_choose),
		A(test_dedupe_scale),
	};
	const struct CMUnitTest store_tests[] = {
		S(test_store_import_and_merge),
		S(test_store_merge_refusals),
	};
	int rc = 0;

	if (!db_fixture_pg())
		rc = cmocka_run_group_tests(tests, NULL, NULL);
	return rc | cmocka_run_group_tests(store_tests, NULL, NULL);
}
