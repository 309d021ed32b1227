// The two backends every usage-log assertion runs against: PGlite (an empty database copied from
// the run's template, see pglite-template.ts) and a real PostgreSQL server (a fresh database per
// suite on the server the globalSetup provides).
import { inject } from 'vitest';
import { createPgliteDriver, createPostgresDriver, type SqlDriver } from '../../src/index.js';
import { freshPgliteDir } from './pglite-template.js';
import { createTestDatabase } from './postgres-database.js';

/** An open, empty database and how to open more connections to it and dispose of it. */
export interface TestDatabase {
  driver: SqlDriver;
  /**
   * Another driver on the same database: a second pool on Postgres (its own connections), the
   * same driver on PGlite (which has one connection).
   */
  openAnother(): Promise<SqlDriver>;
  dispose(): Promise<void>;
}

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<TestDatabase>;
}

/** The server URL from test/setup/postgres.ts, or a clear error when that setup is not registered. */
export function postgresUrl(): string {
  const url = inject('postgresUrl');
  if (typeof url !== 'string' || url === '') {
    throw new Error(
      'No PostgreSQL server for the tests: register test/setup/postgres.ts as a vitest globalSetup ' +
        "(vitest.config.ts: `test: { globalSetup: ['./test/setup/postgres.ts'] }`).",
    );
  }
  return url;
}

export const backends: Backend[] = [
  {
    name: 'pglite',
    async open() {
      // A copy of the run's empty database (test/setup/pglite.ts): starts without initdb.
      const dir = freshPgliteDir();
      const driver = await createPgliteDriver({ dataDir: dir.dataDir });
      return {
        driver,
        openAnother: async () => driver,
        async dispose() {
          await driver.close();
          dir.remove();
        },
      };
    },
  },
  {
    name: 'postgres',
    async open() {
      const database = await createTestDatabase(postgresUrl());
      const drivers = [await createPostgresDriver({ url: database.url })];
      return {
        driver: drivers[0]!,
        async openAnother() {
          const another = await createPostgresDriver({ url: database.url });
          drivers.push(another);
          return another;
        },
        async dispose() {
          await Promise.all(drivers.map((d) => d.close()));
          await database.drop();
        },
      };
    },
  },
];
