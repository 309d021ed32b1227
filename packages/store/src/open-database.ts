import type { SqlDriver } from './driver.js';
import { createPgliteDriver } from './pglite-driver.js';
import { createPostgresDriver } from './postgres-driver.js';

/** Where the data lives. Explicit options win over the environment. */
export interface DatabaseOptions {
  /**
   * A PostgreSQL server URL. When set, the same SQL runs on that server through `pg`.
   * @default process.env.DATABASE_URL, unless `dataDir` is given
   */
  databaseUrl?: string;
  /**
   * The embedded PGlite database's folder, or `'memory://'` for an in-memory database (tests).
   * Used when no URL is given.
   * @default '.taxon/pglite' (relative to the working directory)
   */
  dataDir?: string;
  /**
   * Largest pool size on a server.
   * @default 10
   */
  maxConnections?: number;
}

/** The embedded database's folder when neither a URL nor a folder is given. */
export const DEFAULT_DATA_DIR = '.taxon/pglite';

function environmentUrl(): string | undefined {
  const value = typeof process === 'undefined' ? undefined : process.env?.['DATABASE_URL'];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Opens the storage driver: a server when `databaseUrl` (or, with no `dataDir`, `DATABASE_URL`)
 * is set, else embedded PGlite in `dataDir`. Both run the same SQL.
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<SqlDriver> {
  const url = options.databaseUrl ?? (options.dataDir === undefined ? environmentUrl() : undefined);
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(
        `Invalid PostgreSQL URL in ${options.databaseUrl === undefined ? 'DATABASE_URL' : 'databaseUrl'}: ` +
          'expected postgres://user:password@host:5432/database.',
      );
    }
    return createPostgresDriver({
      url,
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    });
  }
  return createPgliteDriver({ dataDir: options.dataDir ?? DEFAULT_DATA_DIR });
}
