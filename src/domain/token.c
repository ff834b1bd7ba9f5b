/* token: see token.h. */
#include "token.h"

#include <string.h>

bool token_live(const char *expires_at, const char *used_at, const char *now)
{
	return !used_at && expires_at && now && *now &&
	       strcmp(expires_at, now) > 0;
}
