// The two databases every collector suite runs against: PGlite (an empty database copied from the
// run's template, store/test/lib/pglite-template.ts), and a fresh database on the real PostgreSQL
// server that test/setup/postgres.ts provides (`inject('postgresUrl')`).
import pg from 'pg';
import { inject } from 'vitest';
import { freshPgliteDir } from '../../../store/test/lib/pglite-template.js';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** Collector options selecting the database, and how to remove it afterwards. */
  open(): Promise<{ options: { databaseUrl: string } | { dataDir: string }; dispose(): Promise<void> }>;
}

async function admin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh `taxon_collector_<random>` database on the test server. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = inject('postgresUrl');
  if (typeof serverUrl !== 'string' || serverUrl === '') {
    throw new Error('No PostgreSQL server: register test/setup/postgres.ts as a vitest globalSetup.');
  }
  const name = `taxon_collector_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

export const backends: Backend[] = [
  {
    name: 'pglite',
    // A copy of the run's empty database (test/setup/pglite.ts): starts without initdb.
    async open() {
      const dir = freshPgliteDir();
      return { options: { dataDir: dir.dataDir }, dispose: async () => dir.remove() };
    },
  },
  {
    name: 'postgres',
    async open() {
      const db = await createTestDatabase();
      return { options: { databaseUrl: db.url }, dispose: () => db.drop() };
    },
  },
];
