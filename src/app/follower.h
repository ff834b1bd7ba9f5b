/* follower: a resident follows a kwestie or the agenda of an area by
 * e-mail.  Following makes (or refreshes) an unconfirmed row and queues,
 * in the same transaction, a mail with two links: one to confirm, one to
 * unsubscribe (every later mail carries the latter too).  Nothing is
 * sent to a follower until they confirm; an unconfirmed row goes after
 * FOLLOWER_CONFIRM_DAYS (jobs/retention.c).  The mail with news itself
 * comes with the promises issue: this stores who wants it.
 *
 * Nobody learns from the answer whether an address follows already: a
 * new address, an unconfirmed one (which gets fresh links) and a
 * confirmed one (which gets nothing) answer alike.  The audit log names
 * the follower row and what it follows, never the address.  No HTTP
 * here: the caller gives the client's address for the rate limit. */
#ifndef WA_APP_FOLLOWER_H
#define WA_APP_FOLLOWER_H
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/fields.h"
#include "store/follower.h"

struct app;
struct db;

/* A kwestie (kwestie_id) or an area (area_code: a code of any level). */
struct follow_input {
	int64_t kwestie_id;
	const char *area_code;
	const char *email;  /* as typed */
	const char *client; /* for the rate limit per client */
	/* direct, daily, weekly or none (domain/notify.h); NULL or "":
	 * direct.  It applies once confirmed; following again before that
	 * changes it, after that only the mails' settings link does. */
	const char *frequency;
};

/* ERR_OK (whatever the address's state); ERR_INVALID (errs: email,
 * frequency; nothing stored, no mail);
 * ERR_NOT_FOUND: no such kwestie or area; ERR_UNPROCESSABLE: the kwestie
 * is closed (errs); ERR_LIMITED (*retry_after seconds): this client or
 * this address asked too often. */
enum err follower_follow(const struct app *app, struct db *db,
			 struct arena *ar, const struct follow_input *in,
			 struct field_errors *errs, int *retry_after);

/* What a mailed link opens: the row, and what it follows for people. */
struct follower_link {
	struct follower_row f;
	const char *what; /* "de kwestie ..." or "de agenda van ...", translated */
	const char *href; /* /kwesties/{id} or /agenda/{code} */
};

/* The confirm link token (as mailed); ERR_NOT_FOUND when it is not a
 * live one: unknown, used, or older than FOLLOWER_CONFIRM_DAYS. */
enum err follower_confirm_read(const struct app *app, struct db *db,
			       struct arena *ar, const char *token,
			       struct follower_link *out);
enum err follower_confirm(const struct app *app, struct db *db,
			  struct arena *ar, const char *token,
			  struct follower_link *out);
/* The unsubscribe link token; ERR_NOT_FOUND when no row has it (any
 * more).  Unsubscribing deletes the row. */
enum err follower_unsubscribe_read(const struct app *app, struct db *db,
				   struct arena *ar, const char *token,
				   struct follower_link *out);
enum err follower_unsubscribe(const struct app *app, struct db *db,
			      struct arena *ar, const char *token,
			      struct follower_link *out);

#endif
