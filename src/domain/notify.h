/* notify: the pure rules of notifications (docs/notifications.md): the
 * frequencies a person may choose, when a job of a time of day runs next
 * in Amsterdam time (domain/calendar.c has the offset), and
 * the grouping of a digest's entries by what they are about.  No clock
 * of the server: every time is an argument (seconds since 1970 UTC). */
#ifndef WA_DOMAIN_NOTIFY_H
#define WA_DOMAIN_NOTIFY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* direct, daily, weekly, none: the stored words. */
extern const char *const notify_frequencies[4];
bool notify_frequency_valid(const char *f);
/* What a frequency means for people (a msgid, N_()). */
const char *notify_frequency_label(const char *f);

/* The first moment after now (UTC seconds) when Amsterdam's clock shows
 * hour:minute, on weekday (1 Monday .. 7 Sunday) or any day (0). */
int64_t notify_next_run(int64_t now, int hour, int minute, int weekday);
/* One timeline entry of a digest: what it is about (a kwestie or a
 * signal: kind 'k' or 's', and its id), its id and its text. */
struct notify_item {
	char kind;
	int64_t subject, id;
	const char *title, *text, *at;
};
/* Order items by subject (kwesties before signals, then by id) and by
 * entry id within a subject, and return how many subjects there are; an
 * entry that appears twice (a signal's kwestie followed too) is kept
 * once per subject. */
size_t notify_group(struct notify_item *items, size_t *n);

#endif
