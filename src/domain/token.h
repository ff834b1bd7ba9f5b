/* token: when a one-time link still works: an invitation, a password
 * reset, a resident's magic link.  Pure: the caller gives the time (the
 * unguessable token itself and its hash are base/token.h).
 *
 * A link works once and until it expires: it is live when it has not
 * been used and its expiry lies after now (at the very moment of expiry
 * it is dead).  Times are ISO 8601 UTC as the store writes them
 * (store_now: one fixed width, so the order of the text is the order of
 * time).  A link without an expiry, or asked about without a time, is
 * not live: the rule fails closed.
 *
 * Which kind of link a page accepts (a reset, an invitation for a new or
 * an existing account, a magic link) is the page's question, not this
 * rule's.  The store says the same rule in SQL where it lists or uses
 * links: a pending invitation is "used_at IS NULL AND expires_at > now"
 * (store/invitation.c), and using a link is an UPDATE ...
 * WHERE used_at IS NULL, so of two uses at once only one wins
 * (store/sessions.c). */
#ifndef WA_DOMAIN_TOKEN_H
#define WA_DOMAIN_TOKEN_H
#include <stdbool.h>

bool token_live(const char *expires_at, const char *used_at, const char *now);

#endif
