/* open_data: the public downloads of signals and kwesties
 * (docs/open-data.md) and their index page /open-data.
 *
 * A download is streamed (http_stream in http/http.h): the handler checks
 * the period and hands the server a context; the server asks it for more
 * while the client reads, and each time one page of OPEN_DATA_PAGE rows
 * is read (by id, app/open_data.h), written as CSV or JSON and forgotten,
 * so a million signals never sit in memory at once (bench/RESULTS.md).
 * The context keeps only the period, the last id and which part comes
 * next: nothing of the database between pages, whose connection is the
 * thread's and serves other requests in between.
 *
 * A download no larger than the cache keeps (a day or a week of a city,
 * the most asked) is answered whole instead: its pages are read by the
 * handler in one read transaction (one snapshot), it gets an ETag and a
 * Content-Length, and the cache keeps it until a write of its
 * municipality (web/cache.c), so the next reader of that day gets the
 * bytes from memory: a day of 1.2 MB at 10M signals took 20-75 ms a
 * request (bench/RESULTS.md, issue 16).  Past that size what was
 * rendered is sent first and the rest is streamed as above. */
#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/open_data.h"
#include "base/util.h"
#include "domain/open_data.h"
#include "html/csv.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "views/open_data.h"
#include "web/cache.h"
#include "web/open_data.h"
#include "web/web.h"

enum od_set { OD_SIGNALS, OD_KWESTIES };
enum od_format { OD_CSV, OD_JSON };
enum od_phase { OD_HEAD, OD_ROWS };

struct od_stream {
	const struct app *app;
	enum od_set set;
	enum od_format fmt;
	enum od_phase phase;
	struct open_data_query q;
	struct open_data_period period;
	char generated_at[32];
	bool any; /* a JSON row was written (the comma before the next) */
	struct buf pending; /* rendered whole, too large to keep: sent first */
	size_t pending_off; /* how much of it was given to the server */
};

/* What of pending one fill gives the server: about a page, so that its
 * buffer stays as small as a page's. */
#define OPEN_DATA_PENDING_PIECE ((size_t)1 << 20)

/* A whole answer at most this large (and the cache's largest answer):
 * half the body's limit (http/http.h), so that the page after it mostly
 * fits; one that does not is read again as fewer rows (od_fill). */
#define OPEN_DATA_WHOLE_MAX ((size_t)8 << 20)

static const char *const set_names[] = {"signalen", "kwesties"};

/* --- CSV ------------------------------------------------------------ */

static void csv_header(struct buf *b, const struct open_data_column *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csv_text(b, c[i].name, i == 0);
	csv_end_row(b);
}

static void csv_id(struct buf *b, int64_t id)
{
	if (id)
		csv_int(b, id, 0);
	else
		csv_text(b, NULL, 0);
}

static void csv_day(struct buf *b, const char *iso)
{
	char day[11];

	open_data_day(iso, day);
	csv_text(b, day, 0);
}

static void csv_signal(struct buf *b, const struct open_signal_row *s)
{
	char ids[256];
	size_t n = 0;

	ids[0] = '\0';
	for (size_t i = 0; i < s->nkwesties && n + 24 < sizeof(ids); i++)
		n += (size_t)snprintf(ids + n, sizeof(ids) - n, "%s%lld",
				      i ? " " : "", (long long)s->kwesties[i]);
	csv_int(b, s->id, 1);
	csv_day(b, s->created_at);
	csv_day(b, s->closed_at);
	csv_text(b, s->kind, 0);
	csv_text(b, s->category_code, 0);
	csv_text(b, s->category_name, 0);
	csv_text(b, s->status, 0);
	csv_text(b, s->outcome, 0);
	csv_text(b, s->buurt_code, 0);
	csv_text(b, s->buurt_name, 0);
	csv_text(b, s->wijk_code, 0);
	csv_text(b, s->gebied_code, 0);
	csv_text(b, s->stadsdeel_code, 0);
	csv_text(b, ids, 0);
	csv_int(b, s->demo, 0);
	csv_end_row(b);
}

