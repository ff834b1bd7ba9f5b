/* promise: see promise.h. */
#include "promise.h"

#include <string.h>

#include "i18n/i18n.h"

const struct kw_name promise_statuses[PS_STATUSES] = {
	{"open", N_("Open")},
	{"gehaald", N_("Gehaald")},
	{"niet_gehaald", N_("Niet gehaald")},
	{"gewijzigd", N_("Gewijzigd")},
};

int promise_status_parse(const char *s)
{
	for (int i = 0; s && i < PS_STATUSES; i++)
		if (strcmp(s, promise_statuses[i].value) == 0)
			return i;
	return -1;
}

bool promise_when_check(const struct promise_when *w, const char *field,
			struct field_errors *errs)
{
	if (w->due && w->has_workdays) {
		field_errors_add(errs, field,
				 N_("Geef een datum of een aantal werkdagen, niet allebei."));
		return false;
	}
	if (!w->due && !w->has_workdays) {
		field_errors_add(errs, field,
				 N_("Geef een datum of een aantal werkdagen."));
		return false;
	}
	if (w->has_workdays &&
	    (w->workdays < 1 || w->workdays > PROMISE_WORKDAYS_MAX)) {
		field_errors_add(errs, "workdays",
				 N_("Geef een aantal werkdagen van 1 tot en met 250."));
		return false;
	}
	return true;
}

bool promise_due_check(const char *due, const char *today,
		       const char *max_due, const char *field,
		       struct field_errors *errs)
{
	if (!due || !kw_date_valid(due)) {
		field_errors_add(errs, field,
				 N_("Geef een datum die bestaat, als JJJJ-MM-DD."));
		return false;
	}
	if (strcmp(due, today) < 0) {
		field_errors_add(errs, field, N_("Deze datum is al voorbij."));
		return false;
	}
	if (strcmp(due, max_due) > 0) {
		field_errors_add(errs, field,
				 N_("Beloof niets voor meer dan twee jaar vooruit."));
		return false;
	}
	return true;
}

bool promise_what_check(struct arena *ar, const char *what,
			struct field_errors *errs, const char **out)
{
	const char *msg;

	if (!what) {
		field_errors_add(errs, "what", N_("Schrijf op wat u belooft."));
		return false;
	}
	if ((msg = text_check(ar, what, PROMISE_WHAT_MIN, PROMISE_WHAT_MAX,
			      true, out))) {
		field_errors_add(errs, "what", msg);
		return false;
	}
	return true;
}

static bool explanation(struct arena *ar, const char *s,
			struct field_errors *errs, const char **out)
{
	const char *msg;

	if (!s) {
		field_errors_add(errs, "explanation",
				 N_("Leg bewoners uit waarom."));
		return false;
	}
	if ((msg = text_check(ar, s, 3, PROMISE_EXPLANATION_MAX, true, out))) {
		field_errors_add(errs, "explanation", msg);
		return false;
	}
	return true;
}

static bool done_on_check(const char *d, const char *made_on, const char *today,
			  struct field_errors *errs)
{
	if (!kw_date_valid(d)) {
		field_errors_add(errs, "done_on",
				 N_("Geef een datum die bestaat, als JJJJ-MM-DD."));
		return false;
	}
	if (strcmp(d, today) > 0) {
		field_errors_add(errs, "done_on", N_("Deze datum is nog niet geweest."));
		return false;
	}
	if (made_on && strcmp(d, made_on) < 0) {
		field_errors_add(errs, "done_on",
				 N_("Deze datum ligt voor de dag van de toezegging."));
		return false;
	}
	return true;
}

bool promise_change_check(struct arena *ar, int cur_status, const char *made_on,
			  const struct promise_change *ch, const char *today,
			  struct field_errors *errs, int *status,
			  const char **expl, const char **done_on)
{
	int s = promise_status_parse(ch->status);

	*expl = NULL;
	*done_on = NULL;
	if (cur_status != PS_OPEN) {
		field_errors_add(errs, "status",
				 N_("Deze toezegging is al afgesloten; doe een nieuwe."));
		return false;
	}
	if (s <= PS_OPEN) {
		field_errors_add(errs, "status",
				 N_("Kies gehaald, niet gehaald of gewijzigd."));
		return false;
	}
	*status = s;
	if (s == PS_GEHAALD) {
		*done_on = ch->done_on ? ch->done_on : today;
		if (!done_on_check(*done_on, made_on, today, errs))
			return false;
		if (ch->explanation)
			return explanation(ar, ch->explanation, errs, expl);
		return true;
	}
	if (ch->done_on) {
		field_errors_add(errs, "done_on",
				 N_("Een datum van uitvoering hoort alleen bij gehaald."));
		return false;
	}
	if (!explanation(ar, ch->explanation, errs, expl))
		return false;
	if (s == PS_GEWIJZIGD)
		return promise_when_check(&ch->when, "new_due", errs);
	if (ch->when.due || ch->when.has_workdays) {
		field_errors_add(errs, "new_due",
				 N_("Een nieuwe datum hoort alleen bij gewijzigd."));
		return false;
	}
	return true;
}

bool promise_late(int status, const char *due, const char *today)
{
	return status == PS_OPEN && due && today && strcmp(today, due) > 0;
}

bool promise_kept_on_time(int status, const char *due, const char *done_on)
{
	return status == PS_GEHAALD && due && done_on && strcmp(done_on, due) <= 0;
}
