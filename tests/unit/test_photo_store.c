/* test_photo_store: residents' photos in the database and on disk
 * (store/photo.h, migration 022), on SQLite and, with WIJKAGENDA_TEST_PG,
 * on PostgreSQL.
 *
 * The files: written whole under DIR/ab/TOKEN.jpg and -t.jpg, read back,
 * deleted (twice is no error).  The rows: an upload is unattached; the
 * intake's transaction attaches it (signal_new.photos) in the order
 * given, and a token that is unknown, of another municipality or taken
 * already fails the whole intake with ERR_CONFLICT and leaves nothing
 * (no signal, no half-attached photo); publishing sets and clears the
 * public token; the kwestie's and the id span's public photos; what
 * retention finds due (an old upload, the photos of a signal whose
 * contact data were blanked), and nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/token.h"
#include "db_fixture.h"
#include "store/photo.h"
#include "store/resident.h"

#define MUNI "GM0363"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena ar;
	char dir[128];
	int n;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct area_rec a = {AREA_BUURT, "AA01", "Kop Zeedijk", NULL, NULL};
	char msg[256];

	log_set_quiet(1);
	if (token_init() != 0 || db_fixture_open(&f->fx, "photo", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->ar);
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"), ERR_OK);
	assert_int_equal(store_municipality_put(f->db, "GM0344", "Utrecht"), ERR_OK);
	assert_int_equal(store_area_put(f->db, MUNI, &a), ERR_OK);
	snprintf(f->dir, sizeof(f->dir), "%s/fotos", f->fx.dir);
	assert_int_equal(photo_files_prepare(f->dir, msg, sizeof(msg)), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_fixture_close(&f->fx, f->db);
	arena_clear(&f->ar);
	free(f);
	return 0;
}

/* An upload: its files and its row; the token. */
static char *upload(struct fixture *f, const char *muni)
{
	struct photo_row p = {0};
	char *token = arena_alloc(&f->ar, TOKEN_LEN + 1), msg[256], now[32];
	int64_t id;

	token_new(token);
	assert_int_equal(photo_files_write(f->dir, token, "display", 7, "thumb", 5,
					   msg, sizeof(msg)),
			 0);
	store_now(now, sizeof(now));
	p.municipality = (char *)muni;
	p.token = token;
	p.source = "jpeg";
	p.width = 1600;
	p.height = 1200;
	p.thumb_width = 320;
	p.thumb_height = 240;
	p.bytes = 7;
	p.thumb_bytes = 5;
	p.created_at = now;
	assert_int_equal(store_photo_add(f->db, &p, &id), ERR_OK);
	assert_true(id > 0);
	return token;
}

/* A signal as the intake writes it, with photos; the result. */
static enum err signal(struct fixture *f, const char *const *photos, size_t n,
		       int64_t *id)
{
	struct signal_input in = {0};
	struct signal_new s = {0};
	struct signal_row row = {0};
	bool replayed;
	enum err e;

	in.kind = "melding";
	in.text = "Een kapotte fiets bij het hek";
	in.email = "melder@example.org";
	s.municipality = MUNI;
	s.in = &in;
	s.codes[0] = "AA01";
	s.dedupe_key = arena_printf(&f->ar, "key-%d", f->n++);
	s.photos = photos;
	s.nphotos = n;
	e = store_signal_create(f->db, &f->ar, &s, &row, &replayed);
	*id = row.id;
	return e;
}

static void test_files(void **state)
{
	struct fixture *f = *state;
	char *t = upload(f, MUNI), path[512];
	struct buf b;
	struct stat sb;

	buf_init(&b, 1 << 20);
	assert_int_equal(photo_files_read(f->dir, t, false, &b), ERR_OK);
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.data, "display", 7);
	buf_reset(&b);
	assert_int_equal(photo_files_read(f->dir, t, true, &b), ERR_OK);
	assert_memory_equal(b.data, "thumb", 5);
	snprintf(path, sizeof(path), "%s/%.2s/%s.jpg", f->dir, t, t);
	assert_int_equal(stat(path, &sb), 0);
	snprintf(path, sizeof(path), "%s/%.2s/%s.jpg.tmp", f->dir, t, t);
	assert_int_not_equal(stat(path, &sb), 0); /* no temporary left */
	assert_int_equal(photo_files_delete(f->dir, t), 0);
	assert_int_equal(photo_files_delete(f->dir, t), 0);
	buf_reset(&b);
	assert_int_equal(photo_files_read(f->dir, t, false, &b), ERR_NOT_FOUND);
	buf_release(&b);
	/* a directory that cannot be made */
	assert_int_equal(photo_files_prepare("/proc/nope/fotos", path, sizeof(path)), -1);
}

