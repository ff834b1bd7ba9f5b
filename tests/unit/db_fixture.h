/* db_fixture: the one database fixture of the unit tests that use a store.
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Each test gets a fresh, migrated database and a fresh temporary
 * directory (for scratch files such as captured logs):
 *
 *   - by default SQLite, a file wa.db in that directory, so that a test
 *     can open a second connection to it (fx.url) or reopen it;
 *   - with WIJKAGENDA_TEST_PG set to a PostgreSQL maintenance URL
 *     (scripts/pg-test.sh url) a database t_<random> on that server,
 *     dropped again at teardown.
 *
 * On PostgreSQL a test's database costs time, so:
 *   - the process migrates once, into a template database tpl_<random>,
 *     and each test's database is a copy of it (CREATE DATABASE ...
 *     TEMPLATE), dropped at exit;
 *   - CREATE DATABASE for the next test runs on a thread of its own while
 *     the current test runs (the one made after the last test is dropped
 *     at exit).
 * Measured on a shared 2-core machine, the PostgreSQL pass of the eight
 * binaries that use this fixture (about 90 tests): migrating per test
 * 38-41 s, a template 28-37 s, a template and the next database made
 * ahead 22-23 s.  CREATE DATABASE (~0.15 s, mostly copying the system
 * catalogs) is what remains.
 *
 * Header-only (static inline: a test file uses what it needs) because the
 * Makefile builds each tests/unit/test_X.c alone against libwa.a. */
#ifndef WA_TEST_DB_FIXTURE_H
#define WA_TEST_DB_FIXTURE_H
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "base/util.h"
#include "store/store.h"

struct db_fixture {
	char dir[64];    /* this test's temporary directory */
	char url[512];   /* what db_open takes: the SQLite file or a postgres:// URL */
	char pgname[40]; /* PostgreSQL: this test's database; "" on SQLite */
};

/* The process-wide PostgreSQL state. */
struct db_fixture_pg {
	bool read;
	const char *url;  /* the maintenance URL; NULL: SQLite */
	struct db *admin; /* maintenance connection of the test thread */
	char tpl[40];     /* the migrated template, once made */
	/* The next test's database, made by a thread with its own
	 * maintenance connection; only one thread uses either at a time
	 * (pthread_join orders them). */
	pthread_t thread;
	bool running;
	int next_rc;
	char next[40];
	struct db *next_admin;
};

static inline struct db_fixture_pg *db_fixture_pg_state(void)
{
	static struct db_fixture_pg pg;

	if (!pg.read) {
		pg.read = true;
		pg.url = getenv("WIJKAGENDA_TEST_PG");
		if (pg.url && !*pg.url)
			pg.url = NULL;
	}
	return &pg;
}

/* True when the tests run on PostgreSQL (for skip() in SQLite-only tests). */
static inline bool db_fixture_pg(void)
{
	return db_fixture_pg_state()->url != NULL;
}

/* A database name prefix_<16 hex digits>.  Not random(): tests seed rand()
 * (which glibc shares with random()) to repeat their inputs. */
static inline void db_fixture_name(char *out, size_t outlen, const char *prefix)
{
	unsigned long long r = 0;

	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = (unsigned long long)getpid() * 2654435761ULL ^ (uintptr_t)out;
	snprintf(out, outlen, "%s_%016llx", prefix, r);
}

/* The maintenance URL with its database name replaced by name. */
static inline void db_fixture_pg_url(char *out, size_t outlen, const char *name)
{
	const char *url = db_fixture_pg_state()->url;
	const char *rest = strstr(url, "://");
	const char *slash = strchr(rest + 3, '/');
	const char *query = strchr(rest + 3, '?');
	const char *end = slash ? slash : query ? query : url + strlen(url);

	snprintf(out, outlen, "%.*s/%s%s", (int)(end - url), url, name,
		 query ? query : "");
}

/* Run "verb name tail" on the maintenance connection *admin (opened on
 * first use): CREATE and DROP DATABASE take no parameters and cannot run
 * in a transaction, so not through a prepared statement. */
static inline int db_fixture_admin(struct db **admin, const char *verb,
				   const char *name, const char *tail)
{
	const char *url = db_fixture_pg_state()->url;
	char sql[160], msg[256] = "";

	if (!*admin && db_open(url, admin, msg, sizeof(msg)) != ERR_OK) {
		fprintf(stderr, "db_fixture: %s: %s\n", url, msg);
		*admin = NULL;
		return -1;
	}
	snprintf(sql, sizeof(sql), "%s %s%s", verb, name, tail);
	if (db_exec(*admin, sql, msg, sizeof(msg)) != ERR_OK) {
		fprintf(stderr, "db_fixture: %s: %s\n", sql, msg);
		return -1;
	}
	return 0;
}

/* FORCE: ends the connections a failed test left behind. */
static inline void db_fixture_drop(struct db **admin, const char *name)
{
	db_fixture_admin(admin, "DROP DATABASE IF EXISTS", name, " WITH (FORCE)");
}

