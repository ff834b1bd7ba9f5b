/* generation: the change counters of db.h (db_generation,
 * db_generation_in) and, on PostgreSQL, the listener that carries the
 * other instances' commits.
 *
 * Why counters and not a timer: a cached answer (web/cache.c) is right
 * exactly as long as nothing was written since it was rendered, so the
 * writes say when it goes stale.  Every write goes through
 * db_begin_write ... db_commit, so none is missed.  Most writes move one
 * counter for all answers; a write that names the one municipality
 * whose answers it changes (db_write_scope: an intake, the most frequent
 * write at national scale) moves that municipality's counter alone, so
 * a report in Proefdorp leaves Amsterdam's kept pages be, and answers
 * that show no report (web/cache.c: agendas, kwesties, the social map)
 * read the one counter that such writes leave.  A write named one
 * municipality's of any kind (db_write_in: a professional's work on its
 * kwesties, a promise, a grade, the most frequent writes after intake)
 * moves that municipality's second counter, which both kinds of its
 * answers read and no other municipality's.  A report also names its
 * category (db_write_scope_category), counted by a hash of municipality
 * and category: an answer that shows one category's reports alone (an
 * Open311 list of one service code, web/cache.c) reads the counters of
 * that category, of reports of no named category and the second
 * counter, so a new report leaves the lists of the other categories of
 * its municipality kept.
 * Writes outside a transaction (a session's last_seen_at, rate buckets,
 * an API key's last use) are not counted: no public answer shows them.
 *
 * Across instances: every write transaction on PostgreSQL sends NOTIFY
 * with its COMMIT (db_pg.c), the municipality as its payload when it
 * named one ("=" before it for db_write_in), delivered only if it
 * commits (instances of one database run the same version: an older one
 * would take "=GM0363" for another municipality's report); here one connection LISTENs
 * and bumps the counters per notification.  Between a commit elsewhere
 * and its notification (a fraction of a millisecond on one machine) this
 * instance may still answer from its cache.  On SQLite, writers outside
 * this process (the command line, a test's own connection) are seen in
 * the WAL-index header of the -shm file, which the cache reads before
 * each lookup (db_generation_sync; db_sqlite.c tells them from this
 * process's own commits).  While the listener is not connected nothing
 * can be known, so the generations answer 0 and nothing is cached; each
 * (re)connect bumps, since commits may have been missed in between. */
#include "store/db.h"

#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"
#include "store/db_backend.h"

static atomic_uint_fast64_t generation = 1;
static atomic_bool unknown; /* a listener runs and is not connected */

/* The writes named one municipality's (db_write_scope), counted in
 * SCOPE_SLOTS counters by a hash of its code: two municipalities that
 * share a slot drop each other's answers, which costs misses and no
 * wrong answer.  named counts them all, for answers of no one
 * municipality.  Every counter only grows, so a sum of two is the same
 * again only if neither moved. */
#define SCOPE_SLOTS 64
static atomic_uint_fast64_t scope_gen[SCOPE_SLOTS];
/* The same for writes named one municipality's of any kind (db_write_in):
 * they move its answers that show no report too. */
static atomic_uint_fast64_t whole_gen[SCOPE_SLOTS];
/* Reports of one category of one municipality (db_write_scope_category)
 * by a hash of both, and reports of one municipality of no category
 * named (db_write_scope): what an answer of one category reads besides
 * whole_gen.  Shared slots cost misses, as above. */
#define CATEGORY_SLOTS 1024
static atomic_uint_fast64_t category_gen[CATEGORY_SLOTS];
static atomic_uint_fast64_t anycategory_gen[SCOPE_SLOTS];
static atomic_uint_fast64_t named;

static size_t slot_of(const char *municipality)
{
	return (size_t)(text_hash(municipality) % SCOPE_SLOTS);
}

static size_t category_slot(const char *municipality, const char *category)
{
	/* the municipality's hash, then the category's bytes after it */
	uint64_t h = text_hash(municipality) * 1099511628211ULL;

	return (size_t)((h ^ text_hash(category)) % CATEGORY_SLOTS);
}

static struct {
	pthread_t thread;
	bool running;
	atomic_bool stop;
	char *url;
} listener;

void db_generation_bump(void)
{
	atomic_fetch_add(&generation, 1);
}

void db_generation_bump_in(const char *municipality)
{
	size_t slot = slot_of(municipality);

	atomic_fetch_add(&scope_gen[slot], 1);
	atomic_fetch_add(&anycategory_gen[slot], 1);
	atomic_fetch_add(&named, 1);
}

void db_generation_bump_counts(const char *municipality)
{
	atomic_fetch_add(&scope_gen[slot_of(municipality)], 1);
	atomic_fetch_add(&named, 1);
}

void db_generation_bump_category(const char *municipality, const char *category)
{
	atomic_fetch_add(&scope_gen[slot_of(municipality)], 1);
	atomic_fetch_add(&category_gen[category_slot(municipality, category)], 1);
	atomic_fetch_add(&named, 1);
}

