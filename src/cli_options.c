/* cli_options: the option table of every command, and its parser (see
 * cli.h).  A row says the option's name, what kind of value it takes,
 * where in struct config it goes and, for numbers, their limits; an
 * option whose value needs more than that names a function.  getopt_long's
 * own table is made from this one, so the two cannot disagree. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <sodium.h>

#include "app/resident.h"
#include "base/log.h"
#include "base/token.h"
#include "cli.h"
#include "domain/area.h"
#include "domain/freshness.h"
#include "http/server.h"
#include "store/store.h"
#include "text/classify.h"
#include "web/conditional.h"
#include "web/site.h"

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

/* --suggest-language dutch|english: the stemmer the category suggestion
 * trains with (text/classify.h). */
static int suggest_language_option(struct config *c, const char *arg)
{
	int lang = classify_lang_parse(arg);

	if (lang < 0) {
		fprintf(stderr, "wijkagenda: --suggest-language must be dutch or english\n");
		return -1;
	}
	c->suggest_lang = lang;
	return 0;
}

/* --site HOST=GMxxxx: a host name as the Host header names it (lower
 * case, without port) and a CBS municipality code; each host once. */
static int site_option(struct config *c, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char part[SITE_HOST_MAX + 1], host[SITE_HOST_MAX + 1];
	size_t hn = eq ? (size_t)(eq - arg) : 0;

	if (c->nsites == CLI_MAX_SITES) {
		fprintf(stderr, "wijkagenda: at most %d --site\n", CLI_MAX_SITES);
		return -1;
	}
	if (hn && hn <= SITE_HOST_MAX)
		snprintf(part, sizeof(part), "%.*s", (int)hn, arg);
	if (!eq || hn == 0 || hn > SITE_HOST_MAX || !area_is_gemeente_code(eq + 1) ||
	    site_host_normalise(part, host, sizeof(host)) != 0 ||
	    strlen(host) != hn || strncmp(host, arg, hn) != 0) {
		fprintf(stderr, "wijkagenda: --site must be HOST=GMnnnn with a lower-case "
				"host name without port, not '%s'\n", arg);
		return -1;
	}
	for (size_t i = 0; i < c->nsites; i++)
		if (strncmp(c->sites[i], arg, hn + 1) == 0) {
			fprintf(stderr, "wijkagenda: --site %.*s given twice\n",
				(int)hn, arg);
			return -1;
		}
	c->sites[c->nsites++] = arg;
	return 0;
}

