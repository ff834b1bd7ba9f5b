/* phone: the one rule for a telephone number typed by a person (a
 * resident's contact data, a service on the social map).  Pure.
 *
 * 6 to 15 digits (E.164 allows 15), with only + ( ) - . and spaces
 * between them, at most PHONE_MAX bytes.  The partner inventory normalises numbers
 * further to compare lists (inventory/normalize.c norm_phone): that is a
 * matching key, not a check. */
#ifndef WA_DOMAIN_PHONE_H
#define WA_DOMAIN_PHONE_H
#include <stdbool.h>

#define PHONE_MAX 32

bool phone_valid(const char *s);

#endif