static inline int db_fixture_migrate(const char *url, struct db **out)
{
	char msg[256] = "";

	if (db_open(url, out, msg, sizeof(msg)) != ERR_OK) {
		fprintf(stderr, "db_fixture: db_open %s: %s\n", url, msg);
		*out = NULL;
		return -1;
	}
	if (store_migrate(*out, msg, sizeof(msg)) != ERR_OK) {
		fprintf(stderr, "db_fixture: store_migrate: %s\n", msg);
		db_close(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

static inline void *db_fixture_next_main(void *arg)
{
	struct db_fixture_pg *pg = arg;
	char tail[sizeof(pg->tpl) + 16] = " TEMPLATE ";

	strlcpy_checked(tail + 10, pg->tpl, sizeof(tail) - 10);
	pg->next_rc = db_fixture_admin(&pg->next_admin, "CREATE DATABASE",
				       pg->next, tail);
	return NULL;
}

static inline void db_fixture_next_start(struct db_fixture_pg *pg)
{
	db_fixture_name(pg->next, sizeof(pg->next), "t");
	pg->running = pthread_create(&pg->thread, NULL, db_fixture_next_main,
				     pg) == 0;
	if (!pg->running)
		db_fixture_next_main(pg);
}

/* The next database's name in name, or -1 if it could not be made. */
static inline int db_fixture_next_take(struct db_fixture_pg *pg, char *name,
				       size_t namelen)
{
	if (pg->running)
		pthread_join(pg->thread, NULL);
	pg->running = false;
	strlcpy_checked(name, pg->next_rc == 0 ? pg->next : "", namelen);
	pg->next[0] = '\0';
	return pg->next_rc;
}

/* At exit: the unused next database and the template go, then the
 * maintenance connections. */
static inline void db_fixture_pg_exit(void)
{
	struct db_fixture_pg *pg = db_fixture_pg_state();
	char name[40];

	if (pg->next[0] && db_fixture_next_take(pg, name, sizeof(name)) == 0)
		db_fixture_drop(&pg->admin, name);
	if (pg->tpl[0])
		db_fixture_drop(&pg->admin, pg->tpl);
	pg->tpl[0] = '\0';
	if (pg->admin)
		db_close(pg->admin);
	if (pg->next_admin)
		db_close(pg->next_admin);
	pg->admin = pg->next_admin = NULL;
}

/* The migrated template, made on first use. */
static inline int db_fixture_template(struct db_fixture_pg *pg)
{
	char url[512];
	struct db *db;

	if (pg->tpl[0])
		return 0;
	if (!strstr(pg->url, "://")) {
		fprintf(stderr, "WIJKAGENDA_TEST_PG must be a postgres:// URL\n");
		return -1;
	}
	db_fixture_name(pg->tpl, sizeof(pg->tpl), "tpl");
	if (db_fixture_admin(&pg->admin, "CREATE DATABASE", pg->tpl, "") != 0) {
		pg->tpl[0] = '\0';
		return -1;
	}
	atexit(db_fixture_pg_exit);
	db_fixture_pg_url(url, sizeof(url), pg->tpl);
	if (db_fixture_migrate(url, &db) != 0)
		return -1; /* the template stays named: dropped at exit */
	/* A template must have no connections when it is copied. */
	db_close(db);
	return 0;
}

static inline int db_fixture_open_pg(struct db_fixture *fx, struct db **out)
{
	struct db_fixture_pg *pg = db_fixture_pg_state();
	char msg[256] = "";

	if (db_fixture_template(pg) != 0)
		return -1;
	if (!pg->next[0])
		db_fixture_next_start(pg); /* the first test waits for it */
	if (db_fixture_next_take(pg, fx->pgname, sizeof(fx->pgname)) != 0)
		return -1;
	db_fixture_next_start(pg);
	db_fixture_pg_url(fx->url, sizeof(fx->url), fx->pgname);
	if (db_open(fx->url, out, msg, sizeof(msg)) != ERR_OK) {
		fprintf(stderr, "db_fixture: db_open %s: %s\n", fx->url, msg);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* Close db (may be NULL) and remove this test's database and directory. */
static inline void db_fixture_close(struct db_fixture *fx, struct db *db)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[600];

	if (db)
		db_close(db);
	if (fx->pgname[0])
		db_fixture_drop(&db_fixture_pg_state()->admin, fx->pgname);
	else if (fx->url[0])
		for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
			snprintf(p, sizeof(p), "%s%s", fx->url, suffix[i]);
			unlink(p);
		}
	if (fx->dir[0])
		rmdir(fx->dir);
	memset(fx, 0, sizeof(*fx));
}

/* Make this test's directory and migrated database and open it in *out;
 * tag names the directory (/tmp/wa-test-TAG-XXXXXX).  Returns 0, or -1
 * with the reason on stderr and nothing left behind (a cmocka setup then
 * fails the test, and its teardown does not run). */
static inline int db_fixture_open(struct db_fixture *fx, const char *tag,
				  struct db **out)
{
	int rc;

	memset(fx, 0, sizeof(*fx));
	*out = NULL;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/wa-test-%s-XXXXXX", tag);
	if (!mkdtemp(fx->dir)) {
		perror(fx->dir);
		fx->dir[0] = '\0';
		return -1;
	}
	if (db_fixture_pg()) {
		rc = db_fixture_open_pg(fx, out);
	} else {
		snprintf(fx->url, sizeof(fx->url), "%s/wa.db", fx->dir);
		rc = db_fixture_migrate(fx->url, out);
	}
	if (rc != 0)
		db_fixture_close(fx, *out);
	return rc;
}

#endif
