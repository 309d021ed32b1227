import type { SqlDriver } from './driver.js';
import { createPgliteDriver } from './pglite-driver.js';
import { createPostgresDriver } from './postgres-driver.js';

/** Where the data lives. Explicit options win over the environment. */
export interface DatabaseOptions {
  /**
   * A PostgreSQL server URL. When set, the same SQL runs on that server through `pg`.
   * @default process.env.DATABASE_URL, else process.env.POSTGRES_URL, unless `dataDir` is given
   */
  databaseUrl?: string;
  /**
   * The embedded PGlite database's folder, or `'memory://'` for an in-memory database (tests).
   * Used when no URL is given.
   * @default '.taxon/pglite' (relative to the working directory)
   */
  dataDir?: string;
  /**
   * The PostgreSQL schema Taxon's tables live in, created on first use. Never `public`: that is
   * the app's, and its ORM migrations (drizzle-kit push, Prisma migrate) must not see Taxon's
   * tables. Tables a version before 0.2 created in `public` are moved here on open.
   * @default 'taxon'
   */
  schema?: string;
  /**
   * Largest pool size on a server.
   * @default 10
   */
  maxConnections?: number;
}

/** The embedded database's folder when neither a URL nor a folder is given. */
export const DEFAULT_DATA_DIR = '.taxon/pglite';

/**
 * The environment variables read for a server URL, first set one wins. `DATABASE_URL` is the
 * common convention; `POSTGRES_URL` is what Vercel Postgres and the Neon and Supabase
 * integrations set.
 */
export const DATABASE_URL_VARIABLES = ['DATABASE_URL', 'POSTGRES_URL'] as const;

function environmentUrl(): { name: string; url: string } | undefined {
  if (typeof process === 'undefined') return undefined;
  for (const name of DATABASE_URL_VARIABLES) {
    const value = process.env?.[name];
    if (value !== undefined && value.trim() !== '') return { name, url: value };
  }
  return undefined;
}

/**
 * Opens the storage driver: a server when `databaseUrl` (or, with no `dataDir`, `DATABASE_URL`,
 * then `POSTGRES_URL`) is set, else embedded PGlite in `dataDir`. Both run the same SQL, in
 * `schema`.
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<SqlDriver> {
  const fromEnvironment = options.databaseUrl === undefined && options.dataDir === undefined ? environmentUrl() : undefined;
  const url = options.databaseUrl ?? fromEnvironment?.url;
  const schema = options.schema === undefined ? {} : { schema: options.schema };
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(
        `Invalid PostgreSQL URL in ${fromEnvironment?.name ?? 'databaseUrl'}: ` +
          'expected postgres://user:password@host:5432/database.',
      );
    }
    return createPostgresDriver({
      url,
      ...schema,
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    });
  }
  return createPgliteDriver({ dataDir: options.dataDir ?? DEFAULT_DATA_DIR, ...schema });
}
