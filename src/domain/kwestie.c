/* kwestie: see kwestie.h. */
#include "kwestie.h"

#include <string.h>

#include "domain/calendar.h"
#include "i18n/i18n.h"

const struct kw_name kw_levels[KW_LEVELS] = {
	{"buurt", N_("Buurt")},		{"wijk", N_("Wijk")},
	{"gebied", N_("Gebied")},	{"stadsdeel", N_("Stadsdeel")},
	{"gemeente", N_("Gemeente")},	{"regio", N_("Regio")},
	{"rijk", N_("Rijk")},
};

const struct kw_name kw_statuses[KS_STATUSES] = {
	{"nieuw", N_("Nieuw")},
	{"opgepakt", N_("Opgepakt")},
	{"in_uitvoering", N_("In uitvoering")},
	{"doorgezet", N_("Doorgezet")},
	{"geparkeerd", N_("Geparkeerd")},
	{"afgerond", N_("Afgerond")},
};

const struct kw_name kw_outcomes[KO_OUTCOMES] = {
	{"", ""},
	{"opgelost", N_("Opgelost")},
	{"deels_opgelost", N_("Deels opgelost")},
	{"niet_op_dit_niveau", N_("Niet op te lossen op dit niveau")},
	{"geen_actie_nodig", N_("Geen actie nodig")},
	{"dubbel", N_("Dubbel")},
};

const struct kw_name kw_roles[KR_ROLES] = {
	{"regisseur", N_("Regisseur")},
	{"uitvoerder", N_("Uitvoerder")},
	{"financier", N_("Financier")},
	{"betrokken", N_("Betrokken")},
};

const struct kw_name kw_urgencies[KW_URGENCY_MAX + 1] = {
	{"0", N_("Gewoon")},
	{"1", N_("Hoog")},
	{"2", N_("Acuut")},
};

static int parse_in(const struct kw_name *t, int n, const char *s)
{
	if (!s || !*s)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(t[i].value, s) == 0)
			return i;
	return -1;
}

int kw_level_parse(const char *s) { return parse_in(kw_levels, KW_LEVELS, s); }
int kw_status_parse(const char *s) { return parse_in(kw_statuses, KS_STATUSES, s); }
int kw_outcome_parse(const char *s) { return parse_in(kw_outcomes, KO_OUTCOMES, s); }
int kw_role_parse(const char *s) { return parse_in(kw_roles, KR_ROLES, s); }

enum kw_level kw_level_of_area(enum area_level l)
{
	switch (l) {
	case AREA_BUURT: return KW_BUURT;
	case AREA_WIJK: return KW_WIJK;
	case AREA_GEBIED: return KW_GEBIED;
	case AREA_STADSDEEL: return KW_STADSDEEL;
	default: return KW_GEMEENTE;
	}
}

struct kw_state kw_state_new(enum area_level area_level)
{
	struct kw_state s;

	memset(&s, 0, sizeof(s));
	s.level = -1;
	s.area_level = area_level;
	s.status = KS_NIEUW;
	s.outcome = KO_NONE;
	return s;
}

bool kw_date_valid(const char *s)
{
	struct cal_date d;

	return cal_date_parse(s, &d) && d.y >= 2000;
}

/* A text field of the change: absent keeps it; present is checked. */
static void text_field(struct arena *ar, struct field_errors *errs,
		       const char *field, const char *in, size_t min,
		       size_t max, bool multiline, const char **dst)
{
	const char *msg, *out = NULL;

	if (!in)
		return;
	if ((msg = text_check(ar, in, min, max, multiline, &out)))
		field_errors_add_first(errs, field, msg);
	else
		*dst = out;
}

/* The enum fields: level, status, outcome, urgency. */
static void enum_fields(const struct kw_change *ch, struct kw_state *n,
			struct field_errors *errs)
{
	int v;

	if (ch->level) {
		if ((v = kw_level_parse(ch->level)) < 0)
			field_errors_add(errs, "level",
					 N_("Kies een schaalniveau: buurt, wijk, gebied, "
					    "stadsdeel, gemeente, regio of rijk."));
		else
			n->level = v;
	}
	if (ch->status) {
		if ((v = kw_status_parse(ch->status)) < 0)
			field_errors_add(errs, "status", N_("Deze status bestaat niet."));
		else
			n->status = v;
	}
	if (ch->outcome) {
		if (!*ch->outcome)
			n->outcome = KO_NONE;
		else if ((v = kw_outcome_parse(ch->outcome)) < 0)
			field_errors_add(errs, "outcome", N_("Deze uitkomst bestaat niet."));
		else
			n->outcome = v;
	}
	if (ch->has_urgency) {
		if (ch->urgency < 0 || ch->urgency > KW_URGENCY_MAX)
			field_errors_add(errs, "urgency",
					 N_("Urgentie is 0 (gewoon), 1 (hoog) of 2 (acuut)."));
		else
			n->urgency = (int)ch->urgency;
	}
	if (ch->has_duplicate_of)
		n->duplicate_of = ch->duplicate_of;
}

