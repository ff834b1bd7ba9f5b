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
static void write_path(struct buf *out, const char *path)
{
	size_t n = path ? strcspn(path, "?#") : 0;
	char local[512];

	if (n == 0 || n >= sizeof(local)) {
		buf_addc(out, '/');
		return;
	}
	memcpy(local, path, n);
	local[n] = '\0';
	if (!html_url_ok(local) || local[0] != '/')
		buf_addc(out, '/');
	else
		html_attr(out, local);
}

static int path_is(const struct page *p, const char *path)
{
	size_t n = p->path ? strcspn(p->path, "?#") : 0;

	return n == strlen(path) && strncmp(p->path, path, n) == 0;
}

static void write_head(struct buf *out, const struct page *p)
{
	buf_adds(out, "<!doctype html>\n<html lang=\"");
	buf_adds(out, i18n_code(p->lang));
	buf_adds(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" "
		      "content=\"width=device-width, initial-scale=1\">\n"
		      "<title>");
	if (p->title && *p->title) {
		html_txt(out, p->title);
		buf_adds(out, " – ");
	}
	buf_adds(out, "wijkagenda</title>\n"
		      "<link rel=\"stylesheet\" href=\"/static/wijkagenda.css\">\n"
		      "</head>\n");
}

static void nav_item(struct buf *out, const struct page *p, const char *href,
		     const char *label)
{
	buf_adds(out, "<li><a href=\"");
	buf_adds(out, href);
	buf_adds(out, path_is(p, href) ? "\" aria-current=\"page\">" : "\">");
	html_txt(out, label);
	buf_adds(out, "</a></li>\n");
}

/* Each language's name is written in that language, so a visitor who
 * cannot read the current one still finds their own. */
static void lang_item(struct buf *out, const struct page *p, enum lang l,
		      const char *name)
{
	const char *code = i18n_code(l);

	buf_adds(out, "<li><a href=\"");
	write_path(out, p->path);
	buf_addf(out, "?lang=%s\" hreflang=\"%s\" lang=\"%s\"", code, code,
		 code);
	if (p->lang == l)
		buf_adds(out, " aria-current=\"true\"");
	buf_adds(out, ">");
	html_txt(out, name);
	buf_adds(out, "</a></li>\n");
}

static void write_header(struct buf *out, const struct page *p)
{
	buf_adds(out, "<header class=\"wa-header\">\n");
	if (p->demo) {
		buf_adds(out, "<p class=\"wa-demo-banner\">");
		html_txt(out, _("Demo-omgeving: alle gegevens zijn verzonnen."));
		buf_adds(out, "</p>\n");
	}
	buf_adds(out, "<div class=\"wa-container wa-header__inner\">\n"
		      "<a class=\"wa-logo\" href=\"/\">wijkagenda</a>\n"
		      "<nav class=\"wa-nav\" aria-label=\"");
	html_attr(out, _("Hoofdmenu"));
	buf_adds(out, "\">\n<ul>\n");
	nav_item(out, p, "/", _("Home"));
	nav_item(out, p, "/melden", _("Melden"));
	nav_item(out, p, "/sociale-kaart", _("Sociale kaart"));
	if (p->account_href)
		nav_item(out, p, p->account_href, p->account_label);
	buf_adds(out, "</ul>\n</nav>\n");
	if (p->csrf) {
		buf_adds(out, "<form class=\"wa-logout\" method=\"post\" "
			      "action=\"/logout\">\n");
		view_csrf(out, p->csrf);
		buf_adds(out, "<button type=\"submit\" class=\"wa-logout__button\">");
		html_txt(out, _("Uitloggen"));
		buf_adds(out, "</button>\n</form>\n");
	}
	buf_adds(out, "<nav class=\"wa-lang\" aria-label=\"");
	html_attr(out, _("Taal"));
	buf_adds(out, "\">\n<ul>\n");
	lang_item(out, p, LANG_NL, "Nederlands");
	lang_item(out, p, LANG_EN, "English");
	buf_adds(out, "</ul>\n</nav>\n</div>\n</header>\n");
}

void view_el(struct buf *out, const char *tag, const char *text)
{
	size_t name = strcspn(tag, " ");

	buf_addc(out, '<');
	buf_adds(out, tag);
	buf_addc(out, '>');
	html_txt(out, text);
	buf_adds(out, "</");
	buf_add(out, tag, name);
	buf_adds(out, ">\n");
}

void view_begin(struct buf *out, const struct page *p)
{
	write_head(out, p);
	buf_adds(out, "<body>\n<a class=\"wa-skip-link\" href=\"#inhoud\">");
	html_txt(out, _("Direct naar de inhoud"));
	buf_adds(out, "</a>\n");
	write_header(out, p);
	/* tabindex="-1" lets the skip link move the keyboard focus, not only
	 * the scroll position, in every browser. */
	buf_adds(out, "<main id=\"inhoud\" class=\"wa-container wa-main\" "
		      "tabindex=\"-1\">\n");
}

void view_end(struct buf *out, const struct page *p)
{
	(void)p; /* the same footer on every page, for now */
	buf_adds(out, "</main>\n<footer class=\"wa-footer\">\n"
		      "<div class=\"wa-container\">\n<p>");
	html_txt(out, _("Open source onder EUPL-1.2"));
	buf_adds(out, "</p>\n<p>");
	html_txt(out, _("Kaartgegevens: Gemeente Amsterdam (CC BY)"));
	buf_adds(out, "</p>\n</div>\n</footer>\n</body>\n</html>\n");
}
