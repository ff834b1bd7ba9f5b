/* layout: what is the same on every page: the document head, a skip link,
 * the header with the name, the main menu and the language switch, the
 * demo banner, and the footer with licence and map attribution.  A page
 * writes its own content between view_begin and view_end. */
#include <string.h>

#include "html/html.h"
#include "views/account.h"
#include "views/views.h"

/* The request path without its query, or "/" when it is not a local path
 * we can safely link back to. */
static void write_path(struct html *out, const char *path)
{
	size_t n = path ? strcspn(path, "?#") : 0;
	char local[512];

	if (n == 0 || n >= sizeof(local)) {
		html_lit(out, "/");
		return;
	}
	memcpy(local, path, n);
	local[n] = '\0';
	if (!html_url_ok(local) || local[0] != '/')
		html_lit(out, "/");
	else
		html_value(out, local);
}

static int path_is(const struct page *p, const char *path)
{
	size_t n = p->path ? strcspn(p->path, "?#") : 0;

	return n == strlen(path) && strncmp(p->path, path, n) == 0;
}

static void write_head(struct html *out, const struct page *p)
{
	html_lit(out, "<!doctype html>\n<html lang=\"");
	html_value(out, i18n_code(p->lang));
	html_lit(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" "
		      "content=\"width=device-width, initial-scale=1\">\n"
		      "<title>");
	if (p->title && *p->title) {
		html_text(out, p->title);
		html_lit(out, " – ");
	}
	html_lit(out, "wijkagenda</title>\n"
		      "<link rel=\"stylesheet\" href=\"/static/wijkagenda.css\">\n");
	if (p->feed_href) {
		html_lit(out, "<link rel=\"alternate\" type=\"application/atom+xml\" "
			      "title=\"");
		html_value(out, p->feed_title);
		html_lit(out, "\" href=\"");
		html_url(out, p->feed_href);
		html_lit(out, "\">\n");
	}
	html_lit(out, "</head>\n");
}

static void nav_item(struct html *out, const struct page *p, const char *href,
		     const char *label)
{
	html_lit(out, "<li><a href=\"");
	html_url(out, href);
	if (path_is(p, href))
		html_lit(out, "\" aria-current=\"page\">");
	else
		html_lit(out, "\">");
	html_text(out, label);
	html_lit(out, "</a></li>\n");
}

/* Each language's name is written in that language, so a visitor who
 * cannot read the current one still finds their own. */
static void lang_item(struct html *out, const struct page *p, enum lang l,
		      const char *name)
{
	const char *code = i18n_code(l);

	html_lit(out, "<li><a href=\"");
	write_path(out, p->path);
	html_lit(out, "?lang=");
	html_value(out, code);
	html_lit(out, "\" hreflang=\"");
	html_value(out, code);
	html_lit(out, "\" lang=\"");
	html_value(out, code);
	html_lit(out, "\"");
	if (p->lang == l)
		html_lit(out, " aria-current=\"true\"");
	html_lit(out, ">");
	html_text(out, name);
	html_lit(out, "</a></li>\n");
}

static void write_header(struct html *out, const struct page *p)
{
	html_lit(out, "<header class=\"wa-header\">\n");
	if (p->demo) {
		html_lit(out, "<p class=\"wa-demo-banner\">");
		html_text(out, _("Demo-omgeving: alle gegevens zijn verzonnen."));
		html_lit(out, "</p>\n");
	}
	html_lit(out, "<div class=\"wa-container wa-header__inner\">\n"
		      "<a class=\"wa-logo\" href=\"/\">wijkagenda</a>\n"
		      "<nav class=\"wa-nav\" aria-label=\"");
	html_value(out, _("Hoofdmenu"));
	html_lit(out, "\">\n<ul>\n");
	nav_item(out, p, "/", _("Home"));
	nav_item(out, p, "/melden", _("Melden"));
	nav_item(out, p, "/sociale-kaart", _("Sociale kaart"));
	if (p->account_href)
		nav_item(out, p, p->account_href, p->account_label);
	html_lit(out, "</ul>\n</nav>\n");
	if (p->csrf) {
		html_lit(out, "<form class=\"wa-logout\" method=\"post\" "
			      "action=\"/logout\">\n");
		view_csrf(out, p->csrf);
		html_lit(out, "<button type=\"submit\" class=\"wa-logout__button\">");
		html_text(out, _("Uitloggen"));
		html_lit(out, "</button>\n</form>\n");
	}
	html_lit(out, "<nav class=\"wa-lang\" aria-label=\"");
	html_value(out, _("Taal"));
	html_lit(out, "\">\n<ul>\n");
	lang_item(out, p, LANG_NL, "Nederlands");
	lang_item(out, p, LANG_EN, "English");
	html_lit(out, "</ul>\n</nav>\n</div>\n</header>\n");
}

void view_begin(struct html *out, const struct page *p)
{
	write_head(out, p);
	html_lit(out, "<body>\n<a class=\"wa-skip-link\" href=\"#inhoud\">");
	html_text(out, _("Direct naar de inhoud"));
	html_lit(out, "</a>\n");
	write_header(out, p);
	/* tabindex="-1" lets the skip link move the keyboard focus, not only
	 * the scroll position, in every browser. */
	html_lit(out, "<main id=\"inhoud\" class=\"wa-container wa-main\" "
		      "tabindex=\"-1\">\n");
}

void view_end(struct html *out, const struct page *p)
{
	html_lit(out, "</main>\n<footer class=\"wa-footer\">\n"
		      "<div class=\"wa-container\">\n<p>");
	html_text(out, _("Open source onder EUPL-1.2"));
	/* The bundled areas are Amsterdam's; another municipality's came
	 * from import-areas, whose source we do not know. */
	if (!p->no_map_credit) {
		html_lit(out, "</p>\n<p>");
		html_text(out, _("Kaartgegevens: Gemeente Amsterdam (CC BY)"));
	}
	html_lit(out, "</p>\n<p><a href=\"/cijfers\">");
	html_text(out, _("Cijfers"));
	html_lit(out, "</a> \u00b7 <a href=\"/open-data\">");
	html_text(out, _("Open data"));
	html_lit(out, "</a></p>\n</div>\n</footer>\n</body>\n</html>\n");
}

void view_notice(struct html *out, const char *text)
{
	if (!text)
		return;
	html_lit(out, "<div class=\"wa-panel wa-panel--success\" role=\"status\">"
		      "<p>");
	html_text(out, text);
	html_lit(out, "</p></div>\n");
}

void view_link(struct html *out, const char *href, const char *text)
{
	html_lit(out, "<a href=\"");
	html_url(out, href);
	html_lit(out, "\">");
	html_text(out, text);
	html_lit(out, "</a>");
}

void view_th(struct html *out, const char *text)
{
	html_lit(out, "<th scope=\"col\">");
	html_text(out, text);
	html_lit(out, "</th>");
}

void view_td(struct html *out, const char *text)
{
	html_lit(out, "<td>");
	html_text(out, text);
	html_lit(out, "</td>");
}

void view_term(struct html *out, const char *term, const char *value)
{
	if (!value || !*value)
		return;
	view_el(out, "dt", term);
	view_el(out, "dd", value);
}