/* The rules between the fields, on the state as it would be. */
static void state_rules(const struct kw_state *cur, const struct kw_change *ch,
			const char *today, struct kw_state *n,
			struct field_errors *errs)
{
	bool is_new = cur->id == 0;

	if (n->level >= 0 && n->level < (int)kw_level_of_area(n->area_level))
		field_errors_add(errs, "level",
				 N_("Het schaalniveau kan niet lager zijn dan het "
				    "gebied van de kwestie."));
	if (!is_new && n->level != cur->level && !ch->level_reason)
		field_errors_add(errs, "level_reason",
				 N_("Geef een reden voor het andere schaalniveau."));
	if (!is_new && n->status == KS_NIEUW && cur->status != KS_NIEUW)
		field_errors_add(errs, "status",
				 N_("Een opgepakte kwestie kan niet terug naar nieuw."));
	if (is_new && n->status != KS_NIEUW && n->status != KS_OPGEPAKT)
		field_errors_add(errs, "status",
				 N_("Een nieuwe kwestie is nieuw of opgepakt."));
	if (n->status != KS_NIEUW && n->nregisseurs != 1)
		field_errors_add(errs, "chain",
				 N_("Een kwestie oppakken kan alleen met precies één "
				    "regisseur in de keten."));
	if (cur->status == KS_AFGEROND && n->status != KS_AFGEROND &&
	    n->status != KS_OPGEPAKT && n->status != KS_IN_UITVOERING)
		field_errors_add(errs, "status",
				 N_("Een afgeronde kwestie gaat alleen terug naar "
				    "opgepakt of in uitvoering."));
	/* What belongs to another status is refused, not dropped without a
	 * word (the answer would say it was taken). */
	if (ch->forwarded_to && n->status != KS_DOORGEZET)
		field_errors_add(errs, "forwarded_to",
				 N_("Waarheen hoort bij doorzetten: kies de status "
				    "doorgezet."));
	if (ch->park_until && n->status != KS_GEPARKEERD)
		field_errors_add(errs, "park_until",
				 N_("Een datum om weer te kijken hoort bij de status "
				    "geparkeerd."));
	if (ch->park_reason && n->status != KS_GEPARKEERD)
		field_errors_add(errs, "park_reason",
				 N_("Een reden om te parkeren hoort bij de status "
				    "geparkeerd."));
	if (ch->has_duplicate_of && ch->duplicate_of &&
	    (n->status != KS_AFGEROND || n->outcome != KO_DUBBEL))
		field_errors_add(errs, "duplicate_of",
				 N_("Alleen een dubbele kwestie noemt de andere: kies "
				    "de uitkomst dubbel."));
	/* Leaving a status takes what belonged to it along. */
	if (n->status != KS_AFGEROND) {
		if (ch->outcome && *ch->outcome)
			field_errors_add(errs, "outcome",
					 N_("Een uitkomst hoort bij afronden: kies "
					    "de status afgerond."));
		n->outcome = KO_NONE;
		n->duplicate_of = 0;
	}
	if (n->status != KS_DOORGEZET)
		n->forwarded_to = NULL;
	if (n->status != KS_GEPARKEERD)
		n->park_until = n->park_reason = NULL;

	if (n->status == KS_AFGEROND && n->outcome == KO_NONE)
		field_errors_add(errs, "outcome",
				 N_("Afronden kan alleen met een uitkomst: opgelost, "
				    "deels opgelost, niet op te lossen op dit niveau, "
				    "geen actie nodig of dubbel."));
	if (n->outcome == KO_DUBBEL && !n->duplicate_of)
		field_errors_add(errs, "duplicate_of",
				 N_("Noem de kwestie waarvan deze een dubbele is."));
	if (n->outcome != KO_DUBBEL)
		n->duplicate_of = 0;
	if (n->duplicate_of && n->duplicate_of == cur->id)
		field_errors_add(errs, "duplicate_of",
				 N_("Een kwestie kan geen dubbele van zichzelf zijn."));
	if (n->status == KS_DOORGEZET && !n->forwarded_to)
		field_errors_add(errs, "forwarded_to",
				 N_("Noem naar welk niveau of welke partij de kwestie "
				    "is doorgezet."));
	if (n->status == KS_GEPARKEERD) {
		if (!n->park_reason)
			field_errors_add(errs, "park_reason",
					 N_("Geef een reden om de kwestie te parkeren."));
		if (!n->park_until)
			field_errors_add(errs, "park_until",
					 N_("Kies een datum om er weer naar te kijken."));
		else if (!kw_date_valid(n->park_until))
			field_errors_add(errs, "park_until",
					 N_("Schrijf de datum als JJJJ-MM-DD."));
		else if (ch->park_until && strcmp(n->park_until, today) <= 0)
			field_errors_add(errs, "park_until",
					 N_("Die datum ligt niet in de toekomst."));
	}
}

