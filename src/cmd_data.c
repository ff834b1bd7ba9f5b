/* cmd_data: the commands that look after the database: migrate,
 * import-areas and retention. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store/store.h"
#include "app/area.h"
#include "domain/categories.h"
#include "jobs/retention.h"
#include "seed/seed.h"

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

static const char usage_categories[] =
	"usage: wijkagenda import-categories FILE [--municipality CODE] [--db URL]\n"
	"\n"
	"Load a municipality's category tree from a Signalen category fixture\n"
	"(Django JSON, as Amsterdam publishes it: two levels, \"slug\", \"name\",\n"
	"\"parent\", \"handling\", \"is_active\").  Checked whole, then stored in one\n"
	"transaction: a category already there is updated, none is removed.\n"
	"The municipality (default GM0363) must exist (import-areas with\n"
	"--municipality-name).  A running serve reads categories at its start.\n";

static const char usage_retention[] =
	"usage: wijkagenda retention [--db URL] [--retention-days N]\n"
	"\n"
	"Anonymise the contact data of signals closed more than N days ago\n"
	"(default 365), delete their photos and photos never attached to a\n"
	"signal (--photo-dir, as serve), and remove expired sessions and\n"
	"one-time links.\n"
	"serve runs this daily by itself.\n";

int cmd_migrate(int argc, char **argv)
{
	struct config c = {0};
	struct db *db;

	if (cli_parse(argc, argv, &c, usage_migrate) != 0)
		return 2;
	if (!(db = cli_open_migrated(&c)))
		return 1;
	printf("schema version %d\n", store_schema_version(db));
	db_close(db);
	return 0;
}

int cmd_import(int argc, char **argv)
{
	struct config c = {0};
	struct import_opts o;
	struct db *db;
	char msg[1024] = "";
	size_t n = 0;

	if (cli_parse(argc, argv, &c, usage_import) != 0)
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
	if (!(db = cli_open_migrated(&c)))
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

struct categories_load {
	const char *municipality, *json;
	size_t len;
	char *msg;
	size_t msglen;
};

static enum err categories_tx(struct db *db, void *p)
{
	struct categories_load *l = p;

	return seed_categories(db, l->municipality, l->json, l->len, l->msg,
			       l->msglen) == 0
		       ? ERR_OK
		       : ERR_INVALID;
}

int cmd_import_categories(int argc, char **argv)
{
	struct config c = {0};
	struct categories_load l;
	struct db *db;
	char msg[512] = "";
	char *json;
	enum err e;

	if (cli_parse(argc, argv, &c, usage_categories) != 0)
		return 2;
	if (optind != argc - 1) {
		fputs(usage_categories, stderr);
		return 2;
	}
	if (!(json = cli_read_file(argv[optind], CATEGORIES_FILE_MAX, &l.len, msg,
				  sizeof(msg)))) {
		fprintf(stderr, "wijkagenda: import-categories: %s\n", msg);
		return 1;
	}
	if (!(db = cli_open_migrated(&c))) {
		free(json);
		return 1;
	}
	if (!store_has_municipality(db, c.municipality)) {
		fprintf(stderr, "wijkagenda: import-categories: municipality %s is not "
				"there; import its areas first (import-areas "
				"--municipality-name)\n",
			c.municipality);
		free(json);
		db_close(db);
		return 1;
	}
	l = (struct categories_load){c.municipality, json, l.len, msg, sizeof(msg)};
	e = db_write(db, categories_tx, &l);
	free(json);
	db_close(db);
	if (e != ERR_OK) {
		fprintf(stderr, "wijkagenda: import-categories: %s\n",
			msg[0] ? msg : err_name(e));
		return 1;
	}
	printf("imported the categories of %s\n", c.municipality);
	return 0;
}

int cmd_retention(int argc, char **argv)
{
	struct config c = {0};
	struct retention_config rc_cfg;
	struct db *db;
	char msg[256], photo_dir[4096];
	int rc;

	if (cli_parse(argc, argv, &c, usage_retention) != 0)
		return 2;
	if (!(db = cli_open_migrated(&c)))
		return 1;
	rc_cfg = (struct retention_config){
		(int)c.retention_days, (int)c.session_idle,
		cli_photo_dir(&c, photo_dir, sizeof(photo_dir))};
	rc = retention_run(db, &rc_cfg, msg, sizeof(msg));
	db_close(db);
	printf("%s\n", msg);
	return rc == 0 ? 0 : 1;
}

