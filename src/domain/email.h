/* email: the one rule for an e-mail address, wherever one comes in (a
 * resident's contact data, an account, an invitation, a service on the
 * social map, the sender of our mail), and the rules a mail we queue must
 * meet.  Pure: no SQL, no network.
 *
 * An address is local@domain.tld: printable ASCII without spaces or any
 * of <>()[]\,;:" (they would need quoting in a header, or could end the
 * address or add a recipient in the SMTP envelope), exactly one '@' with
 * text on both sides, a dot in the domain with at least two characters
 * after the last one, at most EMAIL_MAX bytes.  A check for safety and
 * plain typing errors, not for deliverability: whether the domain exists
 * is the mail server's call.  Addresses are compared and stored
 * lower-cased (everyone treats them so, whatever RFC 5321 allows).
 *
 * The HSDS importer checks the schema's own "email" format in addition
 * (hsds/validate.c): a conformance rule of the standard, not ours. */
#ifndef WA_DOMAIN_EMAIL_H
#define WA_DOMAIN_EMAIL_H
#include <stdbool.h>

#include "base/arena.h"

#define EMAIL_MAX 254	      /* RFC 5321 path limit, without <> */
#define MAIL_SUBJECT_MAX 200  /* bytes of UTF-8 */
#define MAIL_BODY_MAX 65536   /* bytes of UTF-8 */

bool email_valid(const char *addr);
/* Trimmed (spaces, tabs, line ends) and lower-cased copy in a, when that
 * is a valid address; NULL when s is NULL, blank or not an address. */
const char *email_normalise(struct arena *a, const char *s);
/* The part after the '@' (for logs: never log the whole address); ""
 * when there is none. */
const char *email_domain(const char *addr);

/* A subject: well-formed UTF-8, no control characters (so no CR/LF),
 * 1..MAIL_SUBJECT_MAX bytes. */
bool mail_subject_valid(const char *subject);
/* A body: well-formed UTF-8 without control characters but TAB, CR and
 * LF, at most MAIL_BODY_MAX bytes. */
bool mail_body_valid(const char *body);
/* The URL of a List-Unsubscribe header (RFC 2369, 8058): http:// or
 * https://, printable ASCII without space, '<', '>', ',' or quotes, at
 * most MAIL_URL_MAX bytes, so it cannot end the header or the <...>. */
#define MAIL_URL_MAX 512
bool mail_unsubscribe_url_valid(const char *url);

#endif
