/* cli: what the commands of the command line share: the configuration
 * (flags, then WIJKAGENDA_* environment variables, then defaults, all
 * validated before anything starts), its option table (cli_options.c, in
 * the style of tmux's options-table.c: one row per option says its name,
 * its kind, where it goes and its limits), and opening the database.
 * Each command lives in a cmd_*.c file of its own; main.c dispatches. */
#ifndef WA_CLI_H
#define WA_CLI_H
#include <stddef.h>

#include "http/server.h"

struct db;

#define CLI_MAX_SITES 64

struct config {
	const char *listen;
	const char *db;
	const char *locale_dir;
	const char *base_url;
	/* accounts and mail */
	const char *email, *name, *smtp_url, *mail_from, *smtp_user,
		*smtp_password_file;
	int smtp_require_tls;
	const char *secret_file; /* the installation secret (app/resident.h) */
	const char *photo_dir;	 /* --photo-dir (store/photo.h) */
	long session_idle, session_hours, rate_login, rate_mail, rate_intake,
		rate_readability, rate_suggest, retention_days;
	long threads, max_body, dedupe_window, per_address, header_timeout;
	long cache_mb; /* public answers in memory (web/cache.h); 0: off */
	long figures_wait_ms; /* app.h figures_wait_ms */
	int demo, no_seed, open311_api_key;
	int suggest_lang; /* enum classify_lang (text/classify.h): --suggest-language */
	const char *proxies[SERVER_MAX_PROXIES];
	/* serve --site HOST=GMxxxx, checked: host lower case, no port */
	const char *sites[CLI_MAX_SITES];
	size_t nsites;
	size_t nproxies;
	/* import-areas */
	const char *level, *municipality, *municipality_name, *code_prop,
		*name_prop, *parent_prop;
	/* import-population */
	long year;
};

/* Parse argv (argv[0] is the command's name) into c, defaults first.
 * Prints the problem and returns -1 for an unknown or invalid option;
 * --help prints usage and exits 0.  optind is left at the first operand. */
int cli_parse(int argc, char **argv, struct config *c, const char *usage);
/* Open c->db and bring its schema up to date, then set the installation
 * secret (cli_secret_setup); NULL after printing why not. */
struct db *cli_open_migrated(const struct config *c);
/* The whole file at path, at most max bytes (malloc'd, *len bytes; one
 * byte more tells it is larger); NULL with a message. */
char *cli_read_file(const char *path, size_t max, size_t *len, char *msg,
		    size_t msglen);
/* The installation secret that keys the residents' pseudonymous keys
 * (app/resident.h), checked against db: from --secret-file, made there
 * when the file does not exist yet; without it, for a SQLite file the
 * file beside it (PATH.secret), for PostgreSQL or :memory: the
 * database's own.  -1 after printing why not. */
int cli_secret_setup(const struct config *c, struct db *db);
/* Where residents' photos are kept (store/photo.h): --photo-dir; without
 * it, for a SQLite file the directory "fotos" beside it, for PostgreSQL
 * "var/fotos" (instances sharing a database must share it: a network
 * file system, docs/photos.md); for :memory: none (NULL: no photos).
 * out holds the path; returns out or NULL. */
const char *cli_photo_dir(const struct config *c, char *out, size_t outlen);

int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_import_categories(int argc, char **argv);
int cmd_admin(int argc, char **argv);
int cmd_retention(int argc, char **argv);
int cmd_import_population(int argc, char **argv);
int cmd_notify(int argc, char **argv);
int cmd_bounce(int argc, char **argv);

#endif
