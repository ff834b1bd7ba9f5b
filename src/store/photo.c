/* photo: see photo.h.  SPDX-License-Identifier: EUPL-1.2 */
#include "photo.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"

/* --- the files ----------------------------------------------------------- */

static void file_path(char *out, size_t outlen, const char *dir,
		      const char *token, bool thumb, const char *suffix)
{
	snprintf(out, outlen, "%s/%.2s/%s%s.jpg%s", dir, token, token,
		 thumb ? "-t" : "", suffix);
}

int photo_files_prepare(const char *dir, char *msg, size_t msglen)
{
	struct stat sb;
	char path[4096];

	/* its parents too (var/ of var/fotos on a fresh checkout) */
	snprintf(path, sizeof(path), "%s", dir);
	for (char *p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(path, 0750) != 0 && errno != EEXIST)
				break;
			*p = '/';
		}
	if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
		snprintf(msg, msglen, "cannot make the photo directory %s: %s",
			 dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
	    access(dir, W_OK | X_OK) != 0) {
		snprintf(msg, msglen, "the photo directory %s is not a writable "
				      "directory", dir);
		return -1;
	}
	return 0;
}

static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

/* One file whole or not at all: a temporary name, fsync, rename. */
static int write_one(const char *dir, const char *token, bool thumb,
		     const void *data, size_t len)
{
	char tmp[4096], path[4096];
	const char *p = data;
	int fd;

	file_path(tmp, sizeof(tmp), dir, token, thumb, ".tmp");
	file_path(path, sizeof(path), dir, token, thumb, "");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		len -= (size_t)w;
	}
	if (len || fsync(fd) != 0) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int photo_files_write(const char *dir, const char *token, const void *display,
		      size_t display_len, const void *thumb, size_t thumb_len,
		      char *msg, size_t msglen)
{
	char sub[4096];

	snprintf(sub, sizeof(sub), "%s/%.2s", dir, token);
	if (mkdir(sub, 0750) == 0)
		sync_dir(dir);
	else if (errno != EEXIST)
		goto fail;
	if (write_one(dir, token, false, display, display_len) != 0)
		goto fail;
	if (write_one(dir, token, true, thumb, thumb_len) != 0) {
		photo_files_delete(dir, token);
		goto fail;
	}
	if (sync_dir(sub) != 0) {
		photo_files_delete(dir, token);
		goto fail;
	}
	return 0;
fail:
	snprintf(msg, msglen, "cannot store a photo under %s: %s", dir,
		 strerror(errno));
	return -1;
}

enum err photo_files_read(const char *dir, const char *token, bool thumb,
			  struct buf *out)
{
	char path[4096], chunk[65536];
	int fd;
	ssize_t r;

	file_path(path, sizeof(path), dir, token, thumb, "");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? ERR_NOT_FOUND : ERR_INTERNAL;
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		buf_add(out, chunk, (size_t)r);
	}
	close(fd);
	return r == 0 && !out->overflow ? ERR_OK : ERR_INTERNAL;
}

int photo_files_delete(const char *dir, const char *token)
{
	char path[4096];
	int status = 0;

	for (int t = 0; t < 2; t++) {
		file_path(path, sizeof(path), dir, token, t == 1, "");
		if (unlink(path) != 0 && errno != ENOENT) {
			log_event("error", "photo_delete", "path", path, "error",
				  strerror(errno));
			status = -1;
		}
	}
	return status;
}

/* --- the rows ------------------------------------------------------------ */

#define PHOTO_COLS                                                             \
	"p.id, p.municipality, p.token, p.public_token, p.signal_id,"          \
	" p.position, p.source, p.width, p.height, p.thumb_width,"             \
	" p.thumb_height, p.bytes, p.thumb_bytes, p.created_at,"               \
	" p.published_at, p.published_by"

static const char sql_insert[] =
	"INSERT INTO signal_photos (municipality, token, source, width, height,"
	" thumb_width, thumb_height, bytes, thumb_bytes, created_at)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
static const char sql_by_token[] =
	"SELECT " PHOTO_COLS " FROM signal_photos p WHERE p.token = $1";
static const char sql_by_public[] =
	"SELECT " PHOTO_COLS " FROM signal_photos p WHERE p.public_token = $1";
static const char sql_of_signal[] =
	"SELECT " PHOTO_COLS " FROM signal_photos p WHERE p.signal_id = $1"
	" ORDER BY p.position";
static const char sql_public_of_kwestie[] =
	"SELECT " PHOTO_COLS " FROM kwestie_signals ks"
	" JOIN signal_photos p ON p.signal_id = ks.signal_id"
	" WHERE ks.kwestie_id = $1 AND p.public_token IS NOT NULL"
	" ORDER BY p.signal_id, p.position LIMIT $2";
static const char sql_public_between[] =
	"SELECT " PHOTO_COLS " FROM signal_photos p"
	" WHERE p.signal_id BETWEEN $1 AND $2 AND p.public_token IS NOT NULL"
	" ORDER BY p.signal_id, p.position LIMIT $3";
static const char sql_attach[] =
	"UPDATE signal_photos SET signal_id = $3, position = $4"
	" WHERE token = $2 AND municipality = $1 AND signal_id IS NULL";
static const char sql_publish[] =
	"UPDATE signal_photos SET public_token = $2, published_at = $3,"
	" published_by = $4 WHERE id = $1";