static const struct option_def table[] = {
	TEXT("listen", listen),
	TEXT("db", db),
	NUMBER("threads", threads, 1, 256),
	NUMBER("max-body", max_body, 1024, 16777216),
	NUMBER("dedupe-window", dedupe_window, 0, 3600),
	NUMBER("figures-wait-ms", figures_wait_ms, 0, 600000),
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
	TEXT("secret-file", secret_file),
	TEXT("photo-dir", photo_dir),
	FLAG("smtp-require-tls", smtp_require_tls),
	NUMBER("session-idle", session_idle, 5, 1440),
	NUMBER("session-hours", session_hours, 1, 168),
	NUMBER("rate-login", rate_login, 0, 100000),
	NUMBER("rate-mail", rate_mail, 0, 100000),
	NUMBER("rate-intake", rate_intake, 0, 1000000),
	NUMBER("rate-readability", rate_readability, 0, 1000000),
	NUMBER("rate-suggest", rate_suggest, 0, 1000000),
	NUMBER("retention-days", retention_days, 1, 3650),
	NUMBER("year", year, 1900, 2999),
	CUSTOM("freshness-days", freshness_option),
	NUMBER("cache-mb", cache_mb, 0, 65536),
	CUSTOM("site", site_option),
	CUSTOM("suggest-language", suggest_language_option),
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
	c->rate_suggest = 120;
	c->retention_days = 365;
	c->smtp_url = env_or("WIJKAGENDA_SMTP_URL", NULL);
	c->mail_from = env_or("WIJKAGENDA_MAIL_FROM",
			      "wijkagenda@localhost.localdomain");
	c->max_body = 65536;
	c->dedupe_window = 10;
	c->per_address = 128;
	c->header_timeout = 10;
	c->cache_mb = 32;
	c->figures_wait_ms = 5000;
	c->base_url = env_or("WIJKAGENDA_BASE_URL", NULL);
	c->secret_file = env_or("WIJKAGENDA_SECRET_FILE", NULL);
	c->photo_dir = env_or("WIJKAGENDA_PHOTO_DIR", NULL);
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

struct db *cli_open_migrated(const struct config *c)
{
	struct db *db;
	char msg[600] = "";

	if (store_open_migrated(c->db, &db, msg, sizeof(msg)) != ERR_OK) {
		fprintf(stderr, "wijkagenda: %s\n", msg);
		return NULL;
	}
	if (cli_secret_setup(c, db) != 0) {
		db_close(db);
		return NULL;
	}
	return db;
}

/* --- the installation secret ------------------------------------------------ */

enum { SECRET_OK = 0, SECRET_MISSING = -1, SECRET_BAD = -2, SECRET_UNSAFE = -3 };

/* 64 hex digits and an optional newline: the secret, from a regular file
 * of ours that no one else may read or write (a file planted by another
 * user, or a symbolic link to one, would hand them every key). */
static int secret_read(const char *path, unsigned char *out)
{
	char hex[2 * TOKEN_KEY_BYTES + 8];
	size_t len = 0;
	ssize_t n;
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), rc = SECRET_BAD;

	if (fd < 0)
		return errno == ENOENT ? SECRET_MISSING
		       : errno == ELOOP ? SECRET_UNSAFE : SECRET_BAD;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 077)) {
		close(fd);
		return SECRET_UNSAFE;
	}
	n = read(fd, hex, sizeof(hex) - 1);
	close(fd);
	if (n < 0)
		return SECRET_BAD;
	while (n && (hex[n - 1] == '\n' || hex[n - 1] == '\r'))
		n--;
	hex[n] = '\0';
	if (n == 2 * TOKEN_KEY_BYTES &&
	    sodium_hex2bin(out, TOKEN_KEY_BYTES, hex, (size_t)n, NULL, &len, NULL) == 0 &&
	    len == TOKEN_KEY_BYTES)
		rc = SECRET_OK;
	sodium_memzero(hex, sizeof(hex));
	return rc;
}

/* fsync the directory of path, so that a new name in it survives a crash
 * (the database's fingerprint of the secret is committed right after). */
