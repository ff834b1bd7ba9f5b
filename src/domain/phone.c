/* phone: see phone.h. */
#include "phone.h"

#include <string.h>

bool phone_valid(const char *s)
{
	size_t digits = 0;

	if (!s || strlen(s) > PHONE_MAX)
		return false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (!strchr("+()-. ", *s))
			return false;
	}
	return digits >= PHONE_DIGITS_MIN && digits <= PHONE_DIGITS_MAX;
}