static void csv_kwestie(struct buf *b, const struct open_kwestie_row *k)
{
	csv_int(b, k->id, 1);
	csv_text(b, k->title, 0);
	csv_text(b, k->description, 0);
	csv_text(b, k->area_code, 0);
	csv_text(b, k->area_level, 0);
	csv_text(b, k->area_name, 0);
	csv_text(b, k->buurt_code, 0);
	csv_text(b, k->buurt_name, 0);
	csv_text(b, k->wijk_code, 0);
	csv_text(b, k->gebied_code, 0);
	csv_text(b, k->stadsdeel_code, 0);
	csv_text(b, k->theme, 0);
	csv_text(b, k->category_code, 0);
	csv_text(b, k->topic, 0);
	csv_text(b, k->level, 0);
	csv_text(b, k->status, 0);
	csv_text(b, k->outcome, 0);
	csv_id(b, k->duplicate_of);
	csv_id(b, k->merged_into);
	csv_text(b, k->forwarded_to, 0);
	csv_text(b, k->regisseur, 0);
	csv_int(b, k->urgency, 0);
	csv_int(b, k->residents, 0);
	csv_int(b, k->signals, 0);
	csv_day(b, k->created_at);
	csv_day(b, k->closed_at);
	csv_int(b, k->demo, 0);
	csv_end_row(b);
}

/* --- JSON ----------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer((json_int_t)id) : json_null();
}

static json_t *day_or_null(const char *iso)
{
	char day[11];

	open_data_day(iso, day);
	return str_or_null(day);
}

/* The keys in the order of the dictionary (jansson keeps insertion
 * order). */
static json_t *json_signal(const struct open_signal_row *s)
{
	json_t *j = json_object(), *ks = json_array();

	for (size_t i = 0; i < s->nkwesties; i++)
		json_array_append_new(ks, json_integer((json_int_t)s->kwesties[i]));
	json_object_set_new(j, "id", json_integer((json_int_t)s->id));
	json_object_set_new(j, "created_on", day_or_null(s->created_at));
	json_object_set_new(j, "closed_on", day_or_null(s->closed_at));
	json_object_set_new(j, "kind", str_or_null(s->kind));
	json_object_set_new(j, "category", str_or_null(s->category_code));
	json_object_set_new(j, "category_name", str_or_null(s->category_name));
	json_object_set_new(j, "status", str_or_null(s->status));
	json_object_set_new(j, "outcome", str_or_null(s->outcome));
	json_object_set_new(j, "buurt_code", str_or_null(s->buurt_code));
	json_object_set_new(j, "buurt_name", str_or_null(s->buurt_name));
	json_object_set_new(j, "wijk_code", str_or_null(s->wijk_code));
	json_object_set_new(j, "gebied_code", str_or_null(s->gebied_code));
	json_object_set_new(j, "stadsdeel_code", str_or_null(s->stadsdeel_code));
	json_object_set_new(j, "kwesties", ks);
	json_object_set_new(j, "demo", json_boolean(s->demo));
	return j;
}

