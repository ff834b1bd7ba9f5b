/* photo: the web side of residents' photos (app/photo.h; docs/photos.md).
 * SPDX-License-Identifier: EUPL-1.2 */
#ifndef WA_WEB_PHOTO_H
#define WA_WEB_PHOTO_H
#include <jansson.h>
#include <stddef.h>

#include "domain/fields.h"
#include "domain/signal.h"
#include "http/http.h"
#include "store/photo.h"

/* The body limit of a multipart/form-data POST to a route that takes
 * photos (routes.c: the form, the API, Open311, the upload): three of
 * 10 MB and the form's fields. */
#define WEB_PHOTO_MAX_BODY ((size_t)31 << 20)
/* One photo on its own (POST /api/v1/photos). */
#define WEB_PHOTO_ONE_MAX_BODY (((size_t)10 << 20) + ((size_t)64 << 10))

/* The photos of a report: the tokens of those uploaded at an earlier
 * step (form fields named field, less those in "foto_weg") and the file parts
 * named "photo" of a multipart body, each decoded and stored
 * (photo_upload), into in->photos.  Returns the number of field errors
 * added ("photo": too many, not a photo, too large); the photos stored
 * before an error stay in in->photos, so the form shown again keeps
 * them. */
size_t web_photos_take(struct http_req *req, const char *field,
		       struct signal_input *in, struct field_errors *errs);
/* "photos": [{"url", "thumbnail_url", "public"}] of a signal's photos,
 * for the token holder. */
json_t *web_photos_json(const struct photo_row *p, size_t n);

void web_photo_get(struct http_req *req, struct http_resp *resp);
void web_photo_thumb(struct http_req *req, struct http_resp *resp);
void web_photo_public(struct http_req *req, struct http_resp *resp);
void web_photo_public_thumb(struct http_req *req, struct http_resp *resp);
void web_api_photo_create(struct http_req *req, struct http_resp *resp);
void web_werk_photo_publish(struct http_req *req, struct http_resp *resp);

#endif
