/* test_kwestie_store: store/kwestie.h on a fresh database per test
 * (db_fixture.h: an SQLite file, or PostgreSQL with WIJKAGENDA_TEST_PG):
 * the partial unique index that allows one regisseur per kwestie (also
 * for SQL that goes around the store), optimistic versions, what settle
 * keeps right (residents, the signals' status, closed_at and outcome, a
 * signal in two kwesties, the roll-up of topics per buurt), a merge with
 * its signals, supporters and followers, the agenda of every level, the
 * areas above and the themes, and the parked kwesties whose day came.
 *
 * The area tree: the city GM0363 > stadsdelen A, M > wijken AA, AB, MA >
 * buurten AA01, AA02 (in AA), AB01, MA01. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/util.h"
#include "store/accounts.h"
#include "store/kwestie.h"
#include "store/store.h"

#include "db_fixture.h"

#define MUNI "GM0363"
#define NOW "2026-12-04T10:00:00.000Z"
#define LATER "2026-12-05T10:00:00.000Z"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena arena;
	int64_t centrum, oost, ggd; /* organisations */
};

static void put_area(struct fixture *f, enum area_level level,
		     const char *code, const char *parent)
{
	struct area_rec a;

	memset(&a, 0, sizeof(a));
	a.level = level;
	a.code = (char *)code;
	a.name = (char *)code;
	a.parent_code = (char *)parent;
	assert_int_equal(store_area_put(f->db, MUNI, &a), ERR_OK);
}

static int64_t org_new(struct fixture *f, const char *name)
{
	struct org_row o;
	int64_t id = 0;

	memset(&o, 0, sizeof(o));
	o.municipality = MUNI;
	o.name = (char *)name;
	o.kind = "stadsdeel";
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_OK);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "kwestie", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->arena);
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"), ERR_OK);
	put_area(f, AREA_GEMEENTE, MUNI, NULL);
	put_area(f, AREA_STADSDEEL, "A", MUNI);
	put_area(f, AREA_STADSDEEL, "M", MUNI);
	put_area(f, AREA_WIJK, "AA", "A");
	put_area(f, AREA_WIJK, "AB", "A");
	put_area(f, AREA_WIJK, "MA", "M");
	put_area(f, AREA_BUURT, "AA01", "AA");
	put_area(f, AREA_BUURT, "AA02", "AA");
	put_area(f, AREA_BUURT, "AB01", "AB");
	put_area(f, AREA_BUURT, "MA01", "MA");
	f->centrum = org_new(f, "Stadsdeel Centrum");
	f->oost = org_new(f, "Stadsdeel Oost");
	f->ggd = org_new(f, "GGD");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_fixture_close(&f->fx, f->db);
	arena_clear(&f->arena);
	free(f);
	return 0;
}

/* --- making things ------------------------------------------------------ */

static int64_t signal_new(struct fixture *f, const char *buurt)
{
	static int seq;
	struct signal_input in;
	struct signal_new s;
	struct signal_row row;
	bool replayed;
	char key[32];

	memset(&in, 0, sizeof(in));
	in.kind = "melding";
	in.text = "Grofvuil naast de container";
	in.buurt = buurt;
	memset(&s, 0, sizeof(s));
	s.municipality = MUNI;
	s.in = &in;
	s.codes[0] = buurt;
	s.codes[1] = arena_printf(&f->arena, "%.2s", buurt);
	s.codes[3] = arena_printf(&f->arena, "%.1s", buurt);
	snprintf(key, sizeof(key), "k%d", seq++);
	s.dedupe_key = key;
	assert_int_equal(store_signal_create(f->db, &f->arena, &s, &row, &replayed),
			 ERR_OK);
	return row.id;
}

/* A kwestie in area (its level from the code's length: 1 stadsdeel, 2
 * wijk, 4 buurt, else the city), tackled at level, with topic. */
