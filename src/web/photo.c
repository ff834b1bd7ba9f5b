/* photo: see photo.h.  SPDX-License-Identifier: EUPL-1.2
 *
 * Addresses: /foto/{token}.jpg and /foto/klein/{token}.jpg (private: the
 * token is a capability, shown only to those who may see the signal;
 * cached by the browser only), /foto/openbaar/{token}.jpg and
 * /foto/openbaar/klein/{token}.jpg (while a professional shows the photo
 * on the kwestie page; cached by anyone).  A file never changes under its
 * address: both are cached for a year, immutable. */
#include "photo.h"

#include <string.h>

#include "app/app.h"
#include "app/photo.h"
#include "base/ratelimit.h"
#include "base/token.h"
#include "http/multipart.h"
#include "i18n/i18n.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/web.h"

static bool listed(const struct form *f, const char *key, const char *value)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (strcmp(f->fields[i].key, key) == 0 &&
		    strcmp(f->fields[i].value, value) == 0)
			return true;
	return false;
}

size_t web_photos_take(struct http_req *req, const char *field,
		       struct signal_input *in, struct field_errors *errs)
{
	const struct form *f = web_form(req);
	const struct multipart *m = req->body_parts;
	const char *kept[FORM_MAX_FIELDS];
	size_t nkept = 0, nnew = 0, before = errs->n;
	int retry;

	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].key, field) == 0 &&
		    !listed(f, "foto_weg", f->fields[i].value) &&
		    nkept < FORM_MAX_FIELDS)
			kept[nkept++] = f->fields[i].value;
	for (size_t i = 0; m && i < m->nparts; i++)
		if (m->parts[i].filename && strcmp(m->parts[i].name, "photo") == 0 &&
		    m->parts[i].len) /* an empty file field sends an empty part */
			nnew++;
	in->nphotos = 0;
	if (nkept + nnew > SIGNAL_PHOTOS_MAX) {
		field_errors_add(errs, "photo", N_("hoogstens 3 foto's"));
		/* keep the earlier ones (they were checked when sent) */
		for (size_t i = 0; i < nkept && i < SIGNAL_PHOTOS_MAX; i++)
			in->photos[in->nphotos++] = kept[i];
		return errs->n - before;
	}
	for (size_t i = 0; i < nkept; i++)
		in->photos[in->nphotos++] = kept[i];
	if (!nnew)
		return 0;
	/* decoding is the costly part: the intake's limit counts it */
	if (req->app->rl_intake &&
	    !ratelimit_take(req->app->rl_intake, req->client, &retry)) {
		field_errors_add(errs, "photo",
				 N_("u stuurde in korte tijd veel foto's; "
				    "probeer het zo opnieuw"));
		return errs->n - before;
	}
	for (size_t i = 0; i < m->nparts; i++) {
		const struct multipart_part *part = &m->parts[i];
		struct photo_row row;
		const char *msg;

		if (!part->filename || strcmp(part->name, "photo") != 0 ||
		    !part->len)
			continue;
		if (photo_upload(req->app, store_thread_db(), req->arena,
				 part->data, part->len, &row, &msg) != ERR_OK) {
			field_errors_add(errs, "photo", msg);
			break;
		}
		in->photos[in->nphotos++] = row.token;
	}
	return errs->n - before;
}

static json_t *photo_json(const struct photo_row *p)
{
	return json_pack("{s:o, s:o, s:b, s:i, s:i}", "url",
			 json_sprintf("/foto/%s.jpg", p->token), "thumbnail_url",
			 json_sprintf("/foto/klein/%s.jpg", p->token), "public",
			 p->public_token != NULL, "width", p->width, "height",
			 p->height);
}

json_t *web_photos_json(const struct photo_row *p, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, photo_json(&p[i]));
	return a;
}

/* --- the files ----------------------------------------------------------- */

static void serve(struct http_req *req, struct http_resp *resp, bool public,
		  bool thumb)
{
	const char *token = http_param(req, "token");
	struct db *db;
	enum err e;

	if (!token_valid(token)) {
		web_html_error(req, resp, 404, _("Deze foto bestaat niet."));
		return;
	}
	if (!(db = web_db(req, resp, 0)))
		return;
	e = photo_file(req->app, db, req->arena, token, public, thumb, &resp->body);
	if (e != ERR_OK) {
		buf_reset(&resp->body);
		web_html_error(req, resp, e == ERR_NOT_FOUND ? 404 : 503,
			       e == ERR_NOT_FOUND
				       ? _("Deze foto bestaat niet (meer).")
				       : _("De foto is even niet te lezen. "
					   "Probeer het zo opnieuw."));
		return;
	}
	resp->status = 200;
	resp->content_type = "image/jpeg";
	/* the address names the file, which never changes: its own tag */
	http_resp_header(resp, "ETag",
			 arena_printf(req->arena, "\"%s%s\"", token,
				      thumb ? "-k" : "-g"));
	http_resp_header(resp, "Cache-Control",
			 public ? "public, max-age=31536000, immutable"
				: "private, max-age=31536000, immutable");
}

