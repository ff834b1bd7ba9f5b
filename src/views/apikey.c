/* apikey: an organisation's API keys, the form to make one, and the key
 * shown once (see beheer.h). */
#include "views/beheer.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/member.h"
#include "domain/organisation.h"
#include "html/html.h"
#include "views/account.h"
#include "views/form.h"

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
	view_td(out, key->name);
	html_lit(out, "<td><code>");
	html_text(out, key->prefix);
	html_lit(out, "</code></td>");
	view_td(out, key->scopes);
	view_td(out, key->created_at);
	view_td(out, key->last_used_at ? key->last_used_at : _("nooit"));
	if (key->revoked_at) {
		html_lit(out, "<td>");
		html_textf(out, _("ingetrokken op %s"), key->revoked_at);
		html_lit(out, "</td>");
	} else {
		snprintf(action, sizeof(action),
			 "/beheer/organisaties/%lld/sleutels/%lld/intrekken",
			 (long long)k->org->id, (long long)key->id);
		html_lit(out, "<td>\n");
		form_button_only(out, action, k->csrf, _("Intrekken"), true);
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
	view_th(out, _("Naam"));
	view_th(out, _("Begin van de sleutel"));
	view_th(out, _("Rechten"));
	view_th(out, _("Gemaakt"));
	view_th(out, _("Laatst gebruikt"));
	view_th(out, _("Status"));
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
		form_checkbox(out, "scopes", k->scopes[i].value, k->scopes[i].label,
			 scope_checked(k, k->scopes[i].value));
	html_lit(out, "</div>\n</fieldset>\n");
	form_field_end(out);
	html_lit(out, "<div class=\"wa-actions\">\n");
	form_button(out, _("Sleutel maken"), false);
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
	view_notice(out, k->notice);
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
	view_link(out, back, _("Terug naar de organisatie"));
	html_lit(out, "</p>\n");
	view_end(out, p);
}