void db_generation_bump_whole(const char *municipality)
{
	atomic_fetch_add(&whole_gen[slot_of(municipality)], 1);
	atomic_fetch_add(&named, 1);
}

/* The counter every write moves plus those of one kind of answers
 * (their sum), or 0 while nothing can be known. */
static uint64_t known(uint64_t counters)
{
	return atomic_load(&unknown) ? 0 : atomic_load(&generation) + counters;
}

uint64_t db_generation(void)
{
	return known(atomic_load(&named));
}

uint64_t db_generation_reportless(const char *municipality)
{
	if (!municipality)
		return db_generation();
	return known(atomic_load(&whole_gen[slot_of(municipality)]));
}

uint64_t db_generation_category(const char *municipality, const char *category)
{
	size_t slot, cat;

	if (!municipality)
		return db_generation();
	slot = slot_of(municipality);
	cat = category_slot(municipality, category ? category : "");
	return known(atomic_load(&whole_gen[slot]) + atomic_load(&anycategory_gen[slot]) +
		     atomic_load(&category_gen[cat]));
}

uint64_t db_generation_in(const char *municipality)
{
	size_t slot;

	if (!municipality)
		return db_generation();
	slot = slot_of(municipality);
	return known(atomic_load(&scope_gen[slot]) + atomic_load(&whole_gen[slot]));
}

void db_generation_sync(struct db *db)
{
	if (db && db->ops->sync_changes)
		db->ops->sync_changes(db);
}

static bool is_postgres(const char *url)
{
	return strncmp(url, "postgres://", 11) == 0 ||
	       strncmp(url, "postgresql://", 13) == 0;
}

static PGconn *listen_connect(const char *url)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r;
	bool ok;

	if (!c || PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		return NULL;
	}
	r = PQexec(c, "LISTEN wijkagenda_changes");
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (!ok) {
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* Wait for notifications until the connection breaks or stop is asked;
 * each one bumps (several commits may come as one wake-up). */
static void listen_loop(PGconn *c)
{
	struct pollfd pfd = {PQsocket(c), POLLIN, 0};
	PGnotify *n;

	while (!atomic_load(&listener.stop)) {
		if (poll(&pfd, 1, 200) < 0)
			continue;
		if (!PQconsumeInput(c))
			return;
		while ((n = PQnotifies(c)) != NULL) {
			/* the payload: the one municipality whose answers
			 * that show reports the commit changed (":" and
			 * the category of its reports after it, or ":"
			 * alone: on no answer of one category), "=" and
			 * the one whose answers of any kind (db_pg.c), or
			 * none: all */
			char *p = n->extra ? n->extra : "";
			char *cat = strchr(p, ':');

			if (p[0] == '=' && p[1] && !strchr(p, ':'))
				db_generation_bump_whole(p + 1);
			else if (p[0] && p[0] != '=' && p[0] != ':' && cat) {
				*cat = '\0';
				if (cat[1])
					db_generation_bump_category(p, cat + 1);
				else
					db_generation_bump_counts(p);
			} else if (p[0] && p[0] != '=' && p[0] != ':')
				db_generation_bump_in(p);
			else /* none, or a shape no writer sends: all */
				db_generation_bump();
			PQfreemem(n);
		}
		if (PQstatus(c) != CONNECTION_OK)
			return;
	}
}

static void *listen_thread(void *arg)
{
	PGconn *c;

	(void)arg;
	while (!atomic_load(&listener.stop)) {
		if (!(c = listen_connect(listener.url))) {
			log_event("warn", "changes_listener_down");
			sleep(1);
			continue;
		}
		db_generation_bump();
		atomic_store(&unknown, false);
		listen_loop(c);
		atomic_store(&unknown, true);
		PQfinish(c);
	}
	return NULL;
}

int db_listen_start(const char *url, char *msg, size_t msglen)
{
	PGconn *c;

	if (!is_postgres(url) || listener.running)
		return 0;
	/* The first connection here, so a wrong URL is an error at start. */
	if (!(c = listen_connect(url))) {
		snprintf(msg, msglen, "cannot LISTEN on PostgreSQL");
		return -1;
	}
	PQfinish(c);
	atomic_store(&unknown, true);
	atomic_store(&listener.stop, false);
	listener.url = xstrdup(url);
	if (pthread_create(&listener.thread, NULL, listen_thread, NULL) != 0) {
		atomic_store(&unknown, false);
		free(listener.url);
		snprintf(msg, msglen, "cannot start the changes listener");
		return -1;
	}
	listener.running = true;
	return 0;
}

void db_listen_stop(void)
{
	if (!listener.running)
		return;
	atomic_store(&listener.stop, true);
	pthread_join(listener.thread, NULL);
	free(listener.url);
	listener.running = false;
	atomic_store(&unknown, false);
}
