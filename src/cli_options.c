/* cli_options: the option table of every command, and its parser (see
 * cli.h).  A row says the option's name, what kind of value it takes,
 * where in struct config it goes and, for numbers, their limits; an
 * option whose value needs more than that names a function.  getopt_long's
 * own table is made from this one, so the two cannot disagree. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "http/server.h"
#include "store/store.h"
#include "domain/freshness.h"

enum opt_kind { O_TEXT, O_NUMBER, O_FLAG, O_CUSTOM, O_CUSTOM_FLAG };

struct option_def {
	const char *name;
	enum opt_kind kind;
	size_t offset;	/* in struct config (O_TEXT, O_NUMBER, O_FLAG) */
	long min, max;	/* O_NUMBER */
	/* O_CUSTOM (with a value), O_CUSTOM_FLAG (arg NULL) */
	int (*custom)(struct config *c, const char *arg);
};

#define TEXT(n, f) {n, O_TEXT, offsetof(struct config, f), 0, 0, NULL}
#define NUMBER(n, f, lo, hi) {n, O_NUMBER, offsetof(struct config, f), lo, hi, NULL}
#define FLAG(n, f) {n, O_FLAG, offsetof(struct config, f), 0, 0, NULL}
#define CUSTOM(n, fn) {n, O_CUSTOM, 0, 0, 0, fn}
#define CUSTOM_FLAG(n, fn) {n, O_CUSTOM_FLAG, 0, 0, 0, fn}

/* Trusting X-Forwarded-For from anyone let every client choose its
 * address for the rate limits. */
static int trust_proxy_gone(struct config *c, const char *arg)
{
	(void)c, (void)arg;
	fprintf(stderr, "wijkagenda: --trust-proxy is gone: name the proxy with "
			"--trusted-proxy ADDR\n");
	return -1;
}

static int trusted_proxy(struct config *c, const char *arg)
{
	char err[160];

	if (c->nproxies == SERVER_MAX_PROXIES) {
		fprintf(stderr, "wijkagenda: at most %d --trusted-proxy\n",
			SERVER_MAX_PROXIES);
		return -1;
	}
	if (server_parse_proxy(arg, err, sizeof(err)) != 0) {
		fprintf(stderr, "wijkagenda: %s\n", err);
		return -1;
	}
	c->proxies[c->nproxies++] = arg;
	return 0;
}

static int freshness_option(struct config *c, const char *arg)
{
	char err[160];

	(void)c;
	if (freshness_configure(arg, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "wijkagenda: %s\n", err);
	return -1;
}

static const struct option_def table[] = {
	TEXT("listen", listen),
	TEXT("db", db),
	NUMBER("threads", threads, 1, 256),
	NUMBER("max-body", max_body, 1024, 16777216),
	NUMBER("dedupe-window", dedupe_window, 0, 3600),
	CUSTOM_FLAG("trust-proxy", trust_proxy_gone),
	CUSTOM("trusted-proxy", trusted_proxy),
	NUMBER("max-conns-per-address", per_address, 1, 10000),
	NUMBER("header-timeout", header_timeout, 1, 300),
	FLAG("demo", demo),
	FLAG("no-seed", no_seed),
	FLAG("open311-api-key", open311_api_key),
	TEXT("locale-dir", locale_dir),
	TEXT("level", level),
	TEXT("municipality", municipality),
	TEXT("code-prop", code_prop),
	TEXT("name-prop", name_prop),
	TEXT("parent-prop", parent_prop),
	TEXT("base-url", base_url),
	TEXT("municipality-name", municipality_name),
	TEXT("email", email),
	TEXT("name", name),
	TEXT("smtp-url", smtp_url),
	TEXT("mail-from", mail_from),
	TEXT("smtp-user", smtp_user),
	TEXT("smtp-password-file", smtp_password_file),
	FLAG("smtp-require-tls", smtp_require_tls),
	NUMBER("session-idle", session_idle, 5, 1440),
	NUMBER("session-hours", session_hours, 1, 168),
	NUMBER("rate-login", rate_login, 0, 100000),
	NUMBER("rate-mail", rate_mail, 0, 100000),
	NUMBER("rate-intake", rate_intake, 0, 1000000),
	NUMBER("rate-readability", rate_readability, 0, 1000000),
	NUMBER("retention-days", retention_days, 1, 3650),
	NUMBER("year", year, 1900, 2999),
	CUSTOM("freshness-days", freshness_option),
};
#define NOPTIONS (sizeof(table) / sizeof(table[0]))
#define OPT_BASE 256
#define OPT_HELP (OPT_BASE + (int)NOPTIONS)

/* strtonum-style: the whole string a number within [lo, hi]. */
static int parse_long(const char *name, const char *s, long lo, long hi,
		      long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "wijkagenda: --%s must be a whole number from %ld "
				"to %ld, not '%s'\n",
			name, lo, hi, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int apply(struct config *c, const struct option_def *o, const char *arg)
{
	char *field = (char *)c + o->offset;

	switch (o->kind) {
	case O_TEXT:
		memcpy(field, &arg, sizeof(arg));
		return 0;
	case O_NUMBER:
		return parse_long(o->name, arg, o->min, o->max, (long *)(void *)field);
	case O_FLAG:
		*(int *)(void *)field = 1;
		return 0;
	case O_CUSTOM:
	case O_CUSTOM_FLAG:
		return o->custom(c, arg);
	}
	return -1;
}

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

static void defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->listen = env_or("WIJKAGENDA_LISTEN", "127.0.0.1:8080");
	c->db = env_or("WIJKAGENDA_DB", "var/wijkagenda.db");
	c->threads = 4;
	c->session_idle = 30;
	c->session_hours = 12;
	c->rate_login = 10;
	c->rate_mail = 5;
	c->rate_intake = 30;
	c->rate_readability = 60;
	c->retention_days = 365;
	c->smtp_url = env_or("WIJKAGENDA_SMTP_URL", NULL);
	c->mail_from = env_or("WIJKAGENDA_MAIL_FROM",
			      "wijkagenda@localhost.localdomain");
	c->max_body = 65536;
	c->dedupe_window = 10;
	c->per_address = 128;
	c->header_timeout = 10;
	c->base_url = env_or("WIJKAGENDA_BASE_URL", NULL);
	c->municipality = "GM0363";
	c->code_prop = "code";
	c->name_prop = "naam";
}

int cli_parse(int argc, char **argv, struct config *c, const char *usage)
{
	static struct option longs[NOPTIONS + 2];
	int opt;

	for (size_t i = 0; i < NOPTIONS; i++)
		longs[i] = (struct option){table[i].name,
					   table[i].kind == O_FLAG ||
							   table[i].kind == O_CUSTOM_FLAG
						   ? no_argument
						   : required_argument,
					   NULL, OPT_BASE + (int)i};
	longs[NOPTIONS] = (struct option){"help", no_argument, NULL, OPT_HELP};
	defaults(c);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longs, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(usage, stdout);
			exit(0);
		}
		if (opt < OPT_BASE || opt >= OPT_HELP) {
			fputs("wijkagenda: see --help for the options\n", stderr);
			return -1;
		}
		if (apply(c, &table[opt - OPT_BASE], optarg) != 0)
			return -1;
	}
	return 0;
}

struct db *cli_open_migrated(const char *url)
{
	struct db *db;
	char msg[600] = "";

	if (store_open_migrated(url, &db, msg, sizeof(msg)) != ERR_OK)
		fprintf(stderr, "wijkagenda: %s\n", msg);
	return db;
}
