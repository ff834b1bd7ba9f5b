/* photo: a resident's photos with a signal (issue 17; docs/photos.md).
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Upload: the bytes are checked by decoding, never by name or content
 * type, and re-encoded (media/image.c: a display version and a
 * thumbnail, JPEG without EXIF, GPS or any other metadata); the files are
 * written durably, then the row (store/photo.h), unattached.  The
 * intake attaches up to PHOTO_MAX by token in its own transaction
 * (signal_new.photos).  Who may see a photo: whoever holds its private
 * address (given only to those who may see the signal: the resident's
 * tracking page and API answer, the professionals' signal page), and
 * everyone at its public address while a professional of an involved
 * organisation shows it on the kwestie page (photo_publish).  Retention
 * deletes files and rows with the contact data, and uploads never
 * attached after a day (photo_retention). */
#ifndef WA_APP_PHOTO_H
#define WA_APP_PHOTO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/actor.h"
#include "base/arena.h"
#include "base/err.h"
#include "domain/fields.h"
#include "store/db.h"
#include "store/photo.h"

struct app;

/* Decode, re-encode and store one photo; ERR_OK with *out (the row, in
 * ar).  ERR_INVALID / ERR_TOO_LARGE / ERR_UNSUPPORTED with *msg, a msgid
 * for the resident (translate with _()); ERR_UNSUPPORTED also when this
 * server keeps no photos (app->photo_dir NULL); ERR_INTERNAL or ERR_BUSY:
 * nothing kept. */
enum err photo_upload(const struct app *app, struct db *db, struct arena *ar,
		      const void *data, size_t len, struct photo_row *out,
		      const char **msg);
/* Are tokens (at most PHOTO_MAX) uploads of this municipality that no
 * signal holds yet?  Adds a field error "photo" for each that is not;
 * returns the number added (0 also on a read failure: the intake's own
 * transaction checks again). */
size_t photo_check_pending(const struct app *app, struct db *db,
			   struct arena *ar, const char *const *tokens,
			   size_t n, struct field_errors *errs);
/* Show (public) or withdraw photo position (1..PHOTO_MAX) of signal_id on
 * the kwestie page, with an audit row; the caller checked that who may
 * work on the signal.  ERR_NOT_FOUND: no such photo. */
enum err photo_publish(struct db *db, const struct actor *who,
		       int64_t signal_id, int position, bool public);
/* A photo's answer: the file (display or thumbnail) of a photo found by
 * its private token, or, when public is set, by its public token (only
 * while shown).  ERR_NOT_FOUND for anything else. */
enum err photo_file(const struct app *app, struct db *db, struct arena *ar,
		    const char *token, bool public, bool thumb,
		    struct buf *out);
/* Retention: delete the files, then the rows, of the photos of signals
 * closed before closed_before or whose contact data are blanked, and of
 * uploads left unattached for PHOTO_PENDING_SECONDS; *deleted counts
 * them. */
enum err photo_retention(const char *dir, struct db *db,
			 const char *closed_before, int64_t *deleted);

#endif
