/* cmd_admin: wijkagenda admin create: make or promote a beheerder and
 * print a one-time link to choose the password. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/token.h"
#include "cli.h"
#include "store/accounts.h"
#include "store/store.h"

static const char usage_admin[] =
	"usage: wijkagenda admin create --email ADDRESS [--name NAME] [--db URL]\n"
	"                              [--base-url URL]\n"
	"\n"
	"Make (or promote) a platform beheerder and print a one-time link,\n"
	"valid for 24 hours, to choose the password.\n";

/* Make or promote a beheerder; print a one-time link to set the password. */
int cmd_admin(int argc, char **argv)
{
	struct config c = {0};
	struct account_row a;
	struct token_row t;
	struct audit_entry au;
	struct arena ar;
	struct db *db;
	char token[TOKEN_LEN + 1], hash[33], now[32], exp[32], base[256];
	const char *parts[1] = {token};
	int64_t id = 0;
	enum err e;

	if (argc < 2 || strcmp(argv[1], "create") != 0) {
		fputs(usage_admin, argc > 1 && strcmp(argv[1], "--help") == 0 ? stdout : stderr);
		return argc > 1 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
	}
	if (cli_parse(argc - 1, argv + 1, &c, usage_admin) != 0)
		return 2;
	if (!c.email || !strchr(c.email, '@') || strlen(c.email) > 254) {
		fprintf(stderr, "wijkagenda: admin create needs --email ADDRESS\n");
		return 2;
	}
	for (char *p = (char *)c.email; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (!(db = cli_open_migrated(&c)))
		return 1;
	arena_init(&ar);
	token_new(token);
	token_hash_parts(hash, parts, 1);
	store_now(now, sizeof(now));
	store_time_ago(exp, sizeof(exp), -86400);
	e = db_begin_write(db);
	if (e == ERR_OK) {
		e = store_account_by_email(db, &ar, c.email, &a);
		if (e == ERR_NOT_FOUND)
			e = store_account_create(db, c.email, c.name ? c.name : "", true,
						 false, &id);
		else if (e == ERR_OK)
			id = a.id;
	}
	if (e == ERR_OK)
		e = store_account_set_admin(db, id, true);
	if (e == ERR_OK) {
		memset(&t, 0, sizeof(t));
		t.token_hash = hash;
		t.kind = "password";
		t.email = (char *)c.email;
		t.account_id = id;
		t.created_at = now;
		t.expires_at = exp;
		e = store_token_create(db, &t);
	}
	if (e == ERR_OK) {
		au = (struct audit_entry){0, 0, "command line", "account.admin",
					 "account", arena_printf(&ar, "%lld", (long long)id),
					 NULL};
		e = store_audit_add(db, &au);
	}
	if (e == ERR_OK)
		e = db_commit(db);
	if (e != ERR_OK)
		db_rollback(db);
	arena_clear(&ar);
	db_close(db);
	if (e != ERR_OK) {
		fprintf(stderr, "wijkagenda: admin create failed: %s\n", err_name(e));
		return 1;
	}
	if (!c.base_url) {
		snprintf(base, sizeof(base), "http://%s", c.listen);
		c.base_url = base;
	}
	printf("beheerder %s: choose a password within 24 hours at\n%s/wachtwoord/%s\n",
	       c.email, c.base_url, token);
	return 0;
}

