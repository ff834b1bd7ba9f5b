/* open_data: see open_data.h. */
#include "views/open_data.h"

#include "base/util.h"
#include "domain/open_data.h"

static const struct {
	const char *href, *label;
} downloads[] = {
	{"/open-data/signalen.csv", N_("Meldingen (CSV)")},
	{"/open-data/signalen.json", N_("Meldingen (JSON)")},
	{"/open-data/kwesties.csv", N_("Kwesties (CSV)")},
	{"/open-data/kwesties.json", N_("Kwesties (JSON)")},
};

static const char *const left_out[] = {
	N_("De tekst die een bewoner bij een melding schreef: die wordt niet "
	   "gepubliceerd. Titel en beschrijving van een kwestie wel: die "
	   "schrijven professionals voor de openbare agenda."),
	N_("Namen, e-mailadressen, telefoonnummers, links en sleutels van "
	   "bewoners, en wie er bij een organisatie aan werkte."),
	N_("De plek zelf: alleen de buurt (en wijk, gebied, stadsdeel), geen "
	   "coördinaten."),
	N_("Tijdstippen: alleen de dag."),
};

static void write_downloads(struct html *out)
{
	html_lit(out, "<ul>\n");
	for (size_t i = 0; i < ARRAY_SIZE(downloads); i++) {
		html_lit(out, "<li>");
		view_link(out, downloads[i].href, _(downloads[i].label));
		html_lit(out, "</li>\n");
	}
	html_lit(out, "</ul>\n");
	view_el(out, "p",
		_("Een periode kiest u met ?from=2026-01-01&to=2026-12-31 (de dag "
		  "waarop iets binnenkwam, hoogstens vijf jaar). Zonder periode "
		  "krijgt u alles."));
}

static void write_licence(struct html *out)
{
	view_el(out, "h2", _("Licentie"));
	html_lit(out, "<p>");
	html_text(out, _("Vrij te gebruiken, ook zonder bronvermelding: "));
	view_link(out, OPEN_DATA_LICENCE_URL,
		  _("Creative Commons Zero (CC0 1.0)"));
	html_lit(out, "</p>\n");
}

static void write_left_out(struct html *out)
{
	view_el(out, "h2", _("Wat er niet in staat"));
	html_lit(out, "<ul>\n");
	for (size_t i = 0; i < ARRAY_SIZE(left_out); i++)
		view_el(out, "li", _(left_out[i]));
	html_lit(out, "</ul>\n");
}

static void write_columns(struct html *out, const char *caption,
			  const struct open_data_column *c, size_t n)
{
	html_lit(out, "<table>\n<caption>");
	html_text(out, caption);
	html_lit(out, "</caption>\n<thead><tr>");
	view_th(out, _("Kolom"));
	view_th(out, _("Soort"));
	view_th(out, _("Betekenis"));
	html_lit(out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_lit(out, "<tr><td><code>");
		html_text(out, c[i].name);
		html_lit(out, "</code></td>");
		view_td(out, c[i].type);
		view_td(out, _(c[i].meaning));
		html_lit(out, "</tr>\n");
	}
	html_lit(out, "</tbody>\n</table>\n");
}

void view_open_data(struct html *out, const struct page *p)
{
	view_begin(out, p);
	view_el(out, "h1", _("Open data"));
	view_el(out, "p class=\"wa-lead\"",
		_("Alle meldingen en kwesties, zonder wat bewoners kan "
		  "herkennen. Voor iedereen, als CSV (voor een spreadsheet) of "
		  "JSON."));
	write_downloads(out);
	write_licence(out);
	write_left_out(out);
	view_el(out, "h2", _("Kolommen"));
	view_el(out, "p",
		_("De namen van de kolommen blijven gelijk. In CSV krijgt een "
		  "tekst die begint met = + - of @ een apostrof ervoor, zodat een "
		  "spreadsheet hem niet als formule leest; JSON geeft de tekst "
		  "zoals hij is."));
	write_columns(out, _("Meldingen"), open_signal_columns,
		      OPEN_SIGNAL_COLUMNS);
	write_columns(out, _("Kwesties"), open_kwestie_columns,
		      OPEN_KWESTIE_COLUMNS);
	view_end(out, p);
}
