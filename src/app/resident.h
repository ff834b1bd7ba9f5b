/* resident: what a resident does without an account: ask for a mailed
 * link to "mijn meldingen", use it once, and change or wipe the contact
 * data their signals carry.  Every change writes an audit entry that
 * names the fields, never their values (the log outlives the data), by
 * the actor "resident" (never the address). */
#ifndef WA_APP_RESIDENT_H
#define WA_APP_RESIDENT_H
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

struct app;
struct db;

#define RESIDENT_LINK_VALID_S 7200 /* a magic link works two hours, once */

/* The pseudonymous key of a resident: a hash of the normalised e-mail
 * address, or of "client:<address>" when none was given, keyed with the
 * installation secret (resident_secret_use).  One function for support
 * (kwestie_supporters.supporter_key), intake (signals.resident_key) and
 * grades (grades.person_key), so that one resident who reported,
 * supported and graded counts once.  Not of the kwestie too: a merge
 * moves supporters into the other kwestie, and only the same key there
 * lets one resident count once.  Keyed, because an address or an IP
 * address is easy to guess: without the secret a key cannot be
 * recomputed from a guess, so the keys do not undo retention.  out: 33
 * bytes.  Aborts when no secret was set (a bug: no unkeyed key may be
 * written). */
void resident_key(char *out, const char *norm_email, const char *client);
/* The key of the holder of a tracking token (grades by a reporter who
 * left no address): the same keying over the token's hash. */
void resident_key_token(char *out, const char *token);
/* Any other hash of something a resident gives (the intake's
 * duplicate check over the client address and the text), keyed alike. */
void resident_key_parts(char *out, const char *const *parts, size_t n);

/* Set the installation secret (32 bytes) for this process, then check it
 * against the database in one write transaction: the keys written
 * before there was a secret are keyed once now (the stored fingerprint
 * marks it done); a database keyed under another secret is refused
 * (ERR_CONFLICT, msg says so), since its residents would count twice.
 * secret NULL: use the database's own secret, made on first use (an
 * installation without a secret file, e.g. several instances on one
 * PostgreSQL; weaker, since a copy of the database then holds both). */
enum err resident_secret_use(struct db *db, const unsigned char *secret,
			     char *msg, size_t msglen);
/* The secret the database keeps (an installation without a secret file),
 * for moving it into one; *found false when it keeps none. */
enum err resident_secret_stored(struct db *db, unsigned char *key, bool *found);
/* For tests and tools that never open a database. */
void resident_secret_set(const unsigned char *secret);

/* Mail a link when signals carry this (normalised) address; nothing
 * otherwise.  Runs later (app/later.h), so that the answer takes the same
 * time either way; its signature is later_fn's. */
void resident_link_mail(const struct app *app, struct db *db, struct arena *ar,
			const char *email);

/* What a resident's signals carry, normalised (NULL when blank). */
struct resident_contact {
	const char *email, *phone, *age_band;
};

/* Use a magic link (the token's hash): of two concurrent uses only one
 * gets ERR_OK. */
enum err resident_link_use(struct db *db, const char *hash);
/* Change every contact row of email's signals that differs from c, each
 * with its audit entry, in one transaction. */
enum err resident_contact_change(struct db *db, struct arena *ar,
				 const char *email,
				 const struct resident_contact *c);
/* Wipe (anonymise) the contact data of email's signals, each with its
 * audit entry, in one transaction; *count: how many there were. */
enum err resident_contact_delete(struct db *db, struct arena *ar,
				 const char *email, size_t *count);

#endif