static int64_t kwestie_new(struct fixture *f, const char *area, int level,
			   const char *topic)
{
	struct kwestie_new k;
	size_t len = strlen(area);
	int64_t id = 0;

	memset(&k, 0, sizeof(k));
	k.municipality = MUNI;
	k.title = "Grofvuil";
	k.description = "Grofvuil naast de containers.";
	k.area_code = area;
	if (len == 4) {
		k.area_level = "buurt";
		k.chain_codes[0] = area;
	} else if (len == 2) {
		k.area_level = "wijk";
	} else if (len == 1) {
		k.area_level = "stadsdeel";
	} else {
		k.area_level = "gemeente";
	}
	if (len <= 4 && len != 3 && strcmp(area, MUNI) != 0) {
		k.chain_codes[1] = len >= 2 ? arena_printf(&f->arena, "%.2s", area) : NULL;
		k.chain_codes[3] = arena_printf(&f->arena, "%.1s", area);
	}
	k.topic = topic;
	k.level = level;
	k.level_reason = "Daar speelt het.";
	k.status = KS_NIEUW;
	assert_int_equal(store_kwestie_insert(f->db, &k, NOW, &id), ERR_OK);
	assert_true(id > 0);
	return id;
}

static struct kwestie_row get(struct fixture *f, int64_t id)
{
	struct kwestie_row r;

	assert_int_equal(store_kwestie_get(f->db, &f->arena, id, &r), ERR_OK);
	return r;
}

/* The kwestie's state as stored, for store_kwestie_update. */
static struct kw_state state_of(struct fixture *f, int64_t id)
{
	struct kwestie_row r = get(f, id);
	struct kw_state s = kw_state_new(AREA_BUURT);

	s.id = id;
	s.title = r.title;
	s.description = r.description;
	s.level = kw_level_parse(r.level);
	s.level_reason = r.level_reason;
	s.status = kw_status_parse(r.status);
	s.outcome = r.outcome ? kw_outcome_parse(r.outcome) : KO_NONE;
	s.duplicate_of = r.duplicate_of;
	s.urgency = r.urgency;
	return s;
}

/* Set status (and outcome) as a use case would, then settle. */
static void set_status(struct fixture *f, int64_t id, int status, int outcome,
		       const char *now)
{
	struct kw_state s = state_of(f, id);
	struct kwestie_row r = get(f, id);

	s.status = status;
	s.outcome = outcome;
	assert_int_equal(store_kwestie_update(f->db, id, &s, r.version, now), ERR_OK);
	assert_int_equal(store_kwestie_settle(f->db, id, now), ERR_OK);
}

static void link_signal(struct fixture *f, int64_t id, int64_t signal)
{
	bool added = false;

	assert_int_equal(store_kwestie_link_signal(f->db, id, signal, NOW, &added),
			 ERR_OK);
	assert_true(added);
}

static int64_t count(struct fixture *f, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(f->db, sql);
	int64_t n = -1;

	db_bind_int(st, 1, id);
	assert_int_equal(db_get_one(f->db, st, NULL, db_read_int, &n), ERR_OK);
	return n;
}

struct sig {
	char *status, *closed_at, *outcome;
};

static void sig_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct sig *s = row;

	s->status = db_col_dup(ar, st, 0);
	s->closed_at = db_col_dup(ar, st, 1);
	s->outcome = db_col_dup(ar, st, 2);
}

static struct sig sig_get(struct fixture *f, int64_t id)
{
	struct db_stmt *st = db_prepare(
		f->db, "SELECT status, closed_at, outcome FROM signals WHERE id = $1");
	struct sig s;

	memset(&s, 0, sizeof(s));
	db_bind_int(st, 1, id);
	assert_int_equal(db_get_one(f->db, st, &f->arena, sig_read, &s), ERR_OK);
	return s;
}

/* Run sql (no parameters) as any client could; ERR_OK or the refusal. */
static enum err raw(struct fixture *f, const char *sql)
{
	char msg[256];

	return db_exec(f->db, sql, msg, sizeof(msg));
}

/* --- the one regisseur -------------------------------------------------- */

struct chain_tx {
	int64_t id, version;
	const struct kw_link *c;
	size_t n;
};

static enum err chain_tx_fn(struct db *db, void *p)
{
	struct chain_tx *t = p;

	return store_kwestie_chain_set(db, t->id, t->c, t->n, t->version, NOW);
}

