/* cmd_notify: wijkagenda notify JOB (run a notification job now, as the
 * server's jobs thread would at its time: direct, daily, weekly or
 * professional; for operators after an outage, and for the tests) and
 * wijkagenda bounce ADDRESS... (mark addresses bounced, for bounces that
 * come back later as DSN mail; docs/notifications.md). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "domain/area.h"
#include "cli.h"
#include "domain/email.h"
#include "i18n/i18n.h"
#include "jobs/notify.h"
#include "store/notify.h"
#include "store/store.h"

static const char usage_notify[] =
	"usage: wijkagenda notify direct|daily|weekly|professional [--db URL]\n"
	"                         [--base-url URL] [--municipality CODE]\n"
	"\n"
	"Queue the notification mails of one job now (the server sends them),\n"
	"of one municipality (default GM0363), whose site is at --base-url.\n";

static const char usage_bounce[] =
	"usage: wijkagenda bounce ADDRESS... [--db URL]\n"
	"\n"
	"Mark addresses as bounced: no mail is queued to them until the person\n"
	"confirms again or chooses how often to hear from us.\n";

static const struct {
	const char *name;
	int (*run)(struct db *db, void *ctx, char *msg, size_t msglen);
} notify_jobs[] = {
	{"direct", notify_direct_run},
	{"daily", notify_daily_run},
	{"weekly", notify_weekly_run},
	{"professional", notify_professional_run},
};

int cmd_notify(int argc, char **argv)
{
	struct config c = {0};
	struct app app;
	struct db *db;
	char msg[256] = "", base[256];
	int rc = -1;

	if (cli_parse(argc, argv, &c, usage_notify) != 0)
		return 2;
	if (optind + 1 != argc) {
		fputs(usage_notify, stderr);
		return 2;
	}
	if (!c.base_url) {
		snprintf(base, sizeof(base), "http://%s", c.listen);
		c.base_url = base;
	}
	if (!area_is_gemeente_code(c.municipality)) {
		fprintf(stderr, "wijkagenda: --municipality must be a CBS code like "
				"GM0363, not '%s'\n", c.municipality);
		return 2;
	}
	i18n_init(c.locale_dir);
	memset(&app, 0, sizeof(app));
	app.municipality = c.municipality;
	app.base_url = c.base_url;
	for (size_t i = 0; i < sizeof(notify_jobs) / sizeof(notify_jobs[0]); i++)
		if (strcmp(argv[optind], notify_jobs[i].name) == 0) {
			if (!(db = cli_open_migrated(&c)))
				return 1;
			rc = notify_jobs[i].run(db, &app, msg, sizeof(msg));
			db_close(db);
			printf("%s\n", msg);
			return rc == 0 ? 0 : 1;
		}
	fprintf(stderr, "wijkagenda: no notify job '%s'\n%s", argv[optind],
		usage_notify);
	return 2;
}

int cmd_bounce(int argc, char **argv)
{
	struct config c = {0};
	struct db *db;
	int bad = 0;

	if (cli_parse(argc, argv, &c, usage_bounce) != 0)
		return 2;
	if (optind >= argc) {
		fputs(usage_bounce, stderr);
		return 2;
	}
	for (int i = optind; i < argc; i++)
		if (!email_valid(argv[i])) {
			fprintf(stderr, "wijkagenda: not an address: '%s'\n", argv[i]);
			bad = 1;
		}
	if (bad)
		return 2; /* nothing marked */
	if (!(db = cli_open_migrated(&c)))
		return 1;
	for (int i = optind; i < argc && !bad; i++)
		bad = store_bounce_record_tx(db, argv[i], true) != ERR_OK;
	db_close(db);
	if (bad) {
		fputs("wijkagenda: bounce: the database refused\n", stderr);
		return 1;
	}
	printf("%d addresses marked bounced\n", argc - optind);
	return 0;
}