static const char sql_due[] =
	"SELECT " PHOTO_COLS " FROM signal_photos p"
	" WHERE p.signal_id IS NULL AND p.created_at < $1"
	" UNION SELECT " PHOTO_COLS " FROM signal_photos p"
	" JOIN signals s ON s.id = p.signal_id"
	" WHERE s.closed_at IS NOT NULL AND s.closed_at < $2"
	" UNION SELECT " PHOTO_COLS " FROM signal_photos p"
	" JOIN signal_contacts c ON c.signal_id = p.signal_id"
	" WHERE c.anonymised_at IS NOT NULL LIMIT $3";
static const char sql_delete[] = "DELETE FROM signal_photos WHERE id = $1";

static void photo_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct photo_row *p = row;

	p->id = db_col_int(st, 0);
	p->municipality = db_col_dup(ar, st, 1);
	p->token = db_col_dup(ar, st, 2);
	p->public_token = db_col_dup(ar, st, 3);
	p->signal_id = db_col_id(st, 4);
	p->position = (int)db_col_int(st, 5);
	p->source = db_col_dup(ar, st, 6);
	p->width = (int)db_col_int(st, 7);
	p->height = (int)db_col_int(st, 8);
	p->thumb_width = (int)db_col_int(st, 9);
	p->thumb_height = (int)db_col_int(st, 10);
	p->bytes = db_col_int(st, 11);
	p->thumb_bytes = db_col_int(st, 12);
	p->created_at = db_col_dup(ar, st, 13);
	p->published_at = db_col_dup(ar, st, 14);
	p->published_by = db_col_dup(ar, st, 15);
}

struct add_ctx {
	const struct photo_row *p;
	int64_t *id;
};

static enum err add_tx(struct db *db, void *ctx)
{
	struct add_ctx *c = ctx;
	struct db_stmt *st = db_prepare(db, sql_insert);

	db_bind_text(st, 1, c->p->municipality);
	db_bind_text(st, 2, c->p->token);
	db_bind_text(st, 3, c->p->source);
	db_bind_int(st, 4, c->p->width);
	db_bind_int(st, 5, c->p->height);
	db_bind_int(st, 6, c->p->thumb_width);
	db_bind_int(st, 7, c->p->thumb_height);
	db_bind_int(st, 8, c->p->bytes);
	db_bind_int(st, 9, c->p->thumb_bytes);
	db_bind_text(st, 10, c->p->created_at);
	return db_run_returning(db, st, c->id);
}

enum err store_photo_add(struct db *db, const struct photo_row *p, int64_t *id)
{
	struct add_ctx c = {p, id};

	return db_write(db, add_tx, &c);
}

static enum err one(struct db *db, struct arena *ar, const char *sql,
		    const char *key, struct photo_row *out)
{
	struct db_stmt *st = db_prepare(db, sql);

	db_bind_text(st, 1, key);
	return db_get_one(db, st, ar, photo_read, out);
}

enum err store_photo_by_token(struct db *db, struct arena *ar,
			      const char *token, struct photo_row *out)
{
	return one(db, ar, sql_by_token, token, out);
}

enum err store_photo_by_public(struct db *db, struct arena *ar,
			       const char *public_token, struct photo_row *out)
{
	return one(db, ar, sql_by_public, public_token, out);
}

static enum err list(struct db *db, struct db_stmt *st, struct arena *ar,
		     struct photo_row **out, size_t *n)
{
	struct db_rows rows;
	enum err e = db_list(db, st, ar, sizeof(**out), photo_read, &rows);

	*out = rows.v;
	*n = rows.n;
	return e;
}

enum err store_photos_of_signal(struct db *db, struct arena *ar,
				int64_t signal_id, struct photo_row **out,
				size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_of_signal);

	db_bind_int(st, 1, signal_id);
	return list(db, st, ar, out, n);
}

enum err store_photos_public_of_kwestie(struct db *db, struct arena *ar,
					int64_t kwestie_id, size_t max,
					struct photo_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_public_of_kwestie);

	db_bind_int(st, 1, kwestie_id);
	db_bind_int(st, 2, (int64_t)max);
	return list(db, st, ar, out, n);
}

enum err store_photos_public_between(struct db *db, struct arena *ar,
				     int64_t lo, int64_t hi,
				     struct photo_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_public_between);

	db_bind_int(st, 1, lo);
	db_bind_int(st, 2, hi);
	db_bind_int(st, 3, PHOTO_SPAN_MAX);
	return list(db, st, ar, out, n);
}

enum err store_photo_attach(struct db *db, const char *municipality,
			    const char *token, int64_t signal_id, int position)
{
	struct db_stmt *st = db_prepare(db, sql_attach);

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, token);
	db_bind_int(st, 3, signal_id);
	db_bind_int(st, 4, position);
	return db_run(db, st, true);
}

enum err store_photo_publish(struct db *db, int64_t id, const char *public_token,
			     const char *now, const char *by)
{
	struct db_stmt *st = db_prepare(db, sql_publish);

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, public_token);
	db_bind_text(st, 3, public_token ? now : NULL);
	db_bind_text(st, 4, public_token ? by : NULL);
	return db_run(db, st, true);
}

enum err store_photos_due(struct db *db, struct arena *ar,
			  const char *pending_before, const char *closed_before,
			  size_t max, struct photo_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_due);

	db_bind_text(st, 1, pending_before);
	db_bind_text(st, 2, closed_before);
	db_bind_int(st, 3, (int64_t)max);
	return list(db, st, ar, out, n);
}

enum err store_photo_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql_delete);

	db_bind_int(st, 1, id);
	return db_run(db, st, false);
}
