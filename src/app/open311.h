/* open311: the use cases behind Open311 GeoReport v2 (docs/open311.md):
 * the services (our categories a resident can choose), the public view
 * of a signal as a "service request", and the times the specification
 * writes.  Creation is app/intake.c's intake_prepare, the one way in.
 *
 * What a request shows is public: never the resident's text, point,
 * contact data or token.  Its place is the buurt (its name, code and
 * representative point, geo/areaidx.h areaidx_point), its description
 * the kwestie's public title or the category's name.  Status, the latest
 * timeline words and the expected date come from signal_track
 * (app/signal.c), the read of the resident's tracking page. */
#ifndef WA_APP_OPEN311_H
#define WA_APP_OPEN311_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/arena.h"
#include "base/err.h"
#include "domain/open311.h"
#include "store/open311.h"

/* At most this many ids in ?service_request_id=, and requests in a page. */
#define OPEN311_MAX_IDS 100
#define OPEN311_MAX_PAGE 1000
#define OPEN311_DEFAULT_PAGE 1000
/* A page is a walk down the window with OFFSET: its first request lies
 * within the first this many of the window (page 10 of 1000, page 1000
 * of 10).  Deeper, a client narrows the window with start_date/end_date
 * (issue 16: page 100000 walked every row of a 10M-signal window). */
#define OPEN311_MAX_DEPTH 10000
#define OPEN311_DEFAULT_DAYS 90

struct open311_service {
	const char *code, *name, *description, *group;
};

struct open311_request {
	int64_t id;
	const char *status; /* "open" or "closed" */
	const char *status_notes, *service_name, *service_code, *description,
		*agency, *service_notice, *requested, *updated, *expected,
		*address, *address_id;
	double lat, lon;
	bool has_point;
	/* the public address of its first photo shown on the kwestie page
	 * (/foto/openbaar/TOKEN.jpg, without the base URL), or NULL */
	const char *media_url;
	/* lat and lon as "%.6f" writes them (geo/areaidx.h
	 * areaidx_node_point), or NULL: then the writers print the doubles */
	const char *lat_text, *lon_text;
};

/* The services: every category with a parent (what the report form
 * offers), the parent's name as group.  Into the arena. */
void open311_services(const struct app *app, struct arena *ar,
		      struct open311_service **out, size_t *n);
/* One by its code; false when no such service. */
bool open311_service(const struct app *app, const char *code,
		     struct open311_service *out);

/* One page of requests by the filters, newest first. */
enum err open311_requests(const struct app *app, struct db *db,
			  struct arena *ar, const struct open311_query *q,
			  struct open311_request **out, size_t *n);
/* A request by its id; ERR_NOT_FOUND for none. */
enum err open311_request(const struct app *app, struct db *db,
			 struct arena *ar, int64_t id,
			 struct open311_request *out);

/* The stored moment of now - days. */
void open311_days_ago(int days, char out[32]);

#endif
