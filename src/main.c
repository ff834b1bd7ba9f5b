/* wijkagenda: the command line.
 *
 *   wijkagenda serve [options]        run the server
 *   wijkagenda migrate [--db URL]     bring the database schema up to date
 *   wijkagenda import-areas FILE --level LEVEL [options]
 *
 * Options come from flags, then WIJKAGENDA_* environment variables, then
 * defaults; everything is validated before anything starts. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/token.h"
#include "base/util.h"
#include "geo/areaidx.h"
#include "http/server.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "app/app.h"
#include "base/password.h"
#include "base/ratelimit.h"
#include "hsds/hsds.h"
#include "mail/smtp.h"
#include "mail/worker.h"
#include "store/accounts.h"
#include "store/migrate_data.h"
#include "web/auth.h"
#include "web/import.h"
#include "web/jobs.h"
#include "web/routes.h"
#include "web/seed.h"
#include "web/freshness.h"
#include "web/socialmap_demo.h"

struct config {
	const char *listen;
	const char *db;
	const char *locale_dir;
	const char *base_url;
	/* accounts and mail */
	const char *email, *name, *smtp_url, *mail_from, *smtp_user,
		*smtp_password_file;
	int smtp_require_tls;
	long session_idle, session_hours, rate_login, rate_mail, rate_intake,
		retention_days;
	long threads, max_body, dedupe_window, per_address, header_timeout;
	int demo, no_seed;
	const char *proxies[SERVER_MAX_PROXIES];
	size_t nproxies;
	/* import-areas */
	const char *level, *municipality, *municipality_name, *code_prop,
		*name_prop, *parent_prop;
};

static const char usage_main[] =
	"usage: wijkagenda COMMAND [options]\n"
	"\n"
	"commands:\n"
	"  serve          run the HTTP server\n"
	"  migrate        create or upgrade the database schema\n"
	"  import-areas   import areas from a GeoJSON file\n"
	"  migrate-data   copy an SQLite installation into an empty PostgreSQL database\n"
	"  import-hsds    import an Open Referral HSDS 3.0 JSON file (social map)\n"
	"  export-hsds    write the social map as HSDS 3.0 JSON\n"
	"  admin create   make a platform beheerder (prints a one-time link)\n"
	"  retention      anonymise old contact data, expire links and sessions\n"
	"\n"
	"Run 'wijkagenda COMMAND --help' for the options of a command.\n";

static const char usage_serve[] =
	"usage: wijkagenda serve [options]\n"
	"\n"
	"  --listen HOST:PORT     address to listen on (WIJKAGENDA_LISTEN;\n"
	"                         default 127.0.0.1:8080)\n"
	"  --db URL               database: a SQLite file path or sqlite:PATH\n"
	"                         (WIJKAGENDA_DB; default var/wijkagenda.db)\n"
	"  --threads N            worker threads, 1-256 (default 4)\n"
	"  --max-body BYTES       largest request body, 1024-16777216\n"
	"                         (default 65536)\n"
	"  --dedupe-window SEC    the same submission from the same client\n"
	"                         within SEC seconds returns the first signal\n"
	"                         (0-3600, default 10)\n"
	"  --trusted-proxy ADDR   take the client address from X-Forwarded-For\n"
	"                         of requests from this proxy (nginx in front);\n"
	"                         numeric IPv4 or IPv6, repeatable, at most 16\n"
	"  --max-conns-per-address N\n"
	"                         connections from one address (1-10000,\n"
	"                         default 128); not applied with a trusted\n"
	"                         proxy, where the proxy limits its clients\n"
	"  --header-timeout SEC   a request header must arrive whole within SEC\n"
	"                         seconds (1-300, default 10)\n"
	"  --demo                 load and show demo data (marked as demo)\n"
	"  --no-seed              do not load the bundled areas and categories\n"
	"                         into an empty database\n"
	"  --session-idle MIN     log out after MIN idle minutes (5-1440,\n"
	"                         default 30)\n"
	"  --session-hours H      log out after H hours whatever happens\n"
	"                         (1-168, default 12)\n"
	"  --rate-login N         log-in attempts per minute per client\n"
	"                         (0 = no limit; default 10)\n"
	"  --rate-mail N          mailed links asked per minute per client\n"
	"                         (0 = no limit; default 5)\n"
	"  --rate-intake N        signals per minute per client (0 = no\n"
	"                         limit; default 30)\n"
	"  --retention-days N     anonymise contact data N days after a\n"
	"                         signal closed (1-3650, default 365)\n"
	"  --smtp-url URL         smtp://host:port or smtps://host:port; without\n"
	"                         it no mail is sent (it waits in the outbox)\n"
	"  --mail-from ADDRESS    sender of our mail\n"
	"  --smtp-user NAME, --smtp-password-file FILE, --smtp-require-tls\n"
	"  --base-url URL         how residents reach this server, for the\n"
	"                         links they keep (WIJKAGENDA_BASE_URL;\n"
	"                         default http://LISTEN)\n"
	"  --locale-dir DIR       where the message catalogues are\n";

