/* suggest: see suggest.h. */
#include "suggest.h"

#include "i18n/i18n.h"
#include "views/form.h"

static const char *const label_suggest = N_("Voorstel voor het onderwerp:");
static const char *const label_because = N_("Omdat u schreef:");
static const char *const label_choose = N_("Kies dit onderwerp");
static const char *const label_chosen = N_("Gekozen:");


void view_suggest_live(struct html *out)
{
	html_lit(out, "<div hidden class=\"wa-suggest\" id=\"f-category-suggest\" "
		      "aria-live=\"polite\" data-l-suggest=\"");
	html_value(out, _(label_suggest));
	html_lit(out, "\" data-l-because=\"");
	html_value(out, _(label_because));
	html_lit(out, "\" data-l-choose=\"");
	html_value(out, _(label_choose));
	html_lit(out, "\" data-l-chosen=\"");
	html_value(out, _(label_chosen));
	html_lit(out, "\"></div>\n<script src=\"/static/suggest.js\" defer></script>\n");
}

void view_suggest_choice(struct html *out, const struct category_hint *hint,
			 const struct choice *opts, size_t nopts)
{
	struct form_field ff = {"category", _("Onderwerp"), hint->why, NULL};

	form_select(out, &ff, _("Weet ik niet"), opts, nopts, hint->code);
}
