/* open311: see open311.h. */
#include "open311.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/signal.h"
#include "base/util.h"
#include "domain/calendar.h"
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

/* --- times -------------------------------------------------------------- */

static int64_t epoch_of(struct cal_date d, int h, int mi, int s)
{
	return cal_day_number(d) * 86400 + h * 3600 + mi * 60 + s;
}

static void format_utc(int64_t t, int ms, char out[32])
{
	struct cal_date d = cal_from_day_number(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	int64_t r = t - cal_day_number(d) * 86400;

	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.y, d.m, d.d,
		 (int)(r / 3600), (int)(r / 60 % 60), (int)(r % 60), ms);
}

static bool digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* "YYYY-MM-DDTHH:MM:SS" at s: the date and the seconds of the day. */
static bool read_stamp(const char *s, struct cal_date *d, int *h, int *mi,
		       int *sec)
{
	if (strlen(s) < 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
		return false;
	if (!digits(s, 4, &d->y) || !digits(s + 5, 2, &d->m) ||
	    !digits(s + 8, 2, &d->d) || !digits(s + 11, 2, h) ||
	    !digits(s + 14, 2, mi) || !digits(s + 17, 2, sec))
		return false;
	return cal_date_valid(*d) && *h < 24 && *mi < 60 && *sec < 60;
}

bool open311_time_bound(const char *s, bool end, char out[32])
{
	struct cal_date d;
	int h, mi, sec, oh = 0, om = 0, sign = 1;
	const char *p;

	if (!s || !read_stamp(s, &d, &h, &mi, &sec))
		return false;
	p = s + 19;
	if (*p == '.') {
		size_t nd = strspn(p + 1, "0123456789");

		if (nd == 0 || nd > 9)
			return false;
		p += 1 + nd;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (!digits(p + 1, 2, &oh) || p[3] != ':' ||
		    !digits(p + 4, 2, &om) || oh > 14 || om > 59)
			return false;
		p += 6;
	} else {
		return false;
	}
	if (*p)
		return false;
	format_utc(epoch_of(d, h, mi, sec) - sign * (oh * 3600 + om * 60),
		   end ? 999 : 0, out);
	return true;
}

void open311_time_local(const char *stored, char out[32])
{
	struct cal_date d;
	int h, mi, sec, off;
	int64_t t;
	char u[32];

	out[0] = '\0';
	if (!stored || !read_stamp(stored, &d, &h, &mi, &sec))
		return;
	t = epoch_of(d, h, mi, sec);
	off = cal_amsterdam_offset(t);
	format_utc(t + off, 0, u);
	snprintf(out, 32, "%.19s+%02d:00", u, off / 3600);
}

void open311_days_ago(int days, char out[32])
{
	format_utc((int64_t)time(NULL) - (int64_t)days * 86400, 0, out);
}

/* An expected day (YYYY-MM-DD) as the end of that day in Amsterdam. */
static const char *expected_at(struct arena *ar, const char *day)
{
	struct cal_date d;
	int off;

	if (!day || !cal_date_parse(day, &d))
		return NULL;
	off = cal_amsterdam_offset(epoch_of(d, 12, 0, 0));
	return arena_printf(ar, "%sT23:59:59+%02d:00", day, off / 3600);
}

static const char *local(struct arena *ar, const char *stored)
{
	char b[32];

	open311_time_local(stored, b);
	return b[0] ? arena_strdup(ar, b) : NULL;
}

/* --- requests ------------------------------------------------------------ */

/* The first kwestie (open ones come first): its public title and its
 * regisseur. */
static void from_kwestie(const struct app *app, const struct signal_track *t,
			 struct open311_request *r)
{
	const struct kwestie_row *k = t->nkwesties ? &t->kwesties[0] : NULL;

	r->description = k && k->title && *k->title ? k->title : r->service_name;
	r->agency = k && k->regisseur ? k->regisseur : app->municipality_name;
}

static void fill(const struct app *app, struct arena *ar,
		 const struct signal_track *t, const char *closed_at,
		 struct open311_request *r)
{
	const struct area_node *b = areaidx_find(app->areas, t->s.buurt_code);
	const struct timeline_row *last =
		t->ntimeline ? &t->timeline[t->ntimeline - 1] : NULL;
	const char *updated;

	memset(r, 0, sizeof(*r));
	r->id = t->s.id;
	r->status = closed_at ? "closed" : "open";
	r->service_code = t->s.category_code;
	r->service_name = t->s.category_code
				  ? app_category_name(app, t->s.category_code)
				  : NULL;
	from_kwestie(app, t, r);
	if (!r->description)
		r->description = _("Melding");
	r->status_notes = last ? last->text : NULL;
	r->requested = local(ar, t->s.created_at);
	/* the specification: a closed request's is when it was closed */
	updated = closed_at ? closed_at : last && last->at ? last->at
							   : t->s.created_at;
	r->updated = local(ar, updated);
	r->expected = t->has_expect ? expected_at(ar, t->expect.by) : NULL;
	r->service_notice =
		closed_at ? _("Deze melding is afgehandeld.")
			  : arena_printf(ar, _("U hoort uiterlijk %s wat ermee gebeurt."),
					 t->has_expect ? t->expect.by : "-");
	r->address = b ? arena_printf(ar, "%s, %s", b->name, app->municipality_name)
		       : app->municipality_name;
	r->address_id = t->s.buurt_code;
	r->has_point = areaidx_point(app->areas, t->s.buurt_code, &r->lat,
				     &r->lon) == 0;
}

static enum err read_one(const struct app *app, struct db *db, struct arena *ar,
			 const char *token, const char *closed_at,
			 struct open311_request *out)
{
	struct signal_track t;
	enum err e = signal_track(db, ar, token, &t);

	if (e == ERR_OK)
		fill(app, ar, &t, closed_at, out);
	return e;
}

enum err open311_requests(const struct app *app, struct db *db,
			  struct arena *ar, const struct open311_query *q,
			  struct open311_request **out, size_t *n)
{
	struct open311_ref *refs;
	size_t nt;
	enum err e;

	*n = 0;
	if ((e = store_open311_refs(db, ar, q, &refs, &nt)) != ERR_OK)
		return e;
	*out = arena_alloc(ar, (nt + 1) * sizeof(**out));
	for (size_t i = 0; i < nt; i++) {
		e = read_one(app, db, ar, refs[i].token, refs[i].closed_at,
			     &(*out)[*n]);
		if (e == ERR_NOT_FOUND)
			continue; /* gone between the two reads */
		if (e != ERR_OK)
			return e;
		(*n)++;
	}
	return ERR_OK;
}

enum err open311_request(const struct app *app, struct db *db,
			 struct arena *ar, int64_t id,
			 struct open311_request *out)
{
	struct signal_row s;
	bool in_kwestie;
	char *closed_at;
	enum err e;

	e = store_signal_by_id_open(db, ar, id, &s, &in_kwestie, &closed_at);
	if (e != ERR_OK)
		return e;
	if (strcmp(s.municipality, app->municipality) != 0)
		return ERR_NOT_FOUND;
	return read_one(app, db, ar, s.token, closed_at, out);
}
