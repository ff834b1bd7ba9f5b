/* inventory_report: what the partner inventory merged, newest first (see
 * inventory.h): per merge the organisation, and per field the value kept,
 * its source and the values left out with theirs, as the merge stored
 * them in its JSON detail. */
#include <jansson.h>

#include "html/html.h"
#include "views/inventory.h"

/* "West #3" of a stored member, or "wijkagenda (bestaande organisatie)". */
static void detail_source(struct html *out, json_t *v)
{
	const char *source = json_string_value(json_object_get(v, "source"));

	if (json_object_get(v, "organisation")) {
		html_text(out, _("wijkagenda (bestaande organisatie)"));
		return;
	}
	html_text(out, source ? source : "?");
	html_lit(out, " #");
	html_int(out, (long long)json_integer_value(json_object_get(v, "line")));
}

static void report_field(struct html *out, int f, json_t *fj)
{
	json_t *others = json_object_get(fj, "others"), *o;
	const char *value = json_string_value(json_object_get(fj, "value"));
	size_t i;

	if (!value && !json_array_size(others))
		return;
	html_lit(out, "<tr><th scope=\"row\">");
	html_text(out, _(inv_field_labels[f]));
	html_lit(out, "</th>");
	html_el(out, "td", value ? value : _("(leeg)"));
	html_lit(out, "<td>");
	if (value)
		detail_source(out, fj);
	html_lit(out, "</td><td><ul>");
	json_array_foreach(others, i, o) {
		html_lit(out, "<li>");
		html_text(out, json_string_value(json_object_get(o, "value")));
		html_lit(out, " <span class=\"wa-hint\">(");
		detail_source(out, o);
		html_lit(out, ")</span></li>");
	}
	html_lit(out, "</ul></td></tr>\n");
}

static void report_merge(struct html *out, const struct inv_merge_row *m)
{
	json_t *d = json_loads(m->detail ? m->detail : "{}", 0, NULL);
	json_t *fields = json_object_get(d, "fields");

	html_lit(out, "<section class=\"wa-panel\">\n<h2>");
	if (m->org_id) {
		html_lit(out, "<a href=\"/beheer/organisaties/");
		html_int(out, m->org_id);
		html_lit(out, "\">");
		html_text(out, m->org_name);
		html_lit(out, "</a>");
	} else {
		html_text(out, m->org_name);
	}
	html_lit(out, "</h2>\n<p>");
	html_textf(out, m->created ? _("Nieuwe organisatie uit %lld vermeldingen, "
				       "op %s door %s.")
				   : _("Bestaande organisatie bijgewerkt met %lld "
				       "vermeldingen, op %s door %s."),
		   (long long)m->records, m->merged_at, m->actor_label);
	html_lit(out, "</p>\n<table>\n<thead><tr>");
	html_el(out, "th scope=\"col\"", _("Veld"));
	html_el(out, "th scope=\"col\"", _("Bewaard"));
	html_el(out, "th scope=\"col\"", _("Bron"));
	html_el(out, "th scope=\"col\"", _("Andere waarden"));
	html_lit(out, "</tr></thead>\n<tbody>\n");
	for (int f = 0; f < INV_NFIELDS; f++)
		report_field(out, f, json_object_get(fields, inv_field_names[f]));
	html_lit(out, "</tbody>\n</table>\n</section>\n");
	json_decref(d);
}

void view_inventory_report(struct html *out, const struct page *p,
			   const struct inv_merge_row *rows, size_t n)
{
	view_begin(out, p);
	view_el(out, "h1", _("Rapport van de samenvoegingen"));
	html_lit(out, "<p><a href=\"/beheer/inventaris\">");
	html_text(out, _("Terug naar de partnerinventaris"));
	html_lit(out, "</a></p>\n");
	if (!n) {
		view_el(out, "p", _("Er is nog niets samengevoegd."));
	} else {
		html_lit(out, "<p>");
		html_textf(out, _("%zu samenvoegingen, de nieuwste eerst."), n);
		html_lit(out, "</p>\n");
	}
	for (size_t i = 0; i < n; i++)
		report_merge(out, &rows[i]);
	view_end(out, p);
}