static const char usage_migrate[] =
	"usage: wijkagenda migrate [--db URL]\n"
	"\n"
	"Apply the migrations built into this program to the database.\n";

static const char usage_admin[] =
	"usage: wijkagenda admin create --email ADDRESS [--name NAME] [--db URL]\n"
	"                              [--base-url URL]\n"
	"\n"
	"Make (or promote) a platform beheerder and print a one-time link,\n"
	"valid for 24 hours, to choose the password.\n";

static const char usage_retention[] =
	"usage: wijkagenda retention [--db URL] [--retention-days N]\n"
	"\n"
	"Anonymise the contact data of signals closed more than N days ago\n"
	"(default 365) and remove expired sessions and one-time links.\n"
	"serve runs this daily by itself.\n";

static const char usage_import[] =
	"usage: wijkagenda import-areas FILE --level LEVEL [options]\n"
	"\n"
	"Import the polygons of a GeoJSON FeatureCollection (WGS84 or RD New,\n"
	"EPSG:28992) as areas of one level.  All or nothing.\n"
	"\n"
	"  --level LEVEL          buurt, wijk, gebied, stadsdeel or gemeente\n"
	"  --db URL               as for serve\n"
	"  --municipality CODE    CBS code (default GM0363)\n"
	"  --municipality-name N  add the municipality (or rename it)\n"
	"  --code-prop NAME       property with the area code (default code)\n"
	"  --name-prop NAME       property with the name (default naam)\n"
	"  --parent-prop NAME     property with the parent area's code\n";

enum { OPT_LISTEN = 256, OPT_DB, OPT_THREADS, OPT_MAX_BODY, OPT_DEDUPE,
       OPT_TRUST, OPT_DEMO, OPT_NO_SEED, OPT_LOCALE, OPT_LEVEL, OPT_MUNI,
       OPT_CODE, OPT_NAME, OPT_PARENT, OPT_BASE_URL, OPT_MUNI_NAME,
       OPT_EMAIL, OPT_ACCOUNT_NAME, OPT_SMTP_URL, OPT_MAIL_FROM, OPT_SMTP_USER,
       OPT_SMTP_PWFILE, OPT_SMTP_TLS, OPT_SESSION_IDLE, OPT_SESSION_HOURS,
       OPT_RATE_LOGIN, OPT_RATE_MAIL, OPT_RATE_INTAKE, OPT_RETENTION, OPT_FRESHNESS,
       OPT_TRUSTED, OPT_PER_ADDRESS, OPT_HEADER_TIMEOUT, OPT_HELP };

