/* cmd_serve: wijkagenda serve: prepare the database (migrate, bundled and
 * demo data), load the shared app, start mail, jobs and the HTTP server,
 * and stop them in order on SIGTERM or SIGINT. */
#include <ctype.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/figures.h"
#include "app/kwestie.h"
#include "app/later.h"
#include "app/resident.h"
#include "base/arena.h"
#include "base/log.h"
#include "base/password.h"
#include "base/ratelimit.h"
#include "base/token.h"
#include "base/util.h"
#include "cli.h"
#include "i18n/i18n.h"
#include "jobs/figures.h"
#include "jobs/freshness.h"
#include "jobs/jobs.h"
#include "jobs/kwestie.h"
#include "jobs/notify.h"
#include "jobs/retention.h"
#include "jobs/routing.h"
#include "jobs/suggest.h"
#include "mail/smtp.h"
#include "mail/worker.h"
#include "seed/seed.h"
#include "seed/socialmap_demo.h"
#include "store/photo.h"
#include "store/store.h"
#include "web/auth.h"
#include "web/cache.h"
#include "web/photo.h"
#include "web/routes.h"
#include "web/site.h"

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
	"  --figures-wait-ms MS   how long a reader waits for figures not counted\n"
	"                         yet before being asked to come back while the\n"
	"                         count goes on (0-600000, default 5000)\n"
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
	"  --open311-api-key      Open311 POST requests need an organisation's\n"
	"                         API key (api_key)\n"
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
	"  --rate-readability N   readability checks per minute per client\n"
	"                         (0 = no limit; default 60)\n"
	"  --rate-suggest N       category suggestions per minute per client\n"
	"                         (0 = no limit; default 120)\n"
	"  --suggest-language L   the stemmer of the category suggestion:\n"
	"                         dutch (default) or english\n"
	"  --cache-mb N           keep up to N MiB of public answers in memory,\n"
	"                         dropped by the writes that change them\n"
	"                         (0-65536, default 32;\n"
	"                         0 = no cache)\n"
	"  --retention-days N     anonymise contact data N days after a\n"
	"                         signal closed (1-3650, default 365)\n"
	"  --smtp-url URL         smtp://host:port or smtps://host:port; without\n"
	"                         it no mail is sent (it waits in the outbox)\n"
	"  --mail-from ADDRESS    sender of our mail\n"
	"  --smtp-user NAME, --smtp-password-file FILE, --smtp-require-tls\n"
	"  --base-url URL         how residents reach this server, for the\n"
	"                         links they keep (WIJKAGENDA_BASE_URL;\n"
	"                         default http://LISTEN)\n"
	"";
/* The rest (one literal may be no longer than C99's 4,095 bytes). */
static const char usage_serve_more[] =
	"  --locale-dir DIR       where the message catalogues are\n"
	"  --photo-dir DIR        residents' photos (WIJKAGENDA_PHOTO_DIR;\n"
	"                         default fotos/ beside the database)\n"
	"  --secret-file FILE     the installation secret that keys the\n"
	"                         residents' pseudonymous keys; made there when\n"
	"                         missing (WIJKAGENDA_SECRET_FILE; default\n"
	"                         DB.secret beside a SQLite file, in the\n"
	"                         database for PostgreSQL); back it up with\n"
	"                         the database\n"
	"  --site HOST=GMnnnn     answer requests for HOST (the Host header,\n"
	"                         any port) as municipality GMnnnn, whose\n"
	"                         areas import-areas loaded; repeatable; other\n"
	"                         hosts get 404.  Without it every host is\n"
	"                         GM0363\n";

static struct arena site_arena; /* the hosts and base URLs of the sites */
static struct app the_app; /* the first site's, or the only one */
/* Every municipality served: apps[0] is &the_app; the others are made
 * from it (shared limits, mail, queue, cache) and loaded like it. */
static struct app *apps[CLI_MAX_SITES];
static size_t napps;
static struct site sites[CLI_MAX_SITES];
static size_t nsites;