static void test_one_regisseur_by_index(void **state)
{
	struct fixture *f = *state;
	int64_t k = kwestie_new(f, "AA01", KW_BUURT, "afval");
	int64_t other = kwestie_new(f, "AA02", KW_BUURT, "afval");
	struct kw_link one[] = {{f->centrum, KR_REGISSEUR}, {f->ggd, KR_UITVOERDER}};
	struct kw_link second[] = {{f->oost, KR_REGISSEUR}};
	struct kw_link two[] = {{f->centrum, KR_UITVOERDER}, {f->oost, KR_REGISSEUR},
				{f->ggd, KR_REGISSEUR}};
	struct chain_tx t = {k, 0, two, 3};
	int64_t n = -1;
	char sql[200];

	assert_int_equal(store_kwestie_chain_add(f->db, k, one, 2), ERR_OK);
	assert_int_equal(store_kwestie_regisseurs(f->db, k, &n), ERR_OK);
	assert_int_equal(n, 1);
	/* a second regisseur through the store */
	assert_int_equal(store_kwestie_chain_add(f->db, k, second, 1), ERR_CONFLICT);
	/* and by SQL around the store: the index, not the code, refuses */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO kwestie_chain (kwestie_id, organisation_id, role)"
		 " VALUES (%lld, %lld, 'regisseur')",
		 (long long)k, (long long)f->oost);
	assert_int_not_equal(raw(f, sql), ERR_OK);
	snprintf(sql, sizeof(sql),
		 "UPDATE kwestie_chain SET role = 'regisseur' WHERE kwestie_id = %lld"
		 " AND organisation_id = %lld",
		 (long long)k, (long long)f->ggd);
	assert_int_not_equal(raw(f, sql), ERR_OK);
	assert_int_equal(store_kwestie_regisseurs(f->db, k, &n), ERR_OK);
	assert_int_equal(n, 1);
	/* another uitvoerder, and a regisseur of another kwestie: fine */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO kwestie_chain (kwestie_id, organisation_id, role)"
		 " VALUES (%lld, %lld, 'uitvoerder')",
		 (long long)k, (long long)f->oost);
	assert_int_equal(raw(f, sql), ERR_OK);
	assert_int_equal(store_kwestie_chain_add(f->db, other, second, 1), ERR_OK);
	/* a whole chain with two, in a transaction: nothing of it stays,
	 * not even the new version */
	t.version = get(f, k).version;
	assert_int_equal(db_write(f->db, chain_tx_fn, &t), ERR_CONFLICT);
	assert_int_equal(get(f, k).version, t.version);
	assert_int_equal(count(f, "SELECT organisation_id FROM kwestie_chain"
				  " WHERE kwestie_id = $1 AND role = 'regisseur'", k),
			 f->centrum); /* still the one */
	/* the whole chain replaced with one regisseur: fine */
	t.c = second;
	t.n = 1;
	assert_int_equal(db_write(f->db, chain_tx_fn, &t), ERR_OK);
	assert_int_equal(get(f, k).version, t.version + 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM kwestie_chain WHERE kwestie_id = $1", k),
			 1);
}

/* --- versions ----------------------------------------------------------- */

static void test_update_refuses_stale_version(void **state)
{
	struct fixture *f = *state;
	int64_t k = kwestie_new(f, "AA01", KW_BUURT, "afval");
	struct kw_state s = state_of(f, k);
	struct kwestie_row r;

	assert_int_equal(get(f, k).version, 1);
	s.title = "Grofvuil bij de Dam";
	assert_int_equal(store_kwestie_update(f->db, k, &s, 1, NOW), ERR_OK);
	r = get(f, k);
	assert_int_equal(r.version, 2);
	assert_string_equal(r.title, "Grofvuil bij de Dam");
	/* the one who read version 1 is too late */
	s.title = "Te laat";
	assert_int_equal(store_kwestie_update(f->db, k, &s, 1, NOW), ERR_CONFLICT);
	assert_int_equal(store_kwestie_update(f->db, k, &s, 3, NOW), ERR_CONFLICT);
	r = get(f, k);
	assert_int_equal(r.version, 2);
	assert_string_equal(r.title, "Grofvuil bij de Dam");
	/* touch: the same check; 0 skips it */
	assert_int_equal(store_kwestie_touch(f->db, k, 1, NOW), ERR_CONFLICT);
	assert_int_equal(store_kwestie_touch(f->db, k, 2, NOW), ERR_OK);
	assert_int_equal(store_kwestie_touch(f->db, k, 0, LATER), ERR_OK);
	r = get(f, k);
	assert_int_equal(r.version, 4);
	assert_string_equal(r.updated_at, LATER);
	/* an unknown kwestie is a conflict too (nothing to update) */
	assert_int_equal(store_kwestie_update(f->db, k + 100, &s, 1, NOW), ERR_CONFLICT);
}

