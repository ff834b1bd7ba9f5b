/* kwestie: the public page of one kwestie and a kwestie as an item of a
 * list (see kwestie.h).  Everything here is public: organisations by
 * name, never a person, never a resident's words. */
#include "views/kwestie.h"
#include "views/photo.h"

#include <stdio.h>
#include <string.h>

#include "html/html.h"
#include "views/account.h"
#include "domain/describe.h"
#include "views/follower.h"
#include "views/form.h"
#include "views/promise.h"

#include "views/timeline.h"

/* <dt>term</dt><dd>n</dd> */
static void term_int(struct html *out, const char *term, long long n)
{
	view_el(out, "dt", term);
	html_lit(out, "<dd>");
	html_int(out, n);
	html_lit(out, "</dd>\n");
}

static void agenda_link(struct html *out, const char *code, const char *name)
{
	html_lit(out, "<a href=\"/agenda/");
	html_value(out, code);
	html_lit(out, "\">");
	html_text(out, name && *name ? name : code);
	html_lit(out, "</a>");
}

static void kwestie_link(struct html *out, long long id, const char *text)
{
	html_lit(out, "<a href=\"/kwesties/");
	html_int(out, id);
	html_lit(out, "\">");
	html_text(out, text);
	html_lit(out, "</a>");
}

/* --- one kwestie in a list --------------------------------------------- */

void view_kwestie_item(struct html *out, const struct kwestie_row *k)
{
	html_lit(out, "<li>\n<h3>");
	kwestie_link(out, k->id, k->title);
	html_lit(out, "</h3>\n<dl class=\"wa-summary\">\n");
	view_term(out, _("Gebied"), k->area_name ? k->area_name : k->area_code);
	view_term(out, _("Niveau"), describe_level(k->level));
	view_term(out, _("Regisseur"), k->regisseur ? k->regisseur
						    : _("Nog niet bekend"));
	view_term(out, _("Status"), describe_status(k->status));
	view_term(out, _("Uitkomst"), describe_outcome(k->outcome));
	term_int(out, _("Bewoners betrokken"), (long long)k->residents);
	html_lit(out, "</dl>\n</li>\n");
}

/* --- the page ------------------------------------------------------------ */

/* Where the kwestie went: merged into another (it answers with a pointer
 * to it), or closed as a duplicate of one. */
static void pointer(struct html *out, const struct kwestie_row *k)
{
	long long other = k->merged_into ? k->merged_into : k->duplicate_of;

	if (!other)
		return;
	html_lit(out, "<div class=\"wa-panel\" role=\"note\">\n<p>");
	html_text(out, k->merged_into
			       ? _("Deze kwestie is samengevoegd met een andere "
				   "kwestie. Daar gaat het verder.")
			       : _("Deze kwestie is dubbel: een andere kwestie "
				   "gaat over hetzelfde."));
	html_lit(out, "</p>\n<p>");
	kwestie_link(out, other, _("Naar die kwestie"));
	html_lit(out, " (#");
	html_int(out, other);
	html_lit(out, ")</p>\n</div>\n");
}

/* The status stands out; a closed kwestie always with its outcome. */
static void status(struct html *out, const struct kwestie_row *k)
{
	html_lit(out, "<div class=\"wa-panel wa-status\">\n<p><span>");
	html_text(out, _("Status:"));
	html_lit(out, "</span> <strong>");
	html_text(out, describe_status(k->status));
	html_lit(out, "</strong></p>\n");
	if (k->outcome && *k->outcome) {
		html_lit(out, "<p><span>");
		html_text(out, _("Uitkomst:"));
		html_lit(out, "</span> <strong>");
		html_text(out, describe_outcome(k->outcome));
		html_lit(out, "</strong></p>\n");
	}
	if (k->forwarded_to && strcmp(k->status, "doorgezet") == 0) {
		html_lit(out, "<p>");
		html_textf(out, _("Doorgezet naar: %s"), k->forwarded_to);
		html_lit(out, "</p>\n");
	}
	if (k->park_until && strcmp(k->status, "geparkeerd") == 0) {
		html_lit(out, "<p>");
		html_textf(out, _("Geparkeerd tot %s: %s"), k->park_until,
			   k->park_reason ? k->park_reason : "");
		html_lit(out, "</p>\n");
	}
	html_lit(out, "</div>\n");
}

