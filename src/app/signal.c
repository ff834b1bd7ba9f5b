/* signal: see signal.h. */
#include "signal.h"

#include <jansson.h>
#include <string.h>

#include "app/audit.h"
#include "app/timeline.h"

struct contact_read {
	struct arena *ar;
	const struct actor *who;
	int64_t id;
	struct contact_row *out;
	bool found;
};

static enum err contact_view_tx(struct db *db, void *p)
{
	struct contact_read *v = p;
	enum err e;

	memset(v->out, 0, sizeof(*v->out));
	e = store_signal_contact(db, v->ar, v->id, v->out);
	v->found = e == ERR_OK;
	if (e == ERR_NOT_FOUND)
		e = ERR_OK;
	if (e == ERR_OK)
		e = app_audit(db, v->who, "signal.contact.view", "signal", v->id,
			      v->found ? NULL : json_pack("{s:b}", "found", 0));
	return db_end_unseen(db, e); /* the audit log alone: on no public answer */
}

enum err signal_contact_view(struct db *db, struct arena *ar,
			     const struct actor *who, int64_t id,
			     struct contact_row *out, bool *found)
{
	struct contact_read v = {ar, who, id, out, false};
	enum err e = db_write(db, contact_view_tx, &v);

	*found = v.found;
	return e;
}

enum err signal_track(struct db *db, struct arena *ar, const char *municipality,
		      const char *token, struct signal_track *out)
{
	enum err e;

	struct signal_row s;
	char *outcome;

	memset(out, 0, sizeof(*out));
	if ((e = store_signal_by_token(db, ar, token, &s)) != ERR_OK)
		return e;
	if (!s.municipality || strcmp(s.municipality, municipality) != 0)
		return ERR_NOT_FOUND;
	if ((e = store_signal_outcome(db, ar, s.id, &outcome)) != ERR_OK)
		return e;
	if ((e = signal_track_of(db, ar, &s, outcome, out)) != ERR_OK)
		return e;
	return store_photos_of_signal(db, ar, s.id, &out->photos, &out->nphotos);
}

enum err signal_track_of(struct db *db, struct arena *ar,
			 const struct signal_row *s, const char *outcome,
			 struct signal_track *out)
{
	return signal_track_with(db, ar, s, outcome, NULL, NULL, out);
}

enum err signal_track_with(struct db *db, struct arena *ar,
			   const struct signal_row *s, const char *outcome,
			   const struct expectation *expect,
			   struct expect_memo *memo, struct signal_track *out)
{
	enum err e;

	memset(out, 0, sizeof(*out));
	out->s = *s;
	out->outcome = outcome ? arena_strdup(ar, outcome) : NULL;
	if ((e = store_signal_kwesties(db, ar, out->s.id, &out->kwesties,
				       &out->nkwesties)) != ERR_OK)
		return e;
	if ((e = store_timeline_signal(db, ar, out->s.id, &out->timeline,
				       &out->ntimeline)) != ERR_OK)
		return e;
	timeline_fill(ar, out->timeline, out->ntimeline);
	if (out->outcome)
		return ERR_OK;
	if (expect)
		out->expect = *expect;
	else if ((e = promise_expect_memo(db, ar, &out->s, memo, &out->expect)) != ERR_OK)
		return e;
	out->has_expect = true;
	return ERR_OK;
}
