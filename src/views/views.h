/* views: the HTML pages, one file per page, written only through the
 * escaping functions of html/html.h; markup comes from string literals.
 * All text for people goes through gettext (_()); Dutch is the source.
 * Pages work without JavaScript and are mobile first. */
#ifndef WA_VIEWS_H
#define WA_VIEWS_H
#include <stddef.h>

#include "html/html.h"
#include "i18n/i18n.h"

/* Every string may be NULL (written as nothing, or a sensible default
 * where a page needs one).  Handlers call a view with HTML_ON(&resp->body);
 * the owner of the buffer checks its overflow once at the end. */

/* What every page needs for its layout. */
struct page {
	enum lang lang;
	const char *title; /* already translated */
	const char *path;  /* request path, for the language switch links;
			    * anything after a '?' is ignored */
	int demo;	   /* the installation runs with demo data: show a banner */
	/* Signed in (a session): the header links to the own start page
	 * (account_href, account_label, already translated) and has a log-out
	 * button posting csrf.  All NULL for visitors. */
	const char *account_href, *account_label, *csrf;
	/* The page's Atom feed (a path on this site) and its title, for a
	 * <link rel="alternate"> in the head; NULL: none. */
	const char *feed_href, *feed_title;
	/* Not Amsterdam's bundled areas: no credit for its map data. */
	bool no_map_credit;
};

/* One entry of a select list. */
struct choice {
	const char *value;
	const char *label;
	const char *group; /* optgroup label, or NULL */
};

/* A message next to a field (already translated).  field is the input
 * name: kind, text, buurt, lat, lon, email, phone, age_band, category.
 * message may be a fragment that follows the field's name, as the msgids
 * of domain/signal are ("is te lang"): the summary at the top of the form
 * shows "<name of the field>: <message>", the field itself the message. */
struct field_error {
	const char *field;
	const char *message;
};

/* The report form posts to /melden as application/x-www-form-urlencoded
 * with the fields kind, text, buurt, lat, lon, category, email, phone,
 * age_band, and either actie=versturen (the send button, also what Enter
 * in a text field sends) or kaart.x/kaart.y (a click on the map image: show
 * the form again with the point).  A keyboard user who presses Enter on the
 * focused map sends kaart.x=0&kaart.y=0; treat that as no point chosen.
 * While a point is shown (map_point_label), lat and lon go back as hidden
 * fields, else as text fields in "Coördinaten invoeren". */
struct melden_form {
	/* values as the resident typed them (re-shown after an error) */
	const char *kind, *text, *buurt, *lat, *lon, *email, *phone, *age_band,
		*category;
	const char *notify; /* how often mail comes (domain/notify.h) */
	/* photos already uploaded (their tokens: the private addresses
	 * /foto/klein/{token}.jpg), kept as hidden fields */
	const char *const *photos;
	size_t nphotos;
	bool photos_off; /* this server keeps no photos: no file field */
	const struct field_error *errors;
	size_t nerrors;
	const struct choice *buurten; /* value: buurt code; group: stadsdeel */
	size_t nbuurten;
	const struct choice *categories; /* value: "main/sub"; group: main */
	size_t ncategories;
	const struct choice *age_bands;
	size_t nage_bands;
	const char *map_point_label; /* "52.37, 4.89 (Burgwallen-Oost)" or NULL */
	int max_text;		     /* shown as a hint */
	/* Size of /kaart.svg (map_width/map_height), so the page keeps its
	 * layout while the map loads; 0 leaves the attributes out. */
	int map_width, map_height;
};

struct kwestie_row;
struct timeline_row;
struct grade_form;
struct photo_row;

struct signal_view {
	const char *token;
	const char *kind;     /* "melding", "vraag", "idee" */
	const char *text;
	const char *created_at; /* ISO 8601 UTC */
	const char *status;   /* "gemeld", ... */
	const char *category; /* display name or NULL */
	const char *buurt, *wijk, *gebied, *stadsdeel, *gemeente; /* names */
	const char *buurt_code;
	const char *who;      /* who will look at it, one sentence, translated */
	/* by when the resident hears (a date in words), and whether that
	 * is a promise made (else the norm of its category); NULL: closed */
	const char *expected_by;
	bool promised;
	const char *track_url; /* absolute path /m/<token> */
	/* The same link in full ("https://host/m/<token>") for the resident
	 * to copy, or NULL: the page then shows track_url. */
	const char *track_link;
	/* The tracking page only: how the signal ended once closed (a
	 * kw_outcomes value, else NULL) and the kwesties it is part of. */
	const char *outcome;
	const struct kwestie_row *kwesties;
	size_t nkwesties;
	/* and its timeline, oldest first, with the words filled in */
	const struct timeline_row *timeline;
	size_t ntimeline;
	/* the section "Geef een rapportcijfer" (views/grade.h), NULL while
	 * there is nothing closed to grade */
	const struct grade_form *grade;
	/* the resident's photos (private addresses: views/photo.h) */
	const struct photo_row *photos;
	size_t nphotos;
};

void view_home(struct html *out, const struct page *p);
void view_melden(struct html *out, const struct page *p,
		 const struct melden_form *f);
void view_bevestiging(struct html *out, const struct page *p,
		      const struct signal_view *s);
void view_signal(struct html *out, const struct page *p,
		 const struct signal_view *s);
/* A signal's status, kind, subject and date, and its place (buurt up to
 * gemeente): the resident's page and a professional's (views/signal.c). */
void view_signal_facts(struct html *out, const struct signal_view *s);
void view_signal_place(struct html *out, const struct signal_view *s);
/* Error page for 4xx/5xx with a short message (translated). */
void view_error(struct html *out, const struct page *p, int status,
		const char *message);

/* Layout pieces, used by every page. */
void view_begin(struct html *out, const struct page *p);
void view_end(struct html *out, const struct page *p);

/* A confirmation after a change (role="status"); nothing for NULL. */
void view_notice(struct html *out, const char *text);
/* <a href="HREF">text</a>, both escaped. */
void view_link(struct html *out, const char *href, const char *text);
/* A column head and a cell of plain text. */
void view_th(struct html *out, const char *text);
void view_td(struct html *out, const char *text);
/* <dt>term</dt><dd>value</dd> in a <dl>; nothing without a value. */
void view_term(struct html *out, const char *term, const char *value);

/* For the page files: <tag>text</tag> and a newline, text escaped; tag
 * is a literal and may carry attributes ("p class=\"x\""). */
#define view_el(out, tag, text) \
	(html_el((out), tag, (text)), html_lit((out), "\n"))

#endif