static const struct option long_options[] = {
	{"listen", required_argument, NULL, OPT_LISTEN},
	{"db", required_argument, NULL, OPT_DB},
	{"threads", required_argument, NULL, OPT_THREADS},
	{"max-body", required_argument, NULL, OPT_MAX_BODY},
	{"dedupe-window", required_argument, NULL, OPT_DEDUPE},
	{"trust-proxy", no_argument, NULL, OPT_TRUST},
	{"trusted-proxy", required_argument, NULL, OPT_TRUSTED},
	{"max-conns-per-address", required_argument, NULL, OPT_PER_ADDRESS},
	{"header-timeout", required_argument, NULL, OPT_HEADER_TIMEOUT},
	{"demo", no_argument, NULL, OPT_DEMO},
	{"no-seed", no_argument, NULL, OPT_NO_SEED},
	{"locale-dir", required_argument, NULL, OPT_LOCALE},
	{"level", required_argument, NULL, OPT_LEVEL},
	{"municipality", required_argument, NULL, OPT_MUNI},
	{"code-prop", required_argument, NULL, OPT_CODE},
	{"name-prop", required_argument, NULL, OPT_NAME},
	{"parent-prop", required_argument, NULL, OPT_PARENT},
	{"base-url", required_argument, NULL, OPT_BASE_URL},
	{"municipality-name", required_argument, NULL, OPT_MUNI_NAME},
	{"email", required_argument, NULL, OPT_EMAIL},
	{"name", required_argument, NULL, OPT_ACCOUNT_NAME},
	{"smtp-url", required_argument, NULL, OPT_SMTP_URL},
	{"mail-from", required_argument, NULL, OPT_MAIL_FROM},
	{"smtp-user", required_argument, NULL, OPT_SMTP_USER},
	{"smtp-password-file", required_argument, NULL, OPT_SMTP_PWFILE},
	{"smtp-require-tls", no_argument, NULL, OPT_SMTP_TLS},
	{"session-idle", required_argument, NULL, OPT_SESSION_IDLE},
	{"session-hours", required_argument, NULL, OPT_SESSION_HOURS},
	{"rate-login", required_argument, NULL, OPT_RATE_LOGIN},
	{"rate-mail", required_argument, NULL, OPT_RATE_MAIL},
	{"rate-intake", required_argument, NULL, OPT_RATE_INTAKE},
	{"retention-days", required_argument, NULL, OPT_RETENTION},
	{"freshness-days", required_argument, NULL, OPT_FRESHNESS},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

/* strtonum-style: the whole string a number within [lo, hi]. */
static int parse_long(const char *name, const char *s, long lo, long hi,
		      long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "wijkagenda: %s must be a whole number from %ld to %ld, not '%s'\n",
			name, lo, hi, s);
		return -1;
	}
	*out = v;
	return 0;
}

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

