/* json_body: the one reader of JSON request bodies (web.h): the media
 * type, strict parsing (duplicate keys refused, line and column for
 * malformed JSON), one object, and the keys a handler allows.  Its own
 * file so that tests/fuzz/fuzz_json_intake.c runs it as the server does. */
#include <stdbool.h>
#include <string.h>

#include "i18n/i18n.h"
#include "web/web.h"

const char *web_printable_key(struct http_req *req, const char *key)
{
	size_t n = 0;

	for (; key[n]; n++)
		if (key[n] < ' ' || key[n] > '~' || n >= 64)
			return "?";
	return arena_strdup(req->arena, key);
}

json_t *web_json_body(struct http_req *req, struct http_resp *resp,
		      size_t flags, const char *const *allowed, size_t n)
{
	struct field_errors errs;
	json_error_t jerr;
	json_t *root, *v;
	const char *key;

	if (strcmp(http_media_type(req), "application/json") != 0) {
		web_json_error(resp, 415, _("Stuur de gegevens als application/json."),
			       NULL);
		return NULL;
	}
	root = json_loadb(req->body ? req->body : "", req->body_len,
			  JSON_REJECT_DUPLICATES | flags, &jerr);
	if (!root) {
		web_json_error(resp, 400,
			       arena_printf(req->arena,
					    _("Ongeldige JSON op regel %d, kolom %d: %s"),
					    jerr.line, jerr.column, jerr.text),
			       NULL);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		web_json_error(resp, 400, _("Verwacht een JSON-object."), NULL);
		return NULL;
	}
	memset(&errs, 0, sizeof(errs));
	json_object_foreach(root, key, v) {
		bool known = !allowed;

		for (size_t i = 0; i < n && !known; i++)
			known = strcmp(key, allowed[i]) == 0;
		if (!known)
			field_errors_add(&errs, web_printable_key(req, key),
					  N_("is een onbekend veld"));
	}
	if (errs.n) {
		json_decref(root);
		web_json_error(resp, 400, _("De gegevens bevatten onbekende velden."),
			       &errs);
		return NULL;
	}
	return root;
}
