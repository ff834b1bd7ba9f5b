/* err: names for logs and JSON error bodies. */
#include "err.h"

const char *err_name(enum err e)
{
	switch (e) {
	case ERR_OK: return "ok";
	case ERR_INVALID: return "invalid";
	case ERR_UNPROCESSABLE: return "unprocessable";
	case ERR_FORBIDDEN: return "forbidden";
	case ERR_NOT_FOUND: return "not_found";
	case ERR_CONFLICT: return "conflict";
	case ERR_TOO_LARGE: return "too_large";
	case ERR_UNSUPPORTED: return "unsupported_media_type";
	case ERR_LIMITED: return "limited";
	case ERR_BUSY: return "busy";
	case ERR_INTERNAL: return "internal";
	}
	return "internal";
}
