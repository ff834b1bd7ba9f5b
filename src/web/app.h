/* app: what the handlers share, made once at startup and read-only while
 * the server runs (so the worker threads need no locks). */
#ifndef WA_APP_H
#define WA_APP_H
#include <stddef.h>

#include "views/views.h"

struct areaidx;
struct mail_worker;
struct ratelimit;
struct map;
struct db;

struct category_entry {
	char *code, *parent_code, *name;
};

struct app {
	const char *municipality;      /* CBS code, GM0363 */
	const char *municipality_name; /* Amsterdam */
	const char *base_url;	       /* https://host, for links residents keep */
	int demo;
	int dedupe_window_s;
	struct areaidx *areas;
	struct map *map;
	struct choice *buurt_options; /* for the report form */
	size_t nbuurt_options;
	struct choice *category_options;
	size_t ncategory_options;
	struct category_entry *categories;
	size_t ncategories;
	struct mail_worker *mail; /* NULL when no SMTP server is configured */
	/* Rate limits (NULL: off) per client address and per e-mail. */
	struct ratelimit *rl_login_ip, *rl_login_account;
	struct ratelimit *rl_mail_ip, *rl_mail_address; /* resets, magic links */
	struct ratelimit *rl_intake;
};

/* Load the area index, the map and the category list from the database.
 * Returns 0 or -1 with a message. */
int app_load(struct app *app, struct db *db, char *err, size_t errlen);
void app_release(struct app *app);
/* Display name of a category code, or NULL when unknown. */
const char *app_category_name(const struct app *app, const char *code);

#endif
