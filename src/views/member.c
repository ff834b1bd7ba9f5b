/* member: an organisation's members and pending invitations, and the
 * form to invite someone (see beheer.h). */
#include "views/beheer.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/member.h"
#include "domain/organisation.h"
#include "html/html.h"
#include "views/account.h"
#include "views/form.h"

static const char *role_label(const char *role)
{
	return _(member_role_label(role));
}

/* --- members ---------------------------------------------------------- */

/* A member's role in the table, labelled (for screen readers) with
 * whose role it is. */
static void role_select(struct html *out, const char *id, const char *who,
			const char *selected)
{
	static const char *const roles[] = {"medewerker", "coordinator"};

	html_lit(out, "<label class=\"wa-visually-hidden\" for=\"");
	html_value(out, id);
	html_lit(out, "\">");
	html_textf(out, _("Rol van %s"), who);
	html_lit(out, "</label>\n<select class=\"wa-select\" name=\"role\" id=\"");
	html_value(out, id);
	html_lit(out, "\">\n");
	for (size_t i = 0; i < ARRAY_SIZE(roles); i++) {
		html_lit(out, "<option value=\"");
		html_value(out, roles[i]);
		if (selected && strcmp(selected, roles[i]) == 0)
			html_lit(out, "\" selected>");
		else
			html_lit(out, "\">");
		html_text(out, role_label(roles[i]));
		html_lit(out, "</option>\n");
	}
	html_lit(out, "</select>\n");
}

/* Change the role, and remove: two small forms in the member's row. */
static void member_actions(struct html *out, const struct members_page *m,
			   const struct account_row *a)
{
	char action[128], id[48];

	html_lit(out, "<td>\n");
	snprintf(action, sizeof(action), "/beheer/organisaties/%lld/leden/%lld/rol",
		 (long long)m->org->id, (long long)a->id);
	snprintf(id, sizeof(id), "role-%lld", (long long)a->id);
	form_open(out, action, m->csrf);
	role_select(out, id, a->email, a->memberships->role);
	form_button(out, _("Rol wijzigen"), true);
	html_lit(out, "</form>\n");
	snprintf(action, sizeof(action),
		 "/beheer/organisaties/%lld/leden/%lld/verwijderen",
		 (long long)m->org->id, (long long)a->id);
	form_button_only(out, action, m->csrf,
		    a->id == m->self_id ? _("Mijzelf uit de organisatie halen")
					: _("Uit de organisatie halen"), true);
	html_lit(out, "</td>");
}

static void member_row(struct html *out, const struct members_page *m,
		       const struct account_row *a)
{
	html_lit(out, "<tr>");
	view_td(out, a->email);
	view_td(out, a->name);
	view_td(out, role_label(a->memberships->role));
	if (m->can_manage)
		member_actions(out, m, a);
	html_lit(out, "</tr>\n");
}

static void member_table(struct html *out, const struct members_page *m)
{
	if (!m->nmembers) {
		view_el(out, "p", _("Deze organisatie heeft nog geen leden."));
		return;
	}
	html_lit(out, "<table>\n<caption>");
	html_textf(out, _("Leden (%zu)"), m->nmembers);
	html_lit(out, "</caption>\n<thead><tr>");
	view_th(out, _("E-mailadres"));
	view_th(out, _("Naam"));
	view_th(out, _("Rol"));
	if (m->can_manage)
		view_th(out, _("Wijzigen"));
	html_lit(out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < m->nmembers; i++)
		member_row(out, m, &m->members[i]);
	html_lit(out, "</tbody>\n</table>\n");
}

/* "2026-11-27T18:20:33.123Z" as "2026-11-27 18:20 UTC", in a <time>. */
static void td_time(struct html *out, const char *iso)
{
	html_lit(out, "<td><time datetime=\"");
	html_value(out, iso);
	html_lit(out, "\">");
	if (strlen(iso) >= 16 && iso[10] == 'T')
		html_textf(out, "%.10s %.5s UTC", iso, iso + 11);
	else
		html_text(out, iso);
	html_lit(out, "</time></td>");
}

/* Revoke: a small form whose button names the address for screen
 * readers. */
