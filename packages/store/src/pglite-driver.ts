import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Queryable, QueryResult, SqlDriver } from './driver.js';
import { DEFAULT_SCHEMA, quoteSchema } from './schema-name.js';

/** Options of {@link createPgliteDriver}. */
export interface PgliteDriverOptions {
  /**
   * Folder holding the database files (created with its parents when absent), or `'memory://'`
   * for a database that lives only as long as the process (tests).
   */
  dataDir: string;
  /**
   * The schema Taxon's tables live in (created by the first migration run).
   * @default 'taxon'
   */
  schema?: string;
}

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction;

function wrap(db: PgliteLike): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await db.query<Row>(sql, [...params]);
      return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
  };
}

/**
 * Opens an embedded PostgreSQL (PGlite, Postgres compiled to WebAssembly): no server, one
 * connection, statements run one at a time. PGlite is loaded on first use, so code that only
 * talks to a server never loads the WebAssembly module.
 */
export async function createPgliteDriver(options: PgliteDriverOptions): Promise<SqlDriver> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const quoted = quoteSchema(schema);
  const { PGlite } = await import('@electric-sql/pglite');
  if (!options.dataDir.includes('://')) {
    // PGlite creates the folder itself but not its parents (the default is `.taxon/pglite`).
    const { mkdir } = await import('node:fs/promises');
    await mkdir(options.dataDir, { recursive: true });
  }
  const db = await PGlite.create(options.dataDir);
  // One connection for the database's life: setting the path once covers every statement.
  await db.exec(`SET search_path TO ${quoted}`);
  const self = wrap(db);
  return {
    dialect: 'pglite',
    schema,
    query: self.query,
    exec: self.exec,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}
