/* wijkagenda: the command line.
 *
 *   wijkagenda serve [options]        run the server
 *   wijkagenda migrate [--db URL]     bring the database schema up to date
 *   wijkagenda import-areas FILE --level LEVEL [options]
 *
 * Options come from flags, then WIJKAGENDA_* environment variables, then
 * defaults; everything is validated before anything starts. */
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
#include "web/app.h"
#include "web/import.h"
#include "web/routes.h"
#include "web/seed.h"

struct config {
	const char *listen;
	const char *db;
	const char *locale_dir;
	const char *base_url;
	long threads, max_body, dedupe_window;
	int demo, no_seed, trust_proxy;
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
	"  --trust-proxy          take the client address from X-Forwarded-For\n"
	"                         (only behind nginx)\n"
	"  --demo                 load and show demo data (marked as demo)\n"
	"  --no-seed              do not load the bundled areas and categories\n"
	"                         into an empty database\n"
	"  --base-url URL         how residents reach this server, for the\n"
	"                         links they keep (WIJKAGENDA_BASE_URL;\n"
	"                         default http://LISTEN)\n"
	"  --locale-dir DIR       where the message catalogues are\n";

static const char usage_migrate[] =
	"usage: wijkagenda migrate [--db URL]\n"
	"\n"
	"Apply the migrations built into this program to the database.\n";

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
       OPT_HELP };

static const struct option long_options[] = {
	{"listen", required_argument, NULL, OPT_LISTEN},
	{"db", required_argument, NULL, OPT_DB},
	{"threads", required_argument, NULL, OPT_THREADS},
	{"max-body", required_argument, NULL, OPT_MAX_BODY},
	{"dedupe-window", required_argument, NULL, OPT_DEDUPE},
	{"trust-proxy", no_argument, NULL, OPT_TRUST},
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
	c->max_body = 65536;
	c->dedupe_window = 10;
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
		case OPT_TRUST: c->trust_proxy = 1; break;
		case OPT_DEMO: c->demo = 1; break;
		case OPT_NO_SEED: c->no_seed = 1; break;
		case OPT_LOCALE: c->locale_dir = optarg; break;
		case OPT_BASE_URL: c->base_url = optarg; break;
		case OPT_MUNI_NAME: c->municipality_name = optarg; break;
		case OPT_LEVEL: c->level = optarg; break;
		case OPT_MUNI: c->municipality = optarg; break;
		case OPT_CODE: c->code_prop = optarg; break;
		case OPT_NAME: c->name_prop = optarg; break;
		case OPT_PARENT: c->parent_prop = optarg; break;
		case OPT_HELP: fputs(usage, stdout); exit(0);
		default: fputs(usage, stderr); return -1;
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
	else if (app_load(app, db, msg, sizeof(msg)) != 0)
		fprintf(stderr, "wijkagenda: %s\n", msg);
	else if (c->demo && seed_demo(db, app, msg, sizeof(msg)) != 0)
		fprintf(stderr, "wijkagenda: demo data: %s\n", msg);
	else
		rc = 0;
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

static struct app the_app;

static int cmd_serve(int argc, char **argv)
{
	struct config c = {0};
	struct server_config sc;
	struct server *srv;
	sigset_t set;
	char msg[512] = "", default_base[256];
	int sig = 0;

	if (parse_options(argc, argv, &c, usage_serve) != 0)
		return 2;
	if (optind != argc) {
		fputs(usage_serve, stderr);
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
			  "run scripts/deps.sh to generate en_GB.UTF-8", NULL);
	the_app.municipality = "GM0363";
	the_app.municipality_name = "Amsterdam";
	the_app.base_url = c.base_url;
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
	sc.trust_proxy = c.trust_proxy;
	log_buffered_start();
	srv = server_start(&sc, routes_dispatch, &the_app, msg, sizeof(msg));
	if (!srv) {
		log_buffered_stop();
		fprintf(stderr, "wijkagenda: %s\n", msg);
		return 1;
	}
	log_event("info", "listening", "address", c.listen, "db", c.db, "demo",
		  c.demo ? "yes" : "no", NULL);
	sigwait(&set, &sig);
	log_event("info", "stopping", "signal", sig == SIGTERM ? "TERM" : "INT", NULL);
	server_stop(srv, 10000);
	app_release(&the_app);
	log_buffered_stop();
	log_event("info", "stopped", NULL);
	return 0;
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
	fprintf(stderr, "wijkagenda: unknown command '%s'\n\n%s", argv[1], usage_main);
	return 2;
}
