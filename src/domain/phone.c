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
	return digits >= 6 && digits <= 15;
}
