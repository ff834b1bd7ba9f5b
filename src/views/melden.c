/* melden: the report form (GET and POST /melden), the page most residents
 * see.  It works without JavaScript: the map is an <input type="image">
 * whose click submits the whole form with kaart.x/kaart.y, and the server
 * shows the form again with the chosen point.  Only what and where are
 * needed; everything else says "niet verplicht".  The browser's own
 * validation is switched off (novalidate): its bubbles are hard to read
 * and to reach with a screen reader, so errors come back from the server
 * as a summary at the top and a message at each field. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "domain/signal.h"
#include "html/html.h"
#include "views/form.h"
#include "views/notify.h"
#include "views/suggest.h"
#include "views/views.h"

static const struct {
	const char *field, *name;
} field_names[] = {
	{"kind", N_("Soort")},
	{"text", N_("Uw bericht")},
	{"buurt", N_("Buurt")},
	{"lat", N_("Breedtegraad")},
	{"lon", N_("Lengtegraad")},
	{"photo", N_("Foto's")},
	{"category", N_("Onderwerp")},
	{"email", N_("E-mailadres")},
	{"notify", N_("Hoe vaak wilt u mail?")},
	{"phone", N_("Telefoonnummer")},
	{"age_band", N_("Leeftijd")},
};

static const struct {
	const char *value, *label;
} kinds[] = {
	{"melding", N_("Iets melden")},
	{"vraag", N_("Een vraag stellen")},
	{"idee", N_("Een idee")},
};

static const char *field_name(const char *field)
{
	for (size_t i = 0; i < ARRAY_SIZE(field_names); i++)
		if (strcmp(field, field_names[i].field) == 0)
			return _(field_names[i].name);
	return NULL;
}

static size_t field_rank(const char *field)
{
	for (size_t i = 0; field && i < ARRAY_SIZE(field_names); i++)
		if (strcmp(field, field_names[i].field) == 0)
			return i;
	return ARRAY_SIZE(field_names);
}

/* The summary lists the errors in the order of the fields on the page
 * (field_names is in that order), whatever order they were found in. */
