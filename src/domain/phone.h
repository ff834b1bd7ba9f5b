/* phone: the one rule for a telephone number typed by a person (a
 * resident's contact data, a service on the social map).  Pure.
 *
 * PHONE_DIGITS_MIN to PHONE_DIGITS_MAX digits (E.164 allows 15), with
 * only + ( ) - . and spaces between them, at most PHONE_MAX bytes.  The
 * partner inventory normalises numbers further to compare lists
 * (inventory/normalize.c norm_phone): that is a matching key read
 * leniently from what a list holds, not a check of what a person typed;
 * it is built on this rule (what it gives is always phone_valid). */
#ifndef WA_DOMAIN_PHONE_H
#define WA_DOMAIN_PHONE_H
#include <stdbool.h>

#define PHONE_MAX 32
#define PHONE_DIGITS_MIN 6
#define PHONE_DIGITS_MAX 15

bool phone_valid(const char *s);

#endif
