/* routing: the form of a routing rule and the guard on deleting one
 * (see routing.h). */
#include "routing.h"

#include <string.h>

#include "i18n/i18n.h"
#include "domain/area.h"

static bool slug_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_';
}

bool routing_category_valid(const char *s)
{
	size_t len, seg = 0, slashes = 0;

	if (!s || !(len = strlen(s)) || len > ROUTING_CATEGORY_MAX)
		return false;
	for (; *s; s++) {
		if (*s == '/') {
			if (!seg || ++slashes > 1)
				return false;
			seg = 0;
		} else if (slug_char(*s)) {
			seg++;
		} else {
			return false;
		}
	}
	return seg > 0;
}

static const char *blank_to_null(const char *s)
{
	return s && *s ? s : NULL;
}

size_t routing_check(struct arena *ar, struct routing_input *in,
		     struct field_errors *errs)
{
	size_t before = errs->n;
	const char *msg;

	in->category = blank_to_null(in->category);
	in->area = blank_to_null(in->area);
	if (in->category && !routing_category_valid(in->category))
		field_errors_add(errs, "category",
				 N_("is geen geldige categoriecode"));
	if (in->area && !area_code_valid(in->area))
		field_errors_add(errs, "area",
				 N_("bevat een ongeldige code (alleen letters, "
				    "cijfers, - en _)"));
	if (in->organisation < 0)
		field_errors_add(errs, "organisation",
				 N_("is geen geldige organisatie"));
	msg = text_check(ar, in->note ? in->note : "", 0, ROUTING_NOTE_MAX,
			 false, &in->note);
	if (msg)
		field_errors_add(errs, "note", msg);
	return errs->n - before;
}

bool routing_covers_all(const char *category, const char *area)
{
	return !blank_to_null(category) && !blank_to_null(area);
}

bool routing_delete_leaves_none(const char *category, const char *area,
				size_t ncovering)
{
	return routing_covers_all(category, area) && ncovering <= 1;
}