static void invitation_revoke_form(struct html *out, const struct members_page *m,
				   const struct invitation_row *inv)
{
	char action[128];

	snprintf(action, sizeof(action),
		 "/beheer/organisaties/%lld/uitnodigingen/%lld/intrekken",
		 (long long)m->org->id, (long long)inv->id);
	html_lit(out, "<td>\n");
	form_open(out, action, m->csrf);
	html_lit(out, "<button type=\"submit\" class=\"wa-button "
		      "wa-button--secondary\">");
	html_text(out, _("Intrekken"));
	html_lit(out, "<span class=\"wa-visually-hidden\"> ");
	html_textf(out, _("(de uitnodiging van %s)"), inv->email);
	html_lit(out, "</span></button>\n</form>\n</td>");
}

static void invitation_row(struct html *out, const struct members_page *m,
			   const struct invitation_row *inv)
{
	html_lit(out, "<tr>");
	view_td(out, inv->email);
	view_td(out, role_label(inv->role));
	view_td(out, *inv->invited_by_label ? inv->invited_by_label : _("onbekend"));
	td_time(out, inv->created_at);
	td_time(out, inv->expires_at);
	invitation_revoke_form(out, m, inv);
	html_lit(out, "</tr>\n");
}

/* Pending invitations, for whoever may invite.  The same row for an
 * address with an account and one without: the list must not tell. */
static void invitation_table(struct html *out, const struct members_page *m)
{
	view_el(out, "h2", _("Openstaande uitnodigingen"));
	if (!m->ninvitations) {
		view_el(out, "p", _("Er staan geen uitnodigingen open."));
		return;
	}
	html_lit(out, "<table id=\"uitnodigingen\">\n<caption>");
	html_textf(out, _("Openstaande uitnodigingen (%zu)"), m->ninvitations);
	html_lit(out, "</caption>\n<thead><tr>");
	view_th(out, _("E-mailadres"));
	view_th(out, _("Rol"));
	view_th(out, _("Uitgenodigd door"));
	view_th(out, _("Verstuurd"));
	view_th(out, _("Geldig tot"));
	view_th(out, _("Intrekken"));
	html_lit(out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < m->ninvitations; i++)
		invitation_row(out, m, &m->invitations[i]);
	html_lit(out, "</tbody>\n</table>\n");
}

static const char *invite_field_name(const char *field)
{
	if (strcmp(field, "email") == 0)
		return _("E-mailadres");
	if (strcmp(field, "role") == 0)
		return _("Rol");
	return NULL;
}

static void invite_form(struct html *out, const struct members_page *m)
{
	struct form_field email = {"email", _("E-mailadres"),
				   _("Het adres krijgt een uitnodiging die 7 dagen "
				     "werkt. Pas wie die aanneemt, wordt lid."),
				   form_error_find(m->errors, m->nerrors, "email")};
	struct form_field role = {"role", _("Rol"), NULL,
				  form_error_find(m->errors, m->nerrors, "role")};
	const struct choice roles[2] = {
		{"medewerker", role_label("medewerker"), NULL},
		{"coordinator", role_label("coordinator"), NULL}};
	char action[96];

	snprintf(action, sizeof(action), "/beheer/organisaties/%lld/uitnodigen",
		 (long long)m->org->id);
	view_el(out, "h2", _("Iemand uitnodigen"));
	form_error_summary(out, m->errors, m->nerrors, invite_field_name);
	form_open(out, action, m->csrf);
	form_input(out, &email, "email", "off", NULL, m->invite_email);
	form_select(out, &role, _("Kies een rol"), roles, 2,
		    m->invite_role ? m->invite_role : "medewerker");
	html_lit(out, "<div class=\"wa-actions\">\n");
	form_button(out, _("Uitnodigen"), false);
	html_lit(out, "</div>\n</form>\n");
}

void view_beheer_members(struct html *out, const struct page *p,
			 const struct members_page *m)
{
	char back[64];

	view_begin(out, p);
	html_lit(out, "<h1>");
	html_textf(out, _("Leden van %s"), m->org->name);
	html_lit(out, "</h1>\n");
	view_notice(out, m->notice);
	member_table(out, m);
	if (m->can_manage) {
		invitation_table(out, m);
		invite_form(out, m);
	}
	snprintf(back, sizeof(back), "/beheer/organisaties/%lld",
		 (long long)m->org->id);
	html_lit(out, "<p>");
	view_link(out, back, _("Terug naar de organisatie"));
	html_lit(out, "</p>\n");
	view_end(out, p);
}
