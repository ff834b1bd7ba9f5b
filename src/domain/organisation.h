/* organisation: the rules of an organisation on the platform and the
 * social map.  Pure.
 *
 *   kind   one of org_kinds (the list the forms, the API, the views, the
 *          social map, the HSDS import and export and the inventory all
 *          read), with two Dutch labels: the short one of the beheer
 *          pages ("Welzijn") and the one residents read on the social
 *          map ("Welzijnsorganisatie")
 *   kvk    the Chamber of Commerce number: exactly 8 digits, or none
 *   name   unique in its municipality ignoring case and Unicode form:
 *          "BUURTTEAM OOST" is "Buurtteam Oost" (org_name_key, stored
 *          with every organisation; a UNIQUE index holds it, so no path
 *          into the database, form, API or import, can make the second) */
#ifndef WA_DOMAIN_ORGANISATION_H
#define WA_DOMAIN_ORGANISATION_H
#include <stdbool.h>

#include "base/arena.h"

#define ORG_KINDS 10
#define ORG_NAME_MAX 200   /* characters */
#define ORG_AREAS_MAX 1000 /* more than all areas of Amsterdam together */
#define ORG_KVK_LEN 8

struct org_kind {
	const char *value;	  /* stored, and in the API */
	const char *label;	  /* Dutch msgid (N_()): beheer, HSDS terms */
	const char *public_label; /* Dutch msgid: the social map */
};

extern const struct org_kind org_kinds[ORG_KINDS];

bool org_kind_known(const char *kind);
/* The Dutch label (a msgid: translate with _()), or NULL when unknown. */
const char *org_kind_label(const char *kind);
/* The label residents read on the social map (a msgid), or NULL. */
const char *org_kind_public_label(const char *kind);
/* The municipality's own kinds: they answer for the signals of their
 * areas (migration 006 holds the same two in SQL). */
bool org_kind_responsible(const char *kind);

/* Exactly ORG_KVK_LEN digits. */
bool org_kvk_valid(const char *s);
/* A KvK number as typed: blank is none (*out NULL); spaces and tabs
 * around are forgiven, inside are not.  NULL when acceptable (*out the
 * trimmed copy in ar), else a Dutch msgid. */
const char *org_kvk_check(struct arena *ar, const char *s, const char **out);

/* The name as compared: NFC and case-folded (utf8proc), in ar.  A name
 * that is not valid UTF-8 is its own key. */
char *org_name_key(struct arena *ar, const char *name);

#endif