void web_photo_get(struct http_req *req, struct http_resp *resp)
{
	serve(req, resp, false, false);
}

void web_photo_thumb(struct http_req *req, struct http_resp *resp)
{
	serve(req, resp, false, true);
}

void web_photo_public(struct http_req *req, struct http_resp *resp)
{
	serve(req, resp, true, false);
}

void web_photo_public_thumb(struct http_req *req, struct http_resp *resp)
{
	serve(req, resp, true, true);
}

/* --- POST /api/v1/photos -------------------------------------------------- */

/* One photo, as the whole body (image/jpeg, image/png, image/webp: the
 * type is not trusted, the bytes are decoded) or as the one part named
 * photo of a multipart body; 201 with its addresses, for a signal
 * (JSON "photos") or an Open311 request (media_url) to name. */
void web_api_photo_create(struct http_req *req, struct http_resp *resp)
{
	const char *type = http_media_type(req), *msg = NULL;
	const void *data = NULL;
	size_t len = 0;
	struct photo_row row;
	int retry;
	enum err e;

	resp->no_store = true;
	if (strcmp(type, "multipart/form-data") == 0) {
		const struct multipart *m = web_parts(req, &msg);

		if (!m) {
			web_json_error(resp, 400, _(msg), NULL);
			return;
		}
		for (size_t i = 0; i < m->nparts; i++)
			if (strcmp(m->parts[i].name, "photo") == 0) {
				if (data) {
					web_json_error(resp, 400,
						       _("Stuur één foto per verzoek."),
						       NULL);
					return;
				}
				data = m->parts[i].data;
				len = m->parts[i].len;
			}
	} else if (strcmp(type, "image/jpeg") == 0 ||
		   strcmp(type, "image/png") == 0 ||
		   strcmp(type, "image/webp") == 0) {
		data = req->body;
		len = req->body_len;
	} else {
		web_json_error(resp, 415,
			       _("Stuur de foto als image/jpeg, image/png of "
				 "image/webp, of als deel \"photo\" van "
				 "multipart/form-data."),
			       NULL);
		return;
	}
	if (!data || !len) {
		web_json_error(resp, 400, _("Er zit geen foto in het verzoek."), NULL);
		return;
	}
	if (req->app->rl_intake &&
	    !ratelimit_take(req->app->rl_intake, req->client, &retry)) {
		http_resp_header(resp, "Retry-After",
				 arena_printf(req->arena, "%d", retry));
		web_json_error(resp, 429,
			       _("U heeft in korte tijd veel foto's gestuurd. "
				 "Wacht even en probeer het dan opnieuw."),
			       NULL);
		return;
	}
	e = photo_upload(req->app, store_thread_db(), req->arena, data, len,
			 &row, &msg);
	if (e != ERR_OK) {
		web_json_error(resp, http_status_for(e), _(msg), NULL);
		return;
	}
	http_resp_header(resp, "Location",
			 arena_printf(req->arena, "/foto/%s.jpg", row.token));
	web_json(resp, 201,
		 json_pack("{s:s, s:o, s:o, s:s, s:i, s:i}", "token", row.token,
			   "url", json_sprintf("%s/foto/%s.jpg", req->app->base_url,
					       row.token),
			   "thumbnail_url",
			   json_sprintf("%s/foto/klein/%s.jpg", req->app->base_url,
					row.token),
			   "source", row.source, "width", row.width, "height",
			   row.height));
}

/* --- a professional shows or withdraws a photo ---------------------------- */

/* POST /werk/meldingen/{id}/fotos: foto (the position), openbaar (1 or
 * 0); the gate checked AZ_SIGNAL_WORK and the CSRF token. */
void web_werk_photo_publish(struct http_req *req, struct http_resp *resp)
{
	int64_t id = web_param_id(req, "id");
	const struct form *f = web_form(req);
	const char *pos = form_get(f, "foto"), *show = form_get(f, "openbaar");
	struct db *db;
	enum err e;

	resp->no_store = true;
	if (!pos || !show || strlen(pos) != 1 || pos[0] < '1' ||
	    pos[0] > '0' + SIGNAL_PHOTOS_MAX ||
	    (strcmp(show, "1") != 0 && strcmp(show, "0") != 0)) {
		web_html_error(req, resp, 400, _("Deze keuze bestaat niet."));
		return;
	}
	if (!(db = web_db(req, resp, 0)))
		return;
	e = photo_publish(db, auth_actor(req), id, pos[0] - '0', show[0] == '1');
	if (e != ERR_OK) {
		web_html_error(req, resp, e == ERR_NOT_FOUND ? 404 : 503,
			       e == ERR_NOT_FOUND ? _("Deze foto bestaat niet.")
						  : _("Er ging iets mis. Probeer "
						      "het zo opnieuw."));
		return;
	}
	resp->status = 303;
	http_resp_header(resp, "Location",
			 arena_printf(req->arena, "/werk/meldingen/%lld#fotos",
				      (long long)id));
}
