/* conn: one database connection per thread, opened on first use and closed
 * by a thread-exit destructor (libmicrohttpd joins its pool threads at
 * shutdown, which closes their connections cleanly). */
#include "store.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/util.h"

static char *store_url;
static pthread_key_t conn_key;
static pthread_once_t conn_once = PTHREAD_ONCE_INIT;

/* A thread's connection (the HTTP pool's, the mail worker's) reads pages
 * for people: 8 MB of page cache instead of SQLite's 2 MB.  A cold
 * Open311 list of 1,000 reads some 10,000 b-tree pages; with 2 MB most
 * were a pread from the OS cache again (24% of its time): 1M signals,
 * all open requests p50 24-27 ms -> 13-19, page 10 26-28 -> 18-26
 * (bench/RESULTS.md, issue 16).  The jobs' and the group writer's
 * connections (scans, inserts) keep 2 MB. */
static const char sql_reader_cache[] = "PRAGMA cache_size=-8192";

static void conn_destroy(void *p)
{
	db_close(p);
}

static void conn_key_make(void)
{
	if (pthread_key_create(&conn_key, conn_destroy) != 0)
		fatal("pthread_key_create failed");
}

void store_configure(const char *url)
{
	store_url = xstrdup(url);
	db_group_open(url);
	pthread_once(&conn_once, conn_key_make);
}

void store_release(void)
{
	struct db_group_stats g = db_group_stats();
	char groups[24], jobs[24], largest[24], fallbacks[24];

	db_group_open(NULL);
	if (!g.groups && !g.fallbacks)
		return;
	snprintf(groups, sizeof(groups), "%llu", (unsigned long long)g.groups);
	snprintf(jobs, sizeof(jobs), "%llu", (unsigned long long)g.jobs);
	snprintf(largest, sizeof(largest), "%llu", (unsigned long long)g.largest);
	snprintf(fallbacks, sizeof(fallbacks), "%llu", (unsigned long long)g.fallbacks);
	/* how well intakes shared their commits (bench/intake.sh reads it) */
	log_event("info", "group_commit", "groups", groups, "jobs", jobs,
		  "largest", largest, "fallbacks", fallbacks);
}

struct db *store_thread_db(void)
{
	struct db *db;
	char msg[512];

	pthread_once(&conn_once, conn_key_make);
	db = pthread_getspecific(conn_key);
	if (db)
		return db;
	if (!store_url || db_open(store_url, &db, msg, sizeof(msg)) != ERR_OK) {
		log_event("error", "db_open_failed", "message",
			  store_url ? msg : "store not configured");
		return NULL;
	}
	if (db_dialect(db) == DB_SQLITE &&
	    db_exec(db, sql_reader_cache, msg, sizeof(msg)) != ERR_OK)
		log_event("warn", "db_cache_size", "message", msg);
	pthread_setspecific(conn_key, db);
	return db;
}

void store_thread_db_close(void)
{
	struct db *db;

	pthread_once(&conn_once, conn_key_make);
	if ((db = pthread_getspecific(conn_key)) != NULL) {
		pthread_setspecific(conn_key, NULL);
		db_close(db);
	}
}

static void format_time(char *out, size_t outlen, struct timespec ts)
{
	struct tm tm;
	char base[24];

	gmtime_r(&ts.tv_sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, outlen, "%s.%03ldZ", base, ts.tv_nsec / 1000000);
}

void store_now(char *out, size_t outlen)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	format_time(out, outlen, ts);
}

void store_time_ago(char *out, size_t outlen, int seconds)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec -= seconds;
	format_time(out, outlen, ts);
}
