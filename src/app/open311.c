/* open311: see open311.h. */
#include "open311.h"

#include <stdint.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/promise.h"
#include "app/signal.h"
#include "app/timeline.h"
#include "base/util.h"
#include "domain/open311.h"
#include "geo/areaidx.h"
#include "i18n/i18n.h"
#include "store/kwestie.h"

/* --- services --------------------------------------------------------- */

static void service_fill(const struct app *app, const struct category_entry *c,
			 struct open311_service *s)
{
	s->code = c->code;
	s->name = c->name;
	s->description = c->name;
	s->group = app_category_name(app, c->parent_code);
	if (!s->group)
		s->group = c->parent_code;
}

void open311_services(const struct app *app, struct arena *ar,
		      struct open311_service **out, size_t *n)
{
	*out = arena_alloc(ar, (app->ncategories + 1) * sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < app->ncategories; i++)
		if (app->categories[i].parent_code)
			service_fill(app, &app->categories[i], &(*out)[(*n)++]);
}

bool open311_service(const struct app *app, const char *code,
		     struct open311_service *out)
{
	for (size_t i = 0; code && i < app->ncategories; i++)
		if (app->categories[i].parent_code &&
		    strcmp(app->categories[i].code, code) == 0) {
			service_fill(app, &app->categories[i], out);
			return true;
		}
	return false;
}

/* --- times (domain/open311.c) -------------------------------------------- */

void open311_days_ago(int days, char out[32])
{
	open311_utc((int64_t)time(NULL) - (int64_t)days * 86400, out);
}

/* An expected day (YYYY-MM-DD) as the end of that day in Amsterdam. */
static const char *expected_at(struct arena *ar, const char *day)
{
	char b[32];

	return day && open311_day_end(day, b) ? arena_strdup(ar, b) : NULL;
}

static const char *local(struct arena *ar, const char *stored)
{
	char b[32];

	open311_time_local(stored, b);
	return b[0] ? arena_strdup(ar, b) : NULL;
}

/* --- requests ------------------------------------------------------------ */

/* "a, b" (arena_printf per request of a list of 1,000 was a few per cent
 * of it). */
static const char *comma_joined(struct arena *ar, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *out = arena_alloc(ar, la + lb + 3);

	memcpy(out, a, la);
	memcpy(out + la, ", ", 2);
	memcpy(out + la + 2, b, lb + 1);
	return out;
}

/* What a request says, from its row of the list statement (the signal,
 * its first kwestie, its newest timeline entry, its due date) and the
 * expectation worked out from them (none when closed). */
static void fill(const struct app *app, struct arena *ar,
		 const struct open311_ref *ref, const struct expectation *ex,
		 struct open311_request *r)
{
	const struct signal_row *s = &ref->s;
	const struct area_node *b = areaidx_find(app->areas, s->buurt_code);
	const char *closed_at = ref->closed_at, *updated;

	memset(r, 0, sizeof(*r));
	r->id = s->id;
	r->status = closed_at ? "closed" : "open";
	r->service_code = s->category_code;
	r->service_name = s->category_code
				  ? app_category_name(app, s->category_code)
				  : NULL;
	/* the first kwestie's public title and its regisseur */
	r->description = ref->kwestie_title && *ref->kwestie_title
				 ? ref->kwestie_title
				 : r->service_name;
	r->agency = ref->regisseur ? ref->regisseur : app->municipality_name;
	if (!r->description)
		r->description = _("Melding");
	r->status_notes = ref->has_last ? ref->last.text : NULL;
	r->requested = local(ar, s->created_at);
	/* the specification: a closed request's is when it was closed */
	updated = closed_at			  ? closed_at
		  : ref->has_last && ref->last.at ? ref->last.at
						  : s->created_at;
	r->updated = local(ar, updated);
	r->expected = ex ? expected_at(ar, ex->by) : NULL;
	r->service_notice =
		closed_at ? _("Deze melding is afgehandeld.")
			  : arena_printf(ar, _("U hoort uiterlijk %s wat ermee gebeurt."),
					 ex ? ex->by : "-");
	r->address = b ? comma_joined(ar, b->name, app->municipality_name)
		       : app->municipality_name;
	r->address_id = s->buurt_code;
	r->has_point = b && areaidx_node_point(b, &r->lat, &r->lon,
					       &r->lat_text, &r->lon_text) == 0;
}