bool kwestie_apply(struct arena *ar, const struct kw_state *cur,
		   const struct kw_change *ch, const char *today,
		   struct kw_state *next, struct field_errors *errs)
{
	size_t before = errs->n;
	bool is_new = cur->id == 0;

	*next = *cur;
	if (is_new) {
		if (!ch->title)
			field_errors_add(errs, "title", N_("Geef de kwestie een titel."));
		if (!ch->description)
			field_errors_add(errs, "description",
					 N_("Beschrijf de kwestie voor bewoners."));
		if (!ch->level)
			field_errors_add(errs, "level", N_("Kies een schaalniveau."));
		if (!ch->level_reason)
			field_errors_add(errs, "level_reason",
					 N_("Geef een reden voor dit schaalniveau."));
	}
	text_field(ar, errs, "title", ch->title, 3, KW_TITLE_MAX, false,
		   &next->title);
	text_field(ar, errs, "description", ch->description, 3,
		   KW_DESCRIPTION_MAX, true, &next->description);
	text_field(ar, errs, "level_reason", ch->level_reason, 3, KW_REASON_MAX,
		   true, &next->level_reason);
	text_field(ar, errs, "forwarded_to", ch->forwarded_to, 2,
		   KW_FORWARDED_MAX, false, &next->forwarded_to);
	text_field(ar, errs, "park_reason", ch->park_reason, 3, KW_REASON_MAX,
		   true, &next->park_reason);
	if (ch->park_until)
		next->park_until = ch->park_until;
	enum_fields(ch, next, errs);
	if (errs->n == before)
		state_rules(cur, ch, today, next, errs);
	return errs->n == before;
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool kw_state_differs(const struct kw_state *a, const struct kw_state *b)
{
	return !same_str(a->title, b->title) ||
	       !same_str(a->description, b->description) ||
	       a->level != b->level ||
	       !same_str(a->level_reason, b->level_reason) ||
	       a->status != b->status || a->outcome != b->outcome ||
	       a->duplicate_of != b->duplicate_of ||
	       !same_str(a->forwarded_to, b->forwarded_to) ||
	       !same_str(a->park_until, b->park_until) ||
	       !same_str(a->park_reason, b->park_reason) ||
	       a->urgency != b->urgency;
}

size_t kw_chain_regisseurs(const struct kw_link *c, size_t n)
{
	size_t r = 0;

	for (size_t i = 0; i < n; i++)
		r += c[i].role == KR_REGISSEUR;
	return r;
}

bool kwestie_chain_check(const struct kw_link *c, size_t n, int status,
			 struct field_errors *errs)
{
	size_t before = errs->n, regisseurs = kw_chain_regisseurs(c, n);

	if (n > KW_CHAIN_MAX) {
		field_errors_add(errs, "chain",
				 N_("De keten heeft te veel organisaties."));
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (c[i].organisation <= 0 || c[i].role < 0 || c[i].role >= KR_ROLES) {
			field_errors_add_first(errs, "chain",
					       N_("Elke schakel noemt een organisatie en "
						  "een rol: regisseur, uitvoerder, "
						  "financier of betrokken."));
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (c[j].organisation == c[i].organisation)
				field_errors_add_first(errs, "chain",
						       N_("Een organisatie staat maar één "
							  "keer in de keten."));
	}
	if (regisseurs > 1)
		field_errors_add_first(errs, "chain",
				       N_("Een kwestie heeft één regisseur, niet meer."));
	else if (status != KS_NIEUW && regisseurs != 1)
		field_errors_add_first(errs, "chain",
				       N_("Een opgepakte kwestie heeft precies één "
					  "regisseur."));
	return errs->n == before;
}

const char *kw_signal_status(int status)
{
	if (status < 0 || status >= KS_STATUSES)
		return "gemeld";
	return kw_statuses[status].value;
}

const char *kw_reason_check(struct arena *ar, const char *s, const char **out)
{
	if (!s)
		return N_("Geef een reden.");
	return text_check(ar, s, 3, KW_REASON_MAX, true, out);
}
