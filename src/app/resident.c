/* resident: see resident.h. */
#include "resident.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app/audit.h"
#include "app/mailer.h"
#include "base/log.h"
#include "base/token.h"
#include "store/resident.h"
#include "store/store.h"

void resident_key(char *out, const char *norm_email, const char *client)
{
	char buf[128];
	const char *parts[2] = {"kwestie.support", norm_email};

	if (!norm_email) {
		snprintf(buf, sizeof(buf), "client:%s", client ? client : "");
		parts[1] = buf;
	}
	token_hash_parts(out, parts, 2);
}

void resident_link_mail(const struct app *app, struct db *db, struct arena *ar,
			const char *email)
{
	struct mail_env env = {app, ar};
	char token[TOKEN_LEN + 1];
	bool known = false;

	if (store_resident_known(db, email, &known) != ERR_OK || !known)
		return;
	token_new(token);
	if (mailer_token_mail(&env, db, "magic", email, 0, 0, NULL, NULL, token,
			      RESIDENT_LINK_VALID_S) != ERR_OK)
		log_event("error", "magic_link_not_queued");
}

/* The audit log's actor for a resident: never the address. */
static const struct actor resident_actor = {ACTOR_RESIDENT, 0, 0, 0, NULL,
					    "resident", false, NULL, 0};

struct token_use {
	const char *hash, *now;
};

static enum err use_token_tx(struct db *db, void *p)
{
	struct token_use *u = p;

	return store_token_use(db, u->hash, u->now);
}

enum err resident_link_use(struct db *db, const char *hash)
{
	char now[32];
	struct token_use u = {hash, now};

	store_now(now, sizeof(now));
	return db_write(db, use_token_tx, &u);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* {"fields": [...]} naming what changes for this row, or NULL if nothing
 * does.  Names only, never the values. */
static json_t *changed_fields(const struct contact_row *r,
			      const struct resident_contact *c)
{
	json_t *f = json_array();

	if (!same(r->email, c->email))
		json_array_append_new(f, json_string("email"));
	if (!same(r->phone, c->phone))
		json_array_append_new(f, json_string("phone"));
	if (!same(r->age_band, c->age_band))
		json_array_append_new(f, json_string("age_band"));
	if (!json_array_size(f)) {
		json_decref(f);
		return NULL;
	}
	return json_pack("{s:o}", "fields", f);
}

/* The resident's contact rows, changed or wiped inside db_write; count
 * is how many rows the address had. */
struct contact_tx {
	struct arena *ar;
	const char *email, *now;
	const struct resident_contact *c;
	size_t count;
};

static enum err change_tx(struct db *db, void *p)
{
	struct contact_tx *t = p;
	struct contact_row *rows;
	json_t *detail;
	enum err e;

	t->count = 0;
	e = store_resident_contacts(db, t->ar, t->email, &rows, &t->count);
	for (size_t i = 0; e == ERR_OK && i < t->count; i++) {
		if (!(detail = changed_fields(&rows[i], t->c)))
			continue;
		e = store_contact_update(db, rows[i].signal_id, t->c->email,
					 t->c->phone, t->c->age_band);
		if (e == ERR_OK)
			e = app_audit(db, &resident_actor, "contact.update", "signal",
				      rows[i].signal_id, detail);
		else
			json_decref(detail);
	}
	return e;
}

enum err resident_contact_change(struct db *db, struct arena *ar,
				 const char *email,
				 const struct resident_contact *c)
{
	struct contact_tx t = {ar, email, NULL, c, 0};

	return db_write(db, change_tx, &t);
}

static enum err delete_tx(struct db *db, void *p)
{
	struct contact_tx *t = p;
	struct contact_row *rows;
	enum err e;

	t->count = 0;
	e = store_resident_contacts(db, t->ar, t->email, &rows, &t->count);
	for (size_t i = 0; e == ERR_OK && i < t->count; i++) {
		e = store_contact_anonymise(db, rows[i].signal_id, t->now);
		if (e == ERR_OK)
			e = app_audit(db, &resident_actor, "contact.delete", "signal",
				      rows[i].signal_id, NULL);
	}
	return e;
}

enum err resident_contact_delete(struct db *db, struct arena *ar,
				 const char *email, size_t *count)
{
	char now[32];
	struct contact_tx t = {ar, email, now, NULL, 0};
	enum err e;

	store_now(now, sizeof(now));
	e = db_write(db, delete_tx, &t);
	*count = t.count;
	return e;
}
