import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileTaxonomy, loadTaxonomySources } from '@taxon/taxonomy';
import { startCollector } from '@taxon/collector';
import { openUsageLog } from '@taxon/store';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './lib/backends.js';
import { ev, startTestCollector, TAXONOMY_DIR } from './lib/collector-client.js';

const temps: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxon-collector-'));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('startCollector', () => {
  it('takes a compiled taxonomy model as well as a folder', async () => {
    const { taxonomy } = compileTaxonomy(await loadTaxonomySources(TAXONOMY_DIR));
    const collector = await startTestCollector({ taxonomy });
    expect(collector.url).toBe(`http://127.0.0.1:${collector.port}`);
    expect(await collector.validate({ client_id: 'c', events: [ev('paywall_viewed')] })).toEqual([]);
    await collector.close();
  });

  it('keeps events across restarts in a PGlite folder', async () => {
    const dataDir = join(temp(), 'nested', 'collector');
    const first = await startTestCollector({ dataDir });
    await first.collect({ client_id: 'c.1', events: [ev('paywall_viewed')] });
    await first.close();
    const second = await startTestCollector({ dataDir });
    expect((await second.events()).map((e) => e.client_id)).toEqual(['c.1']);
    await second.close();
  });

  it('close() stops the server, closes the database and can be called twice', async () => {
    const collector = await startTestCollector();
    await Promise.all([collector.close(), collector.close()]);
    await expect(fetch(`${collector.url}/health`)).rejects.toThrow();
  });

  it('refuses a taxonomy with errors, listing the findings', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'taxonomy'));
    writeFileSync(join(dir, 'taxonomy', 'taxonomy.yaml'), 'taxonomy: t\nversion: 1.0.0\ndescription: T.\nevents:\n  a_b:\n    owner: client\n');
    await expect(startCollector({ taxonomy: join(dir, 'taxonomy') })).rejects.toThrow(/has 1 error\(s\); fix them \(taxon lint\):\n.*taxonomy\.yaml/);
    await expect(startCollector({ taxonomy: join(dir, 'missing') })).rejects.toThrow(/Taxonomy folder not found/);
    await expect(startCollector({ taxonomy: {} as never })).rejects.toThrow(/taxonomy must be a folder path or the model/);
  });

  it('names a port in use and how to fix it', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    await expect(startCollector({ taxonomy: TAXONOMY_DIR, port })).rejects.toThrow(`Port ${port} is in use: pass another port (--port), or 0 for a free one.`);
    await expect(startCollector({ taxonomy: TAXONOMY_DIR, port: 70_000 })).rejects.toThrow(/port must be an integer from 0 to 65535/);
    blocker.close();
  });

  it('shares a PostgreSQL database with the usage log: each keeps its own migration scope', async () => {
    const db = await createTestDatabase();
    try {
      const log = await openUsageLog({ databaseUrl: db.url });
      const collector = await startTestCollector({ databaseUrl: db.url });
      await collector.collect({ client_id: 'c.1', events: [ev('paywall_viewed')] });
      const { rows } = await log.driver.query<{ scope: string; version: number }>(
        'SELECT scope, version FROM taxon_migrations ORDER BY scope, version',
      );
      expect(rows).toEqual([
        { scope: 'collector', version: 1 },
        { scope: 'collector', version: 2 },
        { scope: 'schema', version: 1 },
        { scope: 'usage-log', version: 1 },
      ]);
      await collector.close();
      // A second start finds nothing to migrate and keeps the events.
      const again = await startTestCollector({ databaseUrl: db.url });
      expect((await again.events()).map((e) => e.name)).toEqual(['paywall_viewed']);
      await again.close();
      await log.close();
    } finally {
      await db.drop();
    }
  });

  it('refuses a database URL that is not PostgreSQL', async () => {
    await expect(startCollector({ taxonomy: TAXONOMY_DIR, databaseUrl: 'mysql://x' })).rejects.toThrow(/expected postgres:\/\//);
  });
});
