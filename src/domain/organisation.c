/* organisation: see organisation.h. */
#include "organisation.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "i18n/i18n.h"

const struct org_kind org_kinds[ORG_KINDS] = {
	{"gemeente", N_("Gemeente"), N_("Gemeente")},
	{"stadsdeel", N_("Stadsdeel"), N_("Stadsdeel")},
	{"woningcorporatie", N_("Woningcorporatie"), N_("Woningcorporatie")},
	{"welzijn", N_("Welzijn"), N_("Welzijnsorganisatie")},
	{"zorg", N_("Zorg"), N_("Zorgorganisatie")},
	{"politie", N_("Politie"), N_("Politie")},
	{"onderwijs", N_("Onderwijs"), N_("Onderwijs")},
	{"bewonersorganisatie", N_("Bewonersorganisatie"),
	 N_("Bewonersorganisatie")},
	{"ondernemers", N_("Ondernemers"), N_("Ondernemers")},
	/* a resident is told nothing by "Overig" */
	{"overig", N_("Overig"), N_("Organisatie")},
};

static const struct org_kind *kind_find(const char *kind)
{
	for (size_t i = 0; kind && i < ORG_KINDS; i++)
		if (strcmp(kind, org_kinds[i].value) == 0)
			return &org_kinds[i];
	return NULL;
}

const char *org_kind_label(const char *kind)
{
	const struct org_kind *k = kind_find(kind);

	return k ? k->label : NULL;
}

const char *org_kind_public_label(const char *kind)
{
	const struct org_kind *k = kind_find(kind);

	return k ? k->public_label : NULL;
}

bool org_kind_known(const char *kind)
{
	return org_kind_label(kind) != NULL;
}

bool org_kind_responsible(const char *kind)
{
	return kind && (strcmp(kind, "gemeente") == 0 ||
			strcmp(kind, "stadsdeel") == 0);
}

bool org_kvk_valid(const char *s)
{
	return s && strlen(s) == ORG_KVK_LEN &&
	       strspn(s, "0123456789") == ORG_KVK_LEN;
}

const char *org_kvk_check(struct arena *ar, const char *s, const char **out)
{
	size_t n;

	*out = NULL;
	if (!s)
		return NULL;
	s += strspn(s, " \t");
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n)
		return NULL;
	*out = arena_strndup(ar, s, n);
	if (org_kvk_valid(*out))
		return NULL;
	*out = NULL;
	return N_("moet uit precies 8 cijfers bestaan");
}

char *org_name_key(struct arena *ar, const char *name)
{
	utf8proc_uint8_t *f = NULL;
	char *out;

	if (utf8proc_map((const utf8proc_uint8_t *)name, 0, &f,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
				 UTF8PROC_CASEFOLD) < 0)
		return arena_strdup(ar, name);
	out = arena_strdup(ar, (const char *)f);
	free(f);
	return out;
}
