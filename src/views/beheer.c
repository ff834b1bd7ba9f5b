/* beheer: the administration pages (see beheer.h).  Plain HTML forms:
 * each change is its own small form with a button, so nothing needs
 * JavaScript, and each state-changing form carries the CSRF token.
 * Errors come back from the server as a summary at the top of the form
 * and a message at each field, as on the report form. */
#include "views/beheer.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/member.h"
#include "domain/organisation.h"
#include "html/html.h"
#include "views/account.h"
#include "views/form.h"

const char *view_org_kind_label(const char *kind)
{
	const char *label = org_kind_label(kind);

	return label ? _(label) : kind;
}

static const char *role_label(const char *role)
{
	return _(member_role_label(role));
}

/* --- small pieces ----------------------------------------------------- */

static void notice(struct html *out, const char *text)
{
	if (!text)
		return;
	html_lit(out, "<div class=\"wa-panel wa-panel--success\" role=\"status\">"
		      "<p>");
	html_text(out, text);
	html_lit(out, "</p></div>\n");
}

static void link(struct html *out, const char *href, const char *text)
{
	html_lit(out, "<a href=\"");
	html_url(out, href);
	html_lit(out, "\">");
	html_text(out, text);
	html_lit(out, "</a>");
}

static void button(struct html *out, const char *text, bool secondary)
{
	if (secondary)
		html_lit(out, "<button type=\"submit\" class=\"wa-button "
			      "wa-button--secondary\">");
	else
		html_lit(out, "<button type=\"submit\" class=\"wa-button\">");
	html_text(out, text);
	html_lit(out, "</button>\n");
}

static void form_open(struct html *out, const char *action, const char *csrf)
{
	html_lit(out, "<form class=\"wa-form\" method=\"post\" action=\"");
	html_url(out, action);
	html_lit(out, "\" accept-charset=\"utf-8\" novalidate>\n");
	view_csrf(out, csrf);
}

/* A form that is only a button (remove, revoke, delete). */
static void button_form(struct html *out, const char *action, const char *csrf,
			const char *text)
{
	form_open(out, action, csrf);
	button(out, text, true);
	html_lit(out, "</form>\n");
}

static void checkbox(struct html *out, const char *name, const char *value,
		     const char *label, bool checked)
{
	html_lit(out, "<div class=\"wa-radio\">\n<input type=\"checkbox\" id=\"c-");
	html_value(out, name);
	html_lit(out, "-");
	html_value(out, value);
	html_lit(out, "\" name=\"");
	html_value(out, name);
	html_lit(out, "\" value=\"");
	html_value(out, value);
	if (checked)
		html_lit(out, "\" checked>\n<label for=\"c-");
	else
		html_lit(out, "\">\n<label for=\"c-");
	html_value(out, name);
	html_lit(out, "-");
	html_value(out, value);
	html_lit(out, "\">");
	html_text(out, label);
	html_lit(out, "</label>\n</div>\n");
}

static bool in_list(char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] && strcmp(list[i], s) == 0)
			return true;
	return false;
}

static void th(struct html *out, const char *text)
{
	html_lit(out, "<th scope=\"col\">");
	html_text(out, text);
	html_lit(out, "</th>");
}

static void td(struct html *out, const char *text)
{
	html_lit(out, "<td>");
	html_text(out, text);
	html_lit(out, "</td>");
}

/* --- the list of organisations ---------------------------------------- */

static void org_table_row(struct html *out, const struct org_row *o)
{
	html_lit(out, "<tr><td><a href=\"/beheer/organisaties/");
	html_int(out, o->id);
	html_lit(out, "\">");
	html_text(out, o->name);
	html_lit(out, "</a></td>");
	td(out, view_org_kind_label(o->kind));
	td(out, o->kvk ? o->kvk : "");
	html_lit(out, "</tr>\n");
}