/* One municipality's app: its name, areas, categories and views. */
static int prepare_app(const struct config *c, struct db *db, struct app *app)
{
	char msg[512] = "", name[256];

	if (!store_has_municipality(db, app->municipality)) {
		fprintf(stderr, "wijkagenda: the database has no areas for %s; "
				"run without --no-seed or use import-areas\n",
			app->municipality);
		return -1;
	}
	if (store_municipality_name(db, app->municipality, name, sizeof(name)) != ERR_OK) {
		fprintf(stderr, "wijkagenda: cannot read the name of %s\n",
			app->municipality);
		return -1;
	}
	app->municipality_name = xstrdup(name);
	app->suggest_lang = c->suggest_lang;
	if (app_load(app, db, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "wijkagenda: %s: %s\n", app->municipality, msg);
		return -1;
	}
	/* The demo signals are in Amsterdam's buurten. */
	if (c->demo && strcmp(app->municipality, "GM0363") == 0 &&
	    seed_demo(db, app, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "wijkagenda: demo data: %s\n", msg);
		return -1;
	}
	app_views_build(app);
	app_shapes_free(app);
	return 0;
}

static int serve_prepare(const struct config *c)
{
	struct db *db = cli_open_migrated(c);
	char msg[512] = "";
	int rc = 0;

	if (!db)
		return -1;
	if (!c->no_seed && seed_base(db, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "wijkagenda: loading bundled data: %s\n", msg);
		rc = -1;
	} else if (socialmap_terms_seed(db, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "wijkagenda: %s\n", msg);
		rc = -1;
	}
	for (size_t i = 0; i < napps && rc == 0; i++)
		rc = prepare_app(c, db, apps[i]);
	db_close(db);
	return rc;
}

/* The base URL of a site: the scheme and port of --base-url with the
 * site's host (https://HOST for a proxy on 443). */
static const char *site_base_url(const char *base, const char *host)
{
	const char *rest = strstr(base, "://") + 3, *port = NULL;

	if (*rest != '[')
		port = strchr(rest, ':');
	else if ((rest = strchr(rest, ']')) && rest[1] == ':')
		port = rest + 1;
	if (port && strchr(port, '/'))
		port = NULL;
	return arena_printf(&site_arena, "%.*s%s%s", (int)(strstr(base, "://") + 3 - base),
			    base, host, port ? port : "");
}

/* The app of municipality code, made from the_app when new. */
static struct app *app_for(const char *code)
{
	struct app *a;

	for (size_t i = 0; i < napps; i++)
		if (strcmp(apps[i]->municipality, code) == 0)
			return apps[i];
	if (napps == 0) {
		a = &the_app;
	} else {
		a = xcalloc(1, sizeof(*a));
		*a = the_app;
		a->areas = NULL;
		/* its own site's, set by sites_build: the copy had the first
		 * site's, and its mails linked to that municipality's host */
		a->base_url = NULL;
	}
	a->municipality = code;
	apps[napps++] = a;
	return a;
}

/* --site HOST=GMxxxx: one app per municipality, the hosts to them.  The
 * first site's municipality answers the health check of any host.
 * Without sites: GM0363 for every host, as one municipality always was. */
static void sites_build(const struct config *c)
{
	napps = nsites = 0;
	arena_init(&site_arena);
	if (c->nsites == 0) {
		the_app.municipality = "GM0363";
		apps[napps++] = &the_app;
		return;
	}
	for (size_t i = 0; i < c->nsites; i++) {
		const char *eq = strchr(c->sites[i], '=');
		char *host = arena_strndup(&site_arena, c->sites[i],
					   (size_t)(eq - c->sites[i]));
		struct app *a = app_for(eq + 1);

		/* A municipality with two hosts links to its first. */
		if (!a->base_url || a->base_url == c->base_url)
			a->base_url = site_base_url(c->base_url, host);
		sites[nsites++] = (struct site){host, a};
	}
}

/* What serve starts after loading is shared by every app. */
static void apps_share(void)
{
	for (size_t i = 1; i < napps; i++) {
		apps[i]->mail = the_app.mail;
		apps[i]->later = the_app.later;
		apps[i]->cache = the_app.cache;
	}
}

