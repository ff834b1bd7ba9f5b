/* normalize: the values of a partner list brought to one form, so that the
 * same organisation written by two districts compares equal (partner
 * inventory, docs/inventory.md).  Pure: no I/O, no SQL, no global state;
 * every result lives in the caller's arena.
 *
 *   name      "St. Buurtwerk-Noord" and "Stichting Buurtwerk Noord B.V."
 *             both become "buurtwerk noord": lower case, diacritics
 *             stripped (coöperatie -> cooperatie), punctuation gone,
 *             dotted abbreviations joined (b.v. -> bv), a few abbreviations
 *             expanded (a'dam -> amsterdam), other words written with a
 *             full stop marked as abbreviations ("Fam."), legal forms (stichting, st,
 *             vereniging, bv, nv, coöperatie, u.a., inc, ltd, ...) and
 *             common words (de, het, van, en, the, of, ...) dropped.
 *   phone     "020-123 45 67", "+31 (0)20 1234567", "0031 20 123 4567"
 *             -> "+31201234567"; an extension ("tst. 12", "x 4385") is
 *             cut off.  A national number without country code gets
 *             NORM_COUNTRY_CODE.  A matching key, read leniently from
 *             what a list holds ("tel. ..."), of at least 8 digits; what
 *             comes out is always a number domain/phone.h accepts.
 *   website   "https://www.Buurtwerk-Noord.nl/contact" -> "buurtwerk-noord.nl"
 *             (the registrable domain: scheme, www, port, path dropped).
 *   postcode  "1234 ab" -> "1234AB"; other countries' codes keep their
 *             letters and digits ("94025-9881", a US ZIP+4, -> "94025").
 *   kvk       "KvK 1234 5678" -> "12345678"; seven digits get back the
 *             leading zero a spreadsheet took off.  Read leniently, but
 *             what comes out is a KvK number by domain/organisation.h
 *             (org_kvk_valid), as a merged organisation stores it.
 *
 * A function returns NULL when the value is absent or cannot be read as
 * what it should be (an e-mail address without '@', a phone number of
 * three digits): the comparison then treats it as unknown. */
#ifndef WA_INVENTORY_NORMALIZE_H
#define WA_INVENTORY_NORMALIZE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

#define NORM_COUNTRY_CODE "31"
#define NORM_TEXT_MAX 512 /* bytes of input looked at per value */
#define NORM_TOKENS_MAX 32

/* A normalised organisation name. */
struct norm_name {
	char *text;	/* tokens separated by one space; "" when empty */
	char *key;	/* the same without spaces ("buurtwerknoord") */
	char *initials; /* first letters of the tokens of text ("bn") */
	/* first letters including legal forms ("pvi" for "Peninsula
	 * Volunteers, Inc."), for abbreviations that keep them */
	char *initials_all;
	char **tokens;
	size_t ntokens;
	/* bit i: token i was written with a full stop after it ("Fam."), an
	 * abbreviation that may stand for any longer word it begins */
	uint32_t abbrev;
};

/* Lower case (Unicode case folding, NFKC), diacritics stripped.  Invalid
 * UTF-8 bytes are dropped. */
char *norm_fold(struct arena *ar, const char *s);
void norm_name(struct arena *ar, const char *s, struct norm_name *out);
/* "+<country code><number>" (digits only after the '+'), or NULL. */
char *norm_phone(struct arena *ar, const char *s);
/* The last 9 digits of a normalised phone number: what two spellings of
 * one number share even when one lacks its country code (a foreign list
 * with national numbers).  NULL when shorter. */
const char *norm_phone_key(const char *phone);
/* The registrable domain of a website ("buurtwerk-noord.nl"), or NULL. */
char *norm_website(struct arena *ar, const char *s);
/* Lower-case address, or NULL when it is not local@domain.tld. */
char *norm_email(struct arena *ar, const char *s);
/* The registrable domain of a normalised e-mail address. */
char *norm_email_domain(struct arena *ar, const char *email);
/* Domains that many unrelated organisations share: mail providers
 * (gmail.com, hotmail.com, ziggo.nl, ...) and site builders
 * (facebook.com, wixsite.com, ...).  Agreeing on one says nothing. */
bool norm_domain_shared(const char *domain);
char *norm_postcode(struct arena *ar, const char *s);
/* The house number of an address line ("Kinkerstraat 12-3 hs" -> "12",
 * "2600 Middlefield Road" -> "2600"), skipping ordinals ("2e", "39th"). */
char *norm_house_number(struct arena *ar, const char *address);
/* The street of an address line: folded words without numbers, common
 * abbreviations written out ("str." -> "straat", "Ave." -> "avenue"). */
char *norm_street(struct arena *ar, const char *address);
/* Folded words of a place name ("'s-Gravenhage" -> "s gravenhage"). */
char *norm_city(struct arena *ar, const char *s);
/* Eight digits, or NULL. */
char *norm_kvk(struct arena *ar, const char *s);

/* A whole partner record, normalised once before comparing. */
struct norm_input {
	const char *name, *kvk, *website, *email, *phone, *address, *postcode,
		*city;
};

struct norm_rec {
	struct norm_name name;
	char *kvk;
	char *domain; /* of the website, else of a non-shared e-mail domain */
	char *email;
	char *phone, *phone_key;
	char *postcode, *house_number, *street, *city;
};

void norm_record(struct arena *ar, const struct norm_input *in,
		 struct norm_rec *out);

#endif
