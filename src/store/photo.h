/* photo: the storage of residents' photos (table signal_photos, migration
 * 022; docs/photos.md): the rows, and the files beside the database.
 * SPDX-License-Identifier: EUPL-1.2
 *
 * A photo's two files (the display version and the thumbnail, re-encoded
 * by media/image.c) live under a directory of their own, named by the
 * photo's token: DIR/ab/abcdef....jpg and DIR/ab/abcdef...-t.jpg (the
 * first two characters of the token spread them over 4,096 directories).
 * A file is written whole or not at all: to a temporary name, fsync,
 * rename, fsync of the directory, before the row that names it is
 * committed; a file without a row (a crash in between) is never served
 * and never listed.  Deleting goes the other way round: the files first,
 * then the rows (retention: a crash in between leaves a row whose files
 * are gone, which answers 404 and is deleted on the next run, never a
 * resident's photo kept past its time).
 *
 * No function here begins a transaction except where it says so. */
#ifndef WA_STORE_PHOTO_H
#define WA_STORE_PHOTO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "domain/signal.h"
#include "store/db.h"

#define PHOTO_MAX SIGNAL_PHOTOS_MAX /* photos with one signal */
/* An uploaded photo not attached to a signal within this long is removed
 * by retention. */
#define PHOTO_PENDING_SECONDS 86400

struct photo_row {
	int64_t id;
	char *municipality, *token, *public_token; /* public_token: NULL */
	int64_t signal_id;			  /* 0: not attached yet */
	int position;				  /* 1..PHOTO_MAX; 0 */
	char *source;				  /* jpeg, png, webp */
	int width, height, thumb_width, thumb_height;
	int64_t bytes, thumb_bytes;
	char *created_at, *published_at, *published_by;
};

/* The files.  dir must exist (photo_files_prepare makes it). */
int photo_files_prepare(const char *dir, char *msg, size_t msglen);
/* Write both files durably (see above); 0, or -1 with a message (nothing
 * left behind). */
int photo_files_write(const char *dir, const char *token, const void *display,
		      size_t display_len, const void *thumb, size_t thumb_len,
		      char *msg, size_t msglen);
/* Read one of them into out (buf_init'ed by the caller); ERR_NOT_FOUND
 * when it is gone. */
enum err photo_files_read(const char *dir, const char *token, bool thumb,
			  struct buf *out);
/* Remove both; a file already gone is no error.  0 or -1 (logged). */
int photo_files_delete(const char *dir, const char *token);

/* A new, unattached photo (p->signal_id 0); its own write transaction. */
enum err store_photo_add(struct db *db, const struct photo_row *p, int64_t *id);
enum err store_photo_by_token(struct db *db, struct arena *ar,
			      const char *token, struct photo_row *out);
enum err store_photo_by_public(struct db *db, struct arena *ar,
			       const char *public_token, struct photo_row *out);
/* The photos of a signal by position. */
enum err store_photos_of_signal(struct db *db, struct arena *ar,
				int64_t signal_id, struct photo_row **out,
				size_t *n);
/* The public photos of the signals of a kwestie, oldest signal first, at
 * most max. */
enum err store_photos_public_of_kwestie(struct db *db, struct arena *ar,
					int64_t kwestie_id, size_t max,
					struct photo_row **out, size_t *n);
/* The public photos of the signals with ids lo..hi, by signal and
 * position, at most PHOTO_SPAN_MAX (Open311's media_url of a page). */
#define PHOTO_SPAN_MAX 3000
enum err store_photos_public_between(struct db *db, struct arena *ar,
				     int64_t lo, int64_t hi,
				     struct photo_row **out, size_t *n);
/* Inside the intake's transaction: attach the unattached photo token of
 * municipality to signal_id at position; ERR_NOT_FOUND when it is gone
 * or attached already. */
enum err store_photo_attach(struct db *db, const char *municipality,
			    const char *token, int64_t signal_id, int position);
/* Show (public_token set) or withdraw (NULL) a photo; in tx. */
enum err store_photo_publish(struct db *db, int64_t id, const char *public_token,
			     const char *now, const char *by);
/* What retention removes: photos left unattached since before
 * pending_before, the photos of signals closed before closed_before
 * (with or without contact data), and those of signals whose contact
 * data were blanked (the resident's erasure too); at most max. */
enum err store_photos_due(struct db *db, struct arena *ar,
			  const char *pending_before, const char *closed_before,
			  size_t max, struct photo_row **out, size_t *n);
/* Delete the rows of photos (after their files); in tx. */
enum err store_photo_delete(struct db *db, int64_t id);

#endif
