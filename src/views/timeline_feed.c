/* timeline_feed: the Atom feed (RFC 4287) of a signal's or a kwestie's
 * timeline (see timeline.h), written through struct xml only.  The
 * elements a feed must have: id, title, updated, and an author (the feed
 * has one, so entries without one still conform); each entry: id,
 * title, updated, content (type="text": the words are plain text,
 * escaped here, never markup a reader would run). */
#include "views/timeline.h"


static void link(struct xml *out, const char *rel, const char *type,
		 const char *href)
{
	xml_lit(out, "<link rel=\"");
	xml_attr(out, rel);
	xml_lit(out, "\" type=\"");
	xml_attr(out, type);
	xml_lit(out, "\" href=\"");
	xml_attr(out, href);
	xml_lit(out, "\"/>\n");
}

static void author(struct xml *out, const char *name)
{
	xml_lit(out, "<author><name>");
	xml_text(out, name);
	xml_lit(out, "</name></author>\n");
}

static void entry(struct xml *out, const struct timeline_feed_entry *e)
{
	xml_lit(out, "<entry>\n<id>");
	xml_text(out, e->id);
	xml_lit(out, "</id>\n<title type=\"text\">");
	xml_text(out, e->title);
	xml_lit(out, "</title>\n<updated>");
	xml_text(out, e->updated);
	xml_lit(out, "</updated>\n");
	author(out, e->author);
	if (e->link)
		link(out, "alternate", "text/html", e->link);
	xml_lit(out, "<content type=\"text\">");
	xml_text(out, e->content);
	xml_lit(out, "</content>\n</entry>\n");
}

void view_timeline_feed(struct xml *out, const struct timeline_feed *f)
{
	xml_lit(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		     "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	xml_attr(out, f->lang);
	xml_lit(out, "\">\n<id>");
	xml_text(out, f->id);
	xml_lit(out, "</id>\n<title type=\"text\">");
	xml_text(out, f->title);
	xml_lit(out, "</title>\n<updated>");
	xml_text(out, f->updated);
	xml_lit(out, "</updated>\n");
	author(out, f->author);
	link(out, "self", "application/atom+xml", f->self);
	link(out, "alternate", "text/html", f->alternate);
	xml_lit(out, "<generator>wijkagenda</generator>\n");
	for (size_t i = 0; i < f->n; i++)
		entry(out, &f->entries[i]);
	xml_lit(out, "</feed>\n");
}