static void apps_release(void)
{
	for (size_t i = 0; i < napps; i++) {
		free((char *)apps[i]->municipality_name);
		app_release(apps[i]);
		if (apps[i] != &the_app)
			free(apps[i]);
	}
	napps = 0;
	arena_clear(&site_arena);
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
 * client or e-mail address is stored (keyed, app/resident.h). */
static int shared_take(void *ctx, const char *name, const char *key,
		       double per_minute, double burst, int *retry_after)
{
	struct db *db = store_thread_db();
	const char *parts[2] = {name, key};
	char hash[33];

	(void)ctx;
	if (!db)
		return -1;
	resident_key_parts(hash, parts, 2); /* keyed: the key is an address */
	return store_rate_take(db, name, hash, per_minute, burst, retry_after);
}

static void share_limits(struct app *app)
{
	struct ratelimit *all[] = {app->rl_login_ip, app->rl_login_account,
				   app->rl_mail_ip, app->rl_mail_address,
				   app->rl_intake, app->rl_readability,
				   app->rl_suggest};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i])
			ratelimit_share(all[i], shared_take, NULL);
}

/* Limits of 0 are off.  Log-ins: per client address, and per account
 * and client address together (a third of the rate), never per account
 * alone, which would let anyone lock a professional out.  Mailed links:
 * per client, and at most 3 an hour per e-mail address. */
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
	/* The writer's box asks after each pause in typing: a minute of
	 * steady writing is some tens of checks. */
	if (c->rate_readability)
		app->rl_readability = ratelimit_new("readability",
						    (double)c->rate_readability,
						    (double)c->rate_readability);
	/* the report form asks after each pause in typing (static/suggest.js) */
	if (c->rate_suggest)
		app->rl_suggest = ratelimit_new("suggest", (double)c->rate_suggest,
						(double)c->rate_suggest);
	if (strncmp(c->db, "postgres://", 11) == 0 ||
	    strncmp(c->db, "postgresql://", 13) == 0)
		share_limits(app);
}

/* The answer cache and, on PostgreSQL, the listener that tells it of the
 * other instances' writes (store/generation.c). */
static int cache_start(const struct config *c, struct app *app)
{
	char msg[160];

	if (!c->cache_mb)
		return 0;
	if (db_listen_start(c->db, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "wijkagenda: %s\n", msg);
		return -1;
	}
	app->cache = web_cache_new((size_t)c->cache_mb << 20);
	return 0;
}

static void cache_stop(struct app *app)
{
	db_listen_stop();
	web_cache_free(app->cache);
	app->cache = NULL;
}

