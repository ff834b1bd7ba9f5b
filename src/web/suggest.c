/* suggest: GET /api/v1/categories/suggest?text=... -> the category the
 * text suggests (app/suggest.h), for the report form while a resident
 * writes (static/suggest.js) and for any client (docs/api.md):
 *
 *   {"suggestions": [{"code", "name", "confidence", "words": [...]}]}
 *
 * empty when the model is not confident.  Public: a rate limit per
 * client (--rate-suggest); the text has the intake's limits
 * (SIGNAL_TEXT_MAX characters, valid UTF-8; 400 otherwise). */
#include <math.h>
#include <string.h>

#include "app/suggest.h"
#include "base/ratelimit.h"
#include "domain/fields.h"
#include "i18n/i18n.h"
#include "web/suggest.h"
#include "web/web.h"

json_t *suggest_json(const struct suggestion *s, int n)
{
	json_t *list = json_array();

	if (n > 0) {
		json_t *words = json_array();

		for (int i = 0; i < s->nwords; i++)
			json_array_append_new(words, json_string(s->words[i]));
		json_array_append_new(
			list, json_pack("{s:s, s:s, s:f, s:o}", "code", s->code,
					"name", s->name, "confidence",
					round(s->confidence * 1000) / 1000, "words",
					words));
	}
	return json_pack("{s:o}", "suggestions", list);
}

const char *suggest_text_check(struct arena *ar, const char *text,
			       const char **out)
{
	return text_check(ar, text ? text : "", 1, SIGNAL_TEXT_MAX, true, out);
}

void web_api_suggest(struct http_req *req, struct http_resp *resp)
{
	static const char *const allowed[] = {"text"};
	struct field_errors errs = {0};
	struct suggestion s;
	const char *text = NULL, *msg;
	int n;

	/* Not kept by the answer cache (web/cache.h): every pause in typing
	 * is another URL, which would push out the answers worth keeping, and
	 * a kept answer would pass the rate limit by. */
	resp->no_store = true;
	if (web_query_only(req, resp, allowed, 1) != 0 || web_limited_json(req, resp, req->app->rl_suggest, req->client))
		return;
	msg = suggest_text_check(req->arena, form_get(&req->query, "text"), &text);
	if (msg) {
		field_errors_add(&errs, "text", msg);
		web_json_error(resp, 400, _("Dit kan zo niet; zie de velden."), &errs);
		return;
	}
	n = suggest_category(req->app, store_thread_db(), text, strlen(text), &s);
	web_json(resp, 200, suggest_json(&s, n));
}