static int parse_options(int argc, char **argv, struct config *c,
			 const char *usage)
{
	int opt;

	c->listen = env_or("WIJKAGENDA_LISTEN", "127.0.0.1:8080");
	c->db = env_or("WIJKAGENDA_DB", "var/wijkagenda.db");
	c->threads = 4;
	c->session_idle = 30;
	c->session_hours = 12;
	c->rate_login = 10;
	c->rate_mail = 5;
	c->rate_intake = 30;
	c->retention_days = 365;
	c->smtp_url = env_or("WIJKAGENDA_SMTP_URL", NULL);
	c->mail_from = env_or("WIJKAGENDA_MAIL_FROM", "wijkagenda@localhost.localdomain");
	c->max_body = 65536;
	c->dedupe_window = 10;
	c->per_address = 128;
	c->header_timeout = 10;
	c->base_url = env_or("WIJKAGENDA_BASE_URL", NULL);
	c->municipality = "GM0363";
	c->code_prop = "code";
	c->name_prop = "naam";
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
		switch (opt) {
		case OPT_LISTEN: c->listen = optarg; break;
		case OPT_DB: c->db = optarg; break;
		case OPT_THREADS:
			if (parse_long("--threads", optarg, 1, 256, &c->threads))
				return -1;
			break;
		case OPT_MAX_BODY:
			if (parse_long("--max-body", optarg, 1024, 16777216, &c->max_body))
				return -1;
			break;
		case OPT_DEDUPE:
			if (parse_long("--dedupe-window", optarg, 0, 3600, &c->dedupe_window))
				return -1;
			break;
		case OPT_TRUST:
			/* Trusting X-Forwarded-For from anyone let every client
			 * choose its address for the rate limits. */
			fprintf(stderr, "wijkagenda: --trust-proxy is gone: name the "
					"proxy with --trusted-proxy ADDR\n");
			return -1;
		case OPT_TRUSTED: {
			char perr[160];

			if (c->nproxies == SERVER_MAX_PROXIES ||
			    server_parse_proxy(optarg, perr, sizeof(perr)) != 0) {
				fprintf(stderr, "wijkagenda: %s\n",
					c->nproxies == SERVER_MAX_PROXIES
						? "at most 16 --trusted-proxy"
						: perr);
				return -1;
			}
			c->proxies[c->nproxies++] = optarg;
			break;
		}
		case OPT_PER_ADDRESS:
			if (parse_long("--max-conns-per-address", optarg, 1, 10000,
				       &c->per_address))
				return -1;
			break;
		case OPT_HEADER_TIMEOUT:
			if (parse_long("--header-timeout", optarg, 1, 300,
				       &c->header_timeout))
				return -1;
			break;
		case OPT_DEMO: c->demo = 1; break;
		case OPT_NO_SEED: c->no_seed = 1; break;
		case OPT_LOCALE: c->locale_dir = optarg; break;
		case OPT_BASE_URL: c->base_url = optarg; break;
		case OPT_MUNI_NAME: c->municipality_name = optarg; break;
		case OPT_EMAIL: c->email = optarg; break;
		case OPT_ACCOUNT_NAME: c->name = optarg; break;
		case OPT_SMTP_URL: c->smtp_url = optarg; break;
		case OPT_MAIL_FROM: c->mail_from = optarg; break;
		case OPT_SMTP_USER: c->smtp_user = optarg; break;
		case OPT_SMTP_PWFILE: c->smtp_password_file = optarg; break;
		case OPT_SMTP_TLS: c->smtp_require_tls = 1; break;
		case OPT_SESSION_IDLE:
			if (parse_long("--session-idle", optarg, 5, 1440, &c->session_idle))
				return -1;
			break;
		case OPT_SESSION_HOURS:
			if (parse_long("--session-hours", optarg, 1, 168, &c->session_hours))
				return -1;
			break;
		case OPT_RATE_LOGIN:
			if (parse_long("--rate-login", optarg, 0, 100000, &c->rate_login))
				return -1;
			break;
		case OPT_RATE_MAIL:
			if (parse_long("--rate-mail", optarg, 0, 100000, &c->rate_mail))
				return -1;
			break;
		case OPT_RATE_INTAKE:
			if (parse_long("--rate-intake", optarg, 0, 1000000, &c->rate_intake))
				return -1;
			break;
		case OPT_RETENTION:
			if (parse_long("--retention-days", optarg, 1, 3650, &c->retention_days))
				return -1;
			break;
		case OPT_FRESHNESS: {
			char ferr[160];

			if (freshness_configure(optarg, ferr, sizeof(ferr)) != 0) {
				fprintf(stderr, "wijkagenda: %s\n", ferr);
				return -1;
			}
			break;
		}
		case OPT_LEVEL: c->level = optarg; break;
		case OPT_MUNI: c->municipality = optarg; break;
		case OPT_CODE: c->code_prop = optarg; break;
		case OPT_NAME: c->name_prop = optarg; break;
		case OPT_PARENT: c->parent_prop = optarg; break;
		case OPT_HELP: fputs(usage, stdout); exit(0);
		default:
			fputs("wijkagenda: see --help for the options\n", stderr);
			return -1;
		}
	}
	return 0;
}

/* Open the database and bring its schema up to date. */
static struct db *open_migrated(const char *url)
{
	struct db *db;
	char msg[512] = "";

	if (db_open(url, &db, msg, sizeof(msg)) != ERR_OK) {
		fprintf(stderr, "wijkagenda: %s\n", msg);
		return NULL;
	}
	if (store_migrate(db, msg, sizeof(msg)) != ERR_OK) {
		fprintf(stderr, "wijkagenda: migration failed: %s\n", msg);
		db_close(db);
		return NULL;
	}
	return db;
}

static int cmd_migrate(int argc, char **argv)
{
	struct config c = {0};
	struct db *db;

	if (parse_options(argc, argv, &c, usage_migrate) != 0)
		return 2;
	if (!(db = open_migrated(c.db)))
		return 1;
	printf("schema version %d\n", store_schema_version(db));
	db_close(db);
	return 0;
}

