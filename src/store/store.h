/* store: the aggregates (municipalities, areas, categories, signals) over
 * db.h.  SQL lives only here, as constants with $n placeholders.
 *
 * Connections: one per worker thread, opened on first use by
 * store_thread_db() from the URL given to store_configure(), and closed
 * when the thread ends.  Functions take the db explicitly so that tools
 * and tests can pass their own. */
#ifndef WA_STORE_H
#define WA_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/area.h"
#include "domain/signal.h"
#include "store/db.h"

/* --- connections and schema ------------------------------------------ */
void store_configure(const char *url);
/* Close what store_configure opened for the whole process (intake's
 * writer connection): at shutdown, after the last request. */
void store_release(void);
/* This thread's connection (opened and cached), or NULL after logging. */
struct db *store_thread_db(void);
/* Close this thread's connection now instead of when the thread ends: a
 * thread that says it is done (app/figures.c) has closed it already. */
void store_thread_db_close(void);
enum err store_migrate(struct db *db, char *msg, size_t msglen);
/* Open url and bring its schema up to date (the command line's start);
 * else the message ("migration failed: ...") and no connection. */
enum err store_open_migrated(const char *url, struct db **out, char *msg,
			     size_t msglen);
int store_schema_version(struct db *db);
int store_latest_version(void);
/* ISO 8601 UTC with milliseconds: 2026-11-27T18:20:33.123Z */
void store_now(char *out, size_t outlen);
/* The same, for now minus seconds. */
void store_time_ago(char *out, size_t outlen, int seconds);

/* --- municipalities and areas ---------------------------------------- */
enum err store_municipality_put(struct db *db, const char *code,
				const char *name);
bool store_has_municipality(struct db *db, const char *code);
/* The municipality's name into out; ERR_NOT_FOUND when it is unknown. */
enum err store_municipality_name(struct db *db, const char *code, char *out,
				 size_t outlen);
/* Insert or replace one area. */
enum err store_area_put(struct db *db, const char *municipality,
			const struct area_rec *a);

struct area_row {
	char *code, *name, *level, *parent_code, *geometry; /* arena */
};
/* Every area of every municipality (for the lookup index at startup);
 * calls fn for each; geometry only for level buurt. */
enum err store_areas_each(struct db *db, const char *municipality,
			  void (*fn)(void *ctx, const struct area_rec *a),
			  void *ctx);
/* Areas of one level, ordered by name. */
enum err store_area_list(struct db *db, struct arena *ar,
			 const char *municipality, const char *level,
			 struct area_row **out, size_t *n);
/* The areas whose parent is code (one level down), ordered by name. */
enum err store_area_children(struct db *db, struct arena *ar,
			     const char *municipality, const char *code,
			     struct area_row **out, size_t *n);
/* The same with their geometry, ordered by code (the map of the
 * figures: views/chart.h chart_map). */
enum err store_area_children_geo(struct db *db, struct arena *ar,
				 const char *municipality, const char *code,
				 struct area_row **out, size_t *n);
enum err store_area_get(struct db *db, struct arena *ar,
			const char *municipality, const char *code,
			bool with_geometry, struct area_row *out);

/* --- categories ------------------------------------------------------ */
struct category_row {
	char *code, *parent_code, *name; /* arena */
};
enum err store_category_put(struct db *db, const char *municipality,
			    const char *code, const char *parent_code,
			    const char *name, bool active, int position);
/* The norm of a category: in how many working days a resident may
 * expect an answer (migration 012); -1 clears it. */
enum err store_category_set_norm(struct db *db, const char *municipality,
				 const char *code, int workdays);
/* The category's norm, or its main category's; *workdays -1 when
 * neither has one; ERR_NOT_FOUND for an unknown category. */
enum err store_category_norm(struct db *db, const char *municipality,
			     const char *code, int *workdays);
enum err store_category_list(struct db *db, struct arena *ar,
			     const char *municipality,
			     struct category_row **out, size_t *n);

/* --- signals --------------------------------------------------------- */
struct signal_row;

/* A validated signal plus what the server derived. */
struct signal_new {
	const char *municipality;
	const struct signal_input *in; /* validated */
	const char *codes[4]; /* buurt, wijk, gebied, stadsdeel */
	const char *dedupe_key;
	int dedupe_window_s;
	bool demo;
	const char *lang; /* the reporter's language, for the mails */
	/* The reporter's pseudonymous key (app/resident.h resident_key),
	 * kept past retention for the reach of the figures; NULL: none. */
	const char *resident_key;
	/* The actor of the timeline's "received" entry, written in the same
	 * transaction (store/timeline.h); NULL: no entry. */
	const char *received_by;
	/* Uploaded photos (store/photo.h) attached in the same transaction,
	 * by token, in order; one that is gone or attached already fails
	 * the whole intake with ERR_CONFLICT. */
	const char *const *photos;
	size_t nphotos;
	/* More work in the same transaction once the signal, its contact
	 * and its routing are stored (the acknowledgement mail): NULL for
	 * none; may run again when the transaction is retried. */
	enum err (*after)(struct db *db, void *ctx, int64_t id, const char *token,
			  const char *now);
	void *after_ctx;
	/* What the answer shows of the signal, read in the same transaction
	 * on the connection that wrote it (in a group the writer's, whose
	 * page cache holds the new rows), for the new signal or the earlier
	 * duplicate (fresh false): NULL for nothing more than the row.  May
	 * run again when the transaction is retried. */
	enum err (*read)(struct db *db, void *ctx, const struct signal_row *row,
			 bool fresh);
	void *read_ctx;
};