static void test_closed_at_follows_status(void **state)
{
	struct fixture *f = *state;
	int64_t k = kwestie_new(f, "AA01", KW_BUURT, "afval");
	struct kw_state s = state_of(f, k);
	struct kwestie_row r;

	s.status = KS_AFGEROND;
	s.outcome = KO_OPGELOST;
	assert_int_equal(store_kwestie_update(f->db, k, &s, 1, NOW), ERR_OK);
	r = get(f, k);
	assert_string_equal(r.status, "afgerond");
	assert_string_equal(r.outcome, "opgelost");
	assert_string_equal(r.closed_at, NOW);
	/* another outcome later keeps the day it closed */
	s.outcome = KO_DEELS_OPGELOST;
	assert_int_equal(store_kwestie_update(f->db, k, &s, 2, LATER), ERR_OK);
	assert_string_equal(get(f, k).closed_at, NOW);
	/* reopened: open again */
	s.status = KS_OPGEPAKT;
	s.outcome = KO_NONE;
	assert_int_equal(store_kwestie_update(f->db, k, &s, 3, LATER), ERR_OK);
	r = get(f, k);
	assert_null(r.closed_at);
	assert_null(r.outcome);
	/* the database itself refuses closed without an outcome */
	s.status = KS_AFGEROND;
	s.outcome = KO_NONE;
	assert_int_not_equal(store_kwestie_update(f->db, k, &s, 4, LATER), ERR_OK);
	assert_int_equal(get(f, k).version, 4);
}

/* --- settle ------------------------------------------------------------- */

static void test_settle_counts_and_signals_follow(void **state)
{
	struct fixture *f = *state;
	int64_t k = kwestie_new(f, "AA01", KW_BUURT, "afval");
	int64_t s1 = signal_new(f, "AA01"), s2 = signal_new(f, "AA01");
	int64_t lone = signal_new(f, "AA01");
	bool added;
	struct sig g;

	link_signal(f, k, s1);
	link_signal(f, k, s2);
	assert_int_equal(store_kwestie_link_signal(f->db, k, s1, NOW, &added), ERR_OK);
	assert_false(added); /* once */
	assert_int_equal(store_kwestie_support(f->db, k, "key-1", NOW, &added), ERR_OK);
	assert_true(added);
	assert_int_equal(store_kwestie_support(f->db, k, "key-1", NOW, &added), ERR_OK);
	assert_false(added);
	assert_int_equal(store_kwestie_settle(f->db, k, NOW), ERR_OK);
	assert_int_equal(get(f, k).residents, 3);
	assert_int_equal(get(f, k).nsignals, 2);
	assert_int_equal(get(f, k).nsupporters, 1);
	assert_string_equal(sig_get(f, s1).status, "nieuw");
	set_status(f, k, KS_IN_UITVOERING, KO_NONE, NOW);
	g = sig_get(f, s2);
	assert_string_equal(g.status, "in_uitvoering");
	assert_null(g.closed_at);
	set_status(f, k, KS_AFGEROND, KO_OPGELOST, NOW);
	g = sig_get(f, s1);
	assert_string_equal(g.status, "afgerond");
	assert_string_equal(g.closed_at, NOW);
	assert_string_equal(g.outcome, "opgelost");
	/* a signal in no kwestie is left alone */
	g = sig_get(f, lone);
	assert_string_equal(g.status, "gemeld");
	assert_null(g.closed_at);
	/* reopened: the signals open again */
	set_status(f, k, KS_OPGEPAKT, KO_NONE, LATER);
	g = sig_get(f, s1);
	assert_string_equal(g.status, "opgepakt");
	assert_null(g.closed_at);
	assert_null(g.outcome);
	/* unlinked from its only kwestie: reported again */
	assert_int_equal(store_kwestie_unlink_signal(f->db, k, s2), ERR_OK);
	assert_int_equal(store_kwestie_unlink_signal(f->db, k, s2), ERR_NOT_FOUND);
	assert_int_equal(store_kwestie_settle(f->db, k, LATER), ERR_OK);
	assert_string_equal(sig_get(f, s2).status, "gemeld");
	assert_int_equal(get(f, k).residents, 2);
}

