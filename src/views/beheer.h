/* beheer: the pages of the administration side: the list of
 * organisations, an organisation (view and edit), its members, its API
 * keys, and the audit log.  Every form posts with its CSRF token in the
 * hidden field "csrf"; every page works without JavaScript.  Texts given
 * in the structs are already translated; values from outside are escaped
 * here like everything else.  One file a page: views/organisation.c,
 * views/member.c, views/apikey.c, views/audit.c. */
#ifndef WA_VIEWS_BEHEER_H
#define WA_VIEWS_BEHEER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/accounts.h"
#include "views/views.h"

/* The translated label of a kind ("Woningcorporatie"; the kinds are
 * domain/organisation.h's); the value itself when unknown. */
const char *view_org_kind_label(const char *kind);

/* The form of an organisation (new or edit).  Field names: name, kind,
 * kvk, areas (checkboxes, repeated), areas_other (text: other codes,
 * separated by spaces). */
struct org_form {
	const char *action; /* path the form posts to */
	const char *csrf;
	const char *name, *kind, *kvk, *areas_other;
	char *const *areas; /* codes to show checked */
	size_t nareas;
	/* Checkboxes: value code, label name; for gebieden, group is the
	 * code of the stadsdeel they belong to. */
	const struct choice *stadsdelen, *gebieden;
	size_t nstadsdelen, ngebieden;
	const struct field_error *errors;
	size_t nerrors;
	const char *submit; /* the button's text */
	/* Kind and areas are shown, not offered: only the beheerder changes
	 * them. */
	bool kind_areas_fixed;
};

/* What an organisation's page shows and offers. */
struct org_page {
	const struct org_row *org; /* with areas */
	const char *const *area_names; /* nareas names, or NULLs */
	const char *csrf;
	const char *notice; /* a confirmation after a change, or NULL */
	const struct org_form *form; /* NULL: the viewer may not edit */
	bool can_delete, can_members, can_keys;
	/* residents' grades (views/grade.h): whether a "nee" reopens, and
	 * the form that sets it (with form: who may edit may set it) */
	bool reopen_on_nee;
};

struct members_page {
	const struct org_row *org;
	const struct account_row *members; /* one membership each: this org */
	size_t nmembers;
	int64_t self_id; /* the viewer's account, 0 for none */
	bool can_manage; /* may invite: also sees the pending invitations */
	const struct invitation_row *invitations; /* pending */
	size_t ninvitations;
	const char *csrf;
	const char *notice;
	/* the invite form (re-shown after an error) */
	const char *invite_email, *invite_role;
	const struct field_error *errors;
	size_t nerrors;
};

struct keys_page {
	const struct org_row *org;
	const struct apikey_row *keys;
	size_t nkeys;
	const char *csrf;
	const char *notice;
	const char *new_key; /* the whole key, shown once after creation */
	const struct choice *scopes; /* value: action name, label */
	size_t nscopes;
	/* the form (re-shown after an error) */
	const char *name;
	const char *const *checked; /* scope names */
	size_t nchecked;
	const struct field_error *errors;
	size_t nerrors;
};

struct audit_page {
	const struct audit_row *rows;
	size_t nrows;
	const char *entity, *entity_id; /* the filter, or NULL */
	const char *const *entities;	/* choices for the filter */
	size_t nentities;
	const char *next; /* link to the next (older) page, or NULL */
};

void view_beheer_orgs(struct html *out, const struct page *p,
		      const struct org_row *orgs, size_t n, const char *notice);
void view_beheer_org_new(struct html *out, const struct page *p,
			 const struct org_form *f);
void view_beheer_org(struct html *out, const struct page *p,
		     const struct org_page *o);
void view_beheer_members(struct html *out, const struct page *p,
			 const struct members_page *m);
void view_beheer_keys(struct html *out, const struct page *p,
		      const struct keys_page *k);
void view_beheer_audit(struct html *out, const struct page *p,
		       const struct audit_page *a);

#endif