static void rate_limits_free(struct app *app)
{
	ratelimit_free(app->rl_login_ip);
	ratelimit_free(app->rl_login_account);
	ratelimit_free(app->rl_mail_ip);
	ratelimit_free(app->rl_mail_address);
	ratelimit_free(app->rl_intake);
	ratelimit_free(app->rl_readability);
	ratelimit_free(app->rl_suggest);
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

static struct retention_config retention_cfg;
#define AT_7(weekday) {true, 7, 0, (weekday)} /* 07:00 Amsterdam */
/* Jobs of this process (struct job's local), after the others in each
 * tick: the first tick's claims land at the start as they always did
 * (tests prove "nothing changed" over job_runs and the audit log, and a
 * late first tick wrote inside them). */
static const struct job jobs_local[] = {
	{"routing_warm", ROUTING_WARM_EVERY_S, routing_warm_run, NULL, {0}, true},
};
/* Jobs of the whole installation: their queries are not by municipality. */
static const struct job jobs_shared[] = {
	{"retention", 86400, retention_run, &retention_cfg, {0}, false},
	{"freshness", 86400, freshness_remind, NULL, {0}, false}, /* ctx: the sites */
	/* parked kwesties back on the regisseur's list on their date */
	{"kwestie_unpark", 3600, kwestie_unpark_run, NULL, {0}, false},
};
/* Jobs of each municipality (ctx: its app): notifications (jobs/notify.h)
 * link to its own site. */
static const struct job jobs_each[] = {
	{"notify_direct", 60, notify_direct_run, NULL, {0}, false},
	{"notify_daily", 86400, notify_daily_run, NULL, AT_7(0), false},
	{"notify_weekly", 7 * 86400, notify_weekly_run, NULL, AT_7(1), false},
	{"notify_professional", 86400, notify_professional_run, NULL, AT_7(0), false},
	/* the category suggestion's model (jobs/suggest.h) */
	{"suggest_train", SUGGEST_TRAIN_EVERY_S, suggest_train_run, NULL, {0}, false},
};
/* The public figures counted ahead (jobs/figures.h), on a jobs thread of
 * their own: at national size one run counts for minutes, and the
 * notifications of the minute must not wait for it. */
static const struct job jobs_count[] = {
	{"figures_refresh", FIGURES_REFRESH_S, figures_refresh_run, NULL, {0}, false},
};
#define NLOCAL (sizeof(jobs_local) / sizeof(jobs_local[0]))
#define NSHARED (sizeof(jobs_shared) / sizeof(jobs_shared[0]))
#define NEACH (sizeof(jobs_each) / sizeof(jobs_each[0]))
#define NCOUNT (sizeof(jobs_count) / sizeof(jobs_count[0]))
static struct job job_table[NLOCAL + NSHARED + NEACH * CLI_MAX_SITES];
static struct job count_table[NCOUNT * CLI_MAX_SITES];

/* The table for every app.  Amsterdam's jobs keep their names (their
 * claims in the database from before there were sites); another
 * municipality's are named NAME:GMnnnn, so each is claimed on its own. */
/* The site of a municipality served here, else the installation's own
 * base URL (--base-url). */
static const char *base_of(void *ctx, const char *municipality)
{
	for (size_t a = 0; municipality && a < napps; a++)
		if (strcmp(apps[a]->municipality, municipality) == 0 &&
		    apps[a]->base_url)
			return apps[a]->base_url;
	return ctx;
}

static struct freshness_sites freshness_sites;

/* A job of each municipality for app. */
static void job_of_app(struct job *j, const struct job *of, struct app *app)
{
	*j = *of;
	j->ctx = app;
	if (strcmp(app->municipality, "GM0363") != 0)
		j->name = arena_printf(&site_arena, "%s:%s", j->name,
				       app->municipality);
}

static size_t jobs_build(const char *base_url)
{
	size_t n = 0;

	for (size_t i = 0; i < NSHARED; i++) {
		job_table[n] = jobs_shared[i];
		if (jobs_shared[i].run == freshness_remind)
			job_table[n].ctx = &freshness_sites;
		n++;
	}
	freshness_sites = (struct freshness_sites){base_of, (void *)base_url};
	for (size_t a = 0; a < napps; a++)
		for (size_t i = 0; i < NEACH; i++)
			job_of_app(&job_table[n++], &jobs_each[i], apps[a]);
	for (size_t i = 0; i < NLOCAL; i++)
		job_table[n++] = jobs_local[i];
	return n;
}

/* The counting jobs' table (count_table) for every app: their number. */
static size_t count_build(void)
{
	size_t n = 0;

	for (size_t a = 0; a < napps; a++)
		for (size_t i = 0; i < NCOUNT; i++)
			job_of_app(&count_table[n++], &jobs_count[i], apps[a]);
	return n;
}

/* glibc gives memory above 128 KB back to the system on free and maps
 * it again on the next request (its thresholds move with the sizes it
 * sees, per thread's arena): a page read from PostgreSQL (libpq's result
 * of 1,000 rows, the body growing to 600 KB) then faulted ~350 pages in
 * again per request, half the server's CPU for an Open311 list.  Kept up
 * to 8 MB a thread and mapped apart only from 2 MB: per list 11.5 ->
 * 5.7 ms of CPU, the same peak RSS (bench/RESULTS.md, issue 16).  The
 * settings are the process's, for every arena: up to 8 MB each may stay
 * unreturned while idle (glibc makes up to eight arenas a core).  Other
 * C libraries: left as they are. */
static void malloc_keep(void)
{
#ifdef __GLIBC__
	if (!mallopt(M_MMAP_THRESHOLD, 2 << 20) || !mallopt(M_TRIM_THRESHOLD, 8 << 20))
		log_event("warn", "mallopt_refused");
#endif
}

int cmd_serve(int argc, char **argv)
{
	struct config c = {0};
	struct server_config sc;
	struct server *srv;
	struct jobs *jobs, *counting;
	sigset_t set;
	char msg[512] = "", default_base[256];
	static char usage[sizeof(usage_serve) + sizeof(usage_serve_more)];
	static char photo_dir[4096];
	int sig = 0;

	snprintf(usage, sizeof(usage), "%s%s", usage_serve, usage_serve_more);
	if (cli_parse(argc, argv, &c, usage) != 0)
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
	the_app.base_url = c.base_url;
	auth_configure(&(struct auth_config){(int)c.session_idle,
					     (int)c.session_hours,
					     strncmp(c.base_url, "https://", 8) == 0});
	if (password_init() != 0 || mail_init() != 0) {
		fprintf(stderr, "wijkagenda: cannot initialise libsodium or libcurl\n");
		return 1;
	}
	rate_limits(&c, &the_app);
	the_app.photo_dir = cli_photo_dir(&c, photo_dir, sizeof(photo_dir));
	if (the_app.photo_dir &&
	    photo_files_prepare(the_app.photo_dir, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "wijkagenda: --photo-dir: %s\n", msg);
		rate_limits_free(&the_app);
		return 1;
	}
	the_app.demo = c.demo;
	the_app.open311_api_key = c.open311_api_key;
	the_app.dedupe_window_s = (int)c.dedupe_window;
	the_app.figures_wait_ms = (int)c.figures_wait_ms;
	sites_build(&c);
	if (serve_prepare(&c) != 0) {
		rate_limits_free(&the_app); /* before app_release zeroes them */
		apps_release();
		return 1;
	}
	site_configure(sites, nsites, &the_app);
	malloc_keep();
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
	/* eight reports with three photos of 10 MB at once (web/photo.h) */
	sc.big_body_budget = 8 * WEB_PHOTO_MAX_BODY;
	/* Password hashing: as many threads as argon2id may run at once; a
	 * log-in waits at most a second for one, else 503 (web/login.c). */
	sc.slow_threads = PASSWORD_CONCURRENCY;
	sc.slow_queue = 64;
	sc.slow_wait_ms = 1000;
	log_buffered_start();
	if (mail_setup(&c, &the_app) != 0) {
		log_buffered_stop();
		rate_limits_free(&the_app);
		store_release();
		apps_release();
		return 1;
	}
	retention_cfg = (struct retention_config){(int)c.retention_days,
						  (int)c.session_idle,
						  the_app.photo_dir};
	the_app.later = later_start(1024);
	apps_share(); /* before the jobs thread reads the apps */
	jobs = jobs_start(c.db, job_table, jobs_build(c.base_url));
	counting = jobs_start(c.db, count_table, count_build());
	if (cache_start(&c, &the_app) != 0) {
		later_stop(the_app.later);
		jobs_stop(jobs);
		jobs_stop(counting);
		mail_worker_stop(the_app.mail);
		log_buffered_stop();
		rate_limits_free(&the_app);
		store_release();
		apps_release();
		return 1;
	}
	apps_share(); /* the cache */
	figures_start();
	srv = server_start(&sc, routes_dispatch, &the_app, msg, sizeof(msg));
	if (!srv) {
		figures_stop();
		cache_stop(&the_app);
		later_stop(the_app.later);
		jobs_stop(jobs);
		jobs_stop(counting);
		mail_worker_stop(the_app.mail);
		log_buffered_stop();
		rate_limits_free(&the_app);
		store_release();
		apps_release();
		fprintf(stderr, "wijkagenda: %s\n", msg);
		return 1;
	}
	log_event("info", "listening", "address", c.listen, "db", c.db, "demo",
		  c.demo ? "yes" : "no");
	sigwait(&set, &sig);
	log_event("info", "stopping", "signal", sig == SIGTERM ? "TERM" : "INT");
	figures_stop(); /* readers waiting for a count are answered */
	server_stop(srv, 10000);
	store_release(); /* no request runs any more */
	cache_stop(&the_app);
	later_stop(the_app.later); /* what was asked for is mailed first */
	jobs_stop(jobs);
	jobs_stop(counting);
	mail_worker_stop(the_app.mail);
	rate_limits_free(&the_app);
	mail_cleanup();
	apps_release();
	log_buffered_stop();
	log_event("info", "stopped");
	return 0;
}