static json_t *json_kwestie(const struct open_kwestie_row *k)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer((json_int_t)k->id));
	json_object_set_new(j, "title", str_or_null(k->title));
	json_object_set_new(j, "description", str_or_null(k->description));
	json_object_set_new(j, "area_code", str_or_null(k->area_code));
	json_object_set_new(j, "area_level", str_or_null(k->area_level));
	json_object_set_new(j, "area_name", str_or_null(k->area_name));
	json_object_set_new(j, "buurt_code", str_or_null(k->buurt_code));
	json_object_set_new(j, "buurt_name", str_or_null(k->buurt_name));
	json_object_set_new(j, "wijk_code", str_or_null(k->wijk_code));
	json_object_set_new(j, "gebied_code", str_or_null(k->gebied_code));
	json_object_set_new(j, "stadsdeel_code", str_or_null(k->stadsdeel_code));
	json_object_set_new(j, "theme", str_or_null(k->theme));
	json_object_set_new(j, "category", str_or_null(k->category_code));
	json_object_set_new(j, "topic", str_or_null(k->topic));
	json_object_set_new(j, "level", str_or_null(k->level));
	json_object_set_new(j, "status", str_or_null(k->status));
	json_object_set_new(j, "outcome", str_or_null(k->outcome));
	json_object_set_new(j, "duplicate_of", id_or_null(k->duplicate_of));
	json_object_set_new(j, "merged_into", id_or_null(k->merged_into));
	json_object_set_new(j, "forwarded_to", str_or_null(k->forwarded_to));
	json_object_set_new(j, "regisseur", str_or_null(k->regisseur));
	json_object_set_new(j, "urgency", json_integer((json_int_t)k->urgency));
	json_object_set_new(j, "residents", json_integer((json_int_t)k->residents));
	json_object_set_new(j, "signals", json_integer((json_int_t)k->signals));
	json_object_set_new(j, "created_on", day_or_null(k->created_at));
	json_object_set_new(j, "closed_on", day_or_null(k->closed_at));
	json_object_set_new(j, "demo", json_boolean(k->demo));
	return j;
}

/* Takes j.  false: jansson refused (invalid UTF-8 cannot be stored). */
static bool json_out(struct buf *b, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);

	json_decref(j);
	if (!s)
		return false;
	buf_adds(b, s);
	free(s);
	return true;
}

static bool json_row(struct od_stream *st, struct buf *b, json_t *j)
{
	buf_adds(b, st->any ? ",\n" : "\n");
	st->any = true;
	return json_out(b, j);
}

/* {"dataset", "licence", "licence_url", "municipality", "from", "to",
 *  "generated_at", "rows": [ ... ]} */
static void json_head(struct od_stream *st, struct buf *b)
{
	char from[11] = "", to[11] = "";
	json_t *j;
	char *s;
	size_t n;

	if (st->period.has_from)
		cal_date_format(st->period.from, from);
	if (st->period.has_to)
		cal_date_format(st->period.to, to);
	j = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s}", "dataset",
		      set_names[st->set], "licence", OPEN_DATA_LICENCE,
		      "licence_url", OPEN_DATA_LICENCE_URL, "municipality",
		      st->q.municipality, "from", str_or_null(from), "to",
		      str_or_null(to), "generated_at", st->generated_at);
	s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	n = strlen(s);
	buf_add(b, s, n - 1); /* without its closing brace */
	buf_adds(b, ",\"rows\":[");
	free(s);
}

/* --- the stream ----------------------------------------------------- */

static bool page_out(struct od_stream *st, struct buf *b, struct db *db,
		     size_t *n)
{
	struct arena ar;
	bool ok = true;
	enum err e;

	arena_init(&ar);
	if (st->set == OD_SIGNALS) {
		struct open_signal_row *r;

		e = open_data_signals(st->app, db, &ar, &st->q, &r, n);
		for (size_t i = 0; e == ERR_OK && ok && i < *n; i++) {
			if (st->fmt == OD_CSV)
				csv_signal(b, &r[i]);
			else
				ok = json_row(st, b, json_signal(&r[i]));
			st->q.after = r[i].id;
		}
	} else {
		struct open_kwestie_row *r;

		e = open_data_kwesties(st->app, db, &ar, &st->q, &r, n);
		for (size_t i = 0; e == ERR_OK && ok && i < *n; i++) {
			if (st->fmt == OD_CSV)
				csv_kwestie(b, &r[i]);
			else
				ok = json_row(st, b, json_kwestie(&r[i]));
			st->q.after = r[i].id;
		}
	}
	arena_clear(&ar);
	return e == ERR_OK && ok;
}

