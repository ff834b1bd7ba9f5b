/* melden_hint: see melden_hint.h. */
#include "melden_hint.h"

#include "views/follower.h"
#include "views/form.h"
#include "views/suggest.h"

static void hint_facts(struct html *out, const struct melden_hint *k)
{
	html_lit(out, "<dl class=\"wa-facts\">\n");
	view_term(out, _("Gebied"), k->area);
	view_term(out, _("Status"), k->status);
	html_lit(out, "<dt>");
	html_text(out, _("Bewoners"));
	html_lit(out, "</dt>\n<dd>");
	html_int(out, k->residents);
	html_lit(out, "</dd>\n</dl>\n");
}

static void hint_item(struct html *out, const struct melden_form *f,
		      const struct melden_hint *k)
{
	/* Every button says the same: it is described by its kwestie's
	 * title, so a screen reader names which one it supports. */
	html_lit(out, "<li class=\"wa-hint-kwestie\">\n<h2 id=\"hint-");
	html_int(out, k->id);
	html_lit(out, "\"><a href=\"/kwesties/");
	html_int(out, k->id);
	html_lit(out, "\">");
	html_text(out, k->title);
	html_lit(out, "</a></h2>\n");
	hint_facts(out, k);
	form_open_begin(out);
	html_lit(out, "/melden/steun/");
	html_int(out, k->id);
	form_open_end(out, NULL);
	if (f->email && *f->email) {
		form_hidden(out, "email", f->email);
		form_hidden(out, "notify", f->notify);
	}
	html_lit(out, "<button type=\"submit\" class=\"wa-button\" "
		      "aria-describedby=\"hint-");
	html_int(out, k->id);
	html_lit(out, "\">");
	html_text(out, _("Ja, dit bedoel ik: steun deze kwestie"));
	html_lit(out, "</button>\n</form>\n</li>\n");
}

/* The report as it was, and the flag that says "not one of these"; with
 * a suggested category, the list to choose it (views/suggest.h). */
static void resubmit(struct html *out, const struct melden_form *f,
		     const struct category_hint *cat, size_t n)
{
	form_open(out, "/melden", NULL);
	form_hidden(out, "kind", f->kind);
	form_hidden(out, "text", f->text);
	form_hidden(out, "buurt", f->buurt);
	form_hidden(out, "lat", f->lat);
	form_hidden(out, "lon", f->lon);
	for (size_t i = 0; i < f->nphotos; i++)
		form_hidden(out, "foto", f->photos[i]);
	if (cat)
		view_suggest_choice(out, cat, f->categories, f->ncategories);
	else
		form_hidden(out, "category", f->category);
	form_hidden(out, "email", f->email);
	form_hidden(out, "phone", f->phone);
	form_hidden(out, "age_band", f->age_band);
	form_hidden(out, "notify", f->notify);
	form_hidden(out, "anders", "1");
	html_lit(out, "<button type=\"submit\" name=\"actie\" value=\"versturen\" "
		      "class=\"wa-button wa-button--secondary\">");
	html_text(out, n ? _("Nee, het is iets anders: meld het")
			 : _("Verstuur mijn melding"));
	html_lit(out, "</button>\n</form>\n");
}

/* Only the category to ask about: no kwesties nearby. */
static void category_only(struct html *out, const struct page *p,
			  const struct melden_form *f,
			  const struct category_hint *cat)
{
	view_begin(out, p);
	view_el(out, "h1", _("Klopt het onderwerp?"));
	view_el(out, "p class=\"wa-lead\"",
		_("Uw melding is nog niet verstuurd. U koos geen onderwerp; "
		  "wij stellen er een voor. Klopt het niet, kies dan een ander "
		  "of \"Weet ik niet\"."));
	resubmit(out, f, cat, 0);
	view_end(out, p);
}

void view_melden_hints(struct html *out, const struct page *p,
		       const struct melden_form *f, const struct melden_hint *k,
		       size_t n, const struct category_hint *cat)
{
	if (!n && cat) {
		category_only(out, p, f, cat);
		return;
	}
	view_begin(out, p);
	view_el(out, "h1", _("Is het dit?"));
	view_el(out, "p class=\"wa-lead\"",
		_("Uw melding is nog niet verstuurd. Hier vlakbij is al iets "
		  "gemeld dat erop lijkt. Gaat het om een van deze kwesties? "
		  "Steun die dan: u telt mee, en niemand hoeft hetzelfde twee "
		  "keer uit te zoeken."));
	html_lit(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < n; i++)
		hint_item(out, f, &k[i]);
	html_lit(out, "</ul>\n");
	view_el(out, "p", _("Gaat het om iets anders? Dan versturen wij uw "
			    "melding zoals u hem invulde."));
	resubmit(out, f, cat, n);
	view_end(out, p);
}

void view_melden_supported(struct html *out, const struct page *p,
			   const char *href, const char *follow_action)
{
	view_begin(out, p);
	view_el(out, "h1", _("Bedankt: u steunt deze kwestie"));
	view_el(out, "p class=\"wa-lead\"",
		_("U telt mee bij de bewoners die hier last van hebben. Uw "
		  "melding is niet apart opgeslagen."));
	html_lit(out, "<p>");
	view_link(out, href, _("Bekijk de kwestie"));
	html_lit(out, "</p>\n");
	view_follow_form(out, p, follow_action);
	view_end(out, p);
}
