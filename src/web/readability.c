/* readability: POST /api/v1/readability {"text"} -> the plain-language
 * check of text/readability.h as JSON, for the writer's box beside a
 * text (static/readability.js) and for any client (docs/api.md).
 * Public and free of the database: a rate limit per client
 * (--rate-readability), a body limit of its own (routes.c), and the
 * text's own limit of READABILITY_MAX_BYTES (413). */
#include <math.h>

#include "base/ratelimit.h"
#include "i18n/i18n.h"
#include "text/readability.h"
#include "web/json_fields.h"
#include "web/readability.h"
#include "web/web.h"

static const char *const fields[] = {"text"};

json_t *readability_json(const char *text, const struct readability *r)
{
	json_t *longs = json_array(), *plain = json_array();

	for (size_t i = 0; i < r->nlong; i++)
		json_array_append_new(
			longs, json_pack("{s:s%, s:i}", "text",
					 text + r->long_sentences[i].start,
					 r->long_sentences[i].len, "words",
					 r->long_sentences[i].words));
	for (size_t i = 0; i < r->nplain; i++)
		json_array_append_new(
			plain, json_pack("{s:s, s:s, s:s%}", "word", r->plain[i].word,
					 "instead", r->plain[i].instead, "found",
					 text + r->plain[i].at, r->plain[i].len));
	return json_pack("{s:o, s:i, s:i, s:i, s:b, s:i, s:b, s:o, s:o}",
			 "score",
			 r->words ? json_real(round(r->score * 10) / 10) : json_null(),
			 "words", r->words, "sentences", r->sentences, "syllables",
			 r->syllables, "indicative", r->indicative, "target",
			 READABILITY_TARGET, "ok", readability_ok(r),
			 "long_sentences", longs, "plain_alternatives", plain);
}

void web_api_readability(struct http_req *req, struct http_resp *resp)
{
	struct field_errors errs = {0};
	struct readability r;
	const char *text;
	json_t *root;
	enum err e;

	if (web_limited_json(req, resp, req->app->rl_readability, req->client))
		return;
	if (!(root = web_json_body(req, resp, 0, fields, 1)))
		return;
	text = json_field_text(req->arena, root, "text", &errs);
	json_decref(root);
	if (!text && !errs.n)
		field_errors_add(&errs, "text", N_("is verplicht"));
	if (!errs.n && (e = readability_check(req->arena, text, &r)) != ERR_OK) {
		if (e == ERR_TOO_LARGE) {
			web_json_error(resp, 413,
				       arena_printf(req->arena,
						    _("De tekst is te lang om te controleren "
						      "(meer dan %d bytes)."),
						    READABILITY_MAX_BYTES),
				       NULL);
			return;
		}
		field_errors_add(&errs, "text", N_("bevat ongeldige tekens"));
	}
	if (errs.n) {
		web_json_error(resp, 400, _("Dit kan zo niet; zie de velden."), &errs);
		return;
	}
	web_json(resp, 200, readability_json(text, &r));
}
