import type { Pool, PoolClient } from 'pg';
import type { Queryable, QueryResult, SqlDriver } from './driver.js';
import { DEFAULT_SCHEMA, quoteSchema } from './schema-name.js';

/** Options of {@link createPostgresDriver}. */
export interface PostgresDriverOptions {
  /** A libpq connection URL, e.g. `postgres://user:pass@host:5432/db`. */
  url: string;
  /**
   * Largest number of pooled connections.
   * @default 10
   */
  maxConnections?: number;
  /**
   * The schema Taxon's tables live in (created by the first migration run).
   * @default 'taxon'
   */
  schema?: string;
}

const INT8_OID = 20;

function wrap(db: Pool | PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await db.query(sql, [...params]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      // Without parameters node-postgres uses the simple protocol, which accepts several statements.
      await db.query(sql);
    },
  };
}

async function loadPg(): Promise<typeof import('pg')> {
  try {
    const mod = (await import('pg')) as typeof import('pg') & { default?: typeof import('pg') };
    return mod.default ?? mod;
  } catch (cause) {
    throw new Error(
      'A PostgreSQL URL was given (databaseUrl or DATABASE_URL) but the optional peer dependency `pg` ' +
        'could not be loaded. Install it next to @taxon/store: `npm install pg`.',
      { cause },
    );
  }
}

/**
 * Connects to a PostgreSQL server through a `pg` pool. `pg` is an optional peer dependency, loaded
 * with a dynamic import only here. BIGINT results are parsed to numbers (counts and token sums
 * stay far below 2^53) and NUMERIC stays a decimal string, the same as the PGlite driver.
 */
export async function createPostgresDriver(options: PostgresDriverOptions): Promise<SqlDriver> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  quoteSchema(schema); // refuses a bad name before anything connects
  const pg = await loadPg();
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    // Every pooled connection starts with Taxon's schema as its only search_path entry (a startup
    // parameter, so no statement can run before it; the name is a checked plain identifier).
    options: `-c search_path=${schema}`,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as never,
    },
  });
  // An idle client losing its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query reports the failure instead.
  pool.on('error', () => {});
  const self = wrap(pool);
  return {
    dialect: 'postgres',
    schema,
    query: self.query,
    exec: self.exec,
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is destroyed rather than returned to the pool.
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
