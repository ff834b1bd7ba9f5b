/* wijkagenda: the command line.
 *
 *   wijkagenda serve [options]        run the server (cmd_serve.c)
 *   wijkagenda migrate [--db URL]     bring the database schema up to date
 *   wijkagenda import-areas FILE --level LEVEL [options]
 *   ...                               (usage_main below; cmd_*.c)
 *
 * Options come from flags, then WIJKAGENDA_* environment variables, then
 * defaults; everything is validated before anything starts (cli.h, the
 * option table in cli_options.c). */
#include <stdio.h>
#include <string.h>

#include "base/token.h"
#include "cli.h"
#include "hsds/hsds.h"
#include "store/migrate_data.h"
#include "seed/seed.h"

static const char usage_main[] =
	"usage: wijkagenda COMMAND [options]\n"
	"\n"
	"commands:\n"
	"  serve          run the HTTP server\n"
	"  migrate        create or upgrade the database schema\n"
	"  import-areas   import areas from a GeoJSON file\n"
	"  import-categories  a municipality's categories from a Signalen fixture\n"
	"  import-population  the inhabitants per area from a CBS CSV table\n"
	"  migrate-data   copy an SQLite installation into an empty PostgreSQL database\n"
	"  import-hsds    import an Open Referral HSDS 3.0 JSON file (social map)\n"
	"  export-hsds    write the social map as HSDS 3.0 JSON\n"
	"  admin create   make a platform beheerder (prints a one-time link)\n"
	"  retention      anonymise old contact data, expire links and sessions\n"
	"  notify JOB     queue notification mails now (direct, daily, weekly,\n"
	"                 professional)\n"
	"  bounce ADDR... mark addresses as bounced (no more mail)\n"
	"\n"
	"Run 'wijkagenda COMMAND --help' for the options of a command.\n";

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{"serve", cmd_serve},
	{"migrate", cmd_migrate},
	{"import-areas", cmd_import},
	{"import-categories", cmd_import_categories},
	{"import-population", cmd_import_population},
	{"admin", cmd_admin},
	{"migrate-data", cmd_migrate_data},
	{"retention", cmd_retention},
	{"notify", cmd_notify},
	{"bounce", cmd_bounce},
};

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
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	if (strcmp(argv[1], "import-hsds") == 0)
		return hsds_cli_import(argc - 1, argv + 1, seed_base);
	if (strcmp(argv[1], "export-hsds") == 0)
		return hsds_cli_export(argc - 1, argv + 1, seed_base);
	fprintf(stderr, "wijkagenda: unknown command '%s'\n\n%s", argv[1], usage_main);
	return 2;
}
