/* follower: see follower.h. */
#include "follower.h"

#include <string.h>

#include "views/account.h"
#include "views/form.h"
#include "views/notify.h"

/* The field's id differs from "f-email": the kwestie page may have
 * another form with an e-mail field. */
static void email_field(struct html *out, const char *email, const char *error)
{
	html_lit(out, "<div class=\"wa-field");
	if (error)
		html_lit(out, " wa-field--error");
	html_lit(out, "\">\n<label class=\"wa-label\" for=\"f-volgen-email\">");
	html_text(out, _("Uw e-mailadres"));
	html_lit(out, "</label>\n<p class=\"wa-hint\" id=\"f-volgen-email-hint\">");
	html_text(out, _("U krijgt eerst een mail met een link om te "
			 "bevestigen. Elke mail heeft een link om u af te "
			 "melden. Wij laten uw adres nooit zien."));
	html_lit(out, "</p>\n");
	if (error) {
		html_lit(out, "<p class=\"wa-error-message\" id=\"f-volgen-email-error\">"
			      "<span class=\"wa-visually-hidden\">");
		html_text(out, _("Fout:"));
		html_lit(out, "</span> ");
		html_text(out, error);
		html_lit(out, "</p>\n");
	}
	html_lit(out, "<input class=\"wa-input\" type=\"email\" id=\"f-volgen-email\" "
		      "name=\"email\" autocomplete=\"email\" aria-describedby=\"");
	if (error)
		html_lit(out, "f-volgen-email-error ");
	html_lit(out, "f-volgen-email-hint\"");
	if (error)
		html_lit(out, " aria-invalid=\"true\"");
	html_lit(out, " value=\"");
	html_value(out, email);
	html_lit(out, "\">\n</div>\n");
}

static bool is_area(const char *action)
{
	return action && strncmp(action, "/agenda/", 8) == 0;
}

static void follow_form(struct html *out, const struct page *p,
			const char *action, const struct follow_form_values *v)
{
	const char *button = is_area(action) ? _("Volg de agenda van dit gebied")
					     : _("Volg deze kwestie");
	struct form_field freq = {"frequency", _("Hoe vaak wilt u mail?"), NULL,
				  v->frequency_error};

	form_open_begin(out);
	html_url(out, action);
	form_open_end(out, p->csrf);
	email_field(out, v->email, v->email_error);
	view_notify_choice(out, &freq, v->frequency);
	html_lit(out, "<button type=\"submit\" class=\"wa-button\">");
	html_text(out, button);
	html_lit(out, "</button>\n</form>\n");
}

void view_follow_form(struct html *out, const struct page *p,
		      const char *action)
{
	static const struct follow_form_values none = {NULL, NULL, NULL, NULL};

	html_lit(out, "<section class=\"wa-follow\" aria-labelledby=\"volgen-kop\">\n"
		      "<h2 id=\"volgen-kop\">");
	html_text(out, is_area(action) ? _("Volg de agenda van dit gebied")
				       : _("Volg deze kwestie"));
	html_lit(out, "</h2>\n");
	follow_form(out, p, action, &none);
	html_lit(out, "</section>\n");
}

/* One line of the error summary, linking to the field. */
static void summary_line(struct html *out, const char *id, const char *error)
{
	if (!error)
		return;
	html_lit(out, "<p><a href=\"#");
	html_value(out, id);
	html_lit(out, "\">");
	html_text(out, error);
	html_lit(out, "</a></p>");
}

void view_follow_page(struct html *out, const struct page *p,
		      const char *action, const struct follow_form_values *v)
{
	view_begin(out, p);
	view_el(out, "h1", is_area(action) ? _("Volg de agenda van dit gebied") : _("Volg deze kwestie"));
	if (v->email_error || v->frequency_error) {
		html_lit(out, "<div class=\"wa-error-summary\" role=\"alert\">");
		summary_line(out, "f-volgen-email", v->email_error);
		summary_line(out, "f-frequency", v->frequency_error);
		html_lit(out, "</div>\n");
	}
	follow_form(out, p, action, v);
	view_end(out, p);
}

void view_follow_link(struct html *out, const struct page *p,
		      const struct follow_link_page *l)
{
	view_begin(out, p);
	view_el(out, "h1", l->heading);
	if (l->what) {
		html_lit(out, "<p class=\"wa-lead\">");
		html_text(out, _("Het gaat om"));
		html_lit(out, " <a href=\"");
		html_url(out, l->href);
		html_lit(out, "\">");
		html_text(out, l->what);
		html_lit(out, "</a>.</p>\n");
	}
	if (l->text)
		view_el(out, "p", l->text);
	if (l->action && l->button)
		form_button_only(out, l->action, p->csrf, l->button, false);
	view_end(out, p);
}