static enum http_stream_step od_fill(void *ctx, struct buf *b)
{
	struct od_stream *st = ctx;
	struct db *db;
	size_t n = 0;

	if (st->pending_off < st->pending.len) {
		size_t piece = st->pending.len - st->pending_off;

		if (piece > OPEN_DATA_PENDING_PIECE)
			piece = OPEN_DATA_PENDING_PIECE;
		buf_add(b, st->pending.data + st->pending_off, piece);
		st->pending_off += piece;
		if (st->pending_off == st->pending.len)
			buf_release(&st->pending);
		return HTTP_STREAM_MORE;
	}
	if (st->phase == OD_HEAD) {
		st->phase = OD_ROWS;
		if (st->fmt == OD_JSON)
			json_head(st, b);
		else if (st->set == OD_SIGNALS)
			csv_header(b, open_signal_columns, OPEN_SIGNAL_COLUMNS);
		else
			csv_header(b, open_kwestie_columns, OPEN_KWESTIE_COLUMNS);
		return HTTP_STREAM_MORE;
	}
	if (!(db = store_thread_db()))
		return HTTP_STREAM_ERROR;
	for (;;) {
		struct od_stream before = *st; /* pending is empty */
		size_t len = b->len;

		if (!page_out(st, b, db, &n))
			return HTTP_STREAM_ERROR;
		if (!b->overflow)
			break;
		/* a page larger than what one fill may hold (long texts of
		 * control characters, six bytes each in JSON): read again
		 * as half as many rows, and so on for the rest of the
		 * download; a single row that large cannot be sent */
		if (st->q.limit <= 1)
			return HTTP_STREAM_ERROR;
		*st = before;
		st->q.limit /= 2;
		buf_truncate(b, len);
	}
	if (n == (size_t)st->q.limit)
		return HTTP_STREAM_MORE;
	if (st->fmt == OD_JSON)
		buf_adds(b, "\n]}\n");
	return HTTP_STREAM_END;
}

/* Downloads being sent now: each reads a page of the database per
 * fill, so a crowd of them would starve the pages. */
static atomic_int streams;

static void od_done(void *ctx)
{
	struct od_stream *st = ctx;

	atomic_fetch_sub(&streams, 1);
	buf_release(&st->pending);
	free(st);
}

/* The download rendered into resp->body while it stays within what the
 * cache keeps (see the top): true when it ended there (resp is the whole
 * answer, or 500 when a read failed); false when there is no cache or
 * the download is larger: then what was rendered is st->pending and the
 * stream goes on after it. */
static bool whole(struct http_req *req, struct http_resp *resp,
		  struct od_stream *st)
{
	size_t max = web_cache_body_max(req->app->cache);
	enum http_stream_step step = HTTP_STREAM_MORE;
	struct db *db = store_thread_db();

	if (max > OPEN_DATA_WHOLE_MAX)
		max = OPEN_DATA_WHOLE_MAX;
	if (!max || !db)
		return false;
	if (db_begin_read(db) != ERR_OK) {
		step = HTTP_STREAM_ERROR;
	} else {
		/* a page too large for what is left of the body is read
		 * as fewer rows (od_fill) */
		while (step == HTTP_STREAM_MORE && resp->body.len <= max)
			step = od_fill(st, &resp->body);
		/* a failed page or COMMIT: rolled back, the thread's
		 * connection left in no snapshot */
		if (step == HTTP_STREAM_ERROR || db_commit(db) != ERR_OK) {
			db_rollback(db);
			step = HTTP_STREAM_ERROR;
		}
	}
	if (step == HTTP_STREAM_MORE) { /* too large to keep: streamed */
		st->pending = resp->body;
		buf_init(&resp->body, st->pending.max);
		return false;
	}
	if (step == HTTP_STREAM_ERROR) {
		buf_reset(&resp->body);
		web_json_error(resp, 500, _("Er ging iets mis. Probeer het opnieuw."), NULL);
	}
	return true;
}

