/* signal: the tracking page of one signal, /m/<token>.  Anyone with the
 * link sees it, so it shows what was reported, where and how far it is,
 * never who reported it (struct signal_view carries no contact data at
 * all, so this page cannot leak it by mistake). */
#include "html/html.h"
#include "domain/describe.h"
#include "views/grade.h"
#include "views/kwestie.h"
#include "views/timeline.h"
#include "views/photo.h"
#include "views/views.h"

void view_signal_facts(struct html *out, const struct signal_view *s)
{
	char when[64];

	/* The status is what people come back for: it stands out. */
	html_lit(out, "<p class=\"wa-panel wa-status\"><span>");
	html_text(out, _("Status:"));
	html_lit(out, "</span> <strong>");
	html_text(out, describe_status(s->status));
	html_lit(out, "</strong></p>\n<dl class=\"wa-summary\">\n");
	view_term(out, _("Uitkomst"), describe_outcome(s->outcome));
	view_term(out, _("Soort"), describe_kind(s->kind));
	view_term(out, _("Onderwerp"),
	    s->category ? s->category : _("Nog geen categorie"));
	view_term(out, _("Gemeld op"),
	    describe_time(when, sizeof(when), s->created_at) == 0
		    ? when
		    : s->created_at);
	html_lit(out, "</dl>\n");
}

void view_signal_place(struct html *out, const struct signal_view *s)
{
	view_el(out, "h2", _("Plek"));
	html_lit(out, "<dl class=\"wa-summary\">\n");
	view_term(out, _("Buurt"), s->buurt ? s->buurt : s->buurt_code);
	view_term(out, _("Wijk"), s->wijk);
	view_term(out, _("Gebied"), s->gebied);
	view_term(out, _("Stadsdeel"), s->stadsdeel);
	view_term(out, _("Gemeente"), s->gemeente);
	html_lit(out, "</dl>\n");
}

/* The kwesties the signal is part of: where it is on the agenda, at
 * which level, who leads and how far it is. */
static void kwesties(struct html *out, const struct signal_view *s)
{
	view_el(out, "h2", s->nkwesties > 1 ? _("De kwesties van deze melding")
					    : _("De kwestie van deze melding"));
	if (!s->nkwesties) {
		view_el(out, "p", _("Uw melding hoort nog niet bij een kwestie. "
				    "Zodra iemand haar oppakt, ziet u hier "
				    "wie wat doet."));
		return;
	}
	html_lit(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < s->nkwesties; i++)
		view_kwestie_item(out, &s->kwesties[i]);
	html_lit(out, "</ul>\n");
}

void view_signal(struct html *out, const struct page *p,
		 const struct signal_view *s)
{
	view_begin(out, p);
	view_el(out, "h1", s->kind && *s->kind ? describe_kind(s->kind)
					       : _("Melding"));
	view_signal_facts(out, s);
	view_el(out, "h2", _("Wat er is gemeld"));
	view_el(out, "p class=\"wa-text\"", s->text);
	view_photos_own(out, s->photos, s->nphotos);
	if (s->expected_by) {
		html_lit(out, "<p class=\"wa-expected\">");
		if (s->who)
			html_text(out, s->who);
		html_lit(out, " <strong>");
		html_textf(out, s->promised ? _("Beloofd: uiterlijk %s.")
					    : _("U hoort uiterlijk %s wat er gebeurt."),
			   s->expected_by);
		html_lit(out, "</strong></p>\n");
	}
	kwesties(out, s);
	if (s->grade)
		view_grade_section(out, s->grade);
	view_timeline(out, s->timeline, s->ntimeline, p->feed_href);
	view_signal_place(out, s);
	view_el(out, "p class=\"wa-note\"",
		_("Iedereen die de link van deze pagina heeft, kan deze "
		  "melding zien. Contactgegevens staan hier nooit."));
	view_end(out, p);
}