static int cmd_import(int argc, char **argv)
{
	struct config c = {0};
	struct import_opts o;
	struct db *db;
	char msg[1024] = "";
	size_t n = 0;

	if (parse_options(argc, argv, &c, usage_import) != 0)
		return 2;
	if (optind != argc - 1 || !c.level) {
		fputs(usage_import, stderr);
		return 2;
	}
	memset(&o, 0, sizeof(o));
	o.path = argv[optind];
	o.level = c.level;
	o.municipality = c.municipality;
	o.municipality_name = c.municipality_name;
	o.code_prop = c.code_prop;
	o.name_prop = c.name_prop;
	o.parent_prop = c.parent_prop;
	if (!(db = open_migrated(c.db)))
		return 1;
	if (import_areas_file(db, &o, &n, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "wijkagenda: import-areas: %s\n", msg);
		db_close(db);
		return 1;
	}
	printf("imported %zu areas of level %s into %s\n", n, c.level,
	       c.municipality);
	db_close(db);
	return 0;
}

static int serve_prepare(const struct config *c, struct app *app)
{
	struct db *db = open_migrated(c->db);
	char msg[512] = "";
	int rc = -1;

	if (!db)
		return -1;
	if (!c->no_seed && seed_base(db, msg, sizeof(msg)) != 0)
		fprintf(stderr, "wijkagenda: loading bundled data: %s\n", msg);
	else if (!store_has_municipality(db, app->municipality))
		fprintf(stderr, "wijkagenda: the database has no areas for %s; "
				"run without --no-seed or use import-areas\n",
			app->municipality);
	else if (socialmap_terms_seed(db, msg, sizeof(msg)) != 0)
		fprintf(stderr, "wijkagenda: %s\n", msg);
	else if (app_load(app, db, msg, sizeof(msg)) != 0)
		fprintf(stderr, "wijkagenda: %s\n", msg);
	else if (c->demo && seed_demo(db, app, msg, sizeof(msg)) != 0)
		fprintf(stderr, "wijkagenda: demo data: %s\n", msg);
	else
		rc = 0;
	if (rc == 0) {
		app_views_build(app);
		app_shapes_free(app);
	}
	db_close(db);
	return rc;
}

/* http(s)://host[:port][/path] without a trailing slash, quotes or
 * spaces: it is printed in pages and mails. */
static int base_url_ok(const char *u)
{
	size_t n = strlen(u);

	if (strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0)
		return 0;
	if (n > 200 || u[n - 1] == '/')
		return 0;
	for (const char *p = u; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("\"'<>\\", *p))
			return 0;
	return 1;
}

/* Several instances on one PostgreSQL count together: every limiter asks
 * the database first (store_rate_take), with a hash of the key, so no
 * client or e-mail address is stored. */
static int shared_take(void *ctx, const char *name, const char *key,
		       double per_minute, double burst, int *retry_after)
{
	struct db *db = store_thread_db();
	const char *parts[2] = {name, key};
	char hash[33];

	(void)ctx;
	if (!db)
		return -1;
	token_hash_parts(hash, parts, 2);
	return store_rate_take(db, name, hash, per_minute, burst, retry_after);
}

static void share_limits(struct app *app)
{
	struct ratelimit *all[] = {app->rl_login_ip, app->rl_login_account,
				   app->rl_mail_ip, app->rl_mail_address,
				   app->rl_intake};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i])
			ratelimit_share(all[i], shared_take, NULL);
}

/* Limits of 0 are off.  Per e-mail address: a third of the per-client
 * rate for log-ins; mailed links at most 3 an hour per address. */
static void rate_limits(const struct config *c, struct app *app)
{
	if (c->rate_login) {
		app->rl_login_ip = ratelimit_new("login", (double)c->rate_login,
						 (double)c->rate_login);
		app->rl_login_account = ratelimit_new(
			"login-account", c->rate_login / 3.0 + 1, c->rate_login / 2.0 + 1);
	}
	if (c->rate_mail) {
		app->rl_mail_ip = ratelimit_new("mail", (double)c->rate_mail,
						(double)c->rate_mail);
		app->rl_mail_address = ratelimit_new("mail-address", 0.05, 3);
	}
	if (c->rate_intake)
		app->rl_intake = ratelimit_new("intake", (double)c->rate_intake,
					       (double)c->rate_intake);
	if (strncmp(c->db, "postgres://", 11) == 0 ||
	    strncmp(c->db, "postgresql://", 13) == 0)
		share_limits(app);
}