/* Only from and to, once each (and lang, which every page takes). */
static bool query_ok(struct http_req *req, struct field_errors *errs)
{
	for (size_t i = 0; i < req->query.n; i++) {
		const char *k = req->query.fields[i].key;

		if (strcmp(k, "from") && strcmp(k, "to") && strcmp(k, "lang")) {
			field_errors_add(errs, web_printable_key(req, k),
					 N_("is geen parameter van deze download"));
			return false;
		}
		if (form_count(&req->query, k) > 1) {
			field_errors_add(errs, web_printable_key(req, k),
					 N_("staat meer dan eens in het verzoek"));
			return false;
		}
	}
	return true;
}

static void od_answer(struct http_req *req, struct http_resp *resp,
		      enum od_set set, enum od_format fmt)
{
	struct field_errors errs = {0};
	struct od_stream *st;

	/* Sent chunked: an HTTP/1.0 client would read a download broken off
	 * by an error as a whole one (its end is the connection's). */
	if (req->http_1_0) {
		web_json_error(resp, 505, _("Deze download kan alleen via HTTP/1.1."), NULL);
		return;
	}
	if (atomic_fetch_add(&streams, 1) >= OPEN_DATA_MAX_STREAMS) {
		atomic_fetch_sub(&streams, 1);
		http_resp_header(resp, "Retry-After", "30");
		web_json_error(resp, 503, _("Er lopen nu te veel downloads. Probeer het over een halve minuut opnieuw."), NULL);
		return;
	}
	st = xcalloc(1, sizeof(*st));
	if (!query_ok(req, &errs) ||
	    !open_data_period_parse(form_get(&req->query, "from"),
				    form_get(&req->query, "to"), &st->period,
				    &errs)) {
		od_done(st);
		web_json_error(resp, 400, _("Deze download kan zo niet: zie de velden."), &errs);
		return;
	}
	st->app = req->app;
	st->set = set;
	st->fmt = fmt;
	st->q.municipality = req->app->municipality;
	st->q.from = st->period.from_utc;
	st->q.to = st->period.to_utc;
	st->q.demo = req->app->demo != 0;
	st->q.limit = OPEN_DATA_PAGE;
	store_now(st->generated_at, sizeof(st->generated_at));
	if (whole(req, resp, st)) {
		od_done(st);
		if (resp->status != 200)
			return; /* a read failed: nothing of the download */
	} else {
		resp->stream = (struct http_stream){od_fill, od_done, st};
	}
	resp->status = 200;
	if (fmt == OD_CSV) {
		resp->content_type = "text/csv; charset=utf-8";
		http_resp_header(resp, "Content-Disposition",
				 set == OD_SIGNALS
					 ? "attachment; filename=\"signalen.csv\""
					 : "attachment; filename=\"kwesties.csv\"");
	} else {
		resp->content_type = "application/json; charset=utf-8";
	}
}

void web_open_signals_csv(struct http_req *req, struct http_resp *resp)
{
	od_answer(req, resp, OD_SIGNALS, OD_CSV);
}

void web_open_signals_json(struct http_req *req, struct http_resp *resp)
{
	od_answer(req, resp, OD_SIGNALS, OD_JSON);
}

void web_open_kwesties_csv(struct http_req *req, struct http_resp *resp)
{
	od_answer(req, resp, OD_KWESTIES, OD_CSV);
}

void web_open_kwesties_json(struct http_req *req, struct http_resp *resp)
{
	od_answer(req, resp, OD_KWESTIES, OD_JSON);
}

void web_open_data(struct http_req *req, struct http_resp *resp)
{
	struct page p = web_page(req, _("Open data"));

	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
	view_open_data(HTML_ON(&resp->body), &p);
}