/* From the row the list (or the one-request read) already has: no
 * second read of the signal, its kwesties, timeline or promises. */
static enum err read_one(const struct app *app, struct db *db, struct arena *ar,
			 struct open311_ref *ref, struct expect_memo *memo,
			 struct open311_request *out)
{
	struct expectation ex;
	enum err e;

	if (!app_is_here(app, ref->s.municipality))
		return ERR_NOT_FOUND; /* the store asked for app's alone */
	if (ref->has_last)
		timeline_fill(ar, &ref->last, 1);
	/* an open request's expectation (a closed one shows none; one with
	 * an outcome is closed) */
	if (!ref->closed_at && !ref->outcome) {
		e = promise_expect_due(db, ar, &ref->s, ref->due, memo, &ex);
		if (e != ERR_OK)
			return e;
	}
	fill(app, ar, ref, !ref->closed_at && !ref->outcome ? &ex : NULL, out);
	return ERR_OK;
}

/* media_url: the first public photo of each request, for the whole page
 * in one read of the ids it spans (public photos are few). */
static enum err media(struct db *db, struct arena *ar,
		      struct open311_request *r, size_t n)
{
	struct photo_row *p;
	int64_t lo = INT64_MAX, hi = 0;
	size_t np;
	enum err e;

	for (size_t i = 0; i < n; i++) {
		lo = r[i].id < lo ? r[i].id : lo;
		hi = r[i].id > hi ? r[i].id : hi;
	}
	if (!n || (e = store_photos_public_between(db, ar, lo, hi, &p, &np)) != ERR_OK)
		return n ? e : ERR_OK;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < np && !r[i].media_url; j++)
			if (p[j].signal_id == r[i].id)
				r[i].media_url = arena_printf(ar, "/foto/openbaar/%s.jpg",
							      p[j].public_token);
	return ERR_OK;
}

static enum err requests_read(const struct app *app, struct db *db,
			      struct arena *ar, const struct open311_query *q,
			      struct open311_request **out, size_t *n)
{
	struct open311_ref *refs;
	struct expect_memo *memo;
	const struct signal_row **unclosed;
	size_t nt, nopen = 0;
	enum err e;

	*n = 0;
	if ((e = store_open311_refs(db, ar, q, &refs, &nt)) != ERR_OK)
		return e;

	*out = arena_alloc(ar, (nt + 1) * sizeof(**out));
	memo = expect_memo_new(ar);
	/* who is responsible for the open ones, in one read */
	unclosed = arena_alloc(ar, (nt + 1) * sizeof(*unclosed));
	for (size_t i = 0; i < nt; i++)
		if (!refs[i].closed_at && !refs[i].outcome)
			unclosed[nopen++] = &refs[i].s;
	if ((e = expect_memo_load(db, ar, memo, unclosed, nopen)) != ERR_OK)
		return e;
	for (size_t i = 0; i < nt; i++) {
		e = read_one(app, db, ar, &refs[i], memo, &(*out)[*n]);
		if (e == ERR_NOT_FOUND)
			continue;
		if (e != ERR_OK)
			return e;
		(*n)++;
	}
	return media(db, ar, *out, *n);
}

/* The page and every request's reads in one read transaction: one
 * snapshot (no request changes half-way through the list), and SQLite
 * takes its read lock once instead of for each of some 5,000 statements. */
enum err open311_requests(const struct app *app, struct db *db,
			  struct arena *ar, const struct open311_query *q,
			  struct open311_request **out, size_t *n)
{
	enum err e = db_begin_read(db);

	*n = 0;
	if (e != ERR_OK)
		return e;
	e = requests_read(app, db, ar, q, out, n);
	if (e != ERR_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

enum err open311_request(const struct app *app, struct db *db,
			 struct arena *ar, int64_t id,
			 struct open311_request *out)
{
	struct open311_ref ref;
	enum err e;

	e = store_open311_ref(db, ar, app->municipality, app->demo != 0, id, &ref);
	if (e != ERR_OK)
		return e;
	if ((e = read_one(app, db, ar, &ref, NULL, out)) != ERR_OK)
		return e;
	return media(db, ar, out, 1);
}