void view_beheer_orgs(struct html *out, const struct page *p,
		      const struct org_row *orgs, size_t n, const char *notice_text)
{
	view_begin(out, p);
	view_el(out, "h1", _("Organisaties"));
	notice(out, notice_text);
	html_lit(out, "<p>");
	link(out, "/beheer/organisaties/nieuw", _("Nieuwe organisatie"));
	html_lit(out, "</p>\n");
	if (!n) {
		view_el(out, "p", _("Er zijn nog geen organisaties."));
		view_end(out, p);
		return;
	}
	html_lit(out, "<table>\n<caption>");
	html_textf(out, _("Organisaties (%zu)"), n);
	html_lit(out, "</caption>\n<thead><tr>");
	th(out, _("Naam"));
	th(out, _("Soort"));
	th(out, _("KvK-nummer"));
	html_lit(out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		org_table_row(out, &orgs[i]);
	html_lit(out, "</tbody>\n</table>\n");
	view_end(out, p);
}

/* --- the organisation form -------------------------------------------- */

static const struct {
	const char *field, *name;
} org_field_names[] = {
	{"name", N_("Naam")},
	{"kind", N_("Soort")},
	{"kvk", N_("KvK-nummer")},
	{"areas", N_("Werkgebied")},
	{"areas_other", N_("Andere gebiedscodes")},
};

static const char *org_field_name(const char *field)
{
	for (size_t i = 0; i < ARRAY_SIZE(org_field_names); i++)
		if (strcmp(field, org_field_names[i].field) == 0)
			return _(org_field_names[i].name);
	return NULL;
}

static struct form_field org_field(const struct org_form *f, const char *name,
				   const char *label, const char *hint)
{
	struct form_field ff = {name, label, hint,
				form_error_find(f->errors, f->nerrors, name)};
	return ff;
}

static void org_kind_select(struct html *out, const struct org_form *f)
{
	struct form_field ff = org_field(f, "kind", _("Soort organisatie"), NULL);
	struct choice opts[ORG_KINDS];

	for (size_t i = 0; i < ORG_KINDS; i++)
		opts[i] = (struct choice){org_kinds[i].value,
					  _(org_kinds[i].label), NULL};
	form_select(out, &ff, _("Kies een soort"), opts, ORG_KINDS, f->kind);
}

static bool any_gebied_checked(const struct org_form *f, const char *stadsdeel)
{
	for (size_t i = 0; i < f->ngebieden; i++)
		if (f->gebieden[i].group &&
		    strcmp(f->gebieden[i].group, stadsdeel) == 0 &&
		    in_list(f->areas, f->nareas, f->gebieden[i].value))
			return true;
	return false;
}

/* The gebieden of one stadsdeel, folded away unless one is chosen. */
static void org_gebieden(struct html *out, const struct org_form *f,
			 const struct choice *sd)
{
	size_t n = 0;

	for (size_t i = 0; i < f->ngebieden; i++)
		n += f->gebieden[i].group &&
		     strcmp(f->gebieden[i].group, sd->value) == 0;
	if (!n)
		return;
	if (any_gebied_checked(f, sd->value))
		html_lit(out, "<details class=\"wa-details\" open>\n<summary>");
	else
		html_lit(out, "<details class=\"wa-details\">\n<summary>");
	html_textf(out, _("Gebieden in %s"), sd->label);
	html_lit(out, "</summary>\n<div class=\"wa-details__body wa-radios\">\n");
	for (size_t i = 0; i < f->ngebieden; i++)
		if (f->gebieden[i].group &&
		    strcmp(f->gebieden[i].group, sd->value) == 0)
			checkbox(out, "areas", f->gebieden[i].value,
				 f->gebieden[i].label,
				 in_list(f->areas, f->nareas, f->gebieden[i].value));
	html_lit(out, "</div>\n</details>\n");
}

static void org_areas(struct html *out, const struct org_form *f)
{
	struct form_field ff = org_field(f, "areas", _("Werkgebied"),
					 _("Waar werkt de organisatie? Kies "
					   "stadsdelen of gebieden, of beide."));
	struct form_field other =
		org_field(f, "areas_other", _("Andere gebiedscodes (niet verplicht)"),
			  _("Codes van de gemeente, wijken of buurten, "
			    "gescheiden door spaties. Bijvoorbeeld: GM0363 "
			    "EK AA01."));

	form_field_begin(out, &ff);
	html_lit(out, "<fieldset class=\"wa-fieldset\" id=\"f-areas\"");
	form_describedby(out, &ff);
	html_lit(out, ">\n");
	view_el(out, "legend class=\"wa-legend\"", ff.label);
	form_notes(out, &ff);
	view_el(out, "p class=\"wa-label\"", _("Stadsdelen"));
	html_lit(out, "<div class=\"wa-radios\">\n");
	for (size_t i = 0; i < f->nstadsdelen; i++)
		checkbox(out, "areas", f->stadsdelen[i].value,
			 f->stadsdelen[i].label,
			 in_list(f->areas, f->nareas, f->stadsdelen[i].value));
	html_lit(out, "</div>\n");
	for (size_t i = 0; i < f->nstadsdelen; i++)
		org_gebieden(out, f, &f->stadsdelen[i]);
	form_input(out, &other, "text", "off", NULL, f->areas_other);
	html_lit(out, "</fieldset>\n");
	form_field_end(out);
}

static void org_form_write(struct html *out, const struct org_form *f)
{
	struct form_field name = org_field(f, "name", _("Naam"),
					   _("Zoals bewoners de organisatie kennen; "
					     "hoogstens 200 tekens."));
	struct form_field kvk = org_field(f, "kvk", _("KvK-nummer (niet verplicht)"),
					  _("8 cijfers."));

	form_error_summary(out, f->errors, f->nerrors, org_field_name);
	form_open(out, f->action, f->csrf);
	form_input(out, &name, "text", "organization", NULL, f->name);
	if (!f->kind_areas_fixed)
		org_kind_select(out, f);
	form_input(out, &kvk, "text", "off", "numeric", f->kvk);
	if (f->kind_areas_fixed)
		view_el(out, "p class=\"wa-hint\"",
			_("De soort en het werkgebied van de organisatie wijzigt "
			  "alleen de beheerder."));
	else
		org_areas(out, f);
	html_lit(out, "<div class=\"wa-actions\">\n");
	button(out, f->submit, false);
	html_lit(out, "</div>\n</form>\n");
}

void view_beheer_org_new(struct html *out, const struct page *p,
			 const struct org_form *f)
{
	view_begin(out, p);
	view_el(out, "h1", _("Nieuwe organisatie"));
	org_form_write(out, f);
	html_lit(out, "<p>");
	link(out, "/beheer/organisaties", _("Terug naar alle organisaties"));
	html_lit(out, "</p>\n");
	view_end(out, p);
}

/* --- an organisation -------------------------------------------------- */

static void org_facts(struct html *out, const struct org_page *o)
{
	const struct org_row *org = o->org;

	html_lit(out, "<dl class=\"wa-summary\">\n");
	view_el(out, "dt", _("Soort"));
	view_el(out, "dd", view_org_kind_label(org->kind));
	view_el(out, "dt", _("KvK-nummer"));
	view_el(out, "dd", org->kvk ? org->kvk : _("niet opgegeven"));
	view_el(out, "dt", _("Werkgebied"));
	html_lit(out, "<dd>");
	if (!org->nareas)
		html_text(out, _("niet opgegeven"));
	for (size_t i = 0; i < org->nareas; i++) {
		if (i)
			html_lit(out, ", ");
		if (o->area_names && o->area_names[i]) {
			html_textf(out, "%s (%s)", o->area_names[i], org->areas[i]);
		} else {
			html_text(out, org->areas[i]);
		}
	}
	html_lit(out, "</dd>\n</dl>\n");
}

static void org_links(struct html *out, const struct org_page *o)
{
	char href[96];

	if (!o->can_members && !o->can_keys && !o->can_delete)
		return;
	html_lit(out, "<ul class=\"wa-list\">\n");
	if (o->can_members) {
		snprintf(href, sizeof(href), "/beheer/organisaties/%lld/leden",
			 (long long)o->org->id);
		html_lit(out, "<li>");
		link(out, href, _("Leden"));
		html_lit(out, "</li>\n");
		/* Whoever may see the members may see the services (the same
		 * action, AZ_MEMBER_LIST, guards both). */
		snprintf(href, sizeof(href), "/beheer/organisaties/%lld/diensten",
			 (long long)o->org->id);
		html_lit(out, "<li>");
		link(out, href, _("Diensten op de sociale kaart"));
		html_lit(out, "</li>\n");
	}
	if (o->can_keys) {
		snprintf(href, sizeof(href), "/beheer/organisaties/%lld/sleutels",
			 (long long)o->org->id);
		html_lit(out, "<li>");
		link(out, href, _("API-sleutels"));
		html_lit(out, "</li>\n");
	}
	if (o->can_delete) {
		html_lit(out, "<li>");
		link(out, "/beheer/organisaties", _("Alle organisaties"));
		html_lit(out, "</li>\n");
	}
	html_lit(out, "</ul>\n");
}

static void org_delete_form(struct html *out, const struct org_page *o)
{
	char action[96];

	snprintf(action, sizeof(action), "/beheer/organisaties/%lld/verwijderen",
		 (long long)o->org->id);
	view_el(out, "h2", _("Organisatie verwijderen"));
	view_el(out, "p", _("Dit verwijdert ook de lidmaatschappen, de API-sleutels "
			    "en de openstaande uitnodigingen van deze organisatie. "
			    "Het auditlog blijft bewaard."));
	button_form(out, action, o->csrf, _("Organisatie verwijderen"));
}

void view_beheer_org(struct html *out, const struct page *p,
		     const struct org_page *o)
{
	view_begin(out, p);
	view_el(out, "h1", o->org->name);
	notice(out, o->notice);
	org_facts(out, o);
	org_links(out, o);
	if (o->form) {
		view_el(out, "h2", _("Gegevens wijzigen"));
		org_form_write(out, o->form);
	}
	if (o->can_delete)
		org_delete_form(out, o);
	view_end(out, p);
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
	button(out, _("Rol wijzigen"), true);
	html_lit(out, "</form>\n");
	snprintf(action, sizeof(action),
		 "/beheer/organisaties/%lld/leden/%lld/verwijderen",
		 (long long)m->org->id, (long long)a->id);
	button_form(out, action, m->csrf,
		    a->id == m->self_id ? _("Mijzelf uit de organisatie halen")
					: _("Uit de organisatie halen"));
	html_lit(out, "</td>");
}

static void member_row(struct html *out, const struct members_page *m,
		       const struct account_row *a)
{
	html_lit(out, "<tr>");
	td(out, a->email);
	td(out, a->name);
	td(out, role_label(a->memberships->role));
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
	th(out, _("E-mailadres"));
	th(out, _("Naam"));
	th(out, _("Rol"));
	if (m->can_manage)
		th(out, _("Wijzigen"));
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
	td(out, inv->email);
	td(out, role_label(inv->role));
	td(out, *inv->invited_by_label ? inv->invited_by_label : _("onbekend"));
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
	th(out, _("E-mailadres"));
	th(out, _("Rol"));
	th(out, _("Uitgenodigd door"));
	th(out, _("Verstuurd"));
	th(out, _("Geldig tot"));
	th(out, _("Intrekken"));
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
	button(out, _("Uitnodigen"), false);
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
	notice(out, m->notice);
	member_table(out, m);
	if (m->can_manage) {
		invitation_table(out, m);
		invite_form(out, m);
	}
	snprintf(back, sizeof(back), "/beheer/organisaties/%lld",
		 (long long)m->org->id);
	html_lit(out, "<p>");
	link(out, back, _("Terug naar de organisatie"));
	html_lit(out, "</p>\n");
	view_end(out, p);
}

/* --- API keys --------------------------------------------------------- */

static void new_key_panel(struct html *out, const char *key)
{
	html_lit(out, "<div class=\"wa-panel wa-panel--success\" role=\"status\">\n");
	view_el(out, "h2", _("De nieuwe sleutel"));
	view_el(out, "p", _("Kopieer de sleutel nu: hij wordt maar één keer "
			    "getoond. Wij bewaren alleen een vingerafdruk."));
	html_lit(out, "<p><label class=\"wa-label\" for=\"nieuwe-sleutel\">");
	html_text(out, _("Sleutel"));
	html_lit(out, "</label>\n<input class=\"wa-input\" type=\"text\" "
		      "id=\"nieuwe-sleutel\" readonly value=\"");
	html_value(out, key);
	html_lit(out, "\"></p>\n</div>\n");
}

static void key_row(struct html *out, const struct keys_page *k,
		    const struct apikey_row *key)
{
	char action[128];

	html_lit(out, "<tr>");
	td(out, key->name);
	html_lit(out, "<td><code>");
	html_text(out, key->prefix);
	html_lit(out, "</code></td>");
	td(out, key->scopes);
	td(out, key->created_at);
	td(out, key->last_used_at ? key->last_used_at : _("nooit"));
	if (key->revoked_at) {
		html_lit(out, "<td>");
		html_textf(out, _("ingetrokken op %s"), key->revoked_at);
		html_lit(out, "</td>");
	} else {
		snprintf(action, sizeof(action),
			 "/beheer/organisaties/%lld/sleutels/%lld/intrekken",
			 (long long)k->org->id, (long long)key->id);
		html_lit(out, "<td>\n");
		button_form(out, action, k->csrf, _("Intrekken"));
		html_lit(out, "</td>");
	}
	html_lit(out, "</tr>\n");
}

static void key_table(struct html *out, const struct keys_page *k)
{
	if (!k->nkeys) {
		view_el(out, "p", _("Deze organisatie heeft nog geen API-sleutels."));
		return;
	}
	html_lit(out, "<table>\n<thead><tr>");
	th(out, _("Naam"));
	th(out, _("Begin van de sleutel"));
	th(out, _("Rechten"));
	th(out, _("Gemaakt"));
	th(out, _("Laatst gebruikt"));
	th(out, _("Status"));
	html_lit(out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < k->nkeys; i++)
		key_row(out, k, &k->keys[i]);
	html_lit(out, "</tbody>\n</table>\n");
}

static bool scope_checked(const struct keys_page *k, const char *scope)
{
	for (size_t i = 0; i < k->nchecked; i++)
		if (strcmp(k->checked[i], scope) == 0)
			return true;
	return false;
}

static const char *key_field_name(const char *field)
{
	if (strcmp(field, "name") == 0)
		return _("Naam");
	if (strcmp(field, "scopes") == 0)
		return _("Rechten");
	return NULL;
}

static void key_form(struct html *out, const struct keys_page *k)
{
	struct form_field name = {"name", _("Naam"),
				  _("Waarvoor is de sleutel? Bijvoorbeeld de "
				    "naam van het systeem dat hem gebruikt."),
				  form_error_find(k->errors, k->nerrors, "name")};
	struct form_field scopes = {"scopes", _("Rechten"),
				    _("Geef een sleutel alleen wat hij nodig heeft."),
				    form_error_find(k->errors, k->nerrors, "scopes")};
	char action[96];

	snprintf(action, sizeof(action), "/beheer/organisaties/%lld/sleutels",
		 (long long)k->org->id);
	view_el(out, "h2", _("Nieuwe sleutel"));
	form_error_summary(out, k->errors, k->nerrors, key_field_name);
	form_open(out, action, k->csrf);
	form_input(out, &name, "text", "off", NULL, k->name);
	form_field_begin(out, &scopes);
	html_lit(out, "<fieldset class=\"wa-fieldset\" id=\"f-scopes\"");
	form_describedby(out, &scopes);
	html_lit(out, ">\n");
	view_el(out, "legend class=\"wa-legend\"", scopes.label);
	form_notes(out, &scopes);
	html_lit(out, "<div class=\"wa-radios\">\n");
	for (size_t i = 0; i < k->nscopes; i++)
		checkbox(out, "scopes", k->scopes[i].value, k->scopes[i].label,
			 scope_checked(k, k->scopes[i].value));
	html_lit(out, "</div>\n</fieldset>\n");
	form_field_end(out);
	html_lit(out, "<div class=\"wa-actions\">\n");
	button(out, _("Sleutel maken"), false);
	html_lit(out, "</div>\n</form>\n");
}

void view_beheer_keys(struct html *out, const struct page *p,
		      const struct keys_page *k)
{
	char back[64];

	view_begin(out, p);
	html_lit(out, "<h1>");
	html_textf(out, _("API-sleutels van %s"), k->org->name);
	html_lit(out, "</h1>\n");
	notice(out, k->notice);
	if (k->new_key)
		new_key_panel(out, k->new_key);
	view_el(out, "p", _("Met een API-sleutel kan een ander systeem namens de "
			    "organisatie werken. Stuur hem mee als "
			    "'Authorization: Bearer <sleutel>'."));
	key_table(out, k);
	key_form(out, k);
	snprintf(back, sizeof(back), "/beheer/organisaties/%lld",
		 (long long)k->org->id);
	html_lit(out, "<p>");
	link(out, back, _("Terug naar de organisatie"));
	html_lit(out, "</p>\n");
	view_end(out, p);
}

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
	button(out, _("Filteren"), true);
	html_lit(out, "</form>\n");
}

static void audit_row_write(struct html *out, const struct audit_row *r)
{
	html_lit(out, "<tr>");
	td(out, r->at);
	td(out, r->actor_label);
	td(out, r->action);
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
		th(out, _("Tijd (UTC)"));
		th(out, _("Wie"));
		th(out, _("Handeling"));
		th(out, _("Record"));
		th(out, _("Details"));
		html_lit(out, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < a->nrows; i++)
			audit_row_write(out, &a->rows[i]);
		html_lit(out, "</tbody>\n</table>\n");
	}
	if (a->next) {
		html_lit(out, "<p>");
		link(out, a->next, _("Oudere regels"));
		html_lit(out, "</p>\n");
	}
	view_end(out, p);
}
