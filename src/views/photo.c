/* photo: see photo.h.  SPDX-License-Identifier: EUPL-1.2 */
#include "photo.h"

#include <stdio.h>

#include "i18n/i18n.h"
#include "views/form.h"
#include "views/views.h"

/* <a href="DISPLAY"><img src="THUMB" alt width height></a>; prefix is
 * "/foto/" or "/foto/openbaar/", token the private or the public one. */
static void thumb(struct html *out, const char *prefix, const char *token,
		  const struct photo_row *p, int number)
{
	char alt[128];

	html_lit(out, "<a href=\"");
	html_value(out, prefix);
	html_value(out, token);
	html_lit(out, ".jpg\"><img src=\"");
	html_value(out, prefix);
	html_lit(out, "klein/");
	html_value(out, token);
	html_lit(out, ".jpg\" alt=\"");
	snprintf(alt, sizeof(alt), _("Foto %d bij de melding"), number);
	html_value(out, alt);
	html_lit(out, "\" width=\"");
	html_int(out, p->thumb_width);
	html_lit(out, "\" height=\"");
	html_int(out, p->thumb_height);
	html_lit(out, "\" loading=\"lazy\"></a>");
}

void view_photos_own(struct html *out, const struct photo_row *p, size_t n)
{
	if (!n)
		return;
	view_el(out, "h2", _("Uw foto's"));
	html_lit(out, "<ul class=\"wa-photos\">\n");
	for (size_t i = 0; i < n; i++) {
		html_lit(out, "<li>");
		thumb(out, "/foto/", p[i].token, &p[i], p[i].position);
		html_lit(out, "<p class=\"wa-hint\">");
		html_text(out, p[i].public_token
				       ? _("Ook te zien op de pagina van de kwestie.")
				       : _("Alleen te zien voor u en wie uw "
					   "melding behandelt."));
		html_lit(out, "</p></li>\n");
	}
	html_lit(out, "</ul>\n");
}

void view_photos_werk(struct html *out, int64_t signal_id, const char *csrf,
		      const struct photo_row *p, size_t n)
{
	if (!n)
		return;
	html_lit(out, "<h2 id=\"fotos\">");
	html_text(out, _("Foto's"));
	html_lit(out, "</h2>\n");
	view_el(out, "p class=\"wa-hint\"",
		_("Zonder plaats- en cameragegevens bewaard. Een foto is alleen "
		  "openbaar als u hem op de pagina van de kwestie zet; zorg dat "
		  "er geen mensen of kentekens herkenbaar op staan."));
	html_lit(out, "<ul class=\"wa-photos\">\n");
	for (size_t i = 0; i < n; i++) {
		char pos[4];

		html_lit(out, "<li>");
		thumb(out, "/foto/", p[i].token, &p[i], p[i].position);
		html_lit(out, "<p>");
		html_text(out, p[i].public_token ? _("Openbaar op de kwestiepagina.")
						 : _("Niet openbaar."));
		html_lit(out, "</p>\n");
		form_open_begin(out);
		html_lit(out, "/werk/meldingen/");
		html_int(out, signal_id);
		html_lit(out, "/fotos");
		form_open_end(out, csrf);
		snprintf(pos, sizeof(pos), "%d", p[i].position);
		form_hidden(out, "foto", pos);
		form_hidden(out, "openbaar", p[i].public_token ? "0" : "1");
		form_button(out,
			    p[i].public_token ? _("Niet meer openbaar tonen")
					      : _("Toon op de kwestiepagina"),
			    p[i].public_token != NULL);
		html_lit(out, "</form>\n</li>\n");
	}
	html_lit(out, "</ul>\n");
}

void view_photos_public(struct html *out, const struct photo_row *p, size_t n)
{
	if (!n)
		return;
	view_el(out, "h2", _("Foto's"));
	html_lit(out, "<ul class=\"wa-photos\">\n");
	for (size_t i = 0; i < n; i++) {
		html_lit(out, "<li>");
		thumb(out, "/foto/openbaar/", p[i].public_token, &p[i],
		      (int)i + 1);
		html_lit(out, "</li>\n");
	}
	html_lit(out, "</ul>\n");
}
