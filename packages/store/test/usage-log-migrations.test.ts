import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, packageMigrationsDir, type Migration } from '../src/index.js';
import { backends, type TestDatabase } from './lib/postgres-backends.js';

const m1: Migration = { version: 1, name: 'create_a', sql: 'CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);' };
const m2: Migration = { version: 2, name: 'create_b', sql: 'CREATE TABLE b (id int);' };
const m3: Migration = { version: 3, name: 'add_a_note', sql: 'ALTER TABLE a ADD COLUMN note text;' };

describe.each(backends)('migrations on $name', (backend) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await backend.open();
  });
  afterEach(() => db?.dispose());

  const tablesIn = async (schema: string) =>
    (
      await db.driver.query<{ t: string }>(
        'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
        [schema],
      )
    ).rows.map((r) => r.t);
  const tables = () => tablesIn('taxon');
  const recorded = async () =>
    (await db.driver.query("SELECT scope, version, name FROM taxon_migrations WHERE scope <> 'schema' ORDER BY scope, version")).rows;

  it('applies pending migrations in version order and records them; a re-run does nothing', async () => {
    // Given out of order: m3 alters the table m1 creates, so it only works when sorted.
    expect(await migrate(db.driver, { scope: 'test', migrations: [m3, m1, m2] })).toEqual({ applied: [1, 2, 3] });
    expect(await tables()).toEqual(['a', 'b', 'taxon_migrations']);
    expect(await tablesIn('public')).toEqual([]);
    expect(await recorded()).toEqual([
      { scope: 'test', version: 1, name: 'create_a' },
      { scope: 'test', version: 2, name: 'create_b' },
      { scope: 'test', version: 3, name: 'add_a_note' },
    ]);
    expect(await migrate(db.driver, { scope: 'test', migrations: [m1, m2, m3] })).toEqual({ applied: [] });
    expect((await db.driver.query('SELECT count(*) AS n FROM a')).rows).toEqual([{ n: 1 }]);
  });

  it('applies only what was added since the last run', async () => {
    await migrate(db.driver, { scope: 'test', migrations: [m1] });
    expect(await migrate(db.driver, { scope: 'test', migrations: [m1, m2, m3] })).toEqual({ applied: [2, 3] });
  });

  it('rolls back every pending migration when one fails, naming it', async () => {
    await migrate(db.driver, { scope: 'test', migrations: [m1] });
    const broken: Migration = { version: 3, name: 'broken', sql: 'ALTER TABLE missing ADD COLUMN x int;' };
    await expect(migrate(db.driver, { scope: 'test', migrations: [m1, m2, broken] })).rejects.toThrow(
      /Migration 3 "broken" \(test\) failed: .*missing/,
    );
    expect(await tables()).toEqual(['a', 'taxon_migrations']);
    expect(await recorded()).toEqual([{ scope: 'test', version: 1, name: 'create_a' }]);
  });

  it('refuses a migration edited after it was applied', async () => {
    await migrate(db.driver, { scope: 'test', migrations: [m1] });
    await expect(
      migrate(db.driver, { scope: 'test', migrations: [{ ...m1, sql: `${m1.sql}\nINSERT INTO a VALUES (2);` }] }),
    ).rejects.toThrow(/Migration 1 "create_a" \(test\) was edited after it was applied/);
  });

  it('refuses a new migration numbered below one already applied', async () => {
    await migrate(db.driver, { scope: 'test', migrations: [m1, m3] });
    await expect(migrate(db.driver, { scope: 'test', migrations: [m1, m2, m3] })).rejects.toThrow(
      /Migration 2 "create_b" \(test\) is not applied but 3 is/,
    );
  });

  it('refuses duplicate and invalid versions before touching the database', async () => {
    await expect(migrate(db.driver, { scope: 'test', migrations: [m1, { ...m2, version: 1 }] })).rejects.toThrow(
      /version 1 is used twice \("create_a", "create_b"\)/,
    );
    await expect(migrate(db.driver, { scope: 'test', migrations: [{ ...m1, version: 0 }] })).rejects.toThrow(
      /version must be a positive integer, got 0/,
    );
    expect(await tables()).toEqual([]);
  });

  it('keeps one version sequence per scope', async () => {
    await migrate(db.driver, { scope: 'one', migrations: [m1] });
    expect(await migrate(db.driver, { scope: 'two', migrations: [m2] })).toEqual({ applied: [2] });
    expect(await recorded()).toEqual([
      { scope: 'one', version: 1, name: 'create_a' },
      { scope: 'two', version: 2, name: 'create_b' },
    ]);
  });

  it('serialises concurrent runners: each migration is applied exactly once', async () => {
    const drivers = [db.driver, await db.openAnother(), await db.openAnother()];
    const results = await Promise.all(drivers.map((d) => migrate(d, { scope: 'test', migrations: [m1, m2, m3] })));
    expect(results.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([[1, 2, 3], [], []]);
    expect((await db.driver.query('SELECT count(*) AS n FROM a')).rows).toEqual([{ n: 1 }]);
    expect(await recorded()).toHaveLength(3);
  });

  it("applies the package's own migrations from its migrations folder", async () => {
    const migrations = await loadMigrations(await packageMigrationsDir());
    expect(migrations.map((m) => `${m.version}:${m.name}`)).toEqual(['1:create_ai_usage_logs']);
    expect(await migrate(db.driver, { scope: 'usage-log', migrations })).toEqual({ applied: [1] });
    expect(await tables()).toEqual(['ai_usage_logs', 'taxon_migrations']);
  });
});

describe('loadMigrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxon-migrations-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads NNNN_name.sql files with their version, name and text, ignoring other files', async () => {
    writeFileSync(join(dir, '0010_later.sql'), 'SELECT 10;');
    writeFileSync(join(dir, '0002_first.sql'), 'SELECT 2;');
    writeFileSync(join(dir, 'README.md'), '# not a migration');
    expect(await loadMigrations(dir)).toEqual([
      { version: 2, name: 'first', sql: 'SELECT 2;' },
      { version: 10, name: 'later', sql: 'SELECT 10;' },
    ]);
  });

  it('refuses a misnamed .sql file instead of skipping it', async () => {
    writeFileSync(join(dir, '0001_ok.sql'), 'SELECT 1;');
    writeFileSync(join(dir, 'add-index.sql'), 'SELECT 2;');
    await expect(loadMigrations(dir)).rejects.toThrow(/Migration file .*add-index\.sql: expected a name like 0002_add_index\.sql/);
  });
});