struct signal_row {
	int64_t id;
	char *token, *kind, *body, *buurt_code, *wijk_code, *gebied_code,
		*stadsdeel_code, *category_code, *status, *created_at,
		*municipality; /* arena */
	double lat, lon;
	bool has_point;
};

/* Write the signal and its contact data in one transaction.  When a signal
 * with the same dedupe key exists within the window, nothing is written,
 * *replayed is set and that signal is returned. */
enum err store_signal_create(struct db *db, struct arena *ar,
			     const struct signal_new *s, struct signal_row *out,
			     bool *replayed);
/* The same without waiting for the commit (db_group_queue): s, out and
 * everything they point to stay in ar, untouched by the caller, until
 * done(arg) is called on the group writer's thread after the commit;
 * then store_signal_pending_result gives what store_signal_create would
 * have returned.  NULL: not queued (PostgreSQL, no writer): call
 * store_signal_create. */
struct signal_pending;
struct signal_pending *store_signal_queue(struct db *db, struct arena *ar,
					  const struct signal_new *s,
					  struct signal_row *out,
					  void (*done)(void *arg), void *arg);
enum err store_signal_pending_result(const struct signal_pending *p,
				     bool *replayed);
enum err store_signal_by_token(struct db *db, struct arena *ar,
			       const char *token, struct signal_row *out);
/* How a closed signal ended (a kw_outcomes value); NULL while open. */
enum err store_signal_outcome(struct db *db, struct arena *ar, int64_t id,
			      char **outcome);
int64_t store_signal_count(struct db *db);
/* The ids of the first and the last signal made in [from, to) (stored
 * UTC text; "0" and "9" bound nothing), of every municipality: a bound
 * for walks by id (open data, figures), not a filter.  *lo > *hi when
 * the period has none. */
enum err store_signal_id_span(struct db *db, const char *from, const char *to,
			      int64_t *lo, int64_t *hi);
/* Link the signal to the organisations that answer for it now (the
 * routing rules, view signal_responsible); those linked already stay.
 * Intake does it, and a corrected category does it again.  In tx. */
enum err store_signal_link_orgs(struct db *db, int64_t id);
/* Fill row, a struct signal_row, from a row whose columns are: id, token,
 * kind, body, lat, lon, buurt, wijk, gebied, stadsdeel, category, status,
 * created_at, municipality (as the signal queries select them); strings in
 * ar.  A db_read_fn. */
void store_signal_read(struct arena *ar, struct db_stmt *st, void *row);
/* The columns store_signal_read reads, of signals aliased s. */
#define SIGNAL_COLS                                                         \
	"s.id, s.token, s.kind, s.body, s.lat, s.lon, s.buurt_code,"        \
	" s.wijk_code, s.gebied_code, s.stadsdeel_code, s.category_code,"   \
	" s.status, s.created_at, s.municipality"
#define NSIGNAL_COLS 14
/* Organisations that work on a signal (view signal_access: those that
 * answer for it and the chains of its kwesties); with contact, only those
 * whose members may see the resident's contact data (the answering ones,
 * and the regisseur and uitvoerders of its kwesties). */
enum err store_signal_orgs(struct db *db, struct arena *ar, int64_t signal_id,
			   bool contact, int64_t **ids, size_t *n);

/* --- retention (store/retention.c) ------------------------------------ */
/* --- rate limits shared by instances (rates.c) -------------------------- */
/* Take a token from the bucket (name, key_hash) in the database: 1 taken,
 * 0 empty (*retry_after gets the seconds until the next token, at least
 * 1), -1 not available (SQLite, or a database error: the caller's
 * in-process bucket decides).  Outside any transaction. */
int store_rate_take(struct db *db, const char *name, const char *key_hash,
		    double per_minute, double burst, int *retry_after);

struct retention_counts {
	int64_t anonymised, tokens, sessions, mails;
	int64_t followers; /* unconfirmed ones, and those of closed kwesties */
};
/* Inside the caller's write transaction. */
enum err store_retention(struct db *db, const char *closed_before,
			 const char *now, const char *idle_before,
			 struct retention_counts *c);

#endif
