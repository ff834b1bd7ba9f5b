/* timeline: see timeline.h. */
#include "timeline.h"

#include <string.h>

#include "domain/describe.h"
#include "i18n/i18n.h"

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* "Afgerond (deels opgelost)" from "afgerond: deels_opgelost". */
static const char *status_words(struct arena *ar, const char *v)
{
	const char *colon = v ? strstr(v, ": ") : NULL;
	char *st;

	if (!colon)
		return describe_status(or_empty(v));
	st = arena_strndup(ar, v, (size_t)(colon - v));
	return arena_printf(ar, "%s (%s)", describe_status(st),
			    describe_outcome(colon + 2));
}

static const char *date_words(struct arena *ar, const char *ymd)
{
	char buf[64];

	if (describe_date(buf, sizeof(buf), ymd) != 0)
		return or_empty(ymd);
	return arena_strdup(ar, buf);
}

/* "Niveau: buurt → wijk." */
static const char *from_to(struct arena *ar, const char *label,
			   const struct timeline_row *r,
			   const char *(*word)(const char *))
{
	if (r->from_value)
		return arena_printf(ar, "%s %s \u2192 %s.", label,
				    word(r->from_value), word(or_empty(r->to_value)));
	return arena_printf(ar, "%s %s.", label, word(or_empty(r->to_value)));
}

static const char *as_is(const char *s)
{
	return s;
}

static const char *promise_text(struct arena *ar, const struct timeline_row *r)
{
	const char *k = r->kind, *what = or_empty(r->subject);

	if (strcmp(k, "promise") == 0)
		return arena_printf(ar, _("Toezegging: %s Uiterlijk %s."), what,
				    date_words(ar, r->to_value));
	if (strcmp(k, "promise_kept") == 0)
		return arena_printf(ar, _("Toezegging gehaald op %s: %s"),
				    date_words(ar, r->to_value), what);
	if (strcmp(k, "promise_broken") == 0)
		return arena_printf(ar, _("Toezegging niet gehaald: %s Waarom: %s"),
				    what, or_empty(r->reason));
	if (strcmp(k, "promise_changed") == 0)
		return arena_printf(ar, _("Toezegging gewijzigd: %s Nieuwe datum: %s (was %s). Waarom: %s"),
				    what, date_words(ar, r->to_value),
				    date_words(ar, r->from_value),
				    or_empty(r->reason));
	return NULL;
}

const char *timeline_template(struct arena *ar, const struct timeline_row *r)
{
	const char *k = or_empty(r->kind), *to = or_empty(r->to_value), *p;

	if ((p = promise_text(ar, r)))
		return p;
	if (strcmp(k, "created") == 0)
		return arena_printf(ar, _("Kwestie op de agenda gezet, status: %s."),
				    status_words(ar, r->to_value));
	if (strcmp(k, "received") == 0)
		return _("Melding ontvangen.");
	if (strcmp(k, "reopened") == 0)
		return _("Heropend: een bewoner gaf aan dat het niet is opgelost.");
	if (strcmp(k, "closed") == 0)
		return arena_printf(ar, _("Melding afgehandeld: %s."),
				    describe_outcome(to));
	if (strcmp(k, "status") == 0)
		return r->from_value
			       ? arena_printf(ar, _("Status: %s \u2192 %s."),
					      status_words(ar, r->from_value),
					      status_words(ar, r->to_value))
			       : arena_printf(ar, _("Status: %s."),
					      status_words(ar, r->to_value));
	if (strcmp(k, "level") == 0)
		return from_to(ar, _("Niveau:"), r, describe_level);
	if (strcmp(k, "urgency") == 0)
		return from_to(ar, _("Urgentie:"), r, as_is);
	if (strcmp(k, "text") == 0)
		return _("Titel of beschrijving aangepast.");
	if (strcmp(k, "chain") == 0)
		return _("Wie doet wat is aangepast.");
	if (strcmp(k, "signal") == 0)
		return _("Een melding is toegevoegd.");
	if (strcmp(k, "merged") == 0)
		return arena_printf(ar, _("Samengevoegd met kwestie %s."), to);
	if (strcmp(k, "merged_in") == 0)
		return arena_printf(ar, _("Kwestie %s is hierin opgegaan."), to);
	if (strcmp(k, "split") == 0)
		return arena_printf(ar, _("Een deel is verdergegaan als kwestie %s."), to);
	if (strcmp(k, "note") == 0)
		return "";
	return k;
}

/* The template and, for the kinds that are not promises, the reason. */
static const char *with_reason(struct arena *ar, const struct timeline_row *r)
{
	const char *t = timeline_template(ar, r);

	if (!r->reason || !*r->reason || strncmp(or_empty(r->kind), "promise", 7) == 0)
		return t;
	return arena_printf(ar, _("%s Reden: %s"), t, r->reason);
}

const char *timeline_text(struct arena *ar, const struct timeline_row *r)
{
	const char *t = with_reason(ar, r);

	if (!r->message || !*r->message)
		return t;
	if (!*t)
		return r->message;
	return arena_printf(ar, "%s %s", t, r->message);
}

void timeline_fill(struct arena *ar, struct timeline_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rows[i].text = timeline_text(ar, &rows[i]);
}