static void where(struct html *out, const struct kwestie_row *k,
		  const char *topic)
{
	view_el(out, "h2", _("Waar en op welk niveau"));
	html_lit(out, "<dl class=\"wa-summary\">\n");
	view_el(out, "dt", _("Gebied"));
	html_lit(out, "<dd>");
	agenda_link(out, k->area_code, k->area_name);
	html_lit(out, " (");
	html_text(out, describe_level(k->area_level));
	html_lit(out, ")</dd>\n");
	view_term(out, _("Onderwerp"), topic);
	view_term(out, _("Aangepakt op niveau"), describe_level(k->level));
	view_term(out, _("Waarom op dit niveau"), k->level_reason);
	html_lit(out, "</dl>\n");
}

static void chain(struct html *out, const struct kwestie_view *v)
{
	view_el(out, "h2", _("Wie doet wat"));
	if (!v->nchain) {
		view_el(out, "p", _("Er is nog geen organisatie die deze kwestie "
				    "regisseert."));
		return;
	}
	html_lit(out, "<ul class=\"wa-list\">\n");
	for (size_t i = 0; i < v->nchain; i++) {
		html_lit(out, "<li><a href=\"/sociale-kaart/organisaties/");
		html_int(out, (long long)v->chain[i].organisation);
		html_lit(out, "\">");
		html_text(out, v->chain[i].name);
		html_lit(out, "</a>: ");
		html_text(out, describe_role(v->chain[i].role));
		html_lit(out, "</li>\n");
	}
	html_lit(out, "</ul>\n");
}

static void residents(struct html *out, const struct kwestie_row *k)
{
	view_el(out, "h2", _("Bewoners"));
	html_lit(out, "<dl class=\"wa-summary\">\n");
	term_int(out, _("Meldingen"), (long long)k->nsignals);
	term_int(out, _("Bewoners die dit steunen"), (long long)k->nsupporters);
	html_lit(out, "</dl>\n");
}

static const char *email_name(const char *field)
{
	return strcmp(field, "email") == 0 ? _("E-mailadres") : NULL;
}

static void support_form(struct html *out, const struct kwestie_page *kp)
{
	const struct kwestie_row *k = &kp->v->k;
	struct form_field f = {
		"email", _("E-mailadres (niet verplicht)"),
		_("Met uw e-mailadres telt uw steun één keer, ook als u later "
		  "op een ander apparaat terugkomt. U krijgt een mail met een "
		  "link: klik erop als u nieuws over deze kwestie wilt. Wij "
		  "tonen uw adres nergens."),
		form_error_find(kp->errors, kp->nerrors, "email")};

	if (!kp->can_support)
		return;
	view_el(out, "h2", _("Heeft u hier ook last van?"));
	view_el(out, "p", _("Laat weten dat het ook u raakt. Hoe meer bewoners "
			    "dit steunen, hoe hoger het op de agenda staat."));
	form_error_summary(out, kp->errors, kp->nerrors, email_name);
	form_open_begin(out);
	html_lit(out, "/kwesties/");
	html_int(out, (long long)k->id);
	html_lit(out, "/steun");
	form_open_end(out, kp->csrf);
	form_input(out, &f, "email", "email", NULL, kp->email);
	form_button(out, _("Ik heb hier ook last van"), false);
	html_lit(out, "</form>\n");
}

void view_kwestie(struct html *out, const struct page *p,
		  const struct kwestie_page *kp)
{
	const struct kwestie_row *k = &kp->v->k;

	view_begin(out, p);
	html_lit(out, "<p>");
	agenda_link(out, k->area_code,
		    k->area_name ? k->area_name : k->area_code);
	html_lit(out, ": ");
	html_text(out, _("bewonersagenda"));
	html_lit(out, "</p>\n");
	view_el(out, "h1", k->title);
	pointer(out, k);
	view_notice(out, kp->notice);
	if (kp->problem)
		view_el(out, "p class=\"wa-panel wa-error-message\" role=\"alert\"",
			kp->problem);
	status(out, k);
	view_el(out, "p class=\"wa-text\"", k->description);
	view_photos_public(out, kp->photos, kp->nphotos);
	where(out, k, kp->topic);
	chain(out, kp->v);
	residents(out, k);
	support_form(out, kp);
	if (kp->can_support) { /* open: it can still change, so follow it */
		char action[64];

		snprintf(action, sizeof(action), "/kwesties/%lld/volgen",
			 (long long)k->id);
		view_follow_form(out, p, action);
	}
	view_promises(out, kp->v->promises, kp->v->npromises, kp->v->today,
		      kp->v->expected_by);
	view_timeline(out, kp->v->history, kp->v->nhistory, kp->feed);
	view_el(out, "p class=\"wa-note\"",
		_("Op deze pagina staan nooit namen, adressen of de tekst "
		  "van meldingen van bewoners."));
	view_end(out, p);
}