static void test_signal_in_two_kwesties(void **state)
{
	struct fixture *f = *state;
	int64_t a = kwestie_new(f, "AA01", KW_BUURT, "afval");
	int64_t b = kwestie_new(f, "AA01", KW_BUURT, "verkeer");
	int64_t s = signal_new(f, "AA01");
	struct sig g;

	link_signal(f, a, s);
	link_signal(f, b, s);
	set_status(f, a, KS_OPGEPAKT, KO_NONE, NOW);
	set_status(f, b, KS_IN_UITVOERING, KO_NONE, NOW);
	set_status(f, a, KS_AFGEROND, KO_GEEN_ACTIE_NODIG, NOW);
	g = sig_get(f, s);
	assert_null(g.closed_at); /* b is still open */
	assert_null(g.outcome);
	assert_string_equal(g.status, "in_uitvoering");
	set_status(f, b, KS_AFGEROND, KO_DEELS_OPGELOST, LATER);
	g = sig_get(f, s);
	assert_string_equal(g.status, "afgerond");
	assert_string_equal(g.closed_at, LATER);
	assert_string_equal(g.outcome, "deels_opgelost"); /* the last one closed */
	/* one reopens: the signal is open again, with that one's status */
	set_status(f, a, KS_OPGEPAKT, KO_NONE, LATER);
	g = sig_get(f, s);
	assert_null(g.closed_at);
	assert_null(g.outcome);
	assert_string_equal(g.status, "opgepakt");
}

static int64_t topic_open(struct fixture *f, const char *buurt, const char *topic)
{
	struct db_stmt *st = db_prepare(
		f->db, "SELECT open FROM kwestie_topics WHERE municipality = $1"
		       " AND buurt_code = $2 AND topic = $3");
	int64_t n = -1;
	enum err e;

	db_bind_text(st, 1, MUNI);
	db_bind_text(st, 2, buurt);
	db_bind_text(st, 3, topic);
	e = db_get_one(f->db, st, NULL, db_read_int, &n);
	return e == ERR_NOT_FOUND ? 0 : (assert_int_equal(e, ERR_OK), n);
}

static void test_settle_keeps_topics(void **state)
{
	struct fixture *f = *state;
	int64_t a = kwestie_new(f, "AA01", KW_BUURT, "afval"), b, c, w;

	assert_int_equal(store_kwestie_settle(f->db, a, NOW), ERR_OK);
	assert_int_equal(topic_open(f, "AA01", "afval"), 1);
	assert_int_equal(topic_open(f, "AA01", "groen"), 0);
	b = kwestie_new(f, "AA01", KW_BUURT, "afval");
	c = kwestie_new(f, "AA02", KW_BUURT, "afval");
	w = kwestie_new(f, "AA", KW_WIJK, "afval"); /* no buurt */
	assert_int_equal(store_kwestie_settle(f->db, b, NOW), ERR_OK);
	assert_int_equal(store_kwestie_settle(f->db, c, NOW), ERR_OK);
	assert_int_equal(store_kwestie_settle(f->db, w, NOW), ERR_OK);
	assert_int_equal(topic_open(f, "AA01", "afval"), 2);
	assert_int_equal(topic_open(f, "AA02", "afval"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM kwestie_topics WHERE $1 > 0"
				  " AND buurt_code IS NULL", 1),
			 0);
	set_status(f, a, KS_OPGEPAKT, KO_NONE, NOW);
	assert_int_equal(topic_open(f, "AA01", "afval"), 2);
	set_status(f, a, KS_AFGEROND, KO_OPGELOST, NOW);
	assert_int_equal(topic_open(f, "AA01", "afval"), 1);
	set_status(f, b, KS_AFGEROND, KO_OPGELOST, NOW);
	assert_int_equal(topic_open(f, "AA01", "afval"), 0);
	set_status(f, b, KS_OPGEPAKT, KO_NONE, LATER);
	assert_int_equal(topic_open(f, "AA01", "afval"), 1);
}

/* --- merge -------------------------------------------------------------- */

static void follower(struct fixture *f, int64_t k, const char *email)
{
	char sql[300];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO followers (municipality, kwestie_id, email,"
		 " created_at) VALUES ('%s', %lld, '%s', '%s')",
		 MUNI, (long long)k, email, NOW);
	assert_int_equal(raw(f, sql), ERR_OK);
}

struct merge_tx {
	int64_t from, into, version;
};

