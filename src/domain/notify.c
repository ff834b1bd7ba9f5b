/* notify: see notify.h. */
#include "notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "i18n/i18n.h"

const char *const notify_frequencies[4] = {"direct", "daily", "weekly", "none"};

static const char *const frequency_labels[4] = {
	N_("Direct: een mail bij elke verandering"),
	N_("Dagelijks: een overzicht om 7 uur 's ochtends"),
	N_("Wekelijks: een overzicht op maandag om 7 uur"),
	N_("Geen mail"),
};

bool notify_frequency_valid(const char *f)
{
	for (size_t i = 0; f && i < 4; i++)
		if (strcmp(f, notify_frequencies[i]) == 0)
			return true;
	return false;
}

const char *notify_frequency_label(const char *f)
{
	for (size_t i = 0; f && i < 4; i++)
		if (strcmp(f, notify_frequencies[i]) == 0)
			return frequency_labels[i];
	return f;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The UTC moment of a local wall-clock time: of the two offsets the one
 * that gives that local time back (at 07:00 there is no gap or fold). */
static int64_t from_local(int64_t local)
{
	int64_t summer = local - 7200, winter = local - 3600;

	return summer + (int64_t)cal_amsterdam_offset(summer) == local ? summer : winter;
}

int64_t notify_next_run(int64_t now, int hour, int minute, int weekday)
{
	int64_t day = floor_div(now + (int64_t)cal_amsterdam_offset(now), 86400);

	for (int k = 0; k < 9; k++) {
		int64_t d = day + k, t;
		int wd = (int)(((d + 3) % 7 + 7) % 7) + 1; /* 1970-01-01: Thursday */

		if (weekday && wd != weekday)
			continue;
		t = from_local(d * 86400 + hour * 3600 + minute * 60);
		if (t > now)
			return t;
	}
	return now + 86400; /* not reached for valid arguments */
}

static int item_cmp(const void *a, const void *b)
{
	const struct notify_item *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind == 'k' ? -1 : 1;
	if (x->subject != y->subject)
		return x->subject < y->subject ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

size_t notify_group(struct notify_item *items, size_t *n)
{
	size_t groups = 0, w = 0;

	if (*n == 0)
		return 0;
	qsort(items, *n, sizeof(*items), item_cmp);
	for (size_t i = 0; i < *n; i++) {
		bool same = w && items[w - 1].kind == items[i].kind &&
			    items[w - 1].subject == items[i].subject;

		if (same && items[w - 1].id == items[i].id)
			continue;
		if (!same)
			groups++;
		items[w++] = items[i];
	}
	*n = w;
	return groups;
}
