/* proxy: which peers may name the client (X-Forwarded-For), and the
 * client they name.  Pure: no sockets, so it is unit-tested and fuzzed.
 *
 * The header is read from the right: each proxy appends the address it
 * saw, so the right-most entries are the ones our own proxies wrote; the
 * first entry from the right that is not a trusted proxy is the client.
 * An entry that is no numeric IPv4 or IPv6 address ends the search: what
 * lies left of it cannot be believed. */
#ifndef WA_PROXY_H
#define WA_PROXY_H
#include <stdbool.h>
#include <stddef.h>

#define PROXY_MAX 16
#define PROXY_ADDR_MAX 46 /* INET6_ADDRSTRLEN */

struct proxy_addr {
	int family; /* AF_INET or AF_INET6; 0: none */
	unsigned char addr[16];
};

struct proxy_list {
	struct proxy_addr a[PROXY_MAX];
	size_t n;
};

/* Parse a numeric IPv4 or IPv6 address; false if it is none. */
bool proxy_addr_parse(const char *text, struct proxy_addr *out);
/* Add a trusted proxy; false when text is no address or the list is full. */
bool proxy_list_add(struct proxy_list *l, const char *text);
bool proxy_trusted(const struct proxy_list *l, const struct proxy_addr *a);
/* The client named by an X-Forwarded-For value of len bytes, written to
 * out (PROXY_ADDR_MAX bytes); false when the value names none. */
bool proxy_client(const struct proxy_list *l, const char *xff, size_t len,
		  char out[PROXY_ADDR_MAX]);

#endif
