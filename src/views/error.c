/* error: the page for a 4xx or 5xx answer.  A heading that names the
 * problem in plain words by status, the handler's message, and a way on,
 * so nobody is left on a dead end. */
#include "base/util.h"
#include "html/html.h"
#include "views/views.h"

static const struct {
	int status;
	const char *heading;
} headings[] = {
	{400, N_("Dit verzoek klopt niet")},
	{403, N_("Dit mag niet")},
	{404, N_("Pagina niet gevonden")},
	{405, N_("Dit kan hier niet")},
	{413, N_("Dit is te veel tekst of te groot")},
	{429, N_("Even te veel tegelijk")},
	{503, N_("Even niet beschikbaar")},
};

static const char *heading_for(int status)
{
	for (size_t i = 0; i < ARRAY_SIZE(headings); i++)
		if (headings[i].status == status)
			return _(headings[i].heading);
	return status >= 500 ? _("Er ging bij ons iets mis")
			     : _("Er ging iets mis");
}

void view_error(struct html *out, const struct page *p, int status,
		const char *message)
{
	view_begin(out, p);
	view_el(out, "h1", heading_for(status));
	if (message && *message)
		view_el(out, "p class=\"wa-lead\"", message);
	if (status >= 500)
		view_el(out, "p", _("Probeer het over een paar minuten "
				    "opnieuw."));
	html_lit(out, "<p><a href=\"/\">");
	html_text(out, _("Naar de startpagina"));
	html_lit(out, "</a></p>\n");
	html_lit(out, "<p class=\"wa-note\">");
	html_textf(out, _("Foutcode: %d"), status);
	html_lit(out, "</p>\n");
	view_end(out, p);
}
