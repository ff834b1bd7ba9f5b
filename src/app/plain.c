/* plain: see plain.h. */
#include "plain.h"

#include "i18n/i18n.h"
#include "text/readability.h"

const char *const plain_refusal =
	N_("Deze tekst is voor veel bewoners moeilijk te lezen. Maak hem "
	   "eenvoudiger, of bevestig dat hij zo op de pagina mag.");

bool plain_check(struct arena *ar, const char *field, const char *text,
		 bool confirmed, struct field_errors *errs)
{
	struct readability r;

	if (!text || confirmed)
		return true;
	/* bad UTF-8 or too long: the text rules of the field say so */
	if (readability_check(ar, text, &r) != ERR_OK || readability_ok(&r))
		return true;
	field_errors_add(errs, field, plain_refusal);
	return false;
}
