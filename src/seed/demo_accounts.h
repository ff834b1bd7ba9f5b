/* demo_accounts: demo organisations and professional accounts for
 * `serve --demo`, so a newcomer can try the professional side at once.
 * Every record is marked is_demo and every organisation's name ends in
 * "(demo)".  The accounts (all with password DEMO_PASSWORD):
 *
 *   beheerder@demo.wijkagenda.nl    beheerder (platform admin)
 *   coordinator@demo.wijkagenda.nl  coordinator of Stadsdeel West (demo)
 *   medewerker@demo.wijkagenda.nl   medewerker of Stadsdeel West (demo)
 *   corporatie@demo.wijkagenda.nl   coordinator of Woningcorporatie
 *                                   Thuis in West (demo)
 *
 * Without --demo none of it exists. */
#ifndef WA_WEB_DEMO_ACCOUNTS_H
#define WA_WEB_DEMO_ACCOUNTS_H
#include <stddef.h>

#define DEMO_PASSWORD "demo-wachtwoord-2026"

struct db;

/* Make what is missing, in one transaction (organisations by name,
 * accounts by e-mail), so a second call changes nothing.  Areas the
 * municipality does not have are left out.  password_init() must have
 * been called.  Returns 0, or -1 with a message in err. */
int demo_accounts_seed(struct db *db, const char *municipality, char *err,
		       size_t errlen);

#endif
