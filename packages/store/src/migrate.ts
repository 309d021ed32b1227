import type { Queryable, SqlDriver } from './driver.js';
import { sha256Hex } from './lib/sha256.js';
import { quoteSchema } from './schema-name.js';
import { SCHEMA_MIGRATION_SCOPE, SCHEMA_MIGRATIONS } from './schema-migrations.js';

/** One versioned SQL migration. */
export interface Migration {
  /** Positive integer from the file name's prefix (`0001_...sql` is 1); applied in ascending order. */
  version: number;
  /** The rest of the file name, e.g. `create_ai_usage_logs`. */
  name: string;
  /** The script: any number of statements, no BEGIN/COMMIT (the runner wraps it in a transaction). */
  sql: string;
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /**
   * Which set of migrations this is, so several components (the usage log, the collector) keep
   * their own version sequence in one `taxon_migrations` table.
   */
  scope: string;
  /** The migrations, in any order; typically from {@link loadMigrations}. */
  migrations: readonly Migration[];
}

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Versions applied by this call, ascending; empty when the database was up to date. */
  applied: number[];
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

function checkList(scope: string, migrations: readonly Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (const [i, m] of sorted.entries()) {
    if (!Number.isSafeInteger(m.version) || m.version < 1) {
      throw new Error(`Migration "${m.name}" (${scope}): version must be a positive integer, got ${m.version}.`);
    }
    if (i > 0 && sorted[i - 1]!.version === m.version) {
      const other = sorted[i - 1]!.name;
      throw new Error(`Migrations (${scope}): version ${m.version} is used twice ("${other}", "${m.name}").`);
    }
  }
  return sorted;
}

async function pending(tx: Queryable, scope: string, sorted: Migration[]): Promise<Migration[]> {
  const { rows } = await tx.query<AppliedRow>(
    'SELECT version, name, checksum FROM taxon_migrations WHERE scope = $1 ORDER BY version',
    [scope],
  );
  const applied = new Map(rows.map((r) => [r.version, r]));
  const highest = rows.length === 0 ? 0 : rows[rows.length - 1]!.version;
  const todo: Migration[] = [];
  for (const m of sorted) {
    const row = applied.get(m.version);
    if (row === undefined) {
      if (m.version < highest) {
        throw new Error(
          `Migration ${m.version} "${m.name}" (${scope}) is not applied but ${highest} is: ` +
            'add new migrations with a version above every applied one.',
        );
      }
      todo.push(m);
    } else if (row.checksum !== (await sha256Hex(m.sql))) {
      throw new Error(
        `Migration ${m.version} "${m.name}" (${scope}) was edited after it was applied ` +
          '(checksum differs): write a new migration instead of changing an applied one.',
      );
    }
  }
  return todo;
}

async function apply(tx: Queryable, scope: string, sorted: Migration[]): Promise<number[]> {
  const todo = await pending(tx, scope, sorted);
  for (const m of todo) {
    try {
      await tx.exec(m.sql);
    } catch (cause) {
      throw new Error(`Migration ${m.version} "${m.name}" (${scope}) failed: ${String(cause)}`, { cause });
    }
    await tx.query('INSERT INTO taxon_migrations (scope, version, name, checksum) VALUES ($1, $2, $3, $4)', [
      scope,
      m.version,
      m.name,
      await sha256Hex(m.sql),
    ]);
  }
  return todo.map((m) => m.version);
}

/**
 * Creates the schema and its `taxon_migrations` table. A database from before Taxon had its own
 * schema keeps `taxon_migrations` in `public`: it is moved first, so the versions applied there
 * stay applied, and {@link SCHEMA_MIGRATIONS} then moves the tables they created.
 */
async function prepareSchema(tx: Queryable, quoted: string): Promise<void> {
  await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
  // Inside this transaction only: the migrations create their tables in the schema whatever path
  // the connection was given.
  await tx.exec(`SET LOCAL search_path TO ${quoted}`);
  const { rows } = await tx.query<{ legacy: boolean }>(
    `SELECT to_regclass('public.taxon_migrations') IS NOT NULL
        AND to_regclass('${quoted}.taxon_migrations') IS NULL AS legacy`,
  );
  if (rows[0]?.legacy === true) await tx.exec(`ALTER TABLE public.taxon_migrations SET SCHEMA ${quoted}`);
  await tx.exec(`CREATE TABLE IF NOT EXISTS taxon_migrations (
    scope text NOT NULL,
    version integer NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, version)
  )`);
}

/**
 * Applies the migrations a database lacks, in version order, all inside one transaction: either
 * every pending migration is applied and recorded in `taxon_migrations`, or none is. Re-running is
 * a no-op. A transaction-scoped advisory lock serialises concurrent runners (several processes
 * starting at once): the second waits, then finds nothing to do. An applied migration whose text
 * changed is an error, so an edited file cannot silently diverge from what the database ran.
 *
 * Everything lives in the driver's schema (`taxon` by default), created here; the schema's own
 * migrations (scope `schema`, e.g. moving tables an older version left in `public`) run first.
 */
export async function migrate(driver: SqlDriver, options: MigrateOptions): Promise<MigrateResult> {
  const sorted = checkList(options.scope, options.migrations);
  const quoted = quoteSchema(driver.schema);
  return driver.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('taxon_migrations'))");
    await prepareSchema(tx, quoted);
    await apply(tx, SCHEMA_MIGRATION_SCOPE, checkList(SCHEMA_MIGRATION_SCOPE, SCHEMA_MIGRATIONS));
    return { applied: await apply(tx, options.scope, sorted) };
  });
}
