/* photo: residents' photos on the pages (docs/photos.md): the resident's
 * own (private addresses), a professional's with the choice to show each
 * on the kwestie page, and the public ones of a kwestie.  Thumbnails link
 * to the display version; every image has its width and height, so the
 * page does not jump while they load.  SPDX-License-Identifier: EUPL-1.2 */
#ifndef WA_VIEWS_PHOTO_H
#define WA_VIEWS_PHOTO_H
#include <stddef.h>
#include <stdint.h>

#include "html/html.h"
#include "store/photo.h"

/* The photos of the resident's own signal (the tracking page). */
void view_photos_own(struct html *out, const struct photo_row *p, size_t n);
/* A professional's: each with "show on the kwestie page" or "withdraw"
 * (POST /werk/meldingen/{id}/fotos). */
void view_photos_werk(struct html *out, int64_t signal_id, const char *csrf,
		      const struct photo_row *p, size_t n);
/* The kwestie page's: the public ones only, at their public addresses. */
void view_photos_public(struct html *out, const struct photo_row *p, size_t n);

#endif