static void write_summary(struct html *out, const struct melden_form *f)
{
	struct field_error sorted[32];
	size_t n = f->nerrors, i, j;

	if (n > ARRAY_SIZE(sorted)) {
		form_error_summary(out, f->errors, n, field_name);
		return;
	}
	for (i = 0; i < n; i++) {
		for (j = i; j > 0 && field_rank(sorted[j - 1].field) >
					      field_rank(f->errors[i].field);
		     j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = f->errors[i];
	}
	form_error_summary(out, sorted, n, field_name);
}

static struct form_field field(const struct melden_form *f, const char *name,
			       const char *label, const char *hint)
{
	struct form_field ff = {name, label, hint,
				form_error_find(f->errors, f->nerrors, name)};
	return ff;
}

static void legend(struct html *out, const char *text)
{
	view_el(out, "legend class=\"wa-legend\"", text);
}

/* f-kind for the first radio, f-kind-VALUE for the others. */
static void kind_id(struct html *out, size_t i)
{
	html_lit(out, "f-kind");
	if (i) {
		html_lit(out, "-");
		html_value(out, kinds[i].value);
	}
}

static void kind_radio(struct html *out, const struct form_field *ff,
		       size_t i, int checked)
{
	/* The first radio carries id f-kind, where the summary links to. */
	html_lit(out, "<div class=\"wa-radio\">\n<input type=\"radio\" id=\"");
	kind_id(out, i);
	html_lit(out, "\" name=\"kind\" value=\"");
	html_value(out, kinds[i].value);
	html_lit(out, "\"");
	if (checked)
		html_lit(out, " checked");
	if (ff->error)
		html_lit(out, " aria-invalid=\"true\"");
	html_lit(out, ">\n<label for=\"");
	kind_id(out, i);
	html_lit(out, "\">");
	html_text(out, _(kinds[i].label));
	html_lit(out, "</label>\n</div>\n");
}

static void write_kind(struct html *out, const struct melden_form *f)
{
	struct form_field ff = field(f, "kind", _("Wat wilt u doen?"), NULL);
	/* Most people come to report something: preselect it. */
	const char *kind = f->kind && *f->kind ? f->kind : "melding";

	form_field_begin(out, &ff);
	html_lit(out, "<fieldset class=\"wa-fieldset\"");
	form_describedby(out, &ff);
	html_lit(out, ">\n");
	legend(out, ff.label);
	form_notes(out, &ff);
	html_lit(out, "<div class=\"wa-radios\">\n");
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		kind_radio(out, &ff, i, strcmp(kind, kinds[i].value) == 0);
	html_lit(out, "</div>\n</fieldset>\n");
	form_field_end(out);
}

static void write_text(struct html *out, const struct melden_form *f)
{
	char hint[256];
	struct form_field ff;

	if (f->max_text > 0)
		snprintf(hint, sizeof(hint),
			 _("Wat is er aan de hand, waar precies en sinds "
			   "wanneer? U kunt %d tekens gebruiken."),
			 f->max_text);
	else
		snprintf(hint, sizeof(hint), "%s",
			 _("Wat is er aan de hand, waar precies en sinds "
			   "wanneer?"));
	ff = field(f, "text", _("Uw bericht"), hint);
	form_textarea(out, &ff, f->text, 6);
}

static void write_map(struct html *out, const struct melden_form *f)
{
	html_lit(out, "<div class=\"wa-field\">\n<p class=\"wa-label\">");
	html_text(out, _("Of wijs de plek aan op de kaart"));
	html_lit(out, "</p>\n<p class=\"wa-hint\" id=\"f-kaart-hint\">");
	html_text(out, _("Klik op de plek. U ziet dit formulier dan terug met "
			 "de gekozen plek; wat u al hebt ingevuld, blijft "
			 "staan."));
	/* The image keeps its own size and scrolls on a small screen: the
	 * click position is sent in the image's displayed pixels, so a scaled
	 * image would put the point in the wrong place. */
	html_lit(out, "</p>\n<div class=\"wa-map\">\n<input type=\"image\" "
		      "class=\"wa-map__image\" name=\"kaart\" src=\"/kaart.svg\" "
		      "aria-describedby=\"f-kaart-hint\" alt=\"");
	html_value(out, _("Kaart van de buurten. Klik op de plek waar het over "
			  "gaat."));
	html_lit(out, "\"");
	if (f->map_width > 0 && f->map_height > 0) {
		html_lit(out, " width=\"");
		html_int(out, f->map_width);
		html_lit(out, "\" height=\"");
		html_int(out, f->map_height);
		html_lit(out, "\"");
	}
	html_lit(out, ">\n</div>\n</div>\n");
}

static void write_chosen_point(struct html *out, const struct melden_form *f)
{
	html_lit(out, "<p class=\"wa-chosen\"><span>");
	html_text(out, _("Gekozen plek op de kaart:"));
	html_lit(out, "</span> <strong>");
	html_text(out, f->map_point_label);
	html_lit(out, "</strong></p>\n");
	form_hidden(out, "lat", f->lat);
	form_hidden(out, "lon", f->lon);
}

static void write_coordinates(struct html *out, const struct melden_form *f)
{
	struct form_field lat = field(f, "lat", _("Breedtegraad"), NULL);
	struct form_field lon = field(f, "lon", _("Lengtegraad"), NULL);
	int open = (f->lat && *f->lat) || (f->lon && *f->lon) || lat.error ||
		   lon.error;

	if (open)
		html_lit(out, "<details class=\"wa-details\" open>\n");
	else
		html_lit(out, "<details class=\"wa-details\">\n");
	view_el(out, "summary", _("Coördinaten invoeren"));
	html_lit(out, "<div class=\"wa-details__body\">\n");
	view_el(out, "p class=\"wa-hint\"",
		_("In graden met een punt, bijvoorbeeld breedtegraad 52.37316 "
		  "en lengtegraad 4.89235."));
	form_input(out, &lat, "text", NULL, "decimal", f->lat);
	form_input(out, &lon, "text", NULL, "decimal", f->lon);
	html_lit(out, "</div>\n</details>\n");
}

static void write_place(struct html *out, const struct melden_form *f)
{
	struct form_field buurt = field(f, "buurt", _("Buurt"), NULL);
	int point_error = form_error_find(f->errors, f->nerrors, "lat") ||
			  form_error_find(f->errors, f->nerrors, "lon");

	html_lit(out, "<fieldset class=\"wa-fieldset\" "
		      "aria-describedby=\"f-place-hint\">\n");
	legend(out, _("Waar is het?"));
	view_el(out, "p class=\"wa-hint\" id=\"f-place-hint\"",
		_("Kies een buurt, of wijs de plek aan op de kaart."));
	form_select(out, &buurt, _("Kies een buurt"), f->buurten, f->nbuurten,
		    f->buurt);
	write_map(out, f);
	if (f->map_point_label && !point_error)
		write_chosen_point(out, f);
	else
		write_coordinates(out, f);
	html_lit(out, "</fieldset>\n");
}

/* The photos: a file field (several at once where the browser can), and
 * those already sent, kept as hidden fields with a box to take one off
 * again.  The form is multipart/form-data, so it works without
 * JavaScript; a form shown again (an error, a click on the map) keeps
 * them, since a browser never fills a file field itself. */
static void write_photos(struct html *out, const struct melden_form *f)
{
	struct form_field ff =
		field(f, "photo", _("Foto's (niet verplicht)"),
		      _("Hoogstens 3, JPEG, PNG of WebP, elk tot 10 MB. Wij "
			"halen de plaats, de datum en de camera uit de foto "
			"voordat wij hem bewaren."));

	if (f->photos_off)
		return;
	form_field_begin(out, &ff);
	form_label(out, &ff);
	form_notes(out, &ff);
	if (f->nphotos) {
		html_lit(out, "<ul class=\"wa-photos\">\n");
		for (size_t i = 0; i < f->nphotos; i++) {
			html_lit(out, "<li><img src=\"/foto/klein/");
			html_value(out, f->photos[i]);
			html_lit(out, ".jpg\" alt=\"");
			html_value(out, _("Uw foto"));
			html_lit(out, "\" width=\"160\"> ");
			form_hidden(out, "foto", f->photos[i]);
			form_checkbox(out, "foto_weg", f->photos[i],
				      _("Deze foto weghalen"), false);
			html_lit(out, "</li>\n");
		}
		html_lit(out, "</ul>\n");
	}
	if (f->nphotos < SIGNAL_PHOTOS_MAX) {
		html_lit(out, "<input class=\"wa-input\" type=\"file\" "
			      "accept=\"image/jpeg,image/png,image/webp\" multiple");
		form_control_attrs(out, &ff);
		html_lit(out, ">\n");
	}
	form_field_end(out);
}

static void write_category(struct html *out, const struct melden_form *f)
{
	struct form_field ff =
		field(f, "category", _("Onderwerp (niet verplicht)"),
		      _("Weet u het niet? Dan kiezen wij het onderwerp."));

	form_select(out, &ff, _("Weet ik niet"), f->categories, f->ncategories,
		    f->category);
	view_suggest_live(out); /* views/suggest.h */
}

static void write_contact(struct html *out, const struct melden_form *f)
{
	struct form_field email =
		field(f, "email", _("E-mailadres (niet verplicht)"), NULL);
	struct form_field phone =
		field(f, "phone", _("Telefoonnummer (niet verplicht)"), NULL);
	struct form_field notify =
		field(f, "notify", _("Hoe vaak wilt u mail?"),
		      _("Alleen als u een e-mailadres invult. In elke mail staat "
			"een link om dit te veranderen of u af te melden."));

	html_lit(out, "<fieldset class=\"wa-fieldset\" "
		      "aria-describedby=\"f-contact-hint\">\n");
	legend(out, _("Contactgegevens (niet verplicht)"));
	view_el(out, "p class=\"wa-hint\" id=\"f-contact-hint\"",
		_("Dan kunnen wij u een vraag stellen over uw melding, of "
		  "laten weten wat ermee gebeurt. Wij laten uw e-mailadres en "
		  "telefoonnummer nooit openbaar zien."));
	form_input(out, &email, "email", "email", NULL, f->email);
	view_notify_choice(out, &notify, f->notify);
	form_input(out, &phone, "tel", "tel", NULL, f->phone);
	html_lit(out, "</fieldset>\n");
}

static void write_age(struct html *out, const struct melden_form *f)
{
	struct form_field ff =
		field(f, "age_band", _("Leeftijd (niet verplicht)"),
		      _("Zo zien wij of we mensen van alle leeftijden "
			"bereiken."));

	form_select(out, &ff, _("Zeg ik liever niet"), f->age_bands,
		    f->nage_bands, f->age_band);
}

static void write_form(struct html *out, const struct melden_form *f)
{
	html_lit(out, "<form class=\"wa-form\" method=\"post\" "
		      "action=\"/melden\" accept-charset=\"utf-8\" "
		      "enctype=\"multipart/form-data\" novalidate>\n");
	/* Enter in a text field presses the form's first submit button,
	 * which would otherwise be the map (with a click at 0,0).  This
	 * button comes first so Enter sends the form; it is out of sight,
	 * out of the tab order and hidden from screen readers, which have the
	 * real button at the end. */
	html_lit(out, "<button type=\"submit\" name=\"actie\" "
		      "value=\"versturen\" class=\"wa-visually-hidden\" "
		      "tabindex=\"-1\" aria-hidden=\"true\">");
	html_text(out, _("Versturen"));
	html_lit(out, "</button>\n");
	write_kind(out, f);
	write_text(out, f);
	write_place(out, f);
	write_photos(out, f);
	write_category(out, f);
	write_contact(out, f);
	write_age(out, f);
	html_lit(out, "<div class=\"wa-actions\">\n<button type=\"submit\" "
		      "name=\"actie\" value=\"versturen\" "
		      "class=\"wa-button wa-button--large\">");
	html_text(out, _("Versturen"));
	html_lit(out, "</button>\n</div>\n</form>\n");
}

void view_melden(struct html *out, const struct page *p,
		 const struct melden_form *f)
{
	struct page q = *p;
	char title[256];

	/* A screen reader reads the title first: say there is a problem. */
	if (f->nerrors) {
		snprintf(title, sizeof(title), "%s %s", _("Fout:"),
			 p->title ? p->title : "");
		q.title = title;
	}
	view_begin(out, &q);
	view_el(out, "h1", _("Melding maken"));
	write_summary(out, f);
	view_el(out, "p class=\"wa-lead\"",
		_("Vertel wat er is en waar. De rest is niet verplicht."));
	write_form(out, f);
	view_end(out, &q);
}
