/* migrate_data: move an installation from its SQLite file to PostgreSQL.
 *
 *   wijkagenda migrate-data --from sqlite:PATH --to postgres://...
 *
 * The source must be at the latest schema version (run "wijkagenda
 * migrate --db PATH" first); it is opened read-only.  The target is
 * migrated to the same version and must hold no rows outside
 * schema_migrations, or nothing is copied.  Every table of the target is
 * copied in foreign-key order (COPY, one transaction: on any failure the
 * target stays empty); the row count of each table is compared with the
 * source; identity sequences are set past the highest id; the full-text
 * column services.search is rebuilt with store_service_reindex.  Tables
 * only SQLite has (the FTS5 index) are not copied.
 * Returns the process exit code (0 done, 1 failed, 2 usage). */
#ifndef WA_MIGRATE_DATA_H
#define WA_MIGRATE_DATA_H

int cmd_migrate_data(int argc, char **argv);

#endif