static void rate_limits_free(struct app *app)
{
	ratelimit_free(app->rl_login_ip);
	ratelimit_free(app->rl_login_account);
	ratelimit_free(app->rl_mail_ip);
	ratelimit_free(app->rl_mail_address);
	ratelimit_free(app->rl_intake);
}

/* The SMTP password comes from a file, never the command line (ps). */
static int read_secret(const char *path, char *out, size_t outlen)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(out, 1, outlen - 1, f);
	fclose(f);
	out[n] = '\0';
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

static struct smtp_config smtp;
static char smtp_password[256];

static int mail_setup(const struct config *c, struct app *app)
{
	if (!c->smtp_url)
		return 0;
	if (strncmp(c->smtp_url, "smtp://", 7) != 0 &&
	    strncmp(c->smtp_url, "smtps://", 8) != 0) {
		fprintf(stderr, "wijkagenda: --smtp-url must start with smtp:// or smtps://\n");
		return -1;
	}
	if (c->smtp_password_file &&
	    read_secret(c->smtp_password_file, smtp_password, sizeof(smtp_password)) != 0) {
		fprintf(stderr, "wijkagenda: cannot read --smtp-password-file %s\n",
			c->smtp_password_file);
		return -1;
	}
	memset(&smtp, 0, sizeof(smtp));
	smtp.url = c->smtp_url;
	smtp.from = c->mail_from;
	smtp.username = c->smtp_user;
	smtp.password = c->smtp_password_file ? smtp_password : NULL;
	smtp.require_tls = c->smtp_require_tls;
	app->mail = mail_worker_start(&smtp, c->db, 2000);
	return app->mail ? 0 : -1;
}

static struct app the_app;

static int cmd_serve(int argc, char **argv)
{
	struct config c = {0};
	struct server_config sc;
	struct server *srv;
	struct jobs *jobs;
	sigset_t set;
	char msg[512] = "", default_base[256];
	int sig = 0;

	if (parse_options(argc, argv, &c, usage_serve) != 0)
		return 2;
	if (optind != argc) {
		fprintf(stderr, "wijkagenda: serve takes no argument '%s'\n"
				"usage: wijkagenda serve [options]; see --help\n",
			argv[optind]);
		return 2;
	}
	if (server_parse_listen(c.listen, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "wijkagenda: --listen: %s\n", msg);
		return 2;
	}
	if (!c.base_url) {
		snprintf(default_base, sizeof(default_base), "http://%s", c.listen);
		c.base_url = default_base;
	}
	if (!base_url_ok(c.base_url)) {
		fprintf(stderr, "wijkagenda: --base-url must be http(s)://host[:port] "
				"without a trailing slash, not '%s'\n", c.base_url);
		return 2;
	}
	if (i18n_init(c.locale_dir) != 0)
		log_event("warn", "english_locale_missing", "hint",
			  "run scripts/deps.sh to generate en_GB.UTF-8");
	the_app.municipality = "GM0363";
	the_app.municipality_name = "Amsterdam";
	the_app.base_url = c.base_url;
	auth_configure(&(struct auth_config){(int)c.session_idle,
					     (int)c.session_hours,
					     strncmp(c.base_url, "https://", 8) == 0});
	if (password_init() != 0 || mail_init() != 0) {
		fprintf(stderr, "wijkagenda: cannot initialise libsodium or libcurl\n");
		return 1;
	}
	rate_limits(&c, &the_app);
	the_app.demo = c.demo;
	the_app.dedupe_window_s = (int)c.dedupe_window;
	if (serve_prepare(&c, &the_app) != 0)
		return 1;
	store_configure(c.db);
	/* Block the stop signals in every thread; main waits for them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	memset(&sc, 0, sizeof(sc));
	sc.listen = c.listen;
	sc.threads = (unsigned)c.threads;
	sc.max_body_bytes = (size_t)c.max_body;
	sc.max_header_bytes = 32768;
	sc.timeout_seconds = 30;
	sc.header_timeout_seconds = (unsigned)c.header_timeout;
	/* Behind a proxy every connection comes from the proxy. */
	sc.per_address = c.nproxies ? 0 : (unsigned)c.per_address;
	memcpy(sc.trusted_proxies, c.proxies, sizeof(c.proxies));
	sc.ntrusted_proxies = c.nproxies;
	sc.head = routes_head;
	/* Password hashing: as many threads as argon2id may run at once; a
	 * log-in waits at most a second for one, else 503 (web/login.c). */
	sc.slow_threads = PASSWORD_CONCURRENCY;
	sc.slow_queue = 64;
	sc.slow_wait_ms = 1000;
	log_buffered_start();
	if (mail_setup(&c, &the_app) != 0) {
		log_buffered_stop();
		return 1;
	}
	jobs = jobs_start(c.db, (int)c.retention_days, (int)c.session_idle, c.base_url);
	srv = server_start(&sc, routes_dispatch, &the_app, msg, sizeof(msg));
	if (!srv) {
		jobs_stop(jobs);
		mail_worker_stop(the_app.mail);
		log_buffered_stop();
		fprintf(stderr, "wijkagenda: %s\n", msg);
		return 1;
	}
	log_event("info", "listening", "address", c.listen, "db", c.db, "demo",
		  c.demo ? "yes" : "no");
	sigwait(&set, &sig);
	log_event("info", "stopping", "signal", sig == SIGTERM ? "TERM" : "INT");
	server_stop(srv, 10000);
	jobs_stop(jobs);
	mail_worker_stop(the_app.mail);
	rate_limits_free(&the_app);
	mail_cleanup();
	app_release(&the_app);
	log_buffered_stop();
	log_event("info", "stopped");
	return 0;
}

