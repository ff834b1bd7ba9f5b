/* signal: what professionals do with a signal once it is in (intake is
 * app/intake.h): read the resident's contact data, which is recorded in
 * the audit log in the same transaction that reads it, so every view is
 * on record.  The kwesties and their chain will grow here. */
#ifndef WA_APP_SIGNAL_H
#define WA_APP_SIGNAL_H
#include <stdbool.h>
#include <stdint.h>

#include "app/actor.h"
#include "base/arena.h"
#include "base/err.h"
#include "store/resident.h"

struct db;

/* The contact data of signal id (*found false when it has none), read
 * and audited ("signal.contact.view") in one transaction.  Whether who
 * may is the router's decision (AZ_SIGNAL_CONTACT). */
enum err signal_contact_view(struct db *db, struct arena *ar,
			     const struct actor *who, int64_t id,
			     struct contact_row *out, bool *found);

#endif
