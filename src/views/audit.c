/* audit: the audit log for the beheerder, newest first, with a filter
 * (see beheer.h). */
#include "views/beheer.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/member.h"
#include "domain/organisation.h"
#include "html/html.h"
#include "views/account.h"
#include "views/form.h"

/* --- audit log -------------------------------------------------------- */

static const char *entity_label(const char *entity)
{
	if (strcmp(entity, "organisation") == 0)
		return _("Organisatie");
	if (strcmp(entity, "account") == 0)
		return _("Account");
	if (strcmp(entity, "signal") == 0)
		return _("Melding");
	return entity;
}

static void audit_filter(struct html *out, const struct audit_page *a)
{
	struct form_field entity = {"entity", _("Soort record"), NULL, NULL};
	struct form_field id = {"entity_id", _("Nummer van het record (niet verplicht)"),
				NULL, NULL};
	struct choice opts[16];
	size_t n = a->nentities < ARRAY_SIZE(opts) ? a->nentities : ARRAY_SIZE(opts);

	for (size_t i = 0; i < n; i++)
		opts[i] = (struct choice){a->entities[i], entity_label(a->entities[i]),
					  NULL};
	html_lit(out, "<form class=\"wa-form\" method=\"get\" action=\"/beheer/audit\">\n");
	form_select(out, &entity, _("Alle"), opts, n, a->entity);
	form_input(out, &id, "text", "off", NULL, a->entity_id);
	form_button(out, _("Filteren"), true);
	html_lit(out, "</form>\n");
}

static void audit_row_write(struct html *out, const struct audit_row *r)
{
	html_lit(out, "<tr>");
	view_td(out, r->at);
	view_td(out, r->actor_label);
	view_td(out, r->action);
	html_lit(out, "<td>");
	html_textf(out, "%s %s", r->entity, r->entity_id);
	html_lit(out, "</td><td><code>");
	html_text(out, r->detail);
	html_lit(out, "</code></td></tr>\n");
}

void view_beheer_audit(struct html *out, const struct page *p,
		       const struct audit_page *a)
{
	view_begin(out, p);
	view_el(out, "h1", _("Auditlog"));
	view_el(out, "p", _("Wie wat deed met welk record, nieuwste eerst. Het "
			    "log kan niet worden gewijzigd."));
	audit_filter(out, a);
	if (!a->nrows) {
		view_el(out, "p", _("Geen regels gevonden."));
	} else {
		html_lit(out, "<table>\n<thead><tr>");
		view_th(out, _("Tijd (UTC)"));
		view_th(out, _("Wie"));
		view_th(out, _("Handeling"));
		view_th(out, _("Record"));
		view_th(out, _("Details"));
		html_lit(out, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < a->nrows; i++)
			audit_row_write(out, &a->rows[i]);
		html_lit(out, "</tbody>\n</table>\n");
	}
	if (a->next) {
		html_lit(out, "<p>");
		view_link(out, a->next, _("Oudere regels"));
		html_lit(out, "</p>\n");
	}
	view_end(out, p);
}