/* Make or promote a beheerder; print a one-time link to set the password. */
static int cmd_admin(int argc, char **argv)
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
	if (parse_options(argc - 1, argv + 1, &c, usage_admin) != 0)
		return 2;
	if (!c.email || !strchr(c.email, '@') || strlen(c.email) > 254) {
		fprintf(stderr, "wijkagenda: admin create needs --email ADDRESS\n");
		return 2;
	}
	for (char *p = (char *)c.email; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (!(db = open_migrated(c.db)))
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

static int cmd_retention(int argc, char **argv)
{
	struct config c = {0};
	struct db *db;
	char msg[256];
	int rc;

	if (parse_options(argc, argv, &c, usage_retention) != 0)
		return 2;
	if (!(db = open_migrated(c.db)))
		return 1;
	rc = jobs_retention(db, (int)c.retention_days, (int)c.session_idle, msg,
			    sizeof(msg));
	db_close(db);
	printf("%s\n", msg);
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_main, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (token_init() != 0) {
		fputs("wijkagenda: libsodium failed to initialise\n", stderr);
		return 1;
	}
	if (strcmp(argv[1], "serve") == 0)
		return cmd_serve(argc - 1, argv + 1);
	if (strcmp(argv[1], "migrate") == 0)
		return cmd_migrate(argc - 1, argv + 1);
	if (strcmp(argv[1], "import-areas") == 0)
		return cmd_import(argc - 1, argv + 1);
	if (strcmp(argv[1], "admin") == 0)
		return cmd_admin(argc - 1, argv + 1);
	if (strcmp(argv[1], "migrate-data") == 0)
		return cmd_migrate_data(argc - 1, argv + 1);
	if (strcmp(argv[1], "import-hsds") == 0)
		return hsds_cli_import(argc - 1, argv + 1, seed_base);
	if (strcmp(argv[1], "export-hsds") == 0)
		return hsds_cli_export(argc - 1, argv + 1, seed_base);
	if (strcmp(argv[1], "retention") == 0)
		return cmd_retention(argc - 1, argv + 1);
	fprintf(stderr, "wijkagenda: unknown command '%s'\n\n%s", argv[1], usage_main);
	return 2;
}
