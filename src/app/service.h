/* service: the use cases of a service on the social map, as its
 * organisation keeps it (app/service.c): check what the owner typed
 * (domain/service.h, and the areas and terms it names), create, change,
 * delete, confirm.  Every change records one audit entry per changed
 * field (old and new), in the transaction of the change; a change that
 * changes nothing confirms the service (the owner just looked at every
 * field). */
#ifndef WA_APP_SERVICE_H
#define WA_APP_SERVICE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/actor.h"
#include "base/arena.h"
#include "base/err.h"
#include "domain/service.h"

struct app;
struct db;

/* What a form sends: the fields, the areas (codes checked in boxes and
 * a text of codes) and the terms (codes). */
struct service_request {
	struct service_input in;
	const char *const *areas;
	size_t nareas;
	const char *areas_other;
	const char *const *terms;
	size_t nterms;
	/* publish the description and the norm's text even when they are
	 * below the plain-language target (app/plain.h) */
	bool plain_confirmed;
};

/* Checked: the fields, the areas found in the area index and the terms
 * found in our two taxonomies. */
struct service_check {
	struct service_fields f;
	char *areas[SERVICE_MAX_AREAS];
	size_t nareas;
	int64_t terms[SERVICE_MAX_TERMS];
	char *term_codes[SERVICE_MAX_TERMS];
	size_t nterms;
	/* the first area code that names no area (for the message
	 * N_("gebied '%s' kennen we niet"), field areas_other) */
	const char *unknown_area;
};

/* Check everything; returns the number of errors (at most one per
 * field). */
size_t service_check(const struct app *app, struct db *db, struct arena *ar,
		     const struct service_request *rq, struct service_check *out,
		     struct field_errors *errs);
/* A new service of organisation org_id (its demo mark with it); *id. */
enum err service_create(const struct app *app, struct db *db, struct arena *ar,
			const struct actor *who, int64_t org_id, bool demo,
			const struct service_check *c, int64_t *id);
/* Change service id of org_id (ERR_NOT_FOUND when it is not its). */
enum err service_update(struct db *db, struct arena *ar, const struct actor *who,
			int64_t org_id, int64_t id, const struct service_check *c);
enum err service_delete(struct db *db, struct arena *ar, const struct actor *who,
			int64_t org_id, int64_t id);
/* The owner says it is still right: confirmed now. */
enum err service_confirm(struct db *db, struct arena *ar, const struct actor *who,
			 int64_t org_id, int64_t id);

#endif
