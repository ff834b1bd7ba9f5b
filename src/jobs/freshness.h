/* freshness: the social map's daily reminder job.  For each organisation
 * with services past the freshness period (domain/freshness.h) and not
 * reminded within it: one mail (through the outbox) to each of its
 * coordinators, listing those services with the link to confirm them
 * (base_url + /beheer/organisaties/{org}/diensten), and reminded_at set,
 * with an audit entry, in one transaction per organisation.  An
 * organisation without coordinators gets no mail and stays due. */
#ifndef WA_JOBS_FRESHNESS_H
#define WA_JOBS_FRESHNESS_H
#include <stddef.h>

struct db;

/* The base URL of a municipality's site (serve --site), for the link in
 * its organisations' reminders: base(ctx, "GM0363"); never NULL. */
struct freshness_sites {
	const char *(*base)(void *ctx, const char *municipality);
	void *ctx;
};

/* One run over the whole database; ctx is a struct freshness_sites (the
 * signature of struct job's run).  Returns 0 (msg: the counts), or -1
 * with a message. */
int freshness_remind(struct db *db, void *ctx, char *msg, size_t msglen);

#endif
