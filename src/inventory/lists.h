/* lists: a partner list of one district, read from CSV (csv.h) or from
 * Open Referral HSDS JSON, into records with the documented fields.  Pure.
 *
 * CSV: a header line, then one organisation per record.  Columns (names
 * case-insensitive, in any order; only naam is required; an unknown or
 * repeated column is an error, so nothing the list says is silently lost):
 *
 *   naam        name of the organisation (required, at most 200 characters)
 *   kvk         KvK number: 8 digits, spaces and "KvK" allowed around them
 *   website     web address (any form: "www.x.nl", "https://x.nl/y")
 *   email       e-mail address
 *   telefoon    phone number (any common spelling)
 *   adres       street and house number
 *   postcode    postcode ("1234 AB")
 *   plaats      place
 *   soort       kind of organisation (free text; welzijn, zorg, ...)
 *   werkgebied  where it works (free text: area names or codes)
 *
 * English names are accepted too (name, phone, address, city, ...; see
 * column_aliases in lists.c).
 *
 * HSDS JSON: an array of organization objects, a Page envelope with
 * "contents", an object with "organizations", or one organization.  Only
 * organization fields are read: name, website, email, phones[0].number,
 * the KvK number from organization_identifiers (scheme NL-KVK, or a type
 * naming the KvK / Chamber of Commerce) or tax_id, and the address from
 * locations[0].addresses[0] (address_1, address_2, postal_code, city).
 *
 * Every value is trimmed; a value with a control character, a value longer
 * than LIST_VALUE_MAX characters, a record without a name, an unreadable
 * KvK number, e-mail address or website is an error that names the line
 * and column (CSV) or the JSON path, and the whole list is refused: no
 * partial imports.  A phone number that cannot be read is kept as given
 * and not compared (lists write "zie website" there). */
#ifndef WA_INVENTORY_LISTS_H
#define WA_INVENTORY_LISTS_H
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

#define LIST_SOURCE_MAX 100 /* characters of a source name */
#define LIST_NAME_MAX 200   /* characters of naam */
#define LIST_VALUE_MAX 1000 /* characters of any other value */
#define LIST_MAX_RECORDS 100000

enum inv_field {
	INV_NAAM,
	INV_KVK,
	INV_WEBSITE,
	INV_EMAIL,
	INV_TELEFOON,
	INV_ADRES,
	INV_POSTCODE,
	INV_PLAATS,
	INV_SOORT,
	INV_WERKGEBIED,
	INV_NFIELDS
};

/* "naam", "kvk", ... in the order of enum inv_field. */
extern const char *const inv_field_names[INV_NFIELDS];
/* Their Dutch labels (msgids) for people: "Naam", "KvK-nummer", ... */
extern const char *const inv_field_labels[INV_NFIELDS];

/* One entry of a list, or an existing organisation (org_id > 0). */
struct partner_rec {
	int64_t id;	    /* the staged record (store/inventory), 0 before */
	int64_t org_id;	    /* > 0: an organisation already in wijkagenda */
	const char *source; /* the list's name */
	size_t line;	    /* CSV: its first line; JSON: its position, from 1 */
	char *f[INV_NFIELDS]; /* NULL when empty */
};

struct partner_list {
	const char *source;
	const char *format; /* "csv" or "hsds" */
	struct partner_rec *recs;
	size_t n;
};

struct list_error {
	size_t line, column; /* 1-based; 0 when unknown (JSON values) */
	const char *where;   /* column name or JSON path, or NULL */
	const char *msgid;   /* Dutch, static: translate with _() */
	const char *detail;  /* from the input (escape it) or jansson, or NULL */
};

/* The msgid of what is wrong with a source name (a fragment: "is te
 * lang"), or NULL with the trimmed name in *out. */
const char *list_source_check(struct arena *ar, const char *source,
			      const char **out);
enum err list_read_csv(struct arena *ar, const char *source, const char *data,
		       size_t len, struct partner_list *out,
		       struct list_error *err);
enum err list_read_hsds(struct arena *ar, const char *source,
			const char *data, size_t len, struct partner_list *out,
			struct list_error *err);
/* JSON when the first non-blank character is '[' or '{', else CSV. */
enum err list_read(struct arena *ar, const char *source, const char *data,
		   size_t len, struct partner_list *out, struct list_error *err);
/* A kind of the one list (domain/organisation.h org_kinds) from free
 * text ("Welzijnsorganisatie" -> "welzijn"); "overig" when none fits. */
const char *list_kind(const char *soort);

#endif