static void test_attach(void **state)
{
	struct fixture *f = *state;
	const char *two[2] = {upload(f, MUNI), upload(f, MUNI)};
	struct photo_row *rows, p;
	int64_t id, id2;
	size_t n;

	assert_int_equal(store_photo_by_token(f->db, &f->ar, two[0], &p), ERR_OK);
	assert_int_equal(p.signal_id, 0);
	assert_null(p.public_token);
	assert_int_equal(signal(f, two, 2, &id), ERR_OK);
	assert_int_equal(store_photos_of_signal(f->db, &f->ar, id, &rows, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].token, two[0]);
	assert_int_equal(rows[0].position, 1);
	assert_string_equal(rows[1].token, two[1]);
	assert_int_equal(rows[1].position, 2);
	/* taken already: the whole intake fails, nothing of it stays */
	int64_t before = store_signal_count(f->db);
	const char *again[2] = {upload(f, MUNI), two[1]};

	assert_int_equal(signal(f, again, 2, &id2), ERR_CONFLICT);
	assert_int_equal(store_signal_count(f->db), before);
	assert_int_equal(store_photo_by_token(f->db, &f->ar, again[0], &p), ERR_OK);
	assert_int_equal(p.signal_id, 0); /* rolled back with the signal */
	/* unknown, and another municipality's */
	const char *unknown[1] = {"AAAAAAAAAAAAAAAAAAAAAA"};
	const char *other[1] = {upload(f, "GM0344")};

	assert_int_equal(signal(f, unknown, 1, &id2), ERR_CONFLICT);
	assert_int_equal(signal(f, other, 1, &id2), ERR_CONFLICT);
	assert_int_equal(store_signal_count(f->db), before);
}

static enum err publish_tx(struct db *db, void *ctx)
{
	const struct photo_row *p = ctx;

	return store_photo_publish(db, p->id, p->public_token, "2026-12-05T08:00:00.000Z",
				   "tester");
}

static void test_publish(void **state)
{
	struct fixture *f = *state;
	const char *one[1] = {upload(f, MUNI)};
	struct photo_row p, *rows;
	int64_t id;
	size_t n;

	assert_int_equal(signal(f, one, 1, &id), ERR_OK);
	assert_int_equal(store_photo_by_token(f->db, &f->ar, one[0], &p), ERR_OK);
	p.public_token = "BBBBBBBBBBBBBBBBBBBBBB";
	assert_int_equal(db_write(f->db, publish_tx, &p), ERR_OK);
	assert_int_equal(store_photo_by_public(f->db, &f->ar, p.public_token, &p), ERR_OK);
	assert_string_equal(p.token, one[0]);
	assert_string_equal(p.published_by, "tester");
	assert_int_equal(store_photos_public_between(f->db, &f->ar, id, id, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_photos_public_between(f->db, &f->ar, id + 1, id + 9,
						     &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	p.public_token = NULL;
	assert_int_equal(db_write(f->db, publish_tx, &p), ERR_OK);
	assert_int_equal(store_photo_by_public(f->db, &f->ar, "BBBBBBBBBBBBBBBBBBBBBB",
					       &p),
			 ERR_NOT_FOUND);
	assert_int_equal(store_photo_by_token(f->db, &f->ar, one[0], &p), ERR_OK);
	assert_null(p.published_at);
}

static enum err anonymise_tx(struct db *db, void *ctx)
{
	return store_contact_anonymise(db, *(int64_t *)ctx, "2026-12-05T08:00:00.000Z");
}

static enum err delete_tx(struct db *db, void *ctx)
{
	return store_photo_delete(db, *(int64_t *)ctx);
}

static void test_due(void **state)
{
	struct fixture *f = *state;
	const char *kept[1] = {upload(f, MUNI)}, *gone[1] = {upload(f, MUNI)};
	char *pending = upload(f, MUNI), future[32], sql[160], msg[256];
	struct photo_row *rows;
	int64_t a, b;
	size_t n;

	assert_int_equal(signal(f, kept, 1, &a), ERR_OK);
	assert_int_equal(signal(f, gone, 1, &b), ERR_OK);
	/* nothing due: the upload is new, no contact blanked */
	assert_int_equal(store_photos_due(f->db, &f->ar, "2000-01-01T00:00:00.000Z",
					  "2000-01-01T00:00:00.000Z", 100, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_write(f->db, anonymise_tx, &b), ERR_OK);
	snprintf(future, sizeof(future), "2999-01-01T00:00:00.000Z");
	assert_int_equal(store_photos_due(f->db, &f->ar, future, "2000-01-01T00:00:00.000Z", 100,
					  &rows, &n), ERR_OK);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		assert_true(strcmp(rows[i].token, pending) == 0 ||
			    strcmp(rows[i].token, gone[0]) == 0);
		assert_int_equal(db_write(f->db, delete_tx, &rows[i].id), ERR_OK);
	}
	assert_int_equal(store_photos_due(f->db, &f->ar, future, "2000-01-01T00:00:00.000Z", 100,
					  &rows, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_photos_of_signal(f->db, &f->ar, a, &rows, &n), ERR_OK);
	assert_int_equal(n, 1);
	/* closed long enough ago, contact data or not */
	snprintf(sql, sizeof(sql),
		 "UPDATE signals SET closed_at = '2001-01-01T00:00:00.000Z' WHERE id = %lld",
		 (long long)a);
	assert_int_equal(db_exec(f->db, sql, msg, sizeof(msg)), ERR_OK);
	assert_int_equal(store_photos_due(f->db, &f->ar, "2000-01-01T00:00:00.000Z",
					  "2000-12-31T00:00:00.000Z", 100, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_photos_due(f->db, &f->ar, "2000-01-01T00:00:00.000Z",
					  "2001-06-01T00:00:00.000Z", 100, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].token, kept[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_publish, setup, teardown),
		cmocka_unit_test_setup_teardown(test_due, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