static enum err merge_tx_fn(struct db *db, void *p)
{
	struct merge_tx *t = p;

	return store_kwestie_merge(db, t->from, t->into, t->version, NOW);
}

static void test_merge_moves_everything(void **state)
{
	struct fixture *f = *state;
	int64_t from = kwestie_new(f, "AA01", KW_BUURT, "afval");
	int64_t into = kwestie_new(f, "AA01", KW_BUURT, "afval");
	int64_t s1 = signal_new(f, "AA01"), s2 = signal_new(f, "AA01");
	int64_t s3 = signal_new(f, "AA01");
	struct merge_tx t = {from, into, 1};
	struct kwestie_row r;
	bool added;

	link_signal(f, from, s1);
	link_signal(f, from, s2);
	link_signal(f, into, s2);
	link_signal(f, into, s3);
	assert_int_equal(store_kwestie_support(f->db, from, "x", NOW, &added), ERR_OK);
	assert_int_equal(store_kwestie_support(f->db, from, "y", NOW, &added), ERR_OK);
	assert_int_equal(store_kwestie_support(f->db, into, "y", NOW, &added), ERR_OK);
	follower(f, from, "een@example.org");
	follower(f, from, "twee@example.org");
	follower(f, into, "twee@example.org");
	/* a stale version: nothing moves */
	t.version = 2;
	assert_int_equal(db_write(f->db, merge_tx_fn, &t), ERR_CONFLICT);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM kwestie_signals WHERE kwestie_id = $1",
			       from),
			 2);
	assert_int_equal(get(f, from).merged_into, 0);
	t.version = 1;
	assert_int_equal(db_write(f->db, merge_tx_fn, &t), ERR_OK);
	assert_int_equal(store_kwestie_settle(f->db, from, NOW), ERR_OK);
	assert_int_equal(store_kwestie_settle(f->db, into, NOW), ERR_OK);
	r = get(f, from);
	assert_int_equal(r.merged_into, into);
	assert_int_equal(r.duplicate_of, into);
	assert_string_equal(r.status, "afgerond");
	assert_string_equal(r.outcome, "dubbel");
	assert_string_equal(r.closed_at, NOW);
	assert_int_equal(r.version, 2);
	assert_int_equal(r.nsignals, 0);
	assert_int_equal(r.nsupporters, 0);
	assert_int_equal(r.residents, 0);
	r = get(f, into);
	assert_int_equal(r.nsignals, 3);
	assert_int_equal(r.nsupporters, 2);
	assert_int_equal(r.residents, 5);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM followers WHERE kwestie_id = $1", from),
			 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM followers WHERE kwestie_id = $1", into),
			 2);
	/* the moved signals follow the kwestie they are in now */
	assert_null(sig_get(f, s1).closed_at);
	assert_string_equal(sig_get(f, s1).status, "nieuw");
	/* merged once: not again, and not changed any more */
	t.version = 2;
	assert_int_equal(db_write(f->db, merge_tx_fn, &t), ERR_CONFLICT);
	assert_int_equal(store_kwestie_touch(f->db, from, 0, NOW), ERR_CONFLICT);
	/* the database itself: no kwestie merged into itself */
	assert_int_not_equal(raw(f, arena_printf(&f->arena,
						 "UPDATE kwesties SET merged_into = id"
						 " WHERE id = %lld",
						 (long long)into)),
			     ERR_OK);
}

/* --- the agenda --------------------------------------------------------- */

static bool has(const struct kwestie_row *rows, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == id)
			return true;
	return false;
}

/* The agenda of code (of level) holds exactly the kwesties of want (0
 * ends it). */
static void agenda_is(struct fixture *f, const char *code, enum area_level level,
		      const int64_t *want)
{
	struct kwestie_row *rows;
	size_t n, nwant = 0;

	assert_int_equal(store_agenda(f->db, &f->arena, MUNI, code, level, 50, &rows, &n),
			 ERR_OK);
	for (; want[nwant]; nwant++)
		if (!has(rows, n, want[nwant]))
			fail_msg("agenda of %s lacks kwestie %lld", code,
				 (long long)want[nwant]);
	if (n != nwant)
		fail_msg("agenda of %s has %zu kwesties, expected %zu", code, n, nwant);
}

