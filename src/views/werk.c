/* werk: a professional's start page (see werk.h): their organisations
 * and roles, and the way on. */
#include "views/werk.h"

#include "domain/member.h"
#include "html/html.h"

static void org_list(struct html *out, const struct werk_page *w)
{
	if (!w->nmemberships) {
		html_lit(out, "<p>");
		html_text(out, _("U bent nog geen lid van een organisatie."));
		html_lit(out, "</p>\n");
		return;
	}
	html_lit(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < w->nmemberships; i++) {
		const struct membership_row *m = &w->memberships[i];

		html_lit(out, "<li><a href=\"/beheer/organisaties/");
		html_int(out, m->org_id);
		html_lit(out, "\">");
		html_text(out, m->org_name);
		html_lit(out, "</a> (");
		html_text(out, _(member_role_label(m->role)));
		html_lit(out, ")</li>\n");
	}
	html_lit(out, "</ul>\n");
}

void view_werk(struct html *out, const struct page *p,
	       const struct werk_page *w)
{
	view_begin(out, p);
	view_el(out, "h1", _("Mijn werk"));
	html_lit(out, "<p>");
	html_textf(out, _("Ingelogd als %s."), w->email);
	html_lit(out, "</p>\n");
	view_el(out, "h2", _("Mijn organisaties"));
	org_list(out, w);
	if (w->nmemberships) {
		view_el(out, "h2", _("Meldingen en kwesties"));
		html_lit(out, "<ul class=\"wa-list\"><li><a href=\"/werk/triage\">");
		html_text(out, _("Triage: meldingen zonder kwestie"));
		html_lit(out, "</a></li><li><a href=\"/werk/kwesties\">");
		html_text(out, _("Kwesties van mijn organisaties"));
		html_lit(out, "</a></li></ul>\n");
	}
	if (w->is_admin) {
		view_el(out, "h2", _("Beheer"));
		html_lit(out, "<ul class=\"wa-list\"><li><a "
			      "href=\"/beheer/organisaties\">");
		html_text(out, _("Alle organisaties"));
		html_lit(out, "</a></li><li><a href=\"/beheer/audit\">");
		html_text(out, _("Auditlog"));
		html_lit(out, "</a></li></ul>\n");
	}
	/* Log out: the button in the header (views/layout.c). */
	view_end(out, p);
}
