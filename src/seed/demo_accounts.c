/* demo_accounts: see demo_accounts.h.  The organisations are fictional
 * (apart from the municipality and its stadsdeel, which every demo needs)
 * and work in Amsterdam West, where the conference of the report was
 * held.  Passwords are hashed before the transaction: argon2id must not
 * hold the write lock. */
#include "demo_accounts.h"

#include <stdio.h>
#include <string.h>

#include "base/password.h"
#include "store/accounts.h"
#include "store/store.h"

#define DEMO_ORGS 5
#define DEMO_ACCOUNTS 4
#define DEMO_LABEL "demo (serve --demo)" /* the audit log's actor */

static const struct {
	const char *name, *kind;
	const char *areas[3]; /* NULL-ended; "" is the municipality itself */
} demo_orgs[DEMO_ORGS] = {
	{"Gemeente Amsterdam (demo)", "gemeente", {"", NULL}},
	{"Stadsdeel West (demo)", "stadsdeel", {"E", NULL}},
	{"Woningcorporatie Thuis in West (demo)", "woningcorporatie",
	 {"E", "F", NULL}},
	{"Welzijn West (demo)", "welzijn", {"E", NULL}},
	/* gebied Bos en Lommer */
	{"Bewonersplatform Bos en Lommer (demo)", "bewonersorganisatie",
	 {"03630950000025", NULL}},
};

static const struct {
	const char *email, *name;
	bool admin;
	int org; /* index in demo_orgs, -1 for none */
	const char *role;
} demo_accounts[DEMO_ACCOUNTS] = {
	{"beheerder@demo.wijkagenda.nl", "Bea Beheer (demo)", true, -1, NULL},
	{"coordinator@demo.wijkagenda.nl", "Cor Coördinator (demo)", false, 1,
	 "coordinator"},
	{"medewerker@demo.wijkagenda.nl", "Mila Medewerker (demo)", false, 1,
	 "medewerker"},
	{"corporatie@demo.wijkagenda.nl", "Kees Corporatie (demo)", false, 2,
	 "coordinator"},
};

struct seed {
	struct db *db;
	struct arena ar;
	const char *municipality;
	int64_t org_ids[DEMO_ORGS];
	char hashes[DEMO_ACCOUNTS][PASSWORD_HASH_MAX];
	bool missing[DEMO_ACCOUNTS];
};

static enum err audit(struct seed *s, const char *action, const char *entity,
		      int64_t id)
{
	struct audit_entry a = {0, 0, DEMO_LABEL, action, entity,
				arena_printf(&s->ar, "%lld", (long long)id), NULL};

	return store_audit_add(s->db, &a);
}

/* The areas of organisation i that the municipality has. */
static enum err org_areas(struct seed *s, size_t i)
{
	char *codes[3];
	struct area_row row;
	size_t n = 0;

	for (size_t j = 0; demo_orgs[i].areas[j]; j++) {
		const char *c = *demo_orgs[i].areas[j] ? demo_orgs[i].areas[j]
						       : s->municipality;

		if (store_area_get(s->db, &s->ar, s->municipality, c, false, &row) ==
		    ERR_OK)
			codes[n++] = (char *)c;
	}
	return store_org_set_areas(s->db, s->org_ids[i], s->municipality, codes, n);
}

/* Find (by name) or make each organisation. */
static enum err orgs(struct seed *s)
{
	struct org_row *rows, o;
	size_t n;
	enum err e = store_org_list(s->db, &s->ar, s->municipality, &rows, &n);

	for (size_t i = 0; e == ERR_OK && i < DEMO_ORGS; i++) {
		s->org_ids[i] = 0;
		for (size_t j = 0; j < n; j++)
			if (strcmp(rows[j].name, demo_orgs[i].name) == 0)
				s->org_ids[i] = rows[j].id;
		if (s->org_ids[i])
			continue;
		memset(&o, 0, sizeof(o));
		o.municipality = (char *)s->municipality;
		o.name = (char *)demo_orgs[i].name;
		o.kind = (char *)demo_orgs[i].kind;
		o.is_demo = true;
		e = store_org_create(s->db, &o, &s->org_ids[i]);
		if (e == ERR_OK)
			e = org_areas(s, i);
		if (e == ERR_OK)
			e = audit(s, "organisation.create", "organisation",
				  s->org_ids[i]);
	}
	return e;
}

static enum err account(struct seed *s, size_t i)
{
	int64_t id = 0;
	enum err e;

	e = store_account_create(s->db, demo_accounts[i].email,
				 demo_accounts[i].name, demo_accounts[i].admin,
				 true, &id);
	if (e == ERR_OK)
		e = store_account_set_password(s->db, id, s->hashes[i]);
	if (e == ERR_OK && demo_accounts[i].org >= 0)
		e = store_membership_put(s->db, id,
					 s->org_ids[demo_accounts[i].org],
					 demo_accounts[i].role);
	if (e == ERR_OK)
		e = audit(s, "account.create", "account", id);
	return e;
}

/* Which accounts are missing; their password hashes. */
static int prepare(struct seed *s, size_t *missing)
{
	struct account_row a;

	*missing = 0;
	for (size_t i = 0; i < DEMO_ACCOUNTS; i++) {
		s->missing[i] = store_account_by_email(s->db, &s->ar,
						       demo_accounts[i].email,
						       &a) == ERR_NOT_FOUND;
		if (!s->missing[i])
			continue;
		if (password_hash(DEMO_PASSWORD, s->hashes[i]) != 0)
			return -1;
		(*missing)++;
	}
	return 0;
}

/* The organisations and the missing accounts, inside db_write (orgs
 * works out s->org_ids afresh on each run). */
static enum err seed_tx(struct db *db, void *p)
{
	struct seed *s = p;
	enum err e;

	(void)db; /* s->db */
	e = orgs(s);
	for (size_t i = 0; e == ERR_OK && i < DEMO_ACCOUNTS; i++)
		if (s->missing[i])
			e = account(s, i);
	return e;
}

int demo_accounts_seed(struct db *db, const char *municipality, char *err,
		       size_t errlen)
{
	struct seed s;
	size_t missing;
	enum err e;

	memset(&s, 0, sizeof(s));
	s.db = db;
	s.municipality = municipality;
	arena_init(&s.ar);
	if (prepare(&s, &missing) != 0) {
		snprintf(err, errlen, "cannot hash the demo password");
		arena_clear(&s.ar);
		return -1;
	}
	if ((e = db_write(db, seed_tx, &s)) != ERR_OK)
		snprintf(err, errlen, "cannot store the demo accounts: %s",
			 err_name(e));
	arena_clear(&s.ar);
	return e == ERR_OK ? 0 : -1;
}
