/* err: expected failures.  Functions return one of these (or 0 = ERR_OK);
 * web/ maps them to HTTP statuses in exactly one place (http_status_for). */
#ifndef WA_ERR_H
#define WA_ERR_H

enum err {
	ERR_OK = 0,
	ERR_INVALID,	   /* bad input from outside: 400 */
	ERR_UNPROCESSABLE, /* well-formed but impossible (point outside): 422 */
	ERR_FORBIDDEN,	   /* this actor may not, on this record: 403 */
	ERR_NOT_FOUND,	   /* 404 */
	ERR_CONFLICT,	   /* 409 */
	ERR_TOO_LARGE,	   /* 413 */
	ERR_UNSUPPORTED,   /* wrong content type: 415 */
	ERR_LIMITED,	   /* too many of these from this client: 429 */
	ERR_BUSY,	   /* database busy beyond busy_timeout: 503 */
	ERR_INTERNAL,	   /* our fault: 500 */
};

const char *err_name(enum err e);

#endif