static int dir_sync(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd, rc;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path + 1),
			  path) >= (int)sizeof(dir))
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* key in a new file at path, readable by the owner only: written under a
 * unique temporary name and linked, so that two instances starting at
 * once never read a half-written file (the one that loses the link reads
 * the winner's, EEXIST); a temporary file left by a killed start never
 * blocks the next. */
static int secret_create(const char *path, const unsigned char *key)
{
	char hex[2 * TOKEN_KEY_BYTES + 2], tmp[4096];
	int fd, rc = -1, saved;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkstemp(tmp); /* O_EXCL, mode 0600 */
	if (fd < 0)
		return -1;
	sodium_bin2hex(hex, sizeof(hex), key, TOKEN_KEY_BYTES);
	hex[2 * TOKEN_KEY_BYTES] = '\n';
	if (write(fd, hex, sizeof(hex) - 1) == (ssize_t)sizeof(hex) - 1 &&
	    fsync(fd) == 0)
		rc = link(tmp, path) == 0 || errno == EEXIST ? 0 : -1;
	saved = errno;
	close(fd);
	unlink(tmp);
	sodium_memzero(hex, sizeof(hex));
	if (rc == 0 && dir_sync(path) != 0)
		rc = -1, saved = errno;
	errno = saved;
	return rc;
}

static const char *secret_path(const struct config *c, char *buf, size_t len)
{
	const char *db = c->db;

	if (c->secret_file)
		return c->secret_file;
	if (strncmp(db, "postgres://", 11) == 0 ||
	    strncmp(db, "postgresql://", 13) == 0)
		return NULL;
	if (strncmp(db, "sqlite:", 7) == 0)
		db += 7;
	if (strcmp(db, ":memory:") == 0 ||
	    snprintf(buf, len, "%s.secret", db) >= (int)len)
		return NULL;
	return buf;
}

/* The ETags' key, derived from the installation secret now in use. */
static void etag_key_from_secret(void)
{
	const char *parts[1] = {"etag"};
	unsigned char k[WEB_ETAG_KEY_BYTES];
	char hex[33];

	resident_key_parts(hex, parts, 1);
	if (sodium_hex2bin(k, sizeof(k), hex, 32, NULL, NULL, NULL) == 0)
		web_conditional_key(k);
	sodium_memzero(k, sizeof(k));
}

/* A missing file is made: with the secret the database kept until now
 * (an installation that ran without --secret-file moves it out, and the
 * database's copy is dropped by resident_secret_use), else a new one. */
static int secret_make(struct db *db, const char *path)
{
	unsigned char key[TOKEN_KEY_BYTES];
	bool kept = false;
	int rc;

	if (resident_secret_stored(db, key, &kept) != ERR_OK)
		return -1;
	if (!kept)
		randombytes_buf(key, sizeof(key));
	rc = secret_create(path, key);
	sodium_memzero(key, sizeof(key));
	if (rc == 0 && kept)
		log_event("info", "secret_moved_to_file", "file", path);
	return rc;
}

int cli_secret_setup(const struct config *c, struct db *db)
{
	unsigned char key[TOKEN_KEY_BYTES];
	char buf[4096], msg[300] = "";
	const char *path = secret_path(c, buf, sizeof(buf));
	int r = path ? secret_read(path, key) : SECRET_OK;
	enum err e;

	if (path && r == SECRET_MISSING) {
		if (secret_make(db, path) != 0) {
			fprintf(stderr, "wijkagenda: cannot write the secret file %s: %s\n",
				path, strerror(errno));
			return -1;
		}
		r = secret_read(path, key);
	}
	if (r != SECRET_OK) {
		fprintf(stderr, "wijkagenda: the secret file %s %s\n", path,
			r == SECRET_UNSAFE
				? "must be a regular file of this user that no one "
				  "else may read or write (chmod 600; not a link)"
			: r == SECRET_BAD ? "does not hold 64 hex digits"
					  : "cannot be read");
		return -1;
	}
	if (!path)
		log_event("warn", "secret_in_database", "hint",
			  "the residents' keys are keyed with a secret kept in the "
			  "database; give every instance --secret-file FILE (a file "
			  "that does not exist yet receives the database's secret)");
	e = resident_secret_use(db, path ? key : NULL, msg, sizeof(msg));
	sodium_memzero(key, sizeof(key));
	if (e != ERR_OK) {
		fprintf(stderr, "wijkagenda: %s\n", msg);
		return -1;
	}
	etag_key_from_secret();
	return 0;
}

char *cli_read_file(const char *path, size_t max, size_t *len, char *msg,
		    size_t msglen)
{
	FILE *f = fopen(path, "rb");
	char *data;

	if (!f) {
		snprintf(msg, msglen, "cannot open %s", path);
		return NULL;
	}
	data = malloc(max + 1);
	if (!data)
		abort();
	*len = fread(data, 1, max + 1, f);
	if (ferror(f) || *len > max) {
		if (ferror(f))
			snprintf(msg, msglen, "cannot read %s", path);
		else
			snprintf(msg, msglen, "%s is larger than %zu bytes", path, max);
		free(data);
		data = NULL;
	}
	fclose(f);
	return data;
}

const char *cli_photo_dir(const struct config *c, char *out, size_t outlen)
{
	const char *db = c->db, *slash;

	if (c->photo_dir) {
		snprintf(out, outlen, "%s", c->photo_dir);
		return out;
	}
	if (strncmp(db, "postgres://", 11) == 0 ||
	    strncmp(db, "postgresql://", 13) == 0) {
		snprintf(out, outlen, "var/fotos");
		return out;
	}
	if (strncmp(db, "sqlite:", 7) == 0)
		db += 7;
	if (strcmp(db, ":memory:") == 0 || strncmp(db, "file:", 5) == 0)
		return NULL;
	slash = strrchr(db, '/');
	if (slash)
		snprintf(out, outlen, "%.*s/fotos", (int)(slash - db), db);
	else
		snprintf(out, outlen, "fotos");
	return out;
}
