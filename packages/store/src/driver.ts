/** Rows and the number of rows a statement inserted, returned or touched. */
export interface QueryResult<Row> {
  /** The rows a SELECT or RETURNING produced, keyed by column name (or quoted alias). */
  rows: Row[];
  /** Rows affected by INSERT/UPDATE/DELETE, or returned by SELECT. */
  rowCount: number;
}

/**
 * Anything that runs one parameterised SQL statement. Every query function takes this, so they
 * run on a driver, inside a transaction, or on a connection the caller manages.
 */
export interface Queryable {
  /**
   * Runs one statement with `$1`-style parameters. Parameters are `string`, `number`, `boolean`,
   * `Date`, `null` or arrays of those. NUMERIC values come back as decimal strings, BIGINT as
   * numbers, TIMESTAMPTZ as `Date`.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The storage layer's whole contract with PostgreSQL: one interface, two implementations
 * (embedded PGlite and a real server through `pg`) running the same SQL.
 */
export interface SqlDriver extends Queryable {
  /** Which implementation: `'pglite'` (embedded, one connection) or `'postgres'` (a server, a pool). */
  readonly dialect: 'pglite' | 'postgres';
  /**
   * The schema Taxon's tables live in. Every connection of the driver has it as its only
   * `search_path` entry, so the SQL names tables unqualified and never touches the app's `public`.
   */
  readonly schema: string;
  /**
   * Runs `fn` inside BEGIN/COMMIT on one connection; rolls back and rethrows when `fn` throws.
   * Statements issued through the driver itself during `fn` run outside the transaction (on
   * Postgres, on another pooled connection; on PGlite, after it).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the database or the pool. The driver is unusable afterwards. */
  close(): Promise<void>;
}