static void test_agenda_levels(void **state)
{
	struct fixture *f = *state;
	int64_t buurt = kwestie_new(f, "AA01", KW_BUURT, "afval");
	int64_t buurt_up = kwestie_new(f, "AA01", KW_STADSDEEL, "afval");
	int64_t buurt_wijk = kwestie_new(f, "AA02", KW_WIJK, "groen");
	int64_t wijk = kwestie_new(f, "AA", KW_WIJK, "verkeer");
	int64_t wijk_b = kwestie_new(f, "AB", KW_WIJK, "verkeer");
	int64_t sd = kwestie_new(f, "A", KW_STADSDEEL, "groen");
	int64_t city = kwestie_new(f, "AA02", KW_GEMEENTE, "afval");
	int64_t rijk = kwestie_new(f, "AB01", KW_RIJK, "wonen");
	int64_t oost = kwestie_new(f, "MA01", KW_STADSDEEL, "afval");
	int64_t gm = kwestie_new(f, MUNI, KW_GEMEENTE, "wonen");
	int64_t shut = kwestie_new(f, "AA01", KW_STADSDEEL, "afval");
	struct kwestie_row *rows;
	const char *above[] = {"AA", "A", MUNI};
	size_t n;

	set_status(f, shut, KS_AFGEROND, KO_OPGELOST, NOW);
	{
		int64_t w[] = {buurt, buurt_up, 0};
		agenda_is(f, "AA01", AREA_BUURT, w);
	}
	{
		int64_t w[] = {buurt_wijk, city, 0};
		agenda_is(f, "AA02", AREA_BUURT, w);
	}
	{ /* the wijk: its own, and its buurten's at wijk level or above */
		int64_t w[] = {buurt_up, buurt_wijk, wijk, city, 0};
		agenda_is(f, "AA", AREA_WIJK, w);
	}
	{ /* the stadsdeel: not the wijken's own (wijk level) */
		int64_t w[] = {buurt_up, sd, city, rijk, 0};
		agenda_is(f, "A", AREA_STADSDEEL, w);
	}
	{
		int64_t w[] = {oost, 0};
		agenda_is(f, "M", AREA_STADSDEEL, w);
	}
	{ /* the city: gemeente level and above, wherever */
		int64_t w[] = {city, rijk, gm, 0};
		agenda_is(f, MUNI, AREA_GEMEENTE, w);
	}
	(void)wijk_b;
	/* above AA01: the open kwesties of AA, A and the city itself */
	assert_int_equal(store_agenda_above(f->db, &f->arena, MUNI, above, 3, 10, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 3);
	assert_true(has(rows, n, wijk));
	assert_true(has(rows, n, sd));
	assert_true(has(rows, n, gm));
}

static void test_agenda_ranks(void **state)
{
	struct fixture *f = *state;
	int64_t quiet = kwestie_new(f, "AA01", KW_BUURT, "afval");
	int64_t busy = kwestie_new(f, "AA01", KW_BUURT, "afval");
	int64_t urgent = kwestie_new(f, "AA01", KW_BUURT, "afval");
	struct kw_state s = state_of(f, urgent);
	struct kwestie_row *rows;
	bool added;
	size_t n;

	link_signal(f, busy, signal_new(f, "AA01"));
	assert_int_equal(store_kwestie_support(f->db, busy, "z", NOW, &added), ERR_OK);
	assert_int_equal(store_kwestie_settle(f->db, busy, NOW), ERR_OK);
	s.urgency = 2;
	assert_int_equal(store_kwestie_update(f->db, urgent, &s, 1, NOW), ERR_OK);
	assert_int_equal(store_agenda(f->db, &f->arena, MUNI, "AA01", AREA_BUURT, 50, &rows,
				      &n),
			 ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].id, urgent);
	assert_int_equal(rows[1].id, busy);
	assert_int_equal(rows[1].residents, 2);
	assert_int_equal(rows[2].id, quiet);
	/* the limit */
	assert_int_equal(store_agenda(f->db, &f->arena, MUNI, "AA01", AREA_BUURT, 1, &rows,
				      &n),
			 ERR_OK);
	assert_int_equal(n, 1);
}

