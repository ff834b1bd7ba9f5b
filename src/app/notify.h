/* notify: what a person does with the link in a notification mail
 * (docs/notifications.md): see what the link is about and how often
 * mail comes, choose another frequency (direct, daily, weekly, none), or
 * stop.  A link stands for the subscriptions of its mail (one, or all of
 * an address's for a digest) and works for as long as they exist; a link
 * of a follower's confirmation mail works too.  Choosing again or
 * stopping clears a bounce mark of the address.  Stopping deletes a
 * follower (as the old unsubscribe did) and sets a reporter to none (the
 * report and its contact stay with the professionals).  No HTTP here. */
#ifndef WA_APP_NOTIFY_H
#define WA_APP_NOTIFY_H
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/fields.h"
#include "store/notify.h"

struct app;
struct db;

struct notify_prefs {
	struct notify_sub *subs;
	size_t n;
	const char **what, **href; /* per sub, for people (translated) */
};

/* ERR_NOT_FOUND: no live link (malformed, unknown, or its subscriptions
 * gone). */
enum err notify_prefs_read(const struct app *app, struct db *db,
			   struct arena *ar, const char *token,
			   struct notify_prefs *out);
/* ERR_INVALID (errs: frequency) for anything but the four words; nothing
 * changes then. */
enum err notify_prefs_set(const struct app *app, struct db *db,
			  struct arena *ar, const char *token,
			  const char *frequency, struct field_errors *errs,
			  struct notify_prefs *out);
enum err notify_stop(const struct app *app, struct db *db, struct arena *ar,
		     const char *token, struct notify_prefs *out);

#endif
