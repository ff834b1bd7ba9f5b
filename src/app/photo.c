/* photo: see photo.h.  SPDX-License-Identifier: EUPL-1.2 */
#include "photo.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/audit.h"
#include "base/log.h"
#include "base/token.h"
#include "i18n/i18n.h"
#include "media/image.h"
#include "store/store.h"

static const char *source_name(enum image_type t)
{
	switch (t) {
	case IMAGE_PNG:
		return "png";
	case IMAGE_WEBP:
		return "webp";
	default:
		return "jpeg";
	}
}

enum err photo_upload(const struct app *app, struct db *db, struct arena *ar,
		      const void *data, size_t len, struct photo_row *out,
		      const char **msg)
{
	struct image_result img;
	char *token, now[32], why[256];
	enum err e;

	memset(out, 0, sizeof(*out));
	*msg = N_("De foto kon niet worden opgeslagen.");
	if (!app->photo_dir) {
		*msg = N_("Deze server bewaart geen foto's.");
		return ERR_UNSUPPORTED;
	}
	/* image_process refuses what is too large or not a photo */
	if ((e = image_process(data, len, &img, msg)) != ERR_OK)
		return e;
	token = arena_alloc(ar, TOKEN_LEN + 1);
	token_new(token);
	if (photo_files_write(app->photo_dir, token, img.display.data,
			      img.display.len, img.thumb.data, img.thumb.len, why,
			      sizeof(why)) != 0) {
		log_event("error", "photo_store", "error", why);
		image_result_release(&img);
		*msg = N_("De foto kon niet worden opgeslagen.");
		return ERR_INTERNAL;
	}
	store_now(now, sizeof(now));
	out->municipality = (char *)app->municipality;
	out->token = token;
	out->source = (char *)source_name(img.source);
	out->width = (int)img.width;
	out->height = (int)img.height;
	out->thumb_width = (int)img.thumb_width;
	out->thumb_height = (int)img.thumb_height;
	out->bytes = (int64_t)img.display.len;
	out->thumb_bytes = (int64_t)img.thumb.len;
	out->created_at = arena_strdup(ar, now);
	image_result_release(&img);
	if ((e = store_photo_add(db, out, &out->id)) != ERR_OK) {
		/* no row names them: nothing may be left behind */
		photo_files_delete(app->photo_dir, token);
		*msg = N_("De foto kon niet worden opgeslagen.");
	}
	return e;
}

size_t photo_check_pending(const struct app *app, struct db *db,
			   struct arena *ar, const char *const *tokens,
			   size_t n, struct field_errors *errs)
{
	size_t bad = 0;

	if (n > PHOTO_MAX) {
		field_errors_add(errs, "photo", N_("hoogstens 3 foto's"));
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		struct photo_row p;
		enum err e = token_valid(tokens[i])
				     ? store_photo_by_token(db, ar, tokens[i], &p)
				     : ERR_NOT_FOUND;

		if (e == ERR_OK &&
		    (p.signal_id || !app_is_here(app, p.municipality)))
			e = ERR_NOT_FOUND;
		for (size_t j = 0; e == ERR_OK && j < i; j++)
			if (strcmp(tokens[j], tokens[i]) == 0)
				e = ERR_NOT_FOUND;
		if (e == ERR_NOT_FOUND) {
			field_errors_add(errs, "photo",
					 N_("is niet meer bekend; voeg de foto "
					    "opnieuw toe"));
			bad++;
		}
	}
	return bad;
}

struct publish {
	const struct actor *who;
	int64_t signal_id;
	int position;
	bool public;
};

static enum err publish_tx(struct db *db, void *ctx)
{
	struct publish *p = ctx;
	struct arena ar;
	struct photo_row *rows, *hit = NULL;
	char now[32], fresh[TOKEN_LEN + 1];
	size_t n;
	enum err e;

	arena_init(&ar);
	e = store_photos_of_signal(db, &ar, p->signal_id, &rows, &n);

	for (size_t i = 0; e == ERR_OK && i < n; i++)
		if (rows[i].position == p->position)
			hit = &rows[i];
	if (e == ERR_OK && !hit)
		e = ERR_NOT_FOUND;
	/* nothing to do when it is as asked: no audit row either */
	if (e == ERR_OK && (hit->public_token != NULL) != p->public) {
		store_now(now, sizeof(now));
		token_new(fresh);
		e = store_photo_publish(db, hit->id, p->public ? fresh : NULL,
					now, p->who->label);
		if (e == ERR_OK)
			e = app_audit(db, p->who,
				      p->public ? "photo.publish" : "photo.withdraw",
				      "signal", p->signal_id,
				      json_pack("{s:i}", "position", p->position));
		/* on its own municipality's answers alone */
		e = db_end_in(db, hit->municipality, e);
	}
	arena_clear(&ar);
	return e;
}

enum err photo_publish(struct db *db, const struct actor *who,
		       int64_t signal_id, int position, bool public)
{
	struct publish p = {who, signal_id, position, public};

	if (position < 1 || position > PHOTO_MAX)
		return ERR_NOT_FOUND;
	return db_write(db, publish_tx, &p);
}

enum err photo_file(const struct app *app, struct db *db, struct arena *ar,
		    const char *token, bool public, bool thumb,
		    struct buf *out)
{
	struct photo_row p;
	enum err e;

	if (!app->photo_dir || !token_valid(token))
		return ERR_NOT_FOUND;
	e = public ? store_photo_by_public(db, ar, token, &p)
		   : store_photo_by_token(db, ar, token, &p);
	if (e != ERR_OK)
		return e;
	/* a photo is seen only through its own municipality's site */
	if (!app_is_here(app, p.municipality))
		return ERR_NOT_FOUND;
	return photo_files_read(app->photo_dir, p.token, thumb, out);
}

#define RETENTION_BATCH 500

struct purge {
	const struct photo_row *rows;
	size_t n;
};

static enum err purge_tx(struct db *db, void *ctx)
{
	struct purge *p = ctx;
	enum err e = ERR_OK;

	for (size_t i = 0; e == ERR_OK && i < p->n; i++)
		e = store_photo_delete(db, p->rows[i].id);
	return e;
}

enum err photo_retention(const char *dir, struct db *db,
			 const char *closed_before, int64_t *deleted)
{
	char before[32];
	enum err e = ERR_OK;

	*deleted = 0;
	if (!dir)
		return ERR_OK;
	store_time_ago(before, sizeof(before), PHOTO_PENDING_SECONDS);
	for (;;) {
		struct arena ar;
		struct purge p = {NULL, 0};
		struct photo_row *rows;

		arena_init(&ar);
		e = store_photos_due(db, &ar, before, closed_before,
				     RETENTION_BATCH, &rows, &p.n);
		p.rows = rows;
		/* the files first: a crash after this leaves rows without
		 * files (404, deleted next time), never files kept */
		for (size_t i = 0; e == ERR_OK && i < p.n; i++)
			photo_files_delete(dir, rows[i].token);
		if (e == ERR_OK && p.n)
			e = db_write(db, purge_tx, &p);
		if (e == ERR_OK)
			*deleted += (int64_t)p.n;
		arena_clear(&ar);
		if (e != ERR_OK || p.n < RETENTION_BATCH)
			break;
	}
	return e;
}
