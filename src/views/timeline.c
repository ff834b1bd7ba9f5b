/* timeline: the section "Wat er is gebeurd" (see timeline.h), the same
 * on the kwestie page and the resident's tracking page. */
#include "views/timeline.h"

#include "domain/describe.h"

/* "27 november 2026, 18:20" in Amsterdam, or the stored text when it is
 * no moment. */
static void when(struct html *out, const char *iso)
{
	char buf[64];

	html_text(out, describe_time(buf, sizeof(buf), iso) == 0 ? buf : iso);
}

static void feed_link(struct html *out, const char *feed)
{
	html_lit(out, "<p class=\"wa-note\"><a href=\"");
	html_url(out, feed);
	html_lit(out, "\" type=\"application/atom+xml\">");
	html_text(out, _("Volg dit in een feedlezer (Atom)"));
	html_lit(out, "</a></p>\n");
}

void view_timeline(struct html *out, const struct timeline_row *rows,
		   size_t n, const char *feed)
{
	view_el(out, "h2", _("Wat er is gebeurd"));
	if (n) {
		html_lit(out, "<table class=\"wa-table\">\n<thead><tr>");
		view_th(out, _("Datum"));
		view_th(out, _("Wie"));
		view_th(out, _("Wat"));
		html_lit(out, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++) {
			html_lit(out, "<tr><td>");
			when(out, rows[i].at);
			html_lit(out, "</td>");
			view_td(out, rows[i].actor);
			view_td(out, rows[i].text);
			html_lit(out, "</tr>\n");
		}
		html_lit(out, "</tbody>\n</table>\n");
	}
	if (feed)
		feed_link(out, feed);
}