static void test_agenda_themes(void **state)
{
	struct fixture *f = *state;
	int64_t ids[] = {kwestie_new(f, "AA01", KW_BUURT, "afval"),
			 kwestie_new(f, "AA01", KW_BUURT, "afval"),
			 kwestie_new(f, "AA02", KW_BUURT, "afval"),
			 kwestie_new(f, "AB01", KW_BUURT, "afval"),
			 kwestie_new(f, "AA01", KW_BUURT, "groen"),
			 kwestie_new(f, "MA01", KW_BUURT, "groen")};
	struct kwestie_topic_row *t;
	size_t n;

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_int_equal(store_kwestie_settle(f->db, ids[i], NOW), ERR_OK);
	assert_int_equal(store_agenda_topics(f->db, &f->arena, MUNI, "A", AREA_STADSDEEL, 2,
					     10, &t, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(t[0].topic, "afval");
	assert_int_equal(t[0].buurten, 3);
	assert_int_equal(store_agenda_topics(f->db, &f->arena, MUNI, "AA", AREA_WIJK, 2, 10,
					     &t, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(t[0].buurten, 2);
	assert_int_equal(store_agenda_topics(f->db, &f->arena, MUNI, MUNI, AREA_GEMEENTE, 2,
					     10, &t, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].topic, "afval");
	assert_string_equal(t[1].topic, "groen");
	assert_int_equal(t[1].buurten, 2);
	/* a buurt has no buurten inside it */
	assert_int_equal(store_agenda_topics(f->db, &f->arena, MUNI, "AA01", AREA_BUURT, 1,
					     10, &t, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	/* closing the one in AB01 leaves afval in two of A's buurten */
	set_status(f, ids[3], KS_AFGEROND, KO_OPGELOST, NOW);
	assert_int_equal(store_agenda_topics(f->db, &f->arena, MUNI, "A", AREA_STADSDEEL, 2,
					     10, &t, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(t[0].buurten, 2);
}

/* --- unpark ------------------------------------------------------------- */

static void park(struct fixture *f, int64_t id, const char *until)
{
	struct kw_state s = state_of(f, id);

	s.status = KS_GEPARKEERD;
	s.park_until = until;
	s.park_reason = "Wacht op de begroting.";
	assert_int_equal(store_kwestie_update(f->db, id, &s, get(f, id).version, NOW),
			 ERR_OK);
}

static void test_unpark(void **state)
{
	struct fixture *f = *state;
	int64_t past = kwestie_new(f, "AA01", KW_BUURT, "afval");
	int64_t today = kwestie_new(f, "AA01", KW_BUURT, "afval");
	int64_t later = kwestie_new(f, "AA01", KW_BUURT, "afval");
	int64_t *ids;
	size_t n;
	struct kwestie_row r;
	struct timeline_row *h;
	size_t nh;

	park(f, past, "2026-11-30");
	park(f, today, "2026-12-04");
	park(f, later, "2026-12-05");
	assert_int_equal(store_kwestie_unpark(f->db, &f->arena, "2026-12-04", NOW, &ids, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_true(ids[0] == past || ids[1] == past);
	assert_true(ids[0] == today || ids[1] == today);
	r = get(f, past);
	assert_string_equal(r.status, "opgepakt");
	assert_null(r.park_until);
	assert_null(r.park_reason);
	assert_int_equal(r.version, 3);
	assert_string_equal(get(f, later).status, "geparkeerd");
	assert_int_equal(store_timeline_kwestie(f->db, &f->arena, past, &h, &nh), ERR_OK);
	assert_int_equal(nh, 1);
	assert_string_equal(h[0].kind, "status");
	assert_string_equal(h[0].from_value, "geparkeerd");
	assert_string_equal(h[0].to_value, "opgepakt");
	assert_string_equal(h[0].reason, "Wacht op de begroting.");
	assert_int_equal(store_timeline_kwestie(f->db, &f->arena, later, &h, &nh), ERR_OK);
	assert_int_equal(nh, 0);
	/* again the same day: nothing more */
	assert_int_equal(store_kwestie_unpark(f->db, &f->arena, "2026-12-04", NOW, &ids, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_one_regisseur_by_index),
		T(test_update_refuses_stale_version),
		T(test_closed_at_follows_status),
		T(test_settle_counts_and_signals_follow),
		T(test_signal_in_two_kwesties),
		T(test_settle_keeps_topics),
		T(test_merge_moves_everything),
		T(test_agenda_levels),
		T(test_agenda_ranks),
		T(test_agenda_themes),
		T(test_unpark),
	};
#undef T

	log_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
