/* open_data: see open_data.h. */
#include "open_data.h"

#include <stdio.h>
#include <string.h>

#include "domain/describe.h"
#include "domain/figures.h"
#include "i18n/i18n.h"

const struct open_data_column open_signal_columns[OPEN_SIGNAL_COLUMNS] = {
	{"id", "integer", N_("nummer van de melding")},
	{"created_on", "date", N_("dag waarop de melding binnenkwam (Amsterdamse tijd)")},
	{"closed_on", "date", N_("dag waarop de melding werd afgesloten; leeg als ze nog open is")},
	{"kind", "text", N_("soort: melding, vraag of idee")},
	{"category", "text", N_("code van de categorie, zoals afval/grofvuil")},
	{"category_name", "text", N_("naam van de categorie")},
	{"status", "text", N_("status: gemeld, of die van de kwestie waar de melding bij hoort")},
	{"outcome", "text", N_("uitkomst als de melding is afgesloten: opgelost, deels_opgelost, niet_op_dit_niveau, geen_actie_nodig, dubbel")},
	{"buurt_code", "text", N_("code van de buurt waar het is (de plek zelf wordt niet gepubliceerd)")},
	{"buurt_name", "text", N_("naam van de buurt")},
	{"wijk_code", "text", N_("code van de wijk")},
	{"gebied_code", "text", N_("code van het gebied")},
	{"stadsdeel_code", "text", N_("code van het stadsdeel")},
	{"kwesties", "list of integers", N_("nummers van de kwesties waar de melding bij hoort (in CSV gescheiden door spaties)")},
	{"demo", "boolean", N_("voorbeeldgegevens, geen echte melding (alleen in een demo)")},
};

const struct open_data_column open_kwestie_columns[OPEN_KWESTIE_COLUMNS] = {
	{"id", "integer", N_("nummer van de kwestie")},
	{"title", "text", N_("titel, door professionals geschreven voor bewoners")},
	{"description", "text", N_("beschrijving, door professionals geschreven voor bewoners")},
	{"area_code", "text", N_("code van het gebied waar de kwestie over gaat (elk niveau)")},
	{"area_level", "text", N_("niveau van dat gebied: buurt, wijk, gebied, stadsdeel, gemeente")},
	{"area_name", "text", N_("naam van dat gebied")},
	{"buurt_code", "text", N_("code van de buurt, als de kwestie over een buurt gaat")},
	{"buurt_name", "text", N_("naam van de buurt")},
	{"wijk_code", "text", N_("code van de wijk")},
	{"gebied_code", "text", N_("code van het gebied")},
	{"stadsdeel_code", "text", N_("code van het stadsdeel")},
	{"theme", "text", N_("thema van de sociale kaart, als er een is gekozen")},
	{"category", "text", N_("categorie van de eerste melding")},
	{"topic", "text", N_("onderwerp: het thema, anders de hoofdcategorie")},
	{"level", "text", N_("schaalniveau waarop de kwestie wordt aangepakt")},
	{"status", "text", N_("status: nieuw, opgepakt, in_uitvoering, doorgezet, geparkeerd, afgerond")},
	{"outcome", "text", N_("uitkomst als de kwestie is afgerond")},
	{"duplicate_of", "integer", N_("bij dubbel: de andere kwestie")},
	{"merged_into", "integer", N_("samengevoegd met deze kwestie")},
	{"forwarded_to", "text", N_("bij doorgezet: naar welk niveau of welke partij")},
	{"regisseur", "text", N_("organisatie die de regie heeft (nooit een persoon)")},
	{"urgency", "integer", N_("urgentie: 0 gewoon, 1 hoog, 2 acuut")},
	{"residents", "integer", N_("betrokken bewoners: meldingen plus steunbetuigingen")},
	{"signals", "integer", N_("aantal meldingen in de kwestie")},
	{"created_on", "date", N_("dag waarop de kwestie is aangemaakt (Amsterdamse tijd)")},
	{"closed_on", "date", N_("dag waarop de kwestie is afgerond; leeg als ze open is")},
	{"demo", "boolean", N_("voorbeeldgegevens, geen echte kwestie (alleen in een demo)")},
};

/* The UTC instant of the start of day d in Amsterdam, as stored
 * timestamps are written (without the fraction). */
static void start_utc(struct cal_date d, char out[32])
{
	cal_utc_format(cal_amsterdam_midnight(d), out);
}

static bool one_date(const char *s, const char *field, bool *has,
		     struct cal_date *d, struct field_errors *errs)
{
	*has = false;
	if (!s || !*s)
		return true;
	if (!cal_date_parse(s, d)) {
		field_errors_add(errs, field,
				 N_("moet een datum zijn als 2026-01-31"));
		return false;
	}
	*has = true;
	return true;
}

bool open_data_period_parse(const char *from, const char *to,
			    struct open_data_period *p,
			    struct field_errors *errs)
{
	struct cal_date after;
	bool ok;

	memset(p, 0, sizeof(*p));
	ok = one_date(from, "from", &p->has_from, &p->from, errs);
	ok = one_date(to, "to", &p->has_to, &p->to, errs) && ok;
	if (!ok)
		return false;
	if (p->has_from && p->has_to) {
		if (cal_date_cmp(p->to, p->from) < 0) {
			field_errors_add(errs, "to",
					 N_("mag niet voor de begindatum liggen"));
			return false;
		}
		/* the figures' rule (domain/figures.c): to before the same
		 * day five years on */
		struct cal_date limit;

		if (fig_add_years(p->from, FIG_MAX_YEARS, &limit) &&
		    cal_date_cmp(p->to, limit) >= 0) {
			field_errors_add(errs, "to",
					 N_("de periode is langer dan vijf jaar"));
			return false;
		}
	}
	if (p->has_from)
		start_utc(p->from, p->from_utc);
	if (p->has_to) {
		if (!cal_add_days(p->to, 1, &after))
			after = p->to; /* 2999-12-31: the end of the range */
		start_utc(after, p->to_utc);
	}
	return true;
}

void open_data_day(const char *iso, char out[11])
{
	int64_t t;

	out[0] = '\0';
	if (iso && describe_moment(iso, &t) == 0)
		cal_date_format(cal_amsterdam_date(t), out);
}
