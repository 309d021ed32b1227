import type { Migration } from './migrate.js';

/** The scope, in `taxon_migrations`, of the migrations of Taxon's schema itself. */
export const SCHEMA_MIGRATION_SCOPE = 'schema';

/**
 * Every table (and the one function) Taxon created before its tables had their own schema: they
 * were created in `public`. A closed list: new tables are created in the schema from the start.
 */
const LEGACY_TABLES = ['ai_usage_logs', 'taxon_processed_events', 'collector_events'];

/**
 * Applied by `migrate` before any component's migrations. Version 1 moves the legacy tables from
 * `public` into the current schema with `ALTER ... SET SCHEMA`: rows, indexes, constraints,
 * triggers and identity sequences move with them, nothing is copied. A table already in the schema
 * is left alone (and its `public` namesake too: that one is the app's). Written against
 * `current_schema()`, so the one text (and checksum) serves any configured schema.
 */
export const SCHEMA_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'move_tables_from_public',
    sql: `DO $$
DECLARE
  target text := current_schema();
  t text;
BEGIN
  IF target IS NULL OR target = 'public' THEN
    RETURN;
  END IF;
  FOREACH t IN ARRAY ARRAY[${LEGACY_TABLES.map((t) => `'${t}'`).join(', ')}] LOOP
    IF to_regclass(format('public.%I', t)) IS NOT NULL AND to_regclass(format('%I.%I', target, t)) IS NULL THEN
      EXECUTE format('ALTER TABLE public.%I SET SCHEMA %I', t, target);
    END IF;
  END LOOP;
  IF to_regprocedure('public.ai_usage_logs_reject_change()') IS NOT NULL
     AND to_regprocedure(format('%I.ai_usage_logs_reject_change()', target)) IS NULL THEN
    EXECUTE format('ALTER FUNCTION public.ai_usage_logs_reject_change() SET SCHEMA %I', target);
  END IF;
END
$$;`,
  },
];
